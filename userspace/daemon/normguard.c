// SPDX-License-Identifier: GPL-2.0
/*
 * The filter in front of libnorm; see normguard.h.
 *
 * RFC 5740 message layout as libnorm 1.5.9 reads it (byte offsets):
 *   0 version << 4 | type, 1 header length in words, 2 sequence, 4 source id
 *   INFO, DATA, CMD: 8 instance id
 *   INFO, DATA: 12 flags, 13 FEC id, 14 object transport id; extensions
 *   from 16 (INFO) or 20 (DATA, FEC id 5: a 4 byte payload id)
 *   CMD: 12 flavour, 13 FEC id; extensions from 20 (FLUSH, SQUELCH, FEC id
 *   5), 24 (CC) or 16 (EOT, REPAIR_ADV, ACK_REQ)
 *   NACK, ACK: extensions from 24
 *   extension: 0 type, 1 length in words if type < 128, else 4 bytes
 *   FTI (type 64) of FEC id 5: 2 object size (48 bits), 8 segment size,
 *   10 source symbols per block, 11 parity symbols per block
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <linux/filter.h>

#include "normguard.h"

#define NORM_INFO	1
#define NORM_DATA	2
#define NORM_CMD	3
#define NORM_NACK	4
#define NORM_ACK	5

#define CMD_FLUSH	1
#define CMD_EOT		2
#define CMD_SQUELCH	3
#define CMD_CC		4
#define CMD_REPAIR_ADV	5
#define CMD_ACK_REQ	6

#define FLAG_FILE	0x10
#define FLAG_STREAM	0x20
#define FEC_RS8		5
#define EXT_FTI		64
#define EXT_FIXED	128	/* types from here are one word long */
#define FTI_LEN		12	/* RFC 5510 section 5.2 */

/* Where the UDP payload starts for a UDP socket's filter */
#define UDP_OFF		8

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

void guard_init(struct norm_guard *g, int family, uint32_t stream_max, int64_t forget_ms)
{
	memset(g, 0, sizeof(*g));
	g->family = family;
	g->stream_max = stream_max > GUARD_STREAM_MIN ? stream_max : GUARD_STREAM_MIN;
	g->forget_ms = forget_ms;
}

/* -- the checks, in C ----------------------------------------------------- */

/* Where the extensions of a message start, and what it is */
static enum guard_verdict classify(const uint8_t *p, size_t caplen, unsigned int *base,
				   struct guard_msg *m, bool *object)
{
	if (caplen < 16)
		return GUARD_MALFORMED;
	*object = false;
	m->sender = true;
	m->instance = be16(p + 8);
	switch (p[0] & 0xf) {
	case NORM_INFO:
	case NORM_DATA:
		if (p[13] != FEC_RS8)
			return GUARD_MALFORMED;
		if (p[12] & FLAG_FILE || !(p[12] & FLAG_STREAM) ||
		    be16(p + 14) != GUARD_STREAM_ID)
			return GUARD_OBJECT;
		*base = (p[0] & 0xf) == NORM_INFO ? 16 : 20;
		*object = true;
		return GUARD_PASS;
	case NORM_CMD:
		switch (p[12]) {
		case CMD_FLUSH:
		case CMD_SQUELCH:
			if (p[13] != FEC_RS8)
				return GUARD_MALFORMED;
			if (be16(p + 14) > GUARD_STREAM_ID + 1)
				return GUARD_OBJECT;
			*base = 20;
			return GUARD_PASS;
		case CMD_EOT:
		case CMD_REPAIR_ADV:
		case CMD_ACK_REQ:
			*base = 16;
			return GUARD_PASS;
		case CMD_CC:
			*base = 24;
			return GUARD_PASS;
		}
		return GUARD_MALFORMED;
	case NORM_NACK:
	case NORM_ACK:
		m->sender = false;
		m->instance = 0;
		*base = 24;
		return GUARD_PASS;
	}
	return GUARD_MALFORMED;
}

