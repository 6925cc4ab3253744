#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress, with kernel.panic_on_warn set (the VM run checks the kernel log
# after it):
#
#  1. module load/unload cycles, each with a bus at 125 kbit/s flooded by
#     cangen (a full queue in the driver) and a helper attached: rmmod is
#     refused while the helper holds its file, goes once it is gone;
#  2. create/delete cycles of a vcanmc link that a daemon attaches, while
#     frames flow on another link between two hosts;
#  3. a daemon restarted again and again while frames flow;
#  4. a flood of garbage datagrams while valid frames flow, at a rate the
#     daemon must keep up with ($FLOOD_RATE a second, well below what it
#     takes under TCG): every valid frame delivered, every garbage datagram
#     counted;
#
# and the daemons' resident memory before and after (flat). Figures go to
# lines "# figure: ...". STRESS=full runs the counts of "make stress"
# (1000 create/delete, 100 load/unload, 100 restarts, a 60 s flood); the
# default, for make check, a few of each.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
tap_plan 10

if [ "${STRESS:-}" = full ]; then
	CYCLES=1000 LOADS=100 RESTARTS=100 FLOOD_S=60
else
	CYCLES=50 LOADS=3 RESTARTS=5 FLOOD_S=5
fi
# Garbage datagrams a second. Unpaced, a burst can outrun the daemon for a
# moment on a loaded machine: the socket overflows, and valid datagrams
# are lost with the garbage (UDP), which no daemon can help. Here every
# frame must count.
FLOOD_RATE=${STRESS_FLOOD_RATE:-4000}
GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
HELPER=$HERE/../vcanmc/vcanmc_helper
[ -x "$HELPER" ] || HELPER=$TOP/build/ksft/vcanmc/vcanmc_helper

