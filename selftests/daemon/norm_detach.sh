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
# What leaves A's eth0 is delayed 1 s and 20 % of it lost: when A's link
# goes down (or its daemon stops), right after A's daemon took the frames
# (frames_out), most of them have not even reached B, and what the network
# loses can only be repaired by a session that is still there. Once B
# acknowledged the stream's end (a NORM watermark), A's session ends.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_netem

SEQ="$PY $HERE/seqcheck.py"
RCVBUF=16777216
N=200

tap_plan 8

for h in A B; do
	topo_host $h && topo_link $h vmc0 encap norm && topo_daemon $h
done
check "A, B: vmc0 attached with encap norm" \
	vwait A vmc0 attached=true encap=norm -- B vmc0 attached=true encap=norm

# send_then ID ACTION...: A sends $N numbered frames of ID through a lossy,
# slow eth0; once A's daemon took them all, ACTION; B must get them all.
send_then()
{
	local id=$1 rc=0 out0

	shift
	out0=$(counter A vmc0 frames_out)
	dump_start "t$id" B $N -r $RCVBUF "vmc0,$id:7FF" || return 1
	netem A delay 1000ms loss 20% || return 1
	on A cangen vmc0 -g 1 -n $N -I "$id" -L 8 -D i
	vwait A vmc0 frames_out=$((out0 + N)) || rc=1
	"$@" || rc=1
	dump_wait "t$id" || rc=1
	netem A none
	$SEQ "$TMP/t$id.got" "$id" $N || rc=1
	return $rc
}

check "A's link goes down right after $N frames: B gets them all, in order" \
	send_then 200 run ip -n "${NS[A]}" link set vmc0 down
check "A's daemon ended the session once B acknowledged its end" \
	busywait "$TIMEOUT" grep -q "session ended, every receiver has its end" "$TMP/vcanmcd-A.log"
check "A's link is detached" vwait A vmc0 attached=false

run ip -n "${NS[A]}" link set vmc0 up
# A is a new NORM sender now. B joins its stream at the first message it
# receives: on a lossless network, the first.
warm()
{
	vwait A vmc0 attached=true || return 1
	dump_start warm B 10 vmc0,1FF:7FF || return 1
	on A cangen vmc0 -g 10 -n 10 -I 1FF -L 8 -D i
	dump_wait warm && $SEQ "$TMP/warm.got" 1FF 10
}
check "A's link attaches again, B gets its frames" warm

# The daemon stops: it is not the check's child, so stopped from here.
stop_a() { kill -TERM "${DPID[A]}"; }
check "A's daemon stops right after $N frames: B gets them all, in order" \
	send_then 201 stop_a
check "A's daemon waited for B to acknowledge its stream's end, then stopped" \
	busywait "$TIMEOUT" eval "! running ${DPID[A]} && grep -A1000 'vcanmcd stops' '$TMP/vcanmcd-A.log' | grep -q 'session ended, every receiver has its end'"
unset "DPID[A]"
check "B's daemon still runs" topo_daemons_alive
tap_done
