// SPDX-License-Identifier: GPL-2.0
/*
 * The attach interface, /dev/vcanmc, as a helper uses it: who may attach
 * and to what, one file per device, the records read() gives and write()
 * takes, what a bad record does to a batch, the bounded queue towards the
 * helper, and what is left of a file whose device went away. Every test
 * runs on the bus of bus.h.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/can.h>
#include <linux/can/error.h>
#include <linux/can/raw.h>
#include <linux/capability.h>
#include <linux/if.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "kselftest_harness.h"
#include "bus.h"
#include "helper.h"

#define REC_HDR		sizeof(struct vcanmc_rec)

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Reads exactly @n frames from the helper, in as many reads as it takes. */
static void read_frames(struct __test_metadata *_metadata, int helper,
			struct hframe *h, int n)
{
	static uint8_t buf[65536] __attribute__((aligned(8)));
	int got = 0, k;
	ssize_t len;

	while (got < n) {
		len = helper_read(helper, buf, sizeof(buf), TIMEOUT_MS);
		ASSERT_LT(0, len) TH_LOG("read: %s", strerror(-len));
		k = helper_parse(buf, len, h + got, n - got);
		ASSERT_LT(0, k) TH_LOG("malformed or too many records");
		got += k;
	}
}

TEST_F(bus, attach_makes_up_and_close_dormant)
{
	struct link_info li;
	int h;

	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_DORMANT, li.operstate);
	h = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_UP, li.operstate);
	close(h);
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_DORMANT, 1000));
	/* and the device is free for the next helper at once */
	h = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h);
	close(h);
}

TEST_F(bus, one_file_per_device)
{
	int h1, h2;

	h1 = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h1);
	h2 = helper_open(0);
	ASSERT_LE(0, h2);
	EXPECT_EQ(-EBUSY, helper_attach(h2, self->ifindex, 0));
	/* and one device per file */
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc1", NULL, 0));
	EXPECT_EQ(-EALREADY, helper_attach(h1, if_nametoindex("vmc1"), 0));
	close(h1);
	EXPECT_EQ(0, helper_attach(h2, self->ifindex, 0));
	close(h2);
}

TEST_F(bus, attach_refusals)
{
	struct vcanmc_attach req = { .ifindex = self->ifindex, .version = VCANMC_REC_VERSION };
	int h, d;

	h = helper_open(0);
	ASSERT_LE(0, h);
	EXPECT_EQ(-ENODEV, helper_attach(h, 100000, 0));
	/* not a vcanmc device: lo, and a dummy */
	EXPECT_EQ(-EINVAL, helper_attach(h, 1, 0));
	ASSERT_EQ(0, link_create_kind(&self->nl, "dummy0", "dummy"));
	d = if_nametoindex("dummy0");
	EXPECT_EQ(-EINVAL, helper_attach(h, d, 0));
	EXPECT_EQ(-EINVAL, helper_attach(h, self->ifindex, VCANMC_QUEUE_MAX + 1));

	req.version = VCANMC_REC_VERSION + 1;
	EXPECT_EQ(-1, ioctl(h, VCANMC_IOC_ATTACH, &req));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
	req.version = VCANMC_REC_VERSION;
	req.flags = VCANMC_ATTACH_F_LOSSLESS << 1;	/* not defined */
	EXPECT_EQ(-1, ioctl(h, VCANMC_IOC_ATTACH, &req));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(h, _IO(VCANMC_IOC_MAGIC, 0x0f)));
	EXPECT_EQ(ENOTTY, errno);

	/* None of it attached the file. */
	EXPECT_EQ(0, helper_attach(h, self->ifindex, VCANMC_QUEUE_MAX));
	close(h);
}

static int drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[cap / 32].effective &= ~(1u << (cap % 32));
	data[cap / 32].permitted &= ~(1u << (cap % 32));
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

