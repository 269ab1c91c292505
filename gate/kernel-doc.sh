#!/usr/bin/env bash
# Gate, at one step of the walk: scripts/kernel-doc -none -Wall on the HMM
# header and core; nothing new against the base.
step=${1:?usage: kernel-doc.sh STEP}
STAGE="gate kernel-doc"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
mkdir -p "$STATE/warnings" "$LOGS/gate"
log=$LOGS/gate/kernel-doc-$step.log
(cd "$SRC" && scripts/kernel-doc -none -Wall include/linux/hmm.h mm/hmm.c) > "$log" 2>&1 || true
normalise < "$log" > "$STATE/warnings/kernel-doc-$step"
if [ "$step" = 0 ]; then
	step_result kernel-doc 0 ok "$(wc -l < "$STATE/warnings/kernel-doc-0") warning(s) at the base"
	exit 0
fi
new=$(new_lines "$STATE/warnings/kernel-doc-0" "$STATE/warnings/kernel-doc-$step")
if [ -n "$new" ]; then
	step_result kernel-doc "$step" FAIL "$(head -n 1 <<<"$new")"
else
	step_result kernel-doc "$step" ok
fi
