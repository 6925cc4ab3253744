// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the python-can wire codec; TAP output.
 *
 * Usage: test_pycan VECTORS [GENERATOR]
 *
 * VECTORS is the committed vectors.txt. GENERATOR (gen_vectors.py) is run
 * with $PYCAN_PYTHON (default /usr/bin/python3) when that python has
 * python-can and msgpack, and its vectors are checked as well: that is
 * the codec against the python-can installed here, not the one the
 * committed file came from. Without them those tests are skipped.
 *
 * Link with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc and a static
 * libmsgpackc, so that the steady-state test sees every allocation.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <msgpack.h>

#include "codec_tap.h"
#include "pycan.h"
#include "vectors.h"

static struct pycan_decoder *dec;
static struct vec vec;	/* big: keep it off the stack */

/* -- allocation counting ------------------------------------------------ */

static unsigned long allocs;

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

void *__wrap_malloc(size_t size)
{
	allocs++;
	return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	allocs++;
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	allocs++;
	return __real_realloc(p, size);
}

/* -- helpers --------------------------------------------------------------- */

static bool same_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return !memcmp(&a, &b, sizeof(a));
}

static void hexdump(const char *what, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	printf("#   %s (%zu):", what, n);
	for (i = 0; i < n && i < 80; i++)
		printf("%02x", b[i]);
	printf("%s\n", i < n ? "..." : "");
}

/* @cf equals the first @len bytes of @raw, and is zero beyond. */
static bool frame_is(const struct canfd_frame *cf, const unsigned char *raw, size_t len)
{
	const unsigned char *b = (const unsigned char *)cf;
	size_t i;

	if (memcmp(b, raw, len))
		return false;
	for (i = len; i < sizeof(*cf); i++)
		if (b[i])
			return false;
	return true;
}

/*
 * Encode a decoded frame and decode that again: the same frame, fd flag
 * and timestamp must come back.
 */
static bool roundtrip_stable(const struct canfd_frame *cf, bool fd, double ts)
{
	unsigned char buf[PYCAN_ENC_MAX];
	struct canfd_frame cf2;
	double ts2;
	bool fd2;
	int n;

	n = pycan_encode(buf, sizeof(buf), cf, fd, ts);
	if (n < 0) {
		diag("  re-encode failed: %d", n);
		return false;
	}
	if (pycan_decode(dec, buf, (size_t)n, &cf2, &fd2, &ts2) != PYCAN_DROP_NONE) {
		diag("  re-decode refused");
		return false;
	}
	if (fd2 != fd || memcmp(cf, &cf2, sizeof(cf2)) || !same_double(ts, ts2)) {
		diag("  re-decode differs");
		return false;
	}
	return true;
}

/* -- one vector ------------------------------------------------------------- */

static bool test_encode(const struct vec *v)
{
	unsigned char buf[PYCAN_ENC_MAX];
	struct canfd_frame cf;
	bool fd = v->raw_len == CANFD_MTU;
	bool ok = true;
	int n;

	memset(&cf, 0, sizeof(cf));
	memcpy(&cf, v->raw, v->raw_len);
	n = pycan_encode(buf, sizeof(buf), &cf, fd, v->ts);

	if (v->wire_none) {
		if (n != -EINVAL)
			diag("  want -EINVAL, got %d", n);
		return n == -EINVAL;
	}
	if (n < 0 || (size_t)n != v->wire_len || memcmp(buf, v->wire, v->wire_len)) {
		hexdump("want", v->wire, v->wire_len);
		if (n >= 0)
			hexdump("got ", buf, (size_t)n);
		else
			diag("  got error %d", n);
		return false;
	}
	if (pycan_encode(buf, (size_t)n - 1, &cf, fd, v->ts) != -ENOSPC) {
		diag("  one byte short of room is not -ENOSPC");
		ok = false;
	}
	if (v->has_sec) {
		struct timespec t = { .tv_sec = v->sec, .tv_nsec = v->nsec };
		double ts = pycan_tstamp(&t);

		if (!same_double(ts, v->ts)) {
			diag("  pycan_tstamp(%lld, %lld) = %a, python-can says %a", v->sec, v->nsec,
			     ts, v->ts);
			ok = false;
		}
	}
	return ok;
}

