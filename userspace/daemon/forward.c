// SPDX-License-Identifier: GPL-2.0
/*
 * The data path of an attached link, both ways, in batches:
 *
 *   CAN socket --recvmmsg--> encode --sendmmsg--> UDP tx socket
 *   UDP rx socket --recvmmsg--> decode --sendmmsg--> CAN socket (injected)
 *
 * Nothing is allocated per frame. When a socket cannot take a batch
 * (EAGAIN), the rest waits in the link and its source is not read until the
 * socket is writable again: the kernel's receive buffer holds what arrives
 * meanwhile, so a slow path loses nothing until that buffer overflows, and
 * then the loss is counted (SO_RXQ_OVFL).
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "log.h"
#include "vcanmcd.h"

/* Big enough for every CAN frame the socket may read, CAN XL included. */
#ifdef CANXL_MTU
#define FRAME_MAX CANXL_MTU
#else
#define FRAME_MAX CANFD_MTU
#endif

#define CMSG_LEN_OVFL CMSG_SPACE(sizeof(uint32_t))

/* One set of batch buffers serves every link: the loop is single threaded
 * and a batch is finished, or parked in its link, before the next starts.
 */
static union {
	struct canfd_frame cf;
	uint8_t raw[FRAME_MAX];
} can_buf[VCANMCD_BATCH];
static uint8_t can_cmsg[VCANMCD_BATCH][CMSG_LEN_OVFL];
static uint8_t udp_buf[VCANMCD_BATCH][PYCAN_DGRAM_MAX];
static uint8_t udp_cmsg[VCANMCD_BATCH][CMSG_LEN_OVFL];
static struct sockaddr_storage udp_src[VCANMCD_BATCH];
static struct iovec iov[VCANMCD_BATCH];
static struct mmsghdr msgs[VCANMCD_BATCH];

static struct ratelimit rl_drop, rl_send, rl_inject;

/* The kernel's count of what it dropped for the socket: SO_RXQ_OVFL */
static void read_ovfl(struct msghdr *mh, uint32_t *ovfl)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL)
			memcpy(ovfl, CMSG_DATA(c), sizeof(*ovfl));
}

/* Sends what is parked in @p to @fd: the datagrams of a CAN -> UDP batch or
 * the frames of a UDP -> CAN one. A message that fails for another reason
 * than a full socket is dropped, the rest still goes. Returns false while
 * some wait for the socket to take them.
 */
static bool flush(struct vlink *l, int fd, struct pending *p, uint64_t *sent,
		  unsigned int drop, struct ratelimit *rl, const char *what)
{
	uint64_t missed;
	unsigned int i;
	int n;

	while (p->done < p->n) {
		for (i = p->done; i < p->n; i++)
			msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &p->iov[i], .msg_iovlen = 1 };
		n = sendmmsg(fd, &msgs[p->done], p->n - p->done, MSG_DONTWAIT);
		if (n > 0) {
			*sent += n;
			p->done += n;
			continue;
		}
		if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR)
			return false;
		l->stats.drop[drop]++;
		if (ratelimit_ok(rl, &missed))
			log_warn("%s: %s: %s (%llu more not logged)", l->nl.name, what,
				 strerror(errno), (unsigned long long)missed);
		p->done++;
	}
	p->n = p->done = 0;
	return true;
}

static bool flush_out(struct vlink *l)
{
	return flush(l, l->tx_fd, &l->out, &l->stats.udp_tx, VCANMCD_DROP_SEND, &rl_send,
		     "sending to the group");
}

static bool flush_in(struct vlink *l)
{
	return flush(l, l->can_fd, &l->in, &l->stats.can_tx, VCANMCD_DROP_INJECT, &rl_inject,
		     "writing a frame");
}

static bool batching(const struct vlink *l)
{
	return l->nl.cfg.encap == VCANMC_ENCAP_PYTHON_CAN_BATCH;
}

/* Reads local frames and sends them to the group: one datagram each, or as
 * many to a datagram as fit when the link batches.
 */
