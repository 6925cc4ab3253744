// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's NORM sessions on the host: a link whose session cannot start
 * is retried every second, and must not cost the daemon a file each time.
 * The case runs in a network namespace of its own (an unprivileged user
 * namespace), where lo has no IPv4 address: the link's sockets cannot
 * reach the group there, as on an underlay that has no address yet, after
 * the NORM instance was made.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>

#include "forward.h"
#include "norm.h"
#include "tap.h"

#define ATTEMPTS	20

static int open_files(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* In the child: 0 if the failed attaches left no file behind */
static int failing_attaches(void)
{
	static struct fwd f;
	struct transport *tp;
	struct vcanmc_cfg cfg = { .mask = VCANMC_CFG_BIT(IFLA_VCANMC_GROUP),
				  .port = 43120, .ttl = 1 };
	int i, first = -1, now;
	struct loop loop;
	char why[96];

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return TAP_SKIP_EXIT;
	if (loop_init(&loop))
		return 1;
	fwd_init(&f);
	f.loop = &loop;
	f.name = "vmc-test";
	inet_pton(AF_INET, "239.0.2.20", &cfg.group);
	cfg.link = if_nametoindex("lo");
	for (i = 0; i < ATTEMPTS; i++) {
		if (!norm_open(&cfg, &f, &tp, why, sizeof(why))) {
			printf("# attach %d succeeded on lo without an address\n", i);
			return TAP_SKIP_EXIT;
		}
		/* The instance's thread opens a file of its own a moment
		 * after it starts: counted from the second attempt on, the
		 * thread given time to.
		 */
		if (i == 0) {
			usleep(200000);
			continue;
		}
		now = open_files();
		if (first < 0)
			first = now;
	}
	printf("# %s; open files after the second attempt %d, after %d: %d\n", why, first,
	       ATTEMPTS, now);
	norm_uninit();
	loop_uninit(&loop);
	return now != first;
}

static int test_norm_fail_no_leak(const void *data)
{
	return tap_fork(failing_attaches, "no user and network namespace, or NORM starts on lo");
}

/* A message header may say one CAN XL record alone (PYCAN_XL_DGRAM_MAX
 * bytes), no more.
 */
static int test_msg_len(const void *data)
{
	unsigned int frames;
	uint8_t hdr[NORM_MSG_HDR];
	size_t len;
	uint32_t seq;

	norm_msg_hdr(hdr, 1, PYCAN_XL_DGRAM_MAX, 7);
	if (!norm_msg_parse(hdr, &frames, &len, &seq) || len != PYCAN_XL_DGRAM_MAX || seq != 7)
		return TAP_FAIL;
	norm_msg_hdr(hdr, 1, PYCAN_XL_DGRAM_MAX + 1, 7);
	return norm_msg_parse(hdr, &frames, &len, &seq) ? TAP_FAIL : TAP_PASS;
}

void test_norm_register(void)
{
	tap_add(test_msg_len, NULL, "norm: a message holds one CAN XL record alone at most");
	tap_add(test_norm_fail_no_leak, NULL,
		"norm: a session that cannot start, tried %d times, keeps no file open", ATTEMPTS);
}
