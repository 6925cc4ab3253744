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
/* Datagrams that loopback may bring back before one sent earlier: one
 * send of UDP_SEGMENT is up to 64 of them, and a backlog holds many
 */
#define OWN_REORDER	1024

struct own {
	uint64_t hash[OWN_RING];
	unsigned int head, tail;	/* free-running; tail..head remembered */
};

void own_reset(struct own *o);
/* Remember a datagram sent. */
void own_sent(struct own *o, const void *buf, size_t len);
/* Was @buf sent by us, and not yet taken back? Loopback keeps the order in
 * which they were sent on one CPU, not across CPUs: the daemon, moved to
 * another CPU between two sends, queues their copies on two CPUs' backlogs,
 * and the second may come back first. So those sent more than OWN_REORDER
 * before it are forgotten (lost in a full receive queue), the others are
 * kept. (Before, all those sent before it were forgotten, and the one
 * overtaken was counted spoofed-own when it came.)
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
