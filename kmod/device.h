/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_DEVICE_H
#define _VCANMC_DEVICE_H

#include <linux/can/can-ml.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <uapi/linux/vcanmc.h>

#include "bus.h"
#include "timeline.h"

/* The qdisc in front of the bus: what waits beyond VCANMC_BUS_SLOTS */
#define VCANMC_TX_QUEUE_LEN	10
/* Echoes waiting for the device's NAPI poll, at most */
#define VCANMC_ECHO_QUEUE_LEN	2048

struct vcanmc_file;

/* Tunnel settings. The kernel only stores them for the helper; they are
 * written and read under RTNL.
 */
struct vcanmc_cfg {
	union {
		__be32 v4;
		struct in6_addr v6;
	} group;
	sa_family_t family;
	u16 port;
	u8 ttl;
	u8 mcast_loop;
	u8 rx_err_frames;
	u32 encap;
	u32 bitrate, dbitrate, xlbitrate;
	/* Underlay ifindex, meaningful only in the namespace whose cookie is
	 * link_net_cookie; reset when the device moves.
	 */
	u32 link;
	u8 link_gone;		/* the device @link named went away */
	u64 link_net_cookie;
	/* Unicast peers, the first n_peers of peers[] as the request gave
	 * them; the others stay zero.
	 */
	struct vcanmc_peer peers[VCANMC_PEERS_MAX];
	u8 n_peers;
	u8 peers_only;
	/* IEEE 1722: stream ID (0: the helper derives one), can_bus_id, and
	 * the transport with its destination on Ethernet
	 */
	u64 stream_id;
	u16 bus_id;
	u8 transport;
	u8 dest_mac[ETH_ALEN];
	u8 order;		/* enum vcanmc_order; changes only while down */
};

struct vcanmc_priv {
	struct can_ml_priv ml;		/* what the CAN core keeps per device */
	struct vcanmc_cfg cfg;
	/* The helper's file, attach.c; written under RTNL */
	struct vcanmc_file __rcu *file;
	struct vcanmc_bus bus;
	struct vcanmc_tl tl;		/* VCANMC_ORDER_GLOBAL */
	/* Echoes in bus order, for the NAPI poll */
	struct sk_buff_head echo_q;
	struct napi_struct napi;
	unsigned int id;		/* names the device in debug messages */
};

void vcanmc_setup(struct net_device *dev);
void vcanmc_cfg_default(struct vcanmc_cfg *cfg);
bool vcanmc_is_vcanmc(const struct net_device *dev);
bool vcanmc_mtu_valid(unsigned int mtu);
void vcanmc_helper_changed(struct net_device *dev);
int vcanmc_device_init(void);
void vcanmc_device_uninit(void);

#endif /* _VCANMC_DEVICE_H */
