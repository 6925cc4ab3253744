// SPDX-License-Identifier: GPL-2.0
/* cansend's frame notation for the test tools; see cansyntax.h. */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/can.h>
#include <linux/can/error.h>

#include "cansyntax.h"

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

int can_parse_frame(const char *s, struct canfd_frame *cf, int *fd)
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
	if (idlen == 8 && !(cf->can_id & CAN_ERR_FLAG))
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

void can_print_record(const char *ifname, const struct hframe *h)
{
	const struct canfd_frame *cf = &h->fd;
	canid_t id = cf->can_id;
	unsigned int i;

	printf("%s ", ifname);
	if (h->type == VCANMC_REC_CANXL) {
		const struct canxl_frame *x = (const void *)h->raw;

		printf("XL:%03X#%02X:%02X:%08X#", x->prio & CANXL_PRIO_MASK, x->flags, x->sdt,
		       x->af);
		for (i = 0; i < x->len && i < CANXL_MAX_DLEN; i++)
			printf("%02X", x->data[i]);
		printf("\n");
		return;
	}
	if (id & CAN_ERR_FLAG)
		printf("%08X#", id & (CAN_ERR_MASK | CAN_ERR_FLAG));
	else if (id & CAN_EFF_FLAG)
		printf("%08X#", id & CAN_EFF_MASK);
	else
		printf("%03X#", id & CAN_SFF_MASK);
	if (h->type == VCANMC_REC_CANFD) {
		printf("#%X", cf->flags & (CANFD_BRS | CANFD_ESI));
	} else if (id & CAN_RTR_FLAG) {
		printf("R");
		if (cf->len)
			printf("%u", cf->len);
		printf("\n");
		return;
	}
	for (i = 0; i < cf->len && i < CANFD_MAX_DLEN; i++)
		printf("%02X", cf->data[i]);
	printf("\n");
}

