#!/usr/bin/env bash
# A kernel WARNING fails the run even when every test printed ok.
. "$(dirname "$0")/lib.sh"
g=$(guest_from_test)
cp -r "$TESTS/warn-module" "$WORK/module"
run_logged "$WORK/module.log" make -C "$SRC" O="$OUT/test" M="$WORK/module" modules ||
	die "cannot build the test module; see $WORK/module.log"
cp "$WORK/module/bench_warn.ko" "$WORK/root/lib/"
printf '#!/bin/sh\ninsmod /lib/bench_warn.ko mode=%s\n' "${MODE:-warn}" > "$WORK/root/etc/setup.d/50-misbehave"
chmod +x "$WORK/root/etc/setup.d/50-misbehave"
expect_failure "${PATTERN:-FAILED: kernel log: WARNING: .*bench_warn}" boot_guest
grep -q 'ok 1 nothing' "$WORK/run/results.log" ||
	{ gate_result "bench:$NAME" FAIL "the suite did not pass, so the test shows nothing"; exit 1; }
