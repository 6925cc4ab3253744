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
