// SPDX-License-Identifier: GPL-2.0
/*
 * The vcanmc links of the namespace and their attachment: a link that is up
 * gets its sockets and is announced IF_OPER_UP; one that goes down, changes
 * its tunnel settings or disappears loses them (and is announced DORMANT
 * while it is still up). A link that cannot attach says why and is retried
 * on every link or address change and every second.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if.h>

#include "log.h"
#include "vcanmcd.h"

static const char *const drop_names[] = {
	[VCANMCD_DROP_CANXL] = "canxl",
	[VCANMCD_DROP_FD_ON_CLASSIC] = "fd-on-classic",
	[VCANMCD_DROP_SEND] = "send-error",
	[VCANMCD_DROP_INJECT] = "inject-error",
	[VCANMCD_DROP_ENCODE] = "unencodable",
};

const char *vcanmcd_drop_name(unsigned int drop)
{
	if (drop < PYCAN_DROP_CNT)
		return pycan_drop_name(drop);
	if (drop < VCANMCD_DROP_CNT)
		return drop_names[drop];
	return "unknown";
}

struct vlink *vlink_find(struct vcanmcd *d, int ifindex)
{
	struct vlink *l;

	for (l = d->links; l; l = l->next)
		if (l->nl.ifindex == ifindex)
			return l;
	return NULL;
}

static void close_ev(struct vcanmcd *d, struct ev *ev, int *fd)
{
	loop_watch(&d->loop, ev, 0);
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	ev->fd = -1;
}

/* Why @l is not attached. A failure to attach is worth a warning, once;
 * a detach the user asked for (link down, new settings, stop) is not.
 */
static void set_why(struct vlink *l, const char *why, bool failure)
{
	if (strcmp(l->why, why)) {
		if (failure && l->nl.flags & IFF_UP)
			log_warn("%s: not attached: %s", l->nl.name, why);
		snprintf(l->why, sizeof(l->why), "%s", why);
	}
}

static void detach(struct vcanmcd *d, struct vlink *l, const char *why)
{
	bool was = l->attached;

	close_ev(d, &l->can_ev, &l->can_fd);
	close_ev(d, &l->rx_ev, &l->rx_fd);
	close_ev(d, &l->tx_ev, &l->tx_fd);
	l->out.n = l->out.done = 0;
	l->in.n = l->in.done = 0;
	l->rest.len = 0;
	l->attached = false;
	set_why(l, why, false);
	if (was) {
		log_info("%s: detached: %s", l->nl.name, why);
		if (l->nl.flags & IFF_UP)
			monitor_set_operstate(d, l->nl.ifindex, IF_OPER_DORMANT);
	}
}

static void describe(const struct vlink *l, char *buf, size_t len)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;
	char addr[INET6_ADDRSTRLEN];

	if (l->family == AF_INET)
		inet_ntop(AF_INET, &cfg->group, addr, sizeof(addr));
	else
		inet_ntop(AF_INET6, &cfg->group6, addr, sizeof(addr));
	snprintf(buf, len, "%s%s%s:%u ttl %u dev %u", l->family == AF_INET6 ? "[" : "",
		 addr, l->family == AF_INET6 ? "]" : "", cfg->port, cfg->ttl, cfg->link);
}

static void attach(struct vcanmcd *d, struct vlink *l)
{
	char why[sizeof(l->why)], desc[96];
	int fd, err;

	if (!(l->nl.flags & IFF_UP)) {
		set_why(l, "link is down", false);
		return;
	}
	if (l->nl.cfg.encap != VCANMC_ENCAP_PYTHON_CAN &&
	    l->nl.cfg.encap != VCANMC_ENCAP_PYTHON_CAN_BATCH) {
		snprintf(why, sizeof(why), "encapsulation %u is not supported", l->nl.cfg.encap);
		set_why(l, why, true);
		return;
	}

	fd = sock_can_open(l, why, sizeof(why));
	if (fd < 0) {
		set_why(l, why, true);
		return;
	}
	l->can_fd = fd;
	err = sock_udp_open(l, why, sizeof(why));
	if (err) {
		close(l->can_fd);
		l->can_fd = -1;
		set_why(l, why, true);
		return;
	}

	l->can_ev = (struct ev){ .fd = l->can_fd, .fn = forward_can, .ctx = l };
	l->rx_ev = (struct ev){ .fd = l->rx_fd, .fn = forward_rx, .ctx = l };
	l->tx_ev = (struct ev){ .fd = l->tx_fd, .fn = forward_tx, .ctx = l };
	l->attached = true;
	forward_rearm(d, l);
	set_why(l, "", false);
	describe(l, desc, sizeof(desc));
	log_info("%s: attached to %s", l->nl.name, desc);
	monitor_set_operstate(d, l->nl.ifindex, IF_OPER_UP);
}

