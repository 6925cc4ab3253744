/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IEEE 1722 (AVTP) for CAN, CAN FD and CAN XL: the wire format of
 * VCANMC_ENCAP_IEEE1722, byte for byte as Open1722 and the 1722 gateways
 * write it.
 *
 *   [UDP encapsulation]  4 bytes, IEEE 1722 Annex J, over UDP only:
 *                        encapsulation_seq_num, 32 bits, big endian
 *   NTSCF header         12 bytes: subtype 0x82, sv 1, version 0,
 *                        ntscf_data_length (11 bits: bytes of ACF
 *                        messages), sequence_num (8 bits), stream_id
 *   ACF messages         back to back, each a whole number of quadlets:
 *                        acf_msg_type (7 bits), acf_msg_length (9 bits,
 *                        quadlets, header included), then:
 *     ACF-CAN (0x01)     16-byte header: pad, mtv, rtr, eff, brs, fdf,
 *                        esi, can_bus_id (5 bits), message_timestamp (64),
 *                        can_identifier (29); the payload, zero padded to
 *                        a quadlet, pad saying by how many bytes
 *     ACF_CAN_XL (0x11)  24-byte header: pad, mtv, can_bus_id (11 bits),
 *                        message_timestamp, vcid, sdt, rrs, sec,
 *                        priority_id (11), acceptance_field (32),
 *                        transaction_num (8), ms, segment_num (12); the
 *                        payload (a segment of the frame's data), padded
 *
 * Received are also TSCF PDUs (subtype 0x05, 24-byte header, 16-bit
 * stream_data_length; its avtp_timestamp is ignored), ACF-CAN-Brief (0x02)
 * and ACF_CAN_XL_BRIEF (0x12): the same headers without message_timestamp.
 * Bytes after the PDU's data length are ignored (Ethernet pads short
 * frames to 60 bytes).
 *
 * SocketCAN frames <-> ACF messages:
 *   can_id & CAN_EFF_FLAG     eff; the identifier is can_id & CAN_EFF_MASK
 *                             (eff) or & CAN_SFF_MASK
 *   can_id & CAN_RTR_FLAG     rtr, classic frames only. The DLC of a
 *                             remote frame travels as len zero bytes of
 *                             payload, as Open1722 sends it; a received
 *                             one has len = its payload length, the data
 *                             zeroed.
 *   can_id & CAN_ERR_FLAG     cannot be carried: the encoder refuses it
 *   FD frame                  fdf; CANFD_BRS brs, CANFD_ESI esi. Decoded FD
 *                             frames carry CANFD_FDF, as the kernel's do.
 *   classic frame             flags, len8_dlc and reserved bytes are not
 *                             carried (0 on receive)
 *   canxl_frame.prio          priority_id (bits 0..10), vcid (bits 16..23,
 *                             AVTP_CANXL_VCID_*; Linux >= 6.9's layout)
 *   canxl_frame.flags         CANXL_SEC sec, AVTP_CANXL_RRS rrs; CANXL_XLF
 *                             must be set and is set on receive; other bits
 *                             are neither sent nor taken
 *   canxl_frame.sdt, .af      sdt, acceptance_field
 *   canxl_frame.len, .data    the payload, 1..2048 bytes, in segments
 *   timestamp argument        message_timestamp in ns, mtv 1, always
 *   bus_id argument           can_bus_id: 0..31 (CAN), 0..2047 (XL)
 *
 * CAN XL segmentation: one ACF_CAN_XL message carries at most
 * AVTP_XL_SEG_MAX (2020) payload bytes and an NTSCF PDU at most
 * AVTP_ACF_MAX bytes of messages, so a frame may be sent as several
 * segments, each one ACF_CAN_XL message repeating the frame's header
 * fields with the same transaction_num (one per frame, counting up),
 * segment_num 0, 1, ..., and ms 1 on all but the last. An unsegmented
 * frame is a single segment 0 with ms 0. Segments of a frame are in order
 * in one PDU or in consecutive PDUs of the sender, with nothing between.
 *
 * Nothing here allocates: the encoder writes into the caller's buffer,
 * the decoder reads the caller's datagram in place.
 *
 * Sending a run of PDUs into one buffer (buf holds n * e.max_pdu bytes):
 *
 *	avtp_enc_init(&e, stream_id, udp, udp ? 1200 : 1500);  // once
 *	avtp_enc_start(&e, buf + pos);
 *	for each frame:
 *		do {
 *			ret = xl ? avtp_enc_xl(&e, &xf, ts_ns, bus_id)
 *				 : avtp_enc_can(&e, &cf, fd, ts_ns, bus_id);
 *			if (ret == -ENOSPC) {
 *				len = avtp_enc_finish(&e);  // > 0 here
 *				iov[k++] = (struct iovec){ buf + pos, len };
 *				pos += len;
 *				avtp_enc_start(&e, buf + pos);
 *			}
 *		} while (ret == -ENOSPC);
 *		if (ret)
 *			count the frame as not encodable (-EINVAL)
 *	len = avtp_enc_finish(&e);  // 0: empty, send nothing
 *	if (len)
 *		iov[k++] = (struct iovec){ buf + pos, len };
 *
 * Receiving a datagram or Ethernet payload, per sender a struct avtp_seq
 * and a struct avtp_xl_rx:
 *
 *	if ((drop = avtp_parse(&p, data, len, udp)))
 *		count drop, done;
 *	v = avtp_seq_check(&sender->seq, udp ? p.encap_seq : p.seq,
 *			   udp ? 32 : 8, avtp_print(data, len), now_ms, NULL);
 *	if (v == AVTP_SEQ_DUPLICATE)
 *		done;
 *	if (v == AVTP_SEQ_RESTART)
 *		avtp_xl_rx_reset(&sender->xl);
 *	while ((m = avtp_next(&p, bus_id, &fr, &sender->xl, &drop)) != AVTP_MSG_END)
 *		switch (m) {
 *		case AVTP_MSG_CAN:	write fr.cf, fr.fd ? CANFD_MTU : CAN_MTU
 *		case AVTP_MSG_XL:	write sender->xl.xf, CANXL_HDR_SIZE + xf.len
 *		case AVTP_MSG_DROP:	count drop (avtp_drop_name(drop))
 *		case AVTP_MSG_XL_PART:	nothing
 *		}
 */
#ifndef VCANMC_AVTP_H
#define VCANMC_AVTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/can.h>

#define AVTP_UDP_HDR_LEN	4	/* Annex J encapsulation sequence number */
#define AVTP_NTSCF_HDR_LEN	12
#define AVTP_TSCF_HDR_LEN	24
#define AVTP_CAN_HDR_LEN	16	/* ACF-CAN */
#define AVTP_XL_HDR_LEN		24	/* ACF_CAN_XL */

#define AVTP_SUBTYPE_TSCF	0x05
#define AVTP_SUBTYPE_NTSCF	0x82
#define AVTP_ACF_CAN		0x01
#define AVTP_ACF_CAN_BRIEF	0x02
#define AVTP_ACF_CAN_XL		0x11
#define AVTP_ACF_CAN_XL_BRIEF	0x12

#define AVTP_ETHERTYPE		0x22f0

/* Most bytes of ACF messages in an NTSCF PDU: 11 bits, whole quadlets */
#define AVTP_ACF_MAX		2044
/* Most payload bytes of one ACF_CAN_XL message: 511 quadlets - header */
#define AVTP_XL_SEG_MAX		(511 * 4 - AVTP_XL_HDR_LEN)
/* Fewest data bytes of a CAN XL segment that is not the frame's last */
#define AVTP_XL_SEG_MIN		64

#define AVTP_CAN_BUS_ID_MAX	31
#define AVTP_XL_BUS_ID_MAX	2047

/*
 * Bounds of the caller's PDU size (avtp_enc_init()'s max_pdu, counting the
 * UDP header when there is one). The smallest fits a CAN FD frame of 64
 * bytes, or AVTP_XL_SEG_MIN bytes of a CAN XL frame, into an empty PDU
 * over UDP. Above AVTP_PDU_MAX nothing more fits.
 */
#define AVTP_PDU_MIN	(AVTP_UDP_HDR_LEN + AVTP_NTSCF_HDR_LEN + AVTP_XL_HDR_LEN + \
			 AVTP_XL_SEG_MIN)
