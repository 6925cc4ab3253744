/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vcanmc command line: words and options into a struct cli_args. Pure: no
 * output, no netlink; the only lookup, of the "dev" name, goes through a
 * callback so that it can be tested without a kernel.
 */
#ifndef VCANMC_CLI_ARGS_H
#define VCANMC_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link.h"

enum cli_cmd {
	CLI_CMD_NONE,
	CLI_CMD_HELP,
	CLI_CMD_VERSION,
	CLI_CMD_ADD,
	CLI_CMD_SET,
	CLI_CMD_DEL,
	CLI_CMD_SHOW,
	CLI_CMD_STATUS,
};

struct cli_args {
	enum cli_cmd cmd;
	enum cli_cmd topic;	/* help: the command asked about, or NONE */
	const char *netns;	/* -n NETNS */
	const char *name;	/* device; NULL for "show"/"status" of all */
	const char *dev;	/* "dev" word, until cli_args_resolve() */
	bool json;
	bool pretty;
	bool stats;		/* -s: show the bus statistics too */
	bool details;		/* -d: accepted as ip(8) does; no effect */
	struct vcanmc_cfg cfg;	/* add/set: the attributes given */
	bool group_none;	/* "group none": of the peers' family */
	bool peers_none;	/* "peers none" */
	uint32_t mtu;		/* add/set: IFLA_MTU, 0 if not given */
};

/* The MTUs of a vcanmc device, which say the frames it takes: classic CAN
 * only, CAN FD too, or CAN XL too, up to the MTU (<linux/can.h> of Linux
 * 6.2 and later: CAN_MTU, CANFD_MTU, CANXL_MIN_MTU, CANXL_MAX_MTU).
 */
#define CLI_MTU_CAN		16
#define CLI_MTU_CANFD		72
#define CLI_MTU_CANXL_MIN	76
#define CLI_MTU_CANXL_MAX	2060

#define CLI_ERR_LEN	256

/* Parse argv (argv[0] is the program). Returns 0, or -EINVAL with a message
 * naming the bad argument in err. Values are checked against the ranges of
 * include/uapi/linux/vcanmc.h. "-h" or "--help" anywhere, or "help" where a
 * name or keyword goes, make the command CLI_CMD_HELP, with the command
 * asked about in topic.
 */
int cli_args_parse(struct cli_args *args, int argc, char **argv,
		   char *err, size_t errlen);

/* The keyword/value pairs of add and set alone, without the device name,
 * into args->cfg, args->dev and args->mtu, for an args that the caller
 * zeroed and gave a cmd; as "ip link add NAME type vcanmc" passes them to
 * its plugin. "help" among them makes args->cmd CLI_CMD_HELP. Returns 0,
 * or -EINVAL with a message in err.
 */
int cli_args_parse_opts(struct cli_args *args, int argc, char **argv,
			char *err, size_t errlen);

/* Look up an interface name: 0 with *ifindex set, -ENODEV if there is no
 * such device, or another -errno.
 */
typedef int (*cli_resolve_fn)(void *ctx, const char *name, uint32_t *ifindex);

/* Turn args->dev into IFLA_VCANMC_LINK: "any" and "none" are 0; anything
 * else is a device name, looked up. Returns 0, -EINVAL with a message in
 * err, or the -errno of the lookup with a message in err.
 */
int cli_args_resolve(struct cli_args *args, cli_resolve_fn resolve,
		     void *ctx, char *err, size_t errlen);

/* add (cur NULL) or set (cur: the device as it is) with dbitrate or
 * xlbitrate: refuse, with a message in err, a data bit rate that could not
 * take effect, for want of a bitrate or of an MTU that lets such frames
 * through. Returns 0 or -EINVAL.
 */
int cli_args_check_rates(const struct cli_args *args,
			 const struct vcanmc_link *cur, char *err, size_t errlen);

/* The word of a command, as typed */
const char *cli_cmd_name(enum cli_cmd cmd);

/* One-line synopsis of a command, for the hint after a usage error */
const char *cli_synopsis(enum cli_cmd cmd);

#endif /* VCANMC_CLI_ARGS_H */
