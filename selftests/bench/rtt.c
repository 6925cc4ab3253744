// SPDX-License-Identifier: GPL-2.0
/*
 * Round-trip times: frame n goes out with id ID at t0 + n / rate, the echo
 * responder on the other side sends every ID frame back unchanged as
 * ID + 1, and the round trip is CLOCK_MONOTONIC from just before the send
 * to just after the receive. Several frames may be under way at once, as
 * on a bus with other traffic; at a moderate rate they rarely are.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "canbench.h"

struct echo {
	int fd;
	canid_t id;
	bool stop;		/* __atomic */
	uint64_t echoed;
};

/* Until told to stop: every ID frame back as ID + 1. */
static void *echo_loop(void *arg)
{
	struct can_frame frames[CB_BATCH];
	struct mmsghdr msgs[CB_BATCH];
	struct iovec iov[CB_BATCH];
	struct echo *e = arg;
	struct pollfd pfd = { .fd = e->fd, .events = POLLIN };
	int i, n, k, sent;

	while (!__atomic_load_n(&e->stop, __ATOMIC_ACQUIRE)) {
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		for (i = 0; i < CB_BATCH; i++) {
			iov[i] = (struct iovec){ &frames[i], sizeof(frames[i]) };
			msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
		}
		n = recvmmsg(e->fd, msgs, CB_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			continue;
		for (i = 0, k = 0; i < n; i++) {
			if (msgs[i].msg_len != CAN_MTU || frames[i].can_id != e->id)
				continue;
			frames[k] = frames[i];
			frames[k].can_id = e->id + 1;
			iov[k].iov_len = CAN_MTU;
			msgs[k].msg_hdr = (struct msghdr){ .msg_iov = &iov[k], .msg_iovlen = 1 };
			k++;
		}
		for (i = 0; i < k; i += sent) {
			sent = sendmmsg(e->fd, &msgs[i], k - i, 0);
			if (sent <= 0) {
				if (errno != ENOBUFS && errno != EINTR)
					break;
				sleep_until(now_ns() + 100000);
				sent = 0;
			}
		}
		e->echoed += k;
	}
	return NULL;
}

int cmd_echo(const struct endpoint *ep, canid_t id, double secs)
{
	struct echo e = { .id = id };
	int64_t end = now_ns() + (int64_t)(secs * 1e9);
	pthread_t thread;
	int err;

	e.fd = ep_socket(ep, id, CB_RCVBUF);
	if (e.fd < 0)
		return 1;
	err = pthread_create(&thread, NULL, echo_loop, &e);
	if (err) {
		fprintf(stderr, "canbench: thread: %s\n", strerror(err));
		close(e.fd);
		return 1;
	}
	if (secs > 0)
		sleep_until(end);
	else
		pause();
	__atomic_store_n(&e.stop, true, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	printf("echo echoed=%llu\n", (unsigned long long)e.echoed);
	close(e.fd);
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank of a sorted array */
static double pct_us(const int64_t *v, unsigned int n, double p)
{
	unsigned int rank = (unsigned int)(p / 100 * n + 0.999999);

	if (rank < 1)
		rank = 1;
	return v[rank - 1] / 1e3;
}

/* One round trip a line, in microseconds, appended to @path */
static int write_samples(const char *path, const int64_t *rtt, unsigned int n)
{
	FILE *f = fopen(path, "a");
	unsigned int i;

	if (!f) {
		fprintf(stderr, "canbench: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	for (i = 0; i < n; i++)
		fprintf(f, "%.1f\n", rtt[i] / 1e3);
	if (fclose(f)) {
		fprintf(stderr, "canbench: %s: %s\n", path, strerror(errno));
		return -EIO;
	}
	return 0;
}

/* Reads the echoes that are there; their round trips into @rtt. */
static unsigned int read_echoes(int fd, const struct rtt_opts *o, const int64_t *sent_at,
				int64_t *rtt, unsigned int *stale)
{
	struct can_frame frames[CB_BATCH];
	struct mmsghdr msgs[CB_BATCH];
	struct iovec iov[CB_BATCH];
	unsigned int got = 0;
	int64_t now;
	int i, n;

	for (i = 0; i < CB_BATCH; i++) {
		iov[i] = (struct iovec){ &frames[i], sizeof(frames[i]) };
		msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
	}
	n = recvmmsg(fd, msgs, CB_BATCH, MSG_DONTWAIT, NULL);
	now = now_ns();
	for (i = 0; i < n; i++) {
		uint32_t seq = get_le32(frames[i].data);

		if (msgs[i].msg_len != CAN_MTU || frames[i].can_id != o->id + 1 ||
		    seq >= o->count || !sent_at[seq] || rtt[seq] ||
		    get_le32(frames[i].data + 4) != ns_to_us32(sent_at[seq])) {
			(*stale)++;
			continue;
		}
		rtt[seq] = now - sent_at[seq];
		got++;
	}
	return got;
}

int cmd_rtt(const struct endpoint *tx, const struct endpoint *echo, const struct rtt_opts *o)
{
	struct echo e = { .id = o->id };
	unsigned int sent = 0, got = 0, stale = 0, i, n;
	int64_t *sent_at, *rtt, t0, next, deadline = 0;
	struct pollfd pfd = { .events = POLLIN };
	pthread_t thread;
	double sum = 0;
	int err, ret = 1;

	sent_at = calloc(o->count, sizeof(*sent_at));
	rtt = calloc(o->count, sizeof(*rtt));
	if (!sent_at || !rtt || !o->count || o->rate <= 0) {
		fprintf(stderr, "canbench: rtt needs a rate and a count\n");
		goto out_free;
	}
	e.fd = ep_socket(echo, o->id, CB_RCVBUF);
	if (e.fd < 0)
		goto out_free;
	pfd.fd = ep_socket(tx, o->id + 1, CB_RCVBUF);
	if (pfd.fd < 0)
		goto out_echo;
	err = pthread_create(&thread, NULL, echo_loop, &e);
	if (err) {
		fprintf(stderr, "canbench: thread: %s\n", strerror(err));
		goto out_tx;
	}

	t0 = next = now_ns();
	while (got < o->count) {
		int64_t now = now_ns(), until;
		struct timespec ts;

		if (sent < o->count && now >= next) {
			struct can_frame f;

			sent_at[sent] = now_ns();
			frame_put(&f, o->id, sent, ns_to_us32(sent_at[sent]));
			if (write(pfd.fd, &f, sizeof(f)) != sizeof(f)) {
				if (errno != ENOBUFS && errno != EINTR) {
					perror("canbench: write");
					break;
				}
				sent_at[sent] = 0;
				sleep_until(now_ns() + 100000);
				continue;
			}
			sent++;
			next = t0 + (int64_t)(sent * 1e9 / o->rate);
			if (sent == o->count)
				deadline = now_ns() + o->wait_ms * 1000000LL;
			continue;
		}
		until = sent < o->count ? next : deadline;
		if (now >= until)
			break;
		ts = (struct timespec){ (until - now) / 1000000000, (until - now) % 1000000000 };
		if (ppoll(&pfd, 1, &ts, NULL) > 0)
			got += read_echoes(pfd.fd, o, sent_at, rtt, &stale);
	}
	__atomic_store_n(&e.stop, true, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);

	for (i = 0, n = 0; i < o->count; i++)
		if (rtt[i])
			rtt[n++] = rtt[i];
	qsort(rtt, n, sizeof(*rtt), cmp_i64);
	for (i = 0; i < n; i++)
		sum += rtt[i];
	if (o->samples && write_samples(o->samples, rtt, n))
		goto out_tx;
	printf("rtt rate=%.0f sent=%u received=%u lost=%u stale=%u", o->rate, sent, n,
	       sent - n, stale);
	if (n)
		printf(" min_us=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f avg_us=%.0f",
		       rtt[0] / 1e3, pct_us(rtt, n, 50), pct_us(rtt, n, 90), pct_us(rtt, n, 99),
		       rtt[n - 1] / 1e3, sum / n / 1e3);
	printf("\n");
	ret = 0;
out_tx:
	close(pfd.fd);
out_echo:
	close(e.fd);
out_free:
	free(sent_at);
	free(rtt);
	return ret;
}
