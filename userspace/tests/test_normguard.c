// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's guard in front of libnorm: its checks in C, its admission of
 * senders, and its BPF filter run by this host's kernel on a loopback
 * socket, which must pass exactly what the C checks pass.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <unistd.h>
#include <sys/resource.h>
#include <linux/filter.h>

#include "normguard.h"
#include "tap.h"

#define ID_A	0x0a0a0a0au
#define ID_B	0x0b0b0b0bu
#define MB	(1u << 20)

struct pkt {
	uint8_t b[128];
	size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* A NORM_DATA packet of a stream as libnorm sends it: FEC id 5, an FTI */
static struct pkt data_pkt(uint32_t id, uint32_t size)
{
	struct pkt p = { .len = 20 + 12 + 40 };

	p.b[0] = 1 << 4 | 2;
	p.b[1] = (20 + 12) / 4;
	p.b[3] = 7;
	put32(p.b + 4, id);
	p.b[12] = 0x20;		/* stream */
	p.b[13] = 5;
	p.b[20] = 64;		/* FTI, as libnorm 1.5.9 sends it */
	p.b[21] = 3;
	put32(p.b + 24, size);
	p.b[28] = 1208 >> 8;
	p.b[29] = 1208 & 0xff;
	p.b[30] = 64;
	return p;
}

static struct pkt nack_pkt(uint32_t id)
{
	struct pkt p = { .len = 24 + 12 };

	p.b[0] = 1 << 4 | 4;
	p.b[1] = 24 / 4;
	put32(p.b + 4, id);
	return p;
}

/* What libnorm 1.5.9 sent for a stream of node 7 (NormStartSender with
 * blocks of 64 segments of 1208 bytes, no parity, as norm.c): a GRTT probe (CMD CC with
 * a CC_RATE extension), a NORM_DATA with its FTI, a CMD FLUSH.
 */
static const char *const libnorm_sent[] = {
	"130700000000000700016a42040000006b107fa10000fc9480002005",
	"120800010000000700016a42200500000000000040030000003fb40004b840000"
	"00b00010000000068656c6c6f20776f726c64",
	"130500020000000700016a420105000000000000",
};

static struct pkt from_hex(const char *h)
{
	struct pkt p = { .len = strlen(h) / 2 };
	size_t i;

	for (i = 0; i < p.len && i < sizeof(p.b); i++)
		sscanf(h + 2 * i, "%2hhx", &p.b[i]);
	return p;
}

static enum guard_verdict check(const struct pkt *p)
{
	struct guard_msg m;

