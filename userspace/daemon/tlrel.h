/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The release rule of the timeline (Documentation/timeline.md, "The
 * release rule"): from what each member promised (its watermarks, and the
 * submit times of its frames, which only grow) and what every member holds
 * (their ack vectors), the frontier up to which the driver may let frames
 * go. Pure bookkeeping: no I/O, no clock.
 *
 * A member's frames must be given in its stream's order, each once (NORM
 * delivers them so); a gap or a step back is refused, and breaks the
 * watermark contract: the caller must leave the timeline and rejoin.
 */
#ifndef VCANMC_DAEMON_TLREL_H
#define VCANMC_DAEMON_TLREL_H

#include <stdbool.h>
#include <stdint.h>

#define TLREL_MEMBERS	16
/* A member's frames that this host does not know every member to hold
 * yet. Not bounded by the member's 512 driver slots: it may have heard
 * the acks and released its frames while a third member's acks are still
 * on their way here. What a stream of acks repaired late must cover: at
 * 20000 frames/s, 3 s. (Calloc'd, the pages of it unused stay unmapped.)
 */
#define TLREL_UNSTABLE	65536

struct tlrel_member {
	uint32_t id;			/* 0: a free place */
	bool cut;			/* cut: neither its promise nor its acks count, */
	uint32_t hold;			/* ... but for frames of the members (bits
					 * by place) not heard from since */
	int64_t join;			/* counted for instants >= join */
	int64_t mark;			/* what it promised: nothing up to it */
	uint64_t held;			/* its last frame this host holds */
	/* acks[i]: the last frame of this member that member i holds */
	uint64_t acks[TLREL_MEMBERS];
	/* its frames after the last stable one: seq (held - len + 1 ..
	 * held) and submit time, oldest at head
	 */
	int64_t unstable[TLREL_UNSTABLE];
	unsigned int head, len;
};

struct tlrel {
	uint32_t self;			/* this host's member id */
	int64_t frontier;		/* the last one given, never lower */
	struct tlrel_member m[TLREL_MEMBERS];
};

void tlrel_init(struct tlrel *t, uint32_t self);
/* Counts member @id (not 0) from instant @join on: 0, -EEXIST, -ENOSPC. */
int tlrel_add(struct tlrel *t, uint32_t id, int64_t join);
/* Forgets member @id (it left): 0 or -ENOENT. */
int tlrel_remove(struct tlrel *t, uint32_t id);
/* Cuts member @id at its frame @seq: its frames after it are no more, its
 * promise no longer holds the frontier back, and what it acked stays known
 * (tlrel_acked()). Its acks still hold back the frames of each other
 * member until tlrel_heard() says that member lives (or it is cut too): a
 * member that died with it must not have frames go out here that a member
 * cutting the two in another order drops. 0 or -ENOENT.
 */
int tlrel_cut(struct tlrel *t, uint32_t id, uint64_t seq);
/* Member @id was heard from: it lives, the acks of members cut before no
 * longer hold its frames back.
 */
void tlrel_heard(struct tlrel *t, uint32_t id);
/* Whether member @cut, cut, still holds back the frames of member @id */
bool tlrel_holds(const struct tlrel *t, uint32_t cut, uint32_t id);
/* Member @id's frame @seq, submitted at @submit, is held here: 0, or
 * -ENOENT, -EPROTO (not the next in its stream, or not later than what it
 * promised), -ENOSPC (too many not stable).
 */
int tlrel_frame(struct tlrel *t, uint32_t id, uint64_t seq, int64_t submit);
/* Member @id promises nothing more up to @mark: 0, -ENOENT. A lower
 * mark than one given is no news.
 */
int tlrel_mark(struct tlrel *t, uint32_t id, int64_t mark);
/* Member @from holds member @id's frames up to @seq: 0, -ENOENT. */
int tlrel_ack(struct tlrel *t, uint32_t from, uint32_t id, uint64_t seq);
/* The last frame of @id this host holds, for its own ack vector. */
uint64_t tlrel_held(const struct tlrel *t, uint32_t id);
/* The last frame of @id that member @from said it holds (0: none, or no
 * such member)
 */
uint64_t tlrel_acked(const struct tlrel *t, uint32_t from, uint32_t id);
/* The frontier now: every member promised up to it, and every frame up to
 * it is held by every member counted for it. Never lower than the last.
 */
int64_t tlrel_frontier(struct tlrel *t);

#endif /* VCANMC_DAEMON_TLREL_H */
