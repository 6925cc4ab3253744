// SPDX-License-Identifier: GPL-2.0
/*
 * Sequence numbers of a sender's PDUs: new, lost before, late, seen, or a
 * restart (the rule is in avtp.h).
 */
#include "avtp.h"

uint32_t avtp_print(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t h = 2166136261U;

	while (len--) {
		h ^= *p++;
		h *= 16777619U;
	}
	return h;
}

/* Remembers the PDU of number @num */
static void stamp(struct avtp_seq *s, uint32_t num, uint32_t print, uint32_t now_ms)
{
	s->print[num % AVTP_SEQ_WINDOW] = print;
	s->when_ms[num % AVTP_SEQ_WINDOW] = now_ms;
}

static enum avtp_seq_verdict check(struct avtp_seq *s, uint32_t num, unsigned int bits,
				   uint32_t print, uint32_t now_ms, uint32_t *gap)
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
			uint32_t slot = num % AVTP_SEQ_WINDOW;

			if (s->print[slot] == print && now_ms - s->when_ms[slot] < AVTP_SEQ_DUP_MS) {
				s->duplicates++;
				return AVTP_SEQ_DUPLICATE;
			}
			/* the number again, but another PDU: started anew */
			s->restarts++;
			s->last = num;
			s->seen = 1;
			return AVTP_SEQ_RESTART;
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

enum avtp_seq_verdict avtp_seq_check(struct avtp_seq *s, uint32_t num, unsigned int bits,
				     uint32_t print, uint32_t now_ms, uint32_t *gap)
{
	enum avtp_seq_verdict v = check(s, num, bits, print, now_ms, gap);

	if (v != AVTP_SEQ_DUPLICATE)
		stamp(s, num & (bits >= 32 ? UINT32_MAX : (1U << bits) - 1), print, now_ms);
	return v;
}
