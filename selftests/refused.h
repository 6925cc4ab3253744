/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Refused requests, for the tests of the link attributes: a refusal fails
 * with its errno and extack message, names the attribute at fault, and
 * leaves the device as it was (or makes none). After kselftest_harness.h.
 */

#ifndef _VCANMC_SELFTEST_REFUSED_H
#define _VCANMC_SELFTEST_REFUSED_H

#include <errno.h>
#include <string.h>

#include "rtnl.h"

/* Every setting a request can change, as reported */
static void expect_same_settings(struct __test_metadata *_metadata,
				 const struct link_info *a, const struct link_info *b)
{
	EXPECT_EQ(0, memcmp(a->has, b->has, sizeof(a->has)));
	EXPECT_EQ(a->group.s_addr, b->group.s_addr);
	EXPECT_EQ(0, memcmp(&a->group6, &b->group6, sizeof(a->group6)));
	EXPECT_EQ(a->port, b->port);
	EXPECT_EQ(a->ttl, b->ttl);
	EXPECT_EQ(a->link, b->link);
	EXPECT_EQ(a->encap, b->encap);
	EXPECT_EQ(a->mcast_loop, b->mcast_loop);
	EXPECT_EQ(a->bitrate, b->bitrate);
	EXPECT_EQ(a->dbitrate, b->dbitrate);
	EXPECT_EQ(a->xlbitrate, b->xlbitrate);
	EXPECT_EQ(a->rx_err_frames, b->rx_err_frames);
	EXPECT_EQ(a->peers_len, b->peers_len);
	EXPECT_EQ(0, memcmp(a->peers, b->peers, sizeof(a->peers)));
	EXPECT_EQ(a->peers_only, b->peers_only);
	EXPECT_EQ(a->stream_id, b->stream_id);
	EXPECT_EQ(a->bus_id, b->bus_id);
	EXPECT_EQ(a->transport, b->transport);
	EXPECT_EQ(a->dest_mac_len, b->dest_mac_len);
	EXPECT_EQ(0, memcmp(a->dest_mac, b->dest_mac, sizeof(a->dest_mac)));
}

/* A change of vmc0 that must fail with @err and @msg, naming the attribute
 * of type @attr, and change nothing.
 */
static void refused(struct __test_metadata *_metadata, struct rtnl *nl,
		    const struct vattr *a, int n, int err, const char *msg, int attr)
{
	struct link_info before, after;

	ASSERT_EQ(0, link_get(nl, "vmc0", &before));
	EXPECT_EQ(-err, vmc_change(nl, "vmc0", a, n));
	EXPECT_NE(NULL, strstr(nl->extack, msg)) TH_LOG("extack \"%s\"", nl->extack);
	EXPECT_EQ(attr, nl->extack_attr);
	ASSERT_EQ(0, link_get(nl, "vmc0", &after));
	expect_same_settings(_metadata, &before, &after);
}

/* The same for creating vmc0: no device is left. */
static void refused_create(struct __test_metadata *_metadata, struct rtnl *nl,
			   const struct vattr *a, int n, int err, const char *msg, int attr)
{
	struct link_info li;

	EXPECT_EQ(-err, vmc_create(nl, "vmc0", a, n));
	EXPECT_NE(NULL, strstr(nl->extack, msg)) TH_LOG("extack \"%s\"", nl->extack);
	EXPECT_EQ(attr, nl->extack_attr);
	EXPECT_EQ(-ENODEV, link_get(nl, "vmc0", &li));
}

#endif /* _VCANMC_SELFTEST_REFUSED_H */
