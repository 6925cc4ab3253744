// SPDX-License-Identifier: GPL-2.0
/*
 * The vcanmc network device: a CAN interface that echoes what local sockets
 * send, like vcan with driver-level echo, and hands every transmitted frame
 * to the tunnel helper attached through /dev/vcanmc (attach.c), which
 * delivers the frames from other hosts as received frames.
 */

#include <linux/can.h>
#include <linux/can/dev.h>
#include <linux/can/skb.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include <net/sch_generic.h>
#include <uapi/linux/vcanmc.h>

#include "attach.h"
#include "device.h"
#include "ethtool.h"

static atomic_t vcanmc_last_id = ATOMIC_INIT(0);

/* Hands an echo to the local sockets, in the order the frames ended on the
 * bus: one queue per device, emptied by its NAPI poll, which runs on one
 * CPU at a time (netif_rx() would queue each echo on the backlog of the CPU
 * that completed it, and backlogs of different CPUs run in any order). A
 * full queue drops the echo, counted in rx_dropped.
 */
static void vcanmc_echo(struct sk_buff *skb, struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	skb->pkt_type = PACKET_BROADCAST;
	skb->dev = dev;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	if (unlikely(skb_queue_len_lockless(&priv->echo_q) >= VCANMC_ECHO_QUEUE_LEN)) {
		kfree_skb(skb);
		DEV_STATS_INC(dev, rx_dropped);
		return;
	}
	skb_queue_tail(&priv->echo_q, skb);
	napi_schedule(&priv->napi);
}

static int vcanmc_echo_poll(struct napi_struct *napi, int budget)
{
	struct vcanmc_priv *priv = container_of(napi, struct vcanmc_priv, napi);
	struct sk_buff *skb;
	int n = 0;

	while (n < budget && (skb = skb_dequeue(&priv->echo_q))) {
		netif_receive_skb(skb);
		n++;
	}
	if (n < budget)
		napi_complete_done(napi, n);
	return n;
}

/* The frame's time on the bus is over (at @end, CLOCK_MONOTONIC; bus.c):
 * the helper gets its copy, local sockets the echo made when it was sent
 * (@ctx; vcanmc_xmit()), the statistics the frame.
 */
static void vcanmc_tx_done(struct net_device *dev, struct sk_buff *skb, void *ctx, ktime_t end)
{
	unsigned int len = can_skb_get_data_len(skb);
	struct sk_buff *echo = ctx;

	/* On a bus every node sees every frame: the helper gets it whatever
	 * the sender's loopback setting, which concerns only the local echo.
	 */
	end = ktime_mono_to_real(end);
	vcanmc_attach_xmit(dev, skb, end);
	dev_sw_netstats_tx_add(dev, 1, len);
	consume_skb(skb);
	if (echo) {
		/* received when its transmission ended, as a controller's
		 * time stamp would say, however late the timer ran
		 */
		echo->tstamp = end;
		vcanmc_echo(echo, dev);
	}
}

/* The bus dropped the frame (down, or out of memory): its echo too. */
static void vcanmc_tx_drop(struct net_device *dev, struct sk_buff *skb, void *ctx)
{
	kfree_skb(ctx);
	kfree_skb(skb);
}

static netdev_tx_t vcanmc_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct sk_buff *echo = NULL;

	if (can_dropped_invalid_skb(dev, skb))
		return NETDEV_TX_OK;
	/* The CAN core asks for an echo unless the sender disabled loopback;
	 * with IFF_ECHO set it is ours to give. Made now, as
	 * can_put_echo_skb() makes it in start_xmit, not when the frame ends:
	 * it takes its reference on the sender's socket while that is most
	 * likely still open, and CAN_RAW tells local senders' frames
	 * (MSG_DONTROUTE) by it. The frame itself stays charged to the send
	 * buffer until it ends. No echo, no transmission: dropped whole.
	 */
	if (skb->pkt_type == PACKET_LOOPBACK) {
		echo = can_create_echo_skb(skb_get(skb));
		if (unlikely(!echo)) {
			kfree_skb(skb);
			DEV_STATS_INC(dev, tx_dropped);
			return NETDEV_TX_OK;
		}
	}
	/* The bus takes every frame, echo and all: NETDEV_TX_BUSY would
	 * requeue a frame whose control buffer the bus rewrote. So does the
	 * timeline. The order changes only while the device is down.
	 */
	if (priv->cfg.order == VCANMC_ORDER_GLOBAL)
		vcanmc_tl_xmit(dev, skb, echo);
	else
		vcanmc_bus_xmit(&priv->bus, skb, echo);
	return NETDEV_TX_OK;
}

