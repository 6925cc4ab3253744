// SPDX-License-Identifier: GPL-2.0
/*
 * Frame length on the wire and arbitration order (ISO 11898-1); see bits.h.
 *
 * A frame's bits are laid out as the controller sends them, dominant 0,
 * most significant bit first, and fed through a bit stuffer: after five
 * equal bits comes a stuff bit of the other value, which itself starts the
 * next run.
 *
 * Classical CAN: SOF, arbitration and control fields, data and the CRC-15
 * sequence are stuffed (a stuff bit due after the last CRC bit is sent);
 * CRC delimiter, ACK slot, ACK delimiter, 7 EOF and 3 intermission bits
 * (13) are not. A remote frame has no data field, whatever its DLC. A
 * classic frame whose len is 8 and whose len8_dlc is 9..15 sends that DLC.
 *
 * CAN FD: SOF to the end of the data field is stuffed dynamically; a stuff
 * bit due after the last data bit is replaced by the first fixed stuff bit.
 * The CRC field is the stuff count (3 bits, parity), the CRC-17 (up to 16
 * data bytes) or CRC-21, fixed stuff bits before it and after every fourth
 * bit (6 or 7) and the CRC delimiter: 28 or 33 bits whatever their values,
 * so the CRC itself need not be computed. ACK slot, ACK delimiter, EOF and
 * intermission follow (12). The data field is as long as the DLC says (a
 * len that is no valid CAN FD length is padded with zero bytes). With BRS,
 * the bits from ESI through the CRC delimiter are sent at the data bit rate
 * (the switch points inside the BRS bit and the CRC delimiter are taken as
 * bit boundaries).
 *
 * CAN XL (approximate, CiA 610-1 as published descriptions give it):
 * SOF, 11-bit priority, RRS, IDE, FDF, XLF, resXL and ADH at the nominal
 * rate, stuffed dynamically; then at the data rate DH1, DH2, DL1, SDT (8),
 * SEC, DLC (11), SBC (3), PCRC (13), VCID (8), AF (32), the data, FCRC (32)
 * and FCP (4), with a fixed stuff bit after every ten bits; then DAH, AH1,
 * AL1, AH2, ACK slot and delimiter, EOF and intermission (16) at the
 * nominal rate.
 */

#include "bits.h"

struct stuffer {
	u32 bits;		/* sent so far, stuff bits included */
	u32 stuff;		/* dynamic stuff bits among them */
	unsigned int run;	/* equal bits in a row, the last one's value */
	int last;		/* -1 before the first bit */
	bool due;		/* five in a row: a stuff bit comes next */
	u16 crc;		/* CRC-15 of the unstuffed bits so far */
};

static void put(struct stuffer *s, unsigned int bit)
{
	unsigned int crcnxt;

	if (s->due) {
		s->bits++;
		s->stuff++;
		s->last = !s->last;
		s->run = 1;
		s->due = false;
	}
	crcnxt = bit ^ ((s->crc >> 14) & 1);
	s->crc = (s->crc << 1) & 0x7fff;
	if (crcnxt)
		s->crc ^= 0x4599;

	s->bits++;
	if ((int)bit == s->last) {
		s->run++;
	} else {
		s->last = bit;
		s->run = 1;
	}
	if (s->run == 5)
		s->due = true;
}

/* The @n low bits of @v, most significant first */
static void put_n(struct stuffer *s, u32 v, unsigned int n)
{
	while (n--)
		put(s, (v >> n) & 1);
}

static void put_id(struct stuffer *s, canid_t id, unsigned int rtr_or_rrs)
{
	if (id & CAN_EFF_FLAG) {
		put_n(s, (id & CAN_EFF_MASK) >> 18, 11);
		put(s, 1);			/* SRR */
		put(s, 1);			/* IDE */
		put_n(s, id & 0x3ffff, 18);
		put(s, rtr_or_rrs);
	} else {
		put_n(s, id & CAN_SFF_MASK, 11);
		put(s, rtr_or_rrs);
		put(s, 0);			/* IDE */
	}
}

/* CRC delimiter, ACK slot, ACK delimiter, EOF, intermission */
#define CC_TRAILER	(1 + 1 + 1 + 7 + 3)
/* the same without the CRC delimiter, counted with the CRC field */
#define FD_TRAILER	(1 + 1 + 7 + 3)

static void cc_bits(const struct can_frame *cf, struct vcanmc_bits *b)
{
	bool rtr = cf->can_id & CAN_RTR_FLAG;
	struct stuffer s = { .last = -1 };
	unsigned int dlc = cf->len, n, i;

	if (cf->len == CAN_MAX_DLEN && cf->len8_dlc > CAN_MAX_DLEN &&
	    cf->len8_dlc <= CAN_MAX_RAW_DLC)
		dlc = cf->len8_dlc;
	n = rtr ? 0 : (cf->len < CAN_MAX_DLEN ? cf->len : CAN_MAX_DLEN);

	put(&s, 0);				/* SOF */
	put_id(&s, cf->can_id, rtr);
	if (cf->can_id & CAN_EFF_FLAG)
		put(&s, 0);			/* r1 */
	put(&s, 0);				/* r0 */
	put_n(&s, dlc, 4);
	for (i = 0; i < n; i++)
		put_n(&s, cf->data[i], 8);
	put_n(&s, s.crc, 15);
	if (s.due) {				/* after the last CRC bit */
		s.bits++;
		s.stuff++;
	}
	b->nominal = s.bits + CC_TRAILER;
	b->data = 0;
	b->stuff = s.stuff;
}

