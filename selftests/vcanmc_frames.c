// SPDX-License-Identifier: GPL-2.0
/*
 * Frames on a vcanmc link: local frames are echoed exactly once to the other
 * sockets (to the sender only with CAN_RAW_RECV_OWN_MSGS), frames the helper
 * writes through /dev/vcanmc are received frames, CAN FD follows the MTU,
 * and the counters tell the truth. vcanmc_attach.c tests the attach
 * interface itself. Every test runs in a network namespace of its own.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/can/error.h>
#include <linux/can/raw.h>
#include <linux/if.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "kselftest_harness.h"
#include "bus.h"
#include "helper.h"

TEST_F(bus, echo_exactly_once_to_others)
{
	struct canfd_frame f1 = { .can_id = 0x123, .len = 3, .data = { 1, 2, 3 } };

	/* No helper: the link is dormant, and local frames still flow. */
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_DORMANT, TIMEOUT_MS));

	ASSERT_EQ(0, can_send(self->a, &f1, false));
	ASSERT_EQ(0, can_send(self->a, &marker, false));
	expect_frame(_metadata, self->b, &f1, false, true);
	expect_frame(_metadata, self->b, &marker, false, true);

	/* The sender got neither: the first thing it sees is b's marker. */
	ASSERT_EQ(0, can_send(self->b, &marker, false));
	expect_frame(_metadata, self->a, &marker, false, true);
}

TEST_F(bus, sender_sees_own_with_recv_own_msgs)
{
	struct canfd_frame f1 = { .can_id = 0x321, .len = 1, .data = { 9 } };
	struct canfd_frame cf;
	int flags;

	ASSERT_EQ(0, can_set_opt(self->a, CAN_RAW_RECV_OWN_MSGS, 1));
	ASSERT_EQ(0, can_send(self->a, &f1, false));
	ASSERT_EQ(CAN_MTU, can_recv(self->a, &cf, &flags, TIMEOUT_MS));
	EXPECT_EQ(f1.can_id, cf.can_id);
	EXPECT_TRUE(flags & MSG_CONFIRM);

	ASSERT_EQ(0, can_send(self->b, &marker, false));
	expect_frame(_metadata, self->a, &marker, false, true);
	expect_frame(_metadata, self->b, &f1, false, true);
}

TEST_F(bus, injected_frame_is_received)
{
	struct canfd_frame f1 = { .can_id = 0x1abcdef | CAN_EFF_FLAG, .len = 8,
				  .data = { 1, 2, 3, 4, 5, 6, 7, 8 } };
	struct rtnl_link_stats64 s0, s1;
	uint8_t buf[256];
	struct hframe h[4];
	ssize_t n;
	int helper;

	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	stats(_metadata, &self->nl, &s0);

	ASSERT_EQ(0, helper_send(helper, &f1, false));
	ASSERT_EQ(0, can_send(self->a, &marker, false));

	/* Received, not an echo: no MSG_DONTROUTE, for every local socket. */
	expect_frame(_metadata, self->a, &f1, false, false);
	expect_frame(_metadata, self->b, &f1, false, false);
	expect_frame(_metadata, self->b, &marker, false, true);
	/* The helper reads the marker only: never what it wrote itself. */
	n = helper_read(helper, buf, sizeof(buf), TIMEOUT_MS);
	ASSERT_LT(0, n);
	ASSERT_EQ(1, helper_parse(buf, n, h, 4));
	EXPECT_EQ(MARKER_ID, h[0].cc.can_id);

	stats(_metadata, &self->nl, &s1);
	EXPECT_EQ(s0.rx_packets + 1, s1.rx_packets);
	EXPECT_EQ(s0.rx_bytes + 8, s1.rx_bytes);
	EXPECT_EQ(s0.tx_packets + 1, s1.tx_packets);	/* the marker only */
	close(helper);
}

TEST_F(bus, counters)
{
	struct canfd_frame classic = { .can_id = 0x10, .len = 8 };
	struct canfd_frame rtr = { .can_id = 0x11 | CAN_RTR_FLAG, .len = 4 };
	struct canfd_frame fd = { .can_id = 0x12, .len = 64, .flags = CANFD_BRS };
	struct rtnl_link_stats64 s0, s1;
	int i;

	stats(_metadata, &self->nl, &s0);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, can_send(self->a, &classic, false));
	ASSERT_EQ(0, can_send(self->a, &rtr, false));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, can_send(self->a, &fd, true));
	stats(_metadata, &self->nl, &s1);

	EXPECT_EQ(s0.tx_packets + 6, s1.tx_packets);
	EXPECT_EQ(s0.tx_bytes + 3 * 8 + 2 * 64, s1.tx_bytes);
	/* Echoes are not receptions. */
	EXPECT_EQ(s0.rx_packets, s1.rx_packets);
	EXPECT_EQ(s0.tx_dropped, s1.tx_dropped);
}

