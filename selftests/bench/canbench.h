/* SPDX-License-Identifier: GPL-2.0 */
/*
 * canbench: CAN_RAW throughput and round-trip measurements between two
 * network namespaces. Declarations shared by its files.
 *
 * Every frame the tool sends is a classic frame with 8 data bytes:
 *
 *   bytes 0..3  sequence number, little endian, from 0 in each run
 *   bytes 4..7  CLOCK_MONOTONIC at sending, in microseconds, low 32 bits,
 *               little endian
 *
 * so that the receiver counts loss, duplicates and reordering from the
 * sequence numbers, sees from the time stamp how long a frame was queued on
 * its way, and ignores frames of an earlier run that arrive late.
 */
#ifndef CANBENCH_H
#define CANBENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/can.h>

/* Frames per sendmmsg/recvmmsg */
#define CB_BATCH	64
/* Default receive buffer: some 40000 frames, enough for the receiver to be
 * off the CPU for a few hundred milliseconds at the highest rates
 */
#define CB_RCVBUF	(32 << 20)

/* "NETNS:IFNAME" or "IFNAME": a CAN interface, in a named network namespace
 * (/var/run/netns/NETNS) or in the current one.
 */
struct endpoint {
	char netns[64];
	char ifname[IFNAMSIZ];
};

int ep_parse(struct endpoint *ep, const char *spec);
/* A CAN_RAW socket bound to @ep that receives only @rx_id (none if
 * @rx_id is CB_NO_RX), with an @rcvbuf bytes receive buffer and
 * SO_RXQ_OVFL on. Returns the socket or -errno, having said why.
 */
#define CB_NO_RX	((canid_t)-1)
int ep_socket(const struct endpoint *ep, canid_t rx_id, int rcvbuf);
/* Frames the kernel dropped because the socket's buffer was full. */
uint32_t sock_drops(int fd);

static inline void frame_put(struct can_frame *f, canid_t id, uint32_t seq, uint32_t us)
{
	f->can_id = id;
	f->len = 8;
	f->data[0] = seq;
	f->data[1] = seq >> 8;
	f->data[2] = seq >> 16;
	f->data[3] = seq >> 24;
	f->data[4] = us;
	f->data[5] = us >> 8;
	f->data[6] = us >> 16;
	f->data[7] = us >> 24;
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int64_t now_ns(void);
void sleep_until(int64_t ns);

static inline uint32_t ns_to_us32(int64_t ns)
{
	return (uint32_t)(ns / 1000);
}

/* flow.c: paced sender and counting receiver */
struct flow_opts {
	double rate;		/* frames/s, 0: as fast as possible */
	double secs;		/* sending time */
	canid_t id;
	int rcvbuf;
	double min_offered;	/* pass needs offered >= this share of rate */
	unsigned int avg_lat_ms;/* pass needs frames within this on average */
	unsigned int idle_ms;	/* receiver gives up after this silence */
};

int cmd_send(const struct endpoint *tx, const struct flow_opts *o);
int cmd_trial(const struct endpoint *tx, const struct endpoint *rx, const struct flow_opts *o);

/* rtt.c: echo responder and round-trip times */
struct rtt_opts {
	double rate;
	unsigned int count;
	canid_t id;		/* sent as id, echoed as id + 1 */
	unsigned int wait_ms;	/* after the last frame, for late echoes */
	const char *samples;	/* file to append the round trips to */
};

int cmd_echo(const struct endpoint *ep, canid_t id, double secs);
int cmd_rtt(const struct endpoint *tx, const struct endpoint *echo, const struct rtt_opts *o);

#endif /* CANBENCH_H */
