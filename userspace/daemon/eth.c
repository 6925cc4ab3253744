// SPDX-License-Identifier: GPL-2.0
/*
 * The Ethernet transport; see eth.h.
 *
 * One packet socket per link, SOCK_DGRAM (the kernel writes and strips
 * the Ethernet header), bound to the link's dev and to EtherType 0x22F0:
 * it takes what comes to the destination address (joined, if it is a
 * multicast one), to the device's own and to broadcast. What this socket
 * sends does not come back to it (PACKET_IGNORE_OUTGOING); a sender is
 * known by its MAC address.
 *
 * Sending may have to wait as UDP's does: a full socket (EAGAIN) is
 * watched until it is writable, a full device queue (ENOBUFS) waits for a
 * timer; the link's device is not read meanwhile (forward.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "eth.h"
#include "forward.h"
#include "fwd_avtp.h"
#include "log.h"

#define ETH_P_1722	0x22F0		/* IEEE 1722 (AVTP); ETH_P_TSN */
#define ETH_FRAMES	16		/* per recvmmsg */
#define ETH_RX_MAX	9216		/* a jumbo frame */
#define ETH_PDU_MAX	1500		/* what we send: Ethernet's own MTU */
_Static_assert(ETH_RX_MAX >= FWD_AVTP_PDU_MAX, "a PDU of the longest taken must fit");
#define BACKOFF_MIN_MS	1
#define BACKOFF_MAX_MS	128

struct eth {
	struct transport t;
	int fd;
	struct sockaddr_ll dest;
	struct ev ev;
	struct timer backoff;		/* ENOBUFS: try sending again later */
	unsigned int backoff_ms;
	uint64_t overflow;		/* PACKET_STATISTICS' drops, summed */
};

static uint8_t rx_buf[ETH_FRAMES][ETH_RX_MAX];
static struct sockaddr_ll rx_src[ETH_FRAMES];
static struct iovec rx_iov[ETH_FRAMES];
static struct mmsghdr rx_msgs[ETH_FRAMES];
static struct mmsghdr tx_msgs[FWD_BATCH];

static struct ratelimit rl_send;

static struct eth *to_eth(struct transport *t)
{
	return (struct eth *)t;
}

static unsigned int eth_send(struct transport *t, const struct iovec *msg,
			     const uint8_t *frames, unsigned int n)
{
	struct eth *e = to_eth(t);
	struct fwd *f = t->fwd;
	unsigned int i, done = 0;
	uint64_t missed;
	int r, err;

	if (e->backoff.armed || (e->ev.events & EPOLLOUT))
		return 0;	/* already waiting */
	while (done < n) {
		for (i = 0; i < n - done; i++)
			tx_msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &e->dest, .msg_namelen = sizeof(e->dest),
				.msg_iov = (struct iovec *)&msg[done + i], .msg_iovlen = 1,
			};
		r = sendmmsg(e->fd, tx_msgs, n - done, MSG_DONTWAIT);
		if (r > 0) {
			for (i = 0; i < (unsigned int)r; i++)
				fwd_count(f, VCANMC_STAT_DATAGRAMS_OUT, 1);
			done += r;
			e->backoff_ms = 0;
			continue;
		}
		err = errno;
		if (err == EINTR)
			continue;
		if (err == EAGAIN || err == EWOULDBLOCK) {
			loop_watch(f->loop, &e->ev, EPOLLIN | EPOLLOUT);
			break;
		}
		if (err == ENOBUFS) {
			e->backoff_ms = e->backoff_ms ? e->backoff_ms * 2 : BACKOFF_MIN_MS;
			if (e->backoff_ms > BACKOFF_MAX_MS)
				e->backoff_ms = BACKOFF_MAX_MS;
			fwd_count(f, VCANMC_STAT_BACKOFFS, 1);
			loop_timer_arm(f->loop, &e->backoff, e->backoff_ms);
			break;
		}
		/* The device down, the frame too long: this PDU's frames are
		 * lost, counted; the next may go.
		 */
		fwd_count(f, VCANMC_STAT_SEND_ERRORS, 1);
		fwd_drop(f, FWD_DROP_SEND, frames[done]);
		if (ratelimit_ok(&rl_send, &missed))
			log_warn("%s: sending an Ethernet frame: %s (%llu more not logged)",
				 f->name, strerror(err), (unsigned long long)missed);
		done++;
	}
	return done;
}

static void on_backoff(struct timer *tm)
{
	fwd_resume(((struct eth *)tm->ctx)->t.fwd);
}

/* Frames the kernel dropped for the socket since we last asked */
static void read_drops(struct eth *e)
{
	struct tpacket_stats st;
	socklen_t len = sizeof(st);

	if (!getsockopt(e->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len))
		e->overflow += st.tp_drops;
}

static void on_rx(struct eth *e)
{
	struct fwd *f = e->t.fwd;
	int64_t now = now_ms();
	unsigned int budget = 0;
	struct sockaddr_ll *sll;
	int i, n;

	while (budget < FWD_BUDGET) {
		for (i = 0; i < ETH_FRAMES; i++) {
			rx_iov[i] = (struct iovec){ rx_buf[i], sizeof(rx_buf[i]) };
			rx_msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &rx_src[i], .msg_namelen = sizeof(rx_src[i]),
				.msg_iov = &rx_iov[i], .msg_iovlen = 1,
			};
		}
		/* MSG_TRUNC: the real length, so that oversize is seen as such */
		n = recvmmsg(e->fd, rx_msgs, ETH_FRAMES, MSG_DONTWAIT | MSG_TRUNC, NULL);
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			sll = &rx_src[i];
			/* eth_filter() passed it (the socket takes nothing
			 * before it is bound, filtered). A sender is its
			 * address: not how it reached us
			 */
			sll->sll_pkttype = 0;
			sll->sll_hatype = 0;
			/* One cut short in its buffer is longer than any PDU:
			 * refused by its length before anything is read
			 */
			budget += 1 + fwd_deliver_from(f, rx_buf[i], rx_msgs[i].msg_len,
						       (struct sockaddr_storage *)sll, sizeof(*sll),
						       now);
		}
		if (n < ETH_FRAMES)
			break;
	}
	read_drops(e);
	fwd_deliver_end(f);
}

