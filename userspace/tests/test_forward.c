// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's data path on the host: a socketpair stands for the link's
 * /dev/vcanmc file (one record batch per packet, as read() returns them)
 * and loopback UDP for the group.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/vcanmc.h>

#include "forward.h"
#include "fwd_avtp.h"
#include "fwd_bus.h"
#include "tap.h"
#include "transport.h"
#include "udp.h"

struct rig {
	struct loop loop;
	struct fwd f;
	struct vcanmc_cfg cfg;
	struct udp_socks u;
	int dev;		/* the kernel's end of the link's file */
	int group;		/* receives what the link sends */
};

/* Takes the bus record the link @r sent off its group socket, into @bus if
 * not NULL: 0, or -1 if the next datagram is none.
 */
static int take_bus(struct rig *r, struct pycan_decoder *dec, struct pycan_bus *bus)
{
	static struct pycan_frame fr;
	uint8_t dgram[PYCAN_BATCH_MAX];
	size_t off = 0;
	ssize_t n;

	n = recv(r->group, dgram, sizeof(dgram), MSG_DONTWAIT);
	if (n <= 0 || pycan_decode_batch(dec, dgram, (size_t)n, &off, &fr, NULL) ||
	    fr.kind != PYCAN_BUS || off != (size_t)n)
		return -1;
	if (bus)
		*bus = fr.bus;
	return 0;
}

/* @rx_fd: the link's receiving socket, or -1; @peers: its unicast peers;
 * @group: whether the link has its group (the rig's loopback socket);
 * @batch: python-can-batch, not python-can
 */
static int rig_init_peers(struct rig *r, struct pycan_decoder *dec, int rx_fd,
			  const struct vcanmc_peer *peers, unsigned int npeers, bool group,
			  bool batch)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&r->u.group;
	struct transport *tp;
	int sp[2];

	memset(r, 0, sizeof(*r));
	r->dev = r->group = -1;
	fwd_init(&r->f);
	if (loop_init(&r->loop))
		return -1;
	r->f.name = "vmc-test";
	r->f.loop = &r->loop;
	r->f.dec = dec;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sp))
		return -1;
	r->f.dev_fd = sp[0];
	r->dev = sp[1];

	r->group = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r->u.group_len = sizeof(*sin);
	if (r->group < 0 || bind(r->group, (struct sockaddr *)sin, sizeof(*sin)) ||
	    getsockname(r->group, (struct sockaddr *)sin, &r->u.group_len))
		return -1;
	r->u.tx_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (r->u.tx_fd < 0)
		return -1;
	r->u.rx_fd = rx_fd;
	/* The "group" is a loopback socket's address */
	r->cfg.mask = VCANMC_CFG_BIT(IFLA_VCANMC_GROUP);
	r->cfg.group = group ? sin->sin_addr : (struct in_addr){ htonl(INADDR_ANY) };
	r->cfg.port = ntohs(sin->sin_port);
	if (npeers) {
		r->cfg.mask |= VCANMC_CFG_BIT(IFLA_VCANMC_PEERS);
		r->cfg.npeers = (uint8_t)npeers;
		memcpy(r->cfg.peers, peers, npeers * sizeof(*peers));
	}
	tp = udp_transport(&r->f, &r->cfg, &r->u, batch, false);
	if (!tp)
		return -1;
	fwd_start(&r->f, tp);
	/* A batching link says what bus it emulates as it starts. */
	return batch ? take_bus(r, dec, NULL) : 0;
}

static int rig_init(struct rig *r, struct pycan_decoder *dec, int rx_fd)
{
	return rig_init_peers(r, dec, rx_fd, NULL, 0, true, false);
}

static void rig_uninit(struct rig *r)
{
	fwd_stop(&r->f);
	if (r->dev >= 0)
		close(r->dev);
	if (r->group >= 0)
		close(r->group);
	loop_uninit(&r->loop);
}

/* Appends a record of @type, @len bytes of header and frame, to @buf. */
static size_t put_rec(uint8_t *buf, unsigned int type, size_t len, canid_t id)
{
	struct vcanmc_rec rec = { .len = (uint16_t)len, .version = VCANMC_REC_VERSION,
				  .type = (uint8_t)type };
	struct can_frame cf = { .can_id = id, .len = 1, .data = { 0x5a } };

	memset(buf, 0xa5, VCANMC_REC_PAD(len));
	memcpy(buf, &rec, sizeof(rec));
	if (len >= sizeof(rec) + sizeof(cf))
		memcpy(buf + sizeof(rec), &cf, sizeof(cf));
	return VCANMC_REC_PAD(len);
}

/* A CAN record longer than a frame (the kernel never writes one) is
 * counted as dropped, not copied over the stack; the next one goes out.
 */
