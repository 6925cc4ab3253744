// SPDX-License-Identifier: GPL-2.0
/*
 * IEEE 1722 encoder: NTSCF PDUs of ACF-CAN and ACF_CAN_XL messages in the
 * caller's buffer, CAN XL frames segmented to fit (rule in avtp.h).
 */
#include <errno.h>
#include <string.h>

#include "avtp.h"
#include "avtp_wire.h"

static unsigned int hdr_len(const struct avtp_enc *e)
{
	return (e->udp ? AVTP_UDP_HDR_LEN : 0) + AVTP_NTSCF_HDR_LEN;
}

int avtp_enc_init(struct avtp_enc *e, uint64_t stream_id, bool udp, size_t max_pdu)
{
	if (max_pdu < AVTP_PDU_MIN)
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->stream_id = stream_id;
	e->udp = udp;
	if (max_pdu > hdr_len(e) + AVTP_ACF_MAX)
		max_pdu = hdr_len(e) + AVTP_ACF_MAX;
	e->max_pdu = max_pdu;
	return 0;
}

void avtp_enc_start(struct avtp_enc *e, void *buf)
{
	uint8_t *p = buf;

	e->pdu = buf;
	if (e->udp) {
		put_be32(p, e->encap_seq);
		p += AVTP_UDP_HDR_LEN;
	}
	p[0] = AVTP_SUBTYPE_NTSCF;
	p[1] = AVTP_SV;		/* version 0; the length comes at the end */
	p[2] = 0;
	p[3] = e->seq;
	put_be64(p + 4, e->stream_id);
	e->len = hdr_len(e);
	e->msgs = 0;
	e->kind = 0;
}

/* Can the open PDU take another message of @kind? (AVTP_PDU_MSGS_MAX) */
static bool takes(const struct avtp_enc *e, uint8_t kind)
{
	return e->msgs < AVTP_PDU_MSGS_MAX && (!e->kind || e->kind == kind);
}

size_t avtp_enc_finish(struct avtp_enc *e)
{
	uint8_t *p = e->pdu + hdr_len(e) - AVTP_NTSCF_HDR_LEN;
	unsigned int acf = e->len - hdr_len(e);
	size_t len = e->len;

	e->pdu = NULL;
	e->len = 0;
	if (!acf)
		return 0;
	p[1] = AVTP_SV | acf >> 8;
	p[2] = acf;
	e->seq++;
	e->encap_seq++;
	return len;
}

/* Bytes the next message may have in the open PDU */
static unsigned int room(const struct avtp_enc *e)
{
	unsigned int pdu = e->max_pdu - e->len;
	unsigned int acf = AVTP_ACF_MAX - (e->len - hdr_len(e));

	return pdu < acf ? pdu : acf;
}

/* Writes a message's first 4 bytes and its padded payload; returns it. */
static uint8_t *put_msg(struct avtp_enc *e, unsigned int type, unsigned int hdr,
			const uint8_t *data, unsigned int len, uint8_t b2, uint8_t b3)
{
	unsigned int pad = acf_pad(len), mlen = hdr + len + pad;
	uint8_t *m = e->pdu + e->len;

	put_be16(m, type << ACF_TYPE_SHIFT | mlen / 4);
	m[2] = pad << ACF_PAD_SHIFT | ACF_MTV | b2;
	m[3] = b3;
	memcpy(m + hdr, data, len);
	memset(m + hdr + len, 0, pad);
	e->len += mlen;
	e->msgs++;
	e->kind = type;
	return m;
}

/* Not going on with a CAN XL frame partly sent: its receivers drop it. */
static void xl_abandon(struct avtp_enc *e)
{
	e->xl_sent = 0;
	e->xl_seg = 0;
}