	return guard_check(p->b, p->len, p->len, 8 * MB, &m);
}

static int test_guard_check(const void *data)
{
	struct guard_msg m;
	unsigned int i;
	struct pkt p;

	for (i = 0; i < ARRAY_SIZE(libnorm_sent); i++) {
		p = from_hex(libnorm_sent[i]);
		CHECK(guard_check(p.b, p.len, p.len, 8 * MB, &m) == GUARD_PASS);
		CHECK(m.sender && m.id == 7 && m.instance == 1);
	}
	p = data_pkt(ID_A, 4 * MB);
	p.b[8] = 0xab;
	p.b[9] = 0xcd;
	CHECK(guard_check(p.b, p.len, p.len, 8 * MB, &m) == GUARD_PASS);
	CHECK(m.sender && m.id == ID_A && m.instance == 0xabcd);
	/* Not a session's one stream: another object of its */
	p.b[15] = 1;
	CHECK(check(&p) == GUARD_OBJECT);
	p = from_hex(libnorm_sent[2]);		/* FLUSH */
	p.b[15] = 2;
	CHECK(check(&p) == GUARD_OBJECT);
	p.b[0] = 1 << 4 | 1;	/* INFO */
	CHECK(check(&p) == GUARD_OBJECT);
	p = nack_pkt(ID_A);
	CHECK(guard_check(p.b, p.len, p.len, 8 * MB, &m) == GUARD_PASS && !m.sender);
	/* The review's allocations: 256 MiB and 4 GiB streams */
	p = data_pkt(ID_A, 256 * MB);
	CHECK(check(&p) == GUARD_OBJECT);
	p = data_pkt(ID_A, 0);
	p.b[23] = 1;		/* 2^32 */
	CHECK(check(&p) == GUARD_OBJECT);
	/* Not a stream: a data object would be allocated whole */
	p = data_pkt(ID_A, 4 * MB);
	p.b[12] = 0;
	CHECK(check(&p) == GUARD_OBJECT);
	p.b[12] = 0x30;
	CHECK(check(&p) == GUARD_OBJECT);
	/* Segments of 64 KiB: two blocks of them would be 8 GiB */
	p = data_pkt(ID_A, 4 * MB);
	p.b[28] = 0xff;
	CHECK(check(&p) == GUARD_OBJECT);
	/* Segments of 1 byte, blocks of 1: 8 MiB would be 16 M blocks */
	p = data_pkt(ID_A, 8 * MB);
	p.b[28] = 0;
	p.b[29] = 1;
	p.b[30] = 1;
	CHECK(check(&p) == GUARD_OBJECT);
	/* Parity: not what vcanmcd sends */
	p = data_pkt(ID_A, 4 * MB);
	p.b[31] = 8;
	CHECK(check(&p) == GUARD_OBJECT);
	/* An INFO of FEC id 2, whose FTI libnorm reads past the extension */
	p = data_pkt(ID_A, 4 * MB);
	p.b[0] = 1 << 4 | 1;
	p.b[13] = 2;
	CHECK(check(&p) == GUARD_MALFORMED);
	/* An extension of length 0: libnorm's parser would never end */
	p = data_pkt(ID_A, 4 * MB);
	p.b[20] = 3;
	p.b[21] = 0;
	CHECK(check(&p) == GUARD_MALFORMED);
	p = nack_pkt(ID_A);
	p.b[1] = 7;
	p.b[24] = 3;
	CHECK(check(&p) == GUARD_MALFORMED);
	/* One running past the header */
	p = data_pkt(ID_A, 4 * MB);
	p.b[21] = 4;
	CHECK(check(&p) == GUARD_MALFORMED);
	/* Five one-word extensions */
	p = nack_pkt(ID_A);
	p.len = 48;
	p.b[1] = 11;
	memset(p.b + 24, 128, 20);
	CHECK(check(&p) == GUARD_MALFORMED);
	p.b[1] = 10;
	CHECK(check(&p) == GUARD_PASS);
	/* Header longer than the packet, wrong version, REPORT, FEC 2 */
	p = data_pkt(ID_A, 4 * MB);
	p.b[1] = 100;
	CHECK(check(&p) == GUARD_MALFORMED);
	p = data_pkt(ID_A, 4 * MB);
	p.b[0] = 2 << 4 | 2;
	CHECK(check(&p) == GUARD_MALFORMED);
	p.b[0] = 1 << 4 | 6;
	CHECK(check(&p) == GUARD_MALFORMED);
	p = data_pkt(ID_A, 4 * MB);
	p.b[13] = 2;
	CHECK(check(&p) == GUARD_MALFORMED);
	return TAP_PASS;
}

/* An IPv4 address to admit from: only its address counts */
static struct sockaddr_in from4(const char *a)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	inet_pton(AF_INET, a, &sin.sin_addr);
	return sin;
}

static unsigned int evictions;
static uint32_t evicted_id;

static void on_evicted(void *ctx, uint32_t id)
{
	evictions++;
	evicted_id = id;
}

static enum guard_verdict see(struct norm_guard *g, uint32_t id, const char *from, int64_t now)
{
	struct sockaddr_in sin = from4(from);
	struct pkt p = data_pkt(id, 4 * MB);

	return guard_see(g, p.b, p.len, p.len, (struct sockaddr *)&sin, now);
}

