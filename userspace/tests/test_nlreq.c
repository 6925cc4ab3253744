// SPDX-License-Identifier: GPL-2.0
/*
 * Extended acks: NLMSG_ERROR buffers built by hand, capped and not, parse
 * into the kernel's errno and message; and the same path against the host
 * kernel, with requests that change nothing.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "rtlink.h"
#include "tap.h"

#define ALIGN4(x)	(((x) + 3u) & ~3u)

/* Append one TLV at *off */
static void put_tlv(uint8_t *buf, size_t *off, uint16_t type,
		    const void *data, uint16_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(buf + *off, &nla, sizeof(nla));
	memcpy(buf + *off + NLA_HDRLEN, data, len);
	*off += ALIGN4(NLA_HDRLEN + len);
}

/* An NLMSG_ERROR as netlink_ack() writes it. Unless flags has
 * NLM_F_CAPPED, the echoed request of orig_len bytes is included.
 */
static size_t build_err(uint8_t *buf, int error, uint16_t flags,
			uint32_t orig_len, const char *msg, uint16_t msg_len,
			const uint32_t *offs)
{
	struct nlmsghdr nlh = { .nlmsg_type = NLMSG_ERROR,
				.nlmsg_flags = flags, .nlmsg_seq = 1 };
	struct nlmsgerr e = { .error = error };
	size_t off;

	memset(buf, 0, 1024);
	e.msg.nlmsg_len = orig_len;
	e.msg.nlmsg_type = RTM_NEWLINK;
	e.msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	e.msg.nlmsg_seq = 1;
	memcpy(buf + NLMSG_HDRLEN, &e, sizeof(e));
	off = NLMSG_HDRLEN + sizeof(e);
	if (!(flags & NLM_F_CAPPED)) {
		memset(buf + off, 0xaa, orig_len - NLMSG_HDRLEN);
		off = NLMSG_HDRLEN + ALIGN4(sizeof(int) + orig_len);
	}
	if (msg)
		put_tlv(buf, &off, NLMSGERR_ATTR_MSG, msg, msg_len);
	if (offs)
		put_tlv(buf, &off, NLMSGERR_ATTR_OFFS, offs, sizeof(*offs));
	nlh.nlmsg_len = (uint32_t)off;
	memcpy(buf, &nlh, sizeof(nlh));
	return off;
}

#define MSG(s)	s, sizeof(s)

static uint8_t buf[1024] __attribute__((aligned(8)));

static int test_capped(const void *data)
{
	const uint32_t offs = 44;
	struct vcanmc_nlerr ack;

	build_err(buf, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 64,
		  MSG("vcanmc: group is not multicast"), &offs);
	CHECK_INT(vcanmc_nlerr_parse((struct nlmsghdr *)buf, &ack), 0);
	CHECK_INT(ack.error, -EINVAL);
	CHECK_STR(ack.msg, "vcanmc: group is not multicast");
	CHECK(ack.has_offs);
	CHECK_INT(ack.offs, 44);
	return TAP_PASS;
}

/* Without NETLINK_CAP_ACK the request is echoed, here of a length that is
 * not a multiple of 4.
 */
static int test_uncapped(const void *data)
{
	struct vcanmc_nlerr ack;

	build_err(buf, -ERANGE, NLM_F_ACK_TLVS, 37, MSG("port out of range"),
		  NULL);
	CHECK_INT(vcanmc_nlerr_parse((struct nlmsghdr *)buf, &ack), 0);
	CHECK_INT(ack.error, -ERANGE);
	CHECK_STR(ack.msg, "port out of range");
	CHECK(!ack.has_offs);
	return TAP_PASS;
}

static int test_plain_ack(const void *data)
{
	struct vcanmc_nlerr ack;

	build_err(buf, 0, NLM_F_CAPPED, 32, NULL, 0, NULL);
	CHECK_INT(vcanmc_nlerr_parse((struct nlmsghdr *)buf, &ack), 0);
	CHECK_INT(ack.error, 0);
	CHECK_STR(ack.msg, "");
	return TAP_PASS;
}

static int test_ack_warning(const void *data)
{
	struct vcanmc_nlerr ack;

	build_err(buf, 0, NLM_F_CAPPED | NLM_F_ACK_TLVS, 32,
		  MSG("something to know\n"), NULL);
	CHECK_INT(vcanmc_nlerr_parse((struct nlmsghdr *)buf, &ack), 0);
	CHECK_INT(ack.error, 0);
	CHECK_STR(ack.msg, "something to know");
	return TAP_PASS;
}

/* A message attribute without its NUL is still bounded */
static int test_unterminated(const void *data)
{
	struct vcanmc_nlerr ack;

	build_err(buf, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 32, "abcdef", 3,
		  NULL);
	CHECK_INT(vcanmc_nlerr_parse((struct nlmsghdr *)buf, &ack), 0);
	CHECK_STR(ack.msg, "abc");
	return TAP_PASS;
}

/* Without NLM_F_ACK_TLVS there are no TLVs to read */
static int test_no_tlvs(const void *data)
{
	struct vcanmc_nlerr ack;

	build_err(buf, -EPERM, NLM_F_CAPPED, 32, MSG("not for you"), NULL);
	CHECK_INT(vcanmc_nlerr_parse((struct nlmsghdr *)buf, &ack), 0);
	CHECK_INT(ack.error, -EPERM);
	CHECK_STR(ack.msg, "");
	return TAP_PASS;
}

