// SPDX-License-Identifier: GPL-2.0
/*
 * A bounds-only walk over msgpack, run before msgpack-c builds objects.
 *
 * No recursion and no stack: @pending counts the objects still to read.
 * Each step consumes at least one byte, so the walk ends within @len
 * steps whatever the input, and since every pending object needs at least
 * one more byte, "pending <= bytes left" holds throughout.
 */
#include <stdint.h>

#include "pycan_scan.h"

static uint32_t pycan_be(const unsigned char *p, unsigned int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/*
 * What follows the type byte @b: @hdr bytes of length or count field,
 * then @fixed bytes; a length field counts payload bytes (@skip), a count
 * field objects (@objs, doubled for maps).
 */
struct pycan_tok {
	unsigned char hdr;
	unsigned char fixed;
	unsigned char objs;	/* 0: length field, 1: array, 2: map */
};

static const struct pycan_tok pycan_toks[0x20] = {
	/* 0xc0 nil, 0xc1 never used, 0xc2 false, 0xc3 true */
	[0x04] = { 1, 0, 0 },	/* bin 8 */
	[0x05] = { 2, 0, 0 },	/* bin 16 */
	[0x06] = { 4, 0, 0 },	/* bin 32 */
	[0x07] = { 1, 1, 0 },	/* ext 8: length, type */
	[0x08] = { 2, 1, 0 },	/* ext 16 */
	[0x09] = { 4, 1, 0 },	/* ext 32 */
	[0x0a] = { 0, 4, 0 },	/* float 32 */
	[0x0b] = { 0, 8, 0 },	/* float 64 */
	[0x0c] = { 0, 1, 0 },	/* uint 8 */
	[0x0d] = { 0, 2, 0 },	/* uint 16 */
	[0x0e] = { 0, 4, 0 },	/* uint 32 */
	[0x0f] = { 0, 8, 0 },	/* uint 64 */
	[0x10] = { 0, 1, 0 },	/* int 8 */
	[0x11] = { 0, 2, 0 },	/* int 16 */
	[0x12] = { 0, 4, 0 },	/* int 32 */
	[0x13] = { 0, 8, 0 },	/* int 64 */
	[0x14] = { 0, 2, 0 },	/* fixext 1: type, data */
	[0x15] = { 0, 3, 0 },	/* fixext 2 */
	[0x16] = { 0, 5, 0 },	/* fixext 4 */
	[0x17] = { 0, 9, 0 },	/* fixext 8 */
	[0x18] = { 0, 17, 0 },	/* fixext 16 */
	[0x19] = { 1, 0, 0 },	/* str 8 */
	[0x1a] = { 2, 0, 0 },	/* str 16 */
	[0x1b] = { 4, 0, 0 },	/* str 32 */
	[0x1c] = { 2, 0, 1 },	/* array 16 */
	[0x1d] = { 4, 0, 1 },	/* array 32 */
	[0x1e] = { 2, 0, 2 },	/* map 16 */
	[0x1f] = { 4, 0, 2 },	/* map 32 */
};

enum pycan_drop pycan_scan(const unsigned char *p, size_t len, size_t *end)
{
	size_t pending = 1;
	size_t off = 0;

	while (pending) {
		uint64_t skip = 0, objs = 0;
		unsigned char b;

		if (off >= len)
			return PYCAN_DROP_TRUNCATED;
		b = p[off++];
		pending--;

		if (b == 0xc1)
			return PYCAN_DROP_MALFORMED;

		/* Nothing follows fixints, nil and bools. */
		if (b >= 0x80 && b <= 0x8f) {
			objs = 2 * (uint64_t)(b & 0x0f);	/* fixmap */
		} else if (b >= 0x90 && b <= 0x9f) {
			objs = b & 0x0f;			/* fixarray */
		} else if (b >= 0xa0 && b <= 0xbf) {
			skip = b & 0x1f;			/* fixstr */
		} else if (b >= 0xc4 && b <= 0xdf) {
			const struct pycan_tok *tok = &pycan_toks[b - 0xc0];
			uint64_t field;

			if (tok->hdr > len - off - pending)
				return PYCAN_DROP_TRUNCATED;
			field = pycan_be(p + off, tok->hdr);
			off += tok->hdr;
			skip = tok->fixed;
			if (tok->objs)
				objs = tok->objs * field;
			else
				skip += field;
		}

		/* The objects still pending need a byte each at least. */
		if (skip + objs > len - off - pending)
			return PYCAN_DROP_TRUNCATED;
		off += skip;
		pending += objs;
	}
	*end = off;
	return PYCAN_DROP_NONE;
}
