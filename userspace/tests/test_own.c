// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's test for its own datagrams' source: only an address of this
 * host can be ours, whatever the port.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <string.h>

#include "own.h"
#include "tap.h"

static struct sockaddr_storage v4(const char *a)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

	memset(&ss, 0, sizeof(ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(43113);
	inet_pton(AF_INET, a, &sin->sin_addr);
	return ss;
}

static struct sockaddr_storage v6(const char *a)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(43113);
	inet_pton(AF_INET6, a, &sin6->sin6_addr);
	return ss;
}

static int test_own_addr(const void *data)
{
	struct sockaddr_storage ss;

	ss = v4("127.0.0.1");
	CHECK(own_addr(&ss));
	ss = v4("0.0.0.0");
	CHECK(own_addr(&ss));
	ss = v6("::");
	CHECK(own_addr(&ss));
	/* TEST-NET-3 and the documentation prefix: no host of ours */
	ss = v4("203.0.113.77");
	CHECK(!own_addr(&ss));
	ss = v6("2001:db8:7079::77");
	CHECK(!own_addr(&ss));
	/* Asked twice in a row: the answer stays */
	CHECK(!own_addr(&ss));
	ss = v4("127.0.0.1");
	CHECK(own_addr(&ss));
	return TAP_PASS;
}

/* Loopback brings our datagrams back, on two CPUs out of order: each is
 * ours once, whichever comes first; one lost in a full queue is forgotten
 * once OWN_REORDER sent after it came back; a forged one is never ours.
 */
static int test_own_ring(const void *data)
{
	static char d[2000][8];
	static struct own o;
	unsigned int i;

	own_reset(&o);
	for (i = 0; i < 2000; i++) {
		memcpy(d[i], &i, sizeof(i));
		memcpy(d[i] + 4, "own", 4);
		own_sent(&o, d[i], sizeof(d[i]));
	}
	/* 1 overtakes 0; 100 (a run of segments on another CPU) 2 to 99 */
	CHECK(own_take(&o, d[1], 8) && own_take(&o, d[0], 8));
	CHECK(own_take(&o, d[100], 8));
	for (i = 2; i < 100; i++)
		CHECK(own_take(&o, d[i], 8));
	/* Each once; a forged one never */
	CHECK(!own_take(&o, d[3], 8) && !own_take(&o, d[0], 8));
	CHECK(!own_take(&o, "forged!", 8));
	/* 500 lost: kept while fewer than OWN_REORDER after it came back */
	for (i = 101; i < 2000; i++)
		if (i != 500)
			CHECK(own_take(&o, d[i], 8));
	CHECK(!own_take(&o, d[500], 8));
	CHECK(o.tail == o.head);
	own_sent(&o, d[500], 8);
	for (i = 501; i < 500 + OWN_REORDER; i++)
		own_sent(&o, d[i], 8);
	for (i = 501; i < 500 + OWN_REORDER; i++)
		CHECK(own_take(&o, d[i], 8));
	CHECK(own_take(&o, d[500], 8));
	/* The free-running indices wrap */
	o.head = o.tail = UINT_MAX - 5;
	for (i = 0; i < 20; i++)
		own_sent(&o, d[i], 8);
	for (i = 19; i < 20; i--)
		CHECK(own_take(&o, d[i], 8));
	CHECK(o.tail == o.head && o.head == 14);
	return TAP_PASS;
}

void test_own_register(void)
{
	tap_add(test_own_ring, NULL,
		"own: our datagrams back out of order are ours once; forged ones never");
	tap_add(test_own_addr, NULL, "own: this host's addresses are its own, another's are not");
}
