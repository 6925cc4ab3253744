/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vcanmc link attributes: the tunnel settings of a vcanmc device as a C
 * struct, their encoding into IFLA_LINKINFO/IFLA_INFO_DATA and the parsing
 * of an RTM_NEWLINK message. Shared by the vcanmc CLI and the vcanmcd helper.
 */
#ifndef VCANMC_LIB_LINK_H
#define VCANMC_LIB_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/vcanmc.h>

struct nl_msg;
struct nlattr;
struct nlmsghdr;

/* Bit of an IFLA_VCANMC_* attribute in struct vcanmc_cfg.mask */
#define VCANMC_CFG_BIT(attr)	(1u << (attr))

/* One field per IFLA_VCANMC_* attribute; a field is meaningful only while
 * its VCANMC_CFG_BIT() is set in mask. In a request, mask says which
 * attributes are sent; after parsing, which ones the kernel reported.
 */
struct vcanmc_cfg {
	uint32_t mask;
	struct in_addr group;		/* IFLA_VCANMC_GROUP */
	struct in6_addr group6;		/* IFLA_VCANMC_GROUP6 */
	uint16_t port;			/* IFLA_VCANMC_PORT */
	uint8_t ttl;			/* IFLA_VCANMC_TTL */
	uint32_t link;			/* IFLA_VCANMC_LINK, 0: any; the device
					 * it named is gone while the mask has
					 * IFLA_VCANMC_LINK_GONE
					 */
	uint32_t encap;			/* IFLA_VCANMC_ENCAP */
	uint8_t mcast_loop;		/* IFLA_VCANMC_MCAST_LOOP */
	uint8_t rx_err_frames;		/* IFLA_VCANMC_RX_ERR_FRAMES */
	uint32_t bitrate;		/* IFLA_VCANMC_BITRATE, 0: unlimited */
	uint32_t dbitrate;		/* IFLA_VCANMC_DBITRATE */
	uint32_t xlbitrate;		/* IFLA_VCANMC_XLBITRATE */
	uint8_t peers_only;		/* IFLA_VCANMC_PEERS_ONLY */
	uint8_t npeers;			/* IFLA_VCANMC_PEERS: how many */
	struct vcanmc_peer peers[VCANMC_PEERS_MAX];
	uint64_t stream_id;		/* IFLA_VCANMC_STREAM_ID, 0: derived */
	uint16_t bus_id;		/* IFLA_VCANMC_BUS_ID */
	uint8_t transport;		/* IFLA_VCANMC_TRANSPORT */
	uint8_t dest_mac[6];		/* IFLA_VCANMC_DEST_MAC */
	uint8_t order;			/* IFLA_VCANMC_ORDER */
};

/* IFLA_VCANMC_DEST_MAC's default, 91:e0:f0:00:fe:00 */
extern const uint8_t vcanmc_default_dest_mac[6];

/* A cfg with no attribute in its mask, and the kernel's defaults in the
 * fields of those an older module does not report (stream ID 0, bus ID 0,
 * UDP, vcanmc_default_dest_mac, order local): what vcanmc_cfg_parse()
 * starts from.
 */
void vcanmc_cfg_init(struct vcanmc_cfg *cfg);

static inline bool vcanmc_cfg_has(const struct vcanmc_cfg *cfg, int attr)
{
	return cfg->mask & VCANMC_CFG_BIT(attr);
}

/* The one place that says what a link's group is: IPv4 if it has
 * IFLA_VCANMC_GROUP, else IPv6. vcanmc_cfg_group() writes the group and
 * port as a socket address, a link-local or node-local IPv6 group scoped
 * to the underlay, and returns its length.
 */
static inline int vcanmc_cfg_family(const struct vcanmc_cfg *cfg)
{
	return vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP) ? AF_INET : AF_INET6;
}

socklen_t vcanmc_cfg_group(const struct vcanmc_cfg *cfg, struct sockaddr_storage *ss);

/* Whether the link has a group: not "none" (0.0.0.0, ::) */
bool vcanmc_cfg_has_group(const struct vcanmc_cfg *cfg);

/* Peer @i as a socket address: port 0 is the link's, a link-local IPv6
 * one scoped to the underlay. Returns its length, 0 if it is not of the
 * link's family.
 */
socklen_t vcanmc_cfg_peer(const struct vcanmc_cfg *cfg, unsigned int i,
			  struct sockaddr_storage *ss);

