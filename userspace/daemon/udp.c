// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP transport; see udp.h.
 *
 * Each datagram goes to the group and to each unicast peer (but one that
 * is this host at the link's port): a message per run of datagrams and
 * destination, the destinations of a run one after the other, so that a
 * send that must wait goes on with the next destination of that run.
 *
 * Sending may have to wait: when the socket is full (EAGAIN)
 * the messages wait in the link and the socket is watched until it is
 * writable; when the network's queue is full (ENOBUFS, which poll cannot
 * announce) a timer that backs off says when to try again. Either way the
 * link's device is not read meanwhile (forward.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <linux/udp.h>

#include "addr.h"
#include "forward.h"
#include "log.h"
#include "own.h"
#include "udp.h"

/* Messages per recvmmsg: datagrams, or with UDP_GRO runs of them of up to
 * 64 KiB
 */
#define UDP_DGRAMS	16
#define UDP_RX_MAX	65536
/* Datagrams the kernel's UDP GRO joins into one message at most
 * (UDP_GRO_CNT_MAX)
 */
#define UDP_GRO_SEGS_MAX	64
/* Datagrams sent as one with UDP_SEGMENT at most */
#define UDP_GSO_MAX	64
/* ENOBUFS: first and longest pause before sending again */
#define BACKOFF_MIN_MS	1
#define BACKOFF_MAX_MS	128
/* Sends of one datagram that a pending socket error may fail */
#define SEND_RETRIES	4
/* Sends per call that queued ICMP errors may fail */
#define ICMP_RETRIES	1024

#define CMSG_LEN_RX	(CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(int)))
#define CMSG_LEN_GSO	CMSG_SPACE(sizeof(uint16_t))

/* Where a link's datagrams go */
struct dest {
	struct sockaddr_storage ss;
	socklen_t len;
	bool group;
};

struct udp {
	struct transport t;
	struct dest dests[1 + VCANMC_PEERS_MAX];
	unsigned int ndests;
	unsigned int next_dest;		/* of the first datagram waiting */
	bool loops_back;		/* our datagrams come back: remember them */
	bool no_gso;			/* UDP_SEGMENT failed on this route */
	struct ev rx_ev, tx_ev;
	struct timer backoff;		/* ENOBUFS: try sending again later */
	unsigned int backoff_ms;
	uint32_t overflow;		/* SO_RXQ_OVFL of the receiving socket */
	struct own own;			/* what we sent, to know it back */
};

/* One set of batch buffers serves every link: the loop is single threaded
 * and a batch is finished before the next starts.
 */
static uint8_t rx_buf[UDP_DGRAMS][UDP_RX_MAX];
static uint8_t rx_cmsg[UDP_DGRAMS][CMSG_LEN_RX];
static struct sockaddr_storage rx_src[UDP_DGRAMS];
static struct iovec rx_iov[UDP_DGRAMS];
static struct mmsghdr rx_msgs[UDP_DGRAMS];
/* A message per run of datagrams (UDP_SEGMENT) or per datagram, and per
 * destination: its datagrams, the first of them, the destination
 */
static struct mmsghdr tx_msgs[FWD_BATCH];
static struct iovec tx_iov[FWD_BATCH];
static uint8_t tx_cmsg[FWD_BATCH][CMSG_LEN_GSO];
static unsigned int tx_count[FWD_BATCH], tx_start[FWD_BATCH], tx_dest[FWD_BATCH];

static struct ratelimit rl_send, rl_spoofed, rl_not_peer;

static struct udp *to_udp(struct transport *t)
{
	return (struct udp *)t;
}

/* Errors ICMP messages left on the sending socket (IP_RECVERR): the send
 * that reported the first one is retried; the queue itself is only emptied.
 * Returns how many there were.
 */
