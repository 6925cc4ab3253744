/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "vcanmc status": vcanmcd's view of the links of this network namespace.
 */
#ifndef VCANMC_CLI_DAEMON_STATUS_H
#define VCANMC_CLI_DAEMON_STATUS_H

#include <stdbool.h>
#include <stdio.h>

/* Asks the daemon and prints the link called @name, or all when NULL.
 * Returns the exit status: 0, or 1 after a message on stderr.
 */
int cli_status(FILE *f, const char *name, bool json, bool pretty);

#endif /* VCANMC_CLI_DAEMON_STATUS_H */
