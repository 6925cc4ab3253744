// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching a link:
 *
 *  - its /dev/vcanmc file, bound to the vcanmc device with
 *    VCANMC_IOC_ATTACH: reading it gives every frame transmitted on the
 *    device, writing it delivers frames as received ones; closing it (or
 *    the daemon dying) detaches.
 *
 *  - one UDP socket bound to group:port that joins the group on the
 *    underlay (with dev any: where the route to the group leads, which
 *    links.c follows when routes change) and receives. SO_REUSEADDR and SO_REUSEPORT let python-can
 *    and other daemons share the port; IP(V6)_MULTICAST_ALL off keeps
 *    other groups' datagrams out. A link with unicast peers, or with no
 *    group, binds it to the port on every address instead, its peers
 *    sending to this host's own address, and without SO_REUSEADDR and
 *    SO_REUSEPORT: it owns the port, so that no other socket takes their
 *    datagrams (a second such link on the port fails to attach, saying
 *    why).
 *
 *  - one UDP socket that sends to group:port, from an ephemeral port: the
 *    port tells our own looped-back datagrams from those of python-can
 *    processes on the same host, which send from the group port. It is not
 *    connected, so that each datagram goes from the address the route gives
 *    at that moment (an underlay that gets its address, or another one,
 *    after we attached), and an ICMP error fails no more than one send,
 *    which is then repeated (forward.c).
 *    Multicast loopback follows the link's mcast-loop setting (batches are
 *    never looped back: no python-can program reads them). With
 *    IP(V6)_RECVERR a datagram that the network's queue dropped fails with
 *    ENOBUFS instead of vanishing, so that it can be sent again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/udp.h>

#include "attach.h"
#include "route.h"

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
	if (set_int(fd, SOL_SOCKET, force_opt, ATTACH_SOCKBUF))
		set_int(fd, SOL_SOCKET, opt, ATTACH_SOCKBUF);
}

static int fail(int fd, int err, char *why, size_t len, const char *what)
{
	snprintf(why, len, "%s: %s", what, strerror(-err));
	if (fd >= 0)
		close(fd);
	return err;
}

