// SPDX-License-Identifier: GPL-2.0
/*
 * The timeline of a VCANMC_ORDER_GLOBAL device, without a bit rate, as its
 * helper drives it (include/uapi/linux/vcanmc.h, "The timeline"): the
 * link settings it needs, the helper that attaches to it, frames held
 * until the frontier passes them and then given out in one order with
 * their submit times as time stamps, what is dropped and counted, and two
 * members whose frames, shuttled between them by this test as a helper
 * would, come out the same on both.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/can/raw.h>
#include <linux/if.h>
#include <linux/net_tstamp.h>

#include "kselftest_harness.h"
#include "can.h"
#include "helper.h"
#include "rtnl.h"

#define TIMEOUT_MS	5000
#define QUIET_MS	200

static const uint32_t encap_norm = VCANMC_ENCAP_NORM;
static const uint8_t order_global = VCANMC_ORDER_GLOBAL;
static const uint8_t order_local = VCANMC_ORDER_LOCAL;

/* A timeline record, parsed */
struct tlrec {
	uint8_t type;
	struct vcanmc_rec_tl tl;
	size_t flen;
	uint8_t frame[CANXL_MTU];
};

/* A frame as a socket got it */
struct got {
	struct canfd_frame cf;
	int64_t ts;		/* ns, SO_TIMESTAMPNS */
	int flags;		/* msg_flags */
};

static int make_global(struct rtnl *nl, const char *name)
{
	struct vattr a[] = {
		VATTR(IFLA_VCANMC_ENCAP, encap_norm),
		VATTR(IFLA_VCANMC_ORDER, order_global),
	};
	int err = vmc_create(nl, name, a, 2);

	return err ?: link_set_up(nl, name, true);
}

static int tl_attach(const char *ifname, uint32_t member, unsigned int qlen)
{
	struct vcanmc_attach_tl req = {
		.attach = {
			.ifindex = if_nametoindex(ifname),
			.version = VCANMC_REC_VERSION,
			.queue_len = qlen,
		},
		.member = member,
	};
	int fd = helper_open(O_NONBLOCK);

	if (fd < 0)
		return fd;
	if (ioctl(fd, VCANMC_IOC_ATTACH_TL, &req)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int64_t watermark(int fd)
{
	int64_t w;

	return ioctl(fd, VCANMC_IOC_TL_WATERMARK, &w) ? -errno : w;
}

/* Appends a record of @type with @a then @b to @buf at *@off. */
static void put2(uint8_t *buf, size_t *off, uint8_t type, const void *a, size_t alen,
		 const void *b, size_t blen)
{
	struct vcanmc_rec rec = {
		.len = (uint16_t)(sizeof(rec) + alen + blen),
		.version = VCANMC_REC_VERSION,
		.type = type,
	};

	memcpy(buf + *off, &rec, sizeof(rec));
	memcpy(buf + *off + sizeof(rec), a, alen);
	if (blen)
		memcpy(buf + *off + sizeof(rec) + alen, b, blen);
	memset(buf + *off + rec.len, 0, VCANMC_REC_PAD(rec.len) - rec.len);
	*off += VCANMC_REC_PAD(rec.len);
}

static ssize_t write_frontier(int fd, int64_t f)
{
	uint8_t buf[64];
	size_t off = 0;
	ssize_t n;

	put2(buf, &off, VCANMC_REC_FRONTIER, &f, sizeof(f), NULL, 0);
	n = write(fd, buf, sizeof(struct vcanmc_rec) + sizeof(f));
	return n < 0 ? -errno : n;
}

/* Writes another member's classic frame. */
static ssize_t write_remote(int fd, uint32_t member, uint64_t seq, int64_t submit,
			    const struct can_frame *cf)
{
	struct vcanmc_rec_tl tl = { .node = 1, .seq = seq, .submit = submit, .member = member };
	uint8_t buf[128];
	size_t off = 0;
	ssize_t n;

	put2(buf, &off, VCANMC_REC_TL_CAN, &tl, sizeof(tl), cf, CAN_MTU);
	n = write(fd, buf, off);
	return n < 0 ? -errno : n;
}

/* Reads what the helper has, of classic frames, waiting up to
 * @timeout_ms for the first: how many records, or -errno.
 */
static int read_recs(int fd, struct tlrec *r, int max, int timeout_ms)
{
	static uint8_t buf[65536] __attribute__((aligned(8)));
	/* a classic frame's record takes 64 bytes: no more than @max */
	size_t off = 0, room = (size_t)max * 64;
	struct vcanmc_rec rec;
	ssize_t len;
	int n = 0;

	len = helper_read(fd, buf, room < sizeof(buf) ? room : sizeof(buf), timeout_ms);
	if (len < 0)
		return len;
	while (off < (size_t)len && n < max) {
		memcpy(&rec, buf + off, sizeof(rec));
		if (rec.len < sizeof(rec) + sizeof(r->tl) || rec.len > len - off)
			return -EBADMSG;
		r[n].type = rec.type;
		memcpy(&r[n].tl, buf + off + sizeof(rec), sizeof(r->tl));
		r[n].flen = rec.len - sizeof(rec) - sizeof(r->tl);
		memcpy(r[n].frame, buf + off + sizeof(rec) + sizeof(r->tl), r[n].flen);
		n++;
		off += VCANMC_REC_PAD(rec.len);
	}
	return off == (size_t)len ? n : -E2BIG;
}

static int ts_socket(const char *ifname)
{
	int fd = can_open(ifname), on = 1;

	if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One frame with its time stamp, or -errno (-ETIMEDOUT) */
static int recv_ts(int fd, struct got *g, int timeout_ms)
{
	char ctrl[CMSG_SPACE(sizeof(struct timespec))];
	struct iovec iov = { .iov_base = &g->cf, .iov_len = sizeof(g->cf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctrl, .msg_controllen = sizeof(ctrl),
	};
	struct cmsghdr *c;
	int ret = wait_readable(fd, timeout_ms);
	ssize_t n;

	if (ret)
		return ret;
	memset(g, 0, sizeof(*g));
	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	g->flags = msg.msg_flags;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			g->ts = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		}
	}
	return 0;
}

static struct can_frame frame(canid_t id, uint8_t b)
{
	return (struct can_frame){ .can_id = id, .len = 1, .data = { b } };
}

static int send_cc(int fd, canid_t id, uint8_t b)
{
	struct canfd_frame cf = { .can_id = id, .len = 1, .data = { b } };

	return can_send(fd, &cf, false);
}

static void stats_of(struct __test_metadata *_metadata, struct rtnl *nl, const char *name,
		     struct rtnl_link_stats64 *st)
{
	struct link_info li;

	ASSERT_EQ(0, link_get(nl, name, &li));
	*st = li.stats;
}

FIXTURE(tl) {
	struct rtnl nl;
	int a, b;		/* sockets on vmc0 */
};

FIXTURE_SETUP(tl)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&self->nl));
	ASSERT_EQ(0, make_global(&self->nl, "vmc0")) TH_LOG("%s", self->nl.extack);
	self->a = ts_socket("vmc0");
	self->b = ts_socket("vmc0");
	ASSERT_LE(0, self->a);
	ASSERT_LE(0, self->b);
}

