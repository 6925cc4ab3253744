// SPDX-License-Identifier: GPL-2.0
/*
 * Encapsulation "norm"; see norm.h.
 *
 * One libnorm instance serves every link of the daemon: its thread does
 * the protocol (timers, NACKs, repairs) and announces events on a file
 * descriptor that the daemon's loop watches. Each link is a NORM session
 * on its group and port, sender and receiver at once, with a random node
 * id (a restarted daemon is a new sender). Its local frames go into one
 * stream; the streams of the others come out, per sender, in order.
 *
 * Choices, for a small low-latency group on a LAN:
 *  - a stream, not data objects: in order by construction, one repair
 *    window for everything a sender sent, no per-object setup;
 *  - NACK repair only, no FEC parity: parity costs CPU on every block
 *    even without loss and pays only in large groups;
 *  - a fixed rate (norm_opts.rate, 100 Mbit/s by default) rather than
 *    NORM's congestion control, which would probe the rate up slowly from
 *    a small start: a CAN bus is far slower, the rate only bounds bursts;
 *  - NACK backoff 0 and a 1 ms first round-trip estimate: receivers ask
 *    for a repair at once instead of waiting to suppress each other;
 *  - each message a segment of its own, one packet (at most 1208 bytes,
 *    as a batch datagram), so that a capture shows whole messages; but a
 *    message of one CAN XL record longer than a batch (pycan.h), which
 *    takes two segments, the first marked as the message's start: the
 *    segment size is in every packet's FTI, which normguard.h checks
 *    against what every vcanmcd sends, so it stays;
 *  - an active flush after each batch, so that a lost last message is
 *    noticed and repaired while the bus is quiet;
 *  - a GRTT probe every second at least, also on an idle bus: a sender
 *    that sends nothing for norm_opts.peer_timeout_s is gone, and is
 *    forgotten; its sequence is kept a while (normseq.h): should it come
 *    back, what it sent meanwhile counts as lost.
 *
 * A link that detaches closes its stream gracefully: NORM marks its end,
 * and the session lingers, answering NACKs, until every sender it knew
 * (every other vcanmcd on the group, as each sends too) acknowledged the
 * end (a NORM watermark, asked again until it is) or NORM_LINGER_MS
 * passed: the others get the last frames it sent too, also when the
 * network lost them the first time.
 *
 * When the sender's window no longer holds what a receiver misses, NORM
 * breaks the stream at that receiver; it seeks to the next message and
 * counts the frames between as lost ("norm-gap"). libnorm announces new
 * data only where the reader stands, not a break ahead of it (after the
 * sender's SQUELCH moved the receiver on): every stream is therefore also
 * read every NORM_POLL_MS, which finds the break.
 *
 * Repairs are counted on the wire, as libnorm does not say (nor set the
 * repair flag of RFC 5740 reliably): the link's UDP socket on the group
 * and port, which NORM's own socket shares, sees every NORM_DATA packet. One
 * that carries an earlier part of a sender's stream than a packet seen
 * before, yet was sent after it (a later packet sequence number), is a
 * retransmission: a repair. Packets the network reordered or duplicated
 * were not sent later and do not count.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <linux/udp.h>

/* Two declarations of Debian's normApi.h 1.5.9 are C++ only (a reference
 * parameter, a default argument); this file uses neither of them.
 */
#define NormGetRxBindAddress(...)	vcanmcd_norm_unused_1
#define NormStreamGetVacancy(...)	vcanmcd_norm_unused_2
#include <normApi.h>
#undef NormGetRxBindAddress
#undef NormStreamGetVacancy

#include "addr.h"
#include "forward.h"
#include "fwd_tl.h"
#include "log.h"
#include "norm.h"
#include "normguard.h"
#include "normseq.h"

/* NORM payload per packet: a message of at most this fits in one */
#define NORM_SEGMENT		(NORM_MSG_HDR + PYCAN_BATCH_MAX)
#define NORM_BLOCK		64
_Static_assert(NORM_SEGMENT == GUARD_SEGMENT && NORM_BLOCK == GUARD_BLOCK,
	       "normguard.h admits only what vcanmcd sends");
#define NORM_POLL_MS		100
/* Closed links' sessions that may linger at once: a flapping link
 * ends the oldest
 */
#define NORM_LINGER_MAX		4
/* Longest a sender stays silent while it runs (a GRTT probe) */
#define NORM_PROBE_MAX_S	1.0
/* The round trip estimate's ceiling (libnorm's own is 10 s). Any host on
 * the group can feed the estimate with a forged NACK's echoed time stamp,
 * and the repair hold-off is that estimate: 10 s of it stalls repairs.
 * A bus's hosts are a LAN or a campus apart.
 */
#define NORM_GRTT_MAX_S		0.5
/* RFC 5740 header fields the repair counter reads */
#define NORM_TYPE_DATA		2
#define NORM_FEC_RS16		2	/* FEC payload id: u16 block, u16 symbol */
#define NORM_FEC_RS8		5	/* u24 block, u8 symbol */
#define NORM_FEC_SMALL		129	/* u32 block, u16 length, u16 symbol */