static int test_guard_admit(const void *data)
{
	unsigned int i, admitted;
	enum guard_verdict v;
	struct norm_guard g;
	char a[32];

	guard_init(&g, AF_INET, 4 * MB, 60000);
	g.evicted = on_evicted;
	evictions = 0;
	CHECK(g.stream_max == GUARD_STREAM_MIN);
	CHECK(see(&g, ID_A, "192.0.2.1", 0) == GUARD_ADMIT);
	CHECK(see(&g, ID_A, "192.0.2.1", 1) == GUARD_PASS);
	/* The same id from elsewhere while it is heard here: forged */
	CHECK(see(&g, ID_A, "192.0.2.9", 2) == GUARD_SENDER);
	CHECK(see(&g, ID_A, "192.0.2.9", 1 + GUARD_MOVE_MS - 1) == GUARD_SENDER);
	/* ... but a sender silent where it was may have moved */
	CHECK(see(&g, ID_A, "192.0.2.9", 1 + GUARD_MOVE_MS) == GUARD_ADMIT);
	CHECK(g.n == 1 && evictions == 0);
	CHECK(see(&g, ID_A, "192.0.2.1", 1 + GUARD_MOVE_MS) == GUARD_SENDER);
	CHECK(see(&g, 0x0c0c0c0cu, "192.0.2.9", 3 + GUARD_MOVE_MS) == GUARD_ADMIT);
	/* One that delivered moves only once libnorm says it is silent: a
	 * flood hiding its packets from the link's socket is not enough
	 */
	guard_delivered(&g, 0x0c0c0c0cu);
	CHECK(see(&g, 0x0c0c0c0cu, "192.0.2.1", 10 + 2 * GUARD_MOVE_MS) == GUARD_SENDER);
	guard_inactive(&g, 0x0c0c0c0cu, true);
	CHECK(see(&g, 0x0c0c0c0cu, "192.0.2.1", 11 + 2 * GUARD_MOVE_MS) == GUARD_ADMIT);
	/* 10 000 forged ids from one address take two places, no more */
	guard_init(&g, AF_INET, 4 * MB, 60000);
	g.evicted = on_evicted;
	evictions = 0;
	CHECK(see(&g, ID_A, "192.0.2.1", 0) == GUARD_ADMIT);
	/* ... one every GUARD_PROBATION_MS anew: 10 000 in 10 s, 6 admitted */
	for (i = 0, admitted = 0; i < 10000; i++) {
		v = see(&g, 0x10000000u + i, "192.0.2.66", 10 + i);
		CHECK(v == GUARD_ADMIT || v == GUARD_SENDER);
		admitted += v == GUARD_ADMIT;
	}
	tap_diag("10 000 forged ids from one address in 10 s: %u admitted", admitted);
	CHECK(admitted == 2 + (10009 - 11) / GUARD_PROBATION_MS);
	CHECK(g.n == 3 && evictions == admitted - 2);
	/* A restarted daemon: a new id from its address gets in at once */
	CHECK(see(&g, ID_B, "192.0.2.1", 20000) == GUARD_ADMIT);
	CHECK(see(&g, ID_A, "192.0.2.1", 20001) == GUARD_PASS);
	/* A third from it replaces the one heard from longest ago, once the
	 * newest had its probation and that one is silent
	 */
	CHECK(see(&g, ID_B + 1, "192.0.2.1", 20002) == GUARD_SENDER);
	CHECK(see(&g, ID_B + 1, "192.0.2.1", 20000 + GUARD_PROBATION_MS) == GUARD_SENDER);
	CHECK(see(&g, ID_B + 1, "192.0.2.1", 20001 + GUARD_MOVE_MS) == GUARD_ADMIT);
	CHECK(evictions == admitted - 1 && evicted_id == ID_B);
	/* Forgotten: not admitted any more, and not reported back */
	guard_forget(&g, ID_A);
	CHECK(g.n == 3 && evictions == admitted - 1);
	CHECK(see(&g, ID_A, "192.0.2.1", 30000) == GUARD_ADMIT);
	/* Full of senders that delivered: a newcomer waits */
	guard_init(&g, AF_INET, 4 * MB, 60000);
	for (i = 0; i < GUARD_SENDERS; i++) {
		snprintf(a, sizeof(a), "198.51.100.%u", i + 1);
		CHECK(see(&g, 0x20000000u + i, a, 0) == GUARD_ADMIT);
		guard_delivered(&g, 0x20000000u + i);
	}
	CHECK(see(&g, ID_B, "192.0.2.1", 10000) == GUARD_SENDER);
	/* ... until one is silent for the forget time */
	CHECK(see(&g, 0x20000000u, "198.51.100.1", 30000) == GUARD_PASS);
	CHECK(see(&g, ID_B, "192.0.2.1", 60001) == GUARD_ADMIT);
	/* Senders that never delivered give way after their probation */
	guard_init(&g, AF_INET, 4 * MB, 60000);
	for (i = 0; i < GUARD_SENDERS; i++) {
		snprintf(a, sizeof(a), "198.51.100.%u", i + 1);
		CHECK(see(&g, 0x20000000u + i, a, 0) == GUARD_ADMIT);
	}
	CHECK(see(&g, ID_B, "192.0.2.1", GUARD_PROBATION_MS - 1) == GUARD_SENDER);
	CHECK(see(&g, ID_B, "192.0.2.1", GUARD_PROBATION_MS) == GUARD_ADMIT);
	return TAP_PASS;
}

/* A host that forges a live sender's address (one that only listens, and
 * probes every second), with new ids it keeps heard, takes the other
 * place of that address, never the live sender's. (Before, it replaced
 * the live sender every GUARD_PROBATION_MS, whenever its own ids had been
 * heard more lately.)
 */
