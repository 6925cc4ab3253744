/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What of a group's NORM traffic libnorm may see (encapsulation norm).
 *
 * libnorm (1.5.9) trusts the network. Every new sender id gets a sender
 * entry and, with its first object message, receive buffers of
 * norm_opts.rx_buffer bytes; every object a sender announces is allocated
 * at twice the size its FEC object information (FTI) advertises before the
 * application hears of it, in libnorm's thread and under its lock; a
 * header extension of length 0 sends its parser round for ever. Its API
 * bounds none of it: there is no limit on senders or object sizes (the
 * allow/deny calls are declared, not implemented).
 *
 * So libnorm sees only what passes a classic BPF filter on its own sockets,
 * rebuilt whenever the list of senders changes:
 *  - messages that make or feed a sender entry (INFO, DATA, CMD) only from
 *    an admitted sender: a NORM node id together with the address it sends
 *    from;
 *  - of an admitted sender, only its one stream: a vcanmcd session sends
 *    one stream, under one instance id, for its life, and libnorm numbers
 *    a session's objects from 0. So DATA and INFO only of object
 *    GUARD_STREAM_ID, and a sender's messages only of the instance id of
 *    the packet that admitted it. libnorm allocates every new object
 *    (twice its size) and frees and restarts a sender whose instance
 *    changes: either would let an admitted sender cost 16 MiB and a stall
 *    of every link per packet;
 *  - DATA and INFO only for streams, with FEC id 5 (what libnorm picks for
 *    blocks of at most 255 segments) and an FTI of exactly what every
 *    vcanmcd sends (GUARD_SEGMENT, GUARD_BLOCK, no parity) with at most
 *    stream_max bytes: libnorm sizes its buffers by the segments and
 *    blocks an FTI advertises, so any other would let one packet cost
 *    gigabytes;
 *  - CMDs only of the flavours libnorm sends for a stream, a FLUSH or
 *    SQUELCH only of object 0 or 1 (what a sender squelches to once it
 *    has no object): another moves libnorm's sync point, and it would
 *    allocate object 0 anew each time;
 *  - NACKs and ACKs only from an admitted sender (its id and address, any
 *    instance): they make no entry, but one NACK has a sender resend its
 *    whole window, and an ACK ends a lingering session's repairs. Every
 *    vcanmcd's session is a sender, which probes every second even when
 *    its bus is silent, so it is admitted before it needs to ask for a
 *    repair; a host that is none, or that forges an admitted sender's id
 *    from another address, is refused. (Not a host that admits a sender
 *    of its own: see Documentation/security.md.);
 *  - header extensions walked as libnorm walks them, and a length of 0, an
 *    extension running past the header or more than GUARD_EXT_MAX of them
 *    refused.
 *
 * The link's own UDP socket on the port sees the same packets: norm.c hands
 * each to guard_see(), which runs the same checks in C, tells which reason
 * the filter dropped it for, and admits senders. At most GUARD_PER_ADDR
 * per source address (a new one from an address that has them replaces
 * the one heard from longest ago that is not live (heard within
 * GUARD_MOVE_MS, libnorm not finding it silent), if the newest was
 * admitted GUARD_PROBATION_MS ago or earlier: a
 * restarted daemon gets in, a flood of new ids does not make the filter be
 * rebuilt for each, and a host that forges the address of a live sender
 * takes its other place, never its own) and GUARD_SENDERS
 * per link; a sender whose stream ended (its link closed, its session
 * lingers to repair) is the first to give way to another from its
 * address, at once, and is not admitted again; else, when full, a sender that delivered nothing and was admitted
 * GUARD_PROBATION_MS ago or earlier makes room, else one silent for the
 * forget time; else the newcomer is refused, counted, and tried again with
 * its next packet.
 *
 * libnorm knows a sender by its id alone. An admitted id heard from another
 * address is therefore refused while its sender is heard from where it
 * was (GUARD_MOVE_MS: a sender probes every second at least), and moves
 * with it, and its instance, only once it fell silent there; one that
 * delivered, only once libnorm itself says it fell silent (its socket,
 * unlike the link's, is not the one a flood fills): a host cannot speak
 * for another that runs, whose id it sees on the wire, nor keep it out
 * by having spoken first.
 *
 * A filter the kernel refuses leaves the table as it was (the sender a
 * newcomer would have replaced stays); one refused even when put back
 * is tried again with the next packet, GUARD_RETRY_MS apart at most.
 *
 * A new sender's first packets reach libnorm only once it is admitted: they
 * are repaired like packets the network lost (NORM joins a stream at the
 * first block it sees, and asks for what it lacks of it).
 */
#ifndef VCANMCD_NORMGUARD_H
#define VCANMCD_NORMGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define GUARD_SENDERS		64
#define GUARD_PER_ADDR		2
#define GUARD_EXT_MAX		4
/* What every vcanmcd's FTI says (norm.c): segments, blocks, no parity */
#define GUARD_SEGMENT		1208
#define GUARD_BLOCK		64
/* The object transport id of a session's one stream */
#define GUARD_STREAM_ID		0
#define GUARD_PROBATION_MS	2000
#define GUARD_MOVE_MS		3000
#define GUARD_RETRY_MS		100
#define GUARD_FDS		4
#define GUARD_ENDED		16
/* The smallest stream a host accepts from others; see guard_init() */
#define GUARD_STREAM_MIN	(8u << 20)

enum guard_verdict {
	GUARD_PASS,		/* libnorm sees it */
	GUARD_ADMIT,		/* its sender was admitted with it */
	GUARD_SENDER,		/* "norm-sender": no room for its sender */
	GUARD_OBJECT,		/* "norm-object": not a stream we accept, or
				 * not its sender's one */
	GUARD_MALFORMED,	/* "norm-malformed": libnorm must not parse it */
	GUARD_FEEDBACK,		/* "norm-feedback": a NACK or ACK from no
				 * admitted sender */
};

struct guard_sender {
	uint32_t id;
	uint8_t addr[16];	/* IPv4 in the first 4 bytes */
	int64_t seen_ms;	/* last packet, CLOCK_MONOTONIC */
	int64_t admitted_ms;
	bool delivered;		/* a message of its was delivered */
	bool inactive;		/* libnorm says it is silent */
	bool ended;		/* its stream ended: it only repairs now */
	uint16_t instance;	/* of the packet that admitted it */
};

struct norm_guard {
	int family;		/* AF_INET or AF_INET6 */
	uint32_t stream_max;
	int64_t forget_ms;
	int fds[GUARD_FDS];	/* libnorm's sockets on the link's port */
	unsigned int nfds;
	struct guard_sender s[GUARD_SENDERS];
	unsigned int n;
	/* Senders that ended and gave way: never admitted again */
	uint32_t ended[GUARD_ENDED];
	unsigned int nended;
	uint64_t filter_errors;	/* filters the kernel refused */
	bool stale;		/* the last one was refused: try again */
	int64_t retry_ms;
	/* Called for a sender no longer admitted under any address */
	void (*evicted)(void *ctx, uint32_t id);
	void *ctx;
};

/* @stream_max: this host's own window; at least GUARD_STREAM_MIN is
 * accepted from others.
 */
void guard_init(struct norm_guard *g, int family, uint32_t stream_max, int64_t forget_ms);

/* What the filter knows of a message once its checks passed */
struct guard_msg {
	uint32_t id;		/* its source id */
	uint16_t instance;	/* its instance id, if @sender */
	bool sender;		/* a sender's message, not a NACK or ACK */
};

/* The checks of the filter, in C: the verdict without admission. */
enum guard_verdict guard_check(const uint8_t *pkt, size_t len, size_t caplen,
			       uint32_t stream_max, struct guard_msg *m);

/* Whether the filter for the senders as they are passes @m (which passed
 * guard_check()) from @from.
 */
bool guard_passes(const struct norm_guard *g, const struct guard_msg *m,
		  const struct sockaddr *from);

/* A packet from @from seen by the link's own socket: @len bytes long, of
 * which @caplen are in @pkt. Admits its sender if it can, and then updates
 * the filter. Returns why the filter passed or dropped it.
 */
enum guard_verdict guard_see(struct norm_guard *g, const uint8_t *pkt, size_t len, size_t caplen,
			     const struct sockaddr *from, int64_t now);

/* Whether sender @id is admitted (under any address) */
bool guard_admitted(const struct norm_guard *g, uint32_t id);
/* A message of sender @id was delivered: it is a sender, not a guess. */
void guard_delivered(struct norm_guard *g, uint32_t id);
/* libnorm says sender @id is silent (or not): its own socket, which a
 * flood of the link's cannot hide packets from.
 */
void guard_inactive(struct norm_guard *g, uint32_t id, bool inactive);
/* Sender @id's stream ended (its link closed; its session lingers): it
 * keeps its place, but is the first to make room for another from its
 * address.
 */
void guard_ended(struct norm_guard *g, uint32_t id);
/* Sender @id is gone (forgotten by norm.c): no longer admitted. */
void guard_forget(struct norm_guard *g, uint32_t id);

/* The file descriptors open now, for guard_adopt(); -errno if unknown */
struct guard_fdset {
	uint64_t *bits;
	unsigned int nbits;
};
int guard_fds_open(struct guard_fdset *set);
void guard_fds_free(struct guard_fdset *set);
/* Filters every UDP socket opened since @before: libnorm's, the one on
 * @port and the one it sends from (which also receives: unicast to its
 * port). Returns how many, or -errno (-ENOENT: none on @port).
 */
int guard_adopt(struct norm_guard *g, const struct guard_fdset *before, uint16_t port);
/* Gives the sockets filtered so far receive buffers of @bytes. */
void guard_rcvbuf(const struct norm_guard *g, int bytes);
/* Throws away what the sockets filtered so far received before their
 * filter: the caller holds libnorm's thread. Returns how many packets.
 */
unsigned int guard_discard(const struct norm_guard *g);

/* The filter for the list as it is now; returns its length or -E2BIG */
struct sock_filter;
int guard_build(const struct norm_guard *g, struct sock_filter *prog, unsigned int max);
/* Builds and attaches it to @fd */
int guard_attach_fd(const struct norm_guard *g, int fd);

#endif /* VCANMCD_NORMGUARD_H */
