// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a link message from rtnetlink (RTM_NEWLINK, as a dump
 * or a notification brings it) into struct vcanmc_link (lib/link.c), as
 * the CLI and the daemon read them. The input is the message; its length
 * field is set to the input's length, as libnl's receive loop guarantees
 * (NLMSG_OK) before a message reaches the parser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include "link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vcanmc_link link;
	struct nlmsghdr *nlh;

	if (size < sizeof(*nlh) || size > 65536)
		return 0;
	nlh = malloc(size);
	if (!nlh)
		return 0;
	memcpy(nlh, data, size);
	nlh->nlmsg_len = (uint32_t)size;
	if (!vcanmc_link_parse(&link, nlh)) {
		if (!memchr(link.name, '\0', sizeof(link.name)) ||
		    !memchr(link.kind, '\0', sizeof(link.kind)))
			abort();
		vcanmc_link_is_vcanmc(&link);
	}
	free(nlh);
	return 0;
}
