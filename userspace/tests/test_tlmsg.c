// SPDX-License-Identifier: GPL-2.0
/*
 * The timeline's messages (tlmsg.c): frames of each kind and heartbeats
 * come back as they were written, in any run; what is cut short or too
 * long for its type is refused, not read past; a kind of a later version
 * is skipped by its length.
 */
#include <stdlib.h>
#include <string.h>

#include "tlmsg.h"
#include "tap.h"

static uint8_t buf[4 * TLMSG_FRAME_MAX];
static struct tlmsg_entry e;

static int test_tlmsg_roundtrip(const void *data)
{
	struct tlmsg_frame in[3];
	struct tlmsg_hb hb = { .flags = TLMSG_F_READY, .mark = -5, .sent = 7, .nacks = 2 };
	size_t len = 0, off = 0, n;
	unsigned int i;

	memset(in, 0, sizeof(in));
	in[0] = (struct tlmsg_frame){ .type = TLMSG_CAN, .seq = 1, .submit = 1000, .node = 42 };
	in[0].cf.can_id = 0x123 | CAN_RTR_FLAG;
	in[0].cf.len = 8;
	in[0].cf.__res1 = 12;	/* len8_dlc: struct can_frame's last header byte */
	{
		struct can_frame cc = { .len = 8, .len8_dlc = 12 };

		/* as fwd_tl.c takes a classic frame into cf */
		memcpy(&e.fr.cf, &cc, sizeof(cc));
		CHECK_INT(e.fr.cf.__res1, 12);
	}
	memcpy(in[0].cf.data, "\1\2\3\4\5\6\7\10", 8);
	in[1] = (struct tlmsg_frame){ .type = TLMSG_CANFD, .seq = 2, .submit = 1001 };
	in[1].cf.can_id = 0x1abcdef0 | CAN_EFF_FLAG;
	in[1].cf.len = 64;
	in[1].cf.flags = CANFD_BRS | CANFD_FDF;
	memset(in[1].cf.data, 0xa5, 64);
	in[2] = (struct tlmsg_frame){ .type = TLMSG_CANXL, .seq = UINT64_MAX, .submit = INT64_MAX };
	in[2].xl.prio = 0x7ff;
	in[2].xl.flags = CANXL_XLF;
	in[2].xl.sdt = 3;
	in[2].xl.len = CANXL_MAX_DLEN;
	in[2].xl.af = 0xdeadbeef;
	memset(in[2].xl.data, 0x5a, CANXL_MAX_DLEN);
	hb.acks[0] = (struct tlmsg_ack){ 0x11223344, 9, 0 };
	hb.acks[1] = (struct tlmsg_ack){ 0xffffffff, UINT64_MAX, TLMSG_ACK_CUT };

	for (i = 0; i < 3; i++) {
		n = tlmsg_put_frame(buf + len, sizeof(buf) - len, &in[i]);
		CHECK(n > 0);
		len += n;
	}
	n = tlmsg_put_hb(buf + len, sizeof(buf) - len, &hb);
	CHECK_INT(n, TLMSG_HB_HDR + 2 * TLMSG_ACK);
	len += n;
	for (i = 0; i < 3; i++) {
		CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_FRAME);
		CHECK_INT(e.fr.type, in[i].type);
		CHECK(e.fr.seq == in[i].seq && e.fr.submit == in[i].submit && e.fr.node == in[i].node);
		if (in[i].type == TLMSG_CANXL)
			CHECK(!memcmp(&e.fr.xl, &in[i].xl, CANXL_HDR_SIZE + CANXL_MAX_DLEN));
		else
			CHECK(!memcmp(&e.fr.cf, &in[i].cf, CANFD_MTU));
	}
	CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_HEARTBEAT);
	CHECK(e.hb.flags == hb.flags && e.hb.mark == hb.mark && e.hb.sent == hb.sent);
	CHECK_INT(e.hb.nacks, 2);
	CHECK(e.hb.acks[1].member == 0xffffffff && e.hb.acks[1].seq == UINT64_MAX);
	CHECK_INT(e.hb.acks[1].flags, TLMSG_ACK_CUT);
	CHECK(e.hb.acks[0].member == 0x11223344 && e.hb.acks[0].seq == 9);
	CHECK_INT(e.hb.acks[0].flags, 0);
	CHECK_INT(off, len);
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	return TAP_PASS;
}