static int test_guard_forged_addr(const void *data)
{
	uint32_t forged[64];
	unsigned int i, k, nforged = 0;
	struct norm_guard g;
	int64_t t;

	guard_init(&g, AF_INET, 4 * MB, 60000);
	g.evicted = on_evicted;
	evictions = 0;
	evicted_id = 0;
	CHECK(see(&g, ID_A, "192.0.2.1", 0) == GUARD_ADMIT);
	for (t = 10, i = 0; t < 20000; t += 10, i++) {
		for (k = 0; k < nforged; k++)
			see(&g, forged[k], "192.0.2.1", t);
		if (see(&g, 0x30000000u + i, "192.0.2.1", t + 1) == GUARD_ADMIT && nforged < 64)
			forged[nforged++] = 0x30000000u + i;
		/* Idle on its bus, it probes every second */
		if (t % 1000 == 0)
			CHECK(see(&g, ID_A, "192.0.2.1", t + 2) == GUARD_PASS);
	}
	tap_diag("%u forged ids admitted in 20 s beside a live sender", nforged);
	CHECK(nforged == 1 && evicted_id != ID_A && guard_admitted(&g, ID_A));
	/* Its daemon killed (last heard at 19 s) and restarted: the new one
	 * gets in once the killed one was silent for GUARD_MOVE_MS, whether
	 * libnorm found it silent yet or not
	 */
	CHECK(see(&g, ID_B, "192.0.2.1", 19002 + GUARD_MOVE_MS - 1) == GUARD_SENDER);
	CHECK(see(&g, ID_B, "192.0.2.1", 19002 + GUARD_MOVE_MS) == GUARD_ADMIT);
	CHECK(!guard_admitted(&g, ID_A) && evicted_id == ID_A);
	return TAP_PASS;
}

/* A host whose link closed twice quickly: its lingering sessions, still
 * sending (flushes, acknowledgement requests), never push its live sender
 * out, however quiet it is. (Before, live3 waited for its probation, and
 * live1, let in again, pushed out whichever was heard from least.)
 */
static int test_guard_ended(const void *data)
{
	const uint32_t live1 = 0x31000001u, live2 = 0x31000002u, live3 = 0x31000003u;
	struct norm_guard g;

	guard_init(&g, AF_INET, 4 * MB, 60000);
	g.evicted = on_evicted;
	evictions = 0;
	CHECK(see(&g, live1, "192.0.2.1", 0) == GUARD_ADMIT);
	guard_delivered(&g, live1);
	/* Its link closes: live1's stream ends here, live2 starts */
	guard_ended(&g, live1);
	CHECK(see(&g, live2, "192.0.2.1", 10) == GUARD_ADMIT);
	guard_delivered(&g, live2);
	/* ... and again at once: the ended one makes room, no probation */
	guard_ended(&g, live2);
	CHECK(see(&g, live3, "192.0.2.1", 20) == GUARD_ADMIT);
	CHECK(evictions == 1 && evicted_id == live1);
	guard_delivered(&g, live3);
	/* live1 lingers on, sending: refused, whenever; live3 stays */
	CHECK(see(&g, live2, "192.0.2.1", 30) == GUARD_PASS);
	CHECK(see(&g, live1, "192.0.2.1", 40) == GUARD_SENDER);
	CHECK(see(&g, live1, "192.0.2.1", 40 + 10 * GUARD_PROBATION_MS) == GUARD_SENDER);
	CHECK(guard_admitted(&g, live3) && guard_admitted(&g, live2));
	CHECK(see(&g, live3, "192.0.2.1", 50 + 10 * GUARD_PROBATION_MS) == GUARD_PASS);
	return TAP_PASS;
}

/* A packet @p of @id's, as from @from */
static enum guard_verdict see_pkt(struct norm_guard *g, struct pkt p, const char *from,
				  int64_t now)
{
	struct sockaddr_in sin = from4(from);

	return guard_see(g, p.b, p.len, p.len, (struct sockaddr *)&sin, now);
}

/* DATA of @id's instance @instance, object @object */
static struct pkt stream_pkt(uint32_t id, uint16_t instance, uint16_t object)
{
	struct pkt p = data_pkt(id, 4 * MB);

	p.b[8] = (uint8_t)(instance >> 8);
	p.b[9] = (uint8_t)instance;
	p.b[14] = (uint8_t)(object >> 8);
	p.b[15] = (uint8_t)object;
	return p;
}

/* A CMD(CC) of @id's instance @instance */
static struct pkt cmd_pkt(uint32_t id, uint16_t instance)
{
	struct pkt p = from_hex(libnorm_sent[0]);

	put32(p.b + 4, id);
	p.b[8] = (uint8_t)(instance >> 8);
	p.b[9] = (uint8_t)instance;
	return p;
}

/* An admitted sender has one stream: the review's object churn (new
 * object ids, or new instance ids, 16 MiB each in libnorm) is refused
 */
