/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The clock of another member of the timeline against this host's
 * (Documentation/timeline.md, "Clock"): each clock entry (tlmsg.h) gives
 * NTP's four stamps (RFC 5905, section 8): t1, this host sent its last
 * entry the member got; t2, the member got it; t3, the member sent this
 * one; t4, it came here. t1 and t4 are this host's clock, t2 and t3 the
 * member's. Then
 *
 *   offset = ((t2 - t1) + (t3 - t4)) / 2   (the member's clock minus ours)
 *   rtt    = (t4 - t1) - (t3 - t2)         (the time on the way, both ways)
 *
 * and whatever the two ways take, the true offset is within rtt / 2 of
 * offset. Heartbeats wait behind frames in NORM's stream and for repairs:
 * a sample that waited has a long round trip. So, as NTP's clock filter
 * does, of the last TLCLOCK_SAMPLES the one of the least round trip is
 * the measure.
 *
 * Pure bookkeeping: no I/O, no clock.
 */
#ifndef VCANMCD_TLCLOCK_H
#define VCANMCD_TLCLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define TLCLOCK_SAMPLES		8

struct tlclock_sample {
	int64_t offset, rtt;	/* ns */
};

struct tlclock {
	/* The member's last clock entry: its stamp (t3), and when it came
	 * here (t4), for this host's next entry to echo; heard_at 0: none
	 */
	int64_t heard_sent, heard_at;
	int64_t last_t1;	/* the t1 of the last sample taken */
	struct tlclock_sample s[TLCLOCK_SAMPLES];
	unsigned int next, n;
	uint64_t refused;	/* echoes that gave no sample (see below) */
};

/* A clock entry of the member, stamped @t3 by it, came at @t4; in it
 * the member said it got this host's entry stamped @t1 at @t2 (@t1 0: it
 * got none yet). Takes the sample if there is a new one: an echo of an
 * entry sampled already is none; one whose round trip is below zero (a
 * clock stepped between the stamps) or whose numbers do not fit in 64
 * bits is refused (counted). Returns whether it took one.
 */
bool tlclock_take(struct tlclock *c, int64_t t1, int64_t t2, int64_t t3, int64_t t4);
/* The sample of the least round trip of the last TLCLOCK_SAMPLES; false
 * if there is none yet
 */
bool tlclock_best(const struct tlclock *c, struct tlclock_sample *out);

#endif /* VCANMCD_TLCLOCK_H */
