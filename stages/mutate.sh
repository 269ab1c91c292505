#!/usr/bin/env bash
# Stage: the mutation gate. Each mutant of the base (config/bases/BASE/
# mutants/NAME.diff, a small, deliberately wrong change to the core) is
# applied on the tip of the series in build/BASE/src/linux, kernel 'test' is
# rebuilt incrementally, and the guest runs only the tests that concern the
# flag (config/bases/BASE/mutant-suites; the kernel's KUnit suites run at
# boot as always). A mutant is killed when at least one test fails, or the
# guest crashes or hangs; one that survives fails the gate, naming the
# decision that no test pins (the diff's "Decision:" line). A mutant that
# does not apply or build fails the stage: it is never a kill. The tree and
# the test kernel are put back as they were, however the stage ends.
#   MUTANTS=DIR      another set of mutants (the bench's own tests use it)
#   MUTANT_SUITES=F  another suites file for the mutants' guest
#   MUTANT_TIMEOUT=S how long a mutant's guest may run (300 s): a hang kills
STAGE=mutants
. "$(dirname "$0")/lib.sh"

dir=${MUTANTS:-$(base_file mutants)}
suites=${MUTANT_SUITES:-$(base_file mutant-suites)}
[ -d "$dir" ] || die "no mutants for base $BASE (${dir#$TOP/})"
[ -f "$suites" ] || die "no ${suites#$TOP/}: which tests concern the flag?"
mapfile -t mutants < <(find "$dir" -maxdepth 1 -name '*.diff' | sort)
[ ${#mutants[@]} -gt 0 ] || die "no mutants (*.diff) in ${dir#$TOP/}"
branch=$(git -C "$SRC" symbolic-ref -q --short HEAD) || die "${SRC#$TOP/} is not on a branch"
[ "$branch" = "$KERNEL_BRANCH" ] || die "${SRC#$TOP/} is on $branch, not on the tip of the series ($KERNEL_BRANCH)"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "uncommitted changes in ${SRC#$TOP/}: commit them first"
[ -f "$OUT/test/lib/test_hmm.ko" ] || die "kernel 'test' is not built (run stages/build.sh test)"

mlogs=$LOGS/mutants
rm -rf "$mlogs" "$STATE"/gate/mutant:*
mkdir -p "$mlogs"
# The mutants' guest: kernel 'test' as it is rebuilt for each mutant (a
# symbolic link), its module and programs, and an initramfs of its own with
# the flag's tests only.
g=$BUILD/mutants
rm -rf "$g"
guest_from "$g/out/test" symlink
SUITES_FILE=$suites BUILD=$g SRC=$SRC STATE=$STATE "$TOP/stages/guest.sh" test > "$mlogs/guest.log" 2>&1 ||
	{ cat "$mlogs/guest.log"; die "the mutants' initramfs failed"; }
# Put the tree back, and the test kernel with it (an incremental build of
# what the mutant touched).
restore() {
	git -C "$SRC" checkout -q -f HEAD -- .
	[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
		{ warn "could not restore ${SRC#$TOP/}: git -C ${SRC#$TOP/} status"; return 1; }
	run_logged "$mlogs/restore.log" kmake test bzImage ||
		{ warn "the test kernel did not rebuild at the tip; see $mlogs/restore.log"; return 1; }
}
on_exit 'restore || rc=1'
trap 'warn interrupted; exit 130' INT TERM

begin "${#mutants[@]} mutant(s) of ${dir#$TOP/} on $(git -C "$SRC" describe --always --tags)"
# A mutant's decision: the "Decision:" line of its header.
decision() { sed -n 's/^Decision: *//p;/^---/q' "$1" | head -n 1; }

failed=0 killed=0
for m in "${mutants[@]}"; do
	name=$(basename "$m" .diff)
	git -C "$SRC" checkout -q -f HEAD -- .
	if ! git -C "$SRC" apply "$m" 2> "$mlogs/$name.apply.log"; then
		failed=1
		gate_result "mutant:$name" FAIL "does not apply: $(head -n 1 "$mlogs/$name.apply.log")"
		continue
	fi
	t=$(date +%s)
	if ! run_logged "$mlogs/$name.build.log" kmake test bzImage; then
		failed=1
		gate_result "mutant:$name" FAIL "does not build (see ${mlogs#$TOP/}/$name.build.log)"
		continue
	fi
	SUITES=all BUILD=$g SRC=$SRC STATE=$STATE RUN_LOGS=$mlogs/$name \
		GUEST_TIMEOUT_OVERRIDE=${MUTANT_TIMEOUT:-300} "$TOP/stages/run.sh" test > "$mlogs/$name.run.log" 2>&1
	BUILD=$g SRC=$SRC "$TOP/stages/report.py" test --logs "$mlogs/$name" --label "mutant $name" \
		> "$mlogs/$name.report.log" 2>&1 || true
	# The verdict from results.json: failed tests, or a guest that crashed or hung.
	verdict=$(python3 - "$mlogs/$name/results.json" <<'PY'
import json, sys
try:
	r = json.load(open(sys.argv[1]))
except (OSError, ValueError):
	print('none the report stage wrote no results')
	sys.exit()
failed = sorted(f'{s}:{c}' for s, e in r['suites'].items()
		for c, v in e.get('cases', {}).items() if v not in ('SUCCESS', 'SKIPPED'))
ran = sum(len(e.get('cases', {})) for e in r['suites'].values())
crash = [p for p in r['problems'] if p.startswith(('guest did not finish', 'kernel log'))]
if failed:
	print('killed', ' '.join(failed))
elif crash:
	print('killed', crash[0][:100])
elif not ran:
	print('none no test ran:', '; '.join(r['problems'])[:100])
else:
	print('survived', ran)
PY
)
	secs=$(( $(date +%s) - t ))
	case $verdict in
	killed\ *)
		killed=$((killed + 1))
		set -- ${verdict#killed }
		gate_result "mutant:$name" ok "killed in ${secs}s by $# test(s): $(echo "$*" | cut -c1-160)" ;;
	survived\ *)
		failed=1
		gate_result "mutant:$name" FAIL "SURVIVED ${verdict#survived } tests; no test pins: $(decision "$m")" ;;
	*)
		failed=1
		gate_result "mutant:$name" FAIL "${verdict#none } (see ${mlogs#$TOP/}/$name/)" ;;
	esac
done
gate_result mutants "$([ "$failed" = 0 ] && echo ok || echo FAIL)" \
	"$killed of ${#mutants[@]} killed in $(( $(date +%s) - _t0 ))s"
exit $failed
