#!/usr/bin/env bash
# Stage 5: build kernel NAME in build/out/NAME, incrementally: bzImage,
# modules, the uapi headers, and the selftests through the kernel's own
# selftests Makefile, statically linked for the initramfs. BUILD_KERNEL=0
# builds only the programs (the walk, for patches that touch only tools/).
name=${1:?usage: build.sh NAME}
STAGE="build $name"
. "$(dirname "$0")/lib.sh"

obj=$OUT/$name
[ -f "$obj/.config" ] || die "build/out/$name is not configured; run stages/config.sh $name"
begin "kernel '$name' from $(git -C "$SRC" describe --always --tags --dirty) ($JOBS jobs)"
log=$LOGS/build-$name.log
if [ "${BUILD_KERNEL:-1}" = 1 ]; then
	run_logged "$log" kmake "$name" bzImage modules headers ||
		die "kernel build failed; see $log"
fi

# The selftests the guest runs (config/guest-tests lists them).
sel=$obj/selftests/mm
mkdir -p "$sel"
mapfile -t progs < <(awk '!/^#/ && NF { print $1 }' "$TOP/config/selftests")
run_logged "$LOGS/selftests-$name.log" make -C "$SRC/tools/testing/selftests/mm" \
	OUTPUT="$sel" KHDR_INCLUDES="-isystem $obj/usr/include" \
	LDFLAGS=-static "${progs[@]/#/$sel/}" ||
	die "selftests build failed; see $LOGS/selftests-$name.log"

# The bench's own guest programs, against this tree's test_hmm uapi.
run_logged "$LOGS/guest-progs-$name.log" make -C "$TOP/guest" \
	OUT="$obj/guest" KSRC="$SRC" KHDR="$obj/usr/include" ||
	die "guest programs build failed; see $LOGS/guest-progs-$name.log"

say "build/out/$name: $(du -h "$obj/arch/x86/boot/bzImage" | cut -f1) bzImage, $(find "$obj" -name '*.ko' | wc -l) module(s), ${#progs[@]} selftest(s)"
