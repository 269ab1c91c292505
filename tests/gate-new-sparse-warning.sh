#!/usr/bin/env bash
# A patch that adds a sparse warning fails the gate's objects check, which
# names the configuration, the file and the warning. Runs after the walk:
# it compares with the base's warnings that the walk recorded.
. "$(dirname "$0")/lib.sh"
[ -f "$STATE/warnings/w1-0" ] || die "no base warnings for w1: run the walk first (make check)"
mkdir -p "$WORK/state/warnings"
cp "$STATE/warnings/w1-0" "$WORK/state/warnings/"
on_scratch_branch
echo 'int hmm_bench_selftest_symbol;' >> "$SRC/mm/hmm.c"
scratch_commit "mm/hmm: a global without a declaration"
expect_failure "objects:w1: FAIL .*mm/hmm.c: warning: symbol 'hmm_bench_selftest_symbol' was not declared" \
	env STATE="$WORK/state" LOGS="$WORK/logs" GATE_CONFIGS=w1 "$TOP/gate/objects.sh" 1
