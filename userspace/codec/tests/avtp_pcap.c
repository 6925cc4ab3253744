// SPDX-License-Identifier: GPL-2.0
/*
 * Writes a capture of IEEE 1722 PDUs as libavtp encodes them, for stock
 * tshark to read back (avtp-tshark.sh): CAN and CAN FD frames of every
 * kind, and CAN XL frames, small and segmented, each run of PDUs once in
 * Ethernet/IPv4/UDP datagrams to port 17220 (with the UDP encapsulation
 * header) and once in Ethernet frames of EtherType 0x22F0.
 *
 * Usage: avtp_pcap CAPTURE EXPECTED
 *
 * EXPECTED gets a line per PDU, what tshark must show for it, tab
 * separated: frame number, transport (udp or eth), encapsulation sequence
 * number (0 over Ethernet), NTSCF sequence number, stream ID, data length,
 * ACF message types (comma separated), then per ACF-CAN message (space
 * separated) identifier/eff/rtr/fdf/brs/esi/bus ID/timestamp/payload
 * length/payload in hex.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "avtp.h"

#define ETH_HLEN	14
#define IP_HLEN		20
#define UDP_HLEN	8
#define STREAM_ID	0x0011223344550001ULL

static FILE *cap, *exp_f;
static unsigned int pkt_no;
static struct canxl_frame xfs[4];
static struct avtp_xl_rx xl;	/* segments cross PDUs */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

	fwrite(b, 1, 4, f);
}

static uint16_t ip_csum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < n; i += 2)
		sum += p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* One packet: Ethernet, then IPv4 and UDP unless @eth, then @pdu. */
static void write_pkt(const uint8_t *pdu, size_t len, bool eth)
{
	static const uint8_t mac_dst[6] = { 0x91, 0xe0, 0xf0, 0x00, 0xfe, 0x00 };
	static const uint8_t mac_src[6] = { 0x02, 0x00, 0x00, 0x00, 0x17, 0x22 };
	static uint8_t pkt[ETH_HLEN + IP_HLEN + UDP_HLEN + AVTP_PDU_MAX];
	size_t n = ETH_HLEN;
	uint8_t *ip;

	memcpy(pkt, mac_dst, 6);
	memcpy(pkt + 6, mac_src, 6);
	if (eth) {
		put16(pkt + 12, AVTP_ETHERTYPE);
	} else {
		put16(pkt + 12, 0x0800);
		ip = pkt + n;
		memset(ip, 0, IP_HLEN);
		ip[0] = 0x45;
		put16(ip + 2, IP_HLEN + UDP_HLEN + len);
		ip[8] = 1;		/* ttl */
		ip[9] = 17;		/* UDP */
		memcpy(ip + 12, (uint8_t[]){ 192, 0, 2, 1 }, 4);
		memcpy(ip + 16, (uint8_t[]){ 239, 0, 17, 22 }, 4);
		put16(ip + 10, ip_csum(ip, IP_HLEN));
		n += IP_HLEN;
		put16(pkt + n, 43000);
		put16(pkt + n + 2, 17220);
		put16(pkt + n + 4, UDP_HLEN + len);
		put16(pkt + n + 6, 0);	/* no checksum (IPv4) */
		n += UDP_HLEN;
	}
	memcpy(pkt + n, pdu, len);
	n += len;
	le32(cap, pkt_no);	/* seconds: the frame number */
	le32(cap, 0);
	le32(cap, n);
	le32(cap, n);
	fwrite(pkt, 1, n, cap);
	pkt_no++;
}

/* What tshark must show for @pdu, written as it was. */
static int expect(const uint8_t *pdu, size_t len, bool eth)
{
	char types[512] = "", can[8192] = "";
	size_t t = 0, c = 0;
	struct avtp_frame fr;
	enum avtp_drop drop;
	struct avtp_pdu p;
	enum avtp_msg m;
	unsigned int i;
	size_t off;

	if (avtp_parse(&p, pdu, len, !eth))
		return -EINVAL;
	for (off = 0; off < p.acf_len; off += (((p.acf[off] & 1) << 8) | p.acf[off + 1]) * 4)
		t += snprintf(types + t, sizeof(types) - t, "%s%u", t ? "," : "",
			      p.acf[off] >> 1);
	while ((m = avtp_next(&p, -1, &fr, &xl, &drop)) != AVTP_MSG_END) {
		if (m == AVTP_MSG_DROP) {
			fprintf(stderr, "PDU %u: %s\n", pkt_no, avtp_drop_name(drop));
			return -EINVAL;
		}
		if (m != AVTP_MSG_CAN)
			continue;
		c += snprintf(can + c, sizeof(can) - c, "%s0x%x/%d/%d/%d/%d/%d/%u/%llu/%u/", c ? " " : "",
			      fr.cf.can_id & CAN_EFF_MASK, !!(fr.cf.can_id & CAN_EFF_FLAG),
			      !!(fr.cf.can_id & CAN_RTR_FLAG), fr.fd, !!(fr.cf.flags & CANFD_BRS),
			      !!(fr.cf.flags & CANFD_ESI), fr.bus_id,
			      (unsigned long long)fr.tstamp_ns, fr.cf.len);
		for (i = 0; i < fr.cf.len; i++)
			c += snprintf(can + c, sizeof(can) - c, "%02x", fr.cf.data[i]);
	}
	fprintf(exp_f, "%u\t%s\t%u\t%u\t0x%016llx\t%zu\t%s\t%s\n", pkt_no, eth ? "eth" : "udp",
		p.encap_seq, p.seq, (unsigned long long)p.stream_id, p.acf_len, types, can);
	return 0;
}

