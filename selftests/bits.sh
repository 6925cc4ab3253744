#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The driver's bit counter (kmod/bits.c) against an independent one:
# can-utils' canframelen in exact mode, as canbusload -e uses it. 48 random
# classic frames (standard and extended, runs of equal bits and noise,
# remote frames with DLC 0: canframelen counts a data field for a remote
# frame's DLC above 0, which is none on the wire), each sent 10 times on a
# vcan of its own while canbusload -e counts their bits (16 interfaces at
# a time, canbusload's most); per frame, both counts must agree. Runs in a
# network namespace of its own:
#
#   vcanmc_bits send --> vcan0 .. vcan15 --> canbusload -e
#   vcanmc_bits bits                     --> compared

set -u
dir=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$dir/lib.sh"

if [ -z "${VCANMC_IN_NETNS:-}" ]; then
	VCANMC_IN_NETNS=1 exec unshare -n "$0" "$@"
fi

require_cmd ip canbusload
modprobe -q vcan 2>/dev/null || skip_all "no vcan module"
tool=$dir/vcanmc_bits
[ -x "$tool" ] || skip_all "vcanmc_bits not built"

N=16
ROUNDS=3
REPEAT=10
tmp=$(mktemp -d)
trap 'lib_cleanup; rm -rf "$tmp"' EXIT

tap_plan $((2 * ROUNDS))

for ((i = 0; i < N; i++)); do
	ip link add dev "vcan$i" type vcan && ip link set dev "vcan$i" up || exit 1
	ifaces+=("vcan$i@500000")
done

# sums IFACE: "frames bits" canbusload counted on IFACE, over all its lines
sums()
{
	awk -v dev="$1@" 'index($1, dev) == 1 { f += $2; b += $3 } END { print f + 0, b + 0 }' \
		"$tmp/load"
}

all_counted()
{
	local i

	for ((i = 0; i < N; i++)); do
		[ "$(sums "vcan$i" | cut -d' ' -f1)" = $REPEAT ] || return 1
	done
}

t_same()
{
	local i want got f b rc=0

	for ((i = 0; i < N; i++)); do
		read -r f b < <(sums "vcan$i")
		[ "$f" -gt 0 ] || { echo "vcan$i: nothing counted"; rc=1; continue; }
		got=$((b / f))
		want=$("$tool" bits "${frames[$i]}" | cut -d' ' -f2)
		printf '%-24s canframelen %3d vcanmc %3d\n' "${frames[$i]}" "$got" "$want"
		[ $((b % f)) = 0 ] && [ "$got" = "$want" ] || rc=1
	done
	return $rc
}

for ((round = 1; round <= ROUNDS; round++)); do
	mapfile -t frames < <("$tool" random $round $N)
	echo "# + canbusload -e ${ifaces[*]} >load &"
	canbusload -e "${ifaces[@]}" >"$tmp/load" 2>&1 &
	pid=$!
	busywait 10000 grep -q . "$tmp/load"
	for ((i = 0; i < N; i++)); do
		"$tool" send "vcan$i" "${frames[$i]}" $REPEAT || exit 1
	done
	check "round $round: canbusload counted every frame" \
		eval 'busywait 20000 all_counted || { tail -n 20 "$tmp/load"; false; }' 
	kill "$pid"
	wait "$pid" 2>/dev/null
	check "round $round: per frame, bits.c counts what canframelen -e counts" t_same
done

tap_done
