#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Links without "dev" (dev any) and the routing table: a route change that
# does not move the group's route (a container runtime or a DHCP client
# adding and deleting routes and addresses elsewhere) changes nothing for
# them, and one that does moves them with nothing lost.
#
#              host A                                   host B
#   +-----------------------------------+   +----------------------------+
#   | vmc0 (python-can)  vmc1 (norm)    |   | vmc0            vmc1       |
#   |   239.0.2.7:43120  239.0.2.8:43121|   |   (the same groups)        |
#   |   no dev: 224.0.0.0/4 is routed   |   |                            |
#   |   to eth0, later to eth1          |   |                            |
#   | dummy0 198.51.100.1/24: the churn |   | dummy0 198.51.100.2/24     |
#   | eth0 192.0.2.1    eth1 192.0.2.11 |   | eth0 192.0.2.2             |
#   +-----|-----------------|-----------+   +-----|----------------------+
#         |                 |  (eth1 only for the move)
#   +-----|-----------------|-----------------------|----------------------+
#   |   veth-A           veth-A1                 veth-B        br0         |
#   +----------------------------------------------------------------------+
#
#  - churn: numbered frames flow from A over both links while both hosts
#    add and delete routes, addresses and devices on dummy0 $CHURN times:
#    B gets every frame once and in order, A still sends vmc0 from the
#    same port and vmc1 as the same NORM node, nothing is dropped and no
#    link was moved;
#  - move: A's route to the groups changes to eth1 and eth0 leaves the
#    bridge: A's daemon joins the groups on eth1 (counted: reroutes), and
#    frames cross both ways on both links, from the same port and node.
#  - down: the route is back on eth0 (eth0 in the bridge again), with a
#    backup through eth1 of a higher metric; eth0 goes down and IPv4 takes
#    its route away without a notification for it: A's daemon follows to
#    eth1 all the same, and frames cross both ways again.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
CHURN=${REROUTE_CHURN:-100}
FRAMES=${REROUTE_FRAMES:-3000}
SEQ="$PY $HERE/seqcheck.py"
tap_plan 15

# anylink HOST NAME OPTIONS...: a vcanmc link without dev, up.
anylink()
{
	vc "$1" add "$2" "${@:3}" && run ip -n "${NS[$1]}" link set "$2" up
}

for h in A B; do
	topo_host $h || exit 1
	batch "${NS[$h]}" "link add dummy0 type dummy" "link set dummy0 up" \
		"addr add 198.51.100.$(($(printf '%d' "'$h") - 64))/24 dev dummy0"
	anylink $h vmc0 group 239.0.2.7 port 43120
	anylink $h vmc1 group 239.0.2.8 port 43121 encap norm
	topo_daemon $h
done
check "A, B: vmc0 and vmc1 attached without dev" \
	vwait A vmc0 attached=true dev_index=0 -- A vmc1 attached=true dev_index=0 \
	   -- B vmc0 attached=true dev_index=0 -- B vmc1 attached=true dev_index=0

send A vmc0 100#01
send A vmc1 100#01
vwait B vmc0 frames_in=1 -- B vmc1 frames_in=1
PORT=$(vst -g A vmc0 source_port)
NODE=$(vst -g B vmc1 nodes)
echo "# A sends vmc0 from port $PORT, vmc1 as NORM node $NODE"

# churn HOST N: what a container runtime or a DHCP client does to the
# routing table, N times, on dummy0.
churn()
{
	echo "# + [$1] $2 times: route, address and device changes on dummy0"
	# shellcheck disable=SC2016 # the inner shell expands them
	ip netns exec "${NS[$1]}" sh -ec '
		i=0
		while [ $i -lt $1 ]; do
			ip route add 198.51.100.128/25 dev dummy0
			ip -6 route add 2001:db8:1::/64 dev dummy0
			ip addr add 198.51.100.$((i % 100 + 10))/24 dev dummy0
			ip route del 198.51.100.128/25 dev dummy0
			ip -6 route del 2001:db8:1::/64 dev dummy0
			ip addr del 198.51.100.$((i % 100 + 10))/24 dev dummy0
			if [ $((i % 10)) = 0 ]; then
				ip link add dummy1 type dummy
				ip link set dummy1 up
				ip addr add 198.51.100.250/32 dev dummy1
				ip link del dummy1
			fi
			i=$((i + 1))
		done' - "$2"
}

# flows N NAME:TO:FROM:LINK:ID...: N numbered frames of ID from FROM's
# LINK, for candump NAME in TO. Every candump listens before the first
# frame is sent: one that is done leaves fewer receivers in its host, so
# that dump_start could miss another one starting there.
flows()
{
	local n=$1 f name to from link id

	shift
	for f in "$@"; do
		IFS=: read -r name to from link id <<<"$f"
		dump_start "$name" "$to" "$n" "$link,$id:7FF" || return 1
	done
	for f in "$@"; do
		IFS=: read -r name to from link id <<<"$f"
		echo "# + [$from] cangen $link -g 3 -n $n -I $id -L 8 -D i &"
		ip netns exec "${NS[$from]}" cangen "$link" -g 3 -n "$n" -I "$id" -L 8 -D i &
		lib_pids+=($!)
	done
}

# flows_wait NAME...: until each candump NAME is done. Here, not in a
# check: a check's subshell cannot wait for them.
flows_wait()
{
	local name

	for name in "$@"; do
		dump_wait "$name"
	done
}