FIXTURE_TEARDOWN(tl)
{
	close(self->a);
	close(self->b);
	rtnl_close(&self->nl);
}

/* Global needs NORM and no bit rate, is reported, and changes only while
 * the device is down and no helper is attached.
 */
TEST_F(tl, order_setting)
{
	static const uint32_t encap_pycan = VCANMC_ENCAP_PYTHON_CAN;
	static const uint32_t rate = 125000;
	static const uint8_t bad = VCANMC_ORDER_MAX + 1;
	struct vattr a[2];
	struct link_info li;
	int h;

	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_TRUE(li.has[IFLA_VCANMC_ORDER]);
	EXPECT_EQ(VCANMC_ORDER_GLOBAL, li.order);

	a[0] = VATTR(IFLA_VCANMC_ORDER, order_global);
	a[1] = VATTR(IFLA_VCANMC_ENCAP, encap_pycan);
	EXPECT_EQ(-EINVAL, vmc_create(&self->nl, "vmc1", a, 1)) TH_LOG("default encap");
	EXPECT_NE(NULL, strstr(self->nl.extack, "encap norm")) TH_LOG("%s", self->nl.extack);
	a[0] = VATTR(IFLA_VCANMC_ORDER, bad);
	EXPECT_EQ(-ERANGE, vmc_create(&self->nl, "vmc1", a, 1));

	/* up: no change of order, nor of what it needs */
	a[0] = VATTR(IFLA_VCANMC_ORDER, order_local);
	EXPECT_EQ(-EBUSY, vmc_change(&self->nl, "vmc0", a, 1));
	a[0] = VATTR(IFLA_VCANMC_ENCAP, encap_pycan);
	EXPECT_EQ(-EINVAL, vmc_change(&self->nl, "vmc0", a, 1));
	a[0] = VATTR(IFLA_VCANMC_BITRATE, rate);
	EXPECT_EQ(-EOPNOTSUPP, vmc_change(&self->nl, "vmc0", a, 1));
	EXPECT_NE(NULL, strstr(self->nl.extack, "bit rate")) TH_LOG("%s", self->nl.extack);
	/* the same order is no change */
	a[0] = VATTR(IFLA_VCANMC_ORDER, order_global);
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 1));

	/* down, with a helper: still not */
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	h = tl_attach("vmc0", 1, 0);
	ASSERT_LE(0, h);
	a[0] = VATTR(IFLA_VCANMC_ORDER, order_local);
	EXPECT_EQ(-EBUSY, vmc_change(&self->nl, "vmc0", a, 1));
	close(h);
	/* down, no helper: back to local, in the same request as the encap */
	a[1] = VATTR(IFLA_VCANMC_ENCAP, encap_pycan);
	EXPECT_EQ(0, vmc_change(&self->nl, "vmc0", a, 2)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "vmc0", &li));
	EXPECT_EQ(VCANMC_ORDER_LOCAL, li.order);
	EXPECT_EQ(VCANMC_ENCAP_PYTHON_CAN, li.encap);
}