static bool test_decode(const struct vec *v)
{
	struct canfd_frame cf;
	enum pycan_drop drop;
	double ts;
	bool fd;

	drop = pycan_decode(dec, v->wire, v->wire_len, &cf, &fd, &ts);
	if (drop) {
		diag("  refused: %s", pycan_drop_name(drop));
		return false;
	}
	if (fd != (v->raw_len == CANFD_MTU) || !frame_is(&cf, v->raw, v->raw_len)) {
		hexdump("want", v->raw, v->raw_len);
		hexdump("got ", &cf, fd ? CANFD_MTU : CAN_MTU);
		return false;
	}
	if (!same_double(ts, v->ts)) {
		diag("  timestamp %a, want %a", ts, v->ts);
		return false;
	}
	/* the caller may not want the timestamp */
	if (pycan_decode(dec, v->wire, v->wire_len, &cf, &fd, NULL))
		return false;
	return roundtrip_stable(&cf, fd, ts);
}

static bool test_drop(const struct vec *v)
{
	struct canfd_frame cf;
	enum pycan_drop drop;
	bool fd;

	drop = pycan_decode(dec, v->wire, v->wire_len, &cf, &fd, NULL);
	if (strcmp(pycan_drop_name(drop), v->reason)) {
		diag("  got %s", pycan_drop_name(drop));
		return false;
	}
	return true;
}

static unsigned int count_vectors(const struct vec_file *vf)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < vf->n; i++)
		n += vf->lines[i][0] == 'E' || vf->lines[i][0] == 'D' || vf->lines[i][0] == 'X';
	return n;
}

static void run_vectors(const struct vec_file *vf, const char *src)
{
	char err[128];
	size_t i;
	bool ok;

	for (i = 0; i < vf->n; i++) {
		int r = vec_parse(vf->lines[i], &vec, err, sizeof(err));

		if (r < 0) {
			tap(false, "%s line %zu parses: %s", src, i + 1, err);
			continue;
		}
		if (!r)
			continue;
		switch (vec.kind) {
		case 'V':
			diag("%s: %s", src, vec.line + 2);
			break;
		case 'E':
			ok = test_encode(&vec);
			tap(ok, "%s: encode %s%s", src, vec.name,
			    vec.wire_none ? " is refused" : "");
			break;
		case 'D':
			ok = test_decode(&vec);
			tap(ok, "%s: decode %s", src, vec.name);
			break;
		case 'X':
			ok = test_drop(&vec);
			tap(ok, "%s: drop %s as %s%s", src, vec.name, vec.reason,
			    vec.bus_ok ? " (python-can accepts it: deliberate)" : "");
			break;
		}
	}
}

/* -- batches ---------------------------------------------------------------- */

/* Reasons a message is refused for although its extent is known: in a batch
 * the messages after it are still read.
 */
static bool reason_keeps_going(const char *reason)
{
	return !strcmp(reason, "unknown-key") || !strcmp(reason, "wrong-type") ||
	       !strcmp(reason, "dlc-mismatch") || !strcmp(reason, "bad-id") ||
	       !strcmp(reason, "bad-flags");
}

/* The next vector of @kind from line *@i on, parsed into @v. */
static bool next_vec(const struct vec_file *vf, size_t *i, char kind, struct vec *v)
{
	char err[128];

	for (; *i < vf->n; (*i)++)
		if (vf->lines[*i][0] == kind && vec_parse(vf->lines[*i], v, err, sizeof(err)) == 1) {
			(*i)++;
			return true;
		}
	return false;
}

static struct vec vec2, vec3;

/* The keys pack_message() writes, in its order */
static const char *const sent_keys[] = {
	"timestamp", "arbitration_id", "is_extended_id", "is_remote_frame", "is_error_frame",
	"channel", "dlc", "data", "is_fd", "bitrate_switch", "error_state_indicator",
};

