// SPDX-License-Identifier: GPL-2.0
/*
 * Help texts: "vcanmc CMD --help" prints that command's usage and words,
 * "vcanmc help" every command's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "help.h"
#include "tap.h"

struct help_case {
	enum cli_cmd topic;
	const char *want[4];	/* each must appear */
};

static const struct help_case help_cases[] = {
	{ CLI_CMD_ADD, { "Usage: vcanmc add [name] NAME [OPTIONS]", "dstport N", "mtu N",
			 "dev IFACE      name of the underlay" } },
	{ CLI_CMD_SET, { "vcanmc set NAME OPTIONS", "bitrate N" } },
	{ CLI_CMD_ADD, { "ieee1722", "port 17220", "stream-id auto|N",
			 "transport udp|ethernet" } },
	{ CLI_CMD_SET, { "order local|global", "one timeline across hosts",
			 "vcanmcd --timeline-members N",
			 "vcanmc add vmc4 encap norm order global port 43117" } },
	{ CLI_CMD_DEL, { "Usage: vcanmc del NAME" } },
	{ CLI_CMD_SHOW, { "show [NAME] [-s|--stats]", "-d, --details" } },
	{ CLI_CMD_STATUS, { "status [NAME]", "Needs root" } },
	{ CLI_CMD_NONE, { "-s, --stats", "Usage: vcanmc add [name] NAME",
			  "Usage: vcanmc del NAME", "status [NAME]" } },
};

static char *capture_help(enum cli_cmd topic)
{
	char *buf = NULL;
	size_t len;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	cli_help(f, topic);
	fclose(f);
	return buf;
}

static int test_help(const void *data)
{
	const struct help_case *c = data;
	char *text = capture_help(c->topic);
	size_t i;

	CHECK(text);
	for (i = 0; i < ARRAY_SIZE(c->want) && c->want[i]; i++) {
		if (!strstr(text, c->want[i])) {
			tap_diag("no \"%s\" in:\n%s", c->want[i], text);
			free(text);
			return TAP_FAIL;
		}
	}
	/* One command's help is not the whole manual. */
	if (c->topic != CLI_CMD_NONE && strstr(text, "Global options")) {
		tap_diag("the help of one command has everything");
		free(text);
		return TAP_FAIL;
	}
	free(text);
	return TAP_PASS;
}

void test_help_register(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(help_cases); i++)
		tap_add(test_help, &help_cases[i], "help: of \"%s\" has its usage",
			help_cases[i].topic ? cli_cmd_name(help_cases[i].topic) : "vcanmc");
}
