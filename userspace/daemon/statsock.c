// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket: a unix stream socket in /run/vcanmc named after the
 * network namespace (its inode), so that "vcanmc status" finds the daemon
 * of its own namespace however both were started. A client connects and
 * reads; the daemon writes the state of every link as "key=value" lines
 * and closes. The format is in lib/status.h. A lock file beside the socket
 * keeps a second daemon out of a namespace that has one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "addr.h"
#include "fwd_bus.h"
#include "fwd_tl.h"
#include "log.h"
#include "statsock.h"
#include "transport.h"
#include "status.h"

struct out {
	char *buf;
	size_t len, size;
	bool failed;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	char *buf;
	int n;

	if (o->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->failed = true;
			return;
		}
		if ((size_t)n < o->size - o->len) {
			o->len += n;
			return;
		}
		buf = realloc(o->buf, o->size * 2 + n);
		if (!buf) {
			o->failed = true;
			return;
		}
		o->buf = buf;
		o->size = o->size * 2 + n;
	}
}

/* vcanmc status keeps DROPS_MAX (cli/status_parse.h) reasons per link */
_Static_assert(FWD_DROP_CNT - 1 <= 64, "more drop reasons than vcanmc status shows");

/* A timeline's state: its members, the frontier, and why it waits or broke */
static void put_timeline(struct out *o, const struct fwd_tl *tl, int64_t now)
{
	struct tldelay_stats delay;
	struct tlclock_sample clk;
	uint64_t refused = 0;
	enum fwd_tl_state state;
	size_t queued = 0;
	char why[128];
	unsigned int i;

	state = fwd_tl_status(tl, now, why, sizeof(why));
	put(o, "timeline=%s\ntimeline_why=%s\ntimeline_members=%u\ntimeline_want=%u\n"
	    "timeline_member=%08x\n", fwd_tl_state_name(state), why, tl->n, fwd_tl_members,
	    tl->self);
	if (tl->written != INT64_MIN)
		put(o, "timeline_frontier=%lld\n", (long long)tl->written);
	for (i = 1; i < tl->n; i++)
		queued += tl->m[i].q.len;
	put(o, "timeline_sent=%llu\ntimeline_heartbeats_out=%llu\n"
	    "timeline_heartbeats_in=%llu\ntimeline_waiting=%zu\ntimeline_refused=%llu\n",
	    (unsigned long long)tl->sent, (unsigned long long)tl->heartbeats_out,
	    (unsigned long long)tl->heartbeats_in, queued, (unsigned long long)tl->refused);
	if (tl->dg.lost)
		put(o, "timeline_digest=lost\n");
	else if (tl->dg.last.at != INT64_MIN)
		put(o, "timeline_digest=%016llx\ntimeline_digest_at=%lld\n"
		    "timeline_digest_frames=%llu\n", (unsigned long long)tl->dg.last.sum,
		    (long long)tl->dg.last.at, (unsigned long long)tl->dg.last.n);
	put(o, "timeline_digests_same=%llu\ntimeline_digests_same_frames=%llu\n"
	    "timeline_digests_differ=%llu\n", (unsigned long long)tl->digests_same,
	    (unsigned long long)tl->digests_same_frames, (unsigned long long)tl->digests_differ);
	if (tl->digests_differ)
		put(o, "timeline_differs_member=%08x\ntimeline_differs_at=%lld\n",
		    tl->differs_member, (long long)tl->differs_at);
	/* Clocks: each member's offset and round trip, as measured; the
	 * samples refused
	 */
	for (i = 1; i < tl->n; i++) {
		/* a member cut is no longer measured: its last would go stale */
		if (!tl->m[i].cut && tlclock_best(&tl->m[i].clk, &clk))
			put(o, "timeline_clock=%08x %lld %lld\n", tl->m[i].id,
			    (long long)clk.offset, (long long)clk.rtt);
		refused += tl->m[i].clk.refused;
	}
	put(o, "timeline_clock_refused=%llu\n", (unsigned long long)refused);
	if (tldelay_stats(&tl->delay, &delay))
		put(o, "timeline_delay_frames=%u\ntimeline_delay_p50=%lld\n"
		    "timeline_delay_p99=%lld\ntimeline_delay_max=%lld\n", delay.n,
		    (long long)delay.p50, (long long)delay.p99, (long long)delay.max);
	for (i = 1; i < tl->n; i++)
		put(o, "timeline_peer=%08x %s%s%s%s %lldms\n", tl->m[i].id,
		    tl->m[i].from_start ? "from-start" : "late", tl->m[i].ready ? " ready" : "",
		    tl->m[i].broken ? " broken" : "", tl->m[i].cut ? " cut" : "",
		    (long long)(now - tl->m[i].heard_ms));
}

