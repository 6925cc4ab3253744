// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc_helper - play the tunnel helper for shell tests: attach to a vcanmc
 * device through /dev/vcanmc, write frames into it as received frames, or
 * stay attached and print every frame transmitted on it.
 *
 *   vcanmc_helper inject IFACE FRAME...   deliver FRAMEs, then detach
 *   vcanmc_helper dump [-n N] [-t MS] IFACE
 *                                         print "attached", then each frame
 *                                         read, until N frames or MS ms
 *                                         (exit 1 on timeout) or a signal
 *
 * Frames use cansend's notation (cansyntax.h).
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/can.h>

#include "cansyntax.h"
#include "helper.h"

static int inject(int argc, char **argv)
{
	struct canfd_frame cf;
	int fd, i, err, is_fd;

	if (argc < 2) {
		fprintf(stderr, "usage: vcanmc_helper inject IFACE FRAME...\n");
		return 1;
	}
	fd = helper_open_attach(argv[0], 0);
	if (fd < 0) {
		fprintf(stderr, "vcanmc_helper: attaching to %s: %s\n", argv[0], strerror(-fd));
		return 1;
	}
	for (i = 1; i < argc; i++) {
		if (can_parse_frame(argv[i], &cf, &is_fd)) {
			fprintf(stderr, "vcanmc_helper: bad frame \"%s\"\n", argv[i]);
			return 1;
		}
		err = helper_send(fd, &cf, is_fd);
		if (err) {
			fprintf(stderr, "vcanmc_helper: write: %s\n", strerror(-err));
			return 1;
		}
	}
	close(fd);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int dump(int argc, char **argv)
{
	static uint8_t buf[65536] __attribute__((aligned(8)));
	static struct hframe frames[512];
	long long count = -1, timeout = -1, deadline = 0, seen = 0;
	int fd, opt, i, n;
	ssize_t len;

	optind = 0;
	while ((opt = getopt(argc, argv, "+n:t:")) != -1) {
		switch (opt) {
		case 'n':
			count = atoll(optarg);
			break;
		case 't':
			timeout = atoll(optarg);
			break;
		default:
			fprintf(stderr, "usage: vcanmc_helper dump [-n N] [-t MS] IFACE\n");
			return 1;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: vcanmc_helper dump [-n N] [-t MS] IFACE\n");
		return 1;
	}
	fd = helper_open_attach(argv[optind], 0);
	if (fd < 0) {
		fprintf(stderr, "vcanmc_helper: attaching to %s: %s\n", argv[optind],
			strerror(-fd));
		return 1;
	}
	printf("attached\n");
	fflush(stdout);
	if (timeout >= 0)
		deadline = now_ms() + timeout;
	while (count < 0 || seen < count) {
		int wait = -1;

		if (timeout >= 0) {
			wait = deadline - now_ms();
			if (wait <= 0) {
				fprintf(stderr, "vcanmc_helper: timeout after %lld frames\n", seen);
				return 1;
			}
		}
		len = helper_read(fd, buf, sizeof(buf), wait);
		if (len == -ETIMEDOUT)
			continue;
		if (len < 0) {
			fprintf(stderr, "vcanmc_helper: read: %s\n", strerror(-len));
			return 1;
		}
		n = helper_parse(buf, len, frames, 512);
		if (n < 0) {
			fprintf(stderr, "vcanmc_helper: malformed record\n");
			return 1;
		}
		for (i = 0; i < n; i++)
			can_print_record(argv[optind], &frames[i]);
		fflush(stdout);
		seen += n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "inject"))
		return inject(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "dump"))
		return dump(argc - 1, argv + 1);
	fprintf(stderr, "usage: vcanmc_helper inject IFACE FRAME...\n"
		"       vcanmc_helper dump [-n N] [-t MS] IFACE\n");
	return 1;
}
