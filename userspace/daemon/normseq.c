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
	} else if (ahead && !s->replay) {
		/* Behind, with no restart: what came before was no message of
		 * this stream (normseq.h). Delivered; the numbers follow it.
		 */
		t.rewound = true;
	} else if (ahead) {
		/* Behind after a restart: all of it came before, or part of
		 * it, and which maps cannot be told: none is delivered again.
		 * What lies past where the sender was is no replay.
		 */
		t.deliver = false;
		t.dups = frames;
		if ((uint32_t)(s->replay_end - seq) >= frames &&
		    (uint32_t)(s->replay_end - seq) < 0x80000000u)
			return t;
	}
	s->next = seq + frames;
	if (s->replay && (uint32_t)(s->next - s->replay_end) < 0x80000000u)
		s->replay = false;
	return t;
}

void normseq_restart(struct normseq *s)
{
	if (!s->synced)
		return;
	s->replay = true;
	s->replay_end = s->next;
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
		normseq_restart(s);
		return true;
	}
	return false;
}
