/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the codec's host tests share: TAP lines, counted, and the frame
 * they build batches around. Included once, by the one file of a test.
 */
#ifndef VCANMC_CODEC_TAP_H
#define VCANMC_CODEC_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pycan.h"

static unsigned int tap_num, tap_failed;

static inline void __attribute__((format(printf, 2, 3))) tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - ", ok ? "" : "not ", ++tap_num);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		tap_failed++;
}

static inline void tap_skip(const char *name, const char *why)
{
	printf("ok %u - %s # SKIP %s\n", ++tap_num, name, why);
}

#define diag(fmt, ...) printf("# " fmt "\n", ##__VA_ARGS__)

/* A CAN FD frame as a batch message; its length. */
static inline size_t put_fd(unsigned char *buf, unsigned int id)
{
	struct canfd_frame cf = { .can_id = id, .len = 12, .flags = CANFD_FDF };

	memset(cf.data, 0x5a, cf.len);
	return (size_t)pycan_encode(buf, PYCAN_ENC_MAX, &cf, true, 1.5);
}

#endif /* VCANMC_CODEC_TAP_H */
