/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels vcanmc builds against, so that the driver
 * proper needs no version checks. Force-included by Kbuild.
 */

#ifndef _VCANMC_COMPAT_H
#define _VCANMC_COMPAT_H

#include <linux/version.h>
#include <linux/can.h>

/* CAN XL (and the helpers that came with it) arrived in 6.2 and was later
 * backported to some 6.1 stable releases. Without it, only CAN and CAN FD
 * frames exist.
 */
#ifndef CANXL_MTU
#include <linux/skbuff.h>

static inline unsigned int can_skb_get_data_len(struct sk_buff *skb)
{
	const struct canfd_frame *cfd = (struct canfd_frame *)skb->data;

	return cfd->can_id & CAN_RTR_FLAG ? 0 : cfd->len;
}

static inline bool can_is_canxl_dev_mtu(unsigned int mtu)
{
	return false;
}

#define CANXL_MAX_MTU CANFD_MTU

/* What the record code names; can_is_canxl_dev_mtu() keeps it unused. */
#define ETH_P_CANXL	0x000E
#define CANXL_HDR_SIZE	12
#define CANXL_MIN_DLEN	1
#define CANXL_MTU	(CANXL_HDR_SIZE + 2048)
#define CANXL_XLF	0x80

struct canxl_frame {
	canid_t prio;
	__u8 flags;
	__u8 sdt;
	__u16 len;
	__u32 af;
	__u8 data[2048];
};

static inline struct sk_buff *alloc_canxl_skb(struct net_device *dev,
					      struct canxl_frame **cxl,
					      unsigned int data_len)
{
	*cxl = NULL;
	return NULL;
}

static inline bool can_is_canxl_skb(const struct sk_buff *skb)
{
	return false;
}
#endif

/* Until 6.10, writers of dev->operstate held dev_base_lock. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 10, 0)
#include <linux/netdevice.h>

static inline void vcanmc_set_operstate(struct net_device *dev, u8 state)
{
	write_lock(&dev_base_lock);
	WRITE_ONCE(dev->operstate, state);
	write_unlock(&dev_base_lock);
}
#else
#include <linux/netdevice.h>

static inline void vcanmc_set_operstate(struct net_device *dev, u8 state)
{
	WRITE_ONCE(dev->operstate, state);
}
#endif

#endif /* _VCANMC_COMPAT_H */
