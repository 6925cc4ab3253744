// SPDX-License-Identifier: GPL-2.0
/*
 * python-can udp_multicast datagram -> SocketCAN frame.
 *
 * A python-can receiver runs unpack_message(data, check=True): msgpack's
 * unpackb(), then can.Message(**map), then Message._check(). We refuse
 * what it refuses, in the same order (broken msgpack, then keys
 * Message.__init__ does not take, then _check()), and classify why.
 * Where python-can takes whatever Python makes of a value (5.0 as an ID,
 * 1 as a bool, data=3 as three zero bytes), we take only the msgpack type
 * pack_message() produces; the vector generator lists each such case.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <msgpack.h>

#include "pycan.h"
#include "pycan_bus.h"
#include "pycan_keys.h"
#include "pycan_scan.h"
#include "pycan_xl.h"

/*
 * After pycan_scan(), msgpack-c allocates at most one msgpack_object per
 * input byte (a map entry, two objects, takes two bytes at least), all in
 * this one chunk: the zone never grows, and clearing it frees nothing.
 */
#define PYCAN_ZONE_SIZE	(PYCAN_DGRAM_MAX * sizeof(msgpack_object))

_Static_assert(sizeof(msgpack_object_kv) == 2 * sizeof(msgpack_object),
	       "PYCAN_ZONE_SIZE assumes a map entry is two objects");

struct pycan_decoder {
	msgpack_zone zone;
};

/* pack_message()'s key order: the enum's, but is_rx that it never sends */
static const unsigned char pycan_key_order[] = {
	PYCAN_KEY_TIMESTAMP, PYCAN_KEY_ARBITRATION_ID, PYCAN_KEY_IS_EXTENDED_ID,
	PYCAN_KEY_IS_REMOTE_FRAME, PYCAN_KEY_IS_ERROR_FRAME, PYCAN_KEY_CHANNEL, PYCAN_KEY_DLC,
	PYCAN_KEY_DATA, PYCAN_KEY_IS_FD, PYCAN_KEY_BITRATE_SWITCH,
	PYCAN_KEY_ERROR_STATE_INDICATOR,
};

/* A can.Message as Message.__init__ leaves it, before _check(). */
struct pycan_msg {
	double tstamp;
	uint64_t id;		/* magnitude when id_neg */
	uint64_t dlc;
	const msgpack_object *data;	/* bin or array; NULL for none */
	uint32_t data_len;
	bool id_neg;
	bool dlc_neg;
	bool dlc_given;
	bool eff;
	bool rtr;
	bool err;
	bool fd;
	bool brs;
	bool esi;
};

struct pycan_decoder *pycan_decoder_new(void)
{
	struct pycan_decoder *dec = malloc(sizeof(*dec));

	if (!dec)
		return NULL;
	if (!msgpack_zone_init(&dec->zone, PYCAN_ZONE_SIZE)) {
		free(dec);
		return NULL;
	}
	return dec;
}

void pycan_decoder_free(struct pycan_decoder *dec)
{
	if (!dec)
		return;
	msgpack_zone_destroy(&dec->zone);
	free(dec);
}

/* Strict UTF-8, as Python's decoder: no overlong forms, no surrogates,
 * nothing above U+10FFFF.
 */
static bool pycan_utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i++];
		unsigned char lo = 0x80, hi = 0xbf;
		unsigned int more;

		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			more = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else {
			return false;
		}
		if (more > len - i)
			return false;
		if (s[i] < lo || s[i] > hi)
			return false;
		for (i++, more--; more; i++, more--)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return false;
	}
	return true;
}

static bool pycan_str_valid(const msgpack_object *o)
{
	return pycan_utf8_valid((const unsigned char *)o->via.str.ptr, o->via.str.size);
}

static bool pycan_key_is(const msgpack_object *key, unsigned int idx)
{
	return key->via.str.size == pycan_keys[idx].len &&
	       !memcmp(key->via.str.ptr, pycan_keys[idx].name, pycan_keys[idx].len);
}

