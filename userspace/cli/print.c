// SPDX-License-Identifier: GPL-2.0
/*
 * Text or JSON output from the same print_*() calls.
 */
#include <stdint.h>

#include "print.h"

void print_init(struct printer *p, FILE *f, bool json, bool pretty)
{
	p->f = f;
	p->json = json;
	p->pretty = json && pretty;
	p->depth = 0;
	p->empty[0] = true;
}

void print_end(struct printer *p)
{
	if (p->json)
		fputc('\n', p->f);
}

static void indent(struct printer *p)
{
	int i;

	if (!p->pretty)
		return;
	fputc('\n', p->f);
	for (i = 0; i < p->depth; i++)
		fputs("    ", p->f);
}

/* Length of the valid UTF-8 sequence at s, 0 if it is not one */
static int utf8_len(const unsigned char *s)
{
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, surrogates and values above U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

/* Interface names are bytes: anything that is not valid UTF-8 becomes
 * U+FFFD, so that the document stays valid JSON.
 */
static void put_json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int n;

	fputc('"', f);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20) {
				fprintf(f, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s, 1, (size_t)n, f);
			s += n - 1;
		}
		s++;
	}
	fputc('"', f);
}

/* Separator, indentation and key before a JSON value */
static void json_key(struct printer *p, const char *key)
{
	if (!p->empty[p->depth])
		fputc(',', p->f);
	p->empty[p->depth] = false;
	if (p->depth)
		indent(p);
	if (key) {
		put_json_string(p->f, key);
		fputs(p->pretty ? ": " : ":", p->f);
	}
}

static void open_container(struct printer *p, const char *key, char c)
{
	if (!p->json)
		return;
	json_key(p, key);
	fputc(c, p->f);
	if (p->depth + 1 < PRINT_MAX_DEPTH)
		p->depth++;
	p->empty[p->depth] = true;
}

static void close_container(struct printer *p, char c)
{
	bool empty;

	if (!p->json)
		return;
	empty = p->empty[p->depth];
	if (p->depth)
		p->depth--;
	if (!empty)
		indent(p);
	fputc(c, p->f);
}

void print_open_array(struct printer *p, const char *key)
{
	open_container(p, key, '[');
}

void print_close_array(struct printer *p)
{
	close_container(p, ']');
}

void print_open_object(struct printer *p, const char *key)
{
	open_container(p, key, '{');
}

void print_close_object(struct printer *p)
{
	close_container(p, '}');
}

void print_string(struct printer *p, const char *key, const char *fmt,
		  const char *value)
{
	if (!p->json) {
		if (fmt)
			fprintf(p->f, fmt, value ? value : "");
		return;
	}
	if (!key)
		return;
	json_key(p, key);
	if (value)
		put_json_string(p->f, value);
	else
		fputs("null", p->f);
}

void print_element(struct printer *p, const char *fmt, const char *value)
{
	if (!p->json) {
		fprintf(p->f, fmt, value);
		return;
	}
	json_key(p, NULL);
	put_json_string(p->f, value);
}

void print_uint(struct printer *p, const char *key, const char *fmt,
		unsigned long long value)
{
	if (!p->json) {
		if (fmt)
			fprintf(p->f, fmt, value);
		return;
	}
	if (!key)
		return;
	json_key(p, key);
	fprintf(p->f, "%llu", value);
}

void print_int(struct printer *p, const char *key, const char *fmt, long long value)
{
	if (!p->json) {
		if (fmt)
			fprintf(p->f, fmt, value);
		return;
	}
	if (!key)
		return;
	json_key(p, key);
	fprintf(p->f, "%lld", value);
}

void print_bool(struct printer *p, const char *key, const char *fmt, bool value)
{
	if (!p->json) {
		if (fmt)
			fprintf(p->f, fmt, value ? "yes" : "no");
		return;
	}
	if (!key)
		return;
	json_key(p, key);
	fputs(value ? "true" : "false", p->f);
}

void print_text(struct printer *p, const char *text)
{
	if (!p->json)
		fputs(text, p->f);
}
