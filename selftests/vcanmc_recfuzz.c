// SPDX-License-Identifier: GPL-2.0
/*
 * The records a helper writes to /dev/vcanmc, fuzzed: valid records of
 * every type, mutated at random (header fields, lengths, frame bytes,
 * truncation, several to a write), written to an attached vcanmc device
 * whose MTU is classic, CAN FD or CAN XL. What must hold:
 *
 *  - write() returns what the uapi header promises: the bytes of whole,
 *    valid records, or EINVAL (EMSGSIZE never, nothing else either);
 *  - every frame a CAN_RAW socket then receives is a frame of the device's
 *    MTU with a length in range, and there are exactly as many as records
 *    accepted (but error frames of no error class, which no socket
 *    receives, and CAN XL frames with a VCID, which CAN_RAW passes on
 *    since 6.9 only to sockets that ask for them);
 *  - the device works afterwards, and the kernel log stays clean (the VM
 *    run checks it, with panic_on_warn in "make stress").
 *
 * VCANMC_FUZZ_WRITES sets the writes per MTU (default 30000); the seed is
 * printed, VCANMC_FUZZ_SEED repeats a run.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/can/raw.h>

#include "kselftest_harness.h"
#include "can.h"
#include "helper.h"
#include "rtnl.h"

#ifndef CANXL_XLF
#define CANXL_XLF 0x80
#endif
#ifndef CAN_RAW_XL_FRAMES
#define CAN_RAW_XL_FRAMES 7
#endif

static uint64_t rnd_state;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static unsigned int below(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

/* A valid frame of @type into @f: its length. */
static size_t valid_frame(uint8_t type, uint8_t *f, unsigned int mtu)
{
	static const uint8_t fd_lens[] = { 0, 1, 8, 12, 16, 20, 24, 32, 48, 64 };
	struct canfd_frame *cf = (void *)f;
	size_t i;

	memset(f, 0, VCANMC_REC_MAX);
	if (type == VCANMC_REC_CANXL) {
		/* struct canxl_frame: prio, flags, sdt, len, af, data */
		unsigned int max = mtu - 12 < 2048 ? mtu - 12 : 2048;
		uint16_t len = 1 + below(max);
		uint32_t prio = below(0x800);

		memcpy(f, &prio, 4);
		f[4] = CANXL_XLF;
		f[5] = below(256);
		memcpy(f + 6, &len, 2);
		for (i = 0; i < len; i++)
			f[12 + i] = rnd();
		return 12 + len;
	}
	cf->can_id = below(2) ? (below(0x20000000) | CAN_EFF_FLAG) : below(0x800);
	if (!below(8))
		cf->can_id |= CAN_ERR_FLAG;
	if (type == VCANMC_REC_CAN) {
		cf->len = below(9);
		if (!below(8))
			cf->can_id |= CAN_RTR_FLAG;
		for (i = 0; i < cf->len; i++)
			cf->data[i] = rnd();
		return CAN_MTU;
	}
	cf->len = fd_lens[below(sizeof(fd_lens))];
	cf->flags = below(4);
	for (i = 0; i < cf->len; i++)
		cf->data[i] = rnd();
	return CANFD_MTU;
}

/* One record at *@off of @buf, maybe spoiled; whether it was left valid. */
static bool put_record(uint8_t *buf, size_t *off, unsigned int mtu)
{
	static uint8_t frame[VCANMC_REC_MAX];
	uint8_t type = mtu == CAN_MTU ? VCANMC_REC_CAN :
		       mtu == CANFD_MTU ? VCANMC_REC_CAN + below(2) :
		       VCANMC_REC_CAN + below(3);
	size_t start = *off, flen = valid_frame(type, frame, mtu);
	struct vcanmc_rec *rec;
	unsigned int k;

	helper_put(buf, off, type, frame, flen);
	if (below(3))
		return true;
	/* spoil it: one to three mutations of its header or frame */
	rec = (struct vcanmc_rec *)(buf + start);
	for (k = 1 + below(3); k; k--) {
		switch (below(8)) {
		case 0:
			rec->len = below(0x10000);
			break;
		case 1:
			rec->len += below(2) ? 1 : -1;
			break;
		case 2:
			rec->version = below(4);
			break;
		case 3:
			rec->type = below(6);
			break;
		case 4:
			rec->flags = 1u << below(32);
			break;
		case 5:
			rec->tstamp = rnd();
			break;
		default:
			buf[start + sizeof(*rec) + below(flen)] = rnd();
			break;
		}
	}
	return false;
}

/* Is @f, as received from a CAN_RAW socket, a valid frame of @n bytes? */
static bool frame_ok(const uint8_t *f, ssize_t n, unsigned int mtu)
{
	const struct canfd_frame *cf = (const void *)f;

	/* a CAN XL frame of 4 or 60 bytes has the size of a classic or FD
	 * one: CANXL_XLF, where those have their length, tells it apart
	 */
	if (n >= 12 + 1 && (f[4] & CANXL_XLF)) {
		uint16_t len;

		memcpy(&len, f + 6, 2);
		return mtu >= 76 && len >= 1 && len <= 2048 && n == 12 + len;
	}
	if (n == CAN_MTU)
		return cf->len <= CAN_MAX_DLEN;
	if (n == CANFD_MTU)
		return mtu != CAN_MTU && cf->len <= CANFD_MAX_DLEN;
	return false;
}

