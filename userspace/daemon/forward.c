// SPDX-License-Identifier: GPL-2.0
/*
 * The data path of an attached link; see forward.h.
 *
 * Nothing is allocated per frame. Writing to the device never blocks: the
 * kernel delivers what it takes at once, so datagrams from the group never
 * wait in the daemon. Sending to the group may: when the UDP socket is full
 * (EAGAIN) the datagrams of the batch wait in the link and the device is not
 * read until the socket is writable again; when the network's queue is full
 * (ENOBUFS, which poll cannot announce) they wait for a timer that backs
 * off. Meanwhile the kernel's queue towards the daemon holds what local
 * programs send, and counts what does not fit.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/udp.h>
#include <linux/vcanmc.h>

#include "addr.h"
#include "forward.h"
#include "log.h"
#include "norm.h"

/* Messages per recvmmsg: datagrams, or with UDP_GRO runs of them of up to
 * 64 KiB
 */
#define FWD_DGRAMS	16
#define FWD_RX_MAX	65536
/* Datagrams the kernel's UDP GRO joins into one message at most
 * (UDP_GRO_CNT_MAX)
 */
#define UDP_GRO_SEGS_MAX	64
/* Datagrams sent as one with UDP_SEGMENT at most */
#define FWD_GSO_MAX	64
/* ENOBUFS: first and longest pause before sending again */
#define BACKOFF_MIN_MS	1
#define BACKOFF_MAX_MS	128
/* Sends of one datagram that a pending socket error may fail */
#define SEND_RETRIES	4
/* Sends per flush that queued ICMP errors may fail */
#define ICMP_RETRIES	1024

#define CMSG_LEN_RX	(CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(int)))
#define CMSG_LEN_GSO	CMSG_SPACE(sizeof(uint16_t))
#define REC_HDR		sizeof(struct vcanmc_rec)

/* One set of batch buffers serves every link: the loop is single threaded
 * and a batch is finished, or parked in its link, before the next starts.
 */
/* At most FWD_BATCH records fit, each of which may become a datagram. */
static uint8_t dev_rbuf[FWD_BATCH * VCANMC_REC_PAD(REC_HDR + CAN_MTU)]
	__attribute__((aligned(8)));
_Static_assert(sizeof(dev_rbuf) >= VCANMC_REC_MAX, "a CAN XL record must fit");
static uint8_t dev_wbuf[FWD_BATCH * VCANMC_REC_PAD(REC_HDR + CANFD_MTU)]
	__attribute__((aligned(8)));
static size_t dev_wlen;

static uint8_t udp_buf[FWD_DGRAMS][FWD_RX_MAX];
static uint8_t udp_cmsg[FWD_DGRAMS][CMSG_LEN_RX];
static struct sockaddr_storage udp_src[FWD_DGRAMS];
static struct iovec udp_iov[FWD_DGRAMS];
static struct mmsghdr rx_msgs[FWD_DGRAMS];
/* A message per run of datagrams (UDP_SEGMENT) or per datagram */
static struct mmsghdr tx_msgs[FWD_BATCH];
static struct iovec tx_iov[FWD_BATCH];
static uint8_t tx_cmsg[FWD_BATCH][CMSG_LEN_GSO];
static unsigned int tx_count[FWD_BATCH];

static struct ratelimit rl_drop, rl_send, rl_inject;

static const char *const drop_names[] = {
	[FWD_DROP_CANXL] = "canxl",
	[FWD_DROP_FD_ON_CLASSIC] = "fd-on-classic",
	[FWD_DROP_SEND] = "send-error",
	[FWD_DROP_INJECT] = "inject-error",
	[FWD_DROP_ENCODE] = "unencodable",
	[FWD_DROP_DETACH] = "detached",
	[FWD_DROP_ERR_FRAME] = "error-frame",
	[FWD_DROP_SPOOFED] = "spoofed-own",
	[FWD_DROP_GAP] = "norm-gap",
	[FWD_DROP_DUP] = "duplicate",
	[FWD_DROP_GARBLED] = "norm-garbled",
	[FWD_DROP_NORM_SENDER] = "norm-sender",
	[FWD_DROP_NORM_OBJECT] = "norm-object",
	[FWD_DROP_NORM_MALFORMED] = "norm-malformed",
};

