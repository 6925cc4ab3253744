// SPDX-License-Identifier: GPL-2.0
/*
 * A paced flow of numbered frames and its receiver.
 *
 * The sender keeps to its schedule, frame n due at t0 + n / rate: whenever
 * it wakes it sends every frame that is due, up to a batch per sendmmsg, and
 * then sleeps until the next frame is due, but at least SEND_TICK_NS, so
 * that above 1000 frames/s frames go out in bursts of rate / 1000, as a busy
 * bus carries them back to back. A socket that pushes back (ENOBUFS) delays
 * the schedule instead of losing frames; the rate the sender really offered
 * is measured and reported.
 *
 * The receiver, a thread with a socket in the other namespace, marks each
 * sequence number in a bitmap: a number seen twice is a duplicate, one
 * lower than the highest seen so far is reordered, one never seen is lost.
 * Frames the receiver's own socket dropped (SO_RXQ_OVFL) are reported apart,
 * so that a slow receiver is not mistaken for loss on the path.
 *
 * Neither is woken per frame: a wakeup, all the more of another CPU, costs
 * more than a frame, more still in an emulated VM, and the sender and
 * receiver share the CPUs with the path they measure. The receiver polls,
 * as often as it takes to read a quarter batch at a time, from every
 * RX_POLL_MIN_NS to every RX_POLL_MAX_NS.
 *
 * A trial passes when nothing was lost, duplicated or reordered, the
 * sender offered the rate asked for, and frames took no longer than
 * avg_lat_ms on average: a path that is too slow could otherwise hide in its
 * socket buffers for the few seconds of a trial. The average, not the
 * maximum: a path that cannot keep up queues more and more, and its mean
 * delay grows with the length of the trial, while a program that was off
 * the CPU for a moment (in a VM on a busy host, for a long moment) delays
 * only the frames of that moment.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "canbench.h"

#define RX_BATCH	256
#define RX_CMSG		CMSG_SPACE(sizeof(uint32_t))
#define SEND_TICK_NS	1000000
#define RX_POLL_MIN_NS	1000000
#define RX_POLL_MAX_NS	5000000

struct sender {
	uint64_t sent, enobufs;
	int64_t t0, t_end;
	int64_t woke;		/* when it last woke from a sleep */
};

struct receiver {
	int fd;
	canid_t id;
	uint64_t count;		/* frames the sender will send */
	uint8_t *seen;		/* bitmap, count bits */
	uint32_t t0_us;		/* frames stamped before were sent by others */
	unsigned int idle_ms;
	int64_t poll_ns;

	/* written by the sender thread: sender_end, then sender_done */
	bool sender_done;
	int64_t sender_end;

	uint64_t got, dup, reordered, stale;
	uint32_t max_seq, ovfl;
	bool any;
	int64_t last_ns;
	uint32_t lat_max_us;
	double lat_sum_us;
};

static int send_flow(int fd, const struct flow_opts *o, uint64_t count, struct sender *s)
{
	struct can_frame frames[CB_BATCH];
	struct mmsghdr msgs[CB_BATCH];
	struct iovec iov[CB_BATCH];
	int64_t dur = (int64_t)(o->secs * 1e9);
	unsigned int i;

	for (i = 0; i < CB_BATCH; i++) {
		iov[i] = (struct iovec){ &frames[i], sizeof(frames[i]) };
		msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
	}
	s->t0 = s->woke = now_ns();
	while (s->sent < count) {
		int64_t now = now_ns();
		uint64_t due;
		uint32_t us;
		int n;

		if (o->rate > 0) {
			due = (uint64_t)((now - s->t0) * o->rate / 1e9) + 1;
			if (due > count)
				due = count;
			if (due <= s->sent) {
				int64_t next = s->t0 + (int64_t)(s->sent * 1e9 / o->rate);

				sleep_until(next > s->woke + SEND_TICK_NS ? next :
					    s->woke + SEND_TICK_NS);
				s->woke = now_ns();
				continue;
			}
			due -= s->sent;
		} else {
			if (now - s->t0 >= dur)
				break;
			due = CB_BATCH;
		}
		if (due > CB_BATCH)
			due = CB_BATCH;
		us = ns_to_us32(now);
		for (i = 0; i < due; i++)
			frame_put(&frames[i], o->id, (uint32_t)(s->sent + i), us);
		n = sendmmsg(fd, msgs, due, 0);
		if (n < 0) {
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
				/* The device queue is full: let it drain. */
				s->enobufs++;
				sleep_until(now_ns() + 100000);
				continue;
			}
			perror("canbench: sendmmsg");
			return -errno;
		}
		s->sent += n;
	}
	s->t_end = now_ns();
	return 0;
}

