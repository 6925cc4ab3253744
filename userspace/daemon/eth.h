/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Ethernet transport (transport.h): each message, an IEEE 1722 PDU,
 * in an Ethernet frame of EtherType 0x22F0 on the link's dev, to its
 * destination MAC address (IFLA_VCANMC_TRANSPORT, IFLA_VCANMC_DEST_MAC):
 * no IP, as 1722 talkers and listeners on a car's network send them.
 */
#ifndef VCANMCD_ETH_H
#define VCANMCD_ETH_H

#include "transport.h"

/* Opens @cfg's packet socket for @f. 0 or -errno, the reason in @why. */
int eth_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
	     char *why, size_t len);

#endif /* VCANMCD_ETH_H */
