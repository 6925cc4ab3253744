// SPDX-License-Identifier: GPL-2.0
/*
 * A link's part in the timeline; see fwd_tl.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vcanmc.h>

#include "forward.h"
#include "fwd_tl.h"
#include "log.h"
#include "tlmsg.h"

#define REC_HDR		sizeof(struct vcanmc_rec)
#define TL_HDR		sizeof(struct vcanmc_rec_tl)

/* After a short write the frames at the frontier's instant of members
 * below the first one not taken stay in the device: there must be room
 * beside them
 */
_Static_assert(VCANMC_TL_REMOTE > TLREL_MEMBERS, "the device's pool holds a tie of all members");

unsigned int fwd_tl_members;
unsigned int fwd_tl_cut_ms = FWD_TL_CUT_MS;
unsigned int fwd_tl_max_skew_ms;
ssize_t (*fwd_tl_write)(int fd, const void *buf, size_t len) = write;

static struct ratelimit rl_tl;

const char *fwd_tl_state_name(enum fwd_tl_state state)
{
	switch (state) {
	case FWD_TL_WAITING:
		return "waiting";
	case FWD_TL_RUNNING:
		return "running";
	case FWD_TL_STALLED:
		return "stalled";
	case FWD_TL_BROKEN:
		return "broken";
	}
	return "unknown";
}

static struct fwd_tl_member *member(struct fwd_tl *tl, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < tl->n; i++)
		if (tl->m[i].id == id)
			return &tl->m[i];
	return NULL;
}

/* The timeline stops here for good: the frontier freezes, the device
 * holds what it has (the link's going down drops it).
 */
static void tl_break(struct fwd_tl *tl, const char *why)
{
	if (tl->state == FWD_TL_BROKEN)
		return;
	tl->state = FWD_TL_BROKEN;
	tl->why = why;
	log_err("%s: timeline broken: %s; stop every member's vcanmcd, then start them all",
		tl->f->name, why);
}

static struct fwd_tl_member *tl_add(struct fwd_tl *tl, uint32_t id)
{
	/* A static set: each member counted from its stream's start */
	if (tl->n >= TLREL_MEMBERS || tlrel_add(&tl->rel, id, INT64_MIN))
		return NULL;
	tl->m[tl->n] = (struct fwd_tl_member){ .id = id, .compared = INT64_MIN };
	return &tl->m[tl->n++];
}

struct fwd_tl *fwd_tl_new(struct fwd *f, uint32_t self)
{
	struct fwd_tl *tl = calloc(1, sizeof(*tl));

	if (!tl)
		return NULL;
	tl->f = f;
	tl->self = self;
	tl->written = INT64_MIN;
	tl->mark_sent = INT64_MIN;
	tlrel_init(&tl->rel, self);
	tldigest_init(&tl->dg);
	tl_add(tl, self);	/* not 0, the first: it fits */
	tl->m[0].heard = tl->m[0].from_start = true;
	return tl;
}

void fwd_tl_free(struct fwd_tl *tl)
{
	unsigned int i;

	if (!tl)
		return;
	loop_timer_cancel(tl->f->loop, &tl->hb);
	for (i = 0; i < tl->n; i++)
		free(tl->m[i].q.buf);
	tldigest_free(&tl->dg);
	free(tl);
}

/* Holds every member's stream from its start, and knows them all */
static bool self_ready(const struct fwd_tl *tl)
{
	unsigned int i;

	if (tl->n < fwd_tl_members)
		return false;
	for (i = 0; i < tl->n; i++)
		if (!tl->m[i].from_start)
			return false;
	return true;
}

static void update_state(struct fwd_tl *tl)
{
	unsigned int i;

	if (tl->state != FWD_TL_WAITING || !self_ready(tl))
		return;
	for (i = 1; i < tl->n; i++)
		if (!tl->m[i].ready)
			return;
	tl->state = FWD_TL_RUNNING;
	tl->written_ms = now_ms();
	log_info("%s: timeline running, %u members", tl->f->name, tl->n);
	fwd_resume(tl->f);
}

bool fwd_tl_reads(const struct fwd_tl *tl)
{
	return tl->state == FWD_TL_RUNNING;
}

/* A clock entry into @buf (@room bytes) if one is due: its length, or 0 */
static size_t put_clock(struct fwd_tl *tl, uint8_t *buf, size_t room)
{
	static struct tlmsg_clock ck;
	const struct fwd_tl_member *m;
	int64_t now = now_ms();
	unsigned int i;
	size_t len;

	/* heartbeats come every FWD_TL_HEARTBEAT_MS, a little late or early:
	 * the one nearest to FWD_TL_CLOCK_MS on carries it
	 */
	if (now - tl->clock_ms < FWD_TL_CLOCK_MS - FWD_TL_HEARTBEAT_MS / 2)
		return 0;
	ck.sent = now_real_ns();
	ck.n = 0;
	for (i = 1; i < tl->n && ck.n < TLMSG_ACKS_MAX; i++) {
		m = &tl->m[i];
		if (m->clk.heard_at && !m->cut)
			ck.echo[ck.n++] = (struct tlmsg_echo){
				m->id, m->clk.heard_sent, m->clk.heard_at
			};
	}
	len = tlmsg_put_clock(buf, room, &ck);
	if (len)
		tl->clock_ms = now;
	return len;
}