old_pow=$(sysctl -n kernel.panic_on_warn)
run sysctl -qw kernel.panic_on_warn=1
restore_pow() { sysctl -qw kernel.panic_on_warn="$old_pow"; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
figure() { echo "# figure: $*"; }

# -- 1. load/unload ----------------------------------------------------------
load_cycles()
{
	local i helper gen ns=vcd-$$-load

	ip netns add $ns || return 1
	for i in $(seq "$LOADS"); do
		modprobe vcanmc || { echo "cycle $i: modprobe failed"; return 1; }
		if ! ip netns exec $ns "$VCANMC" add vmcL bitrate 125000 >/dev/null ||
		   ! ip -n $ns link set vmcL up; then
			echo "cycle $i: no link"
			return 1
		fi
		ip netns exec $ns "$HELPER" dump -t 600000 vmcL >/dev/null &
		helper=$!
		busywait "$TIMEOUT" eval "ip -n $ns -br link show vmcL | grep -q ' UP '" ||
			{ echo "cycle $i: helper did not attach"; return 1; }
		ip netns exec $ns cangen vmcL -g 0 -x -p 10 -e >/dev/null 2>&1 &
		gen=$!
		sleep 0.2
		if rmmod vcanmc 2>/dev/null; then
			echo "cycle $i: rmmod went through with a helper attached"
			return 1
		fi
		kill $helper
		wait $helper 2>/dev/null
		busywait "$TIMEOUT" rmmod vcanmc ||
			{ echo "cycle $i: rmmod refused without a helper"; return 1; }
		busywait "$TIMEOUT" eval "! running $gen" ||
			{ echo "cycle $i: cangen still runs"; kill $gen; }
		wait $gen 2>/dev/null
	done
	ip netns del $ns
	modprobe vcanmc
	echo "$LOADS cycles"
}
check "$LOADS module load/unload cycles with a full bus and a helper" load_cycles

# -- topology for the rest ---------------------------------------------------
topo_host A && topo_link A vmc0 && topo_daemon A
topo_host B && topo_link B vmc0 && topo_daemon B
topo_host G
check "A and B: vmc0 attached" topo_all_attached vmc0 A B
rss_b0=$(rss_kb "${DPID[B]}")

# frames from A to B all along, until stopped
echo "# + [A] cangen vmc0 -g 2 -I 100 -L 8 -D i -x &"
ip netns exec "${NS[A]}" cangen vmc0 -g 2 -I 100 -L 8 -D i -x >/dev/null 2>&1 &
flow=$!
lib_pids+=("$flow")

# -- 2. create/delete --------------------------------------------------------
# churn N: N create/delete cycles of vmcC on A
churn()
{
	local i

	for i in $(seq "$1"); do
		if ! ip -n "${NS[A]}" link add vmcC type vcanmc ||
		   ! ip -n "${NS[A]}" link set vmcC up ||
		   ! ip -n "${NS[A]}" link del vmcC; then
			echo "cycle $i failed"
			return 1
		fi
	done
	echo "$1 cycles"
}
# A warm-up, after which A's daemon's memory must stay flat to the end
WARM=$((CYCLES / 10))
churn $WARM >/dev/null
vwait A links=vmc0 >/dev/null
rss_a0=$(rss_kb "${DPID[A]}")
check "$CYCLES create/delete cycles on A while frames flow" churn $((CYCLES - WARM))
check "A's daemon has forgotten every deleted link" vwait A links=vmc0

# -- 3. restarts -------------------------------------------------------------
# Not in a check: the daemon must stay this shell's child.
restart_fails=0
for i in $(seq "$RESTARTS"); do
	topo_daemon_stop B >/dev/null || { echo "# restart $i: did not stop"; restart_fails=$((restart_fails + 1)); }
	topo_daemon B >/dev/null || { echo "# restart $i: did not start"; restart_fails=$((restart_fails + 1)); }
done
restarted()
{
	echo "$RESTARTS restarts, $restart_fails failures"
	[ "$restart_fails" = 0 ] && topo_attached B vmc0
}
check "B's daemon restarted $RESTARTS times while frames flow" restarted
kill $flow 2>/dev/null
wait $flow 2>/dev/null

marker()
{
	dump_start "$1" B 1 vmc0,7AB:7FF
	send A vmc0 7AB#0102
	dump_wait "$1"
	lines vmc0 R 7AB#0102 >"$TMP/expect.$1"
	same_frames "$1" "$TMP/expect.$1"
}
check "afterwards A's frames still reach B" marker marker1

# -- 4. garbage flood --------------------------------------------------------
# A second of it first: B's receive buffers are then all in use, and its
# memory must stay flat over the rest.
warm=$(ip netns exec "${NS[G]}" "$PY" "$HERE/hostile.py" flood $GROUP 43113 eth0 1 "$FLOOD_RATE")
warm=${warm#sent=}
vwait B vmc0 "peer:2001:db8::7.drops=$warm" >/dev/null
rss_bf0=$(rss_kb "${DPID[B]}")
VALID=$((FLOOD_S * 50))
base=$(vst -g "${NS[B]}" vmc0 frames_in)
udp0=$(vst -g "${NS[B]}" vmc0 udp_overflow)
dump_start valid B $VALID vmc0,5A5:7FF
echo "# + [A] cangen vmc0 -g 20 -n $VALID -I 5A5 -L 8 -D i &"
ip netns exec "${NS[A]}" cangen vmc0 -g 20 -n $VALID -I 5A5 -L 8 -D i >/dev/null 2>&1 &
gen=$!
echo "# + [G] hostile.py flood $GROUP 43113 eth0 $FLOOD_S $FLOOD_RATE"
sent=$(ip netns exec "${NS[G]}" "$PY" "$HERE/hostile.py" flood $GROUP 43113 eth0 "$FLOOD_S" \
	"$FLOOD_RATE")
sent=${sent#sent=}
wait $gen
dump_wait valid
got=$(wc -l <"$TMP/valid.got")
figure "garbage flood: $sent datagrams in $FLOOD_S s ($((sent / FLOOD_S))/s), $got of $VALID valid frames delivered"
check "every valid frame sent during the flood delivered" eval "[ $got = $VALID ]"
check "every garbage datagram counted (drops and socket overflow)" \
	vwait B vmc0 "peer:2001:db8::7.drops=$((warm + sent))" udp_overflow="$udp0" \
	frames_in=$((base + VALID))

rss_a1=$(rss_kb "${DPID[A]}")
rss_b1=$(rss_kb "${DPID[B]}")
figure "vcanmcd RSS: A ${rss_a0} kB after $WARM create/delete cycles -> ${rss_a1} kB after the rest; B ${rss_b0} kB before the restarts, ${rss_bf0} -> ${rss_b1} kB over the flood"
flat()
{
	# 1 MiB of slack for the allocator
	echo "A: $rss_a0 kB -> $rss_a1 kB; B over the flood: $rss_bf0 kB -> $rss_b1 kB"
	[ "$rss_a1" -le $((rss_a0 + 1024)) ] && [ "$rss_b1" -le $((rss_bf0 + 1024)) ]
}
if sanitized; then
	tap_skip "the daemons' memory stays flat" "an ASan build's memory holds its quarantine"
else
	check "the daemons' memory stays flat" flat
fi
check "every daemon still runs" topo_daemons_alive
restore_pow
tap_done
