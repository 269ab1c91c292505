#!/usr/bin/env bash
# Gate, at the ends of the walk (base and last patch): make SPHINXDIRS=mm
# htmldocs; no warning that the base does not have, and hmm.html is built.
step=${1:?usage: htmldocs.sh STEP [last]}
last=${2:-}
[ "$step" = 0 ] || [ -n "$last" ] || exit 0
STAGE="gate htmldocs"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
mkdir -p "$STATE/warnings" "$LOGS/gate"
log=$LOGS/gate/htmldocs-$step.log
rc=0
make -C "$SRC" O="$OUT/docs" SPHINXDIRS=mm htmldocs > "$log" 2>&1 || rc=$?
sed -nE "s#^(.*/)?(Documentation/[^:]+):[0-9]+: (WARNING|ERROR): (.*)#\\2: \\3: \\4#p" "$log" |
	sort > "$STATE/warnings/htmldocs-$step"
html=$OUT/docs/Documentation/output/mm/hmm.html
if [ "$rc" != 0 ] || [ ! -f "$html" ]; then
	step_result htmldocs "$step" FAIL "htmldocs failed or built no mm/hmm.html (see ${log#$TOP/})"
elif [ "$step" = 0 ]; then
	step_result htmldocs 0 ok "$(wc -l < "$STATE/warnings/htmldocs-0") warning(s) at the base"
else
	new=$(new_lines "$STATE/warnings/htmldocs-0" "$STATE/warnings/htmldocs-$step")
	if [ -n "$new" ]; then
		step_result htmldocs "$step" FAIL "$(head -n 1 <<<"$new")"
	else
		step_result htmldocs "$step" ok "mm/hmm.html built"
	fi
fi
