// SPDX-License-Identifier: GPL-2.0
/*
 * The IEEE 1722 decoder on bad input: every truncation of valid PDUs,
 * random mutations, lengths that lie, each read from a heap buffer of
 * exactly its length (AddressSanitizer stops a read past it); TSCF and
 * the brief messages of other senders; the sequence check.
 */
#include <stdlib.h>
#include <string.h>

#include "avtp_test.h"
#include "avtp_wire.h"

void test_avtp_bad_register(void);

static struct run run;
static struct canxl_frame xfs[8];
static struct item items[256];

/* Decodes @len bytes of @src from a buffer of exactly that size. */
static enum avtp_drop decode_exact(const uint8_t *src, size_t len, bool udp, unsigned int *frames,
				   unsigned long drops[AVTP_DROP_CNT])
{
	uint8_t *buf = malloc(len ? len : 1);
	struct avtp_xl_rx *xl = calloc(1, sizeof(*xl));
	struct avtp_frame fr;
	enum avtp_drop drop, pdrop;
	unsigned int guard = 0;
	struct avtp_pdu p;
	enum avtp_msg m;

	if (!buf || !xl)
		abort();
	memcpy(buf, src, len);
	pdrop = avtp_parse(&p, buf, len, udp);
	if (!pdrop) {
		while ((m = avtp_next(&p, -1, &fr, xl, &drop)) != AVTP_MSG_END) {
			if (++guard > 4 * AVTP_PDU_MAX)
				abort();	/* no progress */
			if (m == AVTP_MSG_DROP && drops)
				drops[drop]++;
			if ((m == AVTP_MSG_CAN || m == AVTP_MSG_XL) && frames)
				++*frames;
			if (m == AVTP_MSG_XL && (xl->xf.len < 1 || xl->xf.len > CANXL_MAX_DLEN))
				abort();
		}
	}
	free(xl);
	free(buf);
	return pdrop;
}

static void mixed_items(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct item *it = &items[i];

		memset(it, 0, sizeof(*it));
		it->ts = rnd();
		it->bus = rnd() % 4;
		if (i % 9 == 8) {
			struct canxl_frame *xf = &xfs[i / 9 % 8];

			xf->prio = rnd() & CANXL_PRIO_MASK;
			xf->flags = CANXL_XLF;
			xf->af = rnd();
			xf->len = 1 + rnd() % 700;
			rnd_bytes(xf->data, xf->len);
			it->xl = true;
			it->xf = xf;
		} else {
			it->fd = i % 2;
			it->cf.can_id = i % 3 ? rnd() & CAN_SFF_MASK : CAN_EFF_FLAG | (rnd() & CAN_EFF_MASK);
			it->cf.len = rnd() % 9;
			rnd_bytes(it->cf.data, it->cf.len);
		}
	}
}

static bool test_truncations(void)
{
	struct avtp_enc e;
	size_t i, len;
	int udp;

	mixed_items(120);
	for (udp = 0; udp < 2; udp++) {
		avtp_enc_init(&e, 5, udp, 500);
		if (!encode_run(&e, items, 120, &run))
			return false;
		for (i = 0; i < run.n; i++)
			for (len = 0; len < run.len[i]; len++)
				if (decode_exact(run.buf + run.off[i], len, udp, NULL, NULL) !=
				    AVTP_DROP_TRUNCATED)
					return FAIL("PDU %zu cut to %zu bytes not truncated", i, len);
	}
	return true;
}

/*
 * A CAN frame the decoder gives encodes, and decodes again to itself; a
 * remote frame's len does not cross (avtp.h).
 */
static bool fixed_point(const struct avtp_frame *fr_in)
{
	struct avtp_frame frame = *fr_in, *fr = &frame;
	uint8_t buf[AVTP_PDU_MIN];
	struct avtp_frame fr2;
	struct avtp_xl_rx xl;
	enum avtp_drop drop;
	struct avtp_enc e;
	struct avtp_pdu p;

	avtp_enc_init(&e, 1, false, sizeof(buf));
	avtp_enc_start(&e, buf);
	if (avtp_enc_can(&e, &fr->cf, fr->fd, fr->tstamp_ns, fr->bus_id))
		return false;
	if (avtp_parse(&p, buf, avtp_enc_finish(&e), false) ||
	    avtp_next(&p, -1, &fr2, &xl, &drop) != AVTP_MSG_CAN)
		return false;
	if (fr->cf.can_id & CAN_RTR_FLAG)
		memset(fr->cf.data, 0, sizeof(fr->cf.data));
	fr2.mtv = fr->mtv;	/* a brief message has none */
	fr2.tstamp_ns = fr->tstamp_ns;
	return !memcmp(fr, &fr2, sizeof(fr2));
}