/* A heartbeat with @mark into @buf (@room bytes): its length, or 0 */
static size_t put_heartbeat(struct fwd_tl *tl, int64_t mark, uint8_t *buf, size_t room)
{
	bool broken = tl->state == FWD_TL_BROKEN;
	struct tlmsg_hb hb = {
		.flags = broken ? TLMSG_F_BROKEN : self_ready(tl) ? TLMSG_F_READY : 0,
		.mark = mark,
		.sent = tl->sent,
	};
	unsigned int i;
	size_t len;

	/* a member cut: where this host cut it, which members that follow
	 * the cut do not go past
	 */
	for (i = 0; i < tl->n && i < TLMSG_ACKS_MAX; i++)
		hb.acks[hb.nacks++] = (struct tlmsg_ack){
			tl->m[i].id, tl->m[i].cut ? tl->m[i].cut_seq :
						    tlrel_held(&tl->rel, tl->m[i].id),
			tl->m[i].cut ? TLMSG_ACK_CUT : 0
		};
	len = tlmsg_put_hb(buf, room, &hb);
	if (len) {
		tl->heartbeats_out++;
		tl->acks_moved = false;
		/* and the last point this host passed, and the clock when
		 * due, if it has room
		 */
		if (tl->dg.last.at != INT64_MIN && !tl->dg.lost)
			len += tlmsg_put_digest(buf + len, room - len, &tl->dg.last);
		len += put_clock(tl, buf + len, room - len);
	}
	return len;
}

static void send_heartbeat(struct fwd_tl *tl, int64_t mark)
{
	static uint8_t buf[TLMSG_HB_MAX + TLMSG_DIGEST_LEN + TLMSG_CLOCK_MAX];
	int64_t clock_ms = tl->clock_ms;
	size_t len = put_heartbeat(tl, mark, buf, sizeof(buf));

	if (!len || !fwd_send_alone(tl->f, buf, len)) {
		tl->heartbeats_out -= !!len;
		tl->clock_ms = clock_ms;	/* its clock entry did not go either */
		return;		/* messages wait: on the next one */
	}
	if (tl->mark_due) {
		tl->mark_due = false;
		tl->mark_sent = mark;
		tlrel_mark(&tl->rel, tl->self, mark);
	}
}

static void on_heartbeat(struct timer *t)
{
	struct fwd_tl *tl = t->ctx;
	struct fwd *f = tl->f;

	loop_timer_arm(f->loop, &tl->hb, FWD_TL_HEARTBEAT_MS);
	fwd_tl_check_skew(tl);
	fwd_tl_cut_silent(tl, now_ms());
	if (tl->state != FWD_TL_RUNNING) {
		/* No promise yet: the device is not read */
		send_heartbeat(tl, INT64_MIN);
		return;
	}
	if (!tl->mark_due) {
		if (ioctl(f->dev_fd, VCANMC_IOC_TL_WATERMARK, &tl->mark))
			return;		/* the device goes: the link detaches */
		tl->mark_due = true;
	}
	/* It goes once every frame it covers was read (fwd_tl_drained()) */
	fwd_resume(f);
}

void fwd_tl_drained(struct fwd_tl *tl)
{
	if (tl->mark_due)
		send_heartbeat(tl, tl->mark);
}

void fwd_tl_start(struct fwd_tl *tl)
{
	tl->hb = (struct timer){ .fn = on_heartbeat, .ctx = tl };
	loop_timer_arm(tl->f->loop, &tl->hb, 0);
}

/* The frame of the local record @rec (@body after its header) into @fr,
 * false if it is none
 */
static bool local_frame(const struct vcanmc_rec *rec, const uint8_t *body,
			struct tlmsg_frame *fr)
{
	bool fd = rec->type == VCANMC_REC_TL_CANFD;
	struct vcanmc_rec_tl rtl;
	size_t flen;

	if (rec->len < REC_HDR + TL_HDR)
		return false;
	flen = rec->len - REC_HDR - TL_HDR;
	memcpy(&rtl, body, TL_HDR);
	memset(fr, 0, sizeof(*fr));
	fr->seq = rtl.seq;
	fr->submit = rtl.submit;
	fr->node = rtl.node;
	switch (rec->type) {
	case VCANMC_REC_TL_CAN:
	case VCANMC_REC_TL_CANFD:
		fr->type = fd ? TLMSG_CANFD : TLMSG_CAN;
		if (flen != (fd ? CANFD_MTU : CAN_MTU))
			return false;
		memcpy(&fr->cf, body + TL_HDR, flen);
		return true;
	case VCANMC_REC_TL_CANXL:
		fr->type = TLMSG_CANXL;
		if (flen < CANXL_HDR_SIZE || flen > sizeof(fr->xl))
			return false;
		memcpy(&fr->xl, body + TL_HDR, flen);
		return flen == CANXL_HDR_SIZE + fr->xl.len;
	}
	return false;
}