static void put_link(struct out *o, const struct vlink *l, int64_t now)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;
	const struct fwd *f = &l->fwd;
	char addr[VCANMC_ADDRSTRLEN];
	uint64_t n[VCANMC_STAT_CNT];
	struct sockaddr_storage group;
	unsigned int i;

	put(o, "link=%s\nifindex=%d\n", l->nl.name, l->nl.ifindex);
	vcanmc_cfg_group(cfg, &group);
	if (vcanmc_cfg_has_group(cfg))
		vcanmc_addr_ip_str((struct sockaddr *)&group, addr, sizeof(addr));
	else
		snprintf(addr, sizeof(addr), "none");
	put(o, "group=%s\nport=%u\nttl=%u\ndev_index=%u\nencap=%s\nmcast_loop=%u\n", addr,
	    cfg->port, cfg->ttl, cfg->link, vcanmc_encap_name(cfg->encap) ?: "unknown",
	    cfg->mcast_loop);
	put(o, "order=%s\n", vcanmc_order_name(cfg->order) ?: "unknown");
	put(o, "attached=%d\nreason=%s\n", l->attached, l->why);
	if (l->attached && transport_source_port(f->tp))
		put(o, "source_port=%u\n", transport_source_port(f->tp));
	/* The peers the attached transport sends to, as it was given them */
	if (l->attached)
		put(o, "unicast_peers=%u\npeers_only=%u\n", f->tp->cfg.npeers,
		    f->tp->cfg.peers_only);
	if (cfg->encap == VCANMC_ENCAP_IEEE1722) {
		const uint8_t *m = cfg->dest_mac;

		put(o, "transport=%s\nbus_id=%u\n",
		    cfg->transport == VCANMC_TRANSPORT_ETHERNET ? "ethernet" : "udp", cfg->bus_id);
		put(o, "dest_mac=%02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3], m[4],
		    m[5]);
	}
	if (l->attached && f->tp->avtp)
		put(o, "stream_id=0x%016llx\n", (unsigned long long)f->tp->enc.stream_id);
	if (l->attached && f->tl)
		put_timeline(o, f->tl, now);
	fwd_counters(f, n);
	for (i = 0; i < VCANMC_STAT_CNT; i++)
		put(o, "%s=%llu\n", vcanmc_stat_keys[i].key, (unsigned long long)n[i]);
	for (i = 1; i < FWD_DROP_CNT; i++)
		put(o, "drop=%s %llu\n", fwd_drop_name(i), (unsigned long long)f->stats.drop[i]);
	if (l->attached && f->tp->batch)
		put(o, "bus_differs=%u\nbus_conflicts=%llu\nbus_records_in=%llu\n"
		    "bus_records_out=%llu\n", fwd_bus_differing(f, now),
		    (unsigned long long)f->bus_conflicts, (unsigned long long)f->bus_records_in,
		    (unsigned long long)f->bus_records_out);
	for (i = 0; i < f->peers.n; i++) {
		const struct peer *p = &f->peers.v[i];

		put(o, "peer=%s\n", vcanmc_addr_str((const struct sockaddr *)&p->addr, addr,
						    sizeof(addr)));
		put(o, "peer_frames=%llu\npeer_drops=%llu\npeer_idle_ms=%lld\n",
		    (unsigned long long)p->frames, (unsigned long long)p->drops,
		    (long long)(now - p->last_ms));
		if (p->norm)
			put(o, "peer_node=%08x\npeer_lost=%llu\npeer_repairs=%llu\n"
			    "peer_duplicates=%llu\npeer_late_joins=%llu\npeer_restarts=%llu\n",
			    p->node_id, (unsigned long long)p->lost,
			    (unsigned long long)p->repairs, (unsigned long long)p->dups,
			    (unsigned long long)p->late_joins, (unsigned long long)p->restarts);
		if (p->bus_known)
			put(o, "peer_bitrate=%u\npeer_dbitrate=%u\npeer_xlbitrate=%u\n"
			    "peer_bus=%s\n", p->bus.bitrate, p->bus.dbitrate, p->bus.xlbitrate,
			    fwd_bus_differs(f, p, now) ? "differs" :
			    fwd_bus_unheard(p, now) ? "unheard" : "same");
		if (p->avtp)
			put(o, "peer_stream=0x%016llx\npeer_lost=%llu\npeer_reordered=%llu\n"
			    "peer_duplicates=%llu\npeer_restarts=%llu\n",
			    (unsigned long long)p->stream_id, (unsigned long long)p->seq.lost,
			    (unsigned long long)p->seq.reordered,
			    (unsigned long long)p->seq.duplicates,
			    (unsigned long long)p->seq.restarts);
	}
}

