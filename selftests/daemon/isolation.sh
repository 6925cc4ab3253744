#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What one link or one host does must not cost another its frames:
#
#  - a link whose NORM session cannot start (its underlay has no IPv4
#    address yet) is not attached; another link attached after it stays
#    attached when the first is taken down: its file is its own;
#  - a host that happens to send from the same port number as a daemon's
#    sending socket, from its own address, is heard like any other host:
#    only datagrams from an address of the daemon's own host can be its own.
#
# Hosts A and B (topo.sh) with their daemons, vmc0 on the default group;
# C, without a daemon, plays the other host.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 8

GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173

for h in A B; do
	topo_host $h && topo_daemon $h
done
topo_link A vmc0

# -- a failed NORM attach ---------------------------------------------------
run ip -n "${NS[B]}" addr del 192.0.2.2/24 dev eth0
topo_link B vmc1 encap norm group 239.0.2.20 port 43120
norm_failed() { vst -g "${NS[B]}" vmc1 reason | grep '^NORM: '; }
check "B: vmc1 (encap norm, no IPv4 address on eth0) is not attached: NORM failed" \
	busywait "$TIMEOUT" norm_failed
# vmc0 attaches, and vmc1 goes down, in one batch: no retry of vmc1's
# attach comes between them.
vc B add vmc0 dev eth0
batch "${NS[B]}" "link set vmc0 up" "link set vmc1 down"
check "B: vmc0 attached, vmc1 down" \
	vwait B vmc0 attached=true -- B vmc1 attached=false "reason=link is down"
check "B: vmc0's operstate is UP (a daemon's file is attached)" topo_operstate UP B:vmc0
dump_start B-after B 1 vmc0
send A vmc0 101#01
dump_wait B-after
lines vmc0 R 101#01 >"$TMP/expect.B-after"
check "B's vmc0 gets A's frame" same_frames B-after "$TMP/expect.B-after"

# -- another host on our port ------------------------------------------------
topo_host C
PORT_B=$(vst -g "${NS[B]}" vmc0 source_port)
echo "# B sends from port ${PORT_B:-?}"
dump_start B-port B 3 vmc0
check "C sends 3 datagrams from its own address and B's port" \
	on C "$PY" "$HERE/hostile.py" spoof $GROUP 43113 2001:db8::3 "${PORT_B:-1}" eth0 3
dump_wait B-port
lines vmc0 R 5A0#1122 5A1#1122 5A2#1122 >"$TMP/expect.B-port"
check "B delivers C's 3 frames" same_frames B-port "$TMP/expect.B-port"
check "B counts them from C, nothing as spoofed" \
	vwait B vmc0 peer:2001:db8::3.frames=3 drops=

check "every daemon still runs" topo_daemons_alive
tap_done
