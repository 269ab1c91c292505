#!/usr/bin/env bash
# Prove the README's set-up on a fresh Debian 12: a minbase root from
# debootstrap with the machine's own Debian apt sources, only the README's
# prerequisites (git make), a clean clone of the committed HEAD, then the
# README's commands in it, each logged under build/logs/fresh-root/.
#   FRESH_COMMANDS="make,make check"  what to run in the clone (default both)
#   FRESH_KEEP=1                      reuse the last run's root and clone
. "$(dirname "$0")/lib.sh"

DIR=$TOP/build/fresh-root FLOGS=$TOP/build/logs/fresh-root CLONE=/root/bench
ROOT=$(realpath -m "$DIR/root")	# as findmnt and /proc/PID/root name it
IFS=, read -r -a cmds <<<"${FRESH_COMMANDS:-make,make check}"
mkdir -p "$DIR" "$FLOGS"
# As root logged in on the fresh machine: a clean environment.
in_root=(chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)

dur() { if [ "$1" -ge 60 ]; then echo "$(($1 / 60)) min $(($1 % 60)) s"; else echo "$1 s"; fi; }
mounts() { findmnt -rn -o TARGET | awk -v r="$ROOT" '$0 == r || index($0, r "/") == 1' | sort -r; }
# A bind that stays private: nothing mounted under it reaches the host.
bind() { mkdir -p "$ROOT$2"; mount --bind "$1" "$ROOT$2"; mount --make-private "$ROOT$2"; }

# job LOG FILTER CMD...: CMD in the background in its own process group, so
# that a signal is handled at once and release() stops all of it; output to
# LOG, the lines that match FILTER (if any) shown as they come.
jobpid=
job() {
	local log=$1 filter=$2 rc=0; shift 2
	setsid "$@" >"$log" 2>&1 </dev/null & jobpid=$!
	[ -z "$filter" ] || { tail -n +1 -F --pid="$jobpid" "$log" 2>/dev/null | grep --line-buffered -E "$filter" & }
	wait "$jobpid" || rc=$?
	jobpid=; wait; return "$rc"
}

