#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# encap ieee1722: IEEE 1722 NTSCF PDUs with ACF-CAN messages, over UDP
# (port 17220, the UDP encapsulation header) and straight over Ethernet
# (EtherType 0x22F0), checked against Wireshark's own ieee1722/acf-can
# dissectors (no plugin: acfdump.py prints what stock tshark decodes).
#  - UDP multicast: A and B exchange numbered frames, each once and in
#    order everywhere; a capture on C of every frame kind (classic, EFF,
#    RTR, FD with BRS/ESI, runs of frames batched into PDUs) decodes to
#    exactly the frames sent, from A's stream id, sequence numbers in
#    order;
#  - the stream id: derived (A's eth0 MAC and a number from the link name)
#    unless set, and what B reports of A;
#  - sequence numbers: duplicated PDUs are dropped and counted, lost ones
#    counted, per peer;
#  - bus id: B on another bus id takes none of A's frames (counted);
#  - unicast peers with multicast dropped on the bridge;
#  - Ethernet: the same exchange and capture, to the default 1722
#    multicast MAC address and to a set one.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd tshark
require_cmd nft
require_cmd ethtool
tap_plan 21

# shellcheck disable=SC2034 # exchange (topo.sh) sends this many
FRAMES=${IEEE1722_FRAMES:-1000}
KINDS=(123#1122334455667788 1ABCDEF0#C0FFEE 321#R 1FFFFFFF#R 2AA#R3 7EF# 000#00
	456##1A0A1A2A3A4A5A6A7A8A9AAAB 0ABCDEF0##3404142434445464748494A4B4C4D4E4F
	789##0 5A5##2DEADBEEF)

topo_three encap ieee1722
wire_segments A B C
check "A, B, C: vmc0 attached, encap ieee1722 on port 17220" \
	vwait A vmc0 attached=true encap=ieee1722 port=17220 \
	   -- B vmc0 attached=true port=17220 -- C vmc0 attached=true port=17220

check "over UDP multicast: every frame of A and B once, in order, everywhere" \
	exchange udp


# decoded NAME: the frames stock tshark finds in capture NAME, one per
# line as candump -L prints them, into $TMP/NAME.acf (with stream ids and
# sequence numbers in $TMP/NAME.full).
decoded()
{
	"$PY" "$HERE/acfdump.py" "$TMP/$1.pcapng" >"$TMP/$1.full" 2>"$TMP/$1.err" || return 1
	cut -d' ' -f4 "$TMP/$1.full" >"$TMP/$1.acf"
}

# kinds_decoded NAME HOST FILTER: HOST sends every kind of frame, then 40
# more at once (several to a PDU); the capture NAME on C (tshark -f FILTER)
# decodes to exactly them, and C's vmc0 receives exactly them.
kinds_decoded()
{
	local name=$1 h=$2 i n=$((${#KINDS[@]} + 40))

	{
		lines - - "${KINDS[@]}"
		for i in $(seq 0 39); do
			printf '555#%02X000000\n' $i
		done
	} >"$TMP/$name.exp"
	sed 's/^/vmc0 /; s/$/ R/' "$TMP/$name.exp" >"$TMP/$name.rx-exp"
	capture "$name" C "$3" || return 1
	dump_start "$name-rx" C "$n" vmc0 || return 1
	send "$h" vmc0 "${KINDS[@]}" || return 1
	on "$h" cangen vmc0 -n 40 -g 0 -I 555 -L 4 -D i || return 1
	dump_wait "$name-rx" || return 1
	capture_end "$name" || return 1
	same_frames "$name-rx" "$TMP/$name.rx-exp" || return 1
	decoded "$name" || return 1
	if ! diff -U 1 --label sent --label "tshark $name" "$TMP/$name.exp" "$TMP/$name.acf"; then
		return 1
	fi
	echo "# $(wc -l <"$TMP/$name.exp") frames decoded as sent, in" \
	     "$(cut -d' ' -f2 "$TMP/$name.full" | uniq | wc -l) PDUs"
}

pdus_in_order()
{
	local seqs

	seqs=$(cut -d' ' -f1,2 "$TMP/$1.full" | uniq | cut -d' ' -f2 | tr '\n' ' ')
	echo "# NTSCF sequence numbers: $seqs"
	"$PY" -c 'import sys
s = [int(x) for x in sys.argv[1:]]
sys.exit(len(s) < 2 or any((b - a) % 256 != 1 for a, b in zip(s, s[1:])))' $seqs
}

check "C gets every kind of frame A sends; stock tshark decodes A's UDP PDUs to them" \
	kinds_decoded udp-kinds A "udp port 17220 and src host 2001:db8::1"
check "one stream id, A's PDUs numbered one after the other" pdus_in_order udp-kinds

# The derived stream id: A's eth0 MAC, then 16 bits of the link's name
stream_of_a()
{
	local mac sid

	mac=$(ip -n "${NS[A]}" -br link show eth0 | awk '{print $3}' | tr -d ':' | tr a-f A-F)
	sid=$(cut -d' ' -f1 "$TMP/udp-kinds.full" | sort -u)
	echo "# A's eth0 $mac, stream id $sid"
	[ "$(wc -l <<<"$sid")" = 1 ] && [ "${sid:0:12}" = "$mac" ] &&
		vst A vmc0 "stream_id=0x${sid,,}" && stream_seen "0x${sid,,}"
}

# stream_seen ID: B had PDUs of stream ID from A
stream_seen()
{
	vst -g B vmc0 "peer:2001:db8::1.stream" | grep -q "$1"
}
check "A's stream id is its eth0 MAC and a link number; B reports it" stream_of_a
set_stream()
{
	vc A set vmc0 stream-id 0x0123456789abcdef || return 1
	vwait A vmc0 attached=true stream_id=0x0123456789abcdef || return 1
	send A vmc0 111#11 || return 1
	busywait "$TIMEOUT" stream_seen 0x0123456789abcdef
}
check "a stream id set on A is what B sees" set_stream

# Sequence numbers: A's PDUs duplicated on the way are delivered once
dups()
{
	netem A duplicate 50% || return 1
	dump_start dups B 300 -r 8000000 vmc0,100:7FF || return 1
	on A cangen vmc0 -g 2 -n 300 -I 100 -L 8 -D i || return 1
	dump_wait dups || return 1
	netem A none
	"$PY" "$HERE/seqcheck.py" "$TMP/dups.got" 100 300 &&
		vwait B vmc0 "peer:2001:db8::1.duplicates>0"
}
check "PDUs duplicated on the way: each frame once at B, duplicates counted" dups
loss()
{
	local before

	before=$(vst -g B vmc0 "peer:2001:db8::1.lost")
	netem A loss 20% || return 1
	on A cangen vmc0 -g 2 -n 200 -I 100 -L 8 -D i || return 1
	netem A none
	send A vmc0 100#FF || return 1
	vwait B vmc0 "peer:2001:db8::1.lost>$before"
}
check "PDUs lost on the way are counted at B" loss

# bus id: B listens to bus 5 alone
bus_id()
{
	vc B set vmc0 bus-id 5 || return 1
	vwait B vmc0 attached=true bus_id=5 || return 1
	send A vmc0 222#22 || return 1
	vwait B vmc0 "drop:acf-bus-id>0" || return 1
	vc A set vmc0 bus-id 5 || return 1
	vwait A vmc0 attached=true bus_id=5 || return 1
	dump_start bus B 1 vmc0,222:7FF || return 1
	send A vmc0 222#23 || return 1
	dump_wait bus && grep -q "222#23" "$TMP/bus.got"
}
check "B on bus id 5 skips A's bus 0 (counted), takes A's bus 5" bus_id
for h in A B; do
	vc "$h" set vmc0 bus-id 0 stream-id auto
done
check "A and B: bus id 0 again" vwait A vmc0 bus_id=0 -- B vmc0 bus_id=0

# Unicast peers where the network carries no multicast
check "the bridge drops the group's multicast" on br nft -f - <<'EOF'
table bridge nomcast {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip6 daddr ff15::/16 drop
	}
}
EOF
for h in A B C; do
	vc "$h" set vmc0 peer 2001:db8::1 peer 2001:db8::2 peer 2001:db8::3
done
check "A, B, C: three peers each" \
	vwait A vmc0 attached=true unicast_peers=3 -- B vmc0 attached=true unicast_peers=3 \
	   -- C vmc0 attached=true unicast_peers=3
check "over unicast peers: every frame of A and B once, in order, everywhere" \
	exchange peers
on br nft delete table bridge nomcast

# Ethernet: no IP at all
for h in A B C; do
	vc "$h" set vmc0 peers none transport ethernet
done
check "A, B, C: transport ethernet on eth0" \
	vwait A vmc0 attached=true transport=ethernet -- B vmc0 attached=true transport=ethernet \
	   -- C vmc0 attached=true transport=ethernet
check "over Ethernet: every frame of A and B once, in order, everywhere" exchange eth
A_MAC=$(ip -n "${NS[A]}" -br link show eth0 | awk '{print $3}')
check "C gets every kind of frame over Ethernet; stock tshark decodes them" \
	kinds_decoded eth-kinds A "ether proto 0x22f0 and ether src $A_MAC"
# dests NAME: the destination addresses of capture NAME, one a line
dests() { tshark -r "$TMP/$1.pcapng" -T fields -e eth.dst 2>/dev/null | sort -u; }
check "every PDU to 91:e0:f0:00:fe:00, the default destination" eval \
	'd=$(dests eth-kinds); echo "# $d"; [ "$d" = 91:e0:f0:00:fe:00 ]'
for h in A B C; do
	vc "$h" set vmc0 dest-mac 91:e0:f0:00:fe:42
done
check "A, B, C: another destination address" \
	vwait A vmc0 attached=true -- B vmc0 attached=true -- C vmc0 attached=true
check "over Ethernet to 91:e0:f0:00:fe:42: every frame once, in order" exchange eth42

# Another destination is another bus: C on fe:43 hears none of A's
other_bus()
{
	local before

	before=$(vst -g C vmc0 datagrams_in)
	capture fe42 B "ether proto 0x22f0 and ether src $A_MAC" || return 1
	dump_start fe42-B B 20 vmc0,300:7FF || return 1
	on A cangen vmc0 -n 20 -g 1 -I 300 -L 8 -D i || return 1
	dump_wait fe42-B || return 1
	capture_end fe42 || return 1
	d=$(dests fe42)
	echo "# B got A's 20 frames, all to $d; C took $(vst -g C vmc0 datagrams_in) PDUs, $before before"
	[ "$d" = 91:e0:f0:00:fe:42 ] && [ "$(vst -g C vmc0 datagrams_in)" = "$before" ]
}
vc C set vmc0 dest-mac 91:e0:f0:00:fe:43
check "C: to 91:e0:f0:00:fe:43" vwait C vmc0 attached=true dest_mac=91:e0:f0:00:fe:43
check "A's PDUs go to fe:42 alone; B takes them, C on fe:43 none" other_bus

tap_done
