-- SPDX-License-Identifier: GPL-2.0
--
-- Wireshark dissector for the datagrams of vcanmc and python-can's
-- udp_multicast bus: one msgpack map per CAN frame (encap python-can), or
-- several back to back (encap python-can-batch), among them vcanmc's CAN XL
-- records (a map whose first key is "vcanmc_xl", userspace/codec/pycan.h)
-- and bus records ("vcanmc_bus": the sender's bit rates, no frame).
--
-- Where it looks: every datagram to or from the UDP port of the
-- preference vcanmc.port (default 43113; tshark -o vcanmc.port:N) is
-- vcanmc's, and what python-can would refuse there is marked malformed;
-- on any other port a heuristic (vcanmc_udp, enabled by default) claims a
-- datagram only if it parses whole as python-can maps, each beginning as
-- python-can packs one: a map whose first key is "timestamp". Other
-- ports also through "Decode As" (UDP port).
--
-- Each frame is shown with its fields (vcanmc.id, vcanmc.extended, ...)
-- and handed to Wireshark's own CAN dissectors as a SocketCAN frame, so
-- that CAN display filters work on the tunnel too: can.id == 0x123. The
-- Info column lists the datagram's frames in cansend's notation.
-- A datagram that is not what python-can would take is marked malformed
-- (expert info vcanmc.malformed), never an error of the dissector.
--
-- A CAN XL record shows its fields (vcanmc.xl.prio, vcanmc.xl.vcid,
-- vcanmc.xl.sdt, vcanmc.xl.af, vcanmc.xl.sec, vcanmc.xl.rrs, vcanmc.xl.len,
-- vcanmc.data) and, in vcanmc.text, can-utils' notation of a CAN XL frame,
-- <vcid><prio>#<flags>:<sdt>:<af>#<data> (the VCID's two digits only when
-- it is not 0). A record of a later version is shown as such, not decoded.
-- A datagram longer than a batch (1200 bytes) must be one XL record alone.
--
-- Encap norm (RFC 5740 NORM on the same port): of the NORM header, the
-- type, sequence and sender are shown (Wireshark's own NORM dissector is
-- a heuristic one, which a Lua dissector cannot hand on to); the data of a
-- NORM_DATA packet is cut into vcanmc's messages (version, frames,
-- length, sequence number vcanmc.seq of the first frame, then the maps as
-- in a batch), whose frames are shown as above. A message that began in an
-- earlier packet is shown as a continuation. Retransmissions (repairs)
-- show their frames again: vcanmc.seq tells them apart. NORM is decoded
-- on the port (or through Decode As) only, never by the heuristic.
--
-- Install: copy to the Lua plugin folder (tshark -G folders), or
--   tshark -X lua_script:vcanmc.lua ...

local proto = Proto("vcanmc", "vcanmc CAN frames (python-can udp_multicast)")

local f = proto.fields
f.frames = ProtoField.uint16("vcanmc.frames", "Frames in datagram")
f.frame = ProtoField.bytes("vcanmc.frame", "CAN frame message")
f.id = ProtoField.uint32("vcanmc.id", "Identifier", base.HEX)
f.extended = ProtoField.bool("vcanmc.extended", "Extended identifier")
f.rtr = ProtoField.bool("vcanmc.rtr", "Remote frame")
f.err = ProtoField.bool("vcanmc.err", "Error frame")
f.fd = ProtoField.bool("vcanmc.fd", "CAN FD")
f.brs = ProtoField.bool("vcanmc.brs", "Bit rate switch")
f.esi = ProtoField.bool("vcanmc.esi", "Error state indicator")
f.dlc = ProtoField.uint8("vcanmc.dlc", "Data length")
f.data = ProtoField.bytes("vcanmc.data", "Data")
f.timestamp = ProtoField.double("vcanmc.timestamp", "Timestamp")
f.channel = ProtoField.string("vcanmc.channel", "Channel")
f.text = ProtoField.string("vcanmc.text", "As cansend writes it")
f.norm_type = ProtoField.uint8("vcanmc.norm.type", "NORM message type", base.DEC,
                               { [1] = "INFO", [2] = "DATA", [3] = "CMD", [4] = "NACK",
                                 [5] = "ACK", [6] = "REPORT" }, 0x0f)
