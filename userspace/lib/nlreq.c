// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink requests with extended acks on top of libnl-3. libnl 3.7 reads
 * no extack, so the error and ACK callbacks here parse the TLVs themselves.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "nlreq.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* libnl reports its own error numbers; the callers of this library speak
 * -errno like the rest of the code base.
 */
static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_INTR:
	case NLE_DUMP_INTR:
		return -EINTR;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_PROTO_MISMATCH:
		return -EPROTONOSUPPORT;
	case NLE_MSGSIZE:
	case NLE_MSG_TRUNC:
	case NLE_MSG_OVERFLOW:
		return -EMSGSIZE;
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_TOOSHORT:
	case NLE_PARSE_ERR:
		return -EBADMSG;
	default:
		return -EIO;
	}
}

int vcanmc_nl_open(struct nl_sock **skp)
{
	struct nl_sock *sk;
	int one = 1;
	int err;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	errno = 0;
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err) {
		err = errno ? -errno : nlerr_to_errno(err);
		goto err_free;
	}
	/* Both are optional: without them a refusal only has its errno */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	*skp = sk;
	return 0;

err_free:
	nl_socket_free(sk);
	return err;
}

void vcanmc_nl_close(struct nl_sock *sk)
{
	nl_socket_free(sk);
}

int vcanmc_nlerr_parse(const struct nlmsghdr *nlh, struct vcanmc_nlerr *ack)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlmsgerr *e;
	size_t hlen, len;

	memset(ack, 0, sizeof(*ack));
	if (nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return -EBADMSG;
	e = NLMSG_DATA(nlh);
	ack->error = e->error > 0 ? -e->error : e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	/* The TLVs follow the echoed request, of which a capped ack keeps
	 * only the header.
	 */
	len = nlh->nlmsg_len - NLMSG_HDRLEN;
	hlen = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return -EBADMSG;
		hlen += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	hlen = NLMSG_ALIGN(hlen);
	if (hlen > len)
		return -EBADMSG;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)NLMSG_DATA(nlh) + hlen),
		      len - hlen, NULL))
		return -EBADMSG;

	if (tb[NLMSGERR_ATTR_MSG]) {
		nla_strlcpy(ack->msg, tb[NLMSGERR_ATTR_MSG], sizeof(ack->msg));
		len = strlen(ack->msg);
		if (len && ack->msg[len - 1] == '\n')
			ack->msg[len - 1] = '\0';
	}
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) == 4) {
		ack->offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
		ack->has_offs = true;
	}
	return 0;
}

struct transact {
	vcanmc_nl_reply_fn reply;
	void *arg;
	struct vcanmc_nlerr *ack;
	int reply_err;
	bool intr;
	bool done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;
	int err;

	if (!t->reply || t->reply_err)
		return NL_SKIP;
	err = t->reply(nlmsg_hdr(msg), t->arg);
	if (err < 0)
		t->reply_err = err;
	return NL_OK;
}

static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	/* Keep reading to the end so that the socket stays in step */
	t->intr = true;
	return NL_OK;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct transact *t = arg;
	int error;

	/* NLMSG_DONE carries the dump's result */
	if (nlmsg_datalen(nlh) >= (int)sizeof(error)) {
		memcpy(&error, nlmsg_data(nlh), sizeof(error));
		if (error < 0)
			t->ack->error = error;
	}
	t->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	vcanmc_nlerr_parse(nlmsg_hdr(msg), t->ack);
	t->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	/* libnl hands over the payload; the header with the flags that say
	 * where the TLVs are sits right before it.
	 */
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct transact *t = arg;

	if (vcanmc_nlerr_parse(nlh, t->ack))
		t->ack->error = e->error > 0 ? -e->error : e->error;
	t->done = true;
	return NL_STOP;
}

int vcanmc_nl_transact(struct nl_sock *sk, struct nl_msg *msg,
		       vcanmc_nl_reply_fn reply, void *arg,
		       struct vcanmc_nlerr *ack)
{
	struct transact t = { .reply = reply, .arg = arg, .ack = ack };
	struct nl_cb *cb;
	int err;

	memset(ack, 0, sizeof(*ack));
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);

	err = nl_send_auto(sk, msg);
	if (err < 0) {
		err = nlerr_to_errno(err);
		goto out;
	}
	while (!t.done) {
		err = nl_recvmsgs(sk, cb);
		if (err < 0 && !t.done) {
			err = nlerr_to_errno(err);
			goto out;
		}
	}

	if (ack->error)
		err = ack->error;
	else if (t.reply_err)
		err = t.reply_err;
	else if (t.intr)
		err = -EINTR;
	else
		err = 0;
out:
	nl_cb_put(cb);
	return err;
}
