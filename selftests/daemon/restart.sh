#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The daemon's life: one per namespace (a second one refuses to start);
# stopped, it leaves its links DORMANT and the bus without that host;
# restarted, it serves every link again, also links created meanwhile, and
# neither replays nor duplicates what was sent while it was down; killed
# with SIGKILL, it leaves its links DORMANT at once and a status socket
# behind that a new daemon takes over. Hosts A, B and C as in topo.sh; B's daemon is the one that goes.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 15

MARKER=7EF#EF
down=(201#01 202#02 12345678#03)
up=(211#11 212##1C0FFEE 1ABCDEF0#R2)
more=$(seq 1 15)

topo_three
check "three hosts, each vmc0 attached by its vcanmcd" topo_all_attached vmc0 A B C

# second_daemon: another vcanmcd for A exits at once, non-zero, saying why.
second_daemon()
{
	local out rc=0

	echo "+ vcanmcd -n ${NS[A]}"
	out=$(timeout 60 "$VCANMCD" -n "${NS[A]}" 2>&1) || rc=$?
	echo "$out"
	echo "exit status $rc"
	[ $rc != 0 ] && [ $rc != 124 ] && grep -q "another vcanmcd serves this network namespace" <<<"$out"
}
check "a second vcanmcd for A refuses to start, saying why" second_daemon
check "A's first daemon still answers and serves vmc0" vst A vmc0 attached=true

topo_daemon_stop B
rc=$?
check "B's vcanmcd stops on SIGTERM, exit status 0" test "$rc" = 0
check "B's vmc0 is DORMANT without its daemon" topo_operstate DORMANT B:vmc0
no_daemon()
{
	local out

	out=$(vc B status 2>&1) && return 1
	echo "$out"
	grep -q "is vcanmcd running in this network namespace?" <<<"$out"
}
check "vcanmc status on B says no daemon runs" no_daemon

dump_start C-down C $((${#down[@]} + 1)) vmc0
send A vmc0 "${down[@]}" "$MARKER"
dump_wait C-down
lines vmc0 R "${down[@]}" "$MARKER" >"$TMP/expect.down"
check "C still gets A's frames while B's daemon is down" same_frames C-down "$TMP/expect.down"

# While it is down, B gets 15 more links (on the same bus, no options): a
# restarted daemon finds them all in one dump.
adds=()
for i in $more; do
	adds+=("link add vmc$i type vcanmc" "link set vmc$i up")
done
batch "${NS[B]}" "${adds[@]}"

dump_start B-up B $((${#up[@]} + 1)) vmc0
topo_daemon B
attached=(B vmc0 attached=true)
for i in $more; do
	attached+=(-- B "vmc$i" attached=true)
done
check "B's restarted daemon attaches vmc0 and the 15 links created meanwhile" \
	vwait "${attached[@]}"
check "ip link: all 16 links of B are UP again" topo_operstate UP B

send A vmc0 "${up[@]}" "$MARKER"
dump_wait B-up
lines vmc0 R "${up[@]}" "$MARKER" >"$TMP/expect.up"
check "B gets the frames sent after the restart, once each, and none from before" \
	same_frames B-up "$TMP/expect.up"

topo_daemon_stop B KILL
# The kernel ends the attachment when the killed process's file closes.
check "SIGKILL: B's vmc0 is DORMANT once the daemon is dead" busywait 10000 operstate_is DORMANT B:vmc0
sock=/run/vcanmc/net-$(stat -L -c %i "/run/netns/${NS[B]}").sock
check "SIGKILL leaves B's status socket behind" ls -l "$sock"
topo_daemon B
check "a new daemon for B takes that socket over and attaches vmc0" topo_attached B vmc0

dump_start A-back A $((${#up[@]} + 1)) vmc0
send B vmc0 "${up[@]}" "$MARKER"
dump_wait A-back
check "frames from B reach A once each again" same_frames A-back "$TMP/expect.up"
check "every daemon still runs" topo_daemons_alive

tap_done