static const u8 fd_dlc2len[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64 };

static unsigned int fd_len2dlc(unsigned int len)
{
	unsigned int dlc = 0;

	while (dlc < 15 && fd_dlc2len[dlc] < len)
		dlc++;
	return dlc;
}

static void fd_bits(const struct canfd_frame *cfd, struct vcanmc_bits *b)
{
	bool brs = cfd->flags & CANFD_BRS;
	struct stuffer s = { .last = -1 };
	unsigned int dlc, n, i, arb, crc;

	dlc = fd_len2dlc(cfd->len);
	n = fd_dlc2len[dlc];

	put(&s, 0);				/* SOF */
	put_id(&s, cfd->can_id, 0);		/* RRS */
	put(&s, 1);				/* FDF */
	put(&s, 0);				/* res */
	put(&s, brs);
	arb = s.bits;
	put(&s, !!(cfd->flags & CANFD_ESI));
	put_n(&s, dlc, 4);
	for (i = 0; i < n; i++)
		put_n(&s, i < cfd->len ? cfd->data[i] : 0, 8);
	/* a stuff bit due now is the first fixed stuff bit */
	crc = n <= 16 ? 4 + 17 + 6 + 1 : 4 + 21 + 7 + 1;

	if (brs) {
		b->nominal = arb + FD_TRAILER;
		b->data = s.bits - arb + crc;
	} else {
		b->nominal = s.bits + crc + FD_TRAILER;
		b->data = 0;
	}
	b->stuff = s.stuff;
}

static void xl_bits(const struct canxl_frame *cxl, struct vcanmc_bits *b)
{
	struct stuffer s = { .last = -1 };
	unsigned int len = cxl->len, data;

	if (len > CANXL_MAX_DLEN)
		len = CANXL_MAX_DLEN;
	put(&s, 0);				/* SOF */
	put_n(&s, cxl->prio & CANXL_PRIO_MASK, 11);
	put(&s, 0);				/* RRS */
	put(&s, 0);				/* IDE */
	put(&s, 1);				/* FDF */
	put(&s, 1);				/* XLF */
	put(&s, 0);				/* resXL */
	put(&s, 1);				/* ADH */

	/* DH1 DH2 DL1, SDT, SEC, DLC, SBC, PCRC, VCID, AF, data, FCRC, FCP */
	data = 3 + 8 + 1 + 11 + 3 + 13 + 8 + 32 + 8 * len + 32 + 4;
	b->nominal = s.bits + 4 + 1 + 1 + 7 + 3;
	b->data = data + data / 10;
	b->stuff = s.stuff;
}

void vcanmc_frame_bits(const void *frame, enum vcanmc_frame_kind kind,
		       struct vcanmc_bits *bits)
{
	const struct can_frame *cf = frame;

	if (kind != VCANMC_FRAME_XL && (cf->can_id & CAN_ERR_FLAG)) {
		*bits = (struct vcanmc_bits){ 0 };
		return;
	}
	switch (kind) {
	case VCANMC_FRAME_CC:
		cc_bits(frame, bits);
		break;
	case VCANMC_FRAME_FD:
		fd_bits(frame, bits);
		break;
	case VCANMC_FRAME_XL:
		xl_bits(frame, bits);
		break;
	}
}

struct keybits {
	u64 key;
	unsigned int n;
};

static void key_n(struct keybits *k, u32 v, unsigned int n)
{
	while (n--)
		k->key |= (u64)((v >> n) & 1) << (63 - k->n++);
}

u64 vcanmc_arb_key(const void *frame, enum vcanmc_frame_kind kind)
{
	const struct canxl_frame *cxl = frame;
	const struct canfd_frame *cfd = frame;
	struct keybits k = { 0 };
	canid_t id = cfd->can_id;

	if (kind == VCANMC_FRAME_XL) {
		key_n(&k, cxl->prio & CANXL_PRIO_MASK, 11);
		key_n(&k, 0x3, 4);		/* RRS 0, IDE 0, FDF 1, XLF 1 */
		return k.key;
	}
	if (id & CAN_ERR_FLAG)
		return 0;
	/* RTR of a classic frame; a CAN FD frame has a dominant RRS there */
	if (id & CAN_EFF_FLAG) {
		key_n(&k, (id & CAN_EFF_MASK) >> 18, 11);
		key_n(&k, 0x3, 2);		/* SRR, IDE */
		key_n(&k, id & 0x3ffff, 18);
		key_n(&k, kind == VCANMC_FRAME_CC && (id & CAN_RTR_FLAG), 1);
	} else {
		key_n(&k, id & CAN_SFF_MASK, 11);
		key_n(&k, kind == VCANMC_FRAME_CC && (id & CAN_RTR_FLAG), 1);
		key_n(&k, 0, 1);		/* IDE */
	}
	/* r0 of a classic frame, FDF and res of a CAN FD frame */
	if (kind == VCANMC_FRAME_FD)
		key_n(&k, 0x2, 2);
	else
		key_n(&k, 0, 1);
	return k.key;
}
