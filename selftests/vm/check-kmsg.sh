#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check a kernel log for trouble and print one TAP result line, preceded by
# the offending lines as "# " diagnostics. Trouble is a warning, BUG, oops,
# sanitizer or leak report, a netdev reference leak, or an object that the
# log shows as "PREFIX: OBJECT created" without a matching
# "PREFIX: OBJECT destroyed" (or the other way round).
#
# Usage: check-kmsg.sh [-n NUMBER] [-p PREFIX] [FILE]
#   -n NUMBER  test number of the TAP line (default 1)
#   -p PREFIX  log prefix of created/destroyed lines (default vcanmc)
#   FILE       a saved log, "-" for stdin; without it, the running kernel's
#              log, after a kmemleak scan if kmemleak is enabled
#
# Exit status: 0 clean, 1 trouble found.

set -euo pipefail

BAD='WARNING:|BUG:|kernel BUG at|Oops|Call Trace:|general protection fault'
BAD+='|KASAN:|UBSAN:|kmemleak: .*suspected memory leak'
BAD+='|unregister_netdevice: waiting for|INFO: task .* blocked for more than'
BAD+='|rcu: INFO: .*stall'

usage() {
	echo "Usage: $0 [-n NUMBER] [-p PREFIX] [FILE]" >&2
	exit 1
}

num=1
prefix=vcanmc
while getopts n:p: opt; do
	case $opt in
	n) num=$OPTARG ;;
	p) prefix=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -le 1 ]] || usage

read_log() {
	local leak=/sys/kernel/debug/kmemleak

	if [[ $# -eq 1 ]]; then
		cat -- "$1"
		return
	fi
	if [[ -w $leak ]]; then
		echo scan >"$leak" || true
	fi
	dmesg
}

# count_objects LOG: "OBJECT N" for every object created N times more
# than destroyed (N < 0: the other way round)
count_objects() {
	local line obj
	local -A count=()

	while IFS= read -r line; do
		[[ $line =~ $prefix:\ (.+)\ (created|destroyed)([^[:alnum:]]|$) ]] ||
			continue
		obj=${BASH_REMATCH[1]%:}
		if [[ ${BASH_REMATCH[2]} == created ]]; then
			count[$obj]=$((${count[$obj]:-0} + 1))
		else
			count[$obj]=$((${count[$obj]:-0} - 1))
		fi
	done < <(grep -E -- "$prefix: .* (created|destroyed)" <<<"$1" || true)
	for obj in "${!count[@]}"; do
		((count[$obj] == 0)) || echo "$obj ${count[$obj]}"
	done
}

kmsg=$(read_log "$@")
unbalanced=$(count_objects "$kmsg")
# The running kernel may still be tearing down the namespaces of a test
# that just ended (cleanup_net runs in a workqueue): devices not destroyed
# yet are waited for, 10 s at most, not reported.
if [[ $# -eq 0 ]]; then
	for _ in $(seq 50); do
		grep -q ' [1-9][0-9]*$' <<<"$unbalanced" || break
		sleep 0.2
		kmsg=$(read_log)
		unbalanced=$(count_objects "$kmsg")
	done
fi
mapfile -t bad < <(grep -E -- "$BAD" <<<"$kmsg" || true)
bad=("${bad[@]#\[*\] }")	# dmesg time stamps

while IFS= read -r line; do
	[[ -n $line ]] || continue
	obj=${line% *}
	n=${line##* }
	if ((n > 0)); then
		bad+=("$prefix: $obj: created $n more time(s) than destroyed")
	else
		bad+=("$prefix: $obj: destroyed $((-n)) more time(s) than created")
	fi
done <<<"$unbalanced"

for line in "${bad[@]}"; do
	echo "# $line"
done
if [[ ${#bad[@]} -eq 0 ]]; then
	echo "ok $num kernel log clean"
else
	echo "not ok $num kernel log clean"
	exit 1
fi
