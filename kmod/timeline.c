// SPDX-License-Identifier: GPL-2.0
/*
 * The timeline of a VCANMC_ORDER_GLOBAL device, without a bit rate
 * (Documentation/timeline.md): every frame, local or another member's, is
 * held until the helper's frontier passes its submit time; then the frames
 * go out by (submit time, member, seq), the same order on every member
 * whose helper gives the same frontiers over the same frames.
 *
 * A local frame is stamped in ndo_start_xmit, under tl->lock, with a
 * submit time above every earlier one, every watermark and every frontier
 * given, and its record goes to the helper under the same lock: so a
 * watermark, taken under the lock, follows every record of a frame stamped
 * up to it. Nothing is dropped once stamped: the queue stops, before the
 * next stamp, when the local frames or the helper's queue are full. What
 * goes out goes through the device's echo queue (device.c), in the order
 * it was released, to be handed to the stack by its NAPI poll.
 *
 * The helper's file and the device are tied as attach.c says: the writes
 * that reach here run in an RCU section that found the file still attached
 * and the device running, and a detach waits for them (synchronize_net())
 * before it purges what is held. Going down does not always wait (no
 * synchronize_net() in dev_deactivate for a device without a qdisc since
 * 6.14): tl->quiesced, set under tl->lock when it starts, keeps writes out
 * from then until the device is up again.
 */

#include <linux/can/skb.h>
#include <linux/net.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <uapi/linux/vcanmc.h>

#include "attach.h"
#include "device.h"
#include "record.h"
#include "timeline.h"

struct vcanmc_tl_frame {
	struct rb_node node;
	s64 submit;
	u32 member;			/* 0: local */
	u64 seq;
	struct sk_buff *skb;		/* local: as sent; else: to deliver */
	struct sk_buff *echo;		/* local: its echo, if it has one */
};

static struct kmem_cache *vcanmc_tl_cache;
static siphash_key_t vcanmc_tl_node_key;

void vcanmc_tl_init(struct vcanmc_tl *tl)
{
	spin_lock_init(&tl->lock);
	tl->held = RB_ROOT_CACHED;
	/* until the device is up and its NAPI enabled: vcanmc_tl_open() */
	tl->quiesced = true;
}

static struct vcanmc_tl *vcanmc_tl(struct net_device *dev)
{
	return &((struct vcanmc_priv *)netdev_priv(dev))->tl;
}

/* The order frames go out in. A local frame's member is the host's. */
static bool vcanmc_tl_less(const struct vcanmc_tl *tl, const struct vcanmc_tl_frame *a,
			   const struct vcanmc_tl_frame *b)
{
	u32 ma = a->member ?: tl->member, mb = b->member ?: tl->member;

	if (a->submit != b->submit)
		return a->submit < b->submit;
	if (ma != mb)
		return ma < mb;
	return a->seq < b->seq;
}

/* Inserts @fr, unless a frame of the same place is held: -EEXIST. */
static int vcanmc_tl_insert(struct vcanmc_tl *tl, struct vcanmc_tl_frame *fr)
{
	struct rb_node **p = &tl->held.rb_root.rb_node, *parent = NULL;
	bool leftmost = true;
	struct vcanmc_tl_frame *o;

	while (*p) {
		parent = *p;
		o = rb_entry(parent, struct vcanmc_tl_frame, node);
		if (vcanmc_tl_less(tl, fr, o)) {
			p = &parent->rb_left;
		} else if (vcanmc_tl_less(tl, o, fr)) {
			p = &parent->rb_right;
			leftmost = false;
		} else {
			return -EEXIST;
		}
	}
	rb_link_node(&fr->node, parent, p);
	rb_insert_color_cached(&fr->node, &tl->held, leftmost);
	return 0;
}

/* Whether another local frame can be stamped, for helper file @f. */
static bool vcanmc_tl_room_for(struct vcanmc_tl *tl, struct vcanmc_file *f)
{
	return tl->n_local < VCANMC_BUS_SLOTS && vcanmc_attach_tl_room(f);
}