unsigned int fwd_tl_encode(struct fwd_tl *tl, const uint8_t *buf, size_t len)
{
	static struct tlmsg_frame fr;
	struct fwd *f = tl->f;
	unsigned int frames = 0, k = 0;
	size_t off = 0, pos = 0, n;
	struct vcanmc_rec rec;

	while (off + REC_HDR <= len) {
		memcpy(&rec, buf + off, REC_HDR);
		if (rec.len < REC_HDR || rec.len > len - off)
			break;	/* cannot be: the kernel writes whole records */
		off += VCANMC_REC_PAD(rec.len);
		if (rec.type < VCANMC_REC_TL_CAN || rec.type > VCANMC_REC_TL_CANXL)
			continue;
		frames++;
		if (!local_frame(&rec, buf + off - VCANMC_REC_PAD(rec.len) + REC_HDR, &fr)) {
			tl_break(tl, "the driver gave a record this daemon cannot read");
			break;
		}
		/* Numbered on the wire from 1 for each attachment */
		if (tl->sent && fr.seq != tl->dev_seq + 1) {
			tl_break(tl, "a local frame went missing");
			break;
		}
		tl->dev_seq = fr.seq;
		fr.seq = tl->sent + 1;
		n = tlmsg_put_frame(f->out_buf + pos, sizeof(f->out_buf) - pos, &fr);
		if (!n || tlrel_frame(&tl->rel, tl->self, fr.seq, fr.submit)) {
			tl_break(tl, "a local frame could not be sent");
			break;
		}
		tl->sent++;
		tldigest_add(&tl->dg, fr.submit, tldigest_hash(tl->self, f->out_buf + pos, n));
		fwd_out_add(f, &k, &pos, n);
	}
	/* Acks that moved ride behind the frames, with the last mark sent
	 * (no new promise, which must wait until the device is read empty):
	 * a member that sends all the time tells what it holds all the same
	 */
	if (k && tl->acks_moved && tl->state == FWD_TL_RUNNING) {
		n = put_heartbeat(tl, tl->mark_sent, f->out_buf + pos, sizeof(f->out_buf) - pos);
		if (n)
			fwd_out_add(f, &k, &pos, n);
	}
	f->out_n = k;
	f->out_done = 0;
	return frames;
}

/* -- other members -------------------------------------------------------- */

static int64_t rec_submit(const uint8_t *rec)
{
	struct vcanmc_rec_tl rtl;

	memcpy(&rtl, rec + REC_HDR, TL_HDR);
	return rtl.submit;
}

static uint16_t rec_len(const uint8_t *rec)
{
	struct vcanmc_rec hdr;

	memcpy(&hdr, rec, REC_HDR);
	return hdr.len;
}

/* Queues member @m's frame, a record of @type, for the device */
static void queue_frame(struct fwd_tl *tl, struct fwd_tl_member *m, uint8_t type,
			const struct vcanmc_rec_tl *rtl, const void *frame, size_t flen)
{
	struct fwd_tl_queue *q = &m->q;
	size_t need = VCANMC_REC_PAD(REC_HDR + TL_HDR + flen);
	uint8_t *p;

	if (q->head && q->head + q->len + need > q->size) {
		memmove(q->buf, q->buf + q->head, q->len);
		q->head = 0;
	}
	if (q->len + need > q->size) {
		size_t size = q->size ? q->size * 2 : 16 << 10;

		while (size < q->len + need)
			size *= 2;
		if (size > FWD_TL_QUEUE_MAX || !(p = realloc(q->buf, size))) {
			tl_break(tl, "too many of a member's frames wait for the others");
			return;
		}
		q->buf = p;
		q->size = size;
	}
	q->len += fwd_rec_put(q->buf + q->head + q->len, type, rtl, TL_HDR, frame, flen);
}

/* The record type of @fr on this link, or 0 (the timeline broke) */
static uint8_t frame_type(struct fwd_tl *tl, const struct tlmsg_frame *fr)
{
	if (fr->type == TLMSG_CANXL && !tl->f->xl)
		tl_break(tl, "a member sent a CAN XL frame: this link's MTU is no CAN XL MTU");
	else if (fr->type == TLMSG_CANXL && !(fr->xl.flags & CANXL_XLF))
		tl_break(tl, "a member sent a CAN XL frame without CANXL_XLF");
	else if (fr->type == TLMSG_CANFD && tl->f->classic)
		tl_break(tl, "a member sent a CAN FD frame: this link's MTU is CAN_MTU");
	else
		return fr->type == TLMSG_CANXL ? VCANMC_REC_TL_CANXL :
		       fr->type == TLMSG_CANFD ? VCANMC_REC_TL_CANFD : VCANMC_REC_TL_CAN;
	return 0;
}

