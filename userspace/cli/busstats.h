/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated bus's statistics of a vcanmc device, as the driver gives
 * them to ethtool -S, for "vcanmc show -s".
 */
#ifndef VCANMC_CLI_BUSSTATS_H
#define VCANMC_CLI_BUSSTATS_H

#include <stdbool.h>
#include <stdint.h>

struct bus_stats {
	bool valid;
	uint64_t load_permille;		/* bus load of the last second */
	uint64_t busy_ns;		/* occupied, by any frame */
	uint64_t frames;		/* own frames that went on the bus */
	uint64_t remote_frames;		/* frames from the tunnel that occupied it */
	uint64_t arb_lost;		/* times a waiting frame lost arbitration */
	uint64_t wait_ns;		/* time own frames waited, in all */
	uint64_t wait_max_ns;		/* the longest one waited */
	uint64_t queue_stops;		/* times the driver stopped its queue */
};

/* Reads the statistics of @ifname in the current network namespace
 * (SIOCETHTOOL). 0 or -errno.
 */
int cli_bus_stats(const char *ifname, struct bus_stats *st);

/* Takes one "name value" pair of ethtool's into @st; unknown names are
 * skipped.
 */
void bus_stats_set(struct bus_stats *st, const char *name, uint64_t value);

#endif /* VCANMC_CLI_BUSSTATS_H */
