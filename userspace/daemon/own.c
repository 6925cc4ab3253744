// SPDX-License-Identifier: GPL-2.0
/*
 * Our own datagrams, by content; see own.h. A 64-bit FNV-1a hash stands
 * for a datagram: a forger who can reproduce a datagram we sent gains
 * nothing, it is dropped like our own.
 */
#include <string.h>

#include "own.h"

static uint64_t own_hash(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void own_reset(struct own *o)
{
	o->head = o->tail = 0;
}

void own_sent(struct own *o, const void *buf, size_t len)
{
	if (o->head - o->tail == OWN_RING)
		o->tail++;
	o->hash[o->head++ % OWN_RING] = own_hash(buf, len);
}

bool own_take(struct own *o, const void *buf, size_t len)
{
	uint64_t h = own_hash(buf, len);
	unsigned int i;

	for (i = o->tail; i != o->head; i++) {
		if (o->hash[i % OWN_RING] == h) {
			o->tail = i + 1;
			return true;
		}
	}
	return false;
}
