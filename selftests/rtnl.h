/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal rtnetlink client for the selftests. Deliberately independent of
 * the userspace tools so that a bug there cannot hide one in the driver, and
 * raw enough to send attributes the tools would never produce.
 */

#ifndef _VCANMC_SELFTEST_RTNL_H
#define _VCANMC_SELFTEST_RTNL_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/vcanmc.h>

struct rtnl {
	int fd;
	unsigned int seq;
	char extack[256];	/* text of the last refusal, "" if none */
	int extack_attr;	/* type of the attribute it names, -1 if none */
};

/* One attribute of IFLA_INFO_DATA, possibly malformed on purpose. */
struct vattr {
	int type;
	int len;
	const void *data;
};

#define VATTR(t, v) ((struct vattr){ .type = (t), .len = sizeof(v), .data = &(v) })

struct link_info {
	int ifindex;
	unsigned int flags;
	unsigned short type;
	unsigned int mtu;
	uint8_t operstate;
	uint8_t linkmode;
	char kind[32];
	struct rtnl_link_stats64 stats;
	bool has[IFLA_VCANMC_MAX + 1];
	struct in_addr group;
	struct in6_addr group6;
	uint16_t port;
	uint8_t ttl;
	uint32_t link;
	uint32_t encap;
	uint8_t mcast_loop;
	uint32_t bitrate, dbitrate, xlbitrate;
	uint8_t rx_err_frames;
	/* one more than allowed, to see a report of too many */
	struct vcanmc_peer peers[VCANMC_PEERS_MAX + 1];
	int peers_len;		/* bytes of IFLA_VCANMC_PEERS */
	uint8_t peers_only;
	uint64_t stream_id;
	uint16_t bus_id;
	uint8_t transport;
	uint8_t dest_mac[6];
	int dest_mac_len;	/* bytes of IFLA_VCANMC_DEST_MAC */
	uint8_t order;
};

int rtnl_open(struct rtnl *nl);
void rtnl_close(struct rtnl *nl);

int vmc_create(struct rtnl *nl, const char *name, const struct vattr *attrs, int n);
int vmc_change(struct rtnl *nl, const char *name, const struct vattr *attrs, int n);
/* RTM_NEWLINK with IFLA_MTU @mtu (0: none) beside the vcanmc attributes */
int vmc_newlink_mtu(struct rtnl *nl, const char *name, bool create, unsigned int mtu,
		    const struct vattr *attrs, int n);
int link_create_kind(struct rtnl *nl, const char *name, const char *kind);
int link_create_kind_index(struct rtnl *nl, const char *name, const char *kind, int ifindex);
int vmc_change_two_data(struct rtnl *nl, const char *name, const struct vattr *a,
			const struct vattr *b);
int link_del(struct rtnl *nl, const char *name);
int link_set_up(struct rtnl *nl, const char *name, bool up);
int link_set_mtu(struct rtnl *nl, const char *name, unsigned int mtu);
int link_set_operstate(struct rtnl *nl, const char *name, uint8_t state);
int link_set_netns(struct rtnl *nl, const char *name, int netns_fd);
int link_get(struct rtnl *nl, const char *name, struct link_info *li);
int link_wait_operstate(struct rtnl *nl, const char *name, uint8_t state, int timeout_ms);

int rtnl_monitor_open(void);
/* Waits for an RTM_NEWLINK about @ifindex; 0 when one came, -ETIMEDOUT. */
int rtnl_monitor_wait(int fd, int ifindex, int timeout_ms, struct link_info *li);
/* The RTM_NEWLINK messages about @ifindex that come within @window_ms */
int rtnl_monitor_count(int fd, int ifindex, int window_ms);

#endif /* _VCANMC_SELFTEST_RTNL_H */
