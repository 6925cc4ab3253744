// SPDX-License-Identifier: GPL-2.0
/*
 * IEEE 1722: IFLA_VCANMC_STREAM_ID, _BUS_ID, _TRANSPORT and _DEST_MAC.
 * Their defaults and ranges, what is stored and reported back, and the
 * rule of the Ethernet transport (encap ieee1722, an underlay, no peers)
 * in every order of requests, with the attribute a refusal names and the
 * device left as it was. Every test runs in a network namespace of its
 * own.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "refused.h"
#include "rtnl.h"

static const uint32_t ieee1722 = VCANMC_ENCAP_IEEE1722;
static const uint32_t norm = VCANMC_ENCAP_NORM;
static const uint32_t python_can = VCANMC_ENCAP_PYTHON_CAN;
static const uint8_t ethernet = VCANMC_TRANSPORT_ETHERNET;
static const uint8_t udp = VCANMC_TRANSPORT_UDP;
static const uint32_t lo = 1;		/* in every namespace, not Ethernet */
static const uint32_t no_link;
static const struct vcanmc_peer peer = { AF_INET6, 0, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };

#define NEEDS_1722	"transport ethernet needs encap ieee1722"
#define NEEDS_LINK	"transport ethernet needs IFLA_VCANMC_LINK"
#define NO_PEERS_MSG	"transport ethernet takes no unicast peers"
#define NEEDS_ETHER	"transport ethernet needs an Ethernet device as IFLA_VCANMC_LINK"
#define NO_PEERS	((struct vattr){ .type = IFLA_VCANMC_PEERS })

FIXTURE(ieee1722) {
	struct rtnl nl;
	uint32_t ul0;		/* a dummy: ARPHRD_ETHER, the Ethernet underlay */
};

FIXTURE_SETUP(ieee1722)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
	ASSERT_EQ(0, link_create_kind(&self->nl, "ul0", "dummy")) TH_LOG("%s", self->nl.extack);
	self->ul0 = if_nametoindex("ul0");
	ASSERT_NE(0, self->ul0);
}

/* Deleting vmc0 now has the kernel log tell of its end before the run's
 * log is checked (vcanmc_peers does the same).
 */
FIXTURE_TEARDOWN(ieee1722)
{
	link_del(&self->nl, "vmc0");
	rtnl_close(&self->nl);
}

/* vmc0 with encap ieee1722 on Ethernet over the dummy ul0, and @a besides */
static int create_ethernet(struct rtnl *nl, const struct vattr *a, int n)
{
	uint32_t ul0 = if_nametoindex("ul0");
	struct vattr all[8];
	int i;

	all[0] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	all[1] = VATTR(IFLA_VCANMC_LINK, ul0);
	all[2] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	for (i = 0; i < n; i++)
		all[i + 3] = a[i];
	return vmc_create(nl, "vmc0", all, n + 3);
}

TEST_F(ieee1722, defaults_reported)
{
	/* the documented default */
	static const uint8_t dest[] = { 0x91, 0xe0, 0xf0, 0x00, 0xfe, 0x00 };
	struct vattr a = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	struct link_info li;

	/* whatever the encap: python-can's defaults, then ieee1722's */
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	ASSERT_TRUE(li.has[IFLA_VCANMC_STREAM_ID]);
	EXPECT_EQ(0, li.stream_id);
	ASSERT_TRUE(li.has[IFLA_VCANMC_BUS_ID]);
	EXPECT_EQ(0, li.bus_id);
	ASSERT_TRUE(li.has[IFLA_VCANMC_TRANSPORT]);
	EXPECT_EQ(VCANMC_TRANSPORT_UDP, li.transport);
	ASSERT_TRUE(li.has[IFLA_VCANMC_DEST_MAC]);
	ASSERT_EQ(sizeof(dest), li.dest_mac_len);
	EXPECT_EQ(0, memcmp(dest, li.dest_mac, sizeof(dest)));
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(VCANMC_ENCAP_IEEE1722, li.encap);
	/* the kernel leaves the port to the tools */
	EXPECT_EQ(VCANMC_DEFAULT_PORT, li.port);
	EXPECT_EQ(0, li.stream_id);
	EXPECT_EQ(0, li.bus_id);
	EXPECT_EQ(VCANMC_TRANSPORT_UDP, li.transport);
	EXPECT_EQ(0, memcmp(dest, li.dest_mac, sizeof(dest)));
}

