// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated bus: a bit rate, the time every frame takes on the wire
 * (bits.c), arbitration among the frames waiting, and frames from the
 * tunnel occupying it too.
 *
 * Every sending socket is a node of its own: its frames wait in a queue of
 * their own and go on the bus in the order it sent them, as a CAN
 * controller's transmit FIFO sends them (frames without a socket, from
 * can-gw, share one queue). Between nodes, arbitration decides: when the
 * bus becomes free, the first frames of all queues that were waiting by
 * then contend, and ISO 11898-1 picks the winner (the lowest key of
 * bits.c; equal keys: the one that waited longer). The queues' first frames
 * are kept in a tree by key.
 *
 * A frame occupies the bus from its start for as long as its bits take at
 * the bit rates; when that time is over, a high resolution timer completes
 * it (bus->done: the echo and the helper's copy, time stamped with that
 * end) and the next one starts right away. The schedule is absolute: a
 * frame starts when the one before it ended, or when it was sent if the bus
 * was idle then, never when the timer got round to it. A late timer
 * delays deliveries but neither the time stamps nor the long run rate; it
 * completes in one run the frames whose end has passed, each having
 * contended only with the frames sent before it started.
 *
 * A frame that the helper delivers from the tunnel has been on the bus of
 * another host. It reaches local sockets at once, and takes its time on
 * this bus too: it joins arbitration as a node of its own (the tunnel's
 * frames in the order they came), so that local frames wait for it, but
 * for one that would have won against it, which may go first, once. Two
 * hosts flooding one bus thus share it, without putting more on it
 * together than it carries. The arbitration between hosts is only as exact
 * as the network is fast: frames that cross it while both buses are free
 * both go.
 *
 * The waiting frames keep their place in their socket's send buffer until
 * they end: a writer that fills its buffer waits (blocking) or gets
 * EAGAIN. Beyond VCANMC_BUS_SLOTS frames the queue stops, and the qdisc in
 * front holds what comes (ENOBUFS when it is full too). A stopped queue
 * wakes when a frame ends, and the next arbitration waits for the qdisc to
 * hand over its first frame (the intake): a frame that waited in the qdisc
 * while the bus was busy contends for the bus when it frees, as a frame in
 * a controller's transmit buffer would, so that a priority qdisc in front
 * (Documentation/examples/canid-prio.sh) extends arbitration to the frames
 * it holds. If nothing comes within VCANMC_BUS_INTAKE_NS, the arbitration
 * goes ahead without it; its time stays that of the frame's end.
 *
 * With a bit rate of 0 a frame completes as it comes, as on vcan.
 *
 * A helper attached with VCANMC_ATTACH_F_LOSSLESS holds the bus while its
 * queue is full: no frame starts (the bus is stalled) until read() makes
 * room and kicks it; what comes meanwhile waits as for a busy bus. After
 * VCANMC_STALL_MAX_MS the stall timer lets the bus go on without the
 * helper, until a read() makes room again.
 */

#include <linux/can/skb.h>
#include <linux/hash.h>
#include <linux/if_ether.h>
#include <linux/math64.h>
#include <linux/slab.h>

#include "attach.h"
#include "bus.h"

/* How long the next arbitration waits for the qdisc after a frame ended
 * with the queue stopped, at most. The qdisc's softirq follows the
 * timer's at once, unless the CPU is busy.
 */
#define VCANMC_BUS_INTAKE_NS (50 * NSEC_PER_USEC)

/* A sender with frames waiting */
struct vcanmc_node {
	struct hlist_node hash;
	struct rb_node rb;		/* in bus->heads while it has frames */
	const void *sk;			/* identity only, never dereferenced */
	struct sk_buff_head q;		/* its frames, first to go first */
};

/* What the bus keeps with a waiting frame, in its control buffer. The
 * frames wait read-only: the echo made at xmit (device.c) shares their
 * data, and whatever would write one must skb_unshare() it first.
 */
struct vcanmc_bus_cb {
	u64 key;
	u64 seq;
	ktime_t queued;
	void *ctx;			/* the device's, for bus->done/drop */
};

static struct vcanmc_bus_cb *vcanmc_bus_cb(const struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct vcanmc_bus_cb) > sizeof(skb->cb));
	return (struct vcanmc_bus_cb *)skb->cb;
}