static int test_guard_pin(const void *data)
{
	struct norm_guard g;
	unsigned int i;

	guard_init(&g, AF_INET, 4 * MB, 60000);
	/* Admitted with its first packet: its instance is its one */
	CHECK(see_pkt(&g, stream_pkt(ID_A, 0x1234, 0), "192.0.2.1", 0) == GUARD_ADMIT);
	CHECK(see_pkt(&g, stream_pkt(ID_A, 0x1234, 0), "192.0.2.1", 1) == GUARD_PASS);
	for (i = 1; i < 150; i++)
		CHECK(see_pkt(&g, stream_pkt(ID_A, 0x1234, (uint16_t)i), "192.0.2.1", 2) ==
		      GUARD_OBJECT);
	CHECK(see_pkt(&g, stream_pkt(ID_A, 0x1235, 0), "192.0.2.1", 3) == GUARD_OBJECT);
	CHECK(see_pkt(&g, cmd_pkt(ID_A, 0x1234), "192.0.2.1", 4) == GUARD_PASS);
	CHECK(see_pkt(&g, cmd_pkt(ID_A, 0x1235), "192.0.2.1", 5) == GUARD_OBJECT);
	CHECK(see_pkt(&g, stream_pkt(ID_A, 0x1234, 0), "192.0.2.1", 6) == GUARD_PASS);
	CHECK(g.n == 1);

	/* Admitted by a command (a probe before any data): the same */
	CHECK(see_pkt(&g, cmd_pkt(ID_B, 7), "192.0.2.2", 10) == GUARD_ADMIT);
	CHECK(see_pkt(&g, stream_pkt(ID_B, 7, 0), "192.0.2.2", 11) == GUARD_PASS);
	CHECK(see_pkt(&g, cmd_pkt(ID_B, 8), "192.0.2.2", 12) == GUARD_OBJECT);
	CHECK(see_pkt(&g, stream_pkt(ID_B, 8, 0), "192.0.2.2", 13) == GUARD_OBJECT);

	/* A sender that moved, silent where it was, moves with the instance
	 * it sends now: a host that sent one packet under another's id
	 * first (the review: before its real sender was heard) does not
	 * keep it out for good
	 */
	CHECK(see_pkt(&g, stream_pkt(ID_B, 8, 0), "192.0.2.3", 20 + GUARD_MOVE_MS) ==
	      GUARD_ADMIT);
	CHECK(see_pkt(&g, stream_pkt(ID_B, 8, 0), "192.0.2.3", 21 + GUARD_MOVE_MS) ==
	      GUARD_PASS);
	CHECK(see_pkt(&g, stream_pkt(ID_B, 7, 0), "192.0.2.3", 22 + GUARD_MOVE_MS) ==
	      GUARD_OBJECT);
	/* ... once a move time at most: not a new stream a packet */
	CHECK(see_pkt(&g, stream_pkt(ID_B, 7, 0), "192.0.2.2", 23 + GUARD_MOVE_MS) ==
	      GUARD_SENDER);

	/* Forgotten and heard again: a new entry, its instance anew */
	guard_forget(&g, ID_A);
	CHECK(see_pkt(&g, cmd_pkt(ID_A, 0x7777), "192.0.2.1", 30000) == GUARD_ADMIT);
	CHECK(see_pkt(&g, stream_pkt(ID_A, 0x1234, 0), "192.0.2.1", 30001) == GUARD_OBJECT);
	return TAP_PASS;
}

/* A filter the kernel refuses: the sender the newcomer would replace
 * stays, and the sockets are filtered again with the next packet
 */
static int test_guard_refused(const void *data)
{
	struct norm_guard g;
	socklen_t len = 0;
	uint16_t port;
	int pfd[2], fd;

	guard_init(&g, AF_INET, 4 * MB, 60000);
	g.evicted = on_evicted;
	evictions = 0;
	CHECK(see(&g, ID_A, "192.0.2.1", 0) == GUARD_ADMIT);
	CHECK(see(&g, ID_B, "192.0.2.1", 1) == GUARD_ADMIT);
	/* Not a socket: every filter refused */
	CHECK(pipe(pfd) == 0);
	g.fds[0] = pfd[0];
	g.nfds = 1;
	CHECK(see(&g, 0x0c0c0c0cu, "192.0.2.1", GUARD_MOVE_MS + 1) == GUARD_SENDER);
	CHECK(evictions == 0 && guard_admitted(&g, ID_A) && guard_admitted(&g, ID_B));
	CHECK(!guard_admitted(&g, 0x0c0c0c0cu) && g.stale);
	close(pfd[0]);
	close(pfd[1]);
	/* A socket again: the next packet filters it */
	fd = tap_udp_loopback(&port);
	CHECK(fd >= 0);
	g.fds[0] = fd;
	CHECK(see(&g, ID_A, "192.0.2.1", GUARD_MOVE_MS + 2) == GUARD_PASS);
	CHECK(!g.stale);
	CHECK(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, NULL, &len) == 0 && len > 1);
	close(fd);
	return TAP_PASS;
}

