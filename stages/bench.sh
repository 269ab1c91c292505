#!/usr/bin/env bash
# Stage: the benchmarks (make bench). What HMM_PFN_COMPOUND costs in
# hmm_range_fault(), and what a driver that uses it gains, from runs on the
# base and the patched kernel in one invocation; bench-report.py prints the
# tables.
#
# The base has no way to time the walk alone, so its kernel for this is
# 'bench-base': the base tree plus only the series' timing ioctl of the test
# driver (build/src/bench-base; the kernel image is the base's, only
# test_hmm.ko differs). The patched kernel is 'test'.
#
# Boots, each with config/bench/suites:
#   icount-{bench-base,test}  table 1 under QEMU's instruction counting
#                             (-icount shift=0,sleep=off, one vCPU): the
#                             guest's clock counts instructions, runs repeat
#                             exactly, so the ratio between kernels counts
#   tcg-bench-base            table 1 in plain TCG (wall clock), beside it
#   tcg-test                  the same, then table 2: both device-entry
#                             modes in one boot (test_hmm's compound_entries)
STAGE=bench
. "$(dirname "$0")/lib.sh"

timing_subject='mm/hmm/test: time hmm_range_fault() over a whole range'
timing=$(git -C "$SRC" log --format=%H --fixed-strings --grep="$timing_subject" base..HEAD | head -1)
[ -n "$timing" ] || die "no commit \"$timing_subject\" in build/src/linux (base..HEAD)"
[ -f "$OUT/test/arch/x86/boot/bzImage" ] || die "kernel 'test' is not built (make build)"

begin "base and patched kernel, table 1 under icount and plain TCG, table 2 in plain TCG"
bb=$BUILD/src/bench-base
if ! git -C "$bb" rev-parse -q --verify HEAD > /dev/null 2>&1; then
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q --detach "$bb" base
fi
# base + the timing commit; left as it is when it already is that, so that
# the build stays incremental.
if [ "$(git -C "$bb" rev-parse HEAD~1 2>/dev/null)" != "$(git -C "$SRC" rev-parse base)" ] ||
   [ "$(git -C "$bb" patch-id --stable < <(git -C "$bb" show HEAD) | cut -d' ' -f1)" != \
     "$(git -C "$SRC" patch-id --stable < <(git -C "$SRC" show "$timing") | cut -d' ' -f1)" ]; then
	git -C "$bb" checkout -q --detach base
	git -C "$bb" -c user.name=bench -c user.email=bench@localhost cherry-pick "$timing" > /dev/null ||
		die "the timing commit does not apply to the base alone"
fi
say "build/src/bench-base: base + $(git -C "$bb" log -1 --format='%h %s')"

SRC=$bb ALLOW_MISSING_SYMBOLS=1 "$TOP/stages/config.sh" bench-base
SRC=$bb "$TOP/stages/build.sh" bench-base

# The guest's clock: without ACPI it finds no TSC frequency and falls back
# to jiffies. In plain TCG the guest's TSC is the host's; under icount it
# counts one per instruction, 10^9 per virtual second.
host_khz=$( (dmesg 2>/dev/null | sed -n 's/.*tsc: Detected \([0-9]*\)\.\([0-9]*\) MHz.*/\1\2/p' | head -1) || true)
[ -n "$host_khz" ] || host_khz=$(awk -F': ' '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)
[ -n "$host_khz" ] || die "cannot tell the host's TSC frequency (dmesg, /proc/cpuinfo)"

boot() {	# boot LABEL KERNEL SUITE [icount]
	local label=$1 name=$2 suite=$3 icount=${4:-}
	local qemu= cmdline="tsc_early_khz=$host_khz tsc=reliable" cpus=
	if [ -n "$icount" ]; then
		qemu='-icount shift=0,sleep=off'
		cmdline='tsc_early_khz=1000000 tsc=reliable'
		cpus=1
	fi
	say "boot $label: $suite on '$name'${icount:+ (icount)}"
	SUITES=$suite ACCEL=tcg QEMU_EXTRA=$qemu GUEST_CPUS_OVERRIDE=$cpus \
		EXTRA_CMDLINE="$cmdline bench.suite_timeout=1800" GUEST_TIMEOUT_OVERRIDE=2400 \
		RUN_LOGS="$LOGS/bench/$label" "$TOP/stages/run.sh" "$name" ||
		die "boot $label failed; see build/logs/bench/$label/"
	# The same verdict as for the tests: a kernel report on the console,
	# a suite that exited non-zero or never ended fails the benchmark.
	"$TOP/stages/report.py" "$name" --logs "$LOGS/bench/$label" --label "bench $label" \
		> "$LOGS/bench/$label/report.txt" 2>&1 || {
		cat "$LOGS/bench/$label/report.txt"; die "boot $label failed"; }
	tail -n 1 "$LOGS/bench/$label/report.txt"
}

rm -rf "$LOGS/bench"
for k in bench-base test; do
	SUITES_FILE=$TOP/config/bench/suites "$TOP/stages/guest.sh" "$k"
done
boot icount-bench-base bench-base hmm-bench-flag icount
boot icount-test test hmm-bench-flag icount
boot tcg-bench-base bench-base hmm-bench-flag
boot tcg-test test hmm-bench-flag,hmm-bench-consumer
say "logs in build/logs/bench/"
