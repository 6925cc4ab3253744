// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket's name; see status.h.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "status.h"

int vcanmc_status_path(char *buf, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st))
		return -errno;
	snprintf(buf, len, "%s/net-%llu.sock", VCANMC_RUN_DIR, (unsigned long long)st.st_ino);
	return 0;
}
