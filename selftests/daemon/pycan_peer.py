# SPDX-License-Identifier: GPL-2.0
"""
A python-can udp_multicast bus on a vcanmc bus, for the vcanmcd tests.

  pycan_peer.py recv GROUP PORT COUNT READY_FILE
      Joins GROUP:PORT, creates READY_FILE, then prints the first COUNT
      frames received, one a line as candump -L prints them, and exits.
      Exits 1 if they have not all come within 60 s.
  pycan_peer.py send GROUP PORT FRAME...
      Sends the FRAMEs, in cansend's syntax, in order.

Examples:
  pycan_peer.py recv ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 43113 2 ready
  pycan_peer.py send 239.74.163.2 43113 123#1122 12345678##1AABB
"""
import sys
import time

import can

import canframe


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("recv", "send"):
        sys.exit(__doc__)
    mode, group, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with can.Bus(interface="udp_multicast", channel=group, port=port, hop_limit=1) as bus:
        if mode == "send":
            for text in sys.argv[4:]:
                bus.send(canframe.parse(text))
            return 0

        count = int(sys.argv[4])
        open(sys.argv[5], "w").close()
        deadline = time.monotonic() + 60
        while count:
            left = deadline - time.monotonic()
            if left <= 0:
                print("pycan_peer.py: %d frames missing" % count, file=sys.stderr)
                return 1
            msg = bus.recv(timeout=left)
            if msg is not None:
                print(canframe.format(msg), flush=True)
                count -= 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
