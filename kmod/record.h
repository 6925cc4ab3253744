/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_RECORD_H
#define _VCANMC_RECORD_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <uapi/linux/vcanmc.h>

/* A record of the timeline that the helper wrote */
struct vcanmc_rec_tl_in {
	struct sk_buff *skb;		/* another member's frame, or NULL: */
	s64 frontier;			/* ... a frontier */
	struct vcanmc_rec_tl tl;	/* the frame's place */
	void *hold;			/* timeline.c's, to hold the frame */
};

static inline struct vcanmc_rec_tl *vcanmc_rec_tl(struct vcanmc_rec *rec)
{
	return (struct vcanmc_rec_tl *)(rec + 1);
}

struct vcanmc_rec *vcanmc_rec_make(const struct sk_buff *skb, ktime_t tstamp, gfp_t gfp);
struct vcanmc_rec *vcanmc_rec_make_tl(const struct sk_buff *skb, gfp_t gfp);
int vcanmc_rec_get_tl(unsigned int mtu, struct iov_iter *from,
		      struct vcanmc_rec_tl_in *in, size_t *len);
int vcanmc_rec_put(const struct vcanmc_rec *rec, struct iov_iter *to);
int vcanmc_rec_get(unsigned int mtu, struct iov_iter *from,
		   struct sk_buff **skbp, size_t *len);
void vcanmc_rec_set_dev(struct sk_buff *skb, struct net_device *dev);

#endif /* _VCANMC_RECORD_H */
