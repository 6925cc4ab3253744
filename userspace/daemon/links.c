// SPDX-License-Identifier: GPL-2.0
/*
 * The vcanmc links of the namespace and their attachment: a link that is up
 * gets its /dev/vcanmc file and its sockets (attach.c) and starts moving
 * frames (forward.c); one that goes down or disappears loses them. New
 * tunnel settings replace the sockets and keep the file, so that local
 * frames keep reaching the kernel's queue meanwhile. A link without an
 * underlay (dev any) follows the route to its group: when routes change,
 * it moves its membership where the route leads now and keeps everything
 * else. A link that cannot attach says why and is retried on every link or
 * address change and every second.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/can.h>
#include <linux/if.h>

#include "addr.h"
#include "fwd_bus.h"
#include "fwd_tl.h"
#include "links.h"
#include "log.h"
#include "route.h"
#include "transport.h"

void links_init(struct links *ls, struct loop *loop, struct pycan_decoder *dec)
{
	*ls = (struct links){ .loop = loop, .dec = dec };
}

static struct vlink *find(struct links *ls, int ifindex)
{
	struct vlink *l;

	for (l = ls->list; l; l = l->next)
		if (l->nl.ifindex == ifindex)
			return l;
	return NULL;
}

/* Why @l is not attached. A failure to attach is worth a warning, once;
 * a detach the user asked for (link down, stop) is not.
 */
static void set_why(struct vlink *l, const char *why, bool failure)
{
	if (strcmp(l->why, why)) {
		if (failure && l->nl.flags & IFF_UP)
			log_warn("%s: not attached: %s", l->nl.name, why);
		snprintf(l->why, sizeof(l->why), "%s", why);
	}
}

static void detach(struct vlink *l, const char *why)
{
	bool was = l->attached;

	fwd_stop(&l->fwd);
	l->attached = false;
	set_why(l, why, false);
	if (was)
		log_info("%s: detached: %s", l->nl.name, why);
}

static void on_gone(struct fwd *f)
{
	struct vlink *l = f->ctx;

	detach(l, "device gone");
}

static void describe(const struct vlink *l, char *buf, size_t len)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;
	char addr[VCANMC_ADDRSTRLEN];
	struct sockaddr_storage ss;

	if (cfg->encap == VCANMC_ENCAP_IEEE1722 && cfg->transport == VCANMC_TRANSPORT_ETHERNET) {
		snprintf(buf, len, "IEEE 1722 over Ethernet on dev %u to %02x:%02x:%02x:%02x:%02x:%02x",
			 cfg->link, cfg->dest_mac[0], cfg->dest_mac[1], cfg->dest_mac[2],
			 cfg->dest_mac[3], cfg->dest_mac[4], cfg->dest_mac[5]);
		return;
	}
	vcanmc_cfg_group(cfg, &ss);
	snprintf(buf, len, "%s ttl %u dev %u mcast-loop %s",
		 vcanmc_addr_str((struct sockaddr *)&ss, addr, sizeof(addr)), cfg->ttl,
		 cfg->link, cfg->mcast_loop ? "on" : "off");
}

/* What the data path takes from the link's settings, beyond its transport's */
static void fwd_settings(struct vlink *l)
{
	struct pycan_bus bus;

	l->fwd.classic = l->nl.mtu == CAN_MTU;
	/* the kernel's can_is_canxl_dev_mtu() */
	l->fwd.xl = l->nl.mtu >= CANXL_MIN_MTU && l->nl.mtu <= CANXL_MAX_MTU;
	l->fwd.no_err_frames = vcanmc_cfg_has(&l->nl.cfg, IFLA_VCANMC_RX_ERR_FRAMES) &&
			       !l->nl.cfg.rx_err_frames;
	bus = (struct pycan_bus){ l->nl.cfg.bitrate, l->nl.cfg.dbitrate, l->nl.cfg.xlbitrate };
	if (memcmp(&bus, &l->fwd.bus, sizeof(bus))) {
		/* A new bus is told at once (the caller's fwd_bus_tick()),
		 * not at the next second
		 */
		l->fwd.bus = bus;
		fwd_bus_changed(&l->fwd);
	}
}

static bool encap_supported(struct vlink *l)
{
	char why[sizeof(l->why)];

	if (l->nl.cfg.encap == VCANMC_ENCAP_PYTHON_CAN ||
	    l->nl.cfg.encap == VCANMC_ENCAP_PYTHON_CAN_BATCH ||
	    l->nl.cfg.encap == VCANMC_ENCAP_NORM || l->nl.cfg.encap == VCANMC_ENCAP_IEEE1722)
		return true;
	snprintf(why, sizeof(why), "encapsulation %u is not supported", l->nl.cfg.encap);
	set_why(l, why, true);
	return false;
}

