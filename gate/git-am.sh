#!/usr/bin/env bash
# Gate: the exported series apply to a fresh base exactly (no fuzz, no
# whitespace errors), in order, and each gives the tree of its branch that
# was tested. Applied to a scratch index, so no working tree is checked out
# or disturbed.
STAGE="gate git-am"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
idx=$(mktemp)
on_exit 'rm -f "$idx"'
export GIT_INDEX_FILE=$idx
git -C "$SRC" read-tree base
n=0
for s in $SERIES; do
	for p in $(series_patches "$s"); do
		n=$((n + 1))
		git -C "$SRC" mailinfo -k /dev/null /dev/null < "$p" > /dev/null ||
			{ gate_result git-am FAIL "$s/$(basename "$p"): not a mail git am can read"; exit 1; }
		if ! out=$(git -C "$SRC" apply --cached --whitespace=error-all "$p" 2>&1); then
			gate_result git-am FAIL "$s/$(basename "$p"): $(head -n 2 <<<"$out" | tr '\n' ' ')"
			exit 1
		fi
	done
	if [ "$(git -C "$SRC" write-tree)" != "$(git -C "$SRC" rev-parse "$s^{tree}")" ]; then
		gate_result git-am FAIL "patches/$BASE/$s applied to base differ from branch $s of build/$BASE/src/linux (make export?)"
		exit 1
	fi
done
gate_result git-am ok "$n patches of $(wc -w <<<"$SERIES") series apply to a fresh base with no fuzz or whitespace error and give the tested trees"
