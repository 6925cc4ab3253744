// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd - the helper that joins every vcanmc link of a network namespace
 * to its UDP multicast group, so that SocketCAN programs and python-can's
 * udp_multicast bus on many hosts share one CAN bus.
 *
 * One epoll loop serves the rtnetlink notifications (monitor.c; route
 * lookups in route.c), the /dev/vcanmc file and the sockets of every
 * attached link (links.c, attach.c, forward.c), the status socket
 * (statsock.c), a signalfd (INT/TERM stop, HUP reattaches everything) and
 * a one-second timer that retries links that could not attach.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "fwd_tl.h"
#include "links.h"
#include "log.h"
#include "monitor.h"
#include "norm.h"
#include "route.h"
#include "statsock.h"

#ifndef VCANMC_VERSION
#define VCANMC_VERSION "unknown"
#endif

struct opts {
	const char *netns;
	int verbosity;
};

static void print_usage(FILE *f)
{
	fprintf(f,
		"Usage: vcanmcd [-n NETNS] [-v] [-q] [NORM options]\n"
		"       vcanmcd -h | -V\n"
		"\n"
		"Tunnel every vcanmc link of the network namespace over UDP multicast,\n"
		"in python-can's udp_multicast format. Runs in the foreground, logs to\n"
		"stderr; stops on SIGINT/SIGTERM, reattaches all links on SIGHUP.\n"
		"Needs CAP_NET_ADMIN. \"vcanmc status\" shows what it does.\n"
		"\n"
		"Options:\n"
		"  -n, --netns NETNS  serve network namespace NETNS (/var/run/netns/NETNS)\n"
		"  -v, --verbose      log more (debug)\n"
		"  -q, --quiet        log only warnings and errors\n"
		"  --norm-window BYTES        links with encap norm: what a sender keeps\n"
		"                     for repairs (default %u)\n"
		"  --norm-rx-buffer BYTES     what a receiver keeps per sender (default %u)\n"
		"  --norm-rate BIT/S  rate a sender sends at most (default %.0f)\n"
		"  --norm-peer-timeout SECONDS  a silent sender is forgotten after it\n"
		"                     (default %u)\n"
		"  --timeline-members N  links of order global: the members of their\n"
		"                     timeline, the same on every host (2 to %d; none\n"
		"                     by default: such links are not served)\n"
		"  --timeline-stall MS  a member silent or broken this long is cut:\n"
		"                     the others go on without it (%u to 3600000,\n"
		"                     default %u; 0: they wait for it)\n"
		"  --timeline-max-skew MS  this host leaves its timeline if its clock\n"
		"                     is off by more than MS from most of the other\n"
		"                     members (1 to 3600000; default 0: never)\n"
		"  -h, --help         print this help and exit\n"
		"  -V, --version      print the version and exit\n"
		"\n"
		"Examples:\n"
		"  vcanmcd\n"
		"  vcanmcd -n hostA\n", NORM_DEFAULT_TX_BUFFER, NORM_DEFAULT_RX_BUFFER,
		NORM_DEFAULT_RATE, NORM_DEFAULT_PEER_TIMEOUT, TLREL_MEMBERS, FWD_TL_CUT_MS_MIN,
		FWD_TL_CUT_MS);
}

enum {
	OPT_NORM_WINDOW = 0x100,
	OPT_NORM_RX_BUFFER,
	OPT_NORM_RATE,
	OPT_NORM_PEER_TIMEOUT,
	OPT_TIMELINE_MEMBERS,
	OPT_TIMELINE_STALL,
	OPT_TIMELINE_MAX_SKEW,
};

/* A whole number in [@min, @max], or -1 */
static long long number(const char *s, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	return v;
}

