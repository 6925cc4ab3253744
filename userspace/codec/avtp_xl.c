// SPDX-License-Identifier: GPL-2.0
/*
 * CAN XL reassembly: the segments of a frame (ACF_CAN_XL messages with one
 * transaction_num, segment_num 0, 1, ..., ms on all but the last) must
 * arrive in order with nothing between and repeat the first one's header
 * fields; anything else drops the frame, counted once.
 */
#include <string.h>

#include "avtp.h"
#include "avtp_dec.h"
#include "avtp_wire.h"

void avtp_xl_rx_reset(struct avtp_xl_rx *xl)
{
	xl->busy = false;
	xl->skip = false;
}

/* Drops the frame of transaction @tn: its later segments go uncounted. */
static enum avtp_msg xl_drop(struct avtp_xl_rx *xl, uint8_t tn, enum avtp_drop *drop)
{
	xl->busy = false;
	xl->skip = true;
	xl->tn = tn;
	*drop = AVTP_DROP_ACF_XL_SEGMENT;
	return AVTP_MSG_DROP;
}

enum avtp_msg avtp_xl_take(struct avtp_pdu *p, const uint8_t *m, size_t mlen,
			   unsigned int ts_len, int bus_id, struct avtp_xl_rx *xl,
			   enum avtp_drop *drop)
{
	unsigned int hdr = 4 + ts_len + ACF_XL_TAIL_LEN, pad = m[2] >> ACF_PAD_SHIFT, plen;
	unsigned int bus = get_be16(m + 2) & ACF_XL_BUS_ID_MASK, seg, num;
	const uint8_t *t = m + 4 + ts_len;
	uint64_t ts = 0;
	uint32_t key[4];
	uint16_t pw;
	uint8_t tn;
	bool mtv;

	/* the first 4 bytes are there; the rest only if it is this long */
	if (mlen <= hdr + pad) {
		*drop = AVTP_DROP_ACF_MALFORMED;	/* or a segment without data */
		return AVTP_MSG_DROP;
	}
	seg = get_be16(t + ACF_XL_SEG);
	num = seg & ACF_XL_SEG_MASK;
	pw = get_be16(t + ACF_XL_PRIO);
	tn = t[ACF_XL_TN];
	if (!avtp_bus_ok(bus_id, bus)) {
		*drop = AVTP_DROP_ACF_BUS_ID;
		return AVTP_MSG_DROP;
	}
	plen = mlen - hdr - pad;
	mtv = ts_len && (m[2] & ACF_MTV);
	if (mtv)
		ts = get_be64(m + ACF_TSTAMP_OFF);
	key[0] = (pw & ACF_XL_PRIO_MASK) | (uint32_t)t[ACF_XL_VCID] << AVTP_CANXL_VCID_OFFSET;
	key[1] = get_be32(t + ACF_XL_AF);
	key[2] = t[ACF_XL_SDT] | (uint32_t)(pw & (ACF_XL_RRS | ACF_XL_SEC)) << 8;
	key[3] = mtv | bus << 1;

	if (!num) {
		if (xl->busy) {
			/* a new frame before the end of the last one */
			p->off -= mlen;
			return xl_drop(xl, xl->tn, drop);
		}
		xl->busy = true;
		xl->skip = false;
		xl->tn = tn;
		xl->next_seg = 0;
		memcpy(xl->key, key, sizeof(key));
		xl->mtv = mtv;
		xl->tstamp_ns = ts;
		xl->xf.prio = key[0];
		xl->xf.flags = CANXL_XLF;
		if (pw & ACF_XL_SEC)
			xl->xf.flags |= CANXL_SEC;
		if (pw & ACF_XL_RRS)
			xl->xf.flags |= AVTP_CANXL_RRS;
		xl->xf.sdt = t[ACF_XL_SDT];
		xl->xf.af = key[1];
		xl->xf.len = 0;
	} else if (!xl->busy) {
		if (xl->skip && tn == xl->tn)
			return AVTP_MSG_XL_PART;	/* of a frame counted already */
		return xl_drop(xl, tn, drop);		/* its start was lost */
	} else if (tn != xl->tn) {
		/* another frame's segment: this one ended early; read it
		 * again, as the segment of a frame whose start was lost
		 */
		p->off -= mlen;
		return xl_drop(xl, xl->tn, drop);
	} else if (num != xl->next_seg || ts != xl->tstamp_ns ||
		   memcmp(key, xl->key, sizeof(key))) {
		return xl_drop(xl, tn, drop);
	}

	if (xl->xf.len + plen > CANXL_MAX_DLEN)
		return xl_drop(xl, tn, drop);
	memcpy(xl->xf.data + xl->xf.len, m + hdr, plen);
	xl->xf.len += plen;
	xl->next_seg++;
	if (seg & ACF_XL_MS)
		return AVTP_MSG_XL_PART;
	xl->busy = false;
	return AVTP_MSG_XL;
}