/* Which argument @key (the @pos-th) names; -1 for none. */
static int pycan_key_index(const msgpack_object *key, uint32_t pos)
{
	int i;

	/* from python-can, the key we expect there */
	if (pos < sizeof(pycan_key_order) && pycan_key_is(key, pycan_key_order[pos]))
		return pycan_key_order[pos];
	for (i = 0; i < PYCAN_KEY_CNT; i++)
		if (pycan_key_is(key, i))
			return i;
	return -1;
}

/*
 * Sort the map's values by key. Like unpackb(), refuse invalid UTF-8 in
 * any key or string value first; like Message(**map), any key that is no
 * argument next. Duplicate keys we refuse as ambiguous (unpackb would
 * keep the last).
 */
static enum pycan_drop pycan_fields(const msgpack_object_map *map,
				    const msgpack_object *val[PYCAN_KEY_CNT])
{
	bool unknown = false;
	uint32_t i;

	for (i = 0; i < map->size; i++) {
		const msgpack_object *k = &map->ptr[i].key;
		const msgpack_object *v = &map->ptr[i].val;
		int idx;

		if (v->type == MSGPACK_OBJECT_STR && !pycan_str_valid(v))
			return PYCAN_DROP_MALFORMED;
		if (k->type != MSGPACK_OBJECT_STR) {
			unknown = true;
			continue;
		}
		idx = pycan_key_index(k, i);
		if (idx < 0) {
			/* a known key is ASCII; only an unknown one may be bad */
			if (!pycan_str_valid(k))
				return PYCAN_DROP_MALFORMED;
			unknown = true;
			continue;
		}
		if (val[idx])
			return PYCAN_DROP_MALFORMED;
		val[idx] = v;
	}
	return unknown ? PYCAN_DROP_UNKNOWN_KEY : PYCAN_DROP_NONE;
}

static bool pycan_get_bool(const msgpack_object *o, bool *out)
{
	if (!o)
		return true;
	if (o->type != MSGPACK_OBJECT_BOOLEAN)
		return false;
	*out = o->via.boolean;
	return true;
}

/* An int of any width and sign; *@neg tells a negative one, *@mag its
 * magnitude (only compared against limits, so -2^63 needs no care).
 */
static bool pycan_get_int(const msgpack_object *o, uint64_t *mag, bool *neg)
{
	if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
		*mag = o->via.u64;
		*neg = false;
		return true;
	}
	if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
		*mag = 0 - (uint64_t)o->via.i64;
		*neg = true;
		return true;
	}
	return false;
}

static bool pycan_get_tstamp(const msgpack_object *o, double *out)
{
	if (!o)
		return true;	/* Message.__init__ default */
	switch (o->type) {
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64:
		*out = o->via.f64;
		return true;
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		*out = (double)o->via.u64;
		return true;
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:
		*out = (double)o->via.i64;
		return true;
	case MSGPACK_OBJECT_NIL:
		*out = NAN;
		return true;
	default:
		return false;
	}
}

/* bin, nil, or (python-can turns it into bytes too) an array of ints
 * 0..255. Nothing else, though bytearray() would take an int or a str of
 * a remote frame's never-used payload.
 */
static bool pycan_get_data(const msgpack_object *o, struct pycan_msg *m)
{
	uint32_t i;

	if (!o || o->type == MSGPACK_OBJECT_NIL)
		return true;
	if (o->type == MSGPACK_OBJECT_BIN) {
		m->data = o;
		m->data_len = o->via.bin.size;
		return true;
	}
	if (o->type != MSGPACK_OBJECT_ARRAY)
		return false;
	for (i = 0; i < o->via.array.size; i++) {
		const msgpack_object *e = &o->via.array.ptr[i];

		if (e->type != MSGPACK_OBJECT_POSITIVE_INTEGER || e->via.u64 > 0xff)
			return false;
	}
	m->data = o;
	m->data_len = o->via.array.size;
	return true;
}

static bool pycan_channel_ok(const msgpack_object *o)
{
	return !o || o->type == MSGPACK_OBJECT_NIL || o->type == MSGPACK_OBJECT_STR ||
	       o->type == MSGPACK_OBJECT_POSITIVE_INTEGER ||
	       o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER;
}