static void on_ev(struct ev *ev, uint32_t events)
{
	struct eth *e = ev->ctx;

	if (events & EPOLLOUT) {
		loop_watch(e->t.fwd->loop, &e->ev, EPOLLIN);
		fwd_resume(e->t.fwd);
	}
	if (events & (EPOLLIN | EPOLLERR))
		on_rx(e);
}

static uint64_t eth_overflows(const struct transport *t)
{
	return ((const struct eth *)t)->overflow;
}

static void eth_close(struct transport *t)
{
	struct eth *e = to_eth(t);

	loop_watch(t->fwd->loop, &e->ev, 0);
	loop_timer_cancel(t->fwd->loop, &e->backoff);
	close(e->fd);
	free(e);
}

static const struct transport_ops eth_ops = {
	.send = eth_send,
	.overflows = eth_overflows,
	.close = eth_close,
};

/* Frames to this host, broadcast, or to the link's destination address:
 * not those of another multicast address the device takes (another bus,
 * or any, promiscuous), not those between other hosts.
 */
static int eth_filter(int fd, const uint8_t *dst)
{
	uint32_t hi = (uint32_t)dst[0] << 8 | dst[1];
	uint32_t lo = (uint32_t)dst[2] << 24 | (uint32_t)dst[3] << 16 |
		      (uint32_t)dst[4] << 8 | dst[5];
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_HOST, 6, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_BROADCAST, 5, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_MULTICAST, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_LL_OFF + 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, lo, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, SKF_LL_OFF),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hi, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* The packet socket of @cfg's dev: bound, joined, sized. -errno on error,
 * with the reason in @why.
 */
static int eth_socket(const struct vcanmc_cfg *cfg, size_t *mtu, char *why, size_t len)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_1722),
		.sll_ifindex = (int)cfg->link,
	};
	struct packet_mreq mr = {
		.mr_ifindex = (int)cfg->link,
		.mr_type = PACKET_MR_MULTICAST,
		.mr_alen = ETH_ALEN,
	};
	int fd, one = 1, buf = ATTACH_SOCKBUF;
	struct ifreq ifr = { 0 };
	const char *what;

	/* Protocol 0: nothing is queued until it is bound to the dev */
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		what = errno == EPERM ? "packet socket (needs CAP_NET_RAW)" : "packet socket";
		goto err;
	}
	what = "filtering what comes";
	if (eth_filter(fd, cfg->dest_mac))
		goto err_close;
	what = "binding to dev";
	if (!cfg->link) {
		errno = ENODEV;
		goto err_close;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		goto err_close;
	/* Ours need not come back: the transport knows what it sent. */
	setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	if (cfg->dest_mac[0] & 1) {
		memcpy(mr.mr_address, cfg->dest_mac, ETH_ALEN);
		what = "joining the destination address";
		if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)))
			goto err_close;
	}
	what = "the dev's MTU";
	if (!if_indextoname(cfg->link, ifr.ifr_name) || ioctl(fd, SIOCGIFMTU, &ifr))
		goto err_close;
	/* Open1722 reads 1500 bytes of a frame at most, whatever the MTU */
	*mtu = ifr.ifr_mtu > 0 ? (size_t)ifr.ifr_mtu : 0;
	if (*mtu > ETH_PDU_MAX)
		*mtu = ETH_PDU_MAX;
	return fd;

err_close:
	close(fd);
err:
	fd = -errno;
	snprintf(why, len, "%s: %s", what, strerror(errno));
	return fd;
}

int eth_open(const struct vcanmc_cfg *cfg, struct fwd *f, struct transport **tp,
	     char *why, size_t len)
{
	struct eth *e;
	size_t mtu = 0;
	int fd;

	fd = eth_socket(cfg, &mtu, why, len);
	if (fd < 0)
		return fd;
	e = calloc(1, sizeof(*e));
	if (!e) {
		close(fd);
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	e->t = (struct transport){ .ops = &eth_ops, .fwd = f, .cfg = *cfg,
				   .avtp = true,
				   .udp = { .rx_fd = -1, .tx_fd = -1 } };
	e->fd = fd;
	e->dest = (struct sockaddr_ll){
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_1722),
		.sll_ifindex = (int)cfg->link,
		.sll_halen = ETH_ALEN,
	};
	memcpy(e->dest.sll_addr, cfg->dest_mac, ETH_ALEN);
	if (transport_avtp_init(&e->t, (int)cfg->link, false, mtu, why, len)) {
		close(fd);
		free(e);
		return -EMSGSIZE;
	}
	e->ev = (struct ev){ .fd = fd, .fn = on_ev, .ctx = e };
	e->backoff = (struct timer){ .fn = on_backoff, .ctx = e };
	loop_watch(f->loop, &e->ev, EPOLLIN);
	*tp = &e->t;
	return 0;
}
