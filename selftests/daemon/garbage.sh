#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A flood of datagrams python-can would refuse, from a host without vcanmc:
# truncated, foreign, malformed, oversize, unknown keys, wrong types, DLC
# mismatches, bad IDs and flags (garbage.py), about 3000 of them, between
# 300 valid frames that python-can's pack_message() packed. Each daemon
# drops every bad one and counts it under its reason, exactly; delivers
# every valid frame exactly once; lists the sender as a peer; keeps running
# and keeps serving the bus.
#
#   G: garbage.py --[ff15:7079:...]:43113--> vcanmcd on A, B, C --> vmc0 --> candump (B)
#
# Hosts A, B, C as in topo.sh, G (192.0.2.7, 2001:db8::7) on the same bridge.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 7

GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
VALID=300

topo_three
topo_host G
check "three hosts, each vmc0 attached by its vcanmcd" topo_all_attached vmc0 A B C

# python-can takes its time to load and garbage.py to pack the datagrams.
DUMP_IDLE_MS=120000 dump_start B B $VALID vmc0
echo "# + [G] garbage.py $GROUP 43113 $VALID valid ${NS[B]} vmc0"
sent=$(ip netns exec "${NS[G]}" "$PY" "$HERE/garbage.py" $GROUP 43113 $VALID \
	"$TMP/valid" "${NS[B]}" vmc0)
echo "# sent: $sent"
dump_wait B
sed 's/^/vmc0 /; s/$/ R/' "$TMP/valid" >"$TMP/expect.valid"
check "B: every valid frame once, in order, none of the garbage" \
	same_frames B "$TMP/expect.valid"

# what garbage.py sent: "datagrams=N frames=N drops=REASON:N,..."
# shellcheck disable=SC2001 # a glob cannot say "letters then ="
read -r datagrams valid drops <<<"$(sed 's/[a-z]*=//g' <<<"$sent")"
counted=()
for h in A B C; do
	counted+=(-- "$h" vmc0 datagrams_in="$datagrams" frames_in="$valid" "drops=$drops"
		  udp_overflow=0 peers=2001:db8::7 peer:2001:db8::7.frames="$valid"
		  peer:2001:db8::7.drops=$((datagrams - valid)))
done
check "A, B, C count each drop under its reason, exactly, and G as a peer" \
	vwait "${counted[@]:1}"
check "every daemon still runs" topo_daemons_alive

frames=(123#1122 "12345678##3$(printf '%02X' $(seq 0 63))" 7EF#EF)
lines vmc0 R "${frames[@]}" >"$TMP/expect.after"
dump_start B-after B ${#frames[@]} vmc0
dump_start C-after C ${#frames[@]} vmc0
send A vmc0 "${frames[@]}"
dump_wait B-after
dump_wait C-after
check "after the flood, A's frames reach B once each" same_frames B-after "$TMP/expect.after"
check "and C" same_frames C-after "$TMP/expect.after"
check "A's frames counted once, nothing more dropped" \
	vwait B vmc0 frames_in=$((valid + 3)) "drops=$drops" -- C vmc0 frames_in=$((valid + 3))

tap_done
