// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: pycan_decode() on any input. What it accepts must
 * encode, and decode again to the very same frame; anything else aborts.
 * The input is also read as a batch (pycan_decode_next()), which must move
 * forward on every call and end.
 * Built with -fsanitize=fuzzer,address,undefined (see the Makefile), run
 * with -malloc_limit_mb so that an input making msgpack-c allocate in
 * proportion to a declared, not an actual, length is a finding too.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pycan.h"

static struct pycan_decoder *dec;

static void same_double_or_die(double a, double b)
{
	if (isnan(a) || isnan(b)) {
		if (!isnan(a) || !isnan(b))
			abort();
		return;
	}
	if (memcmp(&a, &b, sizeof(a)))
		abort();
}

static void batch(const uint8_t *data, size_t size)
{
	static struct pycan_frame fr;
	struct canfd_frame cf;
	size_t off = 0, prev;
	bool fd;

	while (off < size) {
		prev = off;
		pycan_decode_next(dec, data, size, &off, &cf, &fd, NULL);
		if (off <= prev || off > size)
			abort();
	}
	/* and with CAN XL records */
	for (off = 0; off < size;) {
		prev = off;
		if (!pycan_decode_batch(dec, data, size, &off, &fr, NULL) &&
		    fr.kind == PYCAN_CANXL && (fr.xl.len < 1 || fr.xl.len > CANXL_MAX_DLEN))
			abort();
		if (off <= prev || off > size)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char wire[PYCAN_ENC_MAX], wire2[PYCAN_ENC_MAX];
	struct canfd_frame cf, cf2;
	double ts, ts2;
	bool fd, fd2;
	int n, n2;

	if (!dec) {
		dec = pycan_decoder_new();
		if (!dec)
			abort();
	}

	batch(data, size);
	if (pycan_decode(dec, data, size, &cf, &fd, &ts) != PYCAN_DROP_NONE)
		return 0;

	n = pycan_encode(wire, sizeof(wire), &cf, fd, ts);
	if (n < 0)
		abort();
	if (pycan_decode(dec, wire, (size_t)n, &cf2, &fd2, &ts2) != PYCAN_DROP_NONE)
		abort();
	if (fd != fd2 || memcmp(&cf, &cf2, sizeof(cf)))
		abort();
	same_double_or_die(ts, ts2);

	/* and our own datagrams are a fixed point */
	n2 = pycan_encode(wire2, sizeof(wire2), &cf2, fd2, ts2);
	if (n2 != n || memcmp(wire, wire2, (size_t)n))
		abort();
	return 0;
}