struct norm_opts norm_opts = {
	.tx_buffer = NORM_DEFAULT_TX_BUFFER,
	.rx_buffer = NORM_DEFAULT_RX_BUFFER,
	.rate = NORM_DEFAULT_RATE,
	.peer_timeout_s = NORM_DEFAULT_PEER_TIMEOUT,
};

/* What a link knows of one remote sender */
struct norm_rx {
	struct norm_rx *next;
	struct norm_link *nl;
	NormNodeHandle node;
	NormObjectHandle stream;	/* retained, or NORM_OBJECT_INVALID */
	uint32_t id;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	bool seeking;		/* for the start of a message */
	bool ending;		/* its stream ended: read what is left, let go */
	struct normseq seq;
	int64_t inactive_ms;	/* since NORM said it is silent, or its
				 * stream ended; 0: it is not
				 */
	/* The furthest point of its stream seen on the wire, and the
	 * sequence number of the packet that carried it
	 */
	bool wire_seen;
	uint32_t wire_pos;
	uint16_t wire_seq;
	size_t have;		/* bytes of the message in buf */
	uint8_t buf[NORM_MSG_HDR + PYCAN_XL_DGRAM_MAX];
};

struct norm_link {
	struct transport t;	/* first: what forward.c holds */
	struct norm_link *next;
	NormSessionHandle session;
	NormObjectHandle stream;
	uint32_t id;
	struct norm_rx *senders;
	unsigned int nsenders;
	struct normseq_gone gone;	/* senders forgotten lately */
	struct timer forget;	/* looks for senders silent too long */
	struct timer poll;	/* reads every stream now and then */
	struct ev tap_ev;	/* the link's UDP socket: guard, repair counter */
	struct timer linger;	/* closed: ends the session at the latest */
	unsigned int tap_pass;	/* on_instance() pass that read the tap */
	struct norm_guard guard;
	uint64_t filter_errors;	/* of the guard's, logged */
	size_t part;		/* bytes of the first message written */
	uint32_t tx_seq;	/* the number of the next frame sent */
	bool blocked;		/* the stream is full: wait for room */
};

static NormInstanceHandle instance;
static bool have_instance;
static struct ev instance_ev = { .fd = -1 };
static struct loop *instance_loop;
static struct norm_link *links;
static struct norm_link *closing;	/* closed, their streams ending */
static unsigned int instance_pass;	/* on_instance() calls */
static struct ratelimit rl_norm;

void norm_msg_hdr(uint8_t *hdr, unsigned int frames, size_t len, uint32_t seq)
{
	uint16_t l = htons((uint16_t)len);
	uint32_t s = htonl(seq);

	hdr[0] = NORM_MSG_VERSION;
	hdr[1] = (uint8_t)frames;
	memcpy(hdr + 2, &l, sizeof(l));
	memcpy(hdr + 4, &s, sizeof(s));
}

bool norm_msg_parse(const uint8_t *hdr, unsigned int *frames, size_t *len, uint32_t *seq)
{
	uint16_t l;
	uint32_t s;

	memcpy(&l, hdr + 2, sizeof(l));
	memcpy(&s, hdr + 4, sizeof(s));
	*frames = hdr[1];
	*len = ntohs(l);
	*seq = ntohl(s);
	return ((hdr[0] == NORM_MSG_VERSION && *frames) || hdr[0] == NORM_MSG_TL) && *len &&
	       *len <= PYCAN_XL_DGRAM_MAX;
}

static bool on_list(const struct norm_link *list, const struct norm_link *nl)
{
	const struct norm_link *l;

	for (l = list; l; l = l->next)
		if (l == nl)
			return true;
	return false;
}

static void unlist(struct norm_link **list, struct norm_link *nl)
{
	struct norm_link **pp;

	for (pp = list; *pp; pp = &(*pp)->next) {
		if (*pp == nl) {
			*pp = nl->next;
			break;
		}
	}
}

/* -- senders ------------------------------------------------------------- */

static struct norm_rx *rx_find(struct norm_link *nl, NormNodeHandle node)
{
	struct norm_rx *rx;

	for (rx = nl->senders; rx; rx = rx->next)
		if (rx->node == node)
			return rx;
	return NULL;
}

static struct norm_rx *rx_find_id(struct norm_link *nl, uint32_t id)
{
	struct norm_rx *rx;

	for (rx = nl->senders; rx; rx = rx->next)
		if (rx->id == id)
			return rx;
	return NULL;
}

/* The peers entry of @rx, made anew if the table let it go */
static struct peer *rx_peer(struct norm_rx *rx)
{
	struct peer *p = fwd_peer(rx->nl->t.fwd, &rx->addr, rx->addr_len, now_ms());

	p->norm = true;
	p->node_id = rx->id;
	return p;
}

static void node_addr(NormNodeHandle node, struct sockaddr_storage *ss, socklen_t *len)
{
	char a[16];
	unsigned int alen = sizeof(a);
	uint16_t port = 0;

	memset(ss, 0, sizeof(*ss));
	*len = 0;
	if (!NormNodeGetAddress(node, a, &alen, &port))
		return;
	if (alen == 4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a, 4);
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
	} else if (alen == 16) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, a, 16);
		sin6->sin6_port = htons(port);
		*len = sizeof(*sin6);
	}
}

