/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bus most driver tests run on, for kselftest_harness tests (include
 * after kselftest_harness.h): in a network namespace of the test's own,
 * vmc0 up and two CAN_RAW sockets a and b bound to it.
 *
 * "Exactly once" is checked without waiting: after the frames under test a
 * marker frame is sent, and a receiver must see the marker right after the
 * expected frames.
 */

#ifndef _VCANMC_SELFTEST_BUS_H
#define _VCANMC_SELFTEST_BUS_H

#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/can.h>

#include "can.h"
#include "rtnl.h"

#define TIMEOUT_MS	5000
#define MARKER_ID	0x7ff

static const struct canfd_frame marker = { .can_id = MARKER_ID, .len = 1, .data = { 0xaa } };

FIXTURE(bus) {
	struct rtnl nl;
	int ifindex;
	int a, b;
};

FIXTURE_SETUP(bus)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc0", NULL, 0)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	self->ifindex = if_nametoindex("vmc0");
	self->a = can_open("vmc0");
	self->b = can_open("vmc0");
	ASSERT_LE(0, self->a);
	ASSERT_LE(0, self->b);
}

FIXTURE_TEARDOWN(bus)
{
	close(self->a);
	close(self->b);
	rtnl_close(&self->nl);
}

/* Receives one frame on a socket and checks it is @want, sent locally
 * (MSG_DONTROUTE) or not.
 */
static inline void expect_frame(struct __test_metadata *_metadata, int fd,
				const struct canfd_frame *want, bool fd_frame, bool local)
{
	struct canfd_frame cf;
	int flags = 0;

	ASSERT_EQ(fd_frame ? CANFD_MTU : CAN_MTU, can_recv(fd, &cf, &flags, TIMEOUT_MS));
	EXPECT_EQ(want->can_id, cf.can_id);
	EXPECT_EQ(want->len, cf.len);
	EXPECT_EQ(0, memcmp(want->data, cf.data, want->len));
	EXPECT_EQ(local, !!(flags & MSG_DONTROUTE)) TH_LOG("msg_flags 0x%x", flags);
}

static inline void stats(struct __test_metadata *_metadata, struct rtnl *nl,
			 struct rtnl_link_stats64 *s)
{
	struct link_info li;

	ASSERT_EQ(0, link_get(nl, "vmc0", &li));
	*s = li.stats;
}

#endif /* _VCANMC_SELFTEST_BUS_H */