static int test_truncated(const void *data)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct vcanmc_nlerr ack;

	build_err(buf, -EINVAL, NLM_F_CAPPED, 32, NULL, 0, NULL);
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(int);
	CHECK_INT(vcanmc_nlerr_parse(nlh, &ack), -EBADMSG);
	return TAP_PASS;
}

/* An echoed request longer than the message itself */
static int test_bad_echo_length(const void *data)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct vcanmc_nlerr ack;

	build_err(buf, -EINVAL, NLM_F_ACK_TLVS, 32, MSG("x"), NULL);
	e->msg.nlmsg_len = 4000;
	CHECK_INT(vcanmc_nlerr_parse(nlh, &ack), -EBADMSG);
	e->msg.nlmsg_len = 3;
	CHECK_INT(vcanmc_nlerr_parse(nlh, &ack), -EBADMSG);
	return TAP_PASS;
}

static struct nl_sock *host_sock(void)
{
	struct nl_sock *sk;
	int err;

	err = vcanmc_nl_open(&sk);
	if (err) {
		tap_skip_reason("no rtnetlink socket on this host");
		return NULL;
	}
	return sk;
}

/* RTM_NEWLINK of a kind no kernel has: refused with extack, nothing made */
static int test_host_refusal(const void *data)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct vcanmc_nlerr ack;
	struct nlattr *linkinfo;
	struct nl_msg *msg;
	struct nl_sock *sk;
	int err;

	sk = host_sock();
	if (!sk)
		return TAP_SKIP;
	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	CHECK(msg);
	CHECK(!nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO));
	CHECK(!nla_put_string(msg, IFLA_IFNAME, "vcanmctest0"));
	linkinfo = nla_nest_start(msg, IFLA_LINKINFO);
	CHECK(linkinfo);
	CHECK(!nla_put_string(msg, IFLA_INFO_KIND, "vcanmc-no-such-kind"));
	nla_nest_end(msg, linkinfo);
	err = vcanmc_nl_transact(sk, msg, NULL, NULL, &ack);
	nlmsg_free(msg);
	vcanmc_nl_close(sk);

	if (err == -EPERM) {
		tap_skip_reason("needs CAP_NET_ADMIN");
		return TAP_SKIP;
	}
	CHECK_INT(err, -EOPNOTSUPP);
	CHECK_INT(ack.error, -EOPNOTSUPP);
	tap_diag("kernel said: %s", ack.msg);
	CHECK_STR(ack.msg, "Unknown device type");
	return TAP_PASS;
}

static int test_host_get(const void *data)
{
	struct vcanmc_nlerr ack;
	struct vcanmc_link link;
	struct nl_sock *sk;
	int err, err_lo;

	sk = host_sock();
	if (!sk)
		return TAP_SKIP;
	err = vcanmc_link_get(sk, "vcanmc-nosuch", &link, &ack);
	err_lo = vcanmc_link_get(sk, "lo", &link, &ack);
	vcanmc_nl_close(sk);
	CHECK_INT(err, -ENODEV);
	CHECK_INT(err_lo, 0);
	CHECK_STR(link.name, "lo");
	CHECK_INT(link.ifindex, 1);
	CHECK_STR(link.kind, "");
	return TAP_PASS;
}

static int count_lo(const struct vcanmc_link *link, void *arg)
{
	int *n = arg;

	if (!strcmp(link->name, "lo"))
		(*n)++;
	return 0;
}

static int test_host_dump(const void *data)
{
	struct vcanmc_nlerr ack;
	struct nl_sock *sk;
	int err, n = 0, i;

	sk = host_sock();
	if (!sk)
		return TAP_SKIP;
	/* Twice on one socket: the first answer must be read to its end */
	for (i = 0; i < 2; i++) {
		err = vcanmc_link_dump(sk, count_lo, &n, &ack);
		if (err)
			break;
	}
	vcanmc_nl_close(sk);
	CHECK_INT(err, 0);
	CHECK_INT(n, 2);
	return TAP_PASS;
}

void test_nlreq_register(void)
{
	tap_add(test_capped, NULL, "nlreq: capped extack with message and offset");
	tap_add(test_uncapped, NULL,
		"nlreq: extack after an echoed request of odd length");
	tap_add(test_plain_ack, NULL, "nlreq: plain ACK");
	tap_add(test_ack_warning, NULL, "nlreq: ACK with a warning message");
	tap_add(test_unterminated, NULL,
		"nlreq: message without NUL stays bounded");
	tap_add(test_no_tlvs, NULL, "nlreq: no NLM_F_ACK_TLVS, no message");
	tap_add(test_truncated, NULL, "nlreq: truncated NLMSG_ERROR refused");
	tap_add(test_bad_echo_length, NULL,
		"nlreq: bad echoed request length refused");
	tap_add(test_host_refusal, NULL,
		"nlreq: host kernel refusal carries its extack message");
	tap_add(test_host_get, NULL, "nlreq: host kernel get by name");
	tap_add(test_host_dump, NULL, "nlreq: host kernel dump, twice");
}