const char *fwd_drop_name(unsigned int drop)
{
	if (drop < PYCAN_DROP_CNT)
		return pycan_drop_name(drop);
	if (drop < FWD_DROP_CNT)
		return drop_names[drop];
	return "unknown";
}

static void rearm(struct fwd *f);

static bool out_busy(const struct fwd *f)
{
	return f->out_done < f->out_n;
}

/* Errors ICMP messages left on the sending socket (IP_RECVERR): the send
 * that reported the first one is retried; the queue itself is only emptied.
 * Returns how many there were.
 */
static unsigned int drain_errors(struct fwd *f)
{
	uint8_t buf[256], ctl[256];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	unsigned int i;

	for (i = 0; i < 64; i++) {
		mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = ctl, .msg_controllen = sizeof(ctl) };
		if (recvmsg(f->udp.tx_fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			break;
	}
	return i;
}

/* Datagrams out_iov[@i..] that go as one message: a run of equal ones,
 * back to back in out_buf, and one shorter at its end, sent with
 * UDP_SEGMENT (the kernel, or the device, cuts them apart again); else the
 * one.
 */
static unsigned int gso_run(const struct fwd *f, unsigned int i)
{
	size_t len = f->out_iov[i].iov_len;
	unsigned int j = i + 1;

	if (f->no_gso)
		return 1;
	while (j < f->out_n && j - i < FWD_GSO_MAX && f->out_iov[j].iov_len <= len &&
	       (uint8_t *)f->out_iov[j].iov_base ==
	       (uint8_t *)f->out_iov[j - 1].iov_base + f->out_iov[j - 1].iov_len) {
		if (f->out_iov[j++].iov_len < len)
			break;
	}
	return j - i;
}

/* Builds the messages for the datagrams from out_done on: how many. */
static unsigned int build_msgs(struct fwd *f)
{
	unsigned int i, k, n = 0;
	struct cmsghdr *c;
	uint16_t seg;

	for (i = f->out_done; i < f->out_n; i += k, n++) {
		k = gso_run(f, i);
		tx_count[n] = k;
		tx_iov[n] = (struct iovec){ f->out_iov[i].iov_base,
					    (uint8_t *)f->out_iov[i + k - 1].iov_base +
					    f->out_iov[i + k - 1].iov_len -
					    (uint8_t *)f->out_iov[i].iov_base };
		tx_msgs[n].msg_hdr = (struct msghdr){
			.msg_name = &f->udp.group, .msg_namelen = f->udp.group_len,
			.msg_iov = &tx_iov[n], .msg_iovlen = 1,
		};
		if (k == 1)
			continue;
		seg = (uint16_t)f->out_iov[i].iov_len;
		tx_msgs[n].msg_hdr.msg_control = tx_cmsg[n];
		tx_msgs[n].msg_hdr.msg_controllen = sizeof(tx_cmsg[n]);
		c = CMSG_FIRSTHDR(&tx_msgs[n].msg_hdr);
		c->cmsg_level = IPPROTO_UDP;
		c->cmsg_type = UDP_SEGMENT;
		c->cmsg_len = CMSG_LEN(sizeof(seg));
		memcpy(CMSG_DATA(c), &seg, sizeof(seg));
	}
	return n;
}

/* Remembers the datagrams of the messages sendmmsg() tried: the @n it
 * sent (or none, -1) and the one that failed, if any. Multicast loopback
 * hands a datagram back before the qdisc may drop it (ENOBUFS), so one
 * that failed can come back, and again each time it is sent again.
 */
static void remember_tried(struct fwd *f, unsigned int m, int n)
{
	unsigned int i, k, d = f->out_done, tried = n > 0 ? (unsigned int)n : 0;

	if (tried < m)
		tried++;
	for (i = 0; i < tried; d += tx_count[i], i++)
		for (k = 0; k < tx_count[i]; k++)
			own_sent(&f->own, f->out_iov[d + k].iov_base, f->out_iov[d + k].iov_len);
}

/* Sends the datagrams waiting in @f. False while some still wait. */
static bool flush_out(struct fwd *f)
{
	unsigned int i, m, sent, retries = 0, icmp_retries = 0;
	uint64_t missed;
	int n, err;

	if (f->norm) {
		if (!norm_flush(f))
			return false;
		f->out_n = f->out_done = 0;
		return true;
	}
	while (out_busy(f)) {
		m = build_msgs(f);
		n = sendmmsg(f->udp.tx_fd, tx_msgs, m, MSG_DONTWAIT);
		if (f->loops_back)
			remember_tried(f, m, n);
		if (n > 0) {
			for (i = 0, sent = 0; i < (unsigned int)n; i++)
				sent += tx_count[i];
			f->stats.n[VCANMC_STAT_DATAGRAMS_OUT] += sent;
			f->out_done += sent;
			f->backoff_ms = 0;
			retries = 0;
			continue;
		}
		err = errno;
		if (err == EINTR)
			continue;
		if (err == EAGAIN || err == EWOULDBLOCK)
			return false;	/* until the socket is writable */
		if (err == ENOBUFS) {
			f->backoff_ms = f->backoff_ms ? f->backoff_ms * 2 : BACKOFF_MIN_MS;
			if (f->backoff_ms > BACKOFF_MAX_MS)
				f->backoff_ms = BACKOFF_MAX_MS;
			f->stats.n[VCANMC_STAT_BACKOFFS]++;
			loop_timer_arm(f->loop, &f->backoff, f->backoff_ms);
			return false;
		}
		/* Segmentation offload is not for every route (IPsec, no
		 * checksum offload): without it, then.
		 */
		if ((err == EIO || err == EINVAL) && tx_count[0] > 1) {
			log_info("%s: sending without UDP segmentation offload: %s", f->name,
				 strerror(err));
			f->no_gso = true;
			continue;
		}
		/* An error that an ICMP message left on the socket fails one
		 * send and is gone: the datagram itself is good. Anyone can
		 * send such messages, so they cost retries, not frames, up to
		 * ICMP_RETRIES of them per flush; other errors (no route)
		 * end after SEND_RETRIES, ours (EMSGSIZE, EINVAL) at once.
		 */
		f->stats.n[VCANMC_STAT_SEND_ERRORS]++;
		if (drain_errors(f) && ++icmp_retries < ICMP_RETRIES)
			continue;
		if (err != EMSGSIZE && err != EINVAL && ++retries < SEND_RETRIES)
			continue;
		f->stats.drop[FWD_DROP_SEND] += tx_count[0];
		if (ratelimit_ok(&rl_send, &missed))
			log_warn("%s: sending to the group: %s (%llu more not logged)", f->name,
				 strerror(err), (unsigned long long)missed);
		f->out_done += tx_count[0];
		retries = 0;
	}
	f->out_n = f->out_done = 0;
	return true;
}

static void on_backoff(struct timer *t)
{
	struct fwd *f = t->ctx;

	flush_out(f);
	rearm(f);
}

/* A CAN or CAN FD record carries exactly one frame of its type (uapi):
 * anything else would not fit where it is copied to, and is not one.
 */
static bool rec_fits(const struct fwd *f, const struct vcanmc_rec *rec)
{
	size_t want = REC_HDR + (rec->type == VCANMC_REC_CANFD ? CANFD_MTU : CAN_MTU);
	uint64_t missed;

	if (rec->len == want)
		return true;
	if (ratelimit_ok(&rl_inject, &missed))
		log_warn("%s: a record of %u bytes from %s, not %zu: dropped (%llu more not logged)",
			 f->name, rec->len, ATTACH_DEV_PATH, want, (unsigned long long)missed);
	return false;
}

/* Encodes the frames of the records in @buf into datagrams in f->out_*:
 * one each, or as many to a datagram as fit when the link batches.
 * Returns the frames read.
 */
static unsigned int encode(struct fwd *f, const uint8_t *buf, size_t len)
{
	unsigned int frames = 0, k = 0;
	size_t off = 0, pos = 0;
	struct canfd_frame cf;
	struct vcanmc_rec rec;
	struct timespec ts;
	int ret;

	while (off + REC_HDR <= len) {
		memcpy(&rec, buf + off, REC_HDR);
		if (rec.len < REC_HDR || rec.len > len - off)
			break;	/* cannot be: the kernel writes whole records */
		if (rec.type == VCANMC_REC_CAN || rec.type == VCANMC_REC_CANFD ||
		    rec.type == VCANMC_REC_CANXL)
			frames++;
		if (rec.type == VCANMC_REC_CANXL) {
			f->stats.drop[FWD_DROP_CANXL]++;
		} else if ((rec.type == VCANMC_REC_CAN || rec.type == VCANMC_REC_CANFD) &&
			   !rec_fits(f, &rec)) {
			f->stats.drop[FWD_DROP_ENCODE]++;
		} else if (rec.type == VCANMC_REC_CAN || rec.type == VCANMC_REC_CANFD) {
			bool fd = rec.type == VCANMC_REC_CANFD;

			memset(&cf, 0, sizeof(cf));
			memcpy(&cf, buf + off + REC_HDR, rec.len - REC_HDR);
			ts.tv_sec = rec.tstamp / 1000000000ULL;
			ts.tv_nsec = rec.tstamp % 1000000000ULL;
			ret = pycan_encode(f->out_buf + pos, PYCAN_ENC_MAX, &cf, fd,
					   pycan_tstamp(&ts));
			if (ret < 0) {
				f->stats.drop[FWD_DROP_ENCODE]++;
			} else {
				if (f->batch && k &&
				    f->out_iov[k - 1].iov_len + ret <= PYCAN_BATCH_MAX) {
					f->out_iov[k - 1].iov_len += ret;
					f->out_cnt[k - 1]++;
				} else {
					f->out_cnt[k] = 1;
					f->out_iov[k++] = (struct iovec){ f->out_buf + pos, ret };
				}
				pos += ret;
			}
		}
		/* Records of types this daemon does not know are skipped. */
		off += VCANMC_REC_PAD(rec.len);
	}
	f->out_n = k;
	f->out_done = 0;
	return frames;
}

/* Reads what local programs sent and sends it to the group. */
static void dev_to_udp(struct fwd *f)
{
	unsigned int budget = 0;
	uint64_t missed;
	ssize_t n;

	while (budget < FWD_BUDGET && !out_busy(f)) {
		n = read(f->dev_fd, dev_rbuf, sizeof(dev_rbuf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != ENODEV &&
			    ratelimit_ok(&rl_inject, &missed))
				log_warn("%s: reading %s: %s", f->name, ATTACH_DEV_PATH,
					 strerror(errno));
			return;
		}
		n = encode(f, dev_rbuf, n);
		f->stats.n[VCANMC_STAT_FRAMES_OUT] += n;
		budget += n;
		flush_out(f);
	}
}

/* Counts the frames of the records in dev_wbuf[from, to). */
static unsigned int count_recs(size_t from, size_t to)
{
	struct vcanmc_rec rec;
	unsigned int n = 0;

	while (from + REC_HDR <= to) {
		memcpy(&rec, dev_wbuf + from, REC_HDR);
		from += VCANMC_REC_PAD(rec.len);
		n++;
	}
	return n;
}

/* Writes the records in dev_wbuf into the device. A record it refuses
 * (EINVAL) is counted and skipped; if it takes none (device down or gone),
 * all are.
 */
static void dev_write(struct fwd *f)
{
	struct vcanmc_rec rec;
	uint64_t missed;
	size_t off = 0;
	ssize_t n;

	while (off < dev_wlen) {
		n = write(f->dev_fd, dev_wbuf + off, dev_wlen - off);
		if (n > 0) {
			f->stats.n[VCANMC_STAT_FRAMES_IN] += count_recs(off, off + n);
			off += n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (ratelimit_ok(&rl_inject, &missed))
			log_warn("%s: writing a frame: %s (%llu more not logged)", f->name,
				 n < 0 ? strerror(errno) : "nothing written",
				 (unsigned long long)missed);
		if (n < 0 && errno == EINVAL) {
			memcpy(&rec, dev_wbuf + off, REC_HDR);
			f->stats.drop[FWD_DROP_INJECT]++;
			off += VCANMC_REC_PAD(rec.len);
			continue;
		}
		f->stats.drop[FWD_DROP_INJECT] += count_recs(off, dev_wlen);
		break;
	}
	dev_wlen = 0;
}

/* Appends the frame in @cf to dev_wbuf as a record. */
static void dev_push(struct fwd *f, const struct canfd_frame *cf, bool fd)
{
	size_t flen = fd ? CANFD_MTU : CAN_MTU;
	struct vcanmc_rec rec = {
		.len = (uint16_t)(REC_HDR + flen),
		.version = VCANMC_REC_VERSION,
		.type = fd ? VCANMC_REC_CANFD : VCANMC_REC_CAN,
	};

	if (dev_wlen + VCANMC_REC_PAD(rec.len) > sizeof(dev_wbuf))
		dev_write(f);
	memcpy(dev_wbuf + dev_wlen, &rec, REC_HDR);
	memcpy(dev_wbuf + dev_wlen + REC_HDR, cf, flen);
	memset(dev_wbuf + dev_wlen + rec.len, 0, VCANMC_REC_PAD(rec.len) - rec.len);
	dev_wlen += VCANMC_REC_PAD(rec.len);
}

/* Could @src be our sending socket? Its port and an address of this host
 * (the socket sends from whatever address the route gives): another host
 * may well send from the same port number. Whether the datagram is ours
 * its content tells (own.h).
 */
static bool from_us(const struct fwd *f, const struct sockaddr_storage *src)
{
	const struct sockaddr_storage *self = &f->udp.self;
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

static void log_drop(const struct fwd *f, const struct sockaddr_storage *src,
		     unsigned int reason)
{
	char addr[VCANMC_ADDRSTRLEN];
	uint64_t missed;

	if (!ratelimit_ok(&rl_drop, &missed))
		return;
	log_warn("%s: dropped a datagram from %s: %s (%llu more drops not logged)", f->name,
		 vcanmc_addr_str((const struct sockaddr *)src, addr, sizeof(addr)),
		 fwd_drop_name(reason), (unsigned long long)missed);
}

/* Decodes the datagram @buf of @len bytes into records. Returns the frames
 * it held, valid or not.
 */
static unsigned int take_dgram(struct fwd *f, const uint8_t *buf, size_t len,
			       const struct sockaddr_storage *src, struct peer *peer)
{
	unsigned int frames = 0;
	struct canfd_frame cf;
	enum pycan_drop drop;
	size_t off = 0;
	bool fd;

	do {
		if (f->batch) {
			drop = pycan_decode_next(f->dec, buf, len, &off, &cf, &fd, NULL);
		} else {
			drop = pycan_decode(f->dec, buf, len, &cf, &fd, NULL);
			off = len;
		}
		frames++;
		if (!drop && fd && f->classic)
			drop = (enum pycan_drop)FWD_DROP_FD_ON_CLASSIC;
		if (!drop && f->no_err_frames && cf.can_id & CAN_ERR_FLAG)
			drop = (enum pycan_drop)FWD_DROP_ERR_FRAME;
		if (drop) {
			f->stats.drop[drop]++;
			peer->drops++;
			log_drop(f, src, drop);
			continue;
		}
		peer->frames++;
		dev_push(f, &cf, fd);
	} while (off < len);
	return frames;
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
static unsigned int take_msg(struct fwd *f, const uint8_t *buf, size_t len, size_t seg,
			     const struct sockaddr_storage *src, socklen_t srclen,
			     int64_t now)
{
	unsigned int frames = 0, n = 1;
	struct peer *peer;
	size_t off, dlen;

	if (seg && len > seg)
		n = (len + seg - 1) / seg;
	if (from_us(f, src)) {
		for (off = 0; off < len; off += dlen) {
			dlen = seg && len - off > seg ? seg : len - off;
			if (own_take(&f->own, buf + off, dlen)) {
				f->stats.n[VCANMC_STAT_OWN]++;
			} else {
				f->stats.drop[FWD_DROP_SPOOFED]++;
				log_drop(f, src, FWD_DROP_SPOOFED);
			}
		}
		return n;	/* work all the same */
	}
	f->stats.n[VCANMC_STAT_DATAGRAMS_IN] += n;
	peer = peers_get(&f->peers, src, srclen, now);
	peer->last_ms = now;
	off = 0;
	do {
		dlen = seg && len - off > seg ? seg : len - off;
		/* An oversize one, cut to its buffer, is refused by its
		 * length before anything is read.
		 */
		frames += take_dgram(f, buf + off, dlen, src, peer);
		off += dlen;
	} while (off < len);
	return frames;
}

/* Receives datagrams and delivers their frames into the link: about
 * FWD_BUDGET frames, never more than one message's worth beyond it.
 */
static void udp_to_dev(struct fwd *f)
{
	/* A message is a run of up to UDP_GRO_SEGS_MAX datagrams. */
	unsigned int per_msg = UDP_GRO_SEGS_MAX * (f->batch ? PYCAN_BATCH_FRAMES_MAX : 1);
	unsigned int budget = 0, vlen;
	int64_t now = now_ms();
	size_t seg;
	int i, n;

	while (budget < FWD_BUDGET) {
		vlen = (FWD_BUDGET - budget) / per_msg;
		vlen = vlen < 1 ? 1 : vlen > FWD_DGRAMS ? FWD_DGRAMS : vlen;
		for (i = 0; i < (int)vlen; i++) {
			udp_iov[i] = (struct iovec){ udp_buf[i], sizeof(udp_buf[i]) };
			rx_msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &udp_src[i],
				.msg_namelen = sizeof(udp_src[i]),
				.msg_iov = &udp_iov[i],
				.msg_iovlen = 1,
				.msg_control = udp_cmsg[i],
				.msg_controllen = sizeof(udp_cmsg[i]),
			};
		}
		/* MSG_TRUNC: the real length, so that oversize is seen as such */
		n = recvmmsg(f->udp.rx_fd, rx_msgs, vlen, MSG_DONTWAIT | MSG_TRUNC, NULL);
		if (n <= 0)
			break;

		for (i = 0; i < n; i++) {
			struct msghdr *mh = &rx_msgs[i].msg_hdr;

			read_cmsgs(mh, &f->udp_overflow, &seg);
			f->stats.n[VCANMC_STAT_UDP_OVERFLOW] = f->udp_overflow_base +
							       f->udp_overflow;
			budget += take_msg(f, udp_buf[i], rx_msgs[i].msg_len, seg, &udp_src[i],
					   mh->msg_namelen, now);
		}
		if (n < (int)vlen)
			break;
	}
	if (dev_wlen)
		dev_write(f);
}

/* Watch what can make progress: the device only while sending is free.
 * A NORM link has no sockets of its own to watch: norm.c calls back.
 */
static void rearm(struct fwd *f)
{
	bool busy = out_busy(f);

	if (f->dev_fd < 0)
		return;
	loop_watch(f->loop, &f->dev_ev, busy ? 0 : EPOLLIN);
	if (f->tx_ev.fd >= 0)
		loop_watch(f->loop, &f->tx_ev, busy && !f->backoff.armed ? EPOLLOUT : 0);
	if (f->rx_ev.fd >= 0)
		loop_watch(f->loop, &f->rx_ev, EPOLLIN);
}

void fwd_deliver(struct fwd *f, const uint8_t *buf, size_t len, struct peer *peer)
{
	f->stats.n[VCANMC_STAT_DATAGRAMS_IN]++;
	take_dgram(f, buf, len, &peer->addr, peer);
}

void fwd_deliver_end(struct fwd *f)
{
	if (dev_wlen)
		dev_write(f);
}

void fwd_resume(struct fwd *f)
{
	if (f->dev_fd < 0)
		return;
	if (flush_out(f))
		dev_to_udp(f);
	rearm(f);
}

static void on_dev(struct ev *ev, uint32_t events)
{
	struct fwd *f = ev->ctx;

	if (ev->fd < 0)
		return;
	if (events & (EPOLLHUP | EPOLLERR)) {
		/* The attachment ended under us: the device is gone. */
		f->gone(f);
		return;
	}
	dev_to_udp(f);
	rearm(f);
}

static void on_rx(struct ev *ev, uint32_t events)
{
	struct fwd *f = ev->ctx;

	if (ev->fd < 0)
		return;
	udp_to_dev(f);
}

static void on_tx(struct ev *ev, uint32_t events)
{
	struct fwd *f = ev->ctx;

	if (ev->fd < 0)
		return;
	if (events & EPOLLERR)
		drain_errors(f);
	if (flush_out(f))
		dev_to_udp(f);
	rearm(f);
}

void fwd_init(struct fwd *f)
{
	f->dev_fd = -1;
	f->udp.rx_fd = f->udp.tx_fd = -1;
	f->dev_ev = (struct ev){ .fd = -1, .fn = on_dev, .ctx = f };
	f->rx_ev = (struct ev){ .fd = -1, .fn = on_rx, .ctx = f };
	f->tx_ev = (struct ev){ .fd = -1, .fn = on_tx, .ctx = f };
	f->backoff = (struct timer){ .fn = on_backoff, .ctx = f };
}

void fwd_start(struct fwd *f)
{
	f->dev_ev.fd = f->dev_fd;
	/* NORM has its own; the receiving one counts repairs (norm.c). */
	f->rx_ev.fd = f->norm ? -1 : f->udp.rx_fd;
	f->tx_ev.fd = f->norm ? -1 : f->udp.tx_fd;
	f->out_n = f->out_done = 0;
	f->backoff_ms = 0;
	f->no_gso = false;
	own_reset(&f->own);
	rearm(f);
}

static void close_ev(struct fwd *f, struct ev *ev)
{
	loop_watch(f->loop, ev, 0);
	ev->fd = -1;
}

static void drop_waiting(struct fwd *f)
{
	f->stats.drop[FWD_DROP_DETACH] += f->out_n - f->out_done;
	f->out_n = f->out_done = 0;
	loop_timer_cancel(f->loop, &f->backoff);
	f->backoff_ms = 0;
}

/* Closes the UDP sockets; what the receiving one counted stays counted. */
static void close_udp(struct fwd *f)
{
	attach_udp_close(&f->udp);
	f->udp_overflow_base += f->udp_overflow;
	f->udp_overflow = 0;
}

void fwd_replace_udp(struct fwd *f, const struct udp_socks *u)
{
	close_ev(f, &f->rx_ev);
	close_ev(f, &f->tx_ev);
	drop_waiting(f);
	close_udp(f);
	f->udp = *u;
	f->no_gso = false;
	own_reset(&f->own);
	f->rx_ev.fd = f->udp.rx_fd;
	f->tx_ev.fd = f->udp.tx_fd;
	rearm(f);
}

void fwd_stop(struct fwd *f)
{
	norm_detach(f);
	close_ev(f, &f->dev_ev);
	close_ev(f, &f->rx_ev);
	close_ev(f, &f->tx_ev);
	drop_waiting(f);
	close_udp(f);
	if (f->dev_fd >= 0) {
		f->overflow_base += attach_dev_overflows(f->dev_fd);
		close(f->dev_fd);
	}
	f->dev_fd = -1;
}

void fwd_counters(const struct fwd *f, uint64_t n[VCANMC_STAT_CNT])
{
	memcpy(n, f->stats.n, sizeof(f->stats.n));
	n[VCANMC_STAT_CAN_OVERFLOW] = f->overflow_base + attach_dev_overflows(f->dev_fd);
}
