// SPDX-License-Identifier: GPL-2.0
/*
 * Our own datagrams, by content; see own.h. A 64-bit FNV-1a hash stands
 * for a datagram: a forger who can reproduce a datagram we sent gains
 * nothing, it is dropped like our own.
 */
#include <ifaddrs.h>
#include <string.h>
#include <netinet/in.h>

#include "loop.h"
#include "own.h"

static uint64_t own_hash(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;	/* 0: an entry taken back */
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
		if (o->hash[i % OWN_RING] != h)
			continue;
		o->hash[i % OWN_RING] = 0;
		if (i - o->tail > OWN_REORDER)
			o->tail = i - OWN_REORDER;
		while (o->tail != o->head && !o->hash[o->tail % OWN_RING])
			o->tail++;
		return true;
	}
	return false;
}

/* The host's addresses, one table for every link: the daemon serves one
 * network namespace.
 */
static struct {
	int64_t asked_ms;
	bool valid;
	unsigned int n;
	struct sockaddr_storage addr[OWN_ADDRS_MAX];
} host;

static void host_addrs_ask(int64_t now)
{
	struct ifaddrs *ifa, *i;
	size_t len;

	host.asked_ms = now;
	host.n = 0;
	host.valid = !getifaddrs(&ifa);
	if (!host.valid)
		return;
	for (i = ifa; i && host.n < OWN_ADDRS_MAX; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			len = sizeof(struct sockaddr_in);
		else if (i->ifa_addr->sa_family == AF_INET6)
			len = sizeof(struct sockaddr_in6);
		else
			continue;
		memcpy(&host.addr[host.n++], i->ifa_addr, len);
	}
	freeifaddrs(ifa);
}

static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		       &((const struct sockaddr_in6 *)b)->sin6_addr, sizeof(struct in6_addr));
}

static bool host_has(const struct sockaddr_storage *ss)
{
	unsigned int i;

	for (i = 0; i < host.n; i++)
		if (same_addr(&host.addr[i], ss))
			return true;
	return false;
}

bool own_addr(const struct sockaddr_storage *ss)
{
	int64_t now = now_ms();

	if (ss->ss_family == AF_INET &&
	    ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY))
		return true;
	if (ss->ss_family == AF_INET6 &&
	    IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr))
		return true;
	if (ss->ss_family != AF_INET && ss->ss_family != AF_INET6)
		return false;
	if (!host.valid || now - host.asked_ms >= OWN_ADDRS_MS)
		host_addrs_ask(now);
	if (host_has(ss))
		return true;
	if (now - host.asked_ms < OWN_ADDRS_MISS_MS)
		return false;
	host_addrs_ask(now);
	return host_has(ss);
}
