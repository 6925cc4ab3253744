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
 *     attached=0|1  reason=TEXT (why not attached, empty if attached)
 *     can_rx=N            local frames read from the link
 *     udp_tx=N            datagrams sent to the group
 *     udp_rx=N            datagrams received from other senders
 *     can_tx=N            frames written into the link
 *     own=N               own datagrams back through multicast loopback,
 *                         ignored
 *     can_overflow=N      frames the kernel dropped: CAN socket full
 *     udp_overflow=N      datagrams the kernel dropped: UDP socket full
 *     drop=REASON N       one line per drop reason
 *     peer=ADDR:PORT      starts a sender heard from; then, for it:
 *       peer_frames=N  peer_drops=N  peer_idle_ms=N
 *   end=1               the answer is complete
 *
 * Unknown keys are to be ignored: new ones may be added.
 */
#ifndef VCANMC_LIB_STATUS_H
#define VCANMC_LIB_STATUS_H

#include <stddef.h>

#define VCANMC_RUN_DIR		"/run/vcanmc"
#define VCANMC_STATUS_VERSION	1

/* The status socket of the current network namespace. 0 or -errno. */
int vcanmc_status_path(char *buf, size_t len);

#endif /* VCANMC_LIB_STATUS_H */
