#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Wireshark dissector (packaging/wireshark/vcanmc.lua) on the host,
# without CAN or the VM: tools/dissector-pcap.py writes a capture of
# datagrams packed by python-can's own udp_multicast code (every frame
# kind, a batch, garbage, NORM, the same message on another port, and
# datagrams that are no python-can's), tshark reads it back with the
# dissector, and each datagram must show the frames it carries: in
# vcanmc's fields, in Wireshark's CAN fields, and in the Info column. On
# port 43113 (preference vcanmc.port) every datagram is vcanmc's; on
# others the heuristic claims python-can's datagrams only.
#
#   tools/check-dissector.sh

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
LUA=$top/packaging/wireshark/vcanmc.lua
PYTHON=${PYTHON:-/usr/bin/python3}

if ! command -v tshark >/dev/null; then
	echo "1..0 # SKIP tshark is not installed"
	exit 4
fi
if ! "$PYTHON" -c 'import can, msgpack' 2>/dev/null; then
	echo "1..0 # SKIP $PYTHON has no python-can or msgpack"
	exit 4
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CAP=$TMP/cap.pcap
"$PYTHON" "$top/tools/dissector-pcap.py" "$CAP" || exit 1

FIELDS=(udp.dstport _ws.col.Protocol _ws.col.Info _ws.expert.group
	vcanmc.frames vcanmc.text vcanmc.id vcanmc.extended vcanmc.rtr vcanmc.err
	vcanmc.fd vcanmc.brs vcanmc.esi vcanmc.dlc vcanmc.data vcanmc.seq
	can.id can.len can.flags.xtd can.flags.rtr can.flags.err
	canfd.flags.brs canfd.flags.esi vcanmc.xl.version vcanmc.xl.prio vcanmc.xl.vcid
	vcanmc.xl.sdt vcanmc.xl.af vcanmc.xl.sec vcanmc.xl.rrs vcanmc.xl.len
	vcanmc.bus.version vcanmc.bus.bitrate vcanmc.bus.dbitrate vcanmc.bus.xlbitrate)

# decode NAME [TSHARK OPTION...]: every datagram's FIELDS into $TMP/NAME,
# "NUMBER|FIELD|FIELD..." a line; what tshark says on stderr too
decode()
{
	local name=$1 args=() f

	shift
	for f in "${FIELDS[@]}"; do
		args+=(-e "$f")
	done
	echo "# + tshark -X lua_script:vcanmc.lua -r cap.pcap $* -T fields ..."
	tshark -X "lua_script:$LUA" -r "$CAP" "$@" -T fields -E separator='|' \
		-E occurrence=a -E aggregator=' ' -e frame.number "${args[@]}" \
		>"$TMP/$name" 2>"$TMP/$name.err"
}

n=0
failed=0

