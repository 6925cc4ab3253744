// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's can_frame_bits() (include/linux/can/length.h of the kernel
 * headers this test is built with), for test_bits.c: alone in this file,
 * since the shim types must not meet bits.h's.
 */
#include KERNEL_LENGTH_H

#include "kbound.h"

unsigned int kernel_frame_bits(int fd, int eff, int stuffing, unsigned int len)
{
	return can_frame_bits(fd, eff, stuffing, 1, len);
}
