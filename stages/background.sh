#!/usr/bin/env bash
# Stage helper: run a command in the background at the lowest priority, so
# that it takes mostly the CPU and disk time that the foreground leaves (nice
# 19 and the idle I/O class), and wait for it later. Not SCHED_IDLE: on this
# bench's machines (Linux 6.18) two SCHED_IDLE spinners made a two-process
# foreground job 4 times slower (18 s alone, 73 s), two at nice 19 only 1.0
# to 1.45 times. make check builds the backport lines this way while the
# primary base's walk, gates and first guests run, and waits before anything
# whose verdict could depend on the machine's load.
#
#   background.sh start NAME COMMAND...  start it; its output goes to
#                                        build/background/NAME.log
#   background.sh wait                   wait for every job still running,
#                                        and say how each one ended
#   background.sh show NAME              wait for it, then its log; exits
#                                        non-zero if it failed
STAGE=background
. "$(dirname "$0")/lib.sh"
DIR=$TOP/build/background
mkdir -p "$DIR"

running() {	# running NAME: its process group is alive
	local pid
	pid=$(cat "$DIR/$1.pid" 2>/dev/null) || return 1
	kill -0 -- "-$pid" 2>/dev/null
}

# wait_for NAME: until it ends; say how it ended, once.
wait_for() {
	local name=$1 t0=$SECONDS start rc
	[ -e "$DIR/$name.waited" ] && return 0
	running "$name" && say "waiting for $name"
	while running "$name"; do sleep 5; done
	start=$(cat "$DIR/$name.start" 2>/dev/null || date +%s)
	touch "$DIR/$name.waited"
	rc=$(cat "$DIR/$name.rc" 2>/dev/null || echo "unknown (it was stopped)")
	if [ "$rc" = 0 ]; then
		say "$name ended well, $(( $(date +%s) - start )) s after it started; waited $((SECONDS - t0)) s for it"
	else
		warn "$name ended with exit $rc (see ${DIR#$TOP/}/$name.log)"
	fi
}

case ${1:-} in
start)
	name=${2:?usage: background.sh start NAME COMMAND...}; shift 2
	[ $# -gt 0 ] || die "usage: background.sh start NAME COMMAND..."
	command -v nice > /dev/null && command -v ionice > /dev/null ||
		die "nice (coreutils) and ionice (util-linux) are needed to run $name at low priority"
	if running "$name"; then
		warn "a job $name of an earlier run is still running: stopping it"
		kill -- "-$(cat "$DIR/$name.pid")" 2>/dev/null || true
	fi
	rm -f "$DIR/$name.rc" "$DIR/$name.waited"
	date +%s > "$DIR/$name.start"
	# setsid: a process group of its own, to wait on and to stop.
	setsid bash -c 'rc=0; nice -n 19 ionice -c 3 "$@" || rc=$?; echo "$rc" > "$0.rc"' \
		"$DIR/$name" "$@" > "$DIR/$name.log" 2>&1 < /dev/null &
	echo $! > "$DIR/$name.pid"
	say "$name started at nice 19, idle I/O class (log: ${DIR#$TOP/}/$name.log)"
	;;
wait)
	for pidfile in "$DIR"/*.pid; do
		[ -e "$pidfile" ] && wait_for "$(basename "$pidfile" .pid)"
	done
	;;
show)
	name=${2:?usage: background.sh show NAME}
	[ -f "$DIR/$name.log" ] || die "no background job $name was started"
	wait_for "$name"
	cat "$DIR/$name.log"
	rc=$(cat "$DIR/$name.rc" 2>/dev/null || echo "unknown (it was stopped)")
	[ "$rc" = 0 ] || die "$name ended with exit $rc"
	;;
*)
	die "usage: background.sh start NAME COMMAND... | wait | show NAME"
	;;
esac