static void take_frame(struct fwd_tl *tl, struct fwd_tl_member *m, const struct tlmsg_frame *fr,
		       struct peer *p)
{
	struct vcanmc_rec_tl rtl = {
		.node = fr->node, .seq = fr->seq, .submit = fr->submit, .member = m->id,
	};
	uint8_t type;
	int err;

	if (!m->heard) {
		m->heard = true;
		m->from_start = fr->seq == 1;
	}
	if (m->cut) {
		fwd_drop(tl->f, FWD_DROP_TL_CUT, 1);
		p->drops++;
		return;
	}
	if (!m->from_start || tl->state == FWD_TL_BROKEN)
		return;
	type = frame_type(tl, fr);
	if (!type)
		return;
	err = tlrel_frame(&tl->rel, m->id, fr->seq, fr->submit);
	if (err) {
		tl_break(tl, err == -ENOSPC ?
			 "too many of a member's frames are not held by every member yet" :
			 "a member's stream has a gap or steps back");
		return;
	}
	p->frames++;
	tl->acks_moved = true;
	if (type == VCANMC_REC_TL_CANXL)
		queue_frame(tl, m, type, &rtl, &fr->xl, CANXL_HDR_SIZE + fr->xl.len);
	else
		queue_frame(tl, m, type, &rtl, &fr->cf,
			    type == VCANMC_REC_TL_CANFD ? CANFD_MTU : CAN_MTU);
}

/* Whether the heartbeat's members are this host's */
static bool names(const struct tlmsg_hb *hb, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < hb->nacks; i++)
		if (hb->acks[i].member == id)
			return true;
	return false;
}

/* As many as this host's, each one of them (tlmsg names each once) */
static bool same_members(struct fwd_tl *tl, const struct tlmsg_hb *hb)
{
	unsigned int i;

	if (hb->nacks != tl->n)
		return false;
	for (i = 0; i < tl->n; i++)
		if (!names(hb, tl->m[i].id))
			return false;
	return true;
}

static void cut_member(struct fwd_tl *tl, struct fwd_tl_member *m, const char *why,
		       uint64_t cap, int64_t now);

/* Member @m cut others: so does this host, at most where @m did, or frames
 * would never be stable here again (@m's acks of those it cut stand
 * still). A member that cut this host is cut, and the rest of what it says
 * is not followed: it no longer hears this host, and may no longer hear
 * any member it cut.
 */
static void follow_cuts(struct fwd_tl *tl, struct fwd_tl_member *m, const struct tlmsg_hb *hb)
{
	int64_t now = now_ms();
	struct fwd_tl_member *o;
	char why[64];
	unsigned int i;

	if (tl->state != FWD_TL_RUNNING)
		return;
	for (i = 0; i < hb->nacks; i++)
		if (hb->acks[i].flags & TLMSG_ACK_CUT && hb->acks[i].member == tl->self) {
			cut_member(tl, m, "cut this host", UINT64_MAX, now);
			return;
		}
	for (i = 0; i < hb->nacks; i++) {
		if (!(hb->acks[i].flags & TLMSG_ACK_CUT))
			continue;
		o = member(tl, hb->acks[i].member);
		if (o && o != m && !o->cut) {
			snprintf(why, sizeof(why), "was cut by member %08x", m->id);
			cut_member(tl, o, why, hb->acks[i].seq, now);
		}
	}
	tlrel_heard(&tl->rel, m->id);	/* it lives: heard just now */
}

static void take_heartbeat(struct fwd_tl *tl, struct fwd_tl_member *m, const struct tlmsg_hb *hb)
{
	unsigned int i;

	tl->heartbeats_in++;
	if (m->cut)
		return;
	if (!m->heard) {
		m->heard = true;
		m->from_start = hb->sent == 0;
	}
	if (hb->flags & TLMSG_F_BROKEN && !m->broken)
		m->broken_ms = now_ms();
	m->broken = hb->flags & TLMSG_F_BROKEN;
	/* Ready with the same members as this host: each host takes the
	 * first it hears, and two hosts must not run two timelines
	 */
	m->ready = hb->flags & TLMSG_F_READY && same_members(tl, hb);
	if (hb->flags & TLMSG_F_READY && hb->nacks == fwd_tl_members && !names(hb, tl->self) &&
	    tl->state == FWD_TL_WAITING) {
		tl_break(tl, "the group's members are others: this host is not one of them");
		return;
	}
	/* Both know all their members, and they are not the same: more
	 * hosts than members are on the group, and these two never run
	 */
	if (hb->flags & TLMSG_F_READY && hb->nacks == fwd_tl_members &&
	    tl->n == fwd_tl_members && !m->ready && tl->state == FWD_TL_WAITING) {
		tl_break(tl, "the members' sets differ: more hosts than members on the group");
		return;
	}
	if (!m->from_start || tl->state == FWD_TL_BROKEN)
		return;
	/* Every frame it counts came before, in its stream: one missing is
	 * a gap, which NORM let by without a word (a stream it started
	 * anew)
	 */
	if (hb->sent != tlrel_held(&tl->rel, m->id)) {
		tl_break(tl, "a member's stream has a gap");
		return;
	}
	tlrel_mark(&tl->rel, m->id, hb->mark);
	for (i = 0; i < hb->nacks; i++)
		tlrel_ack(&tl->rel, m->id, hb->acks[i].member, hb->acks[i].seq);
	follow_cuts(tl, m, hb);
}

