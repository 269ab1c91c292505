#!/usr/bin/env bash
# The send step: each series of the base, signed by whoever sends it. The
# repository's patches carry the placeholder of config/identity; this puts
# the sender's own git identity (GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL, else
# git config user.name / user.email, as git itself takes them) in
# every From: and Signed-off-by: of a copy, and refuses while that identity
# is unset or is still the placeholder. A dry run (git send-email
# --dry-run) unless SEND=1; recipients from get_maintainer.pl per patch,
# as in the maintainers gate.
. "$(dirname "$0")/lib.sh"
. "$TOP/config/identity"

name=${GIT_AUTHOR_NAME:-$(git -C "$TOP" config user.name || true)}
email=${GIT_AUTHOR_EMAIL:-$(git -C "$TOP" config user.email || true)}
[ -n "$name" ] && [ -n "$email" ] ||
	die "no sender identity: git config --global user.name 'Your Name'; git config --global user.email you@example.org"
[ "$name" != "$NAME" ] && [ "$email" != "$EMAIL" ] ||
	die "the sender identity is still the placeholder ($NAME <$EMAIL>): set your own with git config user.name / user.email"
sender="$name <$email>"
placeholder="$NAME <$EMAIL>"
mode=--dry-run; [ "${SEND:-0}" = 1 ] && mode=
begin "${mode:+dry run: }sending $BASE's series ($SERIES) as $sender"
tmp=$(mktemp -d)
on_exit 'rm -rf "$tmp"'
for s in $SERIES; do
	mkdir -p "$tmp/$s"
	for p in "$PATCHES/$s/0000-cover-letter.patch" $(series_patches "$s"); do
		sed -e "s|^From: $placeholder\$|From: $sender|" \
		    -e "s|^Signed-off-by: $placeholder\$|Signed-off-by: $sender|" "$p" > "$tmp/$s/$(basename "$p")"
	done
	! grep -l -F "$EMAIL" "$tmp/$s"/*.patch ||
		die "series $s still names the placeholder after signing (the files above)"
	log=$LOGS/send-$s.log
	(cd "$SRC" && git send-email $mode --confirm=never --no-format-patch --from="$sender" \
		--to-cmd="$GET_MAINTAINER --no-l" --cc-cmd="$GET_MAINTAINER --no-m --no-r" "$tmp/$s"/*.patch) > "$log" 2>&1 ||
		die "git send-email failed for $s; see ${log#$TOP/}"
	say "$s: $(grep -c '^Result: \(OK\|250\)' "$log") message(s) ${mode:+would be }sent; see ${log#$TOP/}"
done
