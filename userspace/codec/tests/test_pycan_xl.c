// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the CAN XL records of batches (pycan.h); TAP output.
 *
 * Every XL length round trips with random fields, malformed records are
 * dropped each for its reason while the batch around them still decodes,
 * a record of an unknown version is skipped alone, and a datagram longer
 * than PYCAN_BATCH_MAX is taken only as one XL record.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <msgpack.h>

#include "codec_tap.h"
#include "pycan.h"

static struct pycan_decoder *dec;

static uint32_t rnd(void)
{
	static uint64_t s = 0x9e3779b97f4a7c15ull;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (uint32_t)(s >> 16);
}

static void random_xl(struct canxl_frame *xl, unsigned int len)
{
	unsigned int i;

	memset(xl, 0, sizeof(*xl));
	xl->prio = (rnd() & CANXL_PRIO_MASK) | (rnd() & 0xff) << 16;
	xl->flags = CANXL_XLF | (rnd() & 1 ? CANXL_SEC : 0) | (rnd() & 1 ? 0x02 : 0);
	xl->sdt = (__u8)rnd();
	xl->af = rnd() << 16 ^ rnd();
	xl->len = (__u16)len;
	for (i = 0; i < len; i++)
		xl->data[i] = (__u8)rnd();
}

static void test_roundtrip(void)
{
	static unsigned char buf[PYCAN_XL_ENC_MAX];
	struct canxl_frame xl;
	struct pycan_frame fr;
	unsigned int len, bad = 0, seen_big = 0;
	double ts;
	size_t off;
	int n;

	for (len = CANXL_MIN_DLEN; len <= CANXL_MAX_DLEN; len++) {
		random_xl(&xl, len);
		n = pycan_xl_encode(buf, sizeof(buf), &xl, 1234.5 + len);
		off = 0;
		if (n <= 0 || pycan_decode_batch(dec, buf, (size_t)n, &off, &fr, &ts) ||
		    off != (size_t)n || fr.kind != PYCAN_CANXL || ts != 1234.5 + len ||
		    memcmp(&fr.xl, &xl, sizeof(xl))) {
			if (bad++ < 5)
				diag("  len %u: %d bytes, off %zu", len, n, off);
			continue;
		}
		seen_big += n > PYCAN_BATCH_MAX;
	}
	tap(!bad && seen_big, "every CAN XL length 1..2048 round trips, fields and data");
}

static void test_fields(void)
{
	static unsigned char buf[PYCAN_XL_ENC_MAX];
	struct canxl_frame xl, want;
	struct pycan_frame fr;
	bool ok = true;
	size_t off = 0;
	int n;

	random_xl(&xl, CANXL_MAX_DLEN);
	xl.prio = 0xffffffff;	/* bits beside prio and VCID are not carried */
	xl.flags = 0xff;
	xl.sdt = 0xff;
	xl.af = 0xffffffff;
	n = pycan_xl_encode(buf, sizeof(buf), &xl, 1e300);
	ok &= n == PYCAN_XL_ENC_MAX;
	if (n != PYCAN_XL_ENC_MAX)
		diag("  widest is %d bytes", n);
	want = xl;
	want.prio = CANXL_PRIO_MASK | 0xff << 16;
	ok &= !pycan_decode_batch(dec, buf, (size_t)n, &off, &fr, NULL) &&
	      !memcmp(&fr.xl, &want, sizeof(want));
	for (off = 0; n > 0 && off < (size_t)n; off++)
		ok &= pycan_xl_encode(buf, off, &xl, 1e300) == -ENOSPC;
	xl.len = 0;
	ok &= pycan_xl_encode(buf, sizeof(buf), &xl, 0) == -EINVAL;
	xl.len = CANXL_MAX_DLEN + 1;
	ok &= pycan_xl_encode(buf, sizeof(buf), &xl, 0) == -EINVAL;
	xl.len = 1;
	xl.flags = CANXL_SEC;
	ok &= pycan_xl_encode(buf, sizeof(buf), &xl, 0) == -EINVAL;
	tap(ok, "widest record is PYCAN_XL_ENC_MAX bytes; reserved prio bits are not carried; "
	    "unsendable frames are refused");
}

