// SPDX-License-Identifier: GPL-2.0
/*
 * The transports' common part; see transport.h.
 */
#include "norm.h"
#include "transport.h"
#include "udp.h"

int transport_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
		   char *why, size_t len)
{
	if (cfg->encap == VCANMC_ENCAP_NORM)
		return norm_open(cfg, f, tp, why, len);
	return udp_open(cfg, f, tp, why, len);
}

int transport_joined(const struct transport *t)
{
	return t->udp.join_ifindex;
}

int transport_rejoin(struct transport *t, int ifindex)
{
	return attach_udp_rejoin(&t->cfg, &t->udp, ifindex);
}

void transport_gone(struct transport *t)
{
	attach_udp_gone(&t->cfg, &t->udp);
}

unsigned int transport_source_port(const struct transport *t)
{
	return t->udp.tx_fd >= 0 ? attach_udp_port(&t->udp) : 0;
}
