// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the IEEE 1722 codec: every frame kind there and back,
 * batching, PDU size limits, CAN XL segmentation and reassembly with lost,
 * reordered and duplicate segments; TAP output (userspace/tests/tap.c).
 * Malformed input and the sequence check are in test_avtp_bad.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avtp_test.h"
#include "avtp_wire.h"

void test_avtp_bad_register(void);

static struct run run;
static struct item items[4096];
static struct canxl_frame xfs[64];

static const uint8_t fd_lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64 };

static void can_item(struct item *it, canid_t id, unsigned int len, bool fd, uint8_t flags)
{
	memset(it, 0, sizeof(*it));
	it->fd = fd;
	it->cf.can_id = id;
	it->cf.len = len;
	it->cf.flags = flags;
	rnd_bytes(it->cf.data, fd ? CANFD_MAX_DLEN : CAN_MAX_DLEN);
	it->ts = (uint64_t)rnd() << 32 | rnd();
	it->bus = rnd() % (AVTP_CAN_BUS_ID_MAX + 1);
}

static void xl_item(struct item *it, struct canxl_frame *xf, unsigned int len)
{
	memset(it, 0, sizeof(*it));
	memset(xf, 0, sizeof(*xf));
	xf->prio = rnd();	/* reserved bits too: they are not sent */
	xf->flags = CANXL_XLF | (rnd() & (CANXL_SEC | AVTP_CANXL_RRS | 0x40));
	xf->sdt = rnd();
	xf->af = rnd();
	xf->len = len;
	rnd_bytes(xf->data, len);
	it->xl = true;
	it->xf = xf;
	it->ts = (uint64_t)rnd() << 32 | rnd();
	it->bus = rnd() % (AVTP_XL_BUS_ID_MAX + 1);
}

/* Encodes @n items with @udp and @max_pdu, decodes, compares. */
static bool round_trip(const struct item *it, size_t n, bool udp, size_t max_pdu)
{
	struct avtp_enc e;
	struct sink s;
	size_t i, d;

	if (avtp_enc_init(&e, 0x0123456789abcdefULL, udp, max_pdu))
		return FAIL("init refused max_pdu %zu", max_pdu);
	if (!encode_run(&e, it, n, &run))
		return false;
	sink_init(&s, it, n);
	for (i = 0; i < run.n; i++)
		if (sink_pdu(&s, run.buf + run.off[i], run.len[i], udp))
			return FAIL("PDU %zu refused", i);
	for (d = 0; d < AVTP_DROP_CNT; d++)
		if (s.drops[d])
			return FAIL("%lu dropped as %s", s.drops[d], avtp_drop_name(d));
	if (s.bad || s.next != n)
		return FAIL("%zu of %zu frames came back", s.next, n);
	return true;
}

static bool test_classic(void)
{
	static const canid_t ids[] = { 0, 0x123, 0x7ff, CAN_EFF_FLAG, CAN_EFF_FLAG | 0x1abcdef,
				       CAN_EFF_FLAG | CAN_EFF_MASK, 0x7ff | CAN_RTR_FLAG,
				       CAN_EFF_FLAG | CAN_RTR_FLAG | 0x1234567 };
	size_t n = 0, i;
	unsigned int len;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		for (len = 0; len <= CAN_MAX_DLEN; len++)
			can_item(&items[n++], ids[i], len, false, rnd());	/* flags: not sent */
	return round_trip(items, n, true, 1200) && round_trip(items, n, false, 1500) &&
	       round_trip(items, n, true, AVTP_PDU_MIN);
}

static bool test_fd(void)
{
	static const uint8_t flags[] = { 0, CANFD_BRS, CANFD_ESI, CANFD_BRS | CANFD_ESI };
	size_t n = 0, i, f;

	for (i = 0; i < sizeof(fd_lens); i++)
		for (f = 0; f < sizeof(flags); f++) {
			can_item(&items[n++], rnd() & CAN_SFF_MASK, fd_lens[i], true, flags[f]);
			can_item(&items[n++], CAN_EFF_FLAG | (rnd() & CAN_EFF_MASK), fd_lens[i],
				 true, flags[f] | CANFD_FDF);
		}
	return round_trip(items, n, true, 1200) && round_trip(items, n, false, 1500) &&
	       round_trip(items, n, false, AVTP_PDU_MIN);
}

