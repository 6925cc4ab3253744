#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A link moved to another network namespace changes daemon: B's vmc0 goes
# to host D, whose own daemon serves no link yet. B's daemon forgets it,
# D's daemon takes it up once it is up again there, and A's frames reach
# it in D, once each, and D's reach A.
#
#   before:  A: vmc0 + vcanmcd    B: vmc0 + vcanmcd    D: vcanmcd
#   after:   A: vmc0 + vcanmcd    B: vcanmcd           D: vmc0 + vcanmcd
#
# Hosts as in topo.sh. The kernel forgets the link's dev setting on the
# move (an interface index means nothing in another namespace): in D,
# routing chooses the underlay.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 8

MARKER=7EF#EF
frames=(123#112233 12345678##1C0FFEE 456#R4)

for h in A B D; do
	topo_host "$h"
done
topo_link A vmc0
topo_link B vmc0
for h in A B D; do
	topo_daemon "$h"
done
check "A and B serve vmc0, D's daemon has no link" \
	vwait A vmc0 attached=true -- B vmc0 attached=true -- D links=

run ip -n "${NS[B]}" link set dev vmc0 netns "${NS[D]}"
check "B's daemon forgets the link that left" vwait B links=
check "D's daemon finds it, down as the move left it" \
	vwait D vmc0 attached=false reason="link is down"
run ip -n "${NS[D]}" link set dev vmc0 up
check "D's daemon attaches it once it is up, routing choosing the underlay" \
	topo_attached D vmc0 dev=any
check "ip link in D: vmc0 UP, announced by D's daemon" topo_operstate UP D:vmc0

lines vmc0 R "${frames[@]}" "$MARKER" >"$TMP/expect"
dump_start D D $((${#frames[@]} + 1)) vmc0
send A vmc0 "${frames[@]}" "$MARKER"
dump_wait D
check "A's frames reach the link in D, once each" same_frames D "$TMP/expect"

dump_start A A $((${#frames[@]} + 1)) vmc0
send D vmc0 "${frames[@]}" "$MARKER"
dump_wait A
check "frames from the link in D reach A, once each" same_frames A "$TMP/expect"
check "every daemon still runs" topo_daemons_alive

tap_done
