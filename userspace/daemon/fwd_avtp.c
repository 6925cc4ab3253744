// SPDX-License-Identifier: GPL-2.0
/*
 * The data path of encap ieee1722 (forward.h): a link's frames into IEEE
 * 1722 PDUs, as many ACF messages to a PDU as fit (a CAN XL frame in
 * segments where it must), and PDUs back into frames, each talker's
 * sequence numbers checked: a duplicated PDU is dropped, lost, late and
 * duplicated ones are counted per talker.
 */
#include <errno.h>
#include <string.h>
#include <linux/can.h>
#include <linux/vcanmc.h>
#include <netinet/in.h>
#include <netpacket/packet.h>

#include "addr.h"
#include "forward.h"
#include "fwd_avtp.h"
#include "log.h"
#include "transport.h"

#define REC_HDR		sizeof(struct vcanmc_rec)

static struct ratelimit rl_drop;
static struct ratelimit rl_untracked;

/* The frame of a CAN XL record: at most struct canxl_frame's size */
static union {
	struct canfd_frame fd;
	struct canxl_frame xl;
} frame;

struct pdus {
	struct fwd *f;
	struct avtp_enc *e;
	size_t pos;		/* where the open PDU is in f->out_buf */
	unsigned int k;		/* PDUs closed */
	unsigned int frames;	/* frames ended in the open PDU */
	bool open;
};

static bool pdu_open(struct pdus *p)
{
	if (p->open)
		return true;
	if (p->k >= FWD_BATCH || p->pos + p->e->max_pdu > sizeof(p->f->out_buf))
		return false;
	avtp_enc_start(p->e, p->f->out_buf + p->pos);
	p->open = true;
	return true;
}

static void pdu_close(struct pdus *p)
{
	size_t n;

	if (!p->open)
		return;
	p->open = false;
	n = avtp_enc_finish(p->e);
	if (!n)
		return;
	p->f->out_cnt[p->k] = (uint8_t)p->frames;
	p->f->out_iov[p->k++] = (struct iovec){ p->f->out_buf + p->pos, n };
	p->pos += n;
	p->frames = 0;
}

/* Puts the frame in frame.fd or frame.xl into PDUs: 0, or -EINVAL if it
 * cannot be carried, -ENOSPC if the link's buffer is full.
 */
static int put_frame(struct pdus *p, uint8_t type, uint64_t tstamp)
{
	unsigned int bus = p->f->tp->cfg.bus_id;
	int ret, tries;

	/* A PDU that cannot take it is closed and a new one always can:
	 * an XL frame goes on in the next, segment by segment.
	 */
	for (tries = 0; tries < 4 * (CANXL_MAX_DLEN / AVTP_XL_SEG_MIN); tries++) {
		if (!pdu_open(p))
			return -ENOSPC;
		if (type == VCANMC_REC_CANXL)
			ret = avtp_enc_xl(p->e, &frame.xl, tstamp, bus);
		else
			ret = avtp_enc_can(p->e, &frame.fd, type == VCANMC_REC_CANFD, tstamp, bus);
		if (ret != -ENOSPC)
			break;
		pdu_close(p);
	}
	if (!ret)
		p->frames++;
	return ret;
}

/* A CAN or CAN FD record carries exactly one frame of its type, a CAN XL
 * record one of its length (uapi): so the frame copied into @frame is
 * whole, and the encoder reads none of an earlier one's bytes.
 */
static bool rec_ok(const struct vcanmc_rec *rec)
{
	size_t flen = rec->len - REC_HDR;

	if (rec->type == VCANMC_REC_CAN)
		return flen == CAN_MTU;
	if (rec->type == VCANMC_REC_CANFD)
		return flen == CANFD_MTU;
	return flen >= CANXL_HDR_SIZE && flen <= sizeof(frame.xl) &&
	       flen == CANXL_HDR_SIZE + (size_t)frame.xl.len;
}

