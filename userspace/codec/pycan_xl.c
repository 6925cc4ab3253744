// SPDX-License-Identifier: GPL-2.0
/*
 * CAN XL records of batches, both ways; the format is in pycan.h.
 *
 * Like the python-can messages, a record is a msgpack map with string
 * keys, so that whatever reads batches finds where it ends; the first key
 * tells it apart and carries the version, so that the format can change
 * and an older decoder skips what it does not know.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <msgpack.h>

#include "pycan.h"
#include "pycan_out.h"
#include "pycan_rec.h"
#include "pycan_xl.h"

enum pycan_xl_key {
	XL_KEY_TIMESTAMP,
	XL_KEY_PRIO,
	XL_KEY_VCID,
	XL_KEY_FLAGS,
	XL_KEY_SDT,
	XL_KEY_AF,
	XL_KEY_DATA,
	XL_KEY_CNT
};

static const char *const xl_keys[XL_KEY_CNT] = {
	[XL_KEY_TIMESTAMP]	= "timestamp",
	[XL_KEY_PRIO]		= "prio",
	[XL_KEY_VCID]		= "vcid",
	[XL_KEY_FLAGS]		= "flags",
	[XL_KEY_SDT]		= "sdt",
	[XL_KEY_AF]		= "af",
	[XL_KEY_DATA]		= "data",
};

#define XL_VCID_SHIFT	16	/* CANXL_VCID_OFFSET of Linux >= 6.9 */
#define XL_VCID_MASK	0xffu
#define XL_FLAG_XLF	0x80	/* CANXL_XLF */

/* -- encoder ---------------------------------------------------------------- */

static void xl_uint(msgpack_packer *pk, enum pycan_xl_key key, uint32_t val)
{
	pycan_rec_key(pk, xl_keys[key]);
	msgpack_pack_uint32(pk, val);
}

int pycan_xl_encode(void *buf, size_t size, const struct canxl_frame *xl, double tstamp)
{
	struct pycan_out out = { .buf = buf, .size = size };
	msgpack_packer pk;

	if (xl->len < 1 || xl->len > CANXL_MAX_DLEN || !(xl->flags & XL_FLAG_XLF))
		return -EINVAL;

	msgpack_packer_init(&pk, &out, pycan_put);
	msgpack_pack_map(&pk, 1 + XL_KEY_CNT);
	pycan_rec_key(&pk, PYCAN_XL_KEY);
	msgpack_pack_uint8(&pk, PYCAN_XL_VERSION);
	pycan_rec_key(&pk, xl_keys[XL_KEY_TIMESTAMP]);
	msgpack_pack_double(&pk, tstamp);
	xl_uint(&pk, XL_KEY_PRIO, xl->prio & CANXL_PRIO_MASK);
	xl_uint(&pk, XL_KEY_VCID, (xl->prio >> XL_VCID_SHIFT) & XL_VCID_MASK);
	xl_uint(&pk, XL_KEY_FLAGS, xl->flags);
	xl_uint(&pk, XL_KEY_SDT, xl->sdt);
	xl_uint(&pk, XL_KEY_AF, xl->af);
	pycan_rec_key(&pk, xl_keys[XL_KEY_DATA]);
	msgpack_pack_bin_with_body(&pk, xl->data, xl->len);

	if (out.full)
		return -ENOSPC;
	return (int)out.len;
}

/* -- decoder ---------------------------------------------------------------- */

bool pycan_xl_is(const msgpack_object_map *map)
{
	return pycan_rec_is(map, PYCAN_XL_KEY);
}

/* A uint of @o into *@out; false if it is none. */
static bool xl_uint_of(const msgpack_object *o, uint64_t *out)
{
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
		return false;
	*out = o->via.u64;
	return true;
}

enum pycan_drop pycan_xl_parse(const msgpack_object_map *map, struct canxl_frame *xl,
			       double *tstamp)
{
	const msgpack_object *val[XL_KEY_CNT] = { NULL };
	const msgpack_object *ts, *data;
	uint64_t ver, prio, vcid, flags, sdt, af;
	enum pycan_drop drop;

	/* The version first: a later one may be anything else. */
	if (!xl_uint_of(&map->ptr[0].val, &ver))
		return PYCAN_DROP_WRONG_TYPE;
	if (ver != PYCAN_XL_VERSION)
		return PYCAN_DROP_XL_VERSION;

	drop = pycan_rec_fields(map, xl_keys, XL_KEY_CNT, val);
	if (drop)
		return drop;
	ts = val[XL_KEY_TIMESTAMP];
	data = val[XL_KEY_DATA];
	if ((ts->type != MSGPACK_OBJECT_FLOAT64 && ts->type != MSGPACK_OBJECT_FLOAT32) ||
	    !xl_uint_of(val[XL_KEY_PRIO], &prio) || !xl_uint_of(val[XL_KEY_VCID], &vcid) ||
	    !xl_uint_of(val[XL_KEY_FLAGS], &flags) || !xl_uint_of(val[XL_KEY_SDT], &sdt) ||
	    !xl_uint_of(val[XL_KEY_AF], &af) || data->type != MSGPACK_OBJECT_BIN)
		return PYCAN_DROP_WRONG_TYPE;
	if (flags > 0xff || sdt > 0xff || af > UINT32_MAX)
		return PYCAN_DROP_WRONG_TYPE;
	if (prio > CANXL_PRIO_MASK || vcid > XL_VCID_MASK)
		return PYCAN_DROP_BAD_ID;
	if (!(flags & XL_FLAG_XLF))
		return PYCAN_DROP_BAD_FLAGS;
	if (data->via.bin.size < CANXL_MIN_DLEN || data->via.bin.size > CANXL_MAX_DLEN)
		return PYCAN_DROP_DLC_MISMATCH;

	memset(xl, 0, sizeof(*xl));
	xl->prio = (canid_t)(prio | vcid << XL_VCID_SHIFT);
	xl->flags = (__u8)flags;
	xl->sdt = (__u8)sdt;
	xl->af = (__u32)af;
	xl->len = (__u16)data->via.bin.size;
	memcpy(xl->data, data->via.bin.ptr, xl->len);
	if (tstamp)
		*tstamp = ts->via.f64;
	return PYCAN_DROP_NONE;
}
