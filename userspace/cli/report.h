/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vcanmc's error messages for refusals from the kernel and for the status
 * socket, each with a hint when the user can do something about it.
 */
#ifndef VCANMC_CLI_REPORT_H
#define VCANMC_CLI_REPORT_H

#include <stdio.h>

#include "nlreq.h"

/* A failed netlink request: the kernel's reason if it gave one, else
 * "what: error". Returns 1, the exit status.
 */
int cli_nl_error(FILE *f, const char *what, const struct vcanmc_nlerr *ack,
		 int err);

/* The kernel's warning on a request it carried out, if any */
void cli_nl_warning(FILE *f, const struct vcanmc_nlerr *ack);

/* vcanmcd's status socket at path could not be asked. Returns 1. */
int cli_status_error(FILE *f, const char *path, int err);

/* After a refusal with -EPERM or -EACCES: that root is needed */
void cli_privilege_hint(FILE *f, int err);

#endif /* VCANMC_CLI_REPORT_H */