/* Whether another NORM node was heard from @addr's host before */
static bool was_norm_host(struct fwd *f, const struct sockaddr_storage *addr, uint32_t id)
{
	const struct peers *peers = fwd_peers(f);
	const void *a, *b;
	size_t n, m;
	unsigned int i;

	a = vcanmc_addr_ip((const struct sockaddr *)addr, &n);
	for (i = 0; a && i < peers->n; i++) {
		const struct peer *p = &peers->v[i];

		b = vcanmc_addr_ip((const struct sockaddr *)&p->addr, &m);
		if (p->norm && p->node_id != id && b && m == n && !memcmp(a, b, n))
			return true;
	}
	return false;
}

static struct norm_rx *rx_new(struct norm_link *nl, NormNodeHandle node)
{
	struct norm_rx *rx;
	uint64_t missed;

	if (nl->nsenders >= PEERS_MAX) {
		if (ratelimit_ok(&rl_norm, &missed))
			log_warn("%s: more than %d NORM senders: ignoring one", nl->t.fwd->name,
				 PEERS_MAX);
		return NULL;
	}
	rx = calloc(1, sizeof(*rx));
	if (!rx)
		return NULL;
	rx->nl = nl;
	rx->node = node;
	rx->id = NormNodeGetId(node);
	rx->seeking = true;
	rx->stream = NORM_OBJECT_INVALID;
	/* Back after a silence: its numbers go on. */
	normseq_recall(&nl->gone, rx->id, &rx->seq);
	node_addr(node, &rx->addr, &rx->addr_len);
	rx->next = nl->senders;
	nl->senders = rx;
	nl->nsenders++;
	/* A daemon that attaches anew is a new node from the same host
	 * (perhaps from another port): a restart
	 */
	if (was_norm_host(nl->t.fwd, &rx->addr, rx->id))
		rx_peer(rx)->restarts++;
	else
		rx_peer(rx);
	/* A member forgotten (silent, or evicted) and back: its stream
	 * starts where it stands now, after a gap
	 */
	if (nl->t.fwd->tl)
		fwd_tl_gap(nl->t.fwd->tl, rx->id);
	return rx;
}

static void rx_free(struct norm_link *nl, struct norm_rx *rx, bool delete_node)
{
	struct norm_rx **pp;

	for (pp = &nl->senders; *pp; pp = &(*pp)->next) {
		if (*pp == rx) {
			*pp = rx->next;
			break;
		}
	}
	nl->nsenders--;
	/* libnorm 1.5.9's NormNodeDelete() keeps the sender's objects for
	 * good (it purges their ABORTED notifications as if they held the
	 * node): the stream is cancelled first, which frees it.
	 */
	if (delete_node && rx->stream != NORM_OBJECT_INVALID)
		NormObjectCancel(rx->stream);
	if (rx->stream != NORM_OBJECT_INVALID)
		NormObjectRelease(rx->stream);
	if (delete_node)
		NormNodeDelete(rx->node);
	free(rx);
}

/* Checks a whole message in rx->buf against the sender's sequence and
 * delivers its frames.
 */
static void rx_message(struct norm_rx *rx, unsigned int frames, size_t len, uint32_t seq)
{
	struct fwd *f = rx->nl->t.fwd;
	struct peer *p = rx_peer(rx);
	bool tl = rx->buf[0] == NORM_MSG_TL;
	struct normseq_take t;

	p->last_ms = now_ms();
	/* A timeline's messages are numbered by their frames (tlmsg.h) */
	if (tl != !!f->tl) {
		fwd_drop(f, FWD_DROP_ORDER, tl ? 1 : frames);
		p->drops += tl ? 1 : frames;
		return;
	}
	if (tl) {
		if (fwd_tl_deliver(f->tl, rx->id, rx->buf + NORM_MSG_HDR, len, p))
			guard_delivered(&rx->nl->guard, rx->id);
		return;
	}
	t = normseq_take(&rx->seq, seq, frames);
	p->late_joins += t.late;
	p->lost += t.lost;
	fwd_drop(f, FWD_DROP_GAP, t.lost);
	p->dups += t.dups;
	fwd_drop(f, FWD_DROP_DUP, t.dups);
	if (t.deliver) {
		guard_delivered(&rx->nl->guard, rx->id);
		fwd_deliver(f, rx->buf + NORM_MSG_HDR, len, p);
	}
}

/* Reads what the stream of @rx has: whole messages are delivered. True if
 * it stopped at its bound with more to read.
 */
