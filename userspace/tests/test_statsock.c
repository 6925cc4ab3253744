// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's status socket when the daemon has no file left for a client:
 * the loop must not spin on the listening socket, and the client waiting
 * gets its answer once a file is free. Runs in a network namespace of its
 * own (root only), so that the socket is not a real daemon's.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "links.h"
#include "statsock.h"
#include "tap.h"

#define FILES_MAX	64
/* Wakeups of the loop in WATCH_MS while no file is free: a few at most */
#define WATCH_MS	500
#define WAKEUPS_MAX	30

static int no_files_child(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct rlimit rl = { FILES_MAX, FILES_MAX };
	int cl, fd, last = -1, wakeups = 0, ret = 1;
	char lock[sizeof(addr.sun_path) + 8], buf[16] = "";
	struct status st;
	struct links ls;
	struct loop loop;
	int64_t end;

	if (geteuid() || unshare(CLONE_NEWNET))
		return TAP_SKIP_EXIT;
	if (setrlimit(RLIMIT_NOFILE, &rl) || loop_init(&loop))
		return 1;
	links_init(&ls, &loop, NULL);
	if (status_init(&st, &loop, &ls))
		return 1;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", st.path);
	cl = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cl < 0 || connect(cl, (struct sockaddr *)&addr, sizeof(addr)))
		goto out;
	/* Every file taken: accept() fails with EMFILE */
	while ((fd = dup(cl)) >= 0)
		last = fd;
	if (errno != EMFILE || last < 0)
		goto out;
	for (end = now_ms() + WATCH_MS; now_ms() < end; wakeups++)
		if (loop_run_once(&loop, (int)(end - now_ms())))
			goto out;
	printf("# %d wakeups in %d ms without a file, %llu failed accepts\n", wakeups,
	       WATCH_MS, (unsigned long long)st.accept_fails);
	if (wakeups > WAKEUPS_MAX || !st.accept_fails)
		goto out;
	/* A file is free again: the client gets its answer. */
	close(last);
	for (end = now_ms() + 5000; now_ms() < end;) {
		struct pollfd p = { .fd = cl, .events = POLLIN };

		if (loop_run_once(&loop, 50))
			goto out;
		if (poll(&p, 1, 0) == 1)
			break;
	}
	if (read(cl, buf, sizeof(buf) - 1) <= 0 || strncmp(buf, "version=", 8)) {
		printf("# no answer once a file was free\n");
		goto out;
	}
	ret = 0;
out:
	snprintf(lock, sizeof(lock), "%s.lock", st.path);
	status_uninit(&st);
	unlink(lock);
	return ret;
}

static int test_no_files(const void *data)
{
	return tap_fork(no_files_child, "needs root for a network namespace");
}

void test_statsock_register(void)
{
	tap_add(test_no_files, NULL,
		"status: without a free file the loop rests, the client is answered later");
}