/* The frame's time is over: to the device, with what it was sent with */
static void vcanmc_bus_done(struct vcanmc_bus *bus, struct sk_buff *skb, ktime_t end)
{
	bus->done(bus->dev, skb, vcanmc_bus_cb(skb)->ctx, end);
}

static void vcanmc_bus_drop(struct vcanmc_bus *bus, struct sk_buff *skb)
{
	bus->drop(bus->dev, skb, vcanmc_bus_cb(skb)->ctx);
}

static struct vcanmc_bus_cb *vcanmc_node_head(const struct vcanmc_node *node)
{
	return vcanmc_bus_cb(skb_peek(&node->q));
}

static enum vcanmc_frame_kind vcanmc_skb_kind(const struct sk_buff *skb)
{
	switch (ntohs(skb->protocol)) {
	case ETH_P_CANXL:
		return VCANMC_FRAME_XL;
	case ETH_P_CANFD:
		return VCANMC_FRAME_FD;
	default:
		return VCANMC_FRAME_CC;
	}
}

/* How long @skb occupies the bus, in ns. Lock held. */
static u64 vcanmc_frame_ns(const struct vcanmc_bus *bus, const struct sk_buff *skb)
{
	enum vcanmc_frame_kind kind = vcanmc_skb_kind(skb);
	struct vcanmc_bits b;
	u32 rate;

	if (!bus->bitrate)
		return 0;
	vcanmc_frame_bits(skb->data, kind, &b);
	rate = bus->dbitrate;
	if (kind == VCANMC_FRAME_XL && bus->xlbitrate)
		rate = bus->xlbitrate;
	if (!rate)
		rate = bus->bitrate;
	return div_u64((u64)b.nominal * NSEC_PER_SEC + bus->bitrate / 2, bus->bitrate) +
	       div_u64((u64)b.data * NSEC_PER_SEC + rate / 2, rate);
}

static bool vcanmc_node_less(struct rb_node *a, const struct rb_node *b)
{
	const struct vcanmc_bus_cb *ca = vcanmc_node_head(rb_entry(a, struct vcanmc_node, rb));
	const struct vcanmc_bus_cb *cb = vcanmc_node_head(rb_entry(b, struct vcanmc_node, rb));

	return ca->key < cb->key || (ca->key == cb->key && ca->seq < cb->seq);
}

static struct hlist_head *vcanmc_bus_bucket(struct vcanmc_bus *bus, const void *sk)
{
	return &bus->nodes[hash_ptr(sk, VCANMC_BUS_HASH_BITS)];
}

/* The node of @sk, made if need be; NULL when out of memory. Lock held. */
static struct vcanmc_node *vcanmc_bus_node(struct vcanmc_bus *bus, const void *sk)
{
	struct hlist_head *head = vcanmc_bus_bucket(bus, sk);
	struct vcanmc_node *node;

	hlist_for_each_entry(node, head, hash)
		if (node->sk == sk)
			return node;
	node = kmalloc(sizeof(*node), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!node)
		return NULL;
	node->sk = sk;
	__skb_queue_head_init(&node->q);
	RB_CLEAR_NODE(&node->rb);
	hlist_add_head(&node->hash, head);
	return node;
}

/* Takes the first frame of @node, which leaves the tree; the node goes back
 * with its next frame, or is freed. Lock held.
 */
static struct sk_buff *vcanmc_bus_take(struct vcanmc_bus *bus, struct vcanmc_node *node)
{
	struct sk_buff *skb;

	rb_erase_cached(&node->rb, &bus->heads);
	skb = __skb_dequeue(&node->q);
	bus->npending--;
	if (skb_queue_empty(&node->q)) {
		hlist_del(&node->hash);
		kfree(node);
	} else {
		rb_add_cached(&node->rb, &bus->heads, vcanmc_node_less);
	}
	return skb;
}

/* The load window: busy time per second, rolled when it is a second old */
static void vcanmc_bus_busy(struct vcanmc_bus *bus, ktime_t now, u64 ns)
{
	s64 elapsed = ktime_to_ns(ktime_sub(now, bus->win_start));

	if (elapsed >= NSEC_PER_SEC) {
		bus->st.load_permille = min_t(u64, div64_u64(bus->win_busy * 1000, elapsed), 1000);
		bus->win_start = now;
		bus->win_busy = 0;
	}
	bus->win_busy += ns;
	bus->st.busy_ns += ns;
}