unsigned int fwd_avtp_encode(struct fwd *f, const uint8_t *buf, size_t len)
{
	struct pdus p = { .f = f, .e = &f->tp->enc };
	unsigned int frames = 0;
	struct vcanmc_rec rec;
	size_t off = 0;
	int ret;

	while (off + REC_HDR <= len) {
		memcpy(&rec, buf + off, REC_HDR);
		if (rec.len < REC_HDR || rec.len > len - off)
			break;	/* cannot be: the kernel writes whole records */
		off += VCANMC_REC_PAD(rec.len);
		if (rec.type != VCANMC_REC_CAN && rec.type != VCANMC_REC_CANFD &&
		    rec.type != VCANMC_REC_CANXL)
			continue;	/* a type this daemon does not know */
		frames++;
		/* No memset of 2 KiB per frame: a whole record fills what
		 * the encoder reads
		 */
		memcpy(&frame, buf + off - VCANMC_REC_PAD(rec.len) + REC_HDR,
		       rec.len - REC_HDR < sizeof(frame) ? rec.len - REC_HDR : sizeof(frame));
		if (!rec_ok(&rec)) {
			fwd_drop(f, FWD_DROP_ENCODE, 1);
			continue;
		}
		ret = put_frame(&p, rec.type, rec.tstamp);
		if (ret)
			fwd_drop(f, FWD_DROP_ENCODE, 1);	/* error frames */
	}
	pdu_close(&p);
	f->out_n = p.k;
	f->out_done = 0;
	return frames;
}

static void log_drop(const struct fwd *f, const struct sockaddr_storage *from,
		     unsigned int reason)
{
	char addr[VCANMC_ADDRSTRLEN];
	uint64_t missed;

	if (!ratelimit_ok(&rl_drop, &missed))
		return;
	log_warn("%s: dropped a PDU or message from %s: %s (%llu more drops not logged)", f->name,
		 vcanmc_addr_str((const struct sockaddr *)from, addr, sizeof(addr)),
		 fwd_drop_name(reason), (unsigned long long)missed);
}

static void count_drop(struct fwd *f, struct peer *peer, unsigned int reason)
{
	fwd_drop(f, reason, 1);
	peer->drops++;
	log_drop(f, &peer->addr, reason);
}

/* The same IP address, or over Ethernet the same MAC address */
static bool same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	const struct sockaddr_ll *la = (const void *)a, *lb = (const void *)b;

	if (a->ss_family != b->ss_family)
		return false;
	switch (a->ss_family) {
	case AF_INET:
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	case AF_INET6:
		return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			       &((const struct sockaddr_in6 *)b)->sin6_addr, sizeof(struct in6_addr));
	case AF_PACKET:
		return la->sll_halen == lb->sll_halen && la->sll_halen <= sizeof(la->sll_addr) &&
		       !memcmp(la->sll_addr, lb->sll_addr, la->sll_halen);
	}
	return false;
}

/* A PDU dropped whole before it has a talker (its stream is unknown):
 * counted for the first talker at its address (any port), if there is
 * one, and the log names the address
 */
static void drop_pdu(struct fwd *f, const struct sockaddr_storage *src, unsigned int reason)
{
	struct peers *peers = fwd_peers(f);
	unsigned int i;

	fwd_drop(f, reason, 1);
	log_drop(f, src, reason);
	for (i = 0; i < peers->n; i++) {
		if (same_host(&peers->v[i].addr, src)) {
			peers->v[i].drops++;
			return;
		}
	}
}

/* A talker's PDU @buf of @len bytes: is it one to take? Counts what its
 * sequence number says.
 */
static bool in_sequence(struct fwd *f, struct peer *peer, const struct avtp_pdu *pdu,
			const uint8_t *buf, size_t len, int64_t now)
{
	bool udp = f->tp->avtp_udp;

	switch (avtp_seq_check(&peer->seq, udp ? pdu->encap_seq : pdu->seq, udp ? 32 : 8,
			       avtp_print(buf, len), (uint32_t)now, NULL)) {
	case AVTP_SEQ_DUPLICATE:
		count_drop(f, peer, FWD_DROP_DUP);
		return false;
	case AVTP_SEQ_RESTART:
		avtp_xl_rx_reset(&peer->xl);
		return true;
	default:
		return true;
	}
}

/* A talker is its address and its stream: a gateway sends one stream per
 * bus from one address, each numbered on its own. The key is the address,
 * then the stream id behind it (vcanmc_addr_str() shows the address).
 *
 * Its entry holds its sequence numbers and the CAN XL frame it is sending:
 * a new talker takes the place only of one silent for FWD_AVTP_KEEP_MS, so
 * that a host sending under many streams cannot push out one that talks
 * (before, 64 new streams between two segments lost its frame, and its
 * numbers: a replayed PDU was taken again); and one address holds
 * FWD_AVTP_PER_ADDR places at most, its next stream taking the place of
 * its own least lately heard only if that one is silent too, so that one
 * host cannot hold every place and keep new talkers out. A PDU that is
 * none takes no place at all (before, it made one). NULL: no place
 * (untracked()).
 */
