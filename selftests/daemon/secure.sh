#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The documented recipes that keep strangers off a bus, as a user runs
# them (Documentation/examples):
#
#  - nft-sources.sh on B admits only A and C: G's datagrams are dropped
#    before B's daemon and counted by the rule, C (no rule) still takes
#    them, A's frames still reach B;
#  - ipsec-esp.sh on A and B with one key file: A's and B's frames travel
#    as ESP and reach each other, C, which has no key, can neither put a
#    frame on their bus nor read theirs.
#
# Hosts A, B, C as in topo.sh, G (2001:db8::7) without a daemon.

# shellcheck source=topo.sh
. "$(dirname "$(readlink -f "$0")")/topo.sh"

topo_require
require_cmd nft openssl
tap_plan 9

GROUP=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
EXAMPLES=$TOP/Documentation/examples

topo_three
topo_host G
check "three hosts, each vmc0 attached by its vcanmcd" topo_all_attached vmc0 A B C

# -- nftables: known sources only -------------------------------------------
check "B: nft-sources.sh admits A and C" \
	on B sh "$EXAMPLES/nft-sources.sh" 43113 2001:db8::1 2001:db8::2 2001:db8::3
on G "$PY" "$HERE/hostile.py" spoof $GROUP 43113 2001:db8::7 40000 eth0 3
check "C takes G's 3 frames; B's daemon never sees them" \
	vwait C vmc0 peer:2001:db8::7.frames=3 -- B vmc0 datagrams_in=0 peers=
check "the rule counted them" eval \
	"ip netns exec \"\${NS[B]}\" nft list chain inet vcanmc sources | grep -q 'counter packets 3 '"
send A vmc0 123#01
check "A's frame reaches B" vwait B vmc0 frames_in=1 peers=2001:db8::1
run ip netns exec "${NS[B]}" nft delete table inet vcanmc

# -- IPsec: only key holders ------------------------------------------------
{
	echo "# host SPI AES-128 HMAC-SHA-256"
	echo "2001:db8::1 0x101 $(openssl rand -hex 16) $(openssl rand -hex 32)"
	echo "2001:db8::2 0x102 $(openssl rand -hex 16) $(openssl rand -hex 32)"
} >"$TMP/keys"
sed 's/^/# keys: /' "$TMP/keys"
check "A and B: ipsec-esp.sh with one key file" eval \
	"ip netns exec \"\${NS[A]}\" sh \"$EXAMPLES/ipsec-esp.sh\" $GROUP 43113 2001:db8::1 \"$TMP/keys\" &&
	 ip netns exec \"\${NS[B]}\" sh \"$EXAMPLES/ipsec-esp.sh\" $GROUP 43113 2001:db8::2 \"$TMP/keys\""
c_in=$(vst -g "${NS[C]}" vmc0 frames_in)
send A vmc0 124#02
send B vmc0 125#03
check "A and B exchange frames through ESP" \
	vwait B vmc0 peer:2001:db8::1.frames=2 -- A vmc0 peer:2001:db8::2.frames=1
send C vmc0 126#04
vwait C vmc0 datagrams_out=1 >/dev/null
sleep 1
check "C's frame reaches neither A nor B" \
	vst B vmc0 peer:2001:db8::3.frames=0 -- A vmc0 peer:2001:db8::3.frames=0
check "C reads nothing of A's and B's" vst C vmc0 frames_in="$c_in"

# sa_packets HOST SPI: packets the SA SPI of HOST has processed
sa_packets()
{
	ip -n "${NS[$1]}" -s xfrm state list spi "$2" |
		sed -n '/lifetime current/{n;s/.*, *\([0-9]*\)(packets).*/\1/p}'
}

esp_used()
{
	local a b

	a=$(sa_packets B 0x101)
	b=$(sa_packets A 0x102)
	echo "B took ${a:-?} packets with A's SA, A ${b:-?} with B's"
	[ "${a:-0}" -ge 1 ] && [ "${b:-0}" -ge 1 ]
}
check "the frames went as ESP, with A's and B's SAs" esp_used

tap_done
