/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vcanmc links of the namespace, each attached while it is up and can
 * reach its group.
 */
#ifndef VCANMCD_LINKS_H
#define VCANMCD_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "forward.h"
#include "link.h"
#include "loop.h"

struct links;

/* One vcanmc device of the namespace */
struct vlink {
	struct vlink *next;
	struct links *ls;
	struct vcanmc_link nl;		/* as rtnetlink last reported it */
	unsigned int gen;		/* dump in which it was last seen */
	bool attached;
	bool unrouted;			/* dev any: no route to the group now */
	char why[96];			/* why not attached, "" if it is */
	struct fwd fwd;
};

struct links {
	struct vlink *list;
	struct vlink *dead;		/* removed, freed after the events */
	unsigned int gen;		/* of the current full dump */
	struct loop *loop;
	struct pycan_decoder *dec;
};

void links_init(struct links *ls, struct loop *loop, struct pycan_decoder *dec);
/* Detaches and forgets every link. */
void links_uninit(struct links *ls);

/* rtnetlink told about a link, vcanmc or not. */
void links_update(struct links *ls, const struct vcanmc_link *nl);
/* A link was deleted. */
void links_remove(struct links *ls, int ifindex);
/* A full dump begins / is over: links it did not report (@all, @n
 * links of every kind) are gone, and so are the underlays it did not.
 */
void links_dump_begin(struct links *ls);
void links_dump_end(struct links *ls, const struct vcanmc_link *all, size_t n);
/* Something changed that may let a waiting link attach now. */
void links_retry(struct links *ls);
/* Every second: what the attached links say each second (fwd_bus.h) */
void links_tick(struct links *ls);
/* Routes may have changed: links whose underlay the routing table
 * chooses (dev any) move their membership of the group to where the route
 * leads now, if it moved, with the same sockets and NORM session (counted:
 * VCANMC_STAT_REROUTES); links that wait for a route try again.
 */
void links_reroute(struct links *ls);
/* SIGHUP: every attached link opens its sockets again. */
void links_reattach_all(struct links *ls);
/* Frees what links_remove() and friends left for after the events. */
void links_reap(struct links *ls);

#endif /* VCANMCD_LINKS_H */