static void vcanmc_bus_arm(struct vcanmc_bus *bus, ktime_t at)
{
	hrtimer_start(&bus->timer, at, HRTIMER_MODE_ABS_SOFT);
}

static struct vcanmc_remote *vcanmc_remote_first(struct vcanmc_bus *bus)
{
	return bus->remote_len ? &bus->remote[bus->remote_head] : NULL;
}

/*
 * Arbitration at @*start: the node whose first frame wins among those sent
 * by then, or NULL when the tunnel's first frame wins. If none was sent by
 * then, the bus was idle until the first was: *@start moves there. Lock
 * held, some frame waiting.
 */
static struct vcanmc_node *vcanmc_bus_arbitrate(struct vcanmc_bus *bus, ktime_t *start)
{
	struct vcanmc_remote *rf = vcanmc_remote_first(bus);
	struct vcanmc_node *node, *winner = NULL;
	struct vcanmc_bus_cb *cb;
	ktime_t first = KTIME_MAX;
	unsigned int losers = 0;
	struct rb_node *rb;
	bool remote;

	for (;;) {
		for (rb = rb_first_cached(&bus->heads); rb; rb = rb_next(rb)) {
			node = rb_entry(rb, struct vcanmc_node, rb);
			cb = vcanmc_node_head(node);
			if (ktime_after(cb->queued, *start)) {
				first = min(first, cb->queued);
				continue;
			}
			if (winner)
				losers++;
			else
				winner = node;
		}
		remote = rf && !ktime_after(rf->queued, *start);
		if (rf && !remote)
			first = min(first, rf->queued);
		/* The tunnel's frame was on the bus already, elsewhere: a local
		 * frame that beats it may go first, once; then its time is
		 * taken here too, so that the hosts never put more on the bus
		 * together than it carries.
		 */
		if (remote) {
			cb = winner ? vcanmc_node_head(winner) : NULL;
			if (!cb || rf->lost || rf->key < cb->key ||
			    (rf->key == cb->key && rf->seq < cb->seq)) {
				losers += !!winner;
				winner = NULL;
				break;
			}
			rf->lost = true;
			losers++;
		}
		if (winner)
			break;
		*start = first;
	}
	bus->st.arb_lost += losers;
	return winner;
}

/* A frame occupies the bus from @start for @ns: true if it still does at
 * @now (the timer then ends it), false if its time is over already. Lock
 * held.
 */
static bool vcanmc_bus_on(struct vcanmc_bus *bus, ktime_t start, u64 ns, ktime_t now,
			  ktime_t *end)
{
	vcanmc_bus_busy(bus, start, ns);
	*end = ktime_add_ns(start, ns);
	if (!ktime_after(*end, now))
		return false;
	bus->cur_end = *end;
	vcanmc_bus_arm(bus, *end);
	return true;
}

/* The bus is free since @t: start the frames that win it, complete those
 * whose time is over, and arm the timer for what comes next. Lock held.
 */
static void vcanmc_bus_run(struct vcanmc_bus *bus, ktime_t t, ktime_t now)
{
	struct vcanmc_remote *rf;
	struct vcanmc_node *node;
	struct vcanmc_bus_cb *cb;
	struct sk_buff *skb;
	ktime_t start, end;
	u64 wait;

	bus->armed = false;
	while (!bus->cur && !bus->cur_remote && (bus->npending || bus->remote_len)) {
		if (bus->npending && !bus->stall_over && vcanmc_attach_full(bus->dev)) {
			if (!bus->stalled) {
				bus->stalled = true;
				bus->stall_until = ktime_add_ms(now, VCANMC_STALL_MAX_MS);
				hrtimer_start(&bus->stall_timer, bus->stall_until,
					      HRTIMER_MODE_ABS_SOFT);
			}
			break;
		}
		start = t;
		node = vcanmc_bus_arbitrate(bus, &start);
		if (ktime_after(start, now)) {
			/* nothing was waiting yet at @t */
			bus->armed = true;
			vcanmc_bus_arm(bus, start);
			break;
		}
		if (!node) {
			/* the tunnel's frame takes its time */
			rf = vcanmc_remote_first(bus);
			bus->remote_head = (bus->remote_head + 1) % VCANMC_BUS_REMOTE;
			bus->remote_len--;
			if (vcanmc_bus_on(bus, start, rf->ns, now, &end)) {
				bus->cur_remote = true;
				break;
			}
			t = end;
			continue;
		}
		skb = vcanmc_bus_take(bus, node);
		cb = vcanmc_bus_cb(skb);

		wait = ktime_to_ns(ktime_sub(start, cb->queued));
		bus->st.wait_ns += wait;
		bus->st.wait_max_ns = max(bus->st.wait_max_ns, wait);
		bus->st.frames++;
		if (vcanmc_bus_on(bus, start, vcanmc_frame_ns(bus, skb), now, &end)) {
			bus->cur = skb;
			break;
		}
		/* Its time is over already (no bit rate, or a late timer). */
		vcanmc_bus_done(bus, skb, end);
		t = end;
	}
	/* The bus is idle with slots free (all that waited went in one run):
	 * nothing to arbitrate for, the qdisc may hand over at once.
	 */
	if (bus->running && !bus->cur && !bus->cur_remote && !bus->armed &&
	    netif_queue_stopped(bus->dev) && bus->npending < VCANMC_BUS_SLOTS)
		netif_wake_queue(bus->dev);
}

