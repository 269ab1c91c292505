#!/usr/bin/env bash
# A patch with a checkpatch error fails the gate, which names the patch and
# the error.
. "$(dirname "$0")/lib.sh"
# The series as they are, and one more patch in a series of its own.
mkdir -p "$WORK/patches/bad"
for s in $SERIES; do
	mkdir -p "$WORK/patches/$s"
	series_patches "$s" | xargs -r cp -t "$WORK/patches/$s"
done
ident=$(. "$TOP/config/identity"; echo "$NAME <$EMAIL>")	# not into this test's NAME
mkdir -p "$WORK/a/mm" "$WORK/b/mm"
cp "$SRC/mm/hmm.c" "$WORK/a/mm/hmm.c"
sed 's/^#include "internal.h"$/&\nint hmm_style_error;  /' "$SRC/mm/hmm.c" > "$WORK/b/mm/hmm.c"
{
	printf 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n'
	printf 'From: %s\n' "$ident"
	printf 'Date: Thu, 1 Jan 2026 00:00:00 +0000\n'
	printf 'Subject: [PATCH] mm/hmm: a style error\n\n'
	printf 'A declaration that ends in white space.\n\n'
	printf 'Signed-off-by: %s\n---\n' "$ident"
	(cd "$WORK" && diff -u --label a/mm/hmm.c --label b/mm/hmm.c a/mm/hmm.c b/mm/hmm.c) || true
} > "$WORK/patches/bad/0099-bench-selftest-a-style-error.patch"
expect_failure 'checkpatch: FAIL .*0099-bench-selftest-a-style-error.patch: [1-9][0-9]* errors.*ERROR:' \
	env STATE="$WORK/state" LOGS="$WORK/logs" PATCHES="$WORK/patches" SERIES="$SERIES bad" "$TOP/gate/checkpatch.sh"