/* Only VCANMC_IOC_ATTACH_TL attaches to a global device, and only to it. */
TEST_F(tl, attach_rules)
{
	struct vcanmc_attach_tl req = {
		.attach = { .ifindex = if_nametoindex("vmc0"), .version = VCANMC_REC_VERSION },
		.member = 1,
	};
	int64_t w;
	int fd;

	fd = helper_open(0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADFD, ioctl(fd, VCANMC_IOC_TL_WATERMARK, &w) ? -errno : 0);
	EXPECT_EQ(-EOPNOTSUPP, helper_attach(fd, req.attach.ifindex, 0));
	req.member = 0;
	EXPECT_EQ(-EINVAL, ioctl(fd, VCANMC_IOC_ATTACH_TL, &req) ? -errno : 0);
	req.member = 1;
	req.reserved = 1;
	EXPECT_EQ(-EINVAL, ioctl(fd, VCANMC_IOC_ATTACH_TL, &req) ? -errno : 0);
	req.reserved = 0;
	req.attach.flags = VCANMC_ATTACH_F_LOSSLESS;
	EXPECT_EQ(-EINVAL, ioctl(fd, VCANMC_IOC_ATTACH_TL, &req) ? -errno : 0);
	req.attach.flags = 0;
	EXPECT_EQ(0, ioctl(fd, VCANMC_IOC_ATTACH_TL, &req) ? -errno : 0);
	EXPECT_EQ(-EALREADY, ioctl(fd, VCANMC_IOC_ATTACH_TL, &req) ? -errno : 0);
	close(fd);

	/* a local device takes no timeline helper, and its helper no mark */
	ASSERT_EQ(0, vmc_create(&self->nl, "vmc1", NULL, 0));
	fd = helper_open(0);
	ASSERT_LE(0, fd);
	req.attach.ifindex = if_nametoindex("vmc1");
	EXPECT_EQ(-EINVAL, ioctl(fd, VCANMC_IOC_ATTACH_TL, &req) ? -errno : 0);
	EXPECT_EQ(0, helper_attach(fd, req.attach.ifindex, 0));
	EXPECT_EQ(-EINVAL, ioctl(fd, VCANMC_IOC_TL_WATERMARK, &w) ? -errno : 0);
	close(fd);
}

/* Without its helper, the timeline does not run: what is sent is dropped
 * and counted, and nobody receives it.
 */
TEST_F(tl, no_helper_drops)
{
	struct rtnl_link_stats64 s0, s1;
	struct got g;

	stats_of(_metadata, &self->nl, "vmc0", &s0);
	ASSERT_EQ(0, send_cc(self->a, 0x100, 1));
	ASSERT_EQ(0, send_cc(self->a, 0x101, 2));
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->b, &g, QUIET_MS));
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->a, &g, 0));
	stats_of(_metadata, &self->nl, "vmc0", &s1);
	EXPECT_EQ(s0.tx_dropped + 2, s1.tx_dropped);
	EXPECT_EQ(s0.tx_packets, s1.tx_packets);
}

/* Local frames go to the helper stamped, strictly increasing, and are held
 * until a frontier passes them; then echoed, stamped with their submit
 * time. A watermark covers what was read; a lower frontier is refused.
 */
