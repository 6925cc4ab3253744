/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the routing table sends a link's datagrams: for a link without an
 * underlay (dev any), the interface its group is joined on.
 */
#ifndef VCANMCD_ROUTE_H
#define VCANMCD_ROUTE_H

#include "link.h"

/* Opens the rtnetlink socket the lookups use. 0 or -errno. */
int route_init(void);
void route_uninit(void);

/* The index of the interface the routing table sends @cfg's group out of,
 * as it would for a socket that names none; -ENETUNREACH (or another
 * -errno) if there is no route.
 */
int route_group_dev(const struct vcanmc_cfg *cfg);

#endif /* VCANMCD_ROUTE_H */
