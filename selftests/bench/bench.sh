#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vcanmc benchmark: zero-loss throughput and round-trip time of a CAN
# bus between two hosts (network namespaces A and B, see paths.sh), over
# four paths side by side:
#
#   vxcan   a vxcan pair: the in-kernel limit, the reference
#   vcanmc  vmc0 in each host, vcanmcd tunnelling it over UDP multicast in
#           python-can's format, everything at its default
#   noloop  the same with mcast-loop off: vcanmcd does not receive its own
#           datagrams back (vmc2)
#   batch   the same with encap python-can-batch: as many frames a datagram
#           as vcanmcd has at hand (vmc1)
#   norm    encap norm: the same batches in a NORM stream per sender,
#           delivered reliably and in order (vmc3)
#   ieee1722 encap ieee1722: IEEE 1722 NTSCF PDUs of as many ACF-CAN
#           messages as fit, over UDP (vmc4)
#   1722eth the same straight over Ethernet, EtherType 0x22F0 (vmc5)
#   global  encap norm with order global: one timeline of both hosts, each
#           frame released once both hold it (vmc6); its RTT over norm's is
#           the timeline's release delay, twice
#   pycan   vcan0 in each host, bridged to python-can's udp_multicast bus by
#           a python-can process (pycan_bridge.py), as python-can users do
#
# Zero-loss throughput: canbench sends numbered frames at a fixed rate in A
# for SECS seconds and counts them in B. A trial passes when no frame is
# lost, duplicated or reordered, the sender kept the rate, and frames took
# AVG_LAT_MS at most on average (else buffers would hide, for a few seconds,
# a path that cannot keep up). The highest passing rate is found by doubling,
# then bisecting, and confirmed by passing CONFIRM times; a failure there
# steps the rate down. The searches of the paths take turns, trial by trial,
# so that the load of the machine weighs on all alike. All helpers run
# throughout; as python-can asks for receive time stamps, the kernel stamps
# every packet, vxcan's too: the sender alone is measured before and after
# they start, to show what that costs.
#
# Round trips: canbench sends at a moderate rate in A, an echo responder in
# B sends each frame back under the next id, A times the round trip with
# CLOCK_MONOTONIC. The paths take turns, so that the load of the machine
# weighs on all alike. "2cpu": programs run where the scheduler puts them;
# "1cpu": all the path's programs on CPU 0, which takes out the wakeup of
# an idle CPU (in a TCG VM about a millisecond) from each hop.
#
# Then the cost of a frame on each path (cost.sh), the timing of a vcanmc
# bus with a bit rate (bustime: at 125 kbit/s and 1 Mbit/s, how far the
# echoes' time stamps stray from the ideal schedule and how late the echoes
# reach the receiver), the table, and the targets as MET / NOT MET. A benchmark, not a test: nothing is asserted,
# the exit status is 0 unless the benchmark itself broke.
#
# Runs as root in the test VM (make bench). Environment, all optional:
#   VCANMC_BENCH_PATHS       paths to measure ("vxcan vcanmc noloop batch norm ieee1722
#                            1722eth global pycan")
#   VCANMC_BENCH_SECS        seconds per trial (3)
#   VCANMC_BENCH_START       first rate of the search, frames/s (1000)
#   VCANMC_BENCH_STEP        bisect until the bracket is this narrow (1.08)
#   VCANMC_BENCH_CONFIRM     passes needed at the rate found (2)
#   VCANMC_BENCH_AVG_LAT_MS  longest frames may take on average in a pass (50)
#   VCANMC_BENCH_RTT_RATE    frames/s of the round trips (200)
#   VCANMC_BENCH_RTT_COUNT   round trips per path and mode (2000)
#   VCANMC_BENCH_RTT_ROUNDS  ... taken in this many turns (4)
#   VCANMC_BENCH_RTT_MODES   "2cpu", "1cpu" or both ("2cpu 1cpu")
#   VCANMC_BENCH_COST        0: leave out the cost per frame (cost.sh)
#   VCANMC_BENCH_PROFILE     1: then profile vcanmcd (strace -c, perf record)
#                            and canbench on vxcan (perf record)

HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$HERE/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=paths.sh
source "$HERE/paths.sh"
# shellcheck source-path=SCRIPTDIR source=cost.sh
source "$HERE/cost.sh"

TOP=${VCANMC_TOP:-$(dirname "$(dirname "$HERE")")}
CANBENCH=$TOP/build/bench/canbench
BUSTIME=$TOP/build/bench/bustime
VCANMC=$TOP/userspace/vcanmc
VCANMCD=$TOP/userspace/vcanmcd