enum guard_verdict guard_check(const uint8_t *p, size_t len, size_t caplen,
			       uint32_t stream_max, struct guard_msg *m)
{
	unsigned int off, hl, i, elen;
	enum guard_verdict v;
	bool object;

	*m = (struct guard_msg){ 0 };
	if (caplen > len)
		caplen = len;
	if (len < 8 || caplen < 8 || p[0] >> 4 != 1)
		return GUARD_MALFORMED;
	m->id = be32(p + 4);
	hl = (unsigned int)p[1] * 4;
	if (hl > len)
		return GUARD_MALFORMED;
	v = classify(p, caplen, &off, m, &object);
	if (v != GUARD_PASS)
		return v;
	for (i = 0; off != hl; i++) {
		if (off > hl || i == GUARD_EXT_MAX || off + 2 > caplen)
			return GUARD_MALFORMED;
		elen = p[off] >= EXT_FIXED ? 4 : p[off + 1] * 4u;
		if (!elen || off + elen > hl)
			return GUARD_MALFORMED;
		if (object && p[off] == EXT_FTI) {
			if (elen != FTI_LEN || off + FTI_LEN > caplen)
				return GUARD_OBJECT;
			if (be16(p + off + 2) || be32(p + off + 4) > stream_max ||
			    be16(p + off + 8) != GUARD_SEGMENT || p[off + 10] != GUARD_BLOCK ||
			    p[off + 11])
				return GUARD_OBJECT;
		}
		off += elen;
	}
	return GUARD_PASS;
}

/* -- senders --------------------------------------------------------------- */

static void addr_of(const struct sockaddr *sa, uint8_t *a)
{
	memset(a, 0, 16);
	if (sa->sa_family == AF_INET)
		memcpy(a, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	else if (sa->sa_family == AF_INET6)
		memcpy(a, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
}

static bool id_admitted(const struct norm_guard *g, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->s[i].id == id)
			return true;
	return false;
}

bool guard_admitted(const struct norm_guard *g, uint32_t id)
{
	return id_admitted(g, id);
}

static bool ended_before(const struct norm_guard *g, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < GUARD_ENDED && i < g->nended; i++)
		if (g->ended[i] == id)
			return true;
	return false;
}

/* @old left the table: an ended one is never admitted again, and one no
 * longer admitted under any address is reported
 */
static void let_go(struct norm_guard *g, const struct guard_sender *old)
{
	if (old->ended && !ended_before(g, old->id))
		g->ended[g->nended++ % GUARD_ENDED] = old->id;
	if (!id_admitted(g, old->id) && g->evicted)
		g->evicted(g->ctx, old->id);
}

static void drop_entry(struct norm_guard *g, unsigned int i)
{
	struct guard_sender old = g->s[i];

	g->s[i] = g->s[--g->n];
	let_go(g, &old);
}

/* A socket whose new filter the kernel refused (its option memory,
 * net.core.optmem_max) may be left passing nothing: the caller takes back
 * the change and filters again, with what fitted before.
 */
static int refilter(struct norm_guard *g)
{
	unsigned int i;
	int err, ret = 0;

	for (i = 0; i < g->nfds; i++) {
		err = guard_attach_fd(g, g->fds[i]);
		if (err) {
			g->filter_errors++;
			ret = err;
		}
	}
	g->stale = ret != 0;
	return ret;
}

/* A sender heard within GUARD_MOVE_MS (an idle one probes every second at
 * least; one that only listens too) that libnorm does not find silent:
 * one whose daemon was killed falls silent, and gives way after
 * GUARD_MOVE_MS.
 */
static bool live(const struct guard_sender *s, int64_t now)
{
	return !s->inactive && now - s->seen_ms < GUARD_MOVE_MS;
}

