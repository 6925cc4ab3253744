/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the IEEE 1722 codec's tests share: their TAP cases, a reproducible random
 * source, frames to send, and the daemon's encode loop over them.
 */
#ifndef VCANMC_AVTP_TEST_H
#define VCANMC_AVTP_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "avtp.h"
#include "tap.h"	/* userspace/tests' */

/* Registers test @fn, which passes when it returns true, as @name. */
void avtp_tap_add(bool (*fn)(void), const char *name);
#define diag(fmt, ...) tap_diag(fmt, ##__VA_ARGS__)
/* Fails the current test with a message; returns false. */
#define FAIL(fmt, ...) (diag("  " fmt, ##__VA_ARGS__), false)

uint32_t rnd(void);
void rnd_bytes(void *buf, size_t n);

/* A frame to send: CAN, CAN FD or CAN XL */
struct item {
	bool xl, fd;
	struct canfd_frame cf;
	const struct canxl_frame *xf;
	uint64_t ts;
	unsigned int bus;
};

/* A run of PDUs in one buffer, as vcanmcd's encode() keeps them */
#define RUN_PDUS	4096

struct run {
	uint8_t buf[1 << 21];
	size_t off[RUN_PDUS], len[RUN_PDUS];
	size_t n;
};

/*
 * Encodes @n items into @r with @e: appends while they fit, finishes the
 * PDU and starts another on -ENOSPC. False (with a diagnostic) on any
 * other error, an empty PDU, or a PDU above e->max_pdu.
 */
bool encode_run(struct avtp_enc *e, const struct item *it, size_t n, struct run *r);

/* Frame @it as the decoder must give it back */
void expect_can(const struct item *it, struct avtp_frame *want);
bool same_xl(const struct canxl_frame *got, const struct canxl_frame *sent);

/* Decoding results of a run of PDUs against what was sent */
struct sink {
	const struct item *want;
	size_t n_want, next;	/* the item expected next */
	unsigned long drops[AVTP_DROP_CNT];
	unsigned long parts;
	bool bad;		/* a frame came back different or unexpected */
	int bus_id;		/* filter; -1: any */
	struct avtp_xl_rx xl;
	bool skip_lost;		/* an expected frame may be missing */
};

void sink_init(struct sink *s, const struct item *want, size_t n);
/* Decodes one PDU into @s; its whole-PDU drop reason. */
enum avtp_drop sink_pdu(struct sink *s, const void *pdu, size_t len, bool udp);

#endif /* VCANMC_AVTP_TEST_H */
