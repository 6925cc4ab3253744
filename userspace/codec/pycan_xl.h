/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VCANMC_PYCAN_XL_H
#define VCANMC_PYCAN_XL_H

#include <stdbool.h>
#include <msgpack.h>

#include "pycan.h"

/* Whether @map is a CAN XL record: its first key is PYCAN_XL_KEY. */
bool pycan_xl_is(const msgpack_object_map *map);

/* The frame and timestamp of the XL record @map (pycan_xl_is()); @xl is
 * zero past its data. Return: why it must be dropped, or PYCAN_DROP_NONE.
 */
enum pycan_drop pycan_xl_parse(const msgpack_object_map *map, struct canxl_frame *xl,
			       double *tstamp);

#endif /* VCANMC_PYCAN_XL_H */
