#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The daemons follow their links while traffic flows: cangen streams on A
# as every host moves vmc0 from the IPv6 group to an IPv4 one, then to
# another IPv6 group and port; B deletes vmc0 and creates it anew; C sets it
# down and up. After each change every daemon serves the link with the new
# settings, frames cross exactly once again, and no daemon crashes. Hosts A,
# B and C as in topo.sh; the checked frames (IDs 7E0-7EF) pass a candump
# filter that keeps cangen's (ID 100) out.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 18

# crosses N RECEIVER...: three frames numbered N and a marker from A reach
# every RECEIVER once each, among cangen's stream.
crosses()
{
	local n=$1 h frames rc=0

	shift
	frames=("7E$n#0$n" "7E$n##1$(printf '%02X' $(seq 1 16))" "7E$n#R3" 7EF#EF)
	lines vmc0 R "${frames[@]}" >"$TMP/expect.$n"
	for h in "$@"; do
		dump_start "$h.$n" "$h" ${#frames[@]} vmc0,7E0:7F0 || return 1
	done
	send A vmc0 "${frames[@]}" || return 1
	for h in "$@"; do
		dump_wait "$h.$n"
		same_frames "$h.$n" "$TMP/expect.$n" || rc=1
	done
	return $rc
}

# set_all OPTIONS...: vcanmc set vmc0 OPTIONS on every host.
set_all()
{
	local h

	for h in A B C; do
		vc "$h" set vmc0 "$@" || return 1
	done
}

# streams: B and C keep receiving cangen's frames.
streams()
{
	local b c

	b=$(vst -g B vmc0 frames_in) && c=$(vst -g C vmc0 frames_in) || return 1
	vwait B vmc0 "frames_in>$((b + 20))" -- C vmc0 "frames_in>$((c + 20))"
}

topo_three
check "three hosts, each vmc0 attached by its vcanmcd" topo_all_attached vmc0 A B C

echo "# + [A] cangen vmc0 -g 20 -I 100 -L 8 &"
ip netns exec "${NS[A]}" cangen vmc0 -g 20 -I 100 -L 8 &
cangen=$!
lib_pids+=("$cangen")
check "cangen's stream from A reaches B and C" streams

set_all group 239.0.2.6
check "all daemons follow vmc0 to IPv4 group 239.0.2.6" \
	vwait A vmc0 attached=true group=239.0.2.6 -- B vmc0 attached=true group=239.0.2.6 \
	   -- C vmc0 attached=true group=239.0.2.6
check "frames cross once each on the new group" crosses 1 B C
check "the stream resumes" streams

set_all group ff15::6 port 5006
check "all daemons follow vmc0 to [ff15::6]:5006" \
	vwait A vmc0 attached=true group=ff15::6 port=5006 \
	   -- B vmc0 attached=true group=ff15::6 port=5006 \
	   -- C vmc0 attached=true group=ff15::6 port=5006
check "frames cross once each on the new group and port" crosses 2 B C

run ip -n "${NS[B]}" link del vmc0
check "B's daemon forgets the deleted vmc0" vwait B links=
topo_link B vmc0 group ff15::6 port 5006
check "B's daemon attaches the new vmc0" topo_attached B vmc0 group=ff15::6 port=5006
check "frames cross once each to the new vmc0" crosses 3 B C

run ip -n "${NS[C]}" link set vmc0 down
check "C's daemon detaches vmc0 when it goes down" \
	vwait C vmc0 attached=false reason="link is down"
run ip -n "${NS[C]}" link set vmc0 up
check "and attaches it again when it comes up" topo_attached C vmc0
check "frames cross once each after down and up" crosses 4 B C

alive() { running "$cangen" && echo "cangen runs" && topo_daemons_alive; }
check "cangen still streams, every daemon still runs" alive

# A link that never comes up is never attached: reattaching it (SIGHUP),
# deleting it and stopping with it must not touch what it never had.
run ip -n "${NS[C]}" link add dev vmc9 type vcanmc
check "C's daemon finds vmc9, down, and does not attach it" \
	vwait C vmc9 attached=false reason="link is down"
echo "# + kill -HUP ${DPID[C]} (vcanmcd -n ${NS[C]})"
kill -HUP "${DPID[C]}"
run ip -n "${NS[C]}" link del vmc9
check "C's daemon forgets vmc9, deleted down after SIGHUP" \
	vwait C links=vmc0
check "every daemon still runs" topo_daemons_alive
run ip -n "${NS[C]}" link add dev vmc9 type vcanmc
vwait C vmc9 attached=false reason="link is down" >/dev/null
# not in check's subshell: the daemon is this shell's child
crc=0
topo_daemon_stop C || crc=$?
stopped() { echo "vcanmcd -n ${NS[C]} exited with $crc"; [ "$crc" = 0 ]; }
check "C's daemon, stopped with vmc9 down, exits cleanly" stopped

tap_done