/* Every value of the 64 bits as given, 0 (derived) included */
TEST_F(ieee1722, stream_id_round_trip)
{
	static const uint64_t ids[] = {
		0, 0xffffffffffffffffULL, 0x0123456789abcdefULL, 1, 0x8000000000000000ULL, 0,
	};
	struct link_info li;
	struct vattr a;
	unsigned int i;

	a = VATTR(IFLA_VCANMC_STREAM_ID, ids[1]);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(ids[1], li.stream_id);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		a = VATTR(IFLA_VCANMC_STREAM_ID, ids[i]);
		ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
		ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
		EXPECT_EQ(ids[i], li.stream_id) TH_LOG("stream id %#llx",
						       (unsigned long long)ids[i]);
	}
	/* an absent attribute keeps it */
	a = VATTR(IFLA_VCANMC_STREAM_ID, ids[2]);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	a = VATTR(IFLA_VCANMC_BUS_ID, (uint16_t){ 3 });
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(ids[2], li.stream_id);
	EXPECT_EQ(3, li.bus_id);
}

TEST_F(ieee1722, bus_id_and_dest_mac_round_trip)
{
	static const uint8_t unicast[] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t last[] = { 0x91, 0xe0, 0xf0, 0x00, 0xfe, 0xff };
	struct vattr a[2];
	struct link_info li;

	a[0] = VATTR(IFLA_VCANMC_BUS_ID, (uint16_t){ VCANMC_BUS_ID_MAX });
	a[1] = VATTR(IFLA_VCANMC_DEST_MAC, unicast);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(31, li.bus_id);
	EXPECT_EQ(0, memcmp(unicast, li.dest_mac, sizeof(unicast)));

	a[0] = VATTR(IFLA_VCANMC_BUS_ID, (uint16_t){ 0 });
	a[1] = VATTR(IFLA_VCANMC_DEST_MAC, last);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(0, li.bus_id);
	EXPECT_EQ(0, memcmp(last, li.dest_mac, sizeof(last)));
}

TEST_F(ieee1722, ethernet_accepted)
{
	struct vattr a = VATTR(IFLA_VCANMC_BUS_ID, (uint16_t){ 5 });
	struct link_info li;

	ASSERT_EQ(0, create_ethernet(&self->nl, &a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(VCANMC_TRANSPORT_ETHERNET, li.transport);
	EXPECT_EQ(VCANMC_ENCAP_IEEE1722, li.encap);
	EXPECT_EQ(self->ul0, li.link);
	EXPECT_EQ(5, li.bus_id);
	/* and on a device set up that way in steps, the link first */
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	a = VATTR(IFLA_VCANMC_LINK, self->ul0);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", &a, 1));
	a = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	a = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
	/* back to udp, and what Ethernet refused is fine again */
	a = VATTR(IFLA_VCANMC_TRANSPORT, udp);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	a = VATTR(IFLA_VCANMC_PEERS, peer);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1)) TH_LOG("%s", self->nl.extack);
}

/* Ethernet first, in the same request as what breaks the rule */
TEST_F(ieee1722, ethernet_refused_on_create)
{
	struct vattr a[4];

	a[0] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	a[1] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	refused_create(_metadata, &self->nl, a, 2, EINVAL, NEEDS_1722, IFLA_VCANMC_TRANSPORT);
	a[2] = VATTR(IFLA_VCANMC_ENCAP, norm);
	refused_create(_metadata, &self->nl, a, 3, EINVAL, NEEDS_1722, IFLA_VCANMC_TRANSPORT);

	a[1] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	refused_create(_metadata, &self->nl, a, 2, EINVAL, NEEDS_LINK, IFLA_VCANMC_TRANSPORT);
	a[2] = VATTR(IFLA_VCANMC_LINK, no_link);
	refused_create(_metadata, &self->nl, a, 3, EINVAL, NEEDS_LINK, IFLA_VCANMC_TRANSPORT);

	a[2] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	a[3] = VATTR(IFLA_VCANMC_PEERS, peer);
	refused_create(_metadata, &self->nl, a, 4, EINVAL, NO_PEERS_MSG, IFLA_VCANMC_TRANSPORT);
	a[3] = NO_PEERS;
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 4)) TH_LOG("%s", self->nl.extack);
}

