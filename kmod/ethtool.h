/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _VCANMC_ETHTOOL_H
#define _VCANMC_ETHTOOL_H

#include <linux/ethtool.h>

extern const struct ethtool_ops vcanmc_ethtool_ops;

#endif /* _VCANMC_ETHTOOL_H */