#define AVTP_PDU_MAX	(AVTP_UDP_HDR_LEN + AVTP_NTSCF_HDR_LEN + AVTP_ACF_MAX)

/*
 * At most this many messages go into a PDU, and a PDU holds ACF-CAN
 * messages or ACF_CAN_XL ones, never both: Open1722's listener (its
 * acf-can-bridge, acf-can-listener) drops a whole PDU of more than 15
 * messages, or with any message that is not ACF-CAN. The decoder takes
 * any number of any kind.
 */
#define AVTP_PDU_MSGS_MAX	15

/* canxl_frame fields that Linux < 6.9 headers lack */
#define AVTP_CANXL_VCID_OFFSET	16
#define AVTP_CANXL_VCID_MASK	(0xffU << AVTP_CANXL_VCID_OFFSET)
#define AVTP_CANXL_RRS		0x02

/*
 * Why a PDU or one of its messages was dropped. The numbers are internal;
 * the names from avtp_drop_name() are stable and user visible, new
 * reasons are only appended.
 */
enum avtp_drop {
	AVTP_DROP_NONE = 0,	/* "none": taken */
	AVTP_DROP_TRUNCATED,	/* "avtp-truncated": shorter than its headers
				 * or than its data length says
				 */
	AVTP_DROP_SUBTYPE,	/* "avtp-subtype": neither NTSCF nor TSCF */
	AVTP_DROP_HEADER,	/* "avtp-header": version not 0, or sv 0 */
	AVTP_DROP_LENGTH,	/* "avtp-length": data length not whole
				 * quadlets
				 */
	/* per ACF message */
	AVTP_DROP_ACF_OTHER,	/* "acf-other": not a CAN or CAN XL message */
	AVTP_DROP_ACF_BUS_ID,	/* "acf-bus-id": another bus's message */
	AVTP_DROP_ACF_MALFORMED,/* "acf-malformed": length 0, shorter than its
				 * header, past the PDU's data, a payload
				 * too long for its kind, an 11-bit ID above
				 * 0x7ff, rtr with fdf, brs or esi without fdf,
				 * a CAN XL segment without data
				 */
	AVTP_DROP_ACF_XL_SEGMENT,/* "acf-xl-segment": a CAN XL frame whose
				  * segments did not all arrive in order, whose
				  * headers disagree, or longer than 2048 bytes:
				  * one count per frame lost
				  */
	__AVTP_DROP_CNT
};

