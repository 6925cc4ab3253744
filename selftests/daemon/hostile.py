# SPDX-License-Identifier: GPL-2.0
"""
What a hostile host on the network (or a careless local program) sends a
vcanmcd, for hostile.sh. Only msgpack is imported: loading python-can takes
seconds under TCG.

  hostile.py spoof GROUP PORT SRC SPORT IFACE COUNT
      COUNT valid python-can datagrams (ID 0x5A0 + i) from SRC:SPORT, an
      address of another host: the daemon's own, forged
  hostile.py icmp DST SRC SPORT GROUP PORT COUNT
      COUNT ICMPv6 "port unreachable" to DST, quoting a datagram from
      SRC:SPORT to GROUP:PORT, as if GROUP had refused it
  hostile.py batch GROUP PORT IFACE
      to a python-can-batch bus: a datagram of PYCAN_BATCH_MAX + 1 bytes of
      whole messages; one of 30 empty maps; one of 7 whole messages
      (IDs 0x6B0..0x6B6), as many as fit
  hostile.py flood GROUP PORT IFACE SECONDS [RATE]
      datagrams that python-can refuses, as fast as it can (or RATE a
      second) for SECONDS; prints how many it sent
  hostile.py hold SOCKET SECONDS
      connects to a status socket and reads nothing for SECONDS, then
      prints how many bytes it could read
"""
import socket
import struct
import sys
import time

import msgpack

IPV6_FREEBIND = 78
BATCH_MAX = 1200


def message(can_id, data=b"\x11\x22"):
    """A map as python-can's pack_message() writes it."""
    return msgpack.packb({
        "timestamp": time.time(), "arbitration_id": can_id, "is_extended_id": False,
        "is_remote_frame": False, "is_error_frame": False, "channel": None,
        "dlc": len(data), "data": data, "is_fd": False, "bitrate_switch": False,
        "error_state_indicator": False,
    }, use_bin_type=True)


def mcast_socket(group, iface):
    index = socket.if_nametoindex(iface)
    if ":" in group:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                     struct.pack("@4s4si", b"\0" * 4, b"\0" * 4, index))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    return s


def spoof(group, port, src, sport, iface, count):
    s = mcast_socket(group, iface)
    s.setsockopt(socket.IPPROTO_IPV6 if ":" in group else socket.IPPROTO_IP,
                 IPV6_FREEBIND if ":" in group else socket.IP_FREEBIND, 1)
    s.bind((src, int(sport)))
    for i in range(int(count)):
        s.sendto(message(0x5A0 + i), (group, int(port)))
    print("sent=%d" % int(count))


def icmp(dst, src, sport, group, port, count):
    payload = message(0x123)
    udp = struct.pack("!HHHH", int(sport), int(port), 8 + len(payload), 0) + payload
    inner = struct.pack("!IHBB", 6 << 28, len(udp), socket.IPPROTO_UDP, 1) + \
        socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, group) + udp
    # type 1 (destination unreachable), code 4 (port unreachable); the
    # kernel fills in the checksum of an ICMPv6 raw socket
    pkt = struct.pack("!BBHI", 1, 4, 0, 0) + inner
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    for _ in range(int(count)):
        s.sendto(pkt, (dst, 0))
        time.sleep(0.01)
    print("sent=%d" % int(count))


def batch(group, port, iface):
    s = mcast_socket(group, iface)
    one = message(0x6A0)
    big = one * (BATCH_MAX // len(one) + 1)
    big = big[:BATCH_MAX + 1] if len(big) > BATCH_MAX + 1 else big
    while len(big) <= BATCH_MAX:
        big += one
    s.sendto(big[:BATCH_MAX + 1], (group, int(port)))
    s.sendto(b"\x80" * 30, (group, int(port)))
    good = b"".join(message(0x6B0 + i, b"") for i in range(7))
    assert len(good) <= BATCH_MAX, len(good)
    s.sendto(good, (group, int(port)))
    print("sent=3")


def garbage():
    """Datagrams every receiver refuses, one reason or another."""
    good = message(0x100)
    return [
        b"", b"\x81", good[:-3], b"\xc1" * 40, bytes(range(64)),
        good + b"\x00",                                  # trailing byte
        msgpack.packb({"arbitration_id": 0x800, "is_extended_id": False}),
        msgpack.packb({"arbitration_id": "x"}),
        msgpack.packb({"dlc": 3, "data": b"\x01"}),
        msgpack.packb({"bogus": 1}),
        msgpack.packb({"is_remote_frame": True, "is_fd": True}),
        b"\x82" + b"\xa1a" * 2000,
        b"\xde\xff\xff" + b"\x00" * 100,
        good * 30,                                         # oversize
    ]


def flood(group, port, iface, seconds, rate="0"):
    s = mcast_socket(group, iface)
    s.setblocking(False)
    pool = garbage()
    dst = (group, int(port))
    start = time.monotonic()
    end = start + float(seconds)
    rate = float(rate)
    sent = 0
    while time.monotonic() < end:
        if rate and sent > (time.monotonic() - start) * rate:
            time.sleep(0.001)
            continue
        for d in pool:
            try:
                s.sendto(d, dst)
                sent += 1
            except BlockingIOError:
                time.sleep(0.001)
            except OSError:
                time.sleep(0.001)
    print("sent=%d" % sent)


def hold(path, seconds):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    time.sleep(float(seconds))
    got = 0
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += len(b)
    except OSError:
        pass
    print("read=%d" % got)


def main():
    cmds = {"spoof": spoof, "icmp": icmp, "batch": batch, "flood": flood, "hold": hold}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
