// SPDX-License-Identifier: GPL-2.0
/*
 * link_vcanmc.so: the vcanmc link type for ip(8) of iproute2 6.1, so that
 *
 *   ip link add vmc0 type vcanmc group 239.74.163.2 port 43113 bitrate 500000
 *   ip link set vmc0 type vcanmc dbitrate 2000000
 *   ip -d link show vmc0		(and ip -d -j link show vmc0)
 *
 * take and show a vcanmc device's settings in the words of "vcanmc add",
 * parsed and checked by the CLI's own parser (cli/args.c). ip dlopen()s it
 * from its plugin directory (IP_LIB_DIR; Debian: /usr/lib/<multiarch>/ip)
 * when it meets the kind "vcanmc"; ip61.h says what it relies on.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_link.h>

#include "args.h"
#include "ip61.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ip link add NAME [mtu 16|72|76-2060] type vcanmc [OPTIONS]\n"
		"       ip link set NAME type vcanmc OPTIONS\n"
		"OPTIONS: [group ADDR|none] [port N] [ttl N] [dev IFACE] [encap ENCAP]\n"
		"         [mcast-loop on|off] [bitrate N] [dbitrate N] [xlbitrate N]\n"
		"         [rx-error-frames on|off] [peer ADDR[:PORT]]... [peers none]\n"
		"         [peers-only on|off] [stream-id auto|N] [bus-id N]\n"
		"         [transport udp|ethernet] [dest-mac XX:XX:XX:XX:XX:XX]\n"
		"         [order local|global]\n"
		"as for vcanmc add (encap ieee1722 without a port: port %d);\n"
		"\"vcanmc help add\" and vcanmc(8) say what they do.\n", VCANMC_IEEE1722_PORT);
}

static int resolve(void *ctx, const char *name, uint32_t *ifindex)
{
	*ifindex = if_nametoindex(name);
	if (!*ifindex)
		return errno == ENODEV || errno == ENXIO ? -ENODEV : -errno;
	return 0;
}

/* What ip put into the request before the kind: the name and the MTU,
 * which the rate checks of a new device need.
 */
static void request_name_mtu(struct nlmsghdr *n, struct cli_args *args)
{
	int len = (int)n->nlmsg_len - NLMSG_SPACE(sizeof(struct ifinfomsg));
	struct rtattr *rta = (void *)((char *)n + NLMSG_SPACE(sizeof(struct ifinfomsg)));

	/* IFLA_LINKINFO, still open, comes last. */
	for (; RTA_OK(rta, len) && rta->rta_type != IFLA_LINKINFO; rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == IFLA_MTU && RTA_PAYLOAD(rta) == sizeof(uint32_t))
			memcpy(&args->mtu, RTA_DATA(rta), sizeof(uint32_t));
		else if (rta->rta_type == IFLA_IFNAME && RTA_PAYLOAD(rta) > 0 &&
			 ((char *)RTA_DATA(rta))[RTA_PAYLOAD(rta) - 1] == '\0')
			args->name = RTA_DATA(rta);
	}
}

static int vcanmc_parse_opt(struct link_util *lu, int argc, char **argv,
			    struct nlmsghdr *n)
{
	bool create = n->nlmsg_flags & NLM_F_CREATE;
	struct cli_args args = { .cmd = create ? CLI_CMD_ADD : CLI_CMD_SET };
	const void *payload;
	char err[CLI_ERR_LEN];
	size_t len;
	int attr;

	if (cli_args_parse_opts(&args, argc, argv, err, sizeof(err)))
		goto err;
	if (args.cmd == CLI_CMD_HELP) {
		usage(stderr);
		return -1;
	}
	/* IFLA_MTU is no vcanmc attribute: ip takes it before the kind. */
	if (args.mtu) {
		fprintf(stderr, "vcanmc: give mtu before \"type vcanmc\": ip link add NAME mtu %u type vcanmc ...\n",
			args.mtu);
		return -1;
	}
	if (cli_args_resolve(&args, resolve, NULL, err, sizeof(err)))
		goto err;
	/* A new device's rates against its MTU; "ip link set" does not know
	 * the device as it is ("vcanmc set" does).
	 */
	if (create) {
		request_name_mtu(n, &args);
		if (!args.name)
			args.name = "the device";
		if (cli_args_check_rates(&args, NULL, err, sizeof(err)))
			goto err;
	}

