/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IEEE 1722 stream id of a link's PDUs (IFLA_VCANMC_STREAM_ID): the
 * one set, or one of this host and link, the same each time the daemon
 * starts: as IEEE 1722 forms them, an EUI-48 (the MAC address of the
 * device the link sends on) and a 16-bit unique id (from the link's name).
 * Without such a device (a group routed nowhere yet, peers alone, a device
 * without a MAC address) the EUI-48 is made of /etc/machine-id: locally
 * administered, unicast.
 */
#ifndef VCANMCD_STREAMID_H
#define VCANMCD_STREAMID_H

#include <stdint.h>

#include "link.h"

/* @ifindex: the device the link sends on, 0 if none is known */
uint64_t stream_id(const struct vcanmc_cfg *cfg, int ifindex, const char *name);

#endif /* VCANMCD_STREAMID_H */
