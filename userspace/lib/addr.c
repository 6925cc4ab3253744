// SPDX-License-Identifier: GPL-2.0
/*
 * Socket addresses as text; see addr.h.
 */
#include <stdio.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>

#include "addr.h"

const char *vcanmc_addr_str(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;
	const char *fmt = "%s";

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		port = ntohs(sin->sin_port);
		fmt = port ? "%s:%u" : "%s";
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		port = ntohs(sin6->sin6_port);
		fmt = port ? "[%s]:%u" : "%s";
	} else if (sa->sa_family == AF_PACKET) {
		const struct sockaddr_ll *sll = (const void *)sa;
		const unsigned char *m = sll->sll_addr;

		snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
			 m[5]);
		return buf;
	}
	snprintf(buf, len, fmt, host, port);
	return buf;
}

const void *vcanmc_addr_ip(const struct sockaddr *sa, size_t *len)
{
	if (sa->sa_family == AF_INET) {
		*len = sizeof(struct in_addr);
		return &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	}
	if (sa->sa_family == AF_INET6) {
		*len = sizeof(struct in6_addr);
		return &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	}
	*len = 0;
	return NULL;
}

const char *vcanmc_addr_ip_str(const struct sockaddr *sa, char *buf, size_t len)
{
	size_t alen;
	const void *ip = vcanmc_addr_ip(sa, &alen);

	if (!ip || !inet_ntop(sa->sa_family, ip, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}