#define CHILD_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "child: line %d: %s: %s\n", __LINE__, #cond,	\
			strerror(errno));				\
		_exit(1);						\
	}								\
} while (0)

static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST_F(bus, needs_cap_net_admin)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		int h = helper_open(0);

		CHILD_CHECK(h >= 0);
		/* root without CAP_NET_ADMIN, and CAP_NET_RAW alone */
		CHILD_CHECK(!drop_cap(CAP_NET_ADMIN));
		CHILD_CHECK(helper_attach(h, if_nametoindex("vmc0"), 0) == -EPERM);
		_exit(0);
	}
	EXPECT_EQ(0, wait_child(pid));
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* An unprivileged user owns a user namespace and a network namespace in it:
 * it may run the bus of that namespace, not of the one it came from.
 */
TEST_F(bus, unprivileged_user_namespace)
{
	int val = 0;
	FILE *f;
	pid_t pid;

	f = fopen("/proc/sys/kernel/unprivileged_userns_clone", "r");
	if (f) {
		if (fscanf(f, "%d", &val) == 1 && !val)
			ASSERT_EQ(0, write_file("/proc/sys/kernel/unprivileged_userns_clone", "1"));
		fclose(f);
	}

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct canfd_frame cf = { .can_id = 0x42, .len = 1, .data = { 7 } };
		int outer = if_nametoindex("vmc0"), h, s;
		uint8_t buf[256] __attribute__((aligned(8)));
		struct hframe fr[2];
		struct rtnl nl;
		ssize_t n;

		CHILD_CHECK(!setgroups(0, NULL));
		CHILD_CHECK(!setresgid(65534, 65534, 65534));
		CHILD_CHECK(!setresuid(65534, 65534, 65534));
		/* Changing the uid made the process undumpable, and its /proc
		 * files root's.
		 */
		CHILD_CHECK(!prctl(PR_SET_DUMPABLE, 1));
		h = helper_open(0);
		CHILD_CHECK(h >= 0);
		/* The namespace the test runs in belongs to the initial user
		 * namespace, where nobody has no capability.
		 */
		CHILD_CHECK(helper_attach(h, outer, 0) == -EPERM);

		CHILD_CHECK(!unshare(CLONE_NEWUSER | CLONE_NEWNET));
		CHILD_CHECK(!write_file("/proc/self/setgroups", "deny"));
		CHILD_CHECK(!write_file("/proc/self/uid_map", "0 65534 1"));
		CHILD_CHECK(!write_file("/proc/self/gid_map", "0 65534 1"));
		/* The outer device is no device here (which has lo only). */
		CHILD_CHECK(helper_attach(h, outer, 0) == -ENODEV);
		CHILD_CHECK(!rtnl_open(&nl));
		CHILD_CHECK(!vmc_create(&nl, "vmc9", NULL, 0));
		CHILD_CHECK(!link_set_up(&nl, "vmc9", true));
		CHILD_CHECK(helper_attach(h, if_nametoindex("vmc9"), 0) == 0);
		s = can_open("vmc9");
		CHILD_CHECK(s >= 0);
		CHILD_CHECK(!can_send(s, &cf, false));
		n = helper_read(h, buf, sizeof(buf), TIMEOUT_MS);
		CHILD_CHECK(n > 0);
		CHILD_CHECK(helper_parse(buf, n, fr, 2) == 1);
		CHILD_CHECK(fr[0].cc.can_id == 0x42);
		_exit(0);
	}
	EXPECT_EQ(0, wait_child(pid));
}