/* Member @m's digest against this host's, if this host passed its point */
static void check_digest(struct fwd_tl *tl, struct fwd_tl_member *m)
{
	static struct ratelimit rl_differs;
	int r = tldigest_check(&tl->dg, &m->digest);
	uint64_t missed;

	if (r == -1)
		return;		/* again at this host's next point */
	m->has_digest = false;
	m->compared = m->digest.at;
	if (r == 1) {
		tl->digests_same++;
		tl->digests_same_frames += m->digest.n;
	} else if (!r) {
		tl->digests_differ++;
		tl->differs_member = m->id;
		tl->differs_at = m->digest.at;
		if (ratelimit_ok(&rl_differs, &missed))
			log_err("%s: timeline: member %08x released other frames than this host "
				"in the 100 ms up to %lld ns (%llu frames there; %llu more not "
				"logged)", tl->f->name, m->id, (long long)m->digest.at,
				(unsigned long long)m->digest.n, (unsigned long long)missed);
	}
}

static void take_digest(struct fwd_tl *tl, struct fwd_tl_member *m,
			const struct tldigest_point *dg)
{
	/* Each point once (every heartbeat carries the last); one that
	 * waits for this host's frontier first
	 */
	if (!m->from_start || tl->state == FWD_TL_BROKEN || m->cut || m->has_digest ||
	    dg->at <= m->compared)
		return;
	m->digest = *dg;
	m->has_digest = true;
	check_digest(tl, m);
}

/* Member @m's clock entry, which came just now */
static void take_clock(struct fwd_tl *tl, struct fwd_tl_member *m, const struct tlmsg_clock *ck)
{
	int64_t t4;
	unsigned int i;

	if (m->cut)
		return;
	t4 = now_real_ns();
	for (i = 0; i < ck->n; i++)
		if (ck->echo[i].member == tl->self) {
			tlclock_take(&m->clk, ck->echo[i].t1, ck->echo[i].t2, ck->sent, t4);
			return;
		}
	tlclock_take(&m->clk, 0, 0, ck->sent, t4);	/* it heard none of this host's */
}

bool fwd_tl_deliver(struct fwd_tl *tl, uint32_t id, const uint8_t *buf, size_t len,
		    struct peer *p)
{
	static struct tlmsg_entry e;
	struct fwd_tl_member *m = member(tl, id);
	uint64_t frames = p->frames, missed;
	size_t off = 0;
	int kind;

	if (!m && tl->state == FWD_TL_WAITING && tl->n < fwd_tl_members)
		m = tl_add(tl, id);
	if (!m) {
		fwd_drop(tl->f, FWD_DROP_TL_MEMBER, 1);
		p->drops++;
		if (ratelimit_ok(&rl_tl, &missed))
			log_warn("%s: NORM sender %08x is not a member of the timeline (%u are): "
				 "ignored (%llu more not logged)", tl->f->name, id,
				 fwd_tl_members, (unsigned long long)missed);
		return false;
	}
	m->heard_ms = now_ms();
	if (!m->cut)
		tlrel_heard(&tl->rel, m->id);
	while (off < len) {
		kind = tlmsg_get(buf, len, &off, &e);
		if (kind == TLMSG_FRAME) {
			take_frame(tl, m, &e.fr, p);
		} else if (kind == TLMSG_HEARTBEAT) {
			take_heartbeat(tl, m, &e.hb);
		} else if (kind == TLMSG_DIGEST) {
			take_digest(tl, m, &e.dg);
		} else if (kind == TLMSG_CLOCK) {
			take_clock(tl, m, &e.ck);
		} else if (kind < 0 && m->cut) {
			break;		/* nothing of it counts any more */
		} else if (kind < 0) {
			fwd_drop(tl->f, FWD_DROP_GARBLED, 1);
			p->drops++;
			tl_break(tl, "a member's message is garbled");
			break;
		}
	}
	/* Heartbeats alone are no datagrams of the bus's */
	if (p->frames != frames)
		fwd_count(tl->f, VCANMC_STAT_DATAGRAMS_IN, 1);
	if (m->heard && !m->from_start && tl->state == FWD_TL_WAITING)
		tl_break(tl, "a member's stream began before this host heard it: "
			 "this host came after the members started, or one restarted");
	update_state(tl);
	return true;
}

