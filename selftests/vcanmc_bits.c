// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc_bits - the driver's bit counter (kmod/bits.c) for shell tests.
 *
 *   vcanmc_bits bits FRAME...       "nominal data stuff" bits of each FRAME
 *   vcanmc_bits random SEED N       N random classic frames, one a line:
 *                                   standard and extended, data and remote
 *                                   (DLC 0), runs of equal bits and noise
 *   vcanmc_bits send IFACE FRAME N  send FRAME N times on IFACE
 *   vcanmc_bits rate BITRATE [DBITRATE] < candump -L output
 *                                   "frames N span_ns S ideal_ns I": the
 *                                   time between the first and the last
 *                                   frame's time stamps, and the time the
 *                                   frames after the first take on the bus
 *
 * Frames use cansend's notation (cansyntax.h).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/can.h>

#include "can.h"
#include "cansyntax.h"
#include "../kmod/bits.h"

static int bits(int argc, char **argv)
{
	struct canfd_frame cf;
	struct vcanmc_bits b;
	int i, fd;

	for (i = 0; i < argc; i++) {
		if (can_parse_frame(argv[i], &cf, &fd)) {
			fprintf(stderr, "vcanmc_bits: bad frame \"%s\"\n", argv[i]);
			return 1;
		}
		vcanmc_frame_bits(&cf, fd ? VCANMC_FRAME_FD : VCANMC_FRAME_CC, &b);
		printf("%s %u %u %u\n", argv[i], b.nominal, b.data, b.stuff);
	}
	return 0;
}

static unsigned int rnd(unsigned long long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (unsigned int)(*x >> 16);
}

static int random_frames(unsigned long long seed, int n)
{
	unsigned long long x = seed * 0x9e3779b97f4a7c15ULL + 1;
	unsigned int len, i, style;
	int k;

	for (k = 0; k < n; k++) {
		bool eff = rnd(&x) % 2, rtr = rnd(&x) % 5 == 0;
		unsigned int id = eff ? rnd(&x) & CAN_EFF_MASK : rnd(&x) & CAN_SFF_MASK;

		/* equal bits in runs now and then, to make stuff bits */
		style = rnd(&x) % 3;
		if (style == 0)
			id = eff ? (rnd(&x) % 2 ? 0 : CAN_EFF_MASK) : (rnd(&x) % 2 ? 0 : CAN_SFF_MASK);
		printf(eff ? "%08X#" : "%03X#", id);
		if (rtr) {
			/* canframelen counts data for a remote frame's DLC > 0 */
			printf("R\n");
			continue;
		}
		len = rnd(&x) % 9;
		for (i = 0; i < len; i++)
			printf("%02X", style == 1 ? (rnd(&x) % 2 ? 0x00 : 0xff) : rnd(&x) & 0xff);
		printf("\n");
	}
	return 0;
}

static int send_n(const char *ifname, const char *frame, int n)
{
	struct canfd_frame cf;
	int s, fd, i, err;

	if (can_parse_frame(frame, &cf, &fd)) {
		fprintf(stderr, "vcanmc_bits: bad frame \"%s\"\n", frame);
		return 1;
	}
	s = can_open(ifname);
	if (s < 0) {
		fprintf(stderr, "vcanmc_bits: %s: %s\n", ifname, strerror(-s));
		return 1;
	}
	for (i = 0; i < n; i++) {
		err = can_send(s, &cf, fd);
		if (err) {
			fprintf(stderr, "vcanmc_bits: send: %s\n", strerror(-err));
			return 1;
		}
	}
	return 0;
}

/* candump -L: "(1700000000.123456) vmc0 123#1122 T" */
static int rate(unsigned long long br, unsigned long long dbr)
{
	unsigned long long frames = 0, ideal = 0, first = 0, last = 0, sec, usec;
	char line[512], ifname[32], frame[300];
	struct canfd_frame cf;
	struct vcanmc_bits b;
	int fd;

	if (!br)
		return 1;
	if (!dbr)
		dbr = br;
	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "(%llu.%llu) %31s %299s", &sec, &usec, ifname, frame) != 4 ||
		    can_parse_frame(frame, &cf, &fd))
			continue;
		last = sec * 1000000000ULL + usec * 1000ULL;
		if (!frames++) {
			first = last;
			continue;
		}
		vcanmc_frame_bits(&cf, fd ? VCANMC_FRAME_FD : VCANMC_FRAME_CC, &b);
		ideal += (b.nominal * 1000000000ULL + br / 2) / br +
			 (b.data * 1000000000ULL + dbr / 2) / dbr;
	}
	printf("frames %llu span_ns %llu ideal_ns %llu\n", frames, last - first, ideal);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "bits"))
		return bits(argc - 2, argv + 2);
	if (argc == 4 && !strcmp(argv[1], "random"))
		return random_frames(strtoull(argv[2], NULL, 0), atoi(argv[3]));
	if (argc == 5 && !strcmp(argv[1], "send"))
		return send_n(argv[2], argv[3], atoi(argv[4]));
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "rate"))
		return rate(strtoull(argv[2], NULL, 0), argc == 4 ? strtoull(argv[3], NULL, 0) : 0);
	fprintf(stderr, "usage: vcanmc_bits bits FRAME...\n"
		"       vcanmc_bits random SEED N\n"
		"       vcanmc_bits send IFACE FRAME N\n"
		"       vcanmc_bits rate BITRATE [DBITRATE] < candump -L output\n");
	return 1;
}
