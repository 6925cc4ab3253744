#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vcanmc's encap ieee1722 against COVESA Open1722's acf-can-bridge: CAN
# frames cross between a vcanmc link and a vcan bridged by Open1722, both
# ways, over UDP (port 17220, to a unicast peer and to a group) and directly
# over Ethernet (EtherType 0x22F0, to the multicast 91:e0:f0:00:fe:00 and
# to a unicast MAC), classic and CAN FD. candump -L on the receiving side
# must show exactly the frames sent, in order.
#
#        host A                                host B
#   +---------------------+          +------------------------------+
#   |  cansend  candump   |          |  cansend  candump            |
#   |        \  /         |          |        \  /                  |
#   |        vmc0         |          |        vcan0                 |
#   |         |           |          |         |                    |
#   |      vcanmcd        |          |   acf-can-bridge (Open1722)  |
#   |         |           |          |         |                    |
#   |        eth0         |          |        eth0  (dumpcap)       |
#   |    192.0.2.1/24     |          |    192.0.2.2/24              |
#   +---------|-----------+          +---------|--------------------+
#             +------------- br0 --------------+    (topo.sh)
#
# Cases (OPEN1722_CASES picks some), each with both directions:
#   udp-peer      group none, peer 192.0.2.2; classic, EFF, RTR (with a DLC)
#   udp-auto      vcanmc's derived stream ID, the bridge told to listen to it
#   udp-tscf      the bridge sends TSCF (-t)
#   udp-fd        FD frames, BRS, ESI, 0-64 bytes (--fd)
#   udp-group     group 239.17.22.1, joined on B for the bridge
#   udp-defaults  the bridge without stream options: B's talker ID is A's
#   udp-burst     200 frames at once from A; the bridge packs 5 a PDU (-c 5)
#   eth, eth-fd, eth-burst   as above, straight over Ethernet
#   eth-unicast   dest-mac B's MAC, the bridge's -d A's
#   eth-defaults  as udp-defaults
#
# Open1722's bridge takes only PDUs of its listener stream ID (default
# aabbccddeeff0001) and sends with its talker stream ID (the same by
# default): vcanmc's link is given stream-id aabbccddeeff0001, the bridge
# another talker ID, but for the cases named "defaults" where the bridge
# runs with no stream options at all, as most users will run it.
#
# What Open1722's example bridge cannot do, and the test does not ask
# (seen in its examples/acf-can/acf-can-common.c and the bridge):
#  - with --fd every frame it sends is FD (FDF set), and every frame it
#    writes to the CAN bus is an FD frame: a classic frame crosses as FD.
#    Those checks are TODO, they tell what happens;
#  - it never clears the FD flags of the frame it reuses: after a frame with
#    BRS (or ESI) every later one it writes has it too. The FD frames are
#    therefore sent plain first, then with BRS, then with BRS and ESI;
#  - it drops a whole PDU of more than 15 ACF messages (MAX_CAN_FRAMES_IN_ACF)
#    or of any non ACF-CAN message; the burst cases show whether vcanmc's
#    PDUs fit that. It reads at most 1500 bytes of a datagram or frame.
#
# The capture on B's eth0 sees a datagram that A sent with UDP_SEGMENT
# (GSO) whole, before B's stack splits it for the bridge: pdudump.py shows
# its PDUs as parts of one packet.
#
# Environment:
#   OPEN1722_BIN   directory with acf-can-bridge (build-open1722.sh builds
#                  it); the test is skipped without it
#   OPEN1722_SELF  1: host A runs a second acf-can-bridge on its own vcan0
#                  instead of vcanmc, to check the harness against
#                  Open1722 alone
#   OPEN1722_CASES the cases to run, e.g. "udp-peer eth" (default: all)
#   OPEN1722_DUMP  1: show every capture (B's eth0, pdudump.py), not only
#                  those of a failed case
#   VCANMC_OPEN1722_BIN  taken for OPEN1722_BIN when that is unset (run.sh
#                  passes only VCANMC_* into its VM)

IOP=$(dirname "$(readlink -f "$0")")
# shellcheck source=../daemon/topo.sh
. "$IOP/../daemon/topo.sh"
# topo.sh's helpers find vstatus.py & co. next to the daemon tests
HERE=$IOP/../daemon

O1722=${OPEN1722_BIN:-${VCANMC_OPEN1722_BIN:-}}
SELF=${OPEN1722_SELF:-0}
DUMP_ALL=${OPEN1722_DUMP:-0}
CASES=${OPEN1722_CASES:-}
DUMP_IDLE_MS=${OPEN1722_IDLE_MS:-20000}

