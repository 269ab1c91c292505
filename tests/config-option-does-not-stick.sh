#!/usr/bin/env bash
# An option of a fragment that olddefconfig drops (here: one whose
# dependency is off) fails the config stage, which names it.
. "$(dirname "$0")/lib.sh"
cat > "$WORK/lost.config" <<'FRAG'
CONFIG_TEST_HMM=m
# CONFIG_TRANSPARENT_HUGEPAGE is not set
FRAG
echo "lost x86_64 - hmm.config $WORK/lost.config" > "$WORK/builds"
expect_failure 'CONFIG_TEST_HMM=m -> CONFIG_TEST_HMM \(absent\)' \
	env BUILD="$WORK/build" SRC="$SRC" BUILDS_FILE="$WORK/builds" "$TOP/stages/config.sh" lost