#define SENT_KEYS (sizeof(sent_keys) / sizeof(sent_keys[0]))

/* Does the map in @wire carry every key pack_message() writes? Read with
 * msgpack-c alone, independently of the decoder.
 */
static bool has_sent_keys(const unsigned char *wire, size_t len)
{
	msgpack_unpacked u;
	unsigned int k, found = 0;
	uint32_t i;

	msgpack_unpacked_init(&u);
	if (msgpack_unpack_next(&u, (const char *)wire, len, NULL) != MSGPACK_UNPACK_SUCCESS ||
	    u.data.type != MSGPACK_OBJECT_MAP) {
		msgpack_unpacked_destroy(&u);
		return false;
	}
	for (k = 0; k < SENT_KEYS; k++) {
		for (i = 0; i < u.data.via.map.size; i++) {
			const msgpack_object *key = &u.data.via.map.ptr[i].key;

			if (key->type == MSGPACK_OBJECT_STR &&
			    key->via.str.size == strlen(sent_keys[k]) &&
			    !memcmp(key->via.str.ptr, sent_keys[k], key->via.str.size)) {
				found++;
				break;
			}
		}
	}
	msgpack_unpacked_destroy(&u);
	return found == SENT_KEYS;
}

/* The smallest batch message: every key, each with its shortest value. */
static size_t pack_min_msg(unsigned char *buf, size_t size)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	unsigned int k;
	size_t len;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, SENT_KEYS);
	for (k = 0; k < SENT_KEYS; k++) {
		msgpack_pack_str(&pk, strlen(sent_keys[k]));
		msgpack_pack_str_body(&pk, sent_keys[k], strlen(sent_keys[k]));
		if (!strcmp(sent_keys[k], "data"))
			msgpack_pack_nil(&pk);	/* python-can takes it: batch-min */
		else if (!strcmp(sent_keys[k], "arbitration_id") || !strcmp(sent_keys[k], "dlc"))
			msgpack_pack_uint8(&pk, 0);
		else if (!strcmp(sent_keys[k], "timestamp") || !strcmp(sent_keys[k], "channel"))
			msgpack_pack_nil(&pk);
		else
			msgpack_pack_false(&pk);
	}
	len = sb.size < size ? sb.size : 0;
	memcpy(buf, sb.data, len);
	msgpack_sbuffer_destroy(&sb);
	return len;
}

/* What one batch datagram may carry is bounded: its length, keys, frames. */
static void test_batch_bounds(const struct vec_file *vf)
{
	static unsigned char batch[PYCAN_BATCH_MAX + 256];
	size_t len, one, off, i = 0, n, missing = 0, wrong = 0, shortest = SIZE_MAX;
	struct canfd_frame cf;
	bool fd, ok = true;

	one = pack_min_msg(batch, sizeof(batch));
	tap(one == PYCAN_BATCH_MSG_MIN, "the smallest batch message has PYCAN_BATCH_MSG_MIN bytes (%zu)",
	    one);
	for (len = one; len + one <= sizeof(batch); len += one)
		memcpy(batch + len, batch, one);
	/* As many as fit in PYCAN_BATCH_MAX all decode, */
	n = PYCAN_BATCH_MAX / one;
	for (off = 0, i = 0; off < n * one; i++)
		ok &= !pycan_decode_next(dec, batch, n * one, &off, &cf, &fd, NULL);
	tap(ok && i == n && n == PYCAN_BATCH_FRAMES_MAX,
	    "a batch of PYCAN_BATCH_MAX bytes holds at most PYCAN_BATCH_FRAMES_MAX (%zu) frames", n);
	/* one byte more is oversize. */
	off = 0;
	tap(pycan_decode_next(dec, batch, PYCAN_BATCH_MAX + 1, &off, &cf, &fd, NULL) ==
	    PYCAN_DROP_OVERSIZE && off == PYCAN_BATCH_MAX + 1,
	    "a batch datagram longer than PYCAN_BATCH_MAX is oversize");

	/* A message python-can would take is refused in a batch exactly when
	 * it lacks a key that pack_message() writes.
	 */
	for (i = 0; next_vec(vf, &i, 'D', &vec);) {
		off = 0;
		if (vec.wire_len > PYCAN_BATCH_MAX)
			continue;
		if (has_sent_keys(vec.wire, vec.wire_len)) {
			wrong += pycan_decode_next(dec, vec.wire, vec.wire_len, &off, &cf, &fd,
						   NULL) != PYCAN_DROP_NONE;
			if (vec.wire_len < shortest)
				shortest = vec.wire_len;
		} else {
			missing++;
			wrong += pycan_decode_next(dec, vec.wire, vec.wire_len, &off, &cf, &fd,
						   NULL) != PYCAN_DROP_MISSING_KEY;
		}
	}
	tap(!wrong && missing, "batch messages need every key (%zu without one refused)", missing);
	tap(shortest == PYCAN_BATCH_MSG_MIN,
	    "the shortest message python-can takes with every key has PYCAN_BATCH_MSG_MIN bytes (%zu)",
	    shortest);
}

