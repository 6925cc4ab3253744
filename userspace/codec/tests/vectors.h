/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader of the vector lines gen_vectors.py prints; see its docstring for
 * the format.
 */
#ifndef VCANMC_PYCAN_VECTORS_H
#define VCANMC_PYCAN_VECTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/can.h>

#define VEC_WIRE_MAX	16384
#define VEC_NAME_MAX	96

struct vec {
	char kind;			/* 'V', 'E', 'D' or 'X' */
	char name[VEC_NAME_MAX];
	const char *line;		/* the whole line, for 'V' */
	unsigned char raw[CANFD_MTU];
	size_t raw_len;			/* CAN_MTU or CANFD_MTU */
	bool has_sec;
	long long sec, nsec;
	double ts;
	unsigned char wire[VEC_WIRE_MAX];
	size_t wire_len;
	bool wire_none;			/* "wire=-" on an E line: encode refuses */
	char reason[32];
	bool check_ok;			/* unpack_message(check=True) accepts */
	bool bus_ok;			/* python-can's bus accepts */
};

/* A file's lines, read whole. */
struct vec_file {
	char **lines;
	size_t n;
};

int vec_file_read(struct vec_file *vf, FILE *f);
void vec_file_free(struct vec_file *vf);

/*
 * Parse @line into @v. Return 1 for a vector, 0 for a comment or blank
 * line, -1 (with a message in @err) for a line that is neither.
 */
int vec_parse(const char *line, struct vec *v, char *err, size_t errlen);

#endif /* VCANMC_PYCAN_VECTORS_H */
