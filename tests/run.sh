#!/usr/bin/env bash
# Run the bench's own tests (every other tests/*.sh); each writes one gate
# line. Exits 1 if any failed.
cd "$(dirname "$0")"
rc=0
for t in *.sh; do
	case $t in lib.sh|run.sh) continue ;; esac
	./"$t" || rc=1
done
exit $rc
