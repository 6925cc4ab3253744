/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_BUS_H
#define _VCANMC_BUS_H

#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>

#include <uapi/linux/vcanmc.h>

#include "bits.h"

#define VCANMC_BUS_HASH_BITS	4
/* Frames from the tunnel waiting for their time on the bus */
#define VCANMC_BUS_REMOTE	1024

struct vcanmc_bus_stats {
	u64 busy_ns;		/* time the bus was occupied, by any frame */
	u64 frames;		/* own frames that went on the bus */
	u64 remote_frames;	/* frames from the tunnel that occupied it */
	u64 arb_lost;		/* times a waiting frame lost arbitration */
	u64 wait_ns;		/* time own frames waited for the bus, in all */
	u64 wait_max_ns;	/* the longest one frame waited */
	u64 queue_stops;	/* times the driver stopped its queue: full */
	u64 stalls_over;	/* times a lossless helper held it too long */
	u32 pending;		/* frames waiting for the bus now */
	u32 load_permille;	/* bus load of the last second */
};

/* Called when a frame's transmission ended at @end (CLOCK_MONOTONIC), or
 * at once when the bus is unlimited; owns @skb and @ctx, what the frame was
 * sent with (vcanmc_bus_xmit()). Under bus->lock, BH disabled: it may
 * neither sleep nor take the lock.
 */
typedef void (*vcanmc_bus_done_t)(struct net_device *dev, struct sk_buff *skb, void *ctx,
				  ktime_t end);
/* Called for a frame the bus drops instead; owns @skb and @ctx. BH
 * disabled, under bus->lock or not.
 */
typedef void (*vcanmc_bus_drop_t)(struct net_device *dev, struct sk_buff *skb, void *ctx);

struct vcanmc_bus {
	spinlock_t lock;		/* all below; taken in softirq context */
	struct hrtimer timer;
	struct net_device *dev;
	vcanmc_bus_done_t done;
	vcanmc_bus_drop_t drop;
	bool running;			/* the device is up */
	bool armed;			/* the timer starts the next frame */
	bool intake;			/* the qdisc may hand over a frame for
					 * the arbitration at intake_t
					 */
	ktime_t intake_t;
	bool stalled;			/* waits for the helper's read() */
	bool stall_over;		/* waited VCANMC_STALL_MAX_MS: goes on
					 * without it until a read()
					 */
	struct hrtimer stall_timer;
	ktime_t stall_until;		/* when the stall is over at the latest */

	/* Bit rates in bit/s; 0: unlimited (nominal), the nominal rate (data) */
	u32 bitrate, dbitrate, xlbitrate;

	/* Senders with frames waiting (bus.c), and their first frames by
	 * arbitration order
	 */
	DECLARE_HASHTABLE(nodes, VCANMC_BUS_HASH_BITS);
	struct rb_root_cached heads;
	unsigned int npending;
	u64 seq;
	struct sk_buff *cur;		/* on the bus until cur_end */
	bool cur_remote;		/* a frame from the tunnel is, instead */
	ktime_t cur_end;

	/* Frames from the tunnel, delivered already, in arrival order: each
	 * takes its time on the bus when it wins arbitration
	 */
	struct vcanmc_remote {
		u64 key;
		u64 seq;
		ktime_t queued;
		u64 ns;
		bool lost;
	} remote[VCANMC_BUS_REMOTE];
	unsigned int remote_head, remote_len;

	ktime_t win_start;		/* of the bus load window */
	u64 win_busy;
	struct vcanmc_bus_stats st;
};

void vcanmc_bus_init(struct vcanmc_bus *bus, struct net_device *dev, vcanmc_bus_done_t done,
		     vcanmc_bus_drop_t drop);
void vcanmc_bus_open(struct vcanmc_bus *bus);
void vcanmc_bus_quiesce(struct vcanmc_bus *bus);
void vcanmc_bus_stop(struct vcanmc_bus *bus);
void vcanmc_bus_xmit(struct vcanmc_bus *bus, struct sk_buff *skb, void *ctx);
void vcanmc_bus_occupy(struct vcanmc_bus *bus, const struct sk_buff *skb);
void vcanmc_bus_kick(struct vcanmc_bus *bus);
void vcanmc_bus_set_rates(struct vcanmc_bus *bus, u32 bitrate, u32 dbitrate, u32 xlbitrate);
void vcanmc_bus_get_stats(struct vcanmc_bus *bus, struct vcanmc_bus_stats *st);

#endif /* _VCANMC_BUS_H */