TEST_F(bus, device_of_another_namespace)
{
	int h = helper_open(0);

	ASSERT_LE(0, h);
	/* The file was opened here; the caller moved on. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	EXPECT_EQ(-ENODEV, helper_attach(h, self->ifindex, 0));
	close(h);
}

TEST_F(bus, reads_every_frame_kind)
{
	struct canfd_frame cc = { .can_id = 0x123, .len = 8, .data = { 1, 2, 3, 4, 5, 6, 7, 8 } };
	struct canfd_frame eff = { .can_id = 0x1abcdef0 | CAN_EFF_FLAG, .len = 2,
				   .data = { 0xc0, 0xfe } };
	struct canfd_frame rtr = { .can_id = 0x321 | CAN_RTR_FLAG, .len = 5 };
	struct canfd_frame err = { .can_id = CAN_ERR_FLAG | CAN_ERR_BUSOFF, .len = 8 };
	struct canfd_frame fd = { .can_id = 0x456, .len = 64, .flags = CANFD_BRS | CANFD_ESI };
	struct hframe h[5];
	uint64_t t0, t1;
	int helper, i;

	for (i = 0; i < 64; i++)
		fd.data[i] = i;
	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	t0 = realtime_ns();
	ASSERT_EQ(0, can_send(self->a, &cc, false));
	ASSERT_EQ(0, can_send(self->a, &eff, false));
	ASSERT_EQ(0, can_send(self->a, &rtr, false));
	ASSERT_EQ(0, can_send(self->a, &err, false));
	ASSERT_EQ(0, can_send(self->a, &fd, true));
	t1 = realtime_ns();
	/* Five frames, one read: records come in batches. */
	read_frames(_metadata, helper, h, 5);

	for (i = 0; i < 4; i++) {
		const struct canfd_frame *want[] = { &cc, &eff, &rtr, &err };

		EXPECT_EQ(VCANMC_REC_CAN, h[i].type);
		EXPECT_EQ(CAN_MTU, h[i].len);
		EXPECT_EQ(want[i]->can_id, h[i].cc.can_id);
		EXPECT_EQ(want[i]->len, h[i].cc.len);
		EXPECT_EQ(0, memcmp(want[i]->data, h[i].cc.data,
				    want[i]->can_id & CAN_RTR_FLAG ? 0 : want[i]->len));
		EXPECT_LE(t0, h[i].tstamp);
		EXPECT_GE(t1, h[i].tstamp);
	}
	EXPECT_EQ(VCANMC_REC_CANFD, h[4].type);
	EXPECT_EQ(CANFD_MTU, h[4].len);
	EXPECT_EQ(fd.can_id, h[4].fd.can_id);
	EXPECT_EQ(64, h[4].fd.len);
	EXPECT_EQ(CANFD_BRS | CANFD_ESI, h[4].fd.flags & (CANFD_BRS | CANFD_ESI));
	EXPECT_EQ(0, memcmp(fd.data, h[4].fd.data, 64));
	close(helper);
}

TEST_F(bus, loopback_off_reaches_the_helper)
{
	struct canfd_frame f1 = { .can_id = 0x55, .len = 1, .data = { 5 } };
	struct hframe h[2];
	int helper;

	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	ASSERT_EQ(0, can_set_opt(self->a, CAN_RAW_LOOPBACK, 0));
	ASSERT_EQ(0, can_send(self->a, &f1, false));
	ASSERT_EQ(0, can_set_opt(self->a, CAN_RAW_LOOPBACK, 1));
	ASSERT_EQ(0, can_send(self->a, &marker, false));
	/* Not echoed locally, but on the bus all the same */
	expect_frame(_metadata, self->b, &marker, false, true);
	read_frames(_metadata, helper, h, 2);
	EXPECT_EQ(f1.can_id, h[0].cc.can_id);
	EXPECT_EQ(MARKER_ID, h[1].cc.can_id);
	close(helper);
}

