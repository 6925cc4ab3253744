// SPDX-License-Identifier: GPL-2.0
/*
 * Encapsulation norm: sequence numbers on the receiving side; see normseq.h.
 */
#include "normseq.h"

struct normseq_take normseq_take(struct normseq *s, uint32_t seq, unsigned int frames)
{
	struct normseq_take t = { .deliver = true };
	uint32_t ahead = seq - s->next;

	if (!s->synced) {
		/* Whatever came before it was sent before we listened. */
		s->synced = true;
		t.late = seq != 0;
	} else if (ahead && ahead < 0x80000000u) {
		t.lost = ahead;
	} else if (ahead) {
		/* Behind: all of it came before, or part of it, and which
		 * maps cannot be told: none is delivered again.
		 */
		t.deliver = false;
		t.dups = frames;
		if ((uint32_t)(s->next - seq) >= frames)
			return t;
	}
	s->next = seq + frames;
	return t;
}

void normseq_forget(struct normseq_gone *g, uint32_t id, const struct normseq *s)
{
	struct normseq old;

	if (!s->synced)
		return;
	normseq_recall(g, id, &old);	/* one entry per id */
	g->id[g->head] = id;
	g->seq[g->head] = *s;
	g->head = (g->head + 1) % NORMSEQ_GONE;
	if (g->n < NORMSEQ_GONE)
		g->n++;
}

bool normseq_recall(struct normseq_gone *g, uint32_t id, struct normseq *s)
{
	unsigned int i, k;

	for (i = 0; i < g->n; i++) {
		k = (g->head + NORMSEQ_GONE - 1 - i) % NORMSEQ_GONE;
		if (g->id[k] != id || !g->seq[k].synced)
			continue;
		*s = g->seq[k];
		g->seq[k].synced = false;	/* taken */
		return true;
	}
	return false;
}
