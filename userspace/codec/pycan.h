/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire format of python-can's udp_multicast interface, byte for byte.
 *
 * One datagram carries one CAN frame as a msgpack map, as packed by
 * can/interfaces/udp_multicast/utils.py:pack_message():
 *
 *   key                    msgpack type      SocketCAN frame
 *   timestamp              float64           receive time, seconds
 *   arbitration_id         uint, smallest    can_id & CAN_EFF_MASK or CAN_SFF_MASK
 *   is_extended_id         bool              can_id & CAN_EFF_FLAG
 *   is_remote_frame        bool              can_id & CAN_RTR_FLAG
 *   is_error_frame         bool              can_id & CAN_ERR_FLAG
 *   channel                nil               -
 *   dlc                    uint, smallest    len
 *   data                   bin               data[0..len), empty for RTR
 *   is_fd                  bool              read as CANFD_MTU
 *   bitrate_switch         bool              FD && flags & CANFD_BRS
 *   error_state_indicator  bool              FD && flags & CANFD_ESI
 *
 * The frame <-> message mapping is python-can's socketcan one
 * (capture_message(), build_can_frame()), so a python-can program bridging
 * SocketCAN to udp_multicast and vcanmcd produce the same datagrams, but
 * for the timestamp and the channel: SocketcanBus.recv() fills in its
 * interface name, where we send nil.
 *
 * The encoder writes into a caller's buffer and the decoder parses with a
 * msgpack zone allocated once, so neither allocates per frame.
 */
#ifndef VCANMC_PYCAN_H
#define VCANMC_PYCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <linux/can.h>

/*
 * Largest datagram the decoder looks at; a longer one is dropped as
 * oversize. python-can's bus reads 4096 bytes of a datagram, so nothing
 * longer can reach a python-can receiver intact. Receive into a bigger
 * buffer (or with MSG_TRUNC) and pass the real length, so that an
 * oversized datagram is counted as such and not parsed cut short.
 */
#define PYCAN_DGRAM_MAX		4096

/*
 * Longest datagram pycan_encode() writes: a CAN FD frame with a 29-bit ID
 * and 64 data bytes.
 */
#define PYCAN_ENC_MAX		220

/*
 * Why pycan_decode() refused a datagram. The numbers are internal; the
 * names from pycan_drop_name() are stable and user visible (counters,
 * "vcanmc status"), new reasons are only appended.
 */
enum pycan_drop {
	PYCAN_DROP_NONE = 0,	/* "none": accepted */
	PYCAN_DROP_TRUNCATED,	/* "truncated": ends inside the map */
	PYCAN_DROP_FOREIGN,	/* "foreign": not a map with string keys */
	PYCAN_DROP_MALFORMED,	/* "malformed": broken msgpack, trailing bytes,
				 * duplicate key, invalid UTF-8, nesting too deep
				 */
	PYCAN_DROP_OVERSIZE,	/* "oversize": longer than PYCAN_DGRAM_MAX */
	PYCAN_DROP_UNKNOWN_KEY,	/* "unknown-key": not a can.Message argument */
	PYCAN_DROP_WRONG_TYPE,	/* "wrong-type": e.g. a float ID, an int bool */
	PYCAN_DROP_DLC_MISMATCH,/* "dlc-mismatch": dlc != len(data), too long,
				 * negative, data on a remote frame
				 */
	PYCAN_DROP_BAD_ID,	/* "bad-id": >= 0x800 standard, >= 2^29
				 * extended, negative
				 */
	PYCAN_DROP_BAD_FLAGS,	/* "bad-flags": BRS/ESI without FD, remote
				 * with FD or error
				 */
	PYCAN_DROP_MISSING_KEY,	/* "missing-key": a batch message without a
				 * key pack_message() writes
				 */
	PYCAN_DROP_XL_VERSION,	/* "xl-version": a CAN XL record of a version
				 * this decoder does not know
				 */
	PYCAN_DROP_BUS_VERSION,	/* "bus-version": a bus record of a version
				 * this decoder does not know
				 */
	__PYCAN_DROP_CNT
};

#define PYCAN_DROP_CNT	__PYCAN_DROP_CNT

/* Stable short name of @drop; "unknown" for a value out of range. */
const char *pycan_drop_name(enum pycan_drop drop);

/*
 * The timestamp python-can's socketcan gives a frame received with
 * SO_TIMESTAMPNS: sec + nsec * 1e-9, rounded exactly as python does.
 */
double pycan_tstamp(const struct timespec *ts);

/*
 * Round a CAN FD payload length up to the next valid one (0..8, 12, 16,
 * 20, 24, 32, 48, 64); lengths above 64 give 64.
 */