/* A client being answered: the answer is written as the client reads it,
 * however long, but a client that reads nothing for STATUS_CLIENT_MS is
 * dropped, and at most STATUS_CLIENTS wait at a time.
 */
#define STATUS_CLIENT_MS	5000
#define STATUS_CLIENTS		16

struct client {
	struct client *next;
	struct status *st;
	struct ev ev;
	struct timer timer;
	char *buf;
	size_t len, off;
};

/* Clients wait in the listen queue meanwhile; they are refused only if
 * it is full.
 */
#define ACCEPT_BACKOFF_MIN_MS	10
#define ACCEPT_BACKOFF_MAX_MS	1000

static struct ratelimit rl_accept;

static void accept_resume(struct status *st)
{
	if (!st->resume.armed)
		return;
	loop_timer_cancel(st->loop, &st->resume);
	loop_watch(st->loop, &st->ev, EPOLLIN);
}

static void on_resume(struct timer *t)
{
	struct status *st = t->ctx;

	loop_watch(st->loop, &st->ev, EPOLLIN);
}

/* accept() failed with @err. For want of a file (EMFILE, ENFILE) or of
 * memory the socket stays readable: watched, it would wake the loop at
 * once, again and again. It rests until a file is freed, or for a while.
 */
static void accept_failed(struct status *st, int err)
{
	uint64_t missed;

	if (err != EMFILE && err != ENFILE && err != ENOBUFS && err != ENOMEM)
		return;
	st->accept_fails++;
	st->backoff_ms = st->backoff_ms ? st->backoff_ms * 2 : ACCEPT_BACKOFF_MIN_MS;
	if (st->backoff_ms > ACCEPT_BACKOFF_MAX_MS)
		st->backoff_ms = ACCEPT_BACKOFF_MAX_MS;
	loop_watch(st->loop, &st->ev, 0);
	loop_timer_arm(st->loop, &st->resume, st->backoff_ms);
	if (ratelimit_ok(&rl_accept, &missed))
		log_warn("status: cannot take a client: %s (%llu times); again in %u ms",
			 strerror(err), (unsigned long long)st->accept_fails, st->backoff_ms);
}

