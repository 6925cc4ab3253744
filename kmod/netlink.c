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

#include "attach.h"
#include "device.h"
#include "netlink.h"

static struct netlink_range_validation vcanmc_bitrate_range = {
	.max = VCANMC_BITRATE_MAX,
};

static struct netlink_range_validation vcanmc_dbitrate_range = {
	.max = VCANMC_DBITRATE_MAX,
};

/* Types, lengths and ranges; vcanmc_validate() checks what a policy cannot
 * say: that a group is a multicast address, that only one is given, that
 * the peers are unicast addresses, that a destination MAC is not zero.
 */
static const struct nla_policy vcanmc_policy[IFLA_VCANMC_MAX + 1] = {
	[IFLA_VCANMC_UNSPEC]	= { .strict_start_type = IFLA_VCANMC_UNSPEC + 1 },
	[IFLA_VCANMC_GROUP]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[IFLA_VCANMC_GROUP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_VCANMC_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[IFLA_VCANMC_TTL]	= NLA_POLICY_MIN(NLA_U8, 1),
	[IFLA_VCANMC_LINK]	= { .type = NLA_U32 },
	[IFLA_VCANMC_ORDER]	= NLA_POLICY_MAX(NLA_U8, VCANMC_ORDER_MAX),
	[IFLA_VCANMC_ENCAP]	= NLA_POLICY_RANGE(NLA_U32, VCANMC_ENCAP_PYTHON_CAN,
						   VCANMC_ENCAP_MAX),
	[IFLA_VCANMC_MCAST_LOOP] = NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_VCANMC_BITRATE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vcanmc_bitrate_range),
	[IFLA_VCANMC_DBITRATE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vcanmc_dbitrate_range),
	[IFLA_VCANMC_XLBITRATE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vcanmc_dbitrate_range),
	[IFLA_VCANMC_RX_ERR_FRAMES] = NLA_POLICY_MAX(NLA_U8, 1),
	/* reported only: the kernel sets it */
	[IFLA_VCANMC_LINK_GONE]	= { .type = NLA_REJECT },
	/* NLA_POLICY_MAX_LEN() from 6.2 on */
	[IFLA_VCANMC_PEERS]	= NLA_POLICY_MAX(NLA_BINARY, VCANMC_PEERS_MAX *
						 sizeof(struct vcanmc_peer)),
	[IFLA_VCANMC_PEERS_ONLY] = NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_VCANMC_STREAM_ID]	= { .type = NLA_U64 },
	[IFLA_VCANMC_BUS_ID]	= NLA_POLICY_MAX(NLA_U16, VCANMC_BUS_ID_MAX),
	[IFLA_VCANMC_TRANSPORT]	= NLA_POLICY_MAX(NLA_U8, VCANMC_TRANSPORT_MAX),
	[IFLA_VCANMC_DEST_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	/* IFLA_VCANMC_PAD is left NLA_UNSPEC, as bridge and macsec leave
	 * their pad: strict from type 1 on, a request is refused with
	 * "Unsupported attribute"
	 */
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
	/* the unspecified address: no group, unicast peers only */
	if (v4 && nla_get_in_addr(v4) != htonl(INADDR_ANY) &&
	    !ipv4_is_multicast(nla_get_in_addr(v4))) {
		NL_SET_ERR_MSG_ATTR(extack, v4,
				    "Group is not an IPv4 multicast address (224.0.0.0/4) or 0.0.0.0");
		return -EINVAL;
	}
	if (v6) {
		group = nla_get_in6_addr(v6);
		if (!ipv6_addr_any(&group) && !ipv6_addr_is_multicast(&group)) {
			NL_SET_ERR_MSG_ATTR(extack, v6,
					    "Group is not an IPv6 multicast address (ff00::/8) or ::");
			return -EINVAL;
		}
	}
	return 0;
}

/* Not unspecified (0.0.0.0/8), multicast, the limited broadcast, or an
 * IPv4-mapped IPv6 address (an IPv4 peer in disguise, which an IPv6 link's
 * socket neither reaches as such nor hears back from)
 */
