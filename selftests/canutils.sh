#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stock tools on a vcanmc link, unmodified: iproute2 creates and deletes it
# with no options, can-utils' cansend/cangen/candump exchange frames, candump
# -x tells local frames (TX) from frames the tunnel helper injected (RX), and
# ip -s shows the counters. Runs in a network namespace of its own:
#
#   cansend, cangen ----+
#                       +--> vmc0 --> candump -x
#   vcanmc_helper ------+    (attached as the tunnel helper)

set -u
dir=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$dir/lib.sh"

if [ -z "${VCANMC_IN_NETNS:-}" ]; then
	VCANMC_IN_NETNS=1 exec unshare -n "$0" "$@"
fi

require_cmd ip cansend candump cangen
require_vcanmc
helper=$dir/vcanmc_helper
[ -x "$helper" ] || skip_all "vcanmc_helper not built"

tmp=$(mktemp -d)
trap 'lib_cleanup; rm -rf "$tmp"' EXIT

# stat COUNTER: one of vmc0's 64-bit counters, from iproute2's JSON.
stat()
{
	ip -s -j link show dev vmc0 |
		/usr/bin/python3 -c "import json,sys; s=json.load(sys.stdin)[0]['stats64']; print(s['$1']['$2'])"
}

tap_plan 9

check "ip link add type vcanmc, no options" ip link add dev vmc0 type vcanmc
check "ip -d link shows kind vcanmc" sh -c 'ip -d link show dev vmc0 | grep -q vcanmc'
check "link type is CAN" sh -c 'ip link show dev vmc0 | grep -q "link/can"'
run ip link set dev vmc0 up

candump_start "$tmp/tx" 2 vmc0
run cansend vmc0 123#112233
run cansend vmc0 123##1DEADBEEF
candump_wait
sed 's/^/#   /' "$tmp/tx"
check "candump -x: local frames are TX" \
	sh -c "grep -Eq 'vmc0 +TX - - +123 +\[3\] +11 22 33' $tmp/tx &&
	       grep -Eq 'vmc0 +TX B - +123 +\[04\] +DE AD BE EF' $tmp/tx"

candump_start "$tmp/rx" 2 vmc0
run "$helper" inject vmc0 1ABCDEF0#0102 456##3CAFE
candump_wait
sed 's/^/#   /' "$tmp/rx"
check "candump -x: injected frames are RX" \
	sh -c "grep -Eq 'vmc0 +RX - - +1ABCDEF0 +\[2\] +01 02' $tmp/rx &&
	       grep -Eq 'vmc0 +RX B E +456 +\[02\] +CA FE' $tmp/rx"

tx0=$(stat tx packets)
rx0=$(stat rx packets)
candump_start "$tmp/gen" 200 vmc0
run cangen vmc0 -n 200 -g 0 -m -p 1000
candump_wait
check "cangen's 200 frames all reach candump" test "$(grep -Ec 'vmc0 +TX' "$tmp/gen")" = 200
check "ip -s: 200 more TX packets" test "$(stat tx packets)" = $((tx0 + 200))
check "ip -s: echoes are not RX" test "$(stat rx packets)" = "$rx0"

check "ip link del" sh -c 'ip link del dev vmc0 && ! ip link show dev vmc0 2>/dev/null'

tap_done
