// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc link management: creation, defaults, the tunnel attributes and
 * their refusals, change notifications, MTU rules, namespaces, attachment
 * state. Every test runs in a network namespace of its own.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/can.h>
#include <linux/if_arp.h>
#include <linux/if.h>

#include "kselftest_harness.h"
#include "can.h"
#include "helper.h"
#include "rtnl.h"

static const struct in6_addr default_group6 = VCANMC_DEFAULT_GROUP6;

/* A configuration that differs from the defaults in every attribute. */
static void custom_attrs(struct vattr *a, struct in_addr *group, uint16_t *port,
			 uint8_t *ttl, uint32_t *link, uint32_t *encap)
{
	static const uint32_t bitrate = 250000, dbitrate = 4000000, xlbitrate = 10000000;
	static const struct vcanmc_peer peer = { AF_INET, 5008, { 192, 0, 2, 7 } };
	static const uint8_t no_loop, no_err_frames, peers_only = 1;
	static const uint16_t bus_id = 7;
	static const uint8_t dest_mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x07 };
	static const uint64_t stream_id = 0x0200005e10000007ULL;

	inet_pton(AF_INET, "239.0.2.7", group);
	*port = 5007;
	*ttl = 7;
	*link = 1;	/* lo exists in every namespace */
	*encap = VCANMC_ENCAP_PYTHON_CAN_BATCH;
	a[0] = VATTR(IFLA_VCANMC_GROUP, *group);
	a[1] = VATTR(IFLA_VCANMC_PORT, *port);
	a[2] = VATTR(IFLA_VCANMC_TTL, *ttl);
	a[3] = VATTR(IFLA_VCANMC_LINK, *link);
	a[4] = VATTR(IFLA_VCANMC_ENCAP, *encap);
	a[5] = VATTR(IFLA_VCANMC_MCAST_LOOP, no_loop);
	a[6] = VATTR(IFLA_VCANMC_BITRATE, bitrate);
	a[7] = VATTR(IFLA_VCANMC_DBITRATE, dbitrate);
	a[8] = VATTR(IFLA_VCANMC_XLBITRATE, xlbitrate);
	a[9] = VATTR(IFLA_VCANMC_RX_ERR_FRAMES, no_err_frames);
	a[10] = VATTR(IFLA_VCANMC_PEERS, peer);
	a[11] = VATTR(IFLA_VCANMC_PEERS_ONLY, peers_only);
	/* the transport stays udp: Ethernet takes no peers */
	a[12] = VATTR(IFLA_VCANMC_STREAM_ID, stream_id);
	a[13] = VATTR(IFLA_VCANMC_BUS_ID, bus_id);
	a[14] = VATTR(IFLA_VCANMC_DEST_MAC, dest_mac);
}

#define CUSTOM_ATTRS 15

FIXTURE(link) {
	struct rtnl nl;
};

FIXTURE_SETUP(link)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
}

FIXTURE_TEARDOWN(link)
{
	rtnl_close(&self->nl);
}

