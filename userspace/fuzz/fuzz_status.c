// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the status answer parser of "vcanmc status"
 * (cli/status_parse.c) on any bytes. Whatever it makes of them must be
 * consistent: names and addresses NUL-terminated within their arrays,
 * counts matching what was allocated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "status_parse.h"

static void terminated_or_die(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st st = { 0 };
	char *answer = malloc(size + 1);
	size_t i, j;

	if (!answer)
		return 0;
	memcpy(answer, data, size);
	answer[size] = '\0';
	status_parse(&st, answer);
	for (i = 0; i < st.nlinks; i++) {
		const struct st_link *l = &st.links[i];

		terminated_or_die(l->name, sizeof(l->name));
		terminated_or_die(l->group, sizeof(l->group));
		terminated_or_die(l->reason, sizeof(l->reason));
		if (l->ndrops > DROPS_MAX)
			abort();
		for (j = 0; j < l->ndrops; j++)
			terminated_or_die(l->drop[j].name, sizeof(l->drop[j].name));
		for (j = 0; j < l->npeers; j++)
			terminated_or_die(l->peers[j].addr, sizeof(l->peers[j].addr));
		terminated_or_die(l->tl_state, sizeof(l->tl_state));
		terminated_or_die(l->tl_why, sizeof(l->tl_why));
		terminated_or_die(l->tl_peers, sizeof(l->tl_peers));
		/* an overflow of tl_clock stays within struct st_link: ASan
		 * would not see it
		 */
		if (l->tl_nclock > ST_CLOCKS_MAX)
			abort();
		for (j = 0; j < l->tl_nclock; j++)
			terminated_or_die(l->tl_clock[j].member, sizeof(l->tl_clock[j].member));
	}
	status_parse_free(&st);
	free(answer);
	return 0;
}
