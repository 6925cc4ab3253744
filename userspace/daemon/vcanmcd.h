/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vcanmcd: joins the vcanmc links of one network namespace to their UDP
 * multicast groups. Declarations shared by the daemon's files.
 */
#ifndef VCANMCD_H
#define VCANMCD_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/can.h>

#include "link.h"
#include "loop.h"
#include "peers.h"
#include "pycan.h"

/* Frames moved per system call, and datagrams per recvmmsg/sendmmsg. */
#define VCANMCD_BATCH		64
/* Batches one link may move per wakeup before others get their turn. */
#define VCANMCD_BUDGET		8
/* Socket buffers: a burst of a few thousand frames must fit. */
#define VCANMCD_SOCKBUF		(4 << 20)

/* Why a frame or datagram did not make it, beyond the codec's reasons */
enum vcanmcd_drop {
	VCANMCD_DROP_CANXL = PYCAN_DROP_CNT,	/* "canxl": not in python-can's format */
	VCANMCD_DROP_FD_ON_CLASSIC,		/* "fd-on-classic": link MTU is CAN_MTU */
	VCANMCD_DROP_SEND,			/* "send-error": the datagram failed */
	VCANMCD_DROP_INJECT,			/* "inject-error": the frame failed */
	VCANMCD_DROP_ENCODE,			/* "unencodable": python-can would refuse it */
	__VCANMCD_DROP_CNT
};

#define VCANMCD_DROP_CNT __VCANMCD_DROP_CNT

const char *vcanmcd_drop_name(unsigned int drop);

struct link_stats {
	uint64_t can_rx;		/* local frames read from the link */
	uint64_t udp_tx;		/* datagrams sent to the group */
	uint64_t udp_rx;		/* datagrams received from others */
	uint64_t can_tx;		/* frames written into the link */
	uint64_t own;			/* own datagrams looped back, ignored */
	uint64_t drop[VCANMCD_DROP_CNT];/* index: enum pycan_drop/vcanmcd_drop */
	uint32_t can_ovfl;		/* SO_RXQ_OVFL: frames the kernel dropped */
	uint32_t udp_ovfl;		/* SO_RXQ_OVFL: datagrams the kernel dropped */
};

/* Messages of a batch waiting for their socket to take them, forward.c */
struct pending {
	struct iovec iov[VCANMCD_BATCH];
	unsigned int n, done;
};

/* One vcanmc device of the namespace and, when attached, its sockets. */
struct vlink {
	struct vlink *next;
	struct vcanmcd *d;
	struct vcanmc_link nl;		/* as rtnetlink last reported it */
	unsigned int gen;		/* dump in which it was last seen */

	bool attached;
	char why[96];			/* why not attached, "" if it is */
	int can_fd, rx_fd, tx_fd;
	struct ev can_ev, rx_ev, tx_ev;
	/* Our sending socket's address: datagrams from it are our own. */
	struct sockaddr_storage self;
	socklen_t self_len;
	int family;

	/* CAN -> UDP datagrams the UDP socket could not take yet, encoded
	 * back to back
	 */
	uint8_t out_buf[VCANMCD_BATCH * PYCAN_ENC_MAX];
	struct pending out;
	/* UDP -> CAN frames the CAN socket could not take yet */
	struct canfd_frame in_frame[VCANMCD_BATCH];
	bool in_fd[VCANMCD_BATCH];
	struct pending in;
	/* and the rest of a batch datagram they came from */
	struct {
		uint8_t buf[PYCAN_DGRAM_MAX];
		size_t len;
		struct sockaddr_storage src;
		socklen_t srclen;
	} rest;

	struct link_stats stats;
	struct peers peers;
};

struct vcanmcd {
	struct loop loop;
	struct nl_sock *req;		/* requests: dumps, operstate */
	struct nl_sock *mon;		/* RTNLGRP_LINK notifications */
	struct ev mon_ev;
	bool resync;			/* notifications lost: dump again */
	struct vlink *links;
	struct vlink *dead;		/* removed, freed after the events */
	unsigned int gen;		/* of the current full dump */
	struct pycan_decoder *dec;
	int status_fd;
	struct ev status_ev;
	char status_path[108];
	bool quit;
};

/* monitor.c */
int monitor_init(struct vcanmcd *d);
void monitor_uninit(struct vcanmcd *d);
int monitor_dump(struct vcanmcd *d);
int monitor_set_operstate(struct vcanmcd *d, int ifindex, uint8_t state);

/* vlink.c */
void vlink_update(struct vcanmcd *d, const struct vcanmc_link *nl);
void vlink_remove(struct vcanmcd *d, int ifindex);
void vlink_retry(struct vcanmcd *d);
void vlink_addr_gone(struct vcanmcd *d, int family, const void *addr, size_t len);
void vlink_reattach_all(struct vcanmcd *d);
void vlink_remove_all(struct vcanmcd *d);
void vlink_reap(struct vcanmcd *d);
void vlink_sweep(struct vcanmcd *d, unsigned int gen);
struct vlink *vlink_find(struct vcanmcd *d, int ifindex);

/* sockets.c */
int sock_can_open(const struct vlink *l, char *why, size_t len);
int sock_udp_open(struct vlink *l, char *why, size_t len);

/* forward.c */
void forward_can(struct ev *ev, uint32_t events);
void forward_rx(struct ev *ev, uint32_t events);
void forward_tx(struct ev *ev, uint32_t events);
void forward_rearm(struct vcanmcd *d, struct vlink *l);

/* status.c */
int status_init(struct vcanmcd *d);
void status_uninit(struct vcanmcd *d);

#endif /* VCANMCD_H */
