// SPDX-License-Identifier: GPL-2.0
/*
 * The bus statistics of a vcanmc device through SIOCETHTOOL: how many
 * there are (ETHTOOL_GSSET_INFO), their names (ETHTOOL_GSTRINGS), their
 * values (ETHTOOL_GSTATS). See busstats.h.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "busstats.h"

#define STATS_MAX 64

static const struct {
	const char *name;
	size_t off;
} fields[] = {
#define F(n, f) { n, offsetof(struct bus_stats, f) }
	F("bus_load_permille", load_permille),
	F("bus_busy_ns", busy_ns),
	F("bus_frames", frames),
	F("bus_remote_frames", remote_frames),
	F("bus_arbitration_lost", arb_lost),
	F("bus_wait_ns", wait_ns),
	F("bus_wait_max_ns", wait_max_ns),
	F("bus_queue_stops", queue_stops),
#undef F
};

void bus_stats_set(struct bus_stats *st, const char *name, uint64_t value)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!strcmp(fields[i].name, name)) {
			*(uint64_t *)((char *)st + fields[i].off) = value;
			st->valid = true;
		}
	}
}

static int ethtool(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr = { .ifr_data = cmd };

	if (strlen(ifname) >= sizeof(ifr.ifr_name))
		return -ENODEV;
	strcpy(ifr.ifr_name, ifname);
	return ioctl(fd, SIOCETHTOOL, &ifr) ? -errno : 0;
}

int cli_bus_stats(const char *ifname, struct bus_stats *st)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t len;
	} sset = { .hdr = { .cmd = ETHTOOL_GSSET_INFO, .sset_mask = 1ULL << ETH_SS_STATS } };
	struct ethtool_gstrings *names = NULL;
	struct ethtool_stats *values = NULL;
	uint32_t i, n;
	int fd, err;

	memset(st, 0, sizeof(*st));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	err = ethtool(fd, ifname, &sset);
	if (err)
		goto out;
	n = sset.hdr.sset_mask ? sset.len : 0;
	if (n > STATS_MAX) {
		err = -EPROTO;
		goto out;
	}
	names = calloc(1, sizeof(*names) + n * ETH_GSTRING_LEN);
	values = calloc(1, sizeof(*values) + n * sizeof(uint64_t));
	if (!names || !values) {
		err = -ENOMEM;
		goto out;
	}
	names->cmd = ETHTOOL_GSTRINGS;
	names->string_set = ETH_SS_STATS;
	names->len = n;
	values->cmd = ETHTOOL_GSTATS;
	values->n_stats = n;
	err = ethtool(fd, ifname, names);
	if (!err)
		err = ethtool(fd, ifname, values);
	if (err)
		goto out;
	for (i = 0; i < n && i < names->len && i < values->n_stats; i++) {
		char name[ETH_GSTRING_LEN + 1];

		memcpy(name, names->data + i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = '\0';
		bus_stats_set(st, name, values->data[i]);
	}
out:
	free(names);
	free(values);
	close(fd);
	return err;
}