/* The bus is free since @t, but the queue is stopped: wake it, and let the
 * arbitration at @t wait for what the qdisc hands over. Lock held.
 */
static void vcanmc_bus_intake(struct vcanmc_bus *bus, ktime_t t, ktime_t now)
{
	bus->intake = true;
	bus->intake_t = t;
	bus->armed = true;
	vcanmc_bus_arm(bus, ktime_add_ns(now, VCANMC_BUS_INTAKE_NS));
	netif_wake_queue(bus->dev);
}

static enum hrtimer_restart vcanmc_bus_timer(struct hrtimer *timer)
{
	struct vcanmc_bus *bus = container_of(timer, struct vcanmc_bus, timer);
	struct sk_buff *skb;
	ktime_t now, t;

	spin_lock(&bus->lock);
	now = ktime_get();
	if (bus->cur || bus->cur_remote) {
		if (ktime_after(bus->cur_end, now)) {
			/* moved meanwhile */
			vcanmc_bus_arm(bus, bus->cur_end);
			goto out;
		}
		t = bus->cur_end;
		skb = bus->cur;
		bus->cur = NULL;
		bus->cur_remote = false;
		if (skb)
			vcanmc_bus_done(bus, skb, t);
		if (bus->running && netif_queue_stopped(bus->dev) &&
		    bus->npending < VCANMC_BUS_SLOTS) {
			vcanmc_bus_intake(bus, t, now);
			goto out;
		}
	} else if (bus->intake) {
		/* the qdisc handed over nothing in time */
		bus->intake = false;
		t = bus->intake_t;
	} else {
		/* armed for the first frame sent after the bus went idle */
		t = now;
	}
	if (bus->running)
		vcanmc_bus_run(bus, t, now);
out:
	spin_unlock(&bus->lock);
	return HRTIMER_NORESTART;
}

/* The helper held the bus VCANMC_STALL_MAX_MS: go on without it. */
static enum hrtimer_restart vcanmc_bus_stall_timer(struct hrtimer *timer)
{
	struct vcanmc_bus *bus = container_of(timer, struct vcanmc_bus, stall_timer);
	ktime_t now;

	spin_lock(&bus->lock);
	now = ktime_get();
	/* a stall that began after the one this timer was armed for, while
	 * the callback waited for the lock: its own deadline counts
	 */
	if (bus->stalled && bus->running && ktime_before(now, bus->stall_until)) {
		hrtimer_set_expires(timer, bus->stall_until);
		spin_unlock(&bus->lock);
		return HRTIMER_RESTART;
	}
	if (bus->stalled && bus->running) {
		bus->stalled = false;
		bus->stall_over = true;
		bus->st.stalls_over++;
		if (!bus->cur && !bus->cur_remote && !bus->armed)
			vcanmc_bus_run(bus, now, now);
	}
	spin_unlock(&bus->lock);
	return HRTIMER_NORESTART;
}

