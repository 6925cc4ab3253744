// SPDX-License-Identifier: GPL-2.0
/*
 * Another member's clock (tlclock.c): the offset NTP's four stamps give
 * is within half the round trip of the true one, whatever the two ways
 * take; the sample of the least round trip of the last few is the
 * measure; an echo of an entry sampled already gives none; stamps that
 * overflow, or a round trip below zero, are refused and counted.
 */
#include <stdlib.h>

#include "tlclock.h"
#include "tap.h"

#define MS	1000000LL

/* This host sends at @t1 (its clock); the member's clock is @theta ahead;
 * the way there takes @d1, the member holds it @hold, the way back @d2
 */
static bool exchange(struct tlclock *c, int64_t t1, int64_t theta, int64_t d1, int64_t hold,
		     int64_t d2)
{
	int64_t t2 = t1 + d1 + theta, t3 = t2 + hold, t4 = t3 - theta + d2;

	return tlclock_take(c, t1, t2, t3, t4);
}

static int test_tlclock_offset(const void *data)
{
	struct tlclock c = { 0 };
	struct tlclock_sample s;
	int64_t t = 1764899999000000000LL, theta, d1, d2;
	unsigned int i;

	CHECK(!tlclock_best(&c, &s));
	/* 5 ms ahead, 2 ms there, 3 ms back, held 10 ms */
	CHECK(exchange(&c, t, 5 * MS, 2 * MS, 10 * MS, 3 * MS));
	CHECK(tlclock_best(&c, &s));
	CHECK(s.offset == 4500000 && s.rtt == 5 * MS);
	/* the heard stamps are the member's t3 and this host's t4 */
	CHECK(c.heard_sent == t + 17 * MS && c.heard_at == t + 15 * MS);

	/* any delays, any offset: within rtt / 2 of the truth */
	srand(17);
	for (i = 0; i < 10000; i++) {
		struct tlclock d = { 0 };

		theta = ((int64_t)rand() - RAND_MAX / 2) * 1000;
		d1 = (int64_t)rand() % (50 * MS);
		d2 = (int64_t)rand() % (50 * MS);
		CHECK(exchange(&d, t + i, theta, d1, (int64_t)rand() % (100 * MS), d2));
		CHECK(tlclock_best(&d, &s));
		CHECK(s.rtt == d1 + d2);
		CHECK(llabs(s.offset - theta) <= s.rtt / 2 + 1);
	}
	return TAP_PASS;
}

static int test_tlclock_filter(const void *data)
{
	struct tlclock c = { 0 };
	struct tlclock_sample s;
	int64_t t = 1000 * MS;
	unsigned int i;

	/* one quick exchange among slow ones is the measure ... */
	for (i = 0; i < TLCLOCK_SAMPLES; i++)
		CHECK(exchange(&c, t += 100 * MS, MS, i == TLCLOCK_SAMPLES - 1 ? MS : 20 * MS, 0, 30 * MS));
	CHECK(tlclock_best(&c, &s));
	CHECK(s.rtt == 31 * MS);
	CHECK(s.offset == MS + (MS - 30 * MS) / 2);
	/* ... until TLCLOCK_SAMPLES later ones pushed it out */
	for (i = 0; i < TLCLOCK_SAMPLES - 1; i++)
		CHECK(exchange(&c, t += 100 * MS, MS, 40 * MS, 0, 40 * MS));
	CHECK(tlclock_best(&c, &s) && s.rtt == 31 * MS);
	CHECK(exchange(&c, t += 100 * MS, MS, 40 * MS, 0, 40 * MS));
	CHECK(tlclock_best(&c, &s) && s.rtt == 80 * MS);
	CHECK_INT(c.n, TLCLOCK_SAMPLES);
	return TAP_PASS;
}

static int test_tlclock_refused(const void *data)
{
	struct tlclock c = { 0 };
	struct tlclock_sample s;

	/* nothing of this host's heard yet; then the same echo twice */
	CHECK(!tlclock_take(&c, 0, 5, 6, 7));
	CHECK(c.heard_sent == 6 && c.heard_at == 7);
	CHECK(tlclock_take(&c, 1, 5, 6, 7));
	CHECK(!tlclock_take(&c, 1, 5, 8, 9));
	CHECK_INT(c.n, 1);
	CHECK_INT(c.refused, 0);
	/* overflows, a round trip or a hold below zero */
	CHECK(!tlclock_take(&c, -2, INT64_MAX, INT64_MAX, 0));
	CHECK(!tlclock_take(&c, INT64_MIN + 1, INT64_MAX, INT64_MAX, 100));
	CHECK(!tlclock_take(&c, 100, 0, INT64_MIN, INT64_MAX));
	CHECK(!tlclock_take(&c, 100 * MS, 0, 50 * MS, 101 * MS));
	CHECK(!tlclock_take(&c, 200 * MS, 10 * MS, 5 * MS, 201 * MS));
	CHECK_INT(c.refused, 5);
	CHECK_INT(c.n, 1);
	CHECK(tlclock_best(&c, &s) && s.rtt == 5 && s.offset == 1);
	return TAP_PASS;
}

void test_tlclock_register(void)
{
	tap_add(test_tlclock_offset, NULL,
		"tlclock: the offset is within half the round trip of the true one, any delays");
	tap_add(test_tlclock_filter, NULL,
		"tlclock: the least round trip of the last samples is the measure");
	tap_add(test_tlclock_refused, NULL,
		"tlclock: a repeated echo gives no sample; overflows and negative trips are refused");
}