/* A record by hand: the map's entries after the version, as msgpack. */
struct rec {
	msgpack_sbuffer sb;
	msgpack_packer pk;
};

static void rec_start(struct rec *r, unsigned int entries, unsigned int version)
{
	msgpack_sbuffer_init(&r->sb);
	msgpack_packer_init(&r->pk, &r->sb, msgpack_sbuffer_write);
	msgpack_pack_map(&r->pk, entries + 1);
	msgpack_pack_str_with_body(&r->pk, "vcanmc_xl", 9);
	msgpack_pack_uint32(&r->pk, version);
}

static void key(struct rec *r, const char *k)
{
	msgpack_pack_str_with_body(&r->pk, k, strlen(k));
}

static void kuint(struct rec *r, const char *k, uint64_t v)
{
	key(r, k);
	msgpack_pack_uint64(&r->pk, v);
}

enum mut { M_NONE, M_PRIO, M_VCID, M_FLAGS_NOXLF, M_FLAGS_WIDE, M_SDT, M_AF, M_LEN0,
	   M_LEN_BIG, M_DATA_STR, M_TS_INT, M_MISSING, M_EXTRA, M_DUP, M_VERSION, M_CNT };

static const struct {
	const char *what;
	enum pycan_drop want;
} muts[M_CNT] = {
	[M_NONE]	= { "a valid record", PYCAN_DROP_NONE },
	[M_PRIO]	= { "prio 0x800", PYCAN_DROP_BAD_ID },
	[M_VCID]	= { "vcid 256", PYCAN_DROP_BAD_ID },
	[M_FLAGS_NOXLF]	= { "flags without XLF", PYCAN_DROP_BAD_FLAGS },
	[M_FLAGS_WIDE]	= { "flags 0x180", PYCAN_DROP_WRONG_TYPE },
	[M_SDT]		= { "sdt 256", PYCAN_DROP_WRONG_TYPE },
	[M_AF]		= { "af 2^32", PYCAN_DROP_WRONG_TYPE },
	[M_LEN0]	= { "no data", PYCAN_DROP_DLC_MISMATCH },
	[M_LEN_BIG]	= { "2049 data bytes", PYCAN_DROP_DLC_MISMATCH },
	[M_DATA_STR]	= { "data as str", PYCAN_DROP_WRONG_TYPE },
	[M_TS_INT]	= { "timestamp as int", PYCAN_DROP_WRONG_TYPE },
	[M_MISSING]	= { "no af", PYCAN_DROP_MISSING_KEY },
	[M_EXTRA]	= { "a key more", PYCAN_DROP_UNKNOWN_KEY },
	[M_DUP]		= { "sdt twice", PYCAN_DROP_MALFORMED },
	[M_VERSION]	= { "version 2", PYCAN_DROP_XL_VERSION },
};

static void build(struct rec *r, enum mut m)
{
	static const unsigned char data[CANXL_MAX_DLEN + 1];
	unsigned int entries = 7 + (m == M_EXTRA || m == M_DUP) - (m == M_MISSING);

	rec_start(r, entries, m == M_VERSION ? 2 : PYCAN_XL_VERSION);
	key(r, "timestamp");
	if (m == M_TS_INT)
		msgpack_pack_uint8(&r->pk, 1);
	else
		msgpack_pack_double(&r->pk, 2.0);
	kuint(r, "prio", m == M_PRIO ? 0x800 : 0x123);
	kuint(r, "vcid", m == M_VCID ? 256 : 7);
	kuint(r, "flags", m == M_FLAGS_NOXLF ? CANXL_SEC : m == M_FLAGS_WIDE ? 0x180 : CANXL_XLF);
	kuint(r, "sdt", m == M_SDT ? 256 : 3);
	if (m != M_MISSING)
		kuint(r, "af", m == M_AF ? 1ull << 32 : 0xdeadbeef);
	key(r, "data");
	if (m == M_DATA_STR)
		msgpack_pack_str_with_body(&r->pk, "abc", 3);
	else
		msgpack_pack_bin_with_body(&r->pk, data, m == M_LEN0 ? 0 :
					   m == M_LEN_BIG ? CANXL_MAX_DLEN + 1 : 3);
	if (m == M_EXTRA)
		kuint(r, "crc", 1);
	if (m == M_DUP)
		kuint(r, "sdt", 3);
}