PATHS=${VCANMC_BENCH_PATHS:-vxcan vcanmc noloop batch norm ieee1722 1722eth global pycan}
SECS=${VCANMC_BENCH_SECS:-3}
START=${VCANMC_BENCH_START:-1000}
STEP=${VCANMC_BENCH_STEP:-1.08}
CONFIRM=${VCANMC_BENCH_CONFIRM:-2}
AVG_LAT_MS=${VCANMC_BENCH_AVG_LAT_MS:-50}
RTT_RATE=${VCANMC_BENCH_RTT_RATE:-200}
RTT_COUNT=${VCANMC_BENCH_RTT_COUNT:-2000}
RTT_ROUNDS=${VCANMC_BENCH_RTT_ROUNDS:-4}
RTT_MODES=${VCANMC_BENCH_RTT_MODES:-2cpu 1cpu}
PROFILE=${VCANMC_BENCH_PROFILE:-0}
MIN_RATE=50
MAX_RATE=2000000

TMP=$(mktemp -d)
HZ=$(getconf CLK_TCK)
HOSTS=(A B)
declare -A ZL BRACKET NOTE P50 P99 RTTLOST TIMING LOSSY

die()
{
	echo "bench: $*" >&2
	exit 1
}

# shellcheck disable=SC2317 # run by the trap
cleanup()
{
	paths_cleanup
	lib_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT

# awk for the arithmetic bash has not
calc()
{
	awk "BEGIN { $1 }" </dev/null
}

# A rate rounded to three significant digits, that logs stay readable
round3()
{
	calc "x = $1; if (x < 1000) { printf \"%d\n\", x + 0.5; exit }
	      p = 10 ^ (int(log(x) / log(10)) - 2); printf \"%d\n\", int(x / p + 0.5) * p"
}

# kv LINE KEY: the value of KEY=value in LINE
kv()
{
	local re="(^| )$2=([^ ]*)"

	[[ $1 =~ $re ]] && echo "${BASH_REMATCH[2]}"
}

# trial PATH RATE: one trial, one line of output; 0 if it passed
trial()
{
	local p=$1 rate=$2 line ca cb t0 t1 sn0 sn1 i extra=
	local -a pids c0=() c1=()

	helpers "$p" pids
	settle "${pids[@]}"
	case $p in
	vcanmc | noloop | batch | norm | ieee1722 | 1722eth | global)
		ca=$(vmc_counters $A "${TX[$p]#*:}")
		cb=$(vmc_counters $B "${RX[$p]#*:}")
		;;
	esac
	sn0=$(softnet_drops)
	for i in "${!pids[@]}"; do c0+=("$(ticks "${pids[$i]}")"); done
	t0=$(date +%s%N)
	line=$("$CANBENCH" trial -r "$rate" -d "$SECS" -l "$AVG_LAT_MS" "${TX[$p]}" "${RX[$p]}") ||
		die "canbench trial failed on $p"
	t1=$(date +%s%N)
	for i in "${!pids[@]}"; do c1+=("$(ticks "${pids[$i]}")"); done
	sn1=$(softnet_drops)

	# CPU of canbench and of the helpers in A and B, in % of one CPU
	extra=" cpu: canbench $(calc "printf \"%d%%\", \
		$(kv "$line" cpu_s) * 100 / (($t1 - $t0) / 1e9)")"
	for i in "${!pids[@]}"; do
		extra+=", ${HOSTS[$i]} $(calc "printf \"%d%%\", \
			(${c1[$i]} - ${c0[$i]}) * 100 / $HZ / (($t1 - $t0) / 1e9)")"
	done
	((sn1 == sn0)) || extra+=" softnet_drops=$((sn1 - sn0))"
	case $p in
	vcanmc | noloop | batch | norm | ieee1722 | 1722eth | global)
		extra+=" | A:$(diff_counters "$ca" "$(vmc_counters $A "${TX[$p]#*:}")")"
		extra+=" | B:$(diff_counters "$cb" "$(vmc_counters $B "${RX[$p]#*:}")")"
		;;
	esac
	printf '#   %-6s %7s/s  %-11s offered=%s lost=%s reord=%s rx_ovfl=%s lat avg/max %s/%s ms%s\n' \
		"$p" "$rate" "$(kv "$line" result)" "$(kv "$line" offered)" "$(kv "$line" lost)" \
		"$(kv "$line" reordered)" "$(kv "$line" rx_ovfl)" \
		"$(calc "printf \"%.1f\", $(kv "$line" lat_avg_us) / 1000")" \
		"$(calc "printf \"%.1f\", $(kv "$line" lat_max_us) / 1000")" "$extra"
	[ "$(kv "$line" result)" = pass ]
}

