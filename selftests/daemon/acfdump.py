#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Prints the CAN frames stock tshark decodes in IEEE 1722 ACF-CAN messages.

Usage: acfdump.py CAPTURE [TSHARK_ARGS...]

Runs tshark (its own ieee1722, ntscf and acf-can dissectors: no plugin)
on CAPTURE and prints, for every ACF-CAN message of every packet in
order, one line:

    STREAM_ID SEQ BUS_ID FRAME

where FRAME is written as candump -L writes it (123#0102, 1ABCDEF0#R,
2AA#R3: a remote frame of DLC 3, 456##5AABB: FD with its flags, CANFD_FDF
included) from the fields tshark
decoded: identifier, EFF, RTR, FDF, BRS, ESI and data. A message tshark
marks malformed (an expert info of acf or acf-can) is printed as
"MALFORMED". Exits 1 if tshark fails.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET


HEURISTICS = ("autosar-nm", "signal_pdu", "ipdum", "obd-ii")


def fields(proto):
    """name -> shown value of every field in @proto and the protocols it
    holds (data as hex digits), the first of each name."""
    out = {}
    for f in proto.iter("field"):
        name = f.get("name")
        if name and name not in out:
            out[name] = f.get("value" if name == "data.data" else "show", "")
    return out


def frame_str(acf, can):
    ident = int(can.get("can.id", "0"), 0)
    eff = can.get("can.flags.xtd", "False") in ("True", "1")
    rtr = can.get("can.flags.rtr", "False") in ("True", "1")
    fdf = acf.get("acf-can.flags.fdf", "False") in ("True", "1")
    data = can.get("data.data", "").replace(":", "").upper()
    sid = "%08X" % ident if eff else "%03X" % ident
    if rtr:
        # the DLC of a remote frame travels as that many (zero) bytes
        n = len(data) // 2
        return sid + "#R" + ("%X" % n if n else "")
    if fdf:
        brs = can.get("canfd.flags.brs", "False") in ("True", "1")
        esi = can.get("canfd.flags.esi", "False") in ("True", "1")
        return "%s##%X%s" % (sid, 4 | brs | (esi << 1), data)
    return sid + "#" + data


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    # Wireshark's own CAN heuristics would claim some payloads (a frame
    # of ID 0 and one byte is AUTOSAR NM to it): the bytes, not them.
    cmd = ["tshark", "-r", sys.argv[1], "-T", "pdml"]
    for h in HEURISTICS:
        cmd += ["--disable-protocol", h]
    cmd += sys.argv[2:]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, check=False)
    if res.returncode:
        sys.exit(1)
    root = ET.fromstring(res.stdout)
    for packet in root.iter("packet"):
        stream = seq = "?"
        for p in packet.iter("proto"):
            name = p.get("name")
            if name in ("ntscf", "tscf"):
                f = fields(p)
                stream = "%016X" % int(f.get(name + ".stream_id", "0"), 0)
                seq = f.get(name + ".seqnum", "?")
            elif name == "acf":
                f = fields(p)
                if int(f.get("acf.msg_type", "-1"), 0) != 1:
                    print(stream, seq, "-", "ACF-TYPE-" + f.get("acf.msg_type", "?"))
                    continue
                bad = any(".expert." in k for k in f)
                print(stream, seq, f.get("acf-can.bus_id", "?"),
                      "MALFORMED" if bad else frame_str(f, f))

if __name__ == "__main__":
    main()
