# SPDX-License-Identifier: GPL-2.0
"""Seed inputs for the fuzzers: seeds.py DIR writes DIR/status/* and
DIR/nlreply/*, a status answer and link messages as the daemon and the
kernel produce them."""
import os
import socket
import struct
import sys

STATUS = """version=1
link=vmc0
ifindex=4
group=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173
port=43113
ttl=1
dev_index=2
encap=python-can
mcast_loop=1
attached=1
reason=
frames_out=10
datagrams_out=10
datagrams_in=7
frames_in=7
own=10
drop=truncated 1
drop=oversize 2
peer=[2001:db8::2]:43113
peer_frames=7
peer_drops=3
peer_idle_ms=120
peer=[2001:db8::3]:40071
peer_frames=9
peer_drops=0
peer_idle_ms=5
peer_node=0b5c4865
peer_lost=4
peer_repairs=12
peer_duplicates=1
peer_late_joins=1
order=global
timeline=running
timeline_why=
timeline_members=3
timeline_member=0a0b0c0d
timeline_frontier=1764900000000000001
timeline_digest=0123456789abcdef
timeline_digest_at=1764900000000000000
timeline_clock=11111111 -1500 320000
timeline_clock=22222222 42 7
timeline_clock_refused=1
timeline_delay_frames=1024
timeline_delay_p50=2000
timeline_delay_p99=4000000
timeline_delay_max=5000000
timeline_peer=11111111 from-start ready 3ms
end=1
"""


def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, kind) + payload + b"\0" * (-n % 4)


def newlink(ifindex, name, data):
    IFLA_IFNAME, IFLA_MTU, IFLA_LINKINFO, IFLA_OPERSTATE = 3, 4, 18, 16
    IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
    info = attr(IFLA_INFO_KIND, b"vcanmc\0") + attr(IFLA_INFO_DATA | 0x8000, data)
    body = struct.pack("=BxHiII", socket.AF_UNSPEC, 280, ifindex, 0x1, 0) + \
        attr(IFLA_IFNAME, name + b"\0") + attr(IFLA_MTU, struct.pack("=I", 72)) + \
        attr(IFLA_OPERSTATE, b"\x05") + attr(IFLA_LINKINFO | 0x8000, info)
    return struct.pack("=IHHII", 16 + len(body), 16, 2, 1, 0) + body


def main():
    out = sys.argv[1]
    with open(os.path.join(out, "status", "answer"), "w") as f:
        f.write(STATUS)
    data = attr(2, socket.inet_pton(socket.AF_INET6, "ff15::1")) + \
        attr(3, struct.pack("=H", 43113)) + attr(4, b"\x01") + attr(5, struct.pack("=I", 0)) + \
        attr(6, struct.pack("=I", 1)) + attr(7, b"\x01") + attr(8, struct.pack("=I", 500000)) + \
        attr(9, struct.pack("=I", 2000000)) + attr(10, struct.pack("=I", 0)) + attr(11, b"\x01")
    with open(os.path.join(out, "nlreply", "vmc0"), "wb") as f:
        f.write(newlink(4, b"vmc0", data))
    data4 = attr(1, socket.inet_pton(socket.AF_INET, "239.0.0.1")) + attr(3, struct.pack("=H", 5000))
    with open(os.path.join(out, "nlreply", "vmc1"), "wb") as f:
        f.write(newlink(5, b"vmc1", data4))
    # IEEE 1722 on Ethernet: encap, link, stream and bus id, transport, MAC
    data1722 = attr(6, struct.pack("=I", 4)) + attr(5, struct.pack("=I", 2)) + \
        attr(15, struct.pack("=Q", 0x0200005E10000001)) + attr(16, b"\x03") + \
        attr(17, b"\x01") + attr(18, bytes.fromhex("91e0f000fe00"))
    with open(os.path.join(out, "nlreply", "vmc2"), "wb") as f:
        f.write(newlink(6, b"vmc2", data1722))


if __name__ == "__main__":
    main()