# expect NAME FRAME DESCRIPTION FIELD=VALUE...: in datagram FRAME of
# decode NAME, each FIELD has VALUE (several occurrences space separated;
# empty: not there). One TAP result.
expect()
{
	local name=$1 frame=$2 desc=$3 fv field want got i ok=1

	shift 3
	n=$((n + 1))
	for fv in "$@"; do
		field=${fv%%=*}
		want=${fv#*=}
		got=
		for i in "${!FIELDS[@]}"; do
			[ "${FIELDS[$i]}" = "$field" ] || continue
			got=$(awk -F'|' -v f="$frame" -v c=$((i + 2)) \
				'$1 == f { print $c }' "$TMP/$name")
		done
		if [ "$got" != "$want" ]; then
			echo "# frame $frame: $field is \"$got\", expected \"$want\""
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=1
	fi
}

echo "TAP version 13"
echo "1..27"
decode default

# python-can's own datagrams on port 43113, one frame each
expect default 1 "standard frame: fields, CAN hand-off and Info" \
	vcanmc.text=123#1122334455667788 vcanmc.id=0x00000123 vcanmc.extended=0 \
	vcanmc.rtr=0 vcanmc.err=0 vcanmc.fd=0 vcanmc.dlc=8 vcanmc.data=1122334455667788 \
	can.id=291 can.len=8 can.flags.xtd=0 can.flags.rtr=0 \
	"_ws.col.Info=1 frame: 123#1122334455667788" _ws.col.Protocol=vcanmc \
	_ws.expert.group=
expect default 2 "extended frame" \
	vcanmc.text=1ABCDEF0#C0FFEE vcanmc.id=0x1abcdef0 vcanmc.extended=1 \
	vcanmc.dlc=3 vcanmc.data=c0ffee can.id=$((0x1ABCDEF0)) can.flags.xtd=1 can.len=3 \
	"_ws.col.Info=1 frame: 1ABCDEF0#C0FFEE"
expect default 3 "remote frame with DLC 4" \
	vcanmc.text=321#R4 vcanmc.rtr=1 vcanmc.dlc=4 vcanmc.data= \
	can.id=$((0x321)) can.flags.rtr=1 can.len=4 "_ws.col.Info=1 frame: 321#R4"
expect default 4 "CAN FD frame with BRS" \
	vcanmc.text=456##1000102030405060708090A0B vcanmc.fd=1 vcanmc.brs=1 vcanmc.esi=0 \
	vcanmc.dlc=12 vcanmc.data=000102030405060708090a0b \
	can.id=$((0x456)) can.len=12 canfd.flags.brs=1 canfd.flags.esi=0
expect default 5 "extended CAN FD frame with ESI" \
	vcanmc.text=0ABCDEF0##2404142434445464748494A4B4C4D4E4F vcanmc.extended=1 \
	vcanmc.fd=1 vcanmc.brs=0 vcanmc.esi=1 vcanmc.dlc=16 \
	can.id=$((0xABCDEF0)) can.flags.xtd=1 can.len=16 canfd.flags.brs=0 canfd.flags.esi=1
expect default 6 "error frame (CAN_ERR_CTRL), no CAN ID" \
	vcanmc.text=20000004#0004000000000000 vcanmc.err=1 vcanmc.id=0x00000004 \
	can.flags.err=1 can.id= can.len=8 _ws.expert.group=
expect default 7 "batch of three maps: all in order, all in Info" \
	vcanmc.frames=3 "vcanmc.text=111#11 222#22 1ABCDEF1#3344" \
	"can.id=$((0x111)) $((0x222)) $((0x1ABCDEF1))" "can.flags.xtd=0 0 1" \
	"_ws.col.Info=3 frames: 111#11 222#22 1ABCDEF1#3344"
expect default 8 "garbage on port 43113: claimed, marked malformed" \
	_ws.col.Protocol=vcanmc vcanmc.frames=0 vcanmc.text= can.id= \
	_ws.expert.group=$((0x07000000)) "_ws.col.Info=0 frames [malformed: truncated]"
expect default 12 "NORM_DATA packet: its message's two frames, sequence number, Info" \
	vcanmc.seq=7 "vcanmc.text=7EF# 005#0102" "can.id=$((0x7EF)) 5" \
	"_ws.col.Info=NORM DATA, 2 frames: 7EF# 005#0102"

# CAN XL records (pycan.h)
expect default 13 "batch with a CAN XL record and one of a later version" \
	vcanmc.frames=3 "vcanmc.text=123#1122334455667788 42123#81:11:DEADBEEF#AABBCC" \
	"vcanmc.xl.version=1 2" vcanmc.xl.prio=0x0123 vcanmc.xl.vcid=0x42 vcanmc.xl.sdt=0x11 \
	vcanmc.xl.af=0xdeadbeef vcanmc.xl.sec=1 vcanmc.xl.rrs=0 vcanmc.xl.len=3 \
	"vcanmc.data=1122334455667788 aabbcc" _ws.expert.group= \
	"_ws.col.Info=3 frames: 123#1122334455667788 42123#81:11:DEADBEEF#AABBCC XL-v2"
expect default 14 "a CAN XL record of 2048 bytes alone: not malformed" \
	vcanmc.frames=1 vcanmc.xl.len=2048 vcanmc.xl.vcid=0x00 vcanmc.xl.rrs=1 \
	"vcanmc.text=123#83:11:DEADBEEF#000102030405060708090A0B0C0D0E0F..(2048)" \
	_ws.expert.group=
expect default 15 "a long CAN XL record and a frame after it: malformed" \
	vcanmc.frames=2 _ws.expert.group=$((0x07000000))

# bus records (pycan.h): no frames, the sender's bit rates
expect default 16 "a bus record alone: no frame, its bit rates" \
	vcanmc.frames=0 vcanmc.bus.version=1 vcanmc.bus.bitrate=500000 \
	vcanmc.bus.dbitrate=2000000 vcanmc.bus.xlbitrate=0 _ws.expert.group= \
	"_ws.col.Info=0 frames: [bus 500000]"
expect default 17 "a frame, a bus record and one of a later version" \
	vcanmc.frames=1 "vcanmc.bus.version=1 2" vcanmc.bus.bitrate=125000 _ws.expert.group= \
	"_ws.col.Info=1 frame: 123#1122334455667788 [bus 125000]"
expect default 18 "a bus record with a negative bit rate: malformed" \
	vcanmc.frames=0 _ws.expert.group=$((0x07000000))

# the heuristic, on other ports
expect default 9 "heuristic: python-can's datagram on port 50000 is claimed" \
	_ws.col.Protocol=vcanmc vcanmc.text=123#1122334455667788 can.id=291 \
	"_ws.col.Info=1 frame: 123#1122334455667788" _ws.expert.group=
expect default 10 "heuristic: a DNS datagram on port 50001 is left to DNS" \
	_ws.col.Protocol=DNS vcanmc.frames= _ws.expert.group=
expect default 11 "heuristic: a msgpack map that is no python-can message is not claimed" \
	_ws.col.Protocol=UDP vcanmc.frames= _ws.expert.group=

# the hand-off frame holds can_id in network byte order, whatever the host's
n=$((n + 1))
tshark -X "lua_script:$LUA" -r "$CAP" -Y frame.number==5 -x 2>/dev/null |
	sed -n '/^SocketCAN frame/{n;p}' >"$TMP/socketcan"
if grep -q '^0000  8a bc de f0 10 06 00 00 40 41' "$TMP/socketcan"; then
	echo "ok $n - hand-off: struct canfd_frame with can_id in network byte order"
else
	sed 's/^/# /' "$TMP/socketcan"
	echo "not ok $n - hand-off: struct canfd_frame with can_id in network byte order"
	failed=1
fi

# the port preference
decode port -o vcanmc.port:50002
expect port 11 "vcanmc.port 50002: the map there is claimed, and malformed" \
	_ws.col.Protocol=vcanmc _ws.expert.group=$((0x07000000)) \
	"_ws.col.Info=0 frames [malformed: unknown key time]"
expect port 8 "vcanmc.port 50002: garbage on 43113 no longer claimed" \
	_ws.col.Protocol=UDP vcanmc.frames=
expect port 1 "vcanmc.port 50002: python-can's datagrams on 43113 still found (heuristic)" \
	_ws.col.Protocol=vcanmc vcanmc.text=123#1122334455667788

decode noheur --disable-heuristic vcanmc_udp
expect noheur 9 "--disable-heuristic vcanmc_udp: port 50000 not claimed" \
	_ws.col.Protocol=UDP vcanmc.frames=
expect noheur 1 "--disable-heuristic vcanmc_udp: port 43113 still decoded" \
	vcanmc.text=123#1122334455667788

decode decodeas -d udp.port==50001,vcanmc
expect decodeas 10 "Decode As: the DNS datagram on 50001 as vcanmc, malformed" \
	_ws.col.Protocol=vcanmc _ws.expert.group=$((0x07000000))

# Info of a long batch: as many frames as fit, then how many more
n=$((n + 1))
info=$("$PYTHON" - "$LUA" <<'PY'
import struct, subprocess, sys, tempfile
import can
from can.interfaces.udp_multicast.utils import pack_message
body = b"".join(pack_message(can.Message(arbitration_id=0x100 + i, is_extended_id=False,
					  data=bytes([i] * 8))) for i in range(20))
udp = struct.pack("!HHHH", 43113, 43113, 8 + len(body), 0) + body
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 1, 17, 0,
		 bytes([192, 0, 2, 1]), bytes([239, 74, 163, 2]))
pkt = bytes(6) + bytes(6) + b"\x08\x00" + ip + udp
with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
	f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
	f.write(struct.pack("<IIII", 0, 0, len(pkt), len(pkt)) + pkt)
	f.flush()
	print(subprocess.run(["tshark", "-X", "lua_script:" + sys.argv[1], "-r", f.name,
			      "-T", "fields", "-e", "_ws.col.Info"], capture_output=True,
			     text=True).stdout.strip())
PY
)
echo "# Info: $info"
if [[ $info =~ ^"20 frames: 100#0000000000000000 101#0101010101010101 "(.*)" ... ("([0-9]+)" more)"$ ]] &&
	[ ${#info} -le 130 ]; then
	echo "ok $n - a batch of 20 frames: Info lists the first ones, then how many more"
else
	echo "not ok $n - a batch of 20 frames: Info lists the first ones, then how many more"
	failed=1
fi

n=$((n + 1))
if cat "$TMP"/*.err | grep -v '^Running as user' | grep -i 'lua\|error' >"$TMP/said"; then
	sed 's/^/# /' "$TMP/said"
	echo "not ok $n - tshark said nothing wrong about the dissector"
	failed=1
else
	echo "ok $n - tshark said nothing wrong about the dissector"
fi

exit $failed
