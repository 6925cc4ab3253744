// SPDX-License-Identifier: GPL-2.0
/*
 * Unicast peers and no group: IFLA_VCANMC_PEERS, IFLA_VCANMC_PEERS_ONLY and
 * the groups 0.0.0.0 and ::. What is stored and reported back, what is
 * refused with which message, naming which attribute of the request, and
 * that a refusal leaves the device as it was. Every test runs in a network
 * namespace of its own.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "refused.h"
#include "rtnl.h"

#define PEERS(p, n) ((struct vattr){ .type = IFLA_VCANMC_PEERS, \
				     .len = (n) * sizeof(struct vcanmc_peer), .data = (p) })
#define NO_PEERS PEERS(NULL, 0)

#define P4(a, b, c, d, _port)	{ AF_INET, _port, { a, b, c, d } }
/* 2001:db8::x */
#define P6(x, _port)		{ AF_INET6, _port, { 0x20, 0x01, 0x0d, 0xb8, [15] = x } }
/* fe80::x */
#define P6LL(x, _port)		{ AF_INET6, _port, { 0xfe, 0x80, [15] = x } }

static const struct vcanmc_peer good4[] = { P4(192, 0, 2, 10, 0), P4(192, 0, 2, 11, 5000) };
static const struct vcanmc_peer good6[] = { P6(0x10, 0), P6(0x11, 5000) };

static const uint32_t norm = VCANMC_ENCAP_NORM;

#define NEEDS_LINK "Link-local peer needs IFLA_VCANMC_LINK"

static struct in_addr addr4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

static struct in6_addr addr6(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static void expect_peers(struct __test_metadata *_metadata, struct rtnl *nl,
			 const struct vcanmc_peer *p, int n)
{
	struct link_info li;

	ASSERT_EQ(0, link_get(nl, "vmc0", &li));
	ASSERT_TRUE(li.has[IFLA_VCANMC_PEERS]);
	ASSERT_EQ(n * sizeof(*p), li.peers_len);
	EXPECT_EQ(0, memcmp(p, li.peers, li.peers_len));
}

FIXTURE(peers) {
	struct rtnl nl;
	struct in_addr group;
};

FIXTURE_SETUP(peers)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
	self->group = addr4("239.0.0.1");
}

/* Deleting vmc0 now, not with the namespace as the process exits, has the
 * kernel log tell of its end before the run's log is checked: a network
 * namespace is cleaned up asynchronously.
 */
FIXTURE_TEARDOWN(peers)
{
	link_del(&self->nl, "vmc0");
	rtnl_close(&self->nl);
}

/* vmc0 on an IPv4 group, with the attributes @a besides */
static int create4(struct rtnl *nl, const struct in_addr *group, const struct vattr *a, int n)
{
	struct vattr all[8];
	int i;

	all[0] = VATTR(IFLA_VCANMC_GROUP, *group);
	for (i = 0; i < n; i++)
		all[i + 1] = a[i];
	return vmc_create(nl, "vmc0", all, n + 1);
}

TEST_F(peers, ipv4_round_trip)
{
	struct vcanmc_peer many[VCANMC_PEERS_MAX];
	struct vattr a = PEERS(good4, 1);
	int i;

	ASSERT_EQ(0, create4(&self->nl, &self->group, &a, 1)) TH_LOG("%s", self->nl.extack);
	expect_peers(_metadata, &self->nl, good4, 1);

	/* as many as allowed, in the order given; an address may come with
	 * several ports
	 */
	for (i = 0; i < VCANMC_PEERS_MAX; i++)
		many[i] = (struct vcanmc_peer)P4(10, 0, i / 2, 1, 40000 + i);
	a = PEERS(many, VCANMC_PEERS_MAX);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	expect_peers(_metadata, &self->nl, many, VCANMC_PEERS_MAX);
}

/* The longest report there is: 16 IPv6 peers, an IPv6 group, an underlay */
TEST_F(peers, ipv6_round_trip)
{
	struct vcanmc_peer many[VCANMC_PEERS_MAX];
	struct vattr a[2];
	int i;

	a[0] = PEERS(good6, 2);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	expect_peers(_metadata, &self->nl, good6, 2);

	for (i = 0; i < VCANMC_PEERS_MAX; i++)
		many[i] = (struct vcanmc_peer)P6LL(i + 1, 0);
	a[0] = VATTR(IFLA_VCANMC_LINK, (uint32_t){ 1 });	/* lo */
	a[1] = PEERS(many, VCANMC_PEERS_MAX);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	expect_peers(_metadata, &self->nl, many, VCANMC_PEERS_MAX);
}

