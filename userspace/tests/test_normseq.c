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

/* A sender that restarted (or claims to, REMOTE_SENDER_RESET) and sends
 * its first frames again: they were delivered, they are not again; what
 * it skips is lost.
 */
static int test_replay_and_gap(const void *data)
{
	struct normseq s = { 0 };
	struct normseq_take t;

	t = normseq_take(&s, 0, 8);
	CHECK(t.deliver && !t.late);
	t = normseq_take(&s, 8, 8);
	CHECK(t.deliver);
	/* the stream from 0 again, after a restart */
	normseq_restart(&s);
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

/* A sender forgotten after a silence, back: its frames meanwhile are
 * lost, not a late join; another sender is not confused with it.
 */
static int test_forgotten_back(const void *data)
{
	static struct normseq_gone g;
	struct normseq s = { 0 }, back = { 0 };
	struct normseq_take t;
	unsigned int i;

	normseq_take(&s, 0, 50);
	normseq_forget(&g, 0x1234, &s);
	for (i = 0; i < NORMSEQ_GONE - 1; i++) {
		struct normseq other = { .synced = true, .next = i };

		normseq_forget(&g, 0x10000 + i, &other);
	}
	CHECK(!normseq_recall(&g, 0x4321, &back));
	CHECK(normseq_recall(&g, 0x1234, &back));
	t = normseq_take(&back, 80, 5);
	CHECK(t.deliver && !t.late && t.lost == 30);
	/* taken: a second comer with the id is new */
	back = (struct normseq){ 0 };
	CHECK(!normseq_recall(&g, 0x1234, &back));
	/* the oldest goes when the table is full */
	normseq_forget(&g, 0x1234, &s);
	normseq_forget(&g, 0x5555, &s);
	CHECK(!normseq_recall(&g, 0x10000, &back));
	return TAP_PASS;
}

/* One forged message far ahead of a sender's numbers, in its stream:
 * the true messages after it are numbered behind it, and are delivered
 * all the same (there was no restart), not dropped as duplicates for good
 */
static int test_forged_jump(const void *data)
{
	struct normseq s = { 0 };
	struct normseq_take t;
	uint32_t seq = 16, delivered = 0, i;

	normseq_take(&s, 0, 8);
	normseq_take(&s, 8, 8);
	t = normseq_take(&s, 16 + 0x7fffffffu, 1);	/* the forged one */
	CHECK(t.deliver);
	for (i = 0; i < 100000; i++, seq += 8) {
		t = normseq_take(&s, seq, 8);
		delivered += t.deliver;
		CHECK(!t.dups);
	}
	CHECK_INT(delivered, 100000);
	CHECK_INT(s.next, seq);
	return TAP_PASS;
}

/* After a restart only what the sender had sent before is a duplicate:
 * a forged jump then does not hide what comes after where it was
 */
static int test_restart_bounds_replay(const void *data)
{
	struct normseq s = { 0 };
	struct normseq_take t;

	normseq_take(&s, 0, 8);
	normseq_take(&s, 8, 8);
	normseq_restart(&s);
	t = normseq_take(&s, 0, 8);
	CHECK(!t.deliver && t.dups == 8);
	t = normseq_take(&s, 8, 8);
	CHECK(!t.deliver && t.dups == 8);
	t = normseq_take(&s, 16, 8);			/* new */
	CHECK(t.deliver && !t.dups && !t.lost);
	/* restarted again, and a forged jump before the replay */
	normseq_restart(&s);
	t = normseq_take(&s, 1000000, 1);
	CHECK(t.deliver && t.lost == 1000000 - 24);
	t = normseq_take(&s, 24, 8);			/* true, new */
	CHECK(t.deliver && t.rewound);
	t = normseq_take(&s, 32, 8);
	CHECK(t.deliver && !t.rewound && !t.lost);
	return TAP_PASS;
}

void test_normseq_register(void)
{
	tap_add(test_forged_jump, NULL,
		"normseq: a forged jump ahead makes no true message a duplicate");
	tap_add(test_restart_bounds_replay, NULL,
		"normseq: after a restart, only what came before is a duplicate");
	tap_add(test_in_order, NULL, "normseq: in order, the first heard late");
	tap_add(test_replay_and_gap, NULL, "normseq: frames sent again are duplicates, a skip is lost");
	tap_add(test_forgotten_back, NULL, "normseq: a forgotten sender back counts what it missed as lost");
}
