/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The timeline's messages in a member's NORM stream (a link of order
 * global; Documentation/timeline.md): after norm.h's header, whose version
 * is NORM_MSG_TL, a run of entries, all numbers big endian. Each entry
 * starts with u8 kind, u8 (type or flags), u16 its length, all of it: a
 * reader skips kinds it does not know (later versions add some).
 *
 *   frame:     TLMSG_FRAME, u8 type (enum tlmsg_type), u16 length,
 *              u64 seq, s64 submit (ns of CLOCK_REALTIME), u64 node, then
 *              the frame: CAN and CAN FD as u32 can_id, u8 len, u8 flags,
 *              u8 len8_dlc, u8 0, len bytes of data; CAN XL as u32 prio,
 *              u8 flags, u8 sdt, u16 len, u32 af, len bytes
 *   heartbeat: TLMSG_HEARTBEAT, u8 flags (TLMSG_F_*), u16 length,
 *              s64 mark (nothing more of this member will have a submit
 *              time up to it), u64 sent (its last frame's seq, 0: none
 *              yet), then per ack u32 member, u32 flags (TLMSG_ACK_*;
 *              0 before the stall bound), u64 seq: the last
 *              frame of that member the sender holds, without a gap;
 *              each member once (a heartbeat that names one twice is
 *              refused: members compare their sets by it)
 *   digest:    TLMSG_DIGEST, u8 0, u16 length, s64 at, u64 n, u64 sum:
 *              what the sender released in the period up to the instant
 *              at, n frames whose hashes sum to sum (tldigest.h); a later
 *              version may add fields after them, which are skipped
 *   clock:     TLMSG_CLOCK, u8 the length of an echo (TLMSG_ECHO or
 *              more), u16 length, s64 sent (the sender's CLOCK_REALTIME in
 *              ns as it wrote the entry), then per echo u32 member, u32 0,
 *              s64 t1 (sent of the last clock entry the sender got from
 *              that member), s64 t2 (when it got it, by the sender's
 *              clock), and whatever a later version adds (skipped): NTP's
 *              on-wire exchange (RFC 5905, section 8), which gives each
 *              member the offset and round trip to each other
 *              (tlclock.h); each member once
 *
 * The member is the stream's sender (its NORM node id): a stream carries
 * its sender's frames and promises only. Pure encoding, no I/O.
 */
#ifndef VCANMCD_TLMSG_H
#define VCANMCD_TLMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/can.h>

#include "tldigest.h"

#define TLMSG_FRAME		1
#define TLMSG_HEARTBEAT		2
#define TLMSG_DIGEST		3
#define TLMSG_CLOCK		4

enum tlmsg_type {
	TLMSG_CAN,
	TLMSG_CANFD,
	TLMSG_CANXL,
};

/* The member holds every member's stream from its start, and knows all */
#define TLMSG_F_READY		0x1
/* Its timeline broke: it will not go on */
#define TLMSG_F_BROKEN		0x2
/* An ack's flag: the sender cut that member (its seq is what the sender
 * held of it then)
 */
#define TLMSG_ACK_CUT		0x1

#define TLMSG_ENTRY_HDR		4
#define TLMSG_FRAME_HDR		28
#define TLMSG_CAN_HDR		8
#define TLMSG_XL_HDR		12
#define TLMSG_HB_HDR		20
#define TLMSG_ACK		16
#define TLMSG_DIGEST_LEN	28
#define TLMSG_CLOCK_HDR		12
#define TLMSG_ECHO		24
/* The largest entry: a CAN XL frame of CANXL_MAX_DLEN bytes */
#define TLMSG_FRAME_MAX		(TLMSG_FRAME_HDR + TLMSG_XL_HDR + CANXL_MAX_DLEN)
#define TLMSG_ACKS_MAX		16
#define TLMSG_HB_MAX		(TLMSG_HB_HDR + TLMSG_ACKS_MAX * TLMSG_ACK)
#define TLMSG_CLOCK_MAX		(TLMSG_CLOCK_HDR + TLMSG_ACKS_MAX * TLMSG_ECHO)

struct tlmsg_frame {
	enum tlmsg_type type;
	uint64_t seq;
	int64_t submit;
	uint64_t node;
	union {
		struct canfd_frame cf;	/* CAN: a struct can_frame's bytes */
		struct canxl_frame xl;
	};
};

struct tlmsg_ack {
	uint32_t member;
	uint64_t seq;
	uint32_t flags;		/* TLMSG_ACK_* */
};

struct tlmsg_hb {
	uint8_t flags;
	int64_t mark;
	uint64_t sent;
	unsigned int nacks;
	struct tlmsg_ack acks[TLMSG_ACKS_MAX];
};

struct tlmsg_echo {
	uint32_t member;
	int64_t t1, t2;
};

struct tlmsg_clock {
	int64_t sent;
	unsigned int n;
	struct tlmsg_echo echo[TLMSG_ACKS_MAX];
};

/* An entry read: the member for its kind is filled in (the frame last, so
 * that nothing can run past it into the others unseen)
 */
struct tlmsg_entry {
	struct tlmsg_hb hb;
	struct tldigest_point dg;
	struct tlmsg_clock ck;
	struct tlmsg_frame fr;
};

/* Writes the entry into @buf (@room bytes): its length, or 0 if it does
 * not fit or the frame is not one (a length beyond its type's).
 */
size_t tlmsg_put_frame(uint8_t *buf, size_t room, const struct tlmsg_frame *fr);
size_t tlmsg_put_hb(uint8_t *buf, size_t room, const struct tlmsg_hb *hb);
size_t tlmsg_put_digest(uint8_t *buf, size_t room, const struct tldigest_point *dg);
size_t tlmsg_put_clock(uint8_t *buf, size_t room, const struct tlmsg_clock *ck);

/* Reads the entry at @buf + *@off of a message of @len bytes into @e, and
 * moves *@off past it: TLMSG_FRAME, TLMSG_HEARTBEAT, TLMSG_DIGEST,
 * TLMSG_CLOCK, 0 for an entry of a kind it does not know (skipped), or -1
 * if it is not a whole, valid entry (the rest of the message is garbled).
 */
int tlmsg_get(const uint8_t *buf, size_t len, size_t *off, struct tlmsg_entry *e);

#endif /* VCANMCD_TLMSG_H */
