#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What "vcanmc status" counts after a known pattern of traffic, and that
# nothing loops: A, B and C each send their own number of frames (cangen);
# on every host the daemon then reports exactly its local frames as frames
# and datagrams out, the others' frames as datagrams and frames in, each
# other host as a peer with the frames it sent, no drop; its own datagrams,
# back through multicast loopback, are neither taken in nor counted as
# overflows (nothing overflowed). Frames the daemon injected are never sent
# out again: the figures stay put after a last marker frame from each host,
# and ip -s agrees. With mcast-loop off, nothing comes back; a daemon that
# stops reading makes the kernel's queue overflow, counted. Hosts A, B and C
# as in topo.sh.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 11

declare -A sent=([A]=40 [B]=25 [C]=10) addr=([A]=2001:db8::1 [B]=2001:db8::2 [C]=2001:db8::3)

# figures: vwait's arguments for what every host's vmc0 must show now.
figures()
{
	local h o in

	for h in A B C; do
		in=$((sent[A] + sent[B] + sent[C] - sent[$h]))
		printf '%s\n' -- "$h" vmc0 frames_out="${sent[$h]}" datagrams_out="${sent[$h]}" \
			datagrams_in=$in frames_in=$in drops=
		for o in A B C; do
			[ "$o" != "$h" ] && echo "peer:${addr[$o]}.frames=${sent[$o]}"
		done
		echo "peers=$(for o in A B C; do [ "$o" != "$h" ] && echo "${addr[$o]}"; done |
			     paste -sd,)"
	done | tail -n +2
}

topo_three
check "three hosts, each vmc0 attached by its vcanmcd" topo_all_attached vmc0 A B C

for h in A B C; do
	on "$h" cangen vmc0 -n "${sent[$h]}" -g 1 -m
done
mapfile -t want < <(figures)
check "each daemon counts its own frames out, the others' in, per peer" vwait "${want[@]}"

# One more frame from each host, once all have counted it, the figures are
# the pattern's plus one each: what the daemons injected did not go out.
for h in A B C; do
	on "$h" cansend vmc0 7EF#EF
	sent[$h]=$((sent[$h] + 1))
done
mapfile -t want < <(figures)
check "after a marker from each host, exactly one more each: no echo, no loop" \
	vwait "${want[@]}"

# ip_stats HOST: vmc0's kernel counters agree: sent as TX, the others' as RX.
ip_stats()
{
	local tx=${sent[$1]} rx=$((sent[A] + sent[B] + sent[C] - sent[$1]))

	ip -n "${NS[$1]}" -s link show dev vmc0 |
		awk -v rx="$rx" -v tx="$tx" '/RX:/ { getline; r = $2 } /TX:/ { getline; t = $2 }
			END { print "rx packets " r " (want " rx "), tx packets " t " (want " tx ")"
			      exit r != rx || t != tx }'
}
check "ip -s link: A's vmc0 shows its frames as TX, the others' as RX" ip_stats A
check "ip -s link: the same on B" ip_stats B
# Own datagrams come back through multicast loopback, each one once: they
# are counted as own, not taken in, and are no overflow.
check "own datagrams back once each, ignored, no overflow: nothing overflowed" \
	vwait A vmc0 own="${sent[A]}" can_overflow=0 udp_overflow=0 \
	 -- B vmc0 own="${sent[B]}" can_overflow=0 udp_overflow=0 \
	 -- C vmc0 own="${sent[C]}" can_overflow=0 udp_overflow=0

# mcast-loop off: A's datagrams no longer come back to A; B still gets them.
own=$(vst -g A vmc0 own)
in=$(vst -g B vmc0 frames_in)
vc A set vmc0 mcast-loop off
check "mcast-loop off: A's daemon follows" topo_attached A vmc0 mcast_loop=false
on A cangen vmc0 -n 5 -g 1 -m
check "mcast-loop off: B gets A's frames, A none of its own back" \
	vwait B vmc0 frames_in=$((in + 5)) -- A vmc0 own="$own"

# A daemon that does not read (stopped) loses what its kernel queue of 4096
# frames cannot hold, and says how much; local receivers lose nothing.
out0=$(vst -g A vmc0 frames_out)
echo "# + kill -STOP ${DPID[A]} (vcanmcd -n ${NS[A]})"
kill -STOP "${DPID[A]}"
dump_start A-local A 5000 -r 16000000 vmc0
on A cangen vmc0 -n 5000 -g 0 -m
dump_wait A-local
echo "# + kill -CONT ${DPID[A]}"
kill -CONT "${DPID[A]}"
# overflowed: every frame was either read or counted, and at least 904 (the
# queue's last slots may still be in use from the last batch read)
overflowed()
{
	local read ovfl

	read=$(($(vst -g A vmc0 frames_out) - out0))
	ovfl=$(vst -g A vmc0 can_overflow)
	echo "read $read, overflowed $ovfl"
	[ $((read + ovfl)) = 5000 ] && [ "$ovfl" -ge 904 ] && [ "$ovfl" -lt 920 ]
}
t_overflow()
{
	local ovfl

	busywait "$TIMEOUT" overflowed >/dev/null
	overflowed || return 1
	ovfl=$(vst -g A vmc0 can_overflow)
	ip -n "${NS[A]}" -s -s link show dev vmc0 |
		awk -v want="$ovfl" '/TX errors:/ { getline; f = $2 } END {
			print "ip -s -s: TX fifo errors " f; exit f != want }'
}
check "a stopped daemon: its 4096-frame queue overflows, counted in status and ip -s -s" \
	t_overflow
check "a local candump got all 5000 meanwhile" test "$(grep -c . "$TMP/A-local.got")" = 5000
check "every daemon still runs" topo_daemons_alive

tap_done
