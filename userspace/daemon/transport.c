// SPDX-License-Identifier: GPL-2.0
/*
 * The transports' common part; see transport.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "eth.h"
#include "forward.h"
#include "norm.h"
#include "streamid.h"
#include "transport.h"
#include "udp.h"

int transport_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
		   char *why, size_t len)
{
	if (cfg->encap == VCANMC_ENCAP_NORM)
		return norm_open(cfg, f, tp, why, len);
	if (cfg->encap == VCANMC_ENCAP_IEEE1722 && cfg->transport == VCANMC_TRANSPORT_ETHERNET)
		return eth_open(cfg, f, tp, why, len);
	return udp_open(cfg, f, tp, why, len);
}

int transport_avtp_init(struct transport *t, int ifindex, bool udp, size_t max_pdu,
			char *why, size_t len)
{
	struct avtp_enc *e = &t->enc;
	uint32_t r;

	t->avtp = true;
	t->avtp_udp = udp;
	if (avtp_enc_init(e, stream_id(&t->cfg, ifindex, t->fwd->name), udp, max_pdu)) {
		snprintf(why, len, "PDUs of %zu bytes are too short for IEEE 1722 (%u at least)",
			 max_pdu, (unsigned int)AVTP_PDU_MIN);
		return -EMSGSIZE;
	}
	/* Numbers a restarted talker's receivers cannot take for old ones */
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = 0;
	e->encap_seq = r;
	e->seq = (uint8_t)(r >> 8);
	e->xl_tn = (uint8_t)(r >> 16);
	return 0;
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
