#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every kind of CAN frame crosses the tunnel unchanged and exactly once:
# standard and extended IDs, remote frames, CAN FD with BRS and ESI up to 64
# bytes, error frames. cansend writes them on one host; candump -x shows
# them once as TX there and once as RX on each other host, byte for byte,
# and nothing else before the marker frame that ends each round.
#
#   A: cansend -> vmc0 -> vcanmcd ==[ff15:...:6173]:43113==> vcanmcd -> vmc0 -> candump (B, C: RX)
#                   \--> candump (A: TX)
#
# Hosts and topology: topo.sh.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 9

MARKER=7EF#EF
# Receivers see error frames too.
ALL=vmc0,0:0,#FFFFFFFF

data64=$(printf '%02X' $(seq 0 63))
frames=(
	000#				# ID 0, no data
	123#1122334455667788		# standard ID, 8 bytes
	12345678#DEADBEEF		# extended ID
	1FFFFFFF#01			# highest extended ID
	7FF#R				# remote frame, no length
	321#R5				# remote frame with a length
	1ABCDEF0#R8			# extended remote frame
	456##0				# CAN FD, empty
	456##1A0A1A2A3A4A5A6A7A8A9AAAB	# FD, BRS, 12 bytes
	0ABCDEF0##2"$data64"		# FD, ESI, extended, 64 bytes
	7FF##3"$data64"			# FD, BRS and ESI, 64 bytes
	20000004#0004000000000000	# error frame: controller, RX warning
	20000100#0000000000000000	# error frame: restarted
)

# round SENDER RECEIVER...: SENDER's cansend of every frame and the marker
# shows once as TX there and once as RX on each RECEIVER.
round()
{
	local from=$1 h

	shift
	lines vmc0 T "${frames[@]}" "$MARKER" >"$TMP/expect.tx"
	lines vmc0 R "${frames[@]}" "$MARKER" >"$TMP/expect.rx"
	for h in "$from" "$@"; do
		dump_start "$h" "$h" $((${#frames[@]} + 1)) "$ALL" || return 1
	done
	send "$from" vmc0 "${frames[@]}" "$MARKER" || return 1
	for h in "$from" "$@"; do
		dump_wait "$h"
	done
}

topo_three
check "three hosts, each vmc0 attached by its vcanmcd" topo_all_attached vmc0 A B C

round A B C
check "A: candump -x shows each frame once, as TX" same_frames A "$TMP/expect.tx"
check "B: each frame once, as RX, unchanged" same_frames B "$TMP/expect.rx"
check "C: each frame once, as RX, unchanged" same_frames C "$TMP/expect.rx"

round C A B
check "C: candump -x shows each frame once, as TX" same_frames C "$TMP/expect.tx"
check "A: each of C's frames once, as RX" same_frames A "$TMP/expect.rx"
check "B: each of C's frames once, as RX" same_frames B "$TMP/expect.rx"

check "ip -s link on B counts the frames of A and C as received" \
	sh -c "ip -n ${NS[B]} -s link show dev vmc0 | sed -n '/RX:/{n;p}' |
	       awk '{ print \"rx packets \" \$2; exit \$2 != $(( 2 * (${#frames[@]} + 1) )) }'"
check "every daemon still runs" topo_daemons_alive

tap_done
