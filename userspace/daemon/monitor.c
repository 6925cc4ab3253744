// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink: a full dump of the namespace's links at start and whenever
 * notifications were lost, RTM_NEWLINK/RTM_DELLINK, address and route
 * notifications in between.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "log.h"
#include "monitor.h"
#include "rtlink.h"

/* A burst of notifications (many links changing at once) must fit. */
#define MONITOR_SOCKBUF	(4 << 20)

static int on_notification(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct monitor *m = arg;
	struct vcanmc_link link;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
		if (vcanmc_link_parse(&link, nlh))
			break;
		links_update(m->ls, &link);
		/* An interface going down takes the routes through it with
		 * it, and IPv4 says nothing of them; with
		 * ignore_routes_with_linkdown, its carrier going (or coming
		 * back) hides them (or shows them again). A carrier's
		 * notification does not say what changed (ifi_change 0), so
		 * any other link's counts. Not our own: they carry no
		 * routes, and an attempt to attach notifies.
		 */
		if (!vcanmc_link_is_vcanmc(&link))
			m->reroute = m->settle = true;
		break;
	case RTM_DELLINK:
		if (nlmsg_valid_hdr(nlh, sizeof(struct ifinfomsg)))
			links_remove(m->ls, ((struct ifinfomsg *)nlmsg_data(nlh))->ifi_index);
		/* the routes through it went with it, silently (IPv4) */
		m->reroute = m->settle = true;
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		/* An interface's last IPv4 address takes the routes through
		 * it, silently too; a new one may be what a link lacked.
		 */
		m->reroute = m->settle = true;
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		m->reroute = true;
		break;
	}
	return NL_OK;
}

#define MONITOR_SETTLE_MS	200

static void on_settled(struct timer *t)
{
	struct monitor *m = t->ctx;

	links_reroute(m->ls);
}

static void on_readable(struct ev *ev, uint32_t events)
{
	struct monitor *m = ev->ctx;
	int err;

	do {
		err = nl_recvmsgs_default(m->mon);
	} while (err >= 0);
	/* Once per burst of notifications */
	if (m->reroute) {
		m->reroute = false;
		links_reroute(m->ls);
	}
	/* The kernel announces an interface's change before it flushes the
	 * routes through it (ip link set eth0 down): the lookup above may
	 * still see them. Once more when they are gone.
	 */
	if (m->settle) {
		m->settle = false;
		loop_timer_arm(m->loop, &m->settle_t, MONITOR_SETTLE_MS);
	}
	if (err != -NLE_AGAIN) {
		/* Most likely ENOBUFS: notifications were lost. */
		log_warn("link notifications: %s; listing all links again", nl_geterror(err));
		m->resync = true;
	}
}

/* The links of a dump, taken in only once it is complete, so that a dump
 * cut short by a change (EINTR) changes nothing.
 */
struct dumped {
	struct vcanmc_link *v;
	size_t n, size;
};

static int on_dumped(const struct vcanmc_link *link, void *arg)
{
	struct dumped *dl = arg;
	struct vcanmc_link *v;

	if (dl->n == dl->size) {
		v = realloc(dl->v, (dl->size * 2 + 8) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		dl->v = v;
		dl->size = dl->size * 2 + 8;
	}
	dl->v[dl->n++] = *link;
	return 0;
}

int monitor_dump(struct monitor *m)
{
	struct dumped dl = { 0 };
	struct vcanmc_nlerr ack;
	int err, tries = 0;
	size_t i;

	m->resync = false;
	do {
		dl.n = 0;
		err = vcanmc_link_dump(m->req, on_dumped, &dl, &ack);
	} while (err == -EINTR && ++tries < 10);
	if (err) {
		log_err("listing links: %s", ack.msg[0] ? ack.msg : strerror(-err));
		m->resync = true;
		free(dl.v);
		return err;
	}
	links_dump_begin(m->ls);
	for (i = 0; i < dl.n; i++)
		links_update(m->ls, &dl.v[i]);
	links_dump_end(m->ls, dl.v, dl.n);
	free(dl.v);
	/* Route notifications may have been lost with the others. */
	links_reroute(m->ls);
	return 0;
}

int monitor_init(struct monitor *m, struct loop *loop, struct links *ls)
{
	int err;

	*m = (struct monitor){ .ls = ls, .loop = loop, .resync = true };
	m->settle_t = (struct timer){ .fn = on_settled, .ctx = m };
	err = vcanmc_nl_open(&m->req);
	if (err) {
		log_err("rtnetlink socket: %s", strerror(-err));
		return err;
	}

	m->mon = nl_socket_alloc();
	if (!m->mon) {
		err = -ENOMEM;
		goto err_req;
	}
	nl_socket_disable_seq_check(m->mon);
	nl_socket_modify_cb(m->mon, NL_CB_VALID, NL_CB_CUSTOM, on_notification, m);
	err = nl_connect(m->mon, NETLINK_ROUTE);
	if (!err)
		err = nl_socket_add_memberships(m->mon, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
						RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE,
						RTNLGRP_IPV6_ROUTE, 0);
	if (!err)
		err = nl_socket_set_nonblocking(m->mon);
	if (!err)
		err = nl_socket_set_buffer_size(m->mon, MONITOR_SOCKBUF, 0);
	if (err) {
		log_err("rtnetlink notifications: %s", nl_geterror(err));
		err = -EIO;
		goto err_mon;
	}

	m->mon_ev = (struct ev){ .fd = nl_socket_get_fd(m->mon), .fn = on_readable, .ctx = m };
	err = loop_watch(m->loop, &m->mon_ev, EPOLLIN);
	if (err)
		goto err_mon;
	return 0;

err_mon:
	nl_socket_free(m->mon);
	m->mon = NULL;
err_req:
	vcanmc_nl_close(m->req);
	m->req = NULL;
	return err;
}

void monitor_uninit(struct monitor *m)
{
	loop_timer_cancel(m->loop, &m->settle_t);
	loop_watch(m->loop, &m->mon_ev, 0);
	nl_socket_free(m->mon);
	m->mon = NULL;
	vcanmc_nl_close(m->req);
	m->req = NULL;
}