/* The entry a newcomer from @a may take, or -1 */
static int room_for(struct norm_guard *g, const uint8_t *a, int64_t now)
{
	int oldest_here = -1, probation = -1, silent = -1, ended_here = -1;
	int64_t newest_here = INT64_MIN;
	unsigned int i, here = 0;

	for (i = 0; i < g->n; i++) {
		const struct guard_sender *s = &g->s[i];

		if (!memcmp(s->addr, a, 16)) {
			here++;
			if (s->ended && (ended_here < 0 ||
					 s->seen_ms < g->s[ended_here].seen_ms))
				ended_here = (int)i;
			if (s->admitted_ms > newest_here)
				newest_here = s->admitted_ms;
			/* Not a live sender: a host that forges its address
			 * must not push it out
			 */
			if (!live(s, now) &&
			    (oldest_here < 0 || s->seen_ms < g->s[oldest_here].seen_ms))
				oldest_here = (int)i;
		}
		if (!s->delivered && now - s->admitted_ms >= GUARD_PROBATION_MS &&
		    (probation < 0 || s->seen_ms < g->s[probation].seen_ms))
			probation = (int)i;
		if (now - s->seen_ms >= g->forget_ms &&
		    (silent < 0 || s->seen_ms < g->s[silent].seen_ms))
			silent = (int)i;
	}
	/* Its own places: one of them anew every GUARD_PROBATION_MS at most,
	 * so that a flood of new ids does not rebuild the filter for each
	 */
	if (here >= GUARD_PER_ADDR && ended_here >= 0)
		return ended_here;
	if (here >= GUARD_PER_ADDR)
		return oldest_here >= 0 && now - newest_here >= GUARD_PROBATION_MS ?
		       oldest_here : -1;
	if (g->n < GUARD_SENDERS)
		return (int)g->n;
	return probation >= 0 ? probation : silent;
}

bool guard_passes(const struct norm_guard *g, const struct guard_msg *m,
		  const struct sockaddr *from)
{
	unsigned int i;
	uint8_t a[16];

	addr_of(from, a);
	for (i = 0; i < g->n; i++)
		if (g->s[i].id == m->id && !memcmp(g->s[i].addr, a, 16))
			return !m->sender || g->s[i].instance == m->instance;
	return false;
}

enum guard_verdict guard_see(struct norm_guard *g, const uint8_t *pkt, size_t len, size_t caplen,
			     const struct sockaddr *from, int64_t now)
{
	struct guard_sender moved, old;
	struct guard_msg m;
	enum guard_verdict v;
	unsigned int i;
	uint8_t a[16];
	bool replaced;
	int slot;

	/* A filter that was refused even when put back: tried again, at most
	 * every GUARD_RETRY_MS, until the sockets pass what they should
	 */
	if (g->stale && now >= g->retry_ms) {
		g->retry_ms = now + GUARD_RETRY_MS;
		refilter(g);
	}
	v = guard_check(pkt, len, caplen, g->stream_max, &m);
	if (v != GUARD_PASS)
		return v;
	/* A NACK or ACK makes no sender, and passes only from one: one from
	 * any host would have a sender resend its window
	 */
	if (!m.sender)
		return guard_passes(g, &m, from) ? GUARD_PASS : GUARD_FEEDBACK;
	addr_of(from, a);
	for (i = 0; i < g->n; i++) {
		if (g->s[i].id != m.id)
			continue;
		if (!memcmp(g->s[i].addr, a, 16)) {
			/* Another instance: another stream, which libnorm
			 * would allocate anew
			 */
			if (g->s[i].instance != m.instance)
				return GUARD_OBJECT;
			g->s[i].seen_ms = now;
			return GUARD_PASS;
		}
		/* A sender that delivered stays where it is until forgotten;
		 * one that did not and fell silent may have moved, with the
		 * instance it sends now (a host that sent a packet under its
		 * id first does not keep it out): libnorm starts it anew, at
		 * most once every GUARD_MOVE_MS.
		 */
		if ((g->s[i].delivered && !g->s[i].inactive) ||
		    now - g->s[i].seen_ms < GUARD_MOVE_MS)
			return GUARD_SENDER;
		moved = g->s[i];
		memcpy(g->s[i].addr, a, 16);
		g->s[i].seen_ms = now;
		g->s[i].inactive = false;
		g->s[i].instance = m.instance;
		if (refilter(g)) {
			g->s[i] = moved;
			refilter(g);
			return GUARD_SENDER;
		}
		return GUARD_ADMIT;
	}
	if (ended_before(g, m.id))
		return GUARD_SENDER;	/* its stream is over, here */
	slot = room_for(g, a, now);
	if (slot < 0)
		return GUARD_SENDER;
	/* The one it replaces goes only once the filter took the newcomer */
	replaced = (unsigned int)slot < g->n;
	if (replaced)
		old = g->s[slot];
	else
		g->n++;
	g->s[slot] = (struct guard_sender){
		.id = m.id, .seen_ms = now, .admitted_ms = now, .instance = m.instance,
	};
	memcpy(g->s[slot].addr, a, 16);
	if (refilter(g)) {
		if (replaced)
			g->s[slot] = old;
		else
			g->n--;
		refilter(g);
		return GUARD_SENDER;
	}
	if (replaced)
		let_go(g, &old);
	return GUARD_ADMIT;
}

