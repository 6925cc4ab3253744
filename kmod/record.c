// SPDX-License-Identifier: GPL-2.0
/*
 * Records of the attach interface: a struct vcanmc_rec header, then one
 * CAN, CAN FD or CAN XL frame (include/uapi/linux/vcanmc.h). Frames the
 * helper reads are copied out of transmitted skbs; frames it writes become
 * skbs for the receive path, checked as strictly as CAN_RAW checks what a
 * socket sends.
 */

#include <linux/can.h>
#include <linux/can/dev.h>
#include <linux/can/skb.h>
#include <linux/if_ether.h>
#include <linux/uio.h>
#include <uapi/linux/vcanmc.h>

#include "record.h"

static const u8 vcanmc_zeros[VCANMC_REC_ALIGN];

/* The transmit path let only valid frames through, typed by protocol.
 * The timeline's types are the plain ones, shifted.
 */
static u8 vcanmc_rec_type(const struct sk_buff *skb)
{
	switch (ntohs(skb->protocol)) {
	case ETH_P_CANXL:
		return VCANMC_REC_CANXL;
	case ETH_P_CANFD:
		return VCANMC_REC_CANFD;
	default:
		return VCANMC_REC_CAN;
	}
}

#define VCANMC_REC_TL_SHIFT	(VCANMC_REC_TL_CAN - VCANMC_REC_CAN)
static_assert(VCANMC_REC_TL_CANFD - VCANMC_REC_CANFD == VCANMC_REC_TL_SHIFT);
static_assert(VCANMC_REC_TL_CANXL - VCANMC_REC_CANXL == VCANMC_REC_TL_SHIFT);

/* A record of @type: the header, @extra zeroed bytes, then @skb's frame */
static struct vcanmc_rec *vcanmc_rec_new(const struct sk_buff *skb, u8 type, size_t extra,
					 ktime_t tstamp, gfp_t gfp)
{
	size_t len = sizeof(struct vcanmc_rec) + extra + skb->len;
	struct vcanmc_rec *rec;

	rec = kmalloc(len, gfp);
	if (!rec)
		return NULL;
	*rec = (struct vcanmc_rec) {
		.len		= len,
		.version	= VCANMC_REC_VERSION,
		.type		= type,
		.tstamp		= ktime_to_ns(tstamp),
	};
	memset(rec + 1, 0, extra);
	skb_copy_bits(skb, 0, (u8 *)(rec + 1) + extra, skb->len);
	return rec;
}

/* The record of a transmitted frame, ended at @tstamp, as read() gives it;
 * allocated with @gfp, freed with kfree(). NULL when out of memory.
 */
struct vcanmc_rec *vcanmc_rec_make(const struct sk_buff *skb, ktime_t tstamp, gfp_t gfp)
{
	return vcanmc_rec_new(skb, vcanmc_rec_type(skb), 0, tstamp, gfp);
}

/* The timeline's record of a sent frame: its struct vcanmc_rec_tl zeroed,
 * for the caller to fill in when it stamps the frame (vcanmc_rec_tl()).
 */
struct vcanmc_rec *vcanmc_rec_make_tl(const struct sk_buff *skb, gfp_t gfp)
{
	return vcanmc_rec_new(skb, vcanmc_rec_type(skb) + VCANMC_REC_TL_SHIFT,
			      sizeof(struct vcanmc_rec_tl), 0, gfp);
}

/* Copies @rec out, padded as far as @to has room. Returns the bytes
 * written or -EFAULT.
 */
int vcanmc_rec_put(const struct vcanmc_rec *rec, struct iov_iter *to)
{
	size_t pad;

	if (copy_to_iter(rec, rec->len, to) != rec->len)
		return -EFAULT;
	pad = min_t(size_t, VCANMC_REC_PAD(rec->len) - rec->len, iov_iter_count(to));
	if (copy_to_iter(vcanmc_zeros, pad, to) != pad)
		return -EFAULT;
	return rec->len + pad;
}

/* A CAN skb for the receive path with @flen zeroed bytes of frame at
 * *@frame, laid out as alloc_can_skb() lays it out, but allocated in
 * process context and charged to the writer's memory cgroup. Its device
 * is set when it is delivered (vcanmc_rec_set_dev()): the copy from the
 * writer may sleep, and holds no reference to the device meanwhile.
 */
static struct sk_buff *vcanmc_rec_skb(u16 proto, unsigned int flen, void **frame)
{
	struct sk_buff *skb;

	skb = alloc_skb(sizeof(struct can_skb_priv) + flen, GFP_KERNEL_ACCOUNT);
	if (!skb)
		return NULL;
	skb->protocol = htons(proto);
	skb->pkt_type = PACKET_BROADCAST;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	memset(skb->data, 0, sizeof(struct can_skb_priv));
	can_skb_reserve(skb);
	*frame = skb_put_zero(skb, flen);
	return skb;
}

void vcanmc_rec_set_dev(struct sk_buff *skb, struct net_device *dev)
{
	skb->dev = dev;
	can_skb_prv(skb)->ifindex = dev->ifindex;
}

/* An skb for a frame of @type and @flen bytes that @dev may carry, with
 * *@frame pointing at where the frame goes, or an ERR_PTR.
 */