#define AVTP_DROP_CNT	__AVTP_DROP_CNT

/* Stable short name of @drop; "unknown" for a value out of range. */
const char *avtp_drop_name(enum avtp_drop drop);

/* -- encoder ------------------------------------------------------------ */

/*
 * One sender's encoder state. Set up with avtp_enc_init(); the fields
 * may be read, and encap_seq, seq and xl_tn set before the first PDU (e.g.
 * to random numbers, so that a receiver tells a restart from duplicates).
 */
struct avtp_enc {
	uint64_t stream_id;
	uint8_t msgs;		/* messages in the open PDU */
	uint8_t kind;		/* of them: 0 none yet, AVTP_ACF_CAN, _CAN_XL */
	uint32_t encap_seq;	/* of the next PDU (UDP) */
	uint8_t seq;		/* of the next PDU: NTSCF sequence_num */
	uint8_t xl_tn;		/* transaction_num of the next CAN XL frame */
	bool udp;
	uint16_t max_pdu;
	/* the open PDU */
	uint8_t *pdu;
	uint16_t len;
	/* a CAN XL frame partly sent: its data bytes sent, the segment_num
	 * and transaction_num of its next segment, and which frame it is
	 */
	uint16_t xl_sent;
	uint16_t xl_seg;
	uint8_t xl_cur_tn;
	uint32_t xl_key[4];
};

/*
 * @udp: PDUs start with the UDP encapsulation header.
 * @max_pdu: longest PDU, UDP header included; clamped to AVTP_PDU_MAX.
 * Return: 0, -EINVAL if @max_pdu < AVTP_PDU_MIN.
 */
int avtp_enc_init(struct avtp_enc *e, uint64_t stream_id, bool udp, size_t max_pdu);

/*
 * Opens a PDU at @buf, which must hold e->max_pdu bytes: writes its
 * headers with the current sequence numbers.
 */
