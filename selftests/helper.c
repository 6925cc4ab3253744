// SPDX-License-Identifier: GPL-2.0
/* The attach interface for the selftests; see helper.h. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include "can.h"
#include "helper.h"

int helper_open(int flags)
{
	int fd = open(HELPER_DEV, O_RDWR | O_CLOEXEC | flags);

	return fd < 0 ? -errno : fd;
}

int helper_attach(int fd, int ifindex, unsigned int qlen)
{
	struct vcanmc_attach req = {
		.ifindex = (uint32_t)ifindex,
		.version = VCANMC_REC_VERSION,
		.queue_len = qlen,
	};

	return ioctl(fd, VCANMC_IOC_ATTACH, &req) ? -errno : 0;
}

int helper_open_attach(const char *ifname, unsigned int qlen)
{
	int ifindex = if_nametoindex(ifname), fd, err;

	if (!ifindex)
		return -ENODEV;
	fd = helper_open(0);
	if (fd < 0)
		return fd;
	err = helper_attach(fd, ifindex, qlen);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

long long helper_overflows(int fd)
{
	struct vcanmc_stats st;

	return ioctl(fd, VCANMC_IOC_GET_STATS, &st) ? -errno : (long long)st.overflows;
}

size_t helper_put(uint8_t *buf, size_t *off, uint8_t type, const void *frame, size_t flen)
{
	struct vcanmc_rec rec = {
		.len = (uint16_t)(sizeof(rec) + flen),
		.version = VCANMC_REC_VERSION,
		.type = type,
	};

	memcpy(buf + *off, &rec, sizeof(rec));
	memcpy(buf + *off + sizeof(rec), frame, flen);
	memset(buf + *off + rec.len, 0, VCANMC_REC_PAD(rec.len) - rec.len);
	*off += VCANMC_REC_PAD(rec.len);
	return rec.len;
}

int helper_send(int fd, const struct canfd_frame *cf, bool fd_frame)
{
	uint8_t buf[VCANMC_REC_MAX];
	size_t off = 0, len;
	ssize_t n;

	len = helper_put(buf, &off, fd_frame ? VCANMC_REC_CANFD : VCANMC_REC_CAN, cf,
			 fd_frame ? CANFD_MTU : CAN_MTU);
	n = write(fd, buf, len);
	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

ssize_t helper_read(int fd, void *buf, size_t len, int timeout_ms)
{
	ssize_t n;
	int ret;

	ret = wait_readable(fd, timeout_ms);
	if (ret)
		return ret;
	n = read(fd, buf, len);
	return n < 0 ? -errno : n;
}

int helper_parse(const uint8_t *buf, size_t len, struct hframe *frames, int max)
{
	struct vcanmc_rec rec;
	size_t off = 0;
	int n = 0;

	while (off < len) {
		if (len - off < sizeof(rec) || n == max)
			return -1;
		memcpy(&rec, buf + off, sizeof(rec));
		if (rec.version != VCANMC_REC_VERSION || rec.len < sizeof(rec) ||
		    rec.len > len - off)
			return -1;
		memset(&frames[n], 0, sizeof(frames[n]));
		frames[n].type = rec.type;
		frames[n].tstamp = rec.tstamp;
		frames[n].len = rec.len - sizeof(rec);
		memcpy(frames[n].raw, buf + off + sizeof(rec), frames[n].len);
		n++;
		off += VCANMC_REC_PAD(rec.len);
	}
	return n;
}