# The searches of all paths advance in turns, a trial each, so that the
# load of the machine, which changes as others use it, weighs on all alike.
# PHASE: up (doubling or halving until a bracket), bisect, confirm, found.
declare -A PHASE LO HI RATE OKS STEPS

search_init()
{
	PHASE[$1]=up LO[$1]=0 HI[$1]=0 RATE[$1]=$START OKS[$1]=0 STEPS[$1]=4
	echo "# $1: searching the zero-loss rate (${TX[$1]} -> ${RX[$1]})"
}

# After a bracketing trial: the next rate to try, or on to confirming.
search_next()
{
	local p=$1 lo=${LO[$1]} hi=${HI[$1]} mid

	if ((lo > 0 && hi > 0)) && calc "exit !($hi > $lo * $STEP)"; then
		mid=$(round3 "$(calc "print sqrt($lo * $hi)")")
		if ((mid > lo && mid < hi)); then
			PHASE[$p]=bisect RATE[$p]=$mid
			return
		fi
	fi
	PHASE[$p]=confirm
	((lo > 0)) || search_done "$p"
}

search_done()
{
	local p=$1

	PHASE[$p]=found
	ZL[$p]=${LO[$p]}
	BRACKET[$p]=${HI[$p]}
	if ((LO[$p] == 0)); then
		NOTE[$p]="no rate passed"
	elif ((OKS[$p] < CONFIRM)); then
		NOTE[$p]="not confirmed"
	fi
	echo "# $p: zero-loss rate ${ZL[$p]} frames/s${NOTE[$p]:+ (${NOTE[$p]})}, fails at ${HI[$p]}"
}

# search_step PATH: one trial of PATH's search
search_step()
{
	local p=$1 r=${RATE[$1]}

	case ${PHASE[$p]} in
	up)
		if trial "$p" "$r"; then
			LO[$p]=$r RATE[$p]=$((r * 2))
			((HI[$p] == 0 && r * 2 <= MAX_RATE)) || search_next "$p"
		else
			HI[$p]=$r RATE[$p]=$((r / 2))
			((LO[$p] == 0 && r / 2 >= MIN_RATE)) || search_next "$p"
		fi
		;;
	bisect)
		if trial "$p" "$r"; then LO[$p]=$r; else HI[$p]=$r; fi
		search_next "$p"
		;;
	confirm)
		# A pass may have been luck: it must repeat, else the rate steps down.
		if trial "$p" "${LO[$p]}"; then
			((++OKS[$p] < CONFIRM)) || search_done "$p"
		else
			HI[$p]=${LO[$p]} OKS[$p]=0
			LO[$p]=$(round3 "$(calc "print ${LO[$p]} / $STEP")")
			((--STEPS[$p] > 0 && LO[$p] >= MIN_RATE)) || search_done "$p"
		fi
		;;
	esac
}

search_all()
{
	local p busy=1

	for p in $PATHS; do
		search_init "$p"
	done
	while ((busy)); do
		busy=0
		for p in $PATHS; do
			[ "${PHASE[$p]}" = found ] && continue
			search_step "$p"
			busy=1
		done
	done
}

# rtt_round PATH MODE COUNT: COUNT round trips, added to PATH's in MODE
rtt_round()
{
	local p=$1 mode=$2 n=$3 pid line pin=()
	local -a pids

	helpers "$p" pids
	settle "${pids[@]}"
	if [ "$mode" = 1cpu ]; then
		pin=(taskset -c 0)
		for pid in "${pids[@]}"; do taskset -a -p -c 0 "$pid" >/dev/null; done
	fi
	line=$("${pin[@]}" "$CANBENCH" rtt -r "$RTT_RATE" -n "$n" -s "$TMP/rtt-$p-$mode" \
		"${TX[$p]}" "${RX[$p]}") || die "canbench rtt failed on $p"
	for pid in "${pids[@]}"; do
		taskset -a -p -c "0-$(($(nproc) - 1))" "$pid" >/dev/null
	done
	echo "#   $p $mode: $line"
	RTTLOST[$p-$mode]=$((${RTTLOST[$p-$mode]:-0} + $(kv "$line" lost)))
}

