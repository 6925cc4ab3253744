// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of kmod/bits.c, the bit counter and arbitration key the
 * driver's bus model uses. References, none of them bits.c itself:
 *
 *  - frames worked out by hand below, bit by bit, classic and CAN FD;
 *  - the kernel's can_frame_bits() (include/linux/can/length.h), over many
 *    random frames: without stuffing it must equal our count minus our
 *    stuff bits, with its worst case of stuffing it must bound our count;
 *  - can-utils' canframelen (exact mode) for classic frames, through
 *    canbusload, in the VM (selftests/bits.sh).
 *
 * Bits are written dominant 0, first on the wire first; "|" separates
 * fields, "^" marks where a stuff bit goes in (the complement of the five
 * equal bits before it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bits.h"
#include "kbound.h"
#include "../../userspace/tests/tap.h"

static struct vcanmc_bits bits_of(const void *frame, enum vcanmc_frame_kind kind)
{
	struct vcanmc_bits b;

	vcanmc_frame_bits(frame, kind, &b);
	return b;
}

/*
 * Classic, standard ID 0x000, data frame, DLC 0:
 *   SOF 0 | ID 00000000000 | RTR 0 | IDE 0 | r0 0 | DLC 0000   19 zeros
 *   CRC-15 of 19 zeros (register starts at 0, nothing is ever xored in):
 *   000000000000000                                          15 zeros
 * 34 zeros in a row: a stuff bit after every fifth (the stuff bit, a one,
 * starts a new run): after bits 5, 10, 15, 20, 25 and 30: 6 stuff bits.
 * 34 + 6 + CRC delimiter, ACK slot, ACK delimiter, EOF 7, IFS 3 (13) = 53.
 */
static int test_cc_zero(const void *data)
{
	struct can_frame cf = { .can_id = 0, .len = 0 };
	struct vcanmc_bits b = bits_of(&cf, VCANMC_FRAME_CC);

	CHECK_INT(b.nominal, 53);
	CHECK_INT(b.data, 0);
	CHECK_INT(b.stuff, 6);
	return TAP_PASS;
}

/*
 * Classic, standard ID 0x555, remote frame, DLC 0:
 *   SOF 0 | ID 10101010101 | RTR 1 | IDE 0 | r0 0 | DLC 0000
 *   0 10101010101 1 0 0 000^ 0
 * No five equal bits until IDE: then IDE, r0, DLC3, DLC2, DLC1 are five
 * zeros: ^1 before DLC0. The CRC-15 of the 19 unstuffed bits
 * (x^15 + x^14 + x^10 + x^8 + x^7 + x^4 + x^3 + 1, register starting at 0)
 * is 0x1489 = 001010010001001: after the stuff bit, DLC0 and the CRC's
 * first two bits are three zeros, then no run reaches five. 19 + 15 bits,
 * 1 stuff bit, 13 after the CRC: 48.
 */
static int test_cc_rtr(const void *data)
{
	struct can_frame cf = { .can_id = 0x555 | CAN_RTR_FLAG, .len = 0 };
	struct vcanmc_bits b = bits_of(&cf, VCANMC_FRAME_CC);

	CHECK_INT(b.nominal, 48);
	CHECK_INT(b.stuff, 1);
	return TAP_PASS;
}

/* A remote frame has no data field: its DLC counts, its data does not. */
static int test_cc_rtr_no_data(const void *data)
{
	struct can_frame a = { .can_id = 0x123 | CAN_RTR_FLAG, .len = 8 };
	struct can_frame b = a;
	struct vcanmc_bits ba, bb;

	memset(b.data, 0xff, sizeof(b.data));
	ba = bits_of(&a, VCANMC_FRAME_CC);
	bb = bits_of(&b, VCANMC_FRAME_CC);
	CHECK_INT(ba.nominal, bb.nominal);
	/* 19 bits before the CRC, 15 CRC, 13 after it, and stuff bits */
	CHECK_INT(ba.nominal - ba.stuff, 19 + 15 + 13);
	return TAP_PASS;
}

/*
 * CAN FD, standard ID 0x000, no BRS, ESI 0, len 0:
 *   SOF 0 | ID 00000000000 | RRS 0 | IDE 0 | FDF 1 | res 0 | BRS 0 | ESI 0 |
 *   DLC 0000
 *   0 0000^ 00000^ 0 0 0 0 1 0 0 0 0 0^ 0 0
 * SOF and four ID bits: ^1; five more ID bits: ^1; two ID bits, RRS and
 * IDE are four zeros, FDF breaks the run; res BRS ESI DLC3 DLC2: ^1; DLC1
 * DLC0. 22 bits, 3 stuff bits. No data; the stuff count and CRC-17 field
 * with its 6 fixed stuff bits and the CRC delimiter: 4 + 17 + 6 + 1 = 28;
 * ACK slot, ACK delimiter, EOF, IFS: 12. 22 + 3 + 28 + 12 = 65, all at the
 * nominal rate.
 */
static int test_fd_zero(const void *data)
{
	struct canfd_frame cf = { .can_id = 0, .len = 0 };
	struct vcanmc_bits b = bits_of(&cf, VCANMC_FRAME_FD);

	CHECK_INT(b.nominal, 65);
	CHECK_INT(b.data, 0);
	CHECK_INT(b.stuff, 3);
	return TAP_PASS;
}

/*
 * CAN FD, standard ID 0x7ff, no BRS, len 1, data 0x0f:
 *   SOF 0 | ID 11111111111 | RRS 0 | IDE 0 | FDF 1 | res 0 | BRS 0 |
 *   ESI 0 | DLC 0001 | 00001111
 *   0 11111^ 11111^ 1 0 0 1 0 0 0 0 0^ 0 1 0000 1111
 * Eleven ones: ^0 after the fifth and the tenth; RRS IDE end that run,
 * FDF; then res BRS ESI DLC3 DLC2 are five zeros: ^1; DLC1 0, DLC0 1;
 * 0000 and 1111 are runs of four. 30 bits, 3 stuff bits, CRC-17 field 28,
 * 12 after it: 30 + 3 + 28 + 12 = 73.
 */
static int test_fd_data(const void *data)
{
	struct canfd_frame cf = { .can_id = 0x7ff, .len = 1, .data = { 0x0f } };
	struct vcanmc_bits b = bits_of(&cf, VCANMC_FRAME_FD);

	CHECK_INT(b.nominal, 73);
	CHECK_INT(b.data, 0);
	CHECK_INT(b.stuff, 3);
	return TAP_PASS;
}

/*
 * CAN FD, extended ID 0x1fffffff, BRS, ESI 0, len 0: the arbitration phase
 *   SOF 0 | ID-A 11111111111 | SRR 1 | IDE 1 | ID-B 111111111111111111 |
 *   RRS 0 | FDF 1 | res 0 | BRS 1
 * holds 31 ones from ID-A to ID-B: ^0 after every fifth one, and the run
 * that restarts with each stuff bit (a zero) ends at the next one, so the
 * ones run on in fives: stuff bits after ones 5, 10, 15, 20, 25 and 30.
 * 36 bits and 6 stuff bits = 42 at the nominal rate. The data phase
 *   ESI 0 | DLC 0000
 * is five zeros (after BRS, a one): the stuff bit due after DLC0 is the
 * first fixed stuff bit of the CRC field, so 5 bits; with the CRC-17 field
 * (28): 33 bits at the data rate. ACK slot, ACK delimiter, EOF and IFS
 * (12) are nominal again: 54.
 */
static int test_fd_brs(const void *data)
{
	struct canfd_frame cf = { .can_id = 0x1fffffff | CAN_EFF_FLAG, .len = 0,
				  .flags = CANFD_BRS };
	struct vcanmc_bits b = bits_of(&cf, VCANMC_FRAME_FD);

	CHECK_INT(b.nominal, 54);
	CHECK_INT(b.data, 33);
	CHECK_INT(b.stuff, 6);
	return TAP_PASS;
}

/*
 * CAN FD, standard ID 0x000, len 20 (DLC 1011), 20 bytes 0xaa, no BRS:
 *   0 0000^ 00000^ 0 0 0 0 1 0 0 0 1 0 1 1 | 10101010 ...
 * as test_fd_zero up to IDE (2 stuff bits), then FDF 1, res BRS ESI 0 0 0
 * and DLC3 1 end the run at three; the data alternate. 22 + 160 bits, 2
 * stuff bits, and a CRC-21 field: 4 + 21 + 7 + 1 = 33; 12 after it:
 * 22 + 2 + 160 + 33 + 12 = 229.
 */
static int test_fd_crc21(const void *data)
{
	struct canfd_frame cf = { .can_id = 0, .len = 20 };
	struct vcanmc_bits b;

	memset(cf.data, 0xaa, 20);
	b = bits_of(&cf, VCANMC_FRAME_FD);
	CHECK_INT(b.stuff, 2);
	CHECK_INT(b.nominal, 229);
	return TAP_PASS;
}

/* A len that is no CAN FD length goes on the wire padded: 13 is 16. */
static int test_fd_padding(const void *data)
{
	struct canfd_frame a = { .can_id = 0x42, .len = 13 };
	struct canfd_frame b = { .can_id = 0x42, .len = 16 };

	memset(a.data, 0x55, 13);
	memset(b.data, 0x55, 13);
	CHECK_INT(bits_of(&a, VCANMC_FRAME_FD).nominal, bits_of(&b, VCANMC_FRAME_FD).nominal);
	return TAP_PASS;
}

static int test_error_frame(const void *data)
{
	struct can_frame cf = { .can_id = CAN_ERR_FLAG | 0x4, .len = 8 };
	struct vcanmc_bits b = bits_of(&cf, VCANMC_FRAME_CC);

	CHECK_INT(b.nominal + b.data, 0);
	CHECK(vcanmc_arb_key(&cf, VCANMC_FRAME_CC) == 0);
	return TAP_PASS;
}

static int test_xl(const void *data)
{
	struct canxl_frame x = { .prio = 0x123, .flags = CANXL_XLF, .len = 64 };
	struct vcanmc_bits b1, b2;

	b1 = bits_of(&x, VCANMC_FRAME_XL);
	x.len = 2048;
	b2 = bits_of(&x, VCANMC_FRAME_XL);
	/* arbitration phase and trailer nominal, the rest at the data rate */
	CHECK(b1.nominal == b2.nominal);
	CHECK(b1.nominal >= 18 + 16);
	/* 1984 bytes more, with a fixed stuff bit every ten bits */
	CHECK_INT(b2.data - b1.data, 1984 * 8 + 1984 * 8 / 10);
	return TAP_PASS;
}

static unsigned int rnd(void)
{
	static unsigned long long x = 0x9e3779b97f4a7c15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (unsigned int)(x >> 11);
}

/* Stuff bits a stuffed stretch of @n bits can hold at most */
static unsigned int worst_stuff(unsigned int n)
{
	return (n - 1) / 4;
}

static const unsigned int fd_lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64 };

