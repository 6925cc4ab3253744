/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path of an attached link, both ways, in batches:
 *
 *   /dev/vcanmc --read--> encode --> queue --send--> transport
 *   transport --fwd_deliver--> decode --write--> /dev/vcanmc
 *
 * The transport (transport.h: UDP or NORM) moves messages; everything
 * else, and every counter, is here.
 */
#ifndef VCANMCD_FORWARD_H
#define VCANMCD_FORWARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "attach.h"
#include "avtp.h"
#include "loop.h"
#include "peers.h"
#include "pycan.h"
#include "status.h"

/* Frames taken from the device per read, datagrams per sendmmsg */
#define FWD_BATCH	256
/* Frames one link may move each way per wakeup before others get theirs */
#define FWD_BUDGET	1024

/* Why a frame or datagram did not make it, beyond the codec's reasons */
enum fwd_drop {
	FWD_DROP_CANXL = PYCAN_DROP_CNT,	/* "canxl": not in python-can's format */
	FWD_DROP_FD_ON_CLASSIC,			/* "fd-on-classic": link MTU is CAN_MTU */
	FWD_DROP_SEND,				/* "send-error": the datagram failed */
	FWD_DROP_INJECT,			/* "inject-error": the device refused it */
	FWD_DROP_ENCODE,			/* "unencodable": python-can would refuse it */
	FWD_DROP_DETACH,			/* "detached": waiting when the link detached */
	FWD_DROP_ERR_FRAME,			/* "error-frame": rx-error-frames off */
	FWD_DROP_SPOOFED,			/* "spoofed-own": from our address, not ours */
	FWD_DROP_GAP,				/* "norm-gap": lost, too old to repair */
	FWD_DROP_DUP,				/* "duplicate": delivered before */
	FWD_DROP_GARBLED,			/* "norm-garbled": not a message */
	/* NORM packets kept from libnorm (normguard.h), not frames: */
	FWD_DROP_NORM_SENDER,			/* "norm-sender": no room for its sender */
	FWD_DROP_NORM_OBJECT,			/* "norm-object": not a stream we take,
					 * or not its sender's one */
	FWD_DROP_NORM_MALFORMED,		/* "norm-malformed": not for libnorm */
	FWD_DROP_NOT_PEER,			/* "not-peer": peers-only, from another */
	FWD_DROP_XL_ON_NON_XL,			/* "xl-on-non-xl": a CAN XL frame, link MTU
					 * is no CAN XL MTU */
	FWD_DROP_NORM_FEEDBACK,			/* "norm-feedback": a NACK or ACK from no
					 * admitted sender */
	FWD_DROP_ORDER,				/* "order-differs": a message of the other
					 * order (local, global) than the link's */
	FWD_DROP_TL_MEMBER,			/* "tl-not-member": from a NORM sender
					 * beyond the timeline's members */
	FWD_DROP_TL_CUT,			/* "tl-cut": frames of a member cut from
					 * the timeline that not every member held */
	/* IEEE 1722 PDUs and ACF messages (avtp.h), AVTP_DROP_CNT - 1 of them */
	FWD_DROP_AVTP,
	__FWD_DROP_CNT = FWD_DROP_AVTP + AVTP_DROP_CNT - 1
};

#define FWD_DROP_CNT __FWD_DROP_CNT

/* The drop counter of @drop, an enum avtp_drop but AVTP_DROP_NONE */
static inline unsigned int fwd_drop_avtp(enum avtp_drop drop)
{
	return FWD_DROP_AVTP + drop - 1;
}

const char *fwd_drop_name(unsigned int drop);

struct fwd_stats {
	uint64_t n[VCANMC_STAT_CNT];	/* enum vcanmc_stat */
	uint64_t drop[FWD_DROP_CNT];	/* enum pycan_drop, enum fwd_drop */
};

struct transport;
struct fwd_tl;

struct fwd {
	/* Set by the owner before fwd_start() */
	const char *name;		/* for messages */
	bool classic;			/* the link's MTU is CAN_MTU */
	bool xl;			/* the link's MTU is a CAN XL MTU */
	bool no_err_frames;		/* refuse error frames from the group */
	struct loop *loop;
	struct pycan_decoder *dec;
	/* The kernel ended the attachment (device gone); the owner must
	 * fwd_stop(). Called from the loop.
	 */
	void (*gone)(struct fwd *fwd);
	void *ctx;

