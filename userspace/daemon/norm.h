/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encapsulation "norm": the frames of a link travel as the messages of one
 * NORM stream per sender (RFC 5740, NACK-Oriented Reliable Multicast, with
 * NRL's libnorm), so that every receiver delivers each sender's frames
 * exactly once and in order, and counts what could not be repaired.
 *
 * A message is a header and the python-can-batch maps of forward.c's
 * encoder, the frames of one batch:
 *
 *   u8 version (NORM_MSG_VERSION)   u8 frames
 *   u16 length of the maps (big endian), PYCAN_XL_DGRAM_MAX at most:
 *       PYCAN_BATCH_MAX, or one CAN XL record alone
 *   u32 sequence number of the first frame (big endian), counting every
 *       frame the sender sent on this stream from 0
 *
 * Each message is flushed as a NORM segment of its own, marked as a
 * message start, so that a receiver that lost its place seeks to the next
 * message; the sequence numbers then say how many frames the gap held.
 */
#ifndef VCANMCD_NORM_H
#define VCANMCD_NORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link.h"
#include "transport.h"

#define NORM_MSG_VERSION	1
/* The header of a timeline's message (tlmsg.h, a link of order global):
 * this version; the frames' count and sequence number mean nothing
 */
#define NORM_MSG_TL		2
#define NORM_MSG_HDR		8

/* The daemon's NORM settings (vcanmcd options); the same for every link */
struct norm_opts {
	uint32_t tx_buffer;		/* bytes: the sender's repair window */
	uint32_t rx_buffer;		/* bytes per remote sender */
	double rate;			/* bit/s the sender sends at most */
	unsigned int peer_timeout_s;	/* a silent sender is forgotten */
};

#define NORM_DEFAULT_TX_BUFFER		(4u << 20)
#define NORM_DEFAULT_RX_BUFFER		(2u << 20)
#define NORM_DEFAULT_RATE		100e6
#define NORM_DEFAULT_PEER_TIMEOUT	60

extern struct norm_opts norm_opts;

/* The NORM transport (transport.h) of @f's link, @cfg: its socket on the
 * group and a NORM session there. 0 or -errno with the reason in @why.
 * Closing it ends the session; its senders are forgotten.
 */
int norm_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
	      char *why, size_t len);
/* Longest a closed link's session stays to repair its stream's end */
#define NORM_LINGER_MS		10000

/* Whether sessions of closed links still wait for their stream's end */
bool norm_lingering(void);
/* At the daemon's end, after every link's transport is closed: ends the
 * sessions that still linger.
 */
void norm_uninit(void);

/* Parses a message header: the frames, the maps' length and the first
 * sequence number; false if it is not one.
 */
bool norm_msg_parse(const uint8_t *hdr, unsigned int *frames, size_t *len, uint32_t *seq);
void norm_msg_hdr(uint8_t *hdr, unsigned int frames, size_t len, uint32_t seq);

#endif /* VCANMCD_NORM_H */
