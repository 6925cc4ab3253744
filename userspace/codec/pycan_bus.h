/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bus records (pycan.h, struct pycan_bus): what bus a link emulates, told
 * to the group among the frames of a batch.
 */
#ifndef VCANMC_PYCAN_BUS_H
#define VCANMC_PYCAN_BUS_H

#include <stdbool.h>
#include <msgpack.h>

#include "pycan.h"

/* Whether @map is a bus record: its first key is PYCAN_BUS_KEY. */
bool pycan_bus_is(const msgpack_object_map *map);

/* The settings of the bus record @map (pycan_bus_is()). Return: why it
 * must be dropped, or PYCAN_DROP_NONE.
 */
enum pycan_drop pycan_bus_parse(const msgpack_object_map *map, struct pycan_bus *bus);

#endif /* VCANMC_PYCAN_BUS_H */
