# SPDX-License-Identifier: GPL-2.0
"""
Forged NORM packets (RFC 5740) at a group, for norm_forged.sh:

  norm_forge.py GROUP PORT IFNAME KIND COUNT [ID]

KIND:
  senders   COUNT NORM_DATA packets of a 4 MiB stream, each from a new id
  huge      COUNT streams from new ids advertising 4 GiB and 256 MiB
  objects   COUNT data objects (not streams) of 64 MiB from new ids
  zeroext   COUNT packets with a header extension of length 0
  as        COUNT valid packets from sender ID (hex): another host's id
  persist   COUNT valid packets from sender ID (hex), a stream it keeps
  nack      COUNT NACKs, one every 10 ms from a new id, each asking sender
            ID (hex; its instance read off the group first) to repair its
            whole stream: 36 bytes that had it resend its window
  churn     valid packets from sender ID (hex) for 3 s (admitted, if its
            address had one admitted 2 s ago or more), then COUNT announcing
            new streams: new object ids, every third a new instance id
(a vcanmcd session's one stream is object 0)

Prints "sent N" when done.
"""
import os
import random
import socket
import struct
import sys
import time

STREAM = 0x20
FEC_RS8 = 5
FTI = 64


def data(sender, seq, obj, size, flags=STREAM, block=0, ext=None, instance=0x1234):
    """A NORM_DATA packet of FEC id 5 with an FTI (or EXT) and a payload."""
    if ext is None:
        # RFC 5510's FTI of FEC id 5: 12 bytes, as libnorm sends it
        ext = struct.pack("!BBHIHBB", FTI, 3, size >> 32, size & 0xFFFFFFFF, 1208, 64, 0)
    hlen = 20 + len(ext)
    head = struct.pack("!BBHI", 0x10 | 2, hlen // 4, seq & 0xFFFF, sender)
    head += struct.pack("!HBBBBH", instance, 0, 0, flags, FEC_RS8, obj)
    head += struct.pack("!I", block << 8)
    # A stream payload: length, message start, offset; then bytes
    body = struct.pack("!HHI", 64, 0, block * 64 * 1208) + os.urandom(64)
    return head + ext + body


def instance_of(group, port, fam, idx, sender):
    """The instance id of SENDER's packets on the group (10 s at most)."""
    r = socket.socket(fam, socket.SOCK_DGRAM)
    r.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    r.bind(("", port))
    if fam == socket.AF_INET6:
        mreq = socket.inet_pton(fam, group) + struct.pack("@I", idx)
        r.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
    else:
        mreq = struct.pack("=4sl", socket.inet_aton(group), socket.INADDR_ANY)
        r.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    r.settimeout(10)
    while True:
        pkt = r.recv(2048)
        # a sender's message (INFO, DATA, CMD) of SENDER
        if len(pkt) >= 16 and pkt[0] & 0xF in (1, 2, 3) and \
                struct.unpack("!I", pkt[4:8])[0] == sender:
            r.close()
            return struct.unpack("!H", pkt[8:10])[0]


def nack(source, sender, instance, seq):
    """A NORM_NACK asking SENDER to repair the whole of object 0."""
    head = struct.pack("!BBHI", 0x10 | 4, 24 // 4, seq & 0xFFFF, source)
    head += struct.pack("!IHHII", sender, instance, 0, 0, 0)
    # one repair request: form ITEMS, flag OBJECT, one FEC id 5 item
    req = struct.pack("!BBH", 1, 0x08, 8) + struct.pack("!BBHI", FEC_RS8, 0, 0, 0)
    return head + req


def main():
    group, port, ifname, kind, count = sys.argv[1:6]
    port, count = int(port), int(count)
    fixed = int(sys.argv[6], 16) if len(sys.argv) > 6 else None
    fam = socket.AF_INET6 if ":" in group else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    idx = socket.if_nametoindex(ifname)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
    else:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    base = random.randrange(1, 0x7FFFFFFF)
    sent = 0
    if kind == "nack":
        instance = instance_of(group, int(port), fam, idx, fixed)
    if kind == "churn":
        for i in range(30):
            s.sendto(data(fixed, i, 0, 4 << 20), (group, port))
            time.sleep(0.1)
    for i in range(count):
        new = (base + i) & 0xFFFFFFFF
        if kind == "senders":
            pkt = data(new, i, 0, 4 << 20)
        elif kind == "huge":
            pkt = data(new, i, 0, (4 << 30) if i % 2 else (256 << 20))
        elif kind == "objects":
            pkt = data(new, i, 0, 64 << 20, flags=0)
        elif kind == "zeroext":
            pkt = data(new, i, 0, 0, ext=struct.pack("!BBH", 3, 0, 0))
        elif kind in ("as", "persist"):
            pkt = data(fixed, i, 0, 4 << 20, block=i // 64)
        elif kind == "nack":
            pkt = nack(new, fixed, instance, i)
            time.sleep(0.01)
        elif kind == "churn":
            inst = 0x1234 + (i // 3 + 1 if i % 3 == 2 else 0)
            obj = 0 if i % 3 == 2 else 1 + i % 0xFFFF
            pkt = data(fixed, 30 + i, obj, 4 << 20, instance=inst & 0xFFFF)
        else:
            sys.exit("unknown kind " + kind)
        while True:
            try:
                s.sendto(pkt, (group, port))
                break
            except BlockingIOError:
                continue
            except OSError as e:
                # ENOBUFS: the queue is full; try again
                if e.errno != 105:
                    raise
        sent += 1
    print("sent %d" % sent, flush=True)


main()
