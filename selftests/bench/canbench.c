// SPDX-License-Identifier: GPL-2.0
/*
 * canbench - how many CAN frames per second a path between two hosts (here:
 * network namespaces) carries without loss, and how long a round trip over
 * it takes. One process holds the sockets of both ends, so that no clock or
 * start signal has to cross the path under test. See print_usage().
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canbench.h"

static void print_usage(FILE *f)
{
	fprintf(f,
		"Usage: canbench send  [-r RATE] [-d SECS] [-i ID] TX\n"
		"       canbench trial -r RATE [-d SECS] [-i ID] [-b BYTES] [-o SHARE] [-l MS]\n"
		"                      [-w MS] TX RX\n"
		"       canbench echo  [-i ID] [-d SECS] EP\n"
		"       canbench rtt   [-r RATE] [-n COUNT] [-i ID] [-w MS] [-s FILE] TX EP\n"
		"\n"
		"TX, RX and EP are CAN interfaces, NETNS:IFNAME for one in network namespace\n"
		"NETNS (/var/run/netns/NETNS). Results are one line of key=value pairs.\n"
		"\n"
		"  send   send numbered frames at RATE frames/s (0: as fast as possible)\n"
		"         for SECS seconds; print the rate offered\n"
		"  trial  the same, and receive on RX: count lost, reordered and duplicate\n"
		"         frames and those the receiving socket dropped (rx_ovfl); result=pass\n"
		"         when none is lost, duplicated or reordered, the sender offered at\n"
		"         least SHARE of RATE and frames took -l MS on average at most\n"
		"  echo   send every frame with ID back as ID+1 (for SECS, 0: until killed)\n"
		"  rtt    send COUNT frames with ID at RATE, echo them on EP, print the\n"
		"         round-trip times in microseconds\n"
		"\n"
		"Options:\n"
		"  -r RATE   frames/s (send: 0; rtt: 200)\n"
		"  -d SECS   seconds of sending (3; echo: 0)\n"
		"  -n COUNT  round trips (2000)\n"
		"  -i ID     CAN id, standard (0x100)\n"
		"  -b BYTES  receive buffer of the sockets (%d)\n"
		"  -o SHARE  share of RATE the sender must reach for a pass (0.97)\n"
		"  -l MS     longest a frame may take on average for a pass (50)\n"
		"  -w MS     time to wait for stragglers once all is sent (1000)\n"
		"  -s FILE   append every round trip to FILE, in microseconds, one a line\n"
		"\n"
		"Examples:\n"
		"  canbench send -d 2 hostA:vxcan0\n"
		"  canbench trial -r 20000 -d 3 hostA:vmc0 hostB:vmc0\n"
		"  canbench rtt -r 200 -n 2000 hostA:vmc0 hostB:vmc0\n",
		CB_RCVBUF);
}

static int parse_num(const char *s, double min, double max, double *val)
{
	char *end;

	errno = 0;
	*val = strtod(s, &end);
	if (errno || end == s || *end || *val < min || *val > max) {
		fprintf(stderr, "canbench: bad number \"%s\" (%g..%g)\n", s, min, max);
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct flow_opts fo = {
		.secs = 3, .id = 0x100, .rcvbuf = CB_RCVBUF, .min_offered = 0.97,
		.avg_lat_ms = 50, .idle_ms = 1000,
	};
	struct rtt_opts ro = { .rate = 200, .count = 2000, .id = 0x100, .wait_ms = 1000 };
	struct endpoint ep[2];
	const char *cmd;
	double v, secs = -1;
	bool rate_set = false;
	int c, i, nep;

	if (argc < 2) {
		print_usage(stderr);
		return 1;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		print_usage(stdout);
		return 0;
	}
	optind = 2;
	while ((c = getopt(argc, argv, "r:d:n:i:b:o:l:w:s:h")) != -1) {
		switch (c) {
		case 'r':
			if (parse_num(optarg, 0, 1e7, &v))
				return 1;
			fo.rate = ro.rate = v;
			rate_set = true;
			break;
		case 'd':
			if (parse_num(optarg, 0, 3600, &secs))
				return 1;
			break;
		case 'n':
			if (parse_num(optarg, 1, 1e7, &v))
				return 1;
			ro.count = (unsigned int)v;
			break;
		case 'i':
			if (parse_num(optarg, 0, CAN_SFF_MASK - 1, &v))
				return 1;
			fo.id = ro.id = (canid_t)v;
			break;
		case 'b':
			if (parse_num(optarg, 4096, 1 << 30, &v))
				return 1;
			fo.rcvbuf = (int)v;
			break;
		case 'o':
			if (parse_num(optarg, 0, 1, &fo.min_offered))
				return 1;
			break;
		case 'l':
			if (parse_num(optarg, 1, 1e6, &v))
				return 1;
			fo.avg_lat_ms = (unsigned int)v;
			break;
		case 'w':
			if (parse_num(optarg, 0, 1e6, &v))
				return 1;
			fo.idle_ms = ro.wait_ms = (unsigned int)v;
			break;
		case 's':
			ro.samples = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 1;
		}
	}
	nep = !strcmp(cmd, "trial") || !strcmp(cmd, "rtt") ? 2 : 1;
	if (argc - optind != nep) {
		fprintf(stderr, "canbench: %s takes %d interface%s\n", cmd, nep, nep > 1 ? "s" : "");
		print_usage(stderr);
		return 1;
	}
	for (i = 0; i < nep; i++)
		if (ep_parse(&ep[i], argv[optind + i]))
			return 1;

	if (secs >= 0)
		fo.secs = secs;
	if (!strcmp(cmd, "send"))
		return cmd_send(&ep[0], &fo);
	if (!strcmp(cmd, "trial")) {
		if (!rate_set || fo.rate <= 0 || fo.secs <= 0) {
			fprintf(stderr, "canbench: trial needs -r RATE > 0 and -d SECS > 0\n");
			return 1;
		}
		return cmd_trial(&ep[0], &ep[1], &fo);
	}
	if (!strcmp(cmd, "echo"))
		return cmd_echo(&ep[0], fo.id, secs > 0 ? secs : 0);
	if (!strcmp(cmd, "rtt")) {
		if (ro.rate <= 0) {
			fprintf(stderr, "canbench: rtt needs -r RATE > 0\n");
			return 1;
		}
		return cmd_rtt(&ep[0], &ep[1], &ro);
	}
	fprintf(stderr, "canbench: unknown command \"%s\"\n", cmd);
	print_usage(stderr);
	return 1;
}