static unsigned int drain_errors(struct udp *u)
{
	uint8_t buf[256], ctl[256];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	unsigned int i;

	for (i = 0; i < 64; i++) {
		mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = ctl, .msg_controllen = sizeof(ctl) };
		if (recvmsg(u->t.udp.tx_fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			break;
	}
	return i;
}

/* Datagrams @msg[@i..@n) that go as one message: a run of equal ones,
 * back to back in memory, and one shorter at its end, sent with
 * UDP_SEGMENT (the kernel, or the device, cuts them apart again); else the
 * one.
 */
static unsigned int gso_run(const struct udp *u, const struct iovec *msg, unsigned int i,
			    unsigned int n)
{
	size_t len = msg[i].iov_len;
	unsigned int j = i + 1;

	/* GSO segments must fit the path MTU; a CAN XL record alone need not */
	if (u->no_gso || len > PYCAN_BATCH_MAX)
		return 1;
	while (j < n && j - i < UDP_GSO_MAX && msg[j].iov_len <= len &&
	       (uint8_t *)msg[j].iov_base == (uint8_t *)msg[j - 1].iov_base + msg[j - 1].iov_len) {
		if (msg[j++].iov_len < len)
			break;
	}
	return j - i;
}

/* Builds the sendmmsg() messages for datagrams @msg[@from..@n), from
 * destination u->next_dest of the first: how many.
 */
static unsigned int build_msgs(struct udp *u, const struct iovec *msg, unsigned int from,
			       unsigned int n)
{
	unsigned int i, k, d = u->next_dest, m = 0;
	struct cmsghdr *c;
	uint16_t seg;

	for (i = from; i < n && m < FWD_BATCH; i += k, d = 0) {
		k = gso_run(u, msg, i, n);
		for (; d < u->ndests && m < FWD_BATCH; d++, m++) {
			tx_count[m] = k;
			tx_start[m] = i;
			tx_dest[m] = d;
			tx_iov[m] = (struct iovec){
				msg[i].iov_base,
				(uint8_t *)msg[i + k - 1].iov_base + msg[i + k - 1].iov_len -
				(uint8_t *)msg[i].iov_base };
			tx_msgs[m].msg_hdr = (struct msghdr){
				.msg_name = &u->dests[d].ss, .msg_namelen = u->dests[d].len,
				.msg_iov = &tx_iov[m], .msg_iovlen = 1,
			};
			if (k == 1)
				continue;
			seg = (uint16_t)msg[i].iov_len;
			tx_msgs[m].msg_hdr.msg_control = tx_cmsg[m];
			tx_msgs[m].msg_hdr.msg_controllen = sizeof(tx_cmsg[m]);
			c = CMSG_FIRSTHDR(&tx_msgs[m].msg_hdr);
			c->cmsg_level = IPPROTO_UDP;
			c->cmsg_type = UDP_SEGMENT;
			c->cmsg_len = CMSG_LEN(sizeof(seg));
			memcpy(CMSG_DATA(c), &seg, sizeof(seg));
		}
	}
	return m;
}

/* Remembers the datagrams of the @m messages sendmmsg() tried that went
 * to the group: the @n it sent (or none, -1) and the one that failed, if
 * any. Multicast loopback hands a datagram back before the qdisc may drop
 * it (ENOBUFS), so one that failed can come back, and again each time it
 * is sent again.
 */
static void remember_tried(struct udp *u, const struct iovec *msg, unsigned int m, int n)
{
	unsigned int i, k, tried = n > 0 ? (unsigned int)n : 0;

	if (tried < m)
		tried++;
	for (i = 0; i < tried; i++) {
		if (!u->dests[tx_dest[i]].group)
			continue;
		for (k = 0; k < tx_count[i]; k++)
			own_sent(&u->own, msg[tx_start[i] + k].iov_base,
				 msg[tx_start[i] + k].iov_len);
	}
}

/* Message @i went out, or failed for good: the datagrams that went to
 * every destination are done.
 */
static unsigned int sent_msg(struct udp *u, unsigned int i)
{
	if (tx_dest[i] + 1 < u->ndests) {
		u->next_dest = tx_dest[i] + 1;
		return 0;
	}
	u->next_dest = 0;
	return tx_count[i];
}

/* Waits until sending may go on: the socket writable, or a timer. */
static void wait_tx(struct udp *u, bool backoff)
{
	if (backoff) {
		u->backoff_ms = u->backoff_ms ? u->backoff_ms * 2 : BACKOFF_MIN_MS;
		if (u->backoff_ms > BACKOFF_MAX_MS)
			u->backoff_ms = BACKOFF_MAX_MS;
		fwd_count(u->t.fwd, VCANMC_STAT_BACKOFFS, 1);
		loop_timer_arm(u->t.fwd->loop, &u->backoff, u->backoff_ms);
	} else {
		loop_watch(u->t.fwd->loop, &u->tx_ev, EPOLLOUT);
	}
}

static unsigned int udp_send(struct transport *t, const struct iovec *msg,
			     const uint8_t *frames, unsigned int n)
{
	unsigned int i, m, done = 0, retries = 0, icmp_retries = 0;
	struct udp *u = to_udp(t);
	struct fwd *f = t->fwd;
	char addr[VCANMC_ADDRSTRLEN];
	uint64_t missed;
	int r, err;

	if (u->backoff.armed || u->tx_ev.events)
		return 0;	/* already waiting */
	if (!u->ndests) {
		/* No group, no peer but this host: counted, said once */
		for (i = 0; i < n; i++)
			fwd_drop(f, FWD_DROP_SEND, frames[i]);
		return n;
	}
	while (done < n) {
		m = build_msgs(u, msg, done, n);
		r = sendmmsg(t->udp.tx_fd, tx_msgs, m, MSG_DONTWAIT);
		if (u->loops_back)
			remember_tried(u, msg, m, r);
		if (r > 0) {
			for (i = 0; i < (unsigned int)r; i++) {
				/* A message without frames, a bus record
				 * (fwd_bus.h), is no datagram of the bus's.
				 */
				if (frames[tx_start[i]])
					fwd_count(f, VCANMC_STAT_DATAGRAMS_OUT, tx_count[i]);
				done += sent_msg(u, i);
			}
			u->backoff_ms = 0;
			retries = 0;
			continue;
		}
		err = errno;
		if (err == EINTR)
			continue;
		if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
			wait_tx(u, err == ENOBUFS);
			break;
		}
		/* Segmentation offload is not for every route (IPsec, no
		 * checksum offload): without it, then.
		 */
		if ((err == EIO || err == EINVAL) && tx_count[0] > 1) {
			log_info("%s: sending without UDP segmentation offload: %s", f->name,
				 strerror(err));
			u->no_gso = true;
			/* Cut apart, the run would go again where it went
			 * whole: what its other destinations miss is counted
			 */
			while (u->next_dest) {
				for (i = 0; i < tx_count[0]; i++)
					fwd_drop(f, FWD_DROP_SEND, frames[done + i]);
				done += sent_msg(u, 0);
				tx_dest[0]++;
			}
			continue;
		}
		/* An error that an ICMP message left on the socket fails one
		 * send and is gone: the datagram itself is good. Anyone can
		 * send such messages, so they cost retries, not frames, up to
		 * ICMP_RETRIES of them per call; other errors (no route)
		 * end after SEND_RETRIES, ours (EMSGSIZE, EINVAL) at once.
		 * Frames a destination did not get are counted, once for each
		 * such destination.
		 */
		fwd_count(f, VCANMC_STAT_SEND_ERRORS, 1);
		if (drain_errors(u) && ++icmp_retries < ICMP_RETRIES)
			continue;
		if (err != EMSGSIZE && err != EINVAL && ++retries < SEND_RETRIES)
			continue;
		for (i = 0; i < tx_count[0]; i++)
			fwd_drop(f, FWD_DROP_SEND, frames[done + i]);
		if (ratelimit_ok(&rl_send, &missed))
			log_warn("%s: sending to %s: %s (%llu more not logged)", f->name,
				 vcanmc_addr_str((const struct sockaddr *)&u->dests[tx_dest[0]].ss,
						 addr, sizeof(addr)),
				 strerror(err), (unsigned long long)missed);
		done += sent_msg(u, 0);
		retries = 0;
	}
	return done;
}

