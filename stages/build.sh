#!/usr/bin/env bash
# Stage 5: build kernel NAME in build/out/NAME, incrementally: bzImage,
# modules, the uapi headers, and the selftests through the kernel's own
# selftests Makefile, statically linked for the initramfs. BUILD_KERNEL=0
# builds only the programs (the walk, for patches that touch only tools/);
# BUILD_SELFTESTS=0 leaves out the selftests (the benchmark's kernels).
name=${1:?usage: build.sh NAME}
STAGE="build $name"
. "$(dirname "$0")/lib.sh"

obj=$OUT/$name
[ -f "$obj/.config" ] || die "${OUT#$TOP/}/$name is not configured; run stages/config.sh $name"
begin "kernel '$name' from $(git -C "$SRC" describe --always --tags --dirty) ($JOBS jobs)"
log=$LOGS/build-$name.log
if [ "${BUILD_KERNEL:-1}" = 1 ]; then
	run_logged "$log" kmake "$name" bzImage modules headers ||
		die "kernel build failed; see $log"
fi

# The selftests the guest runs (config/selftests).
sel=$obj/selftests/mm
mkdir -p "$sel"
: > "$sel/not-built"
progs=()
if [ "${BUILD_SELFTESTS:-1}" = 1 ]; then
	selftests() {	# selftests PROGRAM...
		make -C "$SRC/tools/testing/selftests/mm" OUTPUT="$sel" \
			KHDR_INCLUDES="-isystem $obj/usr/include" LDFLAGS=-static "${@/#/$sel/}"
	}
	mapfile -t required < <(awk '!/^#/ && $2 == "required" { print $1 }' "$(base_file selftests)")
	mapfile -t peers < <(awk '!/^#/ && $2 == "peer" { print $1 }' "$(base_file selftests)")
	run_logged "$LOGS/selftests-$name.log" selftests "${required[@]}" ||
		die "selftests build failed; see $LOGS/selftests-$name.log"
	for p in "${peers[@]}"; do
		selftests "$p" > "$LOGS/selftests-$name-$p.log" 2>&1 ||
			echo "$p does not build here: $( (grep -m1 -E 'error|No rule' "$LOGS/selftests-$name-$p.log" ||
				tail -n 1 "$LOGS/selftests-$name-$p.log") | cut -c1-100)" >> "$sel/not-built"
	done
	progs=("${required[@]}" "${peers[@]}")
fi

# The bench's own guest programs, against this tree's test_hmm uapi.
run_logged "$LOGS/guest-progs-$name.log" make -C "$TOP/guest" \
	OUT="$obj/guest" KSRC="$SRC" KHDR="$obj/usr/include" ||
	die "guest programs build failed; see $LOGS/guest-progs-$name.log"

say "${OUT#$TOP/}/$name: $(du -h "$obj/arch/x86/boot/bzImage" | cut -f1) bzImage, test_hmm.ko, $(( ${#progs[@]} - $(wc -l < "$sel/not-built") )) of ${#progs[@]} selftests"
[ -s "$sel/not-built" ] && sed 's/^/  not built: /' "$sel/not-built"
true