static struct peer *talker(struct fwd *f, const struct sockaddr_storage *src, socklen_t srclen,
			   const struct avtp_pdu *pdu, int64_t now)
{
	struct sockaddr_storage key = { 0 };
	static const struct peers_keep keep = {
		.ms = FWD_AVTP_KEEP_MS, .same_host = same_host, .per_host = FWD_AVTP_PER_ADDR,
	};
	struct peer *peer;

	if (srclen > sizeof(key) - sizeof(pdu->stream_id))
		srclen = sizeof(key) - sizeof(pdu->stream_id);
	/* Not *src whole: eth.c's is a struct sockaddr_ll */
	memcpy(&key, src, srclen);
	memcpy((uint8_t *)&key + srclen, &pdu->stream_id, sizeof(pdu->stream_id));
	peer = peers_take(fwd_peers(f), &key, srclen + sizeof(pdu->stream_id), now, &keep);
	if (!peer)
		return NULL;
	peer->last_ms = now;
	if (!peer->avtp) {
		peer->avtp = true;
		peer->stream_id = pdu->stream_id;
	}
	return peer;
}

/* A talker with no place, while PEERS_MAX talk: its PDU is taken all the
 * same, alone (no sequence numbers to check it against, no CAN XL frame
 * begun in an earlier one), and logged.
 */
static struct peer *untracked(struct fwd *f, const struct sockaddr_storage *src,
			      socklen_t srclen, const struct avtp_pdu *pdu)
{
	static struct peer scratch;
	char addr[VCANMC_ADDRSTRLEN];
	uint64_t missed;

	if (ratelimit_ok(&rl_untracked, &missed))
		log_warn("%s: no room for talker %s, stream %#llx (%d talkers per address, "
			 "%d in all, each kept %d ms after it was heard); "
			 "its PDUs are taken without sequence checks",
			 f->name, vcanmc_addr_str((const struct sockaddr *)src, addr, sizeof(addr)),
			 (unsigned long long)pdu->stream_id, FWD_AVTP_PER_ADDR, PEERS_MAX,
			 FWD_AVTP_KEEP_MS);
	if (srclen > sizeof(scratch.addr))
		srclen = sizeof(scratch.addr);
	memset(&scratch, 0, sizeof(scratch));
	memcpy(&scratch.addr, src, srclen);
	scratch.addr_len = srclen;
	scratch.avtp = true;
	scratch.stream_id = pdu->stream_id;
	return &scratch;
}

unsigned int fwd_avtp_take(struct fwd *f, const uint8_t *buf, size_t len,
			   const struct sockaddr_storage *src, socklen_t srclen, int64_t now)
{
	unsigned int frames = 0;
	struct avtp_frame fr;
	enum avtp_drop drop;
	struct avtp_pdu pdu;
	struct peer *peer;
	enum avtp_msg msg;

	/* No PDU is longer: what is must not cost a message's work per
	 * 4 bytes of 64 KiB (a TSCF length has 16 bits)
	 */
	if (len > FWD_AVTP_PDU_MAX) {
		drop_pdu(f, src, PYCAN_DROP_OVERSIZE);
		return 1;
	}
	drop = avtp_parse(&pdu, buf, len, f->tp->avtp_udp);
	if (drop) {
		drop_pdu(f, src, fwd_drop_avtp(drop));
		return 1;
	}
	peer = talker(f, src, srclen, &pdu, now);
	if (!peer)
		peer = untracked(f, src, srclen, &pdu);
	if (!in_sequence(f, peer, &pdu, buf, len, now))
		return 1;
	while ((msg = avtp_next(&pdu, f->tp->cfg.bus_id, &fr, &peer->xl, &drop)) != AVTP_MSG_END) {
		switch (msg) {
		case AVTP_MSG_CAN:
			frames++;
			if (fr.fd && f->classic) {
				count_drop(f, peer, FWD_DROP_FD_ON_CLASSIC);
				break;
			}
			peer->frames++;
			fwd_push(f, fr.fd ? VCANMC_REC_CANFD : VCANMC_REC_CAN, &fr.cf,
				 fr.fd ? CANFD_MTU : CAN_MTU);
			break;
		case AVTP_MSG_XL:
			frames++;
			if (!f->xl) {
				count_drop(f, peer, FWD_DROP_XL_ON_NON_XL);
				break;
			}
			peer->frames++;
			fwd_push(f, VCANMC_REC_CANXL, &peer->xl.xf, CANXL_HDR_SIZE + peer->xl.xf.len);
			break;
		case AVTP_MSG_DROP:
			frames++;
			count_drop(f, peer, fwd_drop_avtp(drop));
			break;
		default:
			break;
		}
	}
	return frames ? frames : 1;
}
