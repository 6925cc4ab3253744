/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VCANMC_TESTS_KBOUND_H
#define _VCANMC_TESTS_KBOUND_H

/* can_frame_bits(@fd, @eff, @stuffing, intermission, @len) of the kernel:
 * the worst case of bit stuffing with @stuffing, none without.
 */
unsigned int kernel_frame_bits(int fd, int eff, int stuffing, unsigned int len);

#endif
