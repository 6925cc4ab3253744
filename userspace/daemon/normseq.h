/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encapsulation norm: what a receiver makes of the sequence numbers in
 * one sender's messages (norm.h): each frame delivered once, in order, and
 * what it never got counted as lost.
 */
#ifndef VCANMCD_NORMSEQ_H
#define VCANMCD_NORMSEQ_H

#include <stdbool.h>
#include <stdint.h>

/* One sender's sequence */
struct normseq {
	bool synced;		/* a message came: next is known */
	uint32_t next;		/* the number of the next frame */
};

/* What to do with a message */
struct normseq_take {
	bool deliver;
	bool late;		/* the first heard, not from 0: joined late */
	uint32_t lost;		/* frames before it never received */
	uint32_t dups;		/* its frames delivered before */
};

/* A message of @frames frames, the first numbered @seq. */
struct normseq_take normseq_take(struct normseq *s, uint32_t seq, unsigned int frames);

#endif /* VCANMCD_NORMSEQ_H */
