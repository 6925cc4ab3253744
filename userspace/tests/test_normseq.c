// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's NORM sequence accounting: each frame once, the rest counted.
 */
#include "normseq.h"
#include "tap.h"

/* In order, and a late join */
static int test_in_order(const void *data)
{
	struct normseq s = { 0 };
	struct normseq_take t;

	t = normseq_take(&s, 100, 4);
	CHECK(t.deliver && t.late && !t.lost && !t.dups);
	t = normseq_take(&s, 104, 2);
	CHECK(t.deliver && !t.late && !t.lost && !t.dups);
	CHECK_INT(s.next, 106);
	return TAP_PASS;
}

/* A sender whose stream starts over sends its first frames again: they
 * were delivered, they are not again; what it skips is lost.
 */
static int test_replay_and_gap(const void *data)
{
	struct normseq s = { 0 };
	struct normseq_take t;

	t = normseq_take(&s, 0, 8);
	CHECK(t.deliver && !t.late);
	t = normseq_take(&s, 8, 8);
	CHECK(t.deliver);
	/* the stream from 0 again */
	t = normseq_take(&s, 0, 8);
	CHECK(!t.deliver && t.dups == 8 && !t.lost);
	/* partly before, partly new: cannot be cut, not delivered */
	t = normseq_take(&s, 12, 8);
	CHECK(!t.deliver && t.dups == 8);
	CHECK_INT(s.next, 20);
	t = normseq_take(&s, 1160, 3);
	CHECK(t.deliver && t.lost == 1140 && !t.dups);
	/* across the wrap of the numbers */
	s.next = 0xfffffffeu;
	t = normseq_take(&s, 2, 1);
	CHECK(t.deliver && t.lost == 4);
	return TAP_PASS;
}

void test_normseq_register(void)
{
	tap_add(test_in_order, NULL, "normseq: in order, the first heard late");
	tap_add(test_replay_and_gap, NULL, "normseq: frames sent again are duplicates, a skip is lost");
}