/* -- the filter in this host's kernel -------------------------------------- */

#define ID_MARK	0x4d41524bu

/* The socket the marks come from: 127.0.0.2, a sender of its own */
static int mark_tx = -1;

/* Whether @p sent to @rx passed its filter: a good packet follows it, and
 * what arrives before that one is what passed.
 */
static int passes(int tx, int rx, const struct sockaddr_in *to, const struct pkt *p)
{
	struct pkt mark = nack_pkt(ID_MARK);
	uint8_t buf[256];
	bool got = false;
	ssize_t n;

	if (sendto(tx, p->b, p->len, 0, (const struct sockaddr *)to, sizeof(*to)) < 0 ||
	    sendto(mark_tx, mark.b, mark.len, 0, (const struct sockaddr *)to, sizeof(*to)) < 0)
		return -1;
	for (;;) {
		struct pollfd pfd = { .fd = rx, .events = POLLIN };

		if (poll(&pfd, 1, 2000) != 1)
			return -1;
		n = recv(rx, buf, sizeof(buf), 0);
		if (n < 0)
			return -1;
		if ((size_t)n == mark.len && !memcmp(buf, mark.b, mark.len))
			return got;
		got = (size_t)n == p->len && !memcmp(buf, p->b, p->len);
	}
}

static int test_guard_filter(const void *data)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct sockaddr_in lo = from4("127.0.0.1"), lo2 = from4("127.0.0.2");
	struct norm_guard g;
	struct pkt base[3], p;
	unsigned int i, agree = 0, passed = 0;
	uint16_t port;
	int rx, tx, want, got;

	rx = tap_udp_loopback(&port);
	tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	mark_tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	CHECK(rx >= 0 && tx >= 0 && mark_tx >= 0);
	CHECK(bind(mark_tx, (struct sockaddr *)&lo2, sizeof(lo2)) == 0);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons(port);
	guard_init(&g, AF_INET, 4 * MB, 60000);
	g.fds[g.nfds++] = rx;
	p = data_pkt(ID_MARK, 4 * MB);
	CHECK(guard_see(&g, p.b, p.len, p.len, (struct sockaddr *)&lo2, 0) == GUARD_ADMIT);

	/* Nobody admitted from 127.0.0.1: its sender messages do not pass,
	 * nor its NACKs, not even under the id of one admitted elsewhere (a
	 * NACK has a sender resend its window)
	 */
	p = data_pkt(ID_A, 4 * MB);
	CHECK(passes(tx, rx, &to, &p) == 0);
	p = nack_pkt(ID_B);
	CHECK(passes(tx, rx, &to, &p) == 0);
	CHECK(guard_see(&g, p.b, p.len, p.len, (struct sockaddr *)&lo, 0) == GUARD_FEEDBACK);
	p = nack_pkt(ID_MARK);
	CHECK(passes(tx, rx, &to, &p) == 0);
	CHECK(guard_see(&g, p.b, p.len, p.len, (struct sockaddr *)&lo, 0) == GUARD_FEEDBACK);
	p.b[0] = 1 << 4 | 5;	/* ACK */
	CHECK(passes(tx, rx, &to, &p) == 0);
	/* Admitted from 127.0.0.1: they pass, another id's do not */
	p = data_pkt(ID_A, 4 * MB);
	CHECK(guard_see(&g, p.b, p.len, p.len, (struct sockaddr *)&lo, 0) == GUARD_ADMIT);
	CHECK(passes(tx, rx, &to, &p) == 1);
	p = data_pkt(ID_B, 4 * MB);
	CHECK(passes(tx, rx, &to, &p) == 0);
	/* Its NACKs and ACKs pass, whatever the instance field (there, the
	 * id of the sender they are for)
	 */
	p = nack_pkt(ID_A);
	CHECK(guard_see(&g, p.b, p.len, p.len, (struct sockaddr *)&lo, 0) == GUARD_PASS);
	CHECK(passes(tx, rx, &to, &p) == 1);
	p.b[8] = 0x12;
	p.b[0] = 1 << 4 | 5;
	CHECK(passes(tx, rx, &to, &p) == 1);
	p = nack_pkt(ID_B);
	CHECK(passes(tx, rx, &to, &p) == 0);
	/* libnorm's own, once node 7 is admitted (by its CC, before data) */
	for (i = 0; i < ARRAY_SIZE(libnorm_sent); i++) {
		p = from_hex(libnorm_sent[i]);
		CHECK(passes(tx, rx, &to, &p) == (i > 0));
		guard_see(&g, p.b, p.len, p.len, (struct sockaddr *)&lo, 0);
		CHECK(passes(tx, rx, &to, &p) == 1);
	}
	/* Node 7's other objects and instances do not */
	p = from_hex(libnorm_sent[1]);
	p.b[15] = 1;
	CHECK(passes(tx, rx, &to, &p) == 0);
	p = from_hex(libnorm_sent[1]);
	p.b[9] = 2;
	CHECK(passes(tx, rx, &to, &p) == 0);
	p = from_hex(libnorm_sent[2]);
	p.b[9] = 2;
	CHECK(passes(tx, rx, &to, &p) == 0);
	/* A FLUSH or SQUELCH only of object 0 or 1 (what libnorm's sender
	 * squelches to once it has none): another would move libnorm's sync
	 * point and have it allocate object 0 anew, again and again
	 */
	p = from_hex(libnorm_sent[2]);
	p.b[15] = 1;
	CHECK(passes(tx, rx, &to, &p) == 1);
	p.b[15] = 9;
	CHECK(passes(tx, rx, &to, &p) == 0);
	p.b[14] = 0x40;
	p.b[15] = 0;
	CHECK(passes(tx, rx, &to, &p) == 0);
	p.b[12] = 3;		/* SQUELCH */
	CHECK(passes(tx, rx, &to, &p) == 0);
	p.b[14] = 0;
	CHECK(passes(tx, rx, &to, &p) == 1);

	/* Mutations of good packets: the kernel passes what the C passes */
	base[0] = data_pkt(ID_A, 4 * MB);
	base[1] = nack_pkt(ID_A);
	base[2] = data_pkt(ID_A, 4 * MB);
	base[2].b[0] = 1 << 4 | 3;	/* CMD(CC) */
	base[2].b[12] = 4;
	base[2].b[1] = 6 + 1;
	base[2].b[24] = 128;
	srandom(5740);
	for (i = 0; i < 3000; i++) {
		unsigned int k, flips = 1 + (unsigned int)random() % 3;
		struct guard_msg m;

		p = base[i % 3];
		for (k = 0; k < flips; k++) {
			unsigned int at = (unsigned int)random() % 40;

			p.b[at] = random() % 4 ? (uint8_t)random() : p.b[at] ^ 0x20;
		}
		if (random() % 8 == 0)
			p.len = (size_t)random() % p.len;
		want = guard_check(p.b, p.len, p.len, g.stream_max, &m) == GUARD_PASS &&
		       guard_passes(&g, &m, (struct sockaddr *)&lo);
		got = passes(tx, rx, &to, &p);
		CHECK(got >= 0);
		if (got != want) {
			tap_diag("packet %u: kernel %d, C %d; bytes %02x %02x .. %02x %02x, len %zu",
				 i, got, want, p.b[0], p.b[1], p.b[12], p.b[13], p.len);
			return TAP_FAIL;
		}
		agree++;
		passed += (unsigned int)got;
	}
	tap_diag("%u mutated packets, %u passed, kernel and C agree", agree, passed);
	CHECK(passed > 100 && passed < agree - 100);
	close(rx);
	close(tx);
	close(mark_tx);
	return TAP_PASS;
}

