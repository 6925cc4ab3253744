// SPDX-License-Identifier: GPL-2.0
/*
 * The timeline's digest (tldigest.c): two members that release the same
 * frames, given in another order and with frontiers in other steps, have
 * the same digest at every point both passed; one frame of another hash,
 * or one frame more, makes it differ there and at every point after; a
 * point not passed yet, or not kept, is said, not guessed.
 */
#include <stdint.h>

#include "tldigest.h"
#include "tap.h"

#define P	TLDIGEST_PERIOD_NS
#define FRAMES	1000

/* Frame i: submit time, hash */
static int64_t at(unsigned int i)
{
	return (int64_t)i * (P / 7) + 3;
}

static uint64_t hash(unsigned int i)
{
	uint8_t e[2] = { (uint8_t)i, (uint8_t)(i >> 8) };

	return tldigest_hash(0x10 + i % 3, e, sizeof(e));
}

static int test_tldigest_same(const void *data)
{
	static struct tldigest a, b;
	struct tldigest_point p;
	unsigned int i, same = 0;
	int64_t fr;

	tldigest_init(&a);
	tldigest_init(&b);
	for (i = 0; i < FRAMES; i += 10) {
		unsigned int j;

		/* a: each frame, then a frontier at it */
		for (j = 0; j < 10; j++) {
			tldigest_add(&a, at(i + j), hash(i + j));
			tldigest_frontier(&a, at(i + j));
		}
		/* b: ten frames backwards, then a frontier at the sixth */
		for (j = 10; j--;)
			tldigest_add(&b, at(i + j), hash(i + j));
		fr = at(i + 5);
		if (tldigest_frontier(&b, fr)) {
			p = b.last;
			CHECK(p.at <= fr && p.at > fr - P);
			CHECK_INT(tldigest_check(&a, &p), 1);
			same++;
		}
	}
	tldigest_frontier(&b, at(FRAMES - 1));
	CHECK(same > 50);
	/* a passed every point; b some at once, which it did not keep */
	for (i = 0, same = 0; i < a.npoints; i++) {
		int r = tldigest_check(&b, &a.points[i]);

		CHECK(r == 1 || r == -2);
		same += r == 1;
	}
	CHECK(same > 10);
	/* a point ahead of b; one it never kept */
	p = (struct tldigest_point){ .at = b.last.at + P };
	CHECK_INT(tldigest_check(&b, &p), -1);
	p.at = b.last.at - TLDIGEST_POINTS * P;
	CHECK_INT(tldigest_check(&b, &p), -2);
	/* the last point counts the frames of its period */
	for (i = 0, same = 0; i < FRAMES; i++)
		same += at(i) <= b.last.at && at(i) > b.last.at - P;
	CHECK_INT(b.last.n, same);
	CHECK(same > 0);
	tldigest_free(&a);
	tldigest_free(&b);
	return TAP_PASS;
}

static int test_tldigest_differs(const void *data)
{
	static struct tldigest a, b, c;
	unsigned int i, k;

	tldigest_init(&a);
	tldigest_init(&b);
	tldigest_init(&c);
	for (i = 0; i < 100; i++) {
		tldigest_add(&a, at(i), hash(i));
		/* b: frame 50 of another hash; c: a frame more, at 60 */
		tldigest_add(&b, at(i), i == 50 ? hash(i) + 1 : hash(i));
		tldigest_add(&c, at(i), hash(i));
		if (i == 60)
			tldigest_add(&c, at(i) + 1, hash(i) + 7);
		tldigest_frontier(&a, at(i) + 1);
		tldigest_frontier(&b, at(i) + 1);
		tldigest_frontier(&c, at(i) + 1);
	}
	CHECK(a.npoints > 10);
	for (i = 0, k = 0; i < a.npoints; i++) {
		int64_t t = a.points[i].at;
		int in50 = at(50) <= t && at(50) > t - P;

		CHECK_INT(tldigest_check(&b, &a.points[i]), !in50);
		CHECK_INT(tldigest_check(&c, &a.points[i]), !(at(60) + 1 <= t && at(60) + 1 > t - P));
		k += in50;
	}
	CHECK_INT(k, 1);
	tldigest_free(&a);
	tldigest_free(&b);
	tldigest_free(&c);
	return TAP_PASS;
}

void test_tldigest_register(void)
{
	tap_add(test_tldigest_same, NULL,
		"tldigest: the same frames, in other orders and frontier steps: the same at every point");
	tap_add(test_tldigest_differs, NULL,
		"tldigest: a frame of another hash, or one more: differs at its period's point only");
}