/* The types of all fields; Message.__init__'s defaults for missing ones. */
static enum pycan_drop pycan_types(const msgpack_object *val[PYCAN_KEY_CNT], struct pycan_msg *m)
{
	bool is_rx = true;

	memset(m, 0, sizeof(*m));
	m->eff = true;

	if (!pycan_get_tstamp(val[PYCAN_KEY_TIMESTAMP], &m->tstamp))
		return PYCAN_DROP_WRONG_TYPE;
	if (val[PYCAN_KEY_ARBITRATION_ID] &&
	    !pycan_get_int(val[PYCAN_KEY_ARBITRATION_ID], &m->id, &m->id_neg))
		return PYCAN_DROP_WRONG_TYPE;
	if (!pycan_get_bool(val[PYCAN_KEY_IS_EXTENDED_ID], &m->eff) ||
	    !pycan_get_bool(val[PYCAN_KEY_IS_REMOTE_FRAME], &m->rtr) ||
	    !pycan_get_bool(val[PYCAN_KEY_IS_ERROR_FRAME], &m->err))
		return PYCAN_DROP_WRONG_TYPE;
	if (!pycan_channel_ok(val[PYCAN_KEY_CHANNEL]))
		return PYCAN_DROP_WRONG_TYPE;
	if (val[PYCAN_KEY_DLC] && val[PYCAN_KEY_DLC]->type != MSGPACK_OBJECT_NIL) {
		if (!pycan_get_int(val[PYCAN_KEY_DLC], &m->dlc, &m->dlc_neg))
			return PYCAN_DROP_WRONG_TYPE;
		m->dlc_given = true;
	}
	if (!pycan_get_data(val[PYCAN_KEY_DATA], m))
		return PYCAN_DROP_WRONG_TYPE;
	if (!pycan_get_bool(val[PYCAN_KEY_IS_FD], &m->fd) ||
	    !pycan_get_bool(val[PYCAN_KEY_IS_RX], &is_rx) ||
	    !pycan_get_bool(val[PYCAN_KEY_BITRATE_SWITCH], &m->brs) ||
	    !pycan_get_bool(val[PYCAN_KEY_ERROR_STATE_INDICATOR], &m->esi))
		return PYCAN_DROP_WRONG_TYPE;

	/* Message.__init__: dlc None means len(data), data being empty for a
	 * remote frame; we keep a remote frame's data to refuse it below.
	 */
	if (!m->dlc_given)
		m->dlc = m->rtr ? 0 : m->data_len;
	return PYCAN_DROP_NONE;
}

/* Message._check(), in its order, the timestamp aside: python-can's bus
 * replaces it with the receive time before checking.
 */
static enum pycan_drop pycan_check(const struct pycan_msg *m)
{
	if (m->rtr && (m->err || m->fd))
		return PYCAN_DROP_BAD_FLAGS;
	if (m->id_neg || m->id >= (m->eff ? 0x20000000u : 0x800u))
		return PYCAN_DROP_BAD_ID;
	if (m->dlc_neg || m->dlc > (m->fd ? CANFD_MAX_DLEN : CAN_MAX_DLEN))
		return PYCAN_DROP_DLC_MISMATCH;
	if (m->rtr ? m->data_len != 0 : m->dlc != m->data_len)
		return PYCAN_DROP_DLC_MISMATCH;
	if (!m->fd && (m->brs || m->esi))
		return PYCAN_DROP_BAD_FLAGS;
	return PYCAN_DROP_NONE;
}

/* socketcan's build_can_frame(), as the frame reaches a CAN FD bus. */
static void pycan_frame(const struct pycan_msg *m, struct canfd_frame *cf)
{
	uint32_t i;

	memset(cf, 0, sizeof(*cf));
	cf->can_id = (canid_t)m->id;
	if (m->eff)
		cf->can_id |= CAN_EFF_FLAG;
	if (m->rtr)
		cf->can_id |= CAN_RTR_FLAG;
	if (m->err)
		cf->can_id |= CAN_ERR_FLAG;

	cf->len = (__u8)m->dlc;
	if (m->fd) {
		cf->len = (__u8)pycan_fd_len(cf->len);
		cf->flags = CANFD_FDF | (m->brs ? CANFD_BRS : 0) | (m->esi ? CANFD_ESI : 0);
	}

	/* _check() passed: data_len is dlc <= 64, or 0 for a remote frame */
	if (!m->data_len)
		return;
	if (m->data->type == MSGPACK_OBJECT_BIN)
		memcpy(cf->data, m->data->via.bin.ptr, m->data_len);
	else
		for (i = 0; i < m->data_len; i++)
			cf->data[i] = (__u8)m->data->via.array.ptr[i].via.u64;
}

