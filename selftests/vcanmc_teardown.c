// SPDX-License-Identifier: GPL-2.0
/*
 * Teardown against I/O, and the promises of the uapi header that only an
 * edge shows: a write to /dev/vcanmc that runs while its device is
 * deleted, moved to another namespace or its module asked to unload; a
 * write of a gigabyte killed; the operstate the kernel keeps; what the
 * qdisc held when the device went down; a read that faults; an underlay
 * index that comes back on another device; a request with two
 * IFLA_INFO_DATA; echoes in the order of the bus when senders run on
 * different CPUs; the queue towards read() charged to the memory cgroup
 * of the process that attached. Each runs on the bus of bus.h.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/can.h>
#include <linux/can/raw.h>
#include <linux/if.h>

#include "kselftest_harness.h"
#include "bus.h"
#include "helper.h"

/* How long a write may go on after it was told to stop, at most: far less
 * than the gigabyte it was given would take, even under emulation.
 */
#define STOP_MS		30000

/* One writev of 1 GiB: a buffer of whole classic records, IOV_MAX times */
#define REC_LEN		VCANMC_REC_PAD(sizeof(struct vcanmc_rec) + CAN_MTU)
#define BUF_RECS	32768
#define BIG_IOVS	1024

static uint8_t *big_buf;

static void big_buf_init(void)
{
	struct canfd_frame cf = { .can_id = 0x123, .len = 2, .data = { 0xbe, 0xef } };
	size_t off = 0;
	int i;

	if (big_buf)
		return;
	big_buf = aligned_alloc(8, BUF_RECS * REC_LEN);
	for (i = 0; i < BUF_RECS; i++)
		helper_put(big_buf, &off, VCANMC_REC_CAN, &cf, CAN_MTU);
}

struct big_write {
	int fd;
	size_t total;
	ssize_t ret;
	int err;
	int done;
};

