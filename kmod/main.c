// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc - virtual CAN interface whose bus a userspace helper extends to
 * other hosts over UDP multicast.
 *
 * device.c: the network device; netlink.c: its link attributes; attach.c:
 * /dev/vcanmc, through which the helper attaches; record.c: the records
 * that carry frames through it; bus.c: the bus of one host; timeline.c:
 * the one timeline of a group's hosts.
 */

#include <linux/module.h>
#include <net/rtnetlink.h>
#include <uapi/linux/vcanmc.h>

#include "attach.h"
#include "device.h"
#include "netlink.h"
#include "timeline.h"

static int __init vcanmc_mod_init(void)
{
	int ret;

	ret = vcanmc_tl_mod_init();
	if (ret)
		return ret;

	ret = vcanmc_device_init();
	if (ret)
		goto err_device;

	ret = vcanmc_netlink_init();
	if (ret)
		goto err_netlink;

	ret = vcanmc_attach_init();
	if (ret)
		goto err_attach;

	return 0;

err_attach:
	vcanmc_netlink_uninit();
err_netlink:
	vcanmc_device_uninit();
err_device:
	vcanmc_tl_mod_exit();
	return ret;
}

static void __exit vcanmc_mod_exit(void)
{
	vcanmc_attach_uninit();
	vcanmc_netlink_uninit();
	vcanmc_device_uninit();
	vcanmc_tl_mod_exit();
}

module_init(vcanmc_mod_init);
module_exit(vcanmc_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual CAN interface tunnelled over UDP multicast");
MODULE_AUTHOR("The vcanmc developers");
MODULE_ALIAS_RTNL_LINK(VCANMC_KIND);
MODULE_VERSION(VCANMC_VERSION);
