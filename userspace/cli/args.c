// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc command line parsing. The words follow iproute2's vxlan ("group",
 * "port" or "dstport", "ttl" or "hoplimit", "dev"); every value is checked
 * here, before anything is sent to the kernel, so that a typo never
 * half-configures a device.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* "mtu", the one keyword that sets no IFLA_VCANMC_* attribute but IFLA_MTU:
 * a number past them, for the table and the duplicate check only.
 */
#define KW_MTU		(IFLA_VCANMC_MAX + 1)

/* Keywords of add/set, each with the attribute it sets */
static const struct {
	const char *word;
	int attr;
} keywords[] = {
	{ "group",	IFLA_VCANMC_GROUP },	/* or IFLA_VCANMC_GROUP6 */
	{ "port",	IFLA_VCANMC_PORT },
	{ "dstport",	IFLA_VCANMC_PORT },	/* vxlan's word */
	{ "ttl",	IFLA_VCANMC_TTL },
	{ "hoplimit",	IFLA_VCANMC_TTL },	/* vxlan's word for IPv6 */
	{ "dev",	IFLA_VCANMC_LINK },
	{ "encap",	IFLA_VCANMC_ENCAP },
	{ "mcast-loop",	IFLA_VCANMC_MCAST_LOOP },
	{ "bitrate",	IFLA_VCANMC_BITRATE },
	{ "dbitrate",	IFLA_VCANMC_DBITRATE },
	{ "xlbitrate",	IFLA_VCANMC_XLBITRATE },
	{ "rx-error-frames", IFLA_VCANMC_RX_ERR_FRAMES },
	{ "peer",	IFLA_VCANMC_PEERS },	/* repeated: one each */
	{ "peers",	IFLA_VCANMC_PEERS },	/* "peers none" */
	{ "peers-only",	IFLA_VCANMC_PEERS_ONLY },
	{ "stream-id",	IFLA_VCANMC_STREAM_ID },
	{ "bus-id",	IFLA_VCANMC_BUS_ID },
	{ "transport",	IFLA_VCANMC_TRANSPORT },
	{ "dest-mac",	IFLA_VCANMC_DEST_MAC },
	{ "order",	IFLA_VCANMC_ORDER },
	{ "mtu",	KW_MTU },
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const char *cli_synopsis(enum cli_cmd cmd)
{
	switch (cmd) {
	case CLI_CMD_ADD:
		return "vcanmc add [name] NAME [group ADDR|none] [port N] [ttl N] [dev IFACE]"
		       " [encap ENCAP] [mcast-loop on|off] [bitrate N] [dbitrate N] [xlbitrate N]"
		       " [rx-error-frames on|off] [peer ADDR[:PORT]]... [peers-only on|off]"
		       " [stream-id auto|N] [bus-id N] [transport udp|ethernet] [dest-mac MAC]"
		       " [order local|global] [mtu 16|72|76-2060]";
	case CLI_CMD_SET:
		return "vcanmc set NAME [group ADDR|none] [port N] [ttl N] [dev IFACE] [encap ENCAP]"
		       " [mcast-loop on|off] [bitrate N] [dbitrate N] [xlbitrate N]"
		       " [rx-error-frames on|off] [peer ADDR[:PORT]]...|[peers none]"
		       " [peers-only on|off] [stream-id auto|N] [bus-id N] [transport udp|ethernet]"
		       " [dest-mac MAC] [order local|global] [mtu 16|72|76-2060]";
	case CLI_CMD_DEL:
		return "vcanmc del NAME";
	case CLI_CMD_SHOW:
		return "vcanmc show [NAME] [-s|--stats] [-j|--json] [-p|--pretty]";
	case CLI_CMD_STATUS:
		return "vcanmc status [NAME] [-j|--json] [-p|--pretty]";
	default:
		return "vcanmc [-n NETNS] [-j] [-p] [-s] {add|set|del|show|status|help} ...";
	}
}

/* Decimal digits only: no sign, no blanks, no base prefix */
static int parse_uint(const char *s, unsigned long min, unsigned long max,
		      unsigned long *val)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -ERANGE;
	}
	if (v < min)
		return -ERANGE;
	*val = v;
	return 0;
}