static void *big_writer(void *arg)
{
	static struct iovec iov[BIG_IOVS];
	struct big_write *w = arg;
	int i;

	for (i = 0; i < BIG_IOVS; i++)
		iov[i] = (struct iovec){ big_buf, BUF_RECS * REC_LEN };
	w->total = (size_t)BIG_IOVS * BUF_RECS * REC_LEN;
	w->ret = writev(w->fd, iov, BIG_IOVS);
	w->err = errno;
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static bool wait_done(struct big_write *w, int timeout_ms)
{
	long long end = mono_ms() + timeout_ms;

	while (!__atomic_load_n(&w->done, __ATOMIC_ACQUIRE)) {
		if (mono_ms() > end)
			return false;
		poll(NULL, 0, 10);
	}
	return true;
}

/* Starts a big write on a new helper of vmc0 and waits until its frames
 * arrive on @rx.
 */
static int start_big_write(struct __test_metadata *_metadata, struct big_write *w,
			   pthread_t *t, int rx)
{
	struct canfd_frame cf;
	int h;

	big_buf_init();
	h = helper_open_attach("vmc0", 0);
	if (h < 0)
		return h;
	*w = (struct big_write){ .fd = h };
	if (pthread_create(t, NULL, big_writer, w))
		return -1;
	if (can_recv(rx, &cf, NULL, TIMEOUT_MS) <= 0)
		return -1;
	return h;
}

/* The device goes away under a running write: the write stops at the next
 * batch, having delivered whole records, and the file is detached. (With
 * KASAN, a write that went on would show as a use-after-free.)
 */
TEST_F_TIMEOUT(bus, write_stops_when_device_deleted, 300)
{
	struct big_write w;
	pthread_t t;
	int h;

	h = start_big_write(_metadata, &w, &t, self->b);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	ASSERT_TRUE(wait_done(&w, STOP_MS)) TH_LOG("the write went on after the deletion");
	pthread_join(t, NULL);
	ASSERT_LT(0, w.ret) TH_LOG("writev: %s", strerror(w.err));
	EXPECT_GT(w.total, (size_t)w.ret);
	EXPECT_EQ(0, w.ret % REC_LEN);
	TH_LOG("%zd of %zu bytes delivered before the deletion", w.ret, w.total);
	EXPECT_EQ(-1, write(h, big_buf, REC_LEN));
	EXPECT_EQ(ENODEV, errno);
	close(h);
}

TEST_F_TIMEOUT(bus, write_stops_when_device_goes_down, 300)
{
	struct big_write w;
	pthread_t t;
	int h;

	h = start_big_write(_metadata, &w, &t, self->b);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	ASSERT_TRUE(wait_done(&w, STOP_MS)) TH_LOG("the write went on after ifdown");
	pthread_join(t, NULL);
	EXPECT_GT(w.total, (size_t)w.ret);
	EXPECT_EQ(-1, write(h, big_buf, REC_LEN));
	EXPECT_EQ(ENETDOWN, errno);
	close(h);
}

/* The device moves to another namespace under a running write: the write
 * stops, and there a new helper attaches and is the only writer: the
 * first frame a socket there receives is the new helper's.
 */
TEST_F_TIMEOUT(bus, write_stops_when_device_moves, 300)
{
	int orig, other, h, h2, c;
	struct big_write w;
	struct rtnl nl2;
	pthread_t t;

	orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, orig);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	other = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, other);
	ASSERT_EQ(0, setns(orig, CLONE_NEWNET));

	h = start_big_write(_metadata, &w, &t, self->b);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, link_set_netns(&self->nl, "vmc0", other));

	ASSERT_EQ(0, setns(other, CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&nl2));
	ASSERT_EQ(0, link_set_up(&nl2, "vmc0", true));
	c = can_open("vmc0");
	ASSERT_LE(0, c);
	h2 = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h2) TH_LOG("%s", strerror(-h2));
	ASSERT_EQ(0, setns(orig, CLONE_NEWNET));

	ASSERT_TRUE(wait_done(&w, STOP_MS)) TH_LOG("the write went on after the move");
	pthread_join(t, NULL);
	EXPECT_GT(w.total, (size_t)w.ret);
	EXPECT_EQ(-1, write(h, big_buf, REC_LEN));
	EXPECT_EQ(ENODEV, errno);

	ASSERT_EQ(0, helper_send(h2, &marker, false));
	expect_frame(_metadata, c, &marker, false, false);
	close(c);
	close(h2);
	close(h);
	rtnl_close(&nl2);
	close(other);
	close(orig);
}

/* A gigabyte in one writev, and SIGKILL: the writer dies at once, not when
 * the write would have ended.
 */
TEST_F_TIMEOUT(bus, killed_writer_dies_at_once, 300)
{
	struct canfd_frame cf;
	long long t0, t1;
	int status = 0;
	pid_t pid;

	big_buf_init();
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct big_write w = { .fd = helper_open_attach("vmc0", 0) };

		if (w.fd < 0)
			_exit(2);
		big_writer(&w);
		_exit(3);
	}
	ASSERT_LT(0, can_recv(self->b, &cf, NULL, TIMEOUT_MS));
	t0 = mono_ms();
	ASSERT_EQ(0, kill(pid, SIGKILL));
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		ASSERT_LE(0, r);
		if (r == pid)
			break;
		ASSERT_GT(t0 + STOP_MS, mono_ms()) TH_LOG("still writing after SIGKILL");
		poll(NULL, 0, 5);
	}
	t1 = mono_ms();
	TH_LOG("died %lld ms after SIGKILL", t1 - t0);
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

