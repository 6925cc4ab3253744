/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The status socket that "vcanmc status" reads (format: lib/status.h).
 */
#ifndef VCANMCD_STATSOCK_H
#define VCANMCD_STATSOCK_H

#include "links.h"
#include "loop.h"

struct client;

struct status {
	struct links *ls;
	struct loop *loop;
	int fd, lock_fd;
	struct ev ev;
	struct client *clients;	/* still being answered */
	int nclients;
	char path[108];
	/* accept() failed for want of a file or memory: the socket is not
	 * watched until a client's file is closed or the timer says
	 */
	struct timer resume;
	unsigned int backoff_ms;
	uint64_t accept_fails;
};

/* Also keeps a second daemon out of the namespace: -EADDRINUSE. */
int status_init(struct status *st, struct loop *loop, struct links *ls);
void status_uninit(struct status *st);

#endif /* VCANMCD_STATSOCK_H */
