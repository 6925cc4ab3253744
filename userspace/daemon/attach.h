/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a link is attached with: its /dev/vcanmc file, bound to the vcanmc
 * device, and the UDP sockets of its group.
 */
#ifndef VCANMCD_ATTACH_H
#define VCANMCD_ATTACH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "link.h"

#define ATTACH_DEV_PATH		"/dev/" VCANMC_DEV_NAME
/* Socket buffers: a burst of a few thousand frames must fit. */
#define ATTACH_SOCKBUF		(4 << 20)
/* Frames the kernel queues towards the daemon per link */
#define ATTACH_QUEUE_LEN	4096

struct udp_socks {
	int rx_fd;			/* bound to group:port, joined */
	int join_ifindex;		/* where: the underlay, or the route's; 0 if it is gone */
	int tx_fd;			/* sends to group:port, unconnected */
	struct sockaddr_storage group;	/* group:port */
	socklen_t group_len;
	/* The sending socket's address: its port is ours alone. */
	struct sockaddr_storage self;
	socklen_t self_len;
};

/* A /dev/vcanmc file attached to device @ifindex with VCANMC_ATTACH_F_*
 * @flags: the fd or -errno, with the reason in @why.
 */
int attach_dev(int ifindex, uint32_t flags, char *why, size_t len);
/* The same, as the helper that drives the timeline of a link of order
 * global, as member @member (not 0)
 */
int attach_dev_tl(int ifindex, uint32_t member, char *why, size_t len);
/* Frames the kernel dropped for the file @fd so far; 0 if it cannot tell. */
uint64_t attach_dev_overflows(int fd);

/* The sockets for @cfg, into @u. 0 or -errno, with the reason in @why. */
int attach_udp(const struct vcanmc_cfg *cfg, struct udp_socks *u, char *why, size_t len);
/* Moves @u's membership of @cfg's group to interface @ifindex, on the same
 * socket. 0 or -errno; on failure it stays where it was.
 */
int attach_udp_rejoin(const struct vcanmc_cfg *cfg, struct udp_socks *u, int ifindex);
/* The interface @u's membership is on was deleted: drops it. */
void attach_udp_gone(const struct vcanmc_cfg *cfg, struct udp_socks *u);
void attach_udp_close(struct udp_socks *u);
/* Whether @cfg's datagrams come back to this host (IP_MULTICAST_LOOP) */
bool attach_mcast_loop(const struct vcanmc_cfg *cfg);
/* The port @u sends from, which nobody else on this host sends from */
unsigned int attach_udp_port(const struct udp_socks *u);

#endif /* VCANMCD_ATTACH_H */