TEST_F(link, defaults)
{
	struct link_info li;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));

	EXPECT_STREQ("vcanmc", li.kind);
	EXPECT_EQ(ARPHRD_CAN, li.type);
	EXPECT_EQ(IFF_NOARP | IFF_ECHO, li.flags & (IFF_NOARP | IFF_ECHO));
	EXPECT_EQ(CANFD_MTU, li.mtu);
	EXPECT_EQ(IF_LINK_MODE_DEFAULT, li.linkmode);
	EXPECT_EQ(IF_OPER_DOWN, li.operstate);

	EXPECT_FALSE(li.has[IFLA_VCANMC_GROUP]);
	ASSERT_TRUE(li.has[IFLA_VCANMC_GROUP6]);
	EXPECT_EQ(0, memcmp(&li.group6, &default_group6, sizeof(default_group6)));
	ASSERT_TRUE(li.has[IFLA_VCANMC_PORT]);
	EXPECT_EQ(43113, li.port);
	ASSERT_TRUE(li.has[IFLA_VCANMC_TTL]);
	EXPECT_EQ(1, li.ttl);
	ASSERT_TRUE(li.has[IFLA_VCANMC_LINK]);
	EXPECT_EQ(0, li.link);
	ASSERT_TRUE(li.has[IFLA_VCANMC_ENCAP]);
	EXPECT_EQ(VCANMC_ENCAP_PYTHON_CAN, li.encap);
	ASSERT_TRUE(li.has[IFLA_VCANMC_MCAST_LOOP]);
	EXPECT_EQ(1, li.mcast_loop);
	ASSERT_TRUE(li.has[IFLA_VCANMC_BITRATE]);
	EXPECT_EQ(0, li.bitrate);
	ASSERT_TRUE(li.has[IFLA_VCANMC_DBITRATE]);
	EXPECT_EQ(0, li.dbitrate);
	ASSERT_TRUE(li.has[IFLA_VCANMC_RX_ERR_FRAMES]);
	EXPECT_EQ(1, li.rx_err_frames);
	ASSERT_TRUE(li.has[IFLA_VCANMC_XLBITRATE]);
	EXPECT_EQ(0, li.xlbitrate);
	/* reported even when there are none */
	ASSERT_TRUE(li.has[IFLA_VCANMC_PEERS]);
	EXPECT_EQ(0, li.peers_len);
	ASSERT_TRUE(li.has[IFLA_VCANMC_PEERS_ONLY]);
	EXPECT_EQ(0, li.peers_only);
	ASSERT_TRUE(li.has[IFLA_VCANMC_STREAM_ID]);
	EXPECT_EQ(0, li.stream_id);
	ASSERT_TRUE(li.has[IFLA_VCANMC_BUS_ID]);
	EXPECT_EQ(0, li.bus_id);
	ASSERT_TRUE(li.has[IFLA_VCANMC_TRANSPORT]);
	EXPECT_EQ(VCANMC_TRANSPORT_UDP, li.transport);
	ASSERT_TRUE(li.has[IFLA_VCANMC_DEST_MAC]);
	ASSERT_EQ(6, li.dest_mac_len);
	EXPECT_EQ(0, memcmp(li.dest_mac, "\x91\xe0\xf0\x00\xfe\x00", 6));
}

TEST_F(link, every_attribute_reported)
{
	struct in_addr group;
	struct vattr a[CUSTOM_ATTRS];
	struct link_info li;
	uint32_t link, encap;
	uint16_t port;
	uint8_t ttl;

	custom_attrs(a, &group, &port, &ttl, &link, &encap);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, CUSTOM_ATTRS))
		TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));

	ASSERT_TRUE(li.has[IFLA_VCANMC_GROUP]);
	EXPECT_FALSE(li.has[IFLA_VCANMC_GROUP6]);
	EXPECT_EQ(group.s_addr, li.group.s_addr);
	EXPECT_EQ(port, li.port);
	EXPECT_EQ(ttl, li.ttl);
	EXPECT_EQ(link, li.link);
	EXPECT_EQ(encap, li.encap);
	ASSERT_TRUE(li.has[IFLA_VCANMC_MCAST_LOOP]);
	EXPECT_EQ(0, li.mcast_loop);
	EXPECT_EQ(250000, li.bitrate);
	EXPECT_EQ(4000000, li.dbitrate);
	EXPECT_EQ(10000000, li.xlbitrate);
	EXPECT_EQ(0, li.rx_err_frames);
	ASSERT_EQ(sizeof(struct vcanmc_peer), li.peers_len);
	EXPECT_EQ(AF_INET, li.peers[0].family);
	EXPECT_EQ(5008, li.peers[0].port);
	EXPECT_EQ(0, memcmp(li.peers[0].addr, "\xc0\x00\x02\x07", 4));
	EXPECT_EQ(1, li.peers_only);
	EXPECT_EQ(0x0200005e10000007ULL, li.stream_id);
	EXPECT_EQ(7, li.bus_id);
	EXPECT_EQ(VCANMC_TRANSPORT_UDP, li.transport);
	ASSERT_EQ(6, li.dest_mac_len);
	EXPECT_EQ(0, memcmp(li.dest_mac, "\x02\x00\x5e\x10\x00\x07", 6));
}

