#!/usr/bin/env bash
# Stage: configure and build kernel NAME from the tip of the series in a
# work tree of its own, build/BASE/src/NAME (a git worktree of
# build/BASE/src/linux at the tip, detached), so that it can build in the
# background while the walk checks out every step of the series in
# build/BASE/src/linux. Its build directory is build/BASE/out/NAME as
# always; the guest stage takes it from there.
name=${1:?usage: build-apart.sh NAME}
STAGE="apart $name"
. "$(dirname "$0")/lib.sh"

tip=$(git -C "$SRC" rev-parse --verify -q "$KERNEL_BRANCH^{commit}") ||
	die "no branch $KERNEL_BRANCH in ${SRC#$TOP/} (run make tree)"
wt=$BUILD/src/$name
if [ -e "$wt/.git" ]; then
	[ -z "$(git -C "$wt" status --porcelain --untracked-files=no)" ] ||
		die "uncommitted changes in ${wt#$TOP/}: it only ever holds the tip of the series"
	git -C "$wt" checkout -q --detach "$tip"
else
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q --detach "$wt" "$tip" ||
		die "could not make the work tree ${wt#$TOP/}"
fi
say "${wt#$TOP/} at $(git -C "$wt" describe --always --tags)"
export SRC=$wt
"$TOP/stages/config.sh" "$name" && "$TOP/stages/build.sh" "$name"