/* A remote frame's DLC crosses as that many zero bytes, as avtp.h says:
 * whatever its data held, none of it goes out.
 */
static bool test_rtr_dlc(void)
{
	struct avtp_enc e;
	uint8_t buf[256];
	struct item it;
	unsigned int i;

	can_item(&it, 0x100 | CAN_RTR_FLAG, 5, false, 0);
	memset(it.cf.data, 0xa5, sizeof(it.cf.data));
	avtp_enc_init(&e, 1, false, 256);
	avtp_enc_start(&e, buf);
	if (avtp_enc_can(&e, &it.cf, false, 0, 0))
		return FAIL("refused");
	if (avtp_enc_finish(&e) != AVTP_NTSCF_HDR_LEN + AVTP_CAN_HDR_LEN + 8 || buf[14] >> 6 != 3)
		return FAIL("not 5 bytes of payload, padded by 3");
	for (i = 0; i < 8; i++)
		if (buf[AVTP_NTSCF_HDR_LEN + AVTP_CAN_HDR_LEN + i])
			return FAIL("data of a remote frame sent");
	return round_trip(&it, 1, false, 256);
}

/* What Open1722's listener takes: at most AVTP_PDU_MSGS_MAX messages a PDU,
 * never ACF-CAN and ACF_CAN_XL ones in the same PDU
 */
static bool test_open1722_pdus(void)
{
	static uint8_t buf[65536];
	static struct canxl_frame xf;
	struct canfd_frame cf = { .can_id = 0x123, .len = 1 };
	size_t pos = 0, len;
	unsigned int i, n = 0, msgs, types;
	struct avtp_enc e;
	struct avtp_pdu p;

	xf.flags = CANXL_XLF;
	xf.len = 100;
	avtp_enc_init(&e, 1, true, 1200);
	avtp_enc_start(&e, buf);
	for (i = 0; i < 200; i++) {
		int ret;

		do {
			ret = i % 7 == 3 ? avtp_enc_xl(&e, &xf, 0, 0) : avtp_enc_can(&e, &cf, false, 0, 0);
			if (ret == -ENOSPC) {
				pos += avtp_enc_finish(&e);
				avtp_enc_start(&e, buf + pos);
			}
		} while (ret == -ENOSPC);
		if (ret)
			return FAIL("frame %u refused", i);
	}
	len = avtp_enc_finish(&e);
	pos += len;
	for (i = 0; i < pos; i += len, n++) {
		struct avtp_frame fr;
		struct avtp_xl_rx xl = { 0 };
		enum avtp_drop drop;
		enum avtp_msg m;

		if (avtp_parse(&p, buf + i, pos - i, true))
			return FAIL("PDU %u refused", n);
		len = AVTP_UDP_HDR_LEN + AVTP_NTSCF_HDR_LEN + p.acf_len;
		for (msgs = 0, types = 0; (m = avtp_next(&p, -1, &fr, &xl, &drop)) != AVTP_MSG_END;
		     msgs++)
			types |= m == AVTP_MSG_CAN ? 1 : 2;
		if (msgs > AVTP_PDU_MSGS_MAX || types == 3)
			return FAIL("PDU %u: %u messages, kinds %#x", n, msgs, types);
	}
	tap_diag("200 frames in %u PDUs", n);
	return true;
}

