// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket's answer into struct st; see status_parse.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status_parse.h"

/* Appends a zeroed element to the array @v of *@n, capacity *@cap,
 * doubling it when full: a long answer costs linear time.
 */
static void *grow(void *v, size_t *n, size_t *cap, size_t size)
{
	char *nv = v;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;

		nv = realloc(v, ncap * size);
		if (!nv)
			return NULL;
		*cap = ncap;
	}
	memset(nv + *n * size, 0, size);
	(*n)++;
	return nv;
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

static unsigned long long num(const char *s)
{
	return strtoull(s, NULL, 10);
}

/* A link's numeric keys, by where they go in struct st_link */
struct num_key {
	const char *key;
	size_t off;
};

#define F(k, f) { k, offsetof(struct st_link, f) }
static const struct num_key link_nums[] = {
	F("ifindex", ifindex), F("port", port), F("ttl", ttl),
	F("dev_index", dev_index), F("attached", attached),
	F("mcast_loop", mcast_loop), F("source_port", source_port),
	F("unicast_peers", unicast_peers), F("peers_only", peers_only),
	F("bus_id", bus_id),
};

/* after "timeline" */
static const struct num_key tl_nums[] = {
	F("_members", tl_members), F("_want", tl_want), F("_sent", tl_sent),
	F("_heartbeats_out", tl_hb_out), F("_heartbeats_in", tl_hb_in),
	F("_waiting", tl_waiting), F("_refused", tl_refused),
	F("_digest_frames", tl_digest_frames), F("_digests_same", tl_digests_same),
	F("_digests_differ", tl_digests_differ), F("_digests_same_frames", tl_digests_same_frames),
	F("_clock_refused", tl_clock_refused),
};
#undef F

/* @key of @keys[@n] into @l; false: none of them */
static bool set_num(struct st_link *l, const struct num_key *keys, size_t n,
		    const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(key, keys[i].key)) {
			*(unsigned long long *)((char *)l + keys[i].off) = num(val);
			return true;
		}
	return false;
}

/* A signed number at *@s, which must end at the end if @last, else at a
 * space, which it passes; false if it is none or beyond 64 bits
 */
static bool signed_num(const char **s, long long *v, bool last)
{
	char *end;

	if (**s != '-' && (**s < '0' || **s > '9'))
		return false;	/* strtoll() would skip white space */
	errno = 0;
	*v = strtoll(*s, &end, 10);
	if (errno || end == *s || *end != (last ? '\0' : ' '))
		return false;
	*s = end + !last;
	return true;
}

/* "ID OFFSET RTT" of a member's clock, into the next of @l's; one more
 * than there may be, or one malformed (an id of more than 11 characters,
 * a number that is none, a round trip below zero, white space or
 * something else after them), is skipped
 */
static void parse_clock(struct st_link *l, const char *val)
{
	size_t n = strcspn(val, " ");
	long long offset, rtt;
	const char *p;

	if (l->tl_nclock >= ST_CLOCKS_MAX || !n || n >= sizeof(l->tl_clock[0].member) ||
	    val[n] != ' ')
		return;
	p = val + n + 1;
	if (!signed_num(&p, &offset, false) || !signed_num(&p, &rtt, true) || rtt < 0)
		return;
	memcpy(l->tl_clock[l->tl_nclock].member, val, n);
	l->tl_clock[l->tl_nclock].member[n] = '\0';
	l->tl_clock[l->tl_nclock].offset = offset;
	l->tl_clock[l->tl_nclock++].rtt = rtt;
}

/* A signed number, 0 if it is none */
static long long snum(const char *s)
{
	long long v;

	return signed_num(&s, &v, true) ? v : 0;
}

/* A "timeline..." line (@key after "timeline") of link @l */
static void parse_timeline(struct st_link *l, const char *key, const char *val)
{
	size_t n;

	l->has_timeline = true;
	if (set_num(l, tl_nums, sizeof(tl_nums) / sizeof(tl_nums[0]), key, val))
		return;
	if (!*key) {
		copy(l->tl_state, sizeof(l->tl_state), val);
	} else if (!strcmp(key, "_why")) {
		copy(l->tl_why, sizeof(l->tl_why), val);
	} else if (!strcmp(key, "_member")) {
		copy(l->tl_member, sizeof(l->tl_member), val);
	} else if (!strcmp(key, "_peer")) {
		n = strlen(l->tl_peers);
		snprintf(l->tl_peers + n, sizeof(l->tl_peers) - n, "%s%s", n ? "," : "", val);
	} else if (!strcmp(key, "_frontier")) {
		l->has_frontier = true;
		l->tl_frontier = num(val);
	} else if (!strcmp(key, "_digest_at")) {
		l->has_digest_at = true;
		l->tl_digest_at = num(val);
	} else if (!strcmp(key, "_digest")) {
		copy(l->tl_digest, sizeof(l->tl_digest), val);
	} else if (!strcmp(key, "_differs_member")) {
		l->has_differs = true;
		copy(l->tl_differs_member, sizeof(l->tl_differs_member), val);
	} else if (!strcmp(key, "_differs_at")) {
		l->tl_differs_at = num(val);
	} else if (!strcmp(key, "_clock")) {
		parse_clock(l, val);
	} else if (!strcmp(key, "_delay_frames")) {
		l->has_delay = true;
		l->tl_delay_frames = num(val);
	} else if (!strcmp(key, "_delay_p50")) {
		l->tl_delay_p50 = snum(val);
	} else if (!strcmp(key, "_delay_p99")) {
		l->tl_delay_p99 = snum(val);
	} else if (!strcmp(key, "_delay_max")) {
		l->tl_delay_max = snum(val);
	}
}

