// SPDX-License-Identifier: GPL-2.0
/*
 * What encoder and decoder share: key and drop reason names, python-can's
 * timestamp arithmetic and the CAN FD length table.
 */
#include "pycan.h"
#include "pycan_keys.h"

#define PYCAN_KEY(str)	{ str, sizeof(str) - 1 }

const struct pycan_key_name pycan_keys[PYCAN_KEY_CNT] = {
	[PYCAN_KEY_TIMESTAMP]			= PYCAN_KEY("timestamp"),
	[PYCAN_KEY_ARBITRATION_ID]		= PYCAN_KEY("arbitration_id"),
	[PYCAN_KEY_IS_EXTENDED_ID]		= PYCAN_KEY("is_extended_id"),
	[PYCAN_KEY_IS_REMOTE_FRAME]		= PYCAN_KEY("is_remote_frame"),
	[PYCAN_KEY_IS_ERROR_FRAME]		= PYCAN_KEY("is_error_frame"),
	[PYCAN_KEY_CHANNEL]			= PYCAN_KEY("channel"),
	[PYCAN_KEY_DLC]				= PYCAN_KEY("dlc"),
	[PYCAN_KEY_DATA]			= PYCAN_KEY("data"),
	[PYCAN_KEY_IS_FD]			= PYCAN_KEY("is_fd"),
	[PYCAN_KEY_IS_RX]			= PYCAN_KEY("is_rx"),
	[PYCAN_KEY_BITRATE_SWITCH]		= PYCAN_KEY("bitrate_switch"),
	[PYCAN_KEY_ERROR_STATE_INDICATOR]	= PYCAN_KEY("error_state_indicator"),
};

static const char *const pycan_drop_names[PYCAN_DROP_CNT] = {
	[PYCAN_DROP_NONE]		= "none",
	[PYCAN_DROP_TRUNCATED]		= "truncated",
	[PYCAN_DROP_FOREIGN]		= "foreign",
	[PYCAN_DROP_MALFORMED]		= "malformed",
	[PYCAN_DROP_OVERSIZE]		= "oversize",
	[PYCAN_DROP_UNKNOWN_KEY]	= "unknown-key",
	[PYCAN_DROP_WRONG_TYPE]		= "wrong-type",
	[PYCAN_DROP_DLC_MISMATCH]	= "dlc-mismatch",
	[PYCAN_DROP_BAD_ID]		= "bad-id",
	[PYCAN_DROP_BAD_FLAGS]		= "bad-flags",
	[PYCAN_DROP_MISSING_KEY]	= "missing-key",
	[PYCAN_DROP_XL_VERSION]		= "xl-version",
	[PYCAN_DROP_BUS_VERSION]	= "bus-version",
};

const char *pycan_drop_name(enum pycan_drop drop)
{
	if ((unsigned int)drop >= PYCAN_DROP_CNT)
		return "unknown";
	return pycan_drop_names[drop];
}

double pycan_tstamp(const struct timespec *ts)
{
	/* python-can computes "seconds + nanoseconds * 1e-9": the product is
	 * rounded before the sum. The Makefile builds this file with
	 * -ffp-contract=off so that no fused multiply-add skips that rounding.
	 */
	double frac = (double)ts->tv_nsec * 1e-9;

	return (double)ts->tv_sec + frac;
}

unsigned int pycan_fd_len(unsigned int len)
{
	static const unsigned char valid[] = { 12, 16, 20, 24, 32, 48 };
	unsigned int i;

	if (len <= CAN_MAX_DLEN)
		return len;
	for (i = 0; i < sizeof(valid); i++)
		if (len <= valid[i])
			return valid[i];
	return CANFD_MAX_DLEN;
}
