/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attach interface (/dev/vcanmc) for the selftests: attaching a file
 * to a device and building, writing and reading records, written from the
 * uapi header alone, like any third-party helper would.
 */

#ifndef _VCANMC_SELFTEST_HELPER_H
#define _VCANMC_SELFTEST_HELPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/can.h>
#include <linux/vcanmc.h>

#define HELPER_DEV	"/dev/" VCANMC_DEV_NAME

/* A frame as a record carries it */
struct hframe {
	uint8_t type;			/* VCANMC_REC_CAN, _CANFD, _CANXL */
	uint64_t tstamp;
	size_t len;			/* bytes of the frame */
	union {
		struct can_frame cc;
		struct canfd_frame fd;
		uint8_t raw[VCANMC_REC_MAX];
	};
};

/* Opens /dev/vcanmc (read-write, close-on-exec, @flags such as O_NONBLOCK):
 * the fd or -errno.
 */
int helper_open(int flags);
/* VCANMC_IOC_ATTACH with @ifindex and @qlen: 0 or -errno. */
int helper_attach(int fd, int ifindex, unsigned int qlen);
/* Opens and attaches to @ifname: the fd or -errno. */
int helper_open_attach(const char *ifname, unsigned int qlen);
/* VCANMC_IOC_GET_STATS: overflows, or -errno. */
long long helper_overflows(int fd);

/* Appends a record of @type with the @flen bytes of @frame to @buf at
 * *@off, padded; returns the unpadded length of the record.
 */
size_t helper_put(uint8_t *buf, size_t *off, uint8_t type, const void *frame, size_t flen);
/* Writes one classic (@fd false) or CAN FD frame as a record. 0 or -errno. */
int helper_send(int fd, const struct canfd_frame *cf, bool fd_frame);
/* Waits up to @timeout_ms for records and reads them into @buf: the bytes
 * read, -ETIMEDOUT or -errno.
 */
ssize_t helper_read(int fd, void *buf, size_t len, int timeout_ms);
/* Parses the records of @buf into @frames (at most @max): how many, or -1
 * for a malformed record.
 */
int helper_parse(const uint8_t *buf, size_t len, struct hframe *frames, int max);

#endif /* _VCANMC_SELFTEST_HELPER_H */
