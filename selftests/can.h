/* SPDX-License-Identifier: GPL-2.0 */
/* CAN_RAW socket helpers for the selftests. */

#ifndef _VCANMC_SELFTEST_CAN_H
#define _VCANMC_SELFTEST_CAN_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/can.h>

/* Opens a CAN_RAW socket bound to @ifname with CAN FD frames enabled. */
int can_open(const char *ifname);
int can_set_opt(int fd, int opt, int val);
/* Waits up to @timeout_ms for @fd to be readable: 0, -ETIMEDOUT or -errno. */
int wait_readable(int fd, int timeout_ms);
/* Writes one frame, as CAN FD when @fd_frame. Returns 0 or -errno. */
int can_send(int fd, const struct canfd_frame *cf, bool fd_frame);
/* Reads one frame within @timeout_ms. Returns the bytes read (CAN_MTU or
 * CANFD_MTU) or -errno (-ETIMEDOUT). @msg_flags may be NULL.
 */
int can_recv(int fd, struct canfd_frame *cf, int *msg_flags, int timeout_ms);

#endif /* _VCANMC_SELFTEST_CAN_H */
