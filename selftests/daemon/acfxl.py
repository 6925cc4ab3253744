#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Decodes the IEEE 1722 PDUs of a capture with a decoder of our own, CAN XL
included, which Wireshark 4.0 does not know.

Usage: acfxl.py CAPTURE SOURCE

Reads the Ethernet frames of CAPTURE (pcapng, as tshark -w writes it, or
pcap) that
SOURCE sent (a MAC address for IEEE 1722 over Ethernet, EtherType 0x22F0;
an IPv4 or IPv6 address for IEEE 1722 over UDP port 17220, after the
4-byte encapsulation header), takes each NTSCF PDU's ACF messages apart
field by field and prints every frame, one a line, as canxl_peer.py writes
them: the hex of the SocketCAN frame (struct canxl_frame with only its
data, struct canfd_frame, struct can_frame). ACF-CAN gives CAN and CAN FD
frames; ACF_CAN_XL segments (transaction_num, segment_num, ms) are put
together into CAN XL frames: priority_id and vcid into prio, sec and rrs
into flags (CANXL_XLF set), sdt, acceptance_field. Exits 1 on anything
that is not as IEEE 1722 and avtp.h say: a bad header, a message past its
PDU, segments out of order or disagreeing, padding that is not zero.
Only the standard library.
"""
import ipaddress
import struct
import sys

CANXL_XLF, CANXL_SEC, CANXL_RRS = 0x80, 0x01, 0x02
CANFD_FDF, CANFD_BRS, CANFD_ESI = 0x04, 0x01, 0x02
CAN_EFF, CAN_RTR = 0x80000000, 0x40000000


class Bad(Exception):
    pass


def frames(path):
    """The link-layer frames of a pcapng or pcap file, Ethernet only."""
    data = open(path, "rb").read()
    if data[:4] == b"\xd4\xc3\xb2\xa1":       # pcap, little endian
        off = 24
        while off + 16 <= len(data):
            caplen = struct.unpack_from("<I", data, off + 8)[0]
            yield data[off + 16:off + 16 + caplen]
            off += 16 + caplen
        return
    off = 0
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        if blen < 12:
            raise Bad("pcapng block of length %d" % blen)
        if btype == 6:          # enhanced packet block
            caplen = struct.unpack_from("<I", data, off + 20)[0]
            yield data[off + 28:off + 28 + caplen]
        off += blen


def pdus(path, source):
    """(udp, PDU) of every IEEE 1722 frame SOURCE sent."""
    mac = bytes.fromhex(source.replace(":", "")) if source.count(":") == 5 else None
    ip = None if mac else ipaddress.ip_address(source)
    for f in frames(path):
        etype = struct.unpack_from(">H", f, 12)[0]
        if mac:
            if etype == 0x22F0 and f[6:12] == mac:
                yield False, f[14:]
            continue
        if etype == 0x0800 and ip.version == 4:
            ihl = (f[14] & 15) * 4
            if f[23] == 17 and f[26:30] == ip.packed:
                udp = f[14 + ihl:]
                if struct.unpack_from(">H", udp, 2)[0] == 17220:
                    yield True, udp[8:]
        elif etype == 0x86DD and ip.version == 6:
            if f[20] == 17 and f[22:38] == ip.packed:
                udp = f[54:]
                if struct.unpack_from(">H", udp, 2)[0] == 17220:
                    yield True, udp[8:]


def acf_messages(udp, pdu):
    if udp:
        pdu = pdu[4:]
    if len(pdu) < 12 or pdu[0] != 0x82 or pdu[1] & 0xF0 != 0x80:
        raise Bad("not an NTSCF PDU of version 0 with sv: %s" % pdu[:4].hex())
    dlen = (pdu[1] & 7) << 8 | pdu[2]
    if 12 + dlen > len(pdu) or dlen % 4:
        raise Bad("ntscf_data_length %d in a PDU of %d" % (dlen, len(pdu)))
    if len(pdu) > 12 + dlen and (udp or any(pdu[12 + dlen:])):
        raise Bad("%d bytes after the PDU" % (len(pdu) - 12 - dlen))
    acf, off = pdu[12:12 + dlen], 0
    while off < dlen:
        mtype, mlen = acf[off] >> 1, ((acf[off] & 1) << 8 | acf[off + 1]) * 4
        if mlen == 0 or off + mlen > dlen:
            raise Bad("ACF message of %d bytes at %d of %d" % (mlen, off, dlen))
        yield mtype, acf[off:off + mlen]
        off += mlen


def payload(m, hdr):
    pad = m[2] >> 6
    data = m[hdr:len(m) - pad]
    if any(m[len(m) - pad:]):
        raise Bad("padding not zero")
    return data


def can_frame(m):
    flags = m[2]
    rtr, eff, brs, fdf, esi = (flags >> 4 & 1, flags >> 3 & 1, flags >> 2 & 1,
                               flags >> 1 & 1, flags & 1)
    ident = struct.unpack_from(">I", m, 12)[0] & 0x1FFFFFFF
    data = payload(m, 16)
    can_id = ident | (CAN_EFF if eff else 0) | (CAN_RTR if rtr else 0)
    if fdf:
        fl = CANFD_FDF | (CANFD_BRS if brs else 0) | (CANFD_ESI if esi else 0)
        return struct.pack("<IBBBB", can_id, len(data), fl, 0, 0) + data + bytes(64 - len(data))
    return struct.pack("<IBBBB", can_id, len(data), 0, 0, 0) + data + bytes(8 - len(data))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    xl = None   # the CAN XL frame being put together: header fields, data
    try:
        for udp, pdu in pdus(sys.argv[1], sys.argv[2]):
            for mtype, m in acf_messages(udp, pdu):
                if mtype == 0x01:
                    if xl:
                        raise Bad("a CAN message inside a segmented CAN XL frame")
                    print(can_frame(m).hex())
                    continue
                if mtype != 0x11:
                    raise Bad("ACF message type %#x" % mtype)
                vcid, sdt, b14, b15 = m[12], m[13], m[14], m[15]
                rrs, sec = b14 >> 4 & 1, b14 >> 3 & 1
                prio = (b14 & 7) << 8 | b15
                af = struct.unpack_from(">I", m, 16)[0]
                tn, ms, seg = m[21], m[22] >> 4 & 1, (m[22] & 15) << 8 | m[23]
                key = (prio, vcid, sdt, rrs, sec, af, tn)
                if seg == 0:
                    if xl:
                        raise Bad("CAN XL frame %d unfinished before %d" % (xl[0][6], tn))
                    xl = [key, bytearray(), 0]
                elif not xl or xl[0] != key or xl[2] != seg:
                    raise Bad("CAN XL segment %d of transaction %d out of order" % (seg, tn))
                xl[1].extend(payload(m, 24))
                xl[2] += 1
                if ms:
                    continue
                data, xl = bytes(xl[1]), None
                flags = CANXL_XLF | (CANXL_SEC if sec else 0) | (CANXL_RRS if rrs else 0)
                if not 1 <= len(data) <= 2048:
                    raise Bad("CAN XL frame of %d bytes" % len(data))
                print((struct.pack("<IBBHI", prio | vcid << 16, flags, sdt, len(data), af) +
                       data).hex())
        if xl:
            raise Bad("the capture ends inside a CAN XL frame")
    except (Bad, IndexError, struct.error) as e:
        print("acfxl.py: %s" % e, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