static void can_to_udp(struct vlink *l)
{
	bool batch = batching(l);
	unsigned int k, budget;
	struct timespec ts;
	double tstamp;
	size_t pos;
	int i, n;

	for (budget = 0; budget < VCANMCD_BUDGET; budget++) {
		for (i = 0; i < VCANMCD_BATCH; i++) {
			iov[i] = (struct iovec){ &can_buf[i], sizeof(can_buf[i]) };
			msgs[i].msg_hdr = (struct msghdr){
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
				.msg_control = can_cmsg[i],
				.msg_controllen = sizeof(can_cmsg[i]),
			};
		}
		n = recvmmsg(l->can_fd, msgs, VCANMCD_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		/* python-can stamps a frame when it reads it; so do we. */
		clock_gettime(CLOCK_REALTIME, &ts);
		tstamp = pycan_tstamp(&ts);

		/* Encoded back to back: a datagram is one iovec over them. */
		for (i = 0, k = 0, pos = 0; i < n; i++) {
			unsigned int len = msgs[i].msg_len;
			int ret;

			read_ovfl(&msgs[i].msg_hdr, &l->stats.can_ovfl);
			l->stats.can_rx++;
			if (len != CAN_MTU && len != CANFD_MTU) {
				l->stats.drop[VCANMCD_DROP_CANXL]++;
				continue;
			}
			ret = pycan_encode(l->out_buf + pos, PYCAN_ENC_MAX, &can_buf[i].cf,
					   len == CANFD_MTU, tstamp);
			if (ret < 0) {
				l->stats.drop[VCANMCD_DROP_ENCODE]++;
				continue;
			}
			if (batch && k && l->out.iov[k - 1].iov_len + ret <= PYCAN_BATCH_MAX)
				l->out.iov[k - 1].iov_len += ret;
			else
				l->out.iov[k++] = (struct iovec){ l->out_buf + pos, ret };
			pos += ret;
		}
		l->out.n = k;
		l->out.done = 0;
		if (!flush_out(l) || n < VCANMCD_BATCH)
			return;
	}
}

/* Is @src the address our sending socket sends from? */
static bool is_self(const struct vlink *l, const struct sockaddr_storage *src)
{
	if (src->ss_family != l->self.ss_family)
		return false;
	if (src->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)src, *b = (const void *)&l->self;

		return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
	} else {
		const struct sockaddr_in6 *a = (const void *)src, *b = (const void *)&l->self;

		return a->sin6_port == b->sin6_port &&
		       !memcmp(&a->sin6_addr, &b->sin6_addr, sizeof(a->sin6_addr));
	}
}

static void log_drop(const struct vlink *l, const struct sockaddr_storage *src,
		     unsigned int reason)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	uint64_t missed;

	if (!ratelimit_ok(&rl_drop, &missed))
		return;
	if (src->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)src)->sin_addr, addr, sizeof(addr));
	else
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)src)->sin6_addr, addr, sizeof(addr));
	log_warn("%s: dropped a datagram from %s: %s (%llu more drops not logged)",
		 l->nl.name, addr, vcanmcd_drop_name(reason), (unsigned long long)missed);
}

/* Queues the frame just decoded into l->in_frame[l->in.n]; writes a full
 * batch. False when the CAN socket cannot take it now: it stays parked.
 */
static bool in_push(struct vlink *l)
{
	unsigned int k = l->in.n++;

	l->in.iov[k] = (struct iovec){ &l->in_frame[k], l->in_fd[k] ? CANFD_MTU : CAN_MTU };
	return l->in.n < VCANMCD_BATCH || flush_in(l);
}

/* Decodes the datagram @buf from @*off on into frames for the link. False
 * when it stopped because the CAN socket is full; *@off says where.
 */
static bool take_dgram(struct vcanmcd *d, struct vlink *l, const uint8_t *buf, size_t len,
		       size_t *off, const struct sockaddr_storage *src, struct peer *peer)
{
	bool batch = batching(l);
	enum pycan_drop drop;
	unsigned int k;

	do {
		k = l->in.n;
		if (batch) {
			drop = pycan_decode_next(d->dec, buf, len, off, &l->in_frame[k],
						 &l->in_fd[k], NULL);
		} else {
			drop = pycan_decode(d->dec, buf, len, &l->in_frame[k], &l->in_fd[k], NULL);
			*off = len;
		}
		if (!drop && l->in_fd[k] && l->nl.mtu == CAN_MTU)
			drop = (enum pycan_drop)VCANMCD_DROP_FD_ON_CLASSIC;
		if (drop) {
			l->stats.drop[drop]++;
			peer->drops++;
			log_drop(l, src, drop);
			continue;
		}
		peer->frames++;
		if (!in_push(l))
			return false;
	} while (*off < len);
	return true;
}

/* Keeps what is left of a datagram the CAN socket could not take whole. */
static void park_rest(struct vlink *l, const uint8_t *buf, size_t len, size_t off,
		      const struct sockaddr_storage *src, socklen_t srclen)
{
	if (off >= len)
		return;
	memcpy(l->rest.buf, buf + off, len - off);
	l->rest.len = len - off;
	l->rest.src = *src;
	l->rest.srclen = srclen;
}

