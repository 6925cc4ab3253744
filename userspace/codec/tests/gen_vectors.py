#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print the test vectors of the vcanmc python-can wire codec.

Every expected value comes from python-can's own code, so the C codec is
checked against the real thing, not against our reading of it:

  - a SocketCAN frame becomes a can.Message through python-can's
    socketcan capture_message() (fed by a fake socket), and the datagram
    is udp_multicast's pack_message() of that Message;
  - a datagram is judged the way UdpMulticastBus._recv_internal() judges
    it: unpack_message(data, replace={"timestamp": ...}, check=True) on
    at most 4096 bytes, and the frame it stands for is socketcan's
    build_can_frame() of the unpacked Message.

Run it with Debian's /usr/bin/python3 (python3-can, python3-msgpack).
It prints one vector a line, tokens separated by one space:

  V python-can=<version> msgpack=<version>
  E <name> raw=<hex> sec=<int|-> nsec=<int|-> ts=<hexfloat> wire=<hex|->
      A frame read from SocketCAN: raw is the whole can_frame (16 bytes) or
      canfd_frame (72 bytes), which also tells classic from FD as the MTU
      does; sec/nsec is its SO_TIMESTAMPNS ('-' when ts was set directly);
      ts is python-can's timestamp; wire is pack_message() of the captured
      Message, or '-' when that Message fails Message._check(), i.e. every
      python-can receiver would refuse it: the encoder must refuse it too.
  D <name> wire=<hex> raw=<hex> ts=<hexfloat|nan> check=<ok|raise>
      A datagram python-can's bus accepts. raw is what goes to SocketCAN:
      build_can_frame() of the Message, with two kernel-side adjustments
      for FD frames: the length is rounded up to the next valid CAN FD
      length (what a CAN FD controller puts on the wire), and CANFD_FDF
      is set (as the kernel does for every CAN FD frame since CAN XL).
      ts is the sender's timestamp (nan when it sent nil); check tells
      whether unpack_message(wire, check=True) without the timestamp
      replacement would accept it.
  X <name> reason=<drop name> check=<ok|raise> bus=<ok|raise> wire=<hex|->
      A datagram the codec must drop, and the reason it must give. bus is
      python-can's bus verdict; bus=ok marks a deliberate deviation, and
      each one is listed in DEVIATIONS below with why.