static void client_free(struct client *c)
{
	struct client **pp;

	for (pp = &c->st->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->st->nclients--;
	loop_watch(c->st->loop, &c->ev, 0);
	loop_timer_cancel(c->st->loop, &c->timer);
	close(c->ev.fd);
	accept_resume(c->st);
	free(c->buf);
	free(c);
}

/* Writes what the client's socket takes; frees the client when done. */
static void client_send(struct client *c)
{
	ssize_t n;

	while (c->off < c->len) {
		n = send(c->ev.fd, c->buf + c->off, c->len - c->off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0) {
			c->off += n;
			loop_timer_arm(c->st->loop, &c->timer, STATUS_CLIENT_MS);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			loop_watch(c->st->loop, &c->ev, EPOLLOUT);
			return;
		}
		log_debug("status: a client went away: %s", n < 0 ? strerror(errno) : "");
		break;
	}
	client_free(c);
}

static void on_client_writable(struct ev *ev, uint32_t events)
{
	client_send(ev->ctx);
}

static void on_client_idle(struct timer *t)
{
	log_debug("status: a client read nothing for %d ms: dropped", STATUS_CLIENT_MS);
	client_free(t->ctx);
}

static void on_client(struct ev *ev, uint32_t events)
{
	struct status *st = ev->ctx;
	struct out o = { 0 };
	int64_t now = now_ms();
	struct client *c;
	struct vlink *l;
	int fd;

	fd = accept4(st->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		accept_failed(st, errno);
		return;
	}
	st->backoff_ms = 0;
	if (st->nclients >= STATUS_CLIENTS) {
		log_debug("status: %d clients wait already: refused one", STATUS_CLIENTS);
		close(fd);
		return;
	}
	put(&o, "version=%d\n", VCANMC_STATUS_VERSION);
	for (l = st->ls->list; l; l = l->next)
		put_link(&o, l, now);
	put(&o, "end=1\n");
	c = o.failed ? NULL : calloc(1, sizeof(*c));
	if (!c) {
		log_err("status: out of memory");
		free(o.buf);
		close(fd);
		return;
	}
	*c = (struct client){
		.next = st->clients, .st = st, .buf = o.buf, .len = o.len,
		.ev = { .fd = fd, .fn = on_client_writable, .ctx = c },
		.timer = { .fn = on_client_idle, .ctx = c },
	};
	st->clients = c;
	st->nclients++;
	loop_timer_arm(st->loop, &c->timer, STATUS_CLIENT_MS);
	client_send(c);
}

/* Is a daemon answering at @addr? */
static bool answers(const struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool yes;

	if (fd < 0)
		return false;
	yes = !connect(fd, (const struct sockaddr *)addr, sizeof(*addr));
	close(fd);
	return yes;
}

/* The lock beside the socket: whoever holds it owns the socket, so that a
 * daemon starting never removes the socket of one that has just bound it.
 * Held until the daemon exits.
 */
static int take_lock(struct status *st)
{
	char path[sizeof(st->path) + 8];
	int fd;

	snprintf(path, sizeof(path), "%s.lock", st->path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		log_err("%s: %s", path, strerror(errno));
		return -errno;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = errno == EWOULDBLOCK ? -EADDRINUSE : -errno;

		close(fd);
		return err;
	}
	return fd;
}

int status_init(struct status *st, struct loop *loop, struct links *ls)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	mode_t mask;
	int err;

	*st = (struct status){ .ls = ls, .loop = loop, .fd = -1, .lock_fd = -1,
			       .resume = { .fn = on_resume, .ctx = st } };
	err = vcanmc_status_path(st->path, sizeof(st->path));
	if (err)
		return err;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", st->path);
	if (mkdir(VCANMC_RUN_DIR, 0755) && errno != EEXIST) {
		err = -errno;
		log_err("%s: %s", VCANMC_RUN_DIR, strerror(errno));
		return err;
	}

	st->lock_fd = take_lock(st);
	if (st->lock_fd < 0) {
		err = st->lock_fd;
		if (err == -EADDRINUSE || answers(&addr))
			log_err("another vcanmcd serves this network namespace (%s)", st->path);
		st->lock_fd = -1;
		return err == -EADDRINUSE ? err : -EADDRINUSE;
	}
	st->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (st->fd < 0) {
		err = -errno;
		goto err_unlock;
	}
	/* Ours now: one left behind by a daemon that died goes. The mode is
	 * the socket's from its creation on.
	 */
	unlink(addr.sun_path);
	mask = umask(0177);
	err = bind(st->fd, (struct sockaddr *)&addr, sizeof(addr)) ? -errno : 0;
	umask(mask);
	if (err) {
		log_err("%s: %s", st->path, strerror(-err));
		goto err_close;
	}
	if (listen(st->fd, 16)) {
		err = -errno;
		goto err_unlink;
	}
	st->ev = (struct ev){ .fd = st->fd, .fn = on_client, .ctx = st };
	err = loop_watch(st->loop, &st->ev, EPOLLIN);
	if (err)
		goto err_unlink;
	return 0;

err_unlink:
	unlink(st->path);
err_close:
	close(st->fd);
	st->fd = -1;
err_unlock:
	close(st->lock_fd);
	st->lock_fd = -1;
	st->path[0] = '\0';
	return err;
}

void status_uninit(struct status *st)
{
	if (st->fd < 0)
		return;
	while (st->clients)
		client_free(st->clients);
	loop_timer_cancel(st->loop, &st->resume);
	loop_watch(st->loop, &st->ev, 0);
	close(st->fd);
	unlink(st->path);
	st->fd = -1;
	/* The lock file stays: removing it would let two daemons lock two
	 * files of one name.
	 */
	close(st->lock_fd);
	st->lock_fd = -1;
}
