// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "vectors.h"

int vec_file_read(struct vec_file *vf, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	vf->lines = NULL;
	vf->n = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		char **grown;

		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		grown = realloc(vf->lines, (vf->n + 1) * sizeof(*vf->lines));
		if (!grown)
			goto err;
		vf->lines = grown;
		vf->lines[vf->n] = strdup(line);
		if (!vf->lines[vf->n])
			goto err;
		vf->n++;
	}
	free(line);
	return ferror(f) ? -1 : 0;
err:
	free(line);
	vec_file_free(vf);
	return -1;
}

void vec_file_free(struct vec_file *vf)
{
	size_t i;

	for (i = 0; i < vf->n; i++)
		free(vf->lines[i]);
	free(vf->lines);
	vf->lines = NULL;
	vf->n = 0;
}

static int vec_hex(const char *s, size_t n, unsigned char *out, size_t max, size_t *len)
{
	size_t i;

	if (n == 1 && s[0] == '-') {
		*len = 0;
		return 0;
	}
	if (n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		char byte[3] = { s[2 * i], s[2 * i + 1], '\0' };
		char *end;

		out[i] = (unsigned char)strtoul(byte, &end, 16);
		if (*end)
			return -1;
	}
	*len = n / 2;
	return 0;
}

static bool vec_is(const char *tok, size_t n, const char *key, const char **val, size_t *vlen)
{
	size_t k = strlen(key);

	if (n <= k || strncmp(tok, key, k) || tok[k] != '=')
		return false;
	*val = tok + k + 1;
	*vlen = n - k - 1;
	return true;
}

static int vec_field(struct vec *v, const char *tok, size_t n)
{
	const char *val;
	size_t vlen;
	char buf[64];

	if (vec_is(tok, n, "raw", &val, &vlen))
		return vec_hex(val, vlen, v->raw, sizeof(v->raw), &v->raw_len);
	if (vec_is(tok, n, "wire", &val, &vlen)) {
		v->wire_none = vlen == 1 && val[0] == '-';
		return vec_hex(val, vlen, v->wire, sizeof(v->wire), &v->wire_len);
	}
	if (vec_is(tok, n, "reason", &val, &vlen)) {
		if (vlen >= sizeof(v->reason))
			return -1;
		memcpy(v->reason, val, vlen);
		v->reason[vlen] = '\0';
		return 0;
	}
	if (vec_is(tok, n, "check", &val, &vlen)) {
		v->check_ok = vlen == 2 && !strncmp(val, "ok", 2);
		return 0;
	}
	if (vec_is(tok, n, "bus", &val, &vlen)) {
		v->bus_ok = vlen == 2 && !strncmp(val, "ok", 2);
		return 0;
	}

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, tok, n);
	buf[n] = '\0';
	if (vec_is(buf, n, "sec", &val, &vlen)) {
		v->has_sec = strcmp(val, "-");
		v->sec = strtoll(val, NULL, 10);
		return 0;
	}
	if (vec_is(buf, n, "nsec", &val, &vlen)) {
		v->nsec = strtoll(val, NULL, 10);
		return 0;
	}
	if (vec_is(buf, n, "ts", &val, &vlen)) {
		char *end;

		v->ts = strtod(val, &end);
		return *end ? -1 : 0;
	}
	return -1;
}

int vec_parse(const char *line, struct vec *v, char *err, size_t errlen)
{
	const char *p = line, *tok;
	size_t n;

	if (!*line || *line == '#')
		return 0;

	memset(v, 0, offsetof(struct vec, wire));
	v->wire_len = 0;
	v->wire_none = false;
	v->reason[0] = '\0';
	v->check_ok = false;
	v->bus_ok = false;
	v->line = line;
	v->kind = line[0];
	if (!strchr("VEDX", v->kind) || line[1] != ' ') {
		snprintf(err, errlen, "unknown line kind");
		return -1;
	}
	if (v->kind == 'V')
		return 1;

	p = line + 2;
	n = strcspn(p, " ");
	if (!n || n >= sizeof(v->name)) {
		snprintf(err, errlen, "bad name");
		return -1;
	}
	memcpy(v->name, p, n);
	v->name[n] = '\0';
	p += n;

	while (*p == ' ') {
		tok = ++p;
		n = strcspn(p, " ");
		if (vec_field(v, tok, n)) {
			snprintf(err, errlen, "%s: bad field %.*s", v->name, (int)(n > 40 ? 40 : n),
				 tok);
			return -1;
		}
		p += n;
	}
	if (*p) {
		snprintf(err, errlen, "%s: trailing garbage", v->name);
		return -1;
	}
	if ((v->kind == 'E' || v->kind == 'D') &&
	    v->raw_len != CAN_MTU && v->raw_len != CANFD_MTU) {
		snprintf(err, errlen, "%s: raw is %zu bytes", v->name, v->raw_len);
		return -1;
	}
	return 1;
}