TEST_F(tl, local_held_until_frontier)
{
	struct tlrec r[4];
	struct rtnl_link_stats64 s0, s1;
	struct got g;
	int64_t w;
	int h, n, i;

	h = tl_attach("vmc0", 5, 0);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, can_set_opt(self->a, CAN_RAW_RECV_OWN_MSGS, 1));
	stats_of(_metadata, &self->nl, "vmc0", &s0);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, send_cc(self->a, 0x100 + i, i));
	w = watermark(h);
	ASSERT_LT(0, w);
	n = read_recs(h, r, 4, TIMEOUT_MS);
	ASSERT_EQ(3, n);
	for (i = 0; i < 3; i++) {
		const struct can_frame *cf = (const void *)r[i].frame;

		EXPECT_EQ(VCANMC_REC_TL_CAN, r[i].type);
		EXPECT_EQ(CAN_MTU, r[i].flen);
		EXPECT_EQ(0x100 + i, cf->can_id);
		EXPECT_EQ(0, r[i].tl.member);
		EXPECT_EQ(i + 1, r[i].tl.seq);
		EXPECT_NE(0, r[i].tl.node);
		EXPECT_EQ(r[0].tl.node, r[i].tl.node);
		EXPECT_LE(r[i].tl.submit, w);
		if (i)
			EXPECT_LT(r[i - 1].tl.submit, r[i].tl.submit);
	}
	/* held: neither the other socket nor the sender has it */
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->b, &g, QUIET_MS));
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->a, &g, 0));

	EXPECT_LT(0, write_frontier(h, r[1].tl.submit));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, recv_ts(self->b, &g, TIMEOUT_MS));
		EXPECT_EQ(0x100 + i, g.cf.can_id);
		EXPECT_EQ(r[i].tl.submit, g.ts);
		EXPECT_TRUE(g.flags & MSG_DONTROUTE);
		ASSERT_EQ(0, recv_ts(self->a, &g, TIMEOUT_MS));
		EXPECT_EQ(0x100 + i, g.cf.can_id);
		EXPECT_TRUE(g.flags & MSG_CONFIRM) TH_LOG("the sender's confirmation");
	}
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->b, &g, QUIET_MS));
	EXPECT_EQ(-EINVAL, write_frontier(h, r[1].tl.submit - 1));
	EXPECT_EQ(-EINVAL, write_frontier(h, w + 1)) TH_LOG("above this host's promise");
	EXPECT_EQ(-EINVAL, write_frontier(h, INT64_MAX));
	/* the same frontier again is no step back */
	EXPECT_LT(0, write_frontier(h, r[1].tl.submit));

	/* later frames are stamped after the watermark */
	ASSERT_EQ(0, send_cc(self->a, 0x103, 3));
	ASSERT_EQ(1, read_recs(h, r + 3, 1, TIMEOUT_MS));
	EXPECT_LT(w, r[3].tl.submit);
	EXPECT_EQ(4, r[3].tl.seq);
	EXPECT_LT(0, write_frontier(h, r[3].tl.submit));
	for (i = 2; i < 4; i++) {
		ASSERT_EQ(0, recv_ts(self->b, &g, TIMEOUT_MS));
		EXPECT_EQ(0x100 + i, g.cf.can_id);
		EXPECT_EQ(r[i].tl.submit, g.ts);
	}
	stats_of(_metadata, &self->nl, "vmc0", &s1);
	EXPECT_EQ(s0.tx_packets + 4, s1.tx_packets);
	EXPECT_EQ(s0.tx_dropped, s1.tx_dropped);
	close(h);
}

/* Other members' frames are held with the local ones and go out by
 * (submit time, member, seq), whatever order they were written in; they
 * are received frames, stamped with their submit times.
 */