static bool rx_read(struct norm_rx *rx, NormObjectHandle obj)
{
	struct fwd *f = rx->nl->t.fwd;
	unsigned int frames = 0, n, rounds;
	size_t len = 0, want;
	uint32_t seq = 0;

	/* Each round reads, seeks or delivers: bounded all the same */
	for (rounds = 0; rounds < 4 * FWD_BUDGET; rounds++) {
		if (rx->seeking) {
			if (!NormStreamSeekMsgStart(obj))
				return false;	/* on a later update */
			rx->seeking = false;
			rx->have = 0;
		}
		want = NORM_MSG_HDR;
		if (rx->have >= NORM_MSG_HDR) {
			if (!norm_msg_parse(rx->buf, &frames, &len, &seq)) {
				fwd_drop(f, FWD_DROP_GARBLED, 1);
				rx_peer(rx)->drops++;
				rx->seeking = true;
				if (f->tl)
					fwd_tl_gap(f->tl, rx->id);
				continue;
			}
			want += len;
		}
		n = (unsigned int)(want - rx->have);
		if (!NormStreamRead(obj, (char *)rx->buf + rx->have, &n)) {
			/* A break: the sender's window moved past what this
			 * host lacks. The next message tells how much.
			 */
			rx->seeking = true;
			if (f->tl)
				fwd_tl_gap(f->tl, rx->id);
			continue;
		}
		if (!n)
			return false;
		rx->have += n;
		if (rx->have == want && want > NORM_MSG_HDR) {
			rx_message(rx, frames, len, seq);
			rx->have = 0;
		}
	}
	return true;
}

/* Senders silent for norm_opts.peer_timeout_s (since libnorm said so, or
 * since their stream ended) are forgotten.
 */
static void on_forget(struct timer *t)
{
	struct norm_link *nl = t->ctx;
	struct norm_rx *rx, *next;
	int64_t now = now_ms(), limit = (int64_t)norm_opts.peer_timeout_s * 1000;
	bool more = false;

	for (rx = nl->senders; rx; rx = next) {
		next = rx->next;
		if (!rx->inactive_ms)
			continue;
		/* what it sent last is still being read (on_poll()) */
		if (rx->ending && rx->stream != NORM_OBJECT_INVALID) {
			more = true;
			continue;
		}
		if (now - rx->inactive_ms >= limit) {
			log_info("%s: forgot NORM sender %08x, silent for %u s", nl->t.fwd->name,
				 rx->id, norm_opts.peer_timeout_s);
			peers_forget(fwd_peers(nl->t.fwd), &rx->addr, rx->addr_len);
			guard_forget(&nl->guard, rx->id);
			normseq_forget(&nl->gone, rx->id, &rx->seq);
			rx_free(nl, rx, true);
		} else {
			more = true;
		}
	}
	if (more)
		loop_timer_arm(instance_loop, &nl->forget, 1000);
}

/* Reads every stream: a break ahead of the reader is found here. */
static void on_poll(struct timer *t)
{
	struct norm_link *nl = t->ctx;
	struct norm_rx *rx;
	bool any = false;

	for (rx = nl->senders; rx; rx = rx->next) {
		if (rx->stream == NORM_OBJECT_INVALID)
			continue;
		if (!rx_read(rx, rx->stream) && rx->ending) {
			NormObjectRelease(rx->stream);
			rx->stream = NORM_OBJECT_INVALID;
			continue;
		}
		any = true;
	}
	fwd_deliver_end(nl->t.fwd);
	if (any)
		loop_timer_arm(instance_loop, &nl->poll, NORM_POLL_MS);
}

/* -- a closed link's end --------------------------------------------------- */

static void linger_end(struct norm_link *nl, const char *why)
{
	unlist(&closing, nl);
	loop_timer_cancel(instance_loop, &nl->linger);
	log_info("NORM node %08x: session ended, %s", nl->id, why);
	NormStopSender(nl->session);
	NormDestroySession(nl->session);
	free(nl);
}

static void on_linger(struct timer *t)
{
	linger_end(t->ctx, "its end not acknowledged in time");
}

/* A closed link's session: has every receiver its stream's end? */
static void linger_event(struct norm_link *nl, const NormEvent *ev)
{
	if (ev->type != NORM_TX_WATERMARK_COMPLETED)
		return;
	if (NormGetAckingStatus(nl->session, NORM_NODE_ANY) == NORM_ACK_SUCCESS)
		linger_end(nl, "every receiver has its end");
	else
		NormResetWatermark(nl->session);	/* ask again */
}

/* -- events --------------------------------------------------------------- */

static void on_tap(struct ev *ev, uint32_t events);

