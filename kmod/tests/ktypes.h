/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's short integer types, for module code built on the host.
 * Only compiler and uapi headers: whatever the including program wants
 * from the C library (_GNU_SOURCE) is still up to it.
 */
#ifndef _VCANMC_TESTS_KTYPES_H
#define _VCANMC_TESTS_KTYPES_H

#include <stdbool.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#endif
