// SPDX-License-Identifier: GPL-2.0
/*
 * struct vcanmc_cfg through a real nl_msg: what vcanmc_linkinfo_put()
 * encodes, vcanmc_link_parse() reads back, and a message as the kernel
 * sends it (RTM_NEWLINK with ifinfomsg, name, state) parses into the same
 * values.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "cfg_check.h"
#include "link.h"

#define BIT(attr)	VCANMC_CFG_BIT(IFLA_VCANMC_##attr)

/* An RTM_NEWLINK as the kernel reports a device */
static struct nl_msg *newlink_msg(int ifindex, const char *name,
				  unsigned int flags, uint8_t operstate,
				  uint32_t mtu)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_index = ifindex,
		.ifi_flags = flags,
	};
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	if (!msg)
		return NULL;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) ||
	    nla_put_string(msg, IFLA_IFNAME, name) ||
	    nla_put_u32(msg, IFLA_MTU, mtu) ||
	    nla_put_u8(msg, IFLA_OPERSTATE, operstate)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int round_trip(const struct vcanmc_cfg *cfg)
{
	struct vcanmc_link link;
	struct nl_msg *msg;
	int ret = TAP_FAIL;

	msg = newlink_msg(7, "vmc0", IFF_UP, IF_OPER_DORMANT, 72);
	CHECK(msg);
	if (vcanmc_linkinfo_put(msg, cfg)) {
		tap_diag("vcanmc_linkinfo_put failed");
		goto out;
	}
	if (vcanmc_link_parse(&link, nlmsg_hdr(msg))) {
		tap_diag("vcanmc_link_parse failed");
		goto out;
	}
	if (link.ifindex != 7 || strcmp(link.name, "vmc0") ||
	    strcmp(link.kind, "vcanmc") || !vcanmc_link_is_vcanmc(&link) ||
	    link.flags != IFF_UP || link.operstate != IF_OPER_DORMANT ||
	    link.mtu != 72) {
		tap_diag("link: %d %s %s %#x %u %u", link.ifindex, link.name,
			 link.kind, link.flags, link.operstate, link.mtu);
		goto out;
	}
	ret = cfg_check(&link.cfg, cfg);
out:
	nlmsg_free(msg);
	return ret;
}

static int test_round_trip_v4(const void *data)
{
	struct vcanmc_cfg cfg = {
		.mask = BIT(GROUP) | BIT(PORT) | BIT(TTL) | BIT(LINK) |
			BIT(ENCAP) | BIT(MCAST_LOOP),
		.port = 5000, .ttl = 64, .link = 3,
		.encap = VCANMC_ENCAP_PYTHON_CAN, .mcast_loop = 0,
	};

	CHECK(inet_pton(AF_INET, "239.1.2.3", &cfg.group) == 1);
	return round_trip(&cfg);
}

static int test_round_trip_v6(const void *data)
{
	struct vcanmc_cfg cfg = {
		.mask = BIT(GROUP6) | BIT(PORT) | BIT(TTL) | BIT(LINK) |
			BIT(ENCAP) | BIT(MCAST_LOOP),
		.group6 = VCANMC_DEFAULT_GROUP6,
		.port = 65535, .ttl = 255, .link = 0xffffffff,
		.encap = VCANMC_ENCAP_PYTHON_CAN, .mcast_loop = 1,
	};

	return round_trip(&cfg);
}

/* Peers, of a link without a group; and none at all, which is sent */
static int test_round_trip_peers(const void *data)
{
	struct vcanmc_cfg cfg = {
		.mask = BIT(GROUP) | BIT(PEERS) | BIT(PEERS_ONLY),
		.npeers = VCANMC_PEERS_MAX, .peers_only = 1,
	};
	unsigned int i;
	int ret;

	for (i = 0; i < VCANMC_PEERS_MAX; i++) {
		cfg.peers[i] = (struct vcanmc_peer){ .family = AF_INET, .port = (uint16_t)i };
		cfg.peers[i].addr[0] = 192;
		cfg.peers[i].addr[2] = 2;
		cfg.peers[i].addr[3] = (uint8_t)(i + 1);
	}
	ret = round_trip(&cfg);
	if (ret)
		return ret;
	cfg.npeers = 0;
	return round_trip(&cfg);
}