static bool test_xl_sizes(void)
{
	static const size_t pdus[][2] = { { 1, 1200 }, { 0, 1500 }, { 1, AVTP_PDU_MAX },
					  { 0, AVTP_PDU_MAX }, { 1, AVTP_PDU_MIN }, { 0, 333 } };
	unsigned int len, p, k;

	for (p = 0; p < sizeof(pdus) / sizeof(pdus[0]); p++) {
		for (len = 1; len <= CANXL_MAX_DLEN; len += k) {
			/* each size, a batch of frames at a time */
			for (k = 0; k < 16 && len + k <= CANXL_MAX_DLEN; k++)
				xl_item(&items[k], &xfs[k], len + k);
			if (!round_trip(items, k, pdus[p][0], pdus[p][1]))
				return FAIL("size %u.., udp %zu, max_pdu %zu", len, pdus[p][0],
					    pdus[p][1]);
		}
	}
	return true;
}

/* CAN, FD and XL frames mixed, many to a PDU, in runs of PDUs. */
static bool test_batching(void)
{
	struct avtp_enc e;
	size_t n = 2000, i, k = 0;

	for (i = 0; i < n; i++) {
		unsigned int r = rnd() % 10;

		if (r == 0 && k < 64)
			xl_item(&items[i], &xfs[k], 1 + rnd() % CANXL_MAX_DLEN), k++;
		else if (r < 5)
			can_item(&items[i], rnd() & CAN_SFF_MASK, rnd() % 9, false, 0);
		else
			can_item(&items[i], CAN_EFF_FLAG | (rnd() & CAN_EFF_MASK),
				 fd_lens[rnd() % sizeof(fd_lens)], true, rnd() & 3);
	}
	if (!round_trip(items, n, true, 1200) || !round_trip(items, n, false, 1500))
		return false;

	/* 1200-byte PDUs of 8-byte frames: AVTP_PDU_MSGS_MAX to a PDU, sequence
	 * numbers counting up
	 */
	for (i = 0; i < 500; i++)
		can_item(&items[i], 0x42, 8, false, 0);
	avtp_enc_init(&e, 7, true, 1200);
	e.seq = 250;
	e.encap_seq = UINT32_MAX - 2;
	if (!encode_run(&e, items, 500, &run))
		return false;
	for (i = 0; i < run.n; i++) {
		struct avtp_pdu p;

		if (avtp_parse(&p, run.buf + run.off[i], run.len[i], true))
			return FAIL("PDU %zu refused", i);
		if (p.seq != (uint8_t)(250 + i) || p.encap_seq != (uint32_t)(UINT32_MAX - 2 + i))
			return FAIL("PDU %zu: seq %u encap %u", i, p.seq, p.encap_seq);
		if (i + 1 < run.n && run.len[i] != 4 + 12 + AVTP_PDU_MSGS_MAX * 24)
			return FAIL("PDU %zu not full: %zu bytes", i, run.len[i]);
	}
	return true;
}

static bool test_refused(void)
{
	struct canxl_frame *xf = &xfs[0];
	struct avtp_enc e;
	uint8_t buf[AVTP_PDU_MAX];
	struct item it;

	if (avtp_enc_init(&e, 1, true, AVTP_PDU_MIN - 1) != -EINVAL)
		return FAIL("max_pdu below AVTP_PDU_MIN taken");
	avtp_enc_init(&e, 1, true, 10000);
	if (e.max_pdu != AVTP_PDU_MAX)
		return FAIL("max_pdu not clamped: %u", e.max_pdu);
	avtp_enc_start(&e, buf);
	can_item(&it, CAN_ERR_FLAG | 4, 8, false, 0);
	if (avtp_enc_can(&e, &it.cf, false, 0, 0) != -EINVAL)
		return FAIL("error frame taken");
	can_item(&it, 1, 9, false, 0);
	if (avtp_enc_can(&e, &it.cf, false, 0, 0) != -EINVAL)
		return FAIL("classic len 9 taken");
	can_item(&it, 1, 9, true, 0);
	if (avtp_enc_can(&e, &it.cf, true, 0, 0) != -EINVAL)
		return FAIL("FD len 9 taken");
	can_item(&it, 1 | CAN_RTR_FLAG, 0, true, 0);
	if (avtp_enc_can(&e, &it.cf, true, 0, 0) != -EINVAL)
		return FAIL("remote FD frame taken");
	can_item(&it, 1, 0, false, 0);
	if (avtp_enc_can(&e, &it.cf, false, 0, AVTP_CAN_BUS_ID_MAX + 1) != -EINVAL)
		return FAIL("bus id 32 taken");
	xl_item(&it, xf, 10);
	xf->flags &= ~CANXL_XLF;
	if (avtp_enc_xl(&e, xf, 0, 0) != -EINVAL)
		return FAIL("XL frame without XLF taken");
	xf->flags |= CANXL_XLF;
	xf->len = 0;
	if (avtp_enc_xl(&e, xf, 0, 0) != -EINVAL)
		return FAIL("XL len 0 taken");
	xf->len = CANXL_MAX_DLEN + 1;
	if (avtp_enc_xl(&e, xf, 0, 0) != -EINVAL)
		return FAIL("XL len 2049 taken");
	xf->len = 1;
	if (avtp_enc_xl(&e, xf, 0, AVTP_XL_BUS_ID_MAX + 1) != -EINVAL)
		return FAIL("XL bus id 2048 taken");
	if (avtp_enc_finish(&e))
		return FAIL("a refused frame left a message");
	return true;
}

