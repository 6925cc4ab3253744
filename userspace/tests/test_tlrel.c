// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's release rule of the timeline (tlrel.c): the frontier follows
 * the lowest promise and stops before the first frame some member does not
 * hold; what breaks a stream is refused; and, in a simulation of three
 * members whose messages arrive late and interleaved, no member's frontier
 * ever passes a frame it or another member does not hold.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlrel.h"
#include "tap.h"

static struct tlrel t;

static int test_tlrel_promise(const void *data)
{
	tlrel_init(&t, 1);
	CHECK_INT(tlrel_add(&t, 1, 0), 0);
	CHECK_INT(tlrel_add(&t, 2, 0), 0);
	CHECK_INT(tlrel_add(&t, 3, 0), 0);
	CHECK_INT(tlrel_add(&t, 3, 0), -EEXIST);
	CHECK_INT(tlrel_add(&t, 0, 0), -EINVAL);
	/* members since 0 promised only what is before it */
	CHECK_INT(tlrel_frontier(&t), -1);
	CHECK_INT(tlrel_mark(&t, 1, 100), 0);
	CHECK_INT(tlrel_mark(&t, 2, 200), 0);
	CHECK_INT(tlrel_frontier(&t), -1);
	CHECK_INT(tlrel_mark(&t, 3, 150), 0);
	CHECK_INT(tlrel_frontier(&t), 100);
	/* a lower mark is no news; a frame is a promise */
	CHECK_INT(tlrel_mark(&t, 1, 50), 0);
	CHECK_INT(tlrel_frontier(&t), 100);
	CHECK_INT(tlrel_mark(&t, 4, 50), -ENOENT);
	CHECK_INT(tlrel_frame(&t, 1, 1, 180), 0);
	CHECK_INT(tlrel_ack(&t, 2, 1, 1), 0);
	CHECK_INT(tlrel_ack(&t, 3, 1, 1), 0);
	CHECK_INT(tlrel_frontier(&t), 150);
	/* one who joins later promises all before it */
	CHECK_INT(tlrel_add(&t, 4, 1000), 0);
	CHECK_INT(tlrel_frontier(&t), 150);
	CHECK_INT(tlrel_mark(&t, 3, 2000), 0);
	CHECK_INT(tlrel_mark(&t, 2, 2000), 0);
	CHECK_INT(tlrel_mark(&t, 1, 2000), 0);
	CHECK_INT(tlrel_frontier(&t), 999);
	/* and it never goes back: one that joins "before" does not lower it */
	CHECK_INT(tlrel_add(&t, 5, 500), 0);
	CHECK_INT(tlrel_frontier(&t), 999);
	return TAP_PASS;
}

static int test_tlrel_stable(const void *data)
{
	int i;

	tlrel_init(&t, 1);
	for (i = 1; i <= 3; i++) {
		CHECK_INT(tlrel_add(&t, i, 0), 0);
		CHECK_INT(tlrel_mark(&t, i, 1000), 0);
	}
	CHECK_INT(tlrel_frontier(&t), 1000);
	/* member 2's frames reach this host; 3 holds the first only */
	CHECK_INT(tlrel_frame(&t, 2, 1, 1100), 0);
	CHECK_INT(tlrel_frame(&t, 2, 2, 1200), 0);
	CHECK_INT(tlrel_held(&t, 2), 2);
	for (i = 1; i <= 3; i++)
		CHECK_INT(tlrel_mark(&t, i, 5000), 0);
	CHECK_INT(tlrel_frontier(&t), 1099);
	CHECK_INT(tlrel_ack(&t, 3, 2, 1), 0);
	CHECK_INT(tlrel_frontier(&t), 1199);
	CHECK_INT(tlrel_ack(&t, 3, 2, 2), 0);
	CHECK_INT(tlrel_frontier(&t), 5000);
	/* our own frame needs both others' acks */
	CHECK_INT(tlrel_frame(&t, 1, 1, 5100), 0);
	CHECK_INT(tlrel_mark(&t, 2, 9000), 0);
	CHECK_INT(tlrel_mark(&t, 3, 9000), 0);
	CHECK_INT(tlrel_mark(&t, 1, 9000), 0);
	CHECK_INT(tlrel_frontier(&t), 5099);
	CHECK_INT(tlrel_ack(&t, 2, 1, 1), 0);
	CHECK_INT(tlrel_frontier(&t), 5099);
	CHECK_INT(tlrel_ack(&t, 3, 1, 1), 0);
	CHECK_INT(tlrel_frontier(&t), 9000);
	/* a member that joined after a frame's instant need not hold it */
	CHECK_INT(tlrel_frame(&t, 2, 3, 9100), 0);
	CHECK_INT(tlrel_add(&t, 4, 9150), 0);
	CHECK_INT(tlrel_ack(&t, 3, 2, 3), 0);
	for (i = 1; i <= 4; i++)
		CHECK_INT(tlrel_mark(&t, i, 9500), 0);
	CHECK_INT(tlrel_frontier(&t), 9500);
	/* a place taken again starts with no acks of the one before */
	CHECK_INT(tlrel_remove(&t, 3), 0);
	CHECK_INT(tlrel_remove(&t, 3), -ENOENT);
	CHECK_INT(tlrel_add(&t, 5, 0), 0);
	CHECK_INT(tlrel_frame(&t, 2, 4, 9600), 0);
	for (i = 1; i <= 5; i++)
		if (i != 3)
			CHECK_INT(tlrel_mark(&t, i, 9700), 0);
	CHECK_INT(tlrel_ack(&t, 4, 2, 4), 0);
	CHECK_INT(tlrel_frontier(&t), 9599);
	CHECK_INT(tlrel_ack(&t, 5, 2, 4), 0);
	CHECK_INT(tlrel_frontier(&t), 9700);
	return TAP_PASS;
}

