// SPDX-License-Identifier: GPL-2.0
/*
 * "vcanmc status": what vcanmcd does with each link, asked over the status
 * socket of this network namespace (format in lib/status.h). Text:
 *
 *   vmc0: attached group [ff15::1]:43113 ttl 1 dev eth0 encap python-can mcast-loop on
 *       frames out 120 datagrams out 120 datagrams in 80 frames in 80 own 120
 *       overflows can 0 udp 0 send backoffs 0 errors 0 reroutes 0
 *       drops truncated 1
 *       peer [2001:db8::2]:43113 frames 80 drops 0 last seen 0.4 s ago
 *
 * and with encap norm, for each NORM sender, also its node id, the frames
 * lost in gaps, the repair packets seen, duplicates and late joins; with
 * encap ieee1722, for each talker, its stream id and the PDUs its sequence
 * numbers say were lost, came late, twice, or after a restart.
 *
 * and -j the same fields as a JSON array. One function per group of
 * fields prints both forms.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "print.h"
#include "report.h"
#include "status.h"
#include "daemon_status.h"
#include "status_parse.h"

#define ANSWER_MAX	(16 << 20)
#define TIMEOUT_MS	5000
/* Reads the whole answer into a NUL-terminated buffer. */
static int fetch(char **answer, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = 0, size = 65536;
	struct pollfd pfd;
	char *buf, *nbuf;
	ssize_t n;
	int err = 0;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	pfd.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (pfd.fd < 0)
		return -errno;
	pfd.events = POLLIN;
	if (connect(pfd.fd, (struct sockaddr *)&addr, sizeof(addr))) {
		err = -errno;
		close(pfd.fd);
		return err;
	}
	buf = malloc(size);
	if (!buf) {
		close(pfd.fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len + 1 >= size) {
			if (size >= ANSWER_MAX) {
				err = -EMSGSIZE;
				break;
			}
			nbuf = realloc(buf, size * 2);
			if (!nbuf) {
				err = -ENOMEM;
				break;
			}
			buf = nbuf;
			size *= 2;
		}
		if (poll(&pfd, 1, TIMEOUT_MS) <= 0) {
			err = -ETIMEDOUT;
			break;
		}
		n = read(pfd.fd, buf + len, size - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (!n)
			break;
		len += n;
	}
	close(pfd.fd);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*answer = buf;
	return 0;
}

static void show_head(struct printer *p, const struct st_link *l, const char *dev)
{
	print_string(p, "ifname", "%s:", l->name);
	print_uint(p, "ifindex", NULL, l->ifindex);
	print_bool(p, "attached", NULL, l->attached);
	print_text(p, l->attached ? " attached" : " not attached");
	print_string(p, "reason", l->attached ? NULL : " (%s)", l->attached ? NULL : l->reason);
	/* IEEE 1722 over Ethernet has no group, port or ttl: JSON keeps
	 * them, the text says what applies
	 */
	if (strcmp(l->transport, "ethernet")) {
		print_string(p, "group", strchr(l->group, ':') ? " group [%s]" : " group %s",
			     l->group);
		print_uint(p, "port", ":%llu", l->port);
		print_uint(p, "ttl", " ttl %llu", l->ttl);
	} else {
		print_string(p, "group", NULL, l->group);
		print_uint(p, "port", NULL, l->port);
		print_uint(p, "ttl", NULL, l->ttl);
	}
	print_string(p, "dev", " dev %s", dev);
	print_uint(p, "dev_index", NULL, l->dev_index);
	print_string(p, "encap", " encap %s", l->encap);
	print_string(p, "order", l->order[0] ? " order %s" : NULL, l->order);
	print_bool(p, "mcast_loop", NULL, l->mcast_loop);
	print_string(p, NULL, " mcast-loop %s", l->mcast_loop ? "on" : "off");
	print_uint(p, "source_port", l->source_port ? " from port %llu" : NULL, l->source_port);
	print_uint(p, "unicast_peers", l->unicast_peers ? " peers %llu" : NULL, l->unicast_peers);
	print_bool(p, "peers_only", NULL, l->peers_only);
	if (l->peers_only)
		print_text(p, " peers-only");
	if (l->transport[0]) {
		print_string(p, "transport", " transport %s", l->transport);
		if (!strcmp(l->transport, "ethernet"))
			print_string(p, "dest_mac", " to %s", l->dest_mac);
		print_uint(p, "bus_id", " bus-id %llu", l->bus_id);
		print_string(p, "stream_id", l->stream_id[0] ? " stream %s" : NULL,
			     l->stream_id);
	}
	print_text(p, "\n");
}

/* The counters of lib/status.c's table, a line per group */
static void show_counters(struct printer *p, const struct st_link *l)
{
	char fmt[64];
	int i;

	for (i = 0; i < VCANMC_STAT_CNT; i++) {
		const struct vcanmc_stat_key *k = &vcanmc_stat_keys[i];
		bool first = !i || vcanmc_stat_keys[i - 1].line != k->line;

		snprintf(fmt, sizeof(fmt), "%s%s %%llu", first ? "    " : " ", k->text);
		print_uint(p, k->json, fmt, l->stat[i]);
		if (i == VCANMC_STAT_CNT - 1 || vcanmc_stat_keys[i + 1].line != k->line)
			print_text(p, "\n");
	}
}

static void show_drops(struct printer *p, const struct st_link *l)
{
	unsigned int i, shown = 0;

	print_open_object(p, "drops");
	print_text(p, "    drops");
	for (i = 0; i < l->ndrops; i++) {
		/* Text lists the reasons that happened, JSON all of them. */
		if (!p->json && !l->drop[i].n)
			continue;
		print_uint(p, l->drop[i].name, NULL, l->drop[i].n);
		if (!p->json)
			fprintf(p->f, " %s %llu", l->drop[i].name, l->drop[i].n);
		shown++;
	}
	if (!shown)
		print_text(p, " none");
	print_text(p, "\n");
	print_close_object(p);
}

/* One group, one bus: whether every peer lately said it emulates ours */
static void show_bus(struct printer *p, const struct st_link *l)
{
	if (!l->has_bus)
		return;
	print_open_object(p, "bus");
	print_uint(p, "differs", l->bus_differs ? "    bus: %llu peer(s) emulate another bus: "
			"set the same bit rates on every host\n" : NULL, l->bus_differs);
	print_uint(p, "conflicts", NULL, l->bus_conflicts);
	print_uint(p, "records_in", NULL, l->bus_records_in);
	print_uint(p, "records_out", NULL, l->bus_records_out);
	print_close_object(p);
}

/* @ns in microseconds, or in milliseconds from 10 ms on; with a sign if
 * @sign
 */
static const char *us(char *buf, size_t len, long long ns, bool sign)
{
	bool ms = ns >= 10000000 || ns <= -10000000;

	snprintf(buf, len, sign ? "%+.1f %s" : "%.1f %s", (double)ns / (ms ? 1e6 : 1e3),
		 ms ? "ms" : "us");
	return buf;
}

/* Order global: the others' clocks against this host's, and what the
 * timeline costs in latency
 */
static void show_clocks(struct printer *p, const struct st_link *l)
{
	char a[32], b[32];
	unsigned int i;

	print_uint(p, "clock_refused", l->tl_clock_refused ?
		   "    clock samples refused: %llu (stamps beyond 64 bits, or a round trip "
		   "below zero: a clock stepped)\n" : NULL, l->tl_clock_refused);
	if (!l->tl_nclock && !l->has_delay)
		return;
	print_open_array(p, "clocks");
	for (i = 0; i < l->tl_nclock; i++) {
		print_open_object(p, NULL);
		print_string(p, "member", "    clock of member %s:", l->tl_clock[i].member);
		print_int(p, "offset_ns", NULL, l->tl_clock[i].offset);
		print_int(p, "rtt_ns", NULL, l->tl_clock[i].rtt);
		print_string(p, NULL, " offset %s", us(a, sizeof(a), l->tl_clock[i].offset, true));
		print_string(p, NULL, " (within %s: half the round trip)\n",
			     us(b, sizeof(b), l->tl_clock[i].rtt / 2, false));
		print_close_object(p);
	}
	print_close_array(p);
	if (!l->has_delay)
		return;
	print_open_object(p, "release_delay");
	print_uint(p, "frames", "    release delay of the last %llu frames of others:",
		   l->tl_delay_frames);
	print_int(p, "p50_ns", NULL, l->tl_delay_p50);
	print_int(p, "p99_ns", NULL, l->tl_delay_p99);
	print_int(p, "max_ns", NULL, l->tl_delay_max);
	print_string(p, NULL, " median %s", us(a, sizeof(a), l->tl_delay_p50, false));
	print_string(p, NULL, ", 99%% %s", us(a, sizeof(a), l->tl_delay_p99, false));
	print_string(p, NULL, ", largest %s\n", us(a, sizeof(a), l->tl_delay_max, false));
	print_close_object(p);
}

/* Order global: where this host stands in the timeline */
static void show_timeline(struct printer *p, const struct st_link *l)
{
	if (!l->has_timeline)
		return;
	print_open_object(p, "timeline");
	print_string(p, "state", "    timeline %s", l->tl_state);
	print_string(p, "why", l->tl_why[0] ? " (%s)" : NULL, l->tl_why);
	print_uint(p, "members", ": %llu", l->tl_members);
	print_uint(p, "want", " of %llu members,", l->tl_want);
	print_string(p, "member", " this one %s", l->tl_member);
	print_string(p, "peers", l->tl_peers[0] ? ", others %s" : NULL, l->tl_peers);
	print_text(p, "\n");
	print_uint(p, "frontier", l->has_frontier ? "    frontier %llu ns" : NULL, l->tl_frontier);
	print_text(p, l->has_frontier ? "" : "    no frontier yet");
	print_uint(p, "sent", ", frames sent %llu", l->tl_sent);
	print_uint(p, "heartbeats_out", ", heartbeats out %llu", l->tl_hb_out);
	print_uint(p, "heartbeats_in", " in %llu", l->tl_hb_in);
	print_uint(p, "waiting", ", bytes of others' frames held %llu", l->tl_waiting);
	print_uint(p, "refused", l->tl_refused ? ", frontiers refused %llu" : NULL,
		   l->tl_refused);
	print_text(p, "\n");
	if (l->tl_digest[0])
		print_string(p, "digest", "    digest %s", l->tl_digest);
	else
		print_text(p, "    no digest yet");
	if (l->has_digest_at) {
		print_uint(p, "digest_frames", " of %llu frames", l->tl_digest_frames);
		print_uint(p, "digest_at", " in the 100 ms up to %llu ns", l->tl_digest_at);
	}
	print_uint(p, "digests_same", "; compared with the others': %llu same", l->tl_digests_same);
	print_uint(p, "digests_same_frames", " (of %llu frames)", l->tl_digests_same_frames);
	print_uint(p, "digests_differ", ", %llu differed", l->tl_digests_differ);
	print_text(p, "\n");
	if (l->has_differs) {
		print_string(p, "differs_member", "    DIFFERS: member %s released other frames",
			     l->tl_differs_member);
		print_uint(p, "differs_at", " in the 100 ms up to %llu ns (the last difference; "
			   "see the log)\n", l->tl_differs_at);
	}
	show_clocks(p, l);
	print_close_object(p);
}

static void show_peers(struct printer *p, const struct st_link *l)
{
	char ago[32];
	size_t i;

	print_open_array(p, "peers");
	for (i = 0; i < l->npeers; i++) {
		const struct st_peer *peer = &l->peers[i];

		print_open_object(p, NULL);
		print_string(p, "address", "    peer %s", peer->addr);
		print_uint(p, "frames", " frames %llu", peer->frames);
		print_uint(p, "drops", " drops %llu", peer->drops);
		/* A NORM sender's node, or an IEEE 1722 talker's stream */
		if (peer->norm || peer->avtp) {
			if (peer->norm)
				print_string(p, "node", " node %s", peer->node);
			else
				print_string(p, "stream", " stream %s", peer->stream);
			print_uint(p, "lost", " lost %llu", peer->lost);
			if (peer->norm)
				print_uint(p, "repairs", " repairs %llu", peer->repairs);
			else
				print_uint(p, "reordered", " reordered %llu", peer->reordered);
			print_uint(p, "duplicates", " duplicates %llu", peer->duplicates);
			if (peer->norm)
				print_uint(p, "late_joins", " late joins %llu", peer->late_joins);
			print_uint(p, "restarts", " restarts %llu", peer->restarts);
		}
		if (peer->bus[0]) {
			print_open_object(p, "bus");
			print_uint(p, "bitrate", " bus bitrate %llu", peer->bitrate);
			print_uint(p, "dbitrate", " dbitrate %llu", peer->dbitrate);
			print_uint(p, "xlbitrate", " xlbitrate %llu", peer->xlbitrate);
			print_string(p, "state", !strcmp(peer->bus, "differs") ? " (DIFFERS)" :
				     !strcmp(peer->bus, "unheard") ? " (not lately)" : NULL,
				     peer->bus);
			print_close_object(p);
		}
		print_uint(p, "last_seen_ms", NULL, peer->idle_ms);
		snprintf(ago, sizeof(ago), "%.1f", peer->idle_ms / 1000.0);
		print_string(p, NULL, " last seen %s s ago\n", ago);
		print_close_object(p);
	}
	print_close_array(p);
}

int cli_status(FILE *f, const char *name, bool json, bool pretty)
{
	char path[128], *answer = NULL;
	struct st st = { 0 };
	struct printer p;
	size_t i, shown = 0;
	int err, ret = 1;

	err = vcanmc_status_path(path, sizeof(path));
	if (!err)
		err = fetch(&answer, path);
	if (err)
		return cli_status_error(stderr, path, err);
	err = status_parse(&st, answer);
	if (err) {
		fprintf(stderr, "vcanmc: vcanmcd's answer is %s\n",
			err == -EPROTO ? "incomplete" : strerror(-err));
		goto out;
	}

	print_init(&p, f, json, pretty);
	print_open_array(&p, NULL);
	for (i = 0; i < st.nlinks; i++) {
		const struct st_link *l = &st.links[i];
		char dev[IF_NAMESIZE + 16] = "any";

		if (l->dev_index && !if_indextoname(l->dev_index, dev))
			snprintf(dev, sizeof(dev), "%llu", l->dev_index);

		if (name && strcmp(name, l->name))
			continue;
		print_open_object(&p, NULL);
		show_head(&p, l, dev);
		show_counters(&p, l);
		show_drops(&p, l);
		show_bus(&p, l);
		show_timeline(&p, l);
		show_peers(&p, l);
		print_close_object(&p);
		shown++;
	}
	print_close_array(&p);
	print_end(&p);
	if (name && !shown) {
		fprintf(stderr, "vcanmc: vcanmcd does not serve a link \"%s\"\n", name);
	} else {
		/* Not nothing: that reads as a tool that did not work. */
		if (!shown && !json)
			fprintf(f, "vcanmcd runs; there is no vcanmc link in this network namespace\n");
		ret = 0;
	}
out:
	status_parse_free(&st);
	free(answer);
	return ret;
}