# percentile FILE P: nearest rank
percentile()
{
	sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END {
		if (!NR) exit
		r = int(p / 100 * NR + 0.999999)
		printf "%d\n", v[r < 1 ? 1 : r] }'
}

rtt_all()
{
	local round p mode n=$((RTT_COUNT / RTT_ROUNDS))

	for mode in $RTT_MODES; do
		echo "# RTT $mode: $RTT_ROUNDS turns of $n round trips at $RTT_RATE frames/s per path"
		for ((round = 0; round < RTT_ROUNDS; round++)); do
			for p in $PATHS; do
				rtt_round "$p" "$mode" $n
			done
		done
		for p in $PATHS; do
			[ -s "$TMP/rtt-$p-$mode" ] || continue
			P50[$p-$mode]=$(percentile "$TMP/rtt-$p-$mode" 50)
			P99[$p-$mode]=$(percentile "$TMP/rtt-$p-$mode" 99)
		done
	done
}

# global_status: what A's vcanmcd says of the global path after the round
# trips: the release delay of B's last frames (the responder's echoes),
# and the clock offset to B as measured (one clock in the VM: it shows the
# measurement's error)
global_status()
{
	[[ " $PATHS " == *" global "* ]] || return 0
	GLOBAL_ST=$("$VCANMC" -n $A status -j vmc6 | "$PYTHON" -c '
import json, sys
t = json.load(sys.stdin)[0].get("timeline", {})
d = t.get("release_delay")
c = (t.get("clocks") or [None])[0]
if d:
    print("release delay at A of the last %d frames of B (vcanmc status): p50 %.0f us,"
          " p99 %.0f us, max %.0f us" % (d["frames"], d["p50_ns"] / 1e3, d["p99_ns"] / 1e3,
                                         d["max_ns"] / 1e3), end="")
if c:
    print("; clock offset to B %+.0f us, round trip %.0f us" % (c["offset_ns"] / 1e3,
                                                                c["rtt_ns"] / 1e3), end="")
') || GLOBAL_ST=
}

# lossy: 5 % of what leaves A's and B's eth0 lost (netem), the reliable
# path beside the best-effort ones: of frames sent at half norm's zero-loss
# rate, how many arrive; and round trips, whose tail is the repair latency.
LOSS=5%
lossy()
{
	local p line rate n=$((RTT_COUNT / 2)) ns

	[[ " $PATHS " == *" norm "* ]] && ((${ZL[norm]:-0} > 0)) || return 0
	rate=$(round3 $((ZL[norm] / 2)))
	echo "# at $LOSS loss: $rate frames/s for $SECS s, then $n round trips, per path"
	for ns in $A $B; do
		run tc -n $ns qdisc replace dev eth0 root netem loss $LOSS ||
			{ echo "# no netem: no lossy figures"; return 0; }
	done
	for p in $PATHS; do
		case $p in vcanmc | noloop | batch | norm | ieee1722 | 1722eth | global) ;;
		*) continue ;;
		esac
		line=$("$CANBENCH" trial -r "$rate" -d "$SECS" -l 100000 "${TX[$p]}" "${RX[$p]}") ||
			die "canbench trial failed on $p"
		echo "#   $p trial: $line"
		LOSSY[$p]="offered=$(kv "$line" offered) lost=$(kv "$line" lost)"
		rm -f "$TMP/lossy-$p"
		line=$("$CANBENCH" rtt -r "$RTT_RATE" -n "$n" -s "$TMP/lossy-$p" \
			"${TX[$p]}" "${RX[$p]}") || die "canbench rtt failed on $p"
		echo "#   $p rtt: $line"
		LOSSY[$p]+=" rtt_lost=$(kv "$line" lost) rtt_n=$n"
		[ -s "$TMP/lossy-$p" ] && LOSSY[$p]+=" p50=$(percentile "$TMP/lossy-$p" 50)" &&
			LOSSY[$p]+=" p99=$(percentile "$TMP/lossy-$p" 99)"
	done
	for ns in $A $B; do
		tc -n $ns qdisc del dev eth0 root 2>/dev/null
	done
}

# bus_timing: bustime on a vcanmc link of its own in A at each bit rate
bus_timing()
{
	local br line

	[ -x "$BUSTIME" ] || return 0
	modprobe vcanmc || return 0
	"$VCANMC" -n $A add vmc9 || return 0
	ip -n $A link set vmc9 up
	for br in 125000 1000000; do
		"$VCANMC" -n $A set vmc9 bitrate $br
		line=$(ip netns exec $A "$BUSTIME" vmc9 $br "$SECS") || continue
		echo "# bus timing at $br bit/s: $line"
		TIMING[$br]=$line
	done
	ip -n $A link del vmc9
}