	for (attr = IFLA_VCANMC_UNSPEC + 1; attr <= IFLA_VCANMC_MAX; attr++) {
		payload = vcanmc_cfg_payload(&args.cfg, attr, &len);
		if (payload && addattr_l(n, IP61_REQ_MAXLEN, attr, payload, (int)len))
			return -1;
	}
	return 0;

err:
	fprintf(stderr, "vcanmc: %s\nTry \"ip link help vcanmc\".\n", err);
	return -1;
}

static void print_str(const char *key, const char *fmt, const char *value)
{
	print_color_string(PRINT_ANY, COLOR_NONE, key, fmt, value);
}

static void print_u32(const char *key, const char *fmt, unsigned int value)
{
	print_color_uint(PRINT_ANY, COLOR_NONE, key, fmt, value);
}

/* A flag: JSON true or false, text "WORD on" or "WORD off" */
static void print_flag(const char *key, const char *word, bool value)
{
	char fmt[48];

	print_color_bool(PRINT_JSON, COLOR_NONE, key, NULL, value);
	snprintf(fmt, sizeof(fmt), "%s %%s ", word);
	print_color_string(PRINT_FP, COLOR_NONE, NULL, fmt, value ? "on" : "off");
}

/* The underlay, as "vcanmc show" has it: by name, "any" for 0, and one
 * that is gone by its index (JSON: dev null, dev_gone true).
 */
static void print_dev(const struct vcanmc_cfg *cfg)
{
	char name[IF_NAMESIZE] = "any";
	bool gone = vcanmc_cfg_has(cfg, IFLA_VCANMC_LINK_GONE);

	if (!gone && cfg->link && !if_indextoname(cfg->link, name))
		gone = true;	/* gone since the kernel answered */
	if (gone) {
		print_color_null(PRINT_JSON, COLOR_NONE, "dev", NULL, NULL);
		print_color_uint(PRINT_FP, COLOR_NONE, NULL, "dev %u (gone) ", cfg->link);
	} else {
		print_str("dev", "dev %s ", name);
	}
	print_color_uint(PRINT_JSON, COLOR_NONE, "dev_index", NULL, cfg->link);
	if (gone)
		print_color_bool(PRINT_JSON, COLOR_NONE, "dev_gone", NULL, true);
}

/* As "vcanmc show": JSON all, text with encap ieee1722 or when not the
 * default
 */
static void print_1722(const struct vcanmc_cfg *cfg)
{
	char buf[VCANMC_STREAMIDSTRLEN > VCANMC_MACSTRLEN ? VCANMC_STREAMIDSTRLEN :
		 VCANMC_MACSTRLEN];
	const char *name;

#define TYPE(attr)	(vcanmc_cfg_1722_shown(cfg, attr) ? PRINT_ANY : PRINT_JSON)
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_STREAM_ID)) {
		vcanmc_stream_id_str(cfg->stream_id, buf, sizeof(buf));
		print_color_string(TYPE(IFLA_VCANMC_STREAM_ID), COLOR_NONE, "stream_id",
				   "stream-id %s ", buf);
	}
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_BUS_ID))
		print_color_uint(TYPE(IFLA_VCANMC_BUS_ID), COLOR_NONE, "bus_id", "bus-id %u ",
				 cfg->bus_id);
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_TRANSPORT)) {
		name = vcanmc_transport_str(cfg->transport, buf, sizeof(buf));
		print_color_string(TYPE(IFLA_VCANMC_TRANSPORT), COLOR_NONE, "transport",
				   "transport %s ", name);
	}
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_DEST_MAC)) {
		vcanmc_mac_str(cfg->dest_mac, buf, sizeof(buf));
		print_color_string(TYPE(IFLA_VCANMC_DEST_MAC), COLOR_NONE, "dest_mac",
				   "dest-mac %s ", buf);
	}
#undef TYPE
}

