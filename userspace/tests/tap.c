// SPDX-License-Identifier: GPL-2.0
/*
 * TAP 13 output for the host unit tests.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "tap.h"

struct tap_case {
	char name[160];
	tap_fn fn;
	const void *data;
};

static struct tap_case *cases;
static size_t n_cases, size_cases;
static const char *skip_reason;

void tap_add(tap_fn fn, const void *data, const char *fmt, ...)
{
	struct tap_case *c;
	va_list ap;

	if (n_cases == size_cases) {
		size_cases = size_cases ? 2 * size_cases : 64;
		cases = realloc(cases, size_cases * sizeof(*cases));
		if (!cases) {
			perror("realloc");
			exit(1);
		}
	}
	c = &cases[n_cases++];
	c->fn = fn;
	c->data = data;
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void tap_skip_reason(const char *reason)
{
	skip_reason = reason;
}

int tap_fork(int (*fn)(void), const char *reason)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return TAP_FAIL;
	if (!pid) {
		status = fn();
		fflush(stdout);
		_exit(status);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return TAP_FAIL;
	if (WEXITSTATUS(status) == TAP_SKIP_EXIT) {
		tap_skip_reason(reason);
		return TAP_SKIP;
	}
	return WEXITSTATUS(status) ? TAP_FAIL : TAP_PASS;
}

int tap_run(void)
{
	size_t i, pass = 0, fail = 0, skip = 0;
	int ret;

	printf("TAP version 13\n1..%zu\n", n_cases);
	for (i = 0; i < n_cases; i++) {
		fflush(stdout);
		skip_reason = NULL;
		ret = cases[i].fn(cases[i].data);
		if (ret == TAP_SKIP) {
			printf("ok %zu - %s # SKIP %s\n", i + 1, cases[i].name,
			       skip_reason ? skip_reason : "");
			skip++;
		} else if (ret == TAP_PASS) {
			printf("ok %zu - %s\n", i + 1, cases[i].name);
			pass++;
		} else {
			printf("not ok %zu - %s\n", i + 1, cases[i].name);
			fail++;
		}
	}
	printf("# %zu passed, %zu failed, %zu skipped\n", pass, fail, skip);
	free(cases);
	return (int)fail;
}

int tap_udp_loopback(uint16_t *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}
