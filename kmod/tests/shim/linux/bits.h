/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The little of the kernel's <linux/bits.h> and <linux/types.h> that
 * <linux/can/length.h> needs, so that test_bits.c can use the kernel's own
 * can_frame_bits() on the host.
 */
#ifndef _SHIM_LINUX_BITS_H
#define _SHIM_LINUX_BITS_H

#include <stdint.h>

#define BITS_PER_BYTE 8

typedef uint8_t u8;
typedef uint32_t u32;
struct sk_buff;

#endif