/* IEEE 1722 over Ethernet, with the largest stream ID; then stream ID 0 */
static int test_round_trip_1722(const void *data)
{
	struct vcanmc_cfg cfg = {
		.mask = BIT(ENCAP) | BIT(LINK) | BIT(STREAM_ID) | BIT(BUS_ID) |
			BIT(TRANSPORT) | BIT(DEST_MAC),
		.encap = VCANMC_ENCAP_IEEE1722, .link = 2,
		.stream_id = UINT64_MAX, .bus_id = VCANMC_BUS_ID_MAX,
		.transport = VCANMC_TRANSPORT_ETHERNET,
		.dest_mac = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 },
	};
	int ret;

	ret = round_trip(&cfg);
	if (ret)
		return ret;
	cfg.stream_id = 0;
	return round_trip(&cfg);
}

/* A module older than IEEE 1722 reports none of its attributes, one older
 * than the timeline no order: the fields still hold the kernel's defaults,
 * a MAC of zero never among them, order local
 */
static int test_parse_defaults(const void *data)
{
	static const uint8_t dest_mac[] = { 0x91, 0xe0, 0xf0, 0x00, 0xfe, 0x00 };
	struct vcanmc_cfg cfg = { .mask = BIT(PORT), .port = 5000 };
	struct vcanmc_link link;
	struct nl_msg *msg;

	msg = newlink_msg(7, "vmc0", 0, IF_OPER_DOWN, 72);
	CHECK(msg);
	if (vcanmc_linkinfo_put(msg, &cfg) || vcanmc_link_parse(&link, nlmsg_hdr(msg))) {
		nlmsg_free(msg);
		return TAP_FAIL;
	}
	nlmsg_free(msg);
	CHECK_INT(link.cfg.mask, BIT(PORT));
	CHECK(link.cfg.stream_id == 0);
	CHECK_INT(link.cfg.bus_id, 0);
	CHECK_INT(link.cfg.transport, VCANMC_TRANSPORT_UDP);
	CHECK(!memcmp(link.cfg.dest_mac, dest_mac, sizeof(dest_mac)));
	CHECK_INT(link.cfg.order, VCANMC_ORDER_LOCAL);
	vcanmc_cfg_init(&cfg);
	CHECK_INT(cfg.mask, 0);
	CHECK(!memcmp(cfg.dest_mac, dest_mac, sizeof(dest_mac)));
	return TAP_PASS;
}

/* The timeline's link: order global on encap norm; then order local */
static int test_round_trip_order(const void *data)
{
	struct vcanmc_cfg cfg = {
		.mask = BIT(ENCAP) | BIT(BITRATE) | BIT(ORDER),
		.encap = VCANMC_ENCAP_NORM, .order = VCANMC_ORDER_GLOBAL,
	};
	int ret;

	ret = round_trip(&cfg);
	if (ret)
		return ret;
	cfg.order = VCANMC_ORDER_LOCAL;
	return round_trip(&cfg);
}

static int test_round_trip_partial(const void *data)
{
	struct vcanmc_cfg cfg = { .mask = BIT(PORT), .port = 1 };

	return round_trip(&cfg);
}

/* Find an attribute by type inside a nest */
static struct nlattr *nested(struct nlattr *nest, int type)
{
	return nest ? nla_find(nla_data(nest), nla_len(nest), type) : NULL;
}

static struct nlattr *info_data(struct nl_msg *msg)
{
	struct nlattr *linkinfo;

	linkinfo = nlmsg_find_attr(nlmsg_hdr(msg), sizeof(struct ifinfomsg),
				   IFLA_LINKINFO);
	return nested(linkinfo, IFLA_INFO_DATA);
}

