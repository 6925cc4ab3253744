/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Socket addresses as text, the one way vcanmc prints them: "192.0.2.1:43113"
 * and "[2001:db8::1]:43113" (the port left out when it is 0).
 */
#ifndef VCANMC_LIB_ADDR_H
#define VCANMC_LIB_ADDR_H

#include <stddef.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Room for any address vcanmc_addr_str() writes, with its NUL */
#define VCANMC_ADDRSTRLEN	(INET6_ADDRSTRLEN + 8)

/* Writes @sa into @buf and returns @buf: an IP address and port, or an
 * AF_PACKET one's MAC address; "?" for another family.
 */
const char *vcanmc_addr_str(const struct sockaddr *sa, char *buf, size_t len);

/* The IP address of @sa, without port, and its length in @len; NULL for
 * a family other than AF_INET and AF_INET6.
 */
const void *vcanmc_addr_ip(const struct sockaddr *sa, size_t *len);
/* @sa's IP address alone as text, into @buf; "?" as vcanmc_addr_str() */
const char *vcanmc_addr_ip_str(const struct sockaddr *sa, char *buf, size_t len);

#endif /* VCANMC_LIB_ADDR_H */
