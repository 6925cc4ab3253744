#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vcanmcd against a hostile network and careless neighbours (hostile.py):
#
#  - rx-error-frames off: error frames from the network are dropped and
#    counted, other frames pass, hosts that keep the default get them;
#  - datagrams forged with the daemon's own address and port are counted as
#    spoofed, not silently as its own; its real own datagrams still are own;
#  - forged ICMP "port unreachable" messages cost no frame;
#  - python-can-batch: a datagram longer than 1200 bytes is oversize, a
#    message without every key is refused, seven whole ones all arrive;
#  - the status answer arrives whole however small the socket buffers, a
#    client that reads nothing does not stall the daemon, two daemons
#    started at once never both serve a namespace, the socket is 0600;
#  - a link attached before its underlay has an IPv4 address sends from
#    the address once it has one;
#  - a "dev any" link whose underlay is replaced joins the group again on
#    the new one.
#
# Hosts A, B, C as in topo.sh; G (2001:db8::7), the hostile one, has no
# daemon; D, E, F as the cases need them.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd sysctl
tap_plan 21

GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173

hostile() { on "$1" "$PY" "$HERE/hostile.py" "${@:2}"; }

# tx_port HOST: the port HOST's daemon sends vmc0's datagrams from.
tx_port() { vst -g "${NS[$1]}" vmc0 source_port; }

topo_three
topo_host G
check "three hosts, each vmc0 attached by its vcanmcd" topo_all_attached vmc0 A B C

# -- error frames ------------------------------------------------------------
ERRF=20000004#0000000000000000
vc B set vmc0 rx-error-frames off
check "B says rx-error-frames off" eval \
	"\"\$VCANMC\" -n \"\${NS[B]}\" show -j vmc0 | grep -q '\"rx_error_frames\":false'"
dump_start B-err B 1 vmc0,0:0,#FFFFFFFF
dump_start C-err C 2 vmc0,0:0,#FFFFFFFF
send A vmc0 $ERRF 111#01
dump_wait B-err
dump_wait C-err
lines vmc0 R 111#01 >"$TMP/expect.B-err"
lines vmc0 R $ERRF 111#01 >"$TMP/expect.C-err"
check "B: the error frame refused, the next frame delivered" same_frames B-err "$TMP/expect.B-err"
check "C (default on): both" same_frames C-err "$TMP/expect.C-err"
check "B counts the error frame as a drop" vwait B vmc0 drops=error-frame:1 frames_in=1

# -- forged own address ------------------------------------------------------
PORT_B=$(tx_port B)
echo "# B sends from port ${PORT_B:-?}"
check "G forges 5 datagrams from B's address and port" \
	hostile G spoof $GROUP 43113 2001:db8::2 "${PORT_B:-1}" eth0 5
check "B counts them as spoofed, not as its own" \
	vwait B vmc0 drops=error-frame:1,spoofed-own:5 own=0
send B vmc0 222#01 222#02 222#03
check "B's own 3 datagrams come back as own, nothing more spoofed" \
	vwait B vmc0 own=3 drops=error-frame:1,spoofed-own:5 -- A vmc0 peer:2001:db8::2.frames=8

# -- forged ICMP errors ------------------------------------------------------
dump_start A-icmp A 5 vmc0
check "G sends B 5 forged ICMPv6 port-unreachable quoting its datagrams" \
	hostile G icmp 2001:db8::2 2001:db8::2 "${PORT_B:-1}" $GROUP 43113 5
send B vmc0 333#01 333#02 333#03 333#04 333#05
dump_wait A-icmp
lines vmc0 R 333#01 333#02 333#03 333#04 333#05 >"$TMP/expect.A-icmp"
check "A gets every frame B sent after them" same_frames A-icmp "$TMP/expect.A-icmp"
check "B retried the failed sends and dropped nothing" \
	vwait B vmc0 "send_errors>0" drops=error-frame:1,spoofed-own:5

# -- batches -----------------------------------------------------------------
topo_link A vmc1 encap python-can-batch port 43114
topo_link B vmc1 encap python-can-batch port 43114
topo_all_attached vmc1 A B >/dev/null
dump_start B-batch B 7 vmc1
check "G sends an oversize batch, 30 empty maps and 7 whole messages" \
	hostile G batch $GROUP 43114 eth0
