# SPDX-License-Identifier: GPL-2.0
"""
Floods a vcanmc bus from a plain UDP socket with datagrams a python-can
receiver refuses, interleaved with valid ones that python-can's own
pack_message() packed: what vcanmcd must drop and count by reason while it
delivers every valid frame exactly once.

  garbage.py GROUP PORT VALID EXPECT_FILE [NETNS LINK]

Sends VALID valid frames, the last one 7EF#EF (the marker), and ten bad
datagrams for each of the others, in a fixed pseudo-random order. Writes
the valid frames, as candump -L prints them, to EXPECT_FILE, and prints
what the receiver must count:

  datagrams=N frames=N drops=truncated:N,foreign:N,...

With NETNS and LINK it paces itself: every 200 datagrams it waits until
vcanmcd of NETNS ($VCANMC status) has received all sent so far on LINK,
so that no queue on the way overflows and the counts are exact.
"""
import json
import os
import random
import socket
import subprocess
import sys
import time

import can
import msgpack
from can.interfaces.udp_multicast.utils import pack_message

import canframe

CHUNK = 200


def packb(d):
    return msgpack.packb(d, use_bin_type=True)


def fields(msg):
    """pack_message()'s map of @msg, to be spoiled."""
    return msgpack.unpackb(pack_message(msg), raw=False)


def spoiled(msg, **change):
    d = fields(msg)
    d.update(change)
    return packb(d)


def bad_datagrams(rnd, msg):
    """(reason, datagram) pairs, each refused for its reason."""
    good = pack_message(msg)
    std = can.Message(arbitration_id=0x123, is_extended_id=False, data=b"\x11\x22\x33")
    fd = can.Message(arbitration_id=0x123, is_extended_id=False, is_fd=True, data=bytes(12))
    rtr = can.Message(arbitration_id=0x123, is_extended_id=False, is_remote_frame=True, dlc=2)
    return [
        # cut short anywhere, down to nothing
        ("truncated", good[:rnd.randrange(len(good))]),
        ("truncated", b""),
        # another protocol on the port: IEEE 1722 NTSCF (0x82, a fixmap
        # whose first key is no string), text, a msgpack array, int keys,
        # zeros up to the size limit
        ("foreign", bytes([0x82, rnd.randrange(0x80), 0x00, 0x2a]) + rnd.randbytes(20)),
        ("foreign", b"GET / HTTP/1.1\r\nHost: 192.0.2.1\r\n\r\n"),
        ("foreign", packb(list(fields(msg).values()))),
        ("foreign", packb({1: 2, 3: 4})),
        ("foreign", bytes(4096)),
        # broken msgpack: trailing bytes, a reserved byte, a key twice,
        # invalid UTF-8
        ("malformed", good + b"\x00"),
        ("malformed", b"\x82\xa3dlc\x00\xa4data\xc1"),
        ("malformed", b"\x82\xa3dlc\x00\xa3dlc\x00"),
        ("malformed", packb({"channel": "x"}).replace(b"x", b"\xff")),
        # longer than python-can reads
        ("oversize", rnd.randbytes(rnd.randrange(4097, 9000))),
        ("oversize", bytes([0x81]) + bytes(4096)),
        ("unknown-key", packb(dict(fields(msg), vcanmc="hello"))),
        ("unknown-key", packb(dict(fields(msg), **{"": None}))),
        ("wrong-type", spoiled(std, arbitration_id=float(0x123))),
        ("wrong-type", spoiled(std, is_extended_id=1)),
        ("wrong-type", spoiled(std, data="text")),
        ("wrong-type", spoiled(std, dlc="3")),
        ("dlc-mismatch", spoiled(std, dlc=4)),
        ("dlc-mismatch", spoiled(fd, dlc=13)),
        ("dlc-mismatch", spoiled(std, dlc=9, data=bytes(9))),
        ("dlc-mismatch", spoiled(rtr, data=b"\x01\x02")),
        ("dlc-mismatch", spoiled(std, dlc=-1)),
        ("bad-id", spoiled(std, arbitration_id=0x800)),
        ("bad-id", spoiled(std, arbitration_id=0x20000000, is_extended_id=True)),
        ("bad-id", spoiled(std, arbitration_id=-1)),
        ("bad-flags", spoiled(std, bitrate_switch=True)),
        ("bad-flags", spoiled(std, error_state_indicator=True)),
        ("bad-flags", spoiled(rtr, is_fd=True)),
        ("bad-flags", spoiled(rtr, is_error_frame=True)),
    ]


def valid_message(rnd, i):
    kind = i % 4
    ident = rnd.randrange(0x800) if kind != 1 else rnd.randrange(0x20000000)
    if kind == 2:
        return can.Message(arbitration_id=ident, is_extended_id=False, is_fd=True,
                           bitrate_switch=bool(i & 8),
                           data=rnd.randbytes(rnd.choice((0, 12, 24, 48, 64))))
    if kind == 3:
        return can.Message(arbitration_id=ident, is_extended_id=False,
                           is_remote_frame=True, dlc=rnd.randrange(9))
    return can.Message(arbitration_id=ident, is_extended_id=kind == 1,
                       data=rnd.randbytes(rnd.randrange(9)))


def datagrams(valid):
    """The datagrams in sending order, each with its reason or None."""
    rnd = random.Random(1722)
    out, bad = [], []
    for i in range(valid - 1):
        msg = valid_message(rnd, i)
        out.append((None, msg, pack_message(msg)))
        kinds = bad_datagrams(rnd, msg)
        bad += [(r, None, d) for r, d in rnd.sample(kinds, 10)]
    mixed = []
    # valid ones in their order, bad ones scattered in between
    for v in out:
        mixed.append(v)
        for _ in range(10):
            mixed.insert(rnd.randrange(len(mixed) + 1), bad.pop())
    marker = can.Message(arbitration_id=0x7EF, is_extended_id=False, data=b"\xef")
    mixed.append((None, marker, pack_message(marker)))
    return mixed


def received(netns, link):
    out = subprocess.run([os.environ.get("VCANMC", "vcanmc"), "-n", netns, "status", "-j"],
                         stdout=subprocess.PIPE, check=True).stdout
    for entry in json.loads(out):
        if entry["ifname"] == link:
            return entry["datagrams_in"]
    raise SystemExit(f"{link} not served in {netns}")


def wait_received(netns, link, count):
    deadline = time.monotonic() + 60
    while received(netns, link) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"{netns} {link}: fewer than {count} datagrams received")
        time.sleep(0.05)


def main():
    if len(sys.argv) not in (5, 7):
        sys.exit(__doc__)
    group, port, valid, expect = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    watch = sys.argv[5:]
    plan = datagrams(valid)

    with open(expect, "w") as f:
        for _, msg, _ in plan:
            if msg:
                f.write(canframe.format(msg) + "\n")
    drops = {}
    for reason, _, _ in plan:
        if reason:
            drops[reason] = drops.get(reason, 0) + 1

    family = socket.AF_INET6 if ":" in group else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
    base = received(*watch) if watch else 0
    for n, (_, _, data) in enumerate(plan, 1):
        sock.sendto(data, (group, port))
        if watch and (n % CHUNK == 0 or n == len(plan)):
            wait_received(*watch, base + n)
    print("datagrams=%d frames=%d drops=%s" % (
        len(plan), valid, ",".join("%s:%d" % kv for kv in sorted(drops.items()))))


if __name__ == "__main__":
    main()
