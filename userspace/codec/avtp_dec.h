/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the IEEE 1722 decoder: the CAN XL reassembly it hands segments to. */
#ifndef VCANMC_AVTP_DEC_H
#define VCANMC_AVTP_DEC_H

#include "avtp.h"

/* A message of @bus_id is taken by a decoder filtering on @want */
static inline bool avtp_bus_ok(int want, unsigned int bus_id)
{
	return want < 0 || (unsigned int)want == bus_id;
}

/*
 * ACF_CAN_XL or (@ts_len 0) ACF_CAN_XL_BRIEF message @m of @mlen bytes,
 * already consumed from @p; @p->off is set back when the message must be
 * read again (it ended the frame before it, which is dropped first).
 */
enum avtp_msg avtp_xl_take(struct avtp_pdu *p, const uint8_t *m, size_t mlen,
			   unsigned int ts_len, int bus_id, struct avtp_xl_rx *xl,
			   enum avtp_drop *drop);

#endif /* VCANMC_AVTP_DEC_H */
