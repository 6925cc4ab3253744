// SPDX-License-Identifier: GPL-2.0
/*
 * Bus records on the data path; see fwd_bus.h.
 *
 * Records are no frames and no datagrams of the bus: counted on their own
 * (bus_records_in, bus_records_out in vcanmc status). Anyone on the group
 * can send them, from any address: a peer that named another bus differs
 * for FWD_BUS_STALE_MS whatever comes after, and the warning is rate
 * limited but tried again while the peer differs, so that a flood of
 * forged records hides no real conflict for long.
 */
#include <string.h>

#include "addr.h"
#include "forward.h"
#include "fwd_bus.h"
#include "log.h"
#include "peers.h"
#include "transport.h"

static struct ratelimit rl_bus;

static bool same_bus(const struct pycan_bus *a, const struct pycan_bus *b)
{
	return a->bitrate == b->bitrate && a->dbitrate == b->dbitrate &&
	       a->xlbitrate == b->xlbitrate;
}

void fwd_bus_changed(struct fwd *f)
{
	f->bus_sent_ms = INT64_MIN / 2;
}

void fwd_bus_tick(struct fwd *f, int64_t now)
{
	uint8_t rec[PYCAN_BUS_ENC_MAX];
	int n;

	if (!f->tp || !f->tp->batch || now - f->bus_sent_ms < FWD_BUS_DUE_MS)
		return;
	f->bus_due = true;
	if (!f->tp->records_alone)
		return;
	n = pycan_bus_encode(rec, sizeof(rec), &f->bus);
	if (n > 0 && fwd_send_alone(f, rec, (size_t)n)) {
		f->bus_due = false;
		f->bus_sent_ms = now;
		f->bus_records_out++;
	}
}

size_t fwd_bus_append(struct fwd *f, uint8_t *buf, size_t room)
{
	int n;

	if (!f->bus_due)
		return 0;
	n = pycan_bus_encode(buf, room, &f->bus);
	if (n <= 0)
		return 0;
	f->bus_due = false;
	f->bus_sent_ms = now_ms();
	f->bus_records_out++;
	return (size_t)n;
}

void fwd_bus_heard(struct fwd *f, struct peer *p, const struct pycan_bus *bus, int64_t now)
{
	const struct pycan_bus *our = &f->bus;
	char addr[VCANMC_ADDRSTRLEN];
	uint64_t missed;

	f->bus_records_in++;
	p->bus = *bus;
	p->bus_known = true;
	p->bus_ms = now;
	if (same_bus(bus, our))
		return;
	p->bus_differed = true;
	p->bus_differ_ms = now;
	f->bus_conflicts++;
	/* Once per peer and pair of settings, whichever side changed */
	if (p->bus_told && same_bus(&p->told_theirs, bus) && same_bus(&p->told_ours, our))
		return;
	if (!ratelimit_ok(&rl_bus, &missed))
		return;		/* told with a later record */
	p->bus_told = true;
	p->told_theirs = *bus;
	p->told_ours = *our;
	log_warn("%s: %s emulates another bus: bitrate %u dbitrate %u xlbitrate %u, "
		 "here %u %u %u: one group, one bus; set the same bit rates "
		 "(%llu more not logged)",
		 f->name, vcanmc_addr_str((const struct sockaddr *)&p->addr, addr, sizeof(addr)),
		 bus->bitrate, bus->dbitrate, bus->xlbitrate, our->bitrate, our->dbitrate,
		 our->xlbitrate, (unsigned long long)missed);
}

bool fwd_bus_unheard(const struct peer *p, int64_t now)
{
	/* A UDP link says it every second, alive or idle; a NORM sender
	 * only with its frames, and NORM forgets it once it is silent
	 */
	return !p->norm && now - p->bus_ms > FWD_BUS_STALE_MS;
}

bool fwd_bus_differs(const struct fwd *f, const struct peer *p, int64_t now)
{
	if (!p->bus_known)
		return false;
	if (p->bus_differed && now - p->bus_differ_ms <= FWD_BUS_STALE_MS)
		return true;
	return !fwd_bus_unheard(p, now) && !same_bus(&p->bus, &f->bus);
}

unsigned int fwd_bus_differing(const struct fwd *f, int64_t now)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->peers.n; i++)
		n += fwd_bus_differs(f, &f->peers.v[i], now);
	return n;
}