TEST_F(peers, empty_removes_all)
{
	struct vattr a = PEERS(good4, 2);
	struct link_info li;

	ASSERT_EQ(0, create4(&self->nl, &self->group, &a, 1)) TH_LOG("%s", self->nl.extack);
	expect_peers(_metadata, &self->nl, good4, 2);
	a = NO_PEERS;
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_TRUE(li.has[IFLA_VCANMC_PEERS]);
	EXPECT_EQ(0, li.peers_len);
	/* an absent attribute keeps them */
	a = PEERS(good4, 2);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	a = VATTR(IFLA_VCANMC_TTL, (uint8_t){ 9 });
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	expect_peers(_metadata, &self->nl, good4, 2);
}

TEST_F(peers, peers_only)
{
	struct vattr a = VATTR(IFLA_VCANMC_PEERS_ONLY, (uint8_t){ 1 });
	struct link_info li;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	ASSERT_TRUE(li.has[IFLA_VCANMC_PEERS_ONLY]);
	EXPECT_EQ(1, li.peers_only);
	a = VATTR(IFLA_VCANMC_PEERS_ONLY, (uint8_t){ 0 });
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(0, li.peers_only);
}

/* 0.0.0.0 and :: are no group; the link keeps the family they name. */
TEST_F(peers, group_none)
{
	struct in6_addr none6 = addr6("::");
	struct in_addr none4 = addr4("0.0.0.0");
	struct vattr a[2];
	struct link_info li;

	a[0] = PEERS(good4, 2);
	ASSERT_EQ(0, create4(&self->nl, &none4, a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	ASSERT_TRUE(li.has[IFLA_VCANMC_GROUP]);
	EXPECT_FALSE(li.has[IFLA_VCANMC_GROUP6]);
	EXPECT_EQ(0, li.group.s_addr);
	expect_peers(_metadata, &self->nl, good4, 2);

	a[0] = VATTR(IFLA_VCANMC_GROUP6, none6);
	a[1] = PEERS(good6, 2);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_FALSE(li.has[IFLA_VCANMC_GROUP]);
	ASSERT_TRUE(li.has[IFLA_VCANMC_GROUP6]);
	EXPECT_EQ(0, memcmp(&none6, &li.group6, sizeof(none6)));
	expect_peers(_metadata, &self->nl, good6, 2);

	/* without peers too: the helper then only listens */
	a[0] = NO_PEERS;
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	a[0] = VATTR(IFLA_VCANMC_GROUP6, none6);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
}

/* The underlay is a link-local peer's scope. */
TEST_F(peers, link_local_needs_link)
{
	static const struct vcanmc_peer ll[] = { P6(1, 0), P6LL(1, 0) };
	struct vattr a[2];

	a[0] = PEERS(ll, 2);
	refused_create(_metadata, &self->nl, a, 1, EINVAL, NEEDS_LINK,
		       IFLA_VCANMC_PEERS);

	a[0] = PEERS(good6, 2);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	a[0] = PEERS(ll, 2);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_LINK,
		IFLA_VCANMC_PEERS);
	/* with an underlay in the same request */
	a[1] = VATTR(IFLA_VCANMC_LINK, (uint32_t){ 1 });	/* lo */
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	expect_peers(_metadata, &self->nl, ll, 2);
	/* the underlay may not go while they are there */
	a[0] = VATTR(IFLA_VCANMC_LINK, (uint32_t){ 0 });
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_LINK,
		IFLA_VCANMC_LINK);
	a[1] = PEERS(good6, 2);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	expect_peers(_metadata, &self->nl, good6, 2);
}

/* NORM repairs through the group: refused with peers, whichever comes
 * first, and the refusal names the attribute of the request.
 */
