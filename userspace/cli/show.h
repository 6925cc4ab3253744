/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "vcanmc show": one entry per vcanmc device, as text or JSON.
 */
#ifndef VCANMC_CLI_SHOW_H
#define VCANMC_CLI_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "busstats.h"
#include "link.h"

/* Print the vcanmc devices among links[0..n), or only the one called name
 * if it is not NULL. The other links are there to name underlay devices.
 * With @stats (parallel to links), their bus statistics too.
 */
void cli_show(FILE *f, const struct vcanmc_link *links, size_t n,
	      const struct bus_stats *stats, const char *name, bool json, bool pretty);

#endif /* VCANMC_CLI_SHOW_H */