/* Wakes the queue if it was stopped and there is room again. tl->lock. */
static void vcanmc_tl_wake(struct net_device *dev, struct vcanmc_tl *tl)
{
	if (!tl->quiesced && netif_queue_stopped(dev) &&
	    vcanmc_tl_room_for(tl, vcanmc_attach_tl_file(dev)))
		netif_wake_queue(dev);
}

/* RTNL: a helper attached with VCANMC_IOC_ATTACH_TL, as @member. */
void vcanmc_tl_start(struct net_device *dev, u32 member)
{
	struct vcanmc_tl *tl = vcanmc_tl(dev);

	/* The frontier stays: what went out before went out, and a new
	 * helper's frames and frontiers come after it.
	 */
	spin_lock_bh(&tl->lock);
	tl->member = member;
	spin_unlock_bh(&tl->lock);
}

void vcanmc_tl_open(struct net_device *dev)
{
	struct vcanmc_tl *tl = vcanmc_tl(dev);

	spin_lock_bh(&tl->lock);
	tl->quiesced = false;
	spin_unlock_bh(&tl->lock);
}

/* NETDEV_GOING_DOWN: no wake-up any more (device.c stops the queue), and
 * nothing more for the echo queue, which ndo_stop empties: the core does
 * not always wait for writers in between (no synchronize_net() for a
 * device without a qdisc since 6.14).
 */
void vcanmc_tl_quiesce(struct net_device *dev)
{
	struct vcanmc_tl *tl = vcanmc_tl(dev);

	spin_lock_bh(&tl->lock);
	tl->quiesced = true;
	spin_unlock_bh(&tl->lock);
}

static void vcanmc_tl_free(struct vcanmc_tl_frame *fr)
{
	kfree_skb(fr->echo);
	kfree_skb(fr->skb);
	kmem_cache_free(vcanmc_tl_cache, fr);
}

/* The helper detached or the device went down: what is held is dropped,
 * counted. Nothing adds to it meanwhile (see the top of this file). A
 * queue stopped for want of room is woken, so that what the qdisc holds is
 * dropped by vcanmc_tl_xmit(), counted, rather than kept for a helper
 * that may never come.
 */
void vcanmc_tl_purge(struct net_device *dev)
{
	struct vcanmc_tl *tl = vcanmc_tl(dev);
	struct vcanmc_tl_frame *fr, *next;
	struct rb_root_cached held;

	spin_lock_bh(&tl->lock);
	held = tl->held;
	tl->held = RB_ROOT_CACHED;
	DEV_STATS_ADD(dev, tx_dropped, tl->n_local);
	DEV_STATS_ADD(dev, rx_dropped, tl->n_remote);
	tl->n_local = 0;
	tl->n_remote = 0;
	if (!tl->quiesced && netif_running(dev) && netif_queue_stopped(dev))
		netif_wake_queue(dev);
	spin_unlock_bh(&tl->lock);

	rbtree_postorder_for_each_entry_safe(fr, next, &held.rb_root, node)
		vcanmc_tl_free(fr);
}

/* The sending socket, as a number that says nothing of kernel addresses */
static u64 vcanmc_tl_node(const struct sk_buff *skb)
{
	if (!skb->sk)
		return 0;
	net_get_random_once(&vcanmc_tl_node_key, sizeof(vcanmc_tl_node_key));
	return siphash_1u64((u64)(unsigned long)skb->sk, &vcanmc_tl_node_key) ?: 1;
}

