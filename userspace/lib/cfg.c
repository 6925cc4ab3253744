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
	[VCANMC_ENCAP_IEEE1722] = "ieee1722",
};

static const char *const transport_names[] = {
	[VCANMC_TRANSPORT_UDP] = "udp",
	[VCANMC_TRANSPORT_ETHERNET] = "ethernet",
};

static const char *const order_names[] = {
	[VCANMC_ORDER_LOCAL] = "local",
	[VCANMC_ORDER_GLOBAL] = "global",
};

/* The name of @v in a table of names with holes, NULL if none */
static const char *name_of(const char *const *names, size_t n, uint32_t v)
{
	return v < n ? names[v] : NULL;
}

/* The index of @name in a table of names with holes, -EINVAL if none */
static int name_find(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	return -EINVAL;
}

/* name_find() into the u8 of an attribute */
static int name_find_u8(const char *const *names, size_t n, const char *name, uint8_t *v)
{
	int i = name_find(names, n, name);

	if (i < 0)
		return i;
	*v = (uint8_t)i;
	return 0;
}

/* @name, or "unknown(N)" written into @buf */
static const char *name_str(const char *name, uint32_t v, char *buf, size_t len)
{
	if (name)
		return name;
	snprintf(buf, len, "unknown(%u)", v);
	return buf;
}

const char *vcanmc_encap_name(uint32_t encap)
{
	return name_of(encap_names, ARRAY_SIZE(encap_names), encap);
}

int vcanmc_encap_parse(const char *name, uint32_t *encap)
{
	int i = name_find(encap_names, ARRAY_SIZE(encap_names), name);

	if (i < 0)
		return i;
	*encap = (uint32_t)i;
	return 0;
}

const char *vcanmc_transport_name(uint8_t transport)
{
	return name_of(transport_names, ARRAY_SIZE(transport_names), transport);
}

int vcanmc_transport_parse(const char *name, uint8_t *transport)
{
	return name_find_u8(transport_names, ARRAY_SIZE(transport_names), name, transport);
}

const char *vcanmc_transport_str(uint8_t transport, char *buf, size_t len)
{
	return name_str(vcanmc_transport_name(transport), transport, buf, len);
}

const char *vcanmc_order_name(uint8_t order)
{
	return name_of(order_names, ARRAY_SIZE(order_names), order);
}

int vcanmc_order_parse(const char *name, uint8_t *order)
{
	return name_find_u8(order_names, ARRAY_SIZE(order_names), name, order);
}

const char *vcanmc_order_str(uint8_t order, char *buf, size_t len)
{
	return name_str(vcanmc_order_name(order), order, buf, len);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Digit by digit: strtoull() takes signs, blanks and wraps "-1" around */
int vcanmc_stream_id_parse(const char *s, uint64_t *id)
{
	unsigned int base = 10;
	uint64_t v = 0;
	int d;

	if (!strcmp(s, "auto")) {
		*id = 0;
		return 0;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		d = hex_digit(*s);
		if (d < 0 || (unsigned int)d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		v = v * base + (uint64_t)d;
	}
	*id = v;
	return 0;
}

void vcanmc_stream_id_str(uint64_t id, char *buf, size_t len)
{
	if (!id)
		snprintf(buf, len, "auto");
	else
		snprintf(buf, len, "0x%016llx", (unsigned long long)id);
}

int vcanmc_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t m[6];
	int i, hi, lo;

	for (i = 0; i < 6; i++, s += 3) {
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0 || s[2] != (i < 5 ? ':' : '\0'))
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, m, sizeof(m));
	return 0;
}

void vcanmc_mac_str(const uint8_t mac[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

const uint8_t vcanmc_default_dest_mac[6] = { 0x91, 0xe0, 0xf0, 0x00, 0xfe, 0x00 };

void vcanmc_cfg_init(struct vcanmc_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->transport = VCANMC_TRANSPORT_UDP;
	memcpy(cfg->dest_mac, vcanmc_default_dest_mac, sizeof(cfg->dest_mac));
	cfg->order = VCANMC_ORDER_LOCAL;
}

bool vcanmc_cfg_1722_shown(const struct vcanmc_cfg *cfg, int attr)
{
	if (!vcanmc_cfg_has(cfg, attr))
		return false;
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_ENCAP) && cfg->encap == VCANMC_ENCAP_IEEE1722)
		return true;
	switch (attr) {
	case IFLA_VCANMC_STREAM_ID:
		return cfg->stream_id;
	case IFLA_VCANMC_BUS_ID:
		return cfg->bus_id;
	case IFLA_VCANMC_TRANSPORT:
		return cfg->transport != VCANMC_TRANSPORT_UDP;
	case IFLA_VCANMC_DEST_MAC:
		return memcmp(cfg->dest_mac, vcanmc_default_dest_mac,
			      sizeof(cfg->dest_mac));
	default:
		return false;
	}
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
	case IFLA_VCANMC_STREAM_ID:	return FIELD(stream_id);
	case IFLA_VCANMC_BUS_ID:	return FIELD(bus_id);
	case IFLA_VCANMC_TRANSPORT:	return FIELD(transport);
	case IFLA_VCANMC_DEST_MAC:	return FIELD(dest_mac);
	case IFLA_VCANMC_ORDER:		return FIELD(order);
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