TEST_F(tl, remote_and_local_one_order)
{
	struct can_frame cf;
	struct tlrec r[2];
	struct got g;
	int64_t t0, t1;
	int h, i;
	/* expected: by (submit, member): member 3 < local 5 < member 7 */
	struct { canid_t id; bool local; } want[] = {
		{ 0x301, false },	/* member 3 at t0 - 10 */
		{ 0x302, false },	/* member 3 at t0 */
		{ 0x501, true },	/* local 5 at t0 */
		{ 0x701, false },	/* member 7 at t0 */
		{ 0x702, false },	/* member 7 between */
		{ 0x502, true },	/* local at t1 */
		{ 0x303, false },	/* member 3 at t1 + 1 */
	};

	h = tl_attach("vmc0", 5, 0);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, send_cc(self->a, 0x501, 1));
	ASSERT_EQ(0, send_cc(self->a, 0x502, 2));
	ASSERT_EQ(2, read_recs(h, r, 2, TIMEOUT_MS));
	t0 = r[0].tl.submit;
	t1 = r[1].tl.submit;
	ASSERT_LT(t0 + 1, t1) TH_LOG("two stamps 1 ns apart: no room between them");

	/* member 7 first, member 3's out of its submit order among members */
	cf = frame(0x702, 2);
	EXPECT_LT(0, write_remote(h, 7, 2, t0 + 1, &cf));
	cf = frame(0x701, 1);
	EXPECT_LT(0, write_remote(h, 7, 1, t0, &cf));
	cf = frame(0x303, 3);
	EXPECT_LT(0, write_remote(h, 3, 3, t1 + 1, &cf));
	cf = frame(0x301, 1);
	EXPECT_LT(0, write_remote(h, 3, 1, t0 - 10, &cf));
	cf = frame(0x302, 2);
	EXPECT_LT(0, write_remote(h, 3, 2, t0, &cf));
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->b, &g, QUIET_MS));

	/* this host promises up to now, past t1 */
	ASSERT_LT(t1, watermark(h));
	EXPECT_LT(0, write_frontier(h, t1 + 1));
	for (i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++) {
		ASSERT_EQ(0, recv_ts(self->b, &g, TIMEOUT_MS)) TH_LOG("frame %d", i);
		EXPECT_EQ(want[i].id, g.cf.can_id) TH_LOG("frame %d", i);
		EXPECT_EQ(want[i].local, !!(g.flags & MSG_DONTROUTE)) TH_LOG("frame %d", i);
	}
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->b, &g, QUIET_MS));
	close(h);
}

/* What the helper may not write: an unknown member, its own, a place the
 * frontier passed or one taken, plain records; and no more than
 * VCANMC_TL_REMOTE frames held.
 */
TEST_F(tl, remote_refused)
{
	struct can_frame cf = frame(0x123, 1);
	struct rtnl_link_stats64 s0, s1;
	uint8_t buf[64];
	size_t off = 0;
	int64_t t;
	int h, i;

	h = tl_attach("vmc0", 5, 0);
	ASSERT_LE(0, h);
	t = watermark(h);
	ASSERT_LT(0, t);
	EXPECT_LT(0, write_frontier(h, t));
	EXPECT_EQ(-EINVAL, write_remote(h, 0, 1, t + 1, &cf)) TH_LOG("member 0");
	EXPECT_EQ(-EINVAL, write_remote(h, 5, 1, t + 1, &cf)) TH_LOG("this host");
	EXPECT_EQ(-EINVAL, write_remote(h, 3, 1, t, &cf)) TH_LOG("frontier passed it");
	EXPECT_LT(0, write_remote(h, 3, 1, t + 1, &cf));
	EXPECT_EQ(-EINVAL, write_remote(h, 3, 1, t + 1, &cf)) TH_LOG("taken");
	EXPECT_EQ(-EINVAL, helper_send(h, &(struct canfd_frame){ .can_id = 1 }, false));
	put2(buf, &off, VCANMC_REC_FRONTIER, &t, 4, NULL, 0);
	EXPECT_EQ(-EINVAL, write(h, buf, off) < 0 ? -errno : 0) TH_LOG("short frontier");

	for (i = 1; i < VCANMC_TL_REMOTE; i++)
		ASSERT_LT(0, write_remote(h, 3, i + 1, t + 1 + i, &cf)) TH_LOG("frame %d", i);
	EXPECT_EQ(-EAGAIN, write_remote(h, 7, 1, t + 1, &cf));

	/* detaching drops what is held, counted */
	stats_of(_metadata, &self->nl, "vmc0", &s0);
	close(h);
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_DORMANT, TIMEOUT_MS));
	stats_of(_metadata, &self->nl, "vmc0", &s1);
	EXPECT_EQ(s0.rx_dropped + VCANMC_TL_REMOTE, s1.rx_dropped);
}

/* Local frames held when the helper detaches or the device goes down are
 * dropped, counted, without an echo.
 */
TEST_F(tl, held_dropped_counted)
{
	struct rtnl_link_stats64 s0, s1;
	struct tlrec r[3];
	struct got g;
	int h;

	h = tl_attach("vmc0", 5, 0);
	ASSERT_LE(0, h);
	stats_of(_metadata, &self->nl, "vmc0", &s0);
	ASSERT_EQ(0, send_cc(self->a, 0x100, 1));
	ASSERT_EQ(0, send_cc(self->a, 0x101, 2));
	ASSERT_EQ(2, read_recs(h, r, 3, TIMEOUT_MS));
	close(h);
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_DORMANT, TIMEOUT_MS));
	stats_of(_metadata, &self->nl, "vmc0", &s1);
	EXPECT_EQ(s0.tx_dropped + 2, s1.tx_dropped);
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->a, &g, QUIET_MS));
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->b, &g, 0));

	h = tl_attach("vmc0", 5, 0);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, send_cc(self->a, 0x102, 3));
	ASSERT_EQ(1, read_recs(h, r, 3, TIMEOUT_MS));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	stats_of(_metadata, &self->nl, "vmc0", &s0);
	EXPECT_EQ(s1.tx_dropped + 1, s0.tx_dropped);
	EXPECT_EQ(-ENETDOWN, write_frontier(h, r[0].tl.submit));
	close(h);
}