/* The module cannot go while a file writes to one of its devices. */
TEST_F_TIMEOUT(bus, unload_refused_while_writing, 300)
{
	struct big_write w;
	pthread_t t;
	int h;

	h = start_big_write(_metadata, &w, &t, self->b);
	ASSERT_LE(0, h);
	EXPECT_EQ(-1, syscall(SYS_delete_module, "vcanmc", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	ASSERT_TRUE(wait_done(&w, STOP_MS));
	pthread_join(t, NULL);
	close(h);
}

/* "The kernel alone sets it": IFLA_OPERSTATE is undone, attached or not. */
TEST_F(bus, operstate_request_undone)
{
	struct link_info li;
	int h;

	h = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, link_set_operstate(&self->nl, "vmc0", IF_OPER_DORMANT));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_UP, li.operstate);
	close(h);
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_DORMANT, TIMEOUT_MS));
	ASSERT_EQ(0, link_set_operstate(&self->nl, "vmc0", IF_OPER_UP));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(IF_OPER_DORMANT, li.operstate);
}

/* Every frame a socket handed over is transmitted or counted dropped when
 * the device goes down, those in the qdisc in front too.
 */
TEST_F(bus, ifdown_counts_every_waiting_frame)
{
	struct canfd_frame cf = { .can_id = 0x10, .len = 8 };
	uint32_t rate = 125000;
	struct vattr a = VATTR(IFLA_VCANMC_BITRATE, rate);
	struct rtnl_link_stats64 s0, s1;
	int big = 16 << 20, err;
	unsigned int sent = 0;

	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	ASSERT_EQ(0, setsockopt(self->a, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big)));
	ASSERT_EQ(0, fcntl(self->a, F_SETFL, O_NONBLOCK));
	stats(_metadata, &self->nl, &s0);
	while (!(err = can_send(self->a, &cf, false)))
		sent++;
	ASSERT_EQ(-ENOBUFS, err);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	stats(_metadata, &self->nl, &s1);
	TH_LOG("%u sent: %llu transmitted, %llu dropped", sent, s1.tx_packets - s0.tx_packets,
	       s1.tx_dropped - s0.tx_dropped);
	EXPECT_LT(VCANMC_BUS_SLOTS, sent);
	EXPECT_EQ(sent, (s1.tx_packets - s0.tx_packets) + (s1.tx_dropped - s0.tx_dropped));
}

/* A read whose buffer faults part way: the records it took and could not
 * copy are counted as overflows, not lost without a trace.
 */
TEST_F(bus, faulting_read_is_counted)
{
	long page = sysconf(_SC_PAGESIZE);
	struct canfd_frame cf = { .can_id = 0x77, .len = 1 };
	uint8_t buf[256] __attribute__((aligned(8)));
	uint8_t *map;
	int h, i, n = 8;
	ssize_t r;

	h = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, h);
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, can_send(self->a, &cf, false));
	for (i = 0; i < n; i++)
		ASSERT_EQ(CAN_MTU, can_recv(self->b, (struct canfd_frame *)buf, NULL, TIMEOUT_MS));
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, munmap(map + page, page));
	/* room for one record before the hole, 4 KiB claimed */
	r = read(h, map + page - REC_LEN - 8, 4096);
	EXPECT_EQ(REC_LEN, r) TH_LOG("read: %zd %s", r, strerror(errno));
	EXPECT_EQ(n - 1, helper_overflows(h));
	EXPECT_EQ(-ETIMEDOUT, helper_read(h, buf, sizeof(buf), 200));
	munmap(map, page);
	close(h);
}

/* The device an underlay index named went away, and another device got its
 * index: it is no underlay by chance. LINK_GONE tells, until LINK is set
 * again; nobody else may set it.
 */
