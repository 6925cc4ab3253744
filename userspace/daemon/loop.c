// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's event loop; see loop.h.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "loop.h"

int loop_init(struct loop *loop)
{
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	return loop->epfd < 0 ? -errno : 0;
}

void loop_uninit(struct loop *loop)
{
	if (loop->epfd >= 0)
		close(loop->epfd);
	loop->epfd = -1;
}

int loop_watch(struct loop *loop, struct ev *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };
	int op;

	if (events == ev->events)
		return 0;
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

int loop_run_once(struct loop *loop, int timeout_ms)
{
	struct epoll_event events[32];
	int i, n;

	n = epoll_wait(loop->epfd, events, 32, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		struct ev *ev = events[i].data.ptr;

		ev->fn(ev, events[i].events);
	}
	return 0;
}
