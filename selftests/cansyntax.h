/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frames in cansend's notation, as candump -L prints them, for the test
 * tools: 123#1122, 12345678#R, 321#R5 (length 5), 123##1AABB (CAN FD, the
 * digit after ## holds the FD flags), 20000004#... (error frame: 8 digits
 * with CAN_ERR_FLAG).
 */

#ifndef _VCANMC_SELFTEST_CANSYNTAX_H
#define _VCANMC_SELFTEST_CANSYNTAX_H

#include <linux/can.h>

#include "helper.h"

/* Returns 0 and fills @cf and @fd (1 for CAN FD), or -1 if malformed. */
int can_parse_frame(const char *s, struct canfd_frame *cf, int *fd);
/* Prints "IFNAME FRAME" for a record read from /dev/vcanmc; CAN XL frames
 * as XL:PRIO#FLAGS:SDT:AF#DATA.
 */
void can_print_record(const char *ifname, const struct hframe *h);

#endif /* _VCANMC_SELFTEST_CANSYNTAX_H */