TEST_F(bus, can_fd_follows_mtu)
{
	struct canfd_frame fd = { .can_id = 0x200, .len = 64, .flags = CANFD_BRS | CANFD_ESI };
	struct canfd_frame classic = { .can_id = 0x201, .len = 8 };
	struct canfd_frame cf;
	int i;

	for (i = 0; i < 64; i++)
		fd.data[i] = i;
	ASSERT_EQ(0, can_send(self->a, &fd, true));
	ASSERT_EQ(CANFD_MTU, can_recv(self->b, &cf, NULL, TIMEOUT_MS));
	EXPECT_EQ(fd.can_id, cf.can_id);
	EXPECT_EQ(64, cf.len);
	EXPECT_EQ(CANFD_BRS | CANFD_ESI, cf.flags & (CANFD_BRS | CANFD_ESI));
	EXPECT_EQ(0, memcmp(fd.data, cf.data, 64));

	close(self->a);
	close(self->b);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	ASSERT_EQ(0, link_set_mtu(&self->nl, "vmc0", CAN_MTU));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	self->a = can_open("vmc0");
	self->b = can_open("vmc0");
	ASSERT_LE(0, self->a);
	ASSERT_LE(0, self->b);

	EXPECT_EQ(-EINVAL, can_send(self->a, &fd, true));
	ASSERT_EQ(0, can_send(self->a, &classic, false));
	expect_frame(_metadata, self->b, &classic, false, true);
}

TEST_F(bus, loopback_off_is_not_echoed)
{
	struct canfd_frame f1 = { .can_id = 0x55, .len = 1 };
	struct rtnl_link_stats64 s0, s1;

	stats(_metadata, &self->nl, &s0);
	ASSERT_EQ(0, can_set_opt(self->a, CAN_RAW_LOOPBACK, 0));
	ASSERT_EQ(0, can_send(self->a, &f1, false));
	ASSERT_EQ(0, can_set_opt(self->a, CAN_RAW_LOOPBACK, 1));
	ASSERT_EQ(0, can_send(self->a, &marker, false));
	expect_frame(_metadata, self->b, &marker, false, true);
	stats(_metadata, &self->nl, &s1);
	EXPECT_EQ(s0.tx_packets + 2, s1.tx_packets);
}

TEST_F(bus, invalid_skb_dropped_and_counted)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_CAN),
	};
	struct rtnl_link_stats64 s0, s1;
	char junk[5] = { 1, 2, 3, 4, 5 };
	int pkt;

	/* A packet socket reaches the driver without the CAN core's checks. */
	sll.sll_ifindex = if_nametoindex("vmc0");
	pkt = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, pkt);
	stats(_metadata, &self->nl, &s0);
	ASSERT_EQ(sizeof(junk), sendto(pkt, junk, sizeof(junk), 0,
				       (struct sockaddr *)&sll, sizeof(sll)));
	ASSERT_EQ(0, can_send(self->a, &marker, false));
	expect_frame(_metadata, self->b, &marker, false, true);
	stats(_metadata, &self->nl, &s1);
	EXPECT_EQ(s0.tx_dropped + 1, s1.tx_dropped);
	EXPECT_EQ(s0.tx_packets + 1, s1.tx_packets);
	close(pkt);
}

TEST_F(bus, error_and_remote_frames)
{
	struct canfd_frame err = { .can_id = CAN_ERR_FLAG | CAN_ERR_BUSOFF, .len = 8 };
	struct canfd_frame rtr = { .can_id = 0x7 | CAN_RTR_FLAG, .len = 3 };
	struct canfd_frame cf;
	can_err_mask_t mask = CAN_ERR_MASK;

	ASSERT_EQ(0, setsockopt(self->b, SOL_CAN_RAW, CAN_RAW_ERR_FILTER, &mask, sizeof(mask)));
	ASSERT_EQ(0, can_send(self->a, &err, false));
	ASSERT_EQ(0, can_send(self->a, &rtr, false));
	ASSERT_EQ(CAN_MTU, can_recv(self->b, &cf, NULL, TIMEOUT_MS));
	EXPECT_EQ(err.can_id, cf.can_id);
	ASSERT_EQ(CAN_MTU, can_recv(self->b, &cf, NULL, TIMEOUT_MS));
	EXPECT_EQ(rtr.can_id, cf.can_id);
	EXPECT_EQ(3, cf.len);
}

TEST_HARNESS_MAIN
