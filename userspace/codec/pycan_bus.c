// SPDX-License-Identifier: GPL-2.0
/*
 * Bus records of batches, both ways; the format is in pycan.h.
 *
 * A host says what bus it emulates (its bit rates) on the group every
 * second, so that hosts that disagree are told, not silently two buses.
 * The record is a msgpack map like the others, told apart by its first
 * key, which carries the version.
 */
#include <errno.h>
#include <stdint.h>
#include <msgpack.h>

#include "pycan.h"
#include "pycan_bus.h"
#include "pycan_out.h"
#include "pycan_rec.h"

enum pycan_bus_key {
	BUS_KEY_BITRATE,
	BUS_KEY_DBITRATE,
	BUS_KEY_XLBITRATE,
	BUS_KEY_CNT
};

static const char *const bus_keys[BUS_KEY_CNT] = {
	[BUS_KEY_BITRATE]	= "bitrate",
	[BUS_KEY_DBITRATE]	= "dbitrate",
	[BUS_KEY_XLBITRATE]	= "xlbitrate",
};

int pycan_bus_encode(void *buf, size_t size, const struct pycan_bus *bus)
{
	struct pycan_out out = { .buf = buf, .size = size };
	const uint32_t v[BUS_KEY_CNT] = { bus->bitrate, bus->dbitrate, bus->xlbitrate };
	msgpack_packer pk;
	int k;

	msgpack_packer_init(&pk, &out, pycan_put);
	msgpack_pack_map(&pk, 1 + BUS_KEY_CNT);
	pycan_rec_key(&pk, PYCAN_BUS_KEY);
	msgpack_pack_uint8(&pk, PYCAN_BUS_VERSION);
	for (k = 0; k < BUS_KEY_CNT; k++) {
		pycan_rec_key(&pk, bus_keys[k]);
		msgpack_pack_uint32(&pk, v[k]);
	}
	if (out.full)
		return -ENOSPC;
	return (int)out.len;
}

bool pycan_bus_is(const msgpack_object_map *map)
{
	return pycan_rec_is(map, PYCAN_BUS_KEY);
}

enum pycan_drop pycan_bus_parse(const msgpack_object_map *map, struct pycan_bus *bus)
{
	const msgpack_object *val[BUS_KEY_CNT];
	const msgpack_object *ver = &map->ptr[0].val;
	enum pycan_drop drop;
	int k;

	/* The version first: a later one may be anything else. */
	if (ver->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
		return PYCAN_DROP_WRONG_TYPE;
	if (ver->via.u64 != PYCAN_BUS_VERSION)
		return PYCAN_DROP_BUS_VERSION;

	drop = pycan_rec_fields(map, bus_keys, BUS_KEY_CNT, val);
	if (drop)
		return drop;
	for (k = 0; k < BUS_KEY_CNT; k++)
		if (val[k]->type != MSGPACK_OBJECT_POSITIVE_INTEGER ||
		    val[k]->via.u64 > UINT32_MAX)
			return PYCAN_DROP_WRONG_TYPE;
	bus->bitrate = (uint32_t)val[BUS_KEY_BITRATE]->via.u64;
	bus->dbitrate = (uint32_t)val[BUS_KEY_DBITRATE]->via.u64;
	bus->xlbitrate = (uint32_t)val[BUS_KEY_XLBITRATE]->via.u64;
	return PYCAN_DROP_NONE;
}
