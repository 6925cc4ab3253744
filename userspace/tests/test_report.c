// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc's error messages: a refusal for want of privilege, or a status
 * socket that is not there, says what to do about it; other errors are
 * reported as they are.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "report.h"
#include "tap.h"

struct report_case {
	const char *desc;
	int status;		/* 1: status socket; 0: netlink */
	int err;
	const char *kmsg;	/* the kernel's extack message, netlink only */
	const char *want;
};

#define SOCK	"/run/vcanmcd/net-1.sock"

static const struct report_case report_cases[] = {
	{ "netlink EPERM says root is needed", 0, -EPERM, "",
	  "vcanmc: kernel refused: Operation not permitted\n"
	  "vcanmc: this needs CAP_NET_ADMIN: run it as root\n" },
	{ "netlink EACCES says root is needed", 0, -EACCES, "",
	  "vcanmc: kernel refused: Permission denied\n"
	  "vcanmc: this needs CAP_NET_ADMIN: run it as root\n" },
	{ "the kernel's reason is kept, without a hint", 0, -EINVAL, "bad group",
	  "vcanmc: kernel refused: bad group (Invalid argument)\n" },
	{ "no status socket: is vcanmcd running?", 1, -ENOENT, NULL,
	  "vcanmc: cannot ask vcanmcd (" SOCK "): No such file or directory\n"
	  "vcanmc: is vcanmcd running in this network namespace?\n" },
	{ "a stale status socket: is vcanmcd running?", 1, -ECONNREFUSED, NULL,
	  "vcanmc: cannot ask vcanmcd (" SOCK "): Connection refused\n"
	  "vcanmc: is vcanmcd running in this network namespace?\n" },
	{ "status socket EACCES says root is needed", 1, -EACCES, NULL,
	  "vcanmc: cannot ask vcanmcd (" SOCK "): Permission denied\n"
	  "vcanmc: only root may ask vcanmcd: run it as root\n" },
	{ "a status timeout has no hint", 1, -ETIMEDOUT, NULL,
	  "vcanmc: cannot ask vcanmcd (" SOCK "): Connection timed out\n" },
};

static int test_report(const void *data)
{
	const struct report_case *c = data;
	struct vcanmc_nlerr ack = { .error = c->err };
	char *buf = NULL;
	size_t len;
	FILE *f;
	int ret;

	f = open_memstream(&buf, &len);
	CHECK(f);
	if (c->status) {
		ret = cli_status_error(f, SOCK, c->err);
	} else {
		snprintf(ack.msg, sizeof(ack.msg), "%s", c->kmsg);
		ret = cli_nl_error(f, "cannot add device", &ack, c->err);
	}
	fclose(f);
	CHECK_INT(ret, 1);
	if (strcmp(buf, c->want)) {
		tap_diag("printed:\n%s", buf);
		free(buf);
		return TAP_FAIL;
	}
	free(buf);
	return TAP_PASS;
}

void test_report_register(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(report_cases); i++)
		tap_add(test_report, &report_cases[i], "errors: %s", report_cases[i].desc);
}
