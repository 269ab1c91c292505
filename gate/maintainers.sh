#!/usr/bin/env bash
# Gate: each series is ready to send. Its cover letter's To: and Cc: are
# what scripts/get_maintainer.pl says for that series, and git send-email
# accepts every message in a dry run that sends nothing, each patch
# addressed by get_maintainer.pl as a real submission would be.
STAGE="gate maintainers"
. "$(dirname "$0")/../stages/lib.sh"
. "$TOP/gate/lib.sh"
mkdir -p "$LOGS/gate"
to_line= msgs=0
for s in $SERIES; do
	cover=$PATCHES/$s/0000-cover-letter.patch
	[ -f "$cover" ] || { gate_result maintainers FAIL "no patches/$BASE/$s/0000-cover-letter.patch"; exit 1; }
	want_to=$(series_recipients "$s" --no-l)
	want_cc=$(series_recipients "$s" --no-m --no-r)
	have_to=$(sed -n 's/^To: //p' "$cover" | head -n 1)
	have_cc=$(sed -n 's/^Cc: //p' "$cover" | head -n 1)
	if [ "$want_to" != "$have_to" ] || [ "$want_cc" != "$have_cc" ]; then
		gate_result maintainers FAIL "$s: cover letter To/Cc differ from get_maintainer.pl (want To: $want_to; Cc: $want_cc); run make export"
		exit 1
	fi
	to_line+="${to_line:+; }$s: $want_to"

	log=$LOGS/gate/send-email-$s.log
	mapfile -t files < <(echo "$cover"; series_patches "$s")
	(cd "$SRC" && git send-email --dry-run --confirm=never --no-format-patch \
		--from="$(. "$TOP/config/identity"; echo "$NAME <$EMAIL>")" \
		--to-cmd="$GET_MAINTAINER --no-l" --cc-cmd="$GET_MAINTAINER --no-m --no-r" "${files[@]}") > "$log" 2>&1 || {
		gate_result send-email FAIL "$s: git send-email --dry-run failed: $(tail -n 1 "$log") (see ${log#$TOP/})"; exit 1; }
	ok=$(grep -c '^Result: OK' "$log" || true)
	[ "$ok" = "${#files[@]}" ] || { gate_result send-email FAIL "$s: $ok of ${#files[@]} messages OK in the dry run (see ${log#$TOP/})"; exit 1; }
	norcpt=$(awk '/^Subject:/ { s = $0 } /^To: *$/ { print s }' "$log" | head -n 1)
	[ -z "$norcpt" ] || { gate_result send-email FAIL "$s: no To: for $norcpt"; exit 1; }
	msgs=$((msgs + ${#files[@]}))
done
gate_result maintainers ok "cover letters' To/Cc match get_maintainer.pl: $to_line"
gate_result send-email ok "$msgs messages of $(wc -w <<<"$SERIES") series pass git send-email --dry-run"