f.norm_sequence = ProtoField.uint16("vcanmc.norm.sequence", "NORM sequence")
f.norm_sender = ProtoField.uint32("vcanmc.norm.sender", "NORM sender", base.HEX)
f.norm_msg = ProtoField.bytes("vcanmc.norm.message", "vcanmc message in NORM")
f.seq = ProtoField.uint32("vcanmc.seq", "Sequence number of the first frame")
f.msg_frames = ProtoField.uint8("vcanmc.norm.frames", "Frames in message")
f.xl_version = ProtoField.uint32("vcanmc.xl.version", "CAN XL record version")
f.xl_prio = ProtoField.uint16("vcanmc.xl.prio", "Priority", base.HEX)
f.xl_vcid = ProtoField.uint8("vcanmc.xl.vcid", "Virtual CAN network ID", base.HEX)
f.xl_flags = ProtoField.uint8("vcanmc.xl.flags", "Flags", base.HEX)
f.xl_sec = ProtoField.bool("vcanmc.xl.sec", "Simple extended content (SEC)")
f.xl_rrs = ProtoField.bool("vcanmc.xl.rrs", "Remote request substitution (RRS)")
f.xl_sdt = ProtoField.uint8("vcanmc.xl.sdt", "SDU type", base.HEX)
f.xl_af = ProtoField.uint32("vcanmc.xl.af", "Acceptance field", base.HEX)
f.xl_len = ProtoField.uint16("vcanmc.xl.len", "Data length")
f.bus_version = ProtoField.uint32("vcanmc.bus.version", "Bus record version")
f.bus_bitrate = ProtoField.uint32("vcanmc.bus.bitrate", "Bit rate (0: unlimited)")
f.bus_dbitrate = ProtoField.uint32("vcanmc.bus.dbitrate", "Data bit rate")
f.bus_xlbitrate = ProtoField.uint32("vcanmc.bus.xlbitrate", "CAN XL data bit rate")

local e_malformed = ProtoExpert.new("vcanmc.malformed", "Malformed vcanmc message",
                                    expert.group.MALFORMED, expert.severity.ERROR)
proto.experts = { e_malformed }

local function dissector_or_nil(name)
	local ok, d = pcall(Dissector.get, name)
	return ok and d or nil
end
-- Wireshark's SocketCAN dissector for frames in network byte order, as
-- in LINKTYPE_CAN_SOCKETCAN captures; it tells a CAN FD frame by
-- CANFD_FDF in its flags byte. can-hostendian and canfd would read the
-- can_id in the analysing host's order. Wireshark 4.0 names it only in
-- its wtap_encap table, later ones also "can-bigendian".
local function can_bigendian()
	local d = dissector_or_nil("can-bigendian")
	if d then return d end
	local ok, t = pcall(DissectorTable.get, "wtap_encap")
	if not ok or not t then return nil end
	ok, d = pcall(function() return t:get_dissector(wtap_encaps.SOCKETCAN) end)
	return ok and d or nil
end
local can_handoff = can_bigendian()

local MAX_DEPTH = 8

-- msgpack: decode the value at offset off of tvb; returns value, next
-- offset. Values: {t = "nil"|"bool"|"int"|"float"|"str"|"bin"|"array"|
-- "map", v = ..., off = , len = }. Raises an error string when broken.
local decode

local function need(tvb, off, n)
	if off + n > tvb:len() then error("truncated", 0) end
end

local function uint(tvb, off, n)
	need(tvb, off, n)
	if n == 8 then
		local v = tvb:range(off, 8):uint64()
		if v > UInt64(0xffffffff, 0x1fffff) then return 2^53 end
		return tonumber(tostring(v))
	end
	return tvb:range(off, n):uint()
end

local function int(tvb, off, n)
	need(tvb, off, n)
	if n == 8 then return tonumber(tostring(tvb:range(off, 8):int64())) end
	return tvb:range(off, n):int()
end

