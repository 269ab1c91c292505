#!/usr/bin/env bash
# The mutation stage reports a mutant that no test kills, and fails: here
# one that changes only a comment of mm/hmm.c, so every test passes on it.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/mutants"
f=$(grep -n -m1 '^ \* Refer to include/linux/hmm.h' "$SRC/mm/hmm.c" | cut -d: -f1)
[ -n "$f" ] || die "mm/hmm.c has changed: no line to touch for the no-op mutant"
{
	printf 'Mutant: a comment changed, nothing else\nDecision: none (a no-op)\n\n'
	sed "${f}s/Refer to/See/" "$SRC/mm/hmm.c" | diff -u --label a/mm/hmm.c --label b/mm/hmm.c "$SRC/mm/hmm.c" - || true
} > "$WORK/mutants/noop.diff"
# One quick test is enough for a mutant that nothing can kill.
printf 'hmm-one  ktap  hmm-tests -t open_close\n' > "$WORK/suites"
expect_failure 'mutant:noop: FAIL \(SURVIVED' env MUTANTS="$WORK/mutants" MUTANT_SUITES="$WORK/suites" \
	STATE="$WORK/state" LOGS="$WORK/logs" "$TOP/stages/mutate.sh"