/* The rules of the kernel's dev_valid_name(), so that a bad name is
 * reported as such and not as a missing device.
 */
static int check_name(const char *what, const char *name,
		      char *err, size_t errlen)
{
	const char *c;

	if (!*name)
		return fail(err, errlen, "invalid %s \"\": empty", what);
	if (strlen(name) >= IFNAMSIZ)
		return fail(err, errlen,
			    "invalid %s \"%s\": longer than %d characters",
			    what, name, IFNAMSIZ - 1);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return fail(err, errlen, "invalid %s \"%s\"", what, name);
	/* The kernel allows it, but it would read as an option. */
	if (name[0] == '-')
		return fail(err, errlen,
			    "invalid %s \"%s\": may not start with '-'", what,
			    name);
	for (c = name; *c; c++) {
		if (*c == '/' || *c == ':' || *c == ' ' ||
		    (*c >= '\t' && *c <= '\r'))
			return fail(err, errlen,
				    "invalid %s \"%s\": may not contain '/', ':' or whitespace",
				    what, name);
	}
	return 0;
}

/* "group none": of the family of the peers given with it, else IPv6 (the
 * default group's): the kernel refuses it if the link's peers are IPv4.
 */
static void group_none(struct vcanmc_cfg *cfg)
{
	cfg->mask &= ~(VCANMC_CFG_BIT(IFLA_VCANMC_GROUP) | VCANMC_CFG_BIT(IFLA_VCANMC_GROUP6));
	memset(&cfg->group, 0, sizeof(cfg->group));
	memset(&cfg->group6, 0, sizeof(cfg->group6));
	if (cfg->npeers && cfg->peers[0].family == AF_INET)
		cfg->mask |= VCANMC_CFG_BIT(IFLA_VCANMC_GROUP);
	else
		cfg->mask |= VCANMC_CFG_BIT(IFLA_VCANMC_GROUP6);
}

static int parse_group(struct cli_args *args, const char *s, char *err, size_t errlen)
{
	struct vcanmc_cfg *cfg = &args->cfg;

	if (!strcmp(s, "none")) {
		args->group_none = true;
		group_none(cfg);
		return 0;
	}
	if (inet_pton(AF_INET, s, &cfg->group) == 1) {
		/* 0.0.0.0: none, of IPv4 */
		if (cfg->group.s_addr != htonl(INADDR_ANY) && !IN_MULTICAST(ntohl(cfg->group.s_addr)))
			goto not_multicast;
		cfg->mask |= VCANMC_CFG_BIT(IFLA_VCANMC_GROUP);
		return 0;
	}
	if (inet_pton(AF_INET6, s, &cfg->group6) == 1) {
		if (!IN6_IS_ADDR_UNSPECIFIED(&cfg->group6) && !IN6_IS_ADDR_MULTICAST(&cfg->group6))
			goto not_multicast;
		cfg->mask |= VCANMC_CFG_BIT(IFLA_VCANMC_GROUP6);
		return 0;
	}
	return fail(err, errlen,
		    "invalid group \"%s\": not an IPv4 or IPv6 address", s);

not_multicast:
	return fail(err, errlen,
		    "invalid group \"%s\": not a multicast address (224.0.0.0/4 or ff00::/8)",
		    s);
}