void guard_delivered(struct norm_guard *g, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->s[i].id == id)
			g->s[i].delivered = true;
}

void guard_ended(struct norm_guard *g, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->s[i].id == id)
			g->s[i].ended = true;
}

void guard_inactive(struct norm_guard *g, uint32_t id, bool inactive)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->s[i].id == id)
			g->s[i].inactive = inactive;
}

void guard_forget(struct norm_guard *g, uint32_t id)
{
	void (*evicted)(void *, uint32_t) = g->evicted;
	unsigned int i, before = g->n;

	g->evicted = NULL;	/* the caller forgets it itself */
	for (i = 0; i < g->n;) {
		if (g->s[i].id == id)
			drop_entry(g, i);
		else
			i++;
	}
	g->evicted = evicted;
	if (g->n != before)
		refilter(g);	/* a smaller filter: it fits where the larger did */
}

/* -- the filter ------------------------------------------------------------ */

enum {
	M_LEN, M_HL, M_OFF, M_OBJ, M_HET, M_ELEN, M_NEXT, M_INST, M_A0,	/* M_A0..3 */
};

/* M_INST of a NACK or ACK, which has no instance id: any one matches */
#define INST_ANY	0x10000u

enum {
	L_DROP, L_PASS, L_INFO, L_DATA, L_OBJ, L_CMD, L_CMD16, L_CMD20, L_CMD24, L_FB,
	L_SENDERS, L_IDS, L_WALK,
	L_EXT,					/* 3 per round of the walk */
	L_CNT = L_EXT + 3 * (GUARD_EXT_MAX + 1),
};

struct bpf_asm {
	struct sock_filter *p;
	unsigned int n, max;
	int at[L_CNT];
	unsigned int fix[2 * 4096];
	unsigned int nfix;
	bool full;
};

static void emit(struct bpf_asm *a, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (a->n == a->max) {
		a->full = true;
		return;
	}
	a->p[a->n++] = (struct sock_filter){ code, jt, jf, k };
}

static void stmt(struct bpf_asm *a, uint16_t code, uint32_t k)
{
	emit(a, code, 0, 0, k);
}

/* To @label (forward) always: k is fixed up at the end */
static void go(struct bpf_asm *a, unsigned int label)
{
	if (a->nfix < sizeof(a->fix) / sizeof(a->fix[0]) && a->n < a->max)
		a->fix[a->nfix++] = a->n << 8 | label;
	else
		a->full = true;
	stmt(a, BPF_JMP | BPF_JA, 0);
}

/* To @label if (A @op @k) is @when; on otherwise. Any distance. */
static void go_if(struct bpf_asm *a, uint16_t op, uint32_t k, bool when, unsigned int label)
{
	emit(a, BPF_JMP | op, when ? 0 : 1, when ? 1 : 0, k);
	go(a, label);
}

static void label(struct bpf_asm *a, unsigned int l)
{
	a->at[l] = (int)a->n;
}

/* An 8-bit jump of the instruction at @at to @to, forward */
static void patch(struct bpf_asm *a, unsigned int at, bool jt, unsigned int to)
{
	if (a->full || to <= at || to - at - 1 > 255) {
		a->full = true;
		return;
	}
	if (jt)
		a->p[at].jt = (uint8_t)(to - at - 1);
	else
		a->p[at].jf = (uint8_t)(to - at - 1);
}

/* Senders in runs that share a drop and a pass within 8-bit jumps */
#define RUN		16