static bool test_mutations(void)
{
	static uint8_t pdu[AVTP_PDU_MAX];
	unsigned long drops[AVTP_DROP_CNT] = { 0 };
	unsigned int iter, frames = 0, k;
	struct avtp_enc e;
	size_t len, i;

	mixed_items(200);
	avtp_enc_init(&e, 5, true, 1200);
	if (!encode_run(&e, items, 200, &run))
		return false;
	for (iter = 0; iter < 200000; iter++) {
		i = rnd() % run.n;
		len = run.len[i];
		memcpy(pdu, run.buf + run.off[i], len);
		for (k = 1 + rnd() % 4; k; k--) {
			size_t at = rnd() % len;

			/* mostly the header bytes, where the lengths are */
			if (rnd() % 2)
				at = rnd() % (len < 48 ? len : 48);
			pdu[at] ^= 1 << (rnd() % 8);
			if (rnd() % 8 == 0)
				pdu[at] = rnd();
		}
		if (rnd() % 4 == 0)
			len = rnd() % (len + 1);
		decode_exact(pdu, len, true, &frames, drops);

		/* every CAN frame the decoder takes is a fixed point */
		{
			struct avtp_xl_rx xl = { 0 };
			struct avtp_frame fr;
			enum avtp_drop drop;
			struct avtp_pdu p;
			enum avtp_msg m;

			if (avtp_parse(&p, pdu, len, true))
				continue;
			while ((m = avtp_next(&p, -1, &fr, &xl, &drop)) != AVTP_MSG_END)
				if (m == AVTP_MSG_CAN && !fixed_point(&fr))
					return FAIL("a decoded frame does not encode to itself");
		}
	}
	diag("  %u frames taken; drops: malformed %lu other %lu xl-segment %lu", frames,
	     drops[AVTP_DROP_ACF_MALFORMED], drops[AVTP_DROP_ACF_OTHER],
	     drops[AVTP_DROP_ACF_XL_SEGMENT]);
	return true;
}

/* -- hand-made PDUs ---------------------------------------------------------- */

static uint8_t hm[4096];
static size_t hm_len;

static void hm_ntscf(unsigned int data_len)
{
	memset(hm, 0, sizeof(hm));
	hm[0] = AVTP_SUBTYPE_NTSCF;
	hm[1] = AVTP_SV | data_len >> 8;
	hm[2] = data_len;
	hm_len = AVTP_NTSCF_HDR_LEN;
}

/* Appends an ACF-CAN message: 16-byte header, @plen bytes, @pad declared */
static uint8_t *hm_can(unsigned int qlen, uint8_t b2, uint32_t id, unsigned int plen)
{
	uint8_t *m = hm + hm_len;

	put_be16(m, AVTP_ACF_CAN << ACF_TYPE_SHIFT | qlen);
	m[2] = b2;
	put_be32(m + 12, id);
	memset(m + 16, 0xaa, plen);
	hm_len += qlen * 4;
	return m;
}

static void hm_fix_len(void)
{
	unsigned int d = hm_len - AVTP_NTSCF_HDR_LEN;

	hm[1] = AVTP_SV | d >> 8;
	hm[2] = d;
}

/* The drops of hm, which must parse */
static unsigned long hm_drop(enum avtp_drop want, unsigned int *frames)
{
	unsigned long drops[AVTP_DROP_CNT] = { 0 };
	enum avtp_drop pd;

	*frames = 0;
	pd = decode_exact(hm, hm_len, false, frames, drops);
	if (pd)
		return pd == want;
	return drops[want];
}