/* A CAN device's MTU says which frames it takes: CAN_MTU classic only,
 * CANFD_MTU also CAN FD, a CAN XL MTU also CAN XL frames up to its size.
 */
bool vcanmc_mtu_valid(unsigned int mtu)
{
	return mtu == CAN_MTU || mtu == CANFD_MTU || can_is_canxl_dev_mtu(mtu);
}

static int vcanmc_change_mtu(struct net_device *dev, int new_mtu)
{
	/* A change under a running bus would leave frames of the old size
	 * queued in it and in the helper's queue: only while down. (CAN_RAW
	 * checks each frame against the MTU when it is sent.)
	 */
	if (dev->flags & IFF_UP)
		return -EBUSY;

	if (!vcanmc_mtu_valid(new_mtu))
		return -EINVAL;

	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}

/* The operstate as linkwatch would set it, set now: a helper's arrival or
 * departure is news at once, not up to a second later. RTNL.
 */
static void vcanmc_sync_operstate(struct net_device *dev, bool notify)
{
	u8 state;

	if (!netif_carrier_ok(dev))
		state = IF_OPER_DOWN;
	else if (netif_dormant(dev))
		state = IF_OPER_DORMANT;
	else
		state = IF_OPER_UP;
	if (state == READ_ONCE(dev->operstate))
		return;
	vcanmc_set_operstate(dev, state);
	if (notify)
		netdev_state_change(dev);
}

/* RTNL: a helper attached or detached. The device is dormant while none is
 * attached.
 */
void vcanmc_helper_changed(struct net_device *dev)
{
	if (vcanmc_attached(dev))
		netif_dormant_off(dev);
	else
		netif_dormant_on(dev);
	vcanmc_sync_operstate(dev, true);
}

/* Carrier follows the administrative state; the dormant bit follows the
 * helper, and was left alone while the device was away (attach.c).
 */
static int vcanmc_open(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	napi_enable(&priv->napi);
	vcanmc_bus_open(&priv->bus);
	vcanmc_tl_open(dev);
	if (vcanmc_attached(dev))
		netif_dormant_off(dev);
	else
		netif_dormant_on(dev);
	netif_carrier_on(dev);
	vcanmc_sync_operstate(dev, false);
	return 0;
}

static int vcanmc_stop(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	vcanmc_bus_stop(&priv->bus);
	vcanmc_tl_purge(dev);
	vcanmc_attach_tl_down(dev);
	napi_disable(&priv->napi);
	/* echoes not handed out yet: their frames were transmitted */
	DEV_STATS_ADD(dev, rx_dropped, skb_queue_len(&priv->echo_q));
	skb_queue_purge(&priv->echo_q);
	netif_carrier_off(dev);
	vcanmc_sync_operstate(dev, false);
	return 0;
}

/* NETDEV_GOING_DOWN: the core is about to reset the qdisc in front, which
 * frees what waits there without a word. Stop the queue, and the bus from
 * waking it, so that the qdisc hands over nothing more, and count what it
 * holds as dropped, as the bus counts what waits in it (vcanmc_bus_stop()).
 * RTNL.
 */
static void vcanmc_going_down(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	vcanmc_bus_quiesce(&priv->bus);
	vcanmc_tl_quiesce(dev);
	netif_tx_disable(dev);
	/* noop_qdisc when there is none */
	DEV_STATS_ADD(dev, tx_dropped, qdisc_qlen_sum(rtnl_dereference(dev->qdisc)));
}

/* ndo_init and ndo_uninit pair exactly, also when registering fails. The
 * core allocates the statistics (pcpu_stat_type) and frees them after the
 * last reference to the device is gone: a writer that still holds one
 * while the device is unregistered counts into live memory.
 */
static int vcanmc_init(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	pr_debug("device %u created\n", priv->id);
	return 0;
}

static void vcanmc_uninit(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	pr_debug("device %u destroyed\n", priv->id);
}

static const struct net_device_ops vcanmc_netdev_ops = {
	.ndo_init		= vcanmc_init,
	.ndo_uninit		= vcanmc_uninit,
	.ndo_open		= vcanmc_open,
	.ndo_stop		= vcanmc_stop,
	.ndo_start_xmit		= vcanmc_xmit,
	.ndo_change_mtu		= vcanmc_change_mtu,
	.ndo_get_stats64	= dev_get_tstats64,
};

bool vcanmc_is_vcanmc(const struct net_device *dev)
{
	return dev->netdev_ops == &vcanmc_netdev_ops;
}

/* The first of IEEE 1722's locally administered multicast addresses */
static const u8 vcanmc_default_dest_mac[ETH_ALEN] = {
	0x91, 0xe0, 0xf0, 0x00, 0xfe, 0x00
};

