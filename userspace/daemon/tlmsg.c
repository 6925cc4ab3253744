// SPDX-License-Identifier: GPL-2.0
/*
 * The timeline's messages; see tlmsg.h.
 */
#include <string.h>

#include "tlmsg.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* The bytes of @fr's frame on the wire, 0 if it is not one */
static size_t frame_bytes(const struct tlmsg_frame *fr)
{
	switch (fr->type) {
	case TLMSG_CAN:
		return fr->cf.len <= CAN_MAX_DLEN ? TLMSG_CAN_HDR + fr->cf.len : 0;
	case TLMSG_CANFD:
		return fr->cf.len <= CANFD_MAX_DLEN ? TLMSG_CAN_HDR + fr->cf.len : 0;
	case TLMSG_CANXL:
		return fr->xl.len >= CANXL_MIN_DLEN && fr->xl.len <= CANXL_MAX_DLEN ?
		       TLMSG_XL_HDR + fr->xl.len : 0;
	}
	return 0;
}

size_t tlmsg_put_frame(uint8_t *buf, size_t room, const struct tlmsg_frame *fr)
{
	size_t n = frame_bytes(fr);
	uint8_t *p = buf + TLMSG_FRAME_HDR;

	if (!n || room < TLMSG_FRAME_HDR + n)
		return 0;
	buf[0] = TLMSG_FRAME;
	buf[1] = (uint8_t)fr->type;
	put16(buf + 2, (uint16_t)(TLMSG_FRAME_HDR + n));
	put64(buf + 4, fr->seq);
	put64(buf + 12, (uint64_t)fr->submit);
	put64(buf + 20, fr->node);
	if (fr->type == TLMSG_CANXL) {
		put32(p, fr->xl.prio);
		p[4] = fr->xl.flags;
		p[5] = fr->xl.sdt;
		put16(p + 6, fr->xl.len);
		put32(p + 8, fr->xl.af);
		memcpy(p + TLMSG_XL_HDR, fr->xl.data, fr->xl.len);
	} else {
		put32(p, fr->cf.can_id);
		p[4] = fr->cf.len;
		p[5] = fr->cf.flags;
		p[6] = fr->cf.__res1;	/* a classic frame's len8_dlc */
		p[7] = 0;
		memcpy(p + TLMSG_CAN_HDR, fr->cf.data, fr->cf.len);
	}
	return TLMSG_FRAME_HDR + n;
}

size_t tlmsg_put_hb(uint8_t *buf, size_t room, const struct tlmsg_hb *hb)
{
	size_t n = TLMSG_HB_HDR + (size_t)hb->nacks * TLMSG_ACK;
	unsigned int i;

	if (hb->nacks > TLMSG_ACKS_MAX || room < n)
		return 0;
	buf[0] = TLMSG_HEARTBEAT;
	buf[1] = hb->flags;
	put16(buf + 2, (uint16_t)n);
	put64(buf + 4, (uint64_t)hb->mark);
	put64(buf + 12, hb->sent);
	for (i = 0; i < hb->nacks; i++) {
		uint8_t *a = buf + TLMSG_HB_HDR + i * TLMSG_ACK;

		put32(a, hb->acks[i].member);
		put32(a + 4, hb->acks[i].flags);
		put64(a + 8, hb->acks[i].seq);
	}
	return n;
}

size_t tlmsg_put_digest(uint8_t *buf, size_t room, const struct tldigest_point *dg)
{
	if (room < TLMSG_DIGEST_LEN)
		return 0;
	buf[0] = TLMSG_DIGEST;
	buf[1] = 0;
	put16(buf + 2, TLMSG_DIGEST_LEN);
	put64(buf + 4, (uint64_t)dg->at);
	put64(buf + 12, dg->n);
	put64(buf + 20, dg->sum);
	return TLMSG_DIGEST_LEN;
}

size_t tlmsg_put_clock(uint8_t *buf, size_t room, const struct tlmsg_clock *ck)
{
	size_t n = TLMSG_CLOCK_HDR + (size_t)ck->n * TLMSG_ECHO;
	unsigned int i;

	if (ck->n > TLMSG_ACKS_MAX || room < n)
		return 0;
	buf[0] = TLMSG_CLOCK;
	buf[1] = TLMSG_ECHO;
	put16(buf + 2, (uint16_t)n);
	put64(buf + 4, (uint64_t)ck->sent);
	for (i = 0; i < ck->n; i++) {
		uint8_t *a = buf + TLMSG_CLOCK_HDR + i * TLMSG_ECHO;

		put32(a, ck->echo[i].member);
		put32(a + 4, 0);
		put64(a + 8, (uint64_t)ck->echo[i].t1);
		put64(a + 16, (uint64_t)ck->echo[i].t2);
	}
	return n;
}