static void test_batches(const struct vec_file *vf)
{
	static unsigned char batch[PYCAN_BATCH_MAX + PYCAN_ENC_MAX];
	static struct canfd_frame want[64];
	static bool want_fd[64];
	struct canfd_frame cf;
	size_t i = 0, len, off, n, got, prefix, cut;
	bool fd, ok = true, ok_mid = true, ok_prefix = true, have2;
	unsigned int batches = 0, mids = 0;
	enum pycan_drop drop;

	/* Every accepted vector, packed into batches, comes back in order. */
	while (ok) {
		for (len = 0, n = 0; n < 64 && len < PYCAN_BATCH_MAX - PYCAN_ENC_MAX; n++) {
			if (!next_vec(vf, &i, 'D', &vec) || vec.wire_len > PYCAN_ENC_MAX)
				break;
			if (!has_sent_keys(vec.wire, vec.wire_len)) {
				n--;
				continue;
			}
			memcpy(batch + len, vec.wire, vec.wire_len);
			len += vec.wire_len;
			memcpy(&want[n], vec.raw, vec.raw_len);
			want_fd[n] = vec.raw_len == CANFD_MTU;
		}
		if (!n)
			break;
		for (off = 0, got = 0; off < len; got++) {
			drop = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
			if (drop || got >= n || fd != want_fd[got] ||
			    !frame_is(&cf, (unsigned char *)&want[got], fd ? CANFD_MTU : CAN_MTU)) {
				diag("  batch %u, message %zu: %s", batches, got, pycan_drop_name(drop));
				ok = false;
				break;
			}
		}
		ok = ok && got == n;
		batches++;
	}
	tap(ok && batches, "a batch of messages decodes to their frames, in order (%u batches)",
	    batches);

	/* A refused message in the middle: the next one is still read when
	 * the refused one's end is known, else the rest is dropped.
	 */
	i = 0;
	while ((have2 = next_vec(vf, &i, 'D', &vec2)) && !has_sent_keys(vec2.wire, vec2.wire_len))
		;
	if (have2) {
		size_t j = 0;

		while (next_vec(vf, &j, 'X', &vec3)) {
			if (vec3.wire_len > PYCAN_ENC_MAX || !reason_keeps_going(vec3.reason) ||
			    !has_sent_keys(vec3.wire, vec3.wire_len))
				continue;
			len = 0;
			memcpy(batch, vec2.wire, vec2.wire_len);
			len += vec2.wire_len;
			memcpy(batch + len, vec3.wire, vec3.wire_len);
			len += vec3.wire_len;
			memcpy(batch + len, vec2.wire, vec2.wire_len);
			len += vec2.wire_len;
			off = 0;
			ok_mid &= !pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
			drop = pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
			if (strcmp(pycan_drop_name(drop), vec3.reason)) {
				diag("  %s in a batch: %s", vec3.name, pycan_drop_name(drop));
				ok_mid = false;
			}
			ok_mid &= !pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
			ok_mid &= off == len;
			mids++;
		}
		/* Broken msgpack in the middle ends the batch. */
		len = vec2.wire_len;
		memcpy(batch, vec2.wire, len);
		batch[len++] = 0xc1;
		memcpy(batch + len, vec2.wire, vec2.wire_len);
		len += vec2.wire_len;
		off = 0;
		ok_mid &= !pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL);
		ok_mid &= pycan_decode_next(dec, batch, len, &off, &cf, &fd, NULL) ==
			  PYCAN_DROP_FOREIGN && off == len;
	}
	tap(ok_mid && mids, "a refused message in a batch costs only itself when its end is known (%u)",
	    mids);

	/* Every prefix of a two-message batch: the loop ends, and gives at
	 * most the messages that are whole.
	 */
	len = vec2.wire_len;
	memcpy(batch, vec2.wire, len);
	memcpy(batch + len, vec2.wire, vec2.wire_len);
	len += vec2.wire_len;
	for (prefix = 0; prefix <= len; prefix++) {
		unsigned int steps = 0;

		for (off = 0, got = 0; off < prefix && steps < 8; steps++)
			got += !pycan_decode_next(dec, batch, prefix, &off, &cf, &fd, NULL);
		cut = prefix / vec2.wire_len;
		if (steps >= 8 || got != cut) {
			diag("  prefix %zu: %zu messages, want %zu", prefix, got, cut);
			ok_prefix = false;
		}
	}
	tap(ok_prefix, "every prefix of a batch yields exactly its whole messages");
}