TEST_F(peers, norm_refused_with_peers)
{
	struct vattr a[2];

	a[0] = VATTR(IFLA_VCANMC_ENCAP, norm);
	a[1] = PEERS(good6, 2);
	refused_create(_metadata, &self->nl, a, 2, EINVAL, "encap norm needs a multicast group",
		       IFLA_VCANMC_ENCAP);

	/* peers first, then norm */
	a[1] = PEERS(good4, 2);
	ASSERT_EQ(0, create4(&self->nl, &self->group, &a[1], 1)) TH_LOG("%s", self->nl.extack);
	refused(_metadata, &self->nl, a, 1, EINVAL, "no unicast peers", IFLA_VCANMC_ENCAP);
	/* dropping the peers in the same request makes it fine */
	a[1] = NO_PEERS;
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);

	/* norm first, then peers */
	a[0] = PEERS(good4, 1);
	refused(_metadata, &self->nl, a, 1, EINVAL, "no unicast peers", IFLA_VCANMC_PEERS);
	/* no peers is fine */
	a[0] = NO_PEERS;
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
}

TEST_F(peers, norm_refused_with_group_none)
{
	struct in6_addr none6 = addr6("::");
	struct in_addr none4 = addr4("0.0.0.0");
	struct vattr a[2];

	a[0] = VATTR(IFLA_VCANMC_ENCAP, norm);
	a[1] = VATTR(IFLA_VCANMC_GROUP6, none6);
	refused_create(_metadata, &self->nl, a, 2, EINVAL, "encap norm needs a multicast group",
		       IFLA_VCANMC_ENCAP);

	/* no group first, then norm */
	ASSERT_EQ(0, create4(&self->nl, &none4, NULL, 0)) TH_LOG("%s", self->nl.extack);
	refused(_metadata, &self->nl, a, 1, EINVAL, "encap norm needs a multicast group",
		IFLA_VCANMC_ENCAP);
	/* a group in the same request makes it fine */
	a[1] = VATTR(IFLA_VCANMC_GROUP, self->group);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);

	/* norm first, then no group, of either family */
	a[0] = VATTR(IFLA_VCANMC_GROUP, none4);
	refused(_metadata, &self->nl, a, 1, EINVAL, "encap norm needs a multicast group",
		IFLA_VCANMC_GROUP);
	a[0] = VATTR(IFLA_VCANMC_GROUP6, none6);
	refused(_metadata, &self->nl, a, 1, EINVAL, "encap norm needs a multicast group",
		IFLA_VCANMC_GROUP6);
}

/* Peers are of the group's family: a group of the other family only with
 * peers of its own (or none) in the same request.
 */
TEST_F(peers, family_switch)
{
	struct in6_addr group6 = addr6("ff15::1");
	struct vattr a[2];
	struct link_info li;

	a[0] = PEERS(good4, 2);
	ASSERT_EQ(0, create4(&self->nl, &self->group, a, 1)) TH_LOG("%s", self->nl.extack);

	a[0] = VATTR(IFLA_VCANMC_GROUP6, group6);
	refused(_metadata, &self->nl, a, 1, EINVAL, "Group of another family than the peers",
		IFLA_VCANMC_GROUP6);
	a[1] = PEERS(good4, 2);
	refused(_metadata, &self->nl, a, 2, EINVAL, "Peer of another family than the group",
		IFLA_VCANMC_PEERS);
	a[1] = PEERS(good6, 2);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_FALSE(li.has[IFLA_VCANMC_GROUP]);
	EXPECT_EQ(0, memcmp(&group6, &li.group6, sizeof(group6)));
	expect_peers(_metadata, &self->nl, good6, 2);

	/* and back, leaving no peers */
	a[0] = VATTR(IFLA_VCANMC_GROUP, self->group);
	refused(_metadata, &self->nl, a, 1, EINVAL, "Group of another family than the peers",
		IFLA_VCANMC_GROUP);
	a[1] = NO_PEERS;
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(self->group.s_addr, li.group.s_addr);
	EXPECT_EQ(0, li.peers_len);
}

/* A change of the peers is a change (RTM_NEWLINK while down); the same
 * peers again are none.
 */