TEST_F(bus, underlay_index_reused)
{
	struct link_info li;
	uint32_t idx;
	uint8_t one = 1;
	struct vattr a;

	ASSERT_EQ(0, link_create_kind(&self->nl, "dummy0", "dummy"));
	idx = if_nametoindex("dummy0");
	a = VATTR(IFLA_VCANMC_LINK, idx);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_FALSE(li.has[IFLA_VCANMC_LINK_GONE]);

	ASSERT_EQ(0, link_del(&self->nl, "dummy0"));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(idx, li.link);
	EXPECT_TRUE(li.has[IFLA_VCANMC_LINK_GONE]);
	ASSERT_EQ(0, link_create_kind_index(&self->nl, "dummy1", "dummy", idx));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_TRUE(li.has[IFLA_VCANMC_LINK_GONE]);

	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_FALSE(li.has[IFLA_VCANMC_LINK_GONE]);
	a = VATTR(IFLA_VCANMC_LINK_GONE, one);
	EXPECT_EQ(-EINVAL, vmc_change(&self->nl, "vmc0", &a, 1));
}

/* rtnetlink applies the last IFLA_INFO_DATA, the strict check saw the
 * first: two are refused, and nothing changes.
 */
TEST_F(bus, two_info_data_refused)
{
	uint16_t p1 = 1000, p2 = 2000;
	struct vattr a = VATTR(IFLA_VCANMC_PORT, p1), b = VATTR(IFLA_VCANMC_PORT, p2);
	struct link_info li;

	EXPECT_EQ(-EINVAL, vmc_change_two_data(&self->nl, "vmc0", &a, &b));
	EXPECT_NE(NULL, strstr(self->nl.extack, "more than once")) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(VCANMC_DEFAULT_PORT, li.port);
}

/* Senders on two CPUs flood an unlimited bus: a local socket receives the
 * echoes in the order the helper reads the frames, the order of the bus.
 * An echo may be dropped when the CPUs outrun the device's queue (counted
 * in rx_dropped, as netif_rx() would), never reordered: what the socket
 * receives is the bus order with gaps, and the gaps are counted.
 */
#define ORDER_FRAMES	3000

struct order_sender {
	int cpu;
	int fd;
	int err;
};

static void *order_send(void *arg)
{
	struct order_sender *s = arg;
	struct canfd_frame cf = { .can_id = 0x100 + s->cpu, .len = 2 };
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	CPU_SET(s->cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (i = 0; i < ORDER_FRAMES; i++) {
		cf.data[0] = i & 0xff;
		cf.data[1] = i >> 8;
		/* the qdisc in front is full while the other CPU runs it */
		while ((s->err = can_send(s->fd, &cf, false)) == -ENOBUFS)
			poll(NULL, 0, 1);
		if (s->err)
			break;
	}
	return NULL;
}

static uint32_t order_key(const struct canfd_frame *cf)
{
	return (cf->can_id & 0xf) << 16 | cf->data[0] | cf->data[1] << 8;
}

TEST_F_TIMEOUT(bus, echoes_in_bus_order, 300)
{
	static uint8_t buf[65536] __attribute__((aligned(8)));
	static uint32_t bus_order[2 * ORDER_FRAMES], rx_order[2 * ORDER_FRAMES];
	struct order_sender s[2] = { { .cpu = 0 }, { .cpu = 1 } };
	static struct hframe hf[2048];
	int big = 32 << 20, h, i, k, got = 0, rx, mismatch = -1;
	struct rtnl_link_stats64 s0, s1;
	struct canfd_frame cf;
	pthread_t t[2];
	ssize_t n;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP(return, "needs two CPUs");
	h = helper_open_attach("vmc0", VCANMC_QUEUE_MAX);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, setsockopt(self->b, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)));
	stats(_metadata, &self->nl, &s0);
	for (i = 0; i < 2; i++) {
		s[i].fd = can_open("vmc0");
		ASSERT_LE(0, s[i].fd);
		ASSERT_EQ(0, pthread_create(&t[i], NULL, order_send, &s[i]));
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		ASSERT_EQ(0, s[i].err);
		close(s[i].fd);
	}
	for (rx = 0; rx < 2 * ORDER_FRAMES; rx++) {
		if (can_recv(self->b, &cf, NULL, 2000) != CAN_MTU)
			break;
		rx_order[rx] = order_key(&cf);
	}
	while (got < 2 * ORDER_FRAMES) {
		n = helper_read(h, buf, sizeof(buf), TIMEOUT_MS);
		ASSERT_LT(0, n);
		k = helper_parse(buf, n, hf, 2048);
		ASSERT_LT(0, k);
		for (i = 0; i < k && got < 2 * ORDER_FRAMES; i++)
			bus_order[got++] = order_key((struct canfd_frame *)&hf[i].cc);
	}
	EXPECT_EQ(0, helper_overflows(h));
	stats(_metadata, &self->nl, &s1);
	TH_LOG("%d of %d echoes received, %llu dropped", rx, 2 * ORDER_FRAMES,
	       s1.rx_dropped - s0.rx_dropped);
	EXPECT_EQ(2 * ORDER_FRAMES, rx + (s1.rx_dropped - s0.rx_dropped));
	/* each echo at a later place of the bus order than the one before */
	for (i = 0, k = 0; i < rx && mismatch < 0; i++, k++) {
		while (k < 2 * ORDER_FRAMES && bus_order[k] != rx_order[i])
			k++;
		if (k == 2 * ORDER_FRAMES)
			mismatch = i;
	}
	EXPECT_EQ(-1, mismatch) TH_LOG("echo %d (0x%x) out of the bus order", mismatch,
				       rx_order[mismatch]);
	close(h);
}

