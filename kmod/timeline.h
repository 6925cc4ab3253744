/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_TIMELINE_H
#define _VCANMC_TIMELINE_H

#include <linux/netdevice.h>
#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>

struct vcanmc_rec_tl_in;

/* The timeline of a VCANMC_ORDER_GLOBAL device (timeline.c) */
struct vcanmc_tl {
	spinlock_t lock;		/* all below; taken in softirq context */
	/* Frames held until the frontier passes them, by (submit, member,
	 * seq): struct vcanmc_tl_frame
	 */
	struct rb_root_cached held;
	unsigned int n_local, n_remote;
	u32 member;			/* this host's id, from the helper */
	u64 seq;			/* of the last local frame */
	s64 last;			/* the last submit time given */
	s64 mark;			/* the last watermark given */
	s64 frontier;			/* the last frontier taken */
	bool quiesced;			/* going down: the queue stays stopped */
};

void vcanmc_tl_init(struct vcanmc_tl *tl);
void vcanmc_tl_start(struct net_device *dev, u32 member);
void vcanmc_tl_open(struct net_device *dev);
void vcanmc_tl_quiesce(struct net_device *dev);
void vcanmc_tl_purge(struct net_device *dev);
void vcanmc_tl_xmit(struct net_device *dev, struct sk_buff *skb, struct sk_buff *echo);
s64 vcanmc_tl_watermark(struct net_device *dev);
int vcanmc_tl_remote_prep(struct vcanmc_rec_tl_in *in);
void vcanmc_tl_remote_free(struct vcanmc_rec_tl_in *in);
int vcanmc_tl_remote(struct net_device *dev, struct vcanmc_rec_tl_in *in);
int vcanmc_tl_frontier(struct net_device *dev, s64 frontier);
void vcanmc_tl_room(struct net_device *dev);
int vcanmc_tl_mod_init(void);
void vcanmc_tl_mod_exit(void);

#endif /* _VCANMC_TIMELINE_H */