/*
 * Random frames against the kernel: can_frame_bits() without stuffing is
 * our count without our stuff bits; with its worst case it bounds ours.
 * For CAN FD the dynamically stuffed stretch ends with the data, so the
 * worst case counts stuff bits over SOF..data only.
 */
static int test_random_vs_kernel(const void *data)
{
	unsigned int i, k, n, fixed, worst;
	struct vcanmc_bits b;
	int eff;

	if (!KBOUND) {
		tap_skip_reason("no kernel headers with can_frame_bits() (linux-headers-6.12)");
		return TAP_SKIP;
	}
	for (i = 0; i < 200000; i++) {
		union {
			struct can_frame cc;
			struct canfd_frame fd;
		} f;
		bool fd = rnd() & 1;

		memset(&f, 0, sizeof(f));
		eff = rnd() & 1;
		f.fd.can_id = eff ? (rnd() & CAN_EFF_MASK) | CAN_EFF_FLAG : rnd() & CAN_SFF_MASK;
		for (k = 0; k < CANFD_MAX_DLEN; k++)
			f.fd.data[k] = (rnd() & 3) ? (rnd() & 1 ? 0x00 : 0xff) : rnd() & 0xff;
		if (fd) {
			f.fd.len = fd_lens[rnd() % 16];
			f.fd.flags = rnd() & (CANFD_BRS | CANFD_ESI);
			n = f.fd.len;
		} else {
			f.cc.len = rnd() % 9;
			if (rnd() % 4 == 0)
				f.cc.can_id |= CAN_RTR_FLAG;
			n = f.cc.can_id & CAN_RTR_FLAG ? 0 : f.cc.len;
		}
		b = bits_of(&f, fd ? VCANMC_FRAME_FD : VCANMC_FRAME_CC);

		fixed = kernel_frame_bits(fd, eff, 0, n);
		if (b.nominal + b.data - b.stuff != fixed) {
			tap_diag("frame %u: %u bits, %u of them stuff; kernel without stuffing %u",
				 i, b.nominal + b.data, b.stuff, fixed);
			return TAP_FAIL;
		}
		worst = kernel_frame_bits(fd, eff, 1, n);
		CHECK(b.nominal + b.data <= worst);
		/* and our stuff bits fit the stretch they come from */
		if (fd)
			CHECK(b.stuff <= worst_stuff((eff ? 41 : 22) + 8 * n));
		else
			CHECK(b.stuff <= worst_stuff((eff ? 39 : 19) + 8 * n + 15) + 1);
	}
	tap_diag("200000 random classic and CAN FD frames within the kernel's bounds");
	return TAP_PASS;
}