/* A helper of vmc0 attached with VCANMC_ATTACH_F_LOSSLESS and a queue of
 * @qlen: its fd, or -errno.
 */
static int lossless_helper(int ifindex, unsigned int qlen)
{
	struct vcanmc_attach req = {
		.ifindex = ifindex, .version = VCANMC_REC_VERSION,
		.queue_len = qlen, .flags = VCANMC_ATTACH_F_LOSSLESS,
	};
	int h = helper_open(0);

	if (h < 0 || !ioctl(h, VCANMC_IOC_ATTACH, &req))
		return h;
	close(h);
	return -errno;
}

/* Frame @i of a numbered run: 0x321, its number in two bytes */
static void numbered(struct canfd_frame *cf, int i)
{
	*cf = (struct canfd_frame){ .can_id = 0x321, .len = 2,
				    .data = { i & 0xff, i >> 8 } };
}

static int number_of(const struct canfd_frame *cf)
{
	return cf->data[0] | cf->data[1] << 8;
}

/* A non-blocking sender with a large send buffer sends numbered frames
 * until the device refuses one: how many it took; *@err why it stopped.
 */
static int send_until_refused(int fd, int *err)
{
	int big = 16 << 20, i;
	struct canfd_frame cf;

	*err = setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big)) ? -errno : 0;
	if (!*err && fcntl(fd, F_SETFL, O_NONBLOCK))
		*err = -errno;
	for (i = 0; !*err && i < 5000; i++) {
		numbered(&cf, i);
		*err = can_send(fd, &cf, false);
		if (*err)
			break;
	}
	return i;
}

/* Reads frames 0..@n-1 from the helper, in order, each once. */
static void read_numbered(struct __test_metadata *_metadata, int h, int n)
{
	static uint8_t buf[65536] __attribute__((aligned(8)));
	static struct hframe hf[1024];
	int got = 0, k, i;
	ssize_t len;

	while (got < n) {
		len = helper_read(h, buf, sizeof(buf), TIMEOUT_MS);
		ASSERT_LT(0, len) TH_LOG("%d of %d read", got, n);
		k = helper_parse(buf, len, hf, 1024);
		ASSERT_LT(0, k);
		for (i = 0; i < k; i++, got++)
			ASSERT_EQ(got, number_of((struct canfd_frame *)&hf[i].cc));
	}
}

/* Receives frames 0..@n-1 on a socket, in order, each once. */
static void recv_numbered(struct __test_metadata *_metadata, int fd, int n)
{
	struct canfd_frame cf;
	int i;

	for (i = 0; i < n; i++) {
		ASSERT_EQ(CAN_MTU, can_recv(fd, &cf, NULL, TIMEOUT_MS));
		ASSERT_EQ(i, number_of(&cf));
	}
}

