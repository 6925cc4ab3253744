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
	bool v4 = vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP);
	struct rtmsg rtm = {
		.rtm_family = v4 ? AF_INET : AF_INET6,
		.rtm_dst_len = v4 ? 32 : 128,
	};
	struct vcanmc_nlerr ack;
	struct nl_msg *msg;
	int err, dev = 0;

	if (!sk)
		return -ENOTCONN;
	msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) ||
	    (v4 ? nla_put(msg, RTA_DST, sizeof(cfg->group), &cfg->group) :
		  nla_put(msg, RTA_DST, sizeof(cfg->group6), &cfg->group6))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	err = vcanmc_nl_transact(sk, msg, on_route, &dev, &ack);
	nlmsg_free(msg);
	if (err)
		return err;
	return dev > 0 ? dev : -ENETUNREACH;
}
