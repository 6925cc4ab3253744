// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc - virtual CAN interface whose bus a userspace helper extends to
 * other hosts over UDP multicast.
 */

#include <linux/module.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "netlink.h"

static int __init vcanmc_mod_init(void)
{
	int ret;

	ret = vcanmc_device_init();
	if (ret)
		goto err_device;

	ret = vcanmc_netlink_init();
	if (ret)
		goto err_netlink;

	pr_info("virtual CAN over UDP multicast\n");
	return 0;

err_netlink:
	vcanmc_device_uninit();
err_device:
	return ret;
}

static void __exit vcanmc_mod_exit(void)
{
	vcanmc_netlink_uninit();
	vcanmc_device_uninit();
}

module_init(vcanmc_mod_init);
module_exit(vcanmc_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual CAN interface tunnelled over UDP multicast");
MODULE_AUTHOR("The vcanmc developers");
MODULE_ALIAS_RTNL_LINK(DRV_NAME);
