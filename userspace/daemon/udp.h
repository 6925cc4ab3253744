/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UDP transport (transport.h): each message a datagram to the group,
 * as python-can's udp_multicast sends them, in batches (sendmmsg, with
 * UDP_SEGMENT runs) and received in batches (recvmmsg, UDP_GRO).
 */
#ifndef VCANMCD_UDP_H
#define VCANMCD_UDP_H

#include "transport.h"

/* Opens @cfg's sockets for @f. 0 or -errno, the reason in @why. */
int udp_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
	     char *why, size_t len);
/* A transport on the sockets @u (it owns them now): messages are runs
 * of batch maps if @batch; our datagrams come back to us if @loops_back.
 * NULL if out of memory (@u is closed then).
 */
struct transport *udp_transport(struct fwd *f, const struct vcanmc_cfg *cfg,
				const struct udp_socks *u, bool batch, bool loops_back);

#endif /* VCANMCD_UDP_H */
