#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stock tshark reads what libavtp writes: avtp_pcap writes a capture of
# IEEE 1722 PDUs (CAN, CAN FD and CAN XL frames; Ethernet/IPv4/UDP to port
# 17220 with the Annex J header, and Ethernet frames of EtherType 0x22F0),
# tshark dissects it with its own ieee1722, ntscf, acf and acf-can
# dissectors and avtp_tshark.py checks every identifier, flag, bus ID,
# timestamp and data byte against what was encoded. tshark 4.0 (Debian 12)
# takes UDP port 17220 as IEEE 1722 by default, no "-d" needed; it has no
# ACF_CAN_XL dissector, so of those only the message types and lengths
# are checked.
#
#   avtp-tshark.sh AVTP_PCAP      (make -C userspace/codec tshark-avtp)
#
# TAP output; exit 4 (kselftest's skip) without tshark or python3.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}

if [ $# -ne 1 ]; then
	echo "usage: $0 AVTP_PCAP" >&2
	exit 1
fi
if ! command -v tshark >/dev/null; then
	echo "1..0 # SKIP tshark is not installed (Debian: apt install tshark)"
	exit 4
fi
if ! command -v "$PYTHON" >/dev/null; then
	echo "1..0 # SKIP $PYTHON is not installed"
	exit 4
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "1..1"
echo "# $(tshark -v 2>/dev/null | head -n 1)"
if "$1" "$TMP/avtp.pcap" "$TMP/sent" &&
   tshark -r "$TMP/avtp.pcap" -T pdml 2>"$TMP/err" >"$TMP/pdml" &&
   "$PYTHON" "$here/avtp_tshark.py" "$TMP/sent" <"$TMP/pdml" >"$TMP/out"; then
	sed 's/^/# /' "$TMP/out"
	echo "ok 1 - tshark shows every IEEE 1722 PDU and CAN frame as encoded"
	exit 0
fi
sed 's/^/# /' "$TMP/out" "$TMP/err" 2>/dev/null
echo "not ok 1 - tshark shows every IEEE 1722 PDU and CAN frame as encoded"
exit 1
