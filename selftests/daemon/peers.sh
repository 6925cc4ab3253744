#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unicast peers where the network carries no multicast: the bridge drops
# every datagram to an IPv4 multicast group and to ff15::/16 (nft), as a
# cloud network, a VPN or a container network may. A, B and C are each
# given the same list of peers, the three hosts, themselves among them.
#  - IPv4 with a group (dropped) and peers, encap python-can, then
#    python-can-batch: A and B each send numbered frames at once; every
#    host gets the others' frames, each once, in its sender's order, and
#    none of its own back.
#  - IPv6 with no group at all ("group none") and peers: the same.
#  - the link owns its port: another user cannot bind it to take the
#    peers' datagrams;
#  - peers-only on B: G, not a peer, is refused and counted (not-peer);
#    the peers still get through.
#  - encap norm with peers, or with no group, is refused with a reason.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd nft
tap_plan 15

G4=239.74.163.9
FRAMES=${PEERS_FRAMES:-1000}

for h in A B C; do
	topo_host "$h"
done
topo_host G

# The bridge forwards no multicast of ours (neighbour discovery still
# passes: ff02::/16)
check "the bridge drops IPv4 multicast and ff15::/16" \
	on br nft -f - <<'EOF'
table bridge nomcast {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr 224.0.0.0/4 drop
		ip6 daddr ff15::/16 drop
	}
}
EOF

for h in A B C; do
	topo_link "$h" vmc0 group $G4 && topo_daemon "$h"
done
check "A, B, C: vmc0 attached to $G4 without peers" \
	vwait A vmc0 attached=true -- B vmc0 attached=true -- C vmc0 attached=true

# Without peers nothing crosses: the test would prove nothing otherwise
nothing_crosses()
{
	send A vmc0 123#01 || return 1
	vwait A vmc0 datagrams_out=1 || return 1
	sleep 2
	vst B vmc0 datagrams_in=0 -- C vmc0 datagrams_in=0
}
check "without peers A's datagram reaches neither B nor C" nothing_crosses

# Every host the same list: itself is skipped
PEERS4=(peer 192.0.2.1 peer 192.0.2.2 peer 192.0.2.3)
for h in A B C; do
	vc "$h" set vmc0 "${PEERS4[@]}"
done
check "A, B, C: three peers each, attached again" \
	vwait A vmc0 attached=true unicast_peers=3 -- B vmc0 attached=true unicast_peers=3 \
	   -- C vmc0 attached=true unicast_peers=3
check "python-can over peers: every frame of A and B once, in order, everywhere" \
	exchange v4
check "each host took in exactly the others' frames: none twice, none of its own" \
	vwait A vmc0 frames_in=$FRAMES drop:spoofed-own=0 \
	   -- B vmc0 frames_in=$FRAMES drop:spoofed-own=0 \
	   -- C vmc0 frames_in=$((2 * FRAMES)) drop:spoofed-own=0

for h in A B C; do
	vc "$h" set vmc0 encap python-can-batch
done
check "A, B, C: encap python-can-batch" \
	vwait A vmc0 attached=true encap=python-can-batch \
	   -- B vmc0 attached=true encap=python-can-batch \
	   -- C vmc0 attached=true encap=python-can-batch
check "python-can-batch over peers: every frame of A and B once, in order, everywhere" \
	exchange batch

# IPv6, no group: nothing but the peers
PEERS6=(peer 2001:db8::1 peer 2001:db8::2 peer 2001:db8::3)
for h in A B C; do
	vc "$h" set vmc0 encap python-can group none "${PEERS6[@]}"
done
check "A, B, C: group none, IPv6 peers, attached" \
	vwait A vmc0 attached=true group=none -- B vmc0 attached=true group=none \
	   -- C vmc0 attached=true group=none
check "no group, IPv6 peers: every frame of A and B once, in order, everywhere" \
	exchange v6

# The link owns its port: no other socket on the host takes the peers'
# datagrams, another user's (on every address or one) or root's
port_owned()
{
	local a rc=0

	for a in :: 2001:db8::2; do
		on B setpriv --reuid=65534 --regid=65534 --clear-groups "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
try:
    s.bind((sys.argv[1], 43113))
except OSError as e:
    print("bind [%s]:43113 refused: %s" % (sys.argv[1], e.strerror))
    sys.exit(0)
print("bind [%s]:43113 succeeded" % sys.argv[1])
sys.exit(1)' "$a" || rc=1
	done
	return $rc
}
check "B's port is its link's: another user cannot bind it, on any address" port_owned

# peers-only: G is no peer of B's
vc B set vmc0 peers-only on
check "B: peers-only on" vwait B vmc0 attached=true peers_only=true
from_g()
{
	on G "$PY" -c 'import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for i in range(20):
    s.sendto(b"\x81\xa1x\x01", ("2001:db8::2", 43113))
' || return 1
	vwait B vmc0 "drop:not-peer=20" && vst B vmc0 "peer:2001:db8::7.frames=0"
}
check "peers-only: G's 20 datagrams refused, counted not-peer, nothing of G's delivered" from_g
check "peers-only: A's frames still reach B, in order" eval \
	'dump_start po B 200 -r 8000000 vmc0,100:7FF &&
	 on A cangen vmc0 -g 1 -n 200 -I 100 -L 8 -D i && dump_wait po &&
	 "$PY" "$HERE/seqcheck.py" "$TMP/po.got" 100 200'

# NORM repairs through the group: not with peers, not without a group
norm_refused()
{
	local out

	if out=$(vc A set vmc0 encap norm 2>&1); then
		echo "$out"
		return 1
	fi
	echo "$out"
	grep -qi norm <<<"$out"
}
check "encap norm refused without a group and with peers, with a reason" norm_refused

tap_done