/* ADDR, ADDR:PORT or [ADDR6]:PORT into @p */
static int peer_addr(const char *s, struct vcanmc_peer *p)
{
	char buf[INET6_ADDRSTRLEN + 8], *port = NULL, *end;
	bool bracket = false;
	unsigned long v;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	if (buf[0] == '[') {
		end = strchr(buf, ']');
		if (!end || (end[1] && end[1] != ':'))
			return -EINVAL;
		*end = '\0';
		bracket = true;
		port = end[1] ? end + 2 : NULL;
		memmove(buf, buf + 1, strlen(buf + 1) + 1);
	} else if (strchr(buf, ':') == strrchr(buf, ':') && strchr(buf, ':')) {
		port = strchr(buf, ':');	/* one colon: IPv4:PORT */
		*port++ = '\0';
	}
	memset(p, 0, sizeof(*p));
	if (port && parse_uint(port, 1, 65535, &v))
		return -ERANGE;
	p->port = port ? (uint16_t)v : 0;
	if (!bracket && inet_pton(AF_INET, buf, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, p->addr) == 1)
		p->family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

static bool peer_unicast(const struct vcanmc_peer *p)
{
	struct in6_addr a6;
	uint32_t a4;

	if (p->family == AF_INET) {
		memcpy(&a4, p->addr, 4);
		a4 = ntohl(a4);
		return a4 >> 24 && a4 != INADDR_BROADCAST && !IN_MULTICAST(a4);
	}
	memcpy(&a6, p->addr, 16);
	return !IN6_IS_ADDR_UNSPECIFIED(&a6) && !IN6_IS_ADDR_MULTICAST(&a6) &&
	       !IN6_IS_ADDR_V4MAPPED(&a6);
}

/* "peer ADDR[:PORT]", once per peer, or "peers none" */
static int parse_peer(struct cli_args *args, const char *word, const char *val,
		      char *err, size_t errlen)
{
	struct vcanmc_cfg *cfg = &args->cfg;
	struct vcanmc_peer p;
	unsigned int i;
	int ret;

	if (!strcmp(word, "peers")) {
		if (strcmp(val, "none"))
			return fail(err, errlen,
				    "invalid peers \"%s\": only \"peers none\"; give each with \"peer ADDR\"",
				    val);
		if (cfg->npeers || args->peers_none)
			return fail(err, errlen, "\"peers none\" with \"peer\"");
		args->peers_none = true;
	} else {
		if (args->peers_none)
			return fail(err, errlen, "\"peer\" with \"peers none\"");
		ret = peer_addr(val, &p);
		if (ret == -ERANGE)
			return fail(err, errlen, "invalid peer \"%s\": port must be 1-65535", val);
		if (ret)
			return fail(err, errlen,
				    "invalid peer \"%s\": must be a numeric ADDR, ADDR:PORT or [ADDR6]:PORT",
				    val);
		if (!peer_unicast(&p))
			return fail(err, errlen,
				    "invalid peer \"%s\": not a unicast address", val);
		if (cfg->npeers && cfg->peers[0].family != p.family)
			return fail(err, errlen,
				    "invalid peer \"%s\": peers are all IPv4 or all IPv6", val);
		for (i = 0; i < cfg->npeers; i++)
			if (!memcmp(&cfg->peers[i], &p, sizeof(p)))
				return fail(err, errlen, "duplicate peer \"%s\"", val);
		if (cfg->npeers == VCANMC_PEERS_MAX)
			return fail(err, errlen, "too many peers: at most %d",
				    VCANMC_PEERS_MAX);
		cfg->peers[cfg->npeers++] = p;
		if (args->group_none)
			group_none(cfg);	/* of the peers' family */
	}
	cfg->mask |= VCANMC_CFG_BIT(IFLA_VCANMC_PEERS);
	return 0;
}

/* "WORD on|off" into @flag */
static int on_off(const char *word, const char *val, uint8_t *flag, struct vcanmc_cfg *cfg,
		  int attr, char *err, size_t errlen)
{
	if (strcmp(val, "on") && strcmp(val, "off"))
		return fail(err, errlen, "invalid %s \"%s\": must be on or off", word, val);
	*flag = !strcmp(val, "on");
	cfg->mask |= VCANMC_CFG_BIT(attr);
	return 0;
}

static int parse_value(struct cli_args *args, int attr, const char *word,
		       const char *val, char *err, size_t errlen)
{
	struct vcanmc_cfg *cfg = &args->cfg;
	unsigned long v;

	switch (attr) {
	case KW_MTU:
		/* The kernel's rule (vcanmc_mtu_valid()): which frames the
		 * device takes.
		 */
		if (parse_uint(val, CLI_MTU_CAN, CLI_MTU_CANXL_MAX, &v) ||
		    (v != CLI_MTU_CAN && v != CLI_MTU_CANFD && v < CLI_MTU_CANXL_MIN))
			return fail(err, errlen,
				    "invalid mtu \"%s\": must be %d (classic CAN), %d (CAN FD) or %d-%d (CAN XL)",
				    val, CLI_MTU_CAN, CLI_MTU_CANFD, CLI_MTU_CANXL_MIN,
				    CLI_MTU_CANXL_MAX);
		args->mtu = (uint32_t)v;
		return 0;
	case IFLA_VCANMC_GROUP:
		return parse_group(args, val, err, errlen);
	case IFLA_VCANMC_PEERS:
		return parse_peer(args, word, val, err, errlen);
	case IFLA_VCANMC_PEERS_ONLY:
		return on_off(word, val, &cfg->peers_only, cfg, attr, err, errlen);
	case IFLA_VCANMC_PORT:
		if (parse_uint(val, 1, 65535, &v))
			return fail(err, errlen,
				    "invalid %s \"%s\": must be 1-65535", word, val);
		cfg->port = (uint16_t)v;
		break;
	case IFLA_VCANMC_TTL:
		if (parse_uint(val, 1, 255, &v))
			return fail(err, errlen,
				    "invalid %s \"%s\": must be 1-255", word, val);
		cfg->ttl = (uint8_t)v;
		break;
	case IFLA_VCANMC_LINK:
		/* The lookup needs the network namespace: see
		 * cli_args_resolve().
		 */
		if (strcmp(val, "any") && strcmp(val, "none") &&
		    check_name(word, val, err, errlen))
			return -EINVAL;
		args->dev = val;
		break;
	case IFLA_VCANMC_ENCAP:
		if (vcanmc_encap_parse(val, &cfg->encap))
			return fail(err, errlen,
				    "invalid encap \"%s\": must be python-can, python-can-batch, norm or ieee1722",
				    val);
		break;
	case IFLA_VCANMC_STREAM_ID:
		if (vcanmc_stream_id_parse(val, &cfg->stream_id))
			return fail(err, errlen,
				    "invalid stream-id \"%s\": must be auto or a 64-bit number, decimal or 0x hex",
				    val);
		break;
	case IFLA_VCANMC_BUS_ID:
		if (parse_uint(val, 0, VCANMC_BUS_ID_MAX, &v))
			return fail(err, errlen, "invalid bus-id \"%s\": must be 0-%d", val,
				    VCANMC_BUS_ID_MAX);
		cfg->bus_id = (uint16_t)v;
		break;
	case IFLA_VCANMC_TRANSPORT:
		if (vcanmc_transport_parse(val, &cfg->transport))
			return fail(err, errlen,
				    "invalid transport \"%s\": must be udp or ethernet", val);
		break;
	case IFLA_VCANMC_DEST_MAC:
		if (vcanmc_mac_parse(val, cfg->dest_mac))
			return fail(err, errlen,
				    "invalid dest-mac \"%s\": must be XX:XX:XX:XX:XX:XX", val);
		if (!memcmp(cfg->dest_mac, "\0\0\0\0\0\0", sizeof(cfg->dest_mac)))
			return fail(err, errlen,
				    "invalid dest-mac \"%s\": no address, must not be all zero", val);
		break;
	case IFLA_VCANMC_ORDER:
		if (vcanmc_order_parse(val, &cfg->order))
			return fail(err, errlen,
				    "invalid order \"%s\": must be local or global", val);
		break;
	case IFLA_VCANMC_MCAST_LOOP:
		return on_off(word, val, &cfg->mcast_loop, cfg, attr, err, errlen);
	case IFLA_VCANMC_RX_ERR_FRAMES:
		return on_off(word, val, &cfg->rx_err_frames, cfg, attr, err, errlen);
	case IFLA_VCANMC_BITRATE:
		if (parse_uint(val, 0, VCANMC_BITRATE_MAX, &v))
			return fail(err, errlen,
				    "invalid bitrate \"%s\": must be 0 (unlimited) to %u bit/s",
				    val, VCANMC_BITRATE_MAX);
		cfg->bitrate = (uint32_t)v;
		break;
	case IFLA_VCANMC_DBITRATE:
	case IFLA_VCANMC_XLBITRATE:
		if (parse_uint(val, 0, VCANMC_DBITRATE_MAX, &v))
			return fail(err, errlen,
				    "invalid %s \"%s\": must be 0 to %u bit/s", word, val,
				    VCANMC_DBITRATE_MAX);
		if (attr == IFLA_VCANMC_DBITRATE)
			cfg->dbitrate = (uint32_t)v;
		else
			cfg->xlbitrate = (uint32_t)v;
		break;
	}
	cfg->mask |= VCANMC_CFG_BIT(attr);
	return 0;
}

/* "help" where a name or keyword goes: the help of the command at hand,
 * as "ip link add help" has it.
 */
static bool is_help(const char *word)
{
	return !strcmp(word, "help");
}

/* Help instead of the command: nothing of it is kept */
static int want_help(struct cli_args *args)
{
	args->name = NULL;
	args->dev = NULL;
	memset(&args->cfg, 0, sizeof(args->cfg));
	args->topic = args->cmd;
	args->cmd = CLI_CMD_HELP;
	return 0;
}

/* Peers given with a group are of its family (the kernel checks them
 * against the link's when no group is given)
 */
static int check_peer_family(const struct cli_args *args, char *err, size_t errlen)
{
	const struct vcanmc_cfg *cfg = &args->cfg;
	bool group = cfg->mask & (VCANMC_CFG_BIT(IFLA_VCANMC_GROUP) |
				  VCANMC_CFG_BIT(IFLA_VCANMC_GROUP6));

	/* A new link without a group gets the default one, IPv6 */
	if (!cfg->npeers || (!group && args->cmd != CLI_CMD_ADD))
		return 0;
	if (cfg->peers[0].family == vcanmc_cfg_family(cfg))
		return 0;
	return fail(err, errlen, "the peers are %s, the group is not%s: give group none, or a group of theirs",
		    cfg->peers[0].family == AF_INET ? "IPv4" : "IPv6",
		    group ? "" : " (the default group is IPv6)");
}

/* Ethernet carries IEEE 1722 alone, on a dev, to no peers: said in the
 * CLI's words where the request tells (the kernel judges the rest, a set
 * against the link's settings)
 */
static int check_ethernet(const struct cli_args *args, char *err, size_t errlen)
{
	const struct vcanmc_cfg *cfg = &args->cfg;

	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_TRANSPORT) ||
	    cfg->transport != VCANMC_TRANSPORT_ETHERNET)
		return 0;
	if (cfg->npeers)
		return fail(err, errlen, "transport ethernet takes no peers: it sends to dest-mac");
	if (args->cmd != CLI_CMD_ADD)
		return 0;
	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_ENCAP) || cfg->encap != VCANMC_ENCAP_IEEE1722)
		return fail(err, errlen, "transport ethernet needs encap ieee1722");
	if (!args->dev || !strcmp(args->dev, "any") || !strcmp(args->dev, "none"))
		return fail(err, errlen, "transport ethernet needs dev, the device to send on");
	return 0;
}

