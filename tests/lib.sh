# Shared by the bench's own tests: each shows that a stage fails loudly and
# correctly on bad input. Source it from a test script.
set -euo pipefail
TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(dirname "$TESTS")
NAME=${NAME:-$(basename "$0" .sh)}
STAGE="selftest $NAME"
. "$TOP/stages/lib.sh"
WORK=$BUILD/selftest/$NAME	# scratch space of this test
rm -rf "$WORK"
mkdir -p "$WORK"

# expect_failure PATTERN COMMAND...: COMMAND must exit non-zero and print a
# line matching the extended regular expression PATTERN.
expect_failure() {
	local pattern=$1 rc=0; shift
	"$@" > "$WORK/output" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		sed 's/^/  | /' "$WORK/output" | tail -n 20
		gate_result "bench:$NAME" FAIL "exited 0; expected a failure matching /$pattern/"
		exit 1
	fi
	if ! grep -Eq "$pattern" "$WORK/output"; then
		sed 's/^/  | /' "$WORK/output" | tail -n 20
		gate_result "bench:$NAME" FAIL "exit $rc, but no line matches /$pattern/"
		exit 1
	fi
	gate_result "bench:$NAME" ok "exit $rc: $(grep -Em1 "$pattern" "$WORK/output" | cut -c1-100)"
}

# A guest build directory for kernel 'test' that the test may change: links
# to the built kernel and programs, its own initramfs and suites.
guest_from_test() {
	local g=$BUILD/selftest/out/$NAME
	guest_from "$g"
	mkdir -p "$WORK/root/etc/setup.d" "$WORK/root/lib"
	printf 'bench-ok ktap printf "TAP version 13\\n1..1\\nok 1 nothing\\n"\n' > "$WORK/suites"
	echo "$g"
}

# boot_guest: initramfs and boot of the guest_from_test directory; then the
# report stage's verdict is the test's subject.
boot_guest() {
	local rc=0 probe
	# The accelerator the main runs probed on this host boot, if any.
	probe=$(accel_probe)
	[ -f "$probe" ] && export ACCEL=${ACCEL:-$(cat "$probe")}
	SUITES_FILE=$WORK/suites GUEST_EXTRA=$WORK/root BUILD=$BUILD/selftest SRC=$SRC \
		"$TOP/stages/guest.sh" "$NAME" > "$WORK/guest.log" 2>&1 || { cat "$WORK/guest.log"; return 1; }
	SUITES=all SUITES_FILE=$WORK/suites BUILD=$BUILD/selftest SRC=$SRC RUN_LOGS=$WORK/run \
		"$TOP/stages/run.sh" "$NAME" > "$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; return 1; }
	BUILD=$BUILD/selftest SRC=$SRC "$TOP/stages/report.py" "$NAME" --logs "$WORK/run" || rc=$?
	return "$rc"
}

# on_scratch_branch: check out a throwaway branch of the kernel tree at the
# series' tip, for commits a test adds; back on the series when the test
# ends, however it ends. The gate's results go to the test's own STATE.
on_scratch_branch() {
	[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
		die "uncommitted changes in ${SRC#$TOP/}"
	git -C "$SRC" checkout -q -B bench-selftest "$KERNEL_BRANCH"
	on_exit 'git -C "$SRC" checkout -q -f "$KERNEL_BRANCH"; git -C "$SRC" branch -q -D bench-selftest'
}

# scratch_commit SUBJECT: commit what the test changed in the tree.
scratch_commit() {
	git -C "$SRC" -c user.name=bench -c user.email=bench@localhost commit -q -a -m "$1"
}