/* Each frame's segments in PDUs of their own, 600 bytes at most */
static size_t xl_run(struct item *it, size_t n, bool udp)
{
	struct avtp_enc e;
	size_t i, pos = 0;
	int ret;

	avtp_enc_init(&e, 9, udp, 600);
	run.n = 0;
	for (i = 0; i < n; i++) {
		do {
			avtp_enc_start(&e, run.buf + pos);
			ret = avtp_enc_xl(&e, it[i].xf, it[i].ts, it[i].bus);
			run.off[run.n] = pos;
			run.len[run.n] = avtp_enc_finish(&e);
			pos += run.len[run.n++];
		} while (ret == -ENOSPC);
	}
	return run.n;
}

/* Decodes the PDUs of run in @order (indices, -1 ends); drops of @d counted. */
static bool decode_order(const struct item *it, size_t n, const int *order, bool udp,
			 size_t frames, unsigned long xl_drops)
{
	struct avtp_seq seq = { 0 };
	struct sink s;

	sink_init(&s, it, n);
	s.skip_lost = true;
	for (; *order >= 0; order++) {
		struct avtp_pdu p;
		const uint8_t *pdu = run.buf + run.off[*order];

		avtp_parse(&p, pdu, run.len[*order], udp);
		if (avtp_seq_check(&seq, udp ? p.encap_seq : p.seq, udp ? 32 : 8,
				   avtp_print(pdu, run.len[*order]), 0, NULL) == AVTP_SEQ_DUPLICATE)
			continue;
		sink_pdu(&s, pdu, run.len[*order], udp);
	}
	if (s.bad)
		return FAIL("a frame came back different");
	if (s.drops[AVTP_DROP_ACF_XL_SEGMENT] != xl_drops)
		return FAIL("%lu acf-xl-segment drops, want %lu",
			    s.drops[AVTP_DROP_ACF_XL_SEGMENT], xl_drops);
	return frames == (size_t)-1 || s.next >= frames;
}

static bool test_xl_segments(void)
{
	/* three 2048-byte frames, in 600-byte PDUs: 4 segments each */
	static const int all[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1 };
	static const int lost[] = { 0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1 };
	static const int lost_last[] = { 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, -1 };
	static const int lost_first[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1 };
	static const int reordered[] = { 0, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1 };
	static const int dup[] = { 0, 1, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, -1 };
	struct item it[3];
	size_t i;

	for (i = 0; i < 3; i++)
		xl_item(&it[i], &xfs[i], CANXL_MAX_DLEN);
	for (i = 0; i < 2; i++) {
		bool udp = i;

		if (xl_run(it, 3, udp) != 12)
			return FAIL("%zu PDUs, want 12", run.n);
		if (!decode_order(it, 3, all, udp, 3, 0) ||
		    !decode_order(it, 3, lost, udp, 3, 1) ||
		    !decode_order(it, 3, lost_last, udp, 3, 1) ||
		    !decode_order(it, 3, lost_first, udp, 3, 1) ||
		    !decode_order(it, 3, reordered, udp, 3, 1) ||
		    !decode_order(it, 3, dup, udp, 3, 0))
			return FAIL("udp %d", udp);
	}
	return true;
}

