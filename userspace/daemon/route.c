// SPDX-License-Identifier: GPL-2.0
/*
 * Route lookups with RTM_GETROUTE: the kernel answers with the route that
 * an unbound socket sending to the group would take, the same lookup that
 * joining a group without an interface makes. Asking, rather than joining
 * "anywhere", tells which interface a membership is on, so that it can be
 * left there when the route moves (links.c).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "addr.h"
#include "log.h"
#include "nlreq.h"
#include "route.h"

static struct nl_sock *sk;

int route_init(void)
{
	int err = vcanmc_nl_open(&sk);

	if (err)
		log_err("rtnetlink socket for route lookups: %s", strerror(-err));
	return err;
}

void route_uninit(void)
{
	vcanmc_nl_close(sk);
	sk = NULL;
}

static int on_route(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *oif;
	int *dev = arg;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	oif = nlmsg_find_attr((struct nlmsghdr *)nlh, sizeof(struct rtmsg), RTA_OIF);
	if (oif && nla_len(oif) == sizeof(uint32_t))
		*dev = (int)nla_get_u32(oif);
	return 0;
}

int route_group_dev(const struct vcanmc_cfg *cfg)
{
	struct sockaddr_storage group;
	struct rtmsg rtm = { 0 };
	const void *dst;
	size_t dst_len;
	struct vcanmc_nlerr ack;
	struct nl_msg *msg;
	int err, dev = 0;

	if (!sk)
		return -ENOTCONN;
	vcanmc_cfg_group(cfg, &group);
	dst = vcanmc_addr_ip((struct sockaddr *)&group, &dst_len);
	rtm.rtm_family = group.ss_family;
	rtm.rtm_dst_len = (unsigned char)(dst_len * 8);
	msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) ||
	    nla_put(msg, RTA_DST, (int)dst_len, dst)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	err = vcanmc_nl_transact(sk, msg, on_route, &dev, &ack);
	nlmsg_free(msg);
	if (err)
		return err;
	return dev > 0 ? dev : -ENETUNREACH;
}