ratio()
{
	if [ -n "$1" ] && [ -n "$2" ] && [ "$2" != 0 ]; then
		calc "printf \"%.2f\", $1 / $2"
	else
		echo -
	fi
}

verdict()
{
	if [ "$1" = - ]; then
		echo -
	elif calc "exit !($1 $2)"; then
		echo MET
	else
		echo "NOT MET"
	fi
}

# The zero-loss rate a path should reach, as a factor of vxcan's: the
# targets of the attach interface (issue 6) for the vcanmc paths
rate_target()
{
	case $1 in
	vcanmc | noloop) echo 0.35 ;;
	batch | ieee1722 | 1722eth) echo 0.6 ;;
	*) echo - ;;
	esac
}

table()
{
	local p m tr lr rt rates lats fmt='%-8s %11s %7s'

	echo
	echo "== vcanmc bench: kernel $(uname -r), $(nproc) CPUs, clock $CLOCK, ${SECS} s trials," \
		"RTT $RTT_COUNT at $RTT_RATE/s"
	# shellcheck disable=SC2059 # the format grows with the RTT modes
	{
		printf "$fmt" path zero-loss/s "x vxcan"
		for m in $RTT_MODES; do printf ' | %-22s' "RTT $m p50/p99 us, x"; done
		printf ' | %-15s %-9s %s\n' "rate target" "rate 0.9x" "p50 1.5x"
		for p in $PATHS; do
			tr=$(ratio "${ZL[$p]:-}" "${ZL[vxcan]:-}")
			printf "$fmt" "$p" "${ZL[$p]:--}" "$tr"
			lats=
			for m in $RTT_MODES; do
				lr=$(ratio "${P50[$p-$m]:-}" "${P50[vxcan-$m]:-}")
				printf ' | %15s %6s' "${P50[$p-$m]:--}/${P99[$p-$m]:--}" "$lr"
				lats+="${lats:+ / }$(verdict "$lr" "<= 1.5")"
			done
			rt=$(rate_target "$p")
			[ "$rt" = - ] || rt=">=$rt $(verdict "$tr" ">= $rt")"
			rates=$(verdict "$tr" ">= 0.9")
			[ "$p" = vxcan ] && rates=reference lats=reference
			printf ' | %-15s %-9s %s\n' "$rt" "$rates" "$lats"
		done
	}
	for p in $PATHS; do
		echo "   $p: passes at ${ZL[$p]:-?}/s, fails at ${BRACKET[$p]:-?}/s;" \
			"${NOTE[$p]:+${NOTE[$p]}; }RTT lost:$(for m in $RTT_MODES; do
				printf ' %s' "${RTTLOST[$p-$m]:-?}"; done)"
		[ -z "${COST[$p]:-}" ] || echo "     per frame: ${COST[$p]} (cpu in us)"
	done
	echo "   targets: rate target per path (attach interface: single frame >= 0.35 x" \
		"vxcan, batch >= 0.6 x); the project's: zero-loss rate >= 0.9 x vxcan's," \
		"RTT p50 <= 1.5 x vxcan's (per RTT mode)"
	if [ -n "${ZL[norm]:-}" ] && [ -n "${ZL[batch]:-}" ]; then
		echo "   norm against batch (targets: zero-loss rate >= 0.5 x, RTT p50 <= 1.5 x):" \
			"rate $(ratio "${ZL[norm]}" "${ZL[batch]}") x" \
			"$(verdict "$(ratio "${ZL[norm]}" "${ZL[batch]}")" ">= 0.5")$(
			for m in $RTT_MODES; do
				lr=$(ratio "${P50[norm-$m]:-}" "${P50[batch-$m]:-}")
				printf ', RTT p50 %s %s x %s' "$m" "$lr" "$(verdict "$lr" "<= 1.5")"
			done)"
	fi
	if [ -n "${ZL[global]:-}" ] && [ -n "${ZL[norm]:-}" ]; then
		echo "   global against norm: rate $(ratio "${ZL[global]}" "${ZL[norm]}") x$(
			for m in $RTT_MODES; do
				printf ', RTT p50 %s %s x (+%s us), p99 +%s us' "$m" \
					"$(ratio "${P50[global-$m]:-}" "${P50[norm-$m]:-}")" \
					"$(calc "print ${P50[global-$m]:-0} - ${P50[norm-$m]:-0}")" \
					"$(calc "print ${P99[global-$m]:-0} - ${P99[norm-$m]:-0}")"
			done); the release delay is half the added RTT, one way"
		[ -z "${GLOBAL_ST:-}" ] || echo "   global: $GLOBAL_ST"
	fi
	for p in ieee1722 1722eth; do
		[ -n "${ZL[$p]:-}" ] && [ -n "${ZL[batch]:-}" ] || continue
		echo "   $p against batch: rate $(ratio "${ZL[$p]}" "${ZL[batch]}") x$(
			for m in $RTT_MODES; do
				printf ', RTT p50 %s %s x' "$m" "$(ratio "${P50[$p-$m]:-}" "${P50[batch-$m]:-}")"
			done)"
	done
	for p in $PATHS; do
		[ -z "${LOSSY[$p]:-}" ] && continue
		echo "   at $LOSS loss, $p: delivered $(calc "printf \"%.2f%%\", \
			100 - $(kv "${LOSSY[$p]}" lost) * 100 / $(kv "${LOSSY[$p]}" offered)")" \
			"($(kv "${LOSSY[$p]}" lost) of $(kv "${LOSSY[$p]}" offered) lost);" \
			"round trips lost $(kv "${LOSSY[$p]}" rtt_lost) of $(kv "${LOSSY[$p]}" rtt_n)," \
			"RTT p50/p99 $(kv "${LOSSY[$p]}" p50)/$(kv "${LOSSY[$p]}" p99) us"
	done
	for br in 125000 1000000; do
		[ -z "${TIMING[$br]:-}" ] || echo "   bus timing at $br bit/s, saturated:" \
			"$(kv "${TIMING[$br]}" frames) frames; time stamps off the ideal" \
			"schedule by at most $(kv "${TIMING[$br]}" sched_max_ns) ns; echoes" \
			"delivered $(kv "${TIMING[$br]}" lag_mean_us) us late on average," \
			"$(kv "${TIMING[$br]}" lag_p99_us) us p99"
	done
	[ -z "${SENDER:-}" ] || echo "   sender alone offers $SENDER frames/s on vxcan:" \
		"$(ratio "$SENDER" "${ZL[vxcan]:-}") x its zero-loss rate${SENDER_TS:+; $SENDER_TS/s}" \
		"${SENDER_TS:+with the helpers running}"
	echo "== end"
}