/* One "key=value" line into @st; unknown keys are skipped. */
static int parse_line(struct st *st, char *line)
{
	struct st_link *l = st->nlinks ? &st->links[st->nlinks - 1] : NULL;
	struct st_peer *p = l && l->npeers ? &l->peers[l->npeers - 1] : NULL;
	char *val = strchr(line, '=');
	void *v;

	if (!val)
		return 0;
	*val++ = '\0';
	if (!strcmp(line, "end")) {
		st->complete = true;
		return 0;
	}
	if (!strcmp(line, "link")) {
		v = grow(st->links, &st->nlinks, &st->cap, sizeof(*st->links));
		if (!v)
			return -ENOMEM;
		st->links = v;
		copy(st->links[st->nlinks - 1].name, sizeof(l->name), val);
		return 0;
	}
	if (!l)
		return 0;
	if (!strcmp(line, "peer")) {
		v = grow(l->peers, &l->npeers, &l->peers_cap, sizeof(*l->peers));
		if (!v)
			return -ENOMEM;
		l->peers = v;
		copy(l->peers[l->npeers - 1].addr, sizeof(p->addr), val);
	} else if (!strcmp(line, "drop")) {
		char *sp = strchr(val, ' ');

		if (sp && l->ndrops < DROPS_MAX) {
			*sp = '\0';
			copy(l->drop[l->ndrops].name, sizeof(l->drop[0].name), val);
			l->drop[l->ndrops++].n = num(sp + 1);
		}
	} else if (p && !strcmp(line, "peer_frames")) {
		p->frames = num(val);
	} else if (p && !strcmp(line, "peer_drops")) {
		p->drops = num(val);
	} else if (p && !strcmp(line, "peer_idle_ms")) {
		p->idle_ms = num(val);
	} else if (p && !strcmp(line, "peer_node")) {
		p->norm = true;
		copy(p->node, sizeof(p->node), val);
	} else if (p && !strcmp(line, "peer_stream")) {
		p->avtp = true;
		copy(p->stream, sizeof(p->stream), val);
	} else if (p && !strcmp(line, "peer_reordered")) {
		p->reordered = num(val);
	} else if (p && !strcmp(line, "peer_lost")) {
		p->lost = num(val);
	} else if (p && !strcmp(line, "peer_repairs")) {
		p->repairs = num(val);
	} else if (p && !strcmp(line, "peer_duplicates")) {
		p->duplicates = num(val);
	} else if (p && !strcmp(line, "peer_late_joins")) {
		p->late_joins = num(val);
	} else if (p && !strcmp(line, "peer_restarts")) {
		p->restarts = num(val);
	} else if (p && !strcmp(line, "peer_bitrate")) {
		p->bitrate = num(val);
	} else if (p && !strcmp(line, "peer_dbitrate")) {
		p->dbitrate = num(val);
	} else if (p && !strcmp(line, "peer_xlbitrate")) {
		p->xlbitrate = num(val);
	} else if (p && !strcmp(line, "peer_bus")) {
		copy(p->bus, sizeof(p->bus), val);
	} else if (!strcmp(line, "bus_differs")) {
		l->has_bus = true;
		l->bus_differs = num(val);
	} else if (!strcmp(line, "bus_conflicts")) {
		l->bus_conflicts = num(val);
	} else if (!strcmp(line, "bus_records_in")) {
		l->bus_records_in = num(val);
	} else if (!strcmp(line, "bus_records_out")) {
		l->bus_records_out = num(val);
	} else if (!strncmp(line, "timeline", 8)) {
		parse_timeline(l, line + 8, val);
	} else {
		int stat = vcanmc_stat_find(line);

		if (stat >= 0)
			l->stat[stat] = num(val);
		if (!strcmp(line, "group"))
			copy(l->group, sizeof(l->group), val);
		else if (!strcmp(line, "encap"))
			copy(l->encap, sizeof(l->encap), val);
		else if (!strcmp(line, "reason"))
			copy(l->reason, sizeof(l->reason), val);
		else if (!strcmp(line, "transport"))
			copy(l->transport, sizeof(l->transport), val);
		else if (!strcmp(line, "dest_mac"))
			copy(l->dest_mac, sizeof(l->dest_mac), val);
		else if (!strcmp(line, "stream_id"))
			copy(l->stream_id, sizeof(l->stream_id), val);
		else if (!strcmp(line, "order"))
			copy(l->order, sizeof(l->order), val);
		set_num(l, link_nums, sizeof(link_nums) / sizeof(link_nums[0]), line, val);
	}
	return 0;
}

int status_parse(struct st *st, char *answer)
{
	char *line, *save = NULL;
	int err;

	for (line = strtok_r(answer, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		err = parse_line(st, line);
		if (err)
			return err;
	}
	return st->complete ? 0 : -EPROTO;
}

void status_parse_free(struct st *st)
{
	size_t i;

	for (i = 0; i < st->nlinks; i++)
		free(st->links[i].peers);
	free(st->links);
	st->links = NULL;
	st->nlinks = 0;
}
