#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# dissector-pcap.py FILE: a pcap file of UDP datagrams for
# tools/check-dissector.sh, the payloads packed by python-can's own
# udp_multicast code. The pcap format is written by hand (global header,
# then per datagram a record header and Ethernet, IPv4, UDP headers) so
# that the test needs nothing beyond python-can and msgpack.
#
# The datagrams, one a pcap record, in this order:
#   1-6  one python-can message each to port 43113: standard, extended,
#        remote, FD with BRS, FD with ESI (extended), error frame
#   7    a batch of three maps to port 43113
#   8    garbage to port 43113
#   9    message 1 again, to port 50000 (the heuristic's)
#   10   a DNS-like datagram to port 50001, no python-can map
#   11   a msgpack map that is not a python-can message, to port 50002
#   12   a NORM_DATA packet to port 43113: one vcanmc message (sequence
#        number 7) of two frames
#   13   a batch to port 43113: message 1, a CAN XL record (pycan.h), a CAN
#        XL record of version 2
#   14   a CAN XL record of 2048 data bytes alone, longer than a batch
#   15   the same and message 1 after it: malformed

import struct
import sys

import can
import msgpack
from can.interfaces.udp_multicast.utils import pack_message


def msg(**kw):
	return pack_message(can.Message(timestamp=1700000000.5, channel="vmc0", **kw))


def xl(data, prio=0x123, vcid=0x42, flags=0x81, sdt=0x11, af=0xdeadbeef):
	"""A vcanmc CAN XL record, version 1, keys in the encoder's order."""
	return msgpack.packb({"vcanmc_xl": 1, "timestamp": 1700000000.5, "prio": prio,
			      "vcid": vcid, "flags": flags, "sdt": sdt, "af": af, "data": data})


def norm_data(seq, maps):
	"""A NORM_DATA packet (RFC 5740) carrying one whole vcanmc message."""
	body = b"".join(maps)
	message = struct.pack("!BBHI", 1, len(maps), len(body), seq) + body
	# version 1, type DATA; header length 16 bytes (4 words); sequence;
	# source id; instance id, grtt, backoff, gsize; flags, fec id, object
	hdr = struct.pack("!BBHIHBBBBH", 0x12, 4, 1, 0x0a000001, 1, 0, 0, 0, 0, 0)
	payload = struct.pack("!HHI", len(message), 1, 0)
	return hdr + payload + message


def ip_sum(hdr):
	s = sum(struct.unpack("!10H", hdr))
	while s >> 16:
		s = (s & 0xffff) + (s >> 16)
	return ~s & 0xffff


def record(payload, dport, sport=43113):
	udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
	ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 1, 17, 0,
			 bytes([192, 0, 2, 1]), bytes([239, 74, 163, 2]))
	ip = ip[:10] + struct.pack("!H", ip_sum(ip)) + ip[12:]
	eth = bytes.fromhex("01005e4aa302" "020000000001" "0800")
	pkt = eth + ip + udp
	return struct.pack("<IIII", 1700000000, 0, len(pkt), len(pkt)) + pkt


std = msg(arbitration_id=0x123, is_extended_id=False, data=bytes.fromhex("1122334455667788"))
datagrams = [
	(std, 43113),
	(msg(arbitration_id=0x1ABCDEF0, is_extended_id=True, data=bytes.fromhex("C0FFEE")), 43113),
	(msg(arbitration_id=0x321, is_extended_id=False, is_remote_frame=True, dlc=4), 43113),
	(msg(arbitration_id=0x456, is_extended_id=False, is_fd=True, bitrate_switch=True,
	     data=bytes(range(12))), 43113),
	(msg(arbitration_id=0x0ABCDEF0, is_extended_id=True, is_fd=True,
	     error_state_indicator=True, data=bytes(range(0x40, 0x50))), 43113),
	(msg(arbitration_id=0x4, is_extended_id=True, is_error_frame=True,
	     data=bytes.fromhex("0004000000000000")), 43113),
	(msg(arbitration_id=0x111, is_extended_id=False, data=b"\x11") +
	 msg(arbitration_id=0x222, is_extended_id=False, data=b"\x22") +
	 msg(arbitration_id=0x1ABCDEF1, is_extended_id=True, data=b"\x33\x44"), 43113),
	(bytes.fromhex("8bde00ad" "beef") + b"garbage", 43113),
	(std, 50000, 50000),
	(bytes.fromhex("12340100000100000000000003777777076578616d706c6503636f6d0000010001"), 50001, 50001),
	(bytes.fromhex("81a474696d65cb41d954fc4020000000"), 50002, 50002),
	(norm_data(7, [msg(arbitration_id=0x7EF, is_extended_id=False, data=b""),
	               msg(arbitration_id=0x5, is_extended_id=False, data=b"\x01\x02")]), 43113),
	(std + xl(bytes.fromhex("aabbcc")) + msgpack.packb({"vcanmc_xl": 2, "crc": 1}), 43113),
	(xl(bytes(range(256)) * 8, vcid=0, flags=0x83), 43113),
	(xl(bytes(range(256)) * 8) + std, 43113),
	(msgpack.packb({"vcanmc_bus": 1, "bitrate": 500000, "dbitrate": 2000000, "xlbitrate": 0}),
	 43113),
	(std + msgpack.packb({"vcanmc_bus": 1, "bitrate": 125000, "dbitrate": 0, "xlbitrate": 0}) +
	 msgpack.packb({"vcanmc_bus": 2, "clock": 1}), 43113),
	(msgpack.packb({"vcanmc_bus": 1, "bitrate": -5, "dbitrate": 0, "xlbitrate": 0}), 43113),
]

with open(sys.argv[1], "wb") as out:
	out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
	for d in datagrams:
		out.write(record(*d))
