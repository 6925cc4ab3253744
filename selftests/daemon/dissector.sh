#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Wireshark dissector (packaging/wireshark/vcanmc.lua) on a capture of
# the tunnel: tshark -i eth0 -w on B while A sends every frame kind with
# cansend (encap python-can on vmc0, python-can-batch on vmc1, norm on
# vmc2, port 43115, each message's frames told by their sequence number
# vcanmc.seq, repairs counted once; CAN XL records and the CAN frames among
# them from canxl_peer.py on vmc3, python-can-batch with MTU 2060, port
# 43116, records above 1200 bytes IP fragmented), python-can
# sends from D, and G sends garbage. Read back with the dissector, each
# sender's datagrams give exactly the frames it sent, in order, in the
# dissector's own fields (vcanmc.text, cansend's notation) and in
# Wireshark's CAN fields (can.id), also on another port through "Decode
# As"; every garbage datagram is marked malformed, and tshark reports no
# error.
#
# Hosts A, B, C as in topo.sh; D (python-can, no vcanmc) and G on the bridge.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd tshark
tap_plan 12

GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
LUA=$TOP/packaging/wireshark/vcanmc.lua
FRAMES=(123#1122334455667788 1ABCDEF0#C0FFEE 321#R 1FFFFFFF#R
	456##1A0A1A2A3A4A5A6A7A8A9AAAB 0ABCDEF0##3404142434445464748494A4B4C4D4E4F
	20000004#0004000000000000 7EF#)
PYFRAMES=(111#01 1ABCDEF1#0203 222#R 333##0AABBCCDD)

topo_three
topo_link A vmc1 encap python-can-batch port 43114
topo_link B vmc1 encap python-can-batch port 43114
topo_link A vmc2 encap norm port 43115
topo_link B vmc2 encap norm port 43115
topo_link A vmc3 encap python-can-batch port 43116 mtu 2060
topo_link B vmc3 encap python-can-batch port 43116 mtu 2060
topo_host D
topo_host G
check "A, B, C: vmc0 attached, A and B vmc1 too" \
	vwait A vmc0 attached=true -- A vmc1 attached=true -- B vmc1 attached=true \
	-- C vmc0 attached=true -- A vmc2 attached=true -- B vmc2 attached=true \
	-- A vmc3 attached=true -- B vmc3 attached=true

echo "# + [B] tshark -i eth0 -w cap.pcapng -f udp &"
ip netns exec "${NS[B]}" tshark -q -i eth0 -f udp -w "$TMP/cap.pcapng" >"$TMP/tshark.log" 2>&1 &
cap=$!
lib_pids+=("$cap")
busywait "$TIMEOUT" grep -q "Capturing on" "$TMP/tshark.log"
# "Capturing on" comes a moment before the capture does
sleep 2

send A vmc0 "${FRAMES[@]}"
on A cangen vmc1 -n 40 -g 0 -I 555 -L 4 -D i
send A vmc2 "${FRAMES[@]}"
on A cangen vmc2 -n 40 -g 0 -I 556 -L 4 -D i
on A "$PY" "$HERE/canxl_peer.py" send vmc3 5 1-20 "$TMP/xl1.exp"
on A "$PY" "$HERE/canxl_peer.py" send vmc3 6 2040-2048 "$TMP/xl2.exp"
cat "$TMP/xl1.exp" "$TMP/xl2.exp" >"$TMP/xl.exp"
py_send D $GROUP 43113 "${PYFRAMES[@]}"
on G "$PY" "$HERE/hostile.py" flood $GROUP 43113 eth0 0.3 >"$TMP/garbage"
# everything sent has arrived once B has it all
vwait B vmc0 "peer:2001:db8::1.frames=${#FRAMES[@]}" \
	"peer:2001:db8::4.frames=${#PYFRAMES[@]}" -- B vmc1 frames_in=40 \
	-- B vmc2 frames_in=$((${#FRAMES[@]} + 40)) \
	-- B vmc3 frames_in="$(wc -l <"$TMP/xl.exp")" >/dev/null
sleep 1
kill -INT $cap
wait $cap
check "tshark captured the tunnel" eval "[ -s \"$TMP/cap.pcapng\" ]"

# decoded FILTER FIELD: FIELD of every frame in the datagrams FILTER selects,
# one a line, in order. Port 43114 (the batch link's) through "Decode As".
# The order is the sender's: datagrams by the time stamp of their first
# frame (vcanmc.timestamp, when it ended on the sender's bus), ties in
# capture order, each datagram's frames as it holds them. Not the capture's:
# a datagram is queued on the backlog of the CPU that sent it, and a backlog
# that waits (for ksoftirqd, for its vCPU under TCG) lets the datagrams the
# sender sent next from another CPU overtake it, all fragments of it.
decoded()
{
	tshark -r "$TMP/cap.pcapng" -X "lua_script:$LUA" -d udp.port==43114,vcanmc \
		-d udp.port==43115,vcanmc -d udp.port==43116,vcanmc -Y "$1" -T fields \
		-E occurrence=a -E aggregator=' ' -e vcanmc.timestamp -e "$2" \
		2>>"$TMP/tshark.err" | awk -F'\t' '{ sub(/ .*/, "", $1); print $1 "\t" $2 }' |
		LC_ALL=C sort -s -t "$(printf '\t')" -k1,1g | cut -f 2- | tr ' ' '\n' | sed '/^$/d'
}

same_list()
{
	local name=$1

	shift
	printf '%s\n' "$@" >"$TMP/$name.want"
	if diff -U 1 --label expected --label "$name" "$TMP/$name.want" "$TMP/$name"; then
		echo "$name: $# as expected"
	else
		return 1
	fi
}

decoded "ipv6.src == 2001:db8::1 && udp.dstport == 43113" vcanmc.text >"$TMP/A-vmc0"
check "A's datagrams: every frame kind as sent (vcanmc.text)" same_list A-vmc0 "${FRAMES[@]}"

# can.id: Wireshark's CAN dissectors got the frames (error frames have none)
ids=()
for f in "${FRAMES[@]}"; do
	id=${f%%#*}
	[ "${id:0:1}" = 2 ] && [ ${#id} = 8 ] && continue
	ids+=($((16#$id & 0x1FFFFFFF)))
done
decoded "ipv6.src == 2001:db8::1 && udp.dstport == 43113" can.id >"$TMP/A-canid"
check "and the same in Wireshark's CAN fields (can.id)" same_list A-canid "${ids[@]}"

batch=()
for i in $(seq 0 39); do
	batch+=("555#$(printf '%02X000000' "$i")")	# cangen -D i: a counter, LE
done
batch2=()
for i in $(seq 0 39); do
	batch2+=("556#$(printf '%02X000000' "$i")")
done
decoded "ipv6.src == 2001:db8::1 && udp.dstport == 43114" vcanmc.text >"$TMP/A-vmc1"
check "A's python-can-batch datagrams: all 40 frames, in order" same_list A-vmc1 "${batch[@]}"
echo "# batch datagrams: $(tshark -r "$TMP/cap.pcapng" -Y "ipv6.src == 2001:db8::1 && udp.dstport == 43114" 2>/dev/null | wc -l)"

# norm: each NORM_DATA packet's messages, "SEQ TEXT..." a line; a repair
# repeats a sequence number already seen, and counts once.
norm_frames()
{
	tshark -r "$TMP/cap.pcapng" -X "lua_script:$LUA" -d udp.port==43115,vcanmc \
		-Y "ipv6.src == 2001:db8::1 && udp.dstport == 43115 && vcanmc.seq" -T fields \
		-E occurrence=a -E aggregator=' ' -e vcanmc.seq -e vcanmc.norm.frames -e vcanmc.text \
		2>>"$TMP/tshark.err" |
		awk -F'\t' '{
			split($1, s, " "); split($2, k, " "); split($3, t, " "); j = 1
			for (i = 1; i in s; i++) {
				for (m = 0; m < k[i]; m++) {
					n = s[i] + m
					if (!(n in seen)) { seen[n] = 1; text[n] = t[j] }
					j++
				}
			}
		} END { for (n = 0; n in text; n++) print text[n] }'
}
norm_frames >"$TMP/A-vmc2"
check "A's NORM packets (encap norm): every frame kind, then 40 more, in order" \
	same_list A-vmc2 "${FRAMES[@]}" "${batch2[@]}"
norm_headers()
{
	local all shown

	all=$(tshark -r "$TMP/cap.pcapng" -Y "ipv6.src == 2001:db8::1 && udp.dstport == 43115" \
		2>/dev/null | wc -l)
	shown=$(tshark -r "$TMP/cap.pcapng" -X "lua_script:$LUA" -d udp.port==43115,vcanmc \
		-Y "ipv6.src == 2001:db8::1 && udp.dstport == 43115 && vcanmc.norm.sender" \
		2>/dev/null | wc -l)
	echo "A sent $all NORM packets; $shown show their NORM type and sender"
	[ "$all" -gt 0 ] && [ "$all" = "$shown" ]
}
check "every NORM packet from A shows its NORM header" norm_headers

# CAN XL: every record and frame as sent, the long ones (IP fragments,
# reassembled) not malformed
mapfile -t xl_texts < <("$PY" "$HERE/canxl_peer.py" text "$TMP/xl.exp")
decoded "ipv6.src == 2001:db8::1 && udp.dstport == 43116" vcanmc.text >"$TMP/A-vmc3"
check "A's CAN XL records and CAN frames on vmc3: all ${#xl_texts[@]}, in order" \
	same_list A-vmc3 "${xl_texts[@]}"
xl_long()
{
	local long bad

	long=$(decoded "ipv6.src == 2001:db8::1 && udp.dstport == 43116 && vcanmc.xl.len > 1200" \
		vcanmc.xl.len | wc -l)
	bad=$(decoded "udp.dstport == 43116 && _ws.expert.group == 0x07000000" frame.number | wc -l)
	echo "$long CAN XL records above 1200 bytes, $bad datagrams malformed"
	decoded "udp.dstport == 43116 && _ws.expert.group == 0x07000000" _ws.col.Info | head -3
	tshark -r "$TMP/cap.pcapng" -X "lua_script:$LUA" -d udp.port==43116,vcanmc \
		-Y "udp.dstport == 43116 && _ws.expert.group == 0x07000000" -T fields \
		-e frame.number -e ipv6.src -e udp.length -e _ws.expert.message 2>/dev/null | head -3
	[ "$long" = 9 ] && [ "$bad" = 0 ]
}
check "the 9 records longer than a batch decode, nothing on vmc3 is malformed" xl_long

decoded "ipv6.src == 2001:db8::4" vcanmc.text >"$TMP/D"
check "python-can's datagrams from D: as sent" same_list D "${PYFRAMES[@]}"

garbage()
{
	local all bad

	all=$(tshark -r "$TMP/cap.pcapng" -Y "ipv6.src == 2001:db8::7 && udp.length > 8" \
		2>/dev/null | wc -l)
	bad=$(tshark -r "$TMP/cap.pcapng" -X "lua_script:$LUA" \
		-Y "ipv6.src == 2001:db8::7 && udp.length > 8 && _ws.expert.group == 0x07000000" \
		2>/dev/null | wc -l)
	echo "G sent $(cat "$TMP/garbage"); captured $all datagrams, $bad marked malformed"
	[ "$all" -gt 0 ] && [ "$all" = "$bad" ]
}
check "every garbage datagram is marked malformed" garbage
check "tshark said nothing wrong about the dissector" \
	eval "! grep -i 'lua\\|error' \"$TMP/tshark.err\""

tap_done
