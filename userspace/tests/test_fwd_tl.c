// SPDX-License-Identifier: GPL-2.0
/*
 * A link's part in the timeline (fwd_tl.c) on the host, against a device
 * of the test's (fwd_tl_write) that keeps the driver's rules for other
 * members' frames: it holds at most POOL of them and refuses more
 * (EAGAIN) until a frontier lets some go; it refuses a frame not later
 * than its last frontier (EINVAL); once, its memory cgroup refuses a write
 * (ENOMEM), which is no reason to stop. Two other members' frames come
 * interleaved, the one with the later submit time first. At every
 * frontier the device checks that it holds every frame of the others up
 * to it: it never lets frames go past one it does not have.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/vcanmc.h>

#include "forward.h"
#include "fwd_tl.h"
#include "tap.h"
#include "tlmsg.h"
#include "transport.h"

#define SELF	1
#define B	2
#define C	3
#define ROUNDS	300
#define POOL	2

struct tl_rig {
	struct loop loop;
	struct fwd f;
	struct peer peer;
	/* per member, the submit time of each frame fed, by seq; frames the
	 * device got; of those, how many it still holds
	 */
	int64_t fed[4][ROUNDS * 2 + 2];
	uint64_t nfed[4], got[4];
	unsigned int held;
	int64_t frontier;
	unsigned int bad, refused;
	bool enomem;		/* refuse the next frames with ENOMEM, once */
	/* cut[a][b]: member a's heartbeats say it cut member b */
	uint32_t cut[4][4];
};

static struct tl_rig rig;

/* Frames with a submit time up to @fr the device holds go; false if one
 * fed is not there
 */
static bool release(int64_t fr)
{
	bool ok = true;
	unsigned int m;
	uint64_t q;

	for (m = B; m <= C; m++) {
		if (rig.got[m] < rig.nfed[m] && rig.fed[m][rig.got[m] + 1] <= fr)
			ok = false;
		for (q = 1; q <= rig.got[m]; q++)
			if (rig.fed[m][q] <= fr && rig.fed[m][q] > rig.frontier)
				rig.held--;
	}
	return ok;
}

static ssize_t dev_write(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	struct vcanmc_rec_tl rtl;
	struct vcanmc_rec rec;
	size_t off = 0;
	int64_t fr;

	while (off + sizeof(rec) <= len) {
		memcpy(&rec, p + off, sizeof(rec));
		if (rec.type == VCANMC_REC_FRONTIER) {
			memcpy(&fr, p + off + sizeof(rec), sizeof(fr));
			if (fr < rig.frontier)
				break;
			if (!release(fr))
				rig.bad++;
			rig.frontier = fr;
		} else {
			memcpy(&rtl, p + off + sizeof(rec), sizeof(rtl));
			if (rtl.submit <= rig.frontier || (rtl.member != B && rtl.member != C))
				break;
			if (rig.enomem && !off) {
				rig.enomem = false;
				errno = ENOMEM;
				return -1;
			}
			if (rig.held == POOL) {
				rig.refused++;
				if (!off) {
					errno = EAGAIN;
					return -1;
				}
				return (ssize_t)off;
			}
			/* in each member's order */
			if (rtl.seq != rig.got[rtl.member] + 1)
				rig.bad++;
			rig.got[rtl.member] = rtl.seq;
			rig.held++;
		}
		off += VCANMC_REC_PAD(rec.len);
	}
	if (off < len && !off) {
		errno = EINVAL;
		return -1;
	}
	return (ssize_t)off;
}

/* Lets the device take what the frontier reaches, POOL frames at a time:
 * until the frontier is at @to, ten rounds at most
 */
static void drain(struct fwd_tl *tl, int64_t to)
{
	int r;

	for (r = 0; r < 10 && rig.frontier < to; r++)
		fwd_tl_deliver_end(tl);
}

static void deliver(struct fwd_tl *tl, uint32_t id, const uint8_t *buf, size_t len)
{
	fwd_tl_deliver(tl, id, buf, len, &rig.peer);
}

