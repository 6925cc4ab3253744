// SPDX-License-Identifier: GPL-2.0
/* Minimal rtnetlink client for the selftests; see rtnl.h. */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>

#include "rtnl.h"

#define BUF_SIZE 16384

/* Visits each attribute in the @rem bytes at @start. */
#define nla_walk(a, start, rem)							\
	for (a = (const void *)(start);						\
	     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;	\
	     rem -= NLA_ALIGN(a->nla_len),					\
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))

/* An RTM_*LINK request: header, ifinfomsg, attributes. */
struct req {
	union {
		struct nlmsghdr nh;
		char buf[4096];
	};
	struct ifinfomsg *ifi;
};

static void req_init(struct req *r, int type, int flags)
{
	memset(r->buf, 0, sizeof(r->buf));
	r->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	r->nh.nlmsg_type = type;
	r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->ifi = NLMSG_DATA(&r->nh);
	r->ifi->ifi_family = AF_UNSPEC;
}

static struct nlattr *req_put(struct req *r, int type, const void *data, int len)
{
	unsigned int off = NLMSG_ALIGN(r->nh.nlmsg_len);
	struct nlattr *a = (struct nlattr *)(r->buf + off);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(r->buf + off + NLA_HDRLEN, data, len);
	r->nh.nlmsg_len = off + NLA_ALIGN(a->nla_len);
	return a;
}

static void req_end(struct req *r, struct nlattr *nest)
{
	nest->nla_len = r->buf + r->nh.nlmsg_len - (char *)nest;
}

static void req_name(struct req *r, const char *name)
{
	req_put(r, IFLA_IFNAME, name, strlen(name) + 1);
}

int rtnl_open(struct rtnl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0)
		return -errno;
	if (setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(nl->fd);
		return err;
	}
	return 0;
}

void rtnl_close(struct rtnl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

/* The message of a refusal, and the type of the attribute of request @r
 * that it names (NLMSGERR_ATTR_OFFS: the attribute's offset in @r).
 */
static void extack_parse(struct rtnl *nl, const struct nlmsghdr *nh, const struct req *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nh);
	const struct nlattr *a, *bad;
	uint32_t attr_off;
	int off, rem;

	nl->extack[0] = '\0';
	nl->extack_attr = -1;
	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	rem = nh->nlmsg_len - off;
	nla_walk(a, (const char *)nh + off, rem) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			snprintf(nl->extack, sizeof(nl->extack), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_OFFS &&
		    a->nla_len == NLA_HDRLEN + sizeof(attr_off)) {
			memcpy(&attr_off, (const char *)a + NLA_HDRLEN, sizeof(attr_off));
			if (attr_off + NLA_HDRLEN <= r->nh.nlmsg_len) {
				bad = (const struct nlattr *)(r->buf + attr_off);
				nl->extack_attr = bad->nla_type & NLA_TYPE_MASK;
			}
		}
	}
}

static void parse_data(const struct nlattr *data, struct link_info *li)
{
	const struct nlattr *a;
	int rem = data->nla_len - NLA_HDRLEN;

	nla_walk(a, (const char *)data + NLA_HDRLEN, rem) {
		const void *p = (const char *)a + NLA_HDRLEN;
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type > IFLA_VCANMC_MAX)
			continue;
		li->has[type] = true;
		switch (type) {
		case IFLA_VCANMC_GROUP:
			memcpy(&li->group, p, sizeof(li->group));
			break;
		case IFLA_VCANMC_GROUP6:
			memcpy(&li->group6, p, sizeof(li->group6));
			break;
		case IFLA_VCANMC_PORT:
			memcpy(&li->port, p, sizeof(li->port));
			break;
		case IFLA_VCANMC_TTL:
			memcpy(&li->ttl, p, sizeof(li->ttl));
			break;
		case IFLA_VCANMC_LINK:
			memcpy(&li->link, p, sizeof(li->link));
			break;
		case IFLA_VCANMC_MCAST_LOOP:
			memcpy(&li->mcast_loop, p, sizeof(li->mcast_loop));
			break;
		case IFLA_VCANMC_BITRATE:
			memcpy(&li->bitrate, p, sizeof(li->bitrate));
			break;
		case IFLA_VCANMC_DBITRATE:
			memcpy(&li->dbitrate, p, sizeof(li->dbitrate));
			break;
		case IFLA_VCANMC_XLBITRATE:
			memcpy(&li->xlbitrate, p, sizeof(li->xlbitrate));
			break;
		case IFLA_VCANMC_ENCAP:
			memcpy(&li->encap, p, sizeof(li->encap));
			break;
		case IFLA_VCANMC_RX_ERR_FRAMES:
			memcpy(&li->rx_err_frames, p, sizeof(li->rx_err_frames));
			break;
		case IFLA_VCANMC_PEERS:
			li->peers_len = a->nla_len - NLA_HDRLEN;
			memcpy(li->peers, p, li->peers_len < (int)sizeof(li->peers) ?
			       li->peers_len : (int)sizeof(li->peers));
			break;
		case IFLA_VCANMC_PEERS_ONLY:
			memcpy(&li->peers_only, p, sizeof(li->peers_only));
			break;
		case IFLA_VCANMC_STREAM_ID:
			memcpy(&li->stream_id, p, sizeof(li->stream_id));
			break;
		case IFLA_VCANMC_BUS_ID:
			memcpy(&li->bus_id, p, sizeof(li->bus_id));
			break;
		case IFLA_VCANMC_TRANSPORT:
			memcpy(&li->transport, p, sizeof(li->transport));
			break;
		case IFLA_VCANMC_ORDER:
			memcpy(&li->order, p, sizeof(li->order));
			break;
		case IFLA_VCANMC_DEST_MAC:
			li->dest_mac_len = a->nla_len - NLA_HDRLEN;
			memcpy(li->dest_mac, p, li->dest_mac_len < (int)sizeof(li->dest_mac) ?
			       li->dest_mac_len : (int)sizeof(li->dest_mac));
			break;
		}
	}
}