static bool test_lies(void)
{
	unsigned int frames;

	hm_ntscf(16);
	hm_can(4, 0, 1, 0);
	hm_len -= 4;
	if (!hm_drop(AVTP_DROP_TRUNCATED, &frames))
		return FAIL("data length past the end");
	hm_ntscf(0);
	hm_len = 11;
	if (!hm_drop(AVTP_DROP_TRUNCATED, &frames))
		return FAIL("short header");
	hm_ntscf(0);
	hm[1] |= 0x10;
	if (!hm_drop(AVTP_DROP_HEADER, &frames))
		return FAIL("version 1 taken");
	hm_ntscf(0);
	hm[1] &= ~AVTP_SV;
	if (!hm_drop(AVTP_DROP_HEADER, &frames))
		return FAIL("sv 0 taken");
	hm_ntscf(0);
	hm[0] = 0x02;
	if (!hm_drop(AVTP_DROP_SUBTYPE, &frames))
		return FAIL("AAF taken");
	hm_ntscf(6);
	hm_len += 8;
	if (!hm_drop(AVTP_DROP_LENGTH, &frames))
		return FAIL("6 bytes of ACF taken");

	/* per message: each followed by a good one that must still come */
	struct {
		const char *what;
		unsigned int qlen;
		uint8_t b2;
		uint32_t id;
		bool ends;	/* nothing after it can be read */
	} bad[] = {
		{ "length 0", 0, 0, 1, true },
		{ "length past the data", 100, 0, 1, true },
		{ "shorter than its header", 3, 0, 1, false },
		{ "pad longer than the payload", 4, 2 << ACF_PAD_SHIFT, 1, false },
		{ "9 classic bytes", 4 + 3, 3 << ACF_PAD_SHIFT, 1, false },
		{ "65 FD bytes", 4 + 17, ACF_CAN_FDF | 3 << ACF_PAD_SHIFT, 1, false },
		{ "11-bit ID 0x800", 4, 0, 0x800, false },
		{ "RTR with FDF and BRS", 4, ACF_CAN_RTR | ACF_CAN_FDF | ACF_CAN_BRS, 1, false },
		{ "BRS without FDF", 4, ACF_CAN_BRS, 1, false },
		{ "ESI without FDF", 4, ACF_CAN_ESI, 1, false },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hm_ntscf(0);
		hm_can(bad[i].qlen, bad[i].b2, bad[i].id, bad[i].qlen > 4 ? bad[i].qlen * 4 - 16 : 0);
		if (bad[i].ends)
			hm_len = AVTP_NTSCF_HDR_LEN + 4;
		hm_can(6, 0, 0x123, 8);
		hm_fix_len();
		if (bad[i].ends)
			hm_len = AVTP_NTSCF_HDR_LEN + 4 + 24;
		if (hm_drop(AVTP_DROP_ACF_MALFORMED, &frames) != 1 ||
		    frames != (bad[i].ends ? 0 : 1))
			return FAIL("%s: %u frames", bad[i].what, frames);
	}
	return true;
}

/* Open1722 with --fd sets fdf on every frame, remote ones too: such one is
 * the classic remote frame of its DLC
 */
static bool test_open1722_fd_rtr(void)
{
	struct avtp_xl_rx xl = { 0 };
	struct avtp_frame fr;
	enum avtp_drop drop;
	struct avtp_pdu p;

	hm_ntscf(0);
	hm_can(5, ACF_CAN_RTR | ACF_CAN_FDF, 0x123, 4);
	memset(hm + AVTP_NTSCF_HDR_LEN + 16, 0, 4);
	hm_fix_len();
	if (avtp_parse(&p, hm, hm_len, false) ||
	    avtp_next(&p, -1, &fr, &xl, &drop) != AVTP_MSG_CAN)
		return FAIL("refused");
	if (fr.fd || fr.cf.can_id != (0x123 | CAN_RTR_FLAG) || fr.cf.len != 4 || fr.cf.flags)
		return FAIL("fd %d id %#x len %u flags %#x", fr.fd, fr.cf.can_id, fr.cf.len,
			    fr.cf.flags);
	return true;
}