static void heartbeat(struct fwd_tl *tl, uint32_t id, uint8_t flags, int64_t mark, uint64_t sent,
		      uint64_t held_b, uint64_t held_c)
{
	struct tlmsg_hb hb = { .flags = flags, .mark = mark, .sent = sent, .nacks = 3 };
	uint8_t buf[TLMSG_HB_MAX];

	/* this host last: a cut of it counts before cuts listed earlier */
	hb.acks[0] = (struct tlmsg_ack){ B, held_b, rig.cut[id][B] };
	hb.acks[1] = (struct tlmsg_ack){ C, held_c, rig.cut[id][C] };
	hb.acks[2] = (struct tlmsg_ack){ SELF, 0, rig.cut[id][SELF] };
	deliver(tl, id, buf, tlmsg_put_hb(buf, sizeof(buf), &hb));
}

static void frame(struct fwd_tl *tl, uint32_t id, int64_t submit)
{
	struct tlmsg_frame fr = { .type = TLMSG_CAN, .submit = submit };
	uint8_t buf[TLMSG_FRAME_MAX];

	fr.seq = ++rig.nfed[id];
	rig.fed[id][fr.seq] = submit;
	fr.cf.can_id = id;
	fr.cf.len = 1;
	deliver(tl, id, buf, tlmsg_put_frame(buf, sizeof(buf), &fr));
}

