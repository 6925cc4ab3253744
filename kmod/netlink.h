/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_NETLINK_H
#define _VCANMC_NETLINK_H

int vcanmc_netlink_init(void);
void vcanmc_netlink_uninit(void);

#endif /* _VCANMC_NETLINK_H */
