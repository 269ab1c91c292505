#!/usr/bin/env bash
# A guest that never finishes is killed at the time limit and fails the run.
. "$(dirname "$0")/lib.sh"
g=$(guest_from_test)
printf '#!/bin/sh\necho hanging on purpose\nsleep 100000\n' > "$WORK/root/etc/setup.d/00-hang"
chmod +x "$WORK/root/etc/setup.d/00-hang"
export GUEST_TIMEOUT_OVERRIDE=60
expect_failure 'FAILED: guest did not finish \(hang or crash\).*hanging on purpose' boot_guest
grep -q 'hung' "$WORK/run.log" || { gate_result "bench:$NAME" FAIL "run stage did not say the guest hung"; exit 1; }
