// SPDX-License-Identifier: GPL-2.0
/* CAN_RAW socket helpers for the selftests; see can.h. */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/can/raw.h>

#include "can.h"

int can_open(const char *ifname)
{
	struct sockaddr_can addr = { .can_family = AF_CAN };
	int one = 1, fd;

	addr.can_ifindex = if_nametoindex(ifname);
	if (!addr.can_ifindex)
		return -errno;
	fd = socket(PF_CAN, SOCK_RAW | SOCK_CLOEXEC, CAN_RAW);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_CAN_RAW, CAN_RAW_FD_FRAMES, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int can_set_opt(int fd, int opt, int val)
{
	return setsockopt(fd, SOL_CAN_RAW, opt, &val, sizeof(val)) ? -errno : 0;
}

int can_send(int fd, const struct canfd_frame *cf, bool fd_frame)
{
	size_t len = fd_frame ? CANFD_MTU : CAN_MTU;
	ssize_t n = write(fd, cf, len);

	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

int wait_readable(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return -errno;
	return ret ? 0 : -ETIMEDOUT;
}

int can_recv(int fd, struct canfd_frame *cf, int *msg_flags, int timeout_ms)
{
	struct iovec iov = { .iov_base = cf, .iov_len = sizeof(*cf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;
	int ret;

	ret = wait_readable(fd, timeout_ms);
	if (ret)
		return ret;
	memset(cf, 0, sizeof(*cf));
	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if (msg_flags)
		*msg_flags = msg.msg_flags;
	return n;
}
