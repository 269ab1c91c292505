#!/usr/bin/env bash
# Stage 3: the series. Apply each series of the base (patches/BASE/SERIES/,
# not the cover letters) with git am, in the order base.conf gives: each
# series is a branch of its own, stacked on the one before (the first on the
# base tag), and the tree is left on the last. A patch that does not apply
# stops the run with its name and the failing hunk.
#
# The tree is also where the series are developed (make export writes them
# back to patches/), so this stage never throws away commits it did not make:
#   patches/ unchanged since the last apply   -> nothing to do
#   patches/ changed, tree as applied         -> re-apply from base
#   patches/ changed and tree has new commits -> stop and say so
. "$(dirname "$0")/lib.sh"

sum=$(series_sum)
n=$(series_patches | wc -l)
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
	die "patches/$BASE changed, and the tree has commits of its own since the series were applied.
  Keep the tree: 'make export' (overwrites patches/$BASE).  Keep patches/: 'make reset-tree'."
fi

begin "applying $n patch(es) of $BASE's series ($SERIES) on base"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "uncommitted changes in build/$BASE/src/linux; commit or discard them first"
for s in $SERIES; do
	git -C "$SRC" checkout -q -B "$s" "$(series_from "$s")"
	for p in $(series_patches "$s"); do
		if ! out=$(git -C "$SRC" am --whitespace=error "$p" 2>&1); then
			git -C "$SRC" am --abort >/dev/null 2>&1 || true
			printf '%s\n' "$out" | sed 's/^/  | /' >&2
			git -C "$SRC" apply --check -v "$p" 2>&1 |
				sed -n '/while searching for:/,/patch failed/p' | sed 's/^/  | /' >&2 || true
			rm -f "$STATE/series.applied"
			die "${p#$TOP/} does not apply (failing hunk above); the tree is left at the patch before it"
		fi
		say "applied $s/$(basename "$p")"
	done
done
echo "$sum $(git -C "$SRC" rev-parse HEAD)" > "$STATE/series.applied"
say "build/$BASE/src/linux: branches $(echo $SERIES | sed 's/ / -> /g') on base, $n patch(es)"
