// SPDX-License-Identifier: GPL-2.0
/*
 * The release delay in use; see tldelay.h.
 */
#include <stdlib.h>
#include <string.h>

#include "tldelay.h"

void tldelay_add(struct tldelay *t, int64_t delay)
{
	t->d[t->next] = delay;
	t->next = (t->next + 1) % TLDELAY_FRAMES;
	if (t->n < TLDELAY_FRAMES)
		t->n++;
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

bool tldelay_stats(const struct tldelay *t, struct tldelay_stats *out)
{
	static int64_t s[TLDELAY_FRAMES];

	if (!t->n)
		return false;
	memcpy(s, t->d, t->n * sizeof(s[0]));
	qsort(s, t->n, sizeof(s[0]), cmp);
	/* nearest rank */
	out->n = t->n;
	out->p50 = s[(t->n * 50 + 99) / 100 - 1];
	out->p99 = s[(t->n * 99 + 99) / 100 - 1];
	out->max = s[t->n - 1];
	return true;
}
