// SPDX-License-Identifier: GPL-2.0
/*
 * SocketCAN frame -> python-can udp_multicast datagram.
 *
 * The keys, their order and their encodings are those of python's
 * msgpack.packb() on the dict pack_message() builds: a fixmap of 11
 * entries, fixstr keys, timestamp as float64, ints in the smallest
 * unsigned form, data as bin, channel nil. msgpack-c's packer picks the
 * same forms; it writes through pycan_put() into the caller's buffer.
 */
#include <errno.h>
#include <string.h>
#include <msgpack.h>

#include "pycan.h"
#include "pycan_keys.h"
#include "pycan_out.h"

int pycan_put(void *data, const char *src, size_t n)
{
	struct pycan_out *out = data;

	/* Once a write did not fit, refuse the rest too: no partial datagram
	 * with a hole in it.
	 */
	if (out->full || n > out->size - out->len) {
		out->full = true;
		return -1;
	}
	memcpy(out->buf + out->len, src, n);
	out->len += n;
	return 0;
}

static void pycan_key(msgpack_packer *pk, enum pycan_key key)
{
	msgpack_pack_str_with_body(pk, pycan_keys[key].name, pycan_keys[key].len);
}

static void pycan_bool(msgpack_packer *pk, enum pycan_key key, bool val)
{
	pycan_key(pk, key);
	if (val)
		msgpack_pack_true(pk);
	else
		msgpack_pack_false(pk);
}

int pycan_encode(void *buf, size_t size, const struct canfd_frame *cf, bool fd, double tstamp)
{
	struct pycan_out out = { .buf = buf, .size = size };
	bool eff = cf->can_id & CAN_EFF_FLAG;
	bool rtr = cf->can_id & CAN_RTR_FLAG;
	bool err = cf->can_id & CAN_ERR_FLAG;
	bool brs = fd && (cf->flags & CANFD_BRS);
	bool esi = fd && (cf->flags & CANFD_ESI);
	msgpack_packer pk;

	/* What python-can's capture_message() would make of these frames
	 * fails Message._check(): every python-can receiver refuses them.
	 */
	if (cf->len > (fd ? CANFD_MAX_DLEN : CAN_MAX_DLEN))
		return -EINVAL;
	if (rtr && (err || fd))
		return -EINVAL;

	msgpack_packer_init(&pk, &out, pycan_put);
	msgpack_pack_map(&pk, 11);

	pycan_key(&pk, PYCAN_KEY_TIMESTAMP);
	msgpack_pack_double(&pk, tstamp);

	/* python-can masks by the EFF flag alone, error frames included:
	 * their class bits all lie within CAN_SFF_MASK.
	 */
	pycan_key(&pk, PYCAN_KEY_ARBITRATION_ID);
	msgpack_pack_uint32(&pk, cf->can_id & (eff ? CAN_EFF_MASK : CAN_SFF_MASK));

	pycan_bool(&pk, PYCAN_KEY_IS_EXTENDED_ID, eff);
	pycan_bool(&pk, PYCAN_KEY_IS_REMOTE_FRAME, rtr);
	pycan_bool(&pk, PYCAN_KEY_IS_ERROR_FRAME, err);

	pycan_key(&pk, PYCAN_KEY_CHANNEL);
	msgpack_pack_nil(&pk);

	/* A remote frame's dlc is the requested length; Message.__init__
	 * discards its payload.
	 */
	pycan_key(&pk, PYCAN_KEY_DLC);
	msgpack_pack_uint8(&pk, cf->len);
	pycan_key(&pk, PYCAN_KEY_DATA);
	msgpack_pack_bin_with_body(&pk, cf->data, rtr ? 0 : cf->len);

	pycan_bool(&pk, PYCAN_KEY_IS_FD, fd);
	pycan_bool(&pk, PYCAN_KEY_BITRATE_SWITCH, brs);
	pycan_bool(&pk, PYCAN_KEY_ERROR_STATE_INDICATOR, esi);

	if (out.full)
		return -ENOSPC;
	return (int)out.len;
}
