/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a link's frames cross the network. forward.c owns the data path:
 * it reads the device, encodes the frames into messages (python-can
 * datagrams, or runs of python-can-batch maps), queues them, keeps the
 * budget and the counters, and delivers what comes back. A transport
 * only moves messages:
 *
 *   udp.c    a datagram per message (encap python-can, python-can-batch)
 *   norm.c   the messages of one NORM stream per sender (encap norm)
 *   eth.c    an Ethernet frame per message (encap ieee1722, transport
 *            ethernet)
 *
 * Both hold the link's socket on the group and port (struct udp_socks,
 * rx_fd), joined where the route or the underlay says; what moves that
 * membership is here, the same for both.
 */
#ifndef VCANMCD_TRANSPORT_H
#define VCANMCD_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "attach.h"
#include "avtp.h"
#include "link.h"

struct fwd;
struct transport;

struct transport_ops {
	/* Takes messages from the front of @msg (@frames[i] frames in
	 * @msg[i]) and returns how many: each was sent, or counted as
	 * dropped. Fewer than @n: the rest wait in the link until the
	 * transport calls fwd_resume().
	 */
	unsigned int (*send)(struct transport *t, const struct iovec *msg,
			     const uint8_t *frames, unsigned int n);
	/* What its receiving socket dropped so far (SO_RXQ_OVFL) */
	uint64_t (*overflows)(const struct transport *t);
	/* Stops and frees it: it calls the link no more. */
	void (*close)(struct transport *t);
};

struct transport {
	const struct transport_ops *ops;
	struct fwd *fwd;
	struct vcanmc_cfg cfg;		/* the settings it was opened with */
	bool batch;			/* messages are runs of batch maps */
	bool records_alone;		/* a bus record may be a message of its
					 * own (UDP); in NORM it rides with
					 * frames: a message of none is garbled
					 * to a receiver
					 */
	bool avtp;			/* messages are IEEE 1722 PDUs ... */
	bool avtp_udp;			/* ... after the UDP encapsulation header */
	struct avtp_enc enc;		/* IEEE 1722: the PDUs' stream, numbers */
	struct udp_socks udp;		/* rx_fd: on the group; tx_fd: udp.c's */
	uint32_t node_id;		/* NORM: this host's node id there */
};

/* Opens the transport of @cfg's encapsulation for @f into @tp: 0, or
 * -errno with the reason in @why.
 */
int transport_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
		   char *why, size_t len);

/* Makes @t's messages IEEE 1722 PDUs of at most @max_pdu bytes, after the
 * UDP encapsulation header if @udp, of the link's stream id (streamid.h,
 * from the device @ifindex). 0, or -errno with the reason in @why.
 */
int transport_avtp_init(struct transport *t, int ifindex, bool udp, size_t max_pdu,
			char *why, size_t len);

/* The interface @t's membership of the group is on; 0 if none. */
int transport_joined(const struct transport *t);
/* Moves the membership to @ifindex, on the same socket: 0 or -errno; on
 * failure it stays where it was.
 */
int transport_rejoin(struct transport *t, int ifindex);
/* The interface the membership is on was deleted: drops it. */
void transport_gone(struct transport *t);
/* The UDP port it sends from, 0 if it is not its own socket's (NORM) */
unsigned int transport_source_port(const struct transport *t);

#endif /* VCANMCD_TRANSPORT_H */
