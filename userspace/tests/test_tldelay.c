// SPDX-License-Identifier: GPL-2.0
/*
 * The release delay (tldelay.c): the median, 99th percentile and largest
 * of the last TLDELAY_FRAMES, by nearest rank, a negative delay (a clock
 * stepped back) kept as it is; older frames leave the window.
 */
#include "tldelay.h"
#include "tap.h"

static int test_tldelay(const void *data)
{
	static struct tldelay t;
	struct tldelay_stats s;
	unsigned int i;

	CHECK(!tldelay_stats(&t, &s));
	tldelay_add(&t, -5);
	CHECK(tldelay_stats(&t, &s));
	CHECK(s.n == 1 && s.p50 == -5 && s.p99 == -5 && s.max == -5);
	/* 1 to 100, in a shuffled order, after the -5 */
	for (i = 0; i < 100; i++)
		tldelay_add(&t, (int64_t)(i * 37 % 100) + 1);
	CHECK(tldelay_stats(&t, &s));
	CHECK_INT(s.n, 101);
	CHECK(s.p50 == 50 && s.p99 == 99 && s.max == 100);
	/* a full window of 7s pushes every one of them out */
	for (i = 0; i < TLDELAY_FRAMES; i++)
		tldelay_add(&t, 7);
	CHECK(tldelay_stats(&t, &s));
	CHECK(s.n == TLDELAY_FRAMES && s.p50 == 7 && s.p99 == 7 && s.max == 7);
	tldelay_add(&t, 1000);
	CHECK(tldelay_stats(&t, &s));
	CHECK(s.p99 == 7 && s.max == 1000);
	return TAP_PASS;
}

void test_tldelay_register(void)
{
	tap_add(test_tldelay, NULL,
		"tldelay: median, 99th percentile and largest of the last frames, by nearest rank");
}