/* The member whose next frame for the device is the earliest, by (submit
 * time, member id), of those up to @fr; NULL if none is
 */
static struct fwd_tl_member *next_frame(struct fwd_tl *tl, int64_t fr, const size_t *taken)
{
	struct fwd_tl_member *best = NULL, *m;
	int64_t s, best_s = 0;
	unsigned int i;

	for (i = 1; i < tl->n; i++) {
		m = &tl->m[i];
		if (taken[i] == m->q.len)
			continue;
		s = rec_submit(m->q.buf + m->q.head + taken[i]);
		if (s <= fr && (!best || s < best_s || (s == best_s && m->id < best->id))) {
			best = m;
			best_s = s;
		}
	}
	return best;
}

/* The digest's hash of member @member's record @rec: of its entry, as the
 * member wrote it in its stream
 */
static uint64_t rec_hash(uint32_t member, const uint8_t *rec)
{
	static struct tlmsg_frame fr;
	static uint8_t e[TLMSG_FRAME_MAX];
	struct vcanmc_rec hdr;

	memcpy(&hdr, rec, REC_HDR);
	if (!local_frame(&hdr, rec + REC_HDR, &fr))
		return 0;	/* cannot be: queue_frame() wrote it */
	return tldigest_hash(member, e, tlmsg_put_frame(e, sizeof(e), &fr));
}

/* @a - @b, held within 64 bits (@b is a member's stamp: anything) */
static int64_t sat_sub(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(a, b, &d))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return d;
}

/* Writes the others' frames up to @fr into the device, in the order it
 * lets them go (submit time, member), as many as it takes: what it holds
 * then is a prefix of what goes, which the frontier lets go, so its pool
 * frees. Returns the frontier that passes no frame it lacks, or
 * INT64_MIN if the timeline broke.
 */
static int64_t write_frames(struct fwd_tl *tl, int64_t fr)
{
	static uint8_t batch[64 << 10];
	static unsigned int from[sizeof(batch) / VCANMC_REC_ALIGN];
	size_t taken[TLREL_MEMBERS] = { 0 }, len, off, rlen;
	struct fwd_tl_member *m;
	unsigned int k, nrec;
	int64_t now, s;
	ssize_t n;

	for (;;) {
		len = nrec = 0;
		while ((m = next_frame(tl, fr, taken))) {
			k = (unsigned int)(m - tl->m);
			rlen = VCANMC_REC_PAD(rec_len(m->q.buf + m->q.head + taken[k]));
			if (len + rlen > sizeof(batch))
				break;
			memcpy(batch + len, m->q.buf + m->q.head + taken[k], rlen);
			taken[k] += rlen;
			from[nrec++] = k;
			len += rlen;
		}
		if (!len)
			return fr;
		do {
			n = fwd_tl_write(tl->f->dev_fd, batch, len);
		} while (n < 0 && errno == EINTR);
		/* The device's pool is full, or its memory cgroup at its
		 * limit: later
		 */
		if (n < 0 && (errno == EAGAIN || errno == ENOMEM))
			n = 0;
		if (n < 0) {
			tl_break(tl, errno == EINVAL ? "the device refused a member's frame" :
				 "the link went down under the timeline");
			return INT64_MIN;
		}
		/* The records it took leave their queues */
		now = now_real_ns();
		for (off = 0, k = 0; off < (size_t)n; off += rlen, k++) {
			m = &tl->m[from[k]];
			rlen = VCANMC_REC_PAD(rec_len(m->q.buf + m->q.head));
			s = rec_submit(m->q.buf + m->q.head);
			tldigest_add(&tl->dg, s, rec_hash(m->id, m->q.buf + m->q.head));
			tldelay_add(&tl->delay, sat_sub(now, s));
			m->q.head += rlen;
			m->q.len -= rlen;
			if (!m->q.len)
				m->q.head = 0;
			fwd_count(tl->f, VCANMC_STAT_FRAMES_IN, 1);
		}
		if ((size_t)n < len) {
			/* Not past the first it did not take */
			m = &tl->m[from[k]];
			return rec_submit(m->q.buf + m->q.head) - 1;
		}
		memset(taken, 0, sizeof(taken));
	}
}

