// SPDX-License-Identifier: GPL-2.0
/*
 * struct vcanmc_cfg and the payloads of the IFLA_VCANMC_* attributes, with
 * no netlink library: the one place that knows each attribute's field and
 * exact length, for libnl's messages (link.c) and iproute2's (the ip link
 * plugin) alike.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "link.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const encap_names[] = {
	[VCANMC_ENCAP_PYTHON_CAN] = "python-can",
	[VCANMC_ENCAP_PYTHON_CAN_BATCH] = "python-can-batch",
	[VCANMC_ENCAP_NORM] = "norm",
};

const char *vcanmc_encap_name(uint32_t encap)
{
	if (encap >= ARRAY_SIZE(encap_names))
		return NULL;
	return encap_names[encap];
}

int vcanmc_encap_parse(const char *name, uint32_t *encap)
{
	uint32_t i;

	for (i = 0; i < ARRAY_SIZE(encap_names); i++) {
		if (encap_names[i] && !strcmp(encap_names[i], name)) {
			*encap = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The field of each attribute; its size is the payload's exact length */
static void *cfg_field(struct vcanmc_cfg *cfg, int attr, size_t *len)
{
	static uint8_t link_gone;	/* reported only: no field */

#define FIELD(f)	(*len = sizeof(cfg->f), (void *)&cfg->f)
	switch (attr) {
	case IFLA_VCANMC_GROUP:		return FIELD(group);
	case IFLA_VCANMC_GROUP6:	return FIELD(group6);
	case IFLA_VCANMC_PORT:		return FIELD(port);
	case IFLA_VCANMC_TTL:		return FIELD(ttl);
	case IFLA_VCANMC_LINK:		return FIELD(link);
	case IFLA_VCANMC_ENCAP:		return FIELD(encap);
	case IFLA_VCANMC_MCAST_LOOP:	return FIELD(mcast_loop);
	case IFLA_VCANMC_BITRATE:	return FIELD(bitrate);
	case IFLA_VCANMC_DBITRATE:	return FIELD(dbitrate);
	case IFLA_VCANMC_XLBITRATE:	return FIELD(xlbitrate);
	case IFLA_VCANMC_RX_ERR_FRAMES:	return FIELD(rx_err_frames);
	case IFLA_VCANMC_PEERS_ONLY:	return FIELD(peers_only);
	case IFLA_VCANMC_PEERS:		/* of npeers entries */
		*len = cfg->npeers * sizeof(cfg->peers[0]);
		return cfg->peers;
	case IFLA_VCANMC_LINK_GONE:
		*len = sizeof(link_gone);
		return &link_gone;
	default:
		return NULL;
	}
#undef FIELD
}

const void *vcanmc_cfg_payload(const struct vcanmc_cfg *cfg, int attr,
			       size_t *len)
{
	if (!vcanmc_cfg_has(cfg, attr) || attr == IFLA_VCANMC_LINK_GONE)
		return NULL;
	return cfg_field((struct vcanmc_cfg *)cfg, attr, len);
}

int vcanmc_cfg_set(struct vcanmc_cfg *cfg, int attr, const void *data,
		   size_t len)
{
	size_t want;
	void *field = cfg_field(cfg, attr, &want);

	if (!field)
		return 0;
	if (attr == IFLA_VCANMC_PEERS) {
		if (len % sizeof(cfg->peers[0]) || len > sizeof(cfg->peers))
			return -EBADMSG;
		memset(cfg->peers, 0, sizeof(cfg->peers));
		cfg->npeers = (uint8_t)(len / sizeof(cfg->peers[0]));
		want = len;
	}
	if (len != want)
		return -EBADMSG;
	if (attr != IFLA_VCANMC_LINK_GONE)
		memcpy(field, data, len);
	cfg->mask |= VCANMC_CFG_BIT(attr);
	return 0;
}

socklen_t vcanmc_cfg_group(const struct vcanmc_cfg *cfg, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (vcanmc_cfg_family(cfg) == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(cfg->port);
		sin->sin_addr = cfg->group;
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(cfg->port);
		sin6->sin6_addr = cfg->group6;
		if (IN6_IS_ADDR_MC_LINKLOCAL(&cfg->group6) ||
		    IN6_IS_ADDR_MC_NODELOCAL(&cfg->group6))
			sin6->sin6_scope_id = cfg->link;
		return sizeof(*sin6);
	}
}

bool vcanmc_cfg_has_group(const struct vcanmc_cfg *cfg)
{
	if (vcanmc_cfg_family(cfg) == AF_INET)
		return cfg->group.s_addr != htonl(INADDR_ANY);
	return !IN6_IS_ADDR_UNSPECIFIED(&cfg->group6);
}

socklen_t vcanmc_cfg_peer(const struct vcanmc_cfg *cfg, unsigned int i,
			  struct sockaddr_storage *ss)
{
	const struct vcanmc_peer *p = &cfg->peers[i];
	uint16_t port = p->port ? p->port : cfg->port;

	memset(ss, 0, sizeof(*ss));
	if (i >= cfg->npeers || p->family != vcanmc_cfg_family(cfg))
		return 0;
	if (p->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, p->addr, 4);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, p->addr, 16);
		if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr))
			sin6->sin6_scope_id = cfg->link;
		return sizeof(*sin6);
	}
}

void vcanmc_peer_str(const struct vcanmc_peer *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(p->family, p->addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "family-%u", p->family);
	if (!p->port)
		snprintf(buf, len, "%s", a);
	else if (p->family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", a, p->port);
	else
		snprintf(buf, len, "%s:%u", a, p->port);
}
