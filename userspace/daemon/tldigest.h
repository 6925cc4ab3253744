/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The digest of a timeline (Documentation/timeline.md, "Digests"): what a
 * member released, in a form every member can compare with its own, so
 * that two members that delivered different frames see it within a second
 * rather than never.
 *
 * Once a member's frontier passed an instant T, the frames of every member
 * with a submit time up to T are all it will ever release up to T, and
 * their order follows from them (submit time, member). So T is a point to
 * compare at: every TLDIGEST_PERIOD_NS of CLOCK_REALTIME, so that members,
 * whose frontiers move each in its own steps, have points in common. The
 * digest at T is the count of the frames with a submit time in the period
 * up to it, (T - TLDIGEST_PERIOD_NS, T], and the sum of a hash of each
 * (its member and its entry as tlmsg.h writes it: seq, submit, node, the
 * frame's bytes): the same at every member that released the same frames
 * in that period, whatever order they came in. Per period, not since the
 * start: members that differed once (a member that died, whose last frames
 * reached some of them) agree again as soon as they release the same
 * frames again. The last TLDIGEST_POINTS are kept, for a member's digest
 * that comes after this host's frontier passed its point; a frontier that
 * passes two points at once keeps only the later.
 *
 * Pure bookkeeping: no I/O, no clock.
 */
#ifndef VCANMCD_TLDIGEST_H
#define VCANMCD_TLDIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLDIGEST_PERIOD_NS	100000000LL
/* 6.4 s of them: more than a member's digest can be late and still count */
#define TLDIGEST_POINTS		64
/* Frames released but not reached by a frontier yet, at most; beyond it
 * the digest is lost (said, never wrong)
 */
#define TLDIGEST_PENDING_MAX	(1u << 20)

/* What was released in the period up to @at: @n frames whose hashes sum
 * to @sum
 */
struct tldigest_point {
	int64_t at;
	uint64_t n, sum;
};

struct tldigest_frame {
	int64_t submit;
	uint64_t hash;
};

struct tldigest {
	struct tldigest_frame *pend;	/* released, beyond the last frontier */
	size_t npend, cap;
	int64_t frontier;
	struct tldigest_point last;	/* the last point passed; at INT64_MIN: none */
	uint64_t open_n, open_sum;	/* frames after it, up to the frontier */
	struct tldigest_point points[TLDIGEST_POINTS];
	unsigned int npoints, next;
	bool lost;			/* out of memory: no more points */
};

void tldigest_init(struct tldigest *d);
void tldigest_free(struct tldigest *d);
/* The hash of member @member's frame, its tlmsg entry of @len bytes */
uint64_t tldigest_hash(uint32_t member, const uint8_t *entry, size_t len);
/* A frame the device was given, of submit time @submit: it counts once a
 * frontier reaches it.
 */
void tldigest_add(struct tldigest *d, int64_t submit, uint64_t hash);
/* The device took frontier @fr: the frames up to it count. True when a
 * new point was passed (d->last). A frontier before the epoch is none.
 */
bool tldigest_frontier(struct tldigest *d, int64_t fr);
/* Another member's point @p against this host's: 1 the same, 0 it
 * differs, -1 not passed here yet (ask again after the next point), -2
 * not kept (too old, passed here at once with a later one, or the digest is
 * lost)
 */
int tldigest_check(const struct tldigest *d, const struct tldigest_point *p);

#endif /* VCANMCD_TLDIGEST_H */