/* Only the attributes in the mask are sent: absent ones keep their value */
static int test_encode_only_mask(const void *data)
{
	struct vcanmc_cfg cfg = { .mask = BIT(TTL) | BIT(GROUP6), .ttl = 9 };
	struct nlattr *idata, *nla;
	struct nl_msg *msg;
	int ret = TAP_FAIL, rem, n = 0;

	msg = newlink_msg(0, "vmc0", 0, 0, 0);
	CHECK(msg);
	if (vcanmc_linkinfo_put(msg, &cfg))
		goto out;
	idata = info_data(msg);
	if (!idata)
		goto out;
	nla_for_each_nested(nla, idata, rem) {
		n++;
		if (nla_type(nla) == IFLA_VCANMC_TTL && nla_len(nla) == 1 &&
		    nla_get_u8(nla) == 9)
			continue;
		if (nla_type(nla) == IFLA_VCANMC_GROUP6 && nla_len(nla) == 16)
			continue;
		tap_diag("unexpected attribute %d len %d", nla_type(nla),
			 nla_len(nla));
		goto out;
	}
	if (n == 2)
		ret = TAP_PASS;
	else
		tap_diag("%d attributes, want 2", n);
out:
	nlmsg_free(msg);
	return ret;
}

/* "vcanmc add NAME" alone sends the kind and no IFLA_INFO_DATA */
static int test_encode_empty(const void *data)
{
	struct vcanmc_cfg cfg = { 0 };
	struct nlattr *linkinfo, *kind;
	struct nl_msg *msg;
	int ret = TAP_FAIL;

	msg = newlink_msg(0, "vmc0", 0, 0, 0);
	CHECK(msg);
	if (vcanmc_linkinfo_put(msg, &cfg))
		goto out;
	linkinfo = nlmsg_find_attr(nlmsg_hdr(msg), sizeof(struct ifinfomsg),
				   IFLA_LINKINFO);
	kind = nested(linkinfo, IFLA_INFO_KIND);
	if (!kind || strcmp(nla_get_string(kind), "vcanmc")) {
		tap_diag("no IFLA_INFO_KIND \"vcanmc\"");
		goto out;
	}
	if (nested(linkinfo, IFLA_INFO_DATA)) {
		tap_diag("IFLA_INFO_DATA sent without attributes");
		goto out;
	}
	ret = TAP_PASS;
out:
	nlmsg_free(msg);
	return ret;
}

/* A hand-made IFLA_INFO_DATA with one attribute of the given length */
static int parse_one(int type, const void *val, int len,
		     struct vcanmc_link *link)
{
	struct nlattr *linkinfo, *idata;
	struct nl_msg *msg;
	int ret = -ENOMEM;

	msg = newlink_msg(5, "vmc5", 0, IF_OPER_DOWN, 16);
	if (!msg)
		return -ENOMEM;
	linkinfo = nla_nest_start(msg, IFLA_LINKINFO);
	if (!linkinfo || nla_put_string(msg, IFLA_INFO_KIND, "vcanmc"))
		goto out;
	idata = nla_nest_start(msg, IFLA_INFO_DATA | NLA_F_NESTED);
	if (!idata || nla_put(msg, type, len, val))
		goto out;
	nla_nest_end(msg, idata);
	nla_nest_end(msg, linkinfo);
	ret = vcanmc_link_parse(link, nlmsg_hdr(msg));
out:
	nlmsg_free(msg);
	return ret;
}

static int test_parse_bad_length(const void *data)
{
	static const uint8_t bytes[17];
	struct vcanmc_link link;

	CHECK_INT(parse_one(IFLA_VCANMC_GROUP, bytes, 5, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_GROUP6, bytes, 4, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_PORT, bytes, 4, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_TTL, bytes, 2, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_LINK, bytes, 2, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_ENCAP, bytes, 8, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_MCAST_LOOP, bytes, 4, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_PORT, bytes, 2, &link), 0);
	CHECK_INT(parse_one(IFLA_VCANMC_PEERS, bytes, 17, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_PEERS, bytes, 0, &link), 0);
	CHECK_INT(link.cfg.npeers, 0);
	CHECK_INT(parse_one(IFLA_VCANMC_STREAM_ID, bytes, 4, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_STREAM_ID, bytes, 8, &link), 0);
	CHECK_INT(parse_one(IFLA_VCANMC_BUS_ID, bytes, 1, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_BUS_ID, bytes, 4, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_BUS_ID, bytes, 2, &link), 0);
	CHECK_INT(parse_one(IFLA_VCANMC_TRANSPORT, bytes, 2, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_DEST_MAC, bytes, 5, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_DEST_MAC, bytes, 7, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_DEST_MAC, bytes, 6, &link), 0);
	CHECK_INT(parse_one(IFLA_VCANMC_ORDER, bytes, 0, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_ORDER, bytes, 4, &link), -EBADMSG);
	CHECK_INT(parse_one(IFLA_VCANMC_ORDER, bytes, 1, &link), 0);
	CHECK_INT(link.cfg.mask, BIT(ORDER));
	return TAP_PASS;
}