static int norm_opt(int opt, const char *arg)
{
	static const struct {
		const char *name;
		long long min, max;
	} lim[] = {
		[OPT_NORM_WINDOW - OPT_NORM_WINDOW] = { "norm-window", 65536, 1LL << 30 },
		[OPT_NORM_RX_BUFFER - OPT_NORM_WINDOW] = { "norm-rx-buffer", 65536, 1LL << 30 },
		[OPT_NORM_RATE - OPT_NORM_WINDOW] = { "norm-rate", 100000, 10000000000LL },
		[OPT_NORM_PEER_TIMEOUT - OPT_NORM_WINDOW] = { "norm-peer-timeout", 1, 86400 },
		[OPT_TIMELINE_MEMBERS - OPT_NORM_WINDOW] = { "timeline-members", 2,
							     TLREL_MEMBERS },
		[OPT_TIMELINE_STALL - OPT_NORM_WINDOW] = { "timeline-stall", 0, 3600000 },
		[OPT_TIMELINE_MAX_SKEW - OPT_NORM_WINDOW] = { "timeline-max-skew", 0, 3600000 },
	};
	unsigned int i = (unsigned int)(opt - OPT_NORM_WINDOW);
	long long v = number(arg, lim[i].min, lim[i].max);

	if (v < 0) {
		fprintf(stderr, "vcanmcd: invalid --%s \"%s\": must be %lld to %lld\n",
			lim[i].name, arg, lim[i].min, lim[i].max);
		return -EINVAL;
	}
	if (opt == OPT_TIMELINE_STALL && v && v < FWD_TL_CUT_MS_MIN) {
		fprintf(stderr, "vcanmcd: invalid --%s \"%s\": must be 0 or %d to %lld\n",
			lim[i].name, arg, FWD_TL_CUT_MS_MIN, lim[i].max);
		return -EINVAL;
	}
	switch (opt) {
	case OPT_NORM_WINDOW:
		norm_opts.tx_buffer = (uint32_t)v;
		break;
	case OPT_NORM_RX_BUFFER:
		norm_opts.rx_buffer = (uint32_t)v;
		break;
	case OPT_NORM_RATE:
		norm_opts.rate = (double)v;
		break;
	case OPT_TIMELINE_MEMBERS:
		fwd_tl_members = (unsigned int)v;
		break;
	case OPT_TIMELINE_STALL:
		fwd_tl_cut_ms = (unsigned int)v;
		break;
	case OPT_TIMELINE_MAX_SKEW:
		fwd_tl_max_skew_ms = (unsigned int)v;
		break;
	default:
		norm_opts.peer_timeout_s = (unsigned int)v;
		break;
	}
	return 0;
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "norm-window", required_argument, NULL, OPT_NORM_WINDOW },
		{ "norm-rx-buffer", required_argument, NULL, OPT_NORM_RX_BUFFER },
		{ "norm-rate", required_argument, NULL, OPT_NORM_RATE },
		{ "norm-peer-timeout", required_argument, NULL, OPT_NORM_PEER_TIMEOUT },
		{ "timeline-members", required_argument, NULL, OPT_TIMELINE_MEMBERS },
		{ "timeline-stall", required_argument, NULL, OPT_TIMELINE_STALL },
		{ "timeline-max-skew", required_argument, NULL, OPT_TIMELINE_MAX_SKEW },
		{ 0 }
	};
	int c;

	*o = (struct opts){ .verbosity = LOG_LVL_INFO };
	while ((c = getopt_long(argc, argv, "n:vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o->netns = optarg;
			break;
		case 'v':
			o->verbosity = LOG_LVL_DEBUG;
			break;
		case 'q':
			o->verbosity = LOG_LVL_WARN;
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		case 'V':
			printf("vcanmcd %s\n", VCANMC_VERSION);
			exit(0);
		case OPT_NORM_WINDOW:
		case OPT_NORM_RX_BUFFER:
		case OPT_NORM_RATE:
		case OPT_NORM_PEER_TIMEOUT:
		case OPT_TIMELINE_MEMBERS:
		case OPT_TIMELINE_STALL:
		case OPT_TIMELINE_MAX_SKEW:
			if (norm_opt(c, optarg))
				return -EINVAL;
			break;
		default:
			print_usage(stderr);
			return -EINVAL;
		}
	}
	/* A member that leaves for its clock is gone only once it is cut */
	if (fwd_tl_max_skew_ms && !fwd_tl_cut_ms) {
		fprintf(stderr, "vcanmcd: --timeline-max-skew needs a stall bound: with "
			"--timeline-stall 0 a member that leaves would stall the others for good\n");
		return -EINVAL;
	}
	if (optind < argc) {
		fprintf(stderr, "vcanmcd: unexpected argument \"%s\"\n", argv[optind]);
		print_usage(stderr);
		return -EINVAL;
	}
	return 0;
}

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, err = 0;

	if (strchr(name, '/')) {
		log_err("invalid network namespace name \"%s\"", name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		log_err("network namespace \"%s\": %s", name, strerror(errno));
		return err;
	}
	if (setns(fd, CLONE_NEWNET)) {
		err = -errno;
		log_err("entering network namespace \"%s\": %s", name, strerror(errno));
	}
	close(fd);
	return err;
}

struct vcanmcd {
	struct loop loop;
	struct links links;
	struct monitor mon;
	struct status status;
	struct pycan_decoder *dec;
	unsigned int quit;	/* SIGINT or SIGTERM: how many */
};