static int find_keyword(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(word, keywords[i].word))
			return (int)i;
	return -1;
}

int cli_args_parse_opts(struct cli_args *args, int argc, char **argv,
			char *err, size_t errlen)
{
	unsigned int seen = 0;
	int i, k, ret;

	for (i = 0; i < argc; i += 2) {
		if (is_help(argv[i]))
			return want_help(args);
		k = find_keyword(argv[i]);
		if (k < 0)
			return fail(err, errlen, "unknown option \"%s\"",
				    argv[i]);
		/* "port 1 dstport 2" sets one attribute twice; "peer" is
		 * given once per peer ("peers none" with one, parse_peer()
		 * says)
		 */
		if (seen & (1u << keywords[k].attr) && strcmp(argv[i], "peer") &&
		    strcmp(argv[i], "peers"))
			return fail(err, errlen, "duplicate option \"%s\"",
				    argv[i]);
		seen |= 1u << keywords[k].attr;
		if (i + 1 >= argc)
			return fail(err, errlen, "missing value for \"%s\"",
				    argv[i]);
		ret = parse_value(args, keywords[k].attr, argv[i], argv[i + 1],
				  err, errlen);
		if (ret)
			return ret;
	}
	ret = check_ethernet(args, err, errlen);
	if (!ret)
		ret = check_peer_family(args, err, errlen);
	if (ret)
		return ret;
	/* A new link with peers takes datagrams from them only, unless
	 * told otherwise: bound to every address, it hears anyone who can
	 * reach this host
	 */
	if (args->cmd == CLI_CMD_ADD && args->cfg.npeers &&
	    !(args->cfg.mask & VCANMC_CFG_BIT(IFLA_VCANMC_PEERS_ONLY))) {
		args->cfg.peers_only = 1;
		args->cfg.mask |= VCANMC_CFG_BIT(IFLA_VCANMC_PEERS_ONLY);
	}
	/* A new IEEE 1722 link listens where 1722 gateways send: IANA's port */
	if (args->cmd == CLI_CMD_ADD && vcanmc_cfg_has(&args->cfg, IFLA_VCANMC_ENCAP) &&
	    args->cfg.encap == VCANMC_ENCAP_IEEE1722 &&
	    !vcanmc_cfg_has(&args->cfg, IFLA_VCANMC_PORT)) {
		args->cfg.port = VCANMC_IEEE1722_PORT;
		args->cfg.mask |= VCANMC_CFG_BIT(IFLA_VCANMC_PORT);
	}
	return 0;
}

