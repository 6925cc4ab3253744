// SPDX-License-Identifier: GPL-2.0
/*
 * Unloading the module while vcanmc devices live, up, busy with traffic and
 * spread over namespaces, removes them all; creating a link afterwards loads
 * the module again. The kernel log check after the run catches a WARN or a
 * device that was never freed.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/syscall.h>
#include <linux/can.h>

#include "kselftest_harness.h"
#include "can.h"
#include "rtnl.h"

static int unload(void)
{
	return syscall(__NR_delete_module, "vcanmc", O_NONBLOCK) ? -errno : 0;
}

TEST(unload_with_live_devices)
{
	struct canfd_frame cf = { .can_id = 0x1, .len = 1 };
	struct link_info li;
	struct rtnl nl;
	int here, there, fd, i;
	char name[IFNAMSIZ];

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, here);
	ASSERT_EQ(0, rtnl_open(&nl));
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "vmc%d", i);
		ASSERT_EQ(0, vmc_create(&nl, name, NULL, 0)) TH_LOG("%s", nl.extack);
		ASSERT_EQ(0, link_set_up(&nl, name, i % 2));
	}
	fd = can_open("vmc1");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, can_send(fd, &cf, false));

	/* A second namespace with devices of its own. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	there = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, there);
	rtnl_close(&nl);
	ASSERT_EQ(0, rtnl_open(&nl));
	ASSERT_EQ(0, vmc_create(&nl, "vmc0", NULL, 0));
	ASSERT_EQ(0, link_set_up(&nl, "vmc0", true));

	ASSERT_EQ(0, unload());
	EXPECT_EQ(-ENODEV, link_get(&nl, "vmc0", &li));
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	rtnl_close(&nl);
	ASSERT_EQ(0, rtnl_open(&nl));
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "vmc%d", i);
		EXPECT_EQ(-ENODEV, link_get(&nl, name, &li)) TH_LOG("%s", name);
	}
	/* The socket that was bound to a vanished device learns so. */
	EXPECT_EQ(-ENODEV, can_recv(fd, &cf, NULL, 5000));
	close(fd);

	/* The alias brings the module back on demand. */
	ASSERT_EQ(0, vmc_create(&nl, "vmc0", NULL, 0)) TH_LOG("%s", nl.extack);
	ASSERT_EQ(0, link_get(&nl, "vmc0", &li));
	EXPECT_STREQ("vcanmc", li.kind);
	rtnl_close(&nl);
	close(here);
	close(there);
}

TEST_HARNESS_MAIN