/* VCANMC_ATTACH_F_LOSSLESS: a helper that does not read holds the bus. A
 * sender gets ENOBUFS once the helper's queue, the device's slots and the
 * qdisc are full, and nothing it sent is lost: the helper reads every
 * frame, in order, as reading lets the bus go on, and local sockets get
 * them all too. Without the flag the same sender would never wait, and
 * the helper would miss all but the first 64.
 */
TEST_F(bus, lossless_helper_holds_the_bus)
{
	int big = 16 << 20, h, err, sent;

	h = lossless_helper(self->ifindex, 64);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, setsockopt(self->b, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)));
	sent = send_until_refused(self->a, &err);
	TH_LOG("%d frames taken before %s", sent, strerror(-err));
	ASSERT_EQ(-ENOBUFS, err);
	read_numbered(_metadata, h, sent);
	EXPECT_EQ(0, helper_overflows(h));
	recv_numbered(_metadata, self->b, sent);
	/* the bus goes on */
	ASSERT_EQ(0, can_send(self->a, &marker, false));
	expect_frame(_metadata, self->b, &marker, false, true);
	close(h);
}

/* A lossless helper that never reads holds the bus VCANMC_STALL_MAX_MS at
 * a time, no longer: a blocking sender's frames all go out, the helper
 * keeps the first 64 and the rest are counted, as from a helper that is
 * not lossless.
 */
TEST_F_TIMEOUT(bus, lossless_stall_is_bounded, 300)
{
	int big = 16 << 20, h, i, n = 2000;
	struct canfd_frame cf;

	h = lossless_helper(self->ifindex, 64);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, setsockopt(self->b, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)));
	/* blocking: without the bound it would wait for ever */
	for (i = 0; i < n; i++) {
		numbered(&cf, i);
		ASSERT_EQ(0, can_send(self->a, &cf, false));
	}
	recv_numbered(_metadata, self->b, n);
	EXPECT_EQ(n - 64, helper_overflows(h));
	close(h);
}

/* A lossless helper is not dropped from when the bit rate goes to 0 with
 * frames waiting: the unlimited bus sends them at once, but for what the
 * helper has no room for yet, which waits for its read().
 */
TEST_F(bus, lossless_survives_a_rate_change)
{
	uint32_t slow = 1000, unlimited = 0;
	struct vattr a = VATTR(IFLA_VCANMC_BITRATE, slow);
	int h, err, sent;

	h = lossless_helper(self->ifindex, 16);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	sent = send_until_refused(self->a, &err);
	ASSERT_EQ(-ENOBUFS, err);
	a = VATTR(IFLA_VCANMC_BITRATE, unlimited);
	ASSERT_EQ(0, vmc_change(&self->nl, "vmc0", &a, 1));
	EXPECT_EQ(0, helper_overflows(h));
	read_numbered(_metadata, h, sent);
	EXPECT_EQ(0, helper_overflows(h));
	close(h);
}

/* A helper in a memory cgroup of 8 MiB that does not read: the queue
 * towards read() stops growing at the cgroup's limit, not at its 65536
 * frames of 2 KiB, and every frame is queued or counted.
 */
#define CG_DIR		"/run/vcanmc-test-cgroup2"
#define CG		CG_DIR "/vcanmc-test"
#define CG_MAX		(8 << 20)
#define CG_FRAMES	6000

static int put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -EIO;
}

static long long get_number(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atoll(buf) : -EIO;
}

