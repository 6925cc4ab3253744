// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's event loop; see loop.h. Timers are few (one per link at
 * most): a sorted list does.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "loop.h"

int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int64_t now_real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int loop_init(struct loop *loop)
{
	loop->timers = NULL;
	loop->batch_n = loop->batch_next = 0;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	return loop->epfd < 0 ? -errno : 0;
}

void loop_uninit(struct loop *loop)
{
	if (loop->epfd >= 0)
		close(loop->epfd);
	loop->epfd = -1;
}

/* Takes @ev out of what is left of the batch being dispatched. */
static void forget_fetched(struct loop *loop, const struct ev *ev)
{
	int i;

	for (i = loop->batch_next; i < loop->batch_n; i++)
		if (loop->batch[i] == ev)
			loop->batch[i] = NULL;
}

int loop_watch(struct loop *loop, struct ev *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };
	int op;

	/* Not watched, so in no batch: nor need an ev that never was
	 * watched have a loop yet.
	 */
	if (events == ev->events)
		return 0;
	if (!events)
		forget_fetched(loop, ev);
	if (!events)
		op = EPOLL_CTL_DEL;
	else if (!ev->events)
		op = EPOLL_CTL_ADD;
	else
		op = EPOLL_CTL_MOD;
	if (epoll_ctl(loop->epfd, op, ev->fd, &e))
		return -errno;
	ev->events = events;
	return 0;
}

void loop_timer_cancel(struct loop *loop, struct timer *t)
{
	struct timer **pp;

	if (!t->armed)
		return;
	for (pp = &loop->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->armed = false;
}

void loop_timer_arm(struct loop *loop, struct timer *t, int64_t delay_ms)
{
	struct timer **pp;

	loop_timer_cancel(loop, t);
	t->due_ms = now_ms() + delay_ms;
	for (pp = &loop->timers; *pp && (*pp)->due_ms <= t->due_ms; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->armed = true;
}

static void run_timers(struct loop *loop)
{
	int64_t now = now_ms();
	struct timer *t;

	while ((t = loop->timers) && t->due_ms <= now) {
		loop->timers = t->next;
		t->armed = false;
		t->fn(t);
	}
}

int loop_run_once(struct loop *loop, int timeout_ms)
{
	struct epoll_event events[LOOP_BATCH];
	struct ev *ev;
	int i, n;

	if (loop->timers) {
		int64_t wait = loop->timers->due_ms - now_ms();

		if (wait < 0)
			wait = 0;
		if (timeout_ms < 0 || wait < timeout_ms)
			timeout_ms = (int)wait;
	}
	n = epoll_wait(loop->epfd, events, LOOP_BATCH, timeout_ms);
	if (n < 0 && errno != EINTR)
		return -errno;
	/* A handler may end other sources of the batch (a link detached,
	 * a NORM session destroyed): loop_watch(ev, 0) takes them out.
	 */
	for (i = 0; i < n; i++) {
		loop->batch[i] = events[i].data.ptr;
		loop->batch_events[i] = events[i].events;
	}
	loop->batch_n = n > 0 ? n : 0;
	for (loop->batch_next = 0; loop->batch_next < loop->batch_n;) {
		i = loop->batch_next++;
		ev = loop->batch[i];
		if (ev)
			ev->fn(ev, loop->batch_events[i]);
	}
	loop->batch_n = loop->batch_next = 0;
	run_timers(loop);
	return 0;
}