TEST_F(link, group_family_switches)
{
	struct in6_addr g6;
	struct in_addr g4;
	struct vattr a;
	struct link_info li;

	inet_pton(AF_INET, "239.1.1.1", &g4);
	inet_pton(AF_INET6, "ff15::1234", &g6);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));

	a = VATTR(IFLA_VCANMC_GROUP, g4);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_TRUE(li.has[IFLA_VCANMC_GROUP]);
	EXPECT_FALSE(li.has[IFLA_VCANMC_GROUP6]);
	EXPECT_EQ(g4.s_addr, li.group.s_addr);

	a = VATTR(IFLA_VCANMC_GROUP6, g6);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_FALSE(li.has[IFLA_VCANMC_GROUP]);
	EXPECT_TRUE(li.has[IFLA_VCANMC_GROUP6]);
	EXPECT_EQ(0, memcmp(&g6, &li.group6, sizeof(g6)));
}

TEST_F(link, many_devices)
{
	struct link_info li;
	char name[IFNAMSIZ];
	uint16_t port;
	struct vattr a;
	int i;

	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "vmc%d", i);
		port = 1000 + i;
		a = VATTR(IFLA_VCANMC_PORT, port);
		ASSERT_EQ(0, vmc_create(&self->nl, name, &a, 1)) TH_LOG("%s", name);
		ASSERT_EQ(0, link_set_up(&self->nl, name, true));
	}
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "vmc%d", i);
		ASSERT_EQ(0, link_get(&self->nl, name, &li));
		EXPECT_EQ(1000 + i, li.port);
	}
	for (i = 0; i < 64; i += 2) {
		snprintf(name, sizeof(name), "vmc%d", i);
		ASSERT_EQ(0, link_del(&self->nl, name));
		EXPECT_EQ(-ENODEV, link_get(&self->nl, name, &li));
	}
	/* The odd ones stay and go with the namespace. */
}

TEST_F(link, delete)
{
	struct link_info li;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(-EEXIST, vmc_create(&self->nl, "lo", NULL, 0));
}

/* Refused settings: each must fail with its error (EINVAL unless said) and
 * message, on creation and on change of a live link, and a refused change
 * must leave the link as it was. Ranges are the policy's (ERANGE).
 */
FIXTURE(bad) {
	struct rtnl nl;
};

FIXTURE_VARIANT(bad) {
	int type;
	int len;
	const char *data;
	const char *msg;
	int err;
};

#define OUT_OF_RANGE	.msg = "integer out of range", .err = ERANGE

FIXTURE_VARIANT_ADD(bad, group_unicast) {
	.type = IFLA_VCANMC_GROUP, .len = 4, .data = "\xc0\x00\x02\x01",
	.msg = "not an IPv4 multicast",
};

FIXTURE_VARIANT_ADD(bad, group6_unicast) {
	.type = IFLA_VCANMC_GROUP6, .len = 16,
	.data = "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01",
	.msg = "not an IPv6 multicast",
};

FIXTURE_VARIANT_ADD(bad, group_short) {
	.type = IFLA_VCANMC_GROUP, .len = 3, .data = "\xef\x00\x00",
	.msg = "binary attribute size out of range", .err = ERANGE,
};

FIXTURE_VARIANT_ADD(bad, group6_long) {
	.type = IFLA_VCANMC_GROUP6, .len = 17,
	.data = "\xff\x15\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\x00",
	.msg = "binary attribute size out of range", .err = ERANGE,
};

FIXTURE_VARIANT_ADD(bad, port_zero) {
	.type = IFLA_VCANMC_PORT, .len = 2, .data = "\0\0", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, port_u32) {
	.type = IFLA_VCANMC_PORT, .len = 4, .data = "\x01\0\0\0",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad, ttl_zero) {
	.type = IFLA_VCANMC_TTL, .len = 1, .data = "\0", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, ttl_256) {
	.type = IFLA_VCANMC_TTL, .len = 2, .data = "\x00\x01",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad, encap_unspec) {
	.type = IFLA_VCANMC_ENCAP, .len = 4, .data = "\0\0\0\0", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, encap_unknown) {
	.type = IFLA_VCANMC_ENCAP, .len = 4, .data = "\x05\0\0\0", OUT_OF_RANGE,
};