unsigned int pycan_fd_len(unsigned int len);

/*
 * Encode @cf into @buf as the datagram python-can sends for it.
 * @fd: the frame was read as CANFD_MTU (frames of the kernel also carry
 *	CANFD_FDF then). For a classic frame, flags, len8_dlc and the
 *	reserved bytes are ignored, as python-can does.
 * @tstamp: seconds, packed as given (see pycan_tstamp()).
 *
 * Return: the datagram's length; -ENOSPC when @size is too small (use
 * PYCAN_ENC_MAX); -EINVAL for a frame every python-can receiver would
 * refuse: len above 8 (classic) or 64 (FD), a remote frame that is also
 * an error or an FD frame.
 */
int pycan_encode(void *buf, size_t size, const struct canfd_frame *cf, bool fd, double tstamp);

/* A decoder: holds the msgpack zone reused by every pycan_decode(). */
struct pycan_decoder;

/* NULL when out of memory. */
struct pycan_decoder *pycan_decoder_new(void);
void pycan_decoder_free(struct pycan_decoder *dec);

/*
 * Decode one datagram of @len bytes into @cf, ready to be written to
 * SocketCAN: CANFD_MTU bytes of it when *@fd, CAN_MTU bytes otherwise.
 * Bytes of @cf past the payload are zero. An FD payload length that is no
 * valid CAN FD length is rounded up, zero padded, and FD frames carry
 * CANFD_FDF as the kernel's own do.
 * @tstamp: may be NULL; the sender's timestamp in seconds, 0.0 when it
 *	sent none, NAN when it sent nil.
 *
 * Taken is what python-can's bus takes, with strict types: keys in any
 * order and msgpack width; missing keys get can.Message's defaults
 * (is_extended_id true, dlc len(data)); is_rx is taken and ignored;
 * ints must be msgpack ints, bools msgpack bools; data is bin, nil, or an
 * array of ints 0..255 (bytearray() makes bytes of that too); channel is
 * nil, a str or an int; timestamp any number or nil, any value (the bus
 * replaces it before checking).
 *
 * Return: PYCAN_DROP_NONE, or why the datagram must be dropped; @cf,
 * @fd and @tstamp are then undefined.
 */
enum pycan_drop pycan_decode(struct pycan_decoder *dec, const void *buf, size_t len,
			     struct canfd_frame *cf, bool *fd, double *tstamp);

/*
 * Batches: several python-can messages back to back in one datagram
 * (VCANMC_ENCAP_PYTHON_CAN_BATCH), each encoded by pycan_encode(), in at
 * most PYCAN_BATCH_MAX bytes, so that no datagram is fragmented on an
 * IPv6 path (minimum MTU 1280, minus headers). python-can reads only the
 * first message and refuses the datagram, so a batching bus is one of
 * vcanmc hosts only.
 */
#define PYCAN_BATCH_MAX		1200

/*
 * A batch message must carry every key pack_message() writes (is_rx
 * aside): 143 bytes at least (nil data, which python-can takes, is one byte
 * shorter than the empty bin pack_message() writes; vector batch-min), so a
 * batch holds at most this many frames.
 * That bounds what one datagram can put on a bus, and only vcanmc hosts
 * write batches.
 */
#define PYCAN_BATCH_FRAMES_MAX	(PYCAN_BATCH_MAX / PYCAN_BATCH_MSG_MIN)
#define PYCAN_BATCH_MSG_MIN	143

/*
 * Decode the message at *@off of a batch datagram of @len bytes, as
 * pycan_decode() does a whole datagram, but stricter: a datagram longer
 * than PYCAN_BATCH_MAX is oversize, and a message must carry every key
 * pack_message() writes. *@off then points past that
 * message; it is @len when the message's end cannot be known (broken
 * msgpack), since nothing after it can be read then. Decode while
 * *@off < @len.
 */
enum pycan_drop pycan_decode_next(struct pycan_decoder *dec, const void *buf, size_t len,
				  size_t *off, struct canfd_frame *cf, bool *fd, double *tstamp);