local function container(tvb, off, n, kind, depth)
	if depth > MAX_DEPTH then error("nested too deep", 0) end
	local items = {}
	for i = 1, n do
		local k, v
		k, off = decode(tvb, off, depth + 1)
		if kind == "map" then
			v, off = decode(tvb, off, depth + 1)
			items[i] = { k = k, v = v }
		else
			items[i] = k
		end
	end
	return items, off
end

decode = function(tvb, off, depth)
	need(tvb, off, 1)
	local b = tvb:range(off, 1):uint()
	local start = off
	local t, v, len
	off = off + 1
	if b <= 0x7f then t, v = "int", b
	elseif b >= 0xe0 then t, v = "int", b - 0x100
	elseif b <= 0x8f then t = "map"; v, off = container(tvb, off, b - 0x80, "map", depth)
	elseif b <= 0x9f then t = "array"; v, off = container(tvb, off, b - 0x90, "array", depth)
	elseif b <= 0xbf then
		len = b - 0xa0; need(tvb, off, len)
		t, v = "str", tvb:range(off, len):string(); off = off + len
	elseif b == 0xc0 then t = "nil"
	elseif b == 0xc2 or b == 0xc3 then t, v = "bool", b == 0xc3
	elseif b >= 0xc4 and b <= 0xc6 then
		local n = ({ 1, 2, 4 })[b - 0xc3]
		len = uint(tvb, off, n); off = off + n; need(tvb, off, len)
		t, v = "bin", { off = off, len = len }; off = off + len
	elseif b == 0xca then need(tvb, off, 4); t, v = "float", tvb:range(off, 4):float(); off = off + 4
	elseif b == 0xcb then need(tvb, off, 8); t, v = "float", tvb:range(off, 8):float(); off = off + 8
	elseif b >= 0xcc and b <= 0xcf then
		local n = ({ 1, 2, 4, 8 })[b - 0xcb]
		t, v = "int", uint(tvb, off, n); off = off + n
	elseif b >= 0xd0 and b <= 0xd3 then
		local n = ({ 1, 2, 4, 8 })[b - 0xcf]
		t, v = "int", int(tvb, off, n); off = off + n
	elseif b >= 0xd9 and b <= 0xdb then
		local n = ({ 1, 2, 4 })[b - 0xd8]
		len = uint(tvb, off, n); off = off + n; need(tvb, off, len)
		t, v = "str", tvb:range(off, len):string(); off = off + len
	elseif b == 0xdc or b == 0xdd then
		local n = b == 0xdc and 2 or 4
		len = uint(tvb, off, n); off = off + n
		if len > tvb:len() then error("truncated", 0) end
		t = "array"; v, off = container(tvb, off, len, "array", depth)
	elseif b == 0xde or b == 0xdf then
		local n = b == 0xde and 2 or 4
		len = uint(tvb, off, n); off = off + n
		if len > tvb:len() then error("truncated", 0) end
		t = "map"; v, off = container(tvb, off, len, "map", depth)
	else
		error(string.format("msgpack type 0x%02x is no python-can value", b), 0)
	end
	return { t = t, v = v, off = start, len = off - start }, off
end

local KEYS = {
	timestamp = true, arbitration_id = true, is_extended_id = true,
	is_remote_frame = true, is_error_frame = true, channel = true, dlc = true,
	data = true, is_fd = true, is_rx = true, bitrate_switch = true,
	error_state_indicator = true,
}

local function bool_of(m, key, default)
	local x = m[key]
	if x == nil then return default end
	if x.t ~= "bool" then error(key .. " is not a boolean", 0) end
	return x.v
end