/*
 * A python-can datagram is a map with string keys. Anything else on the
 * port (another protocol's datagram, say IEEE 1722, whose NTSCF subtype
 * 0x82 happens to read as a msgpack fixmap) is foreign, not malformed.
 * Return false when @p (at least one byte) cannot be one.
 */
static bool pycan_looks_ours(const unsigned char *p, size_t len)
{
	size_t hdr;
	unsigned char k;

	if (p[0] >= 0x80 && p[0] <= 0x8f)
		hdr = 1;
	else if (p[0] == 0xde)
		hdr = 3;
	else if (p[0] == 0xdf)
		hdr = 5;
	else
		return false;

	if (p[0] == 0x80 || len <= hdr)
		return true;	/* empty map, or truncated: not foreign */
	if ((p[0] == 0xde || p[0] == 0xdf) && !memcmp(p + 1, "\0\0\0\0", hdr - 1))
		return true;
	k = p[hdr];
	return (k >= 0xa0 && k <= 0xbf) || (k >= 0xd9 && k <= 0xdb);
}

/*
 * Unpack the map at the start of @p into *@root. @whole: it must be all of
 * @p (a python-can datagram); otherwise (a batch) *@end tells where it
 * ends, or stays 0 when that cannot be known.
 */
static enum pycan_drop pycan_unpack(struct pycan_decoder *dec, const unsigned char *p,
				    size_t len, bool whole, size_t *end, msgpack_object *root)
{
	enum pycan_drop drop;
	size_t off = 0;

	*end = 0;
	if (!len)
		return PYCAN_DROP_TRUNCATED;
	if (!pycan_looks_ours(p, len))
		return PYCAN_DROP_FOREIGN;
	drop = pycan_scan(p, len, end);
	if (drop) {
		*end = 0;
		return drop;
	}
	if (whole && *end != len)
		return PYCAN_DROP_MALFORMED;	/* trailing bytes */

	switch (msgpack_unpack((const char *)p, *end, &off, &dec->zone, root)) {
	case MSGPACK_UNPACK_SUCCESS:
		break;
	case MSGPACK_UNPACK_CONTINUE:
		return PYCAN_DROP_TRUNCATED;	/* pycan_scan() saw it whole */
	default:
		/* The zone holds whatever pycan_scan() lets through, so what
		 * is left to fail is msgpack-c's nesting limit
		 * (MSGPACK_EMBED_STACK_SIZE, 32), which it reports as NOMEM.
		 */
		return PYCAN_DROP_MALFORMED;
	}
	if (root->type != MSGPACK_OBJECT_MAP)
		return PYCAN_DROP_FOREIGN;
	return PYCAN_DROP_NONE;
}

/* The python-can message @map; in a batch (!@whole) it must carry every key. */
static enum pycan_drop pycan_parse(const msgpack_object_map *map, bool whole,
				   struct pycan_msg *m)
{
	const msgpack_object *val[PYCAN_KEY_CNT] = { NULL };
	enum pycan_drop drop;

	drop = pycan_fields(map, val);
	if (drop)
		return drop;
	if (!whole) {
		unsigned int i;

		for (i = 0; i < sizeof(pycan_key_order); i++)
			if (!val[pycan_key_order[i]])
				return PYCAN_DROP_MISSING_KEY;
	}
	drop = pycan_types(val, m);
	if (drop)
		return drop;
	return pycan_check(m);
}

/*
 * Decode the message at the start of @p into @fr. Only with @xl (batches
 * of pycan_decode_batch()) is a CAN XL record one; *@is_xl then tells that
 * it was, valid or not.
 */