static void on_backoff(struct timer *tm)
{
	fwd_resume(((struct udp *)tm->ctx)->t.fwd);
}

static void on_tx(struct ev *ev, uint32_t events)
{
	struct udp *u = ev->ctx;

	if (events & EPOLLERR)
		drain_errors(u);
	loop_watch(u->t.fwd->loop, &u->tx_ev, 0);
	fwd_resume(u->t.fwd);
}

/* Could @src be our sending socket? Its port and an address of this host
 * (the socket sends from whatever address the route gives): another host
 * may well send from the same port number. Whether the datagram is ours
 * its content tells (own.h).
 */
static bool from_us(const struct udp *u, const struct sockaddr_storage *src)
{
	const struct sockaddr_storage *self = &u->t.udp.self;
	bool port;

	if (src->ss_family != self->ss_family)
		return false;
	if (src->ss_family == AF_INET)
		port = ((const struct sockaddr_in *)src)->sin_port ==
		       ((const struct sockaddr_in *)self)->sin_port;
	else
		port = ((const struct sockaddr_in6 *)src)->sin6_port ==
		       ((const struct sockaddr_in6 *)self)->sin6_port;
	return port && own_addr(src);
}

/* Is @src the address of one of the link's peers? (From any port: a
 * vcanmcd sends from one of its own, python-can from the link's.)
 */
