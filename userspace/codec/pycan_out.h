/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VCANMC_PYCAN_OUT_H
#define VCANMC_PYCAN_OUT_H

#include <stdbool.h>
#include <stddef.h>

/* The caller's buffer a msgpack_packer writes into, through pycan_put(). */
struct pycan_out {
	unsigned char *buf;
	size_t size;
	size_t len;
	bool full;
};

/* msgpack_packer_write: once a write did not fit, refuses the rest too. */
int pycan_put(void *data, const char *src, size_t n);

#endif /* VCANMC_PYCAN_OUT_H */