static void receive_batch(struct receiver *r, struct mmsghdr *msgs, struct can_frame *frames,
			  int n)
{
	uint32_t now_us = ns_to_us32(now_ns());
	int i;

	for (i = 0; i < n; i++) {
		struct cmsghdr *c;
		uint32_t seq, lat;

		for (c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c;
		     c = CMSG_NXTHDR(&msgs[i].msg_hdr, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL)
				memcpy(&r->ovfl, CMSG_DATA(c), sizeof(r->ovfl));
		if (msgs[i].msg_len != CAN_MTU || frames[i].can_id != r->id || frames[i].len != 8)
			continue;
		seq = get_le32(frames[i].data);
		if ((int32_t)(get_le32(frames[i].data + 4) - r->t0_us) < 0 || seq >= r->count) {
			r->stale++;
			continue;
		}
		if (r->seen[seq / 8] & (1 << (seq % 8))) {
			r->dup++;
			continue;
		}
		r->seen[seq / 8] |= 1 << (seq % 8);
		r->got++;
		if (r->any && seq < r->max_seq)
			r->reordered++;
		else
			r->max_seq = seq;
		r->any = true;
		lat = now_us - get_le32(frames[i].data + 4);
		r->lat_sum_us += lat;
		if (lat > r->lat_max_us)
			r->lat_max_us = lat;
	}
}

static void *receive(void *arg)
{
	static struct can_frame frames[RX_BATCH];
	static uint8_t cmsg[RX_BATCH][RX_CMSG];
	static struct mmsghdr msgs[RX_BATCH];
	static struct iovec iov[RX_BATCH];
	struct receiver *r = arg;
	int i, n = 0;

	while (r->got < r->count) {
		int64_t now = now_ns(), quiet_since;

		if (__atomic_load_n(&r->sender_done, __ATOMIC_ACQUIRE)) {
			quiet_since = r->last_ns > r->sender_end ? r->last_ns : r->sender_end;
			if (now - quiet_since > r->idle_ms * 1000000LL)
				break;
		}
		if (n < RX_BATCH)
			sleep_until(now + r->poll_ns);
		for (i = 0; i < RX_BATCH; i++) {
			iov[i] = (struct iovec){ &frames[i], sizeof(frames[i]) };
			msgs[i].msg_hdr = (struct msghdr){
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
				.msg_control = cmsg[i],
				.msg_controllen = RX_CMSG,
			};
		}
		n = recvmmsg(r->fd, msgs, RX_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			continue;
		receive_batch(r, msgs, frames, n);
		r->last_ns = now_ns();
	}
	return NULL;
}

/* CPU seconds this process used so far, both threads */
static double cpu_secs(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int cmd_send(const struct endpoint *tx, const struct flow_opts *o)
{
	struct sender s = { 0 };
	uint64_t count = o->rate > 0 ? (uint64_t)(o->rate * o->secs) : UINT64_MAX;
	double secs;
	int fd, err;

	fd = ep_socket(tx, CB_NO_RX, o->rcvbuf);
	if (fd < 0)
		return 1;
	err = send_flow(fd, o, count, &s);
	close(fd);
	if (err)
		return 1;
	secs = (s.t_end - s.t0) / 1e9;
	printf("send rate=%.0f sent=%llu secs=%.3f offered=%.0f enobufs=%llu cpu_s=%.2f\n",
	       o->rate, (unsigned long long)s.sent, secs, s.sent / secs,
	       (unsigned long long)s.enobufs, cpu_secs());
	return 0;
}

static const char *verdict(const struct flow_opts *o, const struct receiver *r,
			   uint64_t lost, double offered)
{
	if (lost && r->ovfl >= lost)
		return "rx-overflow";
	if (lost)
		return "loss";
	if (r->dup || r->reordered)
		return "disorder";
	if (offered < o->rate * o->min_offered)
		return "sender-slow";
	if (r->got && r->lat_sum_us / r->got > o->avg_lat_ms * 1000.0)
		return "queueing";
	return "pass";
}

int cmd_trial(const struct endpoint *tx, const struct endpoint *rx, const struct flow_opts *o)
{
	struct receiver r = { .id = o->id, .idle_ms = o->idle_ms };
	struct sender s = { 0 };
	uint64_t lost;
	double secs, offered;
	pthread_t thread;
	int txfd, err;

	r.count = (uint64_t)(o->rate * o->secs);
	if (o->rate <= 0 || !r.count || r.count > UINT32_MAX) {
		fprintf(stderr, "canbench: trial needs a rate and a time of 1 to 2^32 frames\n");
		return 1;
	}
	r.seen = calloc(r.count / 8 + 1, 1);
	if (!r.seen) {
		perror("canbench");
		return 1;
	}
	r.fd = ep_socket(rx, o->id, o->rcvbuf);
	if (r.fd < 0)
		goto err_free;
	txfd = ep_socket(tx, CB_NO_RX, o->rcvbuf);
	if (txfd < 0)
		goto err_rx;

	r.poll_ns = (int64_t)(RX_BATCH / 4 * 1e9 / o->rate);
	if (r.poll_ns < RX_POLL_MIN_NS)
		r.poll_ns = RX_POLL_MIN_NS;
	if (r.poll_ns > RX_POLL_MAX_NS)
		r.poll_ns = RX_POLL_MAX_NS;
	r.t0_us = ns_to_us32(now_ns());
	err = pthread_create(&thread, NULL, receive, &r);
	if (err) {
		fprintf(stderr, "canbench: thread: %s\n", strerror(err));
		goto err_tx;
	}
	err = send_flow(txfd, o, r.count, &s);
	r.sender_end = now_ns();
	__atomic_store_n(&r.sender_done, true, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	if (err)
		goto err_tx;

	if (sock_drops(r.fd) > r.ovfl)
		r.ovfl = sock_drops(r.fd);
	lost = r.count - r.got;
	secs = (s.t_end - s.t0) / 1e9;
	offered = s.sent / secs;
	printf("trial rate=%.0f secs=%.3f sent=%llu offered=%.0f received=%llu lost=%llu",
	       o->rate, secs, (unsigned long long)s.sent, offered, (unsigned long long)r.got,
	       (unsigned long long)lost);
	printf(" reordered=%llu dup=%llu stale=%llu rx_ovfl=%u enobufs=%llu",
	       (unsigned long long)r.reordered, (unsigned long long)r.dup,
	       (unsigned long long)r.stale, r.ovfl, (unsigned long long)s.enobufs);
	printf(" lat_avg_us=%.0f lat_max_us=%u cpu_s=%.2f result=%s\n",
	       r.got ? r.lat_sum_us / r.got : 0.0, r.lat_max_us, cpu_secs(),
	       verdict(o, &r, lost, offered));
	close(txfd);
	close(r.fd);
	free(r.seen);
	return 0;

err_tx:
	close(txfd);
err_rx:
	close(r.fd);
err_free:
	free(r.seen);
	return 1;
}
