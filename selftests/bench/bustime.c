// SPDX-License-Identifier: GPL-2.0
/*
 * bustime - how exactly a vcanmc device with a bit rate keeps time, for
 * "make bench". It floods IFACE with 8-byte frames for SECS seconds from
 * one socket and receives their echoes on another, with receive time
 * stamps (SO_TIMESTAMPNS), which the driver sets to the end of each frame's
 * transmission on the emulated bus:
 *
 *   schedule   how far the time stamps stray from the ideal back-to-back
 *              schedule that kmod/bits.c gives (first stamp plus the
 *              durations of the frames since): the model itself
 *   delivery   how late an echo reaches the receiver after its stamp: the
 *              high resolution timer, the softirq and the wakeup together
 *
 * Prints one line: frames=N sched_max_ns=... lag_mean_us=... lag_p99_us=...
 *
 * Usage: bustime IFACE BITRATE SECS (in the network namespace of IFACE)
 */
#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/can/raw.h>

#include "../../kmod/bits.h"

#define MAX_FRAMES	2000000

static uint64_t now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int can_socket(const char *ifname)
{
	struct sockaddr_can addr = { .can_family = AF_CAN };
	int fd, one = 1, big = 32 << 20;

	addr.can_ifindex = if_nametoindex(ifname);
	fd = socket(PF_CAN, SOCK_RAW | SOCK_CLOEXEC, CAN_RAW);
	if (fd < 0 || !addr.can_ifindex ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror(ifname);
		exit(1);
	}
	return fd;
}

struct flood {
	int fd;
	uint64_t until;
	unsigned int sent;
};

static void frame_of(unsigned int i, struct can_frame *cf)
{
	memset(cf, 0, sizeof(*cf));
	cf->can_id = 0x100 + (i * 37) % 0x600;
	cf->len = 8;
	memcpy(cf->data, &i, sizeof(i));
	cf->data[7] = i * 13;
}

static void *flood_fn(void *arg)
{
	struct flood *fl = arg;
	struct can_frame cf;

	while (now(CLOCK_MONOTONIC) < fl->until) {
		frame_of(fl->sent, &cf);
		if (write(fl->fd, &cf, sizeof(cf)) != sizeof(cf))
			break;
		fl->sent++;
	}
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static uint64_t lag[MAX_FRAMES];
	uint64_t br, t0 = 0, ideal = 0, ts, sum = 0, worst = 0;
	char ctl[CMSG_SPACE(sizeof(struct timespec))];
	struct flood fl;
	struct can_frame cf, want;
	unsigned int n = 0;
	pthread_t t;

	if (argc != 4) {
		fprintf(stderr, "usage: bustime IFACE BITRATE SECS\n");
		return 1;
	}
	br = strtoull(argv[2], NULL, 0);
	fl.fd = can_socket(argv[1]);
	fl.sent = 0;
	fl.until = now(CLOCK_MONOTONIC) + (uint64_t)(atof(argv[3]) * 1e9);
	int rx = can_socket(argv[1]);

	if (!br || pthread_create(&t, NULL, flood_fn, &fl))
		return 1;
	for (;;) {
		struct iovec iov = { &cf, sizeof(cf) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl, .msg_controllen = sizeof(ctl) };
		struct timeval tv = { 2, 0 };
		struct cmsghdr *c;
		struct timespec st;
		struct vcanmc_bits b;
		uint64_t arrived, err;

		setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (recvmsg(rx, &mh, 0) < 0)
			break;
		arrived = now(CLOCK_REALTIME);
		ts = 0;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
				memcpy(&st, CMSG_DATA(c), sizeof(st));
				ts = st.tv_sec * 1000000000ULL + st.tv_nsec;
			}
		}
		frame_of(n, &want);
		if (cf.can_id != want.can_id || memcmp(cf.data, want.data, 8)) {
			fprintf(stderr, "bustime: frame %u out of order\n", n);
			return 1;
		}
		/* back to back while the flood lasts: the ideal schedule */
		if (!n) {
			t0 = ts;
		} else {
			vcanmc_frame_bits(&want, VCANMC_FRAME_CC, &b);
			ideal += (b.nominal * 1000000000ULL + br / 2) / br;
			err = ts > t0 + ideal ? ts - t0 - ideal : t0 + ideal - ts;
			if (n < fl.sent * 9 / 10 && err > worst)
				worst = err;
		}
		lag[n] = arrived > ts ? arrived - ts : 0;
		sum += lag[n];
		if (++n == MAX_FRAMES)
			break;
	}
	pthread_join(t, NULL);
	if (!n)
		return 1;
	qsort(lag, n, sizeof(lag[0]), cmp);
	printf("frames=%u sched_max_ns=%llu lag_mean_us=%.1f lag_p99_us=%.1f\n", n,
	       (unsigned long long)worst, sum / 1000.0 / n, lag[n * 99 / 100] / 1000.0);
	return 0;
}
