/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink: what the links of the namespace are and how they change.
 */
#ifndef VCANMCD_MONITOR_H
#define VCANMCD_MONITOR_H

#include <stdbool.h>

#include "links.h"
#include "loop.h"

struct nl_sock;

struct monitor {
	struct links *ls;
	struct loop *loop;
	struct nl_sock *req;		/* requests: dumps */
	struct nl_sock *mon;		/* RTNLGRP_LINK and address notifications */
	struct ev mon_ev;
	bool resync;			/* notifications lost: dump again */
	bool reroute;			/* routes changed: links_reroute() */
	bool settle;			/* ... and again a moment later */
	struct timer settle_t;
};

int monitor_init(struct monitor *m, struct loop *loop, struct links *ls);
void monitor_uninit(struct monitor *m);
/* Lists every link again; on failure m->resync stays set. */
int monitor_dump(struct monitor *m);

#endif /* VCANMCD_MONITOR_H */
