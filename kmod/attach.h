/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_ATTACH_H
#define _VCANMC_ATTACH_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct mem_cgroup;
struct vcanmc_file;
struct vcanmc_rec;

void vcanmc_attach_xmit(struct net_device *dev, struct sk_buff *skb, ktime_t tstamp);
void vcanmc_attach_dev_gone(struct net_device *dev);
bool vcanmc_attached(const struct net_device *dev);
bool vcanmc_attach_full(struct net_device *dev);
struct vcanmc_file *vcanmc_attach_tl_file(struct net_device *dev);
struct vcanmc_rec *vcanmc_attach_tl_rec(struct vcanmc_file *f, const struct sk_buff *skb);
struct mem_cgroup *vcanmc_attach_memcg_begin(struct vcanmc_file *f);
void vcanmc_attach_memcg_end(struct mem_cgroup *old);
bool vcanmc_attach_tl_room(struct vcanmc_file *f);
void vcanmc_attach_tl_push(struct vcanmc_file *f, struct vcanmc_rec *rec);
void vcanmc_attach_tl_down(struct net_device *dev);
int vcanmc_attach_init(void);
void vcanmc_attach_uninit(void);

#endif /* _VCANMC_ATTACH_H */
