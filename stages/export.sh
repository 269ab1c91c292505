#!/usr/bin/env bash
# Developer loop: write the series in build/src/linux (base..HEAD) back to
# patches/ with git format-patch. The prose of patches/0000-cover-letter.patch
# is kept; its subject count, shortlog and diffstat are regenerated.
. "$(dirname "$0")/lib.sh"

[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "uncommitted changes in build/src/linux; commit them first"
n=$(git -C "$SRC" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || die "no commits on top of base in build/src/linux"
begin "exporting $n commit(s) to patches/"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$SRC" format-patch -q --zero-commit --no-signature --cover-letter \
	--subject-prefix="PATCH" -o "$tmp" base..HEAD
series_patches | xargs -r rm -f
find "$tmp" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -exec cp {} "$TOP/patches/" \;

# Cover letter: our prose between the headers and the generated shortlog.
cover=$TOP/patches/0000-cover-letter.patch
gen=$tmp/0000-cover-letter.patch
[ -f "$cover" ] || { cp "$gen" "$cover"; warn "new cover letter from the template: write its subject and blurb"; }
# To: and Cc: are what get_maintainer.pl says for the series.
python3 - "$cover" "$gen" "$n" "$(series_recipients --no-l)" "$(series_recipients --no-m --no-r)" <<'PY'
import re, sys
cover, gen, n, to, cc = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3], sys.argv[4], sys.argv[5]
text = open(cover).read()
# The generated tail starts at the shortlog: "Author (N):" after the blurb.
tail = gen[gen.index('\n\n', gen.index('*** BLURB HERE ***')) + 2:]
head, body = text.split('\n\n', 1)
head = re.sub(r'\[PATCH 0/\d+\]', f'[PATCH 0/{n}]', head, count=1)
head = '\n'.join(l for l in head.split('\n') if not l.startswith(('To:', 'Cc:')))
head += f'\nTo: {to}\nCc: {cc}'
cut = re.search(r'^\S.* \(\d+\):$', body, re.M)
body = (body[:cut.start()] if cut else body.rstrip('\n') + '\n\n') + tail
open(cover, 'w').write(head + '\n\n' + body)
PY
say "patches/: $(ls "$TOP"/patches/*.patch | wc -l) files; commit them in this repository"
# The tree and patches/ agree again.
echo "$(series_sum) $(git -C "$SRC" rev-parse HEAD)" > "$STATE/series.applied"
