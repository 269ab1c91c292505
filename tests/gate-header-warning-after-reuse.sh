#!/usr/bin/env bash
# The objects check keeps a step's warnings from the step before only when
# the step changes nothing its objects were compiled from. A step that
# leaves them alone (a comment in another driver), followed by one that adds
# a warning in a header they include (not in their own sources), still fails
# the check, naming the header. Runs after the walk: it needs the base's
# warnings.
. "$(dirname "$0")/lib.sh"
[ -f "$STATE/warnings/w1-0" ] || die "no base warnings for w1: run the walk first (make check)"
mkdir -p "$WORK/state/warnings"
cp "$STATE/warnings/w1-0" "$WORK/state/warnings/"
on_scratch_branch
echo '/* a line no object of the check is compiled from */' >> "$SRC/drivers/hv/mshv_regions.c"
scratch_commit "mshv: a comment"
env STATE="$WORK/state" LOGS="$WORK/logs" GATE_CONFIGS=w1 "$TOP/gate/objects.sh" 1 > "$WORK/step1.log" 2>&1 ||
	die "the check failed at the unrelated step: $(cat "$WORK/step1.log")"
sed -i 's|^#endif /\* LINUX_HMM_H \*/|int hmm_bench_header_symbol;\n&|' "$SRC/include/linux/hmm.h"
grep -q hmm_bench_header_symbol "$SRC/include/linux/hmm.h" || die "could not edit include/linux/hmm.h"
scratch_commit "mm/hmm: a global without a declaration, in the header"
expect_failure "objects:w1: FAIL .*include/linux/hmm.h: warning: symbol 'hmm_bench_header_symbol' was not declared" \
	env STATE="$WORK/state" LOGS="$WORK/logs" GATE_CONFIGS=w1 "$TOP/gate/objects.sh" 2
