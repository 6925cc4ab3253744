// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vcanmc: the file through which the tunnel helper attaches to one
 * vcanmc device, after the model of tun. The helper reads the frames
 * transmitted on the device and writes the frames received from the tunnel,
 * as records (include/uapi/linux/vcanmc.h documents the interface; record.c
 * builds and checks them).
 *
 * The file's life is the attachment's life: closing it, however the helper
 * ends, detaches; so do the device's deletion and its move to another
 * network namespace. Attach and detach run under RTNL. The transmit path
 * finds the file through priv->file and the file finds the device through
 * f->dev, both under RCU; a detach clears both and waits for the readers
 * of either with synchronize_net() before it frees what was queued. A
 * write() looks at f->dev again for every batch it delivers, inside the
 * RCU section that delivers it: once a detach returned, no write delivers
 * to the device any more, however long the write.
 *
 * What waits for read() is charged to the memory cgroup of the process
 * that attached, whichever context the frame was transmitted in.
 */

#include <linux/can/skb.h>
#include <linux/capability.h>
#include <linux/memcontrol.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/ptr_ring.h>
#include <linux/rtnetlink.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <net/net_namespace.h>
#include <uapi/linux/vcanmc.h>

#include "attach.h"
#include "device.h"
#include "record.h"
#include "timeline.h"

enum vcanmc_file_state {
	VCANMC_FILE_NEW,	/* not attached yet */
	VCANMC_FILE_ATTACHED,
	VCANMC_FILE_DETACHED,	/* its device went away; only close is left */
};

struct vcanmc_file {
	struct net_device __rcu *dev;
	unsigned int id;		/* names the file in debug messages */
	/* Transmitted frames towards read(): records (struct vcanmc_rec),
	 * produced by the transmit path, consumed by read() and by detach.
	 */
	struct ptr_ring ring;
	wait_queue_head_t wq;
	/* Changes under RTNL; published with release semantics, so that
	 * whoever sees ATTACHED sees the ring ready too.
	 */
	enum vcanmc_file_state state;
	struct mem_cgroup *memcg;	/* of the attacher: pays for the ring */
	bool lossless;			/* VCANMC_ATTACH_F_LOSSLESS */
	bool timeline;			/* VCANMC_IOC_ATTACH_TL */
	atomic64_t overflows;
};

/* Frames taken from the ring at a time, and delivered per bh section */
#define VCANMC_BATCH	64

static atomic_t vcanmc_last_file_id = ATOMIC_INIT(0);

static enum vcanmc_file_state vcanmc_file_state(const struct vcanmc_file *f)
{
	/* pairs with the smp_store_release() of attach and detach */
	return smp_load_acquire(&f->state);
}

static int vcanmc_file_err(const struct vcanmc_file *f)
{
	return vcanmc_file_state(f) == VCANMC_FILE_NEW ? -EBADFD : -ENODEV;
}

static void vcanmc_ring_purge(struct vcanmc_file *f)
{
	struct vcanmc_rec *rec;

	while ((rec = ptr_ring_consume(&f->ring)))
		kfree(rec);
}

/* Called when @skb's transmission ended, at @tstamp (CLOCK_REALTIME): its
 * record for the helper. A full queue, or a memory cgroup at its limit,
 * drops the record; it never holds up the sender here (a lossless helper
 * holds the bus before, bus.c).
 */
void vcanmc_attach_xmit(struct net_device *dev, struct sk_buff *skb, ktime_t tstamp)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct mem_cgroup *old;
	struct vcanmc_file *f;
	struct vcanmc_rec *rec;

	f = rcu_dereference_bh(priv->file);
	if (!f)
		return;

	/* GFP_NOWAIT, not GFP_ATOMIC: a memory cgroup lets __GFP_HIGH
	 * allocations past its limit.
	 */
	old = set_active_memcg(f->memcg);
	rec = vcanmc_rec_make(skb, tstamp, GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	set_active_memcg(old);
	if (unlikely(!rec))
		goto drop;
	if (unlikely(ptr_ring_produce(&f->ring, rec))) {
		kfree(rec);
		goto drop;
	}
	if (wq_has_sleeper(&f->wq))
		wake_up_interruptible_poll(&f->wq, EPOLLIN | EPOLLRDNORM);
	return;

drop:
	atomic64_inc(&f->overflows);
	DEV_STATS_INC(dev, tx_fifo_errors);
}

