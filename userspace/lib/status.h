/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where vcanmcd answers "vcanmc status", and what it says.
 *
 * The socket is VCANMC_RUN_DIR/net-<inode>.sock, <inode> being that of the
 * daemon's network namespace (/proc/self/ns/net), so that a client in the
 * same namespace finds it whatever the namespace is called. A client
 * connects and reads to the end; it sends nothing.
 *
 * The answer is text, one "key=value" per line:
 *
 *   version=1
 *   link=NAME           starts a link; then, for it:
 *     ifindex=N  group=ADDR  port=N  ttl=N  dev_index=N  encap=NAME
 *     mcast_loop=0|1
 *     attached=0|1  reason=TEXT (why not attached, empty if attached)
 *     source_port=N       the UDP port the daemon sends from (attached)
 *     KEY=N               one line per counter of vcanmc_stat_keys[]
 *     drop=REASON N       one line per drop reason
 *     bus_differs=N       a batching link (python-can-batch, norm): peers
 *                         whose bus records lately named another bus
 *     bus_conflicts=N     the records that did, so far
 *     bus_records_in=N  bus_records_out=N   bus records taken, sent
 *     peer=ADDR:PORT      starts a sender heard from; then, for it:
 *       peer_frames=N  peer_drops=N  peer_idle_ms=N
 *       and for a NORM sender (encap norm):
 *       peer_node=HEX  peer_lost=N  peer_repairs=N  peer_duplicates=N
 *       peer_late_joins=N  peer_restarts=N
 *       and for one that sent bus records (pycan.h), its last:
 *       peer_bitrate=N  peer_dbitrate=N  peer_xlbitrate=N
 *       peer_bus=differs (another bus, now or in the last
 *       FWD_BUS_STALE_MS), unheard (a UDP peer's record older than that)
 *       or same
 *   end=1               the answer is complete
 *
 * Unknown keys are to be ignored: new ones may be added.
 */
#ifndef VCANMC_LIB_STATUS_H
#define VCANMC_LIB_STATUS_H

#include <stddef.h>

#define VCANMC_RUN_DIR		"/run/vcanmc"
#define VCANMC_STATUS_VERSION	1

/* The counters of a link, in the order "vcanmc status" shows them */
enum vcanmc_stat {
	VCANMC_STAT_FRAMES_OUT,		/* local frames read from the link */
	VCANMC_STAT_DATAGRAMS_OUT,	/* datagrams sent to the group */
	VCANMC_STAT_DATAGRAMS_IN,	/* datagrams received from other senders */
	VCANMC_STAT_FRAMES_IN,		/* frames delivered into the link */
	VCANMC_STAT_OWN,		/* own datagrams back through multicast
					 * loopback, ignored
					 */
	VCANMC_STAT_CAN_OVERFLOW,	/* frames the kernel's queue towards the
					 * daemon dropped: it was full
					 */
	VCANMC_STAT_UDP_OVERFLOW,	/* datagrams the kernel dropped: the UDP
					 * socket was full
					 */
	VCANMC_STAT_BACKOFFS,		/* times sending paused: the network's
					 * queue was full (ENOBUFS)
					 */
	VCANMC_STAT_SEND_ERRORS,	/* sends an ICMP error (or another
					 * passing error) failed, then retried
					 */
	VCANMC_STAT_REROUTES,		/* dev any: times the route to the group
					 * moved to another interface and the
					 * daemon joined the group there
					 */
	__VCANMC_STAT_CNT
};

#define VCANMC_STAT_CNT __VCANMC_STAT_CNT

struct vcanmc_stat_key {
	const char *key;	/* in the status socket's answer */
	const char *json;	/* in "vcanmc status -j" */
	const char *text;	/* in "vcanmc status": the words before it */
	int line;		/* in "vcanmc status": counters of a line */
};

/* Indexed by enum vcanmc_stat; shared by the daemon and the CLI. */
extern const struct vcanmc_stat_key vcanmc_stat_keys[VCANMC_STAT_CNT];

/* The counter a status key names, or -1. */
int vcanmc_stat_find(const char *key);

/* The status socket of the current network namespace. 0 or -errno. */
int vcanmc_status_path(char *buf, size_t len);

#endif /* VCANMC_LIB_STATUS_H */
