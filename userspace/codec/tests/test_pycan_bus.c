// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the bus records of batches (pycan.h); TAP output.
 *
 * A record round trips between frames of a batch, each malformed one is
 * dropped alone for its reason, decoders that know no bus records skip it
 * alone, and every prefix of one is dropped and consumed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <msgpack.h>

#include "codec_tap.h"
#include "pycan.h"

static struct pycan_decoder *dec;

static void test_roundtrip(void)
{
	static const struct pycan_bus buses[] = {
		{ 0, 0, 0 },
		{ 125000, 0, 0 },
		{ 500000, 2000000, 10000000 },
		{ UINT32_MAX, UINT32_MAX, UINT32_MAX },
	};
	unsigned char batch[PYCAN_BATCH_MAX];
	struct pycan_frame fr[3];
	enum pycan_drop d[3];
	unsigned int i, bad = 0;
	size_t len, off;
	int n;

	for (i = 0; i < sizeof(buses) / sizeof(buses[0]); i++) {
		len = put_fd(batch, 0x10);
		n = pycan_bus_encode(batch + len, sizeof(batch) - len, &buses[i]);
		if (n <= 0 || n > PYCAN_BUS_ENC_MAX) {
			bad++;
			continue;
		}
		len += (size_t)n;
		len += put_fd(batch + len, 0x11);
		off = 0;
		d[0] = pycan_decode_batch(dec, batch, len, &off, &fr[0], NULL);
		d[1] = pycan_decode_batch(dec, batch, len, &off, &fr[1], NULL);
		d[2] = pycan_decode_batch(dec, batch, len, &off, &fr[2], NULL);
		if (d[0] || d[1] || d[2] || off != len || fr[1].kind != PYCAN_BUS ||
		    memcmp(&fr[1].bus, &buses[i], sizeof(buses[i])) ||
		    fr[0].cf.can_id != 0x10 || fr[2].cf.can_id != 0x11)
			bad++;
	}
	tap(!bad, "bus records round trip between the frames of a batch");
	tap(pycan_bus_encode(batch, 10, &buses[3]) == -ENOSPC,
	    "a buffer too small for a bus record: -ENOSPC");
}

enum mut { M_VERSION, M_VERSION_STR, M_MISSING, M_EXTRA, M_DUP, M_STR, M_WIDE, M_NEG, M_CNT };

static const struct {
	const char *what;
	enum pycan_drop want;
} muts[M_CNT] = {
	[M_VERSION]	= { "version 2", PYCAN_DROP_BUS_VERSION },
	[M_VERSION_STR]	= { "version as str", PYCAN_DROP_WRONG_TYPE },
	[M_MISSING]	= { "no xlbitrate", PYCAN_DROP_MISSING_KEY },
	[M_EXTRA]	= { "a key more", PYCAN_DROP_UNKNOWN_KEY },
	[M_DUP]		= { "bitrate twice", PYCAN_DROP_MALFORMED },
	[M_STR]		= { "bitrate as str", PYCAN_DROP_WRONG_TYPE },
	[M_WIDE]	= { "dbitrate 2^32", PYCAN_DROP_WRONG_TYPE },
	[M_NEG]		= { "bitrate -1", PYCAN_DROP_WRONG_TYPE },
};

static void kuint(msgpack_packer *pk, const char *k, uint64_t v)
{
	msgpack_pack_str_with_body(pk, k, strlen(k));
	msgpack_pack_uint64(pk, v);
}

