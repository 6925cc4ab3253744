#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv6 and IPv4 groups both carry a bus, and buses on different groups
# never mix, though all use the same UDP port. Each host has four links:
#
#   vmc0  ff15:7079:7468:6f6e:6465:6d6f:6d63:6173  (default)  sender A
#   vmc1  ff15::1:2                                            sender B
#   vmc2  239.74.163.2  (python-can's IPv4 default)            sender A
#   vmc3  239.0.2.3                                            sender B
#
# all on port 43113, in hosts A, B and C (topo.sh). Every frame sent on
# vmcN shows once as TX on its sender and once as RX on vmcN of the other
# hosts, and on no other link anywhere.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 8

groups=(ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 ff15::1:2 239.74.163.2 239.0.2.3)
senders=(A B A B)

# The frames of bus N: its number in IDs and data, then its marker.
bus_frames()
{
	echo "10$1#0$1 1234560$1#DEADBEEF0$1 20$1#R2 30$1##1$(printf '%02X' $(seq 1 12)) 7E$1#E$1"
}

for h in A B C; do
	topo_host "$h"
	for n in 0 1 2 3; do
		topo_link "$h" "vmc$n" group "${groups[$n]}"
	done
	topo_daemon "$h"
done

attached=()
for h in A B C; do
	for n in 0 1 2 3; do
		attached+=(-- "$h" "vmc$n" attached=true group="${groups[$n]}" port=43113)
	done
done
check "12 links on 4 groups, one port, all attached" vwait "${attached[@]:1}"
check "ip link: all 12 links are UP, announced by their daemon" topo_operstate UP A B C

# Every host's expectation: per link, that bus's frames, TX or RX.
for h in A B C; do
	for n in 0 1 2 3; do
		dir=R
		[ "${senders[$n]}" = "$h" ] && dir=T
		# shellcheck disable=SC2046
		lines "vmc$n" $dir $(bus_frames $n)
	done | sort -s -k1,1 >"$TMP/expect-$h"
	dump_start "$h" "$h" 20 any
done
for n in 0 1 2 3; do
	# shellcheck disable=SC2046
	send "${senders[$n]}" "vmc$n" $(bus_frames $n)
done

for h in A B C; do
	dump_wait "$h"
	# sorted by link, each link's frames in the order they came
	sort -s -k1,1 "$TMP/$h.got" >"$TMP/$h-by-link.got"
done
for h in A B C; do
	check "$h: each bus's frames once, on its own link only" \
		same_frames "$h-by-link" "$TMP/expect-$h"
done

check "the IPv6 buses came over IPv6, the IPv4 buses over IPv4" \
	vst C vmc0 peers=2001:db8::1 frames_in=5 -- C vmc1 peers=2001:db8::2 frames_in=5 \
	 -- C vmc2 peers=192.0.2.1 frames_in=5 -- C vmc3 peers=192.0.2.2 frames_in=5
check "nothing dropped: no bus got another's datagrams" \
	vst A vmc0 drops= datagrams_in=0 -- A vmc1 drops= datagrams_in=5 \
	 -- B vmc2 drops= datagrams_in=5 -- B vmc3 drops= datagrams_in=0
check "every daemon still runs" topo_daemons_alive

tap_done
