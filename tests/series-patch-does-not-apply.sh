#!/usr/bin/env bash
# A patch that does not apply stops the series stage, which names the patch
# and shows the failing hunk.
. "$(dirname "$0")/lib.sh"
tree=$WORK/tree
git init -q -b main "$tree"
printf 'one\ntwo\nthree\n' > "$tree/file"
git -C "$tree" add file
git -C "$tree" -c user.name=t -c user.email=t@t commit -q -m base
git -C "$tree" tag base
mkdir -p "$WORK/patches/series"
cat > "$WORK/patches/series/0001-change-a-line-that-is-not-there.patch" <<'PATCH'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: T <t@t>
Date: Thu, 1 Jan 2026 00:00:00 +0000
Subject: [PATCH] change a line that is not there

---
 file | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/file b/file
--- a/file
+++ b/file
@@ -1,3 +1,3 @@
 one
-deux
+2
 three
PATCH
expect_failure '0001-change-a-line-that-is-not-there.patch does not apply' \
	env SRC="$tree" PATCHES="$WORK/patches" SERIES=series BUILD="$WORK/build" KERNEL_BRANCH=series \
	"$TOP/stages/series.sh"
grep -q '^  | deux' "$WORK/output" || { gate_result "bench:$NAME" FAIL "the failing hunk is not shown"; exit 1; }
