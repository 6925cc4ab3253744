// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc's error messages. "Permission denied" alone does not say that
 * vcanmc needs root, nor "No such file or directory" that vcanmcd is not
 * running: each such error gets a second line saying what to do.
 */
#include <errno.h>
#include <string.h>

#include "report.h"

void cli_privilege_hint(FILE *f, int err)
{
	if (err == -EPERM || err == -EACCES)
		fprintf(f, "vcanmc: this needs CAP_NET_ADMIN: run it as root\n");
}

int cli_nl_error(FILE *f, const char *what, const struct vcanmc_nlerr *ack,
		 int err)
{
	if (ack->error && ack->msg[0])
		fprintf(f, "vcanmc: kernel refused: %s (%s)\n", ack->msg,
			strerror(-err));
	else if (ack->error)
		fprintf(f, "vcanmc: kernel refused: %s\n", strerror(-err));
	else
		fprintf(f, "vcanmc: %s: %s\n", what, strerror(-err));
	cli_privilege_hint(f, err);
	return 1;
}

void cli_nl_warning(FILE *f, const struct vcanmc_nlerr *ack)
{
	if (ack->msg[0])
		fprintf(f, "vcanmc: kernel warning: %s\n", ack->msg);
}

int cli_status_error(FILE *f, const char *path, int err)
{
	fprintf(f, "vcanmc: cannot ask vcanmcd (%s): %s\n", path,
		strerror(-err));
	switch (err) {
	case -ENOENT:
	case -ECONNREFUSED:
		fprintf(f, "vcanmc: is vcanmcd running in this network namespace?\n");
		break;
	case -EACCES:
	case -EPERM:
		fprintf(f, "vcanmc: only root may ask vcanmcd: run it as root\n");
		break;
	}
	return 1;
}