static u64 key_cc(canid_t id)
{
	struct can_frame cf = { .can_id = id };

	return vcanmc_arb_key(&cf, VCANMC_FRAME_CC);
}

static u64 key_fd(canid_t id)
{
	struct canfd_frame cf = { .can_id = id };

	return vcanmc_arb_key(&cf, VCANMC_FRAME_FD);
}

static int test_arbitration(const void *data)
{
	struct canxl_frame xl = { .prio = 0x100, .flags = CANXL_XLF };

	/* the lower identifier wins */
	CHECK(key_cc(0x100) < key_cc(0x700));
	CHECK(key_cc(0x7fe) < key_cc(0x7ff));
	/* a data frame beats a remote frame of the same identifier */
	CHECK(key_cc(0x100) < key_cc(0x100 | CAN_RTR_FLAG));
	CHECK(key_cc(0x100 | CAN_EFF_FLAG) < key_cc(0x100 | CAN_EFF_FLAG | CAN_RTR_FLAG));
	/* standard beats extended with the same base identifier: data (RTR 0
	 * against SRR 1) and remote (tie there, IDE 0 against 1)
	 */
	CHECK(key_cc(0x100) < key_cc((0x100 << 18) | CAN_EFF_FLAG));
	CHECK(key_cc(0x100 | CAN_RTR_FLAG) < key_cc((0x100 << 18) | CAN_EFF_FLAG));
	CHECK(key_cc(0x100 | CAN_RTR_FLAG) < key_cc((0x100 << 18) | 0x3ffff | CAN_EFF_FLAG));
	/* but a lower base identifier wins whatever the format */
	CHECK(key_cc((0x0ff << 18) | 0x3ffff | CAN_EFF_FLAG) < key_cc(0x100));
	/* extended frames compare by all 29 bits */
	CHECK(key_cc((0x100 << 18) | 1 | CAN_EFF_FLAG) < key_cc((0x100 << 18) | 2 | CAN_EFF_FLAG));
	/* CAN FD: its RRS is dominant, like a data frame's RTR, and its FDF
	 * recessive where a classic frame has r0: the classic data frame
	 * wins, the CAN FD frame beats a classic remote frame
	 */
	CHECK(key_cc(0x100) < key_fd(0x100));
	CHECK(key_fd(0x100) < key_cc(0x100 | CAN_RTR_FLAG));
	CHECK(key_cc(0x100 | CAN_EFF_FLAG) < key_fd(0x100 | CAN_EFF_FLAG));
	CHECK(key_fd(0x0ff) < key_cc(0x100));
	/* CAN XL: XLF is recessive where CAN FD has res */
	CHECK(key_fd(0x100) < vcanmc_arb_key(&xl, VCANMC_FRAME_XL));
	xl.prio = 0x0ff;
	CHECK(vcanmc_arb_key(&xl, VCANMC_FRAME_XL) < key_cc(0x100));
	/* the same frame, the same key */
	CHECK(key_cc(0x123) == key_cc(0x123));
	return TAP_PASS;
}