TEST_F(bus, writes_are_received_frames)
{
	struct canfd_frame cc = { .can_id = 0x123, .len = 3, .data = { 1, 2, 3 } };
	struct canfd_frame eff = { .can_id = 0x1abcdef0 | CAN_EFF_FLAG, .len = 8,
				   .data = { 9, 8, 7, 6, 5, 4, 3, 2 } };
	struct canfd_frame rtr = { .can_id = 0x7 | CAN_RTR_FLAG, .len = 3 };
	struct canfd_frame err = { .can_id = CAN_ERR_FLAG | CAN_ERR_CRTL, .len = 8,
				   .data = { 0, 4 } };
	struct canfd_frame fd = { .can_id = 0x456, .len = 48, .flags = CANFD_BRS };
	struct rtnl_link_stats64 s0, s1;
	uint8_t buf[1024] __attribute__((aligned(8)));
	can_err_mask_t mask = CAN_ERR_MASK;
	size_t off = 0, len;
	struct hframe h[2];
	int helper, i;

	for (i = 0; i < 48; i++)
		fd.data[i] = 0x80 + i;
	ASSERT_EQ(0, setsockopt(self->b, SOL_CAN_RAW, CAN_RAW_ERR_FILTER, &mask, sizeof(mask)));
	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	stats(_metadata, &self->nl, &s0);

	helper_put(buf, &off, VCANMC_REC_CAN, &cc, CAN_MTU);
	helper_put(buf, &off, VCANMC_REC_CAN, &eff, CAN_MTU);
	helper_put(buf, &off, VCANMC_REC_CAN, &rtr, CAN_MTU);
	helper_put(buf, &off, VCANMC_REC_CAN, &err, CAN_MTU);
	len = helper_put(buf, &off, VCANMC_REC_CANFD, &fd, CANFD_MTU);
	/* The last record may go without its padding. */
	len = off - VCANMC_REC_PAD(len) + len;
	ASSERT_EQ((ssize_t)len, write(helper, buf, len));

	expect_frame(_metadata, self->b, &cc, false, false);
	expect_frame(_metadata, self->b, &eff, false, false);
	expect_frame(_metadata, self->b, &rtr, false, false);
	expect_frame(_metadata, self->b, &err, false, false);
	expect_frame(_metadata, self->b, &fd, true, false);
	ASSERT_EQ(0, can_send(self->a, &marker, false));
	expect_frame(_metadata, self->b, &marker, false, true);

	/* What the helper wrote is not transmitted: it reads the marker only. */
	read_frames(_metadata, helper, h, 1);
	EXPECT_EQ(MARKER_ID, h[0].cc.can_id);
	EXPECT_EQ(-ETIMEDOUT, helper_read(helper, buf, sizeof(buf), 100));

	stats(_metadata, &self->nl, &s1);
	EXPECT_EQ(s0.rx_packets + 5, s1.rx_packets);
	/* data bytes: 3 + 8 + 0 (remote) + 8 + 48 */
	EXPECT_EQ(s0.rx_bytes + 67, s1.rx_bytes);
	EXPECT_EQ(s0.tx_packets + 1, s1.tx_packets);
	close(helper);
}

/* A packet tap sees a frame from the helper as incoming only: it never
 * passed the transmit path.
 */
TEST_F(bus, writes_skip_the_transmit_path)
{
	struct canfd_frame f1 = { .can_id = 0x66, .len = 1, .data = { 6 } };
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = self->ifindex,
	};
	struct canfd_frame pkt;
	socklen_t slen;
	int helper, tap, i;
	ssize_t n;

	tap = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	ASSERT_LE(0, tap);
	ASSERT_EQ(0, bind(tap, (struct sockaddr *)&sll, sizeof(sll)));
	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	ASSERT_EQ(0, helper_send(helper, &f1, false));
	ASSERT_EQ(0, can_send(self->a, &marker, false));

	/* f1 once, incoming; then the marker out and its echo in */
	for (i = 0; i < 3; i++) {
		slen = sizeof(sll);
		n = recvfrom(tap, &pkt, sizeof(pkt), 0, (struct sockaddr *)&sll, &slen);
		ASSERT_EQ(CAN_MTU, n);
		if (i == 0) {
			EXPECT_EQ(f1.can_id, pkt.can_id);
			EXPECT_NE(PACKET_OUTGOING, sll.sll_pkttype);
		} else {
			EXPECT_EQ(MARKER_ID, pkt.can_id);
			EXPECT_EQ(i == 1, sll.sll_pkttype == PACKET_OUTGOING);
		}
	}
	close(tap);
	close(helper);
}