static void write_frontier(struct fwd_tl *tl, int64_t fr)
{
	struct {
		struct vcanmc_rec rec;
		int64_t frontier;
	} r = {
		.rec = {
			.len = REC_HDR + sizeof(int64_t),
			.version = VCANMC_REC_VERSION,
			.type = VCANMC_REC_FRONTIER,
		},
		.frontier = fr,
	};
	unsigned int i;

	if (fr <= tl->written)
		return;
	if (fwd_tl_write(tl->f->dev_fd, &r, sizeof(r)) == (ssize_t)sizeof(r)) {
		tl->written = fr;
		tl->written_ms = now_ms();
		if (tldigest_frontier(&tl->dg, fr))
			for (i = 1; i < tl->n; i++)
				if (tl->m[i].has_digest)
					check_digest(tl, &tl->m[i]);
	} else if (errno == EINVAL) {
		tl->refused++;	/* below the device's last, of a helper before */
	} else if (errno != EAGAIN && errno != EINTR && errno != ENOMEM) {
		/* Going down dropped frames this host read and the others
		 * hold: it may not go on, also if it is up again already
		 */
		tl_break(tl, "the link went down under the timeline");
	}
}

/* The frames the frontier reaches into the device, then the frontier */
static void release(struct fwd_tl *tl)
{
	int64_t fr;

	if (tl->state == FWD_TL_RUNNING && tl->f->dev_fd >= 0) {
		fr = write_frames(tl, tlrel_frontier(&tl->rel));
		if (tl->state == FWD_TL_RUNNING)
			write_frontier(tl, fr);
	}
}

void fwd_tl_deliver_end(struct fwd_tl *tl)
{
	release(tl);
	if (tl->acks_moved && (!tl->hb.armed || tl->hb.due_ms > now_ms() + FWD_TL_ACK_MS))
		loop_timer_arm(tl->f->loop, &tl->hb, FWD_TL_ACK_MS);
}

void fwd_tl_gap(struct fwd_tl *tl, uint32_t id)
{
	struct fwd_tl_member *m = member(tl, id);

	/* a member cut is past repairing: what it sent after its cut is out */
	if (m && m->from_start && !m->cut)
		tl_break(tl, "NORM could not repair a member's stream, or it started anew");
}

/* Drops member @m's frames after its frame @seq from its queue (its tail:
 * in its order); returns how many
 */
static uint64_t drop_after(struct fwd_tl_member *m, uint64_t seq)
{
	struct vcanmc_rec_tl rtl;
	size_t off = 0, keep = SIZE_MAX;
	uint64_t n = 0;
	const uint8_t *r;

	while (off < m->q.len) {
		r = m->q.buf + m->q.head + off;
		memcpy(&rtl, r + REC_HDR, TL_HDR);
		if (rtl.seq > seq && keep == SIZE_MAX)
			keep = off;
		n += rtl.seq > seq;
		off += VCANMC_REC_PAD(rec_len(r));
	}
	if (keep != SIZE_MAX)
		m->q.len = keep;
	return n;
}

/* The timeline goes on without member @m: its frames that every other
 * member said it holds go out as they would have (at most up to @cap),
 * the rest are dropped. The others' acks of it stopped moving when it fell
 * silent, long before, so every member that saw them cuts it at the same
 * frame: each takes every other member's last ack of it, that of a member
 * cut that still held @m's frames back included (so that the order two
 * members that died together are cut in makes no difference: @m was not
 * heard from since), that of one that no longer did left out (@m's frames
 * may have gone out without it).
 */
static void cut_member(struct fwd_tl *tl, struct fwd_tl_member *m, const char *why,
		       uint64_t cap, int64_t now)
{
	uint64_t seq = tlrel_held(&tl->rel, m->id), a, dropped;
	const struct fwd_tl_member *o;
	unsigned int i;

	m->cut_held = seq;
	if (cap < seq)
		seq = cap;
	for (i = 1; i < tl->n; i++) {
		o = &tl->m[i];
		if (o == m || (o->cut && !tlrel_holds(&tl->rel, o->id, m->id)))
			continue;
		a = tlrel_acked(&tl->rel, o->id, m->id);
		if (a < seq)
			seq = a;
	}
	m->cut = true;
	m->cut_seq = seq;
	m->has_digest = false;
	dropped = drop_after(m, seq);
	tlrel_cut(&tl->rel, m->id, seq);
	if (dropped)
		fwd_drop(tl->f, FWD_DROP_TL_CUT, dropped);
	log_warn("%s: timeline: member %08x %s: cut, the others go on without it; its frames "
		 "up to %llu go out (every member held them), %llu later ones dropped",
		 tl->f->name, m->id, why, (unsigned long long)seq, (unsigned long long)dropped);
}