/* A network device as described by one RTM_NEWLINK message */
struct vcanmc_link {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[32];			/* IFLA_INFO_KIND, "" if none */
	uint32_t flags;			/* ifi_flags: IFF_UP, ... */
	uint8_t operstate;		/* IF_OPER_* */
	uint32_t mtu;
	struct vcanmc_cfg cfg;		/* only for kind "vcanmc" */
};

bool vcanmc_link_is_vcanmc(const struct vcanmc_link *link);

/* Append IFLA_LINKINFO { IFLA_INFO_KIND "vcanmc", IFLA_INFO_DATA { the
 * attributes in cfg->mask } } to msg. Returns 0 or -errno.
 */
int vcanmc_linkinfo_put(struct nl_msg *msg, const struct vcanmc_cfg *cfg);

/* Parse the attributes nested in IFLA_INFO_DATA into cfg, which starts
 * from vcanmc_cfg_init(). Attributes newer than this code are ignored; a
 * known attribute of the wrong length gives -EBADMSG.
 */
int vcanmc_cfg_parse(struct vcanmc_cfg *cfg, const struct nlattr *data);

/* Parse an RTM_NEWLINK (or RTM_DELLINK) message. Returns 0 or -EBADMSG. */
int vcanmc_link_parse(struct vcanmc_link *link, const struct nlmsghdr *nlh);

/* The payload of attribute attr in cfg, *len bytes in host byte order as
 * the kernel takes it; NULL if attr is not in cfg->mask, or not one that
 * a request may carry.
 */
const void *vcanmc_cfg_payload(const struct vcanmc_cfg *cfg, int attr,
			       size_t *len);

/* Take the payload of attribute attr into cfg and its mask. Attributes
 * newer than this code are ignored; a known one of the wrong length gives
 * -EBADMSG.
 */
int vcanmc_cfg_set(struct vcanmc_cfg *cfg, int attr, const void *data,
		   size_t len);

/* A peer as the CLI takes it: ADDR, ADDR:PORT or [ADDR6]:PORT */
#define VCANMC_PEERSTRLEN	(INET6_ADDRSTRLEN + 8)
void vcanmc_peer_str(const struct vcanmc_peer *p, char *buf, size_t len);

/* Names of enum vcanmc_encap: NULL for an unknown value, -EINVAL from
 * vcanmc_encap_parse() for an unknown name.
 */
const char *vcanmc_encap_name(uint32_t encap);
int vcanmc_encap_parse(const char *name, uint32_t *encap);

/* The same for enum vcanmc_transport: "udp", "ethernet" */
const char *vcanmc_transport_name(uint8_t transport);
int vcanmc_transport_parse(const char *name, uint8_t *transport);
/* Its name, or "unknown(N)" written into @buf, for output */
const char *vcanmc_transport_str(uint8_t transport, char *buf, size_t len);

/* The same for enum vcanmc_order: "local", "global" */
const char *vcanmc_order_name(uint8_t order);
int vcanmc_order_parse(const char *name, uint8_t *order);
const char *vcanmc_order_str(uint8_t order, char *buf, size_t len);

/* An IEEE 1722 stream ID as the CLI takes it: "auto" (0), decimal, or 0x
 * and up to 16 hex digits; no sign or blank. -EINVAL, or -ERANGE above
 * 64 bits. vcanmc_stream_id_str() writes "auto" or 0x and 16 hex digits.
 */
#define VCANMC_STREAMIDSTRLEN	19
int vcanmc_stream_id_parse(const char *s, uint64_t *id);
void vcanmc_stream_id_str(uint64_t id, char *buf, size_t len);

/* Whether text output shows the IEEE 1722 setting @attr (STREAM_ID,
 * BUS_ID, TRANSPORT, DEST_MAC) of @cfg: always with encap ieee1722, else
 * only when it is not the default. JSON shows them all.
 */
bool vcanmc_cfg_1722_shown(const struct vcanmc_cfg *cfg, int attr);

/* A MAC address as XX:XX:XX:XX:XX:XX, two hex digits each, either case;
 * -EINVAL for anything else. vcanmc_mac_str() writes lower case.
 */
#define VCANMC_MACSTRLEN	18
int vcanmc_mac_parse(const char *s, uint8_t mac[6]);
void vcanmc_mac_str(const uint8_t mac[6], char *buf, size_t len);

#endif /* VCANMC_LIB_LINK_H */