static bool vcanmc_peer_unicast(const struct vcanmc_peer *peer)
{
	struct in6_addr a6;
	__be32 a4;

	if (peer->family == AF_INET) {
		memcpy(&a4, peer->addr, sizeof(a4));
		/* not ipv4_is_zeronet(): since 5.3 that is 0.0.0.0 alone */
		return (a4 & htonl(0xff000000)) && !ipv4_is_multicast(a4) &&
		       !ipv4_is_lbcast(a4);
	}
	memcpy(&a6, peer->addr, sizeof(a6));
	return !ipv6_addr_any(&a6) && !ipv6_addr_is_multicast(&a6) &&
	       !ipv6_addr_v4mapped(&a6);
}

/* What a peer list says by itself: whole peers, each a unicast address,
 * none twice. The link's family and underlay are vcanmc_check_peers()'
 * concern. Ports are compared as given: 0 and the link's port count as
 * two.
 */
static int vcanmc_validate_peers(const struct nlattr *attr,
				 struct netlink_ext_ack *extack)
{
	const struct vcanmc_peer *peers = nla_data(attr), *peer;
	unsigned int i, j, n;

	if (nla_len(attr) % sizeof(*peers)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Peers length is not a multiple of struct vcanmc_peer");
		return -EINVAL;
	}
	n = nla_len(attr) / sizeof(*peers);
	for (i = 0; i < n; i++) {
		peer = &peers[i];
		if (peer->family != AF_INET && peer->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "Peer family is neither AF_INET nor AF_INET6");
			return -EINVAL;
		}
		/* one form of each address, so that equal peers compare equal */
		if (peer->family == AF_INET &&
		    memchr_inv(peer->addr + 4, 0, sizeof(peer->addr) - 4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "IPv4 peer: bytes 4 to 15 of the address must be 0");
			return -EINVAL;
		}
		if (!vcanmc_peer_unicast(peer)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "Peer address is not unicast: unspecified, multicast, broadcast or IPv4-mapped");
			return -EINVAL;
		}
		/* no padding: family, port and address are the whole peer */
		for (j = 0; j < i; j++) {
			if (!memcmp(peer, &peers[j], sizeof(*peer))) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "Peer address and port given twice");
				return -EINVAL;
			}
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

	if (data[IFLA_VCANMC_PEERS]) {
		err = vcanmc_validate_peers(data[IFLA_VCANMC_PEERS], extack);
		if (err)
			return err;
	}
	/* Multicast or unicast; zero is no destination at all */
	if (data[IFLA_VCANMC_DEST_MAC] &&
	    !memchr_inv(nla_data(data[IFLA_VCANMC_DEST_MAC]), 0, ETH_ALEN)) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VCANMC_DEST_MAC],
				    "Destination MAC address is 00:00:00:00:00:00");
		return -EINVAL;
	}
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

static bool vcanmc_cfg_no_group(const struct vcanmc_cfg *cfg)
{
	return cfg->family == AF_INET ? cfg->group.v4 == htonl(INADDR_ANY) :
					ipv6_addr_any(&cfg->group.v6);
}

/* What the peers must agree on with the rest of @cfg, the configuration a
 * request would leave, so that a request that changes the group's family
 * and the peers together is judged as a whole. The refusal names the
 * attribute of the request that broke the rule.
 */
static int vcanmc_check_peers(const struct vcanmc_cfg *cfg, struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	struct nlattr *group = data[IFLA_VCANMC_GROUP] ?: data[IFLA_VCANMC_GROUP6];
	struct nlattr *peers = data[IFLA_VCANMC_PEERS];
	struct nlattr *attr;
	struct in6_addr a6;
	unsigned int i;

	for (i = 0; i < cfg->n_peers; i++) {
		if (cfg->peers[i].family == cfg->family)
			continue;
		if (peers)
			NL_SET_ERR_MSG_ATTR(extack, peers,
					    "Peer of another family than the group");
		else	/* the stored peers have the stored group's family */
			NL_SET_ERR_MSG_ATTR(extack, group,
					    "Group of another family than the peers: give new peers with it");
		return -EINVAL;
	}

	/* The underlay is a link-local peer's scope. A namespace move resets
	 * IFLA_VCANMC_LINK to 0 (device.c) and leaves the peers, for the
	 * helper to refuse what it cannot reach; so this is checked only
	 * when a request sets either, and a request about something else
	 * still goes through.
	 */
	if ((peers || data[IFLA_VCANMC_LINK]) && cfg->family == AF_INET6 && !cfg->link) {
		for (i = 0; i < cfg->n_peers; i++) {
			memcpy(&a6, cfg->peers[i].addr, sizeof(a6));
			if (ipv6_addr_type(&a6) & IPV6_ADDR_LINKLOCAL) {
				NL_SET_ERR_MSG_ATTR(extack, peers ?: data[IFLA_VCANMC_LINK],
						    "Link-local peer needs IFLA_VCANMC_LINK as its scope");
				return -EINVAL;
			}
		}
	}

	/* NORM repairs losses through the group: a receiver's NACK and the
	 * sender's repair go to the group, which a unicast peer never hears.
	 */
	if (cfg->encap == VCANMC_ENCAP_NORM && (cfg->n_peers || vcanmc_cfg_no_group(cfg))) {
		attr = data[IFLA_VCANMC_ENCAP];
		if (!attr)
			attr = cfg->n_peers && peers ? peers : group;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "encap norm needs a multicast group and no unicast peers");
		return -EINVAL;
	}
	return 0;
}

