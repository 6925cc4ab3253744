// SPDX-License-Identifier: GPL-2.0
/*
 * The data path of an attached link; see forward.h.
 *
 * Nothing is allocated per frame. Writing to the device never blocks: the
 * kernel delivers what it takes at once, so messages from the group never
 * wait in the daemon. Sending may: when the transport takes no more, the
 * messages of the batch wait in the link and the device is not read until
 * the transport resumes it. Meanwhile the kernel's queue towards the daemon
 * holds what local programs send, and counts what does not fit (or, for a
 * lossless link, stops the device's queue: the bus waits).
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <linux/can.h>
#include <linux/vcanmc.h>

#include "addr.h"
#include "forward.h"
#include "fwd_avtp.h"
#include "fwd_bus.h"
#include "fwd_tl.h"
#include "log.h"
#include "transport.h"

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
_Static_assert(sizeof(dev_wbuf) >= VCANMC_REC_PAD(VCANMC_REC_MAX), "a CAN XL record must fit");
static size_t dev_wlen;

static struct ratelimit rl_drop, rl_inject;

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
	[FWD_DROP_NORM_FEEDBACK] = "norm-feedback",
	[FWD_DROP_NORM_OBJECT] = "norm-object",
	[FWD_DROP_NORM_MALFORMED] = "norm-malformed",
	[FWD_DROP_ORDER] = "order-differs",
	[FWD_DROP_TL_MEMBER] = "tl-not-member",
	[FWD_DROP_TL_CUT] = "tl-cut",
	[FWD_DROP_NOT_PEER] = "not-peer",
	[FWD_DROP_XL_ON_NON_XL] = "xl-on-non-xl",
};

const char *fwd_drop_name(unsigned int drop)
{
	if (drop < PYCAN_DROP_CNT)
		return pycan_drop_name(drop);
	if (drop < FWD_DROP_AVTP)
		return drop_names[drop];
	if (drop < FWD_DROP_CNT)
		return avtp_drop_name((enum avtp_drop)(drop - FWD_DROP_AVTP + 1));
	return "unknown";
}

static bool out_busy(const struct fwd *f)
{
	return f->out_done < f->out_n;
}

/* Hands the waiting messages to the transport. False while some wait. */
static bool flush_out(struct fwd *f)
{
	if (out_busy(f))
		f->out_done += f->tp->ops->send(f->tp, f->out_iov + f->out_done,
						f->out_cnt + f->out_done, f->out_n - f->out_done);
	if (out_busy(f))
		return false;
	f->out_n = f->out_done = 0;
	return true;
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

/* Queues the message of @len bytes at f->out_buf + *@pos as the next
 * datagram, or joins it to the last one when the link batches and both
 * fit in a batch; a message longer than a batch (a CAN XL record) goes
 * alone.
 */
void fwd_out_add(struct fwd *f, unsigned int *k, size_t *pos, size_t len)
{
	if (f->tp->batch && *k && f->out_iov[*k - 1].iov_len + len <= PYCAN_BATCH_MAX) {
		f->out_iov[*k - 1].iov_len += len;
		f->out_cnt[*k - 1]++;
	} else {
		f->out_cnt[*k] = 1;
		f->out_iov[(*k)++] = (struct iovec){ f->out_buf + *pos, len };
	}
	*pos += len;
}

static double rec_tstamp(const struct vcanmc_rec *rec)
{
	struct timespec ts = {
		.tv_sec = (time_t)(rec->tstamp / 1000000000ULL),
		.tv_nsec = (long)(rec->tstamp % 1000000000ULL),
	};

	return pycan_tstamp(&ts);
}

/* Encodes the CAN XL record @rec, @frame its payload, at f->out_buf +
 * @pos: the message's length, or -1 (counted) when it goes nowhere. Only
 * batches carry CAN XL records; python-can has none.
 */
static int encode_xl(struct fwd *f, const struct vcanmc_rec *rec, const uint8_t *frame,
		     size_t pos)
{
	static struct canxl_frame xl;
	size_t flen = rec->len - REC_HDR;
	int ret;

	if (!f->tp->batch) {
		f->stats.drop[FWD_DROP_CANXL]++;
		return -1;
	}
	memcpy(&xl, frame, flen < sizeof(xl) ? flen : sizeof(xl));
	if (flen < CANXL_HDR_SIZE || flen != CANXL_HDR_SIZE + xl.len ||
	    sizeof(f->out_buf) - pos < PYCAN_XL_ENC_MAX) {
		f->stats.drop[FWD_DROP_ENCODE]++;
		return -1;
	}
	ret = pycan_xl_encode(f->out_buf + pos, PYCAN_XL_ENC_MAX, &xl, rec_tstamp(rec));
	if (ret < 0)
		f->stats.drop[FWD_DROP_ENCODE]++;
	return ret;
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
	int ret;

	if (f->tp->avtp)
		return fwd_avtp_encode(f, buf, len);
	if (f->tl)
		return fwd_tl_encode(f->tl, buf, len);
	while (off + REC_HDR <= len) {
		memcpy(&rec, buf + off, REC_HDR);
		if (rec.len < REC_HDR || rec.len > len - off)
			break;	/* cannot be: the kernel writes whole records */
		if (rec.type == VCANMC_REC_CAN || rec.type == VCANMC_REC_CANFD ||
		    rec.type == VCANMC_REC_CANXL)
			frames++;
		if (rec.type == VCANMC_REC_CANXL) {
			ret = encode_xl(f, &rec, buf + off + REC_HDR, pos);
			if (ret > 0)
				fwd_out_add(f, &k, &pos, ret);
		} else if ((rec.type == VCANMC_REC_CAN || rec.type == VCANMC_REC_CANFD) &&
			   !rec_fits(f, &rec)) {
			f->stats.drop[FWD_DROP_ENCODE]++;
		} else if (rec.type == VCANMC_REC_CAN || rec.type == VCANMC_REC_CANFD) {
			bool fd = rec.type == VCANMC_REC_CANFD;

			memset(&cf, 0, sizeof(cf));
			memcpy(&cf, buf + off + REC_HDR, rec.len - REC_HDR);
			ret = pycan_encode(f->out_buf + pos, PYCAN_ENC_MAX, &cf, fd,
					   rec_tstamp(&rec));
			if (ret < 0)
				f->stats.drop[FWD_DROP_ENCODE]++;
			else
				fwd_out_add(f, &k, &pos, ret);
		}
		/* Records of types this daemon does not know are skipped. */
		off += VCANMC_REC_PAD(rec.len);
	}
	/* A bus record due rides at the end of the last batch, if it fits
	 * (not after a CAN XL record longer than a batch)
	 */
	if (f->bus_due && k && f->out_iov[k - 1].iov_len + PYCAN_BUS_ENC_MAX <= PYCAN_BATCH_MAX &&
	    sizeof(f->out_buf) - pos >= PYCAN_BUS_ENC_MAX)
		f->out_iov[k - 1].iov_len += fwd_bus_append(f, f->out_buf + pos, PYCAN_BUS_ENC_MAX);
	f->out_n = k;
	f->out_done = 0;
	return frames;
}

/* Whether the device is to be read: nothing waits for the transport, and
 * a timeline runs
 */
static bool reads(const struct fwd *f)
{
	return !out_busy(f) && (!f->tl || fwd_tl_reads(f->tl));
}

/* Reads what local programs sent and hands it to the transport. */
static void dev_to_group(struct fwd *f)
{
	unsigned int budget = 0;
	uint64_t missed;
	ssize_t n;

	while (budget < FWD_BUDGET && reads(f)) {
		n = read(f->dev_fd, dev_rbuf, sizeof(dev_rbuf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && f->tl) {
			/* What the last watermark covers was read */
			fwd_tl_drained(f->tl);
			return;
		}
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

size_t fwd_rec_put(uint8_t *dst, uint8_t type, const void *a, size_t alen, const void *b,
		   size_t blen)
{
	struct vcanmc_rec rec = {
		.len = (uint16_t)(REC_HDR + alen + blen),
		.version = VCANMC_REC_VERSION,
		.type = type,
	};

	memcpy(dst, &rec, REC_HDR);
	memcpy(dst + REC_HDR, a, alen);
	if (blen)
		memcpy(dst + REC_HDR + alen, b, blen);
	memset(dst + rec.len, 0, VCANMC_REC_PAD(rec.len) - rec.len);
	return VCANMC_REC_PAD(rec.len);
}

void fwd_push(struct fwd *f, uint8_t type, const void *frame, size_t flen)
{
	if (dev_wlen + VCANMC_REC_PAD(REC_HDR + flen) > sizeof(dev_wbuf))
		dev_write(f);
	dev_wlen += fwd_rec_put(dev_wbuf + dev_wlen, type, frame, flen, NULL, 0);
}

/* A decoded frame of @fr into the link, or why not. */
static enum pycan_drop dev_push(struct fwd *f, const struct pycan_frame *fr)
{
	bool fd = fr->kind == PYCAN_CANFD;

	if (fr->kind == PYCAN_CANXL) {
		if (!f->xl)
			return (enum pycan_drop)FWD_DROP_XL_ON_NON_XL;
		fwd_push(f, VCANMC_REC_CANXL, &fr->xl, CANXL_HDR_SIZE + fr->xl.len);
		return PYCAN_DROP_NONE;
	}
	if (fd && f->classic)
		return (enum pycan_drop)FWD_DROP_FD_ON_CLASSIC;
	if (f->no_err_frames && fr->cf.can_id & CAN_ERR_FLAG)
		return (enum pycan_drop)FWD_DROP_ERR_FRAME;
	fwd_push(f, fd ? VCANMC_REC_CANFD : VCANMC_REC_CAN, &fr->cf, fd ? CANFD_MTU : CAN_MTU);
	return PYCAN_DROP_NONE;
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

/* A batch holds PYCAN_BATCH_FRAMES_MAX frames and a bus record at most;
 * a datagram of more maps is no batch of ours, whatever it holds: the rest
 * after these is one malformed drop, so that one datagram costs no more
 * decoding than the receive budget counts on (1200 one-byte maps would
 * cost 1200).
 */
#define DGRAM_MAPS_MAX	(PYCAN_BATCH_FRAMES_MAX + 1)

/* Decodes the datagram @buf of @len bytes into records. Returns the maps
 * it held, valid or not, bus records among them; *@frames the others.
 */
static unsigned int take_dgram(struct fwd *f, const uint8_t *buf, size_t len,
			       const struct sockaddr_storage *src, struct peer *peer,
			       unsigned int *frames_out)
{
	static struct pycan_frame fr;
	unsigned int frames = 0, records = 0;
	enum pycan_drop drop;
	size_t off = 0;
	bool fd;

	do {
		if (frames + records == DGRAM_MAPS_MAX) {
			f->stats.drop[PYCAN_DROP_MALFORMED]++;
			peer->drops++;
			log_drop(f, src, PYCAN_DROP_MALFORMED);
			frames++;
			break;
		}
		if (f->tp->batch) {
			drop = pycan_decode_batch(f->dec, buf, len, &off, &fr, NULL);
		} else {
			/* @fd is undefined when the datagram is refused */
			drop = pycan_decode(f->dec, buf, len, &fr.cf, &fd, NULL);
			fr.kind = !drop && fd ? PYCAN_CANFD : PYCAN_CAN;
			off = len;
		}
		if (!drop && fr.kind == PYCAN_BUS) {
			fwd_bus_heard(f, peer, &fr.bus, now_ms());
			records++;
			continue;
		}
		frames++;
		if (!drop)
			drop = dev_push(f, &fr);
		if (drop) {
			f->stats.drop[drop]++;
			peer->drops++;
			log_drop(f, src, drop);
			continue;
		}
		peer->frames++;
	} while (off < len);
	*frames_out = frames;
	return frames + records;
}

/* The device is read only while nothing waits for the transport. */
static void rearm(struct fwd *f)
{
	if (f->dev_fd >= 0)
		loop_watch(f->loop, &f->dev_ev, reads(f) ? EPOLLIN : 0);
}

unsigned int fwd_deliver(struct fwd *f, const uint8_t *buf, size_t len, struct peer *peer)
{
	unsigned int frames, maps = take_dgram(f, buf, len, &peer->addr, peer, &frames);

	/* One of bus records alone (fwd_bus.h) is none of the bus's, but
	 * as much work as any: the caller's budget counts it.
	 */
	if (frames)
		f->stats.n[VCANMC_STAT_DATAGRAMS_IN]++;
	return maps;
}

unsigned int fwd_deliver_from(struct fwd *f, const uint8_t *buf, size_t len,
			      const struct sockaddr_storage *src, socklen_t srclen, int64_t now)
{
	struct peer *peer;

	if (f->tp->avtp) {
		f->stats.n[VCANMC_STAT_DATAGRAMS_IN]++;
		return fwd_avtp_take(f, buf, len, src, srclen, now);
	}
	peer = fwd_peer(f, src, srclen, now);
	peer->last_ms = now;
	return fwd_deliver(f, buf, len, peer);
}

void fwd_deliver_end(struct fwd *f)
{
	if (dev_wlen)
		dev_write(f);
	if (f->tl)
		fwd_tl_deliver_end(f->tl);
}

void fwd_resume(struct fwd *f)
{
	if (f->dev_fd < 0 || !f->tp)
		return;
	if (flush_out(f))
		dev_to_group(f);
	rearm(f);
}

struct peer *fwd_peer(struct fwd *f, const struct sockaddr_storage *addr, socklen_t len,
		      int64_t now)
{
	return peers_get(&f->peers, addr, len, now);
}

struct peers *fwd_peers(struct fwd *f)
{
	return &f->peers;
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
	dev_to_group(f);
	rearm(f);
}

void fwd_init(struct fwd *f)
{
	f->dev_fd = -1;
	f->tp = NULL;
	f->dev_ev = (struct ev){ .fd = -1, .fn = on_dev, .ctx = f };
}

void fwd_start(struct fwd *f, struct transport *tp)
{
	f->tp = tp;
	f->dev_ev.fd = f->dev_fd;
	f->out_n = f->out_done = 0;
	rearm(f);
	if (f->tl)
		fwd_tl_start(f->tl);
	/* The others learn at once what bus this host emulates. */
	fwd_bus_changed(f);
	fwd_bus_tick(f, now_ms());
}

bool fwd_send_alone(struct fwd *f, const void *msg, size_t len)
{
	if (!f->tp || out_busy(f) || len > sizeof(f->out_buf))
		return false;
	memcpy(f->out_buf, msg, len);
	f->out_iov[0] = (struct iovec){ f->out_buf, len };
	f->out_cnt[0] = 0;
	f->out_n = 1;
	f->out_done = 0;
	if (!flush_out(f))
		rearm(f);	/* the device waits until it has gone */
	return true;
}

/* What waits for the transport is dropped, counted by frames. */
static void drop_waiting(struct fwd *f)
{
	unsigned int i;

	for (i = f->out_done; i < f->out_n; i++)
		f->stats.drop[FWD_DROP_DETACH] += f->out_cnt[i];
	f->out_n = f->out_done = 0;
}

static void close_tp(struct fwd *f)
{
	if (!f->tp)
		return;
	f->udp_overflow_base += f->tp->ops->overflows(f->tp);
	f->tp->ops->close(f->tp);
	f->tp = NULL;
}

void fwd_replace(struct fwd *f, struct transport *tp)
{
	bool same = f->tp && f->tp->batch == tp->batch && f->tp->avtp == tp->avtp &&
		    f->tp->avtp_udp == tp->avtp_udp;

	close_tp(f);
	if (!same)
		drop_waiting(f);
	f->tp = tp;
	fwd_resume(f);
}

void fwd_stop(struct fwd *f)
{
	loop_watch(f->loop, &f->dev_ev, 0);
	f->dev_ev.fd = -1;
	drop_waiting(f);
	close_tp(f);
	fwd_tl_free(f->tl);
	f->tl = NULL;
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
	n[VCANMC_STAT_UDP_OVERFLOW] = f->udp_overflow_base +
				      (f->tp ? f->tp->ops->overflows(f->tp) : 0);
}
