# SPDX-License-Identifier: GPL-2.0
"""
CAN frames as can-utils writes them: the compact form that cansend takes
and "candump -L" prints ("123#1122", "12345678#R", "123##3AABB"), to and
from python-can messages, so that the vcanmcd tests compare what python-can
sent or received with candump's lines directly.

In candump's form the FD flags nibble carries CANFD_FDF (4) as the kernel
stores it, so an FD frame with BRS is "123##5..." there; format() writes
it that way, parse() takes it with or without.
"""
import can

CAN_EFF_FLAG = 0x80000000
CAN_RTR_FLAG = 0x40000000
CAN_ERR_FLAG = 0x20000000
CANFD_BRS, CANFD_ESI, CANFD_FDF = 1, 2, 4


def parse(text):
    """A can.Message from cansend's syntax."""
    ident, sep, rest = text.partition("#")
    if not sep or len(ident) not in (3, 8):
        raise ValueError(f"not a frame: {text!r}")
    can_id = int(ident, 16)
    err = len(ident) == 8 and bool(can_id & CAN_ERR_FLAG)
    ext = len(ident) == 8 and not err
    can_id &= 0x1FFFFFFF
    if rest.startswith("#"):
        flags = int(rest[1], 16)
        data = bytes.fromhex(rest[2:])
        return can.Message(arbitration_id=can_id, is_extended_id=ext, is_fd=True,
                           bitrate_switch=bool(flags & CANFD_BRS),
                           error_state_indicator=bool(flags & CANFD_ESI), data=data)
    if rest.startswith("R"):
        return can.Message(arbitration_id=can_id, is_extended_id=ext, is_remote_frame=True,
                           dlc=int(rest[1:] or "0"))
    return can.Message(arbitration_id=can_id, is_extended_id=ext,
                       is_error_frame=err, data=bytes.fromhex(rest))


def format(msg):
    """cansend's syntax of a can.Message, as candump -L prints the frame."""
    if msg.is_error_frame:
        ident = "%08X" % (CAN_ERR_FLAG | msg.arbitration_id)
    elif msg.is_extended_id:
        ident = "%08X" % msg.arbitration_id
    else:
        ident = "%03X" % msg.arbitration_id
    if msg.is_remote_frame:
        return ident + "#R" + (str(msg.dlc) if msg.dlc else "")
    data = bytes(msg.data).hex().upper()
    if msg.is_fd:
        flags = CANFD_FDF | (CANFD_BRS if msg.bitrate_switch else 0) | \
            (CANFD_ESI if msg.error_state_indicator else 0)
        return "%s##%X%s" % (ident, flags, data)
    return ident + "#" + data
