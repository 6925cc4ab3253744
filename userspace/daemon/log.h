/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging to stderr (the journal under systemd), with a rate limit for
 * messages that the network can provoke at will.
 */
#ifndef VCANMCD_LOG_H
#define VCANMCD_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level { LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

extern int log_verbosity;

void log_init(int verbosity);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)	log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/* At most one message per interval; the ones held back are counted. */
struct ratelimit {
	int64_t last_ms;
	uint64_t missed;
};

/* True when a message may go out now; *@missed tells how many did not. */
bool ratelimit_ok(struct ratelimit *rl, uint64_t *missed);

#endif /* VCANMCD_LOG_H */
