/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The release delay in use (Documentation/timeline.md, "Clock"): for each
 * of the other members' frames, the wall time at which it went into the
 * device minus its time stamp (its submit time: the end of the frame on
 * the timeline without a bit rate). Never below zero on a running
 * timeline: this host's own promise, on its own clock, holds the frontier
 * back. What a slow member, or one whose clock is behind, costs the
 * others shows there. The last TLDELAY_FRAMES are kept; status shows
 * their median, 99th percentile and largest.
 *
 * Pure bookkeeping: no I/O, no clock.
 */
#ifndef VCANMCD_TLDELAY_H
#define VCANMCD_TLDELAY_H

#include <stdbool.h>
#include <stdint.h>

#define TLDELAY_FRAMES		1024

struct tldelay {
	int64_t d[TLDELAY_FRAMES];	/* ns */
	unsigned int next, n;
};

struct tldelay_stats {
	unsigned int n;			/* frames they are of */
	int64_t p50, p99, max;
};

void tldelay_add(struct tldelay *t, int64_t delay);
/* Of the frames kept; false if there is none */
bool tldelay_stats(const struct tldelay *t, struct tldelay_stats *out);

#endif /* VCANMCD_TLDELAY_H */
