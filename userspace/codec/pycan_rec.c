// SPDX-License-Identifier: GPL-2.0
/*
 * The rules vcanmc's records in batches share; see pycan_rec.h.
 */
#include <string.h>

#include "pycan_rec.h"

void pycan_rec_key(msgpack_packer *pk, const char *key)
{
	msgpack_pack_str_with_body(pk, key, strlen(key));
}

static bool key_is(const msgpack_object *k, const char *name)
{
	size_t n = strlen(name);

	return k->type == MSGPACK_OBJECT_STR && k->via.str.size == n &&
	       !memcmp(k->via.str.ptr, name, n);
}

bool pycan_rec_is(const msgpack_object_map *map, const char *first)
{
	return map->size && key_is(&map->ptr[0].key, first);
}

enum pycan_drop pycan_rec_fields(const msgpack_object_map *map, const char *const *keys, int n,
				 const msgpack_object **val)
{
	bool unknown = false;
	uint32_t i;
	int k;

	for (k = 0; k < n; k++)
		val[k] = NULL;
	for (i = 1; i < map->size; i++) {
		for (k = 0; k < n; k++)
			if (key_is(&map->ptr[i].key, keys[k]))
				break;
		if (k == n) {
			unknown = true;
			continue;
		}
		if (val[k])
			return PYCAN_DROP_MALFORMED;
		val[k] = &map->ptr[i].val;
	}
	if (unknown)
		return PYCAN_DROP_UNKNOWN_KEY;
	for (k = 0; k < n; k++)
		if (!val[k])
			return PYCAN_DROP_MISSING_KEY;
	return PYCAN_DROP_NONE;
}