void fwd_tl_cut_silent(struct fwd_tl *tl, int64_t now)
{
	struct fwd_tl_member *m;
	bool any = false;
	unsigned int i;

	if (!fwd_tl_cut_ms || tl->state != FWD_TL_RUNNING)
		return;
	for (i = 1; i < tl->n; i++) {
		m = &tl->m[i];
		if (m->cut)
			continue;
		if (now - m->heard_ms >= fwd_tl_cut_ms) {
			cut_member(tl, m, "silent for the stall bound", UINT64_MAX, now);
			any = true;
		} else if (m->broken && now - m->broken_ms >= fwd_tl_cut_ms) {
			cut_member(tl, m, "broken for the stall bound", UINT64_MAX, now);
			any = true;
		}
	}
	if (any)
		release(tl);
}

/* One host's wrong clock would hold the group back by its offset, or
 * stamp its frames far ahead of everyone's: it leaves. Which one is wrong
 * only a majority can tell: a host leaves when more than half of the
 * members not cut, itself counted as one on time, are surely (the offset
 * less half the round trip that bounds its error) ahead of it by more than
 * the bound, or more than half surely behind it: the group's median clock
 * is off. Members off in both directions are no majority: of clocks at
 * -300, 0 and +300 ms with a bound of 200, the middle one stays. In a
 * group of two neither can tell, and neither leaves: status shows the
 * offset.
 */
void fwd_tl_check_skew(struct fwd_tl *tl)
{
	int64_t bound = (int64_t)fwd_tl_max_skew_ms * 1000000, worst[2] = { 0, 0 };
	unsigned int i, live = 1, n[2] = { 0, 0 }, d;
	struct tlclock_sample s;
	uint32_t who[2] = { 0, 0 };

	if (!fwd_tl_max_skew_ms || tl->state != FWD_TL_RUNNING)
		return;
	for (i = 1; i < tl->n; i++) {
		if (tl->m[i].cut)
			continue;
		live++;
		if (!tlclock_best(&tl->m[i].clk, &s))
			continue;
		/* the member's clock minus this host's: [0] ahead, [1] behind
		 * (|offset| and rtt / 2 are below 2^62: no overflow)
		 */
		if (s.offset - s.rtt / 2 > bound)
			d = 0;
		else if (s.offset + s.rtt / 2 < -bound)
			d = 1;
		else
			continue;
		n[d]++;
		if (llabs(s.offset) > llabs(worst[d])) {
			worst[d] = s.offset;
			who[d] = tl->m[i].id;
		}
	}
	if (2 * n[0] > live)
		d = 0;
	else if (2 * n[1] > live)
		d = 1;
	else
		return;
	log_err("%s: timeline: %u of the %u other members' clocks are more than "
		"--timeline-max-skew %u ms %s this host's (%lld ms at member %08x): it leaves",
		tl->f->name, n[d], live - 1, fwd_tl_max_skew_ms, d ? "behind" : "ahead of",
		llabs(worst[d]) / 1000000, who[d]);
	tl_break(tl, "this host's clock is off from most members' by more than "
		 "--timeline-max-skew: set the clocks right (PTP, chrony)");
}

enum fwd_tl_state fwd_tl_status(const struct fwd_tl *tl, int64_t now, char *why, size_t len)
{
	const struct fwd_tl_member *m;
	unsigned int i;

	snprintf(why, len, "%s", tl->state == FWD_TL_BROKEN ? tl->why : "");
	if (tl->state == FWD_TL_WAITING && tl->n < fwd_tl_members) {
		snprintf(why, len, "for %u members, %u heard", fwd_tl_members, tl->n);
		return FWD_TL_WAITING;
	}
	for (i = 1; tl->state == FWD_TL_WAITING && i < tl->n; i++) {
		m = &tl->m[i];
		if (m->broken) {
			snprintf(why, len, "member %08x broke", m->id);
			return FWD_TL_WAITING;
		}
		if (now - m->heard_ms >= FWD_TL_STALL_MS) {
			snprintf(why, len, "nothing from member %08x for %lld ms", m->id,
				 (long long)(now - m->heard_ms));
			return FWD_TL_WAITING;
		}
	}
	for (i = 1; tl->state == FWD_TL_WAITING && i < tl->n; i++) {
		if (!tl->m[i].ready) {
			snprintf(why, len, "for member %08x to hold every member's stream",
				 tl->m[i].id);
			return FWD_TL_WAITING;
		}
	}
	if (tl->state != FWD_TL_RUNNING || now - tl->written_ms < FWD_TL_STALL_MS)
		return tl->state;
	/* The frontier stands: say whom it waits for, if it shows */
	snprintf(why, len, "the frontier has not moved for %lld ms",
		 (long long)(now - tl->written_ms));
	for (i = 1; i < tl->n; i++) {
		m = &tl->m[i];
		if (m->cut)
			continue;
		if (m->broken) {
			snprintf(why, len, "member %08x broke", m->id);
			break;
		}
		if (now - m->heard_ms >= FWD_TL_STALL_MS) {
			snprintf(why, len, "nothing from member %08x for %lld ms", m->id,
				 (long long)(now - m->heard_ms));
			break;
		}
	}
	return FWD_TL_STALLED;
}
