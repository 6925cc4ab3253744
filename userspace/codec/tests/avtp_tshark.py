#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compares what tshark shows of avtp_pcap's capture with what was sent.

Usage: tshark -r CAPTURE -T pdml | avtp_tshark.py EXPECTED

Reads tshark's PDML on stdin and prints, for each packet, the line
avtp_pcap wrote for it into EXPECTED (see avtp_pcap.c for the columns),
built from tshark's own fields: ieee1722, ntscf, acf, acf-can, can,
canfd and data. Exits 1 at the first difference, with both lines.
"""
import sys
import xml.etree.ElementTree as ET


def fields(elem):
    """(name, show, value) of every field below @elem, in order."""
    for f in elem.iter('field'):
        yield f.get('name'), f.get('show'), f.get('value')


def packet_line(pkt):
    f = {}
    msgs = []
    transport = None
    for name, show, value in fields(pkt):
        if name == 'udp.dstport' and show == '17220':
            transport = 'udp'
        elif name == 'eth.type' and int(show, 16) == 0x22f0:
            transport = 'eth'
        elif name == 'acf.msg_type':
            msgs.append({'type': int(value, 16)})
        elif msgs and name in ('can.id', 'can.flags.xtd', 'can.flags.rtr',
                               'acf-can.flags.fdf', 'canfd.flags.brs',
                               'canfd.flags.esi', 'acf-can.bus_id',
                               'acf-can.message_timestamp', 'can.len'):
            msgs[-1][name] = show
        elif msgs and name == 'data':
            msgs[-1]['data'] = value
        else:
            f.setdefault(name, show)
    can = []
    for m in msgs:
        if m['type'] != 1:
            continue
        can.append('0x%x/%s/%s/%s/%s/%s/%s/%d/%s/%s' % (
            int(m['can.id'], 16), m['can.flags.xtd'],
            m.get('can.flags.rtr', '0'), m['acf-can.flags.fdf'],
            m.get('canfd.flags.brs', '0'), m.get('canfd.flags.esi', '0'),
            m['acf-can.bus_id'], int(m['acf-can.message_timestamp'], 16),
            m['can.len'], m.get('data', '')))
    return '\t'.join([
        f['frame.number'], str(transport),
        str(int(f.get('ieee1722.encapsulation_sequence_num', '0'), 16)),
        f['ntscf.seqnum'], f['ntscf.stream_id'], f['ntscf.data_len'],
        ','.join(str(m['type']) for m in msgs), ' '.join(can)])


def main():
    want = open(sys.argv[1]).read().splitlines()
    n = 0
    for _, pkt in ET.iterparse(sys.stdin.buffer):
        if pkt.tag != 'packet':
            continue
        got = packet_line(pkt)
        if n >= len(want) or got != want[n]:
            print('packet %d differs:\n  tshark: %s\n  sent:   %s' %
                  (n + 1, got, want[n] if n < len(want) else '(none)'))
            return 1
        n += 1
        pkt.clear()
    if n != len(want):
        print('tshark shows %d packets, %d were sent' % (n, len(want)))
        return 1
    print('tshark shows all %d PDUs as sent' % n)
    return 0


if __name__ == '__main__':
    sys.exit(main())
