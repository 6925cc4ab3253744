#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ipsec-esp.sh GROUP PORT SELF KEYS: authenticate and encrypt a vcanmc bus
# with the kernel's IPsec, so that a host without the key cannot put a
# frame on it (nor read one): ESP in transport mode with static keys, one
# security association per sender.
#
#   GROUP  the link's multicast group (IPv4 or IPv6)
#   PORT   the link's UDP port
#   SELF   this host's address on the underlay, as listed in KEYS
#   KEYS   a file, the same on every host, one line per host of the bus:
#            ADDR SPI ENCKEY AUTHKEY
#          ADDR the host's underlay address, SPI a number unique on the bus
#          (0x100 and up), ENCKEY 32 hex digits (AES-128), AUTHKEY 64 hex
#          digits (HMAC-SHA-256), e.g. from: openssl rand -hex 16 (and 32)
#
# Every datagram this host sends to GROUP:PORT goes out encrypted and
# authenticated with its own SA; every datagram to GROUP:PORT it takes in
# must come with the SA of a host in KEYS: the kernel drops the rest
# (plain UDP by the policy, a wrong key by the authentication) before
# vcanmcd sees them; "ip -s xfrm state" and /proc/net/xfrm_stat count them.
# The frames' own multicast loopback passes through the same SA, so each
# host needs its own line too.
#
# Mind what static keys cannot do: without IKE the sequence numbers start
# again at each setup and multicast SAs keep no replay window, so a
# recorded datagram can be replayed; rotate the keys (new SPIs) on a
# schedule and whenever a host leaves. Per-packet overhead: 8 (ESP) +
# 16 (IV) + up to 17 (padding, trailer) + 16 (ICV) bytes.
#
# Needs ip (iproute2) and the kernel's esp4/esp6, cbc, aes, hmac and sha256.
# Undo with: ip xfrm policy flush; ip xfrm state flush (all of this host's!)
# or the same script with -d.

set -e
del=
if [ "$1" = -d ]; then
	del=1
	shift
fi
group=${1:?usage: ipsec-esp.sh [-d] GROUP PORT SELF KEYS}
port=${2:?usage: ipsec-esp.sh [-d] GROUP PORT SELF KEYS}
self=${3:?usage: ipsec-esp.sh [-d] GROUP PORT SELF KEYS}
keys=${4:?usage: ipsec-esp.sh [-d] GROUP PORT SELF KEYS}

case $group in
*:*) any=::/0 ;;
*) any=0.0.0.0/0 ;;
esac

found=
while read -r addr spi enc auth; do
	case $addr in '' | '#'*) continue ;; esac
	[ "$addr" = "$self" ] && found=1
	if [ -n "$del" ]; then
		ip xfrm state delete src "$addr" dst "$group" proto esp spi "$spi" || true
		continue
	fi
	ip xfrm state add src "$addr" dst "$group" proto esp spi "$spi" mode transport \
		enc 'cbc(aes)' "0x$enc" auth-trunc 'hmac(sha256)' "0x$auth" 128 \
		sel src "$addr" dst "$group" proto udp dport "$port"
done <"$keys"
[ -n "$found" ] || [ -n "$del" ] || {
	echo "ipsec-esp.sh: $self is not in $keys" >&2
	exit 1
}

if [ -n "$del" ]; then
	ip xfrm policy delete src "$self" dst "$group" proto udp dport "$port" dir out || true
	ip xfrm policy delete src "$any" dst "$group" proto udp dport "$port" dir in || true
	exit 0
fi
ip xfrm policy add src "$self" dst "$group" proto udp dport "$port" dir out \
	tmpl src "$self" dst "$group" proto esp mode transport
ip xfrm policy add src "$any" dst "$group" proto udp dport "$port" dir in \
	tmpl proto esp mode transport
