// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink: a full dump of the namespace's links at start and whenever
 * notifications were lost, RTM_NEWLINK/RTM_DELLINK and address
 * notifications in between, and the operstate the daemon announces.
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
#include "rtlink.h"
#include "vcanmcd.h"

/* Links that send from an address that is gone must pick another. */
static void on_deladdr(struct vcanmcd *d, struct nlmsghdr *nlh)
{
	struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa;
	struct nlattr *a;

	if (nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, NULL))
		return;
	ifa = nlmsg_data(nlh);
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (a)
		vlink_addr_gone(d, ifa->ifa_family, nla_data(a), nla_len(a));
}

static int on_notification(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct vcanmcd *d = arg;
	struct vcanmc_link link;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
		if (!vcanmc_link_parse(&link, nlh))
			vlink_update(d, &link);
		break;
	case RTM_DELLINK:
		if (nlmsg_valid_hdr(nlh, sizeof(struct ifinfomsg)))
			vlink_remove(d, ((struct ifinfomsg *)nlmsg_data(nlh))->ifi_index);
		break;
	case RTM_NEWADDR:
		vlink_retry(d);
		break;
	case RTM_DELADDR:
		on_deladdr(d, nlh);
		break;
	}
	return NL_OK;
}

static void on_readable(struct ev *ev, uint32_t events)
{
	struct vcanmcd *d = ev->ctx;
	int err;

	do {
		err = nl_recvmsgs_default(d->mon);
	} while (err >= 0);
	if (err != -NLE_AGAIN) {
		/* Most likely ENOBUFS: notifications were lost. */
		log_warn("link notifications: %s; listing all links again", nl_geterror(err));
		d->resync = true;
	}
}

/* The links of a dump, taken in only once it is complete: attaching one
 * sets its operstate through the socket the dump is still being read from.
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

int monitor_dump(struct vcanmcd *d)
{
	struct dumped dl = { 0 };
	struct vcanmc_nlerr ack;
	int err, tries = 0;
	size_t i;

	d->resync = false;
	do {
		dl.n = 0;
		err = vcanmc_link_dump(d->req, on_dumped, &dl, &ack);
	} while (err == -EINTR && ++tries < 10);
	if (err) {
		log_err("listing links: %s", ack.msg[0] ? ack.msg : strerror(-err));
		d->resync = true;
		free(dl.v);
		return err;
	}
	d->gen++;
	for (i = 0; i < dl.n; i++)
		vlink_update(d, &dl.v[i]);
	free(dl.v);
	vlink_sweep(d, d->gen);
	return 0;
}

int monitor_set_operstate(struct vcanmcd *d, int ifindex, uint8_t state)
{
	struct vcanmc_nlerr ack;
	int err;

	err = vcanmc_link_set_operstate(d->req, ifindex, state, &ack);
	if (err && err != -ENODEV)
		log_warn("setting operstate of link %d: %s", ifindex,
			 ack.msg[0] ? ack.msg : strerror(-err));
	return err;
}

int monitor_init(struct vcanmcd *d)
{
	int err;

	err = vcanmc_nl_open(&d->req);
	if (err) {
		log_err("rtnetlink socket: %s", strerror(-err));
		return err;
	}

	d->mon = nl_socket_alloc();
	if (!d->mon) {
		err = -ENOMEM;
		goto err_req;
	}
	nl_socket_disable_seq_check(d->mon);
	nl_socket_modify_cb(d->mon, NL_CB_VALID, NL_CB_CUSTOM, on_notification, d);
	err = nl_connect(d->mon, NETLINK_ROUTE);
	if (!err)
		err = nl_socket_add_memberships(d->mon, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
						RTNLGRP_IPV6_IFADDR, 0);
	if (!err)
		err = nl_socket_set_nonblocking(d->mon);
	if (!err)
		err = nl_socket_set_buffer_size(d->mon, VCANMCD_SOCKBUF, 0);
	if (err) {
		log_err("rtnetlink notifications: %s", nl_geterror(err));
		err = -EIO;
		goto err_mon;
	}

	d->mon_ev = (struct ev){ .fd = nl_socket_get_fd(d->mon), .fn = on_readable, .ctx = d };
	err = loop_watch(&d->loop, &d->mon_ev, EPOLLIN);
	if (err)
		goto err_mon;
	return 0;

err_mon:
	nl_socket_free(d->mon);
	d->mon = NULL;
err_req:
	vcanmc_nl_close(d->req);
	d->req = NULL;
	return err;
}

void monitor_uninit(struct vcanmcd *d)
{
	loop_watch(&d->loop, &d->mon_ev, 0);
	nl_socket_free(d->mon);
	d->mon = NULL;
	vcanmc_nl_close(d->req);
	d->req = NULL;
}