/* The frontier stays across helpers: a new one may not go below what the
 * old one let out, nor write a frame there.
 */
TEST_F(tl, frontier_stays_across_helpers)
{
	struct can_frame cf = frame(0x300, 1);
	int64_t f;
	int h;

	h = tl_attach("vmc0", 5, 0);
	ASSERT_LE(0, h);
	f = watermark(h);
	ASSERT_LT(0, f);
	EXPECT_LT(0, write_frontier(h, f));
	close(h);
	ASSERT_EQ(0, link_wait_operstate(&self->nl, "vmc0", IF_OPER_DORMANT, TIMEOUT_MS));
	h = tl_attach("vmc0", 6, 0);
	ASSERT_LE(0, h);
	EXPECT_EQ(-EINVAL, write_frontier(h, f - 1));
	EXPECT_EQ(-EINVAL, write_remote(h, 3, 1, f, &cf));
	EXPECT_LT(0, write_remote(h, 3, 1, f + 1, &cf));
	EXPECT_LT(0, write_frontier(h, f));
	close(h);
}

/* A helper that does not read stops the device's queue before a frame is
 * stamped: a non-blocking sender is told (ENOBUFS, EAGAIN), nothing is
 * dropped, and reading lets the frames go on.
 */
TEST_F(tl, full_queue_stops_not_drops)
{
	static struct tlrec r[64];
	struct rtnl_link_stats64 s0, s1;
	int h, sent = 0, got = 0, n, err = 0, echoes = 0;
	int64_t last = 0;
	struct got g;

	h = tl_attach("vmc0", 5, 16);
	ASSERT_LE(0, h);
	ASSERT_EQ(0, fcntl(self->a, F_SETFL, O_NONBLOCK));
	stats_of(_metadata, &self->nl, "vmc0", &s0);
	while (sent < 1000) {
		err = send_cc(self->a, 0x100, (uint8_t)sent);
		if (err)
			break;
		sent++;
	}
	EXPECT_TRUE(err == -ENOBUFS || err == -EAGAIN) TH_LOG("%s", strerror(-err));
	EXPECT_LE(16, sent);
	/* the helper's queue holds 16, the qdisc the rest; reading frees them */
	while (got < sent) {
		n = read_recs(h, r, 64, TIMEOUT_MS);
		ASSERT_LT(0, n) TH_LOG("after %d of %d: %s", got, sent, strerror(-n));
		for (int i = 0; i < n; i++) {
			EXPECT_EQ(got + i + 1, r[i].tl.seq);
			last = r[i].tl.submit;
		}
		got += n;
	}
	EXPECT_EQ(sent, got);
	EXPECT_LT(0, write_frontier(h, last));
	while (!recv_ts(self->b, &g, QUIET_MS))
		EXPECT_EQ((uint8_t)echoes++, g.cf.data[0]);
	EXPECT_EQ(sent, echoes);
	stats_of(_metadata, &self->nl, "vmc0", &s1);
	EXPECT_EQ(s0.tx_dropped, s1.tx_dropped);
	close(h);
}

/* The device deleted while a sender floods it and its helper reads,
 * writes other members' frames and moves the frontier: every call ends
 * with an error that says the device is gone (ENODEV, or ENETDOWN while
 * it goes down), nothing hangs, and the kernel log stays clean.
 */
struct churn {
	int fd;
	int err;		/* what ended it */
	long calls;
};

static void *churn_send(void *arg)
{
	struct churn *c = arg;
	int err;

	for (;;) {
		err = send_cc(c->fd, 0x100, (uint8_t)c->calls);
		if (err && err != -ENOBUFS && err != -EAGAIN) {
			c->err = err;
			return NULL;
		}
		c->calls++;
	}
}