_Static_assert(VCANMC_ENCAP_MAX + 1 == 5, "encap_unknown must stay unknown");

FIXTURE_VARIANT_ADD(bad, encap_unused) {
	.type = IFLA_VCANMC_ENCAP, .len = 4, .data = "\xff\xff\xff\xff", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, mcast_loop_2) {
	.type = IFLA_VCANMC_MCAST_LOOP, .len = 1, .data = "\x02", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, mcast_loop_u32) {
	.type = IFLA_VCANMC_MCAST_LOOP, .len = 4, .data = "\x01\0\0\0",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad, bitrate_high) {
	.type = IFLA_VCANMC_BITRATE, .len = 4, .data = "\x41\x42\x0f\0",	/* 1000001 */
	OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, dbitrate_high) {
	.type = IFLA_VCANMC_DBITRATE, .len = 4, .data = "\x01\x2d\x31\x01",	/* 20000001 */
	OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, xlbitrate_u16) {
	.type = IFLA_VCANMC_XLBITRATE, .len = 2, .data = "\x01\0",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad, link_missing) {
	.type = IFLA_VCANMC_LINK, .len = 4, .data = "\x9f\x86\x01\0",
	.msg = "Underlay device does not exist",
};

FIXTURE_VARIANT_ADD(bad, unknown_attribute) {
	.type = IFLA_VCANMC_MAX + 1, .len = 4, .data = "\x01\0\0\0",
	.msg = "Unknown attribute type",
};

FIXTURE_VARIANT_ADD(bad, xlbitrate_high) {
	.type = IFLA_VCANMC_XLBITRATE, .len = 4, .data = "\x01\x2d\x31\x01",	/* 20000001 */
	OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, rx_err_frames_2) {
	.type = IFLA_VCANMC_RX_ERR_FRAMES, .len = 1, .data = "\x02", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, peers_only_2) {
	.type = IFLA_VCANMC_PEERS_ONLY, .len = 1, .data = "\x02", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad, peers_only_u32) {
	.type = IFLA_VCANMC_PEERS_ONLY, .len = 4, .data = "\x01\0\0\0",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad, unspec_attribute) {
	.type = IFLA_VCANMC_UNSPEC, .len = 4, .data = "\x01\0\0\0",
	.msg = "Unknown attribute type",
};

FIXTURE_SETUP(bad)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
}

FIXTURE_TEARDOWN(bad)
{
	rtnl_close(&self->nl);
}

TEST_F(bad, refused_on_create)
{
	struct vattr a = { variant->type, variant->len, variant->data };
	struct link_info li;

	EXPECT_EQ(-(variant->err ?: EINVAL), vmc_create(&self->nl, "vmc0", &a, 1));
	EXPECT_NE(NULL, strstr(self->nl.extack, variant->msg))
		TH_LOG("extack \"%s\"", self->nl.extack);
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "vmc0", &li));
}

TEST_F(bad, refused_on_change)
{
	struct vattr a = { variant->type, variant->len, variant->data };
	struct link_info before, after;
	struct in_addr group;
	struct vattr good[CUSTOM_ATTRS];
	uint32_t link, encap;
	uint16_t port;
	uint8_t ttl;

	custom_attrs(good, &group, &port, &ttl, &link, &encap);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", good, CUSTOM_ATTRS));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &before));

	/* A good attribute before the bad one must not be applied either. */
	good[0] = VATTR(IFLA_VCANMC_PORT, (uint16_t){ 6000 });
	good[1] = a;
	EXPECT_EQ(-(variant->err ?: EINVAL), vmc_change(&self->nl, "vmc0", good, 2));
	EXPECT_NE(NULL, strstr(self->nl.extack, variant->msg))
		TH_LOG("extack \"%s\"", self->nl.extack);

	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &after));
	EXPECT_EQ(0, memcmp(before.has, after.has, sizeof(before.has)));
	EXPECT_EQ(before.group.s_addr, after.group.s_addr);
	EXPECT_EQ(before.port, after.port);
	EXPECT_EQ(before.ttl, after.ttl);
	EXPECT_EQ(before.link, after.link);
	EXPECT_EQ(before.encap, after.encap);
	EXPECT_EQ(before.mcast_loop, after.mcast_loop);
	EXPECT_EQ(before.bitrate, after.bitrate);
	EXPECT_EQ(before.dbitrate, after.dbitrate);
	EXPECT_EQ(before.peers_len, after.peers_len);
	EXPECT_EQ(0, memcmp(before.peers, after.peers, sizeof(before.peers)));
	EXPECT_EQ(before.peers_only, after.peers_only);
}