static int test_tlmsg_refused(const void *data)
{
	struct tlmsg_frame fr = { .type = TLMSG_CAN };
	struct tlmsg_hb hb = { .nacks = TLMSG_ACKS_MAX + 1 };
	size_t len, off, cut;

	/* not frames of their type: nothing written */
	fr.cf.len = 9;
	CHECK_INT(tlmsg_put_frame(buf, sizeof(buf), &fr), 0);
	fr.type = TLMSG_CANXL;
	fr.xl.len = 0;
	CHECK_INT(tlmsg_put_frame(buf, sizeof(buf), &fr), 0);
	CHECK_INT(tlmsg_put_hb(buf, sizeof(buf), &hb), 0);
	fr.type = TLMSG_CANFD;
	fr.cf.len = 12;
	CHECK_INT(tlmsg_put_frame(buf, TLMSG_FRAME_HDR + TLMSG_CAN_HDR + 11, &fr), 0);
	len = tlmsg_put_frame(buf, sizeof(buf), &fr);
	CHECK_INT(len, TLMSG_FRAME_HDR + TLMSG_CAN_HDR + 12);

	/* every cut is refused, and nothing past it read (a buffer of
	 * exactly the cut: the sanitizers see a read beyond it)
	 */
	for (cut = 0; cut < len; cut++) {
		uint8_t *part = malloc(cut ? cut : 1);

		CHECK(part != NULL);
		memcpy(part, buf, cut);
		off = 0;
		CHECK_INT(tlmsg_get(part, cut, &off, &e), -1);
		free(part);
		CHECK_INT(off, 0);
	}
	/* a frame's length that is not its len's */
	buf[TLMSG_FRAME_HDR + 4] = 11;
	off = 0;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	buf[TLMSG_FRAME_HDR + 4] = 12;
	/* a classic frame of 9 bytes, in an entry that says so */
	buf[1] = TLMSG_CAN;
	off = 0;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	/* no such type */
	buf[1] = TLMSG_CANXL + 1;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	buf[1] = TLMSG_CANFD;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_FRAME);
	/* a heartbeat of more acks than there may be, or of a part of one */
	hb.nacks = 1;
	len = tlmsg_put_hb(buf, sizeof(buf), &hb);
	memset(buf + len, 0, TLMSG_ACKS_MAX * TLMSG_ACK);
	buf[2] = (TLMSG_HB_HDR + (TLMSG_ACKS_MAX + 1) * TLMSG_ACK) >> 8;
	buf[3] = (TLMSG_HB_HDR + (TLMSG_ACKS_MAX + 1) * TLMSG_ACK) & 0xff;
	off = 0;
	CHECK_INT(tlmsg_get(buf, sizeof(buf), &off, &e), -1);
	buf[2] = 0;
	buf[3] = TLMSG_HB_HDR + TLMSG_ACK - 1;
	CHECK_INT(tlmsg_get(buf, sizeof(buf), &off, &e), -1);
	/* an entry shorter than its header, or longer than the message */
	buf[3] = TLMSG_ENTRY_HDR - 1;
	CHECK_INT(tlmsg_get(buf, sizeof(buf), &off, &e), -1);
	buf[3] = TLMSG_HB_HDR + TLMSG_ACK;
	CHECK_INT(tlmsg_get(buf, len - 1, &off, &e), -1);
	CHECK_INT(off, 0);
	/* a kind of a later version is skipped by its length */
	buf[0] = 9;
	buf[3] = 6;
	len = tlmsg_put_hb(buf + 6, sizeof(buf) - 6, &hb) + 6;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), 0);
	CHECK_INT(off, 6);
	CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_HEARTBEAT);
	CHECK_INT(off, len);
	return TAP_PASS;
}

/* A CAN XL entry as long as the longest message, whose len says what it
 * holds but more than a CAN XL frame can: refused before a byte of it is
 * copied (the guard after the frame stays clear)
 */
