#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Bridge a SocketCAN interface to python-can's udp_multicast bus, the way
python-can users join hosts today: one thread per direction, each blocking in
Bus.recv() and handing the message to the other bus's send().

It is meant as a fair baseline for vcanmcd, so it does what a careful user
would do and what vcanmcd does too:
  - both sockets get large receive buffers (bursts are not lost for want of
    buffer space alone);
  - its own datagrams do not loop back to it (IPV6_MULTICAST_LOOP off), so
    that a frame sent on this host is not written back into it.

Usage: pycan_bridge.py CHANNEL [GROUP [PORT]]
Prints "ready" once both buses are open, then runs until killed.
"""

import socket
import sys
import threading

import can
from can.interfaces.udp_multicast import UdpMulticastBus

SO_RCVBUFFORCE = 33
BUF = 4 << 20


def big_rcvbuf(sock):
    try:
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, BUF)
    except OSError:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUF)


def forward(src, dst):
    while True:
        msg = src.recv()
        if msg is not None:
            dst.send(msg)


def main():
    if not 2 <= len(sys.argv) <= 4:
        sys.exit(__doc__)
    channel = sys.argv[1]
    group = sys.argv[2] if len(sys.argv) > 2 else UdpMulticastBus.DEFAULT_GROUP_IPv6
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 43113

    local = can.Bus(interface="socketcan", channel=channel, fd=True)
    udp = can.Bus(interface="udp_multicast", channel=group, port=port)
    big_rcvbuf(local.socket)
    # python-can does not expose the UDP socket; 4.1 keeps it here.
    usock = udp._multicast._socket
    big_rcvbuf(usock)
    if usock.family == socket.AF_INET6:
        usock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    else:
        usock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)

    threads = [threading.Thread(target=forward, args=(local, udp), daemon=True),
               threading.Thread(target=forward, args=(udp, local), daemon=True)]
    for t in threads:
        t.start()
    print("ready", flush=True)
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
