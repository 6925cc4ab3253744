#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A network slower than the bus: A's eth0 is shaped to 2 Mbit/s with a
# small queue (tbf; its burst holds a whole run of datagrams vcanmcd sends
# as one with UDP segmentation offload, else tbf would cut the run apart and
# drop some of it without telling), and A floods 3000 frames. The network's queue fills
# and refuses datagrams (ENOBUFS); A's daemon pauses on a timer and sends
# them again, meanwhile the kernel's queue towards it holds the frames.
# B gets every frame once and in order, A's daemon counts its pauses, and it
# does not busy-wait meanwhile. Hosts A and B as in topo.sh.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd tc cangen
tap_plan 5

N=3000

topo_host A && topo_link A vmc0 && topo_daemon A
topo_host B && topo_link B vmc0 && topo_daemon B
check "A and B attached" vwait A vmc0 attached=true -- B vmc0 attached=true

on A tc qdisc add dev eth0 root tbf rate 2mbit burst 16kb limit 32kb

# cpu_ms PID: CPU time the process used so far, in ms
cpu_ms()
{
	local stat

	read -r -a stat <"/proc/$1/stat"
	echo $(((stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK)))
}

dump_start A-all A $N -r 16000000 vmc0
dump_start B-all B $N -r 16000000 vmc0
cpu0=$(cpu_ms "${DPID[A]}")
t0=$(date +%s%3N)
on A cangen vmc0 -n $N -g 0 -I 5A5 -L 2 -D i
dump_wait A-all
dump_wait B-all
t1=$(date +%s%3N)
cpu1=$(cpu_ms "${DPID[A]}")

# B's frames are A's, as A's candump saw them sent, in the same order.
t_all()
{
	local want=$TMP/expect.all

	sed -n 's/ T$/ R/p' "$TMP/A-all.got" >"$want"
	[ "$(grep -c . "$want")" = $N ] || { echo "A's candump saw $(grep -c . "$want")"; return 1; }
	same_frames B-all "$want"
}
check "B got all $N frames, once each, in order" t_all
check "A's daemon paused (send backoffs), dropped nothing" \
	vwait A vmc0 "backoffs>0" drops= can_overflow=0 datagrams_out=$N
t_idle()
{
	echo "A's daemon used $((cpu1 - cpu0)) ms of CPU in $((t1 - t0)) ms"
	[ $(((cpu1 - cpu0) * 2)) -lt $((t1 - t0)) ]
}
check "A's daemon did not busy-wait: less than half a CPU meanwhile" t_idle
check "every daemon still runs" topo_daemons_alive

tap_done