/* Attributes appended by a newer kernel are skipped, not refused */
static int test_parse_unknown_attr(const void *data)
{
	uint32_t val = 1;
	struct vcanmc_link link;

	CHECK_INT(parse_one(IFLA_VCANMC_MAX + 1, &val, sizeof(val), &link), 0);
	CHECK_INT(link.cfg.mask, 0);
	CHECK_STR(link.name, "vmc5");
	CHECK_INT(link.operstate, IF_OPER_DOWN);
	return TAP_PASS;
}

/* The empty IFLA_VCANMC_PAD the kernel may put before the stream ID */
static int test_parse_pad(const void *data)
{
	static const uint8_t bytes[8];
	struct vcanmc_link link;

	CHECK_INT(parse_one(IFLA_VCANMC_PAD, bytes, 0, &link), 0);
	CHECK_INT(link.cfg.mask, 0);
	CHECK_INT(parse_one(IFLA_VCANMC_PAD, bytes, 8, &link), 0);
	CHECK_INT(link.cfg.mask, 0);
	return TAP_PASS;
}

/* Another kind's IFLA_INFO_DATA is not read as ours */
static int test_parse_other_kind(const void *data)
{
	struct nlattr *linkinfo, *idata;
	struct vcanmc_link link;
	struct nl_msg *msg;
	int ret = TAP_FAIL;

	msg = newlink_msg(3, "dummy0", IFF_UP, IF_OPER_UNKNOWN, 1500);
	CHECK(msg);
	linkinfo = nla_nest_start(msg, IFLA_LINKINFO);
	if (!linkinfo || nla_put_string(msg, IFLA_INFO_KIND, "dummy"))
		goto out;
	idata = nla_nest_start(msg, IFLA_INFO_DATA);
	if (!idata || nla_put_u16(msg, IFLA_VCANMC_PORT, 99))
		goto out;
	nla_nest_end(msg, idata);
	nla_nest_end(msg, linkinfo);
	if (vcanmc_link_parse(&link, nlmsg_hdr(msg)))
		goto out;
	if (vcanmc_link_is_vcanmc(&link) || strcmp(link.kind, "dummy") ||
	    link.cfg.mask)
		goto out;
	ret = TAP_PASS;
out:
	nlmsg_free(msg);
	return ret;
}

/* lo has no IFLA_LINKINFO at all */
static int test_parse_no_linkinfo(const void *data)
{
	struct vcanmc_link link;
	struct nl_msg *msg;
	int ret;

	msg = newlink_msg(1, "lo", IFF_UP | IFF_LOOPBACK, IF_OPER_UNKNOWN,
			  65536);
	CHECK(msg);
	ret = vcanmc_link_parse(&link, nlmsg_hdr(msg));
	nlmsg_free(msg);
	CHECK_INT(ret, 0);
	CHECK_STR(link.name, "lo");
	CHECK_STR(link.kind, "");
	CHECK_INT(link.ifindex, 1);
	CHECK_INT(link.mtu, 65536);
	CHECK(!vcanmc_link_is_vcanmc(&link));
	return TAP_PASS;
}

static int test_parse_wrong_type(const void *data)
{
	struct vcanmc_link link;
	struct nl_msg *msg;
	int ret;

	msg = nlmsg_alloc_simple(RTM_NEWADDR, 0);
	CHECK(msg);
	ret = vcanmc_link_parse(&link, nlmsg_hdr(msg));
	nlmsg_free(msg);
	CHECK_INT(ret, -EBADMSG);
	return TAP_PASS;
}

