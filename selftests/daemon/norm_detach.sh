#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Encapsulation norm: a sender that goes away lets the others have the end
# of its stream. NORM repairs what a receiver misses only while the
# sender's session runs; a link taken down, or a daemon stopped, right
# after its last frames must keep its session until they are repaired.
#
#   host A: vcanmcd, sends     host B: vcanmcd, receives
#
# What leaves A's eth0 is delayed 1 s and 10 % of it lost: when A's link
# goes down (or its daemon stops), right after A's daemon took the frames
# (frames_out), most of them have not reached B yet, and what the network
# loses can only be repaired by a session that is still there (before,
# B got 13 of 200). A repair takes a round trip of 1 s and more: a few
# fit in the 10 s a session lingers. A's
# session ends once B acknowledged the stream's end (a NORM watermark),
# or after 10 s.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_netem

SEQ="$PY $HERE/seqcheck.py"
RCVBUF=16777216
N=200

tap_plan 10

for h in A B; do
	topo_host $h && topo_link $h vmc0 encap norm && topo_daemon $h -v
done
check "A, B: vmc0 attached with encap norm" \
	vwait A vmc0 attached=true encap=norm -- B vmc0 attached=true encap=norm

# A's NORM node id, as its daemon logged it last
a_node() { sed -n 's/.*vmc0: NORM node \([0-9a-f]*\),.*/\1/p' "$TMP/vcanmcd-A.log" | tail -n 1; }

# B joins a stream at the first message its libnorm sees: the first, on a
# lossless network, once B's guard admitted A's node (A's first packet
# after its start does; what A sends before B heard of it is a late join
# for B, counted as such).
warm()
{
	vwait A vmc0 attached=true || return 1
	vwait B vmc0 "node:$(a_node)=1" || return 1
	dump_start "warm$1" B 10 vmc0,1FF:7FF || return 1
	on A cangen vmc0 -g 10 -n 10 -I 1FF -L 8 -D i
	dump_wait "warm$1" && $SEQ "$TMP/warm$1.got" 1FF 10
}
check "A's first frames reach B" warm 1

# send_then ID ACTION...: A sends $N numbered frames of ID through a lossy,
# slow eth0; once A's daemon took them all, ACTION; B must get them all.
send_then()
{
	local id=$1 rc=0 out0

	shift
	out0=$(counter A vmc0 frames_out)
	dump_start "t$id" B $N -r $RCVBUF "vmc0,$id:7FF" || return 1
	netem A delay 1000ms loss 10% || return 1
	on A cangen vmc0 -g 1 -n $N -I "$id" -L 8 -D i
	vwait A vmc0 frames_out=$((out0 + N)) || rc=1
	"$@" || rc=1
	dump_wait "t$id" || rc=1
	netem A none
	$SEQ "$TMP/t$id.got" "$id" $N || rc=1
	[ $rc = 0 ] || "$VCANMC" -n "${NS[B]}" status
	return $rc
}

check "A's link goes down right after $N frames: B gets them all, in order" \
	send_then 200 run ip -n "${NS[A]}" link set vmc0 down
check "A's daemon ended the old session" \
	busywait "$TIMEOUT" grep -q "NORM node .*: session ended" "$TMP/vcanmcd-A.log"
check "A's link is detached" vwait A vmc0 attached=false

run ip -n "${NS[A]}" link set vmc0 up
check "A's link attaches again (a new NORM sender), B gets its frames" warm 2

# The daemon stops: it is not the check's child, so stopped from here.
stop_a() { kill -TERM "${DPID[A]}"; }
check "A's daemon stops right after $N frames: B gets them all, in order" \
	send_then 201 stop_a
check "A's daemon ended its session, then stopped" \
	busywait "$TIMEOUT" eval "! running ${DPID[A]} && grep -A1000 'vcanmcd stops' '$TMP/vcanmcd-A.log' | grep -q 'session ended'"
unset "DPID[A]"
check "B's daemon still runs" topo_daemons_alive

# A bus stopped at once: each daemon's session waits for the others'
# acknowledgements while theirs wait for its own; both stop.
topo_daemon A
both()
{
	local h rc=0

	# Each hears the other send: each knows the other as a sender.
	vwait A vmc0 attached=true || return 1
	dump_start a202 B 20 vmc0,202:7FF && dump_start b203 A 20 vmc0,203:7FF || return 1
	on A cangen vmc0 -g 1 -n 20 -I 202 -L 8 -D i
	on B cangen vmc0 -g 1 -n 20 -I 203 -L 8 -D i
	dump_wait a202 && dump_wait b203 || return 1
	kill -TERM "${DPID[A]}" "${DPID[B]}"
	for h in A B; do
		busywait 60000 eval "! running ${DPID[$h]}" || rc=1
		tail -n 3 "$TMP/vcanmcd-$h.log"
		tail -n 3 "$TMP/vcanmcd-$h.log" | grep -q "session ended" || rc=1
	done
	return $rc
}
check "A and B stopped at once: both end their sessions and stop" both
unset "DPID[A]" "DPID[B]"
tap_done
