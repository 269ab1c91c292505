#!/usr/bin/env bash
# Gate: scripts/checkpatch.pl --strict --codespell on every patch of the
# series: no error, no warning, no check. One lookup cannot run here: a
# Debian source tree has no git history, so checkpatch cannot find the
# commit that a Fixes: tag names (UNKNOWN_COMMIT_ID, for any hash). It
# still checks the tag's form; this gate also requires every Fixes: tag
# to name 12 or more hex digits and a quoted subject.
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
		--codespellfile="$dict" --ignore UNKNOWN_COMMIT_ID "$p") > "$log" 2>&1 || true
	bad=$(grep -E '^Fixes:' "$p" | grep -vE '^Fixes: [0-9a-f]{12,40} \(".+"\)$' | head -n 1 || true)
	[ -z "$bad" ] || fails+=("$name: malformed tag: $bad")
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
