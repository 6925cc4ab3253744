/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The status socket's answer (format: lib/status.h), read into memory. The
 * answer crosses a trust boundary (anyone able to bind the socket path
 * could answer), so the parser takes any bytes: fuzz/fuzz_status.c.
 */
#ifndef VCANMC_CLI_STATUS_PARSE_H
#define VCANMC_CLI_STATUS_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define DROPS_MAX	64
/* vcanmcd's TLMSG_ACKS_MAX: members of a timeline */
#define ST_CLOCKS_MAX	16

struct st_peer {
	char addr[64];
	unsigned long long frames, drops, idle_ms;
	/* A NORM sender (encap norm) */
	bool norm;
	char node[16];
	unsigned long long lost, repairs, duplicates, late_joins, restarts;
	/* An IEEE 1722 talker (encap ieee1722): its stream id, and PDUs
	 * its sequence numbers say came late (lost, duplicates and
	 * restarts above count PDUs then)
	 */
	bool avtp;
	char stream[24];
	unsigned long long reordered;
	/* The bus it says it emulates (encap python-can-batch, norm):
	 * bus is "same", "differs" or "unheard" (not lately), empty if it
	 * never said
	 */
	char bus[16];
	unsigned long long bitrate, dbitrate, xlbitrate;
};

struct st_link {
	char name[32], group[64], encap[32], reason[128];
	unsigned long long ifindex, port, ttl, dev_index, attached, mcast_loop;
	unsigned long long source_port, unicast_peers, peers_only;
	/* encap ieee1722: "udp" or "ethernet" (empty for other encaps), the
	 * stream id in use while attached
	 */
	char transport[16], dest_mac[24], stream_id[24];
	unsigned long long bus_id;
	/* Batching links: peers whose bus differs now, records that said
	 * so, records taken and sent; has_bus when the daemon told them
	 */
	bool has_bus;
	unsigned long long bus_differs, bus_conflicts, bus_records_in, bus_records_out;
	/* "local" or "global"; of order global, the timeline (vcanmcd's
	 * fwd_tl.h) when the daemon told it: its state, why it waits or
	 * broke, this host's member id, the other members as "ID STATE"
	 */
	char order[8];
	bool has_timeline, has_frontier;
	char tl_state[16], tl_why[128], tl_member[12], tl_peers[512];
	unsigned long long tl_members, tl_want, tl_frontier, tl_sent, tl_hb_out, tl_hb_in;
	unsigned long long tl_waiting, tl_refused;
	/* The digest of the last point passed ("lost" when it is), the
	 * others' digests that were the same and that differed, the member
	 * and point of the last that did
	 */
	bool has_digest_at, has_differs;
	char tl_digest[20], tl_differs_member[12];
	unsigned long long tl_digest_at, tl_digest_frames, tl_digests_same, tl_digests_differ;
	unsigned long long tl_differs_at, tl_digests_same_frames;
	/* Each other member's clock against this host's (ns): its offset
	 * and round trip; clock samples refused; the release delay of the
	 * others' frames
	 */
	struct {
		char member[12];
		long long offset, rtt;
	} tl_clock[ST_CLOCKS_MAX];
	unsigned int tl_nclock;
	unsigned long long tl_clock_refused;
	bool has_delay;
	unsigned long long tl_delay_frames;
	long long tl_delay_p50, tl_delay_p99, tl_delay_max;
	unsigned long long stat[VCANMC_STAT_CNT];
	struct {
		char name[32];
		unsigned long long n;
	} drop[DROPS_MAX];
	unsigned int ndrops;
	struct st_peer *peers;
	size_t npeers, peers_cap;
};

struct st {
	struct st_link *links;
	size_t nlinks, cap;
	bool complete;
};

/* Parses the NUL-terminated @answer, which it modifies, into @st (zeroed
 * by the caller): 0, -EPROTO when it lacks its end line, -ENOMEM.
 * status_parse_free() in any case.
 */
int status_parse(struct st *st, char *answer);
void status_parse_free(struct st *st);

#endif /* VCANMC_CLI_STATUS_PARSE_H */
