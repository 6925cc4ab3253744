// SPDX-License-Identifier: GPL-2.0
/*
 * "vcanmc show". Text looks like ip(8):
 *
 *   7: vmc0: admin up state DORMANT mtu 72
 *       group ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 port 43113 ttl 1 dev any encap python-can mcast-loop on
 *       bitrate 500000 dbitrate 2000000
 *       bus load 12.5% frames 1200 remote 300 arbitration lost 45 wait avg 0.250 ms max 3.100 ms queue stops 0
 *
 * (the bit rates only when set, the bus line with -s) *
 * and -j gives the same fields as a JSON array of objects. One function per
 * field prints both forms.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <string.h>
#include <netlink/route/link.h>

#include "print.h"
#include "show.h"

struct show_ctx {
	struct printer p;
	const struct vcanmc_link *links;
	const struct bus_stats *stats;
	size_t n;
};

static const char *ifname_of(const struct show_ctx *ctx, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < ctx->n; i++)
		if ((uint32_t)ctx->links[i].ifindex == ifindex)
			return ctx->links[i].name;
	return NULL;
}

static void show_name(struct show_ctx *ctx, const struct vcanmc_link *l)
{
	print_uint(&ctx->p, "ifindex", "%llu: ", (unsigned int)l->ifindex);
	print_string(&ctx->p, "ifname", "%s:", l->name);
}

static void show_admin(struct show_ctx *ctx, const struct vcanmc_link *l)
{
	print_string(&ctx->p, "admin", " admin %s",
		     l->flags & IFF_UP ? "up" : "down");
}

static void show_operstate(struct show_ctx *ctx, const struct vcanmc_link *l)
{
	char buf[32], *c;

	/* libnl's names, in the upper case of ip(8) */
	rtnl_link_operstate2str(l->operstate, buf, sizeof(buf));
	for (c = buf; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	print_string(&ctx->p, "operstate", " state %s", buf);
}

static void show_mtu(struct show_ctx *ctx, const struct vcanmc_link *l)
{
	print_uint(&ctx->p, "mtu", " mtu %llu", l->mtu);
}

static void show_group(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	char buf[INET6_ADDRSTRLEN];

	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP))
		inet_ntop(AF_INET, &cfg->group, buf, sizeof(buf));
	else if (vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP6))
		inet_ntop(AF_INET6, &cfg->group6, buf, sizeof(buf));
	else
		return;
	print_string(&ctx->p, "group", " group %s", vcanmc_cfg_has_group(cfg) ? buf : "none");
}

static void show_port(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_PORT))
		print_uint(&ctx->p, "port", " port %llu", cfg->port);
}

static void show_ttl(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_TTL))
		print_uint(&ctx->p, "ttl", " ttl %llu", cfg->ttl);
}

/* The underlay by name, "any" for 0; a device that is gone has no name
 * (JSON null) and text shows its index, which "set ... dev N" accepts.
 */
static void show_dev(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	const char *name;

	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_LINK))
		return;
	/* The index another device may have now is not the underlay. */
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_LINK_GONE))
		name = NULL;
	else
		name = cfg->link ? ifname_of(ctx, cfg->link) : "any";
	if (name) {
		print_string(&ctx->p, "dev", " dev %s", name);
	} else {
		print_string(&ctx->p, "dev", NULL, NULL);
		print_uint(&ctx->p, NULL, " dev %llu", cfg->link);
	}
	print_uint(&ctx->p, "dev_index", NULL, cfg->link);
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_LINK_GONE))
		print_bool(&ctx->p, "dev_gone", " (gone)", true);
}

static void show_encap(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	const char *name;
	char buf[32];

	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_ENCAP))
		return;
	name = vcanmc_encap_name(cfg->encap);
	if (!name) {
		snprintf(buf, sizeof(buf), "unknown(%u)", cfg->encap);
		name = buf;
	}
	print_string(&ctx->p, "encap", " encap %s", name);
}

/* IEEE 1722: text with encap ieee1722 or when not the default, JSON all;
 * the stream ID a string ("auto", 0x and 16 hex digits), which a JSON
 * reader's doubles cannot garble
 */
static void show_ieee1722(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	char buf[VCANMC_STREAMIDSTRLEN > VCANMC_MACSTRLEN ? VCANMC_STREAMIDSTRLEN :
		 VCANMC_MACSTRLEN];
	const char *name;

#define SHOWN(attr, fmt)	(vcanmc_cfg_1722_shown(cfg, attr) ? (fmt) : NULL)
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_STREAM_ID)) {
		vcanmc_stream_id_str(cfg->stream_id, buf, sizeof(buf));
		print_string(&ctx->p, "stream_id", SHOWN(IFLA_VCANMC_STREAM_ID, " stream-id %s"),
			     buf);
	}
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_BUS_ID))
		print_uint(&ctx->p, "bus_id", SHOWN(IFLA_VCANMC_BUS_ID, " bus-id %llu"),
			   cfg->bus_id);
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_TRANSPORT)) {
		name = vcanmc_transport_str(cfg->transport, buf, sizeof(buf));
		print_string(&ctx->p, "transport", SHOWN(IFLA_VCANMC_TRANSPORT, " transport %s"),
			     name);
	}
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_DEST_MAC)) {
		vcanmc_mac_str(cfg->dest_mac, buf, sizeof(buf));
		print_string(&ctx->p, "dest_mac", SHOWN(IFLA_VCANMC_DEST_MAC, " dest-mac %s"), buf);
	}
#undef SHOWN
}

/* Local, one bus per host, is the default: text shows global only */
static void show_order(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	char buf[16];

	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_ORDER))
		return;
	print_string(&ctx->p, "order", cfg->order != VCANMC_ORDER_LOCAL ? " order %s" : NULL,
		     vcanmc_order_str(cfg->order, buf, sizeof(buf)));
}