static enum pycan_drop pycan_decode_one(struct pycan_decoder *dec, const unsigned char *p,
					size_t len, bool whole, bool xl, size_t *end,
					struct pycan_frame *fr, bool *is_xl, double *tstamp)
{
	struct pycan_msg m;
	enum pycan_drop drop;
	msgpack_object root;

	*is_xl = false;
	drop = pycan_unpack(dec, p, len, whole, end, &root);
	if (!drop && xl && pycan_xl_is(&root.via.map)) {
		*is_xl = true;
		drop = pycan_xl_parse(&root.via.map, &fr->xl, tstamp);
		fr->kind = PYCAN_CANXL;
	} else if (!drop && xl && pycan_bus_is(&root.via.map)) {
		drop = pycan_bus_parse(&root.via.map, &fr->bus);
		fr->kind = PYCAN_BUS;
		if (tstamp)
			*tstamp = 0;
		msgpack_zone_clear(&dec->zone);
		return drop;
	} else if (!drop) {
		drop = pycan_parse(&root.via.map, whole, &m);
	}
	if (!drop && !*is_xl) {
		pycan_frame(&m, &fr->cf);
		fr->kind = m.fd ? PYCAN_CANFD : PYCAN_CAN;
		if (tstamp)
			*tstamp = m.tstamp;
	}
	/* Objects point into @p: forget them; the first chunk stays. */
	msgpack_zone_clear(&dec->zone);
	return drop;
}

/* The CAN or CAN FD frame of @fr into @cf, @fd: what the older calls give. */
static void pycan_frame_out(const struct pycan_frame *fr, struct canfd_frame *cf, bool *fd)
{
	*cf = fr->cf;
	*fd = fr->kind == PYCAN_CANFD;
}

enum pycan_drop pycan_decode(struct pycan_decoder *dec, const void *buf, size_t len,
			     struct canfd_frame *cf, bool *fd, double *tstamp)
{
	struct pycan_frame fr;
	enum pycan_drop drop;
	size_t end;
	bool is_xl;

	if (len > PYCAN_DGRAM_MAX)
		return PYCAN_DROP_OVERSIZE;
	drop = pycan_decode_one(dec, buf, len, true, false, &end, &fr, &is_xl, tstamp);
	if (!drop)
		pycan_frame_out(&fr, cf, fd);
	return drop;
}

enum pycan_drop pycan_decode_next(struct pycan_decoder *dec, const void *buf, size_t len,
				  size_t *off, struct canfd_frame *cf, bool *fd, double *tstamp)
{
	struct pycan_frame fr;
	enum pycan_drop drop;
	size_t end;
	bool is_xl;

	if (len > PYCAN_BATCH_MAX) {
		*off = len;
		return PYCAN_DROP_OVERSIZE;
	}
	if (*off >= len) {
		*off = len;
		return PYCAN_DROP_TRUNCATED;
	}
	drop = pycan_decode_one(dec, (const unsigned char *)buf + *off, len - *off, false, false,
				&end, &fr, &is_xl, tstamp);
	if (!drop)
		pycan_frame_out(&fr, cf, fd);
	/* A message whose end is unknown takes the rest of the datagram. */
	*off = end ? *off + end : len;
	return drop;
}

enum pycan_drop pycan_decode_batch(struct pycan_decoder *dec, const void *buf, size_t len,
				   size_t *off, struct pycan_frame *fr, double *tstamp)
{
	enum pycan_drop drop;
	size_t start = *off, end;
	bool is_xl;

	if (len > PYCAN_XL_DGRAM_MAX) {
		*off = len;
		return PYCAN_DROP_OVERSIZE;
	}
	if (start >= len) {
		*off = len;
		return PYCAN_DROP_TRUNCATED;
	}
	drop = pycan_decode_one(dec, (const unsigned char *)buf + start, len - start, false, true,
				&end, fr, &is_xl, tstamp);
	*off = end ? start + end : len;
	/* Longer than a batch: one XL record alone (pycan.h) */
	if (len > PYCAN_BATCH_MAX && (!is_xl || start || *off != len)) {
		*off = len;
		return PYCAN_DROP_OVERSIZE;
	}
	return drop;
}