/* As "vcanmc show": JSON always, text only global */
static void print_order(const struct vcanmc_cfg *cfg)
{
	char buf[16];

	print_color_string(cfg->order != VCANMC_ORDER_LOCAL ? PRINT_ANY : PRINT_JSON, COLOR_NONE,
			   "order", "order %s ", vcanmc_order_str(cfg->order, buf, sizeof(buf)));
}

/* JSON: an array of strings as the CLI takes them; text: "peer P" each */
static void print_peers(const struct vcanmc_cfg *cfg)
{
	char buf[VCANMC_PEERSTRLEN];
	unsigned int i;

	open_json_array(PRINT_JSON, "peers");
	for (i = 0; i < cfg->npeers; i++) {
		vcanmc_peer_str(&cfg->peers[i], buf, sizeof(buf));
		print_str(NULL, "peer %s ", buf);
	}
	close_json_array(PRINT_JSON, NULL);
}

static void vcanmc_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	struct vcanmc_cfg cfg;
	char addr[INET6_ADDRSTRLEN];
	const char *encap;
	int attr;

	if (!tb)
		return;
	vcanmc_cfg_init(&cfg);
	for (attr = IFLA_VCANMC_UNSPEC + 1; attr <= IFLA_VCANMC_MAX; attr++) {
		if (tb[attr] && vcanmc_cfg_set(&cfg, attr, RTA_DATA(tb[attr]),
					       RTA_PAYLOAD(tb[attr]))) {
			/* ip -j: a key of its own, or the object breaks */
			print_color_string(PRINT_FP, COLOR_NONE, NULL, "%s",
					   "(malformed vcanmc attributes) ");
			print_color_string(PRINT_JSON, COLOR_NONE, "error", NULL,
					   "malformed vcanmc attributes");
			return;
		}
	}

	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_GROUP) && !vcanmc_cfg_has_group(&cfg))
		print_str("group", "group %s ", "none");
	else if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_GROUP))
		print_str("group", "group %s ",
			  inet_ntop(AF_INET, &cfg.group, addr, sizeof(addr)));
	else if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_GROUP6) && !vcanmc_cfg_has_group(&cfg))
		print_str("group", "group %s ", "none");
	else if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_GROUP6))
		print_str("group", "group %s ",
			  inet_ntop(AF_INET6, &cfg.group6, addr, sizeof(addr)));
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_PORT))
		print_u32("port", "port %u ", cfg.port);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_TTL))
		print_u32("ttl", "ttl %u ", cfg.ttl);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_LINK))
		print_dev(&cfg);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_ENCAP)) {
		encap = vcanmc_encap_name(cfg.encap);
		if (encap)
			print_str("encap", "encap %s ", encap);
		else
			print_u32("encap", "encap %u ", cfg.encap);
	}
	print_1722(&cfg);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_ORDER))
		print_order(&cfg);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_MCAST_LOOP))
		print_flag("mcast_loop", "mcast-loop", cfg.mcast_loop);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_RX_ERR_FRAMES))
		print_flag("rx_error_frames", "rx-error-frames", cfg.rx_err_frames);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_PEERS))
		print_peers(&cfg);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_PEERS_ONLY))
		print_flag("peers_only", "peers-only", cfg.peers_only);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_BITRATE))
		print_u32("bitrate", "bitrate %u ", cfg.bitrate);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_DBITRATE))
		print_u32("dbitrate", "dbitrate %u ", cfg.dbitrate);
	if (vcanmc_cfg_has(&cfg, IFLA_VCANMC_XLBITRATE))
		print_u32("xlbitrate", "xlbitrate %u ", cfg.xlbitrate);
}

static void vcanmc_print_help(struct link_util *lu, int argc, char **argv, FILE *f)
{
	usage(f);
}

/* The name ip looks up, and the one symbol the plugin exports */
__attribute__((visibility("default")))
struct link_util vcanmc_link_util = {
	.id		= VCANMC_KIND,
	.maxattr	= IFLA_VCANMC_MAX,
	.parse_opt	= vcanmc_parse_opt,
	.print_opt	= vcanmc_print_opt,
	.print_help	= vcanmc_print_help,
};