/* -- properties ------------------------------------------------------------- */

static void test_drop_names(void)
{
	static const char *const want[PYCAN_DROP_CNT] = {
		"none", "truncated", "foreign", "malformed", "oversize", "unknown-key",
		"wrong-type", "dlc-mismatch", "bad-id", "bad-flags", "missing-key",
		"xl-version", "bus-version",
	};
	bool ok = true;
	int i;

	for (i = 0; i < PYCAN_DROP_CNT; i++)
		if (strcmp(pycan_drop_name(i), want[i])) {
			diag("  reason %d is %s, want %s", i, pycan_drop_name(i), want[i]);
			ok = false;
		}
	ok &= !strcmp(pycan_drop_name(PYCAN_DROP_CNT), "unknown");
	ok &= !strcmp(pycan_drop_name((enum pycan_drop)-1), "unknown");
	tap(ok, "drop reasons have their stable names");
}

static void test_fd_len(void)
{
	static const unsigned char want[65] = {
		0, 1, 2, 3, 4, 5, 6, 7, 8,
		12, 12, 12, 12, 16, 16, 16, 16, 20, 20, 20, 20, 24, 24, 24, 24,
		32, 32, 32, 32, 32, 32, 32, 32,
		48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48,
		64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
	};
	bool ok = pycan_fd_len(65) == 64 && pycan_fd_len(255) == 64;
	unsigned int i;

	for (i = 0; i < 65; i++)
		ok &= pycan_fd_len(i) == want[i];
	tap(ok, "FD lengths round up to the next CAN FD length");
}

static void test_enc_max(void)
{
	unsigned char buf[PYCAN_ENC_MAX + 16];
	struct canfd_frame cf;
	bool ok = true;
	size_t size;
	int n;

	memset(&cf, 0xff, sizeof(cf));
	cf.can_id = CAN_EFF_FLAG | CAN_EFF_MASK;
	cf.len = CANFD_MAX_DLEN;
	n = pycan_encode(buf, sizeof(buf), &cf, true, 1e300);
	if (n != PYCAN_ENC_MAX) {
		diag("  worst case is %d bytes", n);
		ok = false;
	}
	for (size = 0; size < PYCAN_ENC_MAX; size++)
		ok &= pycan_encode(buf, size, &cf, true, 1e300) == -ENOSPC;
	tap(ok, "encode needs PYCAN_ENC_MAX bytes at most, less gives -ENOSPC");
}