/* add/set: NAME followed by keyword/value pairs */
static int parse_link_opts(struct cli_args *args, int argc, char **argv,
			   char *err, size_t errlen)
{
	int ret;

	/* "add name NAME", as "ip link add name NAME" (for set, ip's "name"
	 * renames: not here).
	 */
	if (args->cmd == CLI_CMD_ADD && argc >= 2 && !strcmp(argv[0], "name")) {
		argc--;
		argv++;
	}
	if (argc < 1)
		return fail(err, errlen, "missing device name");
	if (is_help(argv[0]))
		return want_help(args);
	if (find_keyword(argv[0]) >= 0)
		return fail(err, errlen, "missing device name before \"%s\"",
			    argv[0]);
	if (check_name("name", argv[0], err, errlen))
		return -EINVAL;
	args->name = argv[0];

	ret = cli_args_parse_opts(args, argc - 1, argv + 1, err, errlen);
	if (ret || args->cmd == CLI_CMD_HELP)
		return ret;
	if (args->cmd == CLI_CMD_SET && !args->cfg.mask && !args->mtu)
		return fail(err, errlen, "nothing to set: give at least one option");
	return 0;
}

static int parse_del(struct cli_args *args, int argc, char **argv,
		     char *err, size_t errlen)
{
	if (argc < 1)
		return fail(err, errlen, "missing device name");
	if (is_help(argv[0]))
		return want_help(args);
	if (check_name("name", argv[0], err, errlen))
		return -EINVAL;
	if (argc > 1)
		return fail(err, errlen, "unexpected argument \"%s\"", argv[1]);
	args->name = argv[0];
	return 0;
}

