#!/usr/bin/env bash
# A kernel oops fails the run even when every test printed ok.
NAME=guest-oopses MODE=oops PATTERN='FAILED: kernel log: (BUG: kernel NULL pointer|Oops)' \
	exec "$(dirname "$0")/guest-warns.sh"