[ "$(id -u)" = 0 ] || die "needs root (run it through make bench)"
[ -x "$CANBENCH" ] || die "$CANBENCH missing: make -C selftests/bench"
[ -x "$VCANMCD" ] || die "$VCANMCD missing: make userspace"
for p in $PATHS; do
	case $p in
	vxcan | vcanmc | noloop | batch | norm | ieee1722 | 1722eth | global | pycan) ;;
	*) die "unknown path $p" ;;
	esac
done

CLOCK=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)
echo "# vcanmc bench on $(uname -r), $(nproc) CPUs, clock source $CLOCK"
setup_underlay
# The sender alone, before and after the helpers start: they ask for receive
# time stamps, which has the kernel stamp every packet, vxcan's too.
for p in $PATHS; do
	[ "$p" = vxcan ] || continue
	setup_vxcan
	line=$("$CANBENCH" send -d "$SECS" "${TX[vxcan]}") || die "canbench send failed"
	SENDER=$(kv "$line" offered)
	echo "# sender alone on vxcan: $line"
done
for p in $PATHS; do
	[ "$p" = vxcan ] || "setup_$p"
done
if [ -n "${SENDER:-}" ] && [ "$PATHS" != vxcan ]; then
	line=$("$CANBENCH" send -d "$SECS" "${TX[vxcan]}") || die "canbench send failed"
	SENDER_TS=$(kv "$line" offered)
	echo "# sender alone on vxcan, helpers running: $line"
fi
search_all
# strace and perf switch tracepoints: under TCG their live patching now and
# then kills the VM ("Oops: int3"); VCANMC_BENCH_COST=0 leaves it out.
if [ "${VCANMC_BENCH_COST:-1}" = 1 ]; then
	for p in $PATHS; do
		((ZL[$p] > 0)) && cost "$p" "$(round3 $((ZL[$p] / 2)))"
	done
fi
rtt_all
global_status
lossy
bus_timing
if [ "$PROFILE" = 1 ]; then
	[ -z "${TX[vcanmc]:-}" ] || profile_vcanmc
	[ -z "${TX[vxcan]:-}" ] || profile_canbench
fi
table
exit 0
