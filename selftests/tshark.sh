#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Wireshark's tshark captures on a vcanmc link and decodes what it sees as
# SocketCAN frames: classic, extended, CAN FD, local and injected. Runs in a
# network namespace of its own:
#
#   cansend, vcanmc_helper --> vmc0 --> tshark -i vmc0

set -u
dir=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "$dir/lib.sh"

if [ -z "${VCANMC_IN_NETNS:-}" ]; then
	VCANMC_IN_NETNS=1 exec unshare -n "$0" "$@"
fi

require_cmd ip cansend tshark
require_vcanmc
helper=$dir/vcanmc_helper
[ -x "$helper" ] || skip_all "vcanmc_helper not built"

tmp=$(mktemp -d)
trap 'lib_cleanup; rm -rf "$tmp"' EXIT

tap_plan 4

run ip link add dev vmc0 type vcanmc
run ip link set dev vmc0 up

tshark -i vmc0 -a duration:120 -l -T fields -E separator=' ' \
	-e frame.protocols -e can.id -e can.flags.xtd -e data.data \
	> "$tmp/out" 2> "$tmp/err" &
tshark_pid=$!
lib_pids+=("$tshark_pid")

# tshark says "Capturing on" a little before it captures: probe until a
# probe frame shows up.
probe() { cansend vmc0 100#01 && grep -q "^can[a-z:]* 256 0 01$" "$tmp/out"; }
busywait 60000 probe

run cansend vmc0 123#DEADBEEF
run cansend vmc0 1ABCDEF0#0102
run cansend vmc0 321##1C0FFEE00112233445566778899
run "$helper" inject vmc0 456#CAFE
# The marker comes last: once tshark printed it, it saw all the rest.
run cansend vmc0 7FF#AA
busywait 30000 grep -q "aa$" "$tmp/out"
kill "$tshark_pid"
sed 's/^/#   /' "$tmp/out" "$tmp/err"

# Fields: protocols, ID (decimal), extended flag, payload.
check "classic frame decoded as CAN" grep -Eq '^can[a-z:]* 291 0 deadbeef$' "$tmp/out"
check "extended frame decoded with its 29-bit ID" \
	grep -Eq '^can[a-z:]* 448585456 1 0102$' "$tmp/out"
check "CAN FD frame decoded with its 16-byte payload" \
	grep -Eq '^can[a-z:]* 801 0 c0ffee00112233445566778899000000$' "$tmp/out"
check "injected frame decoded" grep -Eq '^can[a-z:]* 1110 0 cafe$' "$tmp/out"

tap_done
