/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What encoder and decoder share of the wire: big-endian access and the
 * byte offsets of the header fields (avtp.h has the picture). Bit n of a
 * field in a 16-bit word counts from its least significant bit.
 */
#ifndef VCANMC_AVTP_WIRE_H
#define VCANMC_AVTP_WIRE_H

#include <stdint.h>

#include "avtp.h"

/* common AVTP header, byte 1 */
#define AVTP_SV			0x80
#define AVTP_VERSION_MASK	0x70

/* ACF common header: 16 bits, type above a 9-bit quadlet count */
#define ACF_TYPE_SHIFT		9
#define ACF_LEN_MASK		0x1ff
#define ACF_LEN_MAX		ACF_LEN_MASK

/* byte 2 of ACF-CAN, ACF_CAN_XL and their brief forms */
#define ACF_PAD_SHIFT		6
#define ACF_MTV			0x20
#define ACF_CAN_RTR		0x10
#define ACF_CAN_EFF		0x08
#define ACF_CAN_BRS		0x04
#define ACF_CAN_FDF		0x02
#define ACF_CAN_ESI		0x01
/* byte 3 of ACF-CAN */
#define ACF_CAN_BUS_ID_MASK	0x1f
/* bytes 2..3 of ACF_CAN_XL: the bus ID's 11 bits */
#define ACF_XL_BUS_ID_MASK	0x7ff
/* message_timestamp, in the full forms only */
#define ACF_TSTAMP_OFF		4
#define ACF_TSTAMP_LEN		8

/* After the timestamp (or byte 4 in the brief forms): ACF-CAN */
#define ACF_CAN_ID_MASK		0x1fffffff
/* ACF_CAN_XL: vcid, sdt, then 16 bits of rrs, sec and priority_id */
#define ACF_XL_VCID		0
#define ACF_XL_SDT		1
#define ACF_XL_PRIO		2
#define ACF_XL_RRS		0x1000
#define ACF_XL_SEC		0x0800
#define ACF_XL_PRIO_MASK	0x07ff
#define ACF_XL_AF		4
#define ACF_XL_TN		9
/* 16 bits of ms and segment_num */
#define ACF_XL_SEG		10
#define ACF_XL_MS		0x1000
#define ACF_XL_SEG_MASK		0x0fff
#define ACF_XL_TAIL_LEN		12	/* bytes from vcid to segment_num */

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, v >> 16);
	put_be16(p + 2, v);
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, v >> 32);
	put_be32(p + 4, v);
}

/* Bytes of padding after @len payload bytes */
static inline unsigned int acf_pad(unsigned int len)
{
	return -len & 3;
}

/*
 * @len rounded up to a CAN FD length (0..8, 12, 16, 20, 24, 32, 48, 64);
 * above 64, 64. @len is one exactly when the result equals it.
 */
unsigned int avtp_fd_len_up(unsigned int len);

#endif /* VCANMC_AVTP_WIRE_H */