static int test_long_record(const void *data)
{
	static uint8_t buf[1024], dgram[2048];
	struct pycan_decoder *dec = pycan_decoder_new();
	size_t len = 0;
	struct canfd_frame cf;
	struct rig r;
	int ret = TAP_FAIL;
	ssize_t n;
	bool fd;

	if (!dec)
		return TAP_FAIL;
	if (rig_init(&r, dec, -1))
		goto out;
	len += put_rec(buf + len, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + 600, 0x111);
	len += put_rec(buf + len, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x123);
	if (write(r.dev, buf, len) != (ssize_t)len || loop_run_once(&r.loop, 1000))
		goto out;
	n = recv(r.group, dgram, sizeof(dgram), 0);
	if (n <= 0 || pycan_decode(dec, dgram, (size_t)n, &cf, &fd, NULL)) {
		tap_diag("the record after the long one did not go out");
		goto out;
	}
	if (cf.can_id != 0x123 || recv(r.group, dgram, sizeof(dgram), 0) >= 0) {
		tap_diag("sent: %#x, and more", cf.can_id);
		goto out;
	}
	if (r.f.stats.drop[FWD_DROP_ENCODE] != 1 || r.f.stats.n[VCANMC_STAT_FRAMES_OUT] != 2) {
		tap_diag("unencodable %llu, frames_out %llu; want 1, 2",
			 (unsigned long long)r.f.stats.drop[FWD_DROP_ENCODE],
			 (unsigned long long)r.f.stats.n[VCANMC_STAT_FRAMES_OUT]);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* A loopback socket to be a peer, into @p */
static int peer_socket(struct vcanmc_peer *p)
{
	uint16_t port;
	int fd = tap_udp_loopback(&port);

	*p = (struct vcanmc_peer){ .family = AF_INET, .port = port,
				   .addr = { 127, 0, 0, 1 } };
	return fd;
}

static unsigned int datagrams(int fd)
{
	uint8_t buf[2048];
	unsigned int n = 0;

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}

/* @n CAN frames (ids 0x100 on) written into the rig's link, and one turn
 * of its loop: 0, or -1 if either failed
 */
static int rig_send(struct rig *r, unsigned int n)
{
	static uint8_t buf[16 * VCANMC_REC_PAD(sizeof(struct vcanmc_rec) + CAN_MTU)];
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < n && i < 16; i++)
		len += put_rec(buf + len, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU,
			       0x100 + i);
	if (write(r->dev, buf, len) != (ssize_t)len || loop_run_once(&r->loop, 1000))
		return -1;
	return 0;
}

/* Head-end replication: each frame's datagram to the group and to every
 * peer once, not to this host at the link's port (a list every host
 * shares names it), and once to a peer named twice
 */
static int test_peers_send(const void *data)
{
	struct vcanmc_peer peers[4];
	int fd[2] = { -1, -1 }, ret = TAP_FAIL;
	unsigned int i, got[2];
	struct rig r;

	for (i = 0; i < 2; i++)
		fd[i] = peer_socket(&peers[i]);
	if (fd[0] < 0 || fd[1] < 0)
		goto out_fd;
	/* This host at the link's port: the rig's "group" socket */
	peers[2] = (struct vcanmc_peer){ .family = AF_INET };
	peers[2].addr[0] = 127;
	peers[2].addr[3] = 1;
	/* The first again: a peer named twice gets each datagram once */
	peers[3] = peers[0];
	if (rig_init_peers(&r, NULL, -1, peers, 4, true, false) || rig_send(&r, 3))
		goto out;
	got[0] = datagrams(fd[0]);
	got[1] = datagrams(fd[1]);
	i = datagrams(r.group);
	if (got[0] != 3 || got[1] != 3 || i != 3) {
		tap_diag("peers got %u and %u datagrams, the group %u; want 3 each", got[0],
			 got[1], i);
		goto out;
	}
	if (r.f.stats.n[VCANMC_STAT_DATAGRAMS_OUT] != 9) {
		tap_diag("datagrams_out %llu, want 9",
			 (unsigned long long)r.f.stats.n[VCANMC_STAT_DATAGRAMS_OUT]);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
out_fd:
	for (i = 0; i < 2; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	return ret;
}

/* A link with no group and no peer but this host sends nothing, and
 * counts what it could not send
 */
static int test_no_dests(const void *data)
{
	struct vcanmc_peer self = { .family = AF_INET, .addr = { 127, 0, 0, 1 } };
	int ret = TAP_FAIL;
	struct rig r;

	if (rig_init_peers(&r, NULL, -1, &self, 1, false, false) || rig_send(&r, 2))
		goto out;
	if (datagrams(r.group) || r.f.stats.drop[FWD_DROP_SEND] != 2) {
		tap_diag("send-error %llu, want 2",
			 (unsigned long long)r.f.stats.drop[FWD_DROP_SEND]);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	return ret;
}

/* A receiving socket on loopback with the smallest buffer, counting what
 * it drops; its address into @sin.
 */
static int small_rx(struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int fd, one = 1, small = 1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) ||
	    bind(fd, (struct sockaddr *)sin, sizeof(*sin)) ||
	    getsockname(fd, (struct sockaddr *)sin, &len)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Sends @n datagrams to @sin and lets the link take them in; then one
 * more, which carries the count of those the socket dropped.
 */
static int flood(struct rig *r, const struct sockaddr_in *sin, unsigned int n)
{
	static const uint8_t junk[512];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	unsigned int i;
	int err = -1;

	if (fd < 0)
		return -1;
	for (i = 0; i < n; i++)
		sendto(fd, junk, sizeof(junk), 0, (const struct sockaddr *)sin, sizeof(*sin));
	if (loop_run_once(&r->loop, 1000))
		goto out;
	sendto(fd, junk, sizeof(junk), 0, (const struct sockaddr *)sin, sizeof(*sin));
	err = loop_run_once(&r->loop, 1000);
out:
	close(fd);
	return err;
}

/* The receiving socket's overflow count survives new sockets (a new
 * group, SIGHUP, a route change): it never goes backwards.
 */
static int test_udp_overflow_total(const void *data)
{
	struct pycan_decoder *dec = pycan_decoder_new();
	uint64_t n[VCANMC_STAT_CNT], first;
	struct transport *tp;
	struct sockaddr_in sin;
	struct udp_socks u;
	struct rig r;
	int ret = TAP_FAIL;

	if (!dec)
		return TAP_FAIL;
	if (rig_init(&r, dec, small_rx(&sin)) || r.u.rx_fd < 0)
		goto out;
	if (flood(&r, &sin, 200))
		goto out;
	fwd_counters(&r.f, n);
	first = n[VCANMC_STAT_UDP_OVERFLOW];
	if (!first) {
		tap_diag("200 datagrams into the smallest buffer, none dropped");
		goto out;
	}
	u = r.u;
	u.tx_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	u.rx_fd = small_rx(&sin);
	if (u.tx_fd < 0 || u.rx_fd < 0)
		goto out;
	tp = udp_transport(&r.f, &r.cfg, &u, false, false);
	if (!tp)
		goto out;
	fwd_replace(&r.f, tp);
	if (flood(&r, &sin, 20))
		goto out;
	fwd_counters(&r.f, n);
	if (n[VCANMC_STAT_UDP_OVERFLOW] <= first) {
		tap_diag("udp_overflow %llu after %llu and new drops",
			 (unsigned long long)n[VCANMC_STAT_UDP_OVERFLOW], (unsigned long long)first);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* A CAN XL record of @len data bytes, header and frame, into @buf. */
static size_t put_xl(uint8_t *buf, unsigned int len)
{
	struct vcanmc_rec rec = { .len = (uint16_t)(sizeof(rec) + CANXL_HDR_SIZE + len),
				  .version = VCANMC_REC_VERSION, .type = VCANMC_REC_CANXL };
	struct canxl_frame *xl = (struct canxl_frame *)(buf + sizeof(rec));

	memset(buf, 0, VCANMC_REC_PAD(rec.len));
	memcpy(buf, &rec, sizeof(rec));
	xl->prio = 0x123 | 0x42 << 16;
	xl->flags = CANXL_XLF | CANXL_SEC;
	xl->sdt = 0x11;
	xl->af = 0xdeadbeef;
	xl->len = (__u16)len;
	memset(xl->data, 0x77, len);
	return VCANMC_REC_PAD(rec.len);
}

/* With batches, a CAN XL frame goes out as an XL record, alone when it is
 * longer than a batch, and comes back into a CAN XL link only; without
 * them it is "canxl".
 */
static int test_xl(const void *data)
{
	static uint8_t buf[8192], dgram[4096], back[8192];
	struct pycan_decoder *dec = pycan_decoder_new();
	static struct pycan_frame fr;
	struct peer peer = { 0 };
	size_t len = 0, off = 0;
	struct rig r, p;
	int ret = TAP_FAIL;
	ssize_t n;

	if (!dec)
		return TAP_FAIL;
	if (rig_init_peers(&r, dec, -1, NULL, 0, true, true))
		goto out_r;
	len += put_xl(buf + len, CANXL_MAX_DLEN);
	len += put_rec(buf + len, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x123);
	if (write(r.dev, buf, len) != (ssize_t)len || loop_run_once(&r.loop, 1000))
		goto out_r;
	n = recv(r.group, dgram, sizeof(dgram), 0);
	if (n <= PYCAN_BATCH_MAX || pycan_decode_batch(dec, dgram, (size_t)n, &off, &fr, NULL) ||
	    fr.kind != PYCAN_CANXL || off != (size_t)n ||
	    memcmp(&fr.xl, buf + sizeof(struct vcanmc_rec), CANXL_HDR_SIZE + CANXL_MAX_DLEN)) {
		tap_diag("the XL record did not go out alone and whole: %zd bytes", n);
		goto out_r;
	}
	if (recv(r.group, back, sizeof(back), 0) <= 0) {
		tap_diag("the CAN frame after it did not go out");
		goto out_r;
	}

	/* into a CAN FD link: dropped; into a CAN XL link: the same record */
	fwd_deliver(&r.f, dgram, (size_t)n, &peer);
	fwd_deliver_end(&r.f);
	if (r.f.stats.drop[FWD_DROP_XL_ON_NON_XL] != 1 || recv(r.dev, back, sizeof(back), 0) >= 0) {
		tap_diag("an XL record into a CAN FD link was not xl-on-non-xl");
		goto out_r;
	}
	r.f.xl = true;
	fwd_deliver(&r.f, dgram, (size_t)n, &peer);
	fwd_deliver_end(&r.f);
	if (recv(r.dev, back, sizeof(back), 0) != (ssize_t)put_xl(buf, CANXL_MAX_DLEN) ||
	    memcmp(back, buf, sizeof(struct vcanmc_rec) + CANXL_MTU)) {
		tap_diag("the XL record did not reach the CAN XL link as written");
		goto out_r;
	}

	/* python-can: no XL record, counted "canxl" */
	if (rig_init(&p, dec, -1))
		goto out_p;
	len = put_xl(buf, 8);
	if (write(p.dev, buf, len) != (ssize_t)len || loop_run_once(&p.loop, 1000) < 0)
		goto out_p;
	if (recv(p.group, dgram, sizeof(dgram), 0) >= 0 || p.f.stats.drop[FWD_DROP_CANXL] != 1) {
		tap_diag("python-can sent an XL frame, or did not count it");
		goto out_p;
	}
	ret = TAP_PASS;
out_p:
	rig_uninit(&p);
out_r:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* A link of encap ieee1722 that takes CAN XL */
static int avtp_rig(struct rig *r, struct pycan_decoder *dec)
{
	char why[64];

	if (rig_init_peers(r, dec, -1, NULL, 0, true, false) ||
	    transport_avtp_init(r->f.tp, 0, true, PYCAN_BATCH_MAX, why, sizeof(why)))
		return -1;
	r->f.xl = true;
	return 0;
}

/* encap ieee1722 over UDP: a CAN frame and a 2048-byte CAN XL frame go
 * out as PDUs of at most 1200 bytes (the XL one in segments) and come back
 * into the link as the same records; a PDU that comes twice is dropped and
 * counted, one of another bus id skipped and counted.
 */
static int test_avtp(const void *data)
{
	static uint8_t buf[8192], pdus[8][2048], back[8192];
	struct pycan_decoder *dec = pycan_decoder_new();
	size_t len = 0, can_len, xl_len;
	ssize_t n, plen[8];
	struct sockaddr_storage src = { .ss_family = AF_INET };
	const struct peer *peer;
	unsigned int i, np = 0;
	int ret = TAP_FAIL;
	struct rig r;

	if (!dec)
		return TAP_FAIL;
	if (avtp_rig(&r, dec))
		goto out;
	can_len = put_rec(buf, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x123);
	xl_len = put_xl(buf + can_len, CANXL_MAX_DLEN);
	len = can_len + xl_len;
	if (write(r.dev, buf, len) != (ssize_t)len || loop_run_once(&r.loop, 1000))
		goto out;
	while (np < 8 && (n = recv(r.group, pdus[np], sizeof(pdus[np]), 0)) > 0) {
		if (n > PYCAN_BATCH_MAX) {
			tap_diag("a PDU of %zd bytes", n);
			goto out;
		}
		plen[np++] = n;
	}
	if (np < 2) {
		tap_diag("%u PDUs for a CAN frame and a 2048-byte XL frame", np);
		goto out;
	}
	for (i = 0; i < np; i++)
		fwd_deliver_from(&r.f, pdus[i], (size_t)plen[i], &src, sizeof(struct sockaddr_in), 1);
	fwd_deliver_end(&r.f);
	/* both records come back as written, the CAN one without the 0xa5
	 * that put_rec() fills behind the frame
	 */
	n = recv(r.dev, back, sizeof(back), 0);
	if (n != (ssize_t)len || memcmp(back + sizeof(struct vcanmc_rec),
					buf + sizeof(struct vcanmc_rec), 9) ||
	    memcmp(back + can_len, buf + can_len, sizeof(struct vcanmc_rec) + CANXL_MTU)) {
		tap_diag("records back: %zd bytes, want %zu, or different", n, len);
		goto out;
	}
	peer = &r.f.peers.v[0];
	if (r.f.peers.n != 1 || peer->frames != 2 || !peer->avtp ||
	    peer->stream_id != r.f.tp->enc.stream_id) {
		tap_diag("%u talkers; %llu frames, stream %#llx", r.f.peers.n,
			 (unsigned long long)peer->frames, (unsigned long long)peer->stream_id);
		goto out;
	}

	fwd_deliver_from(&r.f, pdus[0], (size_t)plen[0], &src, sizeof(struct sockaddr_in), 2);
	fwd_deliver_end(&r.f);
	if (r.f.stats.drop[FWD_DROP_DUP] != 1 || peer->seq.duplicates != 1 ||
	    recv(r.dev, back, sizeof(back), 0) >= 0) {
		tap_diag("a PDU twice: not dropped as duplicate");
		goto out;
	}

	if (write(r.dev, buf, can_len) != (ssize_t)can_len || loop_run_once(&r.loop, 1000) ||
	    (n = recv(r.group, pdus[0], sizeof(pdus[0]), 0)) <= 0)
		goto out;
	r.f.tp->cfg.bus_id = 3;
	fwd_deliver_from(&r.f, pdus[0], (size_t)n, &src, sizeof(struct sockaddr_in), 3);
	fwd_deliver_end(&r.f);
	if (r.f.stats.drop[fwd_drop_avtp(AVTP_DROP_ACF_BUS_ID)] != 1 ||
	    recv(r.dev, back, sizeof(back), 0) >= 0) {
		tap_diag("a message of bus 0 taken on bus 3");
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* Encodes @len bytes of records in @rec as PDUs of @e into @out: how many */
static unsigned int avtp_pdus(struct avtp_enc *e, const uint8_t *rec, size_t len,
			      uint8_t out[][2048], size_t *olen, unsigned int max)
{
	const struct vcanmc_rec *h = (const void *)rec;
	unsigned int n = 0;
	int ret;

	avtp_enc_start(e, out[n]);
	do {
		if (h->type == VCANMC_REC_CANXL)
			ret = avtp_enc_xl(e, (const void *)(rec + sizeof(*h)), 0, 0);
		else
			ret = avtp_enc_can(e, (const void *)(rec + sizeof(*h)), false, 0, 0);
		if (ret == -ENOSPC && n + 1 < max) {
			olen[n] = avtp_enc_finish(e);
			avtp_enc_start(e, out[++n]);
		}
	} while (ret == -ENOSPC);
	olen[n] = avtp_enc_finish(e);
	(void)len;
	return n + 1;
}

/* Two streams from one address (a gateway, one stream per bus) are two
 * talkers: a CAN XL frame of one, in segments, survives a PDU of the
 * other between them; a talker that starts anew from number 0 is taken.
 */
static int test_avtp_streams(const void *data)
{
	static uint8_t buf[4096], s1[4][2048], s2[4][2048], back[8192];
	struct sockaddr_storage src = { .ss_family = AF_INET6 };
	struct pycan_decoder *dec = pycan_decoder_new();
	size_t l1[4], l2[4], can_len;
	struct avtp_enc e1, e2;
	unsigned int n1, i;
	int ret = TAP_FAIL;
	struct rig r;
	ssize_t n;

	if (!dec)
		return TAP_FAIL;
	if (avtp_rig(&r, dec))
		goto out;
	avtp_enc_init(&e1, 0x1111, true, PYCAN_BATCH_MAX);
	avtp_enc_init(&e2, 0x2222, true, PYCAN_BATCH_MAX);
	put_xl(buf, CANXL_MAX_DLEN);
	n1 = avtp_pdus(&e1, buf, 0, s1, l1, 4);
	can_len = put_rec(buf, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x123);
	avtp_pdus(&e2, buf, can_len, s2, l2, 4);
	if (n1 != 2)
		goto out;
	fwd_deliver_from(&r.f, s1[0], l1[0], &src, sizeof(struct sockaddr_in6), 1);
	fwd_deliver_from(&r.f, s2[0], l2[0], &src, sizeof(struct sockaddr_in6), 1);
	fwd_deliver_from(&r.f, s1[1], l1[1], &src, sizeof(struct sockaddr_in6), 1);
	fwd_deliver_end(&r.f);
	n = recv(r.dev, back, sizeof(back), 0);
	if (r.f.peers.n != 2 || n != (ssize_t)(can_len + VCANMC_REC_PAD(sizeof(struct vcanmc_rec) +
								     CANXL_MTU))) {
		tap_diag("%u talkers, %zd bytes of records", r.f.peers.n, n);
		goto out;
	}
	/* stream 2 starts anew: its numbers from 0 again, other PDUs */
	e2.seq = 0;
	e2.encap_seq = 0;
	for (i = 0; i < 3; i++) {
		can_len = put_rec(buf, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x200 + i);
		avtp_pdus(&e2, buf, can_len, s2, l2, 4);
		fwd_deliver_from(&r.f, s2[0], l2[0], &src, sizeof(struct sockaddr_in6), 10 + i);
	}
	fwd_deliver_end(&r.f);
	n = recv(r.dev, back, sizeof(back), 0);
	if (n != 3 * (ssize_t)can_len || r.f.stats.drop[FWD_DROP_DUP]) {
		tap_diag("after a restart: %zd bytes of records, %llu duplicates", n,
			 (unsigned long long)r.f.stats.drop[FWD_DROP_DUP]);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* A host sending under many streams and ports, talkers on 100 more hosts
 * and garbage from 100 others, while a talker is between two segments of
 * a CAN XL frame: the talker keeps its place and its frame (before, the
 * 64th new stream pushed it out, and its frame was lost); the one host
 * holds FWD_AVTP_PER_ADDR places, no more; the newcomers without one have
 * their frames taken all the same, and one gets a place once another
 * falls silent for FWD_AVTP_KEEP_MS. Garbage takes no place; from a
 * talker's address, it is counted for that talker.
 */
static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		       &((const struct sockaddr_in6 *)b)->sin6_addr, sizeof(struct in6_addr));
}

static int test_avtp_talkers(const void *data)
{
	static uint8_t buf[4096], s1[4][2048], s2[4][2048], back[65536];
	struct sockaddr_storage honest = { .ss_family = AF_INET6 }, g, other;
	struct pycan_decoder *dec = pycan_decoder_new();
	size_t l1[4], l2[4], can_len, got = 0;
	struct avtp_enc e1, e2;
	unsigned int i, garbage = 0, of_g = 0;
	int ret = TAP_FAIL;
	struct rig r;
	ssize_t n;

	if (!dec)
		return TAP_FAIL;
	if (avtp_rig(&r, dec))
		goto out;
	((struct sockaddr_in6 *)&honest)->sin6_addr.s6_addr[15] = 1;
	g = honest;
	((struct sockaddr_in6 *)&g)->sin6_addr.s6_addr[15] = 7;
	avtp_enc_init(&e1, 0x1111, true, PYCAN_BATCH_MAX);
	put_xl(buf, CANXL_MAX_DLEN);
	if (avtp_pdus(&e1, buf, 0, s1, l1, 4) != 2)
		goto out;
	fwd_deliver_from(&r.f, s1[0], l1[0], &honest, sizeof(struct sockaddr_in6), 1);
	can_len = put_rec(buf, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x123);
	/* 200 streams from G, each from another port too; one stream each
	 * from 100 other hosts, with garbage from 100 more
	 */
	for (i = 0; i < 200; i++) {
		avtp_enc_init(&e2, 0x5000 + i, true, PYCAN_BATCH_MAX);
		avtp_pdus(&e2, buf, can_len, s2, l2, 4);
		((struct sockaddr_in6 *)&g)->sin6_port = htons((uint16_t)(1000 + i));
		fwd_deliver_from(&r.f, s2[0], l2[0], &g, sizeof(struct sockaddr_in6), 2 + i);
		other = g;
		((struct sockaddr_in6 *)&other)->sin6_addr.s6_addr[14] = (uint8_t)(i + 1);
		if (i < 100)
			fwd_deliver_from(&r.f, s2[0], l2[0], &other, sizeof(struct sockaddr_in6),
					 2 + i);
		else
			fwd_deliver_from(&r.f, s2[0], 3, &other, sizeof(struct sockaddr_in6), 2 + i);
	}
	fwd_deliver_end(&r.f);
	while ((n = recv(r.dev, back, sizeof(back), MSG_DONTWAIT)) > 0)
		got += (size_t)n;
	for (i = 0; i < r.f.peers.n; i++) {
		garbage += !r.f.peers.v[i].avtp;
		of_g += same_addr(&r.f.peers.v[i].addr, &g);
	}
	if (r.f.peers.n != PEERS_MAX || garbage || of_g != FWD_AVTP_PER_ADDR ||
	    got != 300 * can_len) {
		tap_diag("%u talkers, %u of G's, %u for garbage; %zu bytes of the 300 frames' %zu",
			 r.f.peers.n, of_g, garbage, got, 300 * can_len);
		goto out;
	}
	fwd_deliver_from(&r.f, s1[1], l1[1], &honest, sizeof(struct sockaddr_in6), 300);
	fwd_deliver_end(&r.f);
	n = recv(r.dev, back, sizeof(back), MSG_DONTWAIT);
	if (n != (ssize_t)VCANMC_REC_PAD(sizeof(struct vcanmc_rec) + CANXL_MTU)) {
		tap_diag("the talker's CAN XL frame: %zd bytes of records", n);
		goto out;
	}
	/* Garbage from the talker's address is counted for the talker */
	fwd_deliver_from(&r.f, s2[0], 3, &honest, sizeof(struct sockaddr_in6), 301);
	for (i = 0; i < r.f.peers.n && r.f.peers.v[i].stream_id != 0x1111; i++)
		;
	if (i == r.f.peers.n || r.f.peers.v[i].drops != 1 || r.f.peers.v[i].frames != 1) {
		tap_diag("the talker's entry: %s", i == r.f.peers.n ? "gone" : "no drop counted");
		goto out;
	}
	/* One silent for FWD_AVTP_KEEP_MS makes room: the newcomer gets a
	 * place, and its numbers are checked (the same PDU again: dropped)
	 */
	avtp_enc_init(&e2, 0x6000, true, PYCAN_BATCH_MAX);
	avtp_pdus(&e2, buf, can_len, s2, l2, 4);
	other = honest;
	((struct sockaddr_in6 *)&other)->sin6_addr.s6_addr[15] = 99;
	fwd_deliver_from(&r.f, s2[0], l2[0], &other, sizeof(struct sockaddr_in6),
			 2 + FWD_AVTP_KEEP_MS);
	fwd_deliver_from(&r.f, s2[0], l2[0], &other, sizeof(struct sockaddr_in6),
			 3 + FWD_AVTP_KEEP_MS);
	fwd_deliver_end(&r.f);
	n = recv(r.dev, back, sizeof(back), MSG_DONTWAIT);
	if (n != (ssize_t)can_len || r.f.stats.drop[FWD_DROP_DUP] != 1) {
		tap_diag("a new talker after %d ms: %zd bytes of records, %llu duplicates",
			 FWD_AVTP_KEEP_MS, n, (unsigned long long)r.f.stats.drop[FWD_DROP_DUP]);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* One group, one bus (fwd_bus.h): an idle batching link says its bus when
 * it starts and each FWD_BUS_EVERY_MS, not more often; a peer that names
 * another bus is counted and differs for FWD_BUS_STALE_MS after, whatever
 * it sends meanwhile.
 */
static int test_bus(const void *arg)
{
	static const struct pycan_bus other = { 250000, 0, 0 };
	struct pycan_decoder *dec = pycan_decoder_new();
	struct sockaddr_storage ss = { .ss_family = AF_INET };
	struct pycan_bus got;
	struct peer *peer;
	int64_t now;
	struct rig r;
	int ret = TAP_FAIL;

	(void)arg;
	if (!dec)
		return TAP_FAIL;
	if (rig_init_peers(&r, dec, -1, NULL, 0, true, true))
		goto out;
	r.f.bus = (struct pycan_bus){ 500000, 2000000, 0 };
	now = r.f.bus_sent_ms;
	fwd_bus_tick(&r.f, now + FWD_BUS_DUE_MS - 1);
	if (!take_bus(&r, dec, NULL)) {
		tap_diag("a second bus record before its time");
		goto out;
	}
	fwd_bus_tick(&r.f, now + FWD_BUS_DUE_MS);
	if (take_bus(&r, dec, &got) || memcmp(&got, &r.f.bus, sizeof(got))) {
		tap_diag("no bus record after a second, or not the link's bus");
		goto out;
	}
	if (r.f.stats.n[VCANMC_STAT_DATAGRAMS_OUT]) {
		tap_diag("bus records counted as datagrams of the bus");
		goto out;
	}
	now += FWD_BUS_EVERY_MS;
	peer = fwd_peer(&r.f, &ss, sizeof(struct sockaddr_in), now);
	fwd_bus_heard(&r.f, peer, &r.f.bus, now);
	if (fwd_bus_differing(&r.f, now) || r.f.bus_conflicts) {
		tap_diag("a peer on the same bus differs");
		goto out;
	}
	fwd_bus_heard(&r.f, peer, &other, now);
	fwd_bus_heard(&r.f, peer, &other, now + 1);
	if (fwd_bus_differing(&r.f, now + FWD_BUS_STALE_MS) != 1 || r.f.bus_conflicts != 2 ||
	    fwd_bus_differing(&r.f, now + 1 + FWD_BUS_STALE_MS + 1)) {
		tap_diag("a peer on another bus: %u differing, %llu conflicts",
			 fwd_bus_differing(&r.f, now), (unsigned long long)r.f.bus_conflicts);
		goto out;
	}
	/* Anyone can forge a record from its address: one that agrees
	 * right after does not hide that it differed
	 */
	now += 2 * FWD_BUS_STALE_MS;
	fwd_bus_heard(&r.f, peer, &other, now);
	fwd_bus_heard(&r.f, peer, &r.f.bus, now + 1);
	if (fwd_bus_differing(&r.f, now + 2) != 1 ||
	    fwd_bus_differing(&r.f, now + FWD_BUS_STALE_MS + 1)) {
		tap_diag("an agreeing record hid a conflict, or it stayed");
		goto out;
	}
	/* A NORM sender says it only with its frames: its last word holds
	 * while it is idle, until NORM forgets it
	 */
	peer->norm = true;
	now += 2 * FWD_BUS_STALE_MS;
	fwd_bus_heard(&r.f, peer, &other, now);
	if (fwd_bus_unheard(peer, now + 10 * FWD_BUS_STALE_MS) ||
	    fwd_bus_differing(&r.f, now + 10 * FWD_BUS_STALE_MS) != 1) {
		tap_diag("an idle NORM sender's record did not hold");
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* Where a record may not go alone (NORM: a message without frames is
 * garbled to a receiver) it rides at the end of the next batch, counted
 * as no frame and no datagram of the bus's; one taken is no datagram
 * either, but counts for the receiving budget.
 */
static int test_bus_rides(const void *arg)
{
	static const struct pycan_bus other = { 125000, 0, 0 };
	struct pycan_decoder *dec = pycan_decoder_new();
	struct sockaddr_storage ss = { .ss_family = AF_INET };
	static struct pycan_frame fr;
	uint8_t buf[512], dgram[PYCAN_BATCH_MAX];
	size_t len = 0, off = 0;
	struct rig r;
	int ret = TAP_FAIL;
	ssize_t n;

	(void)arg;
	if (!dec)
		return TAP_FAIL;
	if (rig_init_peers(&r, dec, -1, NULL, 0, true, true))
		goto out;
	r.f.tp->records_alone = false;
	r.f.bus = other;
	fwd_bus_changed(&r.f);
	fwd_bus_tick(&r.f, now_ms());
	if (recv(r.group, dgram, sizeof(dgram), MSG_DONTWAIT) >= 0) {
		tap_diag("a record went alone");
		goto out;
	}
	len += put_rec(buf + len, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x123);
	if (write(r.dev, buf, len) != (ssize_t)len || loop_run_once(&r.loop, 1000))
		goto out;
	n = recv(r.group, dgram, sizeof(dgram), MSG_DONTWAIT);
	if (n <= 0 || pycan_decode_batch(dec, dgram, (size_t)n, &off, &fr, NULL) ||
	    fr.kind != PYCAN_CAN || fr.cf.can_id != 0x123 ||
	    pycan_decode_batch(dec, dgram, (size_t)n, &off, &fr, NULL) || fr.kind != PYCAN_BUS ||
	    off != (size_t)n || memcmp(&fr.bus, &other, sizeof(other))) {
		tap_diag("the record did not ride at the end of the frame's batch");
		goto out;
	}
	if (r.f.stats.n[VCANMC_STAT_DATAGRAMS_OUT] != 1 || r.f.bus_records_out != 2) {
		tap_diag("datagrams out %llu, records out %llu: want 1 and 2",
			 (unsigned long long)r.f.stats.n[VCANMC_STAT_DATAGRAMS_OUT],
			 (unsigned long long)r.f.bus_records_out);
		goto out;
	}
	/* A datagram of a record alone, taken */
	n = pycan_bus_encode(dgram, sizeof(dgram), &other);
	if (n <= 0 || fwd_deliver_from(&r.f, dgram, (size_t)n, &ss, sizeof(struct sockaddr_in),
				       now_ms()) != 1) {
		tap_diag("a datagram of one record counts nothing for the budget");
		goto out;
	}
	fwd_deliver_end(&r.f);
	if (r.f.stats.n[VCANMC_STAT_DATAGRAMS_IN] || r.f.stats.n[VCANMC_STAT_FRAMES_IN] ||
	    r.f.bus_records_in != 1 || fwd_bus_differing(&r.f, now_ms())) {
		tap_diag("a record taken: datagrams in %llu, frames in %llu, records in %llu",
			 (unsigned long long)r.f.stats.n[VCANMC_STAT_DATAGRAMS_IN],
			 (unsigned long long)r.f.stats.n[VCANMC_STAT_FRAMES_IN],
			 (unsigned long long)r.f.bus_records_in);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

/* A link found down was never attached: its fwd has no loop, no file and
 * no transport, and stopping it (the link deleted, SIGHUP, the daemon
 * stopping) must touch none of them.
 */
static int test_stop_unstarted(const void *arg)
{
	struct fwd f;
	uint64_t n[VCANMC_STAT_CNT];

	(void)arg;
	memset(&f, 0, sizeof(f));
	fwd_init(&f);
	fwd_stop(&f);
	fwd_stop(&f);
	fwd_counters(&f, n);
	return f.dev_fd == -1 && !f.tp && !n[VCANMC_STAT_CAN_OVERFLOW] ? TAP_PASS : TAP_FAIL;
}

/* A batch datagram of 1200 one-byte maps costs the decoding of what a
 * batch may hold, not 1200: the rest is one malformed drop. A full honest
 * batch (PYCAN_BATCH_FRAMES_MAX frames and a bus record) is all taken.
 */
static int test_batch_maps_bounded(const void *data)
{
	struct pycan_decoder *dec = pycan_decoder_new();
	static uint8_t junk[PYCAN_BATCH_MAX], batch[PYCAN_BATCH_MAX];
	struct canfd_frame cf = { .can_id = 0x123, .len = 1 };
	struct pycan_bus bus = { 125000, 0, 0 };
	uint8_t tmp[PYCAN_ENC_MAX];
	struct peer peer = { 0 };
	unsigned int maps, i;
	size_t len = 0;
	struct rig r;
	int ret = TAP_FAIL, n;

	if (!dec || rig_init_peers(&r, dec, -1, NULL, 0, true, true))
		return TAP_FAIL;
	memset(junk, 0x80, sizeof(junk));
	maps = fwd_deliver(&r.f, junk, sizeof(junk), &peer);
	fwd_deliver_end(&r.f);
	tap_diag("maps decoded of a 1200-byte datagram of empty maps: %u", maps);
	if (maps > PYCAN_BATCH_FRAMES_MAX + 2 ||
	    r.f.stats.drop[PYCAN_DROP_MALFORMED] + r.f.stats.drop[PYCAN_DROP_FOREIGN] > maps)
		goto out;
	/* as many of the smallest frames as fit beside a bus record */
	for (i = 0; i < PYCAN_BATCH_FRAMES_MAX; i++) {
		cf.data[0] = (uint8_t)i;
		n = pycan_encode(tmp, sizeof(tmp), &cf, false, 1.0);
		if (n < 0)
			goto out;
		if (len + (size_t)n + PYCAN_BUS_ENC_MAX > PYCAN_BATCH_MAX)
			break;
		memcpy(batch + len, tmp, (size_t)n);
		len += (size_t)n;
	}
	n = pycan_bus_encode(batch + len, sizeof(batch) - len, &bus);
	if (i < PYCAN_BATCH_FRAMES_MAX - 1 || n <= 0)
		goto out;
	len += (size_t)n;
	memset(&peer, 0, sizeof(peer));
	maps = fwd_deliver(&r.f, batch, len, &peer);
	fwd_deliver_end(&r.f);
	tap_diag("a full batch of %zu bytes: %u maps, %llu frames taken", len, maps,
		 (unsigned long long)peer.frames);
	if (maps != i + 1 || peer.frames != i)
		goto out;
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

void test_forward_register(void)
{
	tap_add(test_batch_maps_bounded, NULL,
		"forward: a batch datagram costs what a batch holds, however many maps it has");
	tap_add(test_bus, NULL,
		"forward: a batching link says its bus each second; one that differs is told");
	tap_add(test_bus_rides, NULL,
		"forward: a record rides with frames where it may not go alone; none is a datagram");
	tap_add(test_stop_unstarted, NULL,
		"forward: a link never attached stops without a loop, file or transport");
	tap_add(test_long_record, NULL, "forward: a CAN record too long for a frame is a counted drop");
	tap_add(test_no_dests, NULL, "forward: no group and no peer: nothing sent, all counted");
	tap_add(test_peers_send, NULL,
		"forward: a datagram to the group and to each peer, not to this host's port");
	tap_add(test_udp_overflow_total, NULL, "forward: udp_overflow keeps counting over new sockets");
	tap_add(test_xl, NULL,
		"forward: CAN XL frames as XL records in batches, into CAN XL links only");
	tap_add(test_avtp, NULL,
		"forward: IEEE 1722 PDUs both ways, XL in segments, duplicates and bus ids counted");
	tap_add(test_avtp_streams, NULL,
		"forward: IEEE 1722 talkers by address and stream; one started anew is taken");
	tap_add(test_avtp_talkers, NULL,
		"forward: IEEE 1722: many new streams and garbage push out no talker mid-frame");
}