struct bad_rec {
	const char *what;
	uint8_t type;
	size_t flen;		/* frame bytes */
	int len_delta;		/* rec.len off by this much */
	uint8_t version;	/* 0: VCANMC_REC_VERSION */
	uint32_t flags;
	uint64_t tstamp;
	int cut;		/* the write ends this many bytes short */
	void (*frame)(uint8_t *f);
};

static void cc_len9(uint8_t *f)
{
	((struct can_frame *)f)->len = 9;
}

static void fd_len65(uint8_t *f)
{
	((struct canfd_frame *)f)->len = 65;
}

static const struct bad_rec bad_recs[] = {
#define CC .type = VCANMC_REC_CAN, .flen = CAN_MTU
	{ .what = "version", CC, .version = VCANMC_REC_VERSION + 1 },
	{ .what = "flags", CC, .flags = 1 },
	{ .what = "time stamp", CC, .tstamp = 1 },
	{ .what = "type 0", .type = VCANMC_REC_UNSPEC, .flen = CAN_MTU },
	{ .what = "type unknown", .type = 200, .flen = CAN_MTU },
	{ .what = "classic frame of FD size", .type = VCANMC_REC_CAN, .flen = CANFD_MTU },
	{ .what = "FD frame of classic size", .type = VCANMC_REC_CANFD, .flen = CAN_MTU },
	{ .what = "length short of the header", CC, .len_delta = -(int)CAN_MTU - 1 },
	{ .what = "length beyond the write", CC, .len_delta = 8 },
	{ .what = "truncated record", CC, .cut = 4 },
	{ .what = "truncated header", CC, .cut = CAN_MTU + 8 },
	{ .what = "classic len 9", CC, .frame = cc_len9 },
	{ .what = "FD len 65", .type = VCANMC_REC_CANFD, .flen = CANFD_MTU, .frame = fd_len65 },
	{ .what = "CAN XL on a CAN FD device", .type = VCANMC_REC_CANXL, .flen = 16 },
#undef CC
};

/* Each bad record alone is refused with EINVAL and delivers nothing; after
 * two good records it stops the write there: the good ones are delivered
 * and counted in the return value, nothing of the bad one and after it.
 */
TEST_F(bus, bad_records)
{
	uint8_t buf[1024] __attribute__((aligned(8)));
	struct canfd_frame good = { .can_id = 0x10, .len = 1 };
	struct canfd_frame cf;
	size_t i, off, start;
	struct vcanmc_rec rec;
	int helper;

	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	for (i = 0; i < sizeof(bad_recs) / sizeof(bad_recs[0]); i++) {
		const struct bad_rec *b = &bad_recs[i];
		uint8_t frame[CANFD_MTU] = { 0 };
		int round;

		if (b->frame)
			b->frame(frame);
		for (round = 0; round < 2; round++) {
			off = 0;
			if (round) {
				good.can_id = 0x10 + i;
				helper_put(buf, &off, VCANMC_REC_CAN, &good, CAN_MTU);
				helper_put(buf, &off, VCANMC_REC_CAN, &good, CAN_MTU);
			}
			start = off;
			helper_put(buf, &off, b->type, frame, b->flen);
			memcpy(&rec, buf + start, REC_HDR);
			rec.len += b->len_delta;
			rec.version = b->version ?: VCANMC_REC_VERSION;
			rec.flags = b->flags;
			rec.tstamp = b->tstamp;
			memcpy(buf + start, &rec, REC_HDR);
			/* and a good one after it, which must not arrive */
			helper_put(buf, &off, VCANMC_REC_CAN, &marker, CAN_MTU);
			if (b->cut)
				off = start + REC_HDR + b->flen - b->cut;

			errno = 0;
			if (round) {
				EXPECT_EQ((ssize_t)start, write(helper, buf, off))
					TH_LOG("%s", b->what);
			} else {
				EXPECT_EQ(-1, write(helper, buf, off)) TH_LOG("%s", b->what);
				EXPECT_EQ(EINVAL, errno) TH_LOG("%s", b->what);
			}
		}
		/* The two good ones of round 1, then a's marker, nothing else */
		expect_frame(_metadata, self->b, &good, false, false);
		expect_frame(_metadata, self->b, &good, false, false);
		ASSERT_EQ(0, can_send(self->a, &marker, false));
		ASSERT_EQ(CAN_MTU, can_recv(self->b, &cf, NULL, TIMEOUT_MS));
		EXPECT_EQ(MARKER_ID, cf.can_id) TH_LOG("%s: 0x%x arrived", b->what, cf.can_id);
	}
	close(helper);
}

