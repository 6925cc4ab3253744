// SPDX-License-Identifier: GPL-2.0
/*
 * Write each datagram of a vector file (python-can's own, valid or not)
 * to a file of its own in DIR: the fuzzer's seed corpus.
 *
 * Usage: mkcorpus VECTORS DIR
 */
#include <stdio.h>
#include <string.h>

#include "vectors.h"

static struct vec vec;

int main(int argc, char **argv)
{
	struct vec_file vf;
	unsigned int written = 0;
	char path[4096], err[128];
	size_t i;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: %s VECTORS DIR\n", argv[0]);
		return 1;
	}
	f = fopen(argv[1], "r");
	if (!f || vec_file_read(&vf, f)) {
		perror(argv[1]);
		return 1;
	}
	fclose(f);

	for (i = 0; i < vf.n; i++) {
		int r = vec_parse(vf.lines[i], &vec, err, sizeof(err));
		FILE *out;

		if (r < 0) {
			fprintf(stderr, "%s:%zu: %s\n", argv[1], i + 1, err);
			return 1;
		}
		if (!r || vec.kind == 'V' || !vec.wire_len)
			continue;
		snprintf(path, sizeof(path), "%s/%c-%s", argv[2], vec.kind, vec.name);
		out = fopen(path, "w");
		if (!out || fwrite(vec.wire, 1, vec.wire_len, out) != vec.wire_len ||
		    fclose(out)) {
			perror(path);
			return 1;
		}
		written++;
	}
	vec_file_free(&vf);
	printf("mkcorpus: %u seeds in %s\n", written, argv[2]);
	return 0;
}
