/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink requests with extended acks: open a NETLINK_ROUTE socket, send a
 * request, collect its replies and the kernel's verdict with the extack
 * message, so that a refusal can be shown in the kernel's own words.
 */
#ifndef VCANMC_LIB_NLREQ_H
#define VCANMC_LIB_NLREQ_H

#include <stdbool.h>
#include <stdint.h>

struct nl_msg;
struct nl_sock;
struct nlmsghdr;

/* The kernel's answer to one request */
struct vcanmc_nlerr {
	int error;		/* 0 or the kernel's -errno */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" if none */
	bool has_offs;
	uint32_t offs;		/* NLMSGERR_ATTR_OFFS: bad attribute offset */
};

/* A NETLINK_ROUTE socket with NETLINK_EXT_ACK and NETLINK_CAP_ACK on where
 * the kernel has them. Returns 0 or -errno.
 */
int vcanmc_nl_open(struct nl_sock **skp);
void vcanmc_nl_close(struct nl_sock *sk);

/* Called for each reply that is not the final ACK/DONE. A negative return
 * stops further calls (the rest of the answer is still read, so that the
 * socket stays in step) and becomes the result of vcanmc_nl_transact().
 */
typedef int (*vcanmc_nl_reply_fn)(const struct nlmsghdr *nlh, void *arg);

/* Send msg and read its answer: replies (to reply, may be NULL) up to the
 * ACK, the error or, for NLM_F_DUMP, NLMSG_DONE. Returns 0; the kernel's
 * -errno, with *ack filled; -EINTR if a dump was interrupted by a change
 * and should be repeated; or the -errno of a local failure (ack->error 0).
 * An ACK may carry a warning in ack->msg.
 */
int vcanmc_nl_transact(struct nl_sock *sk, struct nl_msg *msg,
		       vcanmc_nl_reply_fn reply, void *arg,
		       struct vcanmc_nlerr *ack);

/* Parse an NLMSG_ERROR message: error code and extack TLVs, with or
 * without the echoed request (NLM_F_CAPPED). Returns 0 or -EBADMSG.
 */
int vcanmc_nlerr_parse(const struct nlmsghdr *nlh, struct vcanmc_nlerr *ack);

#endif /* VCANMC_LIB_NLREQ_H */
