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
 * by a userspace helper (vcanmcd), which attaches to the device through the
 * character device /dev/vcanmc (below). The kernel stores the tunnel settings
 * as link attributes, validates them and reports them back, so that every
 * tool sees one source of truth.
 *
 * Link attributes (nested in IFLA_LINKINFO / IFLA_INFO_DATA)
 * -----------------------------------------------------------
 *
 * All attributes are optional in RTM_NEWLINK; an absent attribute takes its
 * default. In a change request (RTM_NEWLINK on an existing device) an absent
 * attribute keeps its current value. Every attribute but IFLA_VCANMC_ORDER
 * may be changed at any time, also while the device is up; the kernel then
 * sends RTM_NEWLINK to RTNLGRP_LINK so that the helper can follow (one
 * message per request while the device is up, whatever changed; while it is
 * down, one only if a setting changed). The vcanmc attributes of a request
 * are applied together or not at all, with an extended-ack message saying
 * why not. The core applies the other attributes of the request (IFLA_MTU,
 * IFLA_IFNAME, ...) after them: vcanmc checks IFLA_MTU first, so a bad MTU
 * fails the request with nothing changed; if another generic attribute
 * fails, the vcanmc attributes stay applied. Send them in a request of their
 * own to be sure. Validation is strict: a wrong attribute length, a value
 * out of range (ERANGE, with the allowed range in NLMSGERR_ATTR_POLICY) and
 * an unknown attribute type are refused.
 *
 *    IFLA_VCANMC_GROUP: NLA_BINARY, exactly 4 bytes, struct in_addr
 *        IPv4 multicast group (224.0.0.0/4), network byte order, or
 *        0.0.0.0 for none (below). Setting it selects IPv4 and replaces any
 *        IPv6 group. Reported only while the group is IPv4. May not be
 *        given together with IFLA_VCANMC_GROUP6.
 *
 *    IFLA_VCANMC_GROUP6: NLA_BINARY, exactly 16 bytes, struct in6_addr
 *        IPv6 multicast group (ff00::/8), or :: for none (below). Setting
 *        it selects IPv6 and replaces any IPv4 group. Reported only while
 *        the group is IPv6. Default: ff15:7079:7468:6f6e:6465:6d6f:6d63:6173,
 *        the default channel of python-can's udp_multicast interface.
 *
 *        No group (0.0.0.0, ::) is for networks that carry no multicast
 *        (most clouds, VPNs, some container networks): the helper joins
 *        nothing and sends to the unicast peers (IFLA_VCANMC_PEERS) alone.
 *        The link keeps the family it names. Refused with
 *        VCANMC_ENCAP_NORM.
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
 *        is set. If that device later goes away (deleted, or moved to
 *        another namespace), the kernel reports IFLA_VCANMC_LINK_GONE and
 *        the helper stays detached until IFLA_VCANMC_LINK is set again,
 *        even if another device gets the same index meanwhile. When the
 *        vcanmc device moves to another namespace, the attribute is reset
 *        to 0.
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
 *          VCANMC_ENCAP_NORM: the same batches as messages of one NORM
 *            stream per sender (RFC 5740, NACK-Oriented Reliable
 *            Multicast) on the group and port: every receiver delivers
 *            each sender's frames exactly once and in order, repairing
 *            losses; a gap it cannot repair is counted. Only for buses of
 *            vcanmc hosts.
 *          VCANMC_ENCAP_IEEE1722: IEEE 1722 (AVTP) NTSCF PDUs, each
 *            carrying as many ACF messages as fit: ACF-CAN for CAN and CAN
 *            FD frames, ACF_CAN_XL for CAN XL frames; over UDP (IEEE 1722
 *            Annex J: a 32-bit encapsulation sequence number, then the
 *            PDU; IANA's port for it is 17220) or directly over Ethernet
 *            (IFLA_VCANMC_TRANSPORT). The bus of Open1722, 1722 gateways
 *            and ECUs. Error frames cannot be carried.
 *
 *    IFLA_VCANMC_MCAST_LOOP: NLA_U8, 0 or 1
 *        1 (the default): the helper's datagrams are looped back to the
 *        sending host (IP_MULTICAST_LOOP), so that python-can programs on
 *        the same host receive the frames of this device. 0 saves the
 *        helper receiving and discarding each of its own datagrams; choose
 *        it when no python-can program on this host uses the group. Batch
 *        datagrams (VCANMC_ENCAP_PYTHON_CAN_BATCH), which python-can cannot
 *        read, are never looped back.
 *
 *    IFLA_VCANMC_BITRATE: NLA_U32, bit/s, 0 or 1..VCANMC_BITRATE_MAX
 *        Nominal bit rate of the emulated bus. 0 (the default): unlimited,
 *        a frame is transmitted as soon as it is sent, as on vcan. Else
 *        every frame occupies the bus for as many bit times as it has bits
 *        on the wire (stuff bits and intermission included), frames waiting
 *        for the bus go in ISO 11898-1 arbitration order, and local sockets
 *        and the helper get a frame when its transmission ends; frames from
 *        the tunnel occupy the bus too. See "The bus" below.
 *
 *    IFLA_VCANMC_DBITRATE: NLA_U32, bit/s, 0 or 1..VCANMC_DBITRATE_MAX
 *        Data bit rate: the data phase of CAN FD frames with BRS. 0 (the
 *        default): the nominal bit rate. If not 0, at least the nominal
 *        bit rate.
 *
 *    IFLA_VCANMC_XLBITRATE: NLA_U32, bit/s, 0 or 1..VCANMC_DBITRATE_MAX
 *        Data bit rate of CAN XL frames. 0 (the default): the data bit
 *        rate. If not 0, at least the nominal bit rate.
 *
 *    IFLA_VCANMC_RX_ERR_FRAMES: NLA_U8, 0 or 1
 *        1 (the default): error frames (CAN_ERR_FLAG) that arrive from the
 *        group are delivered like any other frame. 0: the helper refuses
 *        them and counts them ("error-frame" drops in vcanmc status), so
 *        that no host on the network can make local programs see
 *        controller errors. Error frames sent on this host still go out.
 *
 *    IFLA_VCANMC_LINK_GONE: NLA_U8, 1, reported only
 *        Present while the underlay device that IFLA_VCANMC_LINK names is
 *        gone (see there). Refused in requests.
 *
 *    IFLA_VCANMC_PEERS: NLA_BINARY, 0 to VCANMC_PEERS_MAX struct vcanmc_peer
 *        Unicast peers, as vxlan's head-end replication: the helper sends
 *        every datagram to each peer as well as to the group (if any), and
 *        takes datagrams sent to the link's port on any address of this
 *        host, from anyone (see IFLA_VCANMC_PEERS_ONLY), besides those to
 *        the group. Each peer is of the link's family (@family AF_INET
 *        while the group is IPv4, AF_INET6 while it is IPv6), with a
 *        unicast @addr: not unspecified (IPv4: 0.0.0.0/8), multicast,
 *        the IPv4 limited broadcast or IPv4-mapped; an IPv6 link-local one
 *        only with IFLA_VCANMC_LINK set,
 *        whose device is its scope. @port 0 stands for the link's port. No
 *        address and port twice. An attribute of no peers removes them
 *        all. Default: none. Refused with VCANMC_ENCAP_NORM (NORM repairs
 *        through the group alone), and a group of the other family is
 *        refused while there are peers (unless the same request gives new
 *        ones). A peer that is an address of this host at the link's port
 *        is skipped: every host may be given the same list.
 *
 *    IFLA_VCANMC_PEERS_ONLY: NLA_U8, 0 or 1
 *        1: the helper takes datagrams only from the addresses of its
 *        peers (from any port) and counts the others ("not-peer" drops in
 *        vcanmc status). 0 (the default): from anyone.
 *
 *    IFLA_VCANMC_STREAM_ID: NLA_U64, host byte order
 *        IEEE 1722 stream ID of this host's PDUs (VCANMC_ENCAP_IEEE1722).
 *        0 (the default): the helper derives one, stable for the host and
 *        link: the EUI-48 (MAC address) of the underlay device it sends on
 *        and a 16-bit number from the link's name. Any other value is used
 *        as given. Ignored by the other encapsulations. In a report, an
 *        IFLA_VCANMC_PAD may precede it.
 *
 *    IFLA_VCANMC_BUS_ID: NLA_U16, 0..VCANMC_BUS_ID_MAX
 *        The can_bus_id of ACF-CAN and ACF_CAN_XL messages
 *        (VCANMC_ENCAP_IEEE1722): this link sends with it and takes only
 *        messages that carry it; messages of other bus IDs in the same PDU
 *        are skipped and counted. Default: 0. 16 bits wide although
 *        ACF-CAN's field has 5: ACF_CAN_XL's has 11, and a later
 *        VCANMC_BUS_ID_MAX may allow them; a request of another length
 *        is refused.
 *
 *    IFLA_VCANMC_TRANSPORT: NLA_U8, enum vcanmc_transport
 *        VCANMC_TRANSPORT_UDP (the default): datagrams to the group, port
 *        and peers. VCANMC_TRANSPORT_ETHERNET: IEEE 1722 PDUs directly in
 *        Ethernet frames (EtherType 0x22F0, no IP) on the device
 *        IFLA_VCANMC_LINK names, to IFLA_VCANMC_DEST_MAC; group, port, ttl
 *        and peers then do not apply. Ethernet is refused unless the
 *        encapsulation is VCANMC_ENCAP_IEEE1722, IFLA_VCANMC_LINK is set
 *        to an Ethernet device (ARPHRD_ETHER: not lo, a tunnel or CAN)
 *        and there are no peers, in every order of requests: a request
 *        that sets another encapsulation, IFLA_VCANMC_LINK 0 or to
 *        another type of device, or peers is refused while the transport
 *        is Ethernet, unless it sets VCANMC_TRANSPORT_UDP too. When the
 *        vcanmc device moves to another namespace, IFLA_VCANMC_LINK is
 *        reset to 0 and the transport stays Ethernet: the helper stays
 *        detached until a link is set (requests that set neither the link
 *        nor the transport go through meanwhile).
 *
 *    IFLA_VCANMC_DEST_MAC: NLA_BINARY, exactly 6 bytes (ETH_ALEN)
 *        Destination MAC address of the Ethernet transport, multicast or
 *        unicast, not 00:00:00:00:00:00. Default: 91:e0:f0:00:fe:00, the
 *        first of IEEE 1722's locally administered multicast addresses
 *        (MAAP's local pool, 91:e0:f0:00:fe:00..ff). The helper joins it
 *        on the device when it is multicast.
 *
 *    IFLA_VCANMC_PAD
 *        Padding for 64-bit attributes, never sent or taken: the kernel
 *        puts an empty one before IFLA_VCANMC_STREAM_ID where the
 *        architecture needs it 8-byte aligned; readers skip it, and a
 *        request that carries it is refused.
 *
 *    IFLA_VCANMC_ORDER: NLA_U8, enum vcanmc_order
 *        VCANMC_ORDER_LOCAL (the default): one bus per host, joined by the
 *        tunnel (above and below). VCANMC_ORDER_GLOBAL: one timeline
 *        across the hosts of the group (Documentation/timeline.md, "The
 *        timeline" below): the device holds every frame until a helper
 *        attached with VCANMC_IOC_ATTACH_TL releases it. Changed only while
 *        the device is down and no helper is attached (EBUSY). Global needs
 *        VCANMC_ENCAP_NORM and, for now, no bit rate (BITRATE, DBITRATE and
 *        XLBITRATE 0); while it is set, a request that breaks either is
 *        refused. A helper that is not a timeline helper cannot attach
 *        to such a device (VCANMC_IOC_ATTACH fails with EOPNOTSUPP).
 *
 * New attributes are only appended to this list, never renumbered.
 *
 * The bus
 * -------
 *
 * With a bit rate set, the device holds up to VCANMC_BUS_SLOTS frames for
 * the bus. Each sending socket is a node of its own, as a CAN controller
 * with a transmit FIFO: its frames go on the bus in the order it sent
 * them (frames without a socket, from can-gw, share one such queue). When
 * the bus becomes free, the first frames of the nodes that were waiting
 * by then contend in arbitration order: the lowest identifier first; a
 * standard frame before an extended one of the same base identifier; a
 * data frame before a remote frame; a classic data frame before a CAN FD
 * frame, and that before a CAN XL frame, of the same identifier; equal
 * frames in the order they came. Frames that must contend with each other
 * by identifier are sent from sockets of their own, as an ECU uses one
 * mailbox per message. When it holds more, it stops its queue: the qdisc in
 * front (txqueuelen, 10 by default) holds what comes, in its own order
 * (FIFO by default; a prio qdisc with canid filters extends the ID
 * priority to it), and a sender gets ENOBUFS when that is full too. A
 * frame keeps its place in its socket's send buffer until it ends on the
 * bus, so a sender whose send buffer is full waits (blocking) or gets EAGAIN
 * (non-blocking) until its frames went out. Taking the device down drops
 * what waits, in the device and in the qdisc in front, counted in
 * tx_dropped (but for a frame a socket hands to the qdisc in the very
 * moment the device starts going down, which the core frees uncounted).
 * The statistics (ethtool -S) give bus load, arbitration losses and
 * waiting times.
 *
 * Local sockets receive the echoes in the order the frames ended on the
 * bus (with or without a bit rate), whatever CPUs the senders ran on.
 *
 * The timeline (VCANMC_ORDER_GLOBAL)
 * ----------------------------------
 *
 * Every frame, local or from another host, is held until the helper says
 * that every member of the group holds it and that nothing can come any
 * more that goes before it; then all frames up to that instant go out in
 * one order, the same on every member. The timeline clock is
 * CLOCK_REALTIME, in ns. The helper drives it with:
 *
 *  - read(): a VCANMC_REC_TL_* record for each frame a local socket sends,
 *    in submit order, as soon as it is sent, with struct vcanmc_rec_tl
 *    (@member 0, @seq one more than the last one's, @submit its submit
 *    time, @node its socket). Submit times strictly increase, and are
 *    later than every watermark and frontier given before.
 *  - VCANMC_IOC_TL_WATERMARK (__s64): a watermark W: every frame with a
 *    submit time up to W is queued towards read() already (read until a
 *    record with a later submit time or until the queue is empty), and no
 *    later one will have a submit time up to W.
 *  - write(): VCANMC_REC_TL_* records of other members' frames (@member not
 *    0 nor this host's, @submit later than the last frontier; each
 *    member's submit times are its own, different from each other), and
 *    VCANMC_REC_FRONTIER records (__s64, never lower than the last one,
 *    nor higher than this host's last watermark or submit time: EINVAL):
 *    every frame held with a submit time up to it goes out, by submit
 *    time, then member, then the member's @seq. A local frame goes out as
 *    its echo (to the sender as the transmit confirmation, and to local
 *    sockets unless it was sent without loopback), another member's as a
 *    received frame; both time stamped with the submit time (the end of a
 *    frame on a bus without a bit rate), in one queue, in that order.
 *
 * The device holds VCANMC_BUS_SLOTS local frames and VCANMC_TL_REMOTE
 * frames of other members. A local frame keeps its place in its socket's
 * send buffer until it goes out. When either the local frames or the
 * queue towards read() are full, the device stops its queue (the qdisc in
 * front holds what comes, then ENOBUFS), before a frame is stamped: no
 * stamped frame is dropped while the helper is attached and the device up.
 * A write of another member's frame while other members' frames held and
 * frames (of any member) released but not yet handed to local sockets
 * are VCANMC_TL_REMOTE returns EAGAIN (or the bytes of the records before
 * it): they go as frontiers pass frames and local sockets take them, and
 * poll() does not wait for it. A helper that stops reading or stops
 * moving the frontier stops the device: unlike a lossless helper's bus,
 * a timeline does not go on without it. Without a helper attached with
 * VCANMC_IOC_ATTACH_TL, a frame sent on the device is dropped, counted in
 * tx_dropped; so is one whose record the helper's memory cgroup refuses.
 * When the helper detaches or the device goes down, the frames held are
 * dropped: local ones counted in tx_dropped (without their echo), the
 * others in rx_dropped. Going down breaks the timeline: every local frame
 * not released yet is dropped, also one whose record the helper read
 * (just before, or in a read() that runs meanwhile); the records not read
 * yet are dropped with them, and the sequence numbers go on. A helper
 * must take the link's going down as the end of its part in the group's
 * timeline. Frontiers and other members' frames are refused with ENETDOWN
 * from when the device starts going down until it is up (but one that a
 * write() took from the caller before, then applies after the device is
 * up again, is taken). The frontier stays what it was across going down
 * and across helpers: no frontier or frame of another member may go
 * below it.
 *
 * Link state
 * ----------
 *
 * The operstate tells whether a helper is attached: IF_OPER_DORMANT while
 * the device is up and no file is attached to it, IF_OPER_UP while one is,
 * IF_OPER_DOWN while the device is down. The kernel alone sets it: a
 * request that sets IFLA_OPERSTATE is undone at once (a listener may see
 * an RTM_NEWLINK with the requested state, then one with the kernel's).
 * Frames flow between local sockets in every state (a lossless helper may
 * hold them up, below), but on a link of VCANMC_ORDER_GLOBAL, where they
 * need the timeline's helper ("The timeline").
 *
 * The attach interface: /dev/vcanmc
 * ---------------------------------
 *
 * The helper opens the misc character device /dev/vcanmc (major 10, a
 * dynamic minor: devtmpfs and udev make the node when the module loads,
 * and creating the first vcanmc link loads it) and binds the file to one
 * vcanmc device with VCANMC_IOC_ATTACH. From then on:
 *
 *  - read() returns the frames transmitted on the device: every frame a
 *    local socket sent, whether or not it is echoed locally (a frame sent
 *    with CAN_RAW_LOOPBACK off, too), and every frame routed to the device
 *    (can-gw). Frames the helper itself wrote are not among them.
 *  - write() delivers frames to the device as received frames: to every
 *    local socket, without MSG_DONTROUTE, counted in the RX statistics,
 *    never through the device's transmit path (qdisc, tc egress, packet
 *    taps as outgoing), and never back to read().
 *
 * Both carry records (struct vcanmc_rec, below), several per call. A file
 * attaches once and to one device; one file per device.
 *
 * VCANMC_IOC_ATTACH, struct vcanmc_attach:
 *    Binds the file to the vcanmc device with interface index @ifindex in
 *    the caller's network namespace and sets its operstate to UP. @version
 *    must be VCANMC_REC_VERSION; @queue_len is the number of frames the
 *    queue towards read() holds, 0 for VCANMC_QUEUE_DEFAULT, at most
 *    VCANMC_QUEUE_MAX (slots are freed in batches of up to 16: right after
 *    a read, up to 15 of them may not be free yet); @flags is 0 or
 *    VCANMC_ATTACH_F_LOSSLESS:
 *      0: local senders never wait for the helper: a frame that finds the
 *        queue towards read() full is transmitted locally all the same and
 *        counted as an overflow.
 *      VCANMC_ATTACH_F_LOSSLESS: the bus waits for the helper, as a bus
 *        waits for a node that holds it: while the queue towards read() is
 *        full, no frame completes. Frames wait in the device and in the
 *        qdisc in front as when the bus is busy (above): a blocking sender
 *        waits, a non-blocking one gets EAGAIN or ENOBUFS; read() lets the
 *        bus go on. Frames from the tunnel are not held. The bus waits
 *        VCANMC_STALL_MAX_MS at most: then it goes on without the helper
 *        (what does not fit is counted as overflows) until a read() makes
 *        room, so that a helper that hangs, or a peer that holds back the
 *        helper's tunnel, can slow the bus but not stop it. A helper that
 *        guarantees delivery (VCANMC_ENCAP_NORM) asks for it, so that
 *        what a local socket sent is not dropped before it unless the
 *        helper is stuck that long. (An allocation the memory cgroup
 *        refuses is still an overflow.)
 *    Errors:
 *      EPERM       the caller lacks CAP_NET_ADMIN in the user namespace that
 *                  owns its network namespace (an unprivileged user
 *                  namespace may run the bus of its own network namespace)
 *      ENODEV      no device with that index in the caller's namespace
 *      EINVAL      the device is not a vcanmc device, or a field is out of
 *                  range
 *      EPROTONOSUPPORT  @version is not a record version of this module
 *      EOPNOTSUPP  the device's order is VCANMC_ORDER_GLOBAL: only
 *                  VCANMC_IOC_ATTACH_TL attaches to it
 *      EBUSY       another file is attached to the device
 *      EALREADY    this file is, or was, attached
 *
 * VCANMC_IOC_ATTACH_TL, struct vcanmc_attach_tl:
 *    Attaches as VCANMC_IOC_ATTACH does (same errors), to a device whose
 *    order is VCANMC_ORDER_GLOBAL (else EINVAL), as the helper that drives
 *    its timeline ("The timeline" above). @attach.flags must be 0 (the
 *    device holds every frame for the helper anyway), @member this host's
 *    member id in the group, not 0 (it breaks ties of submit times between
 *    members), @reserved 0.
 *
 * VCANMC_IOC_TL_WATERMARK, __s64: a watermark ("The timeline"). EBADFD
 *    before the file attached, EINVAL on a file not attached with
 *    VCANMC_IOC_ATTACH_TL, ENODEV after the attachment ended.
 *
 * VCANMC_IOC_GET_STATS, struct vcanmc_stats:
 *    Counters of this file's attachment. @overflows: frames that did not
 *    reach read(): the queue was full (with VCANMC_ATTACH_F_LOSSLESS only
 *    after the bus waited VCANMC_STALL_MAX_MS), the memory cgroup of the
 *    process that attached was at its limit (the queue is charged to it,
 *    below), or read() failed with EFAULT after taking them off the
 *    queue. They were transmitted locally all the same; those of the
 *    first two kinds are counted in the device's tx_fifo_errors too.
 *    EBADFD before the file attached.
 *
 * The attachment ends when the file is closed (the helper exits or is
 * killed), the device is deleted, or the device moves to another network
 * namespace. The operstate goes back to DORMANT and the frames queued for
 * read() are freed. On a file whose attachment ended, read() and write()
 * fail with ENODEV and poll() reports EPOLLHUP | EPOLLERR; before it
 * attached, they fail with EBADFD and poll() reports EPOLLERR. The module
 * cannot be unloaded while a file is open.
 *
 * read(): whole records, as many as the buffer holds, each starting at an
 * offset that is a multiple of VCANMC_REC_ALIGN, padded with zero bytes
 * (the last one in the buffer may be unpadded). Blocks until at least one
 * record is available, unless O_NONBLOCK (then EAGAIN). EMSGSIZE if the
 * buffer cannot hold the next record; VCANMC_REC_MAX bytes always suffice
 * (VCANMC_REC_TL_MAX on a file attached with VCANMC_IOC_ATTACH_TL).
 * poll() reports EPOLLIN while records are queued. The records waiting for
 * read() are charged to the memory cgroup of the process that attached.
 *
 * write(): one or more records laid out as read() returns them; the last
 * one may omit its padding. Records are taken in order; a record that is
 * not valid (below) stops the write there. If it is the first record, the
 * write fails with EINVAL and delivers nothing; otherwise it returns the
 * number of bytes of the records before it, which were all delivered, and
 * the next write, starting at the bad record, fails with EINVAL. A record
 * is never delivered in part. ENETDOWN while the device is down. write()
 * never waits for the bus; poll() always reports EPOLLOUT while attached.
 *
 * A write delivers its records in batches of up to 64, each only while
 * the file is still attached and the device up: a write that is running
 * when the device is deleted, moved to another namespace or taken down
 * delivers nothing after that and returns the bytes of the records it
 * delivered before (ENODEV or ENETDOWN if none; ENETDOWN also when the
 * device went down and up again meanwhile), as does a write whose
 * caller gets a fatal signal (EINTR if none). However large a write (a
 * writev may repeat one buffer up to 2 GiB), it yields the CPU between
 * batches.
 *
 * A written record is valid if its version is VCANMC_REC_VERSION, its flags
 * and time stamp are 0, its length is the header and exactly one frame of
 * its type, and the frame is one that a CAN_RAW socket could send on the
 * device: a classic frame with len <= 8; a CAN FD frame with len <= 64, on a
 * device whose MTU is CANFD_MTU or a CAN XL MTU; a CAN XL frame with the
 * CANXL_XLF flag and 1 <= len <= 2048, no larger than the device's MTU, on a
 * CAN XL device. Error frames (CAN_ERR_FLAG) are delivered as such. On a
 * file attached with VCANMC_IOC_ATTACH_TL, only VCANMC_REC_TL_* records
 * (struct vcanmc_rec_tl as "The timeline" says, then such a frame) and
 * VCANMC_REC_FRONTIER records are valid; on any other file, only
 * VCANMC_REC_CAN, _CANFD and _CANXL.
 */

#ifndef _UAPI_LINUX_VCANMC_H
#define _UAPI_LINUX_VCANMC_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VCANMC_KIND			"vcanmc"

#define VCANMC_DEFAULT_GROUP6						\
	{ { { 0xff, 0x15, 0x70, 0x79, 0x74, 0x68, 0x6f, 0x6e,		\
	      0x64, 0x65, 0x6d, 0x6f, 0x6d, 0x63, 0x61, 0x73 } } }
#define VCANMC_DEFAULT_GROUP6_STR	"ff15:7079:7468:6f6e:6465:6d6f:6d63:6173"
#define VCANMC_DEFAULT_PORT		43113
#define VCANMC_DEFAULT_TTL		1
#define VCANMC_DEFAULT_MCAST_LOOP	1

#define VCANMC_BITRATE_MAX		1000000
#define VCANMC_DBITRATE_MAX		20000000
#define VCANMC_BUS_SLOTS		512

enum vcanmc_encap {
	VCANMC_ENCAP_UNSPEC,
	VCANMC_ENCAP_PYTHON_CAN,	/* msgpack map, python-can udp_multicast */
	VCANMC_ENCAP_PYTHON_CAN_BATCH,	/* several such maps per datagram */
	VCANMC_ENCAP_NORM,		/* batches in a NORM stream, reliable */
	VCANMC_ENCAP_IEEE1722,		/* AVTP NTSCF with ACF-CAN, ACF_CAN_XL */
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
	IFLA_VCANMC_MCAST_LOOP,
	IFLA_VCANMC_BITRATE,
	IFLA_VCANMC_DBITRATE,
	IFLA_VCANMC_XLBITRATE,
	IFLA_VCANMC_RX_ERR_FRAMES,
	IFLA_VCANMC_LINK_GONE,
	IFLA_VCANMC_PEERS,
	IFLA_VCANMC_PEERS_ONLY,
	IFLA_VCANMC_STREAM_ID,
	IFLA_VCANMC_BUS_ID,
	IFLA_VCANMC_TRANSPORT,
	IFLA_VCANMC_DEST_MAC,
	IFLA_VCANMC_PAD,
	IFLA_VCANMC_ORDER,
	__IFLA_VCANMC_MAX
};

#define IFLA_VCANMC_MAX (__IFLA_VCANMC_MAX - 1)

#define VCANMC_PEERS_MAX	16

#define VCANMC_BUS_ID_MAX	31	/* ACF-CAN's can_bus_id has 5 bits */
#define VCANMC_IEEE1722_PORT	17220	/* IANA: IEEE 1722 over UDP */

enum vcanmc_transport {
	VCANMC_TRANSPORT_UDP,		/* datagrams: group, port, peers */
	VCANMC_TRANSPORT_ETHERNET,	/* EtherType 0x22F0 frames on the link */
	__VCANMC_TRANSPORT_MAX
};

#define VCANMC_TRANSPORT_MAX (__VCANMC_TRANSPORT_MAX - 1)

enum vcanmc_order {
	VCANMC_ORDER_LOCAL,		/* one bus per host, joined by tunnels */
	VCANMC_ORDER_GLOBAL,		/* one timeline across the group */
	__VCANMC_ORDER_MAX
};

#define VCANMC_ORDER_MAX (__VCANMC_ORDER_MAX - 1)

/* Frames of other members a VCANMC_ORDER_GLOBAL device holds, at most */
#define VCANMC_TL_REMOTE	4096

/* One unicast peer in IFLA_VCANMC_PEERS */
struct vcanmc_peer {
	__u16	family;		/* AF_INET or AF_INET6 */
	__u16	port;		/* host byte order; 0: the link's port */
	__u8	addr[16];	/* network byte order; IPv4 in the first 4 */
};

/* The attach interface: /dev/VCANMC_DEV_NAME, a misc device */
#define VCANMC_DEV_NAME		"vcanmc"

#define VCANMC_QUEUE_DEFAULT	1024
#define VCANMC_QUEUE_MAX	65536

struct vcanmc_attach {
	__u32	ifindex;	/* vcanmc device in the caller's namespace */
	__u32	version;	/* VCANMC_REC_VERSION */
	__u32	queue_len;	/* frames towards read(); 0: default */
	__u32	flags;		/* VCANMC_ATTACH_F_* */
};

#define VCANMC_ATTACH_F_LOSSLESS	0x1	/* the bus waits for read() */
#define VCANMC_STALL_MAX_MS		1000	/* ... this long at most */

/* VCANMC_IOC_ATTACH_TL: @attach.flags 0 */
struct vcanmc_attach_tl {
	struct vcanmc_attach attach;
	__u32	member;		/* this host's member id, not 0 */
	__u32	reserved;	/* 0 */
};

struct vcanmc_stats {
	__u64	overflows;	/* frames the queue towards read() dropped */
};

/* 0xBB 00-0F: free in Documentation/userspace-api/ioctl/ioctl-number.rst
 * of 6.1 and of mainline in 2025 (where 0xBA went to liveupdate)
 */
#define VCANMC_IOC_MAGIC	0xBB
#define VCANMC_IOC_ATTACH	_IOW(VCANMC_IOC_MAGIC, 0x00, struct vcanmc_attach)
#define VCANMC_IOC_GET_STATS	_IOR(VCANMC_IOC_MAGIC, 0x01, struct vcanmc_stats)
#define VCANMC_IOC_ATTACH_TL	_IOW(VCANMC_IOC_MAGIC, 0x02, struct vcanmc_attach_tl)
#define VCANMC_IOC_TL_WATERMARK	_IOR(VCANMC_IOC_MAGIC, 0x03, __s64)

/* A record: this header, then the frame its type names.
 *
 *   @len:     bytes of header and frame, without padding
 *   @version: VCANMC_REC_VERSION
 *   @type:    enum vcanmc_rec_type
 *   @flags:   none defined yet: 0
 *   @tstamp:  read(): when the frame's transmission on the device ended, in
 *             ns of CLOCK_REALTIME (0 in VCANMC_REC_TL_* records, whose
 *             struct vcanmc_rec_tl has the submit time); write(): 0
 *
 * New record types and flags may be added; a reader skips records of a type
 * it does not know by their length. A change of this header's layout gets a
 * new VCANMC_REC_VERSION, which a helper has to ask for in
 * VCANMC_IOC_ATTACH.
 */
struct vcanmc_rec {
	__u16	len;
	__u8	version;
	__u8	type;
	__u32	flags;
	__u64	tstamp;
};

#define VCANMC_REC_VERSION	1
#define VCANMC_REC_ALIGN	8
#define VCANMC_REC_PAD(len)	(((len) + VCANMC_REC_ALIGN - 1) & ~(VCANMC_REC_ALIGN - 1))
/* Before the frame of a VCANMC_REC_TL_* record ("The timeline") */
struct vcanmc_rec_tl {
	__u64	node;		/* the sending socket; 0: none (can-gw) */
	__u64	seq;		/* the member's frame count */
	__s64	submit;		/* ns of the timeline clock */
	__u32	member;		/* read(): 0, this host; write(): the sender */
	__u32	reserved;	/* 0 */
};

/* The largest record: a CAN XL frame of 2048 bytes (CANXL_MTU); on a
 * timeline, with its struct vcanmc_rec_tl
 */
#define VCANMC_REC_MAX		(sizeof(struct vcanmc_rec) + 2060)
#define VCANMC_REC_TL_MAX	(VCANMC_REC_MAX + sizeof(struct vcanmc_rec_tl))

enum vcanmc_rec_type {
	VCANMC_REC_UNSPEC,
	VCANMC_REC_CAN,		/* struct can_frame, CAN_MTU bytes */
	VCANMC_REC_CANFD,	/* struct canfd_frame, CANFD_MTU bytes */
	VCANMC_REC_CANXL,	/* struct canxl_frame, CANXL_HDR_SIZE + len bytes */
	VCANMC_REC_TL_CAN,	/* struct vcanmc_rec_tl, then a VCANMC_REC_CAN frame */
	VCANMC_REC_TL_CANFD,	/* ... a VCANMC_REC_CANFD frame */
	VCANMC_REC_TL_CANXL,	/* ... a VCANMC_REC_CANXL frame */
	VCANMC_REC_FRONTIER,	/* write(): __s64, ns of the timeline clock */
	__VCANMC_REC_TYPE_MAX
};

#endif /* _UAPI_LINUX_VCANMC_H */