[ -n "$O1722" ] ||
	skip_all "OPEN1722_BIN unset: the directory with Open1722's acf-can-bridge (build-open1722.sh)"
[ -x "$O1722/acf-can-bridge" ] ||
	skip_all "no executable $O1722/acf-can-bridge (build it with build-open1722.sh)"
if [ "$SELF" = 1 ]; then
	require_cmd ip candump cansend cangen timeout stdbuf
else
	topo_require
	"$VCANMC" help add 2>&1 | grep -q ieee1722 ||
		skip_all "$VCANMC knows no encap ieee1722"
fi
require_cmd stdbuf
modprobe -q vcan 2>/dev/null
CAPTURE=1
command -v dumpcap >/dev/null || CAPTURE=0

tap_plan 41

PORT=17220
GROUP=239.17.22.1
SID_A=aabbccddeeff0001		# vcanmc's, Open1722's default listener ID
SID_B=aabbccddeeff00b2		# the bridge's talker ID
ETH_GROUP=91:e0:f0:00:fe:00
AIF=vmc0
[ "$SELF" = 1 ] && AIF=vcan0
SEQ="$PY $HERE/seqcheck.py"

data64=$(printf '%02X' $(seq 0 63))
CLASSIC=(
	123#DEADBEEF			# standard ID
	7FF#				# no data
	000#0011223344556677		# ID 0, 8 bytes
	321#1122334455			# 5 bytes: 3 of padding on the wire
	12345678#01			# extended ID
	00000123#AA			# extended ID below 0x800
	1FFFFFFF#FFEEDDCCBBAA9988	# highest extended ID
	123#R				# remote frame
	1ABCDEF0#R			# extended remote frame
)
RTR_DLC=(321#R5 1ABCDEF0#R8)		# remote frames with a length
# Plain first, then BRS, then BRS and ESI: Open1722 never clears them
FD=(
	123##0				# FD, empty
	0F0##0AABBCC			# FD, 3 bytes
	0AB##01122334455667788		# FD, 8 bytes
	1F0##0"${data64:0:24}"		# FD, 12 bytes
	12345678##0"${data64:0:40}"	# FD, extended, 20 bytes
	456##1"$data64"			# BRS, 64 bytes
	789##1"${data64:0:32}"		# BRS, 16 bytes
	1ABCDEF0##1"${data64:0:96}"	# BRS, extended, 48 bytes
	5A5##3"${data64:0:16}"		# BRS and ESI
)
CLASSIC_DATA=(123#DEADBEEF 7FF# 12345678#0102030405060708)

declare -A BPID=() CPID=()

# bridge_start HOST ARGS...: acf-can-bridge --canif vcan0 ARGS in HOST,
# logging to $TMP/bridge-HOST.log; returns once its CAN socket listens,
# the last thing it opens.
bridge_start()
{
	local h=$1 log=$TMP/bridge-$1.log before

	shift
	before=$(receivers "$h")
	echo "# + [$h] acf-can-bridge --canif vcan0 $* >>${log##*/} 2>&1 &"
	echo "---- acf-can-bridge --canif vcan0 $*" >>"$log"
	ip netns exec "${NS[$h]}" stdbuf -oL "$O1722/acf-can-bridge" --canif vcan0 "$@" \
		>>"$log" 2>&1 &
	BPID[$h]=$!
	lib_pids+=($!)
	busywait "$TIMEOUT" receivers_above "$h" "$before"
}

bridge_stop()
{
	local pid=${BPID[$1]:-}

	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "BPID[$1]"
}

bridge_runs()
{
	if [ -n "${BPID[$1]:-}" ] && running "${BPID[$1]}"; then
		echo "acf-can-bridge in $1 runs"
	else
		echo "acf-can-bridge in $1 is gone"
		return 1
	fi
}

# side_a VCANMC_OPTION... -- BRIDGE_ARG...: host A as vcanmc link vmc0
# (encap ieee1722 with the options, made anew), or with OPEN1722_SELF=1
# as acf-can-bridge with the arguments.
side_a()
{
	local vo=()

	while [ "$1" != -- ]; do
		vo+=("$1")
		shift
	done
	shift
	if [ "$SELF" = 1 ]; then
		bridge_stop A
		bridge_start A "$@"
	else
		ip -n "${NS[A]}" link show dev vmc0 >/dev/null 2>&1 &&
			run ip -n "${NS[A]}" link del dev vmc0
		topo_link A vmc0 encap ieee1722 "${vo[@]}" && topo_attached A vmc0
	fi
}

side_b()
{
	bridge_stop B
	bridge_start B "$@"
}

# ready: both sides set up
ready()
{
	bridge_runs B || return 1
	if [ "$SELF" = 1 ]; then
		bridge_runs A
	else
		vst A vmc0 attached=true
	fi
}

# cap_start NAME: dumpcap of B's 1722 traffic (UDP port 17220, EtherType
# 0x22F0) into $TMP/NAME.pcap until cap_end NAME.
cap_start()
{
	local f=$TMP/$1

	[ "$CAPTURE" = 1 ] || return 0
	echo "# + [B] dumpcap -q -P -i eth0 -f 'udp port $PORT or ether proto 0x22f0' -w $1.pcap &"
	ip netns exec "${NS[B]}" dumpcap -q -P -i eth0 -f "udp port $PORT or ether proto 0x22f0" \
		-w "$f.pcap" 2>"$f.caplog" &
	CPID[$1]=$!
	lib_pids+=($!)
	busywait "$TIMEOUT" grep -q "Capturing on" "$f.caplog" ||
		echo "# dumpcap did not start: $(cat "$f.caplog")"
}

# cap_end NAME FAILED_BEFORE: stops the capture; shows it decoded when a
# check failed since (tap_failed was FAILED_BEFORE) or OPEN1722_DUMP=1.
cap_end()
{
	local pid=${CPID[$1]:-}

	[ -n "$pid" ] || return 0
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ "$DUMP_ALL" = 1 ] || [ "$tap_failed" != "$2" ]; then
		echo "# ---- $1: IEEE 1722 on B's eth0"
		"$PY" "$IOP/pdudump.py" "$TMP/$1.pcap" 2>&1 | sed 's/^/#   /'
	fi
}

# arrived NAME FRAME...: candump NAME (after dump_wait) got exactly the
# FRAMEs, in order; interface and direction aside.
arrived()
{
	local name=$1 f

	shift
	for f in "$@"; do
		printed "$f"
	done >"$TMP/$name.want"
	awk '{ print $2 }' "$TMP/$name.got" >"$TMP/$name.frames"
	if diff -U 1 --label sent --label "$name" "$TMP/$name.want" "$TMP/$name.frames"; then
		echo "$name: $# frames, each as sent"
	else
		return 1
	fi
}

# cross NAME FROM FROM_IF TO TO_IF [-e EXPECTED...] -- FRAME...: cansend
# of the FRAMEs in FROM; candump in TO must show them (or the EXPECTED
# frames), in order.
cross()
{
	local name=$1 from=$2 fif=$3 to=$4 tif=$5 want=()

	shift 5
	if [ "$1" = -e ]; then
		shift
		while [ "$1" != -- ]; do
			want+=("$1")
			shift
		done
	fi
	shift
	[ ${#want[@]} = 0 ] && want=("$@")
	dump_start "$name" "$to" ${#want[@]} "$tif" || return 1
	send "$from" "$fif" "$@" || return 1
	dump_wait "$name"
	arrived "$name" "${want[@]}"
}

a_to_b() { local n=$1; shift; cross "$n" A "$AIF" B vcan0 "$@"; }
b_to_a() { local n=$1; shift; cross "$n" B vcan0 A "$AIF" "$@"; }

# check_todo REASON DESCRIPTION COMMAND...: check, a failure a known
# limitation of Open1722 (lib.sh's CHECK_TODO)
check_todo() { CHECK_TODO=$1 check "${@:2}"; }

# The FD frame (candump -L) a classic FRAME becomes in a --fd bridge
as_fd()
{
	local f

	for f in "$@"; do
		echo "${f%%#*}##0${f#*#}"
	done
}

# burst NAME COUNT: COUNT numbered frames from A's cangen at full speed
# reach B in order, each once
burst()
{
	local name=$1 n=$2

	dump_start "$name" B "$n" vcan0,100:7FF || return 1
	on A cangen "$AIF" -g 0 -n "$n" -I 100 -L 8 -D i || return 1
	dump_wait "$name"
	$SEQ "$TMP/$name.got" 100 "$n"
}

# join_group HOST GROUP: HOST's eth0 joins the IPv4 GROUP, for a socket
# there that joins none (an address with "autojoin" would not do: the
# group would be a local address, and what the host sends to it would
# stay on the host); leave_groups: every such join ends.
declare -a JOINS=()

join_group()
{
	local ready=$TMP/join-$1 addr

	# topo_host's address of HOST, the interface to join on
	addr=192.0.2.$(($(printf '%d' "'$1") - 64))
	echo "# + [$1] join $2 on eth0 (python3 IP_ADD_MEMBERSHIP) &"
	ip netns exec "${NS[$1]}" "$PY" -c '
import signal, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
             socket.inet_aton(sys.argv[1]) + socket.inet_aton(sys.argv[2]))
open(sys.argv[3], "w").close()
signal.pause()' "$2" "$addr" "$ready" &
	JOINS+=($!)
	lib_pids+=($!)
	busywait "$TIMEOUT" test -e "$ready"
}

leave_groups()
{
	local p

	for p in "${JOINS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	JOINS=()
}

# ---- setup: hosts A and B, a vcan0 on each (A's for OPEN1722_SELF=1)
for h in A B; do
	topo_host "$h"
	batch "${NS[$h]}" "link add vcan0 type vcan" "link set vcan0 up" ||
		skip_all "no vcan interfaces here (modprobe vcan)"
done
MAC_A=$(ip -n "${NS[A]}" -br link show dev eth0 | awk '{ print $3 }')
MAC_B=$(ip -n "${NS[B]}" -br link show dev eth0 | awk '{ print $3 }')
[ "$SELF" = 1 ] || topo_daemon A
echo "# acf-can-bridge from $O1722 ($(cat "$O1722/REVISION" 2>/dev/null || echo "revision unknown"))"
echo "# A: $([ "$SELF" = 1 ] && echo "acf-can-bridge (OPEN1722_SELF=1)" || echo vcanmc), eth0 $MAC_A; B: eth0 $MAC_B"

# run_case NAME CHECKS: the case NAME (function case_NAME, making CHECKS
# checks) with a capture of its own, unless OPEN1722_CASES names others;
# a failed one shows its capture and the bridges' logs.
run_case()
{
	local name=$1 n=$2 failed=$tap_failed l i

	if [ -n "$CASES" ] && [[ " $CASES " != *" $name "* ]]; then
		for ((i = 0; i < n; i++)); do
			tap_skip "$name" "not in OPEN1722_CASES"
		done
		return
	fi
	echo "# ==== $name"
	cap_start "$name"
	"case_${name//-/_}"
	cap_end "$name" "$failed"
	if [ "$tap_failed" != "$failed" ]; then
		for l in "$TMP"/bridge-*.log; do
			echo "# ---- ${l##*/}"
			sed 's/^/#   /' "$l"
		done
	fi
	: >"$TMP/bridge-A.log"
	: >"$TMP/bridge-B.log"
}

UDP_A=(group none peer 192.0.2.2 port "$PORT" stream-id "0x$SID_A")
UDP_B=(-u -p "$PORT" -n "192.0.2.1:$PORT" --talker-stream-id "$SID_B" --listener-stream-id "$SID_A")
# For OPEN1722_SELF=1: A's bridge as vcanmc is set up
UDP_SELF=(-u -p "$PORT" -n "192.0.2.2:$PORT" --talker-stream-id "$SID_A" --listener-stream-id "$SID_B")
ETH_A=(transport ethernet stream-id "0x$SID_A")
ETH_B=(-i eth0 -d "$ETH_GROUP" --talker-stream-id "$SID_B" --listener-stream-id "$SID_A")
ETH_SELF=(-i eth0 -d "$ETH_GROUP" --talker-stream-id "$SID_A" --listener-stream-id "$SID_B")

# UDP to a unicast peer, classic CAN
case_udp_peer()
{
	side_a "${UDP_A[@]}" -- "${UDP_SELF[@]}"
	side_b "${UDP_B[@]}"
	check "udp-peer: A (peer 192.0.2.2:$PORT) and B's bridge (-u -n 192.0.2.1:$PORT) ready" \
		ready
	check "udp-peer: classic, extended, remote frames A -> B, as sent" \
		a_to_b udp-peer-ab -- "${CLASSIC[@]}"
	check "udp-peer: classic, extended, remote frames B -> A, as sent" \
		b_to_a udp-peer-ba -- "${CLASSIC[@]}"
	check "udp-peer: remote frames with a length (321#R5) A -> B, as sent" \
		a_to_b udp-rtr-ab -- "${RTR_DLC[@]}"
	check "udp-peer: remote frames with a length B -> A, as sent" \
		b_to_a udp-rtr-ba -- "${RTR_DLC[@]}"
}

# UDP, vcanmc's own stream ID (stream-id auto, derived from eth0's MAC),
# which the bridge is told to listen to
case_udp_auto()
{
	local sid=$SID_A

	side_a group none peer 192.0.2.2 port "$PORT" stream-id auto -- "${UDP_SELF[@]}"
	if [ "$SELF" != 1 ]; then
		sid=$(vst -g A vmc0 stream_id)
		sid=${sid#0x}
	fi
	side_b -u -p "$PORT" -n "192.0.2.1:$PORT" --talker-stream-id "$SID_B" \
		--listener-stream-id "$sid"
	check "udp-auto: A (stream-id auto: $sid) and B's bridge listening to it ready" ready
	check "udp-auto: classic frames A -> B, as sent" a_to_b udp-auto-ab -- "${CLASSIC[@]}"
	check "udp-auto: classic frames B -> A, as sent" b_to_a udp-auto-ba -- "${CLASSIC[@]}"
}

# UDP, the bridge sends TSCF PDUs (-t): 24-byte header, avtp_timestamp
# not valid (tv 0)
case_udp_tscf()
{
	side_a "${UDP_A[@]}" -- "${UDP_SELF[@]}" -t
	side_b "${UDP_B[@]}" -t
	check "udp-tscf: A and B's bridge (-t, TSCF) ready" ready
	check "udp-tscf: classic frames A (NTSCF) -> B, as sent" \
		a_to_b udp-tscf-ab -- "${CLASSIC[@]}"
	check "udp-tscf: classic frames B (TSCF) -> A, as sent" \
		b_to_a udp-tscf-ba -- "${CLASSIC[@]}"
}

# UDP to a unicast peer, CAN FD (bridge --fd)
case_udp_fd()
{
	side_a "${UDP_A[@]}" -- "${UDP_SELF[@]}" --fd
	side_b "${UDP_B[@]}" --fd
	check "udp-fd: A and B's bridge (--fd) ready" ready
	# First: the bridge's reused frame has no FD flags yet
	check_todo "Open1722 --fd writes every frame as CAN FD" \
		"udp-fd: classic frames A -> B stay classic through a --fd bridge" \
		a_to_b udp-fd-cc-ab -- "${CLASSIC_DATA[@]}"
	check "udp-fd: FD frames (BRS, ESI, extended, 0-64 bytes) A -> B, as sent" \
		a_to_b udp-fd-ab -- "${FD[@]}"
	check "udp-fd: FD frames B -> A, as sent" b_to_a udp-fd-ba -- "${FD[@]}"
	check_todo "Open1722 --fd sends every frame with FDF" \
		"udp-fd: classic frames B -> A stay classic from a --fd bridge" \
		b_to_a udp-fd-cc-ba -- "${CLASSIC_DATA[@]}"
}

# UDP to a group: a process of B's joins it on eth0 for the bridge, which
# joins nothing and listens on any address
case_udp_group()
{
	join_group B "$GROUP"
	[ "$SELF" = 1 ] && join_group A "$GROUP"
	side_a group "$GROUP" port "$PORT" stream-id "0x$SID_A" -- \
		-u -p "$PORT" -n "$GROUP:$PORT" --talker-stream-id "$SID_A" \
		--listener-stream-id "$SID_B"
	side_b -u -p "$PORT" -n "$GROUP:$PORT" --talker-stream-id "$SID_B" \
		--listener-stream-id "$SID_A"
	check "udp-group: A (group $GROUP) and B's bridge (-n $GROUP:$PORT) ready" ready
	check "udp-group: classic frames A -> B, as sent" a_to_b udp-group-ab -- "${CLASSIC[@]}"
	check "udp-group: classic frames B -> A, as sent" b_to_a udp-group-ba -- "${CLASSIC[@]}"
	leave_groups
}

# UDP, the bridge with its default stream IDs (talker = listener =
# aabbccddeeff0001 = vcanmc's): B's PDUs carry A's own stream ID
case_udp_defaults()
{
	side_a "${UDP_A[@]}" -- -u -p "$PORT" -n "192.0.2.2:$PORT"
	side_b -u -p "$PORT" -n "192.0.2.1:$PORT"
	check "udp-defaults: B's bridge without stream options ready" ready
	check "udp-defaults: classic frames A -> B, as sent" \
		a_to_b udp-def-ab -- "${CLASSIC[@]}"
	check "udp-defaults: classic frames B -> A (A's own stream ID), as sent" \
		b_to_a udp-def-ba -- "${CLASSIC[@]}"
}

# UDP, many frames at once: vcanmc's PDUs must hold at most the 15 ACF
# messages Open1722 takes; the bridge packs 5 frames a PDU (-c 5)
case_udp_burst()
{
	side_a "${UDP_A[@]}" -- "${UDP_SELF[@]}"
	side_b "${UDP_B[@]}" -c 5
	check "udp-burst: B's bridge (-c 5) ready" ready
	check "udp-burst: 200 frames from cangen -g 0 A -> B, each once, in order" \
		burst udp-burst-ab 200
	check "udp-burst: 10 frames B -> A in PDUs of 5 ACF messages, as sent" \
		b_to_a udp-c5-ba -- "${CLASSIC[@]:0:5}" "${CLASSIC_DATA[@]}" 0FF#FF 100#
}

# Ethernet, to IEEE 1722's multicast MAC
case_eth()
{
	side_a "${ETH_A[@]}" -- "${ETH_SELF[@]}"
	side_b "${ETH_B[@]}"
	check "eth: A (transport ethernet, default dest-mac) and B's bridge (-d $ETH_GROUP) ready" \
		ready
	check "eth: classic, extended, remote frames A -> B, as sent" \
		a_to_b eth-ab -- "${CLASSIC[@]}"
	check "eth: classic, extended, remote frames B -> A, as sent" \
		b_to_a eth-ba -- "${CLASSIC[@]}"
}

case_eth_fd()
{
	side_a "${ETH_A[@]}" -- "${ETH_SELF[@]}" --fd
	side_b "${ETH_B[@]}" --fd
	check "eth-fd: A and B's bridge (--fd) ready" ready
	check "eth-fd: FD frames A -> B, as sent" a_to_b eth-fd-ab -- "${FD[@]}"
	check "eth-fd: FD frames B -> A, as sent" b_to_a eth-fd-ba -- "${FD[@]}"
}

# Ethernet, many frames at once (PDUs up to the MTU)
case_eth_burst()
{
	side_a "${ETH_A[@]}" -- "${ETH_SELF[@]}"
	side_b "${ETH_B[@]}" -c 5
	check "eth-burst: B's bridge (-c 5) ready" ready
	check "eth-burst: 200 frames from cangen -g 0 A -> B, each once, in order" \
		burst eth-burst-ab 200
	check "eth-burst: 10 frames B -> A in PDUs of 5 ACF messages, as sent" \
		b_to_a eth-c5-ba -- "${CLASSIC[@]:0:5}" "${CLASSIC_DATA[@]}" 0FF#FF 100#
}

# Ethernet to unicast MACs: A's dest-mac is B's, the bridge's -d A's
case_eth_unicast()
{
	side_a "${ETH_A[@]}" dest-mac "$MAC_B" -- \
		-i eth0 -d "$MAC_B" --talker-stream-id "$SID_A" --listener-stream-id "$SID_B"
	side_b -i eth0 -d "$MAC_A" --talker-stream-id "$SID_B" --listener-stream-id "$SID_A"
	check "eth-unicast: A (dest-mac $MAC_B) and B's bridge (-d $MAC_A) ready" ready
	check "eth-unicast: classic frames A -> B, as sent" a_to_b eth-uc-ab -- "${CLASSIC[@]}"
	check "eth-unicast: classic frames B -> A, as sent" b_to_a eth-uc-ba -- "${CLASSIC[@]}"
}

# Ethernet, the bridge with its default stream IDs
case_eth_defaults()
{
	side_a "${ETH_A[@]}" -- -i eth0 -d "$ETH_GROUP"
	side_b -i eth0 -d "$ETH_GROUP"
	check "eth-defaults: B's bridge without stream options ready" ready
	check "eth-defaults: classic frames A -> B, as sent" \
		a_to_b eth-def-ab -- "${CLASSIC[@]}"
	check "eth-defaults: classic frames B -> A (A's own stream ID), as sent" \
		b_to_a eth-def-ba -- "${CLASSIC[@]}"
}

run_case udp-peer 5
run_case udp-auto 3
run_case udp-tscf 3
run_case udp-fd 5
run_case udp-group 3
run_case udp-defaults 3
run_case udp-burst 3
run_case eth 3
run_case eth-fd 3
run_case eth-burst 3
run_case eth-unicast 3
run_case eth-defaults 3

if [ "$SELF" = 1 ]; then
	tap_skip "A's vcanmcd still runs" "OPEN1722_SELF=1: no vcanmc"
else
	check "A's vcanmcd still runs" topo_daemons_alive
fi

tap_done
