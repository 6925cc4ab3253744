#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# python-can's udp_multicast bus and vcanmc links share one bus, both ways,
# over IPv6 and IPv4: what cansend writes on A reaches python-can programs,
# and what python-can sends reaches candump as RX, unchanged and exactly
# once. python-can runs in C, where a daemon serves links on the same groups
# and ports (so both bind them), and in D, which has no vcanmc at all:
#
#   A, B: vmc0 vmc1 vcanmcd    C: vmc0 vmc1 vcanmcd python-can    D: python-can
#
#   vmc0: ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 port 43113 (both defaults)
#   vmc1: 239.74.163.2 (python-can's IPv4 default) port 43114
#
# The IPv4 bus has a port of its own: python-can binds the wildcard address,
# so its IPv6 socket would also take IPv4 datagrams sent to its port.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 12

G6=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
G4=239.74.163.2
MARKER=7EF#EF
ALL=0:0,#FFFFFFFF

data64=$(printf '%02X' $(seq 64 127))
frames=(
	123#1122334455667788		# standard ID
	1ABCDEF0#C0FFEE			# extended ID
	321#R5				# remote frame with a length
	1FFFFFFF#R			# extended remote frame
	456##1A0A1A2A3A4A5A6A7A8A9AAAB	# FD, BRS, 12 bytes
	0ABCDEF0##3"$data64"		# FD, BRS and ESI, extended, 64 bytes
	20000004#0004000000000000	# error frame
)
n=$((${#frames[@]} + 1))

for h in A B C; do
	topo_host "$h"
	topo_link "$h" vmc0
	topo_link "$h" vmc1 group $G4 port 43114
	topo_daemon "$h"
done
topo_host D
check "A, B, C: vmc0 and vmc1 attached" \
	vwait A vmc0 attached=true -- A vmc1 attached=true -- B vmc0 attached=true \
	   -- B vmc1 attached=true -- C vmc0 attached=true -- C vmc1 attached=true

lines - - "${frames[@]}" "$MARKER" >"$TMP/expect.py"
lines vmc0 R "${frames[@]}" "$MARKER" >"$TMP/expect.vmc0"
lines vmc1 R "${frames[@]}" "$MARKER" >"$TMP/expect.vmc1"

# cansend on A -> python-can in C and D
py_recv C6 C $G6 43113 $n
py_recv D6 D $G6 43113 $n
py_recv C4 C $G4 43114 $n
py_recv D4 D $G4 43114 $n
py_ready C6 D6 C4 D4
send A vmc0 "${frames[@]}" "$MARKER"
send A vmc1 "${frames[@]}" "$MARKER"
for p in C6 D6 C4 D4; do
	dump_wait $p
done
check "python-can, IPv6, in C (with vcanmcd): A's frames once each, unchanged" \
	same_frames C6 "$TMP/expect.py"
check "python-can, IPv6, in D (no vcanmc): A's frames once each, unchanged" \
	same_frames D6 "$TMP/expect.py"
check "python-can, IPv4, in C (with vcanmcd): A's frames once each, unchanged" \
	same_frames C4 "$TMP/expect.py"
check "python-can, IPv4, in D (no vcanmc): A's frames once each, unchanged" \
	same_frames D4 "$TMP/expect.py"

# python_to_candump HOST6 HOST4: python-can in HOST6 sends on the IPv6 bus
# while python-can in HOST4 sends on the IPv4 bus; candump listens on A, B
# and C.
python_to_candump()
{
	local h pids=()

	for h in A B C; do
		dump_start "$h-vmc0" "$h" $n "vmc0,$ALL"
		dump_start "$h-vmc1" "$h" $n "vmc1,$ALL"
	done
	py_send "$1" $G6 43113 "${frames[@]}" "$MARKER" &
	pids+=($!)
	py_send "$2" $G4 43114 "${frames[@]}" "$MARKER" &
	pids+=($!)
	for h in "${pids[@]}"; do
		wait "$h"
	done
	for h in A B C; do
		dump_wait "$h-vmc0"
		dump_wait "$h-vmc1"
	done
}

python_to_candump D C
check "python-can in D sends over IPv6: A, B, C show each frame once as RX" \
	all_same "$TMP/expect.vmc0" A-vmc0 B-vmc0 C-vmc0
check "python-can in C sends over IPv4: A, B, C show each frame once as RX" \
	all_same "$TMP/expect.vmc1" A-vmc1 B-vmc1 C-vmc1

python_to_candump C D
check "python-can in C sends over IPv6: A, B, C show each frame once as RX" \
	all_same "$TMP/expect.vmc0" A-vmc0 B-vmc0 C-vmc0
check "python-can in D sends over IPv4: A, B, C show each frame once as RX" \
	all_same "$TMP/expect.vmc1" A-vmc1 B-vmc1 C-vmc1

check "C's daemon takes python-can of its own host as a peer, not as its own" \
	vst C vmc0 own=0 peers=2001:db8::1,2001:db8::3,2001:db8::4 \
		peer:2001:db8::1.frames=$n peer:2001:db8::3.frames=$n \
		peer:2001:db8::4.frames=$n
check "python-can's frames are not sent back to the group" \
	vst A vmc0 datagrams_out=$n -- B vmc0 datagrams_out=0 -- C vmc0 datagrams_out=0 \
	 -- A vmc1 datagrams_out=$n -- B vmc1 datagrams_out=0 -- C vmc1 datagrams_out=0
check "every daemon still runs" topo_daemons_alive

tap_done
