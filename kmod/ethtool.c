// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool: the driver and its version (ethtool -i), the bus statistics
 * (ethtool -S), and software time stamps.
 */

#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "device.h"
#include "ethtool.h"

static const char vcanmc_stat_names[][ETH_GSTRING_LEN] = {
	"bus_bitrate",		/* bit/s, 0: unlimited */
	"bus_dbitrate",		/* bit/s of the CAN FD data phase, 0: nominal */
	"bus_xlbitrate",	/* bit/s of the CAN XL data phase, 0: as CAN FD */
	"bus_load_permille",	/* of the last second */
	"bus_busy_ns",		/* occupied, by any frame */
	"bus_frames",		/* own frames that went on the bus */
	"bus_remote_frames",	/* frames from the tunnel that occupied it */
	"bus_arbitration_lost",	/* times a waiting frame lost arbitration */
	"bus_wait_ns",		/* time own frames waited for the bus */
	"bus_wait_max_ns",	/* the longest one waited */
	"bus_queue_stops",	/* times the driver stopped its queue */
	"bus_stalls_over",	/* times a lossless helper held it too long */
	"bus_pending",		/* frames waiting for the bus now */
};

#define VCANMC_NSTATS ARRAY_SIZE(vcanmc_stat_names)

static void vcanmc_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, VCANMC_VERSION, sizeof(info->version));
}

static int vcanmc_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? VCANMC_NSTATS : -EOPNOTSUPP;
}

static void vcanmc_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	if (sset == ETH_SS_STATS)
		memcpy(buf, vcanmc_stat_names, sizeof(vcanmc_stat_names));
}

static void vcanmc_get_ethtool_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_bus_stats st;
	unsigned int i = 0;

	vcanmc_bus_get_stats(&priv->bus, &st);
	data[i++] = priv->cfg.bitrate;
	data[i++] = priv->cfg.dbitrate;
	data[i++] = priv->cfg.xlbitrate;
	data[i++] = st.load_permille;
	data[i++] = st.busy_ns;
	data[i++] = st.frames;
	data[i++] = st.remote_frames;
	data[i++] = st.arb_lost;
	data[i++] = st.wait_ns;
	data[i++] = st.wait_max_ns;
	data[i++] = st.queue_stops;
	data[i++] = st.stalls_over;
	data[i++] = st.pending;
	WARN_ON_ONCE(i != VCANMC_NSTATS);
}

const struct ethtool_ops vcanmc_ethtool_ops = {
	.get_drvinfo		= vcanmc_get_drvinfo,
	.get_ts_info		= ethtool_op_get_ts_info,
	.get_sset_count		= vcanmc_get_sset_count,
	.get_strings		= vcanmc_get_strings,
	.get_ethtool_stats	= vcanmc_get_ethtool_stats,
};