static void on_event(const NormEvent *ev)
{
	struct norm_link *nl = (struct norm_link *)NormGetUserData(ev->session);
	struct norm_rx *rx;

	if (!nl || nl->session != ev->session)
		return;
	if (on_list(closing, nl)) {
		linger_event(nl, ev);
		return;
	}
	if (!on_list(links, nl))
		return;		/* a session already gone */

	if (ev->type != NORM_RX_OBJECT_UPDATED && ev->type != NORM_TX_QUEUE_VACANCY &&
	    ev->type != NORM_TX_QUEUE_EMPTY && ev->type != NORM_GRTT_UPDATED)
		log_debug("%s: NORM event %d, sender %08x", nl->t.fwd->name, (int)ev->type,
			  ev->sender != NORM_NODE_INVALID ? NormNodeGetId(ev->sender) : 0);
	switch (ev->type) {
	case NORM_TX_QUEUE_VACANCY:
	case NORM_TX_QUEUE_EMPTY:
		if (nl->blocked) {
			nl->blocked = false;
			fwd_resume(nl->t.fwd);
		}
		break;
	case NORM_REMOTE_SENDER_NEW:
		/* Packets queued before the filter left it (an evicted
		 * sender's, or from before the link's filter): libnorm lets
		 * go of what the guard has not admitted or we cannot keep.
		 * The link's socket, open before libnorm's, holds the same
		 * packets: the guard sees them first.
		 */
		if (!guard_admitted(&nl->guard, NormNodeGetId(ev->sender)) &&
		    nl->tap_pass != instance_pass) {
			nl->tap_pass = instance_pass;	/* once a pass: bounded */
			on_tap(&nl->tap_ev, EPOLLIN);
		}
		if (!guard_admitted(&nl->guard, NormNodeGetId(ev->sender)) ||
		    (!rx_find(nl, ev->sender) && !rx_new(nl, ev->sender))) {
			fwd_drop(nl->t.fwd, FWD_DROP_NORM_SENDER, 1);
			NormNodeDelete(ev->sender);
		}
		break;
	case NORM_REMOTE_SENDER_RESET:
		/* Same node, new instance: a new stream, but the numbers of
		 * a node id never start over (normseq.h). What it skipped is
		 * lost, what it sends again a duplicate.
		 */
		rx = rx_find(nl, ev->sender);
		if (rx) {
			rx->seeking = true;
			rx->wire_seen = false;
			if (nl->t.fwd->tl)
				fwd_tl_gap(nl->t.fwd->tl, rx->id);
			normseq_restart(&rx->seq);
		}
		break;
	case NORM_REMOTE_SENDER_ADDRESS:
		rx = rx_find(nl, ev->sender);
		if (rx)
			node_addr(ev->sender, &rx->addr, &rx->addr_len);
		break;
	case NORM_REMOTE_SENDER_ACTIVE:
		rx = rx_find(nl, ev->sender);
		if (rx)
			rx->inactive_ms = 0;
		guard_inactive(&nl->guard, NormNodeGetId(ev->sender), false);
		break;
	case NORM_REMOTE_SENDER_INACTIVE:
		guard_inactive(&nl->guard, NormNodeGetId(ev->sender), true);
		rx = rx_find(nl, ev->sender);
		if (rx) {
			rx->inactive_ms = now_ms();
			if (!nl->forget.armed)
				loop_timer_arm(instance_loop, &nl->forget, 1000);
		}
		break;
	case NORM_RX_OBJECT_NEW:
		rx = rx_find(nl, ev->sender);
		if (rx && NormObjectGetType(ev->object) == NORM_OBJECT_STREAM) {
			if (rx->stream != NORM_OBJECT_INVALID) {
				NormObjectRelease(rx->stream);
				/* another stream of the same sender: a gap */
				if (nl->t.fwd->tl)
					fwd_tl_gap(nl->t.fwd->tl, rx->id);
			}
			NormObjectRetain(ev->object);
			rx->stream = ev->object;
			rx->seeking = true;
			rx->ending = false;
			rx->inactive_ms = 0;
			if (!nl->poll.armed)
				loop_timer_arm(instance_loop, &nl->poll, NORM_POLL_MS);
		}
		break;
	case NORM_RX_OBJECT_COMPLETED:
	case NORM_RX_OBJECT_ABORTED:
		rx = rx_find(nl, ev->sender);
		/* Its sender closed its link: it lingers to repair, and makes
		 * room first.
		 */
		if (ev->type == NORM_RX_OBJECT_COMPLETED)
			guard_ended(&nl->guard, NormNodeGetId(ev->sender));
		if (rx && rx->stream == ev->object) {
			/* A sender that detached ended its stream: what it
			 * holds is the last it sent, read on (a budget at a
			 * time) before it is let go.
			 */
			if (rx_read(rx, rx->stream)) {
				rx->ending = true;
				if (!nl->poll.armed)
					loop_timer_arm(instance_loop, &nl->poll, 0);
			} else {
				NormObjectRelease(rx->stream);
				rx->stream = NORM_OBJECT_INVALID;
			}
			fwd_deliver_end(nl->t.fwd);
			/* and it is silent from its end on: forgotten after the
			 * peer timeout, whenever libnorm would call it inactive
			 * (robust factor x GRTT of silence, which grows under
			 * load: minutes, at times). A new stream of it (RX
			 * OBJECT NEW) keeps it.
			 */
			if (ev->type == NORM_RX_OBJECT_COMPLETED && !rx->inactive_ms) {
				rx->inactive_ms = now_ms();
				if (!nl->forget.armed)
					loop_timer_arm(instance_loop, &nl->forget, 1000);
			}
		}
		break;
	case NORM_RX_OBJECT_UPDATED:
		rx = rx_find(nl, ev->sender);
		if (rx && NormObjectGetType(ev->object) == NORM_OBJECT_STREAM) {
			rx->inactive_ms = 0;
			rx_read(rx, ev->object);
			fwd_deliver_end(nl->t.fwd);
		}
		break;
	default:
		break;
	}
}