void avtp_enc_start(struct avtp_enc *e, void *buf);

/*
 * Appends CAN frame @cf (a CAN FD frame when @fd) to the open PDU, with
 * message_timestamp @tstamp_ns and can_bus_id @bus_id.
 * Return: 0 appended; -ENOSPC it does not fit: nothing was written,
 * finish this PDU, start another and append it there (an empty PDU always
 * takes it); -EINVAL refused, nothing written: an error frame, a len above
 * 8 (classic) or not a CAN FD length, a remote FD frame, @bus_id above 31.
 */
int avtp_enc_can(struct avtp_enc *e, const struct canfd_frame *cf, bool fd,
		 uint64_t tstamp_ns, unsigned int bus_id);

/*
 * Appends CAN XL frame @xf as one or more segments.
 * Segment rule: a segment is written only when it fits the PDU's
 * max_pdu and AVTP_ACF_MAX; it carries the rest of the frame's data if
 * that fits, else as many whole quadlets as fit, at most AVTP_XL_SEG_MAX,
 * but not fewer than AVTP_XL_SEG_MIN bytes. So no PDU ever exceeds
 * max_pdu, and an empty PDU always takes a segment.
 * Return: 0 the frame's last segment was written; -ENOSPC not all of it
 * fit: finish this PDU, start another and call again with the same frame,
 * which goes on where it stopped (a CAN frame or another XL frame instead
 * abandons it; its receivers count acf-xl-segment); -EINVAL refused,
 * nothing written: CANXL_XLF not set, len not 1..2048, @bus_id above 2047.
 */
int avtp_enc_xl(struct avtp_enc *e, const struct canxl_frame *xf,
		uint64_t tstamp_ns, unsigned int bus_id);

/*
 * Closes the open PDU: fills in its data length, and counts the sequence
 * numbers up.
 * Return: the PDU's length in bytes, to send as it is; 0 when it holds no
 * message (send nothing then: no sequence number was used).
 */
size_t avtp_enc_finish(struct avtp_enc *e);

/* -- decoder -------------------------------------------------------------- */

/* One received PDU: its header fields, and where avtp_next() is in it. */
struct avtp_pdu {
	uint32_t encap_seq;	/* UDP only */
	uint8_t subtype;	/* AVTP_SUBTYPE_NTSCF or _TSCF */
	uint8_t seq;		/* sequence_num */
	uint64_t stream_id;
	const uint8_t *acf;	/* its ACF messages */
	size_t acf_len;
	size_t off;
};

/*
 * Reads the headers of the datagram or Ethernet payload @buf of @len
 * bytes (@udp: starting with the UDP encapsulation header).
 * Return: AVTP_DROP_NONE, then iterate with avtp_next(); or why the whole
 * PDU must be dropped. @buf must stay valid while iterating.
 */
enum avtp_drop avtp_parse(struct avtp_pdu *p, const void *buf, size_t len, bool udp);

/*
 * A CAN XL frame being put together from its segments: one per sender,
 * zeroed to start. xf is valid after AVTP_MSG_XL until the next
 * avtp_next() with this state.
 */
struct avtp_xl_rx {
	struct canxl_frame xf;	/* complete after AVTP_MSG_XL */
	uint64_t tstamp_ns;
	bool mtv;
	bool busy;		/* segments of a frame taken, more to come */
	bool skip;		/* the frame of transaction_num tn was dropped:
				 * its further segments are consumed uncounted
				 */
	uint8_t tn;
	uint16_t next_seg;
	uint32_t key[4];	/* header fields every segment must repeat */
};

/* Forgets a frame being put together, uncounted (e.g. sender restarted). */
void avtp_xl_rx_reset(struct avtp_xl_rx *xl);

/* A CAN or CAN FD frame from avtp_next() */
struct avtp_frame {
	struct canfd_frame cf;	/* bytes past len are 0 */
	bool fd;		/* write CANFD_MTU bytes of it, else CAN_MTU */
	bool mtv;
	uint64_t tstamp_ns;	/* message_timestamp when mtv */
	uint16_t bus_id;
};