static void show_mcast_loop(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_MCAST_LOOP))
		return;
	print_bool(&ctx->p, "mcast_loop", NULL, cfg->mcast_loop);
	print_string(&ctx->p, NULL, " mcast-loop %s", cfg->mcast_loop ? "on" : "off");
}

/* Unlimited is the default and shown as nothing in text; JSON has all. */
static void show_bitrates(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	bool text = cfg->bitrate || cfg->dbitrate || cfg->xlbitrate;

	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_BITRATE))
		return;
	if (text)
		print_text(&ctx->p, "\n   ");
	print_uint(&ctx->p, "bitrate", text ? " bitrate %llu" : NULL, cfg->bitrate);
	print_uint(&ctx->p, "dbitrate", cfg->dbitrate ? " dbitrate %llu" : NULL, cfg->dbitrate);
	print_uint(&ctx->p, "xlbitrate", cfg->xlbitrate ? " xlbitrate %llu" : NULL,
		   cfg->xlbitrate);
}

/* Error frames from the network are taken by default: text shows "off" only. */
static void show_rx_err_frames(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	if (!vcanmc_cfg_has(cfg, IFLA_VCANMC_RX_ERR_FRAMES))
		return;
	print_bool(&ctx->p, "rx_error_frames", NULL, cfg->rx_err_frames);
	if (!cfg->rx_err_frames)
		print_text(&ctx->p, " rx-error-frames off");
}

/* None is the default: text shows what there is */
static void show_peers(struct show_ctx *ctx, const struct vcanmc_cfg *cfg)
{
	char buf[VCANMC_PEERSTRLEN];
	unsigned int i;

	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_PEERS)) {
		print_open_array(&ctx->p, "peers");
		for (i = 0; i < cfg->npeers; i++) {
			vcanmc_peer_str(&cfg->peers[i], buf, sizeof(buf));
			print_element(&ctx->p, " peer %s", buf);
		}
		print_close_array(&ctx->p);
	}
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_PEERS_ONLY)) {
		print_bool(&ctx->p, "peers_only", NULL, cfg->peers_only);
		if (cfg->peers_only)
			print_text(&ctx->p, " peers-only on");
	}
}

static void show_ms(struct show_ctx *ctx, const char *key, const char *fmt, uint64_t ns)
{
	char buf[32];

	if (key)
		print_uint(&ctx->p, key, NULL, ns);
	snprintf(buf, sizeof(buf), "%.3f", ns / 1e6);
	print_string(&ctx->p, NULL, fmt, buf);
}

static void show_stats(struct show_ctx *ctx, const struct bus_stats *st)
{
	char load[16];

	print_text(&ctx->p, "\n   ");
	print_open_object(&ctx->p, "bus");
	if (!st->valid) {
		print_text(&ctx->p, " bus statistics not available");
		print_close_object(&ctx->p);
		return;
	}
	snprintf(load, sizeof(load), "%.1f%%", st->load_permille / 10.0);
	print_uint(&ctx->p, "load_permille", NULL, st->load_permille);
	print_string(&ctx->p, NULL, " bus load %s", load);
	print_uint(&ctx->p, "busy_ns", NULL, st->busy_ns);
	print_uint(&ctx->p, "frames", " frames %llu", st->frames);
	print_uint(&ctx->p, "remote_frames", " remote %llu", st->remote_frames);
	print_uint(&ctx->p, "arbitration_lost", " arbitration lost %llu", st->arb_lost);
	print_uint(&ctx->p, "wait_ns", NULL, st->wait_ns);
	show_ms(ctx, NULL, " wait avg %s ms", st->frames ? st->wait_ns / st->frames : 0);
	show_ms(ctx, "wait_max_ns", " max %s ms", st->wait_max_ns);
	print_uint(&ctx->p, "queue_stops", " queue stops %llu", st->queue_stops);
	print_close_object(&ctx->p);
}

static void show_link(struct show_ctx *ctx, const struct vcanmc_link *l)
{
	print_open_object(&ctx->p, NULL);
	show_name(ctx, l);
	show_admin(ctx, l);
	show_operstate(ctx, l);
	show_mtu(ctx, l);
	print_text(&ctx->p, "\n   ");
	show_group(ctx, &l->cfg);
	show_port(ctx, &l->cfg);
	show_ttl(ctx, &l->cfg);
	show_dev(ctx, &l->cfg);
	show_encap(ctx, &l->cfg);
	show_ieee1722(ctx, &l->cfg);
	show_order(ctx, &l->cfg);
	show_mcast_loop(ctx, &l->cfg);
	show_rx_err_frames(ctx, &l->cfg);
	show_peers(ctx, &l->cfg);
	show_bitrates(ctx, &l->cfg);
	if (ctx->stats)
		show_stats(ctx, &ctx->stats[l - ctx->links]);
	print_text(&ctx->p, "\n");
	print_close_object(&ctx->p);
}

void cli_show(FILE *f, const struct vcanmc_link *links, size_t n,
	      const struct bus_stats *stats, const char *name, bool json, bool pretty)
{
	struct show_ctx ctx = { .links = links, .stats = stats, .n = n };
	size_t i;

	print_init(&ctx.p, f, json, pretty);
	print_open_array(&ctx.p, NULL);
	for (i = 0; i < n; i++) {
		if (!vcanmc_link_is_vcanmc(&links[i]))
			continue;
		if (name && strcmp(name, links[i].name))
			continue;
		show_link(&ctx, &links[i]);
	}
	print_close_array(&ctx.p);
	print_end(&ctx.p);
}
