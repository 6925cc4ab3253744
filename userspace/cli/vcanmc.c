// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc - create and configure vcanmc devices, virtual CAN interfaces
 * tunnelled over UDP multicast. The tunnel settings are link attributes
 * (include/uapi/linux/vcanmc.h); this tool only sends and shows them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "daemon_status.h"
#include "help.h"
#include "report.h"
#include "rtlink.h"
#include "show.h"

#ifndef VCANMC_VERSION
#define VCANMC_VERSION "unknown"
#endif

static int usage_error(enum cli_cmd cmd, const char *msg)
{
	fprintf(stderr, "vcanmc: %s\n", msg);
	fprintf(stderr, "Usage: %s\n", cli_synopsis(cmd));
	if (cmd == CLI_CMD_NONE || cmd == CLI_CMD_HELP)
		fprintf(stderr, "Try 'vcanmc help' for more information.\n");
	else
		fprintf(stderr, "Try 'vcanmc help %s' for more information.\n",
			cli_cmd_name(cmd));
	return 1;
}

static int netns_switch(const char *name)
{
	char path[PATH_MAX];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vcanmc: cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -errno;
	}
	if (setns(fd, CLONE_NEWNET)) {
		ret = -errno;
		fprintf(stderr, "vcanmc: cannot enter network namespace \"%s\": %s\n",
			name, strerror(errno));
		cli_privilege_hint(stderr, ret);
	}
	close(fd);
	return ret;
}

static int resolve_dev(void *ctx, const char *name, uint32_t *ifindex)
{
	struct vcanmc_nlerr ack;
	struct vcanmc_link link;
	int err;

	err = vcanmc_link_get(ctx, name, &link, &ack);
	if (err)
		return err;
	*ifindex = (uint32_t)link.ifindex;
	return 0;
}

/* The device called name, which must be a vcanmc device */
static int get_vcanmc(struct nl_sock *sk, const char *name,
		      struct vcanmc_link *link, const char *refuse)
{
	struct vcanmc_nlerr ack;
	int err;