dump_wait B-batch
lines vmc1 R 6B0# 6B1# 6B2# 6B3# 6B4# 6B5# 6B6# >"$TMP/expect.B-batch"
check "B: the 7 whole messages arrive" same_frames B-batch "$TMP/expect.B-batch"
# 30 empty maps are no batch: the 9 a batch may hold (8 frames and a bus
# record) are decoded and dropped each, the rest is one malformed drop
check "B: oversize and missing-key drops counted, per datagram and per message" \
	vwait B vmc1 drops=malformed:1,missing-key:9,oversize:1 frames_in=7

# -- the status socket -------------------------------------------------------
links=(vmc0 vmc1)
for i in $(seq 2 31); do
	topo_link B "vmc$i" port 43200 >/dev/null || break
	links+=("vmc$i")
done
wmem_max=$(sysctl -n net.core.wmem_max)
wmem_default=$(sysctl -n net.core.wmem_default)
run sysctl -qw net.core.wmem_max=4096 net.core.wmem_default=4096
sock=/run/vcanmc/net-$(stat -Lc %i "/proc/${ANCHOR[B]}/ns/net").sock
echo "# + [B] hostile.py hold $sock 8 >hold &"
ip netns exec "${NS[B]}" "$PY" "$HERE/hostile.py" hold "$sock" 8 >"$TMP/hold" &
hold=$!
sleep 1
check "with 4 KiB socket buffers and a client that reads nothing, the answer on all 32 links is whole" \
	vwait B "links=$(IFS=,; echo "${links[*]}")"
wait $hold
echo "# hold: $(cat "$TMP/hold")"
run sysctl -qw net.core.wmem_max="$wmem_max" net.core.wmem_default="$wmem_default"
check "the status socket is 0600" eval "[ \"\$(stat -c %a \"$sock\")\" = 600 ]"

topo_host D
race()
{
	local i p1 p2 alive

	for i in 1 2 3 4 5; do
		"$VCANMCD" -n "${NS[D]}" >>"$TMP/vcanmcd-D.log" 2>&1 &
		p1=$!
		"$VCANMCD" -n "${NS[D]}" >>"$TMP/vcanmcd-D.log" 2>&1 &
		p2=$!
		busywait "$TIMEOUT" eval "! running $p1 || ! running $p2"
		alive=0
		running $p1 && alive=$((alive + 1))
		running $p2 && alive=$((alive + 1))
		busywait "$TIMEOUT" daemon_answers D || { echo "round $i: no answer"; return 1; }
		kill $p1 $p2 2>/dev/null
		wait $p1 $p2
		echo "round $i: $alive daemon(s) serving"
		[ $alive = 1 ] || return 1
	done
}
check "two daemons started at once: one serves, the other leaves (5 rounds)" race

# -- an underlay without an address yet ---------------------------------------
topo_host E
run ip -n "${NS[E]}" addr del 192.0.2.5/24 dev eth0
topo_link A vmc4 group 239.0.2.9 port 43116
topo_link E vmc4 group 239.0.2.9 port 43116
topo_daemon E
topo_all_attached vmc4 A E >/dev/null
# A's kernel drops the first, from 0.0.0.0: no host may send from there.
send E vmc4 444#01
vwait E vmc4 datagrams_out=1 >/dev/null
run ip -n "${NS[E]}" addr add 192.0.2.5/24 dev eth0
send E vmc4 444#02
check "E sends from its address once it has one" \
	vwait A vmc4 frames_in=1 peer:192.0.2.5.frames=1

# -- a dev any link whose underlay is replaced -------------------------------
topo_host F
vc F add vmc5 port 43117 && run ip -n "${NS[F]}" link set vmc5 up
topo_link A vmc5 port 43117
topo_daemon F
topo_all_attached vmc5 A F >/dev/null
joined() { ip -n "${NS[F]}" -6 maddr show dev eth0 2>/dev/null | grep -q "$GROUP"; }
busywait "$TIMEOUT" joined
run ip -n "${NS[F]}" link del eth0
batch "$BR" "link add veth-F2 type veth peer name eth0 netns ${NS[F]}" \
	"link set veth-F2 master br0 up"
batch "${NS[F]}" "addr add 2001:db8::6/64 dev eth0 nodad" "link set eth0 up"
check "F's daemon joins the group on the new underlay" busywait "$TIMEOUT" joined
dump_start F-new F 1 vmc5
send A vmc5 555#01
dump_wait F-new
lines vmc5 R 555#01 >"$TMP/expect.F-new"
check "F hears A again" same_frames F-new "$TMP/expect.F-new"

check "every daemon still runs" topo_daemons_alive
tap_done
