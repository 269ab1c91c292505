#!/usr/bin/env bash
# Stage: build the tools the bench needs that Debian 12 lacks, from Debian's
# newer source packages (config/tools, through apt_private), into
# build/tools. Today only sparse: build/tools/bin/sparse is the one the
# C=1/C=2 builds run ($SPARSE). Quiet and quick when already built.
. "$(dirname "$0")/lib.sh"

read -r _ pinned < <(awk '$1 == "sparse" { print; exit }' "$TOP/config/tools") ||
	die "config/tools names no sparse version"
stamp=$TOOLS/sparse.stamp	# "PINNED BUILT": the version asked for, the one built
if [ -x "$TOOLS/bin/sparse" ] && read -r was built 2>/dev/null < "$stamp" && [ "$was" = "$pinned" ]; then
	[ "$built" = "$pinned" ] || warn "${TOOLS#$TOP/} has sparse $built: $pinned (config/tools) is no longer offered"
	exit 0
fi

begin "sparse $pinned from Debian's source package, into ${TOOLS#$TOP/}"
offered=$(apt_private apt-cache showsrc sparse | awk '$1 == "Version:" { print $2 }') ||
	die "apt-cache showsrc sparse failed (config/apt-private)"
version=$pinned
if ! grep -qxF -- "$pinned" <<<"$offered"; then
	version=
	for v in $offered; do
		[ -z "$version" ] || dpkg --compare-versions "$v" gt "$version" && version=$v
	done
	[ -n "$version" ] || die "no sparse source package is offered by the deb-src suites of config/apt-private"
	warn "sparse $pinned (config/tools) is no longer offered: building the newest, $version; pin it in config/tools"
fi

# The checker only, with bookworm's gcc (Debian's patch names gcc-16, and
# sparse takes the compiler's own include directory from it); none of the
# optional programs (c2xml, semind, test-inspect, sparse-llvm).
build() (
	cd "$TOOLS/src" &&
	apt_private apt-get -q source --download-only "sparse=$version" &&
	rm -rf "sparse-$version" &&
	dpkg-source -x "sparse_${version#*:}.dsc" "sparse-$version" &&
	make -C "sparse-$version" CC=gcc HAVE_LIBXML=no HAVE_SQLITE=no HAVE_GTK=no HAVE_LLVM=no \
		-j"$JOBS" sparse &&
	install -D -m 755 "sparse-$version/sparse" "$TOOLS/bin/sparse"
)
mkdir -p "$TOOLS/src"
rm -f "$stamp"
log=$LOGS/tools-sparse.log
run_logged "$log" build || die "sparse $version did not build; see $log"
# The kernel's own test of the checker, where the tree has one (7.3 does).
if [ -x "$SRC/scripts/checker-valid.sh" ] &&
   [ "$("$SRC/scripts/checker-valid.sh" "$TOOLS/bin/sparse" -m64)" != 1 ]; then
	die "the sparse built from $version is refused by the tree's scripts/checker-valid.sh; see $log"
fi
echo "$pinned $version" > "$stamp"
# (It calls itself 0.6.4 in --version: the rc1 tarball's Makefile says so.)
say "built ${TOOLS#$TOP/}/bin/sparse from Debian's sparse $version"