static int test_encap_names(const void *data)
{
	uint32_t encap = 0;

	CHECK_STR(vcanmc_encap_name(VCANMC_ENCAP_PYTHON_CAN), "python-can");
	CHECK(!vcanmc_encap_name(VCANMC_ENCAP_UNSPEC));
	CHECK(!vcanmc_encap_name(VCANMC_ENCAP_MAX + 1));
	CHECK_INT(vcanmc_encap_parse("python-can", &encap), 0);
	CHECK_INT(encap, VCANMC_ENCAP_PYTHON_CAN);
	CHECK_INT(vcanmc_encap_parse("", &encap), -EINVAL);
	CHECK_STR(vcanmc_encap_name(VCANMC_ENCAP_IEEE1722), "ieee1722");
	CHECK_INT(vcanmc_encap_parse("ieee1722", &encap), 0);
	CHECK_INT(encap, VCANMC_ENCAP_IEEE1722);
	return TAP_PASS;
}

static int test_transport_names(const void *data)
{
	char buf[16];
	uint8_t t = 9;

	CHECK_STR(vcanmc_transport_name(VCANMC_TRANSPORT_UDP), "udp");
	CHECK_STR(vcanmc_transport_name(VCANMC_TRANSPORT_ETHERNET), "ethernet");
	CHECK(!vcanmc_transport_name(VCANMC_TRANSPORT_MAX + 1));
	CHECK_INT(vcanmc_transport_parse("ethernet", &t), 0);
	CHECK_INT(t, VCANMC_TRANSPORT_ETHERNET);
	CHECK_INT(vcanmc_transport_parse("udp", &t), 0);
	CHECK_INT(t, VCANMC_TRANSPORT_UDP);
	CHECK_INT(vcanmc_transport_parse("Ethernet", &t), -EINVAL);
	CHECK_INT(vcanmc_transport_parse("", &t), -EINVAL);
	CHECK_STR(vcanmc_transport_str(VCANMC_TRANSPORT_ETHERNET, buf, sizeof(buf)), "ethernet");
	CHECK_STR(vcanmc_transport_str(7, buf, sizeof(buf)), "unknown(7)");
	return TAP_PASS;
}

static int test_order_names(const void *data)
{
	char buf[16];
	uint8_t o = 9;

	CHECK_STR(vcanmc_order_name(VCANMC_ORDER_LOCAL), "local");
	CHECK_STR(vcanmc_order_name(VCANMC_ORDER_GLOBAL), "global");
	CHECK(!vcanmc_order_name(VCANMC_ORDER_MAX + 1));
	CHECK_INT(vcanmc_order_parse("global", &o), 0);
	CHECK_INT(o, VCANMC_ORDER_GLOBAL);
	CHECK_INT(vcanmc_order_parse("local", &o), 0);
	CHECK_INT(o, VCANMC_ORDER_LOCAL);
	CHECK_INT(vcanmc_order_parse("Global", &o), -EINVAL);
	CHECK_INT(vcanmc_order_parse("1", &o), -EINVAL);
	CHECK_INT(vcanmc_order_parse("", &o), -EINVAL);
	CHECK_INT(o, VCANMC_ORDER_LOCAL);
	CHECK_STR(vcanmc_order_str(VCANMC_ORDER_GLOBAL, buf, sizeof(buf)), "global");
	CHECK_STR(vcanmc_order_str(2, buf, sizeof(buf)), "unknown(2)");
	return TAP_PASS;
}

static const struct {
	const char *s;
	int ret;
	uint64_t id;
} stream_ids[] = {
	{ "auto", 0, 0 },
	{ "0", 0, 0 },
	{ "0x0", 0, 0 },
	{ "1", 0, 1 },
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "0xffffffffffffffff", 0, UINT64_MAX },
	{ "0XFFFFFFFFFFFFFFFF", 0, UINT64_MAX },
	{ "0x0123456789abcDEF", 0, 0x0123456789abcdefULL },
	{ "0x00000000000000000001", 0, 1 },
	{ "18446744073709551616", -ERANGE, 0 },
	{ "0x10000000000000000", -ERANGE, 0 },
	{ "", -EINVAL, 0 },
	{ "0x", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ " 1", -EINVAL, 0 },
	{ "1 ", -EINVAL, 0 },
	{ "12ab", -EINVAL, 0 },
	{ "0xg", -EINVAL, 0 },
	{ "Auto", -EINVAL, 0 },
};