static void on_instance(struct ev *ev, uint32_t events)
{
	NormEvent e;
	unsigned int n = 0;

	instance_pass++;
	/* Bounded, so that the other links get their turn */
	while (n++ < FWD_BUDGET && NormGetNextEvent(instance, &e, false))
		on_event(&e);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Where in its object the NORM_DATA packet @pkt of @len bytes is: block and
 * symbol as one number that grows along the object (modulo 2^32). False if
 * its FEC scheme is not one of libnorm's.
 */
static bool data_pos(const uint8_t *pkt, size_t len, uint32_t *pos)
{
	switch (pkt[13]) {
	case NORM_FEC_RS8:
	case NORM_FEC_RS16:
		if (len < 20)
			return false;
		*pos = be32(pkt + 16);
		if (pkt[13] == NORM_FEC_RS8)
			*pos = (*pos >> 8) << 16 | (*pos & 0xff);
		return true;
	case NORM_FEC_SMALL:
		if (len < 24)
			return false;
		*pos = be32(pkt + 16) << 16 | (uint32_t)pkt[22] << 8 | pkt[23];
		return true;
	}
	return false;
}

/* One packet seen on the wire: a repair of its sender's? */
static void tap_packet(struct norm_link *nl, const uint8_t *pkt, size_t len)
{
	struct norm_rx *rx;
	uint16_t seq;
	uint32_t pos;

	if (len < 16 || pkt[0] >> 4 != 1 || (pkt[0] & 0xf) != NORM_TYPE_DATA)
		return;
	rx = rx_find_id(nl, be32(pkt + 4));
	if (!rx || !data_pos(pkt, len, &pos))
		return;
	seq = (uint16_t)(pkt[2] << 8 | pkt[3]);
	if (!rx->wire_seen || (int32_t)(pos - rx->wire_pos) > 0) {
		rx->wire_seen = true;
		rx->wire_pos = pos;
		rx->wire_seq = seq;
	} else if ((int32_t)(pos - rx->wire_pos) < 0 && (int16_t)(seq - rx->wire_seq) > 0) {
		rx_peer(rx)->repairs++;
	}
}

/* The guard let another sender in instead of @id: libnorm forgets it too. */
static void on_evicted(void *ctx, uint32_t id)
{
	struct norm_link *nl = ctx;
	struct norm_rx *rx = rx_find_id(nl, id);

	log_debug("%s: NORM sender %08x gave way to another", nl->t.fwd->name, id);
	if (!rx)
		return;
	/* Should it come back, what it sent meanwhile is lost, not a late
	 * join (normseq.h).
	 */
	normseq_forget(&nl->gone, rx->id, &rx->seq);
	rx_free(nl, rx, true);
}

/* The link's UDP socket sees what libnorm's does: admits senders, counts
 * what the guard keeps from libnorm and the repairs each sender sends.
 */
static void on_tap(struct ev *ev, uint32_t events)
{
	static const enum fwd_drop why[] = {
		[GUARD_SENDER] = FWD_DROP_NORM_SENDER,
		[GUARD_OBJECT] = FWD_DROP_NORM_OBJECT,
		[GUARD_MALFORMED] = FWD_DROP_NORM_MALFORMED,
		[GUARD_FEEDBACK] = FWD_DROP_NORM_FEEDBACK,
	};
	struct norm_link *nl = ev->ctx;
	struct sockaddr_storage from;
	enum guard_verdict v;
	socklen_t alen;
	uint8_t buf[1024];
	unsigned int i;
	ssize_t n;

	for (i = 0; i < FWD_BUDGET; i++) {
		alen = sizeof(from);
		n = recvfrom(ev->fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &alen);
		if (n < 0)
			return;
		v = guard_see(&nl->guard, buf, (size_t)n,
			      (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf),
			      (struct sockaddr *)&from, now_ms());
		if (nl->guard.filter_errors != nl->filter_errors) {
			uint64_t missed;

			nl->filter_errors = nl->guard.filter_errors;
			if (ratelimit_ok(&rl_norm, &missed))
				log_warn("%s: the kernel refused a NORM filter (%llu times; "
					 "net.core.optmem_max): a sender left out",
					 nl->t.fwd->name, (unsigned long long)nl->filter_errors);
		}
		if (v == GUARD_PASS || v == GUARD_ADMIT) {
			tap_packet(nl, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf));
			continue;
		}
		fwd_drop(nl->t.fwd, why[v], 1);
	}
}

/* -- links ---------------------------------------------------------------- */

static int instance_get(struct loop *loop, char *why, size_t len)
{
	if (have_instance)
		return 0;
	instance = NormCreateInstance(false);
	if (instance == NORM_INSTANCE_INVALID) {
		snprintf(why, len, "NORM: cannot create an instance");
		return -ENOMEM;
	}
	instance_loop = loop;
	instance_ev = (struct ev){ .fd = NormGetDescriptor(instance), .fn = on_instance };
	if (loop_watch(loop, &instance_ev, EPOLLIN)) {
		NormDestroyInstance(instance);
		snprintf(why, len, "NORM: cannot watch its events");
		return -EIO;
	}
	have_instance = true;
	return 0;
}

/* libnorm (1.5.9) leaks a file descriptor with every instance it
 * destroys: a link whose session cannot start, retried every second, or a
 * NORM link taken down and up again would use up the daemon's files. The
 * instance, once made, therefore lives as long as the daemon.
 */
bool norm_lingering(void)
{
	return closing;
}

