/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path of encap ieee1722, for forward.c: the link's records into
 * IEEE 1722 PDUs (avtp.h) in f->out_*, and a PDU back into records.
 */
#ifndef VCANMCD_FWD_AVTP_H
#define VCANMCD_FWD_AVTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct fwd;

/* The longest PDU taken, an Ethernet jumbo frame's: NTSCF holds 2044 bytes
 * of messages, TSCF more, but no 1722 talker we know sends more than
 * 1500 bytes in one
 */
#define FWD_AVTP_PDU_MAX	9216
/* A talker heard this recently keeps its place (peers.h: PEERS_MAX) ... */
#define FWD_AVTP_KEEP_MS	2000
/* ... but one address holds this many places at most */
#define FWD_AVTP_PER_ADDR	8

/* Encodes the frames of the records in @buf into PDUs in f->out_*; returns
 * the frames read.
 */
unsigned int fwd_avtp_encode(struct fwd *f, const uint8_t *buf, size_t len);
/* Delivers the frames of the PDU @buf of @len bytes from @src into the
 * link, counted for its talker (the address and the PDU's stream) at
 * @now; returns the frames it held, or 1 for a PDU dropped whole.
 */
unsigned int fwd_avtp_take(struct fwd *f, const uint8_t *buf, size_t len,
			   const struct sockaddr_storage *src, socklen_t srclen, int64_t now);

#endif /* VCANMCD_FWD_AVTP_H */
