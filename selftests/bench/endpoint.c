// SPDX-License-Identifier: GPL-2.0
/*
 * CAN sockets in other network namespaces. The tool enters a namespace
 * only to create and bind a socket, then returns to its own: a socket stays
 * in the namespace it was created in, so that one process can send in one
 * host and receive in the other.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/can/raw.h>
#include <linux/sock_diag.h>

#include "canbench.h"

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void sleep_until(int64_t ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int ep_parse(struct endpoint *ep, const char *spec)
{
	const char *colon = strchr(spec, ':');
	const char *ifname = colon ? colon + 1 : spec;
	size_t nslen = colon ? (size_t)(colon - spec) : 0;

	memset(ep, 0, sizeof(*ep));
	if (nslen >= sizeof(ep->netns) || !*ifname || strlen(ifname) >= sizeof(ep->ifname) ||
	    memchr(spec, '/', nslen) || (colon && !nslen)) {
		fprintf(stderr, "canbench: bad endpoint \"%s\" (NETNS:IFNAME or IFNAME)\n", spec);
		return -EINVAL;
	}
	memcpy(ep->netns, spec, nslen);
	strcpy(ep->ifname, ifname);
	return 0;
}

static int set_int(int fd, int level, int opt, int val)
{
	return setsockopt(fd, level, opt, &val, sizeof(val)) ? -errno : 0;
}

static int open_bound(const struct endpoint *ep, canid_t rx_id, int rcvbuf)
{
	struct can_filter filter = { rx_id, CAN_EFF_FLAG | CAN_RTR_FLAG | CAN_SFF_MASK };
	struct sockaddr_can addr = { .can_family = AF_CAN };
	int fd, err;

	addr.can_ifindex = if_nametoindex(ep->ifname);
	if (!addr.can_ifindex) {
		err = -errno;
		fprintf(stderr, "canbench: %s: %s\n", ep->ifname, strerror(errno));
		return err;
	}
	fd = socket(PF_CAN, SOCK_RAW | SOCK_CLOEXEC, CAN_RAW);
	if (fd < 0) {
		err = -errno;
		perror("canbench: CAN socket");
		return err;
	}
	if (rx_id == CB_NO_RX)
		err = setsockopt(fd, SOL_CAN_RAW, CAN_RAW_FILTER, NULL, 0) ? -errno : 0;
	else
		err = setsockopt(fd, SOL_CAN_RAW, CAN_RAW_FILTER, &filter,
				 sizeof(filter)) ? -errno : 0;
	/* Above net.core.rmem_max as root; what rmem_max allows otherwise. */
	if (!err && set_int(fd, SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf))
		err = set_int(fd, SOL_SOCKET, SO_RCVBUF, rcvbuf);
	if (!err)
		err = set_int(fd, SOL_SOCKET, SO_RXQ_OVFL, 1);
	if (err) {
		fprintf(stderr, "canbench: CAN socket options: %s\n", strerror(-err));
		goto err_close;
	}
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		err = -errno;
		fprintf(stderr, "canbench: bind to %s: %s\n", ep->ifname, strerror(errno));
		goto err_close;
	}
	return fd;

err_close:
	close(fd);
	return err;
}

int ep_socket(const struct endpoint *ep, canid_t rx_id, int rcvbuf)
{
	char path[128];
	int home, there, fd, err;

	if (!ep->netns[0])
		return open_bound(ep, rx_id, rcvbuf);

	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		err = -errno;
		perror("canbench: /proc/self/ns/net");
		return err;
	}
	snprintf(path, sizeof(path), "/var/run/netns/%s", ep->netns);
	there = open(path, O_RDONLY | O_CLOEXEC);
	if (there < 0) {
		err = -errno;
		fprintf(stderr, "canbench: network namespace %s: %s\n", ep->netns, strerror(errno));
		goto out_home;
	}
	if (setns(there, CLONE_NEWNET)) {
		err = -errno;
		fprintf(stderr, "canbench: entering %s: %s\n", ep->netns, strerror(errno));
		goto out_there;
	}
	fd = open_bound(ep, rx_id, rcvbuf);
	if (setns(home, CLONE_NEWNET)) {
		/* Later sockets would land in the wrong namespace. */
		perror("canbench: returning to the own network namespace");
		if (fd >= 0)
			close(fd);
		fd = -EIO;
	}
	err = fd;
out_there:
	close(there);
out_home:
	close(home);
	return err;
}

uint32_t sock_drops(int fd)
{
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(mem);

	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &len) || len <= SK_MEMINFO_DROPS * 4)
		return 0;
	return mem[SK_MEMINFO_DROPS];
}