/* Each malformed record, between two CAN FD frames: it alone is dropped. */
static void test_malformed(void)
{
	static unsigned char batch[PYCAN_XL_DGRAM_MAX * 2];
	enum pycan_drop got[3];
	struct pycan_frame fr;
	unsigned int m, i;
	struct rec r;
	size_t len, off;

	for (m = 0; m < M_CNT; m++) {
		build(&r, m);
		len = put_fd(batch, 0x10);
		memcpy(batch + len, r.sb.data, r.sb.size);
		len += r.sb.size;
		len += put_fd(batch + len, 0x11);
		msgpack_sbuffer_destroy(&r.sb);

		off = 0;
		for (i = 0; i < 3 && off < len; i++)
			got[i] = pycan_decode_batch(dec, batch, len, &off, &fr, NULL);
		if (len > PYCAN_BATCH_MAX) {
			/* 2049 data bytes: too long for a batch at all */
			tap(i == 1 && got[0] == PYCAN_DROP_OVERSIZE,
			    "%s with other frames is oversize", muts[m].what);
			continue;
		}
		tap(i == 3 && off == len && !got[0] && got[1] == muts[m].want && !got[2] &&
		    fr.kind == PYCAN_CANFD && fr.cf.can_id == 0x11,
		    "%s: %s, the frames around it decode", muts[m].what,
		    pycan_drop_name(muts[m].want));
	}
}

/* A decoder of CAN/FD batches only (pycan_decode_next()) skips it alone. */
static void test_old_decoder(void)
{
	static unsigned char batch[PYCAN_BATCH_MAX];
	struct canxl_frame xl;
	struct canfd_frame cf;
	enum pycan_drop d[3];
	size_t len, off = 0;
	bool fd;
	int n;

	random_xl(&xl, 100);
	len = put_fd(batch, 0x10);
	n = pycan_xl_encode(batch + len, sizeof(batch) - len, &xl, 3.0);
	len += n > 0 ? (size_t)n : 0;
	len += put_fd(batch + len, 0x11);
	d[0] = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
	d[1] = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
	d[2] = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
	tap(!d[0] && d[1] == PYCAN_DROP_UNKNOWN_KEY && !d[2] && off == len && cf.can_id == 0x11,
	    "a batch decoder without XL records skips one as unknown-key, keeps the rest");
}