/* With VCANMC_ATTACH_F_LOSSLESS, whether the bus must wait for read()
 * before it completes the next frame. Under the bus lock (bus.c).
 */
bool vcanmc_attach_full(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_file *f;

	f = rcu_dereference_bh(priv->file);
	return f && f->lossless && ptr_ring_full_bh(&f->ring);
}

/* The timeline's helper file of @dev, if one is attached. BH disabled; it
 * stays valid until BH is enabled again (detach waits), but may be
 * detached meanwhile: read it once and pass it on.
 */
struct vcanmc_file *vcanmc_attach_tl_file(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_file *f = rcu_dereference_bh(priv->file);

	return f && f->timeline ? f : NULL;
}

/* The record of a frame sent on the timeline (timeline.c), charged as
 * vcanmc_attach_xmit() charges it; NULL without such a helper, or out of
 * memory. BH disabled.
 */
struct vcanmc_rec *vcanmc_attach_tl_rec(struct vcanmc_file *f, const struct sk_buff *skb)
{
	struct vcanmc_rec *rec;
	struct mem_cgroup *old;

	old = set_active_memcg(f->memcg);
	rec = vcanmc_rec_make_tl(skb, GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	set_active_memcg(old);
	return rec;
}

/* Charges what follows to the memory cgroup of @f's attacher (of what
 * vcanmc_attach_tl_rec() charges): the old one, for vcanmc_attach_memcg_end().
 */
struct mem_cgroup *vcanmc_attach_memcg_begin(struct vcanmc_file *f)
{
	return set_active_memcg(f->memcg);
}

void vcanmc_attach_memcg_end(struct mem_cgroup *old)
{
	set_active_memcg(old);
}

/* Whether the timeline's helper can take another record. The transmit
 * path is the ring's one producer, under the timeline's lock: what it
 * finds room for, it can produce. BH disabled.
 */
bool vcanmc_attach_tl_room(struct vcanmc_file *f)
{
	return f && !ptr_ring_full(&f->ring);
}

/* Queues @rec for the timeline's helper, which vcanmc_attach_tl_room()
 * said can take it. BH disabled.
 */
void vcanmc_attach_tl_push(struct vcanmc_file *f, struct vcanmc_rec *rec)
{
	if (WARN_ON_ONCE(ptr_ring_produce(&f->ring, rec))) {
		kfree(rec);
		return;
	}
	if (wq_has_sleeper(&f->wq))
		wake_up_interruptible_poll(&f->wq, EPOLLIN | EPOLLRDNORM);
}

/* RTNL: @dev went down. The records of a timeline's helper not read yet
 * are of frames dropped with it (vcanmc_tl_purge()): drop them too. (A
 * helper takes going down as the end of its part in the timeline: records
 * it read before are of dropped frames as well.)
 */
void vcanmc_attach_tl_down(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_file *f = rtnl_dereference(priv->file);

	if (f && f->timeline)
		vcanmc_ring_purge(f);
}

/* read() made room: a bus that waits for it goes on, and so does a
 * timeline whose queue stopped.
 */
static void vcanmc_attach_room(struct vcanmc_file *f)
{
	struct net_device *dev;

	if (!f->lossless && !f->timeline)
		return;
	rcu_read_lock();
	dev = rcu_dereference(f->dev);
	if (dev && f->timeline)
		vcanmc_tl_room(dev);
	else if (dev)
		vcanmc_bus_kick(&((struct vcanmc_priv *)netdev_priv(dev))->bus);
	rcu_read_unlock();
}

/* RTNL. Ends @f's attachment to @dev. The caller updates the link state if
 * the device stays.
 */
static void __vcanmc_detach(struct net_device *dev, struct vcanmc_file *f)
{
	struct vcanmc_priv *priv = netdev_priv(dev);

	RCU_INIT_POINTER(priv->file, NULL);
	RCU_INIT_POINTER(f->dev, NULL);
	/* pairs with vcanmc_file_state() */
	smp_store_release(&f->state, VCANMC_FILE_DETACHED);
	/* No transmit path produces into the ring any more, and no write
	 * delivers to the device.
	 */
	synchronize_net();
	vcanmc_ring_purge(f);
	if (f->timeline)
		vcanmc_tl_purge(dev);
	/* what waited for this helper goes on without it */
	vcanmc_bus_kick(&priv->bus);
	wake_up_interruptible_poll(&f->wq, EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP);
	netdev_dbg(dev, "helper detached\n");
}

/* RTNL: @dev is being unregistered or leaves its namespace. */
void vcanmc_attach_dev_gone(struct net_device *dev)
{
	struct vcanmc_priv *priv = netdev_priv(dev);
	struct vcanmc_file *f = rtnl_dereference(priv->file);

	if (f)
		__vcanmc_detach(dev, f);
}

bool vcanmc_attached(const struct net_device *dev)
{
	const struct vcanmc_priv *priv = netdev_priv(dev);

	return rcu_access_pointer(priv->file);
}

/* @member: 0 for VCANMC_IOC_ATTACH, this host's member id for
 * VCANMC_IOC_ATTACH_TL.
 */
static int vcanmc_attach(struct vcanmc_file *f, const struct vcanmc_attach *req, u32 member)
{
	struct net *net = current->nsproxy->net_ns;
	u32 qlen = req->queue_len ?: VCANMC_QUEUE_DEFAULT;
	struct vcanmc_priv *priv;
	struct net_device *dev;
	bool global;
	int err;

	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (req->version != VCANMC_REC_VERSION)
		return -EPROTONOSUPPORT;
	if (req->flags & ~VCANMC_ATTACH_F_LOSSLESS || qlen > VCANMC_QUEUE_MAX)
		return -EINVAL;
	if (member && req->flags)
		return -EINVAL;

	rtnl_lock();
	err = -EALREADY;
	if (f->state != VCANMC_FILE_NEW)
		goto out;
	err = -ENODEV;
	dev = __dev_get_by_index(net, req->ifindex);
	if (!dev)
		goto out;
	err = -EINVAL;
	if (!vcanmc_is_vcanmc(dev))
		goto out;
	priv = netdev_priv(dev);
	/* The order changes only while no helper is attached (netlink.c). */
	global = priv->cfg.order == VCANMC_ORDER_GLOBAL;
	err = member ? -EINVAL : -EOPNOTSUPP;
	if (global != !!member)
		goto out;
	err = -EBUSY;
	if (rtnl_dereference(priv->file))
		goto out;
	/* The ring lives as long as the file: vcanmc_release() frees it. */
	err = ptr_ring_init(&f->ring, qlen, GFP_KERNEL_ACCOUNT);
	if (err)
		goto out;
	f->memcg = get_mem_cgroup_from_mm(current->mm);
	f->lossless = req->flags & VCANMC_ATTACH_F_LOSSLESS;
	f->timeline = member;
	if (member)
		vcanmc_tl_start(dev, member);

	rcu_assign_pointer(f->dev, dev);
	rcu_assign_pointer(priv->file, f);
	/* the ring is ready for whoever sees ATTACHED: vcanmc_file_state() */
	smp_store_release(&f->state, VCANMC_FILE_ATTACHED);
	vcanmc_helper_changed(dev);
	netdev_dbg(dev, "helper attached, queue %u\n", qlen);
out:
	rtnl_unlock();
	return err;
}

static long vcanmc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vcanmc_file *f = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case VCANMC_IOC_ATTACH: {
		struct vcanmc_attach req;

		if (copy_from_user(&req, argp, sizeof(req)))
			return -EFAULT;
		return vcanmc_attach(f, &req, 0);
	}
	case VCANMC_IOC_ATTACH_TL: {
		struct vcanmc_attach_tl req;

		if (copy_from_user(&req, argp, sizeof(req)))
			return -EFAULT;
		if (!req.member || req.reserved)
			return -EINVAL;
		return vcanmc_attach(f, &req.attach, req.member);
	}
	case VCANMC_IOC_TL_WATERMARK: {
		struct net_device *dev;
		s64 mark = 0;
		int err = 0;

		if (vcanmc_file_state(f) == VCANMC_FILE_NEW)
			return -EBADFD;
		if (!f->timeline)
			return -EINVAL;
		rcu_read_lock();
		dev = rcu_dereference(f->dev);
		if (dev)
			mark = vcanmc_tl_watermark(dev);
		else
			err = -ENODEV;
		rcu_read_unlock();
		if (err)
			return err;
		return copy_to_user(argp, &mark, sizeof(mark)) ? -EFAULT : 0;
	}
	case VCANMC_IOC_GET_STATS: {
		struct vcanmc_stats st = {};

		if (vcanmc_file_state(f) == VCANMC_FILE_NEW)
			return -EBADFD;
		st.overflows = atomic64_read(&f->overflows);
		return copy_to_user(argp, &st, sizeof(st)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

/* Takes the records that fit into @room bytes off the ring, at most
 * VCANMC_BATCH; every record but the last needs its padding. *@too_big
 * tells that a record is left that did not fit.
 */
static unsigned int vcanmc_take(struct vcanmc_file *f, struct vcanmc_rec **batch,
				size_t room, bool *too_big)
{
	struct ptr_ring *r = &f->ring;
	struct vcanmc_rec *rec;
	unsigned int n = 0;

	*too_big = false;
	spin_lock(&r->consumer_lock);
	while (n < VCANMC_BATCH) {
		rec = __ptr_ring_peek(r);
		if (!rec)
			break;
		if (rec->len > room) {
			*too_big = true;
			break;
		}
		__ptr_ring_discard_one(r);
		batch[n++] = rec;
		room -= min_t(size_t, VCANMC_REC_PAD(rec->len), room);
	}
	spin_unlock(&r->consumer_lock);
	return n;
}

static bool vcanmc_readable(struct vcanmc_file *f)
{
	return vcanmc_file_state(f) != VCANMC_FILE_ATTACHED || !ptr_ring_empty(&f->ring);
}

static ssize_t vcanmc_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct vcanmc_file *f = iocb->ki_filp->private_data;
	struct vcanmc_rec *batch[VCANMC_BATCH];
	bool nonblock = (iocb->ki_filp->f_flags & O_NONBLOCK) ||
			(iocb->ki_flags & IOCB_NOWAIT);
	unsigned int i, n;
	ssize_t done = 0;
	bool too_big;
	int err = 0;

	if (vcanmc_file_state(f) != VCANMC_FILE_ATTACHED)
		return vcanmc_file_err(f);
	if (!iov_iter_count(to))
		return 0;

	for (;;) {
		n = vcanmc_take(f, batch, iov_iter_count(to), &too_big);
		for (i = 0; i < n; i++) {
			int ret = err ? err : vcanmc_rec_put(batch[i], to);

			/* Taken off the ring but not read: lost, counted. */
			if (ret < 0) {
				err = ret;
				atomic64_inc(&f->overflows);
			} else {
				done += ret;
			}
			kfree(batch[i]);
		}
		if (n)
			vcanmc_attach_room(f);
		if (err || (done && n < VCANMC_BATCH))
			break;
		if (n) {
			/* a reader as bounded as a writer */
			if (fatal_signal_pending(current))
				break;
			cond_resched();
			continue;
		}
		if (too_big) {
			err = -EMSGSIZE;
			break;
		}
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		if (wait_event_interruptible(f->wq, vcanmc_readable(f))) {
			err = -ERESTARTSYS;
			break;
		}
		if (vcanmc_file_state(f) != VCANMC_FILE_ATTACHED) {
			err = vcanmc_file_err(f);
			break;
		}
	}
	return done ?: err;
}

/* The device @f is attached to and its MTU, for a batch to be parsed
 * against: 0, or why there is none to write to. No reference is taken:
 * the copy from the writer may sleep, and must not hold up the device's
 * unregistration. @dev is only compared afterwards, never dereferenced
 * but while f->dev is still @dev.
 */
static int vcanmc_target(struct vcanmc_file *f, struct net_device **devp,
			 unsigned int *mtu)
{
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = rcu_dereference(f->dev);
	if (!dev)
		err = vcanmc_file_err(f);
	else if (!netif_running(dev))
		err = -ENETDOWN;
	else
		*mtu = READ_ONCE(dev->mtu);
	rcu_read_unlock();
	*devp = dev;
	return err;
}

/* Hands a batch of received frames to the stack, as a NAPI poll would,
 * if @f is still attached to @dev and @dev is up with the MTU the batch
 * was checked against: else frees them and says why. (An MTU changes
 * only while the device is down: ENETDOWN.) netif_running(), not IFF_UP:
 * the core clears it before the synchronize_net() of dev_deactivate, so
 * that no batch is delivered once the device went down. Each has been on
 * another host's bus, and occupies ours for as long.
 */
static int vcanmc_deliver(struct vcanmc_file *f, struct net_device *dev,
			  unsigned int mtu, struct sk_buff_head *q)
{
	struct vcanmc_priv *priv;
	struct sk_buff *skb;
	unsigned int len;
	int err = 0;

	local_bh_disable();
	rcu_read_lock();
	if (rcu_dereference(f->dev) != dev)
		err = -ENODEV;
	else if (!netif_running(dev) || READ_ONCE(dev->mtu) != mtu)
		err = -ENETDOWN;
	priv = err ? NULL : netdev_priv(dev);
	while ((skb = __skb_dequeue(q))) {
		if (err) {
			kfree_skb(skb);
			continue;
		}
		vcanmc_rec_set_dev(skb, dev);
		vcanmc_bus_occupy(&priv->bus, skb);
		len = can_skb_get_data_len(skb);
		if (netif_receive_skb(skb) == NET_RX_SUCCESS)
			dev_sw_netstats_rx_add(dev, len);
	}
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

/* Takes up to VCANMC_BATCH records off @from into @q: 0, or the error of
 * the record that stopped it, after *@bytes of good ones.
 */
static int vcanmc_parse(unsigned int mtu, struct iov_iter *from,
			struct sk_buff_head *q, size_t *bytes)
{
	struct sk_buff *skb;
	size_t len;
	int err;

	*bytes = 0;
	while (skb_queue_len(q) < VCANMC_BATCH && iov_iter_count(from)) {
		err = vcanmc_rec_get(mtu, from, &skb, &len);
		if (err)
			return err;
		__skb_queue_tail(q, skb);
		*bytes += len;
	}
	return 0;
}

/* One record of the timeline's helper: another member's frame, held, or
 * a frontier. Taken only while @f is still attached to @dev, and @dev
 * running with the MTU the record was checked against (as
 * vcanmc_deliver()).
 */
static int vcanmc_tl_take(struct vcanmc_file *f, struct net_device *dev,
			  unsigned int mtu, struct vcanmc_rec_tl_in *in)
{
	int err = 0;

	if (in->skb && vcanmc_tl_remote_prep(in)) {
		vcanmc_tl_remote_free(in);
		return -ENOMEM;
	}
	rcu_read_lock();
	if (rcu_dereference(f->dev) != dev)
		err = -ENODEV;
	else if (!netif_running(dev) || READ_ONCE(dev->mtu) != mtu)
		err = -ENETDOWN;
	if (err)
		vcanmc_tl_remote_free(in);
	else if (in->skb)
		err = vcanmc_tl_remote(dev, in);
	else
		err = vcanmc_tl_frontier(dev, in->frontier);
	rcu_read_unlock();
	return err;
}

/* write() of the timeline's helper: a record at a time, each taken as
 * vcanmc_tl_take() says; yields the CPU every VCANMC_BATCH records.
 */
static ssize_t vcanmc_tl_write(struct vcanmc_file *f, struct iov_iter *from)
{
	struct vcanmc_rec_tl_in in;
	struct net_device *dev;
	unsigned int mtu = 0, n = 0;
	ssize_t done = 0;
	size_t bytes;
	int err = 0;

	while (iov_iter_count(from)) {
		err = vcanmc_target(f, &dev, &mtu);
		if (err)
			break;
		err = vcanmc_rec_get_tl(mtu, from, &in, &bytes);
		if (err)
			break;
		err = vcanmc_tl_take(f, dev, mtu, &in);
		if (err)
			break;
		done += bytes;
		if (++n % VCANMC_BATCH)
			continue;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		cond_resched();
	}
	return done ?: err;
}

/* A batch at a time, each delivered only to the device the file is still
 * attached to; however many records one call brings (a writev may repeat
 * one buffer up to 2 GiB), it yields the CPU between batches and ends
 * when the writer is killed.
 */
static ssize_t vcanmc_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct vcanmc_file *f = iocb->ki_filp->private_data;
	struct net_device *dev;
	struct sk_buff_head q;
	unsigned int mtu = 0;
	ssize_t done = 0;
	size_t bytes;
	int err = 0, ret;

	/* f->timeline is set before the file is seen attached, and a write
	 * that began before cannot tell which records to take
	 */
	if (vcanmc_file_state(f) == VCANMC_FILE_NEW)
		return -EBADFD;
	if (f->timeline)
		return vcanmc_tl_write(f, from);
	__skb_queue_head_init(&q);
	while (iov_iter_count(from) && !err) {
		err = vcanmc_target(f, &dev, &mtu);
		if (err)
			break;
		err = vcanmc_parse(mtu, from, &q, &bytes);
		ret = vcanmc_deliver(f, dev, mtu, &q);
		if (!ret)
			done += bytes;
		else
			err = ret;
		if (fatal_signal_pending(current))
			err = err ?: -EINTR;
		cond_resched();
	}
	return done ?: err;
}

static __poll_t vcanmc_poll(struct file *file, poll_table *wait)
{
	struct vcanmc_file *f = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &f->wq, wait);

	switch (vcanmc_file_state(f)) {
	case VCANMC_FILE_NEW:
		return EPOLLERR;
	case VCANMC_FILE_DETACHED:
		return EPOLLERR | EPOLLHUP;
	case VCANMC_FILE_ATTACHED:
		break;
	}
	if (!ptr_ring_empty(&f->ring))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask | EPOLLOUT | EPOLLWRNORM;
}

static int vcanmc_open(struct inode *inode, struct file *file)
{
	struct vcanmc_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	init_waitqueue_head(&f->wq);
	atomic64_set(&f->overflows, 0);
	f->state = VCANMC_FILE_NEW;
	f->id = atomic_inc_return(&vcanmc_last_file_id);
	file->private_data = f;
	pr_debug("file %u created\n", f->id);
	return stream_open(inode, file);
}

static int vcanmc_release(struct inode *inode, struct file *file)
{
	struct vcanmc_file *f = file->private_data;
	struct net_device *dev;

	rtnl_lock();
	dev = rtnl_dereference(f->dev);
	if (dev) {
		__vcanmc_detach(dev, f);
		vcanmc_helper_changed(dev);
	}
	rtnl_unlock();

	if (f->state != VCANMC_FILE_NEW) {
		ptr_ring_cleanup(&f->ring, NULL);
		mem_cgroup_put(f->memcg);
	}
	pr_debug("file %u destroyed\n", f->id);
	kfree(f);
	return 0;
}

static const struct file_operations vcanmc_fops = {
	.owner		= THIS_MODULE,
	.open		= vcanmc_open,
	.release	= vcanmc_release,
	.read_iter	= vcanmc_read_iter,
	.write_iter	= vcanmc_write_iter,
	.poll		= vcanmc_poll,
	.unlocked_ioctl	= vcanmc_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

/* Anyone may open it, as /dev/net/tun: attaching is what needs a privilege,
 * and it is checked against the namespace of the device. The minor is
 * dynamic: devtmpfs (and udev) make the node when the module loads, which
 * the first vcanmc link loads.
 */
static struct miscdevice vcanmc_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= VCANMC_DEV_NAME,
	.nodename = VCANMC_DEV_NAME,
	.fops	= &vcanmc_fops,
	.mode	= 0666,
};

int vcanmc_attach_init(void)
{
	return misc_register(&vcanmc_miscdev);
}

void vcanmc_attach_uninit(void)
{
	misc_deregister(&vcanmc_miscdev);
}