static void parse_linkinfo(const struct nlattr *info, struct link_info *li)
{
	const struct nlattr *a;
	int rem = info->nla_len - NLA_HDRLEN;

	nla_walk(a, (const char *)info + NLA_HDRLEN, rem) {
		switch (a->nla_type & NLA_TYPE_MASK) {
		case IFLA_INFO_KIND:
			snprintf(li->kind, sizeof(li->kind), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN), (const char *)a + NLA_HDRLEN);
			break;
		case IFLA_INFO_DATA:
			parse_data(a, li);
			break;
		}
	}
}

static void link_parse(const struct nlmsghdr *nh, struct link_info *li)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	const struct rtattr *a;
	int rem = IFLA_PAYLOAD(nh);

	memset(li, 0, sizeof(*li));
	li->ifindex = ifi->ifi_index;
	li->flags = ifi->ifi_flags;
	li->type = ifi->ifi_type;
	for (a = IFLA_RTA(ifi); RTA_OK(a, rem); a = RTA_NEXT(a, rem)) {
		switch (a->rta_type) {
		case IFLA_MTU:
			memcpy(&li->mtu, RTA_DATA(a), sizeof(li->mtu));
			break;
		case IFLA_OPERSTATE:
			li->operstate = *(uint8_t *)RTA_DATA(a);
			break;
		case IFLA_LINKMODE:
			li->linkmode = *(uint8_t *)RTA_DATA(a);
			break;
		case IFLA_STATS64:
			memcpy(&li->stats, RTA_DATA(a), sizeof(li->stats));
			break;
		case IFLA_LINKINFO:
			parse_linkinfo((const struct nlattr *)a, li);
			break;
		}
	}
}

/* Sends @r and reads until its ACK, or for a request without NLM_F_ACK until
 * the RTM_NEWLINK answer, which is parsed into @li. Returns 0 or -errno.
 */
static int talk(struct rtnl *nl, struct req *r, struct link_info *li)
{
	static char buf[BUF_SIZE];
	unsigned int seq = ++nl->seq;
	struct nlmsghdr *nh;
	ssize_t len;

	r->nh.nlmsg_seq = seq;
	nl->extack[0] = '\0';
	nl->extack_attr = -1;
	if (send(nl->fd, r, r->nh.nlmsg_len, 0) < 0)
		return -errno;

	for (;;) {
		len = recv(nl->fd, buf, sizeof(buf), 0);
		if (len < 0)
			return -errno;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				extack_parse(nl, nh, r);
				return e->error;
			}
			if (nh->nlmsg_type == RTM_NEWLINK && li) {
				link_parse(nh, li);
				if (!(r->nh.nlmsg_flags & NLM_F_ACK))
					return 0;
			}
		}
	}
}