static void build(msgpack_sbuffer *sb, enum mut m)
{
	unsigned int entries = 3 + (m == M_EXTRA || m == M_DUP) - (m == M_MISSING);
	msgpack_packer pk;

	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, entries + 1);
	msgpack_pack_str_with_body(&pk, "vcanmc_bus", 10);
	if (m == M_VERSION_STR)
		msgpack_pack_str_with_body(&pk, "1", 1);
	else
		msgpack_pack_uint8(&pk, m == M_VERSION ? 2 : PYCAN_BUS_VERSION);
	msgpack_pack_str_with_body(&pk, "bitrate", 7);
	if (m == M_STR)
		msgpack_pack_str_with_body(&pk, "500000", 6);
	else if (m == M_NEG)
		msgpack_pack_int8(&pk, -1);
	else
		msgpack_pack_uint32(&pk, 500000);
	kuint(&pk, "dbitrate", m == M_WIDE ? 1ull << 32 : 0);
	if (m != M_MISSING)
		kuint(&pk, "xlbitrate", 0);
	if (m == M_EXTRA)
		kuint(&pk, "sjw", 1);
	if (m == M_DUP)
		kuint(&pk, "bitrate", 500000);
}

/* Each malformed record, between two CAN FD frames: it alone is dropped. */
static void test_malformed(void)
{
	unsigned char batch[PYCAN_BATCH_MAX];
	struct pycan_frame fr;
	msgpack_sbuffer sb;
	enum pycan_drop d[3];
	size_t len, off;
	unsigned int m, i;

	for (m = 0; m < M_CNT; m++) {
		msgpack_sbuffer_init(&sb);
		build(&sb, m);
		len = put_fd(batch, 0x20);
		memcpy(batch + len, sb.data, sb.size);
		len += sb.size;
		len += put_fd(batch + len, 0x21);
		msgpack_sbuffer_destroy(&sb);
		off = 0;
		for (i = 0; i < 3; i++)
			d[i] = pycan_decode_batch(dec, batch, len, &off, &fr, NULL);
		tap(!d[0] && d[1] == muts[m].want && !d[2] && off == len && fr.cf.can_id == 0x21,
		    "bus record with %s: dropped alone as %s (got %s)", muts[m].what,
		    pycan_drop_name(muts[m].want), pycan_drop_name(d[1]));
	}
}

/* Decoders that know no bus records: a batch one, python-can's. */
static void test_old_decoders(void)
{
	static const struct pycan_bus bus = { 250000, 0, 0 };
	unsigned char batch[PYCAN_BATCH_MAX];
	struct canfd_frame cf;
	enum pycan_drop d[3];
	size_t len, off = 0;
	bool fd;
	int n;

	len = put_fd(batch, 0x30);
	n = pycan_bus_encode(batch + len, sizeof(batch) - len, &bus);
	len += n > 0 ? (size_t)n : 0;
	len += put_fd(batch + len, 0x31);
	d[0] = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
	d[1] = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
	d[2] = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
	tap(!d[0] && d[1] == PYCAN_DROP_UNKNOWN_KEY && !d[2] && off == len && cf.can_id == 0x31,
	    "a batch decoder without bus records skips one as unknown-key, keeps the rest");
	n = pycan_bus_encode(batch, sizeof(batch), &bus);
	tap(n > 0 && pycan_decode(dec, batch, (size_t)n, &cf, &fd, NULL) == PYCAN_DROP_UNKNOWN_KEY,
	    "python-can's datagram decoder takes no bus record: unknown-key");
}

static void test_prefixes(void)
{
	static const struct pycan_bus bus = { 500000, 2000000, 0 };
	unsigned char buf[PYCAN_BUS_ENC_MAX];
	struct pycan_frame fr;
	unsigned int bad = 0;
	size_t len, off;
	int n;

	n = pycan_bus_encode(buf, sizeof(buf), &bus);
	for (len = 1; n > 0 && len < (size_t)n; len++) {
		off = 0;
		if (!pycan_decode_batch(dec, buf, len, &off, &fr, NULL) || off != len)
			bad++;
	}
	tap(n > 0 && !bad, "every prefix of a bus record is dropped and consumed");
}

int main(void)
{
	dec = pycan_decoder_new();
	if (!dec) {
		perror("pycan_decoder_new");
		return 1;
	}
	printf("TAP version 13\n1..%u\n", 2 + M_CNT + 3);
	test_roundtrip();
	test_malformed();
	test_old_decoders();
	test_prefixes();
	pycan_decoder_free(dec);
	return tap_failed ? 1 : 0;
}
