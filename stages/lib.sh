# Shared by every stage: where things live, how a stage speaks, how it fails.
# Source it; do not run it.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SRC=${SRC:-$BUILD/src/linux}	# the kernel git tree: base tag plus the series
OUT=$BUILD/out			# one build directory per kernel configuration
LOGS=${LOGS:-$BUILD/logs}	# full logs of builds and guest consoles
STATE=${STATE:-$BUILD/state}	# stamps, per-stage timings, gate results
PATCHES=${PATCHES:-$TOP/patches}			# the series
BUILDS_FILE=${BUILDS_FILE:-$TOP/config/kernel/builds}	# build configurations
SUITES_FILE=${SUITES_FILE:-$TOP/config/suites}		# what the guest runs
STAGE=${STAGE:-$(basename "$0" .sh)}
JOBS=${JOBS:-$(nproc)}
KERNEL_BRANCH=${KERNEL_BRANCH:-hmm-compound}
mkdir -p "$OUT" "$LOGS" "$STATE/time"

say()  { printf '[%s] %s\n' "$STAGE" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "$STAGE" "$*" >&2; }
die()  { printf '[%s] FAILED: %s\n' "$STAGE" "$*" >&2; exit 1; }

# on_exit 'command': run it when the stage ends ($rc holds the exit code).
_on_exit=()
on_exit() { _on_exit+=("$1"); }
_run_on_exit() {
	local rc=$? h
	for h in "${_on_exit[@]}"; do eval "$h" || true; done
	exit "$rc"
}
trap _run_on_exit EXIT

# begin "what this stage does": announce it and record its wall time when
# it ends well, for the summary (keyed by $STAGE).
begin() {
	say "$*"
	_t0=$(date +%s)
	on_exit '[ "$rc" -eq 0 ] && echo $(( $(date +%s) - _t0 )) > "$STATE/time/${STAGE//[^A-Za-z0-9_.-]/_}"'
}

# Keep a long command quiet: its output goes to a log, a dot per 200 lines
# shows progress, and a failure prints the log's tail and names the log.
run_logged() {
	local log=$1; shift
	local rc=0
	if [ -t 1 ]; then
		{ "$@" 2>&1; echo "rc=$?" > "$log.rc"; } | tee "$log" |
			awk 'NR % 200 == 0 { printf "."; fflush() } END { if (NR >= 200) print "" }'
	else
		{ "$@" 2>&1; echo "rc=$?" > "$log.rc"; } > "$log"
	fi
	rc=$(sed 's/rc=//' "$log.rc"); rm -f "$log.rc"
	if [ "$rc" != 0 ]; then
		printf '[%s] --- last lines of %s ---\n' "$STAGE" "$log" >&2
		grep -E 'error|Error|\*\*\*' "$log" | tail -n 15 >&2 || true
		tail -n 15 "$log" >&2
	fi
	return "$rc"
}

# The build configurations: config/kernel/builds, one line each.
build_field() {	# build_field NAME FIELD(arch|make|fragments)
	awk -v n="$1" -v f="$2" '
		/^#/ || NF == 0 { next }
		$1 == n { if (f == "arch") print $2
			  else if (f == "make") print ($3 == "-" ? "" : $3)
			  else if (f == "fragments") { s = ""; for (i = 4; i <= NF; i++) s = s (s ? " " : "") $i; print s }
			  found = 1 }
		END { exit !found }' "$BUILDS_FILE" ||
		die "no build configuration '$1' in $BUILDS_FILE"
}

# kmake NAME ARGS...: make in the kernel tree for build configuration NAME.
kmake() {
	local name=$1; shift
	local arch mk
	arch=$(build_field "$name" arch)
	mk=$(build_field "$name" make)
	# shellcheck disable=SC2086
	make -C "$SRC" O="$OUT/$name" ARCH="$arch" ${mk//,/ } -j"$JOBS" "$@"
}

# The series as files: patches/NNNN-*.patch without the cover letter, in
# order, and a short checksum of them that says when they changed.
series_patches() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort
}
series_sum() {
	series_patches | xargs -r cat | sha256sum | cut -c1-16
}

# gate_result CHECK ok|FAIL|skip DETAIL: one line of the gate for the summary.
gate_result() {
	mkdir -p "$STATE/gate"
	local check=$1 status=$2; shift 2
	echo "$check $status $*" > "$STATE/gate/$check"
	say "$check: $status${*:+ ($*)}"
}

# series_recipients --no-l | --no-m --no-r: what get_maintainer.pl says for
# the series (people, or lists), as one "a, b, c" line.
series_recipients() {
	(cd "$SRC" && scripts/get_maintainer.pl --no-rolestats --no-git-fallback "$@" \
		$(series_patches)) | paste -sd, | sed 's/,/, /g'
}