/* The frame entry @e of @n bytes, its length checked */
static int get_frame(const uint8_t *e, size_t n, struct tlmsg_frame *fr)
{
	const uint8_t *p = e + TLMSG_FRAME_HDR;

	if (n < TLMSG_FRAME_HDR || e[1] > TLMSG_CANXL)
		return -1;
	n -= TLMSG_FRAME_HDR;
	memset(fr, 0, sizeof(*fr));
	fr->type = (enum tlmsg_type)e[1];
	fr->seq = get64(e + 4);
	fr->submit = (int64_t)get64(e + 12);
	fr->node = get64(e + 20);
	if (fr->type == TLMSG_CANXL) {
		if (n < TLMSG_XL_HDR)
			return -1;
		fr->xl.prio = get32(p);
		fr->xl.flags = p[4];
		fr->xl.sdt = p[5];
		fr->xl.len = get16(p + 6);
		fr->xl.af = get32(p + 8);
		if (fr->xl.len != n - TLMSG_XL_HDR || fr->xl.len > CANXL_MAX_DLEN)
			return -1;
		memcpy(fr->xl.data, p + TLMSG_XL_HDR, fr->xl.len);
	} else {
		if (n < TLMSG_CAN_HDR)
			return -1;
		fr->cf.can_id = get32(p);
		fr->cf.len = p[4];
		fr->cf.flags = p[5];
		fr->cf.__res1 = p[6];
		if (fr->cf.len != n - TLMSG_CAN_HDR || fr->cf.len > CANFD_MAX_DLEN)
			return -1;
		memcpy(fr->cf.data, p + TLMSG_CAN_HDR, fr->cf.len);
	}
	return frame_bytes(fr) == n ? 0 : -1;
}

/* The heartbeat entry @e of @n bytes, its length checked, each member
 * named once
 */
static int get_hb(const uint8_t *e, size_t n, struct tlmsg_hb *hb)
{
	unsigned int i, j;

	if (n < TLMSG_HB_HDR || (n - TLMSG_HB_HDR) % TLMSG_ACK ||
	    (n - TLMSG_HB_HDR) / TLMSG_ACK > TLMSG_ACKS_MAX)
		return -1;
	hb->flags = e[1];
	hb->nacks = (unsigned int)((n - TLMSG_HB_HDR) / TLMSG_ACK);
	hb->mark = (int64_t)get64(e + 4);
	hb->sent = get64(e + 12);
	for (i = 0; i < hb->nacks; i++) {
		const uint8_t *a = e + TLMSG_HB_HDR + i * TLMSG_ACK;

		hb->acks[i].member = get32(a);
		hb->acks[i].seq = get64(a + 8);
		hb->acks[i].flags = get32(a + 4);
		for (j = 0; j < i; j++)
			if (hb->acks[j].member == hb->acks[i].member)
				return -1;
	}
	return 0;
}

/* The clock entry @e of @n bytes, its lengths checked, each member once */
static int get_clock(const uint8_t *e, size_t n, struct tlmsg_clock *ck)
{
	size_t esize = e[1];
	unsigned int i, j;

	if (esize < TLMSG_ECHO || n < TLMSG_CLOCK_HDR || (n - TLMSG_CLOCK_HDR) % esize ||
	    (n - TLMSG_CLOCK_HDR) / esize > TLMSG_ACKS_MAX)
		return -1;
	ck->sent = (int64_t)get64(e + 4);
	ck->n = (unsigned int)((n - TLMSG_CLOCK_HDR) / esize);
	for (i = 0; i < ck->n; i++) {
		const uint8_t *a = e + TLMSG_CLOCK_HDR + i * esize;

		ck->echo[i].member = get32(a);
		ck->echo[i].t1 = (int64_t)get64(a + 8);
		ck->echo[i].t2 = (int64_t)get64(a + 16);
		for (j = 0; j < i; j++)
			if (ck->echo[j].member == ck->echo[i].member)
				return -1;
	}
	return 0;
}

int tlmsg_get(const uint8_t *buf, size_t len, size_t *off, struct tlmsg_entry *out)
{
	const uint8_t *e = buf + *off;
	size_t n;
	int kind, err = 0;

	if (*off >= len || len - *off < TLMSG_ENTRY_HDR)
		return -1;
	kind = e[0];
	n = get16(e + 2);
	if (n < TLMSG_ENTRY_HDR || n > len - *off)
		return -1;
	if (kind == TLMSG_FRAME)
		err = get_frame(e, n, &out->fr);
	else if (kind == TLMSG_HEARTBEAT)
		err = get_hb(e, n, &out->hb);
	else if (kind == TLMSG_DIGEST && n >= TLMSG_DIGEST_LEN)
		out->dg = (struct tldigest_point){
			.at = (int64_t)get64(e + 4), .n = get64(e + 12), .sum = get64(e + 20),
		};
	else if (kind == TLMSG_DIGEST)
		err = -1;
	else if (kind == TLMSG_CLOCK)
		err = get_clock(e, n, &out->ck);
	else
		kind = 0;	/* of a later version: skipped */
	if (err)
		return -1;
	*off += n;
	return kind;
}