/* Mixed batches; the bound of a datagram holding an XL record. */
static void test_mixed(void)
{
	static unsigned char batch[PYCAN_XL_DGRAM_MAX + PYCAN_ENC_MAX];
	struct canxl_frame xl;
	struct pycan_frame fr;
	enum pycan_drop d;
	unsigned int i, kinds = 0;
	size_t len = 0, off = 0;
	bool ok = true;
	int n;

	for (i = 0; i < 6; i++) {
		if (i % 2) {
			random_xl(&xl, 1 + i * 20);
			n = pycan_xl_encode(batch + len, PYCAN_XL_ENC_MAX, &xl, 1.0);
		} else {
			n = (int)put_fd(batch + len, i);
		}
		len += (size_t)n;
	}
	for (i = 0; off < len; i++) {
		d = pycan_decode_batch(dec, batch, len, &off, &fr, NULL);
		ok &= !d && fr.kind == (i % 2 ? PYCAN_CANXL : PYCAN_CANFD);
		if (!d && fr.kind == PYCAN_CANXL)
			ok &= fr.xl.len == 1 + i * 20;
		kinds |= 1u << fr.kind;
	}
	tap(ok && i == 6 && kinds == (1u << PYCAN_CANXL | 1u << PYCAN_CANFD),
	    "a batch of CAN FD frames and XL records decodes in order");

	/* One record of 2048 bytes alone: taken, longer than a batch */
	random_xl(&xl, CANXL_MAX_DLEN);
	n = pycan_xl_encode(batch, PYCAN_XL_ENC_MAX, &xl, 1.0);
	off = 0;
	tap(!pycan_decode_batch(dec, batch, (size_t)n, &off, &fr, NULL) && off == (size_t)n,
	    "a datagram of one XL record longer than PYCAN_BATCH_MAX is taken");
	/* the same, and a frame after it: not what an encoder writes */
	len = (size_t)n + put_fd(batch + n, 1);
	off = 0;
	d = pycan_decode_batch(dec, batch, len, &off, &fr, NULL);
	tap(d == PYCAN_DROP_OVERSIZE && off == len,
	    "an XL record and more, longer than PYCAN_BATCH_MAX, is oversize");
	/* a frame before it */
	len = put_fd(batch, 1);
	len += (size_t)pycan_xl_encode(batch + len, PYCAN_XL_ENC_MAX, &xl, 1.0);
	off = 0;
	d = pycan_decode_batch(dec, batch, len, &off, &fr, NULL);
	tap(d == PYCAN_DROP_OVERSIZE && off == len,
	    "a frame and an XL record, longer than PYCAN_BATCH_MAX, is oversize");
	/* CAN FD frames only, longer than a batch */
	for (len = 0; len <= PYCAN_BATCH_MAX;)
		len += put_fd(batch + len, 2);
	off = 0;
	d = pycan_decode_batch(dec, batch, len, &off, &fr, NULL);
	tap(d == PYCAN_DROP_OVERSIZE && off == len,
	    "CAN FD frames longer than PYCAN_BATCH_MAX are oversize");
	off = 0;
	d = pycan_decode_batch(dec, batch, PYCAN_XL_DGRAM_MAX + 1, &off, &fr, NULL);
	tap(d == PYCAN_DROP_OVERSIZE && off == PYCAN_XL_DGRAM_MAX + 1,
	    "a datagram longer than PYCAN_XL_DGRAM_MAX is oversize");
	/* an XL record is never a python-can datagram */
	n = pycan_xl_encode(batch, PYCAN_XL_ENC_MAX, &xl, 1.0);
	{
		struct canfd_frame cf;
		bool fd;

		tap(pycan_decode(dec, batch, (size_t)n, &cf, &fd, NULL) == PYCAN_DROP_UNKNOWN_KEY,
		    "an XL record alone is no python-can datagram (unknown-key)");
	}
}

/* Every prefix of an XL record is dropped, never read past. */
static void test_prefixes(void)
{
	static unsigned char buf[PYCAN_XL_ENC_MAX];
	struct canxl_frame xl;
	struct pycan_frame fr;
	unsigned int bad = 0;
	size_t len, off;
	int n;

	random_xl(&xl, 300);
	n = pycan_xl_encode(buf, sizeof(buf), &xl, 1.0);
	for (len = 1; len < (size_t)n; len++) {
		off = 0;
		if (!pycan_decode_batch(dec, buf, len, &off, &fr, NULL) || off != len)
			bad++;
	}
	tap(!bad, "every prefix of an XL record is dropped and consumed");
}

int main(void)
{
	dec = pycan_decoder_new();
	if (!dec) {
		perror("pycan_decoder_new");
		return 1;
	}
	printf("TAP version 13\n1..%u\n", 3 + M_CNT + 8);
	test_roundtrip();
	test_fields();
	test_malformed();
	test_old_decoder();
	test_mixed();
	test_prefixes();
	pycan_decoder_free(dec);
	return tap_failed ? 1 : 0;
}
