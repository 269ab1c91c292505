#!/usr/bin/env bash
# Stage 3: the series. Apply patches/*.patch (not the cover letter) in order
# with git am on top of the base tag, on branch hmm-compound. A patch that
# does not apply stops the run with its name and the failing hunk.
#
# The tree is also where the series is developed (make export writes it back
# to patches/), so this stage never throws away commits it did not make:
#   patches/ unchanged since the last apply   -> nothing to do
#   patches/ changed, tree as applied         -> re-apply from base
#   patches/ changed and tree has new commits -> stop and say so
. "$(dirname "$0")/lib.sh"

mapfile -t patches < <(series_patches)
sum=$(series_sum)
git -C "$SRC" rev-parse -q --verify refs/tags/base >/dev/null || die "no base tree; run stages/tree.sh"
head=$(git -C "$SRC" rev-parse HEAD)
applied_sum= applied_tip=
[ -f "$STATE/series.applied" ] && read -r applied_sum applied_tip < "$STATE/series.applied"

if [ "${applied_sum:-}" = "$sum" ]; then
	[ "$head" = "$applied_tip" ] && exit 0
	ahead=$(git -C "$SRC" rev-list --count "$applied_tip..HEAD" 2>/dev/null || echo "?")
	say "the tree has $ahead commit(s) that patches/ does not (save them with 'make export'); building the tree"
	exit 0
fi
if [ -n "${applied_tip:-}" ] && [ "$head" != "$applied_tip" ] && [ "$head" != "$(git -C "$SRC" rev-parse base)" ]; then
	die "patches/ changed, and the tree has commits of its own since the series was applied.
  Keep the tree: 'make export' (overwrites patches/).  Keep patches/: 'make reset-tree'."
fi

begin "applying ${#patches[@]} patch(es) from patches/ on base"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "uncommitted changes in build/src/linux; commit or discard them first"
git -C "$SRC" checkout -q -B "$KERNEL_BRANCH" base
for p in "${patches[@]}"; do
	if ! out=$(git -C "$SRC" am --whitespace=error "$p" 2>&1); then
		git -C "$SRC" am --abort >/dev/null 2>&1 || true
		printf '%s\n' "$out" | sed 's/^/  | /' >&2
		git -C "$SRC" apply --check -v "$p" 2>&1 |
			sed -n '/while searching for:/,/patch failed/p' | sed 's/^/  | /' >&2 || true
		rm -f "$STATE/series.applied"
		die "patches/$(basename "$p") does not apply (failing hunk above); the tree is left at the patch before it"
	fi
	say "applied $(basename "$p")"
done
echo "$sum $(git -C "$SRC" rev-parse HEAD)" > "$STATE/series.applied"
say "build/src/linux: branch $KERNEL_BRANCH, base + ${#patches[@]} patch(es)"
