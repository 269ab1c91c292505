#!/usr/bin/env bash
# Gate: scripts/checkpatch.pl --strict --codespell on every patch of the
# series: no error, no warning, no check.
STAGE="gate checkpatch"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
# Without them checkpatch.pl skips its SPDX and commit checks, silently.
why=$(need_program python3 python3 && need_program git git) ||
	{ gate_result checkpatch FAIL "$why"; exit 1; }
dict=$(/usr/bin/python3 -c 'import codespell_lib, os; print(os.path.join(os.path.dirname(codespell_lib.__file__), "data", "dictionary.txt"))' 2>/dev/null || true)
[ -f "$dict" ] || { gate_result checkpatch FAIL "no codespell dictionary (install codespell)"; exit 1; }
mkdir -p "$LOGS/gate"
fails=() n=0
for p in $(series_patches); do
	n=$((n + 1))
	name=${p#$PATCHES/}	# series/file
	log=$LOGS/gate/checkpatch-${name//\//-}.log
	# Debian's python3 first: checkpatch's spdxcheck.py needs its ply and git.
	(cd "$SRC" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --codespell \
		--codespellfile="$dict" "$p") > "$log" 2>&1 || true
	if grep -q '^Traceback' "$log"; then
		fails+=("$name: checkpatch's helper scripts failed (see ${log#$TOP/})")
		continue
	fi
	total=$(grep -E '^total: ' "$log" || echo "total: no result")
	if ! grep -q '^total: 0 errors, 0 warnings, 0 checks' "$log"; then
		first=$(grep -m1 -E '^(ERROR|WARNING|CHECK):' "$log" || true)
		fails+=("$name: ${total#total: }: ${first:-see ${log#$TOP/}}")
	fi
done
if [ ${#fails[@]} -gt 0 ]; then
	gate_result checkpatch FAIL "${fails[*]}"
	exit 1
fi
gate_result checkpatch ok "$n patches: 0 errors, 0 warnings, 0 checks (with codespell)"