/* Goes on with a parked datagram. False while some of it still waits. */
static bool take_rest(struct vcanmcd *d, struct vlink *l)
{
	struct peer *peer;
	size_t off = 0;

	if (!l->rest.len)
		return true;
	peer = peers_get(&l->peers, &l->rest.src, l->rest.srclen, now_ms());
	if (!take_dgram(d, l, l->rest.buf, l->rest.len, &off, &l->rest.src, peer)) {
		memmove(l->rest.buf, l->rest.buf + off, l->rest.len - off);
		l->rest.len -= off;
		return false;
	}
	l->rest.len = 0;
	return flush_in(l);
}

/* Receives datagrams and writes their frames into the link. A batching
 * link reads one datagram at a time: it may hold more frames than a batch,
 * and only the rest of one datagram can wait in the link.
 */
static void udp_to_can(struct vcanmcd *d, struct vlink *l)
{
	unsigned int vlen = batching(l) ? 1 : VCANMCD_BATCH, budget;
	int64_t now = now_ms();
	int i, n;

	for (budget = 0; budget < VCANMCD_BUDGET; budget++) {
		for (i = 0; i < (int)vlen; i++) {
			iov[i] = (struct iovec){ udp_buf[i], sizeof(udp_buf[i]) };
			msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &udp_src[i],
				.msg_namelen = sizeof(udp_src[i]),
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
				.msg_control = udp_cmsg[i],
				.msg_controllen = sizeof(udp_cmsg[i]),
			};
		}
		/* MSG_TRUNC: the real length, so that oversize is seen as such */
		n = recvmmsg(l->rx_fd, msgs, vlen, MSG_DONTWAIT | MSG_TRUNC, NULL);
		if (n <= 0)
			return;

		for (i = 0; i < n; i++) {
			size_t len = msgs[i].msg_len, off = 0;
			struct peer *peer;

			read_ovfl(&msgs[i].msg_hdr, &l->stats.udp_ovfl);
			if (is_self(l, &udp_src[i])) {
				l->stats.own++;
				continue;
			}
			l->stats.udp_rx++;
			peer = peers_get(&l->peers, &udp_src[i], msgs[i].msg_hdr.msg_namelen, now);
			peer->last_ms = now;
			/* An oversize one, cut to its buffer, is refused
			 * by its length before anything is read.
			 */
			if (!take_dgram(d, l, udp_buf[i], len, &off, &udp_src[i], peer)) {
				/* One frame a datagram: only a batching link's
				 * datagram can have frames left over.
				 */
				park_rest(l, udp_buf[i], len, off, &udp_src[i],
					  msgs[i].msg_hdr.msg_namelen);
				return;
			}
		}
		if (!flush_in(l) || n < (int)vlen)
			return;
	}
}

/* Frames from the network wait for the CAN socket. */
static bool in_busy(const struct vlink *l)
{
	return l->in.n || l->rest.len;
}

/* Watch what can make progress: a source only while its sink is free. */
void forward_rearm(struct vcanmcd *d, struct vlink *l)
{
	if (!l->attached)
		return;
	loop_watch(&d->loop, &l->can_ev, (l->out.n ? 0 : EPOLLIN) | (in_busy(l) ? EPOLLOUT : 0));
	loop_watch(&d->loop, &l->rx_ev, in_busy(l) ? 0 : EPOLLIN);
	loop_watch(&d->loop, &l->tx_ev, l->out.n ? EPOLLOUT : 0);
}

void forward_can(struct ev *ev, uint32_t events)
{
	struct vlink *l = ev->ctx;

	if (ev->fd < 0)
		return;
	if ((events & EPOLLOUT) && in_busy(l) && flush_in(l))
		take_rest(l->d, l);
	if ((events & (EPOLLIN | EPOLLERR)) && !l->out.n)
		can_to_udp(l);
	forward_rearm(l->d, l);
}

void forward_rx(struct ev *ev, uint32_t events)
{
	struct vlink *l = ev->ctx;

	if (ev->fd < 0)
		return;
	if (!in_busy(l))
		udp_to_can(l->d, l);
	forward_rearm(l->d, l);
}

void forward_tx(struct ev *ev, uint32_t events)
{
	struct vlink *l = ev->ctx;

	if (ev->fd < 0)
		return;
	if (l->out.n)
		flush_out(l);
	forward_rearm(l->d, l);
}
