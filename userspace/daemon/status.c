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

#include "log.h"
#include "status.h"
#include "vcanmcd.h"

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

static void put_addr(struct out *o, const char *key, const struct sockaddr_storage *ss)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr));
		put(o, "%s=%s:%u\n", key, addr, ntohs(sin->sin_port));
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr));
		put(o, "%s=[%s]:%u\n", key, addr, ntohs(sin6->sin6_port));
	}
}

static void put_link(struct out *o, const struct vlink *l, int64_t now)
{
	const struct vcanmc_cfg *cfg = &l->nl.cfg;
	const struct link_stats *s = &l->stats;
	char addr[INET6_ADDRSTRLEN];
	unsigned int i;

	put(o, "link=%s\nifindex=%d\n", l->nl.name, l->nl.ifindex);
	if (vcanmc_cfg_has(cfg, IFLA_VCANMC_GROUP))
		inet_ntop(AF_INET, &cfg->group, addr, sizeof(addr));
	else
		inet_ntop(AF_INET6, &cfg->group6, addr, sizeof(addr));
	put(o, "group=%s\nport=%u\nttl=%u\ndev_index=%u\nencap=%s\n", addr, cfg->port,
	    cfg->ttl, cfg->link, vcanmc_encap_name(cfg->encap) ?: "unknown");
	put(o, "attached=%d\nreason=%s\n", l->attached, l->why);
	put(o, "can_rx=%llu\nudp_tx=%llu\nudp_rx=%llu\ncan_tx=%llu\nown=%llu\n",
	    (unsigned long long)s->can_rx, (unsigned long long)s->udp_tx,
	    (unsigned long long)s->udp_rx, (unsigned long long)s->can_tx,
	    (unsigned long long)s->own);
	put(o, "can_overflow=%u\nudp_overflow=%u\n", s->can_ovfl, s->udp_ovfl);
	for (i = 1; i < VCANMCD_DROP_CNT; i++)
		put(o, "drop=%s %llu\n", vcanmcd_drop_name(i), (unsigned long long)s->drop[i]);
	for (i = 0; i < l->peers.n; i++) {
		const struct peer *p = &l->peers.v[i];

		put_addr(o, "peer", &p->addr);
		put(o, "peer_frames=%llu\npeer_drops=%llu\npeer_idle_ms=%lld\n",
		    (unsigned long long)p->frames, (unsigned long long)p->drops,
		    (long long)(now - p->last_ms));
	}
}

static void on_client(struct ev *ev, uint32_t events)
{
	struct vcanmcd *d = ev->ctx;
	struct out o = { 0 };
	int64_t now = now_ms();
	struct vlink *l;
	ssize_t n;
	int fd;

	fd = accept4(d->status_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	put(&o, "version=%d\n", VCANMC_STATUS_VERSION);
	for (l = d->links; l; l = l->next)
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

int status_init(struct vcanmcd *d)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int err;

	err = vcanmc_status_path(d->status_path, sizeof(d->status_path));
	if (err)
		return err;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", d->status_path);
	if (mkdir(VCANMC_RUN_DIR, 0755) && errno != EEXIST) {
		err = -errno;
		log_err("%s: %s", VCANMC_RUN_DIR, strerror(errno));
		return err;
	}

	d->status_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (d->status_fd < 0)
		return -errno;
	if (bind(d->status_fd, (struct sockaddr *)&addr, sizeof(addr))) {
		if (errno == EADDRINUSE && answers(&addr)) {
			log_err("another vcanmcd serves this network namespace (%s)",
				d->status_path);
			err = -EADDRINUSE;
			goto err_close;
		}
		/* Left behind by a daemon that died. */
		unlink(addr.sun_path);
		if (bind(d->status_fd, (struct sockaddr *)&addr, sizeof(addr))) {
			err = -errno;
			log_err("%s: %s", d->status_path, strerror(errno));
			goto err_close;
		}
	}
	chmod(addr.sun_path, 0600);
	if (listen(d->status_fd, 16)) {
		err = -errno;
		goto err_unlink;
	}
	d->status_ev = (struct ev){ .fd = d->status_fd, .fn = on_client, .ctx = d };
	err = loop_watch(&d->loop, &d->status_ev, EPOLLIN);
	if (err)
		goto err_unlink;
	return 0;

err_unlink:
	unlink(d->status_path);
err_close:
	close(d->status_fd);
	d->status_fd = -1;
	d->status_path[0] = '\0';
	return err;
}

void status_uninit(struct vcanmcd *d)
{
	if (d->status_fd < 0)
		return;
	loop_watch(&d->loop, &d->status_ev, 0);
	close(d->status_fd);
	unlink(d->status_path);
	d->status_fd = -1;
}
