/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vcanmc - virtual CAN interface tunnelled over UDP multicast
 *
 * Documentation
 * =============
 *
 * A vcanmc device is a CAN network device (ARPHRD_CAN) created through
 * rtnetlink with IFLA_INFO_KIND "vcanmc". Within one host it behaves like
 * vcan with driver-level echo. The tunnel that joins it to other hosts is run
 * by a userspace helper (vcanmcd); the kernel only stores the tunnel settings
 * below, validates them and reports them back, so that every tool sees one
 * source of truth.
 *
 * Link attributes (nested in IFLA_LINKINFO / IFLA_INFO_DATA)
 * -----------------------------------------------------------
 *
 * All attributes are optional in RTM_NEWLINK; an absent attribute takes its
 * default. In a change request (RTM_NEWLINK on an existing device) an absent
 * attribute keeps its current value. Every attribute may be changed at any
 * time, also while the device is up; the kernel then sends RTM_NEWLINK to
 * RTNLGRP_LINK so that the helper can follow. A request that fails leaves the
 * device unchanged and carries an extended-ack message saying why.
 * Validation is strict: a wrong attribute length is refused.
 *
 *    IFLA_VCANMC_GROUP: NLA_BINARY, exactly 4 bytes, struct in_addr
 *        IPv4 multicast group (224.0.0.0/4), network byte order. Setting it
 *        selects IPv4 and replaces any IPv6 group. Reported only while the
 *        group is IPv4. May not be given together with IFLA_VCANMC_GROUP6.
 *
 *    IFLA_VCANMC_GROUP6: NLA_BINARY, exactly 16 bytes, struct in6_addr
 *        IPv6 multicast group (ff00::/8). Setting it selects IPv6 and
 *        replaces any IPv4 group. Reported only while the group is IPv6.
 *        Default: ff15:7079:7468:6f6e:6465:6d6f:6d63:6173, the default
 *        channel of python-can's udp_multicast interface.
 *
 *    IFLA_VCANMC_PORT: NLA_U16, host byte order, 1..65535
 *        UDP port the group is sent to and received on. Default: 43113
 *        (python-can's default).
 *
 *    IFLA_VCANMC_TTL: NLA_U8, 1..255
 *        IPv4 time to live or IPv6 hop limit of sent datagrams. Default: 1,
 *        which keeps the bus on the local link.
 *
 *    IFLA_VCANMC_LINK: NLA_U32, interface index
 *        Underlay device the group is joined and sent on, in the network
 *        namespace of the vcanmc device. 0 (the default) lets the routing
 *        table choose. A non-zero index must name an existing device when it
 *        is set; if that device later disappears, the helper stays detached
 *        until the attribute names a device again.
 *
 *    IFLA_VCANMC_ENCAP: NLA_U32, enum vcanmc_encap
 *        Format of the datagrams on the wire. Default:
 *        VCANMC_ENCAP_PYTHON_CAN. 0 and values above VCANMC_ENCAP_MAX are
 *        refused.
 *          VCANMC_ENCAP_PYTHON_CAN: one frame per datagram, a msgpack map
 *            exactly as python-can's udp_multicast interface packs it.
 *          VCANMC_ENCAP_PYTHON_CAN_BATCH: one or more such maps back to
 *            back in a datagram of at most 1200 bytes, as many frames as
 *            the helper has at hand: fewer datagrams under load. Only for
 *            buses of vcanmc hosts: python-can cannot read it.
 *
 * New attributes are only appended to this list, never renumbered.
 *
 * Link state
 * ----------
 *
 * The device is created with link mode IF_LINK_MODE_DORMANT. When it is set
 * up without a helper attached its operstate is IF_OPER_DORMANT; the helper
 * announces that it has attached by setting IFLA_OPERSTATE to IF_OPER_UP and
 * that it has detached by setting IF_OPER_DORMANT, as 802.1X supplicants do.
 * Frames flow between local sockets in either state.
 *
 * Frames from the tunnel
 * ----------------------
 *
 * Frames that the helper writes to the device from a CAN_RAW socket whose
 * SO_MARK is VCANMC_INJECT_MARK are not echoes of a local transmission: the
 * device delivers them to the local sockets as received frames (no
 * MSG_DONTROUTE, counted in the RX statistics, not echoed to the sender) and
 * keeps the mark on them, so that the helper's own receiving socket can drop
 * them with a socket filter instead of sending them back into the tunnel.
 * Setting SO_MARK requires CAP_NET_ADMIN or CAP_NET_RAW.
 */

#ifndef _UAPI_LINUX_VCANMC_H
#define _UAPI_LINUX_VCANMC_H

#include <linux/types.h>

#define VCANMC_KIND			"vcanmc"

#define VCANMC_DEFAULT_GROUP6						\
	{ { { 0xff, 0x15, 0x70, 0x79, 0x74, 0x68, 0x6f, 0x6e,		\
	      0x64, 0x65, 0x6d, 0x6f, 0x6d, 0x63, 0x61, 0x73 } } }
#define VCANMC_DEFAULT_GROUP6_STR	"ff15:7079:7468:6f6e:6465:6d6f:6d63:6173"
#define VCANMC_DEFAULT_PORT		43113
#define VCANMC_DEFAULT_TTL		1

/* SO_MARK value that makes a frame written by the helper a received frame:
 * "vcmc" in ASCII.
 */
#define VCANMC_INJECT_MARK		0x76636d63

enum vcanmc_encap {
	VCANMC_ENCAP_UNSPEC,
	VCANMC_ENCAP_PYTHON_CAN,	/* msgpack map, python-can udp_multicast */
	VCANMC_ENCAP_PYTHON_CAN_BATCH,	/* several such maps per datagram */
	__VCANMC_ENCAP_MAX
};

#define VCANMC_ENCAP_MAX (__VCANMC_ENCAP_MAX - 1)

enum {
	IFLA_VCANMC_UNSPEC,
	IFLA_VCANMC_GROUP,
	IFLA_VCANMC_GROUP6,
	IFLA_VCANMC_PORT,
	IFLA_VCANMC_TTL,
	IFLA_VCANMC_LINK,
	IFLA_VCANMC_ENCAP,
	__IFLA_VCANMC_MAX
};

#define IFLA_VCANMC_MAX (__IFLA_VCANMC_MAX - 1)

#endif /* _UAPI_LINUX_VCANMC_H */
