#!/usr/bin/env bash
# Developer loop: write each series of the tree back to patches/BASE/SERIES/
# with git format-patch: the commits from the branch of the series before it
# (or the base tag) to the series' own branch. Edit any of them with
# `git rebase -i --update-refs base` on the last branch, which keeps the
# stacked branches in step. The prose of each cover letter is kept; its
# subject count, To/Cc (get_maintainer.pl), shortlog and diffstat are
# regenerated.
. "$(dirname "$0")/lib.sh"

[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "uncommitted changes in build/$BASE/src/linux; commit them first"
[ "$(git -C "$SRC" symbolic-ref -q --short HEAD)" = "$KERNEL_BRANCH" ] ||
	die "build/$BASE/src/linux is not on branch $KERNEL_BRANCH, the last series"
for s in $SERIES; do
	git -C "$SRC" merge-base --is-ancestor "$(series_from "$s")" "$s" 2>/dev/null ||
		die "branch $s does not stand on $(series_from "$s") (rebase with --update-refs)"
done
begin "exporting $BASE's series: $SERIES"
tmp=$(mktemp -d)
on_exit 'rm -rf "$tmp"'
for s in $SERIES; do
	from=$(series_from "$s")
	n=$(git -C "$SRC" rev-list --count "$from..$s")
	[ "$n" -gt 0 ] || die "series $s has no commits ($from..$s)"
	mkdir -p "$tmp/$s" "$PATCHES/$s"
	prefix=$(series_prefix "$s")
	git -C "$SRC" format-patch -q --zero-commit --no-signature --cover-letter \
		--subject-prefix="$prefix" -o "$tmp/$s" "$from..$s"
	series_patches "$s" | xargs -r rm -f
	find "$tmp/$s" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -exec cp {} "$PATCHES/$s/" \;

	# Cover letter: our prose between the headers and the generated shortlog.
	cover=$PATCHES/$s/0000-cover-letter.patch
	gen=$tmp/$s/0000-cover-letter.patch
	[ -f "$cover" ] || { cp "$gen" "$cover"; warn "new cover letter for $s from the template: write its subject and blurb"; }
	# To: and Cc: are what get_maintainer.pl says for the series.
	python3 - "$cover" "$gen" "$n" "$(series_recipients "$s" --no-l)" "$(series_recipients "$s" --no-m --no-r)" "$prefix" <<'PY'
import re, sys
cover, gen, n, to, cc, prefix = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
text = open(cover).read()
# The generated tail starts at the shortlog: "Author (N):" after the blurb.
tail = gen[gen.index('\n\n', gen.index('*** BLURB HERE ***')) + 2:]
head, body = text.split('\n\n', 1)
head = re.sub(r'\[[A-Z ]*PATCH 0/\d+\]', f'[{prefix} 0/{n}]', head, count=1)
# Drop the old To: and Cc:, with their folded continuation lines.
kept, dropping = [], False
for l in head.split('\n'):
	if l.startswith(('To:', 'Cc:')):
		dropping = True
	elif not (dropping and l[:1] in (' ', '\t')):
		dropping = False
		kept.append(l)
head = '\n'.join(kept)
head += f'\nTo: {to}\nCc: {cc}'
cut = re.search(r'^\S.* \(\d+\):$', body, re.M)
body = (body[:cut.start()] if cut else body.rstrip('\n') + '\n\n') + tail
open(cover, 'w').write(head + '\n\n' + body)
PY
	say "patches/$BASE/$s: $n patch(es) and the cover letter"
done
say "commit patches/$BASE in this repository"
# The tree and patches/ agree again.
echo "$(series_sum) $(git -C "$SRC" rev-parse HEAD)" > "$STATE/series.applied"
