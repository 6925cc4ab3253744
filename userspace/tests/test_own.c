// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's test for its own datagrams' source: only an address of this
 * host can be ours, whatever the port.
 */
#include <arpa/inet.h>
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

void test_own_register(void)
{
	tap_add(test_own_addr, NULL, "own: this host's addresses are its own, another's are not");
}