/* Ethernet first, then what breaks the rule: refused, naming it, unless
 * the same request sets udp
 */
TEST_F(ieee1722, ethernet_then_other_encap)
{
	struct vattr a[2];

	ASSERT_EQ(0, create_ethernet(&self->nl, NULL, 0)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_ENCAP, norm);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_1722, IFLA_VCANMC_ENCAP);
	a[0] = VATTR(IFLA_VCANMC_ENCAP, python_can);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_1722, IFLA_VCANMC_ENCAP);
	/* the same encap again is no change of it */
	a[0] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_ENCAP, python_can);
	a[1] = VATTR(IFLA_VCANMC_TRANSPORT, udp);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
}

TEST_F(ieee1722, ethernet_then_no_link)
{
	struct vattr a[2];
	struct link_info li;

	ASSERT_EQ(0, create_ethernet(&self->nl, NULL, 0)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_LINK, no_link);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_LINK, IFLA_VCANMC_LINK);
	a[1] = VATTR(IFLA_VCANMC_TRANSPORT, udp);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(0, li.link);
	EXPECT_EQ(VCANMC_TRANSPORT_UDP, li.transport);
}

TEST_F(ieee1722, ethernet_then_peers)
{
	struct vattr a[2];

	ASSERT_EQ(0, create_ethernet(&self->nl, NULL, 0)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_PEERS, peer);
	refused(_metadata, &self->nl, a, 1, EINVAL, NO_PEERS_MSG, IFLA_VCANMC_PEERS);
	/* no peers is fine */
	a[0] = NO_PEERS;
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_PEERS, peer);
	a[1] = VATTR(IFLA_VCANMC_TRANSPORT, udp);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
}

/* What breaks the rule first, then Ethernet: refused, naming the
 * transport, unless the same request mends it
 */
TEST_F(ieee1722, other_encap_then_ethernet)
{
	struct vattr a[2];

	a[0] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	a[1] = VATTR(IFLA_VCANMC_ENCAP, norm);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_1722, IFLA_VCANMC_TRANSPORT);
	a[1] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
}

TEST_F(ieee1722, no_link_then_ethernet)
{
	struct vattr a[2];

	a[0] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_LINK, IFLA_VCANMC_TRANSPORT);
	a[1] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
}

TEST_F(ieee1722, peers_then_ethernet)
{
	struct vattr a[3];

	a[0] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	a[1] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	a[2] = VATTR(IFLA_VCANMC_PEERS, peer);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 3)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	refused(_metadata, &self->nl, a, 1, EINVAL, NO_PEERS_MSG, IFLA_VCANMC_TRANSPORT);
	a[1] = NO_PEERS;
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
}

/* A namespace move resets the link and keeps the transport: the helper
 * stays detached until a link is set. Requests about other settings go
 * through meanwhile; one that sets Ethernet again, or link 0, does not.
 */
TEST_F(ieee1722, netns_move_keeps_transport)
{
	struct vattr a[2];
	struct link_info li;
	int here, there;

	a[0] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	a[1] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);

	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, here);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	there = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	ASSERT_EQ(0, link_set_netns(&self->nl, "vmc0", there)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, setns(there, CLONE_NEWNET));
	rtnl_close(&self->nl);
	ASSERT_EQ(0, rtnl_open(&self->nl));
	ASSERT_EQ(0, link_create_kind(&self->nl, "ul0", "dummy")) TH_LOG("%s", self->nl.extack);
	self->ul0 = if_nametoindex("ul0");

	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(0, li.link);
	EXPECT_EQ(VCANMC_TRANSPORT_ETHERNET, li.transport);
	EXPECT_EQ(VCANMC_ENCAP_IEEE1722, li.encap);

	a[0] = VATTR(IFLA_VCANMC_BUS_ID, (uint16_t){ 9 });
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_LINK, IFLA_VCANMC_TRANSPORT);
	a[0] = VATTR(IFLA_VCANMC_LINK, no_link);
	refused(_metadata, &self->nl, a, 1, EINVAL, NEEDS_LINK, IFLA_VCANMC_LINK);
	a[0] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(self->ul0, li.link);
	EXPECT_EQ(VCANMC_TRANSPORT_ETHERNET, li.transport);
	EXPECT_EQ(9, li.bus_id);
	close(here);
	close(there);
}

