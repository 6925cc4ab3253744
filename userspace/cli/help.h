/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vcanmc help texts: the whole usage, or one command's, as "vcanmc help
 * CMD" and "vcanmc CMD --help" print them.
 */
#ifndef VCANMC_CLI_HELP_H
#define VCANMC_CLI_HELP_H

#include <stdio.h>

#include "args.h"

/* Help for one command; CLI_CMD_NONE or CLI_CMD_HELP: for all of them */
void cli_help(FILE *f, enum cli_cmd topic);

#endif /* VCANMC_CLI_HELP_H */
