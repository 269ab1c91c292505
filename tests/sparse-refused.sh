#!/usr/bin/env bash
# A sparse that the kernel's scripts/checker-valid.sh refuses (as 7.3's
# refuses Debian 12's 0.6.4) fails the gate's objects check before any
# build, naming that sparse: the kernel's Makefile would only turn C=2 off
# with a make warning, and the gate would pass having checked nothing.
. "$(dirname "$0")/lib.sh"
[ -x "$SRC/scripts/checker-valid.sh" ] || {
	gate_result "bench:$NAME" skip "the tree has no scripts/checker-valid.sh (6.12): only the build log tells"; exit 0; }
# A sparse that, like an old one, reports an error on what 7.3 needs.
printf '#!/bin/sh\necho "error: this sparse is too old" >&2\n' > "$WORK/sparse"
chmod +x "$WORK/sparse"
expect_failure "objects:w1: FAIL .*sparse at $WORK/sparse is refused by scripts/checker-valid.sh" \
	env SPARSE="$WORK/sparse" STATE="$WORK/state" LOGS="$WORK/logs" GATE_CONFIGS=w1 \
	"$TOP/gate/objects.sh" 0
