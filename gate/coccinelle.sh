#!/usr/bin/env bash
# Gate, at the ends of the walk (the base and the last step): the tree's
# semantic patches (scripts/coccinelle, make coccicheck MODE=report) on the
# C files the series touches; nothing new against the base. Line numbers
# are dropped before comparing, as for the compilers' warnings. Only the
# ends: one file takes about a minute of spatch, and a finding that a
# patch introduces and a later one removes is not one a reviewer sees.
step=${1:?usage: coccinelle.sh STEP [last]}
last=${2:-}
STAGE="gate coccinelle"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
[ "$step" = 0 ] || [ -n "$last" ] || exit 0
# spatch, and the OCaml compiler for the tree's scripted rules (without
# it, coccicheck stops at "No OCaml compiler found!").
why=$(need_program spatch coccinelle && need_program ocamlopt ocaml-nox) ||
	{ step_result coccinelle "$step" FAIL "$why"; exit 1; }
mkdir -p "$STATE/warnings" "$LOGS/gate"
files=(mm/hmm.c lib/test_hmm.c mm/tests/hmm_kunit.c)
obj=$OUT/w1	# configured by gate/objects.sh (x86_64) at every step
[ -f "$obj/.config" ] || { step_result coccinelle "$step" FAIL "no configured ${OUT#$TOP/}/w1 to run coccicheck in"; exit 0; }
log=$LOGS/gate/coccinelle-$step.log
: > "$log"
# coccicheck on one file at a time, as the checker of its object (C=2),
# since M= names a directory, not a file, from 6.13 on. One after another:
# makes side by side in one build directory race on its generated headers.
present=() failed=
for f in "${files[@]}"; do
	[ -f "$SRC/$f" ] || continue
	present+=("$f")
	make -C "$SRC" O="$obj" -s C=2 CHECK="$SRC/scripts/coccicheck" MODE=report \
		"${f%.c}.o" >> "$log" 2>&1 || failed+=" $f"
done
[ -z "$failed" ] || { step_result coccinelle "$step" FAIL "coccicheck failed on$failed (see ${log#$TOP/})"; exit 0; }
# The kernel's Makefile drops a checker that scripts/checker-valid.sh
# refuses, with only a make warning: then nothing was checked.
off=$(grep -m1 'specified, but .* is not available or not up to date' "$log" || true)
[ -z "$off" ] || { step_result coccinelle "$step" FAIL "the kernel turned coccicheck off: $off"; exit 0; }
# Findings are "path:line:col-col: message"; keep "path: message".
sed -nE -e "s#^($SRC/)##" -e 's#^([^: ]+\.[ch]):[0-9]+(:[0-9]+(-[0-9]+)?)?: (.*)$#\1: \4#p' "$log" |
	sort > "$STATE/warnings/coccinelle-$step"
n=$(wc -l < "$STATE/warnings/coccinelle-$step")
if [ "$step" = 0 ]; then
	step_result coccinelle 0 ok "${#present[@]} files, $n report(s) at the base"
	exit 0
fi
new=$(new_lines "$STATE/warnings/coccinelle-0" "$STATE/warnings/coccinelle-$step")
if [ -n "$new" ]; then
	step_result coccinelle "$step" FAIL "$(wc -l <<<"$new") new: $(head -n 1 <<<"$new")"
else
	step_result coccinelle "$step" ok "${#present[@]} files at the last step"
fi