int avtp_enc_can(struct avtp_enc *e, const struct canfd_frame *cf, bool fd,
		 uint64_t tstamp_ns, unsigned int bus_id)
{
	/* A remote frame's DLC travels as that many zero bytes, as Open1722
	 * sends it: ACF-CAN has no other place for it.
	 */
	static const uint8_t rtr_data[CAN_MAX_DLEN];
	canid_t id = cf->can_id;
	bool rtr = id & CAN_RTR_FLAG;
	unsigned int len = cf->len;
	uint8_t b2 = 0, *m;

	if (id & CAN_ERR_FLAG || bus_id > AVTP_CAN_BUS_ID_MAX)
		return -EINVAL;
	if (fd ? rtr || avtp_fd_len_up(cf->len) != cf->len : cf->len > CAN_MAX_DLEN)
		return -EINVAL;
	xl_abandon(e);
	if (AVTP_CAN_HDR_LEN + len + acf_pad(len) > room(e) || !takes(e, AVTP_ACF_CAN))
		return -ENOSPC;

	if (rtr)
		b2 |= ACF_CAN_RTR;
	if (id & CAN_EFF_FLAG) {
		b2 |= ACF_CAN_EFF;
		id &= CAN_EFF_MASK;
	} else {
		id &= CAN_SFF_MASK;
	}
	if (fd) {
		b2 |= ACF_CAN_FDF;
		if (cf->flags & CANFD_BRS)
			b2 |= ACF_CAN_BRS;
		if (cf->flags & CANFD_ESI)
			b2 |= ACF_CAN_ESI;
	}
	m = put_msg(e, AVTP_ACF_CAN, AVTP_CAN_HDR_LEN, rtr ? rtr_data : cf->data, len, b2, bus_id);
	put_be64(m + ACF_TSTAMP_OFF, tstamp_ns);
	put_be32(m + ACF_TSTAMP_OFF + ACF_TSTAMP_LEN, id);
	return 0;
}

/* The fields that tell a frame being segmented from another */
static void xl_key(uint32_t key[4], const struct canxl_frame *xf, unsigned int bus_id)
{
	key[0] = xf->prio;
	key[1] = xf->af;
	key[2] = xf->len | (uint32_t)xf->sdt << 16 | (uint32_t)xf->flags << 24;
	key[3] = bus_id;
}

/* Data bytes of the next segment in the open PDU, 0 if none fits */
static unsigned int xl_seg_len(const struct avtp_enc *e, unsigned int rest, bool *last)
{
	unsigned int space = room(e), seg;

	*last = rest <= AVTP_XL_SEG_MAX && AVTP_XL_HDR_LEN + rest + acf_pad(rest) <= space;
	if (*last)
		return rest;
	if (space < AVTP_XL_HDR_LEN + AVTP_XL_SEG_MIN)
		return 0;
	seg = (space - AVTP_XL_HDR_LEN) & ~3U;
	return seg < AVTP_XL_SEG_MAX ? seg : AVTP_XL_SEG_MAX;
}

int avtp_enc_xl(struct avtp_enc *e, const struct canxl_frame *xf,
		uint64_t tstamp_ns, unsigned int bus_id)
{
	uint16_t prio = xf->prio & CANXL_PRIO_MASK;
	uint32_t key[4];
	unsigned int seg;
	bool last;
	uint8_t *m, *t;

	if (!(xf->flags & CANXL_XLF) || xf->len < CANXL_MIN_DLEN || xf->len > CANXL_MAX_DLEN ||
	    bus_id > AVTP_XL_BUS_ID_MAX)
		return -EINVAL;
	xl_key(key, xf, bus_id);
	if (e->xl_seg && memcmp(key, e->xl_key, sizeof(key)))
		xl_abandon(e);
	if (!e->xl_seg) {
		memcpy(e->xl_key, key, sizeof(key));
		e->xl_cur_tn = e->xl_tn;
	}
	if (xf->flags & AVTP_CANXL_RRS)
		prio |= ACF_XL_RRS;
	if (xf->flags & CANXL_SEC)
		prio |= ACF_XL_SEC;

	while (e->xl_sent < xf->len) {
		seg = takes(e, AVTP_ACF_CAN_XL) ? xl_seg_len(e, xf->len - e->xl_sent, &last) : 0;
		if (!seg)
			return -ENOSPC;
		if (!e->xl_seg)
			e->xl_tn++;	/* this frame's number is used now */
		m = put_msg(e, AVTP_ACF_CAN_XL, AVTP_XL_HDR_LEN, xf->data + e->xl_sent, seg,
			    bus_id >> 8, bus_id);
		put_be64(m + ACF_TSTAMP_OFF, tstamp_ns);
		t = m + ACF_TSTAMP_OFF + ACF_TSTAMP_LEN;
		t[ACF_XL_VCID] = (xf->prio & AVTP_CANXL_VCID_MASK) >> AVTP_CANXL_VCID_OFFSET;
		t[ACF_XL_SDT] = xf->sdt;
		put_be16(t + ACF_XL_PRIO, prio);
		put_be32(t + ACF_XL_AF, xf->af);
		t[ACF_XL_TN - 1] = 0;
		t[ACF_XL_TN] = e->xl_cur_tn;
		put_be16(t + ACF_XL_SEG, (last ? 0 : ACF_XL_MS) | (e->xl_seg & ACF_XL_SEG_MASK));
		e->xl_sent += seg;
		e->xl_seg++;
	}
	xl_abandon(e);	/* done: nothing partly sent */
	return 0;
}
