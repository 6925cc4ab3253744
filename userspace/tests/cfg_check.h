/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Field by field comparison of struct vcanmc_cfg for the tests: only the
 * fields named by the mask count.
 */
#ifndef VCANMC_TESTS_CFG_CHECK_H
#define VCANMC_TESTS_CFG_CHECK_H

#include "link.h"
#include "tap.h"

static inline int cfg_check(const struct vcanmc_cfg *got,
			    const struct vcanmc_cfg *want)
{
	CHECK_INT(got->mask, want->mask);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_GROUP))
		CHECK(!memcmp(&got->group, &want->group, sizeof(got->group)));
	if (vcanmc_cfg_has(want, IFLA_VCANMC_GROUP6))
		CHECK(!memcmp(&got->group6, &want->group6,
			      sizeof(got->group6)));
	if (vcanmc_cfg_has(want, IFLA_VCANMC_PORT))
		CHECK_INT(got->port, want->port);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_TTL))
		CHECK_INT(got->ttl, want->ttl);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_LINK))
		CHECK_INT(got->link, want->link);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_ENCAP))
		CHECK_INT(got->encap, want->encap);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_MCAST_LOOP))
		CHECK_INT(got->mcast_loop, want->mcast_loop);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_BITRATE))
		CHECK_INT(got->bitrate, want->bitrate);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_DBITRATE))
		CHECK_INT(got->dbitrate, want->dbitrate);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_XLBITRATE))
		CHECK_INT(got->xlbitrate, want->xlbitrate);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_RX_ERR_FRAMES))
		CHECK_INT(got->rx_err_frames, want->rx_err_frames);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_PEERS)) {
		CHECK_INT(got->npeers, want->npeers);
		CHECK(!memcmp(got->peers, want->peers, want->npeers * sizeof(want->peers[0])));
	}
	if (vcanmc_cfg_has(want, IFLA_VCANMC_PEERS_ONLY))
		CHECK_INT(got->peers_only, want->peers_only);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_STREAM_ID))
		CHECK(got->stream_id == want->stream_id);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_BUS_ID))
		CHECK_INT(got->bus_id, want->bus_id);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_TRANSPORT))
		CHECK_INT(got->transport, want->transport);
	if (vcanmc_cfg_has(want, IFLA_VCANMC_DEST_MAC))
		CHECK(!memcmp(got->dest_mac, want->dest_mac, sizeof(got->dest_mac)));
	if (vcanmc_cfg_has(want, IFLA_VCANMC_ORDER))
		CHECK_INT(got->order, want->order);
	return TAP_PASS;
}

#endif /* VCANMC_TESTS_CFG_CHECK_H */