static void test_reasons_covered(const struct vec_file *vf)
{
	bool seen[PYCAN_DROP_CNT] = { false };
	bool ok = true;
	char err[128];
	size_t i;
	int d;

	for (i = 0; i < vf->n; i++) {
		if (vec_parse(vf->lines[i], &vec, err, sizeof(err)) <= 0 || vec.kind != 'X')
			continue;
		for (d = 0; d < PYCAN_DROP_CNT; d++)
			if (!strcmp(vec.reason, pycan_drop_name(d)))
				seen[d] = true;
	}
	for (d = PYCAN_DROP_TRUNCATED; d < PYCAN_DROP_CNT; d++) {
		/* batches only: test_batch_bounds(), test_pycan_xl, _bus */
		if (seen[d] || d == PYCAN_DROP_MISSING_KEY || d == PYCAN_DROP_XL_VERSION ||
		    d == PYCAN_DROP_BUS_VERSION)
			continue;
		diag("  no vector for %s", pycan_drop_name(d));
		ok = false;
	}
	tap(ok, "every drop reason has a vector");
}

static void test_prefixes(const struct vec_file *vf)
{
	unsigned long tried = 0, bad = 0;
	struct canfd_frame cf;
	char err[128];
	size_t i, len;
	bool fd;

	for (i = 0; i < vf->n; i++) {
		if (vec_parse(vf->lines[i], &vec, err, sizeof(err)) <= 0 || vec.kind != 'D')
			continue;
		for (len = 0; len < vec.wire_len; len++, tried++) {
			enum pycan_drop drop = pycan_decode(dec, vec.wire, len, &cf, &fd, NULL);

			if (drop == PYCAN_DROP_TRUNCATED)
				continue;
			if (!bad++)
				diag("  %s cut to %zu: %s", vec.name, len, pycan_drop_name(drop));
		}
	}
	tap(!bad && tried, "every strict prefix of a valid datagram is truncated (%lu)", tried);
}

/*
 * Each byte of each valid datagram replaced by a few values: decode must
 * stay in bounds (valgrind, sanitizers), and whatever it accepts must
 * survive re-encoding.
 */
static void test_mutations(const struct vec_file *vf)
{
	static const unsigned char with[] = { 0x00, 0x01, 0x7f, 0x80, 0xc0, 0xc1, 0xc3,
					      0xcf, 0xd9, 0xdd, 0xdf, 0xff };
	unsigned long tried = 0, accepted = 0, bad = 0;
	struct canfd_frame cf;
	char err[128];
	size_t i, pos, w;
	double ts;
	bool fd;

	for (i = 0; i < vf->n; i++) {
		if (vec_parse(vf->lines[i], &vec, err, sizeof(err)) <= 0 || vec.kind != 'D' ||
		    vec.wire_len > 512)
			continue;
		for (pos = 0; pos < vec.wire_len; pos++) {
			unsigned char keep = vec.wire[pos];

			for (w = 0; w < sizeof(with) + 2; w++, tried++) {
				if (w < sizeof(with))
					vec.wire[pos] = with[w];
				else
					vec.wire[pos] = keep ^ (w == sizeof(with) ? 0x01 : 0x10);
				if (pycan_decode(dec, vec.wire, vec.wire_len, &cf, &fd, &ts))
					continue;
				accepted++;
				if (!roundtrip_stable(&cf, fd, ts) && !bad++)
					diag("  %s byte %zu = %#x", vec.name, pos, vec.wire[pos]);
			}
			vec.wire[pos] = keep;
		}
	}
	tap(!bad, "%lu mutated datagrams, %lu accepted, all re-encode stably", tried, accepted);
}

