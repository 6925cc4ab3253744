#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The emulated bus with stock tools: cangen -g 0 floods vmc0 with a bit
# rate set, and the frames candump receives per second are what the bits
# of those very frames take at that rate (kmod/bits.c, checked against
# canframelen in bits.sh), within 2 %: classic 8-byte frames at 125 kbit/s,
# CAN FD 64-byte frames with BRS at 500 kbit/s / 2 Mbit/s, and cangen's mix
# of everything. ethtool -S and vcanmc show -s tell the bus load. Runs in a
# network namespace of its own:
#
#   cangen -g 0 --> vmc0 (bitrate N) --> candump -L --> vcanmc_bits rate

set -u
dir=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$dir/lib.sh"

if [ -z "${VCANMC_IN_NETNS:-}" ]; then
	VCANMC_IN_NETNS=1 exec unshare -n "$0" "$@"
fi

require_cmd ip cangen candump ethtool timeout
require_vcanmc
tool=$dir/vcanmc_bits
[ -x "$tool" ] || skip_all "vcanmc_bits not built"
find_cli

tmp=$(mktemp -d)
trap 'lib_cleanup; rm -rf "$tmp"' EXIT

tap_plan 7

run ip link add dev vmc0 type vcanmc
run ip link set dev vmc0 up

stat() { ethtool -S vmc0 | awk -v k="$1:" '$1 == k { print $2 }'; }

# flood BITRATE DBITRATE SECONDS CANGEN_ARGS...: cangen -g 0 for SECONDS,
# candump -L of all it sent into $tmp/dump
flood()
{
	local br=$1 dbr=$2 secs=$3 before pid frames

	shift 3
	run "$VCANMC" set vmc0 bitrate "$br" dbitrate "$dbr" || return 1
	before=$(can_receivers)
	frames=$(stat bus_frames)
	echo "# + candump -L vmc0 >dump &"
	candump -L vmc0 >"$tmp/dump" &
	pid=$!
	busywait 5000 receivers_above "$before" || return 1
	echo "# + timeout $secs cangen vmc0 -g 0 $*"
	timeout "$secs" cangen vmc0 -g 0 "$@"
	# what waits in the driver goes out at the bus rate, and candump
	# gets it all
	busywait 10000 eval '[ "$(stat bus_pending)" = 0 ]'
	frames=$(($(stat bus_frames) - frames))
	busywait 10000 eval '[ "$(grep -c . "$tmp/dump")" -ge $frames ]'
	kill "$pid"
	wait "$pid" 2>/dev/null
}

# rate_ok BITRATE DBITRATE: the frames took what their bits take, within 2 %
rate_ok()
{
	local out n span ideal

	out=$("$tool" rate "$1" "$2" <"$tmp/dump") || return 1
	read -r _ n _ span _ ideal <<<"$out"
	echo "$n frames in $((span / 1000000)) ms, their bits take $((ideal / 1000000)) ms"
	[ "$n" -gt 100 ] || return 1
	awk -v s="$span" -v i="$ideal" 'BEGIN { d = (s - i) / i;
		printf "%+.3f %%\n", d * 100; exit !(d < 0.02 && d > -0.02) }'
}

flood 125000 0 2.5 -L 8
check "125 kbit/s, classic 8-byte frames: frames/s as their bits say" rate_ok 125000 0
flood 500000 2000000 2.5 -f -b -L 64
check "500 kbit/s / 2 Mbit/s, CAN FD 64 bytes BRS: frames/s as their bits say" \
	rate_ok 500000 2000000
flood 500000 2000000 2.5 -m
check "500 kbit/s / 2 Mbit/s, cangen's mix: frames/s as their bits say" \
	rate_ok 500000 2000000

# A last flood, and the load of the second it filled
t_load()
{
	local load

	run "$VCANMC" set vmc0 bitrate 125000 dbitrate 0 || return 1
	timeout 2.5 cangen vmc0 -g 0 -L 8
	ethtool -S vmc0
	load=$(ethtool -S vmc0 | awk '/bus_load_permille:/ { print $2 }')
	[ "$load" -ge 950 ]
}
check "ethtool -S: the bus was full (bus_load_permille >= 950)" t_load
check "ethtool -S: the driver's figures" \
	sh -c 'ethtool -S vmc0 | grep -q "bus_bitrate: 125000" &&
	       ethtool -S vmc0 | grep -q "bus_wait_max_ns: [1-9]"'
t_show()
{
	local out

	out=$("$VCANMC" show -s vmc0) || return 1
	echo "$out"
	grep -q "bitrate 125000" <<<"$out" && grep -Eq "bus load [0-9.]+% frames [1-9]" <<<"$out"
}
check "vcanmc show -s: bit rate and bus load" t_show
t_json()
{
	local out

	out=$("$VCANMC" show -s -j vmc0) || return 1
	echo "$out"
	/usr/bin/python3 -c 'import json, sys
l = json.loads(sys.argv[1])[0]
sys.exit(not (l["bitrate"] == 125000 and l["bus"]["frames"] > 0 and
              0 <= l["bus"]["load_permille"] <= 1000))' "$out"
}
check "vcanmc show -s -j: the same as JSON" t_json

tap_done