static void fuzz(struct __test_metadata *_metadata, unsigned int mtu)
{
	static uint8_t buf[8 * VCANMC_REC_PAD(VCANMC_REC_MAX)];
	static uint8_t rx[VCANMC_REC_MAX];
	unsigned long writes = 30000, i, accepted = 0, refused = 0, received = 0, recs = 0;
	unsigned long vcid = 0;
	const char *env = getenv("VCANMC_FUZZ_WRITES");
	struct canfd_frame cf = { .can_id = 0x123, .len = 1, .data = { 0x42 } };
	struct rtnl nl;
	int dev, sk;
	size_t len, off;
	ssize_t n;

	if (env)
		writes = strtoul(env, NULL, 0);
	env = getenv("VCANMC_FUZZ_SEED");
	rnd_state = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL) * 2654435761u + getpid();
	if (!rnd_state)
		rnd_state = 1;
	TH_LOG("MTU %u, %lu writes, VCANMC_FUZZ_SEED=%llu", mtu, writes,
	       (unsigned long long)rnd_state);

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rtnl_open(&nl));
	ASSERT_EQ(0, vmc_create(&nl, "vmc0", NULL, 0)) TH_LOG("%s", nl.extack);
	if (link_set_mtu(&nl, "vmc0", mtu))
		SKIP(return, "MTU %u not supported by this kernel", mtu);
	ASSERT_EQ(0, link_set_up(&nl, "vmc0", true));
	dev = helper_open_attach("vmc0", 0);
	ASSERT_LE(0, dev);
	sk = can_open("vmc0");
	ASSERT_LE(0, sk);
	can_set_opt(sk, CAN_RAW_FD_FRAMES, 1);
	can_set_opt(sk, CAN_RAW_XL_FRAMES, 1);
	ASSERT_EQ(0, setsockopt(sk, SOL_CAN_RAW, CAN_RAW_ERR_FILTER, &(can_err_mask_t){ CAN_ERR_MASK },
				sizeof(can_err_mask_t)));
	ASSERT_EQ(0, setsockopt(sk, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ 16 << 20 }, sizeof(int)));

	for (i = 0; i < writes; i++) {
		unsigned int nrec = 1 + below(4), r, valid_prefix = 0;
		bool all_valid = true;

		off = 0;
		for (r = 0; r < nrec; r++) {
			bool ok = put_record(buf, &off, mtu);

			if (all_valid && ok)
				valid_prefix++;
			all_valid &= ok;
		}
		len = off;
		if (!below(8))
			len = below(len + 1);	/* cut short anywhere */
		n = write(dev, buf, len);
		if (n >= 0) {
			ASSERT_GE((ssize_t)len, n);
			/* count the records in what was taken */
			for (off = 0; off < (size_t)n;) {
				struct vcanmc_rec *rec = (struct vcanmc_rec *)(buf + off);
				canid_t id;

				ASSERT_LE(sizeof(*rec), rec->len);
				memcpy(&id, rec + 1, sizeof(id));
				/* an error frame goes to the sockets of its classes */
				if (rec->type == VCANMC_REC_CANXL && id & 0x00ff0000)
					vcid++;		/* prio's VCID byte */
				else if (rec->type == VCANMC_REC_CANXL || !(id & CAN_ERR_FLAG) ||
					 id & CAN_ERR_MASK)
					recs++;
				off += VCANMC_REC_PAD(rec->len);
			}
			accepted++;
		} else {
			ASSERT_EQ(EINVAL, errno) TH_LOG("write %lu of %zu bytes", i, len);
			refused++;
		}
		/* records known valid up front are never refused */
		if (len == off && valid_prefix == nrec)
			ASSERT_LE(0, n);
		/* drain what the socket got */
		while ((n = recv(sk, rx, sizeof(rx), MSG_DONTWAIT)) > 0) {
			ASSERT_TRUE(frame_ok(rx, n, mtu)) TH_LOG("received %zd bytes", n);
			received++;
		}
	}
	while (!wait_readable(sk, 200) && (n = recv(sk, rx, sizeof(rx), MSG_DONTWAIT)) > 0) {
		ASSERT_TRUE(frame_ok(rx, n, mtu));
		received++;
	}
	TH_LOG("%lu writes taken (%lu records, %lu with a VCID), %lu refused, %lu frames received",
	       accepted, recs, vcid, refused, received);
	EXPECT_LE(recs, received);
	EXPECT_GE(recs + vcid, received);
	EXPECT_LT(0, refused);
	EXPECT_LT(0, accepted);

	/* still a working device */
	ASSERT_EQ(0, helper_send(dev, &cf, false));
	ASSERT_EQ(CAN_MTU, can_recv(sk, (struct canfd_frame *)rx, NULL, 2000));
	EXPECT_EQ(0x123, ((struct can_frame *)rx)->can_id);
	close(sk);
	close(dev);
	rtnl_close(&nl);
}

/* make stress writes millions: far beyond the harness's 30 s default */
FIXTURE(records) {
};

FIXTURE_SETUP(records)
{
}

FIXTURE_TEARDOWN(records)
{
}

TEST_F_TIMEOUT(records, classic, 3600)
{
	fuzz(_metadata, CAN_MTU);
}

TEST_F_TIMEOUT(records, fd, 3600)
{
	fuzz(_metadata, CANFD_MTU);
}

TEST_F_TIMEOUT(records, xl, 3600)
{
	fuzz(_metadata, 2060);
}

TEST_HARNESS_MAIN
