// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket's name and its counters; see status.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "status.h"

const struct vcanmc_stat_key vcanmc_stat_keys[VCANMC_STAT_CNT] = {
	[VCANMC_STAT_FRAMES_OUT]	= { "can_rx", "frames_out", "frames out", 0 },
	[VCANMC_STAT_DATAGRAMS_OUT]	= { "udp_tx", "datagrams_out", "datagrams out", 0 },
	[VCANMC_STAT_DATAGRAMS_IN]	= { "udp_rx", "datagrams_in", "datagrams in", 0 },
	[VCANMC_STAT_FRAMES_IN]		= { "can_tx", "frames_in", "frames in", 0 },
	[VCANMC_STAT_OWN]		= { "own", "own", "own", 0 },
	[VCANMC_STAT_CAN_OVERFLOW]	= { "can_overflow", "can_overflow", "overflows can", 1 },
	[VCANMC_STAT_UDP_OVERFLOW]	= { "udp_overflow", "udp_overflow", "udp", 1 },
	[VCANMC_STAT_BACKOFFS]		= { "backoffs", "backoffs", "send backoffs", 1 },
	[VCANMC_STAT_SEND_ERRORS]	= { "send_errors", "send_errors", "errors", 1 },
	[VCANMC_STAT_REROUTES]		= { "reroutes", "reroutes", "reroutes", 1 },
};

int vcanmc_stat_find(const char *key)
{
	int i;

	for (i = 0; i < VCANMC_STAT_CNT; i++)
		if (!strcmp(vcanmc_stat_keys[i].key, key))
			return i;
	return -1;
}

int vcanmc_status_path(char *buf, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st))
		return -errno;
	snprintf(buf, len, "%s/net-%llu.sock", VCANMC_RUN_DIR, (unsigned long long)st.st_ino);
	return 0;
}
