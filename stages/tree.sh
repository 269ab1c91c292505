#!/usr/bin/env bash
# Stage 2: the base tree. Fetch Debian's kernel source package at the version
# that config/bases/BASE/base.conf pins, unpack it into build/BASE/src/linux
# and make that a git repository whose first commit, tagged "base", is
# exactly what Debian ships. The package is downloaded, not installed: the
# machine's /usr/src and package set stay as they are.
. "$(dirname "$0")/lib.sh"

# The machine's own apt sources serve a suite they list (bookworm-security);
# any other (trixie-backports) comes through the bench's private ones.
apt_for_suite() {	# apt_for_suite apt-get|apt-cache ARGS...
	if grep -rqsw -- "$SUITE" /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
		/etc/apt/sources.list.d/*.list; then
		"$@"
	else
		grep -qw -- "$SUITE" "$TOP/config/apt-private" ||
			die "suite $SUITE of base $BASE is neither in the machine's apt sources nor in config/apt-private"
		apt_private "$@"
	fi
}
offered() {
	apt_for_suite apt-cache madison "$PACKAGE" 2>/dev/null | awk '{ print $3 }' | sort -V -r
}

offered=$(offered)
if [ -z "$offered" ]; then
	apt_for_suite apt-get update -q > "$LOGS/apt-update.log" 2>&1 || true
	offered=$(offered)
fi
[ -n "$offered" ] || die "no $PACKAGE is offered by the suite $SUITE (apt-get update? network? see $LOGS/apt-update.log)"
if grep -qxF "$VERSION" <<<"$offered"; then
	version=$VERSION
	rm -f "$STATE/base.warning"
else
	version=$(head -n 1 <<<"$offered")
	echo "pinned base $PACKAGE $VERSION is no longer offered; using the newest, $version (update config/bases/$BASE/base.conf)" \
		> "$STATE/base.warning"
	warn "$(cat "$STATE/base.warning")"
fi

if [ -d "$SRC/.git" ] && git -C "$SRC" rev-parse -q --verify refs/tags/base >/dev/null; then
	have=$(cat "$STATE/base.version" 2>/dev/null || echo unknown)
	[ "$have" = "$version" ] && exit 0
	die "build/$BASE/src/linux holds base $have but $version is wanted; export your work (make export), then 'make distclean'"
fi

begin "base tree $BASE: $PACKAGE $version from $SUITE"
pkg=$BUILD/pkg
rm -rf "$pkg" && mkdir -p "$pkg"
(cd "$pkg" && run_logged "$LOGS/apt-base.log" apt_for_suite apt-get download -q "$PACKAGE=$version") ||
	die "could not download $PACKAGE=$version; see $LOGS/apt-base.log"
dpkg-deb -x "$pkg"/*.deb "$pkg/root"
tarball=$(find "$pkg/root/usr/src" -maxdepth 1 -name 'linux-source-*.tar.*' | head -n 1)
[ -f "$tarball" ] || die "$PACKAGE has no source tarball under /usr/src"

rm -rf "$SRC" "$SRC.tmp"
mkdir -p "$SRC.tmp"
say "unpacking $(basename "$tarball")"
tar -C "$SRC.tmp" -xf "$tarball"
mv "$SRC.tmp"/linux-source-* "$SRC"
rmdir "$SRC.tmp"

# The base commit is reproducible: fixed identity, the tarball's date.
stamp=$(date -u -d "@$(stat -c %Y "$tarball")" +%Y-%m-%dT%H:%M:%SZ)
rm -rf "$pkg"
say "committing the base (git add of the whole tree takes a minute)"
(
	cd "$SRC"
	git init -q -b "$KERNEL_BRANCH"
	git config user.name "$(. "$TOP/config/identity"; echo "$NAME")"
	git config user.email "$(. "$TOP/config/identity"; echo "$EMAIL")"
	git config core.abbrev 12
	git config gc.auto 0	# no background repack of 1.8 GB while the bench builds
	# Files the selftests' build writes into the source tree.
	printf '%s\n' local_config.h local_config.mk > .git/info/exclude
	git add -A -f .
	GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
	GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
	GIT_AUTHOR_DATE=$stamp GIT_COMMITTER_DATE=$stamp \
		git commit -q -m "Linux $(make -s kernelversion) from Debian $PACKAGE $version"
	git tag base
)
echo "$version" > "$STATE/base.version"
make -s -C "$SRC" kernelversion > "$STATE/base.kernelversion"
rm -f "$STATE/series.applied"
say "base $BASE: Linux $(cat "$STATE/base.kernelversion") (Debian $version), commit $(git -C "$SRC" rev-parse --short base)"
