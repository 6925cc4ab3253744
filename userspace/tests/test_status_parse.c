// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket's answer read back (status_parse.c): a link's numbers
 * and a timeline's land in their fields, peers add up, a key of a later
 * version is skipped, an answer without its end line is refused.
 */
#include <errno.h>
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
	l = &st.links[1];
	CHECK_STR(l->name, "vmc1");
	CHECK_INT(l->port, 5000);
	CHECK(!l->has_timeline && !l->has_frontier);
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

void test_status_parse_register(void)
{
	tap_add(test_status_parse_timeline, NULL,
		"status: a link's and its timeline's keys land in their fields, later keys skipped");
	tap_add(test_status_parse_no_end, NULL, "status: an answer without its end line is refused");
}