	err = vcanmc_link_get(sk, name, link, &ack);
	if (err == -ENODEV) {
		fprintf(stderr, "vcanmc: device \"%s\" does not exist\n", name);
		return err;
	}
	if (err) {
		cli_nl_error(stderr, "cannot look up device", &ack, err);
		return err;
	}
	if (!vcanmc_link_is_vcanmc(link)) {
		if (link->kind[0])
			fprintf(stderr, "vcanmc: \"%s\" is not a vcanmc device (kind %s): %s\n",
				name, link->kind, refuse);
		else
			fprintf(stderr, "vcanmc: \"%s\" is not a vcanmc device: %s\n",
				name, refuse);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int do_add(struct nl_sock *sk, const struct cli_args *args)
{
	char msg[CLI_ERR_LEN];
	struct vcanmc_nlerr ack;
	int err;

	if (cli_args_check_rates(args, NULL, msg, sizeof(msg)))
		return usage_error(args->cmd, msg);
	err = vcanmc_link_add(sk, args->name, args->mtu, &args->cfg, &ack);
	if (err == -EEXIST && !ack.msg[0]) {
		fprintf(stderr, "vcanmc: device \"%s\" already exists\n",
			args->name);
		return 1;
	}
	if (err) {
		cli_nl_error(stderr, "cannot add device", &ack, err);
		/* A refusal that points at one of our attributes (order
		 * global with a bit rate) comes from the module: it is loaded
		 */
		if (err == -EOPNOTSUPP && !ack.has_offs)
			fprintf(stderr, "vcanmc: is the vcanmc module loaded?\n");
		return 1;
	}
	cli_nl_warning(stderr, &ack);
	return 0;
}

static int do_set(struct nl_sock *sk, const struct cli_args *args)
{
	char msg[CLI_ERR_LEN];
	struct vcanmc_nlerr ack;
	struct vcanmc_link link;
	int err;

	if (get_vcanmc(sk, args->name, &link, "not changing it"))
		return 1;
	if (cli_args_check_rates(args, &link, msg, sizeof(msg)))
		return usage_error(args->cmd, msg);
	err = vcanmc_link_change(sk, link.ifindex, args->mtu, &args->cfg, &ack);
	if (err)
		return cli_nl_error(stderr, "cannot change device", &ack, err);
	cli_nl_warning(stderr, &ack);
	return 0;
}

static int do_del(struct nl_sock *sk, const struct cli_args *args)
{
	struct vcanmc_nlerr ack;
	struct vcanmc_link link;
	int err;

	if (get_vcanmc(sk, args->name, &link, "not deleting it"))
		return 1;
	err = vcanmc_link_del(sk, link.ifindex, &ack);
	if (err)
		return cli_nl_error(stderr, "cannot delete device", &ack, err);
	cli_nl_warning(stderr, &ack);
	return 0;
}

struct link_list {
	struct vcanmc_link *v;
	size_t n, size;
};

static int collect_link(const struct vcanmc_link *link, void *arg)
{
	struct link_list *list = arg;
	struct vcanmc_link *v;

	if (list->n == list->size) {
		list->size = list->size ? 2 * list->size : 16;
		v = realloc(list->v, list->size * sizeof(*v));
		if (!v)
			return -ENOMEM;
		list->v = v;
	}
	list->v[list->n++] = *link;
	return 0;
}

static const struct vcanmc_link *find_link(const struct link_list *list,
					   const char *name)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (!strcmp(list->v[i].name, name))
			return &list->v[i];
	return NULL;
}

static int do_show(struct nl_sock *sk, const struct cli_args *args)
{
	struct link_list list = { 0 };
	const struct vcanmc_link *link;
	struct bus_stats *stats = NULL;
	struct vcanmc_nlerr ack;
	int err, tries = 0, ret = 1;

	/* All devices, not only vcanmc ones: they name the underlays */
	do {
		list.n = 0;
		err = vcanmc_link_dump(sk, collect_link, &list, &ack);
	} while (err == -EINTR && ++tries < 10);
	if (err) {
		cli_nl_error(stderr, "cannot list devices", &ack, err);
		goto out;
	}

	if (args->name) {
		link = find_link(&list, args->name);
		if (!link) {
			fprintf(stderr, "vcanmc: device \"%s\" does not exist\n",
				args->name);
			goto out;
		}
		if (!vcanmc_link_is_vcanmc(link)) {
			fprintf(stderr, "vcanmc: \"%s\" is not a vcanmc device\n",
				args->name);
			goto out;
		}
	}
	if (args->stats) {
		size_t i;

		stats = calloc(list.n ?: 1, sizeof(*stats));
		if (!stats) {
			fprintf(stderr, "vcanmc: out of memory\n");
			goto out;
		}
		for (i = 0; i < list.n; i++)
			if (vcanmc_link_is_vcanmc(&list.v[i]))
				cli_bus_stats(list.v[i].name, &stats[i]);
	}
	cli_show(stdout, list.v, list.n, stats, args->name, args->json, args->pretty);
	ret = 0;
out:
	free(stats);
	free(list.v);
	return ret;
}

static int run(struct cli_args *args)
{
	char msg[CLI_ERR_LEN];
	struct nl_sock *sk;
	int err, ret = 1;

	if (args->netns && netns_switch(args->netns))
		return 1;
	err = vcanmc_nl_open(&sk);
	if (err) {
		fprintf(stderr, "vcanmc: cannot open rtnetlink socket: %s\n",
			strerror(-err));
		return 1;
	}

	err = cli_args_resolve(args, resolve_dev, sk, msg, sizeof(msg));
	if (err == -EINVAL) {
		ret = usage_error(args->cmd, msg);
		goto out;
	} else if (err) {
		fprintf(stderr, "vcanmc: %s\n", msg);
		cli_privilege_hint(stderr, err);
		goto out;
	}

	switch (args->cmd) {
	case CLI_CMD_ADD:
		ret = do_add(sk, args);
		break;
	case CLI_CMD_SET:
		ret = do_set(sk, args);
		break;
	case CLI_CMD_DEL:
		ret = do_del(sk, args);
		break;
	case CLI_CMD_SHOW:
		ret = do_show(sk, args);
		break;
	case CLI_CMD_STATUS:
		ret = cli_status(stdout, args->name, args->json, args->pretty);
		break;
	default:
		break;
	}
out:
	vcanmc_nl_close(sk);
	return ret;
}

int main(int argc, char **argv)
{
	char msg[CLI_ERR_LEN];
	struct cli_args args;
	int ret;

	if (cli_args_parse(&args, argc, argv, msg, sizeof(msg)))
		return usage_error(args.cmd, msg);

	switch (args.cmd) {
	case CLI_CMD_HELP:
		cli_help(stdout, args.topic);
		ret = 0;
		break;
	case CLI_CMD_VERSION:
		printf("vcanmc %s\n", VCANMC_VERSION);
		ret = 0;
		break;
	default:
		ret = run(&args);
		break;
	}

	if (fflush(stdout) || ferror(stdout)) {
		perror("vcanmc: write error");
		ret = 1;
	}
	return ret;
}
