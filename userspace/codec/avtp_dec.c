// SPDX-License-Identifier: GPL-2.0
/*
 * IEEE 1722 decoder: the NTSCF or TSCF headers of a PDU, then its ACF
 * messages one by one. Every read is checked against the length the
 * caller gave; the PDU's data length is never trusted beyond it.
 */
#include <string.h>

#include "avtp.h"
#include "avtp_dec.h"
#include "avtp_wire.h"

enum avtp_drop avtp_parse(struct avtp_pdu *p, const void *buf, size_t len, bool udp)
{
	const uint8_t *b = buf;
	size_t hdr, data;

	memset(p, 0, sizeof(*p));
	if (udp) {
		if (len < AVTP_UDP_HDR_LEN)
			return AVTP_DROP_TRUNCATED;
		p->encap_seq = get_be32(b);
		b += AVTP_UDP_HDR_LEN;
		len -= AVTP_UDP_HDR_LEN;
	}
	if (!len)
		return AVTP_DROP_TRUNCATED;
	p->subtype = b[0];
	if (p->subtype == AVTP_SUBTYPE_NTSCF) {
		hdr = AVTP_NTSCF_HDR_LEN;
		if (len < hdr)
			return AVTP_DROP_TRUNCATED;
		data = (b[1] & 0x07) << 8 | b[2];
		p->seq = b[3];
	} else if (p->subtype == AVTP_SUBTYPE_TSCF) {
		hdr = AVTP_TSCF_HDR_LEN;
		if (len < hdr)
			return AVTP_DROP_TRUNCATED;
		data = get_be16(b + 20);
		p->seq = b[2];
	} else {
		return AVTP_DROP_SUBTYPE;
	}
	if (!(b[1] & AVTP_SV) || (b[1] & AVTP_VERSION_MASK))
		return AVTP_DROP_HEADER;
	p->stream_id = get_be64(b + 4);
	if (data > len - hdr)
		return AVTP_DROP_TRUNCATED;
	if (data & 3)
		return AVTP_DROP_LENGTH;
	p->acf = b + hdr;
	p->acf_len = data;
	return AVTP_DROP_NONE;
}

/* ACF-CAN or (without timestamp) ACF-CAN-Brief @m of @mlen bytes */
static enum avtp_drop dec_can(const uint8_t *m, size_t mlen, unsigned int ts_len, int bus_id,
			      struct avtp_frame *fr)
{
	unsigned int hdr = 4 + ts_len + 4, pad = m[2] >> ACF_PAD_SHIFT, plen, len;
	uint8_t b2 = m[2];
	canid_t id;

	if (mlen < hdr + pad)
		return AVTP_DROP_ACF_MALFORMED;
	if (!avtp_bus_ok(bus_id, m[3] & ACF_CAN_BUS_ID_MASK))
		return AVTP_DROP_ACF_BUS_ID;
	plen = mlen - hdr - pad;
	id = get_be32(m + 4 + ts_len) & ACF_CAN_ID_MASK;
	/* Open1722 with --fd sets fdf on every frame, remote ones too: CAN
	 * FD has none, so such a one is the classic remote frame it was
	 */
	if ((b2 & (ACF_CAN_FDF | ACF_CAN_RTR)) == (ACF_CAN_FDF | ACF_CAN_RTR) &&
	    !(b2 & (ACF_CAN_BRS | ACF_CAN_ESI)))
		b2 &= ~ACF_CAN_FDF;
	if (b2 & ACF_CAN_FDF) {
		if (b2 & ACF_CAN_RTR || plen > CANFD_MAX_DLEN)
			return AVTP_DROP_ACF_MALFORMED;
		len = avtp_fd_len_up(plen);
	} else {
		if (b2 & (ACF_CAN_BRS | ACF_CAN_ESI) || plen > CAN_MAX_DLEN)
			return AVTP_DROP_ACF_MALFORMED;
		len = plen;
	}
	if (!(b2 & ACF_CAN_EFF) && id > CAN_SFF_MASK)
		return AVTP_DROP_ACF_MALFORMED;

	memset(fr, 0, sizeof(*fr));
	fr->cf.can_id = id;
	if (b2 & ACF_CAN_EFF)
		fr->cf.can_id |= CAN_EFF_FLAG;
	if (b2 & ACF_CAN_RTR)
		fr->cf.can_id |= CAN_RTR_FLAG;
	else
		memcpy(fr->cf.data, m + hdr, plen);
	fr->cf.len = len;
	fr->fd = b2 & ACF_CAN_FDF;
	if (fr->fd) {
		fr->cf.flags = CANFD_FDF;
		if (b2 & ACF_CAN_BRS)
			fr->cf.flags |= CANFD_BRS;
		if (b2 & ACF_CAN_ESI)
			fr->cf.flags |= CANFD_ESI;
	}
	fr->mtv = ts_len && (b2 & ACF_MTV);
	if (fr->mtv)
		fr->tstamp_ns = get_be64(m + ACF_TSTAMP_OFF);
	fr->bus_id = m[3] & ACF_CAN_BUS_ID_MASK;
	return AVTP_DROP_NONE;
}

enum avtp_msg avtp_next(struct avtp_pdu *p, int bus_id, struct avtp_frame *fr,
			struct avtp_xl_rx *xl, enum avtp_drop *drop)
{
	const uint8_t *m = p->acf + p->off;
	size_t mlen, avail = p->acf_len - p->off;
	unsigned int type;

	/* acf_len and every message length are whole quadlets: a message
	 * header's 4 bytes are there whenever anything is
	 */
	if (p->off >= p->acf_len)
		return AVTP_MSG_END;
	type = m[0] >> 1;
	mlen = (get_be16(m) & ACF_LEN_MASK) * 4;
	if (!mlen || mlen > avail) {
		p->off = p->acf_len;
		*drop = AVTP_DROP_ACF_MALFORMED;
		return AVTP_MSG_DROP;
	}
	p->off += mlen;

	switch (type) {
	case AVTP_ACF_CAN:
	case AVTP_ACF_CAN_BRIEF:
		*drop = dec_can(m, mlen, type == AVTP_ACF_CAN ? ACF_TSTAMP_LEN : 0, bus_id, fr);
		return *drop ? AVTP_MSG_DROP : AVTP_MSG_CAN;
	case AVTP_ACF_CAN_XL:
	case AVTP_ACF_CAN_XL_BRIEF:
		return avtp_xl_take(p, m, mlen, type == AVTP_ACF_CAN_XL ? ACF_TSTAMP_LEN : 0,
				    bus_id, xl, drop);
	default:
		*drop = AVTP_DROP_ACF_OTHER;
		return AVTP_MSG_DROP;
	}
}