TEST_F_TIMEOUT(bus, queue_charged_to_the_attacher, 600)
{
	static uint8_t buf[1 << 20] __attribute__((aligned(8)));
	struct canxl_frame xl = { .prio = 0x42, .flags = CANXL_XLF, .len = 2048 };
	size_t flen = CANXL_HDR_SIZE + xl.len;
	int one = 1, ready[2], done[2], i, h;
	long long overflows = 0, queued = 0, peak, res[2];
	struct hframe *hf;
	char text[64];
	pid_t pid;
	ssize_t n;

	mkdir(CG_DIR, 0755);
	if (mount("none", CG_DIR, "cgroup2", 0, NULL) && errno != EBUSY)
		SKIP(return, "no cgroup2: %s", strerror(errno));
	if (put_file(CG_DIR "/cgroup.subtree_control", "+memory"))
		SKIP(return, "no memory controller");
	rmdir(CG);
	ASSERT_EQ(0, mkdir(CG, 0755));
	snprintf(text, sizeof(text), "%d", CG_MAX);
	ASSERT_EQ(0, put_file(CG "/memory.max", text));

	close(self->a);
	close(self->b);
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	ASSERT_EQ(0, link_set_mtu(&self->nl, "vmc0", CANXL_MTU));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	self->a = can_open("vmc0");
	self->b = can_open("vmc0");
	ASSERT_EQ(0, setsockopt(self->a, SOL_CAN_RAW, CAN_RAW_XL_FRAMES, &one, sizeof(one)));

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		char c;

		close(ready[0]);
		close(done[1]);

		memset(buf, 0, sizeof(buf));
		hf = calloc(256, sizeof(*hf));
		if (!hf)
			_exit(1);
		memset(hf, 0, 256 * sizeof(*hf));
		snprintf(text, sizeof(text), "%d", getpid());
		if (put_file(CG "/cgroup.procs", text))
			_exit(2);
		h = helper_open_attach("vmc0", VCANMC_QUEUE_MAX);
		if (h < 0)
			_exit(3);
		/* The queue stays charged to the cgroup it attached in; its
		 * own pages (a copy of its stack, say) must not be, or the
		 * cgroup's OOM killer ends it once the queue filled it up.
		 */
		if (put_file(CG_DIR "/cgroup.procs", text))
			_exit(7);
		if (write(ready[1], "r", 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(4);
		/* what it holds, then what it read */
		res[0] = helper_overflows(h);
		res[1] = 0;
		/* at most 256 records of 2 KiB per read */
		while ((n = helper_read(h, buf, 256 * 2048, 500)) > 0) {
			int k = helper_parse(buf, n, hf, 256);

			if (k <= 0)
				_exit(5);
			res[1] += k;
		}
		if (write(ready[1], res, sizeof(res)) != sizeof(res))
			_exit(6);
		_exit(0);
	}
	/* a child that fails ends the pipes for us, with its status */
	close(ready[1]);
	close(done[0]);
	if (read(ready[0], text, 1) != 1) {
		int status = 0;

		waitpid(pid, &status, 0);
		ASSERT_TRUE(false) TH_LOG("helper failed: status 0x%x", status);
	}
	for (i = 0; i < CG_FRAMES; i++) {
		xl.data[0] = i;
		ASSERT_EQ((ssize_t)flen, write(self->a, &xl, flen));
	}
	peak = get_number(CG "/memory.current");
	ASSERT_EQ(1, write(done[1], "d", 1));
	if (read(ready[0], res, sizeof(res)) != sizeof(res)) {
		int status = 0;

		waitpid(pid, &status, 0);
		ASSERT_TRUE(false) TH_LOG("the helper failed: status 0x%x", status);
	}
	overflows = res[0];
	queued = res[1];
	waitpid(pid, NULL, 0);
	rmdir(CG);
	TH_LOG("%d frames: %lld queued, %lld overflows; cgroup at %lld of %d bytes", CG_FRAMES,
	       queued, overflows, peak, CG_MAX);
	EXPECT_EQ(CG_FRAMES, queued + overflows);
	/* without the charge, 65536 slots would hold all of them */
	EXPECT_LE(CG_FRAMES - CG_MAX / 2048, overflows);
	EXPECT_GE(CG_MAX, peak);
}

TEST_HARNESS_MAIN
