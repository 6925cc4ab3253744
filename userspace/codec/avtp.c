// SPDX-License-Identifier: GPL-2.0
/*
 * What the IEEE 1722 encoder and decoder share: the drop reason names and
 * the CAN FD lengths.
 */
#include "avtp.h"
#include "avtp_wire.h"

static const char *const avtp_drop_names[AVTP_DROP_CNT] = {
	[AVTP_DROP_NONE]		= "none",
	[AVTP_DROP_TRUNCATED]		= "avtp-truncated",
	[AVTP_DROP_SUBTYPE]		= "avtp-subtype",
	[AVTP_DROP_HEADER]		= "avtp-header",
	[AVTP_DROP_LENGTH]		= "avtp-length",
	[AVTP_DROP_ACF_OTHER]		= "acf-other",
	[AVTP_DROP_ACF_BUS_ID]		= "acf-bus-id",
	[AVTP_DROP_ACF_MALFORMED]	= "acf-malformed",
	[AVTP_DROP_ACF_XL_SEGMENT]	= "acf-xl-segment",
};

const char *avtp_drop_name(enum avtp_drop drop)
{
	if ((unsigned int)drop >= AVTP_DROP_CNT)
		return "unknown";
	return avtp_drop_names[drop];
}

/* CAN FD's lengths above 8, by DLC 9..15 */
static const uint8_t fd_dlc_len[] = { 12, 16, 20, 24, 32, 48, 64 };

unsigned int avtp_fd_len_up(unsigned int len)
{
	unsigned int dlc;

	if (len <= CAN_MAX_DLEN)
		return len;
	for (dlc = 0; dlc < sizeof(fd_dlc_len) - 1 && fd_dlc_len[dlc] < len; dlc++)
		;
	return fd_dlc_len[dlc];
}
