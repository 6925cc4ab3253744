// SPDX-License-Identifier: GPL-2.0
/*
 * The sockets of an attached link:
 *
 *  - one CAN_RAW socket on the vcanmc device. It reads what local programs
 *    send (CAN FD, error frames and CAN XL on, a large buffer, drops
 *    reported by SO_RXQ_OVFL), and writes what comes from the tunnel with
 *    SO_MARK set to VCANMC_INJECT_MARK, which makes the driver deliver it
 *    as received. A socket filter drops the frames carrying that mark, so
 *    that what came from the tunnel never goes back into it.
 *
 *  - one UDP socket bound to group:port that joins the group on the
 *    underlay and receives. SO_REUSEADDR and SO_REUSEPORT let python-can
 *    and other daemons share the port; IP(V6)_MULTICAST_ALL off keeps
 *    other groups' datagrams out.
 *
 *  - one UDP socket connected to group:port that sends, from an ephemeral
 *    port: its address tells our own looped-back datagrams from those of
 *    python-can processes on the same host, which send from the group port.
 *    No socket filter drops them in the kernel: the kernel would count
 *    each as a receive error (UDP InErrors, and in SO_RXQ_OVFL, hiding
 *    real overflows).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/can/error.h>
#include <linux/can/raw.h>
#include <linux/filter.h>

#include "vcanmcd.h"

#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif

static int set_int(int fd, int level, int opt, int val)
{
	return setsockopt(fd, level, opt, &val, sizeof(val)) ? -errno : 0;
}

/* Above net.core.rmem_max/wmem_max where we may (CAP_NET_ADMIN). */
static void set_buf(int fd, int force_opt, int opt)
{
	if (set_int(fd, SOL_SOCKET, force_opt, VCANMCD_SOCKBUF))
		set_int(fd, SOL_SOCKET, opt, VCANMCD_SOCKBUF);
}

static int fail(int fd, int err, char *why, size_t len, const char *what)
{
	snprintf(why, len, "%s: %s", what, strerror(-err));
	if (fd >= 0)
		close(fd);
	return err;
}

static int drop_injected(int fd)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_MARK),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, VCANMC_INJECT_MARK, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]),
		.filter = code,
	};

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) ? -errno : 0;
}

int sock_can_open(const struct vlink *l, char *why, size_t len)
{
	struct sockaddr_can addr = {
		.can_family = AF_CAN,
		.can_ifindex = l->nl.ifindex,
	};
	int fd, err;

	fd = socket(PF_CAN, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, CAN_RAW);
	if (fd < 0)
		return fail(-1, -errno, why, len, "CAN socket");

	err = set_int(fd, SOL_CAN_RAW, CAN_RAW_FD_FRAMES, 1);
	if (err)
		return fail(fd, err, why, len, "CAN FD frames");
#ifdef CANXL_MTU
	/* Only to count them: python-can's format has no CAN XL. Kernels
	 * without CAN XL refuse the option, and send no such frames.
	 */
	set_int(fd, SOL_CAN_RAW, CAN_RAW_XL_FRAMES, 1);
#endif
	err = set_int(fd, SOL_CAN_RAW, CAN_RAW_ERR_FILTER, CAN_ERR_MASK);
	if (err)
		return fail(fd, err, why, len, "CAN error frames");
	err = set_int(fd, SOL_SOCKET, SO_MARK, VCANMC_INJECT_MARK);
	if (err)
		return fail(fd, err, why, len, "SO_MARK (needs CAP_NET_ADMIN)");
	err = drop_injected(fd);
	if (err)
		return fail(fd, err, why, len, "socket filter");
	set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF);
	/* No SO_TIMESTAMPNS: it would turn on timestamps for every packet of
	 * the system; a clock read per batch is as good for python-can.
	 */
	err = set_int(fd, SOL_SOCKET, SO_RXQ_OVFL, 1);
	if (err)
		return fail(fd, err, why, len, "CAN socket options");

	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return fail(fd, -errno, why, len, "CAN bind");
	return fd;
}

/* group:port of @l, with the underlay as scope of a link-local group */
static socklen_t group_addr(const struct vlink *l, struct sockaddr_storage *ss)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;

	memset(ss, 0, sizeof(*ss));
	if (l->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(cfg->port);
		sin->sin_addr = cfg->group;
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(cfg->port);
		sin6->sin6_addr = cfg->group6;
		if (IN6_IS_ADDR_MC_LINKLOCAL(&cfg->group6) ||
		    IN6_IS_ADDR_MC_NODELOCAL(&cfg->group6))
			sin6->sin6_scope_id = cfg->link;
		return sizeof(*sin6);
	}
}

static int join(const struct vlink *l, int fd)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;

	if (l->family == AF_INET) {
		struct ip_mreqn mreq = {
			.imr_multiaddr = cfg->group,
			.imr_ifindex = (int)cfg->link,
		};

		return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
				  sizeof(mreq)) ? -errno : 0;
	} else {
		struct ipv6_mreq mreq = {
			.ipv6mr_multiaddr = cfg->group6,
			.ipv6mr_interface = cfg->link,
		};

		return setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq,
				  sizeof(mreq)) ? -errno : 0;
	}
}

static int open_rx(const struct vlink *l, char *why, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sslen = group_addr(l, &ss);
	int fd, err;

	fd = socket(l->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(-1, -errno, why, len, "UDP socket");
	err = set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	if (!err)
		err = set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1);
	if (!err)
		err = set_int(fd, SOL_SOCKET, SO_RXQ_OVFL, 1);
	if (!err && l->family == AF_INET)
		err = set_int(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0);
	if (!err && l->family == AF_INET6)
		err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0);
	if (err)
		return fail(fd, err, why, len, "UDP socket options");
	set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF);

	if (bind(fd, (struct sockaddr *)&ss, sslen))
		return fail(fd, -errno, why, len, "UDP bind to the group");
	err = join(l, fd);
	if (err)
		return fail(fd, err, why, len, "joining the group");
	return fd;
}

static int open_tx(struct vlink *l, char *why, size_t len)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;
	struct sockaddr_storage ss;
	socklen_t sslen = group_addr(l, &ss);
	int fd, err;

	fd = socket(l->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(-1, -errno, why, len, "UDP socket");
	if (l->family == AF_INET) {
		struct ip_mreqn mreq = { .imr_ifindex = (int)cfg->link };

		err = set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, cfg->ttl);
		if (!err)
			err = set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 1);
		if (!err && cfg->link &&
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq)))
			err = -errno;
	} else {
		err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, cfg->ttl);
		if (!err)
			err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 1);
		if (!err && cfg->link)
			err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, (int)cfg->link);
	}
	if (err)
		return fail(fd, err, why, len, "UDP multicast options");
	set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF);

	if (connect(fd, (struct sockaddr *)&ss, sslen))
		return fail(fd, -errno, why, len, "no route to the group (set dev?)");
	l->self_len = sizeof(l->self);
	if (getsockname(fd, (struct sockaddr *)&l->self, &l->self_len))
		return fail(fd, -errno, why, len, "UDP getsockname");
	return fd;
}

int sock_udp_open(struct vlink *l, char *why, size_t len)
{
	int fd;

	l->family = vcanmc_cfg_has(&l->nl.cfg, IFLA_VCANMC_GROUP) ? AF_INET : AF_INET6;
	fd = open_rx(l, why, len);
	if (fd < 0)
		return fd;
	l->rx_fd = fd;
	fd = open_tx(l, why, len);
	if (fd < 0) {
		close(l->rx_fd);
		l->rx_fd = -1;
		return fd;
	}
	l->tx_fd = fd;
	return 0;
}
