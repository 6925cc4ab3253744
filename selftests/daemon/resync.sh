#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Notifications lost: when the daemon's rtnetlink socket overflows it lists
# every link again, and what it learns from the list must be what the lost
# notifications would have told. Here the lost one is the deletion of a
# link's underlay: the link must not stay attached to a device that is
# gone.
#
#        host A
#   +--------------------------------+
#   |  vmc0 (dev eth0)  vmc1 (dev u1) |
#   |        vcanmcd (stopped while   |
#   |        lo's MTU changes 600     |
#   |        times, then u1 goes)     |
#   |  eth0           u1 -- u1p (veth)|
#   +--------------------------------+

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 5

CHANGES=600

topo_host A
batch "${NS[A]}" "link add u1 type veth peer name u1p" \
	"addr add 2001:db8:1::1/64 dev u1 nodad" "link set u1p up" "link set u1 up"
topo_daemon A
topo_link A vmc0
vc A add vmc1 dev u1 port 43130 && run ip -n "${NS[A]}" link set vmc1 up
check "A: vmc0 and vmc1 attached" vwait A vmc0 attached=true -- A vmc1 attached=true

# overflowed: the daemon said it lists the links again since the mark
log=$TMP/vcanmcd-A.log
overflowed() { sed -n '/^---- mark/,$p' "$log" | grep -q 'listing all links again'; }

# The socket overflows first, so that u1's deletion is lost for sure.
echo "---- mark" >>"$log"
run kill -STOP "${DPID[A]}"
echo "# + ip -n ${NS[A]} -batch: link set lo mtu N, $CHANGES times"
for i in $(seq 1 $CHANGES); do
	echo "link set lo mtu $((65536 - i % 2))"
done | ip -n "${NS[A]}" -batch -
run ip -n "${NS[A]}" link del u1
run kill -CONT "${DPID[A]}"
check "A's daemon lost notifications and lists the links again" \
	busywait "$TIMEOUT" overflowed
check "A: vmc1, whose underlay went meanwhile, is not attached" \
	vwait A vmc1 attached=false
check "A: vmc0 still attached" vwait A vmc0 attached=true
check "every daemon still runs" topo_daemons_alive
tap_done