static int emit(struct avtp_enc *e, uint8_t *buf)
{
	size_t len = avtp_enc_finish(e);

	if (!len)
		return 0;
	if (expect(buf, len, !e->udp))
		return -EINVAL;
	write_pkt(buf, len, !e->udp);
	return 0;
}

/* Every kind of frame, encoded with @e into packets */
static int frames(struct avtp_enc *e)
{
	static const uint8_t fd_lens[] = { 0, 1, 7, 8, 12, 16, 20, 24, 32, 48, 64 };
	static uint8_t buf[AVTP_PDU_MAX];
	struct canfd_frame cf;
	unsigned int i, k = 0, n = 0;
	int ret;

	avtp_enc_start(e, buf);
	for (i = 0; i < 40 + sizeof(fd_lens) * 4 + 4; i++) {
		bool xl = false, fd = false;

		memset(&cf, 0, sizeof(cf));
		if (i < 40) {		/* classic: 11/29 bits, RTR, len 0..8 */
			cf.len = i % 9;
			cf.can_id = i % 2 ? CAN_EFF_FLAG | (0x1234567 + i) : 0x700 + i;
			if (i % 5 == 4)
				cf.can_id |= CAN_RTR_FLAG;
		} else if (i < 40 + sizeof(fd_lens) * 4) {
			unsigned int j = i - 40;

			fd = true;
			cf.len = fd_lens[j / 4];
			cf.flags = CANFD_FDF | (j % 4 & 1 ? CANFD_BRS : 0) | (j % 4 & 2 ? CANFD_ESI : 0);
			cf.can_id = j % 2 ? 0x7ff - j : CAN_EFF_FLAG | (CAN_EFF_MASK - j);
		} else {
			xl = true;
		}
		for (unsigned int b = 0; b < sizeof(cf.data); b++)
			cf.data[b] = i * 7 + b;
		do {
			if (xl) {
				struct canxl_frame *xf = &xfs[k];

				xf->flags = CANXL_XLF | (k & 1 ? CANXL_SEC : 0);
				xf->prio = 0x100 + k;
				xf->sdt = 3;
				xf->af = 0xa5a5a5a5;
				xf->len = k < 2 ? 1 + 40 * k : CANXL_MAX_DLEN;
				memset(xf->data, 0x40 + k, xf->len);
				ret = avtp_enc_xl(e, xf, 1000000000ULL * i, 5);
			} else {
				ret = avtp_enc_can(e, &cf, fd, 1000000000ULL * i + n, i % 32);
			}
			if (ret == -ENOSPC) {
				if (emit(e, buf))
					return -EINVAL;
				avtp_enc_start(e, buf);
			}
		} while (ret == -ENOSPC);
		if (ret)
			return ret;
		k += xl;
		n++;
	}
	return emit(e, buf);
}

int main(int argc, char **argv)
{
	struct avtp_enc e;

	if (argc != 3) {
		fprintf(stderr, "usage: %s CAPTURE EXPECTED\n", argv[0]);
		return 1;
	}
	cap = fopen(argv[1], "wb");
	exp_f = fopen(argv[2], "w");
	if (!cap || !exp_f) {
		perror("fopen");
		return 1;
	}
	/* pcap file header: version 2.4, snaplen 65535, Ethernet */
	le32(cap, 0xa1b2c3d4);
	le32(cap, 0x00040002);
	le32(cap, 0);
	le32(cap, 0);
	le32(cap, 65535);
	le32(cap, 1);
	pkt_no = 1;

	/* UDP: 400-byte PDUs, so that frames share PDUs and XL frames split */
	avtp_enc_init(&e, STREAM_ID, true, 400);
	e.encap_seq = 0xfffffffe;
	if (frames(&e))
		goto err;
	avtp_enc_init(&e, STREAM_ID + 1, false, 1500);
	e.seq = 254;
	if (frames(&e))
		goto err;
	if (fclose(cap) || fclose(exp_f)) {
		perror("write");
		return 1;
	}
	return 0;
err:
	fprintf(stderr, "%s: a frame could not be encoded\n", argv[0]);
	return 1;
}