static bool cfg_differs(const struct vcanmc_cfg *a, const struct vcanmc_cfg *b)
{
	return a->mask != b->mask ||
	       (vcanmc_cfg_has(a, IFLA_VCANMC_GROUP) && a->group.s_addr != b->group.s_addr) ||
	       (vcanmc_cfg_has(a, IFLA_VCANMC_GROUP6) &&
		memcmp(&a->group6, &b->group6, sizeof(a->group6))) ||
	       a->port != b->port || a->ttl != b->ttl || a->link != b->link ||
	       a->encap != b->encap;
}

void vlink_update(struct vcanmcd *d, const struct vcanmc_link *nl)
{
	struct vlink *l;
	bool changed;

	if (!vcanmc_link_is_vcanmc(nl)) {
		/* Maybe the underlay a link waits for. */
		vlink_retry(d);
		return;
	}

	l = vlink_find(d, nl->ifindex);
	if (l)
		l->gen = d->gen;
	if (!l) {
		l = calloc(1, sizeof(*l));
		if (!l) {
			log_err("%s: out of memory", nl->name);
			return;
		}
		l->d = d;
		l->gen = d->gen;
		l->can_fd = l->rx_fd = l->tx_fd = -1;
		l->can_ev.fd = l->rx_ev.fd = l->tx_ev.fd = -1;
		l->nl = *nl;
		l->next = d->links;
		d->links = l;
		log_info("%s: found", nl->name);
		attach(d, l);
		return;
	}

	changed = cfg_differs(&l->nl.cfg, &nl->cfg) || l->nl.mtu != nl->mtu;
	l->nl = *nl;
	if (!(nl->flags & IFF_UP)) {
		detach(d, l, "link is down");
		return;
	}
	if (changed) {
		/* Peers of the old group are no peers of the new one. */
		peers_clear(&l->peers);
		if (l->attached) {
			detach(d, l, "tunnel settings changed");
			attach(d, l);
			return;
		}
	}
	if (!l->attached) {
		attach(d, l);
		return;
	}
	/* A quick down and up can reach us as one message: still ours. */
	if (nl->operstate == IF_OPER_DORMANT)
		monitor_set_operstate(d, nl->ifindex, IF_OPER_UP);
}

static void vlink_free(struct vcanmcd *d, struct vlink **pp)
{
	struct vlink *l = *pp;

	*pp = l->next;
	/* Events already fetched may still point at it: free it later. */
	l->next = d->dead;
	d->dead = l;
}

void vlink_remove(struct vcanmcd *d, int ifindex)
{
	struct vlink **pp, *l;

	/* An underlay going away takes the memberships with it. */
	for (l = d->links; l; l = l->next)
		if (l->attached && l->nl.cfg.link == (uint32_t)ifindex)
			detach(d, l, "underlay device gone");

	for (pp = &d->links; *pp; pp = &(*pp)->next) {
		if ((*pp)->nl.ifindex == ifindex) {
			l = *pp;
			l->nl.flags &= ~IFF_UP;	/* gone: no operstate to set */
			detach(d, l, "link deleted");
			log_info("%s: gone", l->nl.name);
			vlink_free(d, pp);
			return;
		}
	}
}

void vlink_addr_gone(struct vcanmcd *d, int family, const void *addr, size_t len)
{
	struct vlink *l;

	for (l = d->links; l; l = l->next) {
		const void *self;

		if (!l->attached || l->self.ss_family != family)
			continue;
		if (family == AF_INET && len == sizeof(struct in_addr))
			self = &((struct sockaddr_in *)&l->self)->sin_addr;
		else if (family == AF_INET6 && len == sizeof(struct in6_addr))
			self = &((struct sockaddr_in6 *)&l->self)->sin6_addr;
		else
			continue;
		if (!memcmp(self, addr, len)) {
			detach(d, l, "source address gone");
			attach(d, l);
		}
	}
}

void vlink_retry(struct vcanmcd *d)
{
	struct vlink *l;

	for (l = d->links; l; l = l->next)
		if (!l->attached && l->nl.flags & IFF_UP)
			attach(d, l);
}

void vlink_reattach_all(struct vcanmcd *d)
{
	struct vlink *l;

	for (l = d->links; l; l = l->next) {
		if (l->attached) {
			detach(d, l, "reattaching");
			attach(d, l);
		}
	}
}

void vlink_remove_all(struct vcanmcd *d)
{
	while (d->links) {
		detach(d, d->links, "vcanmcd stops");
		vlink_free(d, &d->links);
	}
}

void vlink_reap(struct vcanmcd *d)
{
	struct vlink *l;

	while ((l = d->dead)) {
		d->dead = l->next;
		free(l);
	}
}

/* Forget links the last full dump did not report. */
void vlink_sweep(struct vcanmcd *d, unsigned int gen)
{
	struct vlink **pp = &d->links;

	while (*pp) {
		if ((*pp)->gen != gen) {
			(*pp)->nl.flags &= ~IFF_UP;
			detach(d, *pp, "link deleted");
			log_info("%s: gone", (*pp)->nl.name);
			vlink_free(d, pp);
		} else {
			pp = &(*pp)->next;
		}
	}
}
