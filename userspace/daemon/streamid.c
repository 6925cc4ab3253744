// SPDX-License-Identifier: GPL-2.0
/*
 * The stream id of a link; see streamid.h.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "streamid.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static uint64_t fnv1a(uint64_t h, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len--) {
		h ^= *p++;
		h *= FNV_PRIME;
	}
	return h;
}

/* @ifindex's Ethernet address into the top 48 bits; 0 if it has none */
static uint64_t dev_eui48(int ifindex)
{
	struct ifreq ifr = { 0 };
	uint64_t eui = 0;
	int fd, i;

	if (ifindex <= 0 || !if_indextoname((unsigned int)ifindex, ifr.ifr_name))
		return 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	if (!ioctl(fd, SIOCGIFHWADDR, &ifr) && ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER)
		for (i = 0; i < 6; i++)
			eui = eui << 8 | (uint8_t)ifr.ifr_hwaddr.sa_data[i];
	close(fd);
	return eui << 16;
}

/* An EUI-48 of this host's machine id: locally administered, unicast */
static uint64_t host_eui48(void)
{
	char id[64] = "";
	uint64_t h;
	FILE *f;

	f = fopen("/etc/machine-id", "re");
	if (f) {
		if (!fgets(id, sizeof(id), f))
			id[0] = '\0';
		fclose(f);
	}
	if (!id[0] && gethostname(id, sizeof(id)))
		id[0] = '\0';
	h = fnv1a(FNV_OFFSET, id, strlen(id));
	h = (h & 0xffffffffffff0000ULL & ~(0x01ULL << 56)) | (0x02ULL << 56);
	return h;
}

uint64_t stream_id(const struct vcanmc_cfg *cfg, int ifindex, const char *name)
{
	uint64_t eui, h;

	if (cfg->stream_id)
		return cfg->stream_id;
	eui = dev_eui48(ifindex);
	if (!eui)
		eui = host_eui48();
	h = fnv1a(FNV_OFFSET, name, strlen(name));
	return eui | ((h ^ h >> 16 ^ h >> 32 ^ h >> 48) & 0xffff);
}
