/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path of a link of order global, for forward.c and norm.c: this
 * host's part in the group's timeline (Documentation/timeline.md, step 2,
 * with a static set of members).
 *
 *  - The device's VCANMC_REC_TL_* records become tlmsg.h frames in this
 *    member's NORM stream, in submit order; every FWD_TL_HEARTBEAT_MS, and
 *    soon after frames came in, a heartbeat follows them: the driver's
 *    watermark (taken before the device is read empty, so that it comes
 *    after every frame it covers) and this host's ack vector.
 *  - Other members' frames and heartbeats feed the release rule
 *    (tlrel.h). When its frontier moves, the frames it reaches go into the
 *    device as theirs, then the frontier, up to which the device lets
 *    frames go: the device only ever holds other members' frames that are
 *    about to go, so its pool of them cannot fill with frames that wait.
 *  - Members: fwd_tl_members (vcanmcd --timeline-members), the same on
 *    every host. The first that many NORM senders heard are the members,
 *    each counted from its stream's start. A member reads its device only
 *    when it holds every member's stream from its start and every member
 *    said it does too: until then local frames wait in the driver (which
 *    stops its queue when full), and nothing goes out anywhere, so no
 *    member can release a frame another lacks.
 *  - Digests (tldigest.h): heartbeats carry the last point this host's
 *    frontier passed (all but one riding behind frames without room for
 *    it); each member compares the others' with its own, and says when
 *    one differs (status, log).
 *  - Clocks (tlclock.h): every FWD_TL_CLOCK_MS a heartbeat carries a
 *    clock entry, NTP's on-wire exchange with every other member; status
 *    shows each one's offset and round trip, and the release delay in use
 *    (tldelay.h) of the others' frames. A host whose clock is surely off
 *    by more than fwd_tl_max_skew_ms from more than half of the members,
 *    in one direction, leaves: it breaks, and the others cut it.
 *  - A member that dies, is cut off or broke stalls the others
 *    ("stalled") for fwd_tl_cut_ms; then each cuts it: its frames that
 *    every other member said it held go out, the rest are dropped
 *    ("tl-cut"), and the timeline goes on without it. Members that saw
 *    other acks of it then may release other frames of it: the digests
 *    say so.
 *  - What this step cannot survive, and says (status, log) instead: a
 *    member that comes later or back (a restarted daemon is a new member),
 *    a gap in a member's stream, the link going down under it ("broken").
 *    A broken member tells the others in its heartbeats.
 */
#ifndef VCANMCD_FWD_TL_H
#define VCANMCD_FWD_TL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "loop.h"
#include "tlclock.h"
#include "tldelay.h"
#include "tldigest.h"
#include "tlrel.h"

struct fwd;
struct peer;

/* Heartbeats of an idle member: what makes frames go is the one each
 * member sends FWD_TL_ACK_MS after frames came in, with a new watermark
 * and its acks; these only keep an idle timeline's frontier moving, and
 * cost an idle host its wakeups
 */
#define FWD_TL_HEARTBEAT_MS	50
/* After frames came in, the next heartbeat (with the acks) at the latest */
#define FWD_TL_ACK_MS		1
/* A clock entry in a heartbeat about this often */
#define FWD_TL_CLOCK_MS		100
/* A running timeline whose frontier did not move this long is stalled */
#define FWD_TL_STALL_MS		1000
/* A member's frames the device does not have yet, at most (bytes of
 * records): those are frames of after the frontier, held until every
 * member has them
 */
#define FWD_TL_QUEUE_MAX	(8u << 20)

/* Members of every timeline, the same on every host; 0: not served */
extern unsigned int fwd_tl_members;
/* A member silent this long, or broken this long, is cut: the others go
 * on without it (vcanmcd --timeline-stall); 0: never, they wait for it
 */
#define FWD_TL_CUT_MS		5000
/* ... at least: heartbeats of an idle member come every
 * FWD_TL_HEARTBEAT_MS, and later on a busy network
 */
#define FWD_TL_CUT_MS_MIN	500
extern unsigned int fwd_tl_cut_ms;
/* A member whose clock is off by more than this (ms) from more than
 * half of the members, all in one direction, leaves (vcanmcd
 * --timeline-max-skew): its timeline breaks, the others cut it (which
 * needs fwd_tl_cut_ms). 0: none does.
 */
extern unsigned int fwd_tl_max_skew_ms;
/* How other members' frames and frontiers go into the device: write(2),
 * or a test's device
 */
extern ssize_t (*fwd_tl_write)(int fd, const void *buf, size_t len);

