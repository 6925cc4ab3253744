/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_RECORD_H
#define _VCANMC_RECORD_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <uapi/linux/vcanmc.h>

struct vcanmc_rec *vcanmc_rec_make(const struct sk_buff *skb, ktime_t tstamp, gfp_t gfp);
int vcanmc_rec_put(const struct vcanmc_rec *rec, struct iov_iter *to);
int vcanmc_rec_get(unsigned int mtu, struct iov_iter *from,
		   struct sk_buff **skbp, size_t *len);
void vcanmc_rec_set_dev(struct sk_buff *skb, struct net_device *dev);

#endif /* _VCANMC_RECORD_H */
