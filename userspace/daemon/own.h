/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The datagrams a link sent lately, so that those of them multicast
 * loopback brings back are told from datagrams that only claim to come
 * from the link's own address and port: anyone on the network can forge
 * those.
 */
#ifndef VCANMCD_OWN_H
#define VCANMCD_OWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Datagrams remembered: more than the receive queue holds of our own */
#define OWN_RING	16384

struct own {
	uint64_t hash[OWN_RING];
	unsigned int head, tail;	/* free-running; tail..head remembered */
};

void own_reset(struct own *o);
/* Remember a datagram sent. */
void own_sent(struct own *o, const void *buf, size_t len);
/* Was @buf sent by us, and not yet taken back? Loopback keeps the order in
 * which they were sent, so those sent before it are forgotten too (lost in
 * a full receive queue).
 */
bool own_take(struct own *o, const void *buf, size_t len);

/* Is @ss (its address; the port is not looked at) one of this host's
 * addresses, the unspecified one included (a socket sends from it while
 * its interface has no address)? Only a datagram from one of them can be
 * ours: another host may send from the same port number. The addresses
 * are asked for again after at most OWN_ADDRS_MS, or OWN_ADDRS_MISS_MS
 * when one is not found (it may be new).
 */
bool own_addr(const struct sockaddr_storage *ss);

#define OWN_ADDRS_MAX		256
#define OWN_ADDRS_MS		1000
#define OWN_ADDRS_MISS_MS	100

#endif /* VCANMCD_OWN_H */