static int test_stream_id(const void *data)
{
	char buf[VCANMC_STREAMIDSTRLEN];
	uint64_t id;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(stream_ids); i++) {
		id = 42;
		if (vcanmc_stream_id_parse(stream_ids[i].s, &id) != stream_ids[i].ret ||
		    (!stream_ids[i].ret && id != stream_ids[i].id)) {
			tap_diag("\"%s\": %#llx", stream_ids[i].s, (unsigned long long)id);
			return TAP_FAIL;
		}
	}
	vcanmc_stream_id_str(0, buf, sizeof(buf));
	CHECK_STR(buf, "auto");
	vcanmc_stream_id_str(UINT64_MAX, buf, sizeof(buf));
	CHECK_STR(buf, "0xffffffffffffffff");
	vcanmc_stream_id_str(0x2a, buf, sizeof(buf));
	CHECK_STR(buf, "0x000000000000002a");
	return TAP_PASS;
}

static int test_mac(const void *data)
{
	static const char *const bad[] = {
		"", "91:e0:f0:00:fe", "91:e0:f0:00:fe:00:01", "91:e0:f0:00:fe:0",
		"91-e0-f0-00-fe-00", "91:e0:f0:00:fe:0g", "1:e0:f0:00:fe:00",
		"91:e0:f0:00:fe:00:", " 91:e0:f0:00:fe:00", "91e0.f000.fe00",
	};
	uint8_t mac[6] = { 0 };
	char buf[VCANMC_MACSTRLEN];
	size_t i;

	CHECK_INT(vcanmc_mac_parse("91:E0:f0:00:FE:0a", mac), 0);
	CHECK(!memcmp(mac, "\x91\xe0\xf0\x00\xfe\x0a", 6));
	vcanmc_mac_str(mac, buf, sizeof(buf));
	CHECK_STR(buf, "91:e0:f0:00:fe:0a");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (vcanmc_mac_parse(bad[i], mac) != -EINVAL) {
			tap_diag("took \"%s\"", bad[i]);
			return TAP_FAIL;
		}
	}
	/* a refused one leaves the address as it was */
	CHECK(!memcmp(mac, "\x91\xe0\xf0\x00\xfe\x0a", 6));
	return TAP_PASS;
}

void test_link_register(void)
{
	tap_add(test_round_trip_v4, NULL,
		"link: IPv4 configuration survives encode and parse");
	tap_add(test_round_trip_v6, NULL,
		"link: IPv6 configuration survives encode and parse");
	tap_add(test_round_trip_peers, NULL,
		"link: 16 unicast peers and peers-only survive encode and parse, and none");
	tap_add(test_round_trip_1722, NULL,
		"link: IEEE 1722 over Ethernet survives encode and parse, stream ID 0 too");
	tap_add(test_round_trip_order, NULL,
		"link: order global, then local, survives encode and parse");
	tap_add(test_parse_defaults, NULL,
		"link: settings an older module does not report take the kernel's defaults");
	tap_add(test_round_trip_partial, NULL,
		"link: a partial configuration survives encode and parse");
	tap_add(test_encode_only_mask, NULL,
		"link: only the attributes in the mask are encoded");
	tap_add(test_encode_empty, NULL,
		"link: no attributes, no IFLA_INFO_DATA");
	tap_add(test_parse_bad_length, NULL,
		"link: attributes of the wrong length are refused");
	tap_add(test_parse_unknown_attr, NULL,
		"link: unknown attributes are skipped");
	tap_add(test_parse_pad, NULL,
		"link: IFLA_VCANMC_PAD is skipped");
	tap_add(test_parse_other_kind, NULL,
		"link: other kinds' IFLA_INFO_DATA is ignored");
	tap_add(test_parse_no_linkinfo, NULL,
		"link: a device without IFLA_LINKINFO parses");
	tap_add(test_parse_wrong_type, NULL,
		"link: a message that is not RTM_NEWLINK is refused");
	tap_add(test_encap_names, NULL, "link: encap names");
	tap_add(test_transport_names, NULL, "link: transport names");
	tap_add(test_order_names, NULL, "link: order names");
	tap_add(test_stream_id, NULL, "link: stream IDs: auto, decimal, 0x hex, 64 bits at most");
	tap_add(test_mac, NULL, "link: MAC addresses: six pairs of hex digits");
}