static int parse_show(struct cli_args *args, int argc, char **argv,
		      char *err, size_t errlen)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (is_help(argv[i])) {
			return want_help(args);
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			args->json = true;
		} else if (args->cmd == CLI_CMD_SHOW &&
			   (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--stats"))) {
			args->stats = true;
		} else if (args->cmd == CLI_CMD_SHOW &&
			   (!strcmp(argv[i], "-d") || !strcmp(argv[i], "--details"))) {
			args->details = true;
		} else if (!strcmp(argv[i], "-p") ||
			   !strcmp(argv[i], "--pretty")) {
			args->json = true;
			args->pretty = true;
		} else if (argv[i][0] == '-') {
			return fail(err, errlen, "unknown option \"%s\"",
				    argv[i]);
		} else if (args->name) {
			return fail(err, errlen, "unexpected argument \"%s\"",
				    argv[i]);
		} else {
			if (check_name("name", argv[i], err, errlen))
				return -EINVAL;
			args->name = argv[i];
		}
	}
	return 0;
}

static const struct {
	const char *word;
	enum cli_cmd cmd;
} commands[] = {
	{ "add",	CLI_CMD_ADD },
	{ "set",	CLI_CMD_SET },
	{ "del",	CLI_CMD_DEL },
	{ "delete",	CLI_CMD_DEL },
	{ "show",	CLI_CMD_SHOW },
	{ "list",	CLI_CMD_SHOW },
	{ "status",	CLI_CMD_STATUS },
	{ "help",	CLI_CMD_HELP },
};

