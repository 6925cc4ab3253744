#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# canid-prio.sh DEV [TXQUEUELEN]: ID priority for the frames that wait in
# the qdisc in front of a CAN device (a vcanmc device with a bit rate set,
# or a real one), not only for those in the driver: a prio qdisc with eight
# bands, standard and extended frames sorted by the top three bits of their
# (base) identifier with the kernel's canid ematch, lowest IDs first.
#
#   band 1: IDs 0x000-0x0FF (extended: 0x00000000-0x03FFFFFF)
#   band 2: IDs 0x100-0x1FF (extended: 0x04000000-0x07FFFFFF)
#   ...
#   band 8: IDs 0x700-0x7FF (extended: 0x1C000000-0x1FFFFFFF)
#
# The qdisc dequeues the lowest band first; within a band, first come,
# first served. The device's txqueuelen (default here 1000) is each band's
# length. Needs tc (iproute2) and the modules sch_prio, cls_basic and
# em_canid. Undo with: tc qdisc del dev DEV root

set -e
dev=${1:?usage: canid-prio.sh DEV [TXQUEUELEN]}
qlen=${2:-1000}

ip link set dev "$dev" txqueuelen "$qlen"
tc qdisc replace dev "$dev" root handle 1: prio bands 8 \
	priomap 7 7 7 7 7 7 7 7 7 7 7 7 7 7 7 7
for b in 0 1 2 3 4 5 6 7; do
	sff=$(printf '0x%03x:0x700' $((b << 8)))
	eff=$(printf '0x%08x:0x1c000000' $((b << 26)))
	tc filter add dev "$dev" parent 1: prio 1 \
		basic match "canid(sff $sff eff $eff)" classid "1:$((b + 1))"
done
