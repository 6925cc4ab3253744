/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_ATTACH_H
#define _VCANMC_ATTACH_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

void vcanmc_attach_xmit(struct net_device *dev, struct sk_buff *skb, ktime_t tstamp);
void vcanmc_attach_dev_gone(struct net_device *dev);
bool vcanmc_attached(const struct net_device *dev);
bool vcanmc_attach_full(struct net_device *dev);
int vcanmc_attach_init(void);
void vcanmc_attach_uninit(void);

#endif /* _VCANMC_ATTACH_H */