static void fwd_setup(struct vlink *l)
{
	struct fwd *f = &l->fwd;

	f->name = l->nl.name;
	f->loop = l->ls->loop;
	f->dec = l->ls->dec;
	f->gone = on_gone;
	f->ctx = l;
	fwd_settings(l);
}

static void started(struct vlink *l, int fd, struct transport *tp)
{
	char desc[128];

	/* Only now: a link that failed must not keep a number that the
	 * next file opened gets, and close another link's file later.
	 */
	l->fwd.dev_fd = fd;
	fwd_start(&l->fwd, tp);
	l->attached = true;
	l->unrouted = false;
	set_why(l, "", false);
	describe(l, desc, sizeof(desc));
	log_info("%s: attached to %s", l->nl.name, desc);
}

/* A link of order global: this host is a member of its timeline
 * (fwd_tl.h), by the node id of its NORM session, which comes first
 */
static void attach_tl(struct vlink *l)
{
	char why[sizeof(l->why)];
	struct fwd *f = &l->fwd;
	struct transport *tp;
	int fd;

	if (l->nl.cfg.encap != VCANMC_ENCAP_NORM) {
		set_why(l, "order global needs encap norm", true);
		return;
	}
	if (!fwd_tl_members) {
		set_why(l, "order global needs vcanmcd --timeline-members", true);
		return;
	}
	fwd_setup(l);
	if (transport_open(&l->nl.cfg, f, &tp, why, sizeof(why)))
		goto err;
	fd = attach_dev_tl(l->nl.ifindex, tp->node_id, why, sizeof(why));
	if (fd < 0)
		goto err_close_tp;
	f->tl = fwd_tl_new(f, tp->node_id);
	if (!f->tl) {
		snprintf(why, sizeof(why), "out of memory");
		close(fd);
		goto err_close_tp;
	}
	started(l, fd, tp);
	return;

err_close_tp:
	tp->ops->close(tp);
err:
	set_why(l, why, true);
}

static void attach(struct vlink *l)
{
	char why[sizeof(l->why)];
	struct fwd *f = &l->fwd;
	struct transport *tp;
	int fd, err;

	if (!(l->nl.flags & IFF_UP)) {
		set_why(l, "link is down", false);
		return;
	}
	if (!encap_supported(l))
		return;
	/* Whatever has its index now is not the underlay that was set. */
	if (vcanmc_cfg_has(&l->nl.cfg, IFLA_VCANMC_LINK_GONE)) {
		set_why(l, "underlay device gone: set dev again", true);
		return;
	}

	if (l->nl.cfg.order == VCANMC_ORDER_GLOBAL) {
		attach_tl(l);
		return;
	}
	/* A reliable tunnel must not lose what local sockets sent before it
	 * gets it: the bus waits for us instead (VCANMC_ATTACH_F_LOSSLESS).
	 */
	fd = attach_dev(l->nl.ifindex,
			l->nl.cfg.encap == VCANMC_ENCAP_NORM ? VCANMC_ATTACH_F_LOSSLESS : 0,
			why, sizeof(why));
	if (fd < 0)
		goto err;
	fwd_setup(l);
	err = transport_open(&l->nl.cfg, f, &tp, why, sizeof(why));
	if (err)
		goto err_close_dev;
	/* Only now: a link that failed must not keep a number that the
	 * next file opened gets, and close another link's file later.
	 */
	started(l, fd, tp);
	return;

err_close_dev:
	close(fd);
err:
	set_why(l, why, true);
}

/* New tunnel settings for an attached link: new sockets, same file. */
static void reconfigure(struct vlink *l)
{
	char why[sizeof(l->why)], desc[128];
	struct transport *tp;

	if (!encap_supported(l)) {
		detach(l, l->why);
		return;
	}
	/* A NORM session is started anew, with a new node id, and its
	 * device file with it (it is lossless, the others are not).
	 */
	if (l->fwd.tp->cfg.encap == VCANMC_ENCAP_NORM ||
	    l->nl.cfg.encap == VCANMC_ENCAP_NORM) {
		detach(l, "new settings");
		attach(l);
		return;
	}
	if (transport_open(&l->nl.cfg, &l->fwd, &tp, why, sizeof(why))) {
		detach(l, why);
		set_why(l, why, true);
		return;
	}
	fwd_settings(l);
	fwd_replace(&l->fwd, tp);
	fwd_bus_tick(&l->fwd, now_ms());
	describe(l, desc, sizeof(desc));
	log_info("%s: now attached to %s", l->nl.name, desc);
}

