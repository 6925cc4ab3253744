/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VCANMC_PYCAN_SCAN_H
#define VCANMC_PYCAN_SCAN_H

#include <stddef.h>

#include "pycan.h"

/*
 * Find where the msgpack object at the start of @p ends, without building
 * it. Set *@end on success; refuse (truncated) any declared length or
 * element count the rest of the buffer cannot hold, and 0xc1 (malformed).
 *
 * msgpack-c allocates a container's elements as soon as it reads the
 * count, so a 6-byte "array of 2^32 elements" would have it allocate
 * 96 GiB; after this scan every element it allocates stands for at least
 * one byte of input.
 */
enum pycan_drop pycan_scan(const unsigned char *p, size_t len, size_t *end);

#endif /* VCANMC_PYCAN_SCAN_H */