/* Ethernet frames need an Ethernet underlay: a device of another type is
 * refused in either order, naming the attribute of the request that
 * broke the rule
 */
static void not_ethernet_refused(struct __test_metadata *_metadata,
				 FIXTURE_DATA(ieee1722) *self, uint32_t ifindex)
{
	struct vattr a[3];

	/* all in one request */
	a[0] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	a[1] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	a[2] = VATTR(IFLA_VCANMC_LINK, ifindex);
	refused_create(_metadata, &self->nl, a, 3, EINVAL, NEEDS_ETHER, IFLA_VCANMC_TRANSPORT);

	/* Ethernet first, then the link */
	ASSERT_EQ(0, create_ethernet(&self->nl, NULL, 0)) TH_LOG("%s", self->nl.extack);
	refused(_metadata, &self->nl, &a[2], 1, EINVAL, NEEDS_ETHER, IFLA_VCANMC_LINK);
	a[1] = VATTR(IFLA_VCANMC_TRANSPORT, udp);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a[1], 2)) TH_LOG("%s", self->nl.extack);

	/* the link first (udp takes it), then Ethernet */
	a[1] = VATTR(IFLA_VCANMC_TRANSPORT, ethernet);
	refused(_metadata, &self->nl, &a[1], 1, EINVAL, NEEDS_ETHER, IFLA_VCANMC_TRANSPORT);
	a[2] = VATTR(IFLA_VCANMC_LINK, self->ul0);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a[1], 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
}

TEST_F(ieee1722, ethernet_refuses_lo)
{
	not_ethernet_refused(_metadata, self, lo);
}

/* ipip's fallback device tunl0 (ARPHRD_TUNNEL): asking for an ipip
 * device loads the module, which gives each namespace one (and refuses
 * ours, of the same parameters, as EEXIST)
 */
TEST_F(ieee1722, ethernet_refuses_tunnel)
{
	uint32_t tunl0;

	link_create_kind(&self->nl, "ipip0", "ipip");
	tunl0 = if_nametoindex("tunl0");
	if (!tunl0)
		SKIP(return, "no ipip tunnel: %s", self->nl.extack);
	not_ethernet_refused(_metadata, self, tunl0);
}

/* A change of any of them is a change (RTM_NEWLINK while down); the same
 * values again are none.
 */
TEST_F(ieee1722, change_notified_while_down)
{
	static const uint8_t mac[] = { 0x91, 0xe0, 0xf0, 0x00, 0xfe, 0x01 };
	struct vattr a[4];
	int mon, ifindex;

	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0));
	ifindex = if_nametoindex("vmc0");
	mon = rtnl_monitor_open();
	ASSERT_LE(0, mon);
	while (rtnl_monitor_count(mon, ifindex, 300))
		;

	a[0] = VATTR(IFLA_VCANMC_STREAM_ID, (uint64_t){ 0x1122334455667788ULL });
	a[1] = VATTR(IFLA_VCANMC_BUS_ID, (uint16_t){ 1 });
	a[2] = VATTR(IFLA_VCANMC_DEST_MAC, mac);
	a[3] = VATTR(IFLA_VCANMC_ENCAP, ieee1722);
	for (int i = 0; i < 4; i++) {
		ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a[i], 1)) TH_LOG("%s", self->nl.extack);
		EXPECT_EQ(1, rtnl_monitor_count(mon, ifindex, 500)) TH_LOG("attribute %d", i);
	}
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", a, 4));
	EXPECT_EQ(0, rtnl_monitor_count(mon, ifindex, 500));
	close(mon);
}

/* Out of range, the wrong length, a zero MAC: refused on creation and on
 * change, a good attribute before the bad one not applied either.
 */
FIXTURE(bad_1722) {
	struct rtnl nl;
};

FIXTURE_VARIANT(bad_1722) {
	int type;
	int len;
	const char *data;
	const char *msg;
	int err;
};