/* ndo_start_xmit of a VCANMC_ORDER_GLOBAL device: owns @skb and @echo. */
void vcanmc_tl_xmit(struct net_device *dev, struct sk_buff *skb, struct sk_buff *echo)
{
	struct vcanmc_tl *tl = vcanmc_tl(dev);
	struct vcanmc_tl_frame *fr = NULL;
	struct vcanmc_rec *rec = NULL;
	struct vcanmc_rec_tl *rtl;
	struct vcanmc_file *f;
	struct mem_cgroup *old;

	/* Read once: the helper may detach meanwhile, its file stays. */
	f = vcanmc_attach_tl_file(dev);
	if (!f)
		goto drop;
	/* All that can fail, before the stamp; charged to the helper, which
	 * decides how long they are held
	 */
	old = vcanmc_attach_memcg_begin(f);
	fr = kmem_cache_alloc(vcanmc_tl_cache, GFP_NOWAIT | __GFP_NOWARN);
	vcanmc_attach_memcg_end(old);
	rec = fr ? vcanmc_attach_tl_rec(f, skb) : NULL;
	if (unlikely(!rec))
		goto drop;

	spin_lock(&tl->lock);
	/* The queue stops when it is full; only a path that sends past a
	 * stopped queue finds it so: stop it (again).
	 */
	if (unlikely(!vcanmc_tl_room_for(tl, f))) {
		netif_stop_queue(dev);
		spin_unlock(&tl->lock);
		goto drop;
	}
	fr->submit = max3((s64)ktime_get_real_ns(), tl->last + 1,
			  max(tl->mark, tl->frontier) + 1);
	fr->member = 0;
	fr->seq = ++tl->seq;
	fr->skb = skb;
	fr->echo = echo;
	tl->last = fr->submit;
	rtl = vcanmc_rec_tl(rec);
	rtl->node = vcanmc_tl_node(skb);
	rtl->seq = fr->seq;
	rtl->submit = fr->submit;
	/* Its seq is new, and no other member's place is this host's */
	if (WARN_ON_ONCE(vcanmc_tl_insert(tl, fr))) {
		spin_unlock(&tl->lock);
		goto drop;
	}
	tl->n_local++;
	vcanmc_attach_tl_push(f, rec);
	if (!vcanmc_tl_room_for(tl, f))
		netif_stop_queue(dev);
	spin_unlock(&tl->lock);
	return;

drop:
	kfree(rec);
	if (fr)
		kmem_cache_free(vcanmc_tl_cache, fr);
	kfree_skb(echo);
	kfree_skb(skb);
	DEV_STATS_INC(dev, tx_dropped);
}

/* VCANMC_IOC_TL_WATERMARK: no frame stamped from now on has a submit time
 * up to the value returned, and every one stamped before is queued for
 * read().
 */
s64 vcanmc_tl_watermark(struct net_device *dev)
{
	struct vcanmc_tl *tl = vcanmc_tl(dev);
	s64 mark;

	spin_lock_bh(&tl->lock);
	tl->mark = max3((s64)ktime_get_real_ns(), tl->last, tl->mark);
	mark = tl->mark;
	spin_unlock_bh(&tl->lock);
	return mark;
}

/* What holds another member's frame, for vcanmc_tl_remote(): allocated
 * before, where the writer may sleep, charged to it. 0 or -ENOMEM.
 */
int vcanmc_tl_remote_prep(struct vcanmc_rec_tl_in *in)
{
	in->hold = kmem_cache_alloc(vcanmc_tl_cache, GFP_KERNEL_ACCOUNT);
	return in->hold ? 0 : -ENOMEM;
}

/* Frees what vcanmc_rec_get_tl() and vcanmc_tl_remote_prep() gave @in. */
void vcanmc_tl_remote_free(struct vcanmc_rec_tl_in *in)
{
	kfree_skb(in->skb);
	if (in->hold)
		kmem_cache_free(vcanmc_tl_cache, in->hold);
}

/* Another member's frame, written by the helper: held, or -EINVAL for a
 * place that cannot be (this host's member, a submit time the frontier
 * passed, one taken), -EAGAIN while VCANMC_TL_REMOTE are held or waiting
 * for the echo queue, -ENETDOWN when the device is going down. Owns
 * @in's frame and hold. RCU, the device running.
 */
