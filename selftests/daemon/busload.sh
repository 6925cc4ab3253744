#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One bus over three hosts, its bit rate set (250 kbit/s on every vmc0):
# frames from the tunnel occupy the local bus too, so two hosts flooding at
# once share the bus instead of each having it whole. A floods alone, then
# A and B flood together; C receives both: no more than the bus can carry
# (1.05 x, the slack for frames that cross the network while both buses
# think they are free), and A's own rate drops while B sends. Hosts as in
# topo.sh; every vmc0 with encap python-can-batch and mcast-loop on.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd cangen candump timeout
TOOL=$(dirname "$HERE")/vcanmc/vcanmc_bits
[ -x "$TOOL" ] || TOOL=$HERE/../vcanmc_bits
[ -x "$TOOL" ] || TOOL=$TOP/build/selftests/vcanmc_bits
[ -x "$TOOL" ] || skip_all "vcanmc_bits not built"
tap_plan 5

BR=250000
SECS=3

topo_three bitrate $BR encap python-can-batch
check "three hosts, each vmc0 at $BR bit/s, attached" \
	vwait A vmc0 attached=true -- B vmc0 attached=true -- C vmc0 attached=true

# dump NAME HOST: candump -L of everything on HOST's vmc0, until killed
dump()
{
	local before

	before=$(receivers "$2")
	echo "# + [$2] candump -L -x vmc0 >$1 &"
	ip netns exec "${NS[$2]}" candump -L -x vmc0 >"$TMP/$1" &
	DUMP[$1]=$!
	busywait "$TIMEOUT" receivers_above "$2" "$before"
}

undump()
{
	kill "${DUMP[$1]}"
	wait "${DUMP[$1]}" 2>/dev/null
}

# load NAME [DIR]: the share of the bus the frames of candump NAME took
# (all, or those received as DIR, T or R), in %, over their time span
load()
{
	local n span ideal

	grep "${2:+ $2\$}" "$TMP/$1" | "$TOOL" rate $BR >"$TMP/$1.rate"
	read -r _ n _ span _ ideal <"$TMP/$1.rate"
	awk -v n="$n" -v s="$span" -v i="$ideal" 'BEGIN {
		printf "%d %.1f\n", n, s ? i * 100 / s : 0 }'
}

flood() { on "$1" timeout "$SECS" cangen vmc0 -g 0 -L 8 -I i; }

# A alone
dump A1 A
flood A
undump A1
read -r a1 alone < <(load A1)
echo "# A alone: $a1 frames, $alone % of the bus"
check "A alone fills its bus (at least 90 %)" awk -v l="$alone" 'BEGIN { exit !(l >= 90) }'

# A and B together
dump A2 A
dump C2 C
flood A &
fpid=$!
flood B
wait $fpid
# what waits in the drivers and the daemons reaches C
sleep_until_quiet()
{
	local n

	n=$(grep -c . "$TMP/C2")
	busywait 2000 eval '[ "$(grep -c . "$TMP/C2")" != "$n" ]' >/dev/null && return 1
	return 0
}
busywait 20000 sleep_until_quiet
undump A2
undump C2
read -r c2 both < <(load C2)
read -r a2 own < <(load A2 T)
echo "# together: C received $c2 frames, $both % of the bus; A sent $a2"
check "C receives no more than the bus carries (at most 105 %)" \
	awk -v l="$both" 'BEGIN { exit !(l > 50 && l <= 105) }'
check "A sent fewer frames while B sent too" test "$a2" -lt $((a1 * 85 / 100))
check "every daemon still runs" topo_daemons_alive

tap_done