enum avtp_msg {
	AVTP_MSG_END,		/* no more messages */
	AVTP_MSG_CAN,		/* *@fr holds a CAN or CAN FD frame */
	AVTP_MSG_XL,		/* @xl->xf holds a complete CAN XL frame */
	AVTP_MSG_XL_PART,	/* a CAN XL segment was consumed: the frame is
				 * not complete (or was dropped and counted
				 * already); nothing to deliver or count
				 */
	AVTP_MSG_DROP,		/* a message was dropped: count *@drop */
};

/*
 * The next message of @p.
 * @bus_id: only messages of this can_bus_id are taken, others are
 *	dropped as acf-bus-id; negative: any.
 * @xl: the sender's CAN XL reassembly; a frame whose segments do not all
 *	arrive in order is dropped as acf-xl-segment once, when that shows.
 * @drop: why, with AVTP_MSG_DROP.
 * A message too broken to find the next one behind (length 0 or past the
 * end) ends the PDU: it is dropped as acf-malformed, then AVTP_MSG_END.
 * Call until AVTP_MSG_END.
 */
enum avtp_msg avtp_next(struct avtp_pdu *p, int bus_id, struct avtp_frame *fr,
			struct avtp_xl_rx *xl, enum avtp_drop *drop);

/* -- sequence check --------------------------------------------------------- */

/*
 * Sequence numbers of one sender's PDUs: the UDP encapsulation number
 * (bits 32) over UDP, NTSCF sequence_num (bits 8) over Ethernet.
 * Zero it to start.
 *
 * The rule, with d = (num - last) modulo 2^bits, where last is the
 * highest number taken, and W = AVTP_SEQ_WINDOW (at most 2^(bits-1)):
 *   first number               AVTP_SEQ_NEW
 *   d == 1                     AVTP_SEQ_NEW
 *   1 < d <= AHEAD             AVTP_SEQ_LOST: d - 1 numbers were skipped;
 *                              lost += d - 1
 *   0 <= -d < W (behind)       AVTP_SEQ_DUPLICATE if num was taken with
 *                              the same @print less than AVTP_SEQ_DUP_MS
 *                              before; AVTP_SEQ_RESTART if it was taken,
 *                              but with another @print or long ago (a
 *                              sender that started anew from a number it
 *                              used before, or 8 bits that wrapped after a
 *                              long loss); else AVTP_SEQ_REORDERED (late,
 *                              never seen: deliver) and lost -= 1 (it was
 *                              counted lost)
 *   anything else              AVTP_SEQ_RESTART: the sender restarted;
 *                              restarts += 1, num is taken as the first
 * AHEAD is 2^(bits-1) - 1 for bits <= 16, else 2^15: a longer jump is a
 * restart, not a loss of that many PDUs.
 * Deliver the PDU unless AVTP_SEQ_DUPLICATE. A duplicate on the network is
 * the same datagram again, soon: a number alone does not make one.
 */
#define AVTP_SEQ_WINDOW		64
#define AVTP_SEQ_DUP_MS		1000

struct avtp_seq {
	uint32_t last;
	uint64_t seen;		/* bit i: last - i was taken */
	bool started;
	uint64_t lost, reordered, duplicates, restarts;
	/* the PDU of number n, in slot n % AVTP_SEQ_WINDOW: its print and
	 * when it came
	 */
	uint32_t print[AVTP_SEQ_WINDOW];
	uint32_t when_ms[AVTP_SEQ_WINDOW];
};

enum avtp_seq_verdict {
	AVTP_SEQ_NEW,
	AVTP_SEQ_LOST,
	AVTP_SEQ_REORDERED,
	AVTP_SEQ_DUPLICATE,
	AVTP_SEQ_RESTART,
};

/*
 * Checks @num of @bits (8..32) bits.
 * @print: the PDU's avtp_print(); @now_ms: a millisecond clock (it may wrap).
 * @gap: may be NULL; with AVTP_SEQ_LOST, the numbers skipped.
 */
enum avtp_seq_verdict avtp_seq_check(struct avtp_seq *s, uint32_t num, unsigned int bits,
				     uint32_t print, uint32_t now_ms, uint32_t *gap);

/* A 32-bit hash of the @len bytes of a PDU at @buf, for avtp_seq_check() */
uint32_t avtp_print(const void *buf, size_t len);

#endif /* VCANMC_AVTP_H */
