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

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const encap_names[] = {
	[VCANMC_ENCAP_PYTHON_CAN] = "python-can",
	[VCANMC_ENCAP_PYTHON_CAN_BATCH] = "python-can-batch",
	[VCANMC_ENCAP_NORM] = "norm",
};

const char *vcanmc_encap_name(uint32_t encap)
{
	if (encap >= ARRAY_SIZE(encap_names))
		return NULL;
	return encap_names[encap];
}

int vcanmc_encap_parse(const char *name, uint32_t *encap)
{
	uint32_t i;

	for (i = 0; i < ARRAY_SIZE(encap_names); i++) {
		if (encap_names[i] && !strcmp(encap_names[i], name)) {
			*encap = i;
			return 0;
		}
	}
	return -EINVAL;
}

bool vcanmc_link_is_vcanmc(const struct vcanmc_link *link)
{
	return !strcmp(link->kind, VCANMC_KIND);
}

static int put_data(struct nl_msg *msg, const struct vcanmc_cfg *cfg)
{
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP) &&
	    nla_put(msg, IFLA_VCANMC_GROUP, sizeof(cfg->group), &cfg->group))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP6) &&
	    nla_put(msg, IFLA_VCANMC_GROUP6, sizeof(cfg->group6),
		    &cfg->group6))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_PORT) &&
	    nla_put_u16(msg, IFLA_VCANMC_PORT, cfg->port))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_TTL) &&
	    nla_put_u8(msg, IFLA_VCANMC_TTL, cfg->ttl))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_LINK) &&
	    nla_put_u32(msg, IFLA_VCANMC_LINK, cfg->link))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_ENCAP) &&
	    nla_put_u32(msg, IFLA_VCANMC_ENCAP, cfg->encap))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_MCAST_LOOP) &&
	    nla_put_u8(msg, IFLA_VCANMC_MCAST_LOOP, cfg->mcast_loop))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_BITRATE) &&
	    nla_put_u32(msg, IFLA_VCANMC_BITRATE, cfg->bitrate))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_DBITRATE) &&
	    nla_put_u32(msg, IFLA_VCANMC_DBITRATE, cfg->dbitrate))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_XLBITRATE) &&
	    nla_put_u32(msg, IFLA_VCANMC_XLBITRATE, cfg->xlbitrate))
		return -EMSGSIZE;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_RX_ERR_FRAMES) &&
	    nla_put_u8(msg, IFLA_VCANMC_RX_ERR_FRAMES, cfg->rx_err_frames))
		return -EMSGSIZE;
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

/* Exact payload length of each known attribute */
static const int cfg_attr_len[IFLA_VCANMC_MAX + 1] = {
	[IFLA_VCANMC_GROUP]	= sizeof(struct in_addr),
	[IFLA_VCANMC_GROUP6]	= sizeof(struct in6_addr),
	[IFLA_VCANMC_PORT]	= sizeof(uint16_t),
	[IFLA_VCANMC_TTL]	= sizeof(uint8_t),
	[IFLA_VCANMC_LINK]	= sizeof(uint32_t),
	[IFLA_VCANMC_ENCAP]	= sizeof(uint32_t),
	[IFLA_VCANMC_MCAST_LOOP] = sizeof(uint8_t),
	[IFLA_VCANMC_BITRATE]	= sizeof(uint32_t),
	[IFLA_VCANMC_DBITRATE]	= sizeof(uint32_t),
	[IFLA_VCANMC_XLBITRATE]	= sizeof(uint32_t),
	[IFLA_VCANMC_RX_ERR_FRAMES] = sizeof(uint8_t),
	[IFLA_VCANMC_LINK_GONE]	= sizeof(uint8_t),
};

int vcanmc_cfg_parse(struct vcanmc_cfg *cfg, const struct nlattr *data)
{
	struct nlattr *nla;
	int rem, type;

	memset(cfg, 0, sizeof(*cfg));
	nla_for_each_nested(nla, (struct nlattr *)data, rem) {
		type = nla_type(nla);
		if (type <= IFLA_VCANMC_UNSPEC || type > IFLA_VCANMC_MAX)
			continue;
		if (nla_len(nla) != cfg_attr_len[type])
			return -EBADMSG;

		switch (type) {
		case IFLA_VCANMC_GROUP:
			memcpy(&cfg->group, nla_data(nla), sizeof(cfg->group));
			break;
		case IFLA_VCANMC_GROUP6:
			memcpy(&cfg->group6, nla_data(nla),
			       sizeof(cfg->group6));
			break;
		case IFLA_VCANMC_PORT:
			cfg->port = nla_get_u16(nla);
			break;
		case IFLA_VCANMC_TTL:
			cfg->ttl = nla_get_u8(nla);
			break;
		case IFLA_VCANMC_LINK:
			cfg->link = nla_get_u32(nla);
			break;
		case IFLA_VCANMC_ENCAP:
			cfg->encap = nla_get_u32(nla);
			break;
		case IFLA_VCANMC_MCAST_LOOP:
			cfg->mcast_loop = nla_get_u8(nla);
			break;
		case IFLA_VCANMC_BITRATE:
			cfg->bitrate = nla_get_u32(nla);
			break;
		case IFLA_VCANMC_DBITRATE:
			cfg->dbitrate = nla_get_u32(nla);
			break;
		case IFLA_VCANMC_XLBITRATE:
			cfg->xlbitrate = nla_get_u32(nla);
			break;
		case IFLA_VCANMC_RX_ERR_FRAMES:
			cfg->rx_err_frames = nla_get_u8(nla);
			break;
		}
		cfg->mask |= VCANMC_CFG_BIT(type);
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
