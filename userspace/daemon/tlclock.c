// SPDX-License-Identifier: GPL-2.0
/*
 * Another member's clock against this host's; see tlclock.h.
 */
#include "tlclock.h"

bool tlclock_take(struct tlclock *c, int64_t t1, int64_t t2, int64_t t3, int64_t t4)
{
	int64_t there, back, away, hold, sum, rtt;

	c->heard_sent = t3;
	c->heard_at = t4;
	if (!t1 || t1 == c->last_t1)
		return false;
	c->last_t1 = t1;
	/* Members' stamps: anything, from a hostile member too */
	if (__builtin_sub_overflow(t2, t1, &there) || __builtin_sub_overflow(t3, t4, &back) ||
	    __builtin_sub_overflow(t4, t1, &away) || __builtin_sub_overflow(t3, t2, &hold) ||
	    __builtin_sub_overflow(away, hold, &rtt) || __builtin_add_overflow(there, back, &sum) ||
	    rtt < 0 || hold < 0) {
		c->refused++;
		return false;
	}
	c->s[c->next] = (struct tlclock_sample){ .offset = sum / 2, .rtt = rtt };
	c->next = (c->next + 1) % TLCLOCK_SAMPLES;
	if (c->n < TLCLOCK_SAMPLES)
		c->n++;
	return true;
}

bool tlclock_best(const struct tlclock *c, struct tlclock_sample *out)
{
	unsigned int i, best = 0;

	if (!c->n)
		return false;
	for (i = 1; i < c->n; i++)
		if (c->s[i].rtt < c->s[best].rtt)
			best = i;
	*out = c->s[best];
	return true;
}
