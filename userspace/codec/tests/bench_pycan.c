// SPDX-License-Identifier: GPL-2.0
/*
 * Encode and decode cost per frame; prints numbers, asserts nothing.
 *
 * Usage: bench_pycan [FRAMES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pycan.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int bench(struct pycan_decoder *dec, const char *what, const struct canfd_frame *cf,
		 bool fd, long frames)
{
	unsigned char wire[PYCAN_ENC_MAX];
	struct canfd_frame out;
	double t0, t1, t2, ts = 1700000000.123456789;
	unsigned long sink = 0;
	int n = 0;
	long i;
	bool ofd;

	t0 = now();
	for (i = 0; i < frames; i++) {
		n = pycan_encode(wire, sizeof(wire), cf, fd, ts + (double)i);
		sink += (unsigned long)n;
	}
	t1 = now();
	for (i = 0; i < frames; i++) {
		if (pycan_decode(dec, wire, (size_t)n, &out, &ofd, NULL))
			return -1;
		sink += out.len;
	}
	t2 = now();
	/* print the sink, so that no loop is optimised away */
	printf("%-26s %3d bytes  encode %6.1f ns  decode %6.1f ns  both %6.1f ns/frame  (%lx)\n",
	       what, n, (t1 - t0) * 1e9 / frames, (t2 - t1) * 1e9 / frames,
	       (t2 - t0) * 1e9 / frames, sink & 0xf);
	return 0;
}

int main(int argc, char **argv)
{
	long frames = argc > 1 ? atol(argv[1]) : 2000000;
	struct pycan_decoder *dec = pycan_decoder_new();
	struct canfd_frame cf;
	int err = 0;

	if (!dec || frames <= 0)
		return 1;

	memset(&cf, 0x5a, sizeof(cf));
	cf.can_id = 0x123;
	cf.len = 8;
	err |= bench(dec, "classic std id, 8 bytes", &cf, false, frames);
	cf.can_id = CAN_EFF_FLAG | 0x18daf110;
	cf.len = 0;
	err |= bench(dec, "classic ext id, 0 bytes", &cf, false, frames);
	cf.can_id = CAN_EFF_FLAG | 0x1fffffff;
	cf.len = 64;
	cf.flags = CANFD_FDF | CANFD_BRS;
	err |= bench(dec, "FD ext id, 64 bytes, BRS", &cf, true, frames);

	pycan_decoder_free(dec);
	return err ? 1 : 0;
}
