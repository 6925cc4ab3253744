#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CAN XL across hosts: links whose MTU is a CAN XL MTU carry CAN XL frames
# as vcanmc's XL records in python-can-batch (vmc0) and norm (vmc1), and as
# IEEE 1722 ACF_CAN_XL messages over UDP (vmc2) and Ethernet (vmc3); the
# 1722 PDUs, captured on E (idle: a capture on a receiver costs it datagrams
# under emulation), are read field by field by a decoder of our own
# (acfxl.py; Wireshark 4.0 has none for ACF_CAN_XL).
# A sends CAN XL frames of every length 1..2048 with random priority, VCID,
# SDT, AF and flags, CAN FD and classic frames among them
# (canxl_peer.py); B and C must get every frame byte for byte (the whole
# canxl_frame) and in A's order, on both links. D's vmc0 is python-can:
# D's daemon sends none of D's XL frames (counted "canxl"), and a
# python-can program on E, on D's group, gets D's CAN frames only.
#
#   A: canxl_peer.py -> vmc0 (batch), vmc1 (norm) -> vcanmcd ==> B, C: canxl_peer.py
#   D: canxl_peer.py -> vmc0 (python-can) -> vcanmcd ==> E: pycan_peer.py
#
# Hosts A..E as in topo.sh.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
XL=${CANXL_FRAMES:-2048}
XLMTU=2060
NORM_PORT=43200
PYG=239.74.163.9
PEER=("$PY" "$HERE/canxl_peer.py")

# Kernels before CAN XL refuse the socket option and the MTU.
if ! "$PY" -c 'import socket; s = socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)
s.setsockopt(101, 7, 1)' 2>/dev/null; then
	skip_all "this kernel has no CAN XL (CAN_RAW_XL_FRAMES refused)"
fi

tap_plan 15

xl_hosts()
{
	local h

	for h in A B C; do
		topo_host $h &&
		topo_link $h vmc0 mtu $XLMTU encap python-can-batch &&
		topo_link $h vmc1 mtu $XLMTU encap norm port $NORM_PORT &&
		topo_link $h vmc2 mtu $XLMTU encap ieee1722 &&
		topo_link $h vmc3 mtu $XLMTU encap ieee1722 transport ethernet &&
		topo_daemon $h || return 1
	done
	topo_host D && topo_link D vmc0 mtu $XLMTU encap python-can group $PYG &&
	topo_daemon D && topo_host E
}
if ! xl_hosts; then
	grep -q . "$TMP"/vcanmcd-*.log 2>/dev/null && cat "$TMP"/vcanmcd-*.log
	skip_all "no vcanmc link with a CAN XL MTU ($XLMTU) on this kernel"
fi
wire_segments A
check "A, B, C: vmc0 (batch), vmc1 (norm), vmc2 and vmc3 (ieee1722) with MTU $XLMTU; D too" \
	vwait A vmc0 attached=true encap=python-can-batch -- A vmc1 attached=true encap=norm \
	-- A vmc2 attached=true encap=ieee1722 -- A vmc3 attached=true transport=ethernet \
	-- B vmc0 attached=true -- B vmc1 attached=true -- B vmc2 attached=true \
	-- B vmc3 attached=true -- C vmc0 attached=true -- C vmc1 attached=true \
	-- C vmc2 attached=true -- C vmc3 attached=true -- D vmc0 attached=true encap=python-can

# xl_recv NAME HOST IFACE COUNT: canxl_peer.py in HOST writes COUNT frames
# into $TMP/NAME; returns once it listens.
xl_recv()
{
	local name=$1 h=$2

	echo "# + [$h] canxl_peer.py recv $3 $4 $name &"
	ip netns exec "${NS[$h]}" "${PEER[@]}" recv "$3" "$4" "$TMP/$name" "$TMP/$name.ready" &
	DUMP[$name]=$!
	busywait "$TIMEOUT" py_started "$name" && [ -e "$TMP/$name.ready" ]
}

# xl_send HOST IFACE SEED: canxl_peer.py sends $XL XL frames and others;
# $TMP/IFACE-SEED.exp lists them, $TMP/IFACE-SEED.other counts the others.
xl_send()
{
	local exp=$TMP/$2-$3

	echo "# + [$1] canxl_peer.py send $2 $3 $XL $exp.exp"
	ip netns exec "${NS[$1]}" "${PEER[@]}" send "$2" "$3" "$XL" "$exp.exp" >"$exp.other"
}

# same NAME EXPECTED: canxl_peer.py NAME ended well and wrote EXPECTED.
same()
{
	wait "${DUMP[$1]}" || return 1
	if ! cmp "$2" "$TMP/$1"; then
		diff "$2" "$TMP/$1" | cut -c 1-120 | head -6
		return 1
	fi
	echo "$(wc -l <"$2") frames, identical, in order"
}

# xl_round IFACE SEED: A sends on IFACE, B and C must get it all.
xl_round()
{
	local n=$((XL + (XL / 16) * 2))

	xl_recv "$1-B" B "$1" $n && xl_recv "$1-C" C "$1" $n &&
	xl_send A "$1" "$2" || return 1
	same "$1-B" "$TMP/$1-$2.exp" && same "$1-C" "$TMP/$1-$2.exp"
}

