// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink link operations: creating vcanmc devices and storing, checking
 * and reporting their tunnel settings. include/uapi/linux/vcanmc.h documents
 * every attribute.
 */

#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <uapi/linux/vcanmc.h>

#include "device.h"
#include "netlink.h"

static struct netlink_range_validation vcanmc_bitrate_range = {
	.max = VCANMC_BITRATE_MAX,
};

static struct netlink_range_validation vcanmc_dbitrate_range = {
	.max = VCANMC_DBITRATE_MAX,
};

/* Types, lengths and ranges; vcanmc_validate() checks what a policy cannot
 * say: that a group is a multicast address, that only one is given.
 */
static const struct nla_policy vcanmc_policy[IFLA_VCANMC_MAX + 1] = {
	[IFLA_VCANMC_UNSPEC]	= { .strict_start_type = IFLA_VCANMC_UNSPEC + 1 },
	[IFLA_VCANMC_GROUP]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[IFLA_VCANMC_GROUP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_VCANMC_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[IFLA_VCANMC_TTL]	= NLA_POLICY_MIN(NLA_U8, 1),
	[IFLA_VCANMC_LINK]	= { .type = NLA_U32 },
	[IFLA_VCANMC_ENCAP]	= NLA_POLICY_RANGE(NLA_U32, VCANMC_ENCAP_PYTHON_CAN,
						   VCANMC_ENCAP_MAX),
	[IFLA_VCANMC_MCAST_LOOP] = NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_VCANMC_BITRATE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vcanmc_bitrate_range),
	[IFLA_VCANMC_DBITRATE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vcanmc_dbitrate_range),
	[IFLA_VCANMC_XLBITRATE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vcanmc_dbitrate_range),
	[IFLA_VCANMC_RX_ERR_FRAMES] = NLA_POLICY_MAX(NLA_U8, 1),
	/* reported only: the kernel sets it */
	[IFLA_VCANMC_LINK_GONE]	= { .type = NLA_REJECT },
};

/* rtnetlink parses IFLA_INFO_DATA liberally and drops attribute types it
 * does not know; validate it strictly instead, so that a newer tool talking
 * to an older module learns that a setting was not applied. rtnetlink
 * applies the last IFLA_INFO_DATA of a request: one that has two is
 * refused, so that the one checked is the one applied.
 */
static int vcanmc_validate_strict(struct nlattr *tb[],
				  struct netlink_ext_ack *extack)
{
	const struct nlattr *nla, *data = NULL;
	int rem;

	if (!tb[IFLA_LINKINFO])
		return 0;
	nla_for_each_nested(nla, tb[IFLA_LINKINFO], rem) {
		if (nla_type(nla) != IFLA_INFO_DATA)
			continue;
		if (data) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "IFLA_INFO_DATA given more than once");
			return -EINVAL;
		}
		data = nla;
	}
	if (!data)
		return 0;
	return nla_validate_nested(data, IFLA_VCANMC_MAX, vcanmc_policy, extack);
}

static int vcanmc_validate_group(struct nlattr *data[],
				 struct netlink_ext_ack *extack)
{
	struct nlattr *v4 = data[IFLA_VCANMC_GROUP];
	struct nlattr *v6 = data[IFLA_VCANMC_GROUP6];
	struct in6_addr group;

	if (v4 && v6) {
		NL_SET_ERR_MSG_ATTR(extack, v6,
				    "Give either an IPv4 or an IPv6 group, not both");
		return -EINVAL;
	}
	if (v4 && !ipv4_is_multicast(nla_get_in_addr(v4))) {
		NL_SET_ERR_MSG_ATTR(extack, v4,
				    "Group is not an IPv4 multicast address (224.0.0.0/4)");
		return -EINVAL;
	}
	if (v6) {
		group = nla_get_in6_addr(v6);
		if (!ipv6_addr_is_multicast(&group)) {
			NL_SET_ERR_MSG_ATTR(extack, v6,
					    "Group is not an IPv6 multicast address (ff00::/8)");
			return -EINVAL;
		}
	}
	return 0;
}

/* The MTU rule of vcanmc_change_mtu(), for an MTU given with IFLA_MTU. */
static int vcanmc_validate_mtu(struct net_device *dev, struct nlattr *tb[],
			       struct netlink_ext_ack *extack)
{
	u32 mtu;

	if (!tb[IFLA_MTU])
		return 0;
	mtu = nla_get_u32(tb[IFLA_MTU]);
	if (dev && mtu == dev->mtu)
		return 0;
	if (!vcanmc_mtu_valid(mtu)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
				    "MTU must be CAN_MTU (16), CANFD_MTU (72) or a CAN XL MTU (76-2060)");
		return -EINVAL;
	}
	if (dev && dev->flags & IFF_UP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
				    "Set the MTU while the device is down");
		return -EBUSY;
	}
	return 0;
}