void norm_uninit(void)
{
	NormEvent e;

	if (!have_instance)
		return;
	while (closing)
		linger_end(closing, "the daemon stops");
	/* libnorm holds on to the object of the event fetched last until
	 * the next fetch: one more, or it is never freed.
	 */
	while (NormGetNextEvent(instance, &e, false))
		;
	loop_watch(instance_loop, &instance_ev, 0);
	NormDestroyInstance(instance);
	have_instance = false;
	instance_ev.fd = -1;
}

static uint32_t random_u32(void)
{
	uint32_t v = 0;

	while (getrandom(&v, sizeof(v), 0) != sizeof(v) || !v || v == UINT32_MAX)
		;
	return v;
}

static int fail(struct norm_link *nl, char *why, size_t len, const char *what)
{
	snprintf(why, len, "NORM: %s failed", what);
	if (nl->session != NORM_SESSION_INVALID)
		NormDestroySession(nl->session);
	attach_udp_close(&nl->t.udp);
	free(nl);
	return -EIO;
}

static const struct transport_ops norm_ops;

int norm_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
	      char *why, size_t len)
{
	char group[INET6_ADDRSTRLEN], ifname[IF_NAMESIZE];
	struct sockaddr_storage ss;
	struct guard_fdset before;
	bool started;
	int adopted;
	struct norm_link *nl;
	uint16_t instance_id;
	int err;

	err = instance_get(f->loop, why, len);
	if (err)
		return err;
	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	nl->t = (struct transport){ .ops = &norm_ops, .fwd = f, .cfg = *cfg, .batch = true };
	nl->id = random_u32();
	nl->t.node_id = nl->id;
	nl->forget = (struct timer){ .fn = on_forget, .ctx = nl };
	nl->poll = (struct timer){ .fn = on_poll, .ctx = nl };
	nl->tap_ev = (struct ev){ .fd = -1, .fn = on_tap, .ctx = nl };
	vcanmc_cfg_group(cfg, &ss);
	guard_init(&nl->guard, ss.ss_family, norm_opts.tx_buffer,
		   (int64_t)norm_opts.peer_timeout_s * 1000);
	nl->guard.evicted = on_evicted;
	nl->guard.ctx = nl;
	/* The link's socket on the group; NORM sends on its own. */
	err = attach_udp(cfg, &nl->t.udp, why, len);
	if (err) {
		free(nl);
		return err;
	}
	close(nl->t.udp.tx_fd);
	nl->t.udp.tx_fd = -1;
	vcanmc_addr_ip_str((struct sockaddr *)&ss, group, sizeof(group));

	nl->session = NormCreateSession(instance, group, (uint16_t)cfg->port, nl->id);
	if (nl->session == NORM_SESSION_INVALID)
		return fail(nl, why, len, "creating the session");
	NormSetUserData(nl->session, nl);
	NormSetRxPortReuse(nl->session, true, group, NULL, 0);
	if (cfg->link) {
		if (!if_indextoname(cfg->link, ifname))
			return fail(nl, why, len, "naming the underlay");
		if (!NormSetMulticastInterface(nl->session, ifname))
			return fail(nl, why, len, "choosing the underlay");
	}
	NormSetTTL(nl->session, (unsigned char)cfg->ttl);
	NormSetMulticastLoopback(nl->session, false);
	NormSetTxRate(nl->session, norm_opts.rate);
	NormSetGrttEstimate(nl->session, 0.001);
	NormSetGrttMax(nl->session, NORM_GRTT_MAX_S);
	/* A probe a second at least, also when the bus is idle: the others
	 * know it is there, and forget it only when it is gone.
	 */
	NormSetGrttProbingInterval(nl->session, 0.1, NORM_PROBE_MAX_S);
	NormSetBackoffFactor(nl->session, 0.0);
	NormSetGroupSize(nl->session, 16);
	NormSetDefaultSyncPolicy(nl->session, NORM_SYNC_CURRENT);
	/* A vcanmcd sends one stream: a sender announcing more objects
	 * (each allocated at twice its size) gets state for a few only
	 */
	NormSetRxCacheLimit(nl->session, 4);

	/* libnorm opens its sockets here, to receive and to send (on a port
	 * of its own, where it receives too): found by what is new. Its
	 * thread waits meanwhile, until the filters are on and what came
	 * before them is thrown away (a flood would have it allocate for
	 * every forged sender; the real ones' packets are repaired).
	 */
	if (guard_fds_open(&before))
		return fail(nl, why, len, "listing its files");
	if (!NormSuspendInstance(instance)) {
		guard_fds_free(&before);
		return fail(nl, why, len, "holding its thread");
	}
	if (getrandom(&instance_id, sizeof(instance_id), 0) != sizeof(instance_id))
		instance_id = (uint16_t)nl->id;
	started = NormStartReceiver(nl->session, norm_opts.rx_buffer) &&
		  NormStartSender(nl->session, instance_id, norm_opts.tx_buffer, NORM_SEGMENT,
				  NORM_BLOCK, 0, 0);
	adopted = guard_adopt(&nl->guard, &before, (uint16_t)cfg->port);
	guard_fds_free(&before);
	if (adopted > 0) {
		guard_discard(&nl->guard);
		guard_rcvbuf(&nl->guard, ATTACH_SOCKBUF);
	}
	NormResumeInstance(instance);
	if (!started)
		return fail(nl, why, len, "starting the sender and receiver");
	if (adopted <= 0)
		return fail(nl, why, len, "filtering its sockets");
	nl->stream = NormStreamOpen(nl->session, norm_opts.tx_buffer, NULL, 0);
	if (nl->stream == NORM_OBJECT_INVALID)
		return fail(nl, why, len, "opening the stream");

	/* The link's UDP socket guards libnorm's and counts repairs; its
	 * sending one is NORM's.
	 */
	nl->tap_ev.fd = nl->t.udp.rx_fd;
	setsockopt(nl->tap_ev.fd, IPPROTO_UDP, UDP_GRO, &(int){ 0 }, sizeof(int));
	if (loop_watch(f->loop, &nl->tap_ev, EPOLLIN))
		return fail(nl, why, len, "watching the group");
	*tp = &nl->t;
	nl->next = links;
	links = nl;
	log_info("%s: NORM node %08x, rate %.0f bit/s, window %u bytes", f->name, nl->id,
		 norm_opts.rate, norm_opts.tx_buffer);
	return 0;
}

