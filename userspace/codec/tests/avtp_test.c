// SPDX-License-Identifier: GPL-2.0
/* The IEEE 1722 codec tests' shared helpers (avtp_test.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avtp_test.h"

#define AVTP_TAP_MAX	32

static struct avtp_case {
	bool (*fn)(void);
} cases[AVTP_TAP_MAX];
static unsigned int n_cases;

static int run_case(const void *data)
{
	const struct avtp_case *c = data;

	return c->fn() ? TAP_PASS : TAP_FAIL;
}

void avtp_tap_add(bool (*fn)(void), const char *name)
{
	if (n_cases == AVTP_TAP_MAX)
		abort();
	cases[n_cases].fn = fn;
	tap_add(run_case, &cases[n_cases++], "%s", name);
}

static uint64_t rnd_state = 0x1722cafef00dULL;

uint32_t rnd(void)
{
	/* xorshift64*: the same sequence on every run */
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (rnd_state * 0x2545f4914f6cdd1dULL) >> 32;
}

void rnd_bytes(void *buf, size_t n)
{
	uint8_t *b = buf;

	while (n--)
		*b++ = rnd();
}

static int enc_one(struct avtp_enc *e, const struct item *it)
{
	if (it->xl)
		return avtp_enc_xl(e, it->xf, it->ts, it->bus);
	return avtp_enc_can(e, &it->cf, it->fd, it->ts, it->bus);
}

/* With $AVTP_SEED_DIR, the first PDUs sent go there: the fuzzer's seeds. */
static void save_seed(const void *pdu, size_t len)
{
	static unsigned int n;
	const char *dir = getenv("AVTP_SEED_DIR");
	char path[4096];
	FILE *f;

	if (!dir || n >= 1000)
		return;
	snprintf(path, sizeof(path), "%s/pdu-%u", dir, n++);
	f = fopen(path, "w");
	if (f) {
		fwrite(pdu, 1, len, f);
		fclose(f);
	}
}

static bool close_pdu(struct avtp_enc *e, struct run *r, size_t pos)
{
	size_t len = avtp_enc_finish(e);

	if (!len)
		return FAIL("empty PDU: a frame fits no PDU");
	if (len > e->max_pdu)
		return FAIL("PDU of %zu bytes above max_pdu %u", len, e->max_pdu);
	if (r->n == RUN_PDUS)
		return FAIL("too many PDUs");
	save_seed(r->buf + pos, len);
	r->off[r->n] = pos;
	r->len[r->n++] = len;
	return true;
}

bool encode_run(struct avtp_enc *e, const struct item *it, size_t n, struct run *r)
{
	size_t i = 0, pos = 0;
	int ret;

	r->n = 0;
	avtp_enc_start(e, r->buf);
	while (i < n) {
		ret = enc_one(e, &it[i]);
		if (ret == -ENOSPC) {
			if (!close_pdu(e, r, pos))
				return false;
			pos += r->len[r->n - 1];
			if (pos + e->max_pdu > sizeof(r->buf))
				return FAIL("run buffer full");
			avtp_enc_start(e, r->buf + pos);
			continue;
		}
		if (ret)
			return FAIL("item %zu refused: %d", i, ret);
		i++;
	}
	return close_pdu(e, r, pos);
}

void expect_can(const struct item *it, struct avtp_frame *want)
{
	canid_t id = it->cf.can_id;

	memset(want, 0, sizeof(*want));
	want->fd = it->fd;
	want->mtv = true;
	want->tstamp_ns = it->ts;
	want->bus_id = it->bus;
	want->cf.can_id = id & (CAN_EFF_FLAG | CAN_RTR_FLAG |
				(id & CAN_EFF_FLAG ? CAN_EFF_MASK : CAN_SFF_MASK));
	want->cf.len = it->cf.len;
	if (id & CAN_RTR_FLAG)
		return;		/* zero bytes: the DLC alone */
	memcpy(want->cf.data, it->cf.data, it->cf.len);
	if (it->fd)
		want->cf.flags = CANFD_FDF | (it->cf.flags & (CANFD_BRS | CANFD_ESI));
}

bool same_xl(const struct canxl_frame *got, const struct canxl_frame *sent)
{
	uint32_t prio = sent->prio & (CANXL_PRIO_MASK | AVTP_CANXL_VCID_MASK);
	uint8_t flags = CANXL_XLF | (sent->flags & (CANXL_SEC | AVTP_CANXL_RRS));

	return got->prio == prio && got->flags == flags && got->sdt == sent->sdt &&
	       got->af == sent->af && got->len == sent->len &&
	       !memcmp(got->data, sent->data, sent->len);
}

void sink_init(struct sink *s, const struct item *want, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->want = want;
	s->n_want = n;
	s->bus_id = -1;
}

static bool matches(struct sink *s, const struct item *it, enum avtp_msg m,
		    const struct avtp_frame *fr)
{
	struct avtp_frame want;

	if (it->xl)
		return m == AVTP_MSG_XL && same_xl(&s->xl.xf, it->xf) &&
		       s->xl.mtv && s->xl.tstamp_ns == it->ts;
	expect_can(it, &want);
	return m == AVTP_MSG_CAN && !memcmp(&want, fr, sizeof(want));
}

static void sink_frame(struct sink *s, enum avtp_msg m, const struct avtp_frame *fr)
{
	while (s->next < s->n_want) {
		const struct item *it = &s->want[s->next++];

		if (s->bus_id >= 0 && (unsigned int)s->bus_id != it->bus)
			continue;
		if (matches(s, it, m, fr))
			return;
		if (!s->skip_lost)
			break;
	}
	if (!s->bad)
		diag("  frame %zu came back different or unexpected", s->next);
	s->bad = true;
}

enum avtp_drop sink_pdu(struct sink *s, const void *pdu, size_t len, bool udp)
{
	struct avtp_frame fr;
	enum avtp_drop drop, pdrop;
	struct avtp_pdu p;
	enum avtp_msg m;

	pdrop = avtp_parse(&p, pdu, len, udp);
	if (pdrop) {
		s->drops[pdrop]++;
		return pdrop;
	}
	while ((m = avtp_next(&p, s->bus_id, &fr, &s->xl, &drop)) != AVTP_MSG_END) {
		if (m == AVTP_MSG_DROP)
			s->drops[drop]++;
		else if (m == AVTP_MSG_XL_PART)
			s->parts++;
		else
			sink_frame(s, m, &fr);
	}
	return AVTP_DROP_NONE;
}
