/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink link requests for vcanmc devices: look up, list, create, change
 * and delete. Each returns 0 or -errno; a kernel refusal also fills *ack.
 */
#ifndef VCANMC_LIB_RTLINK_H
#define VCANMC_LIB_RTLINK_H

#include "link.h"
#include "nlreq.h"

/* The device called name, of any kind; -ENODEV if there is none */
int vcanmc_link_get(struct nl_sock *sk, const char *name,
		    struct vcanmc_link *link, struct vcanmc_nlerr *ack);

/* Call fn for every device of the namespace, of any kind. -EINTR means the
 * list changed while it was read: start again.
 */
typedef int (*vcanmc_link_fn)(const struct vcanmc_link *link, void *arg);
int vcanmc_link_dump(struct nl_sock *sk, vcanmc_link_fn fn, void *arg,
		     struct vcanmc_nlerr *ack);

/* Create a vcanmc device; attributes not in cfg->mask take defaults, and
 * so does the MTU if mtu is 0.
 */
int vcanmc_link_add(struct nl_sock *sk, const char *name, uint32_t mtu,
		    const struct vcanmc_cfg *cfg, struct vcanmc_nlerr *ack);

/* Change the attributes in cfg->mask of an existing vcanmc device, and its
 * MTU unless mtu is 0. The kernel checks the MTU first: a refused one
 * changes nothing.
 */
int vcanmc_link_change(struct nl_sock *sk, int ifindex, uint32_t mtu,
		       const struct vcanmc_cfg *cfg, struct vcanmc_nlerr *ack);

/* Delete a device. The caller checks that it is a vcanmc device. */
int vcanmc_link_del(struct nl_sock *sk, int ifindex, struct vcanmc_nlerr *ack);

/* Set the RFC 2863 operstate (IF_OPER_UP, IF_OPER_DORMANT), as the helper
 * does to say that it attached or detached.
 */
int vcanmc_link_set_operstate(struct nl_sock *sk, int ifindex, uint8_t state,
			      struct vcanmc_nlerr *ack);

#endif /* VCANMC_LIB_RTLINK_H */
