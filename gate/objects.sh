#!/usr/bin/env bash
# Gate, at one step of the walk: compile the objects that config/gate-objects
# lists in each of their build configurations (gcc W=1 with sparse, clang,
# arm64, riscv64, 32-bit x86, the in-tree callers of hmm_range_fault()) and
# compare their warnings with the base's. Objects are rebuilt every time so
# that their warnings are always complete.
step=${1:?usage: objects.sh STEP [last]}
last=${2:-}
STAGE="gate objects"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
mkdir -p "$LOGS/gate" "$STATE/warnings"
failed=0

configured=" "
while read -r check cfg when objs; do
	case $check in ''|'#'*) continue ;; esac
	[ -n "${GATE_CONFIGS:-}" ] && ! grep -qw "$check" <<<"$GATE_CONFIGS" && continue
	[ "$when" = ends ] && [ "$step" != 0 ] && [ -z "$last" ] && continue
	if [ "$step" != 0 ] && [ "$when" = each ] && ! step_touches_kernel; then
		reuse_step "$check" "$step"
		step_result "objects:$check" "$step" ok "unchanged"
		continue
	fi
	# Configure at the base, and again where a patch changes a Kconfig file
	# (once per configuration and step).
	if [[ $configured != *" $cfg "* ]] && { [ "$step" = 0 ] || [ ! -f "$OUT/$cfg/.config" ] ||
	   step_changes | grep -q Kconfig; }; then
		configured+="$cfg "
		ALLOW_MISSING_SYMBOLS=1 STAGE="config $cfg" "$TOP/stages/config.sh" "$cfg" \
			< /dev/null > "$LOGS/gate/config-$cfg-$step.log" 2>&1 || {
			cat "$LOGS/gate/config-$cfg-$step.log"
			step_result "objects:$check" "$step" FAIL "configuration failed"
			continue; }
	fi
	present=()
	for o in $objs; do
		[ -f "$SRC/${o%.o}.c" ] && present+=("$o") && rm -f "$OUT/$cfg/$o"
	done
	log=$LOGS/gate/objects-$check-$step.log
	rc=0
	kmake "$cfg" "${present[@]}" < /dev/null > "$log" 2>&1 || rc=$?
	normalise < "$log" > "$STATE/warnings/$check-$step"
	n=$(wc -l < "$STATE/warnings/$check-$step")
	if [ "$rc" != 0 ]; then
		failed=1
		step_result "objects:$check" "$step" FAIL "does not build: $(grep -m1 -E 'error|Error' "$log" | cut -c1-120) (see ${log#$TOP/})"
	elif [ "$step" = 0 ]; then
		step_result "objects:$check" "$step" ok "${#present[@]} objects, $n warning(s) at the base"
	else
		new=$(new_lines "$STATE/warnings/$check-0" "$STATE/warnings/$check-$step")
		if [ -n "$new" ]; then
			failed=1
			step_result "objects:$check" "$step" FAIL "$(wc -l <<<"$new") new: $(head -n 1 <<<"$new")"
		else
			step_result "objects:$check" "$step" ok "${#present[@]} objects"
		fi
	fi
done < "$TOP/config/gate-objects"
exit $failed
