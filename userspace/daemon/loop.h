/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's one event loop: epoll, with each watched file descriptor
 * carrying the function that handles it.
 */
#ifndef VCANMCD_LOOP_H
#define VCANMCD_LOOP_H

#include <stdint.h>

struct ev;
typedef void (*ev_fn)(struct ev *ev, uint32_t events);

struct ev {
	int fd;
	uint32_t events;	/* what is watched now, 0: not registered */
	ev_fn fn;
	void *ctx;
};

struct loop {
	int epfd;
};

int loop_init(struct loop *loop);
void loop_uninit(struct loop *loop);
/* Watch @ev->fd for @events (EPOLLIN, EPOLLOUT), or stop with 0. */
int loop_watch(struct loop *loop, struct ev *ev, uint32_t events);
/* Wait up to @timeout_ms and dispatch; returns -errno on failure. */
int loop_run_once(struct loop *loop, int timeout_ms);

#endif /* VCANMCD_LOOP_H */