static int vcanmc_validate(struct nlattr *tb[], struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	int err;

	err = vcanmc_validate_mtu(NULL, tb, extack);
	if (err)
		return err;
	if (!data)
		return 0;

	err = vcanmc_validate_strict(tb, extack);
	if (err)
		return err;

	return vcanmc_validate_group(data, extack);
}

static int vcanmc_check_link(struct net *net, const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	u32 ifindex = nla_get_u32(attr);
	struct net_device *lower;

	if (!ifindex)
		return 0;

	lower = __dev_get_by_index(net, ifindex);
	if (!lower) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Underlay device does not exist");
		return -EINVAL;
	}
	if (lower->type == ARPHRD_CAN) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Underlay device must carry IP, not CAN");
		return -EINVAL;
	}
	return 0;
}

/* Field by field: the structure has padding. */
static bool vcanmc_cfg_equal(const struct vcanmc_cfg *a, const struct vcanmc_cfg *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET ? a->group.v4 != b->group.v4 :
				   !ipv6_addr_equal(&a->group.v6, &b->group.v6))
		return false;
	return a->port == b->port && a->ttl == b->ttl && a->mcast_loop == b->mcast_loop &&
	       a->rx_err_frames == b->rx_err_frames && a->encap == b->encap &&
	       a->bitrate == b->bitrate && a->dbitrate == b->dbitrate &&
	       a->xlbitrate == b->xlbitrate && a->link == b->link &&
	       a->link_gone == b->link_gone && a->link_net_cookie == b->link_net_cookie;
}

/* Applies the given attributes to a copy, so that a refusal leaves the
 * device untouched. Validation by policy and vcanmc_validate() has passed.
 * *@changed: whether a setting changed.
 */
static int vcanmc_cfg_update(struct net_device *dev, struct nlattr *data[],
			     struct netlink_ext_ack *extack, bool *changed)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_cfg cfg = priv->cfg;
	int err;

	*changed = false;
	if (!data)
		return 0;

	if (data[IFLA_VCANMC_GROUP]) {
		memset(&cfg.group, 0, sizeof(cfg.group));
		cfg.group.v4 = nla_get_in_addr(data[IFLA_VCANMC_GROUP]);
		cfg.family = AF_INET;
	}
	if (data[IFLA_VCANMC_GROUP6]) {
		cfg.group.v6 = nla_get_in6_addr(data[IFLA_VCANMC_GROUP6]);
		cfg.family = AF_INET6;
	}
	if (data[IFLA_VCANMC_PORT])
		cfg.port = nla_get_u16(data[IFLA_VCANMC_PORT]);
	if (data[IFLA_VCANMC_TTL])
		cfg.ttl = nla_get_u8(data[IFLA_VCANMC_TTL]);
	if (data[IFLA_VCANMC_ENCAP])
		cfg.encap = nla_get_u32(data[IFLA_VCANMC_ENCAP]);
	if (data[IFLA_VCANMC_MCAST_LOOP])
		cfg.mcast_loop = nla_get_u8(data[IFLA_VCANMC_MCAST_LOOP]);
	if (data[IFLA_VCANMC_BITRATE])
		cfg.bitrate = nla_get_u32(data[IFLA_VCANMC_BITRATE]);
	if (data[IFLA_VCANMC_DBITRATE])
		cfg.dbitrate = nla_get_u32(data[IFLA_VCANMC_DBITRATE]);
	if (data[IFLA_VCANMC_XLBITRATE])
		cfg.xlbitrate = nla_get_u32(data[IFLA_VCANMC_XLBITRATE]);
	if (data[IFLA_VCANMC_RX_ERR_FRAMES])
		cfg.rx_err_frames = nla_get_u8(data[IFLA_VCANMC_RX_ERR_FRAMES]);
	/* The data phase is never slower than the arbitration. */
	if (cfg.dbitrate && cfg.dbitrate < cfg.bitrate) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VCANMC_DBITRATE] ?:
				    data[IFLA_VCANMC_BITRATE],
				    "Data bit rate below the nominal bit rate");
		return -EINVAL;
	}
	if (cfg.xlbitrate && cfg.xlbitrate < cfg.bitrate) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VCANMC_XLBITRATE] ?:
				    data[IFLA_VCANMC_BITRATE],
				    "CAN XL data bit rate below the nominal bit rate");
		return -EINVAL;
	}
	if (data[IFLA_VCANMC_LINK]) {
		err = vcanmc_check_link(dev_net(dev), data[IFLA_VCANMC_LINK],
					extack);
		if (err)
			return err;
		cfg.link = nla_get_u32(data[IFLA_VCANMC_LINK]);
		cfg.link_gone = 0;
		cfg.link_net_cookie = dev_net(dev)->net_cookie;
	}

	if (cfg.bitrate != priv->cfg.bitrate || cfg.dbitrate != priv->cfg.dbitrate ||
	    cfg.xlbitrate != priv->cfg.xlbitrate)
		vcanmc_bus_set_rates(&priv->bus, cfg.bitrate, cfg.dbitrate, cfg.xlbitrate);
	*changed = !vcanmc_cfg_equal(&cfg, &priv->cfg);
	priv->cfg = cfg;
	return 0;
}

