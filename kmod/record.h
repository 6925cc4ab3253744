/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_RECORD_H
#define _VCANMC_RECORD_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/uio.h>

size_t vcanmc_rec_len(const struct sk_buff *skb);
int vcanmc_rec_put(const struct sk_buff *skb, struct iov_iter *to);
int vcanmc_rec_get(struct net_device *dev, struct iov_iter *from,
		   struct sk_buff **skbp, size_t *len);

#endif /* _VCANMC_RECORD_H */