TEST_F(bus, fd_needs_an_fd_device)
{
	struct canfd_frame fd = { .can_id = 0x1, .len = 12 };
	int helper;

	close(self->a);
	close(self->b);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	ASSERT_EQ(0, link_set_mtu(&self->nl, "vmc0", CAN_MTU));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	self->a = can_open("vmc0");
	self->b = can_open("vmc0");
	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);
	EXPECT_EQ(-EINVAL, helper_send(helper, &fd, true));
	EXPECT_EQ(0, helper_send(helper, &marker, false));
	expect_frame(_metadata, self->b, &marker, false, false);
	close(helper);
}

#ifdef CANXL_MTU
TEST_F(bus, can_xl_both_ways)
{
	uint8_t buf[8192] __attribute__((aligned(8)));
	struct canxl_frame xl = {
		.prio = 0x242, .flags = CANXL_XLF | CANXL_SEC, .sdt = 0x12,
		.len = 2048, .af = 0xdeadbeef,
	};
	struct canxl_frame got;
	struct hframe h[2];
	size_t off = 0, flen = CANXL_HDR_SIZE + xl.len;
	int helper, i, one = 1, flags;
	ssize_t n;

	for (i = 0; i < (int)xl.len; i++)
		xl.data[i] = i * 7;
	close(self->a);
	close(self->b);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	ASSERT_EQ(0, link_set_mtu(&self->nl, "vmc0", CANXL_MTU));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	self->a = can_open("vmc0");
	self->b = can_open("vmc0");
	ASSERT_EQ(0, setsockopt(self->a, SOL_CAN_RAW, CAN_RAW_XL_FRAMES, &one, sizeof(one)));
	ASSERT_EQ(0, setsockopt(self->b, SOL_CAN_RAW, CAN_RAW_XL_FRAMES, &one, sizeof(one)));
	helper = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, helper);

	/* out: an XL frame a sends is an XL record */
	ASSERT_EQ((ssize_t)flen, write(self->a, &xl, flen));
	read_frames(_metadata, helper, h, 1);
	EXPECT_EQ(VCANMC_REC_CANXL, h[0].type);
	ASSERT_EQ(flen, h[0].len);
	EXPECT_EQ(0, memcmp(&xl, h[0].raw, flen));
	ASSERT_LT(0, read(self->b, &got, sizeof(got)));

	/* in: an XL record, padded after an odd length, and a marker */
	xl.len = 13;
	flen = CANXL_HDR_SIZE + xl.len;
	helper_put(buf, &off, VCANMC_REC_CANXL, &xl, flen);
	helper_put(buf, &off, VCANMC_REC_CAN, &marker, CAN_MTU);
	ASSERT_EQ((ssize_t)off, write(helper, buf, off));
	n = can_recv(self->b, (struct canfd_frame *)&got, &flags, TIMEOUT_MS);
	ASSERT_EQ((ssize_t)flen, n);
	EXPECT_EQ(0, memcmp(&xl, &got, flen));
	EXPECT_FALSE(flags & MSG_DONTROUTE);

	/* A length that disagrees with the frame's own is refused. */
	off = 0;
	helper_put(buf, &off, VCANMC_REC_CANXL, &xl, flen + 1);
	EXPECT_EQ(-1, write(helper, buf, off));
	EXPECT_EQ(EINVAL, errno);
	xl.flags = 0;
	off = 0;
	helper_put(buf, &off, VCANMC_REC_CANXL, &xl, flen);
	EXPECT_EQ(-1, write(helper, buf, off));
	EXPECT_EQ(EINVAL, errno);
	close(helper);
}
#endif