static int test_fwd_tl_release(const void *data)
{
	struct fwd_tl *tl;
	int64_t mark = 0;
	int r;

	memset(&rig, 0, sizeof(rig));
	rig.frontier = INT64_MIN;
	fwd_init(&rig.f);
	CHECK_INT(loop_init(&rig.loop), 0);
	rig.f.name = "vmc-test";
	rig.f.loop = &rig.loop;
	rig.f.dev_fd = 100;	/* the test's device answers for it */
	fwd_tl_write = dev_write;
	fwd_tl_members = 3;
	tl = fwd_tl_new(&rig.f, SELF);
	CHECK(tl != NULL);
	rig.f.tl = tl;

	/* Both others hold every stream from its start: it runs */
	heartbeat(tl, B, TLMSG_F_READY, INT64_MIN, 0, 0, 0);
	CHECK_INT(tl->state, FWD_TL_WAITING);
	heartbeat(tl, C, TLMSG_F_READY, INT64_MIN, 0, 0, 0);
	/* B's came when this host knew two members: not the same set */
	CHECK_INT(tl->state, FWD_TL_WAITING);
	heartbeat(tl, B, TLMSG_F_READY, INT64_MIN, 0, 0, 0);
	CHECK_INT(tl->state, FWD_TL_RUNNING);

	for (r = 1; r <= ROUNDS; r++) {
		/* the memory cgroup at its limit for a moment: later, not broken */
		rig.enomem = r == ROUNDS / 2;
		/* B's frames are later than C's, and come first */
		frame(tl, B, 1000 * r + 500);
		frame(tl, B, 1000 * r + 600);
		frame(tl, C, 1000 * r + 100);
		/* this host promised as much; the others say what they hold,
		 * and promise to the start of the round after the next one:
		 * frames of two rounds wait in the daemon
		 */
		mark = 1000 * r + 900;
		tlrel_mark(&tl->rel, SELF, mark);
		heartbeat(tl, B, TLMSG_F_READY, mark, rig.nfed[B], rig.nfed[B], rig.nfed[C]);
		heartbeat(tl, C, TLMSG_F_READY, mark - 850, rig.nfed[C], rig.nfed[B],
			  rig.nfed[C]);
		fwd_tl_deliver_end(tl);
	}
	heartbeat(tl, C, TLMSG_F_READY, mark, rig.nfed[C], rig.nfed[B], rig.nfed[C]);
	for (r = 0; r < 10000 && rig.frontier < mark; r++)
		fwd_tl_deliver_end(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	CHECK(!rig.enomem);
	CHECK_INT(rig.bad, 0);
	CHECK(rig.refused > 0);
	CHECK_INT(rig.got[B], 2 * ROUNDS);
	CHECK_INT(rig.got[C], ROUNDS);
	CHECK(rig.frontier == mark);
	/* each frame the device took has its release delay */
	CHECK_INT(tl->delay.n, 3 * ROUNDS);

	/* A heartbeat that counts a frame this host never got: a gap NORM
	 * let by; the timeline breaks rather than release past it
	 */
	heartbeat(tl, B, TLMSG_F_READY, mark + 1000, rig.nfed[B] + 1, rig.nfed[B], rig.nfed[C]);
	CHECK_INT(tl->state, FWD_TL_BROKEN);
	fwd_tl_deliver_end(tl);
	CHECK(rig.frontier == mark);

	rig.f.tl = NULL;
	fwd_tl_free(tl);
	fwd_tl_write = write;
	loop_uninit(&rig.loop);
	return TAP_PASS;
}

/* Waiting: a member that broke is named; two hosts whose full member sets
 * differ break, as do hosts a full set leaves out
 */
static int test_fwd_tl_members(const void *data)
{
	struct tlmsg_hb hb = { .flags = TLMSG_F_READY, .mark = INT64_MIN, .nacks = 3 };
	uint8_t buf[TLMSG_HB_MAX];
	struct fwd_tl *tl;
	char why[128];

	memset(&rig, 0, sizeof(rig));
	fwd_init(&rig.f);
	CHECK_INT(loop_init(&rig.loop), 0);
	rig.f.name = "vmc-test";
	rig.f.loop = &rig.loop;
	fwd_tl_members = 3;

	tl = fwd_tl_new(&rig.f, SELF);
	CHECK(tl != NULL);
	heartbeat(tl, C, TLMSG_F_READY, INT64_MIN, 0, 0, 0);
	heartbeat(tl, B, TLMSG_F_BROKEN, INT64_MIN, 0, 0, 0);
	CHECK_INT(fwd_tl_status(tl, now_ms(), why, sizeof(why)), FWD_TL_WAITING);
	CHECK(strstr(why, "member 00000002 broke") != NULL);
	/* B ready with 1, 2 and 4: the sets differ, neither would run */
	hb.acks[0] = (struct tlmsg_ack){ SELF, 0, 0 };
	hb.acks[1] = (struct tlmsg_ack){ B, 0, 0 };
	hb.acks[2] = (struct tlmsg_ack){ 4, 0, 0 };
	deliver(tl, B, buf, tlmsg_put_hb(buf, sizeof(buf), &hb));
	CHECK_INT(tl->state, FWD_TL_BROKEN);
	fwd_tl_free(tl);

	/* B ready with 2, 3 and 4: this host is none of them */
	tl = fwd_tl_new(&rig.f, SELF);
	CHECK(tl != NULL);
	hb.acks[0] = (struct tlmsg_ack){ B, 0, 0 };
	hb.acks[1] = (struct tlmsg_ack){ C, 0, 0 };
	deliver(tl, B, buf, tlmsg_put_hb(buf, sizeof(buf), &hb));
	CHECK_INT(tl->state, FWD_TL_BROKEN);
	CHECK(strstr(tl->why, "not one of them") != NULL);
	fwd_tl_free(tl);
	loop_uninit(&rig.loop);
	return TAP_PASS;
}

static void stopped(struct fwd_tl *tl)
{
	rig.f.tl = NULL;
	fwd_tl_free(tl);
	fwd_tl_write = write;
	loop_uninit(&rig.loop);
}

/* A timeline of SELF, B and C against the test's device, running; NULL if
 * it is not
 */
static struct fwd_tl *running(void)
{
	struct fwd_tl *tl;

	memset(&rig, 0, sizeof(rig));
	rig.frontier = INT64_MIN;
	fwd_init(&rig.f);
	if (loop_init(&rig.loop))
		return NULL;
	rig.f.name = "vmc-test";
	rig.f.loop = &rig.loop;
	rig.f.dev_fd = 100;
	fwd_tl_write = dev_write;
	fwd_tl_members = 3;
	tl = fwd_tl_new(&rig.f, SELF);
	if (!tl)
		return NULL;
	rig.f.tl = tl;
	heartbeat(tl, B, TLMSG_F_READY, INT64_MIN, 0, 0, 0);
	heartbeat(tl, C, TLMSG_F_READY, INT64_MIN, 0, 0, 0);
	heartbeat(tl, B, TLMSG_F_READY, INT64_MIN, 0, 0, 0);
	if (tl->state != FWD_TL_RUNNING) {
		stopped(tl);
		return NULL;
	}
	return tl;
}

/* A frame of member @id at @submit, its hash added to *@sum if it is in
 * the digest's period up to @upto
 */
static void frame_sum(struct fwd_tl *tl, uint32_t id, int64_t submit, int64_t upto,
		      uint64_t *sum)
{
	struct tlmsg_frame fr = { .type = TLMSG_CANFD, .submit = submit, .node = 7 };
	uint8_t buf[TLMSG_FRAME_MAX];
	size_t n;

	fr.seq = ++rig.nfed[id];
	rig.fed[id][fr.seq] = submit;
	fr.cf.can_id = 0x100 + id;
	fr.cf.len = 12;
	fr.cf.flags = CANFD_BRS | CANFD_FDF;
	memset(fr.cf.data, (int)submit, fr.cf.len);
	n = tlmsg_put_frame(buf, sizeof(buf), &fr);
	if (submit <= upto && submit > upto - TLDIGEST_PERIOD_NS)
		*sum += tldigest_hash(id, buf, n);
	deliver(tl, id, buf, n);
}

static void digest(struct fwd_tl *tl, uint32_t id, int64_t at, uint64_t n, uint64_t sum)
{
	struct tldigest_point dg = { .at = at, .n = n, .sum = sum };
	uint8_t buf[TLMSG_DIGEST_LEN];

	deliver(tl, id, buf, tlmsg_put_digest(buf, sizeof(buf), &dg));
}

/* The frames of B and C the device took, with the frontier: at a point
 * it passed, B's digest of the same frames is the same; C's of a hash
 * more differs, and is named; one of a point ahead waits for it
 */
static int test_fwd_tl_digest(const void *data)
{
	const int64_t ms = 1000000;
	uint64_t sum = 0;
	struct fwd_tl *tl;
	char why[128];

	tl = running();
	CHECK(tl != NULL);

	frame_sum(tl, B, 50 * ms, 200 * ms, &sum);
	frame_sum(tl, C, 120 * ms, 200 * ms, &sum);
	frame_sum(tl, B, 200 * ms, 200 * ms, &sum);
	frame_sum(tl, C, 230 * ms, 200 * ms, &sum);
	tlrel_mark(&tl->rel, SELF, 250 * ms);
	heartbeat(tl, B, TLMSG_F_READY, 250 * ms, 2, 2, 2);
	heartbeat(tl, C, TLMSG_F_READY, 250 * ms, 2, 2, 2);
	/* POOL frames at a time */
	drain(tl, 250 * ms);
	CHECK(rig.frontier == 250 * ms);
	CHECK(tl->dg.last.at == 200 * ms);
	CHECK_INT(tl->dg.last.n, 2);

	/* B: the same, once however often it comes; C: a hash more; B
	 * again, of a point ahead
	 */
	digest(tl, B, 200 * ms, 2, sum);
	digest(tl, B, 200 * ms, 2, sum);
	CHECK_INT(tl->digests_same, 1);
	CHECK_INT(tl->digests_same_frames, 2);
	digest(tl, C, 200 * ms, 2, sum + 1);
	CHECK_INT(tl->digests_differ, 1);
	CHECK_INT(tl->differs_member, C);
	CHECK(tl->differs_at == 200 * ms);
	digest(tl, B, 300 * ms, 4, sum);
	CHECK(tl->m[1].has_digest);
	CHECK_INT(tl->digests_same + tl->digests_differ, 2);
	/* past 300 ms: B's point is compared, and differs (C's frame at
	 * 230 ms is all of its period)
	 */
	tlrel_mark(&tl->rel, SELF, 350 * ms);
	heartbeat(tl, B, TLMSG_F_READY, 350 * ms, 2, 2, 2);
	heartbeat(tl, C, TLMSG_F_READY, 350 * ms, 2, 2, 2);
	fwd_tl_deliver_end(tl);
	CHECK(tl->dg.last.at == 300 * ms);
	CHECK(!tl->m[1].has_digest);
	CHECK_INT(tl->digests_differ, 2);
	CHECK_INT(tl->differs_member, B);
	CHECK_INT(fwd_tl_status(tl, now_ms(), why, sizeof(why)), FWD_TL_RUNNING);

	stopped(tl);
	return TAP_PASS;
}

/* C's frames 1 to 3 and B's 1 held here; C held none of B's, B only C's
 * first two; both promised, as this host did, nothing more up to 1000
 */
static void c_dies_ahead_of_b(struct fwd_tl *tl)
{
	frame(tl, C, 100);
	frame(tl, C, 200);
	frame(tl, C, 300);
	frame(tl, B, 150);
	tlrel_mark(&tl->rel, SELF, 1000);
	heartbeat(tl, C, TLMSG_F_READY, 300, 3, 0, 3);
	heartbeat(tl, B, TLMSG_F_READY, 1000, 1, 1, 2);
}

/* C falls silent with its third frame held here but not by B: once it is
 * silent for fwd_tl_cut_ms it is cut at its second, which every member
 * holds; that goes out with B's, the third and any later are dropped, and
 * the frontier moves on without C
 */
static int test_fwd_tl_cut(const void *data)
{
	struct fwd_tl *tl;
	char why[128];
	int64_t now;

	tl = running();
	CHECK(tl != NULL);
	CHECK_INT(tl->m[2].id, C);

	c_dies_ahead_of_b(tl);
	drain(tl, INT64_MAX);
	/* C never held B's frame: nothing from 150 on goes */
	CHECK(rig.frontier < 150);

	/* B heard just now, C not for the bound (counted from C's last
	 * message: a loaded machine may take a millisecond or more to get
	 * here)
	 */
	now = tl->m[2].heard_ms + fwd_tl_cut_ms;
	tl->m[1].heard_ms = now;
	fwd_tl_cut_silent(tl, now - 1);
	CHECK(!tl->m[2].cut);
	rig.nfed[C] = 2;	/* the device must get C's first two, no more */
	fwd_tl_cut_silent(tl, now);
	CHECK(tl->m[2].cut && !tl->m[1].cut);
	CHECK_INT(tl->m[2].cut_seq, 2);
	CHECK_INT(tl->m[2].cut_held, 3);
	/* C's acks hold B's frame back until B is heard from again */
	fwd_tl_deliver_end(tl);
	CHECK(rig.frontier < 150);
	heartbeat(tl, B, TLMSG_F_READY, 1000, 1, 1, 2);
	drain(tl, 1000);
	CHECK(rig.frontier == 1000);
	CHECK_INT(rig.got[C], 2);
	CHECK_INT(rig.got[B], 1);
	CHECK_INT(rig.bad, 0);
	CHECK_INT(rig.f.stats.drop[FWD_DROP_TL_CUT], 1);
	CHECK_INT(fwd_tl_status(tl, now_ms(), why, sizeof(why)), FWD_TL_RUNNING);

	/* C again: nothing of it counts, no gap breaks the timeline */
	rig.nfed[C] = 3;
	frame(tl, C, 2000);
	fwd_tl_gap(tl, C);
	CHECK_INT(rig.f.stats.drop[FWD_DROP_TL_CUT], 2);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* B and this host go on */
	frame(tl, B, 1500);
	tlrel_mark(&tl->rel, SELF, 3000);
	heartbeat(tl, B, TLMSG_F_READY, 3000, 2, 2, 0);
	rig.nfed[C] = 2;
	drain(tl, 3000);
	CHECK(rig.frontier == 3000);
	CHECK_INT(rig.got[B], 2);
	CHECK_INT(rig.bad, 0);

	stopped(tl);
	return TAP_PASS;
}

/* B and C die together; C's third frame reached this host but not B, and
 * C never held B's frame. The cuts are the same whether B is cut in the
 * same tick, before C (by the order first heard), or a tick after (it
 * fell silent 10 ms later), with the frames the frontier lets go between
 * the two ticks: each host cuts in its own order, and all must cut C at
 * its second frame and B before its first, and release that much. Returns
 * C's cut, B's times 10, plus B's frames released times 100.
 */
static uint64_t cut_c(bool same_tick)
{
	struct fwd_tl *tl = running();
	uint64_t seq;
	int64_t now;

	if (!tl)
		return 999;
	c_dies_ahead_of_b(tl);
	fwd_tl_deliver_end(tl);
	now = now_ms() + fwd_tl_cut_ms;
	rig.nfed[C] = 2;
	if (!same_tick)
		tl->m[1].heard_ms = now - fwd_tl_cut_ms + 10;
	rig.nfed[B] = 0;
	fwd_tl_cut_silent(tl, now);
	drain(tl, INT64_MAX);
	fwd_tl_cut_silent(tl, now + 50);
	drain(tl, INT64_MAX);
	seq = tl->m[1].cut && tl->m[2].cut ?
	      tl->m[2].cut_seq + 10 * tl->m[1].cut_seq + 100 * rig.got[B] : 999;
	if (rig.bad || rig.frontier != 1000)
		seq = 998;
	stopped(tl);
	return seq;
}

static int test_fwd_tl_cut_order(const void *data)
{
	CHECK_INT(cut_c(true), 2);
	CHECK_INT(cut_c(false), 2);
	return TAP_PASS;
}

/* B and C cut each other (the network between them broke), and this host
 * hears both: their acks of each other stand still, so it follows the
 * first cut it hears rather than wait for good, and goes on with B; C,
 * cut, is not heard any more. A member that cut this host is cut.
 */
static int test_fwd_tl_cut_follow(const void *data)
{
	struct fwd_tl *tl = running();
	char why[128];

	CHECK(tl != NULL);
	frame(tl, B, 150);
	frame(tl, C, 200);
	rig.cut[B][C] = rig.cut[C][B] = TLMSG_ACK_CUT;
	tlrel_mark(&tl->rel, SELF, 1000);
	heartbeat(tl, B, TLMSG_F_READY, 1000, 1, 1, 0);
	heartbeat(tl, C, TLMSG_F_READY, 1000, 1, 0, 1);
	CHECK(!tl->m[1].cut && tl->m[2].cut);
	/* cut at what B held of it: none of C's frames goes, B's does */
	CHECK_INT(tl->m[2].cut_seq, 0);
	rig.nfed[C] = 0;
	drain(tl, 1000);
	CHECK(rig.frontier == 1000);
	CHECK_INT(rig.got[B], 1);
	CHECK_INT(rig.got[C], 0);
	CHECK_INT(rig.bad, 0);
	CHECK_INT(fwd_tl_status(tl, now_ms(), why, sizeof(why)), FWD_TL_RUNNING);
	stopped(tl);

	/* B cut this host and, first in its acks, C: B is cut, C is not */
	tl = running();
	CHECK(tl != NULL);
	rig.cut[B][SELF] = rig.cut[B][C] = TLMSG_ACK_CUT;
	heartbeat(tl, B, TLMSG_F_READY, 1000, 0, 0, 0);
	CHECK(tl->m[1].cut && !tl->m[2].cut);
	stopped(tl);
	return TAP_PASS;
}

/* The last message sent to the test's transport */
static uint8_t sent_msg[TLMSG_HB_MAX + TLMSG_DIGEST_LEN + TLMSG_CLOCK_MAX];
static size_t sent_len;

static unsigned int tp_send(struct transport *t, const struct iovec *msg, const uint8_t *frames,
			    unsigned int n)
{
	sent_len = msg[n - 1].iov_len < sizeof(sent_msg) ? msg[n - 1].iov_len : 0;
	memcpy(sent_msg, msg[n - 1].iov_base, sent_len);
	return n;
}

/* The clock entry of the last heartbeat sent into @ck; false if none */
static bool sent_clock(struct tlmsg_clock *ck)
{
	static struct tlmsg_entry e;
	size_t off = 0;
	int kind;

	while ((kind = tlmsg_get(sent_msg, sent_len, &off, &e)) > 0)
		if (kind == TLMSG_CLOCK) {
			*ck = e.ck;
			return true;
		}
	return false;
}

/* Clocks: this host's heartbeat carries a clock entry stamped now; B, 5 s
 * ahead, echoes it: its offset is measured within half the round trip of
 * 5 s; this host's next clock entry echoes B's, stamped when it came; a
 * member cut is no longer sampled nor echoed
 */
static int test_fwd_tl_clock(const void *data)
{
	static const struct transport_ops ops = { .send = tp_send };
	struct transport tp = { .ops = &ops };
	struct tlmsg_clock ck, b = { .n = 1 };
	struct tlmsg_hb hb = { .flags = TLMSG_F_READY, .mark = INT64_MIN, .nacks = 2 };
	struct tlclock_sample smp;
	uint8_t buf[TLMSG_HB_MAX + TLMSG_CLOCK_MAX];
	int64_t before, after, t1;
	struct fwd_tl *tl;
	size_t len;

	memset(&rig, 0, sizeof(rig));
	fwd_init(&rig.f);
	CHECK_INT(loop_init(&rig.loop), 0);
	rig.f.name = "vmc-test";
	rig.f.loop = &rig.loop;
	rig.f.tp = &tp;
	fwd_tl_members = 3;
	tl = fwd_tl_new(&rig.f, SELF);
	CHECK(tl != NULL);

	before = now_real_ns();
	fwd_tl_start(tl);
	CHECK(loop_run_once(&rig.loop, 0) >= 0);
	after = now_real_ns();
	CHECK(sent_clock(&ck));
	CHECK(ck.sent >= before && ck.sent <= after);
	CHECK_INT(ck.n, 0);
	t1 = ck.sent;

	/* B got it at once by its clock, 5 s ahead, and answers at once */
	hb.acks[0] = (struct tlmsg_ack){ SELF, 0, 0 };
	hb.acks[1] = (struct tlmsg_ack){ B, 0, 0 };
	b.sent = t1 + 5000000000LL;
	b.echo[0] = (struct tlmsg_echo){ SELF, t1, t1 + 5000000000LL };
	len = tlmsg_put_hb(buf, sizeof(buf), &hb);
	len += tlmsg_put_clock(buf + len, sizeof(buf) - len, &b);
	before = now_real_ns();
	deliver(tl, B, buf, len);
	after = now_real_ns();
	CHECK(tlclock_best(&tl->m[1].clk, &smp));
	CHECK(smp.rtt >= 0 && smp.rtt <= after - t1);
	CHECK(llabs(smp.offset - 5000000000LL) <= smp.rtt / 2 + 1);
	CHECK(tl->m[1].clk.heard_sent == b.sent);
	CHECK(tl->m[1].clk.heard_at >= before && tl->m[1].clk.heard_at <= after);

	/* the next clock entry, FWD_TL_CLOCK_MS on at the latest, echoes B's */
	sent_len = 0;
	while (!sent_clock(&ck) && now_real_ns() - after < 2000000000LL)
		CHECK(loop_run_once(&rig.loop, 10) >= 0);
	CHECK(sent_clock(&ck));
	CHECK_INT(ck.n, 1);
	CHECK_INT(ck.echo[0].member, B);
	CHECK(ck.echo[0].t1 == b.sent && ck.echo[0].t2 == tl->m[1].clk.heard_at);

	/* B cut: its clock entries are not taken, nor echoed */
	tl->m[1].cut = true;
	b.sent += 1000;
	b.echo[0].t1 = ck.sent;
	deliver(tl, B, buf, tlmsg_put_clock(buf, sizeof(buf), &b));
	CHECK(tl->m[1].clk.heard_sent != b.sent);
	CHECK_INT(tl->m[1].clk.n, 1);
	tl->clock_ms = 0;
	sent_len = 0;
	while (!sent_clock(&ck) && now_real_ns() - after < 4000000000LL)
		CHECK(loop_run_once(&rig.loop, 10) >= 0);
	CHECK(sent_clock(&ck));
	CHECK_INT(ck.n, 0);

	fwd_tl_free(tl);
	loop_uninit(&rig.loop);
	return TAP_PASS;
}

/* Member @m's clock: a sample @theta ns ahead of this host's with a round
 * trip of @rtt ns (both ways alike), the only one
 */
static void clock_of(struct fwd_tl_member *m, int64_t theta, int64_t rtt)
{
	int64_t t1 = 1764899999000000000LL;

	m->clk = (struct tlclock){ 0 };
	tlclock_take(&m->clk, t1, t1 + rtt / 2 + theta, t1 + rtt / 2 + theta, t1 + rtt);
}

/* --timeline-max-skew: this host leaves when more than half of the members
 * not cut, itself counted as on time, are surely ahead of it by more than
 * the bound (or behind it); not when one of three is off, when two are
 * off in opposite directions, when one is not measured, when the round
 * trip could explain it, in a group of two, or with no bound set
 */
static int test_fwd_tl_skew(const void *data)
{
	const int64_t ms = 1000000;
	struct fwd_tl *tl = running();
	char why[128];

	CHECK(tl != NULL);
	fwd_tl_max_skew_ms = 100;
	/* B 500 ms ahead: it is B that is off, or this host and C */
	clock_of(&tl->m[1], 500 * ms, 2 * ms);
	clock_of(&tl->m[2], 0, 2 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* C 150 ms behind, but the round trip (400 ms) could explain 200 */
	clock_of(&tl->m[2], -150 * ms, 400 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* C cut: a group of two, which cannot tell whose clock is wrong (C,
	 * ahead too, is not counted)
	 */
	tl->m[2].cut = true;
	clock_of(&tl->m[2], 500 * ms, 2 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* no bound: nobody leaves */
	tl->m[2].cut = false;
	fwd_tl_max_skew_ms = 0;
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* B ahead, C behind, each by more than the bound: no majority either
	 * way, this host is the median clock and stays (B and C leave)
	 */
	fwd_tl_max_skew_ms = 100;
	clock_of(&tl->m[2], -500 * ms, 2 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* C never measured: on time */
	tl->m[2].clk = (struct tlclock){ 0 };
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* both others off by the bound and half the round trip: not more */
	fwd_tl_max_skew_ms = 100;
	clock_of(&tl->m[2], 105 * ms, 10 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	/* both others surely off: this host's clock is the wrong one */
	clock_of(&tl->m[2], 101 * ms + 10 * ms / 2 + 1, 10 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_BROKEN);
	CHECK_INT(fwd_tl_status(tl, now_ms(), why, sizeof(why)), FWD_TL_BROKEN);
	CHECK(strstr(why, "--timeline-max-skew") != NULL);
	stopped(tl);

	/* both others surely behind, by the bound and a little more than
	 * half the round trip: this host is ahead, and leaves
	 */
	tl = running();
	CHECK(tl != NULL);
	clock_of(&tl->m[1], -105 * ms, 10 * ms);
	clock_of(&tl->m[2], -900 * ms, 10 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_RUNNING);
	clock_of(&tl->m[1], -105 * ms - 1, 10 * ms);
	fwd_tl_check_skew(tl);
	CHECK_INT(tl->state, FWD_TL_BROKEN);
	fwd_tl_max_skew_ms = 0;
	stopped(tl);
	return TAP_PASS;
}

void test_fwd_tl_register(void)
{
	tap_add(test_fwd_tl_release, NULL,
		"fwd_tl: a device whose pool is full: no frontier passes a frame it lacks, all go in the end; a gap breaks");
	tap_add(test_fwd_tl_members, NULL,
		"fwd_tl: waiting names a member that broke; member sets that differ, or leave this host out, break");
	tap_add(test_fwd_tl_digest, NULL,
		"fwd_tl: digests of the frames the device took: the same is counted, one that differs named");
	tap_add(test_fwd_tl_cut, NULL,
		"fwd_tl: a member silent for the bound is cut where every member held it; the rest go on");
	tap_add(test_fwd_tl_cut_order, NULL,
		"fwd_tl: two members dead together: the cut is the same in any order they are cut in");
	tap_add(test_fwd_tl_cut_follow, NULL,
		"fwd_tl: a cut another member made is made here too, and one that cut this host is cut");
	tap_add(test_fwd_tl_clock, NULL,
		"fwd_tl: heartbeats carry clock entries; a member's offset is measured and echoed");
	tap_add(test_fwd_tl_skew, NULL,
		"fwd_tl: a host whose clock is surely off from most members' leaves, no other");
}