# Stop what runs in the root, then unmount everything under it, children
# first; true only when no mount is left, the one case where rm is safe.
release() {
	local p m pids=()
	[ -z "$jobpid" ] || kill -TERM -- "-$jobpid" 2>/dev/null || true
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && pids+=("${p#/proc/}")
	done
	[ ${#pids[@]} -eq 0 ] || { kill -TERM "${pids[@]}"; sleep 2; kill -KILL "${pids[@]}"; } 2>/dev/null || true
	for m in $(mounts); do umount "$m" 2>/dev/null || umount -l "$m"; done
	[ -z "$(mounts)" ]
}

# The machine's apt sources that are Debian's: every suite a bookworm one,
# signed (if named) by Debian's archive keyring. Third-party files stay out.
debian_sources() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && awk -v k='^/usr/share/keyrings/debian-archive-' -v s='^bookworm(-[a-z]+)?$' '
			/^[ \t]*#/ { next }
			tolower($1) == "suites:" { n++; for (i = 2; i <= NF; i++) if ($i !~ s) bad = 1 }
			tolower($1) == "signed-by:" && $2 !~ k { bad = 1 }
			$1 ~ /^deb(-src)?$/ { n++; o = $0; sub(/^[^[]*\[/, "", o); sub(/\].*/, "", o)
				if ($2 !~ /^\[/) o = ""; else { sub(/\[[^]]*\][ \t]*/, ""); $0 = $0 }
				if (o ~ /signed-by=/ && o !~ /signed-by=\/usr\/share\/keyrings\/debian-archive-/ || $3 !~ s) bad = 1 }
			END { exit bad || !n }' "$f" && echo "$f"
	done
	return 0
}

trap 'warn interrupted; exit 130' INT; trap 'warn terminated; exit 143' TERM HUP
on_exit 'release || warn "mounts remain under $ROOT: findmnt | grep fresh-root"'
begin "a fresh Debian 12 root runs: ${cmds[*]}"
release || die "cannot unmount what a last run left under $ROOT (findmnt | grep fresh-root)"

if [ "${FRESH_KEEP:-0}" = 1 ] && [ -f "$DIR/root.ok" ]; then
	say "reusing $ROOT (FRESH_KEEP=1)"
else
	rm -rf --one-file-system "$ROOT" "$DIR/root.ok"	# nothing is mounted: release() said so
	read -r mirror keyring < <(host_debian_mirror) ||
		die "the machine's apt sources name no Debian mirror (/etc/apt/sources.list, sources.list.d)"
	[ -f "$keyring" ] || keyring=
	t=$SECONDS
	job "$FLOGS/debootstrap.log" '' debootstrap --variant=minbase ${keyring:+--keyring="$keyring"} \
		bookworm "$ROOT" "$mirror" || die "debootstrap failed; see $FLOGS/debootstrap.log"
	touch "$DIR/root.ok"
	say "debootstrap --variant=minbase bookworm: $(dur $((SECONDS - t)))"
fi

# debootstrap lists only "bookworm main"; a real install has -updates and
# -security too (linux-source-6.12 is only in bookworm-security).
mapfile -t srcs < <(debian_sources)
[ ${#srcs[@]} -gt 0 ] || die "no Debian apt sources in /etc/apt/sources.list or sources.list.d"
rm -f "$ROOT/etc/apt/sources.list" "$ROOT"/etc/apt/sources.list.d/*
for f in "${srcs[@]}"; do cp "$f" "$ROOT$f"; done
# And the way this machine reaches that mirror: a proxy, or (a frozen
# snapshot) no expiry check of Release files, else sid's fails in the root.
apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|([a-z]+::)?Proxy)' \
	>"$ROOT/etc/apt/apt.conf.d/00machine-mirror" || true
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
bind /proc /proc; bind /sys /sys; bind /dev /dev; bind /dev/pts /dev/pts
mount -t tmpfs -o mode=1777 shm "$ROOT/dev/shm"	# a non-recursive /dev has none

t=$SECONDS
job "$FLOGS/apt.log" '' "${in_root[@]}" apt-get update &&
	job "$FLOGS/apt-install.log" '' "${in_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y git make ||
	die "apt-get in the root failed; see $FLOGS/apt.log and apt-install.log"
say "apt-get update, install git make: $(dur $((SECONDS - t))) (sources: ${srcs[*]})"

# Only what is committed: a --no-local clone of a read-only bind of the
# repository, unmounted again at once. FRESH_KEEP's clone moves to HEAD.
t=$SECONDS
bind "$TOP" /mnt; mount -o remount,bind,ro "$ROOT/mnt"
get="git clone -q --no-local /mnt $CLONE"
[ -d "$ROOT$CLONE/.git" ] && get="cd $CLONE && git fetch -q origin HEAD && git reset -q --hard FETCH_HEAD && git clean -fdq"
job "$FLOGS/clone.log" '' "${in_root[@]}" sh -c "$get" || die "the clone of $TOP failed; see $FLOGS/clone.log"
umount "$ROOT/mnt"
say "clone of $(git -C "$TOP" rev-parse --short HEAD): $(dur $((SECONDS - t)))"

declare -A status secs
for c in "${cmds[@]}"; do
	say "running '$c' in the root; log $FLOGS/${c// /-}.log"
	t=$SECONDS status[$c]=0
	job "$FLOGS/${c// /-}.log" '^\[' "${in_root[@]}" sh -c "cd $CLONE && $c" || status[$c]=$?
	secs[$c]=$((SECONDS - t))
done
release || die "mounts remain under $ROOT: findmnt | grep fresh-root"

failed=()
for c in "${cmds[@]}"; do
	say "$c: exit ${status[$c]}, $(dur "${secs[$c]}"); its last lines:"
	tail -n 3 "$FLOGS/${c// /-}.log" | sed 's/^/    /'
	[ "${status[$c]}" = 0 ] || failed+=("'$c' (see $FLOGS/${c// /-}.log)")
done
[ ${#failed[@]} -eq 0 ] || die "failed in the fresh root: ${failed[*]}"