check "batch: A's CAN XL frames 1..$XL and CAN (FD) frames reach B and C byte for byte, in order" \
	xl_round vmc0 1
N=$((XL + (XL / 16) * 2))
check "batch: A's daemon sent $N frames, B's and C's took $N in" \
	vst A vmc0 frames_out=$N -- B vmc0 frames_in=$N -- C vmc0 frames_in=$N
check "batch: no drops at A, B, C" \
	vst A vmc0 drops= -- B vmc0 drops= -- C vmc0 drops=
check "norm: A's CAN XL frames 1..$XL and CAN (FD) frames reach B and C byte for byte, in order" \
	xl_round vmc1 2
# A host that joins may refuse a NACK or two of the others, sent before
# their probes reached it (normguard.h): those are no frames
norm_drops()
{
	local h d rc=0

	vst A vmc1 drop:norm-gap=0 -- B vmc1 drop:norm-gap=0 -- C vmc1 drop:norm-gap=0 || rc=1
	for h in A B C; do
		d=$(vst -g $h vmc1 drops) || return 1
		[[ -z $d || $d =~ ^norm-feedback:[0-9]+$ ]] || { echo "$h vmc1: drops=$d"; rc=1; }
	done
	return $rc
}
check "norm: no frame dropped at A, B, C; nothing lost" norm_drops

# -- IEEE 1722 ----------------------------------------------------------------------
# xl_1722 IFACE SEED SOURCE FILTER: xl_round, captured on E; the frames our
# decoder reads in SOURCE's PDUs are exactly those A sent.
xl_1722()
{
	capture "$1" E "$4" || return 1
	if ! xl_round "$1" "$2"; then
		capture_end "$1"
		vst A "$1" can_overflow=0 -- B "$1" udp_overflow=0 -- C "$1" udp_overflow=0
		return 1
	fi
	capture_end "$1" || return 1
	"$PY" "$HERE/acfxl.py" "$TMP/$1.pcapng" "$3" >"$TMP/$1.acf" || return 1
	if ! cmp "$TMP/$1-$2.exp" "$TMP/$1.acf"; then
		diff "$TMP/$1-$2.exp" "$TMP/$1.acf" | cut -c 1-120 | head -6
		return 1
	fi
	echo "# our decoder: $(wc -l <"$TMP/$1.acf") frames in A's PDUs, every field as sent"
}
check "ieee1722 over UDP: A's XL 1..$XL and CAN (FD) frames reach B and C byte for byte, in order; our decoder reads A's PDUs as sent" \
	xl_1722 vmc2 5 2001:db8::1 "udp port 17220 and src host 2001:db8::1"
A_MAC=$(ip -n "${NS[A]}" -br link show eth0 | awk '{print $3}')
check "ieee1722 over Ethernet: the same, and our decoder reads A's Ethernet frames as sent" \
	xl_1722 vmc3 6 "$A_MAC" "ether proto 0x22f0 and ether src $A_MAC"
check "ieee1722: no drops at A, B, C" \
	vst A vmc2 drops= -- B vmc2 drops= -- C vmc2 drops= \
	-- A vmc3 drops= -- B vmc3 drops= -- C vmc3 drops=

# -- python-can ------------------------------------------------------------------
# D's XL frames stay on D; its CAN frames reach python-can on E.
PYXL=64
pycan_round()
{
	local other

	py_recv E-py E $PYG 43113 $(((PYXL / 16) * 2)) && py_ready E-py || return 1
	XL=$PYXL xl_send D vmc0 3 || return 1
	other=$(cat "$TMP/vmc0-3.other")
	dump_wait E-py || return 1
	cat "$TMP/E-py"
	[ "$(wc -l <"$TMP/E-py")" = "$other" ]
}
check "python-can: E gets D's $(((PYXL / 16) * 2)) CAN (FD) frames and nothing else" pycan_round
check "python-can: D's daemon sent no XL frame, counted $PYXL as canxl" \
	vwait D vmc0 drop:canxl=$PYXL datagrams_out=$(((PYXL / 16) * 2))
check "python-can: E's program still runs to its end (it refused no datagram)" \
	eval "! grep -qi error \"$TMP/E-py\""

# -- a link without a CAN XL MTU -------------------------------------------------
# C's vmc0 goes to the CAN FD MTU: A's XL records are dropped there,
# counted, its CAN FD frames still taken.
fd_only()
{
	run ip -n "${NS[C]}" link set vmc0 down &&
	run ip -n "${NS[C]}" link set vmc0 mtu 72 &&
	run ip -n "${NS[C]}" link set vmc0 up &&
	topo_attached C vmc0 || return 1
	dump_start fdonly C 2 "vmc0,456:7FF" "vmc0,123:7FF" || return 1
	XL=16 xl_send A vmc0 4 && dump_wait fdonly && cat "$TMP/fdonly.got" &&
	vwait C vmc0 drop:xl-on-non-xl=16
}
check "C with MTU 72: A's XL records counted xl-on-non-xl, its CAN FD and CAN frames taken" \
	fd_only
check "B still got them all" vwait B vmc0 drops=
check "the kernel and the daemons are well" topo_daemons_alive

tap_done
