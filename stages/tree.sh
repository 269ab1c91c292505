#!/usr/bin/env bash
# Stage 2: the base tree. Install Debian's kernel source at the version pinned
# in config/base.conf, unpack it into build/src/linux and make that a git
# repository whose first commit, tagged "base", is exactly what Debian ships.
. "$(dirname "$0")/lib.sh"
. "$TOP/config/base.conf"

# Which version: the pinned one, or the newest 6.12 the archive offers.
offered=$(apt-cache madison "$BASE_PACKAGE" 2>/dev/null | awk '{print $3}' | sort -V -r)
if [ -z "$offered" ]; then
	apt-get update -q >/dev/null 2>&1 || true
	offered=$(apt-cache madison "$BASE_PACKAGE" 2>/dev/null | awk '{print $3}' | sort -V -r)
fi
[ -n "$offered" ] || die "the package archive offers no $BASE_PACKAGE (apt-get update? network?)"
if grep -qxF "$BASE_VERSION" <<<"$offered"; then
	version=$BASE_VERSION
	rm -f "$STATE/base.warning"
else
	version=$(head -n 1 <<<"$offered")
	echo "pinned base $BASE_PACKAGE $BASE_VERSION is no longer offered; using the newest, $version (update config/base.conf)" \
		> "$STATE/base.warning"
	warn "$(cat "$STATE/base.warning")"
fi

if [ -d "$SRC/.git" ] && git -C "$SRC" rev-parse -q --verify refs/tags/base >/dev/null; then
	have=$(cat "$STATE/base.version" 2>/dev/null || echo unknown)
	[ "$have" = "$version" ] && exit 0
	die "build/src/linux holds base $have but $version is wanted; export your work (make export), then 'make distclean'"
fi

begin "base tree: $BASE_PACKAGE $version"
installed=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null || true)
if [ "$installed" != "$version" ]; then
	say "installing $BASE_PACKAGE=$version"
	DEBIAN_FRONTEND=noninteractive run_logged "$LOGS/apt-base.log" \
		apt-get install -y -q --allow-downgrades "$BASE_PACKAGE=$version" ||
		die "could not install $BASE_PACKAGE=$version; see $LOGS/apt-base.log"
fi
tarball=$(dpkg -L "$BASE_PACKAGE" | grep -E '/usr/src/linux-source-.*\.tar\.(xz|bz2|gz)$' | head -n 1)
[ -f "$tarball" ] || die "$BASE_PACKAGE installed no source tarball under /usr/src"

rm -rf "$SRC" "$SRC.tmp"
mkdir -p "$SRC.tmp"
say "unpacking $tarball"
tar -C "$SRC.tmp" -xf "$tarball"
mv "$SRC.tmp"/linux-source-* "$SRC"
rmdir "$SRC.tmp"

# The base commit is reproducible: fixed identity, the tarball's date.
stamp=$(date -u -d "@$(stat -c %Y "$tarball")" +%Y-%m-%dT%H:%M:%SZ)
say "committing the base (git add of the whole tree takes a minute)"
(
	cd "$SRC"
	git init -q -b "$KERNEL_BRANCH"
	git config user.name "$(. "$TOP/config/identity"; echo "$NAME")"
	git config user.email "$(. "$TOP/config/identity"; echo "$EMAIL")"
	git config core.abbrev 12
	# Files the selftests' build writes into the source tree.
	printf '%s\n' local_config.h local_config.mk > .git/info/exclude
	git add -A -f .
	GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
	GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
	GIT_AUTHOR_DATE=$stamp GIT_COMMITTER_DATE=$stamp \
		git commit -q -m "Linux $(make -s kernelversion) from Debian $BASE_PACKAGE $version"
	git tag base
)
echo "$version" > "$STATE/base.version"
make -s -C "$SRC" kernelversion > "$STATE/base.kernelversion"
rm -f "$STATE/series.applied"
say "base: Linux $(cat "$STATE/base.kernelversion") (Debian $version), commit $(git -C "$SRC" rev-parse --short base)"