static int set_optmem(int bytes)
{
	FILE *f = fopen("/proc/sys/net/core/optmem_max", "w");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%d\n", bytes) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static int optmem(void)
{
	FILE *f = fopen("/proc/sys/net/core/optmem_max", "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* The filter's instructions on @fd */
static int filter_len(int fd)
{
	socklen_t len = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, NULL, &len))
		return -1;
	return (int)len;
}

/* In the child: a full table of IPv6 senders fits a socket's
 * option memory as Linux before 6.9 has it (20 KiB), replacing the one
 * before; one that does not fit leaves the socket passing nothing.
 * (Before, 57 IPv6 senders were the most.)
 */
static int optmem_filters(void)
{
	static struct sock_filter prog[BPF_MAXINSNS];
	struct norm_guard g;
	unsigned int i;
	int fd, n;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return TAP_SKIP_EXIT;
	set_optmem(20480);	/* a netns of its own since Linux 6.9 */
	if (optmem() < 0 || optmem() > 20480)
		return TAP_SKIP_EXIT;
	guard_init(&g, AF_INET6, 4 * MB, 60000);
	for (i = 0; i < GUARD_SENDERS; i++) {
		g.s[i] = (struct guard_sender){ .id = 0x40000000u + i, .instance = 0x1234 };
		g.s[i].addr[0] = 0x20;
		g.s[i].addr[1] = 0x01;
		g.s[i].addr[2] = 0x0d;
		g.s[i].addr[3] = 0xb8;
		g.s[i].addr[15] = (uint8_t)i;
	}
	g.n = GUARD_SENDERS;
	n = guard_build(&g, prog, BPF_MAXINSNS);
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || n <= 0)
		return 1;
	printf("# %u IPv6 senders: %d instructions, optmem_max %d\n",
	       GUARD_SENDERS, n, optmem());
	if (guard_attach_fd(&g, fd) || guard_attach_fd(&g, fd) || filter_len(fd) != n) {
		printf("# did not fit, or not replace itself\n");
		return 2;
	}
	/* Too big alone: the socket passes nothing, not everything, until
	 * the one that fitted is put back
	 */
	g.n = 8;
	n = guard_build(&g, prog, BPF_MAXINSNS);
	if (guard_attach_fd(&g, fd) || filter_len(fd) != n) {
		printf("# 8 senders did not replace 64\n");
		return 3;
	}
	if (set_optmem(10240))
		return 0;	/* not ours to change: the rest needs 6.9 */
	g.n = GUARD_SENDERS;
	if (guard_attach_fd(&g, fd) != -ENOMEM || filter_len(fd) != 1) {
		printf("# a refused filter left %d instructions\n", filter_len(fd));
		return 4;
	}
	g.n = 8;
	if (guard_attach_fd(&g, fd) || filter_len(fd) != n) {
		printf("# the 8 senders' filter not put back\n");
		return 5;
	}
	return 0;
}

