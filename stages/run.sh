#!/usr/bin/env bash
# Stage 6b: boot kernel NAME in QEMU with its initramfs and let the guest run
# the suites (SUITES=a,b to pick some; default all of config/suites).
# Writes build/logs/run-NAME/{console,results}.log; the report stage reads them.
# KVM is used only when a quick probe shows that it boots here; else TCG.
name=${1:?usage: run.sh NAME}
STAGE="run $name"
. "$(dirname "$0")/lib.sh"
. "$TOP/config/guest.conf"

obj=$OUT/$name
kernel=$obj/arch/x86/boot/bzImage
initrd=$obj/initramfs.cpio.gz
[ -f "$kernel" ] || die "no kernel at ${OUT#$TOP/}/$name; run stages/build.sh $name"
[ -f "$initrd" ] || die "no initramfs at ${OUT#$TOP/}/$name; run stages/guest.sh $name"
logdir=${RUN_LOGS:-$LOGS/run-$name}
mkdir -p "$logdir"
timeout=${GUEST_TIMEOUT_OVERRIDE:-$GUEST_TIMEOUT}
# SUITES=a,b: those suites of config/suites; unset or "all": every one.
[ "${SUITES:-all}" = all ] && SUITES=
cmdline="$GUEST_CMDLINE${SUITES:+ bench.suites=$SUITES}${EXTRA_CMDLINE:+ $EXTRA_CMDLINE}"

qemu() {	# qemu ACCEL CPU SECONDS CMDLINE CONSOLE RESULTS
	timeout --kill-after=5 "$3" qemu-system-x86_64 -nodefaults -no-user-config \
		-display none -no-reboot -accel "$1" -cpu "$2" \
		-smp "${GUEST_CPUS_OVERRIDE:-$GUEST_CPUS}" -m "${GUEST_MEMORY_OVERRIDE:-$GUEST_MEMORY}" \
		-kernel "$kernel" -initrd "$initrd" -append "$4" \
		-serial "file:$5" -serial "file:$6" ${QEMU_EXTRA:-}
}

# Accelerator: probed once per host boot, then remembered.
probe=$(accel_probe)
if [ -n "${ACCEL:-}" ]; then
	accel=$ACCEL
elif [ -f "$probe" ]; then
	accel=$(cat "$probe")
else
	accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		say "probing KVM (20 s at most)"
		rm -f "$logdir/probe-"*.log
		qemu kvm host 20 "console=ttyS0 panic=-1 bench.suites=none" \
			"$logdir/probe-console.log" "$logdir/probe-results.log" >/dev/null 2>&1 || true
		grep -q '^@@bench done' "$logdir/probe-results.log" 2>/dev/null && accel=kvm
	fi
	echo "$accel" > "$probe"
fi
cpu=max; [ "$accel" = kvm ] && cpu=host
echo "$accel" > "$logdir/accel"

begin "booting '$name' ($accel, -cpu $cpu, ${GUEST_MEMORY_OVERRIDE:-$GUEST_MEMORY} RAM, limit ${timeout}s) suites: ${SUITES:-all}"
rm -f "$logdir/console.log" "$logdir/results.log"
start=$(date +%s)
rc=0
qemu "$accel" "$cpu" "$timeout" "$cmdline" "$logdir/console.log" "$logdir/results.log" \
	> "$logdir/qemu.log" 2>&1 || rc=$?
echo $(( $(date +%s) - start )) > "$logdir/seconds"
echo "$rc" > "$logdir/qemu.rc"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	say "guest killed after ${timeout}s: hung (last console lines below)"
	tail -n 20 "$logdir/console.log" | sed 's/^/  | /'
elif [ "$rc" != 0 ]; then
	say "qemu exited with $rc: $(tail -n 3 "$logdir/qemu.log" | tr '\n' ' ')"
fi
say "console: ${logdir#$TOP/}/console.log, results: ${logdir#$TOP/}/results.log ($(cat "$logdir/seconds")s)"
# Whether the run passed is the report stage's verdict, not QEMU's exit code.
exit 0
