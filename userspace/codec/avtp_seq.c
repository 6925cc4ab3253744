// SPDX-License-Identifier: GPL-2.0
/*
 * Sequence numbers of a sender's PDUs: new, lost before, late, seen, or a
 * restart (the rule is in avtp.h).
 */
#include "avtp.h"

enum avtp_seq_verdict avtp_seq_check(struct avtp_seq *s, uint32_t num, unsigned int bits,
				     uint32_t *gap)
{
	uint32_t mask = bits >= 32 ? UINT32_MAX : (1U << bits) - 1;
	uint32_t half = mask / 2 + 1;
	uint32_t ahead_max = bits <= 16 ? half - 1 : 1U << 15;
	uint32_t window = half < AVTP_SEQ_WINDOW ? half : AVTP_SEQ_WINDOW;
	uint32_t ahead, behind;

	num &= mask;
	ahead = (num - s->last) & mask;
	behind = (s->last - num) & mask;
	if (!s->started) {
		s->started = true;
	} else if (ahead && ahead <= ahead_max) {
		s->seen = ahead >= 64 ? 1 : s->seen << ahead | 1;
		s->last = num;
		if (ahead == 1)
			return AVTP_SEQ_NEW;
		s->lost += ahead - 1;
		if (gap)
			*gap = ahead - 1;
		return AVTP_SEQ_LOST;
	} else if (behind < window) {
		if (s->seen & 1ULL << behind) {
			s->duplicates++;
			return AVTP_SEQ_DUPLICATE;
		}
		s->seen |= 1ULL << behind;
		s->reordered++;
		if (s->lost)
			s->lost--;
		return AVTP_SEQ_REORDERED;
	} else {
		s->restarts++;
		s->last = num;
		s->seen = 1;
		return AVTP_SEQ_RESTART;
	}
	s->last = num;
	s->seen = 1;
	return AVTP_SEQ_NEW;
}