enum fwd_tl_state {
	FWD_TL_WAITING,		/* for members, or for them to hold every stream */
	FWD_TL_RUNNING,
	FWD_TL_STALLED,		/* running, but the frontier stands (status only) */
	FWD_TL_BROKEN,		/* frozen: why says why */
};

/* A member's frames that are not in the device yet: records, oldest at
 * head, written once the frontier reaches them
 */
struct fwd_tl_queue {
	uint8_t *buf;
	size_t head, len, size;
};

struct fwd_tl_member {
	uint32_t id;
	bool heard;		/* something of its stream came */
	bool from_start;	/* ... and it was the stream's start */
	bool ready;		/* its last heartbeat had TLMSG_F_READY */
	bool broken;		/* ... TLMSG_F_BROKEN */
	int64_t broken_ms;	/* ... since when */
	bool cut;		/* cut: the timeline goes on without it */
	uint64_t cut_held;	/* its last frame this host held then */
	uint64_t cut_seq;	/* ... and the last that went out */
	int64_t heard_ms;	/* when its last message came */
	struct fwd_tl_queue q;
	bool has_digest;	/* a digest of it, not compared yet: */
	struct tldigest_point digest;
	int64_t compared;	/* the point of the last compared */
	struct tlclock clk;	/* its clock against this host's */
};

struct fwd_tl {
	struct fwd *f;
	uint32_t self;
	enum fwd_tl_state state;
	const char *why;	/* why it broke, a constant string */
	struct fwd_tl_member m[TLREL_MEMBERS];
	unsigned int n;
	struct tlrel rel;
	int64_t written;	/* the last frontier the device took */
	int64_t written_ms;	/* ... when it moved last */
	uint64_t sent;		/* this member's frames sent */
	uint64_t dev_seq;	/* the driver's seq of the last one */
	bool mark_due;		/* a watermark was taken ... */
	int64_t mark;		/* ... this one, to follow its frames */
	int64_t mark_sent;	/* the last sent in a heartbeat */
	bool acks_moved;
	struct timer hb;
	uint64_t heartbeats_out, heartbeats_in;
	uint64_t refused;	/* frontiers the device refused (below its last) */
	struct tldigest dg;	/* what this host released */
	/* Other members' digests that were the same as this host's, and
	 * that differed; the member and the instant of the last that did
	 */
	uint64_t digests_same, digests_differ;
	uint64_t digests_same_frames;	/* the frames the same ones covered */
	uint32_t differs_member;
	int64_t differs_at;
	int64_t clock_ms;	/* when the last clock entry went */
	struct tldelay delay;	/* of the others' frames */
};

/* A link of order global, member @self (its NORM node id): its timeline,
 * or NULL (out of memory).
 */
struct fwd_tl *fwd_tl_new(struct fwd *f, uint32_t self);
void fwd_tl_free(struct fwd_tl *tl);
/* Starts the heartbeats; the device is read once the timeline runs. */
void fwd_tl_start(struct fwd_tl *tl);
/* Whether the device may be read */
bool fwd_tl_reads(const struct fwd_tl *tl);
/* forward.c's encode() of @len bytes of records: the frames read */
unsigned int fwd_tl_encode(struct fwd_tl *tl, const uint8_t *buf, size_t len);
/* The device's queue is empty: a due heartbeat may go. */
void fwd_tl_drained(struct fwd_tl *tl);
/* A timeline message of @len bytes (after norm.h's header) from member
 * @id, counted for @p; false if @id is no member (dropped)
 */
bool fwd_tl_deliver(struct fwd_tl *tl, uint32_t id, const uint8_t *buf, size_t len,
		    struct peer *p);
/* After a run of them: the frames the frontier reaches into the device,
 * then the frontier
 */
void fwd_tl_deliver_end(struct fwd_tl *tl);
/* Member @id's stream broke (NORM could not repair it, or started anew) */
void fwd_tl_gap(struct fwd_tl *tl, uint32_t id);
/* Every FWD_TL_HEARTBEAT_MS: cuts the members silent or broken for
 * fwd_tl_cut_ms at @now, and lets go what that lets go
 */
void fwd_tl_cut_silent(struct fwd_tl *tl, int64_t now);
/* Every FWD_TL_HEARTBEAT_MS: leaves if this host's clock is off by more
 * than fwd_tl_max_skew_ms from most members'
 */
void fwd_tl_check_skew(struct fwd_tl *tl);
const char *fwd_tl_state_name(enum fwd_tl_state state);
/* Its state as status shows it at @now, and why, into @why */
enum fwd_tl_state fwd_tl_status(const struct fwd_tl *tl, int64_t now, char *why, size_t len);

#endif /* VCANMCD_FWD_TL_H */