static void *churn_helper(void *arg)
{
	static struct tlrec r[64];
	struct churn *c = arg;
	struct can_frame cf = frame(0x200, 0);
	uint64_t seq = 0;
	int64_t w;
	ssize_t n;

	for (;;) {
		w = watermark(c->fd);
		n = w < 0 ? w : read_recs(c->fd, r, 64, 10);
		if (n == -ETIMEDOUT || n >= 0)
			n = write_remote(c->fd, 9, ++seq, w, &cf);
		if (n >= 0)
			n = write_frontier(c->fd, w);
		/* EAGAIN: the pool of other members' frames is full of ones
		 * released that local sockets have not taken yet (a slow VM)
		 */
		if (n < 0 && n != -EINVAL && n != -EAGAIN) {
			c->err = n;
			return NULL;
		}
		c->calls++;
	}
}

TEST_F(tl, deleted_while_running)
{
	struct churn snd = { .fd = self->a }, hlp;
	pthread_t ts, th;

	hlp.fd = tl_attach("vmc0", 5, 64);
	hlp.err = 0;
	hlp.calls = 0;
	ASSERT_LE(0, hlp.fd);
	ASSERT_EQ(0, fcntl(self->a, F_SETFL, O_NONBLOCK));
	ASSERT_EQ(0, pthread_create(&ts, NULL, churn_send, &snd));
	ASSERT_EQ(0, pthread_create(&th, NULL, churn_helper, &hlp));
	usleep(500 * 1000);
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	pthread_join(th, NULL);
	pthread_join(ts, NULL);
	EXPECT_LT(0, hlp.calls);
	EXPECT_LT(0, snd.calls);
	EXPECT_TRUE(hlp.err == -ENODEV || hlp.err == -ENETDOWN) TH_LOG("%s", strerror(-hlp.err));
	EXPECT_TRUE(snd.err == -ENXIO || snd.err == -ENODEV || snd.err == -ENETDOWN)
		TH_LOG("%s", strerror(-snd.err));
	close(hlp.fd);
}

/* Going down with the helper attached drops the frames held and the
 * records the helper has not read (their frames are gone): after up, it
 * reads only what was sent since, and the sequence numbers show the gap.
 */
TEST_F(tl, down_drops_unread_records)
{
	struct rtnl_link_stats64 s0, s1;
	struct tlrec r[4];
	struct got g;
	int h, i;

	h = tl_attach("vmc0", 5, 0);
	ASSERT_LE(0, h);
	stats_of(_metadata, &self->nl, "vmc0", &s0);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, send_cc(self->a, 0x100 + i, i));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", false));
	ASSERT_EQ(0, link_set_up(&self->nl, "vmc0", true));
	stats_of(_metadata, &self->nl, "vmc0", &s1);
	EXPECT_EQ(s0.tx_dropped + 3, s1.tx_dropped);
	EXPECT_EQ(-ETIMEDOUT, read_recs(h, r, 4, QUIET_MS));

	/* the old sockets were told ENETDOWN: new ones */
	close(self->a);
	close(self->b);
	self->a = ts_socket("vmc0");
	self->b = ts_socket("vmc0");
	ASSERT_LE(0, self->a);
	ASSERT_LE(0, self->b);
	ASSERT_EQ(0, send_cc(self->a, 0x103, 3));
	ASSERT_EQ(1, read_recs(h, r, 4, TIMEOUT_MS));
	EXPECT_EQ(4, r[0].tl.seq);
	EXPECT_LT(0, write_frontier(h, r[0].tl.submit));
	ASSERT_EQ(0, recv_ts(self->b, &g, TIMEOUT_MS));
	EXPECT_EQ(0x103, g.cf.can_id);
	EXPECT_EQ(-ETIMEDOUT, recv_ts(self->b, &g, QUIET_MS));
	close(h);
}

/* Helpers attach and detach while a sender floods: the kernel stays quiet
 * (no warning: the transmit path reads the helper's file once, however
 * soon it detaches).
 */
TEST_F(tl, attach_detach_while_sending)
{
	struct churn snd = { .fd = self->a };
	pthread_t ts;
	int i, h;

	ASSERT_EQ(0, fcntl(self->a, F_SETFL, O_NONBLOCK));
	ASSERT_EQ(0, pthread_create(&ts, NULL, churn_send, &snd));
	for (i = 0; i < 300; i++) {
		h = tl_attach("vmc0", 5, 16);
		ASSERT_LE(0, h);
		if (i % 3 == 0)
			EXPECT_LT(0, write_frontier(h, watermark(h)));
		close(h);
	}
	ASSERT_EQ(0, link_del(&self->nl, "vmc0"));
	pthread_join(ts, NULL);
	EXPECT_LT(0, snd.calls);
}