static bool from_peer(const struct udp *u, const struct sockaddr_storage *src)
{
	const struct vcanmc_cfg *cfg = &u->t.cfg;
	const void *a;
	unsigned int i;
	size_t len;

	/* Per datagram: the address bytes as the peers keep them */
	if (src->ss_family == AF_INET) {
		a = &((const struct sockaddr_in *)src)->sin_addr;
		len = 4;
	} else {
		a = &((const struct sockaddr_in6 *)src)->sin6_addr;
		len = 16;
	}
	for (i = 0; i < cfg->npeers; i++)
		if (cfg->peers[i].family == src->ss_family && !memcmp(cfg->peers[i].addr, a, len))
			return true;
	return false;
}

/* The kernel's count of what it dropped for the socket (SO_RXQ_OVFL), and
 * the size of the datagrams a message holds back to back (UDP_GRO; 0: one)
 */
static void read_cmsgs(struct msghdr *mh, uint32_t *ovfl, size_t *seg)
{
	struct cmsghdr *c;
	int gso;

	*seg = 0;
	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
			memcpy(ovfl, CMSG_DATA(c), sizeof(*ovfl));
		} else if (c->cmsg_level == IPPROTO_UDP && c->cmsg_type == UDP_GRO) {
			memcpy(&gso, CMSG_DATA(c), sizeof(gso));
			*seg = gso > 0 ? (size_t)gso : 0;
		}
	}
}

/* Takes in the datagrams of one message from @src. Returns the frames, or
 * for datagrams that are not taken in, one each.
 */