static int test_tlrel_refused(const void *data)
{
	int i;

	tlrel_init(&t, 1);
	CHECK_INT(tlrel_add(&t, 2, 0), 0);
	CHECK_INT(tlrel_frame(&t, 3, 1, 10), -ENOENT);
	CHECK_INT(tlrel_frame(&t, 2, 2, 10), -EPROTO);
	CHECK_INT(tlrel_frame(&t, 2, 1, 10), 0);
	CHECK_INT(tlrel_frame(&t, 2, 1, 11), -EPROTO);
	CHECK_INT(tlrel_frame(&t, 2, 2, 10), -EPROTO);
	CHECK_INT(tlrel_mark(&t, 2, 100), 0);
	CHECK_INT(tlrel_frame(&t, 2, 2, 100), -EPROTO);
	for (i = 2; i <= TLREL_UNSTABLE; i++)
		CHECK_INT(tlrel_frame(&t, 2, i, 100 + i), 0);
	CHECK_INT(tlrel_frame(&t, 2, i, 100 + i), -ENOSPC);
	CHECK_INT(tlrel_ack(&t, 2, 9, 1), -ENOENT);
	for (i = 2; i <= TLREL_MEMBERS; i++)
		CHECK_INT(tlrel_add(&t, 100 + i, 0), 0);
	CHECK_INT(tlrel_add(&t, 99, 0), -ENOSPC);
	return TAP_PASS;
}

/* Three members, each with its own tlrel, over streams that keep each
 * sender's order and delay each message at random: frames, marks and acks.
 * Every member's frontier, every time it is asked, must pass no frame
 * that it or another member does not hold; and once all is sent and
 * heartbeats go on, every frontier passes every frame.
 */
#define SIM_N		3
#define SIM_FRAMES	300
#define SIM_PENDING	8192

enum { MSG_FRAME, MSG_MARK, MSG_ACK };

struct sim_msg {
	int from, to, kind;
	uint32_t id;		/* MSG_ACK: whose frames */
	uint64_t seq;
	int64_t t;		/* submit or mark */
	long due;		/* step it arrives at */
};

static struct sim_msg pending[SIM_PENDING];
static struct tlrel sim[SIM_N];
static int64_t submits[SIM_N][SIM_FRAMES + 1];
static uint64_t sent[SIM_N];
static long last_due[SIM_N][SIM_N];	/* each pair's stream keeps its order */
static int npending;

static int sim_post(int from, int to, int kind, uint32_t id, uint64_t seq, int64_t tv, long now)
{
	long due = now + 1 + rand() % 40;

	if (npending == SIM_PENDING)
		return -1;
	if (due < last_due[from][to])
		due = last_due[from][to];
	last_due[from][to] = due;
	pending[npending++] = (struct sim_msg){ from, to, kind, id, seq, tv, due };
	return 0;
}

