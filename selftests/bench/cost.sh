# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # variables shared with bench.sh
#
# Where the time goes, sourced by bench.sh: what a frame costs each program
# on a path (CPU time, wakeups and, where perf works, system calls per frame,
# counted without slowing the programs down), and on request a profile of
# vcanmcd (strace -c -f, then perf record -a during a trial) and of canbench
# on vxcan (how much of its time is its own, not the kernel's).

declare -A COST		# per-frame costs of a path, for the table

# Is perf there, and can it count tracepoints in this kernel?
have_perf()
{
	[ -z "${HAVE_PERF:-}" ] || return "$HAVE_PERF"
	HAVE_PERF=1
	perf stat -e raw_syscalls:sys_enter true >/dev/null 2>&1 && HAVE_PERF=0
	return "$HAVE_PERF"
}

perf_counting()
{
	local fd

	for fd in /proc/"$1"/fd/*; do
		[[ $(readlink "$fd") == *perf_event* ]] && return 0
	done
	return 1
}

# cost PATH RATE: one trial at RATE, and per frame: CPU microseconds of
# canbench (sender and receiver) and of each helper, wakeups and system
# calls of each helper.
cost()
{
	local p=$1 rate=$2 line t0 t1 i n frames out wall
	local -a pids c0=() c1=() w0=() w1=() perfs=()

	helpers "$p" pids
	settle "${pids[@]}"
	if have_perf; then
		for i in "${!pids[@]}"; do
			perf stat -x, -e raw_syscalls:sys_enter -p "${pids[$i]}" \
				-o "$TMP/syscalls-$i" 2>/dev/null &
			perfs+=($!)
		done
		for i in "${perfs[@]}"; do
			busywait 30000 perf_counting "$i" || echo "#   (perf did not start)"
		done
	fi
	for i in "${!pids[@]}"; do
		c0+=("$(ticks "${pids[$i]}")")
		w0+=("$(wakeups "${pids[$i]}")")
	done
	t0=$(date +%s%N)
	line=$("$CANBENCH" trial -r "$rate" -d "$SECS" -l "$AVG_LAT_MS" "${TX[$p]}" "${RX[$p]}") ||
		die "canbench trial failed on $p"
	t1=$(date +%s%N)
	for i in "${!pids[@]}"; do
		c1+=("$(ticks "${pids[$i]}")")
		w1+=("$(wakeups "${pids[$i]}")")
	done
	[ ${#perfs[@]} = 0 ] || { kill -INT "${perfs[@]}"; wait "${perfs[@]}"; }

	frames=$(kv "$line" received)
	[ "${frames:-0}" -gt 0 ] || { echo "# cost $p: no frame arrived"; return; }
	out=$(calc "printf \"canbench %.1f\", $(kv "$line" cpu_s) * 1e6 / $frames")
	for i in "${!pids[@]}"; do
		out+="; ${HOSTS[$i]}: $(calc "printf \"cpu %.1f, wakeups %.2f\", \
			(${c1[$i]} - ${c0[$i]}) * 1e6 / $HZ / $frames, \
			(${w1[$i]} - ${w0[$i]}) / $frames")"
		if [ ${#perfs[@]} -gt 0 ]; then
			n=$(awk -F, '/raw_syscalls/ { print $1 }' "$TMP/syscalls-$i")
			[[ $n =~ ^[0-9]+$ ]] && out+=$(calc "printf \", syscalls %.2f\", $n / $frames")
		fi
	done
	wall=$(calc "printf \"%.1f\", ($t1 - $t0) / 1e9")
	echo "# cost $p at $rate/s ($(kv "$line" result), $wall s): per frame: $out (cpu in us)"
	COST[$p]=$out
}

# strace -c -f on both vcanmcd during a trial at half the zero-loss rate
profile_strace()
{
	local rate pid frames n straces=()
	local -a pids

	command -v strace >/dev/null || { echo "# (no strace: no strace profile)"; return; }
	helpers vcanmc pids
	rate=$(round3 $((${ZL[vcanmc]:-1000} / 2)))
	echo "# profile: vcanmcd under strace -c -f, ${SECS} s at $rate frames/s"
	for pid in "${pids[@]}"; do
		strace -c -f -q -o "$TMP/strace-$pid" -p "$pid" &
		straces+=($!)
	done
	for pid in "${pids[@]}"; do
		busywait 30000 grep -q "^TracerPid:[[:space:]]*[1-9]" "/proc/$pid/status" ||
			echo "#   (strace did not attach to $pid)"
	done
	trial vcanmc "$rate" || true
	kill -INT "${straces[@]}"
	wait "${straces[@]}"
	frames=$((rate * SECS))
	for pid in "${pids[@]}"; do
		echo "# vcanmcd pid $pid, $frames frames:"
		sed 's/^/#   /' "$TMP/strace-$pid"
		n=$(awk '$NF == "total" { print $4 }' "$TMP/strace-$pid")
		[[ $n =~ ^[0-9]+$ ]] &&
			echo "#   $(calc "printf \"%.2f\", $n / $frames")" \
				"system calls per frame (under strace)"
	done
}

# perf record -a during a vcanmc trial at the zero-loss rate
profile_perf()
{
	local zl=${ZL[vcanmc]:-1000}
	local -a pids

	have_perf || { echo "# (perf does not work here: no perf profile)"; return; }
	helpers vcanmc pids
	echo "# profile: perf record -a -g, a trial at $zl frames/s"
	settle "${pids[@]}"
	perf record -q -e cpu-clock -a -g -o "$TMP/perf.data" -- \
		"$CANBENCH" trial -r "$zl" -d "$SECS" -l "$AVG_LAT_MS" "${TX[vcanmc]}" "${RX[vcanmc]}" |
		sed 's/^/#   /'
	echo "# CPU by program:"
	perf report -q -i "$TMP/perf.data" --no-children --sort comm -g none 2>/dev/null |
		grep -v '^$' | head -8 | sed 's/^/#   /'
	echo "# vcanmcd, inclusive (children), functions above 4%:"
	perf report -q -i "$TMP/perf.data" --children --comms vcanmcd --sort sym -g none \
		--percent-limit 4 2>/dev/null | grep -v '^$' | head -40 | sed 's/^/#   /'
	echo "# all programs, self, top 25:"
	perf report -q -i "$TMP/perf.data" --no-children --sort comm,sym -g none 2>/dev/null |
		grep -v '^$' | head -25 | sed 's/^/#   /'
}

profile_vcanmc()
{
	profile_strace
	profile_perf
}

# canbench on vxcan, at the zero-loss rate: the share of its CPU time spent
# in its own code, not in the kernel carrying the frames.
profile_canbench()
{
	local zl=${ZL[vxcan]:-10000}

	have_perf || return
	echo "# profile: perf record -a, a vxcan trial at $zl frames/s"
	perf record -q -e cpu-clock -a -o "$TMP/perf-vxcan.data" -- \
		"$CANBENCH" trial -r "$zl" -d "$SECS" -l "$AVG_LAT_MS" "${TX[vxcan]}" "${RX[vxcan]}" |
		sed 's/^/#   /'
	echo "# canbench's CPU by where it ran (share of all samples):"
	perf report -q -i "$TMP/perf-vxcan.data" --sort comm,dso 2>/dev/null |
		grep -w canbench | head -6 | sed 's/^/#   /'
}
