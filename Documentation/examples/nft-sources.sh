#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# nft-sources.sh PORT ADDR...: only the hosts ADDR (IPv4 or IPv6, prefixes
# allowed) may put frames on the vcanmc bus that uses UDP port PORT on
# this host: datagrams to PORT from any other source are dropped before
# vcanmcd (or a python-can program) sees them, and counted by the rule.
# Run it on every host of the bus, listing the others' addresses (this
# host's own may be listed too: multicast loopback comes from it).
#
# A source address is easily forged by anyone on the same link; this
# keeps out hosts and programs that do not forge, and everything beyond a
# router that filters spoofed sources. To keep out forgers too,
# authenticate the group with IPsec: ipsec-esp.sh.
#
# Needs nft (nftables). Shows the counter with
#   nft list chain inet vcanmc sources
# Undo with: nft delete table inet vcanmc

set -e
port=${1:?usage: nft-sources.sh PORT ADDR...}
shift
[ $# -gt 0 ] || { echo "nft-sources.sh: no source address given" >&2; exit 2; }

v4='' v6=''
for a in "$@"; do
	case $a in
	*:*) v6="$v6${v6:+, }$a" ;;
	*) v4="$v4${v4:+, }$a" ;;
	esac
done

{
	echo "table inet vcanmc"
	echo "delete table inet vcanmc"
	echo "table inet vcanmc {"
	echo "	chain sources {"
	echo "		type filter hook input priority filter; policy accept;"
	[ -n "$v4" ] && echo "		meta nfproto ipv4 udp dport $port ip saddr { $v4 } accept"
	[ -n "$v6" ] && echo "		meta nfproto ipv6 udp dport $port ip6 saddr { $v6 } accept"
	echo "		udp dport $port counter drop"
	echo "	}"
	echo "}"
} | nft -f -