static void test_no_alloc(const struct vec_file *vf)
{
	unsigned char buf[PYCAN_ENC_MAX];
	unsigned long before, n = 0, seen;
	struct pycan_decoder *other;
	struct canfd_frame cf;
	char err[128];
	size_t i;
	double ts;
	int round;
	bool fd;

	/* The counter must see msgpack-c's allocations, or this proves
	 * nothing: the zone's chunk is one of them.
	 */
	before = allocs;
	other = pycan_decoder_new();
	seen = allocs - before;
	pycan_decoder_free(other);
	pycan_decoder_free(NULL);
	if (seen < 2)
		diag("  pycan_decoder_new() made %lu allocations, want 2 at least", seen);

	/* parse first: the vector reader itself is no concern here */
	for (round = 0; round < 2; round++) {
		for (i = 0; i < vf->n; i++) {
			if (vec_parse(vf->lines[i], &vec, err, sizeof(err)) <= 0)
				continue;
			before = allocs;
			if (vec.kind == 'D' || vec.kind == 'X') {
				if (!pycan_decode(dec, vec.wire, vec.wire_len, &cf, &fd, &ts))
					pycan_encode(buf, sizeof(buf), &cf, fd, ts);
			} else if (vec.kind == 'E') {
				memset(&cf, 0, sizeof(cf));
				memcpy(&cf, vec.raw, vec.raw_len);
				fd = vec.raw_len == CANFD_MTU;
				pycan_encode(buf, sizeof(buf), &cf, fd, vec.ts);
			}
			n += allocs - before;
		}
	}
	tap(!n && seen >= 2, "encode and decode allocate nothing after pycan_decoder_new() (%lu)",
	    n);
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	/* xorshift64*: a fixed sequence, so a failure repeats */
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545f4914f6cdd1dull;
}

/*
 * The frame a python-can peer hands back for @in: python-can's socketcan
 * reading (ID masked by EFF, flags of classic frames ignored, no payload
 * for RTR), then build_can_frame() on a CAN FD bus (length rounded up,
 * CANFD_FDF set).
 */
static void python_can_view(const struct canfd_frame *in, bool fd, struct canfd_frame *out)
{
	bool eff = in->can_id & CAN_EFF_FLAG;

	memset(out, 0, sizeof(*out));
	out->can_id = in->can_id & (eff ? CAN_EFF_MASK : CAN_SFF_MASK);
	out->can_id |= in->can_id & (CAN_EFF_FLAG | CAN_RTR_FLAG | CAN_ERR_FLAG);
	out->len = in->len;
	if (fd) {
		out->len = (__u8)pycan_fd_len(in->len);
		out->flags = CANFD_FDF | (in->flags & (CANFD_BRS | CANFD_ESI));
	}
	if (!(in->can_id & CAN_RTR_FLAG))
		memcpy(out->data, in->data, in->len);
}

static void test_random_frames(void)
{
	unsigned long n, refused = 0, bad = 0;
	unsigned char buf[PYCAN_ENC_MAX];
	struct canfd_frame in, want, got;
	uint64_t r, bits;
	double ts, ts2;
	bool fd, fd2, invalid;
	int len;
	size_t i;

	for (n = 0; n < 200000; n++) {
		for (i = 0; i < sizeof(in); i += 8) {
			r = rnd();
			memcpy((unsigned char *)&in + i, &r, 8);
		}
		r = rnd();
		fd = r & 1;
		/* mostly valid lengths, some not */
		in.len = (r >> 8) % 16 ? (__u8)((r >> 16) % (fd ? 65 : 9)) : (__u8)(r >> 24);
		/* RTR rarely, as it refuses most combinations */
		if ((r >> 32) % 4)
			in.can_id &= ~CAN_RTR_FLAG;
		bits = rnd();
		memcpy(&ts, &bits, sizeof(ts));

		invalid = in.len > (fd ? CANFD_MAX_DLEN : CAN_MAX_DLEN) ||
			  ((in.can_id & CAN_RTR_FLAG) && (fd || (in.can_id & CAN_ERR_FLAG)));
		len = pycan_encode(buf, sizeof(buf), &in, fd, ts);
		if (invalid) {
			refused++;
			if (len != -EINVAL && !bad++)
				diag("  frame %lu: want -EINVAL, got %d", n, len);
			continue;
		}
		python_can_view(&in, fd, &want);
		if (len < 0 || pycan_decode(dec, buf, (size_t)len, &got, &fd2, &ts2) ||
		    fd2 != fd || memcmp(&got, &want, sizeof(got)) || !same_double(ts, ts2)) {
			if (!bad++) {
				diag("  frame %lu differs", n);
				hexdump("sent", &in, sizeof(in));
				hexdump("want", &want, sizeof(want));
				hexdump("got ", &got, sizeof(got));
			}
		}
	}
	tap(!bad, "%lu random frames (%lu invalid) come back as python-can sees them", n,
	    refused);
}

