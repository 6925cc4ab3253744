#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# encap python-can-batch: frames the daemon has at hand go out together,
# python-can maps back to back in datagrams of at most 1200 bytes, and still
# arrive exactly once and in order. A's daemon is stopped while cangen
# queues a burst of mixed frames on vmc0 (standard and extended, remote, FD
# up to 64 bytes with BRS and ESI); once it runs again, the burst must go
# out in far fewer datagrams than frames. B and C show every frame as RX in
# A's order; D, a host without vcanmc, reads the datagrams with a plain UDP
# socket and python-can's own unpack_message() (batch_peer.py). A
# python-can program still reaches batch receivers: one frame a datagram is
# a batch of one.
#
#   A: cansend, cangen -> vmc0 -> vcanmcd ==batches==> vcanmcd -> vmc0 -> candump (B, C)
#                                                 \==> batch_peer.py (D)
#   D: python-can ==single frames==> vcanmcd -> vmc0 -> candump (A, B, C)
#
# Hosts A, B, C as in topo.sh, D on the same bridge.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 10

G6=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
MARKER=7EF#EF
ALL=0:0,#FFFFFFFF
BURST=400

data64=$(printf '%02X' $(seq 0 63))
frames=(
	123#1122334455667788		# standard ID
	1ABCDEF0#C0FFEE			# extended ID
	321#R5				# remote frame with a length
	456##1A0A1A2A3A4A5A6A7A8A9AAAB	# FD, BRS, 12 bytes
	0ABCDEF0##3"$data64"		# FD, BRS and ESI, extended, 64 bytes
	20000004#0004000000000000	# error frame
)

# batch_recv NAME HOST COUNT: batch_peer.py in HOST prints COUNT frames into
# $TMP/NAME and its figures into $TMP/NAME.stats; py_ready NAME waits until
# it listens, dump_wait NAME until it is done.
batch_recv()
{
	local name=$1 h=$2 n=$3

	echo "# + [$h] batch_peer.py $G6 43113 eth0 $n >$name &"
	ip netns exec "${NS[$h]}" "$PY" "$HERE/batch_peer.py" $G6 43113 eth0 "$n" \
		"$TMP/$name.ready" "$TMP/$name.stats" >"$TMP/$name" &
	DUMP[$name]=$!
}

# stat_of HOST KEY: KEY of vmc0 in HOST's "vcanmc status -j".
stat_of()
{
	"$VCANMC" -n "${NS[$1]}" status -j vmc0 |
		"$PY" -c 'import json, sys; print(json.load(sys.stdin)[0][sys.argv[1]])' "$2"
}

# fewer_datagrams FRAMES DATAGRAMS: at least four frames a datagram.
fewer_datagrams()
{
	echo "$1 frames in $2 datagrams"
	[ "$2" -ge 1 ] && [ $(($2 * 4)) -le "$1" ]
}

# stats_fit NAME DATAGRAMS: batch_peer.py NAME saw DATAGRAMS datagrams, none
# above 1200 bytes.
stats_fit()
{
	local datagrams=0 largest=0

	cat "$TMP/$1.stats" || return 1
	eval "$(cat "$TMP/$1.stats")"
	[ "$datagrams" = "$2" ] && [ "$largest" -le 1200 ] && [ "$largest" -gt 0 ]
}

# all_tx NAME COUNT: candump NAME got COUNT lines, all TX.
all_tx()
{
	echo "$(wc -l <"$TMP/$1.got") lines, $(grep -vc ' T$' "$TMP/$1.got") not TX"
	[ "$(wc -l <"$TMP/$1.got")" = "$2" ] && ! grep -q -v ' T$' "$TMP/$1.got"
}

for h in A B C; do
	topo_host "$h"
	topo_link "$h" vmc0 encap python-can-batch
	topo_daemon "$h"
done
topo_host D
check "A, B, C: vmc0 attached with encap python-can-batch" \
	vwait A vmc0 attached=true encap=python-can-batch \
	   -- B vmc0 attached=true encap=python-can-batch \
	   -- C vmc0 attached=true encap=python-can-batch

# Every frame on A: the kinds one by one, then the burst, then a marker.
total=$((${#frames[@]} + BURST + 1))
dump_start A A $total -r 8000000 "vmc0,$ALL"
dump_start B B $total -r 8000000 "vmc0,$ALL"
dump_start C C $total -r 8000000 "vmc0,$ALL"
batch_recv D D $total
py_ready D
send A vmc0 "${frames[@]}"
# Stopped, the daemon cannot read its socket: the burst waits there.
out0=$(stat_of A frames_out) dg0=$(stat_of A datagrams_out)
echo "# + kill -STOP ${DPID[A]} (vcanmcd -n ${NS[A]})"
kill -STOP "${DPID[A]}"
on A cangen vmc0 -n $BURST -g 0 -m
echo "# + kill -CONT ${DPID[A]}"
kill -CONT "${DPID[A]}"
send A vmc0 "$MARKER"
for h in A B C D; do
	dump_wait "$h"
done
sed 's/ T$/ R/' "$TMP/A.got" >"$TMP/expect.rx"
sed 's/^vmc0 //; s/ T$//' "$TMP/A.got" >"$TMP/expect.py"
check "A: candump shows all $total frames as TX" all_tx A $total
check "B: every frame once, as RX, unchanged, in A's order" same_frames B "$TMP/expect.rx"
check "C: every frame once, as RX, unchanged, in A's order" same_frames C "$TMP/expect.rx"
check "D: python-can decodes every map of every datagram, in A's order" \
	same_frames D "$TMP/expect.py"

out=$(stat_of A frames_out) dg=$(stat_of A datagrams_out)
check "the burst went out as batches" fewer_datagrams $((out - out0)) $((dg - dg0))
check "D saw A's datagrams, none larger than 1200 bytes" stats_fit D "$dg"
check "B and C took in A's datagrams and frames, dropped none" \
	vst B vmc0 datagrams_in="$dg" frames_in=$total drops= \
	 -- C vmc0 datagrams_in="$dg" frames_in=$total drops=

# python-can sends one frame a datagram: batch receivers take those too.
for h in A B C; do
	dump_start "$h-py" "$h" $((${#frames[@]} + 1)) -r 8000000 "vmc0,$ALL"
done
py_send D $G6 43113 "${frames[@]}" "$MARKER"
for h in A B C; do
	dump_wait "$h-py"
done
lines vmc0 R "${frames[@]}" "$MARKER" >"$TMP/expect.pyrx"
check "python-can's single frames reach A, B and C as RX, once each" \
	all_same "$TMP/expect.pyrx" A-py B-py C-py
check "every daemon still runs" topo_daemons_alive

tap_done
