#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The underlay a link names goes away and its interface index comes back
# on another device (a device moved in from another namespace keeps its
# own index): the kernel reports the setting gone (IFLA_VCANMC_LINK_GONE),
# vcanmcd stays detached and says why, vcanmc show says "(gone)", and
# setting dev again attaches the link. Host A as in topo.sh, with a second
# veth pair to the bridge, eth1, as the underlay that goes.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 5

topo_host A
topo_host B
batch "$BR" "link add veth-A1 type veth peer name eth1 netns ${NS[A]}" \
	"link set veth-A1 master br0 up"
batch "${NS[A]}" "addr add 198.51.100.1/24 dev eth1" "link set eth1 up"
idx=$(ip -n "${NS[A]}" -o link show dev eth1 | cut -d: -f1)
topo_link B vmc0 group 239.0.2.1
vc A add vmc0 dev eth1 group 239.0.2.1 && run ip -n "${NS[A]}" link set vmc0 up
topo_daemon A
topo_daemon B
check "A's vmc0 attached on eth1" topo_attached A vmc0

run ip -n "${NS[A]}" link del eth1
# the same index, on a device that is no underlay of anything
run ip -n "${NS[A]}" link add eth9 index "$idx" type dummy
run ip -n "${NS[A]}" link set eth9 up
check "A's daemon stays detached: the underlay is gone" \
	vwait A vmc0 attached=false "reason=underlay device gone: set dev again"
t_show()
{
	vc A show vmc0 | tee /dev/stderr | grep -q "dev $idx (gone)"
}
check "vcanmc show says the underlay is gone" t_show

batch "$BR" "link add veth-A2 type veth peer name eth2 netns ${NS[A]}" \
	"link set veth-A2 master br0 up"
batch "${NS[A]}" "addr add 198.51.100.2/24 dev eth2" "link set eth2 up"
vc A set vmc0 dev eth2
check "set dev again: attached" topo_attached A vmc0
dump_start B-rx B 1 vmc0
send A vmc0 123#42
dump_wait B-rx
lines vmc0 R 123#42 >"$TMP/expect.B"
check "frames cross again" same_frames B-rx "$TMP/expect.B"
tap_done
