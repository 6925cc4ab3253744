/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path of encap ieee1722, for forward.c: the link's records into
 * IEEE 1722 PDUs (avtp.h) in f->out_*, and a PDU back into records.
 */
#ifndef VCANMCD_FWD_AVTP_H
#define VCANMCD_FWD_AVTP_H

#include <stddef.h>
#include <stdint.h>

struct fwd;
struct peer;

/* Encodes the frames of the records in @buf into PDUs in f->out_*; returns
 * the frames read.
 */
unsigned int fwd_avtp_encode(struct fwd *f, const uint8_t *buf, size_t len);
/* Delivers the frames of the PDU @buf of @len bytes from @peer into the
 * link; returns the frames it held, or 1 for a PDU dropped whole.
 */
unsigned int fwd_avtp_take(struct fwd *f, const uint8_t *buf, size_t len, struct peer *peer);

#endif /* VCANMCD_FWD_AVTP_H */