/* The data phases are never slower than the arbitration, whichever
 * attribute a request changes; 0 means "the nominal rate" and always goes.
 */
TEST_F(link, data_phase_not_slower)
{
	uint32_t nominal = 500000, slow = 250000, fast = 2000000, zero = 0;
	struct vattr a[2];
	struct link_info li;

	a[0] = VATTR(IFLA_VCANMC_BITRATE, nominal);
	a[1] = VATTR(IFLA_VCANMC_DBITRATE, slow);
	EXPECT_EQ(-EINVAL, vmc_create(&self->nl, "vmc0", a, 2));
	EXPECT_NE(NULL, strstr(self->nl.extack, "Data bit rate below the nominal bit rate"));
	a[1] = VATTR(IFLA_VCANMC_XLBITRATE, slow);
	EXPECT_EQ(-EINVAL, vmc_create(&self->nl, "vmc0", a, 2));
	EXPECT_NE(NULL, strstr(self->nl.extack, "CAN XL data bit rate below"));

	a[1] = VATTR(IFLA_VCANMC_DBITRATE, fast);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	/* raising the nominal rate above the data rate is refused too */
	a[0] = VATTR(IFLA_VCANMC_BITRATE, (uint32_t){ 1000000 });
	a[1] = VATTR(IFLA_VCANMC_DBITRATE, (uint32_t){ 800000 });
	EXPECT_EQ(-EINVAL, vmc_change(&self->nl, "vmc0", a, 2));
	a[0] = VATTR(IFLA_VCANMC_DBITRATE, zero);
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(nominal, li.bitrate);
	EXPECT_EQ(0, li.dbitrate);
}

TEST_F(link, underlay_must_not_be_can)
{
	struct link_info li;
	uint32_t ifindex;
	struct vattr a;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	ifindex = if_nametoindex("vmc0");
	a = VATTR(IFLA_VCANMC_LINK, ifindex);
	EXPECT_EQ(-EINVAL, vmc_create(&self->nl, "vmc1", &a, 1));
	EXPECT_NE(NULL, strstr(self->nl.extack, "must carry IP"))
		TH_LOG("extack \"%s\"", self->nl.extack);
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "vmc1", &li));
}

TEST_F(link, underlay_reported)
{
	struct link_info li;
	uint32_t ifindex;
	struct vattr a;

	ASSERT_EQ(0, link_create_kind(&self->nl, "dummy0", "dummy")) TH_LOG("%s", self->nl.extack);
	ifindex = if_nametoindex("dummy0");
	a = VATTR(IFLA_VCANMC_LINK, ifindex);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(ifindex, li.link);

	a = VATTR(IFLA_VCANMC_LINK, (uint32_t){ 0 });
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(0, li.link);
}

/* One RTM_NEWLINK per change request that changes a setting, up or down;
 * none for a request that changes nothing while down (the core announces
 * every request while up).
 */