/* Hands over what is due now, in the order it was sent; keeps the rest. */
static int sim_deliver(long now)
{
	int k, kept = 0, err = 0;

	for (k = 0; k < npending; k++) {
		struct sim_msg *m = &pending[k];
		struct tlrel *r = &sim[m->to];

		if (m->due != now) {
			pending[kept++] = *m;
			continue;
		}
		if (m->kind == MSG_FRAME)
			err = err ?: tlrel_frame(r, m->from + 1, m->seq, m->t);
		else if (m->kind == MSG_MARK)
			err = err ?: tlrel_mark(r, m->from + 1, m->t);
		else
			err = err ?: tlrel_ack(r, m->from + 1, m->id, m->seq);
	}
	npending = kept;
	return err;
}

/* Member @i promises up to @mark: its mark and its acks, to the others. */
static int sim_heartbeat(int i, int64_t mark, long now)
{
	int j, k;

	if (tlrel_mark(&sim[i], i + 1, mark))
		return -1;
	for (j = 0; j < SIM_N; j++) {
		if (j == i)
			continue;
		if (sim_post(i, j, MSG_MARK, i + 1, 0, mark, now))
			return -1;
		for (k = 0; k < SIM_N; k++)
			if (sim_post(i, j, MSG_ACK, k + 1, tlrel_held(&sim[i], k + 1), 0, now))
				return -1;
	}
	return 0;
}

static int test_tlrel_sim(const void *data)
{
	int64_t clock = 1000, f;
	long now, quiet = 0;
	bool done = false;
	int i, j, k;

	srand(17);
	for (i = 0; i < SIM_N; i++) {
		tlrel_init(&sim[i], i + 1);
		for (j = 0; j < SIM_N; j++)
			CHECK_INT(tlrel_add(&sim[i], j + 1, 0), 0);
	}
	for (now = 0; now < 100000 && (!done || npending); now++) {
		clock += 1 + rand() % 3;
		for (i = 0; i < SIM_N && quiet < 200; i++) {
			if (sent[i] < SIM_FRAMES && rand() % 3 == 0) {
				sent[i]++;
				submits[i][sent[i]] = clock + i;
				CHECK_INT(tlrel_frame(&sim[i], i + 1, sent[i], clock + i), 0);
				for (j = 0; j < SIM_N; j++)
					if (j != i)
						CHECK(!sim_post(i, j, MSG_FRAME, i + 1, sent[i],
								clock + i, now));
			} else if (rand() % 4 == 0 || sent[i] == SIM_FRAMES) {
				CHECK(!sim_heartbeat(i, clock + i, now));
			}
		}
		done = true;
		for (i = 0; i < SIM_N; i++)
			done = done && sent[i] == SIM_FRAMES;
		quiet += done;
		CHECK_INT(sim_deliver(now), 0);
		/* the property: up to F, everyone holds everything */
		for (i = 0; i < SIM_N; i++) {
			f = tlrel_frontier(&sim[i]);
			for (j = 0; j < SIM_N; j++)
				for (uint64_t q = 1; q <= sent[j] && submits[j][q] <= f; q++)
					for (k = 0; k < SIM_N; k++)
						if (tlrel_held(&sim[k], j + 1) < q) {
							tap_diag("step %ld: member %d's F %lld passes member %d's frame %llu (at %lld), which member %d does not hold",
								 now, i + 1, (long long)f, j + 1,
								 (unsigned long long)q, (long long)submits[j][q], k + 1);
							return TAP_FAIL;
						}
		}
	}
	CHECK_INT(npending, 0);
	for (i = 0; i < SIM_N; i++) {
		CHECK_INT(sent[i], SIM_FRAMES);
		for (j = 0; j < SIM_N; j++)
			CHECK(tlrel_frontier(&sim[i]) >= submits[j][SIM_FRAMES]);
	}
	return TAP_PASS;
}

void test_tlrel_register(void)
{
	tap_add(test_tlrel_promise, NULL,
		"tlrel: the frontier is the lowest promise, a join promises what is before it, and it never goes back");
	tap_add(test_tlrel_stable, NULL,
		"tlrel: the frontier stops before the first frame a member counted for it does not hold");
	tap_add(test_tlrel_refused, NULL,
		"tlrel: gaps, steps back, unknown members and overflows are refused");
	tap_add(test_tlrel_sim, NULL,
		"tlrel: three members, messages late and interleaved: no frontier passes a frame anyone lacks");
}
