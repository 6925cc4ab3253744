/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP 13 producer for the host unit tests: cases are registered
 * first, so that the plan line can come before the results.
 */
#ifndef VCANMC_TESTS_TAP_H
#define VCANMC_TESTS_TAP_H

#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define TAP_PASS	0
#define TAP_FAIL	(-1)
#define TAP_SKIP	1

typedef int (*tap_fn)(const void *data);

/* name is copied; data is passed to fn as is */
void tap_add(tap_fn fn, const void *data, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Run every case; returns the number of failures */
int tap_run(void);
/* A "# ..." diagnostic line */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reason printed after "# SKIP" when a case returns TAP_SKIP */
void tap_skip_reason(const char *reason);
/* Runs @fn in a child process, for a case that changes the process (a
 * namespace, limits): exit status 0 passes, TAP_SKIP_EXIT skips with
 * @skip_reason, anything else fails.
 */
#define TAP_SKIP_EXIT	77
int tap_fork(int (*fn)(void), const char *skip_reason);

/* A UDP socket bound to 127.0.0.1 on a port the kernel picks, into
 * @port; -1 on failure
 */
int tap_udp_loopback(uint16_t *port);

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			tap_diag("%s:%d: failed: %s", __FILE__,	\
				 __LINE__, #cond);			\
			return TAP_FAIL;				\
		}							\
	} while (0)

#define CHECK_INT(got, want)						\
	do {								\
		long long _g = (got), _w = (want);			\
		if (_g != _w) {						\
			tap_diag("%s:%d: %s is %lld, want %lld",	\
				 __FILE__, __LINE__, #got, _g, _w);	\
			return TAP_FAIL;				\
		}							\
	} while (0)

#define CHECK_STR(got, want)						\
	do {								\
		const char *_g = (got), *_w = (want);			\
		if (!_g || !_w || strcmp(_g, _w)) {			\
			tap_diag("%s:%d: %s is \"%s\", want \"%s\"",	\
				 __FILE__, __LINE__, #got,		\
				 _g ? _g : "(null)",			\
				 _w ? _w : "(null)");			\
			return TAP_FAIL;				\
		}							\
	} while (0)

void test_args_register(void);
void test_help_register(void);
void test_link_register(void);
void test_nlreq_register(void);
void test_report_register(void);
void test_show_register(void);
void test_status_parse_register(void);
/* vcanmcd's */
void test_loop_register(void);
void test_normseq_register(void);
void test_own_register(void);
void test_fwd_tl_register(void);
void test_tlmsg_register(void);
void test_tlrel_register(void);
void test_tldigest_register(void);
void test_tlclock_register(void);
void test_tldelay_register(void);
void test_statsock_register(void);
void test_forward_register(void);
void test_norm_register(void);
void test_normguard_register(void);

#endif /* VCANMC_TESTS_TAP_H */