TEST_F(peers, change_notified_while_down)
{
	struct vcanmc_peer p[2] = { P4(192, 0, 2, 10, 0), P4(192, 0, 2, 11, 5000) };
	struct vattr a = PEERS(p, 2);
	struct link_info li;
	int mon, ifindex;

	ASSERT_EQ(0, create4(&self->nl, &self->group, NULL, 0));
	ifindex = if_nametoindex("vmc0");
	mon = rtnl_monitor_open();
	ASSERT_LE(0, mon);
	while (rtnl_monitor_count(mon, ifindex, 300))
		;

	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, rtnl_monitor_wait(mon, ifindex, 5000, &li));
	EXPECT_EQ(sizeof(p), li.peers_len);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	EXPECT_EQ(0, rtnl_monitor_count(mon, ifindex, 500));
	/* one port of one peer */
	p[1].port = 5001;
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	EXPECT_EQ(1, rtnl_monitor_count(mon, ifindex, 500));
	a = VATTR(IFLA_VCANMC_PEERS_ONLY, (uint8_t){ 1 });
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	EXPECT_EQ(1, rtnl_monitor_count(mon, ifindex, 500));
	close(mon);
}

/* Peer lists refused whatever the rest of the request: each fails with its
 * error (EINVAL unless said) and message, naming IFLA_VCANMC_PEERS, on
 * creation and on change, and a refused change leaves the link as it was.
 */
FIXTURE(bad_peers) {
	struct rtnl nl;
};

FIXTURE_VARIANT(bad_peers) {
	bool v6;	/* the link's family */
	const struct vcanmc_peer *peers;
	int len;	/* bytes of the attribute */
	const char *msg;
	int err;
};

#define PEER_LIST(p)	.peers = (p), .len = sizeof(p)
#define NOT_UNICAST	.msg = "Peer address is not unicast"

static const struct vcanmc_peer v4_unspecified[] = { P4(0, 0, 0, 0, 0) };
static const struct vcanmc_peer v4_multicast[] = { P4(224, 0, 0, 1, 0) };
static const struct vcanmc_peer v4_multicast_last[] = { P4(239, 255, 255, 255, 0) };
static const struct vcanmc_peer v4_broadcast[] = { P4(255, 255, 255, 255, 0) };
static const struct vcanmc_peer v4_zeronet[] = { P4(0, 1, 2, 3, 0) };
static const struct vcanmc_peer v6_mapped[] = {
	{ AF_INET6, 0, { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 } },
};
static const struct vcanmc_peer v4_tail[] = {
	{ AF_INET, 0, { 192, 0, 2, 1, [15] = 1 } },
};
static const struct vcanmc_peer v6_unspecified[] = { { AF_INET6, 0, { 0 } } };
static const struct vcanmc_peer v6_multicast[] = { { AF_INET6, 0, { 0xff, 0x02, [15] = 1 } } };
static const struct vcanmc_peer v4_twice[] = {
	P4(192, 0, 2, 1, 5000), P4(192, 0, 2, 1, 5001), P4(192, 0, 2, 1, 5000),
};
static const struct vcanmc_peer v6_twice[] = { P6(1, 0), P6(2, 0), P6(1, 0) };
static const struct vcanmc_peer family_unknown[] = { { AF_PACKET, 0, { 192, 0, 2, 1 } } };
static const struct vcanmc_peer v4_seventeen[] = {
	P4(10, 0, 0, 1, 0), P4(10, 0, 0, 2, 0), P4(10, 0, 0, 3, 0), P4(10, 0, 0, 4, 0),
	P4(10, 0, 0, 5, 0), P4(10, 0, 0, 6, 0), P4(10, 0, 0, 7, 0), P4(10, 0, 0, 8, 0),
	P4(10, 0, 0, 9, 0), P4(10, 0, 0, 10, 0), P4(10, 0, 0, 11, 0), P4(10, 0, 0, 12, 0),
	P4(10, 0, 0, 13, 0), P4(10, 0, 0, 14, 0), P4(10, 0, 0, 15, 0), P4(10, 0, 0, 16, 0),
	P4(10, 0, 0, 17, 0),
};

_Static_assert(sizeof(v4_seventeen) / sizeof(v4_seventeen[0]) == VCANMC_PEERS_MAX + 1,
	       "v4_seventeen must be one too many");

FIXTURE_VARIANT_ADD(bad_peers, v4_unspecified) { PEER_LIST(v4_unspecified), NOT_UNICAST };
FIXTURE_VARIANT_ADD(bad_peers, v4_multicast) { PEER_LIST(v4_multicast), NOT_UNICAST };
FIXTURE_VARIANT_ADD(bad_peers, v4_multicast_last) { PEER_LIST(v4_multicast_last), NOT_UNICAST };
FIXTURE_VARIANT_ADD(bad_peers, v4_broadcast) { PEER_LIST(v4_broadcast), NOT_UNICAST };
FIXTURE_VARIANT_ADD(bad_peers, v4_zeronet) { PEER_LIST(v4_zeronet), NOT_UNICAST };