static int test_tlmsg_xl_too_long(const void *data)
{
	static struct {
		struct tlmsg_entry e;
		uint8_t guard[64];
	} g;
	static uint8_t m[2124];		/* PYCAN_XL_DGRAM_MAX */
	size_t xl_len = sizeof(m) - TLMSG_FRAME_HDR - TLMSG_XL_HDR, off = 0, i;

	memset(m, 0x41, sizeof(m));
	m[0] = TLMSG_FRAME;
	m[1] = TLMSG_CANXL;
	m[2] = sizeof(m) >> 8;
	m[3] = sizeof(m) & 0xff;
	m[TLMSG_FRAME_HDR + 6] = (uint8_t)(xl_len >> 8);
	m[TLMSG_FRAME_HDR + 7] = (uint8_t)xl_len;
	memset(g.guard, 0, sizeof(g.guard));
	CHECK_INT(tlmsg_get(m, sizeof(m), &off, &g.e), -1);
	CHECK_INT(off, 0);
	for (i = 0; i < sizeof(g.guard); i++)
		CHECK_INT(g.guard[i], 0);
	return TAP_PASS;
}

/* A heartbeat that names one member twice: refused. Members compare sets
 * by count and by name (fwd_tl.c), so [a, a, b] must not pass for [a, b, c]
 */
static int test_tlmsg_hb_twice(const void *data)
{
	struct tlmsg_hb hb = { .flags = TLMSG_F_READY, .nacks = 3 };
	size_t len, off = 0;

	hb.acks[0] = (struct tlmsg_ack){ 0xa, 1, 0 };
	hb.acks[1] = (struct tlmsg_ack){ 0xb, 2, 0 };
	hb.acks[2] = (struct tlmsg_ack){ 0xc, 3, 0 };
	len = tlmsg_put_hb(buf, sizeof(buf), &hb);
	CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_HEARTBEAT);
	hb.acks[2].member = 0xa;
	len = tlmsg_put_hb(buf, sizeof(buf), &hb);
	off = 0;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	CHECK_INT(off, 0);
	return TAP_PASS;
}

/* A digest comes back as written; one too short is garbled, one longer
 * (of a later version) is read and skipped whole
 */
static int test_tlmsg_digest(const void *data)
{
	struct tldigest_point dg = { .at = -7, .n = UINT64_MAX, .sum = 0x0123456789abcdefULL };
	size_t len, off = 0;

	CHECK_INT(tlmsg_put_digest(buf, TLMSG_DIGEST_LEN - 1, &dg), 0);
	len = tlmsg_put_digest(buf, sizeof(buf), &dg);
	CHECK_INT(len, TLMSG_DIGEST_LEN);
	CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_DIGEST);
	CHECK(e.dg.at == dg.at && e.dg.n == dg.n && e.dg.sum == dg.sum);
	CHECK_INT(off, len);
	buf[3] = TLMSG_DIGEST_LEN - 1;
	off = 0;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	CHECK_INT(off, 0);
	buf[3] = TLMSG_DIGEST_LEN + 8;
	memset(&e.dg, 0, sizeof(e.dg));
	CHECK_INT(tlmsg_get(buf, len + 8, &off, &e), TLMSG_DIGEST);
	CHECK(e.dg.at == dg.at && e.dg.n == dg.n && e.dg.sum == dg.sum);
	CHECK_INT(off, len + 8);
	return TAP_PASS;
}

/* A clock entry comes back as written, negative stamps included; one that
 * names a member twice, or holds a part of an echo, is garbled
 */