TEST_F(bus, read_buffer_and_blocking)
{
	uint8_t buf[256] __attribute__((aligned(8)));
	struct pollfd pfd;
	struct hframe h[2];
	int helper;

	helper = helper_open(O_NONBLOCK);
	ASSERT_LE(0, helper);
	ASSERT_EQ(0, helper_attach(helper, self->ifindex, 0));
	pfd = (struct pollfd){ .fd = helper, .events = POLLIN | POLLOUT };
	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLOUT, pfd.revents);
	EXPECT_EQ(-1, read(helper, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);

	ASSERT_EQ(0, can_send(self->a, &marker, false));
	ASSERT_EQ(1, poll(&pfd, 1, TIMEOUT_MS));
	EXPECT_EQ(POLLIN | POLLOUT, pfd.revents);
	EXPECT_EQ(0, read(helper, buf, 0));
	/* too small for the record: it stays */
	EXPECT_EQ(-1, read(helper, buf, REC_HDR + CAN_MTU - 1));
	EXPECT_EQ(EMSGSIZE, errno);
	/* just big enough: no room for padding needed */
	ASSERT_EQ((ssize_t)(REC_HDR + CAN_MTU), read(helper, buf, REC_HDR + CAN_MTU));
	ASSERT_EQ(1, helper_parse(buf, REC_HDR + CAN_MTU, h, 2));
	EXPECT_EQ(MARKER_ID, h[0].cc.can_id);
	close(helper);
}

TEST_F(bus, overflow_counted_senders_unaffected)
{
	struct canfd_frame f = { .can_id = 0x100, .len = 1 };
	struct rtnl_link_stats64 s0, s1;
	struct hframe h[16];
	int helper, i;

	helper = helper_open_attach("vmc0", 4);
	ASSERT_LE(0, helper);
	stats(_metadata, &self->nl, &s0);
	ASSERT_EQ(0, helper_overflows(helper));
	for (i = 0; i < 10; i++) {
		f.can_id = 0x100 + i;
		ASSERT_EQ(0, can_send(self->a, &f, false));
	}
	/* Every frame reached the local receiver, in order */
	for (i = 0; i < 10; i++) {
		f.can_id = 0x100 + i;
		expect_frame(_metadata, self->b, &f, false, true);
	}
	/* The helper got the first four, and the loss is counted twice. */
	read_frames(_metadata, helper, h, 4);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0x100 + i, h[i].cc.can_id);
	EXPECT_EQ(6, helper_overflows(helper));
	stats(_metadata, &self->nl, &s1);
	EXPECT_EQ(s0.tx_fifo_errors + 6, s1.tx_fifo_errors);
	EXPECT_EQ(s0.tx_packets + 10, s1.tx_packets);
	/* and it goes on after the loss */
	ASSERT_EQ(0, can_send(self->a, &marker, false));
	read_frames(_metadata, helper, h, 1);
	EXPECT_EQ(MARKER_ID, h[0].cc.can_id);
	close(helper);
}