/* -- live generator ---------------------------------------------------------- */

static bool have_python(const char *py)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "'%s' -c 'import can, msgpack' >/dev/null 2>&1", py);
	return system(cmd) == 0;
}

static int run_generator(const char *py, const char *gen, struct vec_file *vf)
{
	char cmd[1024];
	FILE *f;
	int r, st;

	snprintf(cmd, sizeof(cmd), "'%s' '%s'", py, gen);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	r = vec_file_read(vf, f);
	st = pclose(f);
	if (r || st == -1 || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return 0;
}

static bool same_lines(const struct vec_file *a, const struct vec_file *b)
{
	size_t i;

	if (a->n != b->n) {
		diag("  %zu lines committed, %zu live", a->n, b->n);
		return false;
	}
	for (i = 0; i < a->n; i++)
		if (strcmp(a->lines[i], b->lines[i])) {
			diag("  first difference at line %zu", i + 1);
			return false;
		}
	return true;
}

static const char *version_line(const struct vec_file *vf)
{
	size_t i;

	for (i = 0; i < vf->n; i++)
		if (vf->lines[i][0] == 'V')
			return vf->lines[i];
	return "";
}

#define UNIT_TESTS	16

int main(int argc, char **argv)
{
	struct vec_file committed, live = { NULL, 0 };
	const char *py = getenv("PYCAN_PYTHON");
	const char *skip = NULL;
	unsigned int plan;
	FILE *f;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s VECTORS [GENERATOR]\n", argv[0]);
		return 1;
	}
	if (!py || !*py)
		py = "/usr/bin/python3";

	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	if (vec_file_read(&committed, f)) {
		perror(argv[1]);
		return 1;
	}
	fclose(f);

	if (argc < 3)
		skip = "no generator given";
	else if (!have_python(py))
		skip = "python-can and msgpack not importable by $PYCAN_PYTHON";
	else if (run_generator(py, argv[2], &live))
		vec_file_free(&live);	/* reported as a failure below */

	dec = pycan_decoder_new();
	if (!dec) {
		perror("pycan_decoder_new");
		return 1;
	}

	plan = UNIT_TESTS + count_vectors(&committed) + 1;
	if (!skip && live.n)
		plan += count_vectors(&live);
	printf("TAP version 13\n1..%u\n", plan);

	test_drop_names();
	test_fd_len();
	test_enc_max();
	test_reasons_covered(&committed);
	test_prefixes(&committed);
	test_mutations(&committed);
	test_no_alloc(&committed);
	test_random_frames();
	test_batches(&committed);
	test_batch_bounds(&committed);

	run_vectors(&committed, "vectors.txt");

	if (skip) {
		tap_skip("live python-can vectors", skip);
	} else if (!live.n) {
		tap(false, "live generator %s runs", argv[2]);
	} else {
		if (strcmp(version_line(&committed), version_line(&live)))
			tap_skip("vectors.txt is what gen_vectors.py prints now",
				 "python-can or msgpack version differs");
		else
			tap(same_lines(&committed, &live),
			    "vectors.txt is what gen_vectors.py prints now");
		run_vectors(&live, "live");
	}

	pycan_decoder_free(dec);
	vec_file_free(&committed);
	vec_file_free(&live);
	if (tap_num != plan)
		printf("# planned %u tests, ran %u\n", plan, tap_num);
	return tap_failed || tap_num != plan ? 1 : 0;
}