int main(void)
{
	tap_add(test_cc_zero, NULL, "classic ID 0 DLC 0: 53 bits, 6 stuff (by hand)");
	tap_add(test_cc_rtr, NULL, "classic remote 0x555 DLC 0: 48 bits (by hand)");
	tap_add(test_cc_rtr_no_data, NULL, "classic remote frame: DLC counts, no data field");
	tap_add(test_fd_zero, NULL, "CAN FD ID 0 len 0: 65 bits (by hand)");
	tap_add(test_fd_data, NULL, "CAN FD ID 0x7ff len 1: 73 bits (by hand)");
	tap_add(test_fd_brs, NULL, "CAN FD ext BRS len 0: 54 nominal + 33 data bits (by hand)");
	tap_add(test_fd_crc21, NULL, "CAN FD len 20: CRC-21 field, 229 bits (by hand)");
	tap_add(test_fd_padding, NULL, "CAN FD len 13 goes on the wire as 16");
	tap_add(test_error_frame, NULL, "error frames take no bus time, win arbitration");
	tap_add(test_xl, NULL, "CAN XL: data phase grows with the data, fixed stuffing");
	tap_add(test_random_vs_kernel, NULL, "random frames: the kernel's can_frame_bits() agrees");
	tap_add(test_arbitration, NULL, "arbitration order of ISO 11898-1, every tie-break");
	return tap_run() ? 1 : 0;
}
