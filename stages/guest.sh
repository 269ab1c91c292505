#!/usr/bin/env bash
# Stage 6a: the initramfs for kernel NAME: static busybox, the guest's init,
# test_hmm.ko, the selftests and the bench's guest programs, config/suites,
# guest/setup.d (run by init before the suites).
name=${1:?usage: guest.sh NAME}
STAGE="guest $name"
. "$(dirname "$0")/lib.sh"

obj=$OUT/$name
root=$obj/initramfs
begin "initramfs for '$name'"
busybox=$(command -v busybox || true)
[ -n "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
	busybox=/bin/busybox
file -L "$busybox" | grep -q 'statically linked' ||
	die "$busybox is not statically linked (install busybox-static)"

rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib,etc/setup.d}
cp "$busybox" "$root/bin/busybox"
install -m 755 "$TOP/guest/init" "$root/init"
cp "$SUITES_FILE" "$root/etc/suites"
find "$obj" -path "$obj/initramfs" -prune -o -name test_hmm.ko -print -quit |
	xargs -r -I{} cp {} "$root/lib/"
[ -f "$root/lib/test_hmm.ko" ] || die "no test_hmm.ko in ${OUT#$TOP/}/$name (CONFIG_TEST_HMM=m?)"
for p in $(awk '!/^#/ && NF { print $1 }' "$(base_file selftests)"); do
	[ -f "$obj/selftests/mm/$p" ] && install -m 755 "$obj/selftests/mm/$p" "$root/bin/"
done
cp "$obj/selftests/mm/not-built" "$root/etc/not-built" 2>/dev/null || true
[ -d "$obj/guest" ] && find "$obj/guest" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/bin/" \;
[ -d "$TOP/guest/setup.d" ] && cp "$TOP"/guest/setup.d/* "$root/etc/setup.d/" 2>/dev/null || true
# GUEST_EXTRA: a directory laid over the root (the bench's own tests use it).
[ -n "${GUEST_EXTRA:-}" ] && cp -r "$GUEST_EXTRA"/. "$root/"

install -m 755 "$TOP/guest/ksft-run" "$TOP/guest/with-one-hugepage" "$root/bin/"

# The fsdax filesystem: ext4 with 4K blocks and 2M-aligned allocation (a
# stripe of 512 blocks), so that files get PMD-sized extents.
mkfs.ext4 -q -F -b 4096 -E stride=512,stripe_width=512 "$obj/fsdax.img" 64M > /dev/null
gzip -1 -c "$obj/fsdax.img" > "$root/etc/fsdax.img.gz"
rm -f "$obj/fsdax.img"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$obj/initramfs.cpio.gz"
say "${OUT#$TOP/}/$name/initramfs.cpio.gz: $(du -h "$obj/initramfs.cpio.gz" | cut -f1)"