-- The can.Message a map stands for, checked as python-can checks it.
local function message(tvb, map)
	if map.t ~= "map" then error("not a msgpack map", 0) end
	local m = {}
	for _, kv in ipairs(map.v) do
		if kv.k.t ~= "str" then error("a key is not a string", 0) end
		if not KEYS[kv.k.v] then error("unknown key " .. kv.k.v, 0) end
		if m[kv.k.v] then error("duplicate key " .. kv.k.v, 0) end
		m[kv.k.v] = kv.v
	end
	local msg = {
		ext = bool_of(m, "is_extended_id", true),
		rtr = bool_of(m, "is_remote_frame", false),
		err = bool_of(m, "is_error_frame", false),
		fd = bool_of(m, "is_fd", false),
		brs = bool_of(m, "bitrate_switch", false),
		esi = bool_of(m, "error_state_indicator", false),
		m = m,
	}
	local id = m.arbitration_id
	if id ~= nil and id.t ~= "int" then error("arbitration_id is not an integer", 0) end
	msg.id = id and id.v or 0
	local data = m.data
	msg.bytes = {}
	if data ~= nil and data.t == "bin" then
		for i = 0, data.v.len - 1 do
			msg.bytes[i + 1] = tvb:range(data.v.off + i, 1):uint()
		end
	elseif data ~= nil and data.t == "array" then
		for i, x in ipairs(data.v) do
			if x.t ~= "int" or x.v < 0 or x.v > 255 then error("data is not bytes", 0) end
			msg.bytes[i] = x.v
		end
	elseif data ~= nil and data.t ~= "nil" then
		error("data is not bytes", 0)
	end
	local dlc = m.dlc
	if dlc ~= nil and dlc.t ~= "nil" and dlc.t ~= "int" then error("dlc is not an integer", 0) end
	msg.dlc = (dlc and dlc.t == "int") and dlc.v or (msg.rtr and 0 or #msg.bytes)
	if msg.rtr and (msg.err or msg.fd) then error("remote frame with FD or error flag", 0) end
	if msg.id < 0 or msg.id >= (msg.ext and 0x20000000 or 0x800) then
		error(string.format("identifier 0x%x out of range", msg.id), 0)
	end
	if msg.dlc < 0 or msg.dlc > (msg.fd and 64 or 8) then error("data length out of range", 0) end
	if msg.rtr and #msg.bytes ~= 0 or not msg.rtr and msg.dlc ~= #msg.bytes then
		error("dlc and data disagree", 0)
	end
	if not msg.fd and (msg.brs or msg.esi) then error("BRS or ESI without FD", 0) end
	return msg
end

-- The SocketCAN frame of msg, for Wireshark's CAN dissector: struct
-- can_frame or struct canfd_frame (flags CANFD_FDF, BRS, ESI), can_id in
-- network byte order for can-bigendian, whatever the analysing host's.
local function socketcan(msg)
	local can_id = msg.id
	if msg.ext then can_id = can_id + 0x80000000 end
	if msg.rtr then can_id = can_id + 0x40000000 end
	if msg.err then can_id = can_id + 0x20000000 end
	local size = msg.fd and 72 or 16
	local ba = ByteArray.new()
	ba:set_size(size)
	for i = 0, 3 do
		local byte = math.floor(can_id / 2 ^ (8 * (3 - i))) % 256
		ba:set_index(i, byte)
	end
	local len = msg.dlc
	if msg.fd then
		for _, l in ipairs({ 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64 }) do
			if l >= len then len = l; break end
		end
	end
	ba:set_index(4, len)
	if msg.fd then
		ba:set_index(5, 4 + (msg.brs and 1 or 0) + (msg.esi and 2 or 0))
	end
	for i, b in ipairs(msg.bytes) do ba:set_index(7 + i, b) end
	return ba
end

-- The frame in can-utils' notation: 123#1122, 12345678#R, 123##1AABB.
local function cansend(msg)
	local id = msg.id
	if msg.err then id = id + 0x20000000 end
	local s = string.format((msg.ext or msg.err) and "%08X" or "%03X", id)
	if msg.rtr then
		return s .. "#R" .. (msg.dlc > 0 and tostring(msg.dlc) or "")
	end
	s = s .. (msg.fd and string.format("##%X", (msg.brs and 1 or 0) + (msg.esi and 2 or 0)) or "#")
	for _, b in ipairs(msg.bytes) do s = s .. string.format("%02X", b) end
	return s
end

-- vcanmc's own records among the maps of a batch (pycan_rec.c): a map
-- whose first key names the record and holds its version, then each of
-- its keys exactly once, no other.
local function is_record(map, key)
	return map.t == "map" and #map.v > 0 and map.v[1].k.t == "str" and map.v[1].k.v == key
end

-- A record's version, and its entries after the first by key, checked;
-- no entries for another version than @version, which @what names.
local function record_fields(map, what, version, keys)
	local ver = map.v[1].v
	if ver.t ~= "int" or ver.v < 0 then error(what .. " version is not a uint", 0) end
	local m = {}
	if ver.v ~= version then return ver.v, m end
	for i = 2, #map.v do
		local kv = map.v[i]
		if kv.k.t ~= "str" or not keys[kv.k.v] then error("unknown " .. what .. " key", 0) end
		if m[kv.k.v] then error("duplicate key " .. kv.k.v, 0) end
		m[kv.k.v] = kv.v
	end
	for k in pairs(keys) do
		if not m[k] then error(what .. " without " .. k, 0) end
	end
	return ver.v, m
end

-- CAN XL records (pycan.h): the first key "vcanmc_xl" holds the version.
local XL_KEY, XL_VERSION, XL_DGRAM_MAX = "vcanmc_xl", 1, 2124
local XL_KEYS = { timestamp = true, prio = true, vcid = true, flags = true, sdt = true,
                  af = true, data = true }
local XL_MAX = { prio = 0x7ff, vcid = 0xff, flags = 0xff, sdt = 0xff, af = 0xffffffff }

local function is_xl(map)
	return is_record(map, XL_KEY)
end

-- The frame of an XL record, checked as vcanmcd checks it; nil fields
-- for a later version.
local function xl_message(map)
	local ver, m = record_fields(map, "CAN XL record", XL_VERSION, XL_KEYS)
	local msg = { xl = true, version = ver, m = m }
	if ver ~= XL_VERSION then return msg end
	if m.timestamp.t ~= "float" then error("timestamp is not a float", 0) end
	for k, max in pairs(XL_MAX) do
		if m[k].t ~= "int" or m[k].v < 0 or m[k].v > max then
			error(k .. " out of range", 0)
		end
		msg[k] = m[k].v
	end
	if msg.flags < 0x80 then error("CAN XL record without XLF", 0) end
	if m.data.t ~= "bin" or m.data.v.len < 1 or m.data.v.len > 2048 then
		error("CAN XL data length out of range", 0)
	end
	msg.dlc = m.data.v.len
	return msg
end

-- A CAN XL frame in can-utils' notation: [vcid]prio#flags:sdt:af#data.
local XL_TEXT_BYTES = 16

local function xl_text(tvb, msg)
	if not msg.prio then return string.format("XL-v%u", msg.version) end
	local s = msg.vcid ~= 0 and string.format("%02X%03X", msg.vcid, msg.prio) or
	          string.format("%03X", msg.prio)
	s = s .. string.format("#%02X:%02X:%08X#", msg.flags, msg.sdt, msg.af)
	local d = msg.m.data.v
	s = s .. tvb:range(d.off, math.min(d.len, XL_TEXT_BYTES)):bytes():tohex()
	return d.len > XL_TEXT_BYTES and s .. string.format("..(%d)", d.len) or s
end

-- For the Info column of the datagram being dissected: its frames in
-- cansend's notation, its NORM type, why it is malformed.
local texts, norm_label, bad_why = {}, "", nil

local function show_xl(tvb, tree, map, msg)
	local text = xl_text(tvb, msg)
	texts[#texts + 1] = text
	local sub = tree:add(f.frame, tvb:range(map.off, map.len))
	local m = msg.m
	local function range(key)
		return m[key] and tvb:range(m[key].off, m[key].len) or tvb:range(map.off, 1)
	end
	local ver = map.v[1].v
	sub:add(f.xl_version, tvb:range(ver.off, ver.len), msg.version)
	if not msg.prio then
		sub:set_text(string.format("CAN XL record, version %u (not decoded)", msg.version))
		return
	end
	sub:set_text(string.format("CAN XL frame, priority 0x%03X, VCID 0x%02X, %d byte%s",
	                           msg.prio, msg.vcid, msg.dlc, msg.dlc == 1 and "" or "s"))
	sub:add(f.text, tvb:range(map.off, map.len), text):set_generated()
	sub:add(f.xl_prio, range("prio"), msg.prio)
	sub:add(f.xl_vcid, range("vcid"), msg.vcid)
	sub:add(f.xl_flags, range("flags"), msg.flags)
	sub:add(f.xl_sec, range("flags"), msg.flags % 2 == 1)
	sub:add(f.xl_rrs, range("flags"), math.floor(msg.flags / 2) % 2 == 1)
	sub:add(f.xl_sdt, range("sdt"), msg.sdt)
	sub:add(f.xl_af, range("af"), msg.af)
	sub:add(f.xl_len, range("data"), msg.dlc)
	sub:add(f.data, tvb:range(m.data.v.off, m.data.v.len))
	sub:add(f.timestamp, range("timestamp"), m.timestamp.v)
end

local function show(tvb, pinfo, tree, map, msg)
	texts[#texts + 1] = cansend(msg)
	local sub = tree:add(f.frame, tvb:range(map.off, map.len))
	sub:set_text(string.format("CAN%s frame, ID 0x%0" .. (msg.ext and 8 or 3) .. "X%s, %d byte%s",
	                           msg.fd and " FD" or "", msg.id,
	                           msg.rtr and " (remote)" or msg.err and " (error)" or "",
	                           msg.dlc, msg.dlc == 1 and "" or "s"))
	sub:add(f.text, tvb:range(map.off, map.len), cansend(msg)):set_generated()
	local m = msg.m
	local function range(key)
		return m[key] and tvb:range(m[key].off, m[key].len) or tvb:range(map.off, 1)
	end
	sub:add(f.id, range("arbitration_id"), msg.id)
	sub:add(f.extended, range("is_extended_id"), msg.ext)
	sub:add(f.rtr, range("is_remote_frame"), msg.rtr)
	sub:add(f.err, range("is_error_frame"), msg.err)
	sub:add(f.fd, range("is_fd"), msg.fd)
	if msg.fd then
		sub:add(f.brs, range("bitrate_switch"), msg.brs)
		sub:add(f.esi, range("error_state_indicator"), msg.esi)
	end
	sub:add(f.dlc, range("dlc"), msg.dlc)
	if m.data and m.data.t == "bin" and m.data.v.len > 0 then
		sub:add(f.data, tvb:range(m.data.v.off, m.data.v.len))
	end
	if m.timestamp and m.timestamp.t == "float" then
		sub:add(f.timestamp, range("timestamp"), m.timestamp.v)
	end
	if m.channel and m.channel.t == "str" then
		sub:add(f.channel, range("channel"), m.channel.v)
	end
	if can_handoff then
		local frame = socketcan(msg):tvb("SocketCAN frame")
		pcall(function() can_handoff:call(frame, pinfo, tree) end)
	end
end

-- Bus records (pycan.h): what bus the sender emulates, no frame; the
-- first key "vcanmc_bus" holds the version.
local BUS_KEY, BUS_VERSION = "vcanmc_bus", 1
local BUS_KEYS = { bitrate = true, dbitrate = true, xlbitrate = true }

local function is_bus(map)
	return is_record(map, BUS_KEY)
end

-- Its settings, checked as vcanmcd checks them; none for a later version.
local function bus_message(map)
	local ver, m = record_fields(map, "bus record", BUS_VERSION, BUS_KEYS)
	for k in pairs(m) do
		if m[k].t ~= "int" or m[k].v < 0 or m[k].v > 0xffffffff then
			error(k .. " out of range", 0)
		end
	end
	return { bus = true, version = ver, m = m }
end

local function show_bus(tvb, tree, map, msg)
	local sub = tree:add(f.frame, tvb:range(map.off, map.len))
	local ver = map.v[1].v
	sub:add(f.bus_version, tvb:range(ver.off, ver.len), msg.version)
	if not msg.m.bitrate then
		sub:set_text(string.format("Bus record, version %u (not decoded)", msg.version))
		return
	end
	local m = msg.m
	sub:set_text(string.format("Bus record: bitrate %u dbitrate %u xlbitrate %u",
	                           m.bitrate.v, m.dbitrate.v, m.xlbitrate.v))
	sub:add(f.bus_bitrate, tvb:range(m.bitrate.off, m.bitrate.len), m.bitrate.v)
	sub:add(f.bus_dbitrate, tvb:range(m.dbitrate.off, m.dbitrate.len), m.dbitrate.v)
	sub:add(f.bus_xlbitrate, tvb:range(m.xlbitrate.off, m.xlbitrate.len), m.xlbitrate.v)
	texts[#texts + 1] = string.format("[bus %u]", m.bitrate.v)
end

local function malformed(pinfo, root, why)
	local bad = root:add_proto_expert_info(e_malformed, "Malformed: " .. why)
	bad:set_generated()
	bad_why = bad_why or why
end

-- The maps in tvb from off to stop: the frames shown (bus records are
-- none), whether all were good, and how many were CAN XL records.
local function maps(tvb, pinfo, root, off, stop)
	local n, nxl = 0, 0
	while off < stop do
		local ok, map, next_off = pcall(decode, tvb, off, 0)
		local msg
		if ok and next_off > stop then ok, map = false, "truncated" end
		if ok and is_xl(map) then
			ok, msg = pcall(xl_message, map)
		elseif ok and is_bus(map) then
			ok, msg = pcall(bus_message, map)
		elseif ok then
			ok, msg = pcall(message, tvb, map)
		else
			msg = map
		end
		if not ok then
			malformed(pinfo, root, tostring(msg))
			return n, false, nxl
		end
		if msg.bus then
			show_bus(tvb, root, map, msg)
		elseif msg.xl then
			show_xl(tvb, root, map, msg)
			nxl = nxl + 1
			n = n + 1
		else
			show(tvb, pinfo, root, map, msg)
			n = n + 1
		end
		off = next_off
	end
	return n, true, nxl
end

local NORM_DATA = 2
local NORM_MSG_HDR = 8

local NORM_TYPES = { "INFO", "DATA", "CMD", "NACK", "ACK", "REPORT" }

-- A NORM packet: the frames of the vcanmc messages in its stream data.
local function norm(tvb, pinfo, tree, root)
	local len = tvb:len()
	if len < 8 then malformed(pinfo, root, "short NORM header"); return 0 end
	local ntype = tvb:range(0, 1):uint() % 16
	local hdr_len = tvb:range(1, 1):uint() * 4
	if ntype < 1 or ntype > 6 or hdr_len < 8 or hdr_len > len then
		malformed(pinfo, root, "not a NORM packet")
		return 0
	end
	root:add(f.norm_type, tvb:range(0, 1))
	root:add(f.norm_sequence, tvb:range(2, 2))
	root:add(f.norm_sender, tvb:range(4, 4))
	norm_label = "NORM " .. NORM_TYPES[ntype] .. ", "
	if ntype ~= NORM_DATA then return 0 end
	-- After the header: the stream payload header (length, message
	-- start + 1, offset), then the data.
	if hdr_len < 16 or len < hdr_len + 8 then
		malformed(pinfo, root, "short NORM_DATA")
		return 0
	end
	local plen = tvb:range(hdr_len, 2):uint()
	local mstart = tvb:range(hdr_len + 2, 2):uint()
	local data = hdr_len + 8
	local stop = data + plen
	if stop > len then malformed(pinfo, root, "NORM payload beyond the packet"); return 0 end
	local n = 0
	local off = data
	if mstart == 0 then
		if plen > 0 then root:add(f.norm_msg, tvb:range(data, plen)):set_text("Continued message") end
		off = stop
	elseif mstart > 1 then
		root:add(f.norm_msg, tvb:range(data, mstart - 1)):set_text("End of a continued message")
		off = data + mstart - 1
	end
	while off < stop do
		if off + NORM_MSG_HDR > stop then
			root:add(f.norm_msg, tvb:range(off, stop - off)):set_text("Message continued in the next packet")
			break
		end
		local version = tvb:range(off, 1):uint()
		local frames = tvb:range(off + 1, 1):uint()
		local mlen = tvb:range(off + 2, 2):uint()
		if version ~= 1 or frames == 0 or mlen == 0 or mlen > XL_DGRAM_MAX then
			malformed(pinfo, root, "not a vcanmc message")
			break
		end
		local whole = math.min(NORM_MSG_HDR + mlen, stop - off)
		local sub = root:add(f.norm_msg, tvb:range(off, whole))
		sub:set_text(string.format("vcanmc message, frames %d from %u", frames,
		                           tvb:range(off + 4, 4):uint()))
		sub:add(f.msg_frames, tvb:range(off + 1, 1))
		sub:add(f.seq, tvb:range(off + 4, 4))
		if off + NORM_MSG_HDR + mlen > stop then
			sub:append_text(" (continued in the next packet)")
			break
		end
		local k, good = maps(tvb, pinfo, sub, off + NORM_MSG_HDR, off + NORM_MSG_HDR + mlen)
		n = n + k
		if not good then break end
		off = off + NORM_MSG_HDR + mlen
	end
	return n
end

-- The Info column: the frames in cansend's notation, as many as fit in
-- about a line, then how many more.
local INFO_MAX = 100

local function info(n)
	local s = string.format("%d frame%s", n, n == 1 and "" or "s")
	for i, t in ipairs(texts) do
		if i > 1 and #s + #t > INFO_MAX then
			return s .. string.format(" ... (%d more)", #texts - i + 1)
		end
		s = s .. (i == 1 and ": " or " ") .. t
	end
	return s
end

function proto.dissector(tvb, pinfo, tree)
	local len = tvb:len()
	if len == 0 then return 0 end
	texts, norm_label, bad_why = {}, "", nil
	local root = tree:add(proto, tvb:range(0, len))
	local n
	-- NORM version 1 in the first nibble: no msgpack map starts so
	if math.floor(tvb:range(0, 1):uint() / 16) == 1 then
		n = norm(tvb, pinfo, tree, root)
	else
		local nxl
		n, _, nxl = maps(tvb, pinfo, root, 0, len)
		-- python-can reads 4096 bytes of a datagram; vcanmc's batches
		-- are at most 1200 bytes, but for one CAN XL record alone
		if nxl > 0 and len > 1200 and (n > 1 or len > XL_DGRAM_MAX) then
			root:add_proto_expert_info(e_malformed, string.format(
				"Malformed: %d bytes, more than one CAN XL record alone", len)):set_generated()
		elseif nxl == 0 and (len > 4096 or (n > 1 and len > 1200)) then
			root:add_proto_expert_info(e_malformed, string.format(
				"Malformed: %d bytes, longer than %s", len,
				n > 1 and "a batch (1200)" or "python-can reads (4096)")):set_generated()
		end
	end
	root:add(f.frames, n):set_generated()
	-- after the CAN dissectors, which write their own
	pinfo.cols.protocol = "vcanmc"
	pinfo.cols.info:set(norm_label .. info(n) ..
	                    (bad_why and " [malformed: " .. bad_why .. "]" or ""))
	return len
end

-- The heuristic: a datagram on any port that is wholly python-can maps,
-- the first beginning as python-can packs one (pack_message): a fixmap
-- whose first key is "timestamp". NORM is never guessed.
local TIMESTAMP = "\169timestamp"	-- fixstr of 9

local function python_can(tvb)
	local len = tvb:len()
	if len < 12 or len > 4096 then return false end
	local b = tvb:range(0, 1):uint()
	if b < 0x81 or b > 0x8f or tvb:range(1, 10):raw() ~= TIMESTAMP then return false end
	local off = 0
	while off < len do
		local ok, map, next_off = pcall(decode, tvb, off, 0)
		if not ok or next_off > len or not pcall(message, tvb, map) then return false end
		off = next_off
	end
	return true
end

local function heuristic(tvb, pinfo, tree)
	if not python_can(tvb) then return false end
	proto.dissector(tvb, pinfo, tree)
	return true
end

proto:register_heuristic("udp", heuristic)

-- The port: everything to or from it is vcanmc's.
proto.prefs.port = Pref.uint("UDP port", 43113,
	"The UDP port of vcanmc's links (0: none). Every datagram to or from it is "
	.. "decoded, and what python-can would refuse is marked malformed; on other "
	.. "ports the heuristic vcanmc_udp finds python-can's datagrams.")

local udp = DissectorTable.get("udp.port")
local port = 0

local function port_changed()
	if port == proto.prefs.port then return end
	if port ~= 0 then udp:remove(port, proto) end
	port = proto.prefs.port
	if port ~= 0 then udp:add(port, proto) end
end

proto.prefs_changed = port_changed
port_changed()
udp:add_for_decode_as(proto)