int vcanmc_tl_remote(struct net_device *dev, struct vcanmc_rec_tl_in *in)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_tl *tl = &priv->tl;
	struct vcanmc_tl_frame *fr = in->hold;
	int err;

	*fr = (struct vcanmc_tl_frame) {
		.submit = in->tl.submit,
		.member = in->tl.member,
		.seq = in->tl.seq,
		.skb = in->skb,
	};

	spin_lock_bh(&tl->lock);
	if (tl->quiesced)
		err = -ENETDOWN;
	else if (!fr->member || fr->member == tl->member || fr->submit <= tl->frontier)
		err = -EINVAL;
	else if (tl->n_remote + skb_queue_len_lockless(&priv->echo_q) >= VCANMC_TL_REMOTE)
		err = -EAGAIN;
	else
		err = vcanmc_tl_insert(tl, fr) ? -EINVAL : 0;
	if (!err)
		tl->n_remote++;
	spin_unlock_bh(&tl->lock);

	if (err)
		vcanmc_tl_free(fr);
	return err;
}

/* Hands @fr's frame to the echo queue, stamped with its submit time (the
 * end of the frame on a bus without a bit rate). BH disabled.
 */
static void vcanmc_tl_out(struct net_device *dev, struct vcanmc_tl_frame *fr)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	ktime_t t = ns_to_ktime(fr->submit);
	struct sk_buff *skb;

	if (fr->member) {
		skb = fr->skb;
		vcanmc_rec_set_dev(skb, dev);
		dev_sw_netstats_rx_add(dev, can_skb_get_data_len(skb));
	} else {
		dev_sw_netstats_tx_add(dev, 1, can_skb_get_data_len(fr->skb));
		consume_skb(fr->skb);
		skb = fr->echo;
		if (skb) {
			skb->pkt_type = PACKET_BROADCAST;
			skb->dev = dev;
			skb->ip_summed = CHECKSUM_UNNECESSARY;
		}
	}
	if (skb) {
		skb->tstamp = t;
		/* not bounded by VCANMC_ECHO_QUEUE_LEN: what is held is,
		 * and vcanmc_tl_remote() lets no more in while this queue
		 * and the remote frames held are VCANMC_TL_REMOTE
		 */
		skb_queue_tail(&priv->echo_q, skb);
	}
	kmem_cache_free(vcanmc_tl_cache, fr);
}

/* The helper's frontier: every frame held up to it goes out. -EINVAL if
 * it is lower than the last one, or above what this host promised (its
 * last watermark or submit time): the frontier is the lowest of the
 * members' promises, this host's among them. So local stamps, which stay
 * above it, stay near the clock.
 */
int vcanmc_tl_frontier(struct net_device *dev, s64 frontier)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_tl *tl = &priv->tl;
	struct vcanmc_tl_frame *fr;
	struct rb_node *first;
	bool any = false;

	spin_lock_bh(&tl->lock);
	if (tl->quiesced) {
		spin_unlock_bh(&tl->lock);
		return -ENETDOWN;
	}
	if (frontier < tl->frontier || frontier > max(tl->mark, tl->last)) {
		spin_unlock_bh(&tl->lock);
		return -EINVAL;
	}
	tl->frontier = frontier;
	while ((first = rb_first_cached(&tl->held))) {
		fr = rb_entry(first, struct vcanmc_tl_frame, node);
		if (fr->submit > frontier)
			break;
		rb_erase_cached(first, &tl->held);
		if (fr->member)
			tl->n_remote--;
		else
			tl->n_local--;
		vcanmc_tl_out(dev, fr);
		any = true;
	}
	if (any) {
		napi_schedule(&priv->napi);
		vcanmc_tl_wake(dev, tl);
	}
	spin_unlock_bh(&tl->lock);
	return 0;
}

/* read() made room in the helper's queue. */
void vcanmc_tl_room(struct net_device *dev)
{
	struct vcanmc_tl *tl = vcanmc_tl(dev);

	spin_lock_bh(&tl->lock);
	vcanmc_tl_wake(dev, tl);
	spin_unlock_bh(&tl->lock);
}

int vcanmc_tl_mod_init(void)
{
	vcanmc_tl_cache = KMEM_CACHE(vcanmc_tl_frame, SLAB_ACCOUNT);
	return vcanmc_tl_cache ? 0 : -ENOMEM;
}

void vcanmc_tl_mod_exit(void)
{
	kmem_cache_destroy(vcanmc_tl_cache);
}