int vmc_newlink_mtu(struct rtnl *nl, const char *name, bool create, unsigned int mtu,
		    const struct vattr *attrs, int n)
{
	struct nlattr *info, *data;
	struct req r;
	int i;

	req_init(&r, RTM_NEWLINK, create ? NLM_F_CREATE | NLM_F_EXCL : 0);
	req_name(&r, name);
	if (mtu)
		req_put(&r, IFLA_MTU, &mtu, sizeof(uint32_t));
	info = req_put(&r, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
	req_put(&r, IFLA_INFO_KIND, VCANMC_KIND, sizeof(VCANMC_KIND));
	if (attrs) {
		data = req_put(&r, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
		for (i = 0; i < n; i++)
			req_put(&r, attrs[i].type, attrs[i].data, attrs[i].len);
		req_end(&r, data);
	}
	req_end(&r, info);
	return talk(nl, &r, NULL);
}

int vmc_create(struct rtnl *nl, const char *name, const struct vattr *attrs, int n)
{
	return vmc_newlink_mtu(nl, name, true, 0, attrs, n);
}

int vmc_change(struct rtnl *nl, const char *name, const struct vattr *attrs, int n)
{
	return vmc_newlink_mtu(nl, name, false, 0, attrs, n);
}

int link_create_kind(struct rtnl *nl, const char *name, const char *kind)
{
	struct nlattr *info;
	struct req r;

	req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	req_name(&r, name);
	info = req_put(&r, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
	req_put(&r, IFLA_INFO_KIND, kind, strlen(kind) + 1);
	req_end(&r, info);
	return talk(nl, &r, NULL);
}

/* A device of @kind with the interface index @ifindex, as a device moved in
 * from another namespace may bring one.
 */
int link_create_kind_index(struct rtnl *nl, const char *name, const char *kind, int ifindex)
{
	struct nlattr *info;
	struct req r;

	req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	r.ifi->ifi_index = ifindex;
	req_name(&r, name);
	info = req_put(&r, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
	req_put(&r, IFLA_INFO_KIND, kind, strlen(kind) + 1);
	req_end(&r, info);
	return talk(nl, &r, NULL);
}

/* A change request with two IFLA_INFO_DATA nests, @a then @b. */
int vmc_change_two_data(struct rtnl *nl, const char *name, const struct vattr *a,
			const struct vattr *b)
{
	struct nlattr *info, *data;
	struct req r;

	req_init(&r, RTM_NEWLINK, 0);
	req_name(&r, name);
	info = req_put(&r, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
	req_put(&r, IFLA_INFO_KIND, VCANMC_KIND, sizeof(VCANMC_KIND));
	data = req_put(&r, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
	req_put(&r, a->type, a->data, a->len);
	req_end(&r, data);
	data = req_put(&r, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
	req_put(&r, b->type, b->data, b->len);
	req_end(&r, data);
	req_end(&r, info);
	return talk(nl, &r, NULL);
}

int link_del(struct rtnl *nl, const char *name)
{
	struct req r;

	req_init(&r, RTM_DELLINK, 0);
	req_name(&r, name);
	return talk(nl, &r, NULL);
}

int link_set_up(struct rtnl *nl, const char *name, bool up)
{
	struct req r;

	req_init(&r, RTM_NEWLINK, 0);
	r.ifi->ifi_change = IFF_UP;
	r.ifi->ifi_flags = up ? IFF_UP : 0;
	req_name(&r, name);
	return talk(nl, &r, NULL);
}

int link_set_mtu(struct rtnl *nl, const char *name, unsigned int mtu)
{
	struct req r;

	req_init(&r, RTM_NEWLINK, 0);
	req_name(&r, name);
	req_put(&r, IFLA_MTU, &mtu, sizeof(mtu));
	return talk(nl, &r, NULL);
}

int link_set_operstate(struct rtnl *nl, const char *name, uint8_t state)
{
	struct req r;

	req_init(&r, RTM_NEWLINK, 0);
	req_name(&r, name);
	req_put(&r, IFLA_OPERSTATE, &state, sizeof(state));
	return talk(nl, &r, NULL);
}

int link_set_netns(struct rtnl *nl, const char *name, int netns_fd)
{
	uint32_t fd = netns_fd;
	struct req r;

	req_init(&r, RTM_NEWLINK, 0);
	req_name(&r, name);
	req_put(&r, IFLA_NET_NS_FD, &fd, sizeof(fd));
	return talk(nl, &r, NULL);
}

int link_get(struct rtnl *nl, const char *name, struct link_info *li)
{
	uint32_t mask = RTEXT_FILTER_VF;
	struct req r;

	req_init(&r, RTM_GETLINK, 0);
	r.nh.nlmsg_flags &= ~NLM_F_ACK;
	req_name(&r, name);
	req_put(&r, IFLA_EXT_MASK, &mask, sizeof(mask));
	return talk(nl, &r, li);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int link_wait_operstate(struct rtnl *nl, const char *name, uint8_t state, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct link_info li;
	int err;

	for (;;) {
		err = link_get(nl, name, &li);
		if (err)
			return err;
		if (li.operstate == state)
			return 0;
		if (now_ms() > deadline)
			return -ETIMEDOUT;
		usleep(10000);
	}
}

int rtnl_monitor_open(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1 << (RTNLGRP_LINK - 1),
	};
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -errno;
	}
	return fd;
}

int rtnl_monitor_wait(int fd, int ifindex, int timeout_ms, struct link_info *li)
{
	long long deadline = now_ms() + timeout_ms;
	static char buf[BUF_SIZE];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *nh;
	ssize_t len;

	for (;;) {
		long long left = deadline - now_ms();

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return -ETIMEDOUT;
		len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (len < 0)
			continue;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			const struct ifinfomsg *ifi = NLMSG_DATA(nh);

			if (nh->nlmsg_type == RTM_NEWLINK && ifi->ifi_index == ifindex) {
				link_parse(nh, li);
				return 0;
			}
		}
	}
}

int rtnl_monitor_count(int fd, int ifindex, int window_ms)
{
	long long deadline = now_ms() + window_ms;
	static char buf[BUF_SIZE];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *nh;
	int count = 0;
	ssize_t len;

	for (;;) {
		long long left = deadline - now_ms();

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return count;
		len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (len < 0)
			continue;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			const struct ifinfomsg *ifi = NLMSG_DATA(nh);

			if (nh->nlmsg_type == RTM_NEWLINK && ifi->ifi_index == ifindex)
				count++;
		}
	}
}
