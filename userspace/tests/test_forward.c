// SPDX-License-Identifier: GPL-2.0
/*
 * vcanmcd's data path on the host: a socketpair stands for the link's
 * /dev/vcanmc file (one record batch per packet, as read() returns them)
 * and loopback UDP for the group.
 */
#include <arpa/inet.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/vcanmc.h>

#include "forward.h"
#include "tap.h"

struct rig {
	struct loop loop;
	struct fwd f;
	int dev;		/* the kernel's end of the link's file */
	int group;		/* receives what the link sends */
};

static int rig_init(struct rig *r, struct pycan_decoder *dec)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&r->f.udp.group;
	int sp[2];

	memset(r, 0, sizeof(*r));
	r->dev = r->group = -1;
	fwd_init(&r->f);
	if (loop_init(&r->loop))
		return -1;
	r->f.name = "vmc-test";
	r->f.loop = &r->loop;
	r->f.dec = dec;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sp))
		return -1;
	r->f.dev_fd = sp[0];
	r->dev = sp[1];

	r->group = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r->f.udp.group_len = sizeof(*sin);
	if (r->group < 0 || bind(r->group, (struct sockaddr *)sin, sizeof(*sin)) ||
	    getsockname(r->group, (struct sockaddr *)sin, &r->f.udp.group_len))
		return -1;
	r->f.udp.tx_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (r->f.udp.tx_fd < 0)
		return -1;
	fwd_start(&r->f);
	return 0;
}

static void rig_uninit(struct rig *r)
{
	fwd_stop(&r->f);
	if (r->dev >= 0)
		close(r->dev);
	if (r->group >= 0)
		close(r->group);
	loop_uninit(&r->loop);
}

/* Appends a record of @type, @len bytes of header and frame, to @buf. */
static size_t put_rec(uint8_t *buf, unsigned int type, size_t len, canid_t id)
{
	struct vcanmc_rec rec = { .len = (uint16_t)len, .version = VCANMC_REC_VERSION,
				  .type = (uint8_t)type };
	struct can_frame cf = { .can_id = id, .len = 1, .data = { 0x5a } };

	memset(buf, 0xa5, VCANMC_REC_PAD(len));
	memcpy(buf, &rec, sizeof(rec));
	if (len >= sizeof(rec) + sizeof(cf))
		memcpy(buf + sizeof(rec), &cf, sizeof(cf));
	return VCANMC_REC_PAD(len);
}

/* A CAN record longer than a frame (the kernel never writes one) is
 * counted as dropped, not copied over the stack; the next one goes out.
 */
static int test_long_record(const void *data)
{
	static uint8_t buf[1024], dgram[2048];
	struct pycan_decoder *dec = pycan_decoder_new();
	size_t len = 0;
	struct canfd_frame cf;
	struct rig r;
	int ret = TAP_FAIL;
	ssize_t n;
	bool fd;

	if (!dec)
		return TAP_FAIL;
	if (rig_init(&r, dec))
		goto out;
	len += put_rec(buf + len, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + 600, 0x111);
	len += put_rec(buf + len, VCANMC_REC_CAN, sizeof(struct vcanmc_rec) + CAN_MTU, 0x123);
	if (write(r.dev, buf, len) != (ssize_t)len || loop_run_once(&r.loop, 1000))
		goto out;
	n = recv(r.group, dgram, sizeof(dgram), 0);
	if (n <= 0 || pycan_decode(dec, dgram, (size_t)n, &cf, &fd, NULL)) {
		tap_diag("the record after the long one did not go out");
		goto out;
	}
	if (cf.can_id != 0x123 || recv(r.group, dgram, sizeof(dgram), 0) >= 0) {
		tap_diag("sent: %#x, and more", cf.can_id);
		goto out;
	}
	if (r.f.stats.drop[FWD_DROP_ENCODE] != 1 || r.f.stats.n[VCANMC_STAT_FRAMES_OUT] != 2) {
		tap_diag("unencodable %llu, frames_out %llu; want 1, 2",
			 (unsigned long long)r.f.stats.drop[FWD_DROP_ENCODE],
			 (unsigned long long)r.f.stats.n[VCANMC_STAT_FRAMES_OUT]);
		goto out;
	}
	ret = TAP_PASS;
out:
	rig_uninit(&r);
	pycan_decoder_free(dec);
	return ret;
}

void test_forward_register(void)
{
	tap_add(test_long_record, NULL, "forward: a CAN record too long for a frame is a counted drop");
}
