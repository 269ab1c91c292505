#!/usr/bin/env bash
# One failing test in a suite fails the run, and the report names it.
. "$(dirname "$0")/lib.sh"
g=$(guest_from_test)
printf 'bench-fail ktap printf "TAP version 13\\n1..3\\nok 1 first\\nnot ok 2 the_one_that_fails\\nok 3 third\\n"\n' > "$WORK/suites"
expect_failure 'failure: the_one_that_fails' boot_guest
