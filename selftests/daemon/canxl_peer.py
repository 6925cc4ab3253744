# SPDX-License-Identifier: GPL-2.0
"""
CAN XL frames on a SocketCAN interface, for the vcanmcd tests: can-utils
has no sender of random VCID, SDT, AF and flags.

  canxl_peer.py send IFACE SEED [FIRST-]LAST EXPECT
      Sends CAN XL frames of every length FIRST (1)..LAST, each with random
      priority, VCID, flags (SEC, RRS), SDT, AF and data, and after every
      16th of them a CAN FD and a classic CAN frame; writes each frame as
      sent (hex of its bytes) a line into EXPECT, in order, and prints the
      number of CAN and CAN FD frames.
  canxl_peer.py recv IFACE COUNT OUT READY
      Creates READY once it listens, writes the first COUNT frames as
      "send" does into OUT and exits; 1 if 60 s pass without a frame.
  canxl_peer.py text EXPECT
      Prints the frames of EXPECT as the Wireshark dissector's vcanmc.text
      shows them (packaging/wireshark/vcanmc.lua), one a line.

The sockets take CAN XL frames (CAN_RAW_XL_FRAMES) and, on Linux >= 6.9,
pass VCIDs through both ways (CAN_RAW_XL_VCID_OPTS); older kernels leave
the VCID bits of prio alone.

Example:
  canxl_peer.py send vmc0 1 2048 expected
"""
import errno
import random
import socket
import struct
import sys
import time

SOL_CAN_RAW = 101
CAN_RAW_XL_FRAMES = 7
CAN_RAW_XL_VCID_OPTS = 8
VCID_TX_PASS = 0x02
VCID_RX_FILTER = 0x04
CANXL_XLF = 0x80
CANXL_SEC = 0x01
CANXL_RRS = 0x02
CANFD_BRS = 0x01
CANFD_FDF = 0x04
FD_LENS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64)


def open_sock(iface, vcid_flags):
    s = socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW)
    s.setsockopt(SOL_CAN_RAW, CAN_RAW_XL_FRAMES, 1)
    try:
        # flags, tx_vcid, rx_vcid, rx_vcid_mask: mask 0 lets every VCID in
        s.setsockopt(SOL_CAN_RAW, CAN_RAW_XL_VCID_OPTS, struct.pack("4B", vcid_flags, 0, 0, 0))
    except OSError as e:
        if e.errno != errno.ENOPROTOOPT:
            raise
    s.bind((iface,))
    return s


def xl_frame(rnd, length):
    prio = rnd.getrandbits(11) | rnd.getrandbits(8) << 16
    flags = CANXL_XLF | rnd.choice((0, CANXL_SEC)) | rnd.choice((0, CANXL_RRS))
    return struct.pack("<IBBHI", prio, flags, rnd.getrandbits(8), length,
                       rnd.getrandbits(32)) + rnd.randbytes(length)


def send_all(s, frame):
    while True:
        try:
            s.send(frame)
            return
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            time.sleep(0.001)


def send(iface, seed, lens, expect):
    first, _, last = lens.rpartition("-")
    rnd = random.Random(seed)
    s = open_sock(iface, VCID_TX_PASS)
    other = 0
    with open(expect, "w") as out:
        for length in range(int(first or 1), int(last) + 1):
            frames = [xl_frame(rnd, length)]
            if length % 16 == 0:
                n = FD_LENS[length // 16 % len(FD_LENS)]
                frames.append(struct.pack("<IBBBB", 0x456, n, CANFD_FDF | CANFD_BRS, 0, 0) +
                              bytes(range(n)) + bytes(64 - n))
                frames.append(struct.pack("<IBBBB", 0x123, 8, 0, 0, 0) +
                              length.to_bytes(8, "little"))
                other += 2
            for f in frames:
                send_all(s, f)
                out.write(f.hex() + "\n")
            # paced, as a bus would be: no queue along the way overflows
            time.sleep(0.002)
    print(other)


def recv(iface, count, out, ready):
    s = open_sock(iface, VCID_RX_FILTER)
    s.settimeout(60)
    open(ready, "w").close()
    with open(out, "w") as f:
        for _ in range(count):
            try:
                frame = s.recv(4096)
            except socket.timeout:
                print("canxl_peer.py: %d frames missing" % count, file=sys.stderr)
                return 1
            f.write(frame.hex() + "\n")
            f.flush()
            count -= 1
    return 0


def text(expect):
    for line in open(expect):
        f = bytes.fromhex(line)
        if f[4] & CANXL_XLF:
            prio, flags, sdt, length, af = struct.unpack("<IBBHI", f[:12])
            vcid = prio >> 16 & 0xff
            t = ("%02X%03X" % (vcid, prio & 0x7ff)) if vcid else "%03X" % (prio & 0x7ff)
            t += "#%02X:%02X:%08X#%s" % (flags, sdt, af, f[12:12 + 16].hex().upper())
            print(t + ("..(%d)" % length if length > 16 else ""))
        elif len(f) == 16:
            print("%03X#%s" % (f[0] | f[1] << 8, f[8:8 + f[4]].hex().upper()))
        elif len(f) == 72:
            print("%03X##%X%s" % (f[0] | f[1] << 8, f[5] & 3, f[8:8 + f[4]].hex().upper()))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "text":
        text(sys.argv[2])
        return 0
    if len(sys.argv) != 6 or sys.argv[1] not in ("send", "recv"):
        sys.exit(__doc__)
    if sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
        return 0
    return recv(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])


if __name__ == "__main__":
    sys.exit(main())
