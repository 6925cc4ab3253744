/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How long a frame occupies a CAN bus, in bits, and how it fares in
 * arbitration. Self-contained: bits.c builds in the module and in a host
 * unit test (kmod/tests/), with nothing but <linux/can.h>.
 */

#ifndef _VCANMC_BITS_H
#define _VCANMC_BITS_H

#include <linux/types.h>	/* the host test adds kmod/tests/ktypes.h */
#include <linux/can.h>

/* What a frame is, as the record types and skb protocols tell it */
enum vcanmc_frame_kind {
	VCANMC_FRAME_CC,	/* struct can_frame */
	VCANMC_FRAME_FD,	/* struct canfd_frame */
	VCANMC_FRAME_XL,	/* struct canxl_frame */
};

/*
 * The bits a frame takes on the wire, from the start of frame to the end of
 * the intermission, stuff bits included: @nominal at the nominal bit rate,
 * @data at the data bit rate (the data phase of a CAN FD frame with BRS, of
 * a CAN XL frame); @stuff of them are dynamic stuff bits.
 */
struct vcanmc_bits {
	u32 nominal;
	u32 data;
	u32 stuff;
};

/* Counts the bits of @frame. An error frame (CAN_ERR_FLAG) is a message of
 * the local controller, not a frame on the bus: 0 bits.
 */
void vcanmc_frame_bits(const void *frame, enum vcanmc_frame_kind kind,
		       struct vcanmc_bits *bits);

/*
 * The frame's arbitration field and the control bits after it, in the
 * order they go on the wire, dominant 0, left aligned: the lower key wins
 * arbitration (ISO 11898-1), and frames whose keys are equal are the same
 * on the wire up to the data length. Error frames get 0.
 */
u64 vcanmc_arb_key(const void *frame, enum vcanmc_frame_kind kind);

#endif /* _VCANMC_BITS_H */
