/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VCANMC_PYCAN_KEYS_H
#define VCANMC_PYCAN_KEYS_H

/* The arguments of can.Message.__init__ (but check), in its order. */
enum pycan_key {
	PYCAN_KEY_TIMESTAMP,
	PYCAN_KEY_ARBITRATION_ID,
	PYCAN_KEY_IS_EXTENDED_ID,
	PYCAN_KEY_IS_REMOTE_FRAME,
	PYCAN_KEY_IS_ERROR_FRAME,
	PYCAN_KEY_CHANNEL,
	PYCAN_KEY_DLC,
	PYCAN_KEY_DATA,
	PYCAN_KEY_IS_FD,
	PYCAN_KEY_IS_RX,
	PYCAN_KEY_BITRATE_SWITCH,
	PYCAN_KEY_ERROR_STATE_INDICATOR,
	PYCAN_KEY_CNT
};

struct pycan_key_name {
	const char *name;
	unsigned int len;
};

extern const struct pycan_key_name pycan_keys[PYCAN_KEY_CNT];

#endif /* VCANMC_PYCAN_KEYS_H */
