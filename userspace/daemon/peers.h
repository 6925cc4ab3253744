/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hosts a link has heard from: source address (an IP address and
 * port, or over Ethernet a MAC address), frames, drops, when last.
 * Bounded: when full, the peer heard from longest ago makes room.
 */
#ifndef VCANMCD_PEERS_H
#define VCANMCD_PEERS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "avtp.h"
#include "pycan.h"

#define PEERS_MAX 64

struct peer {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	uint64_t frames;
	uint64_t drops;
	int64_t last_ms;	/* CLOCK_MONOTONIC */
	/* The bus it says it emulates (fwd_bus.h), when last said; when it
	 * last named another than ours; what the log told of it
	 */
	bool bus_known, bus_differed, bus_told;
	struct pycan_bus bus;
	int64_t bus_ms, bus_differ_ms;
	struct pycan_bus told_theirs, told_ours;
	/* Encapsulation norm (norm.c): a NORM sender */
	bool norm;
	uint32_t node_id;
	uint64_t lost;		/* frames in gaps it could no longer repair */
	uint64_t repairs;	/* repair packets it sent that came here */
	uint64_t dups;		/* frames delivered before, dropped */
	uint64_t late_joins;	/* times this host joined its stream late */
	uint64_t restarts;	/* times a new node id came from its address */
	/* Encapsulation ieee1722 (fwd_avtp.c): a talker, its stream, the
	 * sequence numbers of its PDUs and the CAN XL frame it is sending
	 */
	bool avtp;
	uint64_t stream_id;
	struct avtp_seq seq;
	struct avtp_xl_rx xl;
};

struct peers {
	struct peer v[PEERS_MAX];
	unsigned int n;
	unsigned int last;	/* index of the last peer found: bursts repeat */
};

/* The entry for @addr, created if need be; never NULL. */
struct peer *peers_get(struct peers *p, const struct sockaddr_storage *addr,
		       socklen_t len, int64_t now);
/* Who keeps a place (peers_take()) */
struct peers_keep {
	int64_t ms;		/* one heard within this long */
	/* entries of one host (the same address, whatever the port or what
	 * follows it) ... */
	bool (*same_host)(const struct sockaddr_storage *a, const struct sockaddr_storage *b);
	unsigned int per_host;	/* ... hold this many places at most */
};

/* The same, but a new entry takes only a place of one heard keep->ms ago
 * or earlier (the least lately heard), or a free one: among its host's
 * own if they hold keep->per_host, else among all. NULL if there is none.
 * @keep NULL: as peers_get().
 */
struct peer *peers_take(struct peers *p, const struct sockaddr_storage *addr,
			socklen_t len, int64_t now, const struct peers_keep *keep);
void peers_clear(struct peers *p);
/* Forgets the entry for @addr, if there is one. */
void peers_forget(struct peers *p, const struct sockaddr_storage *addr, socklen_t len);

#endif /* VCANMCD_PEERS_H */