static int test_guard_optmem(const void *data)
{
	return tap_fork(optmem_filters, "no user namespace, or optmem_max above 20 KiB");
}

/* libnorm's socket is found among the files opened since a snapshot, also
 * above fd 1023 (a daemon allowed many files)
 */
static int test_guard_adopt(const void *data)
{
	struct rlimit rl;
	struct guard_fdset before;
	struct norm_guard g;
	uint16_t port, other;
	int fd, high = 1500;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_max <= (rlim_t)high) {
		tap_skip_reason("RLIMIT_NOFILE too low for fd 1500");
		return TAP_SKIP;
	}
	if (rl.rlim_cur <= (rlim_t)high) {
		rl.rlim_cur = (rlim_t)high + 1;
		CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	}
	guard_init(&g, AF_INET, 4 * MB, 60000);
	CHECK(guard_fds_open(&before) == 0);
	fd = tap_udp_loopback(&port);
	CHECK(fd >= 0 && dup2(fd, high) == high);
	close(fd);
	CHECK(guard_adopt(&g, &before, port) == 1 && g.fds[0] == high);
	/* Known before: not libnorm's, and none new on the port is an error;
	 * a new one on another port (libnorm's sending socket) is filtered
	 */
	guard_fds_free(&before);
	CHECK(guard_fds_open(&before) == 0);
	guard_init(&g, AF_INET, 4 * MB, 60000);
	CHECK(guard_adopt(&g, &before, port) == -ENOENT);
	fd = tap_udp_loopback(&other);
	CHECK(fd >= 0);
	guard_init(&g, AF_INET, 4 * MB, 60000);
	CHECK(guard_adopt(&g, &before, port) == -ENOENT && g.nfds == 1 && g.fds[0] == fd);
	guard_fds_free(&before);
	close(fd);
	CHECK(guard_fds_open(&before) == 0);
	fd = tap_udp_loopback(&other);
	CHECK(fd >= 0 && dup2(high, fd + 1) == fd + 1);
	guard_init(&g, AF_INET, 4 * MB, 60000);
	CHECK(guard_adopt(&g, &before, port) == 2);
	guard_fds_free(&before);
	close(fd);
	close(fd + 1);
	close(high);
	return TAP_PASS;
}

void test_normguard_register(void)
{
	tap_add(test_guard_adopt, NULL, "normguard: libnorm's socket is found above fd 1023 too");
	tap_add(test_guard_check, NULL, "normguard: forged objects, extensions and types refused");
	tap_add(test_guard_admit, NULL, "normguard: senders per address and per link bounded");
	tap_add(test_guard_forged_addr, NULL,
		"normguard: new ids from a live sender's address never take its place");
	tap_add(test_guard_ended, NULL,
		"normguard: a host's ended streams give way to its live one, never back");
	tap_add(test_guard_refused, NULL,
		"normguard: a refused filter evicts nobody, and is tried again");
	tap_add(test_guard_pin, NULL,
		"normguard: an admitted sender has one stream: other objects, instances refused");
	tap_add(test_guard_filter, NULL,
		"normguard: the kernel's filter passes what the C passes, NACKs only of senders");
	tap_add(test_guard_optmem, NULL,
		"normguard: 64 IPv6 senders fit 20 KiB of option memory");
}
