/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's one event loop: epoll, with each watched file descriptor
 * carrying the function that handles it, and one-shot timers.
 */
#ifndef VCANMCD_LOOP_H
#define VCANMCD_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct ev;
typedef void (*ev_fn)(struct ev *ev, uint32_t events);

struct ev {
	int fd;
	uint32_t events;	/* what is watched now, 0: not registered */
	ev_fn fn;
	void *ctx;
};

struct timer;
typedef void (*timer_fn)(struct timer *t);

struct timer {
	struct timer *next;
	int64_t due_ms;		/* CLOCK_MONOTONIC */
	bool armed;
	timer_fn fn;
	void *ctx;
};

/* Events one epoll_wait() fetches at most */
#define LOOP_BATCH	32

struct loop {
	int epfd;
	struct timer *timers;	/* armed ones, soonest first */
	/* The batch being dispatched: an ev no longer watched is taken out
	 * of what is left of it, so that its owner may free it at once.
	 */
	struct ev *batch[LOOP_BATCH];
	uint32_t batch_events[LOOP_BATCH];
	int batch_n, batch_next;
};

int loop_init(struct loop *loop);
void loop_uninit(struct loop *loop);
/* Watch @ev->fd for @events (EPOLLIN, EPOLLOUT), or stop with 0: then
 * @ev is called no more, not even for events already fetched, and may be
 * freed (or its fd closed) once this returns.
 */
int loop_watch(struct loop *loop, struct ev *ev, uint32_t events);
/* Run @t->fn once, @delay_ms from now; an armed timer is moved. */
void loop_timer_arm(struct loop *loop, struct timer *t, int64_t delay_ms);
void loop_timer_cancel(struct loop *loop, struct timer *t);
/* Wait up to @timeout_ms (-1: until something happens) and dispatch
 * events and due timers; returns -errno on failure.
 */
int loop_run_once(struct loop *loop, int timeout_ms);

/* CLOCK_MONOTONIC in ms */
int64_t now_ms(void);
/* CLOCK_REALTIME in ns: the timeline's clock */
int64_t now_real_ns(void);

#endif /* VCANMCD_LOOP_H */