"""

import math
import socket
import struct
import sys

import can
import msgpack
from can.interfaces.socketcan import socketcan as sc
from can.interfaces.socketcan.constants import SO_TIMESTAMPNS
from can.interfaces.udp_multicast.utils import pack_message, unpack_message
from can.util import dlc2len, len2dlc

CAN_EFF_FLAG = 0x80000000
CAN_RTR_FLAG = 0x40000000
CAN_ERR_FLAG = 0x20000000
CANFD_BRS = 0x01
CANFD_ESI = 0x02
CANFD_FDF = 0x04

# What python-can's UdpMulticastBus reads of one datagram (recvmsg size).
BUS_READ_MAX = 4096

REASONS = (
    "truncated",
    "foreign",
    "malformed",
    "oversize",
    "unknown-key",
    "wrong-type",
    "dlc-mismatch",
    "bad-id",
    "bad-flags",
)

# Datagrams python-can's bus accepts but the codec refuses on purpose.
DEVIATIONS = {
    # Message.__init__ throws the payload of a remote frame away; a
    # remote frame carrying data is malformed, so we drop it instead.
    "rtr-with-data": "python-can silently drops the payload",
    "rtr-with-data-dlc-nil": "python-can silently drops the payload",
    "rtr-data-str": "python-can drops data of a remote frame unchecked",
    # Types: python-can never checks them; we are strict.
    "id-float": "python-can compares 5.0 like 5",
    "id-bool": "True is an int in python",
    "ext-int": "python-can takes any truthy value",
    "fd-nil": "python-can takes any falsy value",
    "rtr-str": "python-can takes any truthy value",
    "dlc-float": "2.0 == 2 in python",
    "dlc-bool": "True == 1 in python",
    "data-int": "bytearray(3) is three zero bytes",
    "data-array-bool": "bytearray([True]) is b'\\x01'",
    "channel-float": "python-can never looks at channel",
    "channel-bin": "python-can never looks at channel",
    "channel-bool": "python-can never looks at channel",
    "channel-array": "python-can never looks at channel",
    "channel-map": "python-can never looks at channel",
    "channel-deep-nesting": "python-can never looks at channel",
    "ts-str": "the bus replaces the timestamp before checking",
    "ts-bool": "the bus replaces the timestamp before checking",
    "ts-array": "the bus replaces the timestamp before checking",
    "ts-ext-timestamp": "the bus replaces the timestamp before checking",
    "is_rx-int": "python-can never looks at is_rx",
    "is_rx-str": "python-can never looks at is_rx",
    # msgpack-python keeps the last of duplicate keys; we refuse the
    # ambiguity.
    "dup-key": "msgpack-python keeps the last value",
    "dup-key-same-value": "msgpack-python keeps the last value",
}


def hexs(b):
    return b.hex() if b else "-"


def hexfloat(x):
    if math.isnan(x):
        return "nan"
    return float(x).hex()


def P(value):
    return msgpack.packb(value, use_bin_type=True)


# -- SocketCAN side ---------------------------------------------------------


def raw_frame(can_id, length, data=b"", fd=False, flags=0, res0=0, len8=0, fill=0xEE):
    """Bytes of a struct can_frame / canfd_frame as read() returns them.

    The payload beyond length is filled with junk the codec must ignore.
    """
    size = 64 if fd else 8
    payload = bytes(data)[:size]
    payload += bytes([fill]) * (size - len(payload))
    return struct.pack("=IBBBB", can_id, length, flags, res0, len8) + payload


class _FakeCanSocket:
    """Just enough of a CAN_RAW socket for socketcan.capture_message()."""

    def __init__(self, frame, sec, nsec):
        self._frame = frame
        self._anc = struct.pack("@ll", sec, nsec)

    def recvmsg(self, bufsize, ancbufsize):
        anc = [(socket.SOL_SOCKET, SO_TIMESTAMPNS, self._anc)]
        return self._frame[:bufsize], anc, 0, ("vcan0", 0)


def capture(frame, sec, nsec):
    return sc.capture_message(_FakeCanSocket(frame, sec, nsec))


def message_valid(msg):
    """Would a python-can bus take msg? It checks all but the timestamp."""
    probe = msg.__copy__()
    probe.timestamp = 0.0
    try:
        probe._check()
    except ValueError:
        return False
    return True


# -- datagram side -----------------------------------------------------------


def verdict(wire, bus):
    try:
        if bus:
            unpack_message(wire[:BUS_READ_MAX], replace={"timestamp": 0.0}, check=True)
        else:
            unpack_message(wire, check=True)
    except Exception:  # python-can raises anything here, we only want yes/no
        return "raise"
    return "ok"


def expected_frame(wire):
    msg = unpack_message(wire[:BUS_READ_MAX], replace={"timestamp": 0.0}, check=True)
    cf = bytearray(sc.build_can_frame(msg))
    if msg.is_fd:
        cf[4] = dlc2len(len2dlc(cf[4]))
        cf[5] |= CANFD_FDF
    return bytes(cf)


def expected_ts(wire):
    obj = msgpack.unpackb(wire[:BUS_READ_MAX], raw=False)
    ts = obj.get("timestamp", 0.0)
    return math.nan if ts is None else float(ts)


def msg_dict(**kw):
    """The dict pack_message() builds for can.Message(**kw), in its order."""
    return msgpack.unpackb(pack_message(can.Message(**kw)), raw=False)


def mp_map(pairs, form=None):
    """A msgpack map from already encoded (key, value) pairs."""
    n = len(pairs)
    if form is None:
        form = "fix" if n < 16 else "16"
    if form == "fix":
        head = bytes([0x80 | n])
    elif form == "16":
        head = b"\xde" + struct.pack(">H", n)
    else:
        head = b"\xdf" + struct.pack(">I", n)
    return head + b"".join(k + v for k, v in pairs)


def pairs_of(d):
    return [(P(k), P(v)) for k, v in d.items()]


def with_raw(d, **raw_values):
    """d packed as python does, but with some values pre-encoded by hand."""
    return mp_map([(P(k), raw_values[k] if k in raw_values else P(v)) for k, v in d.items()])


def str8(s):
    b = s.encode()
    return b"\xd9" + bytes([len(b)]) + b


def pattern(n, seed=0):
    return bytes((i * 37 + seed * 11 + 1) & 0xFF for i in range(n))


# -- vectors -----------------------------------------------------------------


class Vectors:
    def __init__(self):
        self.lines = []
        self.names = set()
        self.reasons = set()
        self._ts = 0

    def _name(self, kind, name):
        key = kind + " " + name
        if key in self.names:
            raise SystemExit(f"gen_vectors: duplicate vector name {key}")
        self.names.add(key)

    TIMES = (
        (0, 0),
        (1, 500000000),
        (1700000000, 123456789),
        (2**31 - 1, 999999999),
        (4102444800, 999999999),
        (2**40, 1),
        (12345, 1),
        (1234567890, 987654321),
    )

    def next_time(self):
        t = self.TIMES[self._ts % len(self.TIMES)]
        self._ts += 1
        return t

    def enc(self, name, frame, ts=None):
        """An E vector, plus a D vector for the datagram it produces."""
        self._name("E", name)
        if ts is None:
            sec, nsec = self.next_time()
            msg = capture(frame, sec, nsec)
            tsec, tnsec = str(sec), str(nsec)
        else:
            msg = capture(frame, 0, 0)
            msg.timestamp = ts
            tsec, tnsec = "-", "-"
        wire = pack_message(msg) if message_valid(msg) else b""
        self.lines.append(
            f"E {name} raw={frame.hex()} sec={tsec} nsec={tnsec} "
            f"ts={hexfloat(msg.timestamp)} wire={hexs(wire)}"
        )
        if wire:
            if verdict(wire, bus=True) != "ok":
                raise SystemExit(f"gen_vectors: python-can refuses its own {name}")
            self.dec("rx-" + name, wire)

    def dec(self, name, wire):
        self._name("D", name)
        if verdict(wire, bus=True) != "ok":
            raise SystemExit(f"gen_vectors: python-can refuses valid vector {name}")
        self.lines.append(
            f"D {name} wire={wire.hex()} raw={expected_frame(wire).hex()} "
            f"ts={hexfloat(expected_ts(wire))} check={verdict(wire, bus=False)}"
        )

    def bad(self, name, reason, wire):
        self._name("X", name)
        if reason not in REASONS:
            raise SystemExit(f"gen_vectors: {name}: unknown reason {reason}")
        bus = verdict(wire, bus=True)
        if (bus == "ok") != (name in DEVIATIONS):
            raise SystemExit(
                f"gen_vectors: {name}: python-can bus says {bus}, "
                f"{'not ' if name in DEVIATIONS else ''}expected by DEVIATIONS"
            )
        self.reasons.add(reason)
        self.lines.append(
            f"X {name} reason={reason} check={verdict(wire, bus=False)} "
            f"bus={bus} wire={hexs(wire)}"
        )


def encode_vectors(v):
    # Classic, standard ID, every length; junk beyond len and in the
    # reserved bytes that python-can ignores.
    for n in range(0, 9):
        v.enc(f"std-len{n}", raw_frame(0x123, n, pattern(n, n)))
    for can_id in (0x000, 0x001, 0x07F, 0x080, 0x0FF, 0x100, 0x555, 0x7FF):
        v.enc(f"std-id-{can_id:03x}", raw_frame(can_id, 1, b"\x5a"))
    # Bits above the 11-bit ID of a standard frame: python-can masks them.
    v.enc("std-id-high-bits-masked", raw_frame(0x00012345, 2, b"\x01\x02"))
    v.enc("std-id-0x1fffffff-masked", raw_frame(0x1FFFFFFF, 0))

    # Classic, extended ID.
    for can_id in (0x0, 0x7F, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x12345678, 0x1FFFFFFF):
        v.enc(f"ext-id-{can_id:08x}", raw_frame(CAN_EFF_FLAG | can_id, 8, pattern(8, can_id & 7)))
    for n in (0, 3, 8):
        v.enc(f"ext-len{n}", raw_frame(CAN_EFF_FLAG | 0x18DAF110, n, pattern(n, 3)))

    # Classic frames: what python-can ignores.
    for dlc in range(9, 16):
        v.enc(f"len8-dlc{dlc}-ignored", raw_frame(0x321, 8, pattern(8, dlc), len8=dlc))
    v.enc("classic-flags-ignored", raw_frame(0x321, 4, pattern(4), flags=0x07, res0=0xFF))
    v.enc("classic-all-reserved-junk", raw_frame(CAN_EFF_FLAG | 0x42, 2, b"\xff\x00",
                                                 flags=0xFF, res0=0xFF, len8=0xFF))

    # Remote frames: dlc 0..8, the payload bytes read() returns are junk.
    for dlc in range(0, 9):
        v.enc(f"rtr-std-dlc{dlc}", raw_frame(CAN_RTR_FLAG | 0x7FF, dlc, pattern(8, 9)))
    for dlc in (0, 4, 8):
        v.enc(f"rtr-ext-dlc{dlc}",
              raw_frame(CAN_EFF_FLAG | CAN_RTR_FLAG | 0x1FFFFFFF, dlc, pattern(8, 1)))

    # CAN FD, every length 0..64, valid DLC lengths or not; as the kernel
    # hands them out (CANFD_FDF set) with BRS/ESI in all combinations.
    for n in range(0, 65):
        flags = CANFD_FDF | (n & (CANFD_BRS | CANFD_ESI))
        v.enc(f"fd-std-len{n}", raw_frame(0x7FF, n, pattern(n, n), fd=True, flags=flags))
    for n in (0, 8, 12, 64):
        for flags in (0, CANFD_BRS, CANFD_ESI, CANFD_BRS | CANFD_ESI):
            v.enc(f"fd-ext-len{n}-flags{flags}",
                  raw_frame(CAN_EFF_FLAG | 0x1FFFFFFF, n, pattern(n, 5), fd=True,
                            flags=flags))
    v.enc("fd-undefined-flags-ignored",
          raw_frame(0x100, 16, pattern(16), fd=True, flags=0xF8 | CANFD_BRS, res0=0xFF,
                    len8=0xFF))

    # Error frames as the kernel sends them (class in the ID bits, 8 bytes).
    err_prot = bytes([0, 0, 0x80, 0x19, 0, 0, 0x12, 0x34])
    v.enc("err-crtl-prot", raw_frame(CAN_ERR_FLAG | 0x004 | 0x008, 8, err_prot))
    v.enc("err-busoff", raw_frame(CAN_ERR_FLAG | 0x040, 8, bytes(8)))
    v.enc("err-restarted-cnt", raw_frame(CAN_ERR_FLAG | 0x100 | 0x200, 8, bytes(8)))
    v.enc("err-class-high-bits-masked", raw_frame(CAN_ERR_FLAG | 0x1FFFFFFF, 8, err_prot))
    v.enc("err-eff", raw_frame(CAN_EFF_FLAG | CAN_ERR_FLAG | 0x1234, 8, err_prot))
    v.enc("err-short", raw_frame(CAN_ERR_FLAG | 0x001, 0))
    v.enc("err-fd", raw_frame(CAN_ERR_FLAG | 0x002, 12, pattern(12), fd=True, flags=CANFD_FDF))

    # Timestamps set directly (encode must pack any double as is).
    for name, ts in (
        ("zero", 0.0),
        ("tenth", 0.1),
        ("frac", 123.456),
        ("huge", 1e300),
        ("denormal", 5e-324),
        ("negative", -1.5),
        ("neg-zero", -0.0),
        ("inf", math.inf),
        ("nan", math.nan),
    ):
        v.enc(f"ts-{name}", raw_frame(0x10, 1, b"\x01"), ts=ts)

    # Frames every python-can receiver would refuse: encode must refuse.
    v.enc("refuse-classic-len9", raw_frame(0x10, 9, pattern(8)))
    v.enc("refuse-classic-len15", raw_frame(0x10, 15, pattern(8)))
    v.enc("refuse-classic-len255", raw_frame(0x10, 255, pattern(8)))
    v.enc("refuse-fd-len65", raw_frame(0x10, 65, pattern(64), fd=True, flags=CANFD_FDF))
    v.enc("refuse-fd-len255", raw_frame(0x10, 255, pattern(64), fd=True))
    v.enc("refuse-rtr-err", raw_frame(CAN_RTR_FLAG | CAN_ERR_FLAG | 0x1, 0))
    v.enc("refuse-rtr-fd", raw_frame(CAN_RTR_FLAG | 0x10, 0, fd=True, flags=CANFD_FDF))
    v.enc("refuse-rtr-fd-len8", raw_frame(CAN_EFF_FLAG | CAN_RTR_FLAG | 0x10, 8, fd=True))


def decode_vectors(v):
    std = msg_dict(arbitration_id=0x123, is_extended_id=False, data=b"\x01\x02\x03",
                   timestamp=12.5)

    # What python-can's Message.__init__ fills in for missing keys.
    v.dec("empty-map", P({}))
    v.dec("only-id-data", P({"arbitration_id": 0x123, "is_extended_id": False,
                             "data": b"\x01"}))
    v.dec("only-data", P({"data": b"\xaa\xbb"}))
    v.dec("only-fd", P({"is_fd": True, "bitrate_switch": True}))
    v.dec("dlc-nil", P(dict(std, dlc=None)))
    v.dec("dlc-missing", P({k: x for k, x in std.items() if k != "dlc"}))
    v.dec("data-nil", P(dict(std, data=None, dlc=0)))
    v.dec("data-missing", P({k: x for k, x in std.items() if k not in ("data", "dlc")}))
    v.dec("data-array", P(dict(std, data=[1, 2, 0xFF])))
    v.dec("data-empty-array", P(dict(std, data=[], dlc=0)))
    v.dec("data-array-fd64", P(dict(std, is_fd=True, dlc=64, data=list(range(64)))))
    # The shortest map with every key pack_message() writes, each with the
    # shortest value python-can takes (data nil, not an empty bin): the
    # smallest batch message, PYCAN_BATCH_MSG_MIN bytes.
    v.dec("batch-min", P(dict(msg_dict(arbitration_id=0, is_extended_id=False, data=b""),
                              timestamp=None, data=None)))
    v.dec("is_rx-true", P(dict(std, is_rx=True)))
    v.dec("is_rx-false", P(dict(std, is_rx=False)))
    v.dec("is_rx-first", P(dict({"is_rx": False}, **std)))

    # channel: nil, str or int.
    v.dec("channel-str", P(dict(std, channel="vcan0")))
    v.dec("channel-unicode", P(dict(std, channel="kanal-\u00fc-\u20ac-\U0001f697")))
    v.dec("channel-empty-str", P(dict(std, channel="")))
    v.dec("channel-int", P(dict(std, channel=3)))
    v.dec("channel-neg-int", P(dict(std, channel=-7)))
    v.dec("channel-big-int", P(dict(std, channel=2**64 - 1)))

    # Remote frames.
    v.dec("rtr-dlc-nil", P(msg_dict(is_remote_frame=True)))
    v.dec("rtr-dlc5", P(msg_dict(is_remote_frame=True, dlc=5, arbitration_id=0x7FF,
                                 is_extended_id=False)))
    v.dec("rtr-data-nil", P(dict(msg_dict(is_remote_frame=True, dlc=8), data=None)))
    v.dec("rtr-data-empty-array", P(dict(msg_dict(is_remote_frame=True, dlc=1), data=[])))

    # FD lengths that are no CAN FD length are rounded up.
    for n in (9, 13, 17, 21, 25, 33, 47, 49, 63):
        v.dec(f"fd-len{n}-padded", P(msg_dict(is_fd=True, data=pattern(n, n), arbitration_id=n)))
    v.dec("fd-err", P(msg_dict(is_fd=True, is_error_frame=True, data=pattern(8),
                               arbitration_id=4, is_extended_id=False)))
    v.dec("err-default-ext", P(msg_dict(is_error_frame=True, data=pattern(8),
                                        arbitration_id=0x40)))

    # Timestamps: the bus replaces the sender's value before checking, so
    # any number goes, and so does nil.
    for name, ts in (
        ("int", 7),
        ("negative-int", -5),
        ("uint64-max", 2**64 - 1),
        ("int64-min", -(2**63)),
        ("negative", -1.25),
        ("nan", math.nan),
        ("inf", math.inf),
        ("neg-inf", -math.inf),
        ("nil", None),
    ):
        v.dec(f"ts-{name}", P(dict(std, timestamp=ts)))
    v.dec("ts-missing", P({k: x for k, x in std.items() if k != "timestamp"}))
    v.dec("ts-float32", with_raw(std, timestamp=b"\xca" + struct.pack(">f", 1.5)))
    v.dec("ts-float32-nan", with_raw(std, timestamp=b"\xca\x7f\xc0\x00\x00"))

    # Encodings python's msgpack never emits but any msgpack reader accepts.
    v.dec("keys-reversed", P(dict(reversed(list(std.items())))))
    v.dec("map16", mp_map(pairs_of(std), "16"))
    v.dec("map32", mp_map(pairs_of(std), "32"))
    v.dec("str8-keys", mp_map([(str8(k), P(x)) for k, x in std.items()]))
    v.dec("str16-key", mp_map([(b"\xda\x00\x03dlc" if k == "dlc" else P(k), P(x))
                               for k, x in std.items()]))
    v.dec("bin16-data", with_raw(std, data=b"\xc5\x00\x03\x01\x02\x03"))
    v.dec("bin32-data", with_raw(std, data=b"\xc6\x00\x00\x00\x03\x01\x02\x03"))
    v.dec("int-uint64-forms", with_raw(std, arbitration_id=b"\xcf" + struct.pack(">Q", 0x123),
                                       dlc=b"\xce\x00\x00\x00\x03"))
    v.dec("int-signed-forms", with_raw(std, arbitration_id=b"\xd1\x01\x23", dlc=b"\xd0\x03"))
    v.dec("float-ts-as-int", with_raw(std, timestamp=b"\xd3" + struct.pack(">q", 3)))

    # The largest datagram we take: exactly BUS_READ_MAX bytes.
    d = dict(std)
    n = 0
    while len(P(dict(d, channel="c" * n))) < BUS_READ_MAX:
        n += 1
    d["channel"] = "c" * n
    if len(P(d)) != BUS_READ_MAX:
        raise SystemExit("gen_vectors: cannot build a datagram of exactly 4096 bytes")
    v.dec("size-4096", P(d))


def invalid_vectors(v):
    std = msg_dict(arbitration_id=0x123, is_extended_id=False, data=b"\x01\x02\x03",
                   timestamp=12.5)
    good = P(std)

    # truncated: the datagram ends inside the map.
    v.bad("empty", "truncated", b"")
    for cut in (1, 2, 11, len(good) // 2, len(good) - 1):
        v.bad(f"cut-at-{cut}", "truncated", good[:cut])
    v.bad("map16-short-count", "truncated", b"\xde\x00")
    v.bad("str-past-end", "truncated", mp_map([(P("channel"), b"\xd9\xc8abc")]))
    v.bad("array32-huge", "truncated", mp_map([(P("data"), b"\xdd\xff\xff\xff\xff")]))
    v.bad("map32-huge", "truncated", b"\xdf\xff\xff\xff\xff" + P("dlc") + P(1))
    v.bad("bin32-huge", "truncated", mp_map([(P("data"), b"\xc6\xff\xff\xff\xf0\x01")]))
    v.bad("nested-map-huge", "truncated", mp_map([(P("channel"), b"\xdf\x7f\xff\xff\xff")]))

    # foreign: not a msgpack map whose first key is a string.
    avtp_ntscf = bytes([0x82, 0x00, 0x18, 0x07]) + bytes(range(8)) + bytes(
        [0x04, 0x06, 0x00, 0x00]) + bytes(20)
    v.bad("ieee1722-ntscf", "foreign", avtp_ntscf)
    v.bad("ieee1722-ntscf-sv", "foreign", bytes([0x82, 0x80]) + avtp_ntscf[2:])
    v.bad("ieee1722-tscf", "foreign", bytes([0x05, 0x80, 0x00, 0x01]) + bytes(28))
    v.bad("cannelloni", "foreign", bytes([0x02, 0x00, 0x01, 0x00, 0x01]) +
          struct.pack(">IB", 0x123, 2) + b"\x01\x02")
    v.bad("ascii-text", "foreign", b"hello world")
    v.bad("json", "foreign", b'{"arbitration_id": 1}')
    v.bad("byte-c1", "foreign", b"\xc1")
    v.bad("byte-ff", "foreign", b"\xff\x00")
    v.bad("msgpack-array", "foreign", P([1, 2, 3]))
    v.bad("msgpack-nil", "foreign", P(None))
    v.bad("msgpack-int-key-map", "foreign", P({1: 2}))
    v.bad("msgpack-bin-key-map", "foreign", mp_map([(P(b"dlc"), P(0))]))

    # malformed: a map, but broken msgpack or content msgpack cannot carry.
    v.bad("trailing-byte", "malformed", good + b"\x00")
    v.bad("two-datagrams", "malformed", good + good)
    v.bad("c1-value", "malformed", mp_map([(P("dlc"), b"\xc1")]))
    v.bad("c1-key", "malformed", mp_map([(P("dlc"), P(0)), (b"\xc1", P(0))]))
    v.bad("dup-key", "malformed", mp_map(pairs_of(dict(std, dlc=2)) + [(P("dlc"), P(3))]))
    v.bad("dup-key-same-value", "malformed", mp_map(pairs_of(std) + [(P("dlc"), P(3))]))
    v.bad("channel-bad-utf8", "malformed", with_raw(std, channel=b"\xa2\xff\xfe"))
    v.bad("channel-surrogate", "malformed", with_raw(std, channel=b"\xa3\xed\xa0\x80"))
    v.bad("channel-overlong", "malformed", with_raw(std, channel=b"\xa2\xc0\xaf"))
    v.bad("channel-above-u10ffff", "malformed", with_raw(std, channel=b"\xa4\xf4\x90\x80\x80"))
    v.bad("channel-cut-utf8", "malformed", with_raw(std, channel=b"\xa2\xe2\x82"))
    v.bad("key-bad-utf8", "malformed", mp_map(pairs_of(std) + [(b"\xa2\xff\xfe", P(0))]))
    v.bad("channel-deep-nesting", "malformed", with_raw(std, channel=b"\x91" * 40 + b"\xc0"))

    # oversize: more than python-can's bus reads.
    big = dict(std, channel="c" * 4000)
    while len(P(big)) <= BUS_READ_MAX:
        big["channel"] += "c"
    v.bad("oversize-4097", "oversize", P(big))
    v.bad("oversize-junk-8k", "oversize", b"\x80" + bytes(8191))

    # unknown-key: anything Message.__init__ does not take.
    v.bad("key-foo", "unknown-key", P(dict(std, foo=1)))
    v.bad("key-check", "unknown-key", P(dict(std, check=False)))
    v.bad("key-case", "unknown-key", P(dict(std, Arbitration_id=1)))
    v.bad("key-weakref", "unknown-key", P(dict(std, __weakref__=None)))
    v.bad("key-empty", "unknown-key", P(dict(std, **{"": 0})))
    v.bad("key-bin", "unknown-key", mp_map(pairs_of(std) + [(P(b"dlc"), P(3))]))
    v.bad("key-int", "unknown-key", mp_map(pairs_of(std) + [(P(5), P(3))]))
    v.bad("key-nil", "unknown-key", mp_map(pairs_of(std) + [(P(None), P(3))]))
    v.bad("key-prefix", "unknown-key", P(dict(std, dl=3)))

    # wrong-type.
    v.bad("id-float", "wrong-type", P(dict(std, arbitration_id=5.0)))
    v.bad("id-str", "wrong-type", P(dict(std, arbitration_id="5")))
    v.bad("id-bool", "wrong-type", P(dict(std, arbitration_id=True)))
    v.bad("id-nil", "wrong-type", P(dict(std, arbitration_id=None)))
    v.bad("ext-int", "wrong-type", P(dict(std, is_extended_id=1)))
    v.bad("fd-nil", "wrong-type", P(dict(std, is_fd=None)))
    v.bad("rtr-str", "wrong-type", P(dict(std, is_remote_frame="yes", data=b"")))
    v.bad("dlc-float", "wrong-type", P(dict(std, dlc=3.0)))
    v.bad("dlc-bool", "wrong-type", P(dict(std, dlc=True, data=b"\x01")))
    v.bad("dlc-str", "wrong-type", P(dict(std, dlc="3")))
    v.bad("data-str", "wrong-type", P(dict(std, data="abc")))
    v.bad("data-int", "wrong-type", P(dict(std, data=3)))
    v.bad("data-float", "wrong-type", P(dict(std, data=1.5)))
    v.bad("data-array-256", "wrong-type", P(dict(std, data=[1, 256, 3])))
    v.bad("data-array-neg", "wrong-type", P(dict(std, data=[1, -1, 3])))
    v.bad("data-array-str", "wrong-type", P(dict(std, data=["a", "b", "c"])))
    v.bad("data-array-bool", "wrong-type", P(dict(std, data=[True, False, True])))
    v.bad("data-map", "wrong-type", P(dict(std, data={"a": 1})))
    v.bad("data-ext", "wrong-type", P(dict(std, data=msgpack.ExtType(1, b"abc"))))
    v.bad("rtr-data-str", "wrong-type",
          P(dict(msg_dict(is_remote_frame=True, dlc=1), data="x")))
    v.bad("channel-float", "wrong-type", P(dict(std, channel=1.5)))
    v.bad("channel-bin", "wrong-type", P(dict(std, channel=b"vcan0")))
    v.bad("channel-bool", "wrong-type", P(dict(std, channel=True)))
    v.bad("channel-array", "wrong-type", P(dict(std, channel=["vcan0"])))
    v.bad("channel-map", "wrong-type", P(dict(std, channel={"a": 1})))
    v.bad("ts-str", "wrong-type", P(dict(std, timestamp="1.0")))
    v.bad("ts-bool", "wrong-type", P(dict(std, timestamp=True)))
    v.bad("ts-array", "wrong-type", P(dict(std, timestamp=[1])))
    v.bad("ts-ext-timestamp", "wrong-type",
          with_raw(std, timestamp=b"\xd6\xff" + struct.pack(">I", 1700000000)))
    v.bad("is_rx-int", "wrong-type", P(dict(std, is_rx=0)))
    v.bad("is_rx-str", "wrong-type", P(dict(std, is_rx="no")))

    # dlc-mismatch: dlc against data, too long, data on a remote frame.
    v.bad("dlc-gt-data", "dlc-mismatch", P(dict(std, dlc=4)))
    v.bad("dlc-lt-data", "dlc-mismatch", P(dict(std, dlc=2)))
    v.bad("dlc-zero-data", "dlc-mismatch", P(dict(std, dlc=0)))
    v.bad("data-nil-dlc1", "dlc-mismatch", P(dict(std, data=None, dlc=1)))
    v.bad("classic-dlc9", "dlc-mismatch", P(dict(std, dlc=9, data=pattern(9))))
    v.bad("classic-data9-dlc-nil", "dlc-mismatch", P(dict(std, dlc=None, data=pattern(9))))
    v.bad("fd-dlc65", "dlc-mismatch", P(dict(std, is_fd=True, dlc=65, data=pattern(65))))
    v.bad("fd-data-3000", "dlc-mismatch", P(dict(std, is_fd=True, dlc=3000,
                                                 data=pattern(3000))))
    v.bad("dlc-negative", "dlc-mismatch", P(dict(std, dlc=-1, data=None)))
    v.bad("dlc-int64-min", "dlc-mismatch", P(dict(std, dlc=-(2**63), data=None)))
    v.bad("dlc-uint64-max", "dlc-mismatch", P(dict(std, dlc=2**64 - 1)))
    v.bad("rtr-dlc9", "dlc-mismatch", P(msg_dict(is_remote_frame=True, dlc=9)))
    v.bad("rtr-with-data", "dlc-mismatch",
          P(dict(msg_dict(is_remote_frame=True, dlc=2), data=b"\x01\x02")))
    v.bad("rtr-with-data-dlc-nil", "dlc-mismatch",
          P(dict(msg_dict(is_remote_frame=True), dlc=None, data=[1, 2])))

    # bad-id.
    v.bad("std-0x800", "bad-id", P(dict(std, arbitration_id=0x800)))
    v.bad("std-0xffffffff", "bad-id", P(dict(std, arbitration_id=0xFFFFFFFF)))
    v.bad("ext-0x20000000", "bad-id", P(dict(std, is_extended_id=True,
                                             arbitration_id=0x20000000)))
    v.bad("ext-uint64-max", "bad-id", P(dict(std, is_extended_id=True,
                                             arbitration_id=2**64 - 1)))
    v.bad("id-negative", "bad-id", P(dict(std, arbitration_id=-1)))
    v.bad("id-int64-min", "bad-id", P(dict(std, arbitration_id=-(2**63))))
    v.bad("default-ext-id-too-big", "bad-id", P({"arbitration_id": 0x20000000}))

    # bad-flags: flag combinations python-can's check refuses.
    v.bad("brs-classic", "bad-flags", P(dict(std, bitrate_switch=True)))
    v.bad("esi-classic", "bad-flags", P(dict(std, error_state_indicator=True)))
    v.bad("rtr-fd", "bad-flags", P(dict(msg_dict(is_remote_frame=True, dlc=0), is_fd=True)))
    v.bad("rtr-err", "bad-flags", P(dict(msg_dict(is_remote_frame=True, dlc=0),
                                         is_error_frame=True)))
    v.bad("rtr-err-fd", "bad-flags", P(dict(msg_dict(is_remote_frame=True, dlc=0),
                                            is_error_frame=True, is_fd=True)))


def main():
    v = Vectors()
    encode_vectors(v)
    decode_vectors(v)
    invalid_vectors(v)

    missing = set(REASONS) - v.reasons
    if missing:
        raise SystemExit(f"gen_vectors: no vector for {sorted(missing)}")
    unused = set(DEVIATIONS) - {n.split(" ", 1)[1] for n in v.names if n.startswith("X ")}
    if unused:
        raise SystemExit(f"gen_vectors: DEVIATIONS names no vector: {sorted(unused)}")

    out = sys.stdout
    out.write("# vcanmc python-can wire codec vectors; generated by gen_vectors.py, do not edit.\n")
    out.write(f"V python-can={can.__version__} msgpack={'.'.join(map(str, msgpack.version))}\n")
    for kind in "EDX":
        for line in v.lines:
            if line[0] == kind:
                out.write(line + "\n")


if __name__ == "__main__":
    main()
