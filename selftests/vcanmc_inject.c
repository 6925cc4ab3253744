// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmc_inject - write frames into a vcanmc link the way the tunnel helper
 * does, so that local sockets receive them. For shell tests.
 *
 * Frames use cansend's notation: 123#1122, 12345678#R, 123##1AABB (CAN FD,
 * the digit after ## holds the FD flags).
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/can.h>

#include "can.h"

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

/* Returns 0 and fills @cf and @fd, or -1 for a malformed frame. */
static int parse_frame(const char *s, struct canfd_frame *cf, int *fd)
{
	const char *hash = strchr(s, '#');
	size_t idlen;
	char *end;

	memset(cf, 0, sizeof(*cf));
	*fd = 0;
	if (!hash)
		return -1;
	idlen = hash - s;
	if (idlen != 3 && idlen != 8)
		return -1;
	cf->can_id = strtoul(s, &end, 16);
	if (end != hash)
		return -1;
	if (idlen == 8)
		cf->can_id |= CAN_EFF_FLAG;
	s = hash + 1;

	if (*s == 'R') {
		cf->can_id |= CAN_RTR_FLAG;
		cf->len = s[1] ? s[1] - '0' : 0;
		return cf->len <= 8 ? 0 : -1;
	}
	if (*s == '#') {
		*fd = 1;
		if (!isxdigit((unsigned char)s[1]))
			return -1;
		cf->flags = hexval(s[1]);
		s += 2;
	}
	while (*s) {
		if (*s == '.') {
			s++;
			continue;
		}
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]) ||
		    cf->len >= (*fd ? CANFD_MAX_DLEN : CAN_MAX_DLEN))
			return -1;
		cf->data[cf->len++] = hexval(s[0]) << 4 | hexval(s[1]);
		s += 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct canfd_frame cf;
	int sock, fd, i, err;

	if (argc < 3) {
		fprintf(stderr, "usage: %s IFACE FRAME...\n", argv[0]);
		return 1;
	}
	sock = can_open(argv[1]);
	if (sock < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(-sock));
		return 1;
	}
	err = can_set_inject(sock);
	if (err) {
		fprintf(stderr, "%s: SO_MARK: %s\n", argv[0], strerror(-err));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		if (parse_frame(argv[i], &cf, &fd)) {
			fprintf(stderr, "%s: bad frame \"%s\"\n", argv[0], argv[i]);
			return 1;
		}
		err = can_send(sock, &cf, fd);
		if (err) {
			fprintf(stderr, "%s: write: %s\n", argv[0], strerror(-err));
			return 1;
		}
	}
	return 0;
}