struct timers {
	struct ev sig_ev, tick_ev;
	struct vcanmcd *d;
};

static void on_signal(struct ev *ev, uint32_t events)
{
	struct timers *t = ev->ctx;
	struct signalfd_siginfo si;

	while (read(ev->fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			log_info("SIGHUP: reattaching all links");
			t->d->mon.resync = true;
			links_reattach_all(&t->d->links);
		} else {
			t->d->quit++;
		}
	}
}

static void on_tick(struct ev *ev, uint32_t events)
{
	struct timers *t = ev->ctx;
	uint64_t ticks;

	if (read(ev->fd, &ticks, sizeof(ticks)) < 0)
		return;
	links_retry(&t->d->links);
	links_tick(&t->d->links);
}

static int timers_init(struct timers *t, struct vcanmcd *d)
{
	struct itimerspec second = { { 1, 0 }, { 1, 0 } };
	sigset_t mask;
	int fd;

	t->d = d;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -errno;
	fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	t->sig_ev = (struct ev){ .fd = fd, .fn = on_signal, .ctx = t };

	fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (fd < 0 || timerfd_settime(fd, 0, &second, NULL)) {
		close(t->sig_ev.fd);
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	t->tick_ev = (struct ev){ .fd = fd, .fn = on_tick, .ctx = t };

	if (loop_watch(&d->loop, &t->sig_ev, EPOLLIN) ||
	    loop_watch(&d->loop, &t->tick_ev, EPOLLIN)) {
		close(t->sig_ev.fd);
		close(t->tick_ev.fd);
		return -errno;
	}
	return 0;
}

static void timers_uninit(struct timers *t, struct vcanmcd *d)
{
	loop_watch(&d->loop, &t->sig_ev, 0);
	loop_watch(&d->loop, &t->tick_ev, 0);
	close(t->sig_ev.fd);
	close(t->tick_ev.fd);
}

static int run(struct vcanmcd *d)
{
	int err;

	while (!d->quit) {
		if (d->mon.resync)
			monitor_dump(&d->mon);
		err = loop_run_once(&d->loop, d->mon.resync ? 1000 : -1);
		links_reap(&d->links);
		if (err) {
			log_err("event loop: %s", strerror(-err));
			return err;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vcanmcd d = { 0 };
	struct timers timers;
	struct opts opts;
	int err;

	if (parse_opts(&opts, argc, argv))
		return 1;
	log_init(opts.verbosity);
	signal(SIGPIPE, SIG_IGN);

	if (opts.netns && enter_netns(opts.netns))
		return 1;

	d.dec = pycan_decoder_new();
	if (!d.dec) {
		log_err("out of memory");
		return 1;
	}
	err = loop_init(&d.loop);
	if (err)
		goto err_loop;
	links_init(&d.links, &d.loop, d.dec);
	err = status_init(&d.status, &d.loop, &d.links);
	if (err)
		goto err_status;
	err = timers_init(&timers, &d);
	if (err)
		goto err_timers;
	err = route_init();
	if (err)
		goto err_route;
	err = monitor_init(&d.mon, &d.loop, &d.links);
	if (err)
		goto err_monitor;

	log_info("version %s, serving %s%s", VCANMC_VERSION,
		 opts.netns ? "network namespace " : "this network namespace",
		 opts.netns ?: "");
	/* The first link loads the module (rtnl-link-vcanmc). A daemon that
	 * starts before is not broken, it waits: say so, once, rather than
	 * nothing at all.
	 */
	if (access("/sys/module/" VCANMC_KIND, F_OK))
		log_info("no vcanmc module loaded: waiting for links (the first \"vcanmc add\" loads it)");
	err = run(&d);

	links_uninit(&d.links);
	monitor_uninit(&d.mon);
	/* NORM streams end while the loop still serves status (no links
	 * now); a second signal does not wait.
	 */
	if (!err) {
		unsigned int quit = d.quit;
		int64_t end = now_ms() + NORM_LINGER_MS;

		while (norm_lingering() && d.quit == quit && now_ms() < end &&
		       !loop_run_once(&d.loop, 100))
			;
	}
	norm_uninit();
err_monitor:
	route_uninit();
err_route:
	timers_uninit(&timers, &d);
err_timers:
	status_uninit(&d.status);
err_status:
	loop_uninit(&d.loop);
err_loop:
	pycan_decoder_free(d.dec);
	if (err)
		log_err("stopping: %s", strerror(-err));
	else
		log_info("stopped");
	return err ? 1 : 0;
}