/* An XL message of @plen bytes, @seg with @ms, transaction @tn, brief or not */
static void hm_xl(unsigned int plen, unsigned int seg, bool ms, uint8_t tn, bool brief)
{
	unsigned int hdr = brief ? 16 : 24, mlen = hdr + plen + acf_pad(plen);
	uint8_t *m = hm + hm_len, *t = m + hdr - ACF_XL_TAIL_LEN;

	put_be16(m, (brief ? AVTP_ACF_CAN_XL_BRIEF : AVTP_ACF_CAN_XL) << ACF_TYPE_SHIFT | mlen / 4);
	m[2] = acf_pad(plen) << ACF_PAD_SHIFT;
	t[ACF_XL_TN] = tn;
	put_be16(t + ACF_XL_SEG, (ms ? ACF_XL_MS : 0) | seg);
	memset(m + hdr, 0x55, plen);
	hm_len += mlen;
}

static bool test_xl_lies(void)
{
	unsigned int frames;

	hm_ntscf(0);
	hm_xl(0, 0, false, 1, false);
	hm_xl(5, 0, false, 2, false);
	hm_fix_len();
	if (hm_drop(AVTP_DROP_ACF_MALFORMED, &frames) != 1 || frames != 1)
		return FAIL("a segment without data");
	/* 2020 + 29 bytes, too long for a frame: that needs two PDUs */
	{
		struct avtp_xl_rx xl = { 0 };
		struct avtp_frame fr;
		enum avtp_drop drop;
		struct avtp_pdu p;
		unsigned int n_drop = 0, n_xl = 0;
		enum avtp_msg m;
		int k;

		for (k = 0; k < 2; k++) {
			hm_ntscf(0);
			if (k == 0)
				hm_xl(AVTP_XL_SEG_MAX, 0, true, 3, true);
			else
				hm_xl(29, 1, false, 3, true);
			hm_fix_len();
			avtp_parse(&p, hm, hm_len, false);
			while ((m = avtp_next(&p, -1, &fr, &xl, &drop)) != AVTP_MSG_END) {
				n_drop += m == AVTP_MSG_DROP && drop == AVTP_DROP_ACF_XL_SEGMENT;
				n_xl += m == AVTP_MSG_XL;
			}
		}
		if (n_drop != 1 || n_xl)
			return FAIL("2049 bytes: %u drops, %u frames", n_drop, n_xl);
	}
	return true;
}

/* TSCF, ACF-CAN-Brief, ACF_CAN_XL_BRIEF, and a LIN message between. */
static bool test_other_senders(void)
{
	unsigned long drops[AVTP_DROP_CNT] = { 0 };
	struct avtp_xl_rx xl = { 0 };
	unsigned int got = 0;
	struct avtp_frame fr;
	enum avtp_drop drop;
	struct avtp_pdu p;
	enum avtp_msg m;
	uint8_t *b;

	memset(hm, 0, sizeof(hm));
	hm[0] = AVTP_SUBTYPE_TSCF;
	hm[1] = AVTP_SV | 1;	/* tv */
	hm[2] = 77;
	put_be64(hm + 4, 0x1122334455667788ULL);
	put_be32(hm + 12, 0xdeadbeef);	/* avtp_timestamp, ignored */
	hm_len = AVTP_TSCF_HDR_LEN;
	b = hm + hm_len;		/* CAN brief: FD, BRS, 12 bytes, bus 3 */
	put_be16(b, AVTP_ACF_CAN_BRIEF << ACF_TYPE_SHIFT | 5);
	b[2] = ACF_CAN_FDF | ACF_CAN_BRS | ACF_CAN_EFF;
	b[3] = 3;
	put_be32(b + 4, 0x1abcdef);
	memset(b + 8, 0x77, 12);
	hm_len += 20;
	b = hm + hm_len;		/* LIN */
	put_be16(b, 0x03 << ACF_TYPE_SHIFT | 3);
	hm_len += 12;
	hm_xl(3, 0, false, 9, true);
	put_be16(hm + 20, hm_len - AVTP_TSCF_HDR_LEN);

	if (avtp_parse(&p, hm, hm_len, false))
		return FAIL("TSCF refused");
	if (p.subtype != AVTP_SUBTYPE_TSCF || p.seq != 77 || p.stream_id != 0x1122334455667788ULL)
		return FAIL("TSCF header fields");
	while ((m = avtp_next(&p, -1, &fr, &xl, &drop)) != AVTP_MSG_END) {
		if (m == AVTP_MSG_DROP)
			drops[drop]++;
		if (m == AVTP_MSG_CAN &&
		    (fr.cf.can_id != (CAN_EFF_FLAG | 0x1abcdef) || fr.cf.len != 12 || !fr.fd ||
		     fr.cf.flags != (CANFD_FDF | CANFD_BRS) || fr.cf.data[11] != 0x77 ||
		     fr.bus_id != 3 || fr.mtv))
			return FAIL("CAN brief frame differs");
		if (m == AVTP_MSG_XL && (xl.xf.len != 3 || xl.xf.data[2] != 0x55 || xl.mtv))
			return FAIL("XL brief frame differs");
		got += m == AVTP_MSG_CAN || m == AVTP_MSG_XL;
	}
	if (got != 2 || drops[AVTP_DROP_ACF_OTHER] != 1)
		return FAIL("%u frames, %lu acf-other", got, drops[AVTP_DROP_ACF_OTHER]);
	return true;
}