/* @member 0: VCANMC_IOC_ATTACH, else VCANMC_IOC_ATTACH_TL */
static int attach_file(int ifindex, uint32_t flags, uint32_t member, char *why, size_t len)
{
	struct vcanmc_attach_tl req = {
		.attach = {
			.ifindex = (uint32_t)ifindex,
			.version = VCANMC_REC_VERSION,
			.queue_len = ATTACH_QUEUE_LEN,
			.flags = flags,
		},
		.member = member,
	};
	int fd;

	fd = open(ATTACH_DEV_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(-1, -errno, why, len, ATTACH_DEV_PATH);
	if (member ? ioctl(fd, VCANMC_IOC_ATTACH_TL, &req) :
		     ioctl(fd, VCANMC_IOC_ATTACH, &req.attach)) {
		int err = -errno;

		/* EOPNOTSUPP: the link's order changed under us */
		return fail(fd, err, why, len, err == -EBUSY ? "another helper is attached" :
			    err == -EOPNOTSUPP ? "the link's order changed" :
			    "attaching " ATTACH_DEV_PATH);
	}
	return fd;
}

int attach_dev(int ifindex, uint32_t flags, char *why, size_t len)
{
	return attach_file(ifindex, flags, 0, why, len);
}

int attach_dev_tl(int ifindex, uint32_t member, char *why, size_t len)
{
	return attach_file(ifindex, 0, member, why, len);
}

uint64_t attach_dev_overflows(int fd)
{
	struct vcanmc_stats st;

	if (fd < 0 || ioctl(fd, VCANMC_IOC_GET_STATS, &st))
		return 0;
	return st.overflows;
}

static bool is_ipv4(const struct vcanmc_cfg *cfg)
{
	return vcanmc_cfg_family(cfg) == AF_INET;
}

/* Joins (@add) or leaves @cfg's group on interface @ifindex. */
static int membership(const struct vcanmc_cfg *cfg, int fd, int ifindex, bool add)
{
	if (is_ipv4(cfg)) {
		struct ip_mreqn mreq = {
			.imr_multiaddr = cfg->group,
			.imr_ifindex = ifindex,
		};

		return setsockopt(fd, IPPROTO_IP, add ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
				  &mreq, sizeof(mreq)) ? -errno : 0;
	} else {
		struct ipv6_mreq mreq = {
			.ipv6mr_multiaddr = cfg->group6,
			.ipv6mr_interface = (unsigned int)ifindex,
		};

		return setsockopt(fd, IPPROTO_IPV6, add ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP,
				  &mreq, sizeof(mreq)) ? -errno : 0;
	}
}

/* Where @cfg's group is joined: its underlay, or for dev any where the
 * route to the group leads now. Named, not left to the kernel: the
 * membership must be found again where it is when the route moves.
 */
static int join_dev(const struct vcanmc_cfg *cfg)
{
	return cfg->link ? (int)cfg->link : route_group_dev(cfg);
}

/* Datagrams sent to this host's own addresses come too: peers send them */
static bool takes_unicast(const struct vcanmc_cfg *cfg)
{
	return cfg->npeers || !vcanmc_cfg_has_group(cfg);
}

static int open_rx(const struct vcanmc_cfg *cfg, struct udp_socks *u, char *why, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sslen = vcanmc_cfg_group(cfg, &ss);
	bool group = vcanmc_cfg_has_group(cfg);
	int fd, err, dev = 0;

	if (group) {
		dev = join_dev(cfg);
		if (dev < 0)
			return fail(-1, dev, why, len, "no route to the group (set dev?)");
	}

	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(-1, -errno, why, len, "UDP socket");
	/* Bound to every address it owns the port: another socket (another
	 * user's, another link's) could otherwise bind it, or a more
	 * specific address, and take the peers' datagrams from it.
	 */
	err = takes_unicast(cfg) ? 0 : set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	if (!err && !takes_unicast(cfg))
		err = set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1);
	if (!err)
		err = set_int(fd, SOL_SOCKET, SO_RXQ_OVFL, 1);
	/* Runs of datagrams as one (cut apart in forward.c) */
	if (!err)
		set_int(fd, IPPROTO_UDP, UDP_GRO, 1);
	if (!err && is_ipv4(cfg))
		err = set_int(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0);
	if (!err && !is_ipv4(cfg))
		err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0);
	/* On every address: IPv6's, not IPv4's too (another link's) */
	if (!err && !is_ipv4(cfg) && takes_unicast(cfg))
		err = set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	if (err)
		return fail(fd, err, why, len, "UDP socket options");
	set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF);

	if (takes_unicast(cfg)) {
		if (ss.ss_family == AF_INET) {
			((struct sockaddr_in *)&ss)->sin_addr.s_addr = htonl(INADDR_ANY);
		} else {
			((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_any;
			((struct sockaddr_in6 *)&ss)->sin6_scope_id = 0;
		}
	}
	if (bind(fd, (struct sockaddr *)&ss, sslen))
		return fail(fd, -errno, why, len,
			    takes_unicast(cfg) ? "UDP bind to the port" : "UDP bind to the group");
	if (group) {
		err = membership(cfg, fd, dev, true);
		if (err)
			return fail(fd, err, why, len, "joining the group");
	}
	u->join_ifindex = dev;
	return fd;
}

/* Only python-can programs want our datagrams back on this host, and they
 * cannot read batches.
 */
bool attach_mcast_loop(const struct vcanmc_cfg *cfg)
{
	return cfg->mcast_loop && cfg->encap == VCANMC_ENCAP_PYTHON_CAN;
}

/* 0 if a socket sending on @cfg's underlay finds a route to @ss. */
static int route_exists(const struct vcanmc_cfg *cfg, const struct sockaddr_storage *ss,
			socklen_t sslen)
{
	int fd, err = 0;

	fd = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (cfg->link && is_ipv4(cfg)) {
		struct ip_mreqn mreq = { .imr_ifindex = (int)cfg->link };

		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq)))
			err = -errno;
	} else if (cfg->link) {
		err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, (int)cfg->link);
	}
	if (!err && connect(fd, (const struct sockaddr *)ss, sslen))
		err = -errno;
	close(fd);
	return err;
}

