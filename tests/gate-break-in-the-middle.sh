#!/usr/bin/env bash
# A series whose middle patch breaks the build, though its last patch
# builds, fails the walk, which names the patch that breaks.
. "$(dirname "$0")/lib.sh"
on_scratch_branch
sed -i 's/^\thmm_vma_walk->last = addr;$/&\n\thmm_bench_selftest_undefined();/' "$SRC/mm/hmm.c"
grep -q hmm_bench_selftest_undefined "$SRC/mm/hmm.c" || die "could not plant the break"
scratch_commit "mm/hmm: call a function that does not exist"
sed -i '/hmm_bench_selftest_undefined/d' "$SRC/mm/hmm.c"
scratch_commit "mm/hmm: no longer call it"
expect_failure 'step 1: the build fails at "mm/hmm: call a function that does not exist"' \
	env STATE="$WORK/state" LOGS="$WORK/logs" WALK_BASE="$KERNEL_BRANCH" "$TOP/stages/walk.sh"