TEST_F(bus, file_before_attach)
{
	uint8_t buf[64];
	struct pollfd pfd;
	int h;

	h = helper_open(O_NONBLOCK);
	ASSERT_LE(0, h);
	EXPECT_EQ(-1, read(h, buf, sizeof(buf)));
	EXPECT_EQ(EBADFD, errno);
	EXPECT_EQ(-1, write(h, buf, sizeof(buf)));
	EXPECT_EQ(EBADFD, errno);
	EXPECT_EQ(-EBADFD, helper_overflows(h));
	pfd = (struct pollfd){ .fd = h, .events = POLLIN | POLLOUT };
	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLERR, pfd.revents);
	close(h);
}

/* What is left of a file whose device went away */
static void expect_stale(struct __test_metadata *_metadata, int h, int ifindex)
{
	uint8_t buf[256] __attribute__((aligned(8)));
	size_t off = 0;
	struct pollfd pfd = { .fd = h, .events = POLLIN | POLLOUT };

	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLERR | POLLHUP, pfd.revents & (POLLERR | POLLHUP));
	EXPECT_EQ(-1, read(h, buf, sizeof(buf)));
	EXPECT_EQ(ENODEV, errno);
	helper_put(buf, &off, VCANMC_REC_CAN, &marker, CAN_MTU);
	EXPECT_EQ(-1, write(h, buf, off));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_LE(0, helper_overflows(h));
	EXPECT_EQ(-EALREADY, helper_attach(h, ifindex, 0));
}

struct blocked_read {
	int fd;
	ssize_t ret;
	int err;
};

static void *blocked_reader(void *arg)
{
	struct blocked_read *br = arg;
	uint8_t buf[256];

	br->ret = read(br->fd, buf, sizeof(buf));
	br->err = errno;
	return NULL;
}

TEST_F(bus, device_deleted_under_the_helper)
{
	struct canfd_frame f = { .can_id = 0x9, .len = 1 };
	struct blocked_read br;
	pthread_t t;
	int h, i;

	h = helper_open_attach("vmc0", 8);
	ASSERT_LE(0, h);
	/* A reader blocked on it wakes with ENODEV, whether it was still on
	 * its way or asleep already.
	 */
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, can_send(self->a, &f, false));
	{
		uint8_t buf[4096] __attribute__((aligned(8)));
		struct hframe fr[8];

		ASSERT_EQ(4, helper_parse(buf, read(h, buf, sizeof(buf)), fr, 8));
	}
	br = (struct blocked_read){ .fd = h };
	ASSERT_EQ(0, pthread_create(&t, NULL, blocked_reader, &br));
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-1, br.ret);
	EXPECT_EQ(ENODEV, br.err) TH_LOG("%s", strerror(br.err));
	expect_stale(_metadata, h, self->ifindex);
	close(h);
}

TEST_F(bus, device_moved_away)
{
	struct canfd_frame f = { .can_id = 0x9, .len = 1 };
	struct link_info li;
	int h, there, i;

	h = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h);
	/* frames still queued for the helper when the device leaves */
	for (i = 0; i < 16; i++)
		ASSERT_EQ(0, can_send(self->a, &f, false));
	there = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	close(there);
	there = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, there);
	ASSERT_EQ(0, link_set_netns(&self->nl, "vmc0", there)) TH_LOG("%s", self->nl.extack);
	expect_stale(_metadata, h, self->ifindex);
	close(h);

	/* Over there it waits for a helper of its own. */
	rtnl_close(&self->nl);
	ASSERT_EQ(0, rtnl_open(&self->nl));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_DORMANT, li.operstate);
	h = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_UP, li.operstate);
	close(h);
	close(there);
}

TEST_F(bus, write_to_a_down_device)
{
	int h;

	h = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	EXPECT_EQ(-ENETDOWN, helper_send(h, &marker, false));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	/* still attached: up again, it works */
	close(self->b);
	self->b = can_open("vmc0");
	ASSERT_LE(0, self->b);
	EXPECT_EQ(0, helper_send(h, &marker, false));
	expect_frame(_metadata, self->b, &marker, false, false);
	close(h);
}

TEST_HARNESS_MAIN