/* -- sequence check ------------------------------------------------------------ */

struct step {
	uint32_t num;
	enum avtp_seq_verdict v;
	uint32_t gap;
};

static bool seq_steps(unsigned int bits, const struct step *st, size_t n,
		      uint64_t lost, uint64_t reord, uint64_t dups, uint64_t restarts)
{
	struct avtp_seq s = { 0 };
	enum avtp_seq_verdict v;
	uint32_t gap;
	size_t i;

	for (i = 0; i < n; i++) {
		gap = 0;
		/* each number's PDU is the same each time, all at once */
		v = avtp_seq_check(&s, st[i].num, bits, st[i].num, 0, &gap);
		if (v != st[i].v || gap != st[i].gap)
			return FAIL("bits %u step %zu (%u): verdict %d gap %u, want %d gap %u", bits,
				    i, st[i].num, v, gap, st[i].v, st[i].gap);
	}
	if (s.lost != lost || s.reordered != reord || s.duplicates != dups ||
	    s.restarts != restarts)
		return FAIL("bits %u: lost %llu reordered %llu dup %llu restarts %llu", bits,
			    (unsigned long long)s.lost, (unsigned long long)s.reordered,
			    (unsigned long long)s.duplicates, (unsigned long long)s.restarts);
	return true;
}

static bool test_seq(void)
{
	static const struct step s8[] = {
		{ 250, AVTP_SEQ_NEW, 0 }, { 251, AVTP_SEQ_NEW, 0 }, { 255, AVTP_SEQ_LOST, 3 },
		{ 0, AVTP_SEQ_NEW, 0 }, { 2, AVTP_SEQ_LOST, 1 }, { 1, AVTP_SEQ_REORDERED, 0 },
		{ 253, AVTP_SEQ_REORDERED, 0 }, { 253, AVTP_SEQ_DUPLICATE, 0 }, { 2, AVTP_SEQ_DUPLICATE, 0 },
		{ 129, AVTP_SEQ_LOST, 126 }, { 66, AVTP_SEQ_REORDERED, 0 }, { 65, AVTP_SEQ_RESTART, 0 },
		{ 66, AVTP_SEQ_NEW, 0 }, { 194, AVTP_SEQ_RESTART, 0 }, { 195, AVTP_SEQ_NEW, 0 },
	};
	static const struct step s32[] = {
		{ UINT32_MAX - 1, AVTP_SEQ_NEW, 0 }, { UINT32_MAX, AVTP_SEQ_NEW, 0 }, { 0, AVTP_SEQ_NEW, 0 },
		{ 5, AVTP_SEQ_LOST, 4 }, { UINT32_MAX, AVTP_SEQ_DUPLICATE, 0 },
		{ 1, AVTP_SEQ_REORDERED, 0 }, { 1, AVTP_SEQ_DUPLICATE, 0 },
		{ 5 + 32768, AVTP_SEQ_LOST, 32767 }, { 5 + 32768 + 32769, AVTP_SEQ_RESTART, 0 },
		{ 10, AVTP_SEQ_RESTART, 0 }, { 11, AVTP_SEQ_NEW, 0 }, { 11 - 63, AVTP_SEQ_REORDERED, 0 },
		{ 11 - 64, AVTP_SEQ_RESTART, 0 },
	};

	return seq_steps(8, s8, sizeof(s8) / sizeof(s8[0]), 3 + 1 + 126 - 3, 3, 2, 2) &&
	       seq_steps(32, s32, sizeof(s32) / sizeof(s32[0]), 4 + 32767 - 1 - 1, 2, 2, 3);
}

