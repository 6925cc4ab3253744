// SPDX-License-Identifier: GPL-2.0
/*
 * The vcanmc network device: a CAN interface that echoes what local sockets
 * send, like vcan with driver-level echo, and that delivers frames written by
 * the tunnel helper as received frames.
 */

#include <linux/can.h>
#include <linux/can/dev.h>
#include <linux/can/skb.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include <uapi/linux/vcanmc.h>

#include "device.h"

static atomic_t vcanmc_last_id = ATOMIC_INIT(0);

/* Hands @skb to the local sockets. A full input queue drops it, and the
 * core counts that in rx_dropped.
 */
static bool vcanmc_rx(struct sk_buff *skb, struct net_device *dev)
{
	skb->pkt_type = PACKET_BROADCAST;
	skb->dev = dev;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return netif_rx(skb) == NET_RX_SUCCESS;
}

/* A frame from the tunnel. Delivered without its sending socket so that the
 * CAN core treats it as received (no MSG_DONTROUTE) and every local socket,
 * the helper's own receiving socket included, gets it; the mark stays on it
 * so that the helper can filter it out.
 */
static netdev_tx_t vcanmc_inject(struct sk_buff *skb, struct net_device *dev,
				 unsigned int len)
{
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		DEV_STATS_INC(dev, rx_dropped);
		return NETDEV_TX_OK;
	}
	skb_orphan(skb);
	if (vcanmc_rx(skb, dev))
		dev_sw_netstats_rx_add(dev, len);
	return NETDEV_TX_OK;
}

static netdev_tx_t vcanmc_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int len;

	if (can_dropped_invalid_skb(dev, skb))
		return NETDEV_TX_OK;

	len = can_skb_get_data_len(skb);
	if (skb->mark == VCANMC_INJECT_MARK)
		return vcanmc_inject(skb, dev, len);

	dev_sw_netstats_tx_add(dev, 1, len);
	skb_tx_timestamp(skb);

	/* The CAN core asks for an echo unless the sender disabled loopback;
	 * with IFF_ECHO set it is ours to give.
	 */
	if (skb->pkt_type != PACKET_LOOPBACK) {
		consume_skb(skb);
		return NETDEV_TX_OK;
	}

	skb = can_create_echo_skb(skb);
	if (skb)
		vcanmc_rx(skb, dev);
	return NETDEV_TX_OK;
}

static int vcanmc_change_mtu(struct net_device *dev, int new_mtu)
{
	/* Sockets size their frames by the MTU they saw at bind time. */
	if (dev->flags & IFF_UP)
		return -EBUSY;

	if (new_mtu != CAN_MTU && new_mtu != CANFD_MTU &&
	    !can_is_canxl_dev_mtu(new_mtu))
		return -EINVAL;

	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}

/* Carrier follows the administrative state: the carrier-on event at open lets
 * link mode DORMANT put the operstate to DORMANT until the helper attaches.
 */
static int vcanmc_open(struct net_device *dev)
{
	netif_carrier_on(dev);
	return 0;
}

/* A helper's IF_OPER_UP does not outlive the link: were the operstate left
 * as the helper set it, a quick down and up, whose carrier events link watch
 * merges into one, would bring the link back UP with nobody attached.
 */
static int vcanmc_stop(struct net_device *dev)
{
	netif_carrier_off(dev);
	vcanmc_set_operstate(dev, IF_OPER_DOWN);
	return 0;
}

static int vcanmc_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	return 0;
}

static void vcanmc_uninit(struct net_device *dev)
{
	free_percpu(dev->tstats);
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

static const struct ethtool_ops vcanmc_ethtool_ops = {
	.get_ts_info		= ethtool_op_get_ts_info,
};

static void vcanmc_destruct(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	pr_debug("device %u destroyed\n", priv->id);
}

bool vcanmc_is_vcanmc(const struct net_device *dev)
{
	return dev->netdev_ops == &vcanmc_netdev_ops;
}

void vcanmc_cfg_default(struct vcanmc_cfg *cfg)
{
	*cfg = (struct vcanmc_cfg) {
		.group.v6	= VCANMC_DEFAULT_GROUP6,
		.family		= AF_INET6,
		.port		= VCANMC_DEFAULT_PORT,
		.ttl		= VCANMC_DEFAULT_TTL,
		.encap		= VCANMC_ENCAP_PYTHON_CAN,
	};
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
	dev->tx_queue_len	= 0;
	dev->flags		= IFF_NOARP | IFF_ECHO;
	dev->link_mode		= IF_LINK_MODE_DORMANT;
	dev->netdev_ops		= &vcanmc_netdev_ops;
	dev->ethtool_ops	= &vcanmc_ethtool_ops;
	dev->needs_free_netdev	= true;
	dev->priv_destructor	= vcanmc_destruct;

	can_set_ml_priv(dev, &priv->ml);
	vcanmc_cfg_default(&priv->cfg);
	priv->id = atomic_inc_return(&vcanmc_last_id);
	netif_carrier_off(dev);
}

/* An ifindex means nothing in another namespace: forget the underlay when
 * the device moves. The device reappears there with NETDEV_REGISTER.
 */
static int vcanmc_netdev_event(struct notifier_block *nb, unsigned long action,
			       void *data)
{
	struct net_device *dev = netdev_notifier_info_to_dev(data);
	struct vcanmc_priv *priv;
	u64 cookie;

	if (action != NETDEV_REGISTER || !vcanmc_is_vcanmc(dev))
		return NOTIFY_DONE;

	priv = netdev_priv(dev);
	cookie = dev_net(dev)->net_cookie;
	if (priv->cfg.link_net_cookie != cookie) {
		priv->cfg.link = 0;
		priv->cfg.link_net_cookie = cookie;
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