/*
 * CAN XL records, a vcanmc extension of batches (python-can has no CAN XL).
 * A record is a msgpack map whose first key is "vcanmc_xl", with the
 * record's version, then these keys, in this order (the decoder takes any
 * order after the first, each exactly once):
 *
 *   key        msgpack type      struct canxl_frame
 *   vcanmc_xl  uint: 1           - (PYCAN_XL_VERSION)
 *   timestamp  float64           receive time, seconds (pycan_tstamp())
 *   prio       uint 0..0x7ff     prio & CANXL_PRIO_MASK
 *   vcid       uint 0..255       (prio >> 16) & 0xff, the VCID of Linux >= 6.9
 *   flags      uint 0..255       flags: CANXL_XLF (0x80) set, CANXL_SEC
 *                                (0x01), RRS (0x02), others as given
 *   sdt        uint 0..255       sdt
 *   af         uint 0..2^32-1    af
 *   data       bin, 1..2048      len, data[0..len)
 *
 * The other bits of prio (11..15, 24..31) are not carried: Linux >= 6.9
 * clears them on every frame a socket sends, older kernels ignore them.
 * A decoder that does not know the version drops the record alone
 * ("xl-version"); one that knows no CAN XL records at all reads a map with
 * keys python-can does not have and drops it alone ("unknown-key"), in
 * both cases skipping it by its msgpack length. A new version may change
 * anything but the first key.
 *
 * Only batches carry XL records, never a python-can datagram. A record may
 * be longer than PYCAN_BATCH_MAX: it then travels alone, in a datagram of
 * at most PYCAN_XL_DGRAM_MAX bytes that IP fragments on most paths (and that
 * a daemon before CAN XL records drops as "oversize", alone). A datagram
 * longer than PYCAN_BATCH_MAX that is not exactly one XL record is
 * oversize.
 */
#define PYCAN_XL_VERSION	1
#define PYCAN_XL_KEY		"vcanmc_xl"

/* Longest XL record pycan_xl_encode() writes: 2048 data bytes, every field
 * at its widest.
 */
#define PYCAN_XL_ENC_MAX	2124
#define PYCAN_XL_DGRAM_MAX	PYCAN_XL_ENC_MAX

/*
 * Encode @xl (len bytes of its data) into @buf as an XL record.
 * Return: the record's length; -ENOSPC when @size is too small (use
 * PYCAN_XL_ENC_MAX); -EINVAL for a frame no CAN XL socket sends: len not
 * 1..2048, no CANXL_XLF.
 */
int pycan_xl_encode(void *buf, size_t size, const struct canxl_frame *xl, double tstamp);

/*
 * Bus records, a vcanmc extension of batches: what bus the sending host
 * emulates, so that hosts on one group that disagree are told (a bus has
 * one configuration). Every host sends one when it attaches and every
 * second. A record is a msgpack map whose first key is "vcanmc_bus",
 * with the record's version, then these keys (any order, each once):
 *
 *   key        msgpack type      meaning
 *   vcanmc_bus uint: 1           - (PYCAN_BUS_VERSION)
 *   bitrate    uint 0..2^32-1    IFLA_VCANMC_BITRATE, 0: unlimited
 *   dbitrate   uint 0..2^32-1    IFLA_VCANMC_DBITRATE
 *   xlbitrate  uint 0..2^32-1    IFLA_VCANMC_XLBITRATE
 *
 * It carries no frame. A decoder that does not know the version drops
 * the record alone ("bus-version"), one that knows no bus records reads
 * keys python-can does not have and drops it alone ("unknown-key").
 */
#define PYCAN_BUS_VERSION	1
#define PYCAN_BUS_KEY		"vcanmc_bus"
/* Longest bus record pycan_bus_encode() writes */
#define PYCAN_BUS_ENC_MAX	64

struct pycan_bus {
	uint32_t bitrate;
	uint32_t dbitrate;
	uint32_t xlbitrate;
};

/* Encode @bus into @buf as a bus record: its length, or -ENOSPC. */
int pycan_bus_encode(void *buf, size_t size, const struct pycan_bus *bus);

/* What a batch holds: a frame of some kind, or a bus record. */
enum pycan_kind {
	PYCAN_CAN,
	PYCAN_CANFD,
	PYCAN_CANXL,
	PYCAN_BUS,
};

struct pycan_frame {
	enum pycan_kind kind;
	union {
		struct canfd_frame cf;	/* PYCAN_CAN, PYCAN_CANFD */
		struct canxl_frame xl;	/* PYCAN_CANXL: CANXL_HDR_SIZE + len valid */
		struct pycan_bus bus;	/* PYCAN_BUS */
	};
};

/*
 * pycan_decode_next() that also takes XL records and their datagrams of up
 * to PYCAN_XL_DGRAM_MAX bytes, and bus records (@fr->bus, no timestamp).
 * @fr->cf is what pycan_decode_next() gives, @fr->xl zero past its data.
 */
enum pycan_drop pycan_decode_batch(struct pycan_decoder *dec, const void *buf, size_t len,
				   size_t *off, struct pycan_frame *fr, double *tstamp);

#endif /* VCANMC_PYCAN_H */
