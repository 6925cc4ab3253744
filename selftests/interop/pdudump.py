#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Prints the IEEE 1722 PDUs of a capture, field by field and in hex.

Usage: pdudump.py FILE.pcap

FILE is a classic pcap file (dumpcap -P) of Ethernet frames. Each IEEE 1722
PDU, directly in Ethernet (EtherType 0x22F0) or in UDP to or from port 17220
(after the 4-byte encapsulation sequence number of IEEE 1722 Annex J), is
printed as one line for the PDU and one per ACF message, then its bytes:

  #3 02:..:01 > 91:e0:f0:00:fe:00 eth 1722 ntscf sv=1 v=0 len=24 seq=2
     stream=aabbccddeeff0001
    acf can len=24 pad=0 mtv=1 rtr=0 eff=0 brs=0 fdf=0 esi=0 bus=0
     id=0x123 data=deadbeef
  0000 82 80 18 02 aa bb ...

Other frames are counted, not shown. Only the standard library: it runs in
the test VM where loading Wireshark's dissectors takes long.
"""
import struct
import sys

ETH_P_TSN = 0x22F0
UDP_PORT = 17220
SUBTYPES = {0x82: "ntscf", 0x05: "tscf"}
ACF_TYPES = {0x01: "can", 0x02: "can-brief", 0x11: "can-xl", 0x12: "can-xl-brief"}


def mac(b):
    return ":".join("%02x" % x for x in b)


def hexdump(b, indent="  "):
    return "\n".join("%s%04x %s" % (indent, i, b[i:i + 16].hex(" "))
                     for i in range(0, len(b), 16))


def acf_can(m):
    b2, b3 = m[2], m[3]
    pad = b2 >> 6
    flags = {n: (b2 >> s) & 1 for n, s in
             (("mtv", 5), ("rtr", 4), ("eff", 3), ("brs", 2), ("fdf", 1), ("esi", 0))}
    (ts,) = struct.unpack_from(">Q", m, 4)
    (cid,) = struct.unpack_from(">I", m, 12)
    data = m[16:len(m) - pad] if pad else m[16:]
    out = "pad=%d %s bus=%d" % (pad, " ".join("%s=%d" % kv for kv in flags.items()), b3 & 0x1F)
    if flags["mtv"]:
        out += " ts=%d" % ts
    reserved = (b3 >> 5, cid >> 29)
    if any(reserved):
        out += " reserved=%d,%d" % reserved
    return out + " id=0x%x data=%s" % (cid & 0x1FFFFFFF, data.hex() or "-")


def pdu(p):
    if len(p) < 12:
        return "short PDU (%d bytes)" % len(p)
    sub = p[0]
    name = SUBTYPES.get(sub)
    if name is None:
        return "subtype 0x%02x (not ACF)" % sub
    sv, ver = p[1] >> 7, (p[1] >> 4) & 7
    if name == "ntscf":
        dlen = ((p[1] & 7) << 8) | p[2]
        seq = p[3]
        (sid,) = struct.unpack_from(">Q", p, 4)
        hdr = 12
    else:
        if len(p) < 24:
            return "short TSCF PDU"
        seq = p[2]
        (sid,) = struct.unpack_from(">Q", p, 4)
        (dlen,) = struct.unpack_from(">H", p, 20)
        hdr = 24
    lines = ["%s sv=%d v=%d len=%d seq=%d stream=%016x" % (name, sv, ver, dlen, seq, sid)]
    if hdr + dlen > len(p):
        lines[0] += " (only %d bytes after the header)" % (len(p) - hdr)
    elif hdr + dlen < len(p):
        lines[0] += " (+%d bytes after the PDU)" % (len(p) - hdr - dlen)
    off, end = hdr, min(hdr + dlen, len(p))
    while off + 2 <= end:
        t = p[off] >> 1
        mlen = (((p[off] & 1) << 8) | p[off + 1]) * 4
        m = p[off:off + mlen]
        desc = "  acf %s len=%d" % (ACF_TYPES.get(t, "type 0x%02x" % t), mlen)
        if mlen < 4 or off + mlen > end:
            lines.append(desc + " (runs past the PDU's end)")
            break
        if t == 0x01 and mlen >= 16:
            desc += " " + acf_can(m)
        lines.append(desc)
        off += mlen
    return "\n".join(lines)


def pdu_size(p):
    """Bytes of the NTSCF or TSCF PDU at @p by its header, else all of @p."""
    if len(p) >= 12 and p[0] == 0x82:
        return 12 + (((p[1] & 7) << 8) | p[2])
    if len(p) >= 24 and p[0] == 0x05:
        return 24 + struct.unpack_from(">H", p, 20)[0]
    return len(p)


def looks_like_pdu(p):
    return len(p) >= 12 and p[0] in SUBTYPES and (p[1] & 0x70) == 0


def show(n, src, dst, where, p):
    print("#%d %s > %s %s %s" % (n, mac(src), mac(dst), where, pdu(p)))
    print(hexdump(p))


def packets(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        sys.exit("%s: not a classic pcap file (dumpcap -P)" % path)
    (linktype,) = struct.unpack_from(e + "I", data, 20)
    if linktype != 1:
        sys.exit("%s: link type %d, not Ethernet" % (path, linktype))
    off = 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack_from(e + "IIII", data, off)
        yield data[off + 16:off + 16 + caplen]
        off += 16 + caplen


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    other = 0
    for n, frame in enumerate(packets(sys.argv[1]), 1):
        if len(frame) < 14:
            other += 1
            continue
        dst, src = frame[:6], frame[6:12]
        (etype,) = struct.unpack_from(">H", frame, 12)
        off = 14
        while etype == 0x8100 and off + 4 <= len(frame):
            (etype,) = struct.unpack_from(">H", frame, off + 2)
            off += 4
        payload = frame[off:]
        if etype == ETH_P_TSN:
            pass
        elif etype in (0x0800, 0x86DD):
            if etype == 0x0800:
                ihl = (payload[0] & 15) * 4
                proto, l4 = payload[9], payload[ihl:]
                addr = "%s > %s" % (".".join(map(str, payload[12:16])),
                                    ".".join(map(str, payload[16:20])))
            else:
                proto, l4, addr = payload[6], payload[40:], "ipv6"
            if proto != 17 or len(l4) < 8:
                other += 1
                continue
            sport, dport = struct.unpack_from(">HH", l4)
            if UDP_PORT not in (sport, dport):
                other += 1
                continue
            udp = l4[8:]
            # A datagram sent with UDP_SEGMENT (GSO) crosses veths whole:
            # captured before the receiver splits it, its datagrams are
            # back to back, each one PDU.
            part = 0
            while udp:
                if len(udp) < 4:
                    print("#%d udp %s:%d>%d %d bytes: no encapsulation sequence number"
                          % (n, addr, sport, dport, len(udp)))
                    break
                size = 4 + pdu_size(udp[4:])
                if size < len(udp) and not looks_like_pdu(udp[size + 4:]):
                    size = len(udp)
                where = "udp %s %d>%d encap-seq=%d" % (addr, sport, dport,
                                                      struct.unpack_from(">I", udp)[0])
                if part or size < len(udp):
                    where += " (GSO part %d)" % part
                show(n, src, dst, where, udp[4:size])
                udp = udp[size:]
                part += 1
            continue
        else:
            other += 1
            continue
        show(n, src, dst, "eth", payload)
    if other:
        print("(%d other frames)" % other)


if __name__ == "__main__":
    main()