#define OUT_OF_RANGE	.msg = "integer out of range", .err = ERANGE
#define BAD_SIZE	.msg = "binary attribute size out of range", .err = ERANGE

FIXTURE_VARIANT_ADD(bad_1722, bus_id_32) {
	.type = IFLA_VCANMC_BUS_ID, .len = 2, .data = "\x20\0", OUT_OF_RANGE,
};

/* ACF_CAN_XL's 11 bits: wide enough, but not taken (yet) */
FIXTURE_VARIANT_ADD(bad_1722, bus_id_2047) {
	.type = IFLA_VCANMC_BUS_ID, .len = 2, .data = "\xff\x07", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad_1722, bus_id_65535) {
	.type = IFLA_VCANMC_BUS_ID, .len = 2, .data = "\xff\xff", OUT_OF_RANGE,
};

/* NLA_U16: a u8, as the attribute was before, is refused, not misread */
FIXTURE_VARIANT_ADD(bad_1722, bus_id_u8) {
	.type = IFLA_VCANMC_BUS_ID, .len = 1, .data = "\x01",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad_1722, bus_id_u32) {
	.type = IFLA_VCANMC_BUS_ID, .len = 4, .data = "\x01\0\0\0",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad_1722, transport_2) {
	.type = IFLA_VCANMC_TRANSPORT, .len = 1, .data = "\x02", OUT_OF_RANGE,
};

FIXTURE_VARIANT_ADD(bad_1722, transport_u32) {
	.type = IFLA_VCANMC_TRANSPORT, .len = 4, .data = "\x01\0\0\0",
	.msg = "invalid attribute length",
};

FIXTURE_VARIANT_ADD(bad_1722, dest_mac_5) {
	.type = IFLA_VCANMC_DEST_MAC, .len = 5, .data = "\x91\xe0\xf0\x00\xfe", BAD_SIZE,
};

FIXTURE_VARIANT_ADD(bad_1722, dest_mac_7) {
	.type = IFLA_VCANMC_DEST_MAC, .len = 7, .data = "\x91\xe0\xf0\x00\xfe\x00\x01", BAD_SIZE,
};

FIXTURE_VARIANT_ADD(bad_1722, dest_mac_zero) {
	.type = IFLA_VCANMC_DEST_MAC, .len = 6, .data = "\0\0\0\0\0\0",
	.msg = "Destination MAC address is 00:00:00:00:00:00",
};

FIXTURE_VARIANT_ADD(bad_1722, stream_id_u32) {
	.type = IFLA_VCANMC_STREAM_ID, .len = 4, .data = "\x01\0\0\0",
	.msg = "invalid attribute length",
};

/* padding the kernel may report, never takes */
FIXTURE_VARIANT_ADD(bad_1722, pad) {
	.type = IFLA_VCANMC_PAD, .len = 0, .data = "",
	.msg = "Unsupported attribute",
};

FIXTURE_VARIANT_ADD(bad_1722, pad_u64) {
	.type = IFLA_VCANMC_PAD, .len = 8, .data = "\0\0\0\0\0\0\0\0",
	.msg = "Unsupported attribute",
};

FIXTURE_SETUP(bad_1722)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
	/* create_ethernet()'s underlay */
	ASSERT_EQ(0, link_create_kind(&self->nl, "ul0", "dummy")) TH_LOG("%s", self->nl.extack);
}

FIXTURE_TEARDOWN(bad_1722)
{
	link_del(&self->nl, "vmc0");
	rtnl_close(&self->nl);
}

TEST_F(bad_1722, refused_on_create)
{
	struct vattr a = { variant->type, variant->len, variant->data };

	refused_create(_metadata, &self->nl, &a, 1, variant->err ?: EINVAL, variant->msg,
		       variant->type);
}

TEST_F(bad_1722, refused_on_change)
{
	struct vattr a[2];

	ASSERT_EQ(0, create_ethernet(&self->nl, NULL, 0)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	a[0] = VATTR(IFLA_VCANMC_BUS_ID, (uint16_t){ 4 });
	a[1] = (struct vattr){ variant->type, variant->len, variant->data };
	refused(_metadata, &self->nl, a, 2, variant->err ?: EINVAL, variant->msg, variant->type);
}

TEST_HARNESS_MAIN