static const struct option long_options[] = {
	{ "netns",	required_argument,	NULL, 'n' },
	{ "json",	no_argument,		NULL, 'j' },
	{ "pretty",	no_argument,		NULL, 'p' },
	{ "stats",	no_argument,		NULL, 's' },
	{ "details",	no_argument,		NULL, 'd' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

static int parse_global(struct cli_args *args, int argc, char **argv,
			char *err, size_t errlen)
{
	int opt;

	/* '+': options only before the command, as with ip(8); ':' to tell
	 * a missing value from an unknown option.
	 */
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:n:jpsdhV", long_options,
				  NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (!*optarg || strchr(optarg, '/') ||
			    !strcmp(optarg, ".") || !strcmp(optarg, ".."))
				return fail(err, errlen,
					    "invalid netns \"%s\"", optarg);
			args->netns = optarg;
			break;
		case 'j':
			args->json = true;
			break;
		case 'p':
			args->json = true;
			args->pretty = true;
			break;
		case 's':
			args->stats = true;
			break;
		case 'd':
			args->details = true;
			break;
		case 'h':
			args->cmd = CLI_CMD_HELP;
			break;
		case 'V':
			if (args->cmd != CLI_CMD_HELP)
				args->cmd = CLI_CMD_VERSION;
			break;
		case ':':
			return fail(err, errlen, "missing value for \"%s\"",
				    argv[optind - 1]);
		default:
			if (optopt)
				return fail(err, errlen,
					    "unknown option \"-%c\"", optopt);
			return fail(err, errlen, "unknown option \"%s\"",
				    argv[optind - 1]);
		}
	}
	return optind;
}

const char *cli_cmd_name(enum cli_cmd cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].cmd == cmd)
			return commands[i].word;
	return "";
}

static enum cli_cmd find_command(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(word, commands[i].word))
			return commands[i].cmd;
	return CLI_CMD_NONE;
}

/* "help [COMMAND]", "-h [COMMAND]" */
static int parse_help(struct cli_args *args, int argc, char **argv,
		      char *err, size_t errlen)
{
	args->cmd = CLI_CMD_HELP;
	if (argc < 1)
		return 0;
	args->topic = find_command(argv[0]);
	if (args->topic == CLI_CMD_NONE)
		return fail(err, errlen, "unknown command \"%s\"", argv[0]);
	if (argc > 1)
		return fail(err, errlen, "unexpected argument \"%s\"", argv[1]);
	return 0;
}