/* Ethernet carries IEEE 1722 PDUs alone, to one destination on the device
 * the link names: it needs encap ieee1722, an underlay that is an Ethernet
 * device (not lo, a tunnel or CAN: the helper sends Ethernet frames on it)
 * and no peers, in whichever order they come. A request that sets the transport udp with
 * the others goes through. The refusal names the transport when the
 * request gives it, else the attribute that broke the rule.
 *
 * A namespace move resets IFLA_VCANMC_LINK to 0 (device.c) and keeps the
 * transport, for the helper to stay detached until an underlay is set;
 * so the underlay is checked only when a request sets it or the
 * transport, and a request about something else still goes through.
 */
static int vcanmc_check_transport(struct net *net, const struct vcanmc_cfg *cfg,
				  struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct nlattr *transport = data[IFLA_VCANMC_TRANSPORT];
	const struct net_device *lower;

	if (cfg->transport != VCANMC_TRANSPORT_ETHERNET)
		return 0;
	if (cfg->encap != VCANMC_ENCAP_IEEE1722) {
		NL_SET_ERR_MSG_ATTR(extack, transport ?: data[IFLA_VCANMC_ENCAP],
				    "transport ethernet needs encap ieee1722");
		return -EINVAL;
	}
	if (!cfg->link && (transport || data[IFLA_VCANMC_LINK])) {
		NL_SET_ERR_MSG_ATTR(extack, transport ?: data[IFLA_VCANMC_LINK],
				    "transport ethernet needs IFLA_VCANMC_LINK, the device to send on");
		return -EINVAL;
	}
	/* an underlay that is gone is LINK_GONE's story, not this one's */
	lower = cfg->link && (transport || data[IFLA_VCANMC_LINK]) ?
		__dev_get_by_index(net, cfg->link) : NULL;
	if (lower && lower->type != ARPHRD_ETHER) {
		NL_SET_ERR_MSG_ATTR(extack, transport ?: data[IFLA_VCANMC_LINK],
				    "transport ethernet needs an Ethernet device as IFLA_VCANMC_LINK");
		return -EINVAL;
	}
	if (cfg->n_peers) {
		NL_SET_ERR_MSG_ATTR(extack, transport ?: data[IFLA_VCANMC_PEERS],
				    "transport ethernet takes no unicast peers");
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
	       a->link_gone == b->link_gone && a->link_net_cookie == b->link_net_cookie &&
	       a->n_peers == b->n_peers && a->peers_only == b->peers_only &&
	       !memcmp(a->peers, b->peers, a->n_peers * sizeof(a->peers[0])) &&
	       a->stream_id == b->stream_id && a->bus_id == b->bus_id &&
	       a->transport == b->transport && !memcmp(a->dest_mac, b->dest_mac, ETH_ALEN) &&
	       a->order == b->order;
}

/* The timeline (VCANMC_ORDER_GLOBAL) is chosen while the device is down
 * and no helper is attached, which attached for the order it found
 * (attach.c); it needs NORM's reliable streams, and has no bus of a bit
 * rate yet.
 */
static int vcanmc_check_order(struct net_device *dev, const struct vcanmc_cfg *cfg,
			      struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct nlattr *order = data[IFLA_VCANMC_ORDER];

	if (cfg->order != priv->cfg.order &&
	    (dev->flags & IFF_UP || vcanmc_attached(dev))) {
		NL_SET_ERR_MSG_ATTR(extack, order,
				    "The order changes only while the device is down and no helper is attached");
		return -EBUSY;
	}
	if (cfg->order != VCANMC_ORDER_GLOBAL)
		return 0;
	if (cfg->encap != VCANMC_ENCAP_NORM) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VCANMC_ENCAP] ?: order,
				    "Order global needs encap norm");
		return -EINVAL;
	}
	if (cfg->bitrate || cfg->dbitrate || cfg->xlbitrate) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VCANMC_BITRATE] ?:
				    data[IFLA_VCANMC_DBITRATE] ?:
				    data[IFLA_VCANMC_XLBITRATE] ?: order,
				    "Order global with a bit rate is not supported yet");
		return -EOPNOTSUPP;
	}
	return 0;
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
	if (data[IFLA_VCANMC_PEERS]) {
		/* whole peers, at most VCANMC_PEERS_MAX (policy, validate);
		 * nla_memcpy() zeroes the slots after them
		 */
		cfg.n_peers = nla_len(data[IFLA_VCANMC_PEERS]) / sizeof(cfg.peers[0]);
		nla_memcpy(cfg.peers, data[IFLA_VCANMC_PEERS], sizeof(cfg.peers));
	}
	if (data[IFLA_VCANMC_PEERS_ONLY])
		cfg.peers_only = nla_get_u8(data[IFLA_VCANMC_PEERS_ONLY]);
	if (data[IFLA_VCANMC_STREAM_ID])
		cfg.stream_id = nla_get_u64(data[IFLA_VCANMC_STREAM_ID]);
	if (data[IFLA_VCANMC_BUS_ID])
		cfg.bus_id = nla_get_u16(data[IFLA_VCANMC_BUS_ID]);
	if (data[IFLA_VCANMC_TRANSPORT])
		cfg.transport = nla_get_u8(data[IFLA_VCANMC_TRANSPORT]);
	if (data[IFLA_VCANMC_DEST_MAC])
		nla_memcpy(cfg.dest_mac, data[IFLA_VCANMC_DEST_MAC], ETH_ALEN);
	if (data[IFLA_VCANMC_ORDER])
		cfg.order = nla_get_u8(data[IFLA_VCANMC_ORDER]);
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
	err = vcanmc_check_peers(&cfg, data, extack);
	if (err)
		return err;
	err = vcanmc_check_transport(dev_net(dev), &cfg, data, extack);
	if (err)
		return err;
	err = vcanmc_check_order(dev, &cfg, data, extack);
	if (err)
		return err;

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
	       nla_total_size(sizeof(u8)) +			/* LINK_GONE */
	       nla_total_size(sizeof_field(struct vcanmc_cfg, peers)) + /* PEERS */
	       nla_total_size(sizeof(u8)) +			/* PEERS_ONLY */
	       nla_total_size_64bit(sizeof(u64)) +		/* STREAM_ID */
	       nla_total_size(sizeof(u16)) +			/* BUS_ID */
	       nla_total_size(sizeof(u8)) +			/* TRANSPORT */
	       nla_total_size(ETH_ALEN) +			/* DEST_MAC */
	       nla_total_size(sizeof(u8));			/* ORDER */
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
	    nla_put(skb, IFLA_VCANMC_PEERS, cfg->n_peers * sizeof(cfg->peers[0]), cfg->peers) ||
	    nla_put_u8(skb, IFLA_VCANMC_PEERS_ONLY, cfg->peers_only) ||
	    nla_put_u64_64bit(skb, IFLA_VCANMC_STREAM_ID, cfg->stream_id,
			      IFLA_VCANMC_PAD) ||
	    nla_put_u16(skb, IFLA_VCANMC_BUS_ID, cfg->bus_id) ||
	    nla_put_u8(skb, IFLA_VCANMC_TRANSPORT, cfg->transport) ||
	    nla_put(skb, IFLA_VCANMC_DEST_MAC, ETH_ALEN, cfg->dest_mac) ||
	    nla_put_u8(skb, IFLA_VCANMC_ORDER, cfg->order) ||
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
