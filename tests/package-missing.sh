#!/usr/bin/env bash
# A checker the bench needs that is not installed (here spatch, taken off
# the PATH) fails its gate, naming the program and its Debian package.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/bin"
for p in /usr/bin/*; do
	case ${p##*/} in spatch*) ;; *) ln -s "$p" "$WORK/bin/" ;; esac
done
expect_failure "coccinelle: FAIL .*spatch not found: install the Debian package coccinelle" \
	env PATH="$WORK/bin" STATE="$WORK/state" LOGS="$WORK/logs" "$TOP/gate/coccinelle.sh" 0