static int test_tlmsg_clock(const void *data)
{
	struct tlmsg_clock ck = { .sent = 1764899999123456789LL, .n = 2 };
	size_t len, off = 0, cut;
	unsigned int i;

	ck.echo[0] = (struct tlmsg_echo){ 0xa, -1, INT64_MAX };
	ck.echo[1] = (struct tlmsg_echo){ 0xffffffff, INT64_MIN, 42 };
	CHECK_INT(tlmsg_put_clock(buf, TLMSG_CLOCK_HDR + 2 * TLMSG_ECHO - 1, &ck), 0);
	len = tlmsg_put_clock(buf, sizeof(buf), &ck);
	CHECK_INT(len, TLMSG_CLOCK_HDR + 2 * TLMSG_ECHO);
	memset(&e.ck, 0, sizeof(e.ck));
	CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_CLOCK);
	CHECK_INT(off, len);
	CHECK(e.ck.sent == ck.sent);
	CHECK_INT(e.ck.n, 2);
	for (i = 0; i < 2; i++)
		CHECK(e.ck.echo[i].member == ck.echo[i].member && e.ck.echo[i].t1 == ck.echo[i].t1 &&
		      e.ck.echo[i].t2 == ck.echo[i].t2);
	/* a part of an echo */
	for (cut = 1; cut < TLMSG_ECHO; cut++) {
		buf[3] = (uint8_t)(len - cut);
		off = 0;
		CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
		CHECK_INT(off, 0);
	}
	buf[3] = (uint8_t)len;
	/* a member twice */
	ck.echo[1].member = 0xa;
	len = tlmsg_put_clock(buf, sizeof(buf), &ck);
	off = 0;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	/* more echoes than members: not written, and refused when read */
	ck.n = TLMSG_ACKS_MAX + 1;
	CHECK_INT(tlmsg_put_clock(buf, sizeof(buf), &ck), 0);
	ck.n = TLMSG_ACKS_MAX;
	for (i = 0; i < ck.n; i++)
		ck.echo[i].member = i;
	len = tlmsg_put_clock(buf, sizeof(buf), &ck);
	CHECK_INT(len, TLMSG_CLOCK_MAX);
	memset(buf + len, 0, TLMSG_ECHO);
	memset(buf + len, 0x7f, 4);	/* a member of its own */
	len += TLMSG_ECHO;
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	off = 0;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	/* shorter than its header, or of echoes shorter than they are */
	buf[2] = 0;
	buf[3] = TLMSG_CLOCK_HDR - 1;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	ck.n = 1;
	len = tlmsg_put_clock(buf, sizeof(buf), &ck);
	buf[1] = TLMSG_ECHO - 1;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	buf[1] = TLMSG_ECHO / 2;	/* would divide the entry into two */
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	buf[1] = 0;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), -1);
	CHECK_INT(off, 0);
	/* a later version's longer echoes: read, the rest of each skipped */
	ck.n = 2;
	ck.echo[1] = (struct tlmsg_echo){ 0xb, 5, 6 };
	len = tlmsg_put_clock(buf, sizeof(buf), &ck);
	memmove(buf + TLMSG_CLOCK_HDR + TLMSG_ECHO + 8, buf + TLMSG_CLOCK_HDR + TLMSG_ECHO,
		TLMSG_ECHO);
	memset(buf + TLMSG_CLOCK_HDR + TLMSG_ECHO, 0xee, 8);
	memset(buf + TLMSG_CLOCK_HDR + 2 * TLMSG_ECHO + 8, 0xee, 8);
	len += 16;
	buf[1] = TLMSG_ECHO + 8;
	buf[3] = (uint8_t)len;
	CHECK_INT(tlmsg_get(buf, len, &off, &e), TLMSG_CLOCK);
	CHECK_INT(off, len);
	CHECK_INT(e.ck.n, 2);
	CHECK(e.ck.echo[1].member == 0xb && e.ck.echo[1].t1 == 5 && e.ck.echo[1].t2 == 6);
	return TAP_PASS;
}

void test_tlmsg_register(void)
{
	tap_add(test_tlmsg_roundtrip, NULL,
		"tlmsg: CAN, CAN FD and CAN XL frames and heartbeats come back as written");
	tap_add(test_tlmsg_refused, NULL,
		"tlmsg: cut, over-long and mislabelled entries are refused; unknown kinds are skipped");
	tap_add(test_tlmsg_xl_too_long, NULL,
		"tlmsg: a CAN XL entry longer than a CAN XL frame is refused, nothing copied past it");
	tap_add(test_tlmsg_hb_twice, NULL, "tlmsg: a heartbeat that names a member twice is refused");
	tap_add(test_tlmsg_digest, NULL,
		"tlmsg: a digest comes back as written; one too short is refused, a longer one read");
	tap_add(test_tlmsg_clock, NULL,
		"tlmsg: a clock entry comes back as written; bad lengths refused, longer echoes read");
}