static void change_notified(struct __test_metadata *_metadata, struct rtnl *nl, bool up)
{
	struct link_info li;
	uint16_t port = 40000;
	struct vattr a = VATTR(IFLA_VCANMC_PORT, port);
	int mon, ifindex;

	ASSERT_EQ(0, vmc_create(nl, "vmc0", NULL, 0));
	ASSERT_EQ(0, link_set_up(nl, "vmc0", up));
	ifindex = if_nametoindex("vmc0");
	mon = rtnl_monitor_open();
	ASSERT_LE(0, mon);
	/* What predates the change: linkwatch reports the link coming up up
	 * to a second later.
	 */
	while (rtnl_monitor_count(mon, ifindex, 1200))
		;

	ASSERT_EQ(0, vmc_change(nl, "vmc0", &a, 1)) TH_LOG("%s", nl->extack);
	ASSERT_EQ(0, rtnl_monitor_wait(mon, ifindex, 5000, &li));
	EXPECT_EQ(port, li.port);
	EXPECT_STREQ("vcanmc", li.kind);
	EXPECT_TRUE(li.has[IFLA_VCANMC_GROUP6]);
	EXPECT_EQ(0, rtnl_monitor_count(mon, ifindex, 300)) TH_LOG("more than one message");

	/* the same value again */
	ASSERT_EQ(0, vmc_change(nl, "vmc0", &a, 1)) TH_LOG("%s", nl->extack);
	EXPECT_EQ(up ? 1 : 0, rtnl_monitor_count(mon, ifindex, 500));
	close(mon);
}

TEST_F(link, change_notified_while_up)
{
	change_notified(_metadata, &self->nl, true);
}

TEST_F(link, change_notified_while_down)
{
	change_notified(_metadata, &self->nl, false);
}

/* The MTU given at creation follows the rule of a later change. */
TEST_F(link, mtu_on_create)
{
	static const unsigned int bad[] = { 40, CAN_MTU + 1, CANFD_MTU - 1, CANXL_MTU + 1 };
	struct link_info li;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, vmc_newlink_mtu(&self->nl, "vmc0", true, bad[i], NULL, 0))
			TH_LOG("mtu %u", bad[i]);
		EXPECT_NE(NULL, strstr(self->nl.extack, "MTU must be"));
		EXPECT_EQ(-ENODEV, link_get(&self->nl, "vmc0", &li));
	}
	ASSERT_EQ(0, vmc_newlink_mtu(&self->nl, "vmc0", true, CAN_MTU, NULL, 0))
		TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(CAN_MTU, li.mtu);
}

/* A bad MTU beside good vcanmc settings fails before any is applied; so
 * does a good MTU on a device that is up.
 */
TEST_F(link, bad_mtu_changes_nothing)
{
	uint16_t port = 6000;
	struct vattr a = VATTR(IFLA_VCANMC_PORT, port);
	struct link_info li;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	EXPECT_EQ(-EINVAL, vmc_newlink_mtu(&self->nl, "vmc0", false, 40, &a, 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(43113, li.port);
	EXPECT_EQ(CANFD_MTU, li.mtu);

	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	EXPECT_EQ(-EBUSY, vmc_newlink_mtu(&self->nl, "vmc0", false, CAN_MTU, &a, 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(43113, li.port);
	/* the MTU it has is no change */
	EXPECT_EQ(0, vmc_newlink_mtu(&self->nl, "vmc0", false, CANFD_MTU, &a, 1))
		TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(port, li.port);
}

TEST_F(link, mtu_only_while_down)
{
	struct link_info li;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	EXPECT_EQ(0, link_set_mtu(&self->nl, "vmc0", CAN_MTU));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(CAN_MTU, li.mtu);
	EXPECT_EQ(-EINVAL, link_set_mtu(&self->nl, "vmc0", CAN_MTU + 1));
	EXPECT_EQ(-EINVAL, link_set_mtu(&self->nl, "vmc0", 8));
	EXPECT_EQ(0, link_set_mtu(&self->nl, "vmc0", CANFD_MTU));

	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	EXPECT_EQ(-EBUSY, link_set_mtu(&self->nl, "vmc0", CAN_MTU));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(CANFD_MTU, li.mtu);
}

#ifdef CANXL_MTU
TEST_F(link, mtu_can_xl)
{
	struct link_info li;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	EXPECT_EQ(0, link_set_mtu(&self->nl, "vmc0", CANXL_MTU));
	EXPECT_EQ(0, link_set_mtu(&self->nl, "vmc0", CANXL_MIN_MTU));
	EXPECT_EQ(-EINVAL, link_set_mtu(&self->nl, "vmc0", CANXL_MTU + 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(CANXL_MIN_MTU, li.mtu);
}
#endif

TEST_F(link, dormant_until_helper_attaches)
{
	struct link_info li;
	int helper;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_DORMANT, 5000));

	/* Nobody can claim a helper that is not there. */
	ASSERT_EQ(0, link_set_operstate(&self->nl, "vmc0", IF_OPER_UP));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_DORMANT, li.operstate);

	/* A helper attaches: UP at once, ... */
	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_UP, li.operstate);
	EXPECT_TRUE(li.flags & IFF_RUNNING);
	/* ... through a quick down and up too, ... */
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_DOWN, li.operstate);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_UP, 5000));
	/* ... and DORMANT again once it closes its file. */
	close(helper);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_DORMANT, li.operstate);
	EXPECT_FALSE(li.flags & IFF_RUNNING);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_LINK_MODE_DEFAULT, li.linkmode);
}

