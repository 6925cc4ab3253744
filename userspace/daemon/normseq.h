/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encapsulation norm: what a receiver makes of the sequence numbers in
 * one sender's messages (norm.h): each frame delivered once, in order, and
 * what it never got counted as lost.
 *
 * A sender's numbers count every frame it sent on its stream from 0; a
 * vcanmcd that attaches anew is a new sender (a new node id) and starts
 * from 0 again. So the numbers of one node id never start over: when
 * libnorm says a sender restarted (REMOTE_SENDER_RESET: same node id, a new
 * instance id, which anyone on the group can forge), or when a sender that
 * was forgotten after a silence comes back, its numbers go on from where
 * they were, and what lies between is lost, and what comes again is a
 * duplicate.
 *
 * Only then, though: between restarts libnorm delivers each byte of a
 * stream once, in order, so a message numbered behind what came before
 * means that what came before lied. A forged message far ahead would
 * otherwise make every true one after it a "duplicate", for good. Such a
 * message is delivered, and the numbers follow it again.
 */
#ifndef VCANMCD_NORMSEQ_H
#define VCANMCD_NORMSEQ_H

#include <stdbool.h>
#include <stdint.h>

/* One sender's sequence */
struct normseq {
	bool synced;		/* a message came: next is known */
	bool replay;		/* restarted: numbers before replay_end came */
	uint32_t next;		/* the number of the next frame */
	uint32_t replay_end;
};

/* What to do with a message */
struct normseq_take {
	bool deliver;
	bool late;		/* the first heard, not from 0: joined late */
	uint32_t lost;		/* frames before it never received */
	uint32_t dups;		/* its frames delivered before */
	bool rewound;		/* behind, with no restart: delivered */
};

/* A message of @frames frames, the first numbered @seq. */
struct normseq_take normseq_take(struct normseq *s, uint32_t seq, unsigned int frames);
/* The sender restarted its stream (REMOTE_SENDER_RESET, or back after it
 * was forgotten): what it sends again, up to where it was, is duplicates.
 */
void normseq_restart(struct normseq *s);

/* Senders forgotten lately (node id and sequence), so that one that comes
 * back after a partition counts the frames it missed as lost
 */
#define NORMSEQ_GONE	64

struct normseq_gone {
	uint32_t id[NORMSEQ_GONE];
	struct normseq seq[NORMSEQ_GONE];
	unsigned int n, head;
};

void normseq_forget(struct normseq_gone *g, uint32_t id, const struct normseq *s);
/* The sequence of sender @id if it was forgotten (then no longer), into @s */
bool normseq_recall(struct normseq_gone *g, uint32_t id, struct normseq *s);

#endif /* VCANMCD_NORMSEQ_H */
