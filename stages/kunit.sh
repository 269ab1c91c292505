#!/usr/bin/env bash
# KUnit the kernel's own way: tools/testing/kunit/kunit.py builds a kernel
# for the series' suite (mm/tests/.kunitconfig) in build/out/kunit, boots it
# in QEMU and parses the results. The guest kernels run the same suite at
# boot; this is how kernel CI and mm developers run it.
STAGE=kunit
. "$(dirname "$0")/lib.sh"
[ -f "$SRC/mm/tests/.kunitconfig" ] || die "no mm/tests/.kunitconfig in build/src/linux (is the series applied?)"
begin "kunit.py run --arch=x86_64 --kunitconfig=mm/tests (build/out/kunit)"
log=$LOGS/kunit.log
# kunit.py asks QEMU for KVM first, and a /dev/kvm that opens but does not
# boot (as on this bench's machines) hangs it until its timeout. Unless the
# run stage's probe found KVM working on this host boot, QEMU gets TCG: a
# mount namespace of its own with /dev/null over /dev/kvm.
probe=$(accel_probe)
hide=()
if [ -e /dev/kvm ] && [ "$(cat "$probe" 2>/dev/null)" != kvm ]; then
	say "QEMU runs with TCG: /dev/kvm hidden (KVM did not boot in the run stage's probe, or was not probed)"
	hide=(unshare -m sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh)
fi
(cd "$SRC" && "${hide[@]}" /usr/bin/python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig=mm/tests --jobs="$JOBS" --build_dir="$OUT/kunit") > "$log" 2>&1 &&
	rc=0 || rc=$?
sed -n 's/^\[[0-9:]*\] //p' "$log" | grep -E '^(=+ hmm|\[(PASSED|FAILED|SKIPPED|CRASHED)\]|Testing complete)' | sed 's/^/  /'
result=$(grep -o 'Testing complete\..*' "$log" | tail -n 1)
[ "$rc" = 0 ] && [ -n "$result" ] || { gate_result kunit.py FAIL "${result:-kunit.py failed} (see ${log#$TOP/})"; exit 1; }
gate_result kunit.py ok "$result"
