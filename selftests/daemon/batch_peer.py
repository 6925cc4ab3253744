# SPDX-License-Identifier: GPL-2.0
"""
Reads a python-can-batch bus from a plain UDP socket, for the vcanmcd
tests: each datagram must be one or more msgpack maps back to back, each
one a message that python-can's own unpack_message() takes, with
check=True, or a vcanmc bus record (pycan.h), which is no frame: a
datagram of bus records alone is not counted.

  batch_peer.py GROUP PORT IFACE COUNT READY_FILE STATS_FILE

Joins GROUP:PORT on IFACE, creates READY_FILE, then prints the first COUNT
frames, one a line as candump -L prints them, and writes to STATS_FILE

  datagrams=N largest=BYTES

Exits 1 if a datagram does not decode or the frames have not all come
within 60 s.
"""
import select
import socket
import struct
import sys
import time

import msgpack
from can.interfaces.udp_multicast.utils import unpack_message

import canframe


def joined(group, port, iface):
    index = socket.if_nametoindex(iface)
    if ":" in group:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("", port))
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                     socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", index))
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("", port))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                     struct.pack("@4s4si", socket.inet_aton(group), socket.inet_aton("0.0.0.0"),
                                 index))
    # Root in the test VM: past rmem_max, so that a slow interpreter loses
    # nothing while a burst comes in.
    s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33), 4 << 20)
    return s


def is_bus(obj):
    """A vcanmc bus record (pycan.h): what bus its sender emulates, no
    frame; checked to be whole, version 1."""
    if not isinstance(obj, dict) or next(iter(obj), None) != "vcanmc_bus":
        return False
    if obj != {"vcanmc_bus": 1, "bitrate": obj.get("bitrate"), "dbitrate": obj.get("dbitrate"),
               "xlbitrate": obj.get("xlbitrate")} or \
       not all(isinstance(v, int) and 0 <= v < 1 << 32 for v in obj.values()):
        raise ValueError("a broken bus record: %r" % obj)
    return True


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    group, port, iface, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    sock = joined(group, port, iface)
    open(sys.argv[5], "w").close()
    datagrams = largest = 0
    deadline = time.monotonic() + 60
    while count > 0:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            print("batch_peer.py: %d frames missing" % count, file=sys.stderr)
            return 1
        data = sock.recv(65536)
        unpacker = msgpack.Unpacker(raw=False)
        unpacker.feed(data)
        frames = 0
        for obj in unpacker:
            if is_bus(obj):
                continue
            frames += 1
            msg = unpack_message(msgpack.packb(obj, use_bin_type=True), check=True)
            print(canframe.format(msg), flush=True)
            count -= 1
        if unpacker.tell() != len(data):
            print("batch_peer.py: %d bytes left over in a datagram of %d"
                  % (len(data) - unpacker.tell(), len(data)), file=sys.stderr)
            return 1
        if frames:
            datagrams += 1
            largest = max(largest, len(data))
    with open(sys.argv[6], "w") as f:
        f.write("datagrams=%d largest=%d\n" % (datagrams, largest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
