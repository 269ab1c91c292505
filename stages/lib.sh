# Shared by every stage: where things live, how a stage speaks, how it fails.
# Source it; do not run it.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# A stage is a program of its own: the flags of a make that calls it (-s,
# -n, its jobserver) must not reach the kernel's make, whose output the
# gate reads (sparse's CHECK lines).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
STAGE=${STAGE:-$(basename "$0" .sh)}
JOBS=${JOBS:-$(nproc)}
TOOLS=${TOOLS:-$TOP/build/tools}	# tools the bench builds (stages/tools.sh)
SPARSE=${SPARSE:-$TOOLS/bin/sparse}	# the sparse the C=1/C=2 builds run

# base_file PATH: config/bases/BASE/PATH where the base has its own,
# else config/PATH.
base_file() {
	if [ -e "$BASE_DIR/$1" ]; then echo "$BASE_DIR/$1"; else echo "$TOP/config/$1"; fi
}

# The kernel base: a directory of config/bases/ (BASE=6.12 make ...); the
# primary one by default. Its base.conf names the Debian package, version
# and suite, and the series applied on it, in order (patches/BASE/SERIES/).
# Everything generated for a base lives under build/BASE/.
BASE=${BASE:-$(cat "$TOP/config/bases/primary")}
BASE_DIR=$TOP/config/bases/$BASE
_series_env=${SERIES:-}
[ -f "$BASE_DIR/base.conf" ] || {
	printf '[%s] FAILED: no kernel base "%s": config/bases/ has %s\n' "$STAGE" "$BASE" \
		"$(cd "$TOP/config/bases" && ls -d -- */ | tr -d / | paste -sd' ')" >&2
	exit 1; }