/* The link stops receiving at once and is called no more; the session
 * stays until the others had the end of its stream (linger_end()).
 */
static void norm_close(struct transport *t)
{
	struct norm_link *nl = (struct norm_link *)t;
	struct loop *loop = t->fwd->loop;
	unsigned int receivers = 0, n = 1;
	struct norm_link *old;

	unlist(&links, nl);
	loop_watch(loop, &nl->tap_ev, 0);
	loop_timer_cancel(loop, &nl->forget);
	loop_timer_cancel(loop, &nl->poll);
	/* Every vcanmcd of the group sends: the senders it knows are the
	 * receivers that should have its stream's end (one NORM says is
	 * silent too: it may only be quiet). Its own receiver runs on,
	 * unread, so that others that end theirs meanwhile, the daemons of
	 * a bus stopped at once, have its acknowledgements.
	 */
	while (nl->senders) {
		receivers += NormAddAckingNode(nl->session, nl->senders->id);
		rx_free(nl, nl->senders, false);
	}
	attach_udp_close(&t->udp);
	nl->t.fwd = NULL;
	NormStreamClose(nl->stream, true);
	if (!receivers || !NormSetWatermark(nl->session, nl->stream, true)) {
		linger_end(nl, receivers ? "no watermark" : "no receiver to wait for");
		return;
	}
	nl->next = closing;
	closing = nl;
	/* One more than NORM_LINGER_MAX at most: the oldest, last, ends. */
	for (old = closing; old->next; old = old->next)
		n++;
	if (n > NORM_LINGER_MAX)
		linger_end(old, "too many sessions ending");
	nl->linger = (struct timer){ .fn = on_linger, .ctx = nl };
	loop_timer_arm(instance_loop, &nl->linger, NORM_LINGER_MS);
}

/* Writes messages into the stream, each flushed as a segment of its own. */
static unsigned int norm_send(struct transport *t, const struct iovec *msg,
			      const uint8_t *frames, unsigned int n)
{
	struct norm_link *nl = (struct norm_link *)t;
	uint8_t hdr[NORM_MSG_HDR];
	unsigned int done = 0;
	bool wrote = false;
	const char *p;
	size_t left, k;

	while (done < n) {
		/* The header, then the maps: one message */
		if (nl->part < NORM_MSG_HDR) {
			norm_msg_hdr(hdr, frames[done], msg[done].iov_len, nl->tx_seq);
			if (t->fwd->tl)
				hdr[0] = NORM_MSG_TL;
			p = (const char *)hdr + nl->part;
			left = NORM_MSG_HDR - nl->part;
		} else {
			p = (const char *)msg[done].iov_base + nl->part - NORM_MSG_HDR;
			left = msg[done].iov_len + NORM_MSG_HDR - nl->part;
		}
		k = NormStreamWrite(nl->stream, p, (unsigned int)left);
		nl->part += k;
		wrote |= k > 0;
		if (k < left) {
			nl->blocked = true;
			break;
		}
		if (nl->part < msg[done].iov_len + NORM_MSG_HDR)
			continue;
		/* Its end: the message goes out as a segment of its own. */
		NormStreamFlush(nl->stream, true, NORM_FLUSH_PASSIVE);
		nl->tx_seq += frames[done];
		/* A timeline's heartbeat alone is no datagram of the bus's */
		if (frames[done])
			fwd_count(t->fwd, VCANMC_STAT_DATAGRAMS_OUT, 1);
		done++;
		nl->part = 0;
	}
	if (wrote)
		NormStreamFlush(nl->stream, false, NORM_FLUSH_ACTIVE);
	return done;
}

/* The link's socket is only a tap: libnorm's own count nobody reads. */
static uint64_t norm_overflows(const struct transport *t)
{
	return 0;
}

static const struct transport_ops norm_ops = {
	.send = norm_send,
	.overflows = norm_overflows,
	.close = norm_close,
};