TEST_F(link, netns_move)
{
	int here, there, fd, peer;
	struct canfd_frame cf = { .can_id = 0x123, .len = 2, .data = { 1, 2 } };
	/* fe80::1, whose scope the underlay is */
	static const struct vcanmc_peer ll = { AF_INET6, 0, { 0xfe, 0x80, [15] = 1 } };
	struct link_info li;
	uint32_t ifindex;
	uint16_t port = 4242;
	struct vattr a[3];

	ASSERT_EQ(0, link_create_kind(&self->nl, "dummy0", "dummy"));
	ifindex = if_nametoindex("dummy0");
	a[0] = VATTR(IFLA_VCANMC_LINK, ifindex);
	a[1] = VATTR(IFLA_VCANMC_PORT, port);
	a[2] = VATTR(IFLA_VCANMC_PEERS, ll);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 3)) TH_LOG("%s", self->nl.extack);

	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, here);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	there = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));

	ASSERT_EQ(0, link_set_netns(&self->nl, "vmc0", there)) TH_LOG("%s", self->nl.extack);
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "vmc0", &li));

	/* Over there it keeps its settings but not the underlay, whose ifindex
	 * meant something only here; and it still works as a bus.
	 */
	ASSERT_EQ(0, setns(there, CLONE_NEWNET));
	rtnl_close(&self->nl);
	ASSERT_EQ(0, rtnl_open(&self->nl));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_STREQ("vcanmc", li.kind);
	EXPECT_EQ(port, li.port);
	EXPECT_EQ(0, li.link);
	/* The peers stay, a link-local one too though it lost its scope: a
	 * request about another setting goes through, one that sets the peers
	 * again must give an underlay with them.
	 */
	ASSERT_EQ(sizeof(ll), li.peers_len);
	EXPECT_EQ(0, memcmp(&ll, li.peers, sizeof(ll)));
	a[0] = VATTR(IFLA_VCANMC_TTL, (uint8_t){ 3 });
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_PEERS, ll);
	EXPECT_EQ(-EINVAL, vmc_change(&self->nl, "vmc0", a, 1));
	EXPECT_NE(NULL, strstr(self->nl.extack, "Link-local peer needs IFLA_VCANMC_LINK"));
	a[1] = VATTR(IFLA_VCANMC_LINK, (uint32_t){ 1 });	/* lo */
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);

	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	fd = can_open("vmc0");
	peer = can_open("vmc0");
	ASSERT_LE(0, fd);
	ASSERT_LE(0, peer);
	ASSERT_EQ(0, can_send(fd, &cf, false));
	memset(&cf, 0, sizeof(cf));
	ASSERT_EQ(CAN_MTU, can_recv(peer, &cf, NULL, 5000));
	EXPECT_EQ(0x123, cf.can_id);
	close(fd);
	close(peer);
	close(here);
	/* The test process exits: the namespace and vmc0 in it go away. */
	close(there);
}

TEST_F(link, survives_namespace_deletion)
{
	int here, fd;

	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, here);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	rtnl_close(&self->nl);
	ASSERT_EQ(0, rtnl_open(&self->nl));
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	fd = can_open("vmc0");
	ASSERT_LE(0, fd);

	/* Leave the namespace with a bound socket still open, then drop the
	 * last references: the device must go without leaking.
	 */
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	rtnl_close(&self->nl);
	close(fd);
	close(here);
	ASSERT_EQ(0, rtnl_open(&self->nl));
}

TEST_HARNESS_MAIN
