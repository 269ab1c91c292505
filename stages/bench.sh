#!/usr/bin/env bash
# Stage: the benchmarks (make bench). What HMM_PFN_COMPOUND costs in
# hmm_range_fault(), and what a driver gets right or wrong when it decides
# its device entry sizes by it, by the map order or by the folio's size;
# bench-report.py prints the tables.
#
# The benchmark needs commands of the test driver that are never posted:
# patches/BASE/BENCH_SERIES/ (base.conf), applied here on two worktrees of
# the kernel tree, each built as its own configuration:
#   bench-base  the flag series' parent (the branch before BENCH_FLAG_SERIES)
#               with the first BENCH_BASE_PATCHES of them (the timing
#               command, which needs nothing of the flag)
#   bench       the flag series' tip with all of them
# A worktree that already holds exactly that is left alone, so the builds
# stay incremental.
#
# Boots, with config/bench/suites, under QEMU's instruction counting
# (-icount shift=0,sleep=off, one vCPU): the guest's clock counts
# instructions, 10^9 per virtual second, so one kernel repeats to about
# 0.1 % from boot to boot and the ratio between the kernels counts.
# The guests have 8G and a second legacy pmem region of 2G at 6G, which
# guest/setup.d/30-devdax makes a device-dax namespace with 1G alignment:
# the PUD walker's row.
#   icount-bench-base   table 1 (hmm-bench flag)
#   icount-bench        table 1, then table 2 (hmm-bench consumer)
STAGE=bench
. "$(dirname "$0")/lib.sh"

[ -n "${BENCH_SERIES:-}" ] ||
	die "base $BASE has no benchmark (no BENCH_SERIES in config/bases/$BASE/base.conf); run it on $(cat "$TOP/config/bases/primary")"
bench_dir=$PATCHES/$BENCH_SERIES
mapfile -t bench_patches < <(find "$bench_dir" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort)
[ "${#bench_patches[@]}" -gt 0 ] || die "no patches in ${bench_dir#$TOP/}"
[ "${BENCH_BASE_PATCHES:-0}" -le "${#bench_patches[@]}" ] ||
	die "BENCH_BASE_PATCHES=$BENCH_BASE_PATCHES, but ${bench_dir#$TOP/} has ${#bench_patches[@]}"
flag_tip=$(git -C "$SRC" rev-parse -q --verify "$BENCH_FLAG_SERIES") ||
	die "no branch $BENCH_FLAG_SERIES in build/$BASE/src/linux (make tree)"
flag_parent=$(git -C "$SRC" rev-parse "$(series_from "$BENCH_FLAG_SERIES")")

# worktree DIR START PATCH...: DIR holds START with PATCH... applied by git am.
worktree() {
	local dir=$1 start=$2; shift 2
	local want
	want=$( (echo "$start"; cat "$@") | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$dir/.bench-stamp" 2>/dev/null)" = "$want" ] &&
	   [ -z "$(git -C "$dir" status --porcelain --untracked-files=no 2>/dev/null)" ] &&
	   [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null)" = "$(cat "$dir/.bench-head" 2>/dev/null)" ]; then
		return 0
	fi
	if ! git -C "$dir" rev-parse -q --verify HEAD > /dev/null 2>&1; then
		git -C "$SRC" worktree prune
		rm -rf "$dir"
		git -C "$SRC" worktree add -q --detach "$dir" "$start" ||
			die "cannot make the worktree ${dir#$TOP/}"
	fi
	git -C "$dir" am --abort > /dev/null 2>&1 || true
	git -C "$dir" checkout -q -f --detach "$start" || die "cannot check out $start in ${dir#$TOP/}"
	git -C "$dir" -c user.name=bench -c user.email=bench@localhost am -q "$@" > "$LOGS/bench-am.log" 2>&1 || {
		git -C "$dir" am --abort > /dev/null 2>&1 || true
		die "the bench-only patches do not apply on $(git -C "$SRC" log -1 --format='%h %s' "$start"); see ${LOGS#$TOP/}/bench-am.log"
	}
	echo "$want" > "$dir/.bench-stamp"
	git -C "$dir" rev-parse HEAD > "$dir/.bench-head"
}

begin "base and patched kernel with the bench-only patches, both tables under icount"
mkdir -p "$LOGS"
worktree "$BUILD/src/bench-base" "$flag_parent" "${bench_patches[@]:0:$BENCH_BASE_PATCHES}"
worktree "$BUILD/src/bench" "$flag_tip" "${bench_patches[@]}"
for k in bench-base bench; do
	say "build/$BASE/src/$k: $(git -C "$BUILD/src/$k" describe --always --tags) ($(git -C "$BUILD/src/$k" log -1 --format=%s))"
	SRC=$BUILD/src/$k "$TOP/stages/config.sh" "$k"
	SRC=$BUILD/src/$k BUILD_SELFTESTS=0 "$TOP/stages/build.sh" "$k"
done

boot() {	# boot LABEL KERNEL SUITES
	local label=$1 name=$2 suites=$3
	say "boot $label: $suites on '$name' (icount)"
	SUITES=$suites ACCEL=tcg QEMU_EXTRA='-icount shift=0,sleep=off' GUEST_CPUS_OVERRIDE=1 \
		GUEST_MEMORY_OVERRIDE=8G \
		EXTRA_CMDLINE="tsc_early_khz=1000000 tsc=reliable bench.suite_timeout=1800" \
		GUEST_TIMEOUT_OVERRIDE=2400 \
		RUN_LOGS="$LOGS/bench/$label" "$TOP/stages/run.sh" "$name" ||
		die "boot $label failed; see build/$BASE/logs/bench/$label/"
	# The same verdict as for the tests: a kernel report on the console,
	# a suite that exited non-zero or never ended fails the benchmark.
	"$TOP/stages/report.py" "$name" --logs "$LOGS/bench/$label" --label "bench $label" \
		> "$LOGS/bench/$label/report.txt" 2>&1 || {
		cat "$LOGS/bench/$label/report.txt"; die "boot $label failed"; }
	tail -n 1 "$LOGS/bench/$label/report.txt"
}

rm -rf "$LOGS/bench"
for k in bench-base bench; do
	SUITES_FILE=$TOP/config/bench/suites "$TOP/stages/guest.sh" "$k"
done
boot icount-bench-base bench-base hmm-bench-flag
boot icount-bench bench hmm-bench-flag,hmm-bench-consumer
say "logs in build/$BASE/logs/bench/"
