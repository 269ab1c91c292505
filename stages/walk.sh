#!/usr/bin/env bash
# Stage: walk the series one commit at a time, base first, in build/src/linux
# and build kernel 'test' incrementally at every step (each step rebuilds
# only what its patch touched). The base step is kept as build/out/base for
# the comparison run. The review gate's per-step checks (WALK_CHECKS, scripts
# of gate/) run at each step with its number, and 'last' at the last one.
# Ends back on the branch, built at its tip. WALK_STEPS=ends builds only the
# base and the tip (the backport lines: their kernels, without the per-step
# gate).
STAGE=walk
. "$(dirname "$0")/lib.sh"

branch=$(git -C "$SRC" symbolic-ref -q --short HEAD) ||
	die "${SRC#$TOP/} is not on a branch (an interrupted walk?): git -C ${SRC#$TOP/} checkout $KERNEL_BRANCH"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "uncommitted changes in ${SRC#$TOP/}; the walk checks out every commit: commit them first"
# WALK_BASE: where the walk starts (the bench's own tests walk a few
# commits on top of the series); only a walk from the base keeps its kernel.
from=${WALK_BASE:-base}
mapfile -t commits < <(git -C "$SRC" rev-list --reverse "$from..HEAD")
begin "base + ${#commits[@]} patch(es), building 'test' at each step"
on_exit 'git -C "$SRC" checkout -q "$branch"'
on_exit '[ "$rc" = 0 ] || gate_result bisect FAIL "$(cat "$STATE/walk.failure" 2>/dev/null || echo "the walk stopped (exit $rc)")"'
rm -f "$STATE/walk.failure"
rm -rf "$STATE/steps"	# per-step gate records of the previous walk

step() {	# step N COMMIT [last]
	local n=$1 c=$2 what t0=$SECONDS
	what=$(git -C "$SRC" log -1 --format=%s "$c")
	git -C "$SRC" checkout -q --detach "$c"
	say "step $n/${#commits[@]}: $what"
	local log=$LOGS/walk-step-$n.log
	# The configuration depends on the tree only through its Kconfig files
	# and config fragments: configure at the first step, and again at a
	# step that changes one of them since the step configured before it.
	if [ -z "$configured" ] || git -C "$SRC" diff --name-only "$configured" HEAD |
		grep -qE '(^|/)Kconfig[^/]*$|/configs/|^scripts/kconfig/'; then
		WALK_STEP=$n ALLOW_MISSING_SYMBOLS=1 "$TOP/stages/config.sh" test > "$log" 2>&1 || {
			cat "$log"; die "step $n ($what): configuration failed"; }
		configured=$c
	else
		echo "[walk] step $n: no Kconfig file or config fragment changed since $(git -C "$SRC" describe --always --tags "$configured"): configuration kept" > "$log"
	fi
	# A step that changes only the selftests or the documentation since the
	# step built before it leaves the kernel as that step built it.
	local kernel=1
	[ "$n" != 0 ] && [ -z "$(git -C "$SRC" diff --name-only "$built" HEAD |
		grep -Ev '^(tools/|Documentation/|MAINTAINERS$)')" ] && kernel=0
	built=$c
	BUILD_KERNEL=$kernel "$TOP/stages/build.sh" test >> "$log" 2>&1 || {
		grep -v '^\[build test\] kernel' "$log"
		echo "step $n: the build fails at \"$what\"" > "$STATE/walk.failure"
		die "step $n: the build fails at \"$what\" (see ${log#$TOP/})"; }
	grep -h 'not in this tree yet' "$log" || true
	local t1=$SECONDS
	for check in ${WALK_CHECKS:-}; do
		"$TOP/$check" "$n" ${3:+last} || true
	done
	say "step $n: built in $((t1 - t0)) s, checked in $((SECONDS - t1)) s"
}

# The base kernel, its module and its programs, for the comparison run.
keep_base() {
	rm -rf "$OUT/base"
	mkdir -p "$OUT/base/arch/x86/boot" "$OUT/base/lib"
	cp "$OUT/test/arch/x86/boot/bzImage" "$OUT/base/arch/x86/boot/"
	cp "$OUT/test/.config" "$OUT/base/"
	cp "$OUT/test/lib/test_hmm.ko" "$OUT/base/lib/"
	cp -r "$OUT/test/selftests" "$OUT/test/guest" "$OUT/base/"
	say "base kernel kept in ${OUT#$TOP/}/base"
}

built= configured=
step 0 "$(git -C "$SRC" rev-parse "$from")"
[ "$from" = base ] && keep_base

if [ "${WALK_STEPS:-each}" = ends ]; then
	[ ${#commits[@]} -gt 0 ] && step ${#commits[@]} "${commits[-1]}" last
	gate_result bisect ok "the base and the tip of ${#commits[@]} patch(es) build (kernel, test_hmm.ko, selftests)"
else
	for i in "${!commits[@]}"; do
		step $((i + 1)) "${commits[$i]}" $([ $((i + 1)) = ${#commits[@]} ] && echo last)
	done
	gate_result bisect ok "base and ${#commits[@]} step(s) each build (kernel, test_hmm.ko, selftests)"
fi
say "back on $branch"
