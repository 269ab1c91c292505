#!/usr/bin/env bash
# Gate, at one step of the walk: hmm-tests built from scratch through the
# kernel's own selftests Makefile for mm, against this step's uapi headers
# (installed by the walk's build of 'test'); no new compiler warning.
step=${1:?usage: selftests.sh STEP}
STAGE="gate selftests"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
mkdir -p "$STATE/warnings" "$LOGS/gate"
if [ "$step" != 0 ] && ! step_changes | grep -Eq '^(tools/testing/selftests/|lib/test_hmm_uapi\.h|include/uapi/)'; then
	reuse_step selftests "$step"
	step_result selftests "$step" ok
	exit 0
fi
out=$OUT/gate-selftests
rm -rf "$out"
mkdir -p "$out"
log=$LOGS/gate/selftests-$step.log
rc=0
make -C "$SRC/tools/testing/selftests/mm" OUTPUT="$out" \
	KHDR_INCLUDES="-isystem $OUT/test/usr/include" "$out/hmm-tests" > "$log" 2>&1 || rc=$?
sed -E 's#^(hmm-tests\.c|vm_util\.c|thp_settings\.c|hugepage_settings\.c):#tools/testing/selftests/mm/\1:#' "$log" |
	normalise > "$STATE/warnings/selftests-$step"
if [ "$rc" != 0 ]; then
	step_result selftests "$step" FAIL "hmm-tests does not build: $(grep -m1 error "$log" | cut -c1-120)"
elif [ "$step" = 0 ]; then
	step_result selftests 0 ok "$(wc -l < "$STATE/warnings/selftests-0") warning(s) at the base"
else
	new=$(new_lines "$STATE/warnings/selftests-0" "$STATE/warnings/selftests-$step")
	if [ -n "$new" ]; then
		step_result selftests "$step" FAIL "$(head -n 1 <<<"$new")"
	else
		step_result selftests "$step" ok
	fi
fi