/* A segment whose header disagrees with the first one's: the frame is dropped. */
static bool test_xl_disagree(void)
{
	static const int all[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1 };
	/* header bytes of a segment's ACF_CAN_XL message, no length or segment number */
	static const unsigned int fields[] = { 2, 3, 4, 11, 12, 13, 14, 15, 16, 19 };
	struct item it[3];
	size_t f;

	for (f = 0; f < 3; f++)
		xl_item(&it[f], &xfs[f], CANXL_MAX_DLEN);
	for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		uint8_t *m;

		xl_run(it, 3, false);
		m = run.buf + run.off[5] + AVTP_NTSCF_HDR_LEN;	/* 2nd frame, 2nd segment */
		m[fields[f]] ^= fields[f] == 2 ? 0x01 : 0x10;
		if (!decode_order(it, 3, all, false, 3, 1))
			return FAIL("byte %u changed: not dropped once", fields[f]);
	}
	return true;
}

/* Messages of other buses are skipped and counted; ours come through. */
static bool test_bus_filter(void)
{
	struct avtp_enc e;
	struct sink s;
	size_t n = 300, i, other = 0;

	for (i = 0; i < n; i++) {
		if (i % 7 == 0)
			xl_item(&items[i], &xfs[i / 7 % 64], 1 + rnd() % 3000 % CANXL_MAX_DLEN);
		else
			can_item(&items[i], rnd() & CAN_SFF_MASK, rnd() % 9, false, 0);
		items[i].bus = rnd() % 3;
		if (items[i].bus != 1)
			other++;
	}
	avtp_enc_init(&e, 3, true, 1200);
	if (!encode_run(&e, items, n, &run))
		return false;
	sink_init(&s, items, n);
	s.bus_id = 1;
	for (i = 0; i < run.n; i++)
		sink_pdu(&s, run.buf + run.off[i], run.len[i], true);
	if (s.bad)
		return FAIL("frames differ");
	/* an XL frame of another bus counts once per segment */
	if (s.drops[AVTP_DROP_ACF_BUS_ID] < other)
		return FAIL("%lu acf-bus-id, want >= %zu", s.drops[AVTP_DROP_ACF_BUS_ID], other);
	return true;
}

int main(void)
{
	avtp_tap_add(test_classic, "classic frames: 11- and 29-bit IDs, RTR, len 0..8, UDP and Ethernet");
	avtp_tap_add(test_fd, "CAN FD frames: every length, BRS and ESI");
	avtp_tap_add(test_open1722_pdus,
		     "at most 15 messages a PDU, never ACF-CAN and ACF_CAN_XL together");
	avtp_tap_add(test_rtr_dlc, "a remote frame's DLC crosses as zero bytes, its data does not");
	avtp_tap_add(test_xl_sizes, "CAN XL frames of every size 1..2048, random fields, six PDU sizes");
	avtp_tap_add(test_batching, "mixed frames batched into runs of PDUs, sequence numbers wrap");
	avtp_tap_add(test_refused, "error frames, bad lengths, bus IDs, XL without XLF are refused");
	avtp_tap_add(test_xl_segments, "segmented XL frames: a lost, reordered or duplicate PDU");
	avtp_tap_add(test_xl_disagree, "an XL segment whose header disagrees drops its frame once");
	avtp_tap_add(test_bus_filter, "bus ID filter: other buses' messages counted, ours taken");
	test_avtp_bad_register();
	return tap_run() ? 1 : 0;
}