void vcanmc_cfg_default(struct vcanmc_cfg *cfg)
{
	*cfg = (struct vcanmc_cfg) {
		.group.v6	= VCANMC_DEFAULT_GROUP6,
		.family		= AF_INET6,
		.port		= VCANMC_DEFAULT_PORT,
		.ttl		= VCANMC_DEFAULT_TTL,
		.encap		= VCANMC_ENCAP_PYTHON_CAN,
		.mcast_loop	= VCANMC_DEFAULT_MCAST_LOOP,
		.rx_err_frames	= 1,
		.transport	= VCANMC_TRANSPORT_UDP,
	};
	memcpy(cfg->dest_mac, vcanmc_default_dest_mac, ETH_ALEN);
}

void vcanmc_setup(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	dev->type		= ARPHRD_CAN;
	dev->mtu		= CANFD_MTU;
	dev->min_mtu		= CAN_MTU;
	dev->max_mtu		= CANXL_MAX_MTU;
	dev->hard_header_len	= 0;
	dev->addr_len		= 0;
	/* A queue in front for when the bus is busy, as on real CAN devices */
	dev->tx_queue_len	= VCANMC_TX_QUEUE_LEN;
	dev->flags		= IFF_NOARP | IFF_ECHO;
	dev->netdev_ops		= &vcanmc_netdev_ops;
	dev->ethtool_ops	= &vcanmc_ethtool_ops;
	dev->needs_free_netdev	= true;
	dev->pcpu_stat_type	= NETDEV_PCPU_STAT_TSTATS;

	can_set_ml_priv(dev, &priv->ml);
	vcanmc_cfg_default(&priv->cfg);
	vcanmc_bus_init(&priv->bus, dev, vcanmc_tx_done, vcanmc_tx_drop);
	vcanmc_tl_init(&priv->tl);
	skb_queue_head_init(&priv->echo_q);
	netif_napi_add(dev, &priv->napi, vcanmc_echo_poll);
	priv->id = atomic_inc_return(&vcanmc_last_id);
	netif_carrier_off(dev);
}

/* @lower, the underlay of vcanmc devices of its namespace, is
 * unregistered (deleted, or moving to another namespace): its ifindex may
 * name another device later, which must not become their underlay by
 * chance. RTNL.
 */
static void vcanmc_lower_gone(struct net_device *lower)
{
	struct net_device *dev;
	struct vcanmc_priv *priv;

	for_each_netdev(dev_net(lower), dev) {
		if (!vcanmc_is_vcanmc(dev))
			continue;
		priv = netdev_priv(dev);
		if (priv->cfg.link != lower->ifindex || priv->cfg.link_gone)
			continue;
		priv->cfg.link_gone = 1;
		call_netdevice_notifiers(NETDEV_CHANGEINFODATA, dev);
	}
}

/* A device that is deleted or moves to another namespace (NETDEV_UNREGISTER
 * both) loses its helper. An ifindex means nothing in another namespace:
 * forget the underlay when the device moves; it reappears there with
 * NETDEV_REGISTER. The peers stay as they are, though a link-local one has
 * no scope until the underlay is set again: the helper cannot reach it
 * meanwhile (netlink.c). So does the Ethernet transport, which has no
 * device to send on until then: the helper stays detached. The operstate
 * is the kernel's (vcanmc_sync_operstate()): a request that changed it
 * (IFLA_OPERSTATE) is undone at once.
 */
static int vcanmc_netdev_event(struct notifier_block *nb, unsigned long action,
			       void *data)
{
	struct net_device *dev = netdev_notifier_info_to_dev(data);
	struct vcanmc_priv *priv;
	u64 cookie;

	if (!vcanmc_is_vcanmc(dev)) {
		if (action == NETDEV_UNREGISTER)
			vcanmc_lower_gone(dev);
		return NOTIFY_DONE;
	}
	switch (action) {
	case NETDEV_UNREGISTER:
		vcanmc_attach_dev_gone(dev);
		break;
	case NETDEV_GOING_DOWN:
		vcanmc_going_down(dev);
		break;
	case NETDEV_CHANGE:
		vcanmc_sync_operstate(dev, true);
		break;
	case NETDEV_REGISTER:
		priv = netdev_priv(dev);
		cookie = dev_net(dev)->net_cookie;
		if (priv->cfg.link_net_cookie != cookie) {
			priv->cfg.link = 0;
			priv->cfg.link_gone = 0;
			priv->cfg.link_net_cookie = cookie;
		}
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vcanmc_notifier = {
	.notifier_call = vcanmc_netdev_event,
};

int vcanmc_device_init(void)
{
	return register_netdevice_notifier(&vcanmc_notifier);
}

void vcanmc_device_uninit(void)
{
	unregister_netdevice_notifier(&vcanmc_notifier);
}