/* The source id stays in A along a chain of compares, one per sender; the
 * sender whose id it is then decides: its address and its instance (any,
 * for a NACK or ACK: INST_ANY). So
 * each costs 4 + 2 * words instructions, and one whose id does not match
 * only its compare: a filter is charged to the socket's option memory
 * (net.core.optmem_max, 20 KiB before Linux 6.9), and each packet load is
 * several.
 */
static void build_senders(struct bpf_asm *a, const struct norm_guard *g)
{
	unsigned int i, w, words = g->family == AF_INET6 ? 4 : 1;
	uint32_t net = g->family == AF_INET6 ? 8 : 12;	/* source address */
	unsigned int drops[RUN * 5], passes[RUN * 2], nd, np, run, k;

	label(a, L_SENDERS);
	stmt(a, BPF_LD | BPF_H | BPF_ABS, UDP_OFF + 8);
	stmt(a, BPF_ST, M_INST);
	label(a, L_IDS);
	for (w = 0; w < words; w++) {
		stmt(a, BPF_LD | BPF_W | BPF_ABS, (uint32_t)(SKF_NET_OFF + (int)(net + 4 * w)));
		stmt(a, BPF_ST, M_A0 + w);
	}
	stmt(a, BPF_LD | BPF_W | BPF_ABS, UDP_OFF + 4);		/* the id, in A */
	for (run = 0; run < g->n; run += RUN) {
		nd = np = 0;
		for (i = run; i < g->n && i < run + RUN; i++) {
			const struct guard_sender *s = &g->s[i];

			emit(a, BPF_JMP | BPF_JEQ | BPF_K, 0, (uint8_t)(2 * words + 3), s->id);
			for (w = 0; w < words; w++) {
				stmt(a, BPF_LD | BPF_MEM, M_A0 + w);
				drops[nd++] = a->n;
				stmt(a, BPF_JMP | BPF_JEQ | BPF_K, be32(s->addr + 4 * w));
			}
			stmt(a, BPF_LD | BPF_MEM, M_INST);
			passes[np++] = a->n;
			emit(a, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, s->instance);
			passes[np++] = a->n;
			drops[nd++] = a->n;
			stmt(a, BPF_JMP | BPF_JEQ | BPF_K, INST_ANY);
		}
		emit(a, BPF_JMP | BPF_JA, 0, 0, 2);	/* the chain goes on */
		for (k = 0; k < nd; k++)
			patch(a, drops[k], false, a->n);
		stmt(a, BPF_RET | BPF_K, 0);
		for (k = 0; k < np; k++)
			patch(a, passes[k], true, a->n);
		go(a, L_WALK);
	}
	go(a, L_DROP);
}

