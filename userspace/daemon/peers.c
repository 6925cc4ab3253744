// SPDX-License-Identifier: GPL-2.0
/*
 * Peer table; see peers.h. A linear scan: a bus has a handful of hosts, and
 * the last one found is tried first, since datagrams come in bursts.
 */
#include <string.h>

#include "peers.h"

static int same(const struct peer *e, const struct sockaddr_storage *addr,
		socklen_t len)
{
	return e->addr_len == len && !memcmp(&e->addr, addr, len);
}

struct peer *peers_take(struct peers *p, const struct sockaddr_storage *addr,
			socklen_t len, int64_t now, const struct peers_keep *keep)
{
	unsigned int i, oldest = 0, mine = 0, my_oldest = 0;
	struct peer *e;

	if (len > sizeof(*addr))
		len = sizeof(*addr);
	if (p->n && same(&p->v[p->last], addr, len))
		return &p->v[p->last];

	for (i = 0; i < p->n; i++) {
		if (same(&p->v[i], addr, len)) {
			p->last = i;
			return &p->v[i];
		}
		if (p->v[i].last_ms < p->v[oldest].last_ms)
			oldest = i;
	}
	/* Not found: only now its host's places, not for every datagram */
	for (i = 0; keep && i < p->n; i++) {
		if (keep->same_host(&p->v[i].addr, addr) &&
		    (!mine++ || p->v[i].last_ms < p->v[my_oldest].last_ms))
			my_oldest = i;
	}

	if (keep && mine >= keep->per_host) {
		if (now - p->v[my_oldest].last_ms < keep->ms)
			return NULL;
		i = my_oldest;
	} else if (keep && p->n == PEERS_MAX && now - p->v[oldest].last_ms < keep->ms)
		return NULL;
	else
		i = p->n < PEERS_MAX ? p->n++ : oldest;
	e = &p->v[i];
	memset(e, 0, sizeof(*e));
	memcpy(&e->addr, addr, len);
	e->addr_len = len;
	e->last_ms = now;
	p->last = i;
	return e;
}

struct peer *peers_get(struct peers *p, const struct sockaddr_storage *addr,
		       socklen_t len, int64_t now)
{
	return peers_take(p, addr, len, now, NULL);
}

void peers_clear(struct peers *p)
{
	p->n = 0;
	p->last = 0;
}

void peers_forget(struct peers *p, const struct sockaddr_storage *addr, socklen_t len)
{
	unsigned int i;

	if (len > sizeof(*addr))
		len = sizeof(*addr);
	for (i = 0; i < p->n; i++) {
		if (same(&p->v[i], addr, len)) {
			p->v[i] = p->v[--p->n];
			p->last = 0;
			return;
		}
	}
}
