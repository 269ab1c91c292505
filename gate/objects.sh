#!/usr/bin/env bash
# Gate, at one step of the walk: compile the objects that config/gate-objects
# lists in each of their build configurations (gcc W=1 with sparse, clang,
# arm64, riscv64, 32-bit x86, the in-tree callers of hmm_range_fault()) and
# compare their warnings with the base's. Objects are rebuilt whenever they
# are compiled, so that their warnings are always complete; a step whose
# patch changes no file that a check's objects were compiled from (their
# kbuild dependency lists) nor any build file keeps the step before's
# warnings for that check, as a rebuild would give the same. A
# configuration whose compiler or sparse cannot run here, or whose build did not run sparse on every
# object, fails, naming the cause.
step=${1:?usage: objects.sh STEP [last]}
last=${2:-}
STAGE="gate objects"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
mkdir -p "$LOGS/gate" "$STATE/warnings"
failed=0

runs_sparse() { [[ ,$(build_field "$1" make), =~ ,C=[12], ]]; }

# unrunnable CFG: why CFG's compiler or sparse cannot run here, or nothing.
# The kernel's Makefile runs the tree's scripts/checker-valid.sh on sparse
# and, if that refuses it, turns C= off with only a make warning; so does
# this, before building (6.12 has no such script: the log says, below).
unrunnable() {
	local mk arch m=-m64
	mk=,$(build_field "$1" make), arch=$(build_field "$1" arch)
	if [[ $mk =~ ,LLVM=(1|-[0-9]+), ]]; then
		need_program "clang${BASH_REMATCH[1]#1}" "clang${BASH_REMATCH[1]#1}" || return 0
	fi
	runs_sparse "$1" || return 0
	[ -x "$SPARSE" ] || { echo "no sparse at $SPARSE (run stages/tools.sh)"; return 0; }
	[ "$arch" = i386 ] && m=-m32
	[ ! -x "$SRC/scripts/checker-valid.sh" ] ||
		[ "$("$SRC/scripts/checker-valid.sh" "$SPARSE" --arch="$arch" $m)" = 1 ] ||
		echo "sparse at $SPARSE is refused by scripts/checker-valid.sh (too old? run stages/tools.sh)"
}

# sparse_missed LOG OBJECT...: why the build in LOG did not run sparse on
# every object, or nothing (kbuild prints "  CHECK   mm/hmm.c" for each).
sparse_missed() {
	local log=$1 o missed=; shift
	grep -m1 'specified, but .* is not available or not up to date' "$log" |
		sed 's/^/the kernel turned sparse off: /' && return
	for o; do
		grep -qE "^ +CHECK +(.*/)?${o%.o}\.c\$" "$log" || missed+=" ${o%.o}.c"
	done
	[ -z "$missed" ] || echo "sparse did not run on$missed (no CHECK line)"
}

# unaffected CHECK CFG OBJECT...: whether this step leaves the objects as the
# step before compiled them: the step before had the same objects and built
# them (a source that appears is compiled); and of what the step changes
# outside the selftests and the documentation, which no kernel object reads,
# nothing is a Makefile, Kbuild, Kconfig or scripts/ file, nor in kbuild's
# record of the files an object was compiled from (.NAME.o.cmd).
unaffected() {
	local check=$1 cfg=$2 o cmd changes; shift 2
	[ -f "$STATE/objects-$check-$((step - 1))" ] &&
		[ "$(cat "$STATE/objects-$check-$((step - 1))")" = "$*" ] || return 1
	changes=$(step_changes | grep -Ev '^(tools/|Documentation/|MAINTAINERS$)' | sed "s#^#$SRC/#")
	[ -n "$changes" ] || return 0
	! grep -qE '(^|/)(Makefile|Kbuild|Kconfig)[^/]*$|^'"$SRC"'/scripts/' <<<"$changes" || return 1
	for o; do
		cmd=$OUT/$cfg/$(dirname "$o")/.$(basename "$o").cmd
		[ -f "$OUT/$cfg/$o" ] && [ -f "$cmd" ] || return 1
		! tr -s ' \\\t' '\n' < "$cmd" | grep -qxF -f <(printf '%s\n' "$changes") || return 1
	done
	return 0
}

configured=" "
while read -r check cfg when objs; do
	case $check in ''|'#'*) continue ;; esac
	[ -n "${GATE_CONFIGS:-}" ] && ! grep -qw "$check" <<<"$GATE_CONFIGS" && continue
	[ "$when" = ends ] && [ "$step" != 0 ] && [ -z "$last" ] && continue
	why=$(unrunnable "$cfg")
	if [ -n "$why" ]; then
		failed=1
		step_result "objects:$check" "$step" FAIL "$why"
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
		[ -f "$SRC/${o%.o}.c" ] && present+=("$o")
	done
	log=$LOGS/gate/objects-$check-$step.log
	rc=0 missed=
	if [ "$step" != 0 ] && [[ $configured != *" $cfg "* ]] && unaffected "$check" "$cfg" "${present[@]}"; then
		echo "[gate objects] step $step changes nothing ${present[*]} was compiled from: the warnings of step $((step - 1))" > "$log"
		reuse_step "$check" "$step"
	else
		for o in "${present[@]}"; do rm -f "$OUT/$cfg/$o"; done
		kmake "$cfg" "${present[@]}" < /dev/null > "$log" 2>&1 || rc=$?
		normalise < "$log" > "$STATE/warnings/$check-$step"
		[ "$rc" != 0 ] || ! runs_sparse "$cfg" || missed=$(sparse_missed "$log" "${present[@]}")
	fi
	# Which objects this step's warnings of CHECK stand for.
	[ "$rc" = 0 ] && echo "${present[*]}" > "$STATE/objects-$check-$step" || rm -f "$STATE/objects-$check-$step"
	n=$(wc -l < "$STATE/warnings/$check-$step")
	if [ "$rc" != 0 ]; then
		failed=1
		step_result "objects:$check" "$step" FAIL "does not build: $(grep -m1 -E 'error|Error' "$log" | cut -c1-120) (see ${log#$TOP/})"
	elif [ -n "$missed" ]; then
		failed=1
		step_result "objects:$check" "$step" FAIL "$missed (see ${log#$TOP/})"
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
done < "$(base_file gate-objects)"
exit $failed