static struct sk_buff *vcanmc_rec_alloc(unsigned int mtu, u8 type,
					unsigned int flen, void **frame)
{
	struct sk_buff *skb;

	switch (type) {
	case VCANMC_REC_CAN:
		if (flen != CAN_MTU)
			return ERR_PTR(-EINVAL);
		skb = vcanmc_rec_skb(ETH_P_CAN, flen, frame);
		break;
	case VCANMC_REC_CANFD:
		if (flen != CANFD_MTU ||
		    (mtu != CANFD_MTU && !can_is_canxl_dev_mtu(mtu)))
			return ERR_PTR(-EINVAL);
		skb = vcanmc_rec_skb(ETH_P_CANFD, flen, frame);
		break;
	case VCANMC_REC_CANXL:
		if (!can_is_canxl_dev_mtu(mtu) || flen > mtu ||
		    flen < CANXL_HDR_SIZE + CANXL_MIN_DLEN || flen > CANXL_MTU)
			return ERR_PTR(-EINVAL);
		skb = vcanmc_rec_skb(ETH_P_CANXL, flen, frame);
		break;
	default:
		return ERR_PTR(-EINVAL);
	}
	return skb ?: ERR_PTR(-ENOMEM);
}

/* After the copy: the frame's own length must agree with its type. */
static bool vcanmc_frame_valid(struct sk_buff *skb, u8 type)
{
	switch (type) {
	case VCANMC_REC_CAN:
		return can_is_can_skb(skb);
	case VCANMC_REC_CANFD:
		/* as can_send() marks every CAN FD frame */
		((struct canfd_frame *)skb->data)->flags |= CANFD_FDF;
		return can_is_canfd_skb(skb);
	default:
		return can_is_canxl_skb(skb);
	}
}

/* The header of the next record of @from, checked for what every written
 * record must be: 0 or -EINVAL, -EFAULT.
 */
static int vcanmc_rec_head(struct iov_iter *from, struct vcanmc_rec *rec)
{
	size_t avail = iov_iter_count(from);

	if (avail < sizeof(*rec))
		return -EINVAL;
	if (!copy_from_iter_full(rec, sizeof(*rec), from))
		return -EFAULT;
	if (rec->version != VCANMC_REC_VERSION || rec->flags || rec->tstamp ||
	    rec->len < sizeof(*rec) || rec->len > avail)
		return -EINVAL;
	return 0;
}

/* A frame of @type and @flen bytes off @from, as an skb. */
static int vcanmc_rec_frame(unsigned int mtu, u8 type, unsigned int flen,
			    struct iov_iter *from, struct sk_buff **skbp)
{
	struct sk_buff *skb;
	void *frame;

	skb = vcanmc_rec_alloc(mtu, type, flen, &frame);
	if (IS_ERR(skb))
		return PTR_ERR(skb);
	if (!copy_from_iter_full(frame, flen, from)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	if (!vcanmc_frame_valid(skb, type)) {
		kfree_skb(skb);
		return -EINVAL;
	}
	*skbp = skb;
	return 0;
}

/* Skips the padding after @rec: the bytes it took in all. */
static size_t vcanmc_rec_skip_pad(const struct vcanmc_rec *rec, struct iov_iter *from)
{
	size_t pad = min_t(size_t, VCANMC_REC_PAD(rec->len) - rec->len, iov_iter_count(from));

	iov_iter_advance(from, pad);
	return rec->len + pad;
}

/* Takes one record off @from: *@skbp is its frame, valid on a device of
 * MTU @mtu, ready for the receive path once it has a device, and *@len
 * the bytes it took, padding included. -EINVAL for a record that is not
 * valid, -EFAULT, -ENOMEM; then nothing is delivered.
 */
int vcanmc_rec_get(unsigned int mtu, struct iov_iter *from,
		   struct sk_buff **skbp, size_t *len)
{
	struct vcanmc_rec rec;
	int err;

	err = vcanmc_rec_head(from, &rec);
	if (err)
		return err;
	err = vcanmc_rec_frame(mtu, rec.type, rec.len - sizeof(rec), from, skbp);
	if (err)
		return err;
	*len = vcanmc_rec_skip_pad(&rec, from);
	return 0;
}

/* Takes one record of the timeline off @from into @in: another member's
 * frame (@in->skb) or a frontier (@in->skb NULL). Errors as
 * vcanmc_rec_get(); the fields' values are the caller's to check.
 */
int vcanmc_rec_get_tl(unsigned int mtu, struct iov_iter *from,
		      struct vcanmc_rec_tl_in *in, size_t *len)
{
	struct vcanmc_rec rec;
	unsigned int flen;
	int err;

	err = vcanmc_rec_head(from, &rec);
	if (err)
		return err;
	flen = rec.len - sizeof(rec);
	in->skb = NULL;
	in->hold = NULL;
	switch (rec.type) {
	case VCANMC_REC_FRONTIER:
		if (flen != sizeof(in->frontier))
			return -EINVAL;
		if (!copy_from_iter_full(&in->frontier, sizeof(in->frontier), from))
			return -EFAULT;
		break;
	case VCANMC_REC_TL_CAN:
	case VCANMC_REC_TL_CANFD:
	case VCANMC_REC_TL_CANXL:
		if (flen < sizeof(in->tl))
			return -EINVAL;
		if (!copy_from_iter_full(&in->tl, sizeof(in->tl), from))
			return -EFAULT;
		if (in->tl.reserved)
			return -EINVAL;
		err = vcanmc_rec_frame(mtu, rec.type - VCANMC_REC_TL_SHIFT,
				       flen - sizeof(in->tl), from, &in->skb);
		if (err)
			return err;
		break;
	default:
		return -EINVAL;
	}
	*len = vcanmc_rec_skip_pad(&rec, from);
	return 0;
}