static void build_walk(struct bpf_asm *a, const struct norm_guard *g)
{
	unsigned int r, l;

	label(a, L_WALK);
	for (r = 0; r <= GUARD_EXT_MAX; r++) {
		l = L_EXT + 3 * r;
		stmt(a, BPF_LD | BPF_MEM, M_HL);
		stmt(a, BPF_MISC | BPF_TAX, 0);
		stmt(a, BPF_LD | BPF_MEM, M_OFF);
		go_if(a, BPF_JEQ | BPF_X, 0, true, L_PASS);
		go_if(a, BPF_JGT | BPF_X, 0, true, L_DROP);
		if (r == GUARD_EXT_MAX) {
			go(a, L_DROP);
			break;
		}
		stmt(a, BPF_LDX | BPF_MEM, M_OFF);
		stmt(a, BPF_LD | BPF_B | BPF_IND, UDP_OFF);
		stmt(a, BPF_ST, M_HET);
		go_if(a, BPF_JGE | BPF_K, EXT_FIXED, true, l);
		stmt(a, BPF_LD | BPF_B | BPF_IND, UDP_OFF + 1);
		stmt(a, BPF_ALU | BPF_LSH | BPF_K, 2);
		go_if(a, BPF_JEQ | BPF_K, 0, true, L_DROP);
		go(a, l + 1);
		label(a, l);
		stmt(a, BPF_LD | BPF_IMM, 4);
		label(a, l + 1);
		stmt(a, BPF_ST, M_ELEN);
		stmt(a, BPF_ALU | BPF_ADD | BPF_X, 0);		/* X: the offset */
		stmt(a, BPF_ST, M_NEXT);
		stmt(a, BPF_LDX | BPF_MEM, M_HL);
		go_if(a, BPF_JGT | BPF_X, 0, true, L_DROP);
		/* An FTI of an object message */
		stmt(a, BPF_LD | BPF_MEM, M_HET);
		go_if(a, BPF_JEQ | BPF_K, EXT_FTI, false, l + 2);
		stmt(a, BPF_LD | BPF_MEM, M_OBJ);
		go_if(a, BPF_JEQ | BPF_K, 0, true, l + 2);
		stmt(a, BPF_LD | BPF_MEM, M_ELEN);
		go_if(a, BPF_JEQ | BPF_K, FTI_LEN, false, L_DROP);
		stmt(a, BPF_LDX | BPF_MEM, M_OFF);
		stmt(a, BPF_LD | BPF_H | BPF_IND, UDP_OFF + 2);
		go_if(a, BPF_JEQ | BPF_K, 0, false, L_DROP);
		stmt(a, BPF_LD | BPF_W | BPF_IND, UDP_OFF + 4);
		go_if(a, BPF_JGT | BPF_K, g->stream_max, true, L_DROP);
		stmt(a, BPF_LD | BPF_H | BPF_IND, UDP_OFF + 8);
		go_if(a, BPF_JEQ | BPF_K, GUARD_SEGMENT, false, L_DROP);
		stmt(a, BPF_LD | BPF_H | BPF_IND, UDP_OFF + 10);	/* block, parity */
		go_if(a, BPF_JEQ | BPF_K, GUARD_BLOCK << 8, false, L_DROP);
		label(a, l + 2);
		stmt(a, BPF_LD | BPF_MEM, M_NEXT);
		stmt(a, BPF_ST, M_OFF);
	}
}

static void set_base(struct bpf_asm *a, uint32_t base, unsigned int then)
{
	stmt(a, BPF_LD | BPF_IMM, base);
	stmt(a, BPF_ST, M_OFF);
	go(a, then);
}

/* Drops what is not of FEC id 5, the only one whose layout it knows */
static void need_rs8(struct bpf_asm *a)
{
	stmt(a, BPF_LD | BPF_B | BPF_ABS, UDP_OFF + 13);
	go_if(a, BPF_JEQ | BPF_K, FEC_RS8, false, L_DROP);
}

