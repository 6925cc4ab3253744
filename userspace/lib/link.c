// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc link attributes: encode struct vcanmc_cfg into IFLA_INFO_DATA and
 * parse it, and an RTM_NEWLINK message, back. Lengths are checked exactly,
 * as the kernel's policy does.
 */
#include <errno.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "link.h"

bool vcanmc_link_is_vcanmc(const struct vcanmc_link *link)
{
	return !strcmp(link->kind, VCANMC_KIND);
}

static int put_data(struct nl_msg *msg, const struct vcanmc_cfg *cfg)
{
	const void *payload;
	size_t len;
	int attr;

	for (attr = IFLA_VCANMC_UNSPEC + 1; attr <= IFLA_VCANMC_MAX; attr++) {
		payload = vcanmc_cfg_payload(cfg, attr, &len);
		if (payload && nla_put(msg, attr, (int)len, payload))
			return -EMSGSIZE;
	}
	return 0;
}

int vcanmc_linkinfo_put(struct nl_msg *msg, const struct vcanmc_cfg *cfg)
{
	struct nlattr *info, *data;
	int err;

	info = nla_nest_start(msg, IFLA_LINKINFO);
	if (!info)
		return -EMSGSIZE;
	if (nla_put_string(msg, IFLA_INFO_KIND, VCANMC_KIND))
		return -EMSGSIZE;

	/* Absent attributes take their default (new device) or keep their
	 * value (change), so a request without any sends no IFLA_INFO_DATA.
	 */
	if (cfg->mask) {
		data = nla_nest_start(msg, IFLA_INFO_DATA);
		if (!data)
			return -EMSGSIZE;
		err = put_data(msg, cfg);
		if (err)
			return err;
		nla_nest_end(msg, data);
	}
	nla_nest_end(msg, info);
	return 0;
}

int vcanmc_cfg_parse(struct vcanmc_cfg *cfg, const struct nlattr *data)
{
	struct nlattr *nla;
	int rem, err;

	vcanmc_cfg_init(cfg);
	nla_for_each_nested(nla, (struct nlattr *)data, rem) {
		err = vcanmc_cfg_set(cfg, nla_type(nla), nla_data(nla),
				     (size_t)nla_len(nla));
		if (err)
			return err;
	}
	return 0;
}

static int parse_linkinfo(struct vcanmc_link *link, struct nlattr *linkinfo)
{
	struct nlattr *tb[IFLA_INFO_MAX + 1];

	if (nla_parse_nested(tb, IFLA_INFO_MAX, linkinfo, NULL))
		return -EBADMSG;
	if (tb[IFLA_INFO_KIND])
		nla_strlcpy(link->kind, tb[IFLA_INFO_KIND], sizeof(link->kind));
	if (!vcanmc_link_is_vcanmc(link) || !tb[IFLA_INFO_DATA])
		return 0;
	return vcanmc_cfg_parse(&link->cfg, tb[IFLA_INFO_DATA]);
}

int vcanmc_link_parse(struct vcanmc_link *link, const struct nlmsghdr *nlh)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)nlh;
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi;

	memset(link, 0, sizeof(*link));
	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return -EBADMSG;
	if (!nlmsg_valid_hdr(hdr, sizeof(*ifi)))
		return -EBADMSG;
	if (nlmsg_parse(hdr, sizeof(*ifi), tb, IFLA_MAX, NULL))
		return -EBADMSG;

	ifi = nlmsg_data(hdr);
	link->ifindex = ifi->ifi_index;
	link->flags = ifi->ifi_flags;

	if (!tb[IFLA_IFNAME])
		return -EBADMSG;
	nla_strlcpy(link->name, tb[IFLA_IFNAME], sizeof(link->name));
	if (tb[IFLA_OPERSTATE] && nla_len(tb[IFLA_OPERSTATE]) == 1)
		link->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_MTU] && nla_len(tb[IFLA_MTU]) == 4)
		link->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (!tb[IFLA_LINKINFO])
		return 0;
	return parse_linkinfo(link, tb[IFLA_LINKINFO]);
}