static unsigned int take_msg(struct udp *u, const uint8_t *buf, size_t len, size_t seg,
			     const struct sockaddr_storage *src, socklen_t srclen, int64_t now)
{
	char addr[VCANMC_ADDRSTRLEN];
	unsigned int frames = 0, n = 1;
	struct fwd *f = u->t.fwd;
	size_t off, dlen;
	uint64_t missed;

	if (seg && len > seg)
		n = (len + seg - 1) / seg;
	if (from_us(u, src)) {
		for (off = 0; off < len; off += dlen) {
			dlen = seg && len - off > seg ? seg : len - off;
			if (own_take(&u->own, buf + off, dlen)) {
				fwd_count(f, VCANMC_STAT_OWN, 1);
				continue;
			}
			fwd_drop(f, FWD_DROP_SPOOFED, 1);
			if (ratelimit_ok(&rl_spoofed, &missed))
				log_warn("%s: dropped a datagram from %s: %s (%llu more not logged)",
					 f->name, vcanmc_addr_str((const struct sockaddr *)src, addr,
								  sizeof(addr)),
					 fwd_drop_name(FWD_DROP_SPOOFED), (unsigned long long)missed);
		}
		return n;	/* work all the same */
	}
	if (u->t.cfg.peers_only && !from_peer(u, src)) {
		fwd_drop(f, FWD_DROP_NOT_PEER, n);
		if (ratelimit_ok(&rl_not_peer, &missed))
			log_warn("%s: dropped a datagram from %s: %s (%llu more not logged)",
				 f->name, vcanmc_addr_str((const struct sockaddr *)src, addr,
							  sizeof(addr)),
				 fwd_drop_name(FWD_DROP_NOT_PEER), (unsigned long long)missed);
		return n;
	}
	off = 0;
	do {
		dlen = seg && len - off > seg ? seg : len - off;
		/* An oversize one, cut to its buffer, is refused by its
		 * length before anything is read.
		 */
		frames += fwd_deliver_from(f, buf + off, dlen, src, srclen, now);
		off += dlen;
	} while (off < len);
	return frames;
}

/* Receives datagrams and delivers their frames into the link: about
 * FWD_BUDGET frames, never more than one message's worth beyond it.
 */
static void on_rx(struct ev *ev, uint32_t events)
{
	struct udp *u = ev->ctx;
	/* A message is a run of up to UDP_GRO_SEGS_MAX datagrams. */
	unsigned int per_msg = UDP_GRO_SEGS_MAX * (u->t.batch ? PYCAN_BATCH_FRAMES_MAX : 1);
	unsigned int budget = 0, vlen;
	int64_t now = now_ms();
	size_t seg;
	int i, n;

	while (budget < FWD_BUDGET) {
		vlen = (FWD_BUDGET - budget) / per_msg;
		vlen = vlen < 1 ? 1 : vlen > UDP_DGRAMS ? UDP_DGRAMS : vlen;
		for (i = 0; i < (int)vlen; i++) {
			rx_iov[i] = (struct iovec){ rx_buf[i], sizeof(rx_buf[i]) };
			rx_msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &rx_src[i],
				.msg_namelen = sizeof(rx_src[i]),
				.msg_iov = &rx_iov[i],
				.msg_iovlen = 1,
				.msg_control = rx_cmsg[i],
				.msg_controllen = sizeof(rx_cmsg[i]),
			};
		}
		/* MSG_TRUNC: the real length, so that oversize is seen as such */
		n = recvmmsg(u->t.udp.rx_fd, rx_msgs, vlen, MSG_DONTWAIT | MSG_TRUNC, NULL);
		if (n <= 0)
			break;

		for (i = 0; i < n; i++) {
			struct msghdr *mh = &rx_msgs[i].msg_hdr;

			read_cmsgs(mh, &u->overflow, &seg);
			budget += take_msg(u, rx_buf[i], rx_msgs[i].msg_len, seg, &rx_src[i],
					   mh->msg_namelen, now);
		}
		if (n < (int)vlen)
			break;
	}
	fwd_deliver_end(u->t.fwd);
}

static uint64_t udp_overflows(const struct transport *t)
{
	return ((const struct udp *)t)->overflow;
}

static void udp_close(struct transport *t)
{
	struct udp *u = to_udp(t);

	loop_watch(t->fwd->loop, &u->rx_ev, 0);
	loop_watch(t->fwd->loop, &u->tx_ev, 0);
	loop_timer_cancel(t->fwd->loop, &u->backoff);
	attach_udp_close(&t->udp);
	free(u);
}

static const struct transport_ops udp_ops = {
	.send = udp_send,
	.overflows = udp_overflows,
	.close = udp_close,
};