/* A step with its PDU's print and when it comes */
struct pstep {
	uint32_t num;
	enum avtp_seq_verdict v;
	uint32_t print;
	uint32_t ms;
};

static bool psteps(unsigned int bits, const struct pstep *st, size_t n, uint64_t dups,
		   uint64_t restarts)
{
	struct avtp_seq s = { 0 };
	enum avtp_seq_verdict v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = avtp_seq_check(&s, st[i].num, bits, st[i].print, st[i].ms, NULL);
		if (v != st[i].v)
			return FAIL("bits %u step %zu (%u): verdict %d, want %d", bits, i, st[i].num,
				    v, st[i].v);
	}
	if (s.duplicates != dups || s.restarts != restarts || s.lost || s.reordered)
		return FAIL("bits %u: dup %llu restarts %llu lost %llu reordered %llu", bits,
			    (unsigned long long)s.duplicates, (unsigned long long)s.restarts,
			    (unsigned long long)s.lost, (unsigned long long)s.reordered);
	return true;
}

/* A sender that starts anew from numbers it used (Open1722 from 0, a
 * vcanmcd from a random one that lands behind, 8 bits wrapped after a
 * long loss) sends no duplicates: its PDUs differ, or come long after.
 * The same PDU again, soon, is one.
 */
static bool test_seq_restart(void)
{
	static struct pstep st[64];
	unsigned int i, n = 0;

	for (i = 0; i < 50; i++)
		st[n++] = (struct pstep){ i, AVTP_SEQ_NEW, 100 + i, i };
	/* the same PDU 49 again at once: a duplicate */
	st[n++] = (struct pstep){ 49, AVTP_SEQ_DUPLICATE, 149, 50 };
	/* started anew from 0, other PDUs: taken, one restart */
	st[n++] = (struct pstep){ 0, AVTP_SEQ_RESTART, 500, 60 };
	for (i = 1; i < 5; i++)
		st[n++] = (struct pstep){ i, AVTP_SEQ_NEW, 500 + i, 60 + i };
	/* the very bytes number 3 had, but 2 s later: no duplicate */
	st[n++] = (struct pstep){ 5, AVTP_SEQ_NEW, 505, 70 };
	st[n++] = (struct pstep){ 3, AVTP_SEQ_RESTART, 503, 2070 };
	if (!psteps(32, st, n, 1, 2) || !psteps(8, st, n, 1, 2))
		return false;

	/* 8 bits: 249 PDUs lost, the next number lands on one taken */
	n = 0;
	for (i = 0; i < 10; i++)
		st[n++] = (struct pstep){ i, AVTP_SEQ_NEW, i, i };
	st[n++] = (struct pstep){ (9 + 250) % 256, AVTP_SEQ_RESTART, 1000, 20 };
	st[n++] = (struct pstep){ (9 + 251) % 256, AVTP_SEQ_NEW, 1001, 21 };
	return psteps(8, st, n, 0, 1);
}

void test_avtp_bad_register(void)
{
	avtp_tap_add(test_truncations, "every truncation of valid PDUs is avtp-truncated, read in place");
	avtp_tap_add(test_mutations, "200000 mutated PDUs: no read past them, taken frames re-encode");
	avtp_tap_add(test_lies, "PDU and ACF-CAN lengths and flags that lie are dropped and counted");
	avtp_tap_add(test_xl_lies, "XL segments without data or adding up to 2049 bytes are dropped");
	avtp_tap_add(test_other_senders, "TSCF, ACF-CAN-Brief, ACF_CAN_XL_BRIEF taken, LIN skipped");
	avtp_tap_add(test_open1722_fd_rtr, "a remote frame with fdf, as Open1722 --fd sends it, is one");
	avtp_tap_add(test_seq, "sequence check: wrap at 2^8 and 2^32, loss, late, duplicate, restart");
	avtp_tap_add(test_seq_restart,
		     "sequence check: a sender started anew is no duplicate; the same PDU soon is");
}
