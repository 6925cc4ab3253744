/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels vcanmc builds against, so that the driver
 * proper needs no version checks. Force-included by Kbuild.
 */

#ifndef _VCANMC_COMPAT_H
#define _VCANMC_COMPAT_H

#include <linux/version.h>

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