static int vcanmc_newlink(struct net *src_net, struct net_device *dev,
			  struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	bool changed;
	int err;

	priv->cfg.link_net_cookie = dev_net(dev)->net_cookie;
	err = vcanmc_cfg_update(dev, data, extack, &changed);
	if (err)
		return err;

	return register_netdevice(dev);
}

/* The vcanmc attributes of a request are applied together or not at all.
 * The core applies the request's other attributes after them: the one a
 * vcanmc device can refuse, the MTU, is checked here first, so that it
 * fails the request before anything changed; if another one fails (a name
 * already taken, say), the vcanmc attributes stay applied.
 */
static int vcanmc_changelink(struct net_device *dev, struct nlattr *tb[],
			     struct nlattr *data[],
			     struct netlink_ext_ack *extack)
{
	bool changed;
	int err;

	err = vcanmc_validate_mtu(dev, tb, extack);
	if (err)
		return err;
	err = vcanmc_cfg_update(dev, data, extack, &changed);
	if (err)
		return err;

	/* The core announces the request if the device is up; the helper
	 * wants to know of a change in any state.
	 */
	if (changed && !(dev->flags & IFF_UP))
		call_netdevice_notifiers(NETDEV_CHANGEINFODATA, dev);
	return 0;
}

static size_t vcanmc_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(struct in6_addr)) +	/* GROUP(6) */
	       nla_total_size(sizeof(u16)) +			/* PORT */
	       nla_total_size(sizeof(u8)) +			/* TTL */
	       nla_total_size(sizeof(u32)) +			/* LINK */
	       nla_total_size(sizeof(u32)) +			/* ENCAP */
	       nla_total_size(sizeof(u8)) +			/* MCAST_LOOP */
	       nla_total_size(sizeof(u32)) * 3 +		/* (D/XL)BITRATE */
	       nla_total_size(sizeof(u8)) +			/* RX_ERR_FRAMES */
	       nla_total_size(sizeof(u8));			/* LINK_GONE */
}

static int vcanmc_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct vcanmc_priv *priv = netdev_priv(dev);
	const struct vcanmc_cfg *cfg = &priv->cfg;
	int err;

	if (cfg->family == AF_INET)
		err = nla_put_in_addr(skb, IFLA_VCANMC_GROUP, cfg->group.v4);
	else
		err = nla_put_in6_addr(skb, IFLA_VCANMC_GROUP6, &cfg->group.v6);

	if (err ||
	    nla_put_u16(skb, IFLA_VCANMC_PORT, cfg->port) ||
	    nla_put_u8(skb, IFLA_VCANMC_TTL, cfg->ttl) ||
	    nla_put_u32(skb, IFLA_VCANMC_LINK, cfg->link) ||
	    nla_put_u32(skb, IFLA_VCANMC_ENCAP, cfg->encap) ||
	    nla_put_u8(skb, IFLA_VCANMC_MCAST_LOOP, cfg->mcast_loop) ||
	    nla_put_u32(skb, IFLA_VCANMC_BITRATE, cfg->bitrate) ||
	    nla_put_u32(skb, IFLA_VCANMC_DBITRATE, cfg->dbitrate) ||
	    nla_put_u32(skb, IFLA_VCANMC_XLBITRATE, cfg->xlbitrate) ||
	    nla_put_u8(skb, IFLA_VCANMC_RX_ERR_FRAMES, cfg->rx_err_frames) ||
	    (cfg->link_gone && nla_put_u8(skb, IFLA_VCANMC_LINK_GONE, 1)))
		return -EMSGSIZE;
	return 0;
}

static struct rtnl_link_ops vcanmc_link_ops __read_mostly = {
	.kind		= VCANMC_KIND,
	.priv_size	= sizeof(struct vcanmc_priv),
	.setup		= vcanmc_setup,
	.maxtype	= IFLA_VCANMC_MAX,
	.policy		= vcanmc_policy,
	.validate	= vcanmc_validate,
	.newlink	= vcanmc_newlink,
	.changelink	= vcanmc_changelink,
	.get_size	= vcanmc_get_size,
	.fill_info	= vcanmc_fill_info,
};

int vcanmc_netlink_init(void)
{
	return rtnl_link_register(&vcanmc_link_ops);
}

void vcanmc_netlink_uninit(void)
{
	rtnl_link_unregister(&vcanmc_link_ops);
}