static bool cfg_differs(const struct vcanmc_cfg *a, const struct vcanmc_cfg *b)
{
	return a->mask != b->mask ||
	       (vcanmc_cfg_has(a, IFLA_VCANMC_GROUP) && a->group.s_addr != b->group.s_addr) ||
	       (vcanmc_cfg_has(a, IFLA_VCANMC_GROUP6) &&
		memcmp(&a->group6, &b->group6, sizeof(a->group6))) ||
	       a->port != b->port || a->ttl != b->ttl || a->link != b->link ||
	       a->encap != b->encap || a->mcast_loop != b->mcast_loop ||
	       a->peers_only != b->peers_only || a->npeers != b->npeers ||
	       memcmp(a->peers, b->peers, a->npeers * sizeof(a->peers[0])) ||
	       a->stream_id != b->stream_id || a->bus_id != b->bus_id ||
	       a->transport != b->transport ||
	       memcmp(a->dest_mac, b->dest_mac, sizeof(a->dest_mac)) || a->order != b->order;
}

void links_update(struct links *ls, const struct vcanmc_link *nl)
{
	struct vlink *l;
	bool changed, came_up;

	if (!vcanmc_link_is_vcanmc(nl)) {
		/* Maybe the underlay a link waits for. */
		links_retry(ls);
		return;
	}

	l = find(ls, nl->ifindex);
	if (!l) {
		l = calloc(1, sizeof(*l));
		if (!l) {
			log_err("%s: out of memory", nl->name);
			return;
		}
		l->ls = ls;
		l->gen = ls->gen;
		l->nl = *nl;
		fwd_init(&l->fwd);
		l->next = ls->list;
		ls->list = l;
		log_info("%s: found", nl->name);
		attach(l);
		return;
	}

	l->gen = ls->gen;
	changed = cfg_differs(&l->nl.cfg, &nl->cfg);
	if (l->nl.mtu != nl->mtu)
		changed = true;
	came_up = !(l->nl.flags & IFF_UP);
	l->nl = *nl;
	if (!(nl->flags & IFF_UP)) {
		detach(l, "link is down");
		return;
	}
	if (changed)
		/* Peers of the old group are no peers of the new one. */
		peers_clear(&l->fwd.peers);
	if (vcanmc_cfg_has(&nl->cfg, IFLA_VCANMC_LINK_GONE)) {
		detach(l, "underlay device gone: set dev again");
		return;
	}
	if (l->attached) {
		if (changed) {
			reconfigure(l);
		} else {
			fwd_settings(l);	/* what needs no new sockets */
			fwd_bus_tick(&l->fwd, now_ms());
		}
		return;
	}
	/* Not on every notification: each attempt to attach makes one (the
	 * kernel's operstate follows the file), and a link that cannot
	 * attach would spin. Without news it is retried every second.
	 */
	if (changed || came_up)
		attach(l);
}

static void unlink_free(struct links *ls, struct vlink **pp)
{
	struct vlink *l = *pp;

	*pp = l->next;
	/* Events already fetched may still point at it: free it later. */
	l->next = ls->dead;
	ls->dead = l;
}

void links_remove(struct links *ls, int ifindex)
{
	struct vlink **pp, *l;

	/* An underlay going away detaches its links. A dev any link joined
	 * on it drops the membership the kernel would keep and joins where
	 * the route moves (links_reroute() follows), or, should the index
	 * come back, there.
	 */
	for (l = ls->list; l; l = l->next) {
		if (l->attached && l->nl.cfg.link == (uint32_t)ifindex)
			detach(l, "underlay device gone");
		else if (l->attached && !l->nl.cfg.link && transport_joined(l->fwd.tp) == ifindex)
			transport_gone(l->fwd.tp);
	}

	for (pp = &ls->list; *pp; pp = &(*pp)->next) {
		if ((*pp)->nl.ifindex == ifindex) {
			l = *pp;
			detach(l, "link deleted");
			log_info("%s: gone", l->nl.name);
			unlink_free(ls, pp);
			return;
		}
	}
}