static void build_head(struct bpf_asm *a)
{
	stmt(a, BPF_LD | BPF_W | BPF_LEN, 0);
	go_if(a, BPF_JGE | BPF_K, UDP_OFF + 16, false, L_DROP);
	stmt(a, BPF_ST, M_LEN);
	stmt(a, BPF_LD | BPF_B | BPF_ABS, UDP_OFF);
	stmt(a, BPF_ALU | BPF_RSH | BPF_K, 4);
	go_if(a, BPF_JEQ | BPF_K, 1, false, L_DROP);
	stmt(a, BPF_LD | BPF_B | BPF_ABS, UDP_OFF + 1);
	stmt(a, BPF_ALU | BPF_LSH | BPF_K, 2);
	stmt(a, BPF_ST, M_HL);
	stmt(a, BPF_ALU | BPF_ADD | BPF_K, UDP_OFF);
	stmt(a, BPF_LDX | BPF_MEM, M_LEN);
	go_if(a, BPF_JGT | BPF_X, 0, true, L_DROP);
	stmt(a, BPF_LD | BPF_B | BPF_ABS, UDP_OFF);
	stmt(a, BPF_ALU | BPF_AND | BPF_K, 0xf);
	go_if(a, BPF_JEQ | BPF_K, NORM_INFO, true, L_INFO);
	go_if(a, BPF_JEQ | BPF_K, NORM_DATA, true, L_DATA);
	go_if(a, BPF_JEQ | BPF_K, NORM_CMD, true, L_CMD);
	go_if(a, BPF_JEQ | BPF_K, NORM_NACK, true, L_FB);
	go_if(a, BPF_JEQ | BPF_K, NORM_ACK, true, L_FB);
	go(a, L_DROP);

	label(a, L_INFO);
	need_rs8(a);
	set_base(a, 16, L_OBJ);
	label(a, L_DATA);
	need_rs8(a);
	stmt(a, BPF_LD | BPF_IMM, 20);
	stmt(a, BPF_ST, M_OFF);
	label(a, L_OBJ);
	stmt(a, BPF_LD | BPF_B | BPF_ABS, UDP_OFF + 12);
	go_if(a, BPF_JSET | BPF_K, FLAG_FILE, true, L_DROP);
	go_if(a, BPF_JSET | BPF_K, FLAG_STREAM, false, L_DROP);
	stmt(a, BPF_LD | BPF_H | BPF_ABS, UDP_OFF + 14);
	go_if(a, BPF_JEQ | BPF_K, GUARD_STREAM_ID, false, L_DROP);
	stmt(a, BPF_LD | BPF_IMM, 1);
	stmt(a, BPF_ST, M_OBJ);
	go(a, L_SENDERS);

	label(a, L_CMD);
	stmt(a, BPF_LD | BPF_IMM, 0);
	stmt(a, BPF_ST, M_OBJ);
	stmt(a, BPF_LD | BPF_B | BPF_ABS, UDP_OFF + 12);
	go_if(a, BPF_JEQ | BPF_K, CMD_EOT, true, L_CMD16);
	go_if(a, BPF_JEQ | BPF_K, CMD_REPAIR_ADV, true, L_CMD16);
	go_if(a, BPF_JEQ | BPF_K, CMD_ACK_REQ, true, L_CMD16);
	go_if(a, BPF_JEQ | BPF_K, CMD_CC, true, L_CMD24);
	go_if(a, BPF_JEQ | BPF_K, CMD_FLUSH, true, L_CMD20);
	go_if(a, BPF_JEQ | BPF_K, CMD_SQUELCH, true, L_CMD20);
	go(a, L_DROP);
	label(a, L_CMD20);
	need_rs8(a);
	stmt(a, BPF_LD | BPF_H | BPF_ABS, UDP_OFF + 14);
	go_if(a, BPF_JGT | BPF_K, GUARD_STREAM_ID + 1, true, L_DROP);
	set_base(a, 20, L_SENDERS);
	label(a, L_CMD16);
	set_base(a, 16, L_SENDERS);
	label(a, L_CMD24);
	set_base(a, 24, L_SENDERS);

	/* A NACK or ACK: from an admitted sender, of any instance */
	label(a, L_FB);
	stmt(a, BPF_LD | BPF_IMM, 0);
	stmt(a, BPF_ST, M_OBJ);
	stmt(a, BPF_LD | BPF_IMM, INST_ANY);
	stmt(a, BPF_ST, M_INST);
	set_base(a, 24, L_IDS);
}

int guard_build(const struct norm_guard *g, struct sock_filter *prog, unsigned int max)
{
	struct bpf_asm *a;
	unsigned int i, at, l;
	int ret;

	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->p = prog;
	a->max = max;
	for (i = 0; i < L_CNT; i++)
		a->at[i] = -1;
	build_head(a);
	build_senders(a, g);
	build_walk(a, g);
	label(a, L_PASS);
	stmt(a, BPF_RET | BPF_K, 0xffffffffu);
	label(a, L_DROP);
	stmt(a, BPF_RET | BPF_K, 0);
	ret = a->full ? -E2BIG : (int)a->n;
	for (i = 0; ret > 0 && i < a->nfix; i++) {
		at = a->fix[i] >> 8;
		l = a->fix[i] & 0xff;
		if (a->at[l] <= (int)at) {
			ret = -EINVAL;	/* a label never placed, or backwards */
			break;
		}
		prog[at].k = (uint32_t)(a->at[l] - (int)at - 1);
	}
	free(a);
	return ret;
}

/* A filter that passes nothing: the smallest there is */
static const struct sock_filter pass_none[] = { { BPF_RET | BPF_K, 0, 0, 0 } };

