// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's event loop: a handler that ends another source of the same
 * batch (a link detached, a NORM session destroyed while its events wait)
 * frees it at once; the loop must not call it afterwards. Under ASan a
 * call is a heap-use-after-free; without, a second call is seen.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "loop.h"
#include "tap.h"

struct src {
	struct ev ev;
	int wfd;
	struct src **other;	/* ended by this one's handler */
	unsigned int *calls;
};

static void src_free(struct loop *loop, struct src *s)
{
	loop_watch(loop, &s->ev, 0);
	close(s->ev.fd);
	close(s->wfd);
	free(s);
}

static struct loop *cur_loop;

static void on_ready(struct ev *ev, uint32_t events)
{
	struct src *s = ev->ctx;

	(*s->calls)++;
	if (*s->other) {
		src_free(cur_loop, *s->other);
		*s->other = NULL;
	}
}

static struct src *src_new(struct loop *loop, struct src **other, unsigned int *calls)
{
	struct src *s = calloc(1, sizeof(*s));
	int p[2];

	if (!s || pipe(p)) {
		free(s);
		return NULL;
	}
	s->ev = (struct ev){ .fd = p[0], .fn = on_ready, .ctx = s };
	s->wfd = p[1];
	s->other = other;
	s->calls = calls;
	if (write(p[1], "x", 1) != 1 || loop_watch(loop, &s->ev, EPOLLIN)) {
		close(p[0]);
		close(p[1]);
		free(s);
		return NULL;
	}
	return s;
}

/* Two sources ready at once, each ending the other: one call only. */
static int test_end_fetched(const void *data)
{
	struct src *a = NULL, *b = NULL;
	unsigned int calls = 0;
	struct loop loop;
	int ret = TAP_FAIL;

	CHECK_INT(loop_init(&loop), 0);
	cur_loop = &loop;
	a = src_new(&loop, &b, &calls);
	b = src_new(&loop, &a, &calls);
	if (!a || !b)
		goto out;
	if (loop_run_once(&loop, 1000))
		goto out;
	if (calls != 1) {
		tap_diag("%u handlers ran, want 1: one ran for an ended source", calls);
		goto out;
	}
	ret = TAP_PASS;
out:
	if (a)
		src_free(&loop, a);
	if (b)
		src_free(&loop, b);
	loop_uninit(&loop);
	return ret;
}

/* Stopped and watched again in the same batch: called on a later turn. */
static void on_rewatch(struct ev *ev, uint32_t events)
{
	struct src *s = ev->ctx;

	(*s->calls)++;
	if (*s->other) {
		loop_watch(cur_loop, &(*s->other)->ev, 0);
		loop_watch(cur_loop, &(*s->other)->ev, EPOLLIN);
		*s->other = NULL;
	}
}

static int test_rewatch(const void *data)
{
	struct src *a, *b, *sa, *sb;
	unsigned int calls = 0, i;
	struct loop loop;
	int ret = TAP_FAIL;

	CHECK_INT(loop_init(&loop), 0);
	cur_loop = &loop;
	sa = a = src_new(&loop, &b, &calls);
	sb = b = src_new(&loop, &a, &calls);
	if (!a || !b)
		goto out;
	a->ev.fn = b->ev.fn = on_rewatch;
	/* Still readable: called again on every turn */
	for (i = 0; i < 3; i++)
		if (loop_run_once(&loop, 1000))
			goto out;
	if (calls != 5) {
		tap_diag("%u handler calls in 3 turns, want 5", calls);
		goto out;
	}
	ret = TAP_PASS;
out:
	if (sa)
		src_free(&loop, sa);
	if (sb)
		src_free(&loop, sb);
	loop_uninit(&loop);
	return ret;
}

void test_loop_register(void)
{
	tap_add(test_end_fetched, NULL, "loop: a source ended by another's handler is not called");
	tap_add(test_rewatch, NULL, "loop: a source stopped and watched again is called next turn");
}