void vcanmc_bus_xmit(struct vcanmc_bus *bus, struct sk_buff *skb, void *ctx)
{
	struct vcanmc_bus_cb *cb = vcanmc_bus_cb(skb);
	struct vcanmc_node *node;
	ktime_t now;

	cb->ctx = ctx;
	spin_lock(&bus->lock);
	/* Unlimited and nothing waiting: on at once, as on vcan. Under the
	 * lock, as every completion: the helper's copy and the echo of each
	 * frame are queued in one order, the bus's.
	 */
	if (!bus->bitrate && !bus->cur && !bus->npending &&
	    (bus->stall_over || !vcanmc_attach_full(bus->dev))) {
		skb_tx_timestamp(skb);
		vcanmc_bus_done(bus, skb, ktime_get());
		spin_unlock(&bus->lock);
		return;
	}
	node = vcanmc_bus_node(bus, skb->sk);
	if (unlikely(!node)) {
		spin_unlock(&bus->lock);
		vcanmc_bus_drop(bus, skb);
		DEV_STATS_INC(bus->dev, tx_dropped);
		return;
	}
	now = ktime_get();
	cb->key = vcanmc_arb_key(skb->data, vcanmc_skb_kind(skb));
	cb->seq = bus->seq++;
	/* From the intake: it waited in the qdisc while the bus was busy,
	 * and contends for it from when it freed. When did it come, though,
	 * if the timer was late? Not after now: if it would have ended before
	 * now, it contends as from now (a frame never ends before it was sent).
	 */
	cb->queued = now;
	if (bus->intake &&
	    !ktime_before(ktime_add_ns(bus->intake_t, vcanmc_frame_ns(bus, skb)), now))
		cb->queued = bus->intake_t;
	__skb_queue_tail(&node->q, skb);
	if (skb_queue_len(&node->q) == 1)
		rb_add_cached(&node->rb, &bus->heads, vcanmc_node_less);
	/* It is in arbitration: the software transmit time stamp
	 * (SO_TIMESTAMPING), as a driver takes it when the frame reaches its
	 * controller. Its end on the bus is the echo's time stamp.
	 */
	skb_tx_timestamp(skb);
	if (++bus->npending >= VCANMC_BUS_SLOTS) {
		netif_stop_queue(bus->dev);
		bus->st.queue_stops++;
		if (bus->intake) {
			/* the slots are full again: arbitrate now */
			bus->intake = false;
			vcanmc_bus_run(bus, bus->intake_t, now);
		}
	}
	if (!bus->cur && !bus->cur_remote && !bus->armed)
		vcanmc_bus_run(bus, now, now);
	spin_unlock(&bus->lock);
}

/* The helper's queue has room again, or it left: a stalled bus goes on,
 * from now. Process context. Always under the lock: a bus_run() that saw
 * the queue full before the reader made room has set bus->stalled by
 * the time the reader gets the lock.
 */
void vcanmc_bus_kick(struct vcanmc_bus *bus)
{
	ktime_t now;

	spin_lock_bh(&bus->lock);
	bus->stall_over = false;
	if (bus->stalled && bus->running) {
		bus->stalled = false;
		hrtimer_try_to_cancel(&bus->stall_timer);
		now = ktime_get();
		if (!bus->cur && !bus->cur_remote && !bus->armed)
			vcanmc_bus_run(bus, now, now);
	}
	spin_unlock_bh(&bus->lock);
}

void vcanmc_bus_occupy(struct vcanmc_bus *bus, const struct sk_buff *skb)
{
	struct vcanmc_remote *rf;
	ktime_t now;
	u64 ns;

	if (!READ_ONCE(bus->bitrate))
		return;
	spin_lock_bh(&bus->lock);
	ns = vcanmc_frame_ns(bus, skb);
	if (!bus->running || !ns)
		goto out;
	if (bus->remote_len == VCANMC_BUS_REMOTE)
		goto out;	/* the tunnel brought more than any bus carries */
	bus->st.remote_frames++;
	now = ktime_get();
	rf = &bus->remote[(bus->remote_head + bus->remote_len++) % VCANMC_BUS_REMOTE];
	rf->key = vcanmc_arb_key(skb->data, vcanmc_skb_kind(skb));
	rf->seq = bus->seq++;
	rf->queued = now;
	rf->ns = ns;
	rf->lost = false;
	if (!bus->cur && !bus->cur_remote && !bus->armed)
		vcanmc_bus_run(bus, now, now);
out:
	spin_unlock_bh(&bus->lock);
}

/* The first frame of the first node, out of the tree. Lock held. */
static struct sk_buff *vcanmc_bus_take_first(struct vcanmc_bus *bus)
{
	struct rb_node *rb = rb_first_cached(&bus->heads);