int guard_attach_fd(const struct norm_guard *g, int fd)
{
	static struct sock_filter prog[BPF_MAXINSNS];
	struct sock_fprog fp, none = { .len = 1, .filter = (struct sock_filter *)pass_none };
	int n;

	n = guard_build(g, prog, BPF_MAXINSNS);
	if (n < 0)
		return n;
	fp = (struct sock_fprog){ .len = (unsigned short)n, .filter = prog };
	if (!setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)))
		return 0;
	if (errno != ENOMEM)
		return -errno;
	/* The socket's option memory holds both while one replaces the
	 * other: between them it drops everything (NORM repairs it), never
	 * lets all through. Refused too, it drops everything until the
	 * caller puts back a filter that fitted.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &none, sizeof(none)) ||
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)))
		return -errno;
	return 0;
}

/* -- libnorm's sockets ----------------------------------------------------- */

static bool fd_in(const struct guard_fdset *set, long fd)
{
	return fd >= 0 && (unsigned long)fd < set->nbits &&
	       set->bits[fd / 64] & (1ull << (fd % 64));
}

/* Every fd in /proc/self/fd, however high: a daemon allowed many files
 * may get libnorm's socket above 1023.
 */
int guard_fds_open(struct guard_fdset *set)
{
	struct dirent *de;
	uint64_t *bits;
	unsigned int n;
	DIR *d;
	long fd;

	memset(set, 0, sizeof(*set));
	d = opendir("/proc/self/fd");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		fd = strtol(de->d_name, NULL, 10);
		/* Not the listing's own: closed, its number is the next */
		if (fd < 0 || fd >= (1L << 24) || fd == dirfd(d))
			continue;
		if ((unsigned long)fd >= set->nbits) {
			n = ((unsigned int)fd / 64 + 1) * 64;
			bits = realloc(set->bits, n / 8);
			if (!bits) {
				closedir(d);
				guard_fds_free(set);
				return -ENOMEM;
			}
			memset(bits + set->nbits / 64, 0, (n - set->nbits) / 8);
			set->bits = bits;
			set->nbits = n;
		}
		set->bits[fd / 64] |= 1ull << (fd % 64);
	}
	closedir(d);
	return 0;
}

void guard_fds_free(struct guard_fdset *set)
{
	free(set->bits);
	set->bits = NULL;
	set->nbits = 0;
}

/* A UDP socket: 1 if bound to @port, 0 if to another, -1 if none */
static int udp_on_port(int fd, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int type = 0;
	socklen_t tlen = sizeof(type);
	struct stat st;

	if (fstat(fd, &st) || !S_ISSOCK(st.st_mode))
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) || type != SOCK_DGRAM)
		return -1;
	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port) == port;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) == port;
	return -1;
}

int guard_adopt(struct norm_guard *g, const struct guard_fdset *before, uint16_t port)
{
	struct guard_fdset now;
	int err, on, on_port = 0;
	long fd;

	err = guard_fds_open(&now);
	if (err)
		return err;
	for (fd = 0; fd < (long)now.nbits; fd++) {
		if (!fd_in(&now, fd) || fd_in(before, fd))
			continue;
		on = udp_on_port((int)fd, port);
		if (on < 0)
			continue;
		on_port += on;
		if (g->nfds == GUARD_FDS) {
			err = -EMFILE;
			break;
		}
		err = guard_attach_fd(g, (int)fd);
		if (err)
			break;
		g->fds[g->nfds++] = (int)fd;
	}
	guard_fds_free(&now);
	if (!err && !on_port)
		err = -ENOENT;
	return err ? err : (int)g->nfds;
}

void guard_rcvbuf(const struct norm_guard *g, int bytes)
{
	unsigned int i;

	for (i = 0; i < g->nfds; i++)
		if (setsockopt(g->fds[i], SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
			setsockopt(g->fds[i], SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

unsigned int guard_discard(const struct norm_guard *g)
{
	unsigned int i, n = 0;
	uint8_t buf[64];

	/* Bounded: a flood cannot keep it here, the filter is on. */
	for (i = 0; i < g->nfds; i++)
		while (n < 65536 &&
		       recv(g->fds[i], buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC) >= 0)
			n++;
	return n;
}