/* This host at the link's port: every host may be given the same peers */
static bool is_self(const struct vcanmc_cfg *cfg, const struct sockaddr_storage *ss)
{
	uint16_t port = ss->ss_family == AF_INET ?
			ntohs(((const struct sockaddr_in *)ss)->sin_port) :
			ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);

	return port == cfg->port && own_addr(ss);
}

/* Already a destination: "peer A" and "peer A:PORT" with the link's port */
static bool is_dest(const struct udp *u, const struct dest *d)
{
	unsigned int i;

	for (i = 0; i < u->ndests; i++)
		if (u->dests[i].len == d->len && !memcmp(&u->dests[i].ss, &d->ss, d->len))
			return true;
	return false;
}

/* The group, if the link has one, and the peers that are not this host,
 * each once
 */
static void set_dests(struct udp *u)
{
	const struct vcanmc_cfg *cfg = &u->t.cfg;
	struct dest *d;
	unsigned int i;

	u->ndests = 0;
	if (vcanmc_cfg_has_group(cfg)) {
		d = &u->dests[u->ndests++];
		d->ss = u->t.udp.group;
		d->len = u->t.udp.group_len;
		d->group = true;
	}
	for (i = 0; i < cfg->npeers; i++) {
		d = &u->dests[u->ndests];
		d->group = false;
		d->len = vcanmc_cfg_peer(cfg, i, &d->ss);
		if (!d->len || is_self(cfg, &d->ss) || is_dest(u, d))
			continue;
		/* A link-local one needs the underlay as its scope: after a
		 * namespace move the link has none until dev is set again
		 */
		if (d->ss.ss_family == AF_INET6 &&
		    IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)&d->ss)->sin6_addr) &&
		    !cfg->link) {
			log_warn("%s: peer %u is link-local and the link has no dev: skipped",
				 u->t.fwd->name, i + 1);
			continue;
		}
		u->ndests++;
	}
}

struct transport *udp_transport(struct fwd *f, const struct vcanmc_cfg *cfg,
				const struct udp_socks *s, bool batch, bool loops_back)
{
	struct udp *u = calloc(1, sizeof(*u));

	if (!u) {
		struct udp_socks tmp = *s;

		attach_udp_close(&tmp);
		return NULL;
	}
	u->t = (struct transport){ .ops = &udp_ops, .fwd = f, .cfg = *cfg, .batch = batch,
				   .records_alone = batch, .udp = *s };
	u->loops_back = loops_back;
	set_dests(u);
	u->rx_ev = (struct ev){ .fd = s->rx_fd, .fn = on_rx, .ctx = u };
	u->tx_ev = (struct ev){ .fd = s->tx_fd, .fn = on_tx, .ctx = u };
	u->backoff = (struct timer){ .fn = on_backoff, .ctx = u };
	own_reset(&u->own);
	if (s->rx_fd >= 0)
		loop_watch(f->loop, &u->rx_ev, EPOLLIN);
	return &u->t;
}

int udp_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
	     char *why, size_t len)
{
	struct udp_socks s;
	int err;

	err = attach_udp(cfg, &s, why, len);
	if (err)
		return err;
	*tp = udp_transport(f, cfg, &s, cfg->encap == VCANMC_ENCAP_PYTHON_CAN_BATCH,
			    attach_mcast_loop(cfg));
	if (!*tp) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	/* PDUs of a batch's size: no IPv6 path fragments them */
	if (cfg->encap == VCANMC_ENCAP_IEEE1722) {
		err = transport_avtp_init(*tp, cfg->link ? (int)cfg->link : s.join_ifindex, true,
					  PYCAN_BATCH_MAX, why, len);
		if (err) {
			udp_close(*tp);
			return err;
		}
	}
	if (!to_udp(*tp)->ndests)
		log_warn("%s: no group and no peer but this host: what is sent goes nowhere "
			 "(counted as send-error)", f->name);
	return 0;
}