	return rb ? vcanmc_bus_take(bus, rb_entry(rb, struct vcanmc_node, rb)) : NULL;
}

/* Completes every frame there is, in arbitration order. Lock held. */
static void vcanmc_bus_flush(struct vcanmc_bus *bus, ktime_t now)
{
	struct sk_buff *skb;

	if (bus->cur) {
		skb = bus->cur;
		bus->cur = NULL;
		vcanmc_bus_done(bus, skb, now);
	}
	bus->armed = false;
	bus->intake = false;
	bus->cur_remote = false;
	bus->remote_len = 0;
	hrtimer_try_to_cancel(&bus->timer);
	/* The rest as an unlimited bus sends it: at once, but for what a
	 * lossless helper has no room for yet (its stall goes on).
	 */
	if (bus->running && !bus->stalled)
		vcanmc_bus_run(bus, now, now);
}

/* RTNL. New rates apply from the next frame to start; unlimited releases
 * everything waiting at once.
 */
void vcanmc_bus_set_rates(struct vcanmc_bus *bus, u32 bitrate, u32 dbitrate, u32 xlbitrate)
{
	spin_lock_bh(&bus->lock);
	WRITE_ONCE(bus->bitrate, bitrate);
	bus->dbitrate = dbitrate;
	bus->xlbitrate = xlbitrate;
	if (!bitrate)
		vcanmc_bus_flush(bus, ktime_get());
	spin_unlock_bh(&bus->lock);
}

void vcanmc_bus_open(struct vcanmc_bus *bus)
{
	spin_lock_bh(&bus->lock);
	bus->running = true;
	bus->win_start = ktime_get();
	bus->win_busy = 0;
	spin_unlock_bh(&bus->lock);
	netif_wake_queue(bus->dev);
}

/* The device is going down (NETDEV_GOING_DOWN): from now on the bus wakes
 * the queue no more, so that the qdisc in front keeps what it holds until
 * the core resets it. Frames already on the bus end as they would.
 */
void vcanmc_bus_quiesce(struct vcanmc_bus *bus)
{
	spin_lock_bh(&bus->lock);
	bus->running = false;
	spin_unlock_bh(&bus->lock);
}

/* The device goes down: what waits for the bus is dropped, and counted. */
void vcanmc_bus_stop(struct vcanmc_bus *bus)
{
	struct sk_buff *skb;
	unsigned int n = 0;

	spin_lock_bh(&bus->lock);
	bus->running = false;
	spin_unlock_bh(&bus->lock);
	/* Nothing arms them any more: xmit stopped before ndo_stop. */
	hrtimer_cancel(&bus->timer);
	hrtimer_cancel(&bus->stall_timer);

	spin_lock_bh(&bus->lock);
	if (bus->cur) {
		vcanmc_bus_drop(bus, bus->cur);
		bus->cur = NULL;
		n++;
	}
	while ((skb = vcanmc_bus_take_first(bus))) {
		vcanmc_bus_drop(bus, skb);
		n++;
	}
	bus->armed = false;
	bus->intake = false;
	bus->stalled = false;
	bus->stall_over = false;
	bus->cur_remote = false;
	bus->remote_len = 0;
	spin_unlock_bh(&bus->lock);
	if (n)
		DEV_STATS_ADD(bus->dev, tx_dropped, n);
}

void vcanmc_bus_get_stats(struct vcanmc_bus *bus, struct vcanmc_bus_stats *st)
{
	spin_lock_bh(&bus->lock);
	vcanmc_bus_busy(bus, ktime_get(), 0);
	*st = bus->st;
	st->pending = bus->npending + !!bus->cur;
	spin_unlock_bh(&bus->lock);
}

void vcanmc_bus_init(struct vcanmc_bus *bus, struct net_device *dev, vcanmc_bus_done_t done,
		     vcanmc_bus_drop_t drop)
{
	spin_lock_init(&bus->lock);
	hrtimer_init(&bus->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	bus->timer.function = vcanmc_bus_timer;
	hrtimer_init(&bus->stall_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	bus->stall_timer.function = vcanmc_bus_stall_timer;
	bus->dev = dev;
	bus->done = done;
	bus->drop = drop;
	bus->heads = RB_ROOT_CACHED;
	hash_init(bus->nodes);
}