static const char *ifname(int ifindex, char *buf)
{
	if (!ifindex)
		snprintf(buf, IF_NAMESIZE, "(gone)");
	else if (!if_indextoname((unsigned int)ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "%d", ifindex);
	return buf;
}

/* Routes changed: does the route to @l's group (dev any) leave by another
 * interface now? Then the group is joined there, on the same socket. The
 * sending socket names no interface and is not connected: each datagram
 * takes the route of its moment already, from the same port. So nothing
 * else changes: no new sockets, nothing waiting is dropped, a NORM session
 * keeps its node id and window. (NORM's own receiving socket keeps its
 * membership where it was; it receives the group on every interface the
 * host has joined, ours among them, as sockets do unless they turn
 * IP_MULTICAST_ALL off.)
 */
static void follow_route(struct vlink *l)
{
	char from[IF_NAMESIZE], to[IF_NAMESIZE];
	int dev, err, was = transport_joined(l->fwd.tp);

	dev = route_group_dev(&l->nl.cfg);
	if (dev < 0) {
		/* Maybe for a moment (a lease renewed, an interface
		 * replaced): the link stays as it is, its sends fail and
		 * are counted until a route comes back.
		 */
		if (!l->unrouted)
			log_warn("%s: no route to the group now (%s): sends fail until there is one",
				 l->nl.name, strerror(-dev));
		l->unrouted = true;
		return;
	}
	if (l->unrouted)
		log_info("%s: a route to the group again, through %s", l->nl.name,
			 ifname(dev, to));
	l->unrouted = false;
	if (dev == was)
		return;
	err = transport_rejoin(l->fwd.tp, dev);
	if (err) {
		log_warn("%s: joining the group on %s: %s; attaching anew", l->nl.name,
			 ifname(dev, to), strerror(-err));
		reconfigure(l);
		return;
	}
	fwd_count(&l->fwd, VCANMC_STAT_REROUTES, 1);
	log_info("%s: the route to the group moved from %s to %s: joined it there",
		 l->nl.name, ifname(was, from), ifname(dev, to));
}

void links_reroute(struct links *ls)
{
	struct vlink *l;

	for (l = ls->list; l; l = l->next) {
		if (l->attached && !l->nl.cfg.link && vcanmc_cfg_has_group(&l->nl.cfg))
			follow_route(l);
		else if (!l->attached && l->nl.flags & IFF_UP)
			attach(l);	/* maybe the route it lacked */
	}
}

void links_retry(struct links *ls)
{
	struct vlink *l;

	for (l = ls->list; l; l = l->next)
		if (!l->attached && l->nl.flags & IFF_UP)
			attach(l);
}

void links_tick(struct links *ls)
{
	int64_t now = now_ms();
	struct vlink *l;

	for (l = ls->list; l; l = l->next)
		if (l->attached)
			fwd_bus_tick(&l->fwd, now);
}

void links_reattach_all(struct links *ls)
{
	struct vlink *l;

	for (l = ls->list; l; l = l->next)
		if (l->attached)
			reconfigure(l);
}

void links_uninit(struct links *ls)
{
	while (ls->list) {
		detach(ls->list, "vcanmcd stops");
		unlink_free(ls, &ls->list);
	}
	links_reap(ls);
}

void links_reap(struct links *ls)
{
	struct vlink *l;

	while ((l = ls->dead)) {
		ls->dead = l->next;
		free(l);
	}
}

void links_dump_begin(struct links *ls)
{
	ls->gen++;
}

static bool dumped(const struct vcanmc_link *all, size_t n, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((uint32_t)all[i].ifindex == ifindex)
			return true;
	return false;
}

/* Forget links the last full dump did not report, and detach those whose
 * underlay it did not report: a dump follows lost notifications, and the
 * underlay's RTM_DELLINK may have been one of them. (Lost route changes
 * the caller's links_reroute() catches up with.)
 */
void links_dump_end(struct links *ls, const struct vcanmc_link *all, size_t n)
{
	struct vlink **pp = &ls->list, *l;

	for (l = ls->list; l; l = l->next) {
		if (l->attached && l->nl.cfg.link && !dumped(all, n, l->nl.cfg.link))
			detach(l, "underlay device gone");
		else if (l->attached && !l->nl.cfg.link &&
			 !dumped(all, n, (uint32_t)transport_joined(l->fwd.tp)))
			transport_gone(l->fwd.tp);
	}

	while (*pp) {
		if ((*pp)->gen != ls->gen) {
			detach(*pp, "link deleted");
			log_info("%s: gone", (*pp)->nl.name);
			unlink_free(ls, pp);
		} else {
			pp = &(*pp)->next;
		}
	}
}