/* Two members, vmc0 (member 1) and vmc1 (member 2), each with a sender
 * and a listener, joined by this test as their helpers would be: each
 * one's frames are written to the other as its member's, and both get the
 * same frontier, the lower of their watermarks. The senders take turns, so
 * that the submit times interleave: both listeners receive every frame in
 * the order they were sent, with the same time stamps, though each member
 * has its own frames at once and the other's only when shuttled over.
 */
#define TWO_N	300

struct member {
	const char *name;
	uint32_t id;
	int h, tx, rx;
	int64_t mark;
	int n_recs;
};

/* Moves what @from's helper has to @to's, as @from's member's frames. */
static int shuttle(struct member *from, struct member *to)
{
	static struct tlrec r[64];
	static uint8_t buf[64 * 128];
	size_t off;
	int n, i;

	from->mark = watermark(from->h);
	if (from->mark < 0)
		return from->mark;
	/* every record stamped up to the mark is queued: read them all */
	for (;;) {
		n = read_recs(from->h, r, 64, 0);
		if (n == -ETIMEDOUT)
			return 0;
		if (n < 0)
			return n;
		off = 0;
		for (i = 0; i < n; i++) {
			r[i].tl.member = from->id;
			put2(buf, &off, r[i].type, &r[i].tl, sizeof(r[i].tl), r[i].frame,
			     r[i].flen);
		}
		from->n_recs += n;
		if (write(to->h, buf, off) != (ssize_t)off)
			return -errno ?: -EIO;
	}
}

/* Both helpers' loop, once: shuttle both ways, release to the lower mark */
static int exchange(struct member *m)
{
	int64_t f;
	int err, k;

	err = shuttle(&m[0], &m[1]) ?: shuttle(&m[1], &m[0]);
	if (err)
		return err;
	f = m[0].mark < m[1].mark ? m[0].mark : m[1].mark;
	for (k = 0; k < 2; k++)
		if (write_frontier(m[k].h, f) < 0)
			return -errno;
	return 0;
}

TEST_F(tl, two_members_one_sequence)
{
	struct member m[2] = {
		{ .name = "vmc0", .id = 1 },
		{ .name = "vmc1", .id = 2 },
	};
	static struct got g[2][2 * TWO_N];
	int k, i, n[2] = { 0, 0 }, rcvbuf = 16 << 20;

	ASSERT_EQ(0, make_global(&self->nl, "vmc1"));
	for (k = 0; k < 2; k++) {
		m[k].h = tl_attach(m[k].name, m[k].id, 0);
		ASSERT_LE(0, m[k].h);
		m[k].tx = can_open(m[k].name);
		m[k].rx = ts_socket(m[k].name);
		ASSERT_LE(0, m[k].tx);
		ASSERT_LE(0, m[k].rx);
		/* it holds them all until the end */
		ASSERT_EQ(0, setsockopt(m[k].rx, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
					sizeof(rcvbuf)));
	}
	for (i = 0; i < TWO_N; i++) {
		for (k = 0; k < 2; k++)
			ASSERT_EQ(0, send_cc(m[k].tx, m[k].id << 8 | (i & 0xff), (uint8_t)i));
		/* now and then, with frames of both on their way */
		if (i % 7 == 3)
			ASSERT_EQ(0, exchange(m));
	}
	/* a last round: its marks cover every frame */
	ASSERT_EQ(0, exchange(m));
	EXPECT_EQ(TWO_N, m[0].n_recs);
	EXPECT_EQ(TWO_N, m[1].n_recs);

	for (k = 0; k < 2; k++)
		while (n[k] < 2 * TWO_N && !recv_ts(m[k].rx, &g[k][n[k]], TIMEOUT_MS))
			n[k]++;
	EXPECT_EQ(2 * TWO_N, n[0]);
	EXPECT_EQ(2 * TWO_N, n[1]);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < n[k]; i++) {
			canid_t want = m[i % 2].id << 8 | ((i / 2) & 0xff);

			ASSERT_EQ(want, g[k][i].cf.can_id) TH_LOG("%s, frame %d", m[k].name, i);
			ASSERT_EQ((uint8_t)(i / 2), g[k][i].cf.data[0]);
			ASSERT_EQ(g[0][i].ts, g[k][i].ts) TH_LOG("%s, frame %d", m[k].name, i);
			if (i)
				ASSERT_LT(g[k][i - 1].ts, g[k][i].ts);
		}
	}
	for (k = 0; k < 2; k++) {
		close(m[k].h);
		close(m[k].tx);
		close(m[k].rx);
	}
}

TEST_HARNESS_MAIN