. "$BASE_DIR/base.conf"
SERIES=${_series_env:-$SERIES}
BUILD=${BUILD:-$TOP/build/$BASE}
SRC=${SRC:-$BUILD/src/linux}	# the kernel git tree: base tag plus the series
OUT=$BUILD/out			# one build directory per kernel configuration
LOGS=${LOGS:-$BUILD/logs}	# full logs of builds and guest consoles
STATE=${STATE:-$BUILD/state}	# stamps, per-stage timings, gate results
PATCHES=${PATCHES:-$TOP/patches/$BASE}	# one directory per series
BUILDS_FILE=${BUILDS_FILE:-$(base_file kernel/builds)}	# build configurations
SUITES_FILE=${SUITES_FILE:-$(base_file suites)}	# what the guest runs
# The series are stacked branches of the kernel tree, one per series; the
# last one is where the tree is worked on and built.
KERNEL_BRANCH=${KERNEL_BRANCH:-${SERIES##* }}
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
# accel_probe: the file in which the run stage keeps, once per host boot,
# the accelerator that boots here (kvm or tcg).
accel_probe() {
	echo "$STATE/accel.$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo 0)"
}

# guest_from DIR [symlink]: a build directory DIR for a guest of kernel
# 'test', with an initramfs of its own (stages/guest.sh, BUILD= above it):
# links to the kernel, test_hmm.ko, the selftests and the guest programs of
# $OUT/test. The kernel is a hard link, or with "symlink" a symbolic one,
# which any later rebuild of 'test' is seen through.
guest_from() {
	local g=$1
	[ -f "$OUT/test/arch/x86/boot/bzImage" ] || die "build kernel 'test' first (stages/build.sh test)"
	rm -rf "$g"
	mkdir -p "$g/arch/x86/boot" "$g/lib"
	ln ${2:+-s} "$OUT/test/arch/x86/boot/bzImage" "$g/arch/x86/boot/bzImage"
	ln "$OUT/test/lib/test_hmm.ko" "$g/lib/"
	cp -rl "$OUT/test/selftests" "$g/"
	[ ! -d "$OUT/test/guest" ] || cp -rl "$OUT/test/guest" "$g/"
}

kmake() {
	local name=$1; shift
	local arch mk
	arch=$(build_field "$name" arch)
	mk=$(build_field "$name" make)
	# A build that runs sparse runs the bench's own (stages/tools.sh).
	[[ ,$mk, = *,C=* ]] && set -- CHECK="$SPARSE" "$@"
	# shellcheck disable=SC2086
	make -C "$SRC" O="$OUT/$name" ARCH="$arch" ${mk//,/ } -j"$JOBS" "$@"
}

# The series as files: patches/BASE/SERIES/NNNN-*.patch without the cover
# letter, in order, of one series or of all of them in order; and a short
# checksum of them all that says when they changed.
series_patches() {	# series_patches [SERIES]
	local s
	for s in ${1:-$SERIES}; do
		[ -d "$PATCHES/$s" ] || continue
		find "$PATCHES/$s" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort
	done
}
series_sum() {
	series_patches | xargs -r cat | sha256sum | cut -c1-16
}
# series_prefix SERIES: its subject prefix, PREFIX_<series> in base.conf,
# else PATCH.
series_prefix() {
	local v=PREFIX_$1
	echo "${!v:-PATCH}"
}
# series_from SERIES: what the series is applied on (the base tag or the
# branch of the series before it).
series_from() {
	local s prev=base
	for s in $SERIES; do
		[ "$s" = "$1" ] && { echo "$prev"; return; }
		prev=$s
	done
	die "no series '$1' in base $BASE (config/bases/$BASE/base.conf: $SERIES)"
}

# gate_result CHECK ok|FAIL|skip DETAIL: one line of the gate for the summary.
gate_result() {
	mkdir -p "$STATE/gate"
	local check=$1 status=$2; shift 2
	echo "$check $status $*" > "$STATE/gate/$check"
	say "$check: $status${*:+ ($*)}"
}

# get_maintainer.pl as the bench runs it, from the kernel tree: with a
# fixed Perl hash seed, since it orders people of equal standing by hash
# order, which Perl randomises per run; and without looking up the authors
# of the commits that Fixes: tags name, which a tree without history
# cannot do (add them by hand when sending).
GET_MAINTAINER="env PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 scripts/get_maintainer.pl --no-rolestats --no-git-fallback --no-fixes"

# series_recipients SERIES --no-l | --no-m --no-r: what get_maintainer.pl
# says for one series (people, or lists), as one "a, b, c" line.
series_recipients() {
	local s=$1; shift
	# shellcheck disable=SC2086
	(cd "$SRC" && $GET_MAINTAINER "$@" $(series_patches "$s")) | paste -sd, | sed 's/,/, /g'
}

# Debian suites that the machine's own apt sources do not list (the 7.3
# source from trixie-backports, newer source packages from sid) come through
# a private apt configuration under build/apt, with the mirror and keyring
# that the machine's own sources name. Nothing of the machine's apt
# configuration, and no installed package, changes.
#   apt_private apt-get|apt-cache ARGS...
APT_DIR=${APT_DIR:-$TOP/build/apt}
apt_private() {
	local tool=$1; shift
	local opts=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
		-o "Dir::Etc::Preferences=$APT_DIR/preferences" -o Dir::Etc::PreferencesParts=/dev/null
		-o APT::Sandbox::User=root)	# build/apt may be where _apt cannot read
	_apt_private_setup
	"$tool" "${opts[@]}" "$@"
}
_apt_private_setup() {
	[ -n "${_apt_private_ready:-}" ] && return 0
	local mirror keyring want
	read -r mirror keyring < <(host_debian_mirror) ||
		die "the machine's apt sources name no Debian mirror (/etc/apt/sources.list, sources.list.d)"
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	want=$(grep -v -e '^#' -e '^$' "$TOP/config/apt-private" |
		while read -r type suite comps; do
			echo "$type [signed-by=$keyring] $mirror $suite $comps"
		done)
	# Pinned low: even if these lists were ever given to the machine's apt,
	# nothing would be upgraded from them; packages are named by version.
	printf 'Package: *\nPin: release n=%s\nPin-Priority: 1\n\n' \
		$(awk '!/^#/ && NF { print $2 }' "$TOP/config/apt-private") > "$APT_DIR/preferences"
	# Lists are fetched again when the suites change or are a day old; the
	# sources file counts only once an update with it has succeeded.
	if [ "$want" != "$(cat "$APT_DIR/sources.list" 2>/dev/null)" ] ||
	   [ -z "$(find "$APT_DIR/lists" -maxdepth 1 -name '*Release' -mtime -1 2>/dev/null)" ]; then
		rm -f "$APT_DIR/sources.list"
		printf '%s\n' "$want" > "$APT_DIR/sources.list.new"
		apt-get -q -o "Dir::Etc::SourceList=$APT_DIR/sources.list.new" -o Dir::Etc::SourceParts=/dev/null \
			-o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache" \
			-o APT::Sandbox::User=root update > "$LOGS/apt-private.log" 2>&1 ||
			die "apt-get update of the private suites failed; see $LOGS/apt-private.log"
		mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
	fi
	_apt_private_ready=1
}
# host_debian_mirror: "URI KEYRING" of the machine's main Debian source (the
# one that lists a plain release suite, not -security), from deb822 .sources
# files or one-line sources.list entries.
host_debian_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v RS= '
			/(^|\n)Types:[^\n]*deb/ && /(^|\n)URIs:/ && /(^|\n)Suites:[^\n]*[a-z]/ {
				uri = ""; key = "/usr/share/keyrings/debian-archive-keyring.gpg"; suites = ""
				n = split($0, l, "\n")
				for (i = 1; i <= n; i++) {
					if (l[i] ~ /^URIs:/) { split(l[i], u, /[ \t]+/); uri = u[2] }
					if (l[i] ~ /^Signed-By:/) { split(l[i], k, /[ \t]+/); key = k[2] }
					if (l[i] ~ /^Suites:/) suites = l[i]
				}
				if (uri !~ /security/ && suites !~ /-security/) { print uri, key; found = 1; exit }
			}
		END { exit !found }' "$f" && return 0
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" && $0 !~ /security/ {
			key = "/usr/share/keyrings/debian-archive-keyring.gpg"
			for (i = 2; i <= NF; i++) {
				if ($i ~ /signed-by=/) { key = $i; sub(/.*signed-by=/, "", key); sub(/\].*/, "", key) }
				else if ($i ~ /^[a-z+]+:\/\//) { print $i, key; found = 1; exit }
			}
		}
		END { exit !found }' "$f" && return 0
	done
	return 1
}
