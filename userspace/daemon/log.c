// SPDX-License-Identifier: GPL-2.0
/*
 * Logging; see log.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "loop.h"

#define RATELIMIT_MS 5000

int log_verbosity = LOG_LVL_INFO;
static bool to_journal;

static const char *const prefix[] = {
	[LOG_LVL_ERR] = "<3>",
	[LOG_LVL_WARN] = "<4>",
	[LOG_LVL_INFO] = "<6>",
	[LOG_LVL_DEBUG] = "<7>",
};

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if ((int)level > log_verbosity)
		return;
	/* The <N> prefix gives systemd's journal the priority. */
	if (to_journal)
		fputs(prefix[level], stderr);
	fputs("vcanmcd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void log_init(int verbosity)
{
	log_verbosity = verbosity;
	to_journal = getenv("JOURNAL_STREAM");
	setvbuf(stderr, NULL, _IOLBF, 0);
}

bool ratelimit_ok(struct ratelimit *rl, uint64_t *missed)
{
	int64_t now = now_ms();

	if (rl->last_ms && now - rl->last_ms < RATELIMIT_MS) {
		rl->missed++;
		return false;
	}
	rl->last_ms = now;
	*missed = rl->missed;
	rl->missed = 0;
	return true;
}
