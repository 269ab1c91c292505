#!/usr/bin/env bash
# The send step refuses to sign the series with the repository's
# placeholder identity, and says how to set a real one.
. "$(dirname "$0")/lib.sh"
expect_failure 'the sender identity is still the placeholder .*git config user.name' \
	env GIT_AUTHOR_NAME="$(. "$TOP/config/identity"; echo "$NAME")" \
	GIT_AUTHOR_EMAIL="$(. "$TOP/config/identity"; echo "$EMAIL")" \
	LOGS="$WORK/logs" "$TOP/stages/send.sh"
