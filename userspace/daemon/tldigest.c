// SPDX-License-Identifier: GPL-2.0
/*
 * The digest of a timeline; see tldigest.h.
 */
#include <stdlib.h>
#include <string.h>

#include "tldigest.h"

void tldigest_init(struct tldigest *d)
{
	memset(d, 0, sizeof(*d));
	d->frontier = INT64_MIN;
	d->last.at = INT64_MIN;
}

void tldigest_free(struct tldigest *d)
{
	free(d->pend);
	d->pend = NULL;
	d->npend = d->cap = 0;
}

/* FNV-1a, 64 bits: no protection against a member that forges its
 * frames to collide (such a member can send other frames anyway), only
 * against chance
 */
static uint64_t fnv(uint64_t h, const uint8_t *p, size_t len)
{
	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t tldigest_hash(uint32_t member, const uint8_t *entry, size_t len)
{
	uint8_t m[4] = { member >> 24, member >> 16, member >> 8, member };

	return fnv(fnv(0xcbf29ce484222325ULL, m, sizeof(m)), entry, len);
}

void tldigest_add(struct tldigest *d, int64_t submit, uint64_t hash)
{
	struct tldigest_frame *p;
	size_t cap;

	if (d->lost)
		return;
	if (d->npend == d->cap) {
		cap = d->cap ? d->cap * 2 : 256;
		if (cap > TLDIGEST_PENDING_MAX || !(p = realloc(d->pend, cap * sizeof(*p)))) {
			d->lost = true;
			tldigest_free(d);
			return;
		}
		d->pend = p;
		d->cap = cap;
	}
	d->pend[d->npend++] = (struct tldigest_frame){ submit, hash };
}

/* The last point at or before @fr, which is not before the epoch */
static int64_t point_of(int64_t fr)
{
	return fr - fr % TLDIGEST_PERIOD_NS;
}

bool tldigest_frontier(struct tldigest *d, int64_t fr)
{
	int64_t at = point_of(fr);
	bool passed = at > d->last.at;
	struct tldigest_point p = { .at = at };
	size_t i, k = 0;

	/* No point before the epoch: the driver's frontiers are never
	 * there, and frames before the first point are in no period
	 */
	if (d->lost || fr < 0 || fr <= d->frontier)
		return false;
	d->frontier = fr;
	/* The frames of before were up to the old frontier: in the period
	 * after the last point, which is @at's if it is the next one
	 */
	if (passed && d->last.at != INT64_MIN && at - d->last.at == TLDIGEST_PERIOD_NS) {
		p.n = d->open_n;
		p.sum = d->open_sum;
	}
	if (passed)
		d->open_n = d->open_sum = 0;
	for (i = 0; i < d->npend; i++) {
		if (d->pend[i].submit > fr) {
			d->pend[k++] = d->pend[i];
		} else if (d->pend[i].submit > at) {
			d->open_n++;
			d->open_sum += d->pend[i].hash;
		} else if (passed && d->pend[i].submit > at - TLDIGEST_PERIOD_NS) {
			p.n++;
			p.sum += d->pend[i].hash;
		}
		/* else: of a period whose point this host passed at once with
		 * a later one, and kept no digest of
		 */
	}
	d->npend = k;
	if (passed) {
		d->last = p;
		d->points[d->next] = p;
		d->next = (d->next + 1) % TLDIGEST_POINTS;
		if (d->npoints < TLDIGEST_POINTS)
			d->npoints++;
	}
	return passed;
}

int tldigest_check(const struct tldigest *d, const struct tldigest_point *p)
{
	unsigned int i;

	if (d->lost)
		return -2;
	if (d->last.at == INT64_MIN || p->at > d->last.at)
		return -1;
	for (i = 0; i < d->npoints; i++)
		if (d->points[i].at == p->at)
			return d->points[i].n == p->n && d->points[i].sum == p->sum;
	return -2;
}