static int open_tx(const struct vcanmc_cfg *cfg, struct udp_socks *u, char *why, size_t len)
{
	struct sockaddr_storage ss, any;
	socklen_t sslen = vcanmc_cfg_group(cfg, &ss);
	int fd, err;

	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(-1, -errno, why, len, "UDP socket");
	if (is_ipv4(cfg)) {
		struct ip_mreqn mreq = { .imr_ifindex = (int)cfg->link };

		err = set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, cfg->ttl);
		if (!err)
			err = set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, attach_mcast_loop(cfg));
		if (!err)
			err = set_int(fd, IPPROTO_IP, IP_RECVERR, 1);
		if (!err && cfg->link &&
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq)))
			err = -errno;
	} else {
		err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, cfg->ttl);
		if (!err)
			err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, attach_mcast_loop(cfg));
		if (!err)
			err = set_int(fd, IPPROTO_IPV6, IPV6_RECVERR, 1);
		if (!err && cfg->link)
			err = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, (int)cfg->link);
	}
	if (err)
		return fail(fd, err, why, len, "UDP multicast options");
	set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF);

	/* A route to the group there must be: connecting a socket of the
	 * same settings finds it. (Not this one: disconnecting would give
	 * up its port.) Peers' routes may come later: until then their sends
	 * fail, counted.
	 */
	err = vcanmc_cfg_has_group(cfg) ? route_exists(cfg, &ss, sslen) : 0;
	if (err)
		return fail(fd, err, why, len, "no route to the group (set dev?)");
	memset(&any, 0, sizeof(any));
	any.ss_family = ss.ss_family;
	if (bind(fd, (struct sockaddr *)&any, sslen))
		return fail(fd, -errno, why, len, "UDP bind");
	u->self_len = sizeof(u->self);
	if (getsockname(fd, (struct sockaddr *)&u->self, &u->self_len))
		return fail(fd, -errno, why, len, "UDP getsockname");
	u->group = ss;
	u->group_len = sslen;
	return fd;
}

int attach_udp(const struct vcanmc_cfg *cfg, struct udp_socks *u, char *why, size_t len)
{
	int fd;

	fd = open_rx(cfg, u, why, len);
	if (fd < 0)
		return fd;
	u->rx_fd = fd;
	fd = open_tx(cfg, u, why, len);
	if (fd < 0) {
		close(u->rx_fd);
		u->rx_fd = -1;
		return fd;
	}
	u->tx_fd = fd;
	return 0;
}

int attach_udp_rejoin(const struct vcanmc_cfg *cfg, struct udp_socks *u, int ifindex)
{
	int err;

	/* The new membership first: should it fail, the old one stays. */
	err = membership(cfg, u->rx_fd, ifindex, true);
	if (err)
		return err;
	if (u->join_ifindex)
		membership(cfg, u->rx_fd, u->join_ifindex, false);
	u->join_ifindex = ifindex;
	return 0;
}

/* The kernel keeps a socket's membership of an interface that is deleted:
 * it still counts against the socket's limit (20 for IPv4, then joins fail
 * ENOBUFS), and a join on an interface given the same index later finds it
 * (EADDRINUSE) and joins nothing. Dropping it needs no interface, and is
 * done before anything can be given its index.
 */
void attach_udp_gone(const struct vcanmc_cfg *cfg, struct udp_socks *u)
{
	if (u->join_ifindex)
		membership(cfg, u->rx_fd, u->join_ifindex, false);
	u->join_ifindex = 0;
}

void attach_udp_close(struct udp_socks *u)
{
	if (u->rx_fd >= 0)
		close(u->rx_fd);
	if (u->tx_fd >= 0)
		close(u->tx_fd);
	u->rx_fd = u->tx_fd = -1;
}

unsigned int attach_udp_port(const struct udp_socks *u)
{
	if (u->self.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&u->self)->sin_port);
	if (u->self.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&u->self)->sin6_port);
	return 0;
}
