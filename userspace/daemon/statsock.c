// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket: a unix stream socket in /run/vcanmc named after the
 * network namespace (its inode), so that "vcanmc status" finds the daemon
 * of its own namespace however both were started. A client connects and
 * reads; the daemon writes the state of every link as "key=value" lines
 * and closes. The format is in lib/status.h. The socket also keeps a second
 * daemon out of a namespace that has one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "addr.h"
#include "log.h"
#include "statsock.h"
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

static void put_link(struct out *o, const struct vlink *l, int64_t now)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;
	const struct fwd *f = &l->fwd;
	char addr[VCANMC_ADDRSTRLEN];
	uint64_t n[VCANMC_STAT_CNT];
	unsigned int i;

	put(o, "link=%s\nifindex=%d\n", l->nl.name, l->nl.ifindex);
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP))
		inet_ntop(AF_INET, &cfg->group, addr, sizeof(addr));
	else
		inet_ntop(AF_INET6, &cfg->group6, addr, sizeof(addr));
	put(o, "group=%s\nport=%u\nttl=%u\ndev_index=%u\nencap=%s\nmcast_loop=%u\n", addr,
	    cfg->port, cfg->ttl, cfg->link, vcanmc_encap_name(cfg->encap) ?: "unknown",
	    cfg->mcast_loop);
	put(o, "attached=%d\nreason=%s\n", l->attached, l->why);
	fwd_counters(f, n);
	for (i = 0; i < VCANMC_STAT_CNT; i++)
		put(o, "%s=%llu\n", vcanmc_stat_keys[i].key, (unsigned long long)n[i]);
	for (i = 1; i < FWD_DROP_CNT; i++)
		put(o, "drop=%s %llu\n", fwd_drop_name(i), (unsigned long long)f->stats.drop[i]);
	for (i = 0; i < f->peers.n; i++) {
		const struct peer *p = &f->peers.v[i];

		put(o, "peer=%s\n", vcanmc_addr_str((const struct sockaddr *)&p->addr, addr,
						    sizeof(addr)));
		put(o, "peer_frames=%llu\npeer_drops=%llu\npeer_idle_ms=%lld\n",
		    (unsigned long long)p->frames, (unsigned long long)p->drops,
		    (long long)(now - p->last_ms));
	}
}

static void on_client(struct ev *ev, uint32_t events)
{
	struct status *st = ev->ctx;
	struct out o = { 0 };
	int64_t now = now_ms();
	struct vlink *l;
	ssize_t n;
	int fd;

	fd = accept4(st->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	put(&o, "version=%d\n", VCANMC_STATUS_VERSION);
	for (l = st->ls->list; l; l = l->next)
		put_link(&o, l, now);
	put(&o, "end=1\n");
	/* One write into a buffer sized for it: a client that does not read
	 * gets a short answer, never a stalled daemon.
	 */
	if (!o.failed) {
		int size = o.len + 4096;

		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
		n = send(fd, o.buf, o.len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < (ssize_t)o.len)
			log_debug("status: short write to a client");
	}
	free(o.buf);
	close(fd);
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

int status_init(struct status *st, struct loop *loop, struct links *ls)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int err;

	*st = (struct status){ .ls = ls, .loop = loop, .fd = -1 };
	err = vcanmc_status_path(st->path, sizeof(st->path));
	if (err)
		return err;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", st->path);
	if (mkdir(VCANMC_RUN_DIR, 0755) && errno != EEXIST) {
		err = -errno;
		log_err("%s: %s", VCANMC_RUN_DIR, strerror(errno));
		return err;
	}

	st->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (st->fd < 0)
		return -errno;
	if (bind(st->fd, (struct sockaddr *)&addr, sizeof(addr))) {
		if (errno == EADDRINUSE && answers(&addr)) {
			log_err("another vcanmcd serves this network namespace (%s)",
				st->path);
			err = -EADDRINUSE;
			goto err_close;
		}
		/* Left behind by a daemon that died. */
		unlink(addr.sun_path);
		if (bind(st->fd, (struct sockaddr *)&addr, sizeof(addr))) {
			err = -errno;
			log_err("%s: %s", st->path, strerror(errno));
			goto err_close;
		}
	}
	chmod(addr.sun_path, 0600);
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
	st->path[0] = '\0';
	return err;
}

void status_uninit(struct status *st)
{
	if (st->fd < 0)
		return;
	loop_watch(st->loop, &st->ev, 0);
	close(st->fd);
	unlink(st->path);
	st->fd = -1;
}