# flow_check NAME ID N: candump NAME got frames 0..N-1 of ID, once each,
# in order.
flow_check() { $SEQ "$TMP/$1.got" "$2" "$3"; }

flows "$FRAMES" churn0:B:A:vmc0:123 churn1:B:A:vmc1:124
churn A "$CHURN" & churn_a=$!
churn B "$CHURN" & churn_b=$!
wait $churn_a && churn_rc=0 || churn_rc=$?
wait $churn_b || churn_rc=$?
flows_wait churn0 churn1
check "A and B changed routes, addresses and devices $CHURN times while frames flowed" \
	test "$churn_rc" = 0
check "vmc0: $FRAMES frames from A reach B once each, in order, through the churn" \
	flow_check churn0 123 "$FRAMES"
check "vmc1 (norm): $FRAMES frames from A reach B once each, in order, through the churn" \
	flow_check churn1 124 "$FRAMES"
check "A's vmc0 still sends from port $PORT: B heard no other" \
	vwait A vmc0 source_port="$PORT" -- B vmc0 sources="192.0.2.1:$PORT"
check "A's vmc1 is still NORM node $NODE: B heard no other" vwait B vmc1 nodes="$NODE"
# t_none: nothing dropped and no link moved, but for NACKs or ACKs of the
# other host's NORM refused as they came before its first packet.
t_none()
{
	vwait A vmc0 drops= reroutes=0 -- A vmc1 reroutes=0 \
	   -- B vmc0 drops= reroutes=0 -- B vmc1 reroutes=0 && feedback_only vmc1 A B
}
check "no frame dropped, no link moved" t_none

# -- the route to the groups moves to eth1 ------------------------------------
batch "$BR" "link add veth-A1 type veth peer name eth1 netns ${NS[A]}" \
	"link set veth-A1 master br0 up"
batch "${NS[A]}" "addr add 192.0.2.11/24 dev eth1" "link set eth1 up" \
	"route replace 224.0.0.0/4 dev eth1"
run ip -n "$BR" link set veth-A nomaster
# joined DEV: A has both groups joined on DEV.
joined()
{
	ip -n "${NS[A]}" maddr show dev "$1" | grep -q 239.0.2.7 &&
	ip -n "${NS[A]}" maddr show dev "$1" | grep -q 239.0.2.8
}
t_moved() { vwait A vmc0 reroutes=1 -- A vmc1 reroutes=1 && busywait "$TIMEOUT" joined eth1; }
check "A's daemon follows the route: both links joined on eth1, counted once" t_moved

flows 100 move0:B:A:vmc0:125 move1:B:A:vmc1:126 back0:A:B:vmc0:127 back1:A:B:vmc1:128
flows_wait move0 move1 back0 back1
# t_flows NAME:ID...: each candump NAME got frames 0..99 of ID, once each,
# in order.
t_flows()
{
	local rc=0 n

	for n in "$@"; do
		flow_check "${n%:*}" "${n#*:}" 100 || rc=1
	done
	return $rc
}
check "after the move, frames cross once each, in order, both ways, on both links" \
	t_flows move0:125 move1:126 back0:127 back1:128
# t_kept: A still sends from port $PORT and as NORM node $NODE and dropped
# nothing, nor did B, but for NORM packets of A's node from the address it
# moved to while it was still heard at the one it left: normguard refuses
# them (and its NACKs from there) for a while (GUARD_MOVE_MS), and NORM
# repaired them.
t_kept()
{
	local d

	vwait A vmc0 source_port="$PORT" drops= -- A vmc1 drops= \
	   -- B vmc0 sources="192.0.2.1:$PORT,192.0.2.11:$PORT" drops= \
	   -- B vmc1 nodes="$NODE" || return 1
	d=$(vst -g B vmc1 drops) || return 1
	echo "B vmc1: drops=$d"
	[[ -z $d || $d =~ ^(norm-sender|norm-feedback):[0-9]+(,(norm-sender|norm-feedback):[0-9]+)?$ ]]
}
check "A still sends from port $PORT and as NORM node $NODE, nothing dropped but a moved sender" \
	t_kept

# -- eth0 goes down: its route goes with it, unannounced -----------------------
# eth0 speaks IPv4 only from here on: IPv6 announces the routes it removes
# with the interface, and that would hide IPv4's silence.
run ip netns exec "${NS[A]}" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
run ip -n "$BR" link set veth-A master br0
batch "${NS[A]}" "route add 224.0.0.0/4 dev eth1 metric 100" \
	"route replace 224.0.0.0/4 dev eth0"
t_back() { vwait A vmc0 reroutes=2 -- A vmc1 reroutes=2 && busywait "$TIMEOUT" joined eth0; }
check "the route back on eth0, a backup on eth1: both links joined on eth0 again" t_back
run ip -n "${NS[A]}" link set eth0 down
t_down() { vwait A vmc0 reroutes=3 -- A vmc1 reroutes=3 && busywait "$TIMEOUT" joined eth1; }
check "eth0 down takes its route away unannounced: both links follow to eth1" t_down

flows 100 down0:B:A:vmc0:129 down1:B:A:vmc1:130 up0:A:B:vmc0:131 up1:A:B:vmc1:132
flows_wait down0 down1 up0 up1
check "with eth0 down, frames cross once each, in order, both ways, on both links" \
	t_flows down0:129 down1:130 up0:131 up1:132
check "A still sends from port $PORT and as NORM node $NODE, nothing dropped but a moved sender" \
	t_kept
check "both daemons still run" topo_daemons_alive
tap_done