FIXTURE_VARIANT_ADD(bad_peers, v4_tail_not_zero) {
	PEER_LIST(v4_tail), .msg = "bytes 4 to 15 of the address must be 0",
};

FIXTURE_VARIANT_ADD(bad_peers, v6_unspecified) {
	.v6 = true, PEER_LIST(v6_unspecified), NOT_UNICAST,
};

FIXTURE_VARIANT_ADD(bad_peers, v6_multicast) {
	.v6 = true, PEER_LIST(v6_multicast), NOT_UNICAST,
};

FIXTURE_VARIANT_ADD(bad_peers, v6_v4mapped) {
	.v6 = true, PEER_LIST(v6_mapped), NOT_UNICAST,
};

FIXTURE_VARIANT_ADD(bad_peers, v4_twice) {
	PEER_LIST(v4_twice), .msg = "Peer address and port given twice",
};

FIXTURE_VARIANT_ADD(bad_peers, v6_twice) {
	.v6 = true, PEER_LIST(v6_twice), .msg = "Peer address and port given twice",
};

FIXTURE_VARIANT_ADD(bad_peers, v6_on_v4_link) {
	PEER_LIST(good6), .msg = "Peer of another family than the group",
};

FIXTURE_VARIANT_ADD(bad_peers, v4_on_v6_link) {
	.v6 = true, PEER_LIST(good4), .msg = "Peer of another family than the group",
};

FIXTURE_VARIANT_ADD(bad_peers, family_unknown) {
	PEER_LIST(family_unknown), .msg = "Peer family is neither AF_INET nor AF_INET6",
};

FIXTURE_VARIANT_ADD(bad_peers, too_many) {
	PEER_LIST(v4_seventeen), .msg = "binary attribute size out of range", .err = ERANGE,
};

FIXTURE_VARIANT_ADD(bad_peers, not_whole_long) {
	.peers = good4, .len = sizeof(good4[0]) + 1,
	.msg = "Peers length is not a multiple of struct vcanmc_peer",
};

FIXTURE_VARIANT_ADD(bad_peers, not_whole_short) {
	.peers = good4, .len = sizeof(good4[0]) - 1,
	.msg = "Peers length is not a multiple of struct vcanmc_peer",
};

FIXTURE_SETUP(bad_peers)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
}

FIXTURE_TEARDOWN(bad_peers)
{
	link_del(&self->nl, "vmc0");	/* as for the peers fixture */
	rtnl_close(&self->nl);
}

/* A group of the variant's family, and @a */
static void group_and(const FIXTURE_VARIANT(bad_peers) *variant, struct vattr *all,
		      const struct vattr *a)
{
	static struct in6_addr group6;
	static struct in_addr group;

	inet_pton(AF_INET, "239.0.0.1", &group);
	inet_pton(AF_INET6, "ff15::1", &group6);
	all[0] = variant->v6 ? VATTR(IFLA_VCANMC_GROUP6, group6) : VATTR(IFLA_VCANMC_GROUP, group);
	all[1] = *a;
}

TEST_F(bad_peers, refused_on_create)
{
	struct vattr bad = { IFLA_VCANMC_PEERS, variant->len, variant->peers };
	struct vattr a[2];

	group_and(variant, a, &bad);
	refused_create(_metadata, &self->nl, a, 2, variant->err ?: EINVAL, variant->msg,
		       IFLA_VCANMC_PEERS);
}

TEST_F(bad_peers, refused_on_change)
{
	struct vattr bad = { IFLA_VCANMC_PEERS, variant->len, variant->peers };
	struct vattr a[3];

	group_and(variant, a, &PEERS(variant->v6 ? good6 : good4, 2));
	a[2] = VATTR(IFLA_VCANMC_PEERS_ONLY, (uint8_t){ 1 });
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 3)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));

	/* A good attribute before the bad one must not be applied either. */
	a[0] = VATTR(IFLA_VCANMC_PORT, (uint16_t){ 6000 });
	a[1] = bad;
	refused(_metadata, &self->nl, a, 2, variant->err ?: EINVAL, variant->msg,
		IFLA_VCANMC_PEERS);
}

TEST_HARNESS_MAIN
