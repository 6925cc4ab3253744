// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket's answer read back (status_parse.c): a link's numbers
 * and a timeline's land in their fields, peers add up, a key of a later
 * version is skipped, an answer without its end line is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status_parse.h"
#include "tap.h"

static const char answer[] =
	"link=vmc0\nifindex=7\nport=43121\nencap=norm\norder=global\nbus_id=3\n"
	"timeline=running\ntimeline_why=\ntimeline_members=3\ntimeline_want=3\n"
	"timeline_member=0a0b0c0d\ntimeline_frontier=1764900000000000001\n"
	"timeline_sent=12\ntimeline_heartbeats_out=40\ntimeline_heartbeats_in=81\n"
	"timeline_waiting=2048\ntimeline_refused=1\ntimeline_later=9\n"
	"timeline_digest=0123456789abcdef\ntimeline_digest_at=1764900000000000000\n"
	"timeline_digest_frames=77\ntimeline_digests_same=5\n"
	"timeline_digests_same_frames=300\ntimeline_digests_differ=2\n"
	"timeline_differs_member=22222222\ntimeline_differs_at=1764899999900000000\n"
	"timeline_clock=11111111 -1500 320000\ntimeline_clock_refused=4\n"
	"timeline_clock=22222222 x\n"
	"timeline_clock=012345678901 5 6\n"
	"timeline_clock=44444444 5 6 7\n"
	"timeline_clock=55555555 99999999999999999999 1\n"
	"timeline_clock=66666666 1 2x\n"
	"timeline_clock=77777777  5 6\n"
	"timeline_clock=88888888 5 6 \n"
	"timeline_clock=99999999 5 -6\n"
	"timeline_clock=33333333 9223372036854775807 1\n"
	"timeline_delay_frames=1024\ntimeline_delay_p50=-2000\n"
	"timeline_delay_p99=4000000\ntimeline_delay_max=5000000\n"
	"timeline_peer=11111111 from-start ready 3ms\n"
	"timeline_peer=22222222 late broken 900ms\n"
	"link=vmc1\nport=5000\nlater=7\nend=\n";

static int test_status_parse_timeline(const void *data)
{
	char *a = strdup(answer);
	struct st st = { 0 };
	struct st_link *l;

	CHECK(a != NULL);
	CHECK_INT(status_parse(&st, a), 0);
	CHECK(st.complete);
	CHECK_INT(st.nlinks, 2);
	l = &st.links[0];
	CHECK_STR(l->name, "vmc0");
	CHECK_INT(l->ifindex, 7);
	CHECK_INT(l->port, 43121);
	CHECK_INT(l->bus_id, 3);
	CHECK_STR(l->order, "global");
	CHECK(l->has_timeline && l->has_frontier);
	CHECK_STR(l->tl_state, "running");
	CHECK_STR(l->tl_member, "0a0b0c0d");
	CHECK(l->tl_frontier == 1764900000000000001ULL);
	CHECK_INT(l->tl_members, 3);
	CHECK_INT(l->tl_want, 3);
	CHECK_INT(l->tl_sent, 12);
	CHECK_INT(l->tl_hb_out, 40);
	CHECK_INT(l->tl_hb_in, 81);
	CHECK_INT(l->tl_waiting, 2048);
	CHECK_INT(l->tl_refused, 1);
	CHECK(l->has_digest_at && l->tl_digest_at == 1764900000000000000ULL);
	CHECK_STR(l->tl_digest, "0123456789abcdef");
	CHECK_INT(l->tl_digest_frames, 77);
	CHECK_INT(l->tl_digests_same, 5);
	CHECK_INT(l->tl_digests_same_frames, 300);
	CHECK_INT(l->tl_digests_differ, 2);
	CHECK(l->has_differs && l->tl_differs_at == 1764899999900000000ULL);
	CHECK_STR(l->tl_differs_member, "22222222");
	CHECK_STR(l->tl_peers, "11111111 from-start ready 3ms,22222222 late broken 900ms");
	/* clocks with signs; malformed ones (a number that is none, an id too
	 * long, one number too many, beyond 64 bits, junk after one) skipped;
	 * the release delay
	 */
	CHECK_INT(l->tl_nclock, 2);
	CHECK_INT(l->tl_clock_refused, 4);
	CHECK_STR(l->tl_clock[0].member, "11111111");
	CHECK(l->tl_clock[0].offset == -1500 && l->tl_clock[0].rtt == 320000);
	CHECK_STR(l->tl_clock[1].member, "33333333");
	CHECK(l->tl_clock[1].offset == INT64_MAX && l->tl_clock[1].rtt == 1);
	CHECK(l->has_delay && l->tl_delay_frames == 1024);
	CHECK(l->tl_delay_p50 == -2000 && l->tl_delay_p99 == 4000000 && l->tl_delay_max == 5000000);
	l = &st.links[1];
	CHECK_STR(l->name, "vmc1");
	CHECK_INT(l->port, 5000);
	CHECK(!l->has_timeline && !l->has_frontier);
	CHECK(!l->tl_nclock && !l->has_delay);
	status_parse_free(&st);
	free(a);
	return TAP_PASS;
}

static int test_status_parse_no_end(const void *data)
{
	char a[] = "link=vmc0\ntimeline=waiting\n";
	struct st st = { 0 };

	CHECK_INT(status_parse(&st, a), -EPROTO);
	status_parse_free(&st);
	return TAP_PASS;
}

/* More clocks than a timeline has members: the rest are skipped */
static int test_status_parse_clocks(const void *data)
{
	char a[64 * (ST_CLOCKS_MAX + 4)] = "link=vmc0\n";
	struct st st = { 0 };
	unsigned int i;

	for (i = 0; i < ST_CLOCKS_MAX + 3; i++)
		snprintf(a + strlen(a), sizeof(a) - strlen(a), "timeline_clock=%08x %d 7\n", i, -(int)i);
	strcat(a, "end=\n");
	CHECK_INT(status_parse(&st, a), 0);
	CHECK_INT(st.links[0].tl_nclock, ST_CLOCKS_MAX);
	CHECK(st.links[0].tl_clock[ST_CLOCKS_MAX - 1].offset == -(ST_CLOCKS_MAX - 1));
	status_parse_free(&st);
	return TAP_PASS;
}

void test_status_parse_register(void)
{
	tap_add(test_status_parse_timeline, NULL,
		"status: a link's and its timeline's keys land in their fields, later keys skipped");
	tap_add(test_status_parse_no_end, NULL, "status: an answer without its end line is refused");
	tap_add(test_status_parse_clocks, NULL,
		"status: clocks beyond a timeline's members are skipped");
}
