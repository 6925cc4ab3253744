// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the IEEE 1722 decoder on any input, read as a UDP
 * datagram and as an Ethernet payload, with one CAN XL reassembly that
 * lives across inputs (as a sender's does across PDUs). Every frame it
 * gives must encode, and decode again to the very same frame; anything
 * else aborts. Built with -fsanitize=fuzzer,address,undefined.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avtp.h"

static struct avtp_xl_rx xl, xl2;
static uint8_t pdu[AVTP_PDU_MAX];

static void same_can_or_die(const struct avtp_frame *fr)
{
	struct avtp_frame want = *fr, got;
	enum avtp_drop drop;
	struct avtp_enc e;
	struct avtp_pdu p;

	if (avtp_enc_init(&e, 1, false, sizeof(pdu)))
		abort();
	avtp_enc_start(&e, pdu);
	if (avtp_enc_can(&e, &fr->cf, fr->fd, fr->tstamp_ns, fr->bus_id))
		abort();
	if (avtp_parse(&p, pdu, avtp_enc_finish(&e), false) ||
	    avtp_next(&p, -1, &got, &xl2, &drop) != AVTP_MSG_CAN)
		abort();
	want.mtv = true;	/* a brief message has no timestamp: 0 is sent */
	if (memcmp(&want, &got, sizeof(got)))
		abort();
}

static void same_xl_or_die(const struct canxl_frame *xf)
{
	static struct canxl_frame copy;
	enum avtp_drop drop;
	struct avtp_frame fr;
	struct avtp_enc e;
	struct avtp_pdu p;
	enum avtp_msg m;
	int ret;

	copy = *xf;
	avtp_xl_rx_reset(&xl2);
	if (avtp_enc_init(&e, 1, false, sizeof(pdu)))
		abort();
	do {
		avtp_enc_start(&e, pdu);
		ret = avtp_enc_xl(&e, &copy, 0, 0);
		if (ret && ret != -ENOSPC)
			abort();
		if (avtp_parse(&p, pdu, avtp_enc_finish(&e), false))
			abort();
		while ((m = avtp_next(&p, -1, &fr, &xl2, &drop)) != AVTP_MSG_END)
			if (m == AVTP_MSG_DROP || (m == AVTP_MSG_XL) != !ret)
				abort();
	} while (ret);
	if (xl2.xf.prio != copy.prio || xl2.xf.flags != copy.flags || xl2.xf.sdt != copy.sdt ||
	    xl2.xf.af != copy.af || xl2.xf.len != copy.len ||
	    memcmp(xl2.xf.data, copy.data, copy.len))
		abort();
}

static void decode(const uint8_t *data, size_t size, bool udp)
{
	unsigned int calls = 0;
	struct avtp_frame fr;
	enum avtp_drop drop;
	struct avtp_pdu p;
	enum avtp_msg m;

	if (avtp_parse(&p, data, size, udp))
		return;
	while ((m = avtp_next(&p, -1, &fr, &xl, &drop)) != AVTP_MSG_END) {
		if (++calls > 2 * size)
			abort();	/* no progress */
		if (m == AVTP_MSG_CAN)
			same_can_or_die(&fr);
		else if (m == AVTP_MSG_XL)
			same_xl_or_die(&xl.xf);
		else if (m == AVTP_MSG_DROP && (unsigned int)drop >= AVTP_DROP_CNT)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode(data, size, true);
	decode(data, size, false);
	return 0;
}