	int dev_fd;
	struct ev dev_ev;
	struct transport *tp;		/* while started */
	struct fwd_tl *tl;		/* order global: its timeline (fwd_tl.h) */
	/* Overflows of earlier files of the link, and of earlier receiving
	 * sockets (each counts from 0)
	 */
	uint64_t overflow_base;
	uint64_t udp_overflow_base;

	/* Messages the transport has not taken yet, encoded back to back.
	 * A read of the device (FWD_BATCH records of a CAN frame at most)
	 * encodes into FWD_BATCH * PYCAN_ENC_MAX bytes at most: a CAN XL
	 * record grows by less in the encoding than that per record.
	 */
	uint8_t out_buf[FWD_BATCH * PYCAN_ENC_MAX];
	struct iovec out_iov[FWD_BATCH];
	uint8_t out_cnt[FWD_BATCH];	/* frames in each */
	unsigned int out_n, out_done;

	struct fwd_stats stats;
	struct peers peers;

	/* The bus this link emulates, set by the owner (fwd_bus.h); when
	 * it last said so, whether it is to say it again; records sent,
	 * taken, and taken that named another bus
	 */
	struct pycan_bus bus;
	int64_t bus_sent_ms;
	bool bus_due;
	uint64_t bus_records_out, bus_records_in, bus_conflicts;
};

/* Once, before anything else: no file descriptors, nothing waiting. */
void fwd_init(struct fwd *f);
/* Starts moving frames between f->dev_fd and @tp, which it owns now. */
void fwd_start(struct fwd *f, struct transport *tp);
/* Closes everything; what waited is counted as dropped. */
void fwd_stop(struct fwd *f);
/* Replaces the transport of a running link with @tp: what waits goes
 * out through the new one if it encodes the same way, else is dropped.
 */
void fwd_replace(struct fwd *f, struct transport *tp);
/* The link's counters, the kernel's included, into @n. */
void fwd_counters(const struct fwd *f, uint64_t n[VCANMC_STAT_CNT]);

/* For the transports. fwd_deliver(): the message @buf of @len bytes from
 * @peer (fwd_peer(), its last_ms the caller's) is decoded and its frames
 * delivered into the link;
 * returns the maps it held (frames and bus records). After a run of them, fwd_deliver_end().
 * fwd_resume(): the transport takes messages again.
 */
unsigned int fwd_deliver(struct fwd *f, const uint8_t *buf, size_t len, struct peer *peer);
/* The same for a message from @src at @now, counted for its peer (for
 * IEEE 1722, the talker of the address and the PDU's stream)
 */
unsigned int fwd_deliver_from(struct fwd *f, const uint8_t *buf, size_t len,
			      const struct sockaddr_storage *src, socklen_t srclen, int64_t now);
void fwd_deliver_end(struct fwd *f);
/* Queues a frame of @flen bytes for the device as a record of @type
 * (enum vcanmc_rec_type), written by fwd_deliver_end() at the latest.
 */
void fwd_push(struct fwd *f, uint8_t type, const void *frame, size_t flen);
/* Lays out at @dst a record of @type whose body is @a (@alen bytes), then
 * @b (@blen), padded with zeroes: its padded length, what @dst must hold.
 */
size_t fwd_rec_put(uint8_t *dst, uint8_t type, const void *a, size_t alen, const void *b,
		   size_t blen);
/* For the encoders: joins the message of @len bytes at f->out_buf + *@pos
 * to the last of the *@k queued while the link batches and both fit in a
 * batch, else queues it as the next; moves *@pos past it.
 */
void fwd_out_add(struct fwd *f, unsigned int *k, size_t *pos, size_t len);
/* Sends the message @msg of @len bytes, which holds no frame (a bus
 * record), unless messages wait: false then.
 */
bool fwd_send_alone(struct fwd *f, const void *msg, size_t len);
void fwd_resume(struct fwd *f);
struct peer *fwd_peer(struct fwd *f, const struct sockaddr_storage *addr, socklen_t len,
		      int64_t now);
struct peers *fwd_peers(struct fwd *f);

static inline void fwd_count(struct fwd *f, unsigned int stat, uint64_t n)
{
	f->stats.n[stat] += n;
}

static inline void fwd_drop(struct fwd *f, unsigned int why, uint64_t n)
{
	f->stats.drop[why] += n;
}

#endif /* VCANMCD_FORWARD_H */
