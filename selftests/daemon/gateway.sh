#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Frames find their way through the rest of the stack as on a real bus:
# can-gw on host A routes what arrives on A's vmc0 (bus 0) into A's vmc1
# (bus 1), whose tunnel carries it on to host C; a frame sent with local
# loopback off still crosses the tunnel; tc egress rules that set or clear
# marks on B change nothing, and what B's daemon delivered never goes back
# out. Hosts as in topo.sh:
#
#   B vmc0 ==bus 0==> A vmc0 --cangw--> A vmc1 ==bus 1==> C vmc1
#
# bus 0 is the default group, bus 1 ff15::1:2.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd cangw cangen tc
tap_plan 7

MARKER=7EF#EF
BUS1=ff15::1:2

topo_host A && topo_link A vmc0 && topo_link A vmc1 group $BUS1 && topo_daemon A
topo_host B && topo_link B vmc0 && topo_daemon B
topo_host C && topo_link C vmc1 group $BUS1 && topo_daemon C
check "A serves bus 0 and bus 1, B bus 0, C bus 1" \
	vwait A vmc0 attached=true -- A vmc1 attached=true group=$BUS1 \
	-- B vmc0 attached=true -- C vmc1 attached=true group=$BUS1

on A modprobe -q can-gw

# through FRAMES...: B sends FRAMEs on bus 0; C must get them on bus 1.
through()
{
	dump_start C-gw C $(($# + 1)) vmc1 || return 1
	send B vmc0 "$@" "$MARKER" || return 1
	dump_wait C-gw
	lines vmc1 R "$@" "$MARKER" >"$TMP/expect.gw"
	same_frames C-gw "$TMP/expect.gw"
}

on A cangw -A -s vmc0 -d vmc1
check "cangw on A: B's frames from bus 0 reach C on bus 1" through 5A1#A1 1ABCDE01#01
on A cangw -F
on A cangw -A -s vmc0 -d vmc1 -e
check "cangw -e on A: the same" through 5A2#A2 1ABCDE02#02
on A cangw -F

t_loopback_off()
{
	dump_start A-lo A 20 vmc0 || return 1
	on B cangen vmc0 -x -n 20 -g 0 -I 333 -L 1 -D i || return 1
	dump_wait A-lo
	[ "$(grep -c '^vmc0 333#.. R$' "$TMP/A-lo.got")" = 20 ]
}
check "cangen -x on B: the 20 frames sent with loopback off reach A" t_loopback_off

# marked MARK: with B's egress setting MARK, B's frames reach A, and A's
# frames reach B as RX.
marked()
{
	local mark=$1

	on B tc filter del dev vmc0 egress 2>/dev/null
	on B tc filter add dev vmc0 egress matchall action skbedit mark "$mark" || return 1
	dump_start A-m A 2 vmc0 && dump_start B-m B 4 vmc0 || return 1
	send B vmc0 "10${mark: -1}#01" "$MARKER" || return 1
	dump_wait A-m
	lines vmc0 R "10${mark: -1}#01" "$MARKER" >"$TMP/expect.a"
	same_frames A-m "$TMP/expect.a" || return 1
	send A vmc0 "20${mark: -1}#02" "$MARKER" || return 1
	dump_wait B-m
	{
		lines vmc0 T "10${mark: -1}#01" "$MARKER"
		lines vmc0 R "20${mark: -1}#02" "$MARKER"
	} >"$TMP/expect.b"
	same_frames B-m "$TMP/expect.b"
}
on B tc qdisc add dev vmc0 clsact
check "tc egress on B setting the old inject mark: frames cross both ways" marked 0x76636d63
check "tc egress on B clearing marks: frames cross both ways" marked 0
on B tc qdisc del dev vmc0 clsact

# Every frame crossed once: B sent 30 (6 through the gateway, 20 with
# loopback off, 4 marked), A 4; neither daemon sent on what it delivered.
check "each daemon sent its own host's frames only, each once" \
	vwait B vmc0 frames_out=30 datagrams_out=30 datagrams_in=4 \
	-- A vmc0 frames_out=4 datagrams_in=30 -- A vmc1 frames_out=6 -- C vmc1 frames_in=6

tap_done