int cli_args_parse(struct cli_args *args, int argc, char **argv,
		   char *err, size_t errlen)
{
	const char *word;
	int i, ind;

	memset(args, 0, sizeof(*args));
	err[0] = '\0';
	ind = parse_global(args, argc, argv, err, errlen);
	if (ind < 0)
		return ind;
	if (args->cmd == CLI_CMD_HELP)
		return parse_help(args, argc - ind, argv + ind, err, errlen);
	if (args->cmd == CLI_CMD_VERSION)
		return 0;
	if (ind >= argc)
		return fail(err, errlen, "missing command");

	word = argv[ind++];
	args->cmd = find_command(word);
	if (args->cmd == CLI_CMD_HELP)
		return parse_help(args, argc - ind, argv + ind, err, errlen);
	if (args->cmd == CLI_CMD_NONE)
		return fail(err, errlen, "unknown command \"%s\"", word);
	/* "-h" or "--help" anywhere after the command, as a value too: the
	 * user asks how to write this command, not to run it.
	 */
	for (i = ind; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return want_help(args);

	argc -= ind;
	argv += ind;
	switch (args->cmd) {
	case CLI_CMD_ADD:
	case CLI_CMD_SET:
		return parse_link_opts(args, argc, argv, err, errlen);
	case CLI_CMD_DEL:
		return parse_del(args, argc, argv, err, errlen);
	default:
		return parse_show(args, argc, argv, err, errlen);
	}
}

/* A data bit rate that cannot take effect is a mistake the kernel does not
 * see: it stores the rate for later, and a user who meant it would never
 * hear. Only rates given in this request, not 0, are checked.
 */
int cli_args_check_rates(const struct cli_args *args,
			 const struct vcanmc_link *cur, char *err, size_t errlen)
{
	const struct vcanmc_cfg *cfg = &args->cfg;
	uint32_t bitrate = cur ? cur->cfg.bitrate : 0;
	uint32_t mtu = cur ? cur->mtu : CLI_MTU_CANFD;
	const char *name = args->name;

	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_BITRATE))
		bitrate = cfg->bitrate;
	if (args->mtu)
		mtu = args->mtu;

	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_DBITRATE) && cfg->dbitrate) {
		if (!bitrate)
			return fail(err, errlen,
				    "invalid dbitrate \"%u\": %s has no bitrate, no bus timing to speed up (give bitrate N too)",
				    cfg->dbitrate, name);
		if (mtu == CLI_MTU_CAN)
			return fail(err, errlen,
				    "invalid dbitrate \"%u\": %s has mtu %d, classic CAN only (CAN FD needs mtu %d)",
				    cfg->dbitrate, name, CLI_MTU_CAN, CLI_MTU_CANFD);
	}
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_XLBITRATE) && cfg->xlbitrate) {
		if (!bitrate)
			return fail(err, errlen,
				    "invalid xlbitrate \"%u\": %s has no bitrate, no bus timing to speed up (give bitrate N too)",
				    cfg->xlbitrate, name);
		if (mtu < CLI_MTU_CANXL_MIN)
			return fail(err, errlen,
				    "invalid xlbitrate \"%u\": %s has mtu %u, no CAN XL (CAN XL needs mtu %d-%d)",
				    cfg->xlbitrate, name, mtu, CLI_MTU_CANXL_MIN,
				    CLI_MTU_CANXL_MAX);
	}
	return 0;
}

int cli_args_resolve(struct cli_args *args, cli_resolve_fn resolve,
		     void *ctx, char *err, size_t errlen)
{
	const char *dev = args->dev;
	int ret;

	if (!dev)
		return 0;
	if (!strcmp(dev, "any") || !strcmp(dev, "none")) {
		args->cfg.link = 0;
		return 0;
	}
	/* A name only: "dev 3" meaning index 3 would silently pick whatever
	 * device has that index today.
	 */
	ret = resolve(ctx, dev, &args->cfg.link);
	if (ret == -ENODEV)
		return fail(err, errlen, "invalid dev \"%s\": no such device",
			    dev);
	if (ret) {
		snprintf(err, errlen, "cannot look up dev \"%s\": %s", dev,
			 strerror(-ret));
		return ret;
	}
	return 0;
}
