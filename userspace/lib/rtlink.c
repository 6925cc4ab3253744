// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink link requests for vcanmc devices.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "rtlink.h"

static struct nl_msg *link_msg(int type, int flags, int ifindex)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_index = ifindex,
	};
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(type, flags);
	if (!msg)
		return NULL;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int send_msg(struct nl_sock *sk, struct nl_msg *msg,
		    vcanmc_nl_reply_fn reply, void *arg,
		    struct vcanmc_nlerr *ack)
{
	int err;

	err = vcanmc_nl_transact(sk, msg, reply, arg, ack);
	nlmsg_free(msg);
	return err;
}

struct get_ctx {
	struct vcanmc_link *link;
	bool found;
};

static int get_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct get_ctx *ctx = arg;
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	err = vcanmc_link_parse(ctx->link, nlh);
	if (err)
		return err;
	ctx->found = true;
	return 0;
}

int vcanmc_link_get(struct nl_sock *sk, const char *name,
		    struct vcanmc_link *link, struct vcanmc_nlerr *ack)
{
	struct get_ctx ctx = { .link = link };
	struct nl_msg *msg;
	int err;

	memset(ack, 0, sizeof(*ack));
	msg = link_msg(RTM_GETLINK, 0, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, IFLA_IFNAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	err = send_msg(sk, msg, get_reply, &ctx, ack);
	if (err)
		return err;
	return ctx.found ? 0 : -ENODEV;
}

struct dump_ctx {
	vcanmc_link_fn fn;
	void *arg;
};

static int dump_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx *ctx = arg;
	struct vcanmc_link link;
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	err = vcanmc_link_parse(&link, nlh);
	if (err)
		return err;
	return ctx->fn(&link, ctx->arg);
}

int vcanmc_link_dump(struct nl_sock *sk, vcanmc_link_fn fn, void *arg,
		     struct vcanmc_nlerr *ack)
{
	struct dump_ctx ctx = { .fn = fn, .arg = arg };
	struct nl_msg *msg;

	memset(ack, 0, sizeof(*ack));
	msg = link_msg(RTM_GETLINK, NLM_F_DUMP, 0);
	if (!msg)
		return -ENOMEM;
	return send_msg(sk, msg, dump_reply, &ctx, ack);
}

static int newlink(struct nl_sock *sk, int flags, int ifindex,
		   const char *name, uint32_t mtu, const struct vcanmc_cfg *cfg,
		   struct vcanmc_nlerr *ack)
{
	struct nl_msg *msg;
	int err;

	memset(ack, 0, sizeof(*ack));
	msg = link_msg(RTM_NEWLINK, flags, ifindex);
	if (!msg)
		return -ENOMEM;
	if ((name && nla_put_string(msg, IFLA_IFNAME, name)) ||
	    (mtu && nla_put_u32(msg, IFLA_MTU, mtu))) {
		err = -EMSGSIZE;
		goto err_free;
	}
	err = vcanmc_linkinfo_put(msg, cfg);
	if (err)
		goto err_free;
	return send_msg(sk, msg, NULL, NULL, ack);

err_free:
	nlmsg_free(msg);
	return err;
}

int vcanmc_link_add(struct nl_sock *sk, const char *name, uint32_t mtu,
		    const struct vcanmc_cfg *cfg, struct vcanmc_nlerr *ack)
{
	return newlink(sk, NLM_F_CREATE | NLM_F_EXCL, 0, name, mtu, cfg, ack);
}

int vcanmc_link_change(struct nl_sock *sk, int ifindex, uint32_t mtu,
		       const struct vcanmc_cfg *cfg, struct vcanmc_nlerr *ack)
{
	return newlink(sk, 0, ifindex, NULL, mtu, cfg, ack);
}

int vcanmc_link_del(struct nl_sock *sk, int ifindex, struct vcanmc_nlerr *ack)
{
	struct nl_msg *msg;

	memset(ack, 0, sizeof(*ack));
	msg = link_msg(RTM_DELLINK, 0, ifindex);
	if (!msg)
		return -ENOMEM;
	return send_msg(sk, msg, NULL, NULL, ack);
}

int vcanmc_link_set_operstate(struct nl_sock *sk, int ifindex, uint8_t state,
			      struct vcanmc_nlerr *ack)
{
	struct nl_msg *msg;

	memset(ack, 0, sizeof(*ack));
	msg = link_msg(RTM_NEWLINK, 0, ifindex);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u8(msg, IFLA_OPERSTATE, state)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return send_msg(sk, msg, NULL, NULL, ack);
}
