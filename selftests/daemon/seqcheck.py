#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks numbered frames in a candump -L log, frame by frame.

Usage: seqcheck.py FILE ID COUNT [from-any]

The frames of identifier ID (hex) in FILE carry cangen -D i's counter:
their 8 data bytes, little endian, number them 0, 1, 2, ... Prints one
line "ID: N frames, first F, last L, missing M, duplicates D, out of order
O" and exits 0 if they are exactly 0..COUNT-1 in order, each once; with
"from-any", exactly F..COUNT-1 for whatever F came first (a host that
joined late). Only the standard library: no time lost importing python-can.
"""
import sys


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    path, ident, count = sys.argv[1], sys.argv[2].upper(), int(sys.argv[3])
    from_any = len(sys.argv) == 5 and sys.argv[4] == "from-any"
    got = []
    with open(path) as f:
        for line in f:
            frame = next((w for w in line.split() if "#" in w), None)
            if frame is None:
                continue
            cid, data = frame.split("#", 1)
            if cid.upper() != ident:
                continue
            got.append(int.from_bytes(bytes.fromhex(data), "little"))
    seen, dups, disorder = set(), 0, 0
    prev = None
    for n in got:
        if n in seen:
            dups += 1
        seen.add(n)
        if prev is not None and n <= prev:
            disorder += 1
        prev = n
    first = got[0] if got else None
    start = first if from_any and got else 0
    missing = sum(1 for n in range(start, count) if n not in seen)
    extra = sum(1 for n in seen if n < start or n >= count)
    print("%s: %d frames, first %s, last %s, missing %d, duplicates %d, "
          "out of order %d, unexpected %d" % (ident, len(got), first,
          got[-1] if got else None, missing, dups, disorder, extra))
    ok = got and not missing and not dups and not disorder and not extra
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
