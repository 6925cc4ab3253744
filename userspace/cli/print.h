/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output in text or JSON from the same calls, after iproute2's print_*():
 * each call names the JSON key and the text format of one value, and the
 * printer emits whichever form was asked for.
 */
#ifndef VCANMC_CLI_PRINT_H
#define VCANMC_CLI_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#define PRINT_MAX_DEPTH	8

struct printer {
	FILE *f;
	bool json;
	bool pretty;
	int depth;
	bool empty[PRINT_MAX_DEPTH];	/* no member yet at this depth */
};

void print_init(struct printer *p, FILE *f, bool json, bool pretty);
/* End of output: the newline after the JSON document */
void print_end(struct printer *p);

/* Containers exist only in JSON; key is NULL inside an array */
void print_open_array(struct printer *p, const char *key);
void print_close_array(struct printer *p);
void print_open_object(struct printer *p, const char *key);
void print_close_object(struct printer *p);

/* fmt is the text form with one conversion (%s, %llu), NULL for a value
 * that only JSON has. A NULL string is JSON null.
 */
void print_string(struct printer *p, const char *key, const char *fmt,
		  const char *value);
/* A string in an array: JSON the element, text @fmt with it */
void print_element(struct printer *p, const char *fmt, const char *value);
void print_uint(struct printer *p, const char *key, const char *fmt,
		unsigned long long value);
void print_int(struct printer *p, const char *key, const char *fmt, long long value);
/* fmt gets "yes" or "no"; JSON gets true or false */
void print_bool(struct printer *p, const char *key, const char *fmt, bool value);
/* Text only: separators, newlines */
void print_text(struct printer *p, const char *text);

#endif /* VCANMC_CLI_PRINT_H */
