-- SPDX-License-Identifier: GPL-2.0
--
-- pmip6.lua - Wireshark dissector for the pmip6 signaling that the stock
-- "mipv6" dissector (Wireshark 4.0) leaves raw or only partly decodes.
--
--   tshark -X lua_script:user/wireshark/pmip6.lua -r capture.pcap -V
--   or copy this file into ~/.local/lib/wireshark/plugins/
--
-- How it hooks in: it takes IP protocol 135 (Mobility Header) in the
-- "ip.proto" table, calls the stock mipv6 dissector first (its tree stays
-- exactly as it was), then adds a "PMIPv6 extensions" tree of its own.
-- The IPv6 dissector has already walked any extension headers, so a
-- Mobility Header behind them is found too, on any link type.
--
-- What it decodes (Documentation/wireshark.md; layouts from the codec in
-- user/mh, whose .c files carry the byte diagrams, and user/mh/LAYOUTS.md
-- for the RFC section each one is read from):
--   * MH type 11 (Experimental, RFC 5096) as our localized-routing (RO)
--     messages: RO Kind 1..10, Flags, Sequence, Status, Lifetime in
--     seconds, options at offset 16 (user/mh/mh_msg.c).
--   * MH types 19/20, UPN/UPA (RFC 7077 4.1/4.2): 6 octets of fixed data,
--     options at 12; flow-mobility reasons 8 (RFC 7864) and 9 (ours), UPA
--     statuses 131, 132 (RFC 7864) and 133 (ours).
--   * In every PBU, PBA, Binding Error, BRI/BRA, Heartbeat, RO, UPN and
--     UPA: the options
--     Mobile Node Identifier (8), Home Network Prefix (22) with the flowmob
--     draft's off-link L flag (MSB of the Reserved octet), Handoff
--     Indicator (23) including 6 (RFC 7864), IPv4 Home Address (29),
--     Binding Identifier (35) with BID-PRI (RFC 6089), Flow Summary (44),
--     Flow Identification (45) with its sub-options (RFC 6089 4.2.1, RFC
--     7109) and the RFC 6088 3.2 IPv6 binary traffic selector, and MAG
--     IPv6 Address (51, RFC 6705).  Other options are listed by type and
--     length only (the stock tree decodes them).
--
-- Robustness: every read is bounded by the captured data and by the
-- declared lengths (MH Header Len, option length, sub-option length);
-- what does not fit gets expert info instead of a Lua error.  The whole
-- decoder also runs under pcall: an unexpected error is shown as the
-- expert item pmip6.bug (which user/wireshark/check.sh treats as a
-- failure) instead of aborting the packet.

local pmip6 = Proto("pmip6", "PMIPv6 extensions (pmip6)")

-- True if the single-bit `mask` is set in `value`.  Plain arithmetic:
-- bit32 is gone in the Lua 5.3/5.4 that newer Wireshark builds use.
local function has_bit(value, mask)
	return math.floor(value / mask) % 2 == 1
end

-- ---------------------------------------------------------------------
-- Value strings
-- ---------------------------------------------------------------------

local MH_TYPE_PBU, MH_TYPE_PBA, MH_TYPE_BE = 5, 6, 7
local MH_TYPE_EXPERIMENTAL, MH_TYPE_HEARTBEAT = 11, 13
local MH_TYPE_BR, MH_TYPE_UPN, MH_TYPE_UPA = 16, 19, 20

local mh_type_names = {
	[5] = "Binding Update", [6] = "Binding Acknowledgement",
	[7] = "Binding Error",
	[11] = "Experimental Mobility Header", [13] = "Heartbeat",
	[16] = "Binding Revocation", [17] = "LRI", [18] = "LRA",
	[19] = "Update Notification (UPN)",
	[20] = "Update Notification Acknowledgement (UPA)",
	[21] = "Flow Binding",
}

-- RO Kind: first octet of our Experimental MH message (mh_msg.c).
local ro_kind_names = {
	[1] = "RO Trigger", [2] = "RO Trigger Ack",
	[3] = "RO Init", [4] = "RO Init Ack",
	[5] = "RO Setup", [6] = "RO Setup Ack",
	[7] = "RO Refresh", [8] = "RO Refresh Ack",
	[9] = "RO Request", [10] = "RO Request Ack",
}
local ro_status_names = {
	[0] = "Success",
	[128] = "Reason unspecified",
	[129] = "Denied",
	[130] = "Unknown MN (no binding for an HNP)",
}

-- IANA "Update Notification Reasons"; 9 is pmip6's own (mh.h).
local upn_reason_names = {
	[1] = "FORCE-REREGISTRATION",
	[2] = "UPDATE-SESSION-PARAMETERS",
	[3] = "VENDOR-SPECIFIC-REASON",
	[4] = "ANI-PARAMS-REQUESTED",
	[5] = "QoS reason (RFC 7222)",
	[8] = "FLOW-MOBILITY (add)",
	[9] = "FLOW-MOBILITY-REMOVE (pmip6, unassigned by IANA)",
}
-- IANA "Update Notification Acknowledgement Status"; 133 is pmip6's own.
local upa_status_names = {
	[0] = "Success",
	[128] = "FAILED-TO-UPDATE-SESSION-PARAMETERS",
	[129] = "MISSING-VENDOR-SPECIFIC-OPTION",
	[130] = "CANNOT-MEET-QOS-SERVICE-REQUEST",
	[131] = "Reason unspecified",
	[132] = "MN not attached",
	[133] = "No existing FMC entry (pmip6, unassigned by IANA)",
}

local opt_names = {
	[0] = "Pad1", [1] = "PadN", [8] = "Mobile Node Identifier",
	[22] = "Home Network Prefix", [23] = "Handoff Indicator",
	[24] = "Access Technology Type",
	[25] = "Mobile Node Link-layer Identifier",
	[26] = "Link-local Address", [27] = "Timestamp",
	[28] = "Restart Counter", [29] = "IPv4 Home Address",
	[35] = "Binding Identifier", [44] = "Flow Summary",
	[45] = "Flow Identification", [51] = "MAG IPv6 Address",
}

local mnid_subtype_names = { [1] = "NAI" }

-- RFC 5213 8.4; 6 from RFC 7864.
local hi_names = {
	[0] = "Reserved",
	[1] = "Attachment over a new interface",
	[2] = "Handoff between two different interfaces of the mobile node",
	[3] = "Handoff between mobile access gateways for the same interface",
	[4] = "Handoff state unknown",
	[5] = "Handoff state not changed (re-registration)",
	[6] = "Attachment over a new interface sharing prefixes",
}

-- RFC 6089 4.2 (IANA "Flow Identification Mobility Option Status Codes").
local fid_status_names = {
	[0] = "Flow binding successful",
	[128] = "Administratively prohibited",
	[129] = "Flow binding rejected, reason unspecified",
	[130] = "Flow identification mobility option malformed",
	[131] = "BID not found",
	[132] = "FID not found",
	[133] = "Traffic selector format not supported",
}
local fid_subopt_names = {
	[0] = "Pad1", [1] = "PadN", [2] = "BID Reference",
	[3] = "Traffic Selector", [4] = "Flow Binding Action",
	[5] = "Target Care-of Address",
}
-- RFC 7109 6.2.1 (IANA "Flow Binding Action Values").
local action_names = {
	[11] = "Add", [12] = "Delete", [13] = "Modify",
	[14] = "Refresh", [15] = "Move", [16] = "Revoke",
}
local ts_format_names = {
	[1] = "IPv4 binary traffic selector",
	[2] = "IPv6 binary traffic selector",
}

-- ---------------------------------------------------------------------
-- Fields
-- ---------------------------------------------------------------------

local F = {}
local function field(key, ctor, abbr, name, ...)
	F[key] = ctor("pmip6." .. abbr, name, ...)
end
local U8, U16, U32 = ProtoField.uint8, ProtoField.uint16, ProtoField.uint32
local DEC, HEX = base.DEC, base.HEX

field("mh_type", U8, "mh_type", "MH Type", DEC, mh_type_names)

field("ro_kind", U8, "ro.kind", "RO Kind", DEC, ro_kind_names)
field("ro_flags", U8, "ro.flags", "RO Flags", HEX)
field("ro_seq", U16, "ro.seq", "Sequence Number", DEC)
field("ro_status", U8, "ro.status", "Status", DEC, ro_status_names)
field("ro_reserved", U8, "ro.reserved", "Reserved", HEX)
field("ro_lifetime", U16, "ro.lifetime", "RO Lifetime (seconds)", DEC)
field("ro_reserved2", U16, "ro.reserved2", "Reserved", HEX)

field("upn_seq", U16, "upn.seq", "Sequence Number", DEC)
field("upn_reason", U16, "upn.reason", "Notification Reason", DEC,
      upn_reason_names)
field("upn_flags", U16, "upn.flags", "Flags", HEX)
field("upn_a", ProtoField.bool, "upn.a", "Acknowledgement Requested (A)",
      16, nil, 0x8000)
field("upn_d", ProtoField.bool, "upn.d", "Retransmit (D)",
      16, nil, 0x4000)
field("upn_reserved", U16, "upn.reserved", "Reserved", HEX, nil, 0x3fff)
field("upa_seq", U16, "upa.seq", "Sequence Number", DEC)
field("upa_status", U8, "upa.status", "Status", DEC, upa_status_names)
field("upa_reserved", U32, "upa.reserved", "Reserved", HEX, nil, 0x00ffffff)

field("opt_type", U8, "opt.type", "Option Type", DEC, opt_names)
field("opt_len", U8, "opt.len", "Option Length", DEC)
field("opt_data", ProtoField.bytes, "opt.data", "Option Data")

field("mnid_subtype", U8, "mnid.subtype", "Subtype", DEC, mnid_subtype_names)
field("mnid_nai", ProtoField.string, "mnid.nai", "Identifier (NAI)")
field("mnid_id", ProtoField.bytes, "mnid.id", "Identifier")

field("hnp_offlink", ProtoField.bool, "hnp.offlink",
      "Off-link (L) flag (flowmob draft)", 8, nil, 0x80)
field("hnp_reserved", U8, "hnp.reserved", "Reserved", HEX, nil, 0x7f)
field("hnp_prefix_len", U8, "hnp.prefix_len", "Prefix Length", DEC)
field("hnp_prefix", ProtoField.ipv6, "hnp.prefix", "Home Network Prefix")

field("hi_reserved", U8, "hi.reserved", "Reserved", HEX)
field("hi", U8, "hi", "Handoff Indicator", DEC, hi_names)

field("v4hoa_prefix_len", U8, "ipv4hoa.prefix_len", "Prefix Length", DEC,
      nil, 0xfc)
field("v4hoa_p", ProtoField.bool, "ipv4hoa.p", "Mobile prefix requested (P)",
      8, nil, 0x02)
field("v4hoa_addr", ProtoField.ipv4, "ipv4hoa.addr", "IPv4 Home Address")

field("bid", U16, "bid.bid", "Binding ID (BID)", DEC)
field("bid_status", U8, "bid.status", "Status", DEC)
field("bid_h", ProtoField.bool, "bid.h",
      "Simultaneous home and foreign binding (H)", 8, nil, 0x80)
field("bid_pri", U8, "bid.pri", "BID-PRI", DEC, nil, 0x7f)
field("bid_coa4", ProtoField.ipv4, "bid.coa4", "IPv4 Care-of Address")
field("bid_coa6", ProtoField.ipv6, "bid.coa6", "IPv6 Care-of Address")

field("fs_fid", U16, "flow_summary.fid", "FID", DEC)

field("fid_fid", U16, "fid.fid", "FID", DEC)
field("fid_pri", U16, "fid.pri", "FID-PRI", DEC)
field("fid_reserved", U8, "fid.reserved", "Reserved", HEX)
field("fid_status", U8, "fid.status", "Status", DEC, fid_status_names)
field("sub_type", U8, "fid.sub.type", "Sub-option Type", DEC,
      fid_subopt_names)
field("sub_len", U8, "fid.sub.len", "Sub-option Length", DEC)
field("sub_data", ProtoField.bytes, "fid.sub.data", "Sub-option Data")
field("bid_ref", U16, "fid.bid_ref", "BID Reference", DEC)
field("action_reserved", U8, "fid.action_reserved", "Reserved", HEX)
field("action", U8, "fid.action", "Flow Binding Action", DEC, action_names)

field("ts_format", U8, "ts.format", "TS Format", DEC, ts_format_names)
field("ts_reserved", U8, "ts.reserved", "Reserved", HEX)
field("ts_flags", U16, "ts.flags", "Presence flags", HEX)
field("ts_flags_reserved", U16, "ts.flags_reserved", "Reserved", HEX)
field("ts_raw", ProtoField.bytes, "ts.selector", "Traffic selector")

-- RFC 6088 3.2 presence flags A..P (A = 0x8000) and their fields, in wire
-- order (Figure 2).  Widths: addresses 16, SPI 4, flow label 4, ports 2,
-- traffic class 1, next header 1.  The flow label fields are 32 bits
-- whose first 8 the receiver ignores (3.2, (G)): the value is the low 24.
local ts6_fields = {
	{ "A", "src_addr_start", "Start Source Address", 16 },
	{ "B", "src_addr_end", "End Source Address", 16 },
	{ "C", "dst_addr_start", "Start Destination Address", 16 },
	{ "D", "dst_addr_end", "End Destination Address", 16 },
	{ "E", "spi_start", "Start IPsec SPI", 4 },
	{ "F", "spi_end", "End IPsec SPI", 4 },
	{ "G", "flow_label_start", "Start Flow Label", 4 },
	{ "H", "flow_label_end", "End Flow Label", 4 },
	{ "I", "src_port_start", "Start Source Port", 2 },
	{ "J", "src_port_end", "End Source Port", 2 },
	{ "K", "dst_port_start", "Start Destination Port", 2 },
	{ "L", "dst_port_end", "End Destination Port", 2 },
	{ "M", "tc_start", "Start Traffic Class", 1 },
	{ "N", "tc_end", "End Traffic Class", 1 },
	{ "O", "nh_start", "Start Next Header", 1 },
	{ "P", "nh_end", "End Next Header", 1 },
}
for i, t in ipairs(ts6_fields) do
	local letter, key, name, width = t[1], t[2], t[3], t[4]
	local mask = math.floor(2 ^ (16 - i))
	t.mask = mask
	field("flag_" .. key, ProtoField.bool, "ts.flag." .. letter:lower(),
	      "(" .. letter .. ") " .. name .. " present", 16, nil, mask)
	if width == 16 then
		field(key, ProtoField.ipv6, "ts." .. key, name)
	elseif key:find("flow_label") then
		field(key, U32, "ts." .. key, name, HEX, nil, 0x00ffffff)
	elseif width == 4 then
		field(key, U32, "ts." .. key, name, HEX)
	elseif width == 2 then
		field(key, U16, "ts." .. key, name, DEC)
	elseif key:find("nh_") then
		field(key, U8, "ts." .. key, name, DEC)
	else
		field(key, U8, "ts." .. key, name, HEX)
	end
end

field("rc", U32, "rc", "Restart Counter", DEC)

field("mag_reserved", U8, "mag.reserved", "Reserved", HEX)
field("mag_addr_len", U8, "mag.addr_len", "Address Length", DEC)
field("mag_addr", ProtoField.ipv6, "mag.addr", "MAG IPv6 Address")

local fields = {}
for _, f in pairs(F) do
	fields[#fields + 1] = f
end
pmip6.fields = fields

local E = {
	malformed = ProtoExpert.new("pmip6.malformed",
		"Malformed PMIPv6 data", expert.group.MALFORMED,
		expert.severity.ERROR),
	short_capture = ProtoExpert.new("pmip6.short_capture",
		"Captured data ends before the declared length",
		expert.group.UNDECODED, expert.severity.WARN),
	unknown = ProtoExpert.new("pmip6.unknown", "Unknown value",
		expert.group.PROTOCOL, expert.severity.WARN),
	private = ProtoExpert.new("pmip6.private",
		"pmip6 private code point (not assigned by IANA)",
		expert.group.PROTOCOL, expert.severity.NOTE),
	bug = ProtoExpert.new("pmip6.bug", "pmip6.lua internal error",
		expert.group.MALFORMED, expert.severity.ERROR),
}
pmip6.experts = { E.malformed, E.short_capture, E.unknown, E.private,
		  E.bug }

pmip6.prefs.ro = Pref.bool("Decode MH type 11 as localized routing", true,
	"Decode the Experimental Mobility Header (MH type 11) as pmip6's "
	.. "localized-routing messages")

-- ---------------------------------------------------------------------
-- Bounded reading
-- ---------------------------------------------------------------------

-- `v` is a view of one Mobility Header: v.tvb, v.cap (octets captured)
-- and v.stop (where the message ends by its Header Len, clipped to the
-- packet; it may lie beyond v.cap in a cut capture).  fits() is true when
-- n octets at off lie below `limit` (a declared end) and were captured.
local function fits(v, off, n, limit)
	return off >= 0 and n >= 0 and off + n <= limit and off + n <= v.cap
end

local function u8(v, off) return v.tvb(off, 1):uint() end
local function u16(v, off) return v.tvb(off, 2):uint() end

-- Text for a tree label: no control characters, valid UTF-8 (the
-- caller reads with ENC_UTF_8, which replaces invalid sequences).
local function printable(s)
	return (s:gsub("%c", "."))
end

local function name_of(tab, value)
	return tab[value] or ("Unknown (" .. value .. ")")
end

-- Expert item for `n` octets at `off` that do not fit below `limit`: a
-- short capture if the declared data goes on past what was captured,
-- malformed otherwise.  The item points at what is there.
local function overrun(v, tree, off, n, limit, what)
	local have = math.min(limit, v.cap) - off
	local range = nil
	if have > 0 and off >= 0 and off < v.cap then
		range = v.tvb(off, have)
	end
	if off + n <= limit and limit > v.cap then
		tree:add_proto_expert_info(E.short_capture,
			what .. ": captured data ends at offset " .. v.cap)
	elseif range then
		tree:add_tvb_expert_info(E.malformed, range,
			what .. ": needs " .. n .. " octets, " .. have .. " left")
	else
		tree:add_proto_expert_info(E.malformed,
			what .. ": needs " .. n .. " octets, none left")
	end
end

-- ---------------------------------------------------------------------
-- Flow Identification (RFC 6089 4.2) and the RFC 6088 3.2 selector
-- ---------------------------------------------------------------------

local function dissect_ts6(v, tree, off, stop)
	if not fits(v, off, 4, stop) then
		overrun(v, tree, off, 4, stop, "IPv6 traffic selector flags")
		return
	end
	local flags = u16(v, off)
	local ft = tree:add(F.ts_flags, v.tvb(off, 2))
	for _, t in ipairs(ts6_fields) do
		ft:add(F["flag_" .. t[2]], v.tvb(off, 2))
	end
	tree:add(F.ts_flags_reserved, v.tvb(off + 2, 2))
	off = off + 4
	for _, t in ipairs(ts6_fields) do
		if has_bit(flags, t.mask) then
			local width = t[4]
			if not fits(v, off, width, stop) then
				overrun(v, tree, off, width, stop,
					"Traffic selector field (" .. t[1] .. ") "
					.. t[3])
				return
			end
			tree:add(F[t[2]], v.tvb(off, width))
			off = off + width
		end
	end
	if off < stop and off < v.cap then
		tree:add_tvb_expert_info(E.malformed,
			v.tvb(off, math.min(stop, v.cap) - off),
			"Octets after the last traffic selector field")
	end
end

local function dissect_fid_subopts(v, tree, off, stop)
	while off < stop do
		if off >= v.cap then
			overrun(v, tree, off, 1, stop, "Sub-option")
			return
		end
		local stype = u8(v, off)
		if stype == 0 then
			local st = tree:add(v.tvb(off, 1), "Sub-option: Pad1")
			st:add(F.sub_type, v.tvb(off, 1))
			off = off + 1
		elseif not fits(v, off, 2, stop) then
			overrun(v, tree, off, 2, stop, "Sub-option header")
			return
		else
			local slen = u8(v, off + 1)
			local total = 2 + slen
			local shown = math.min(total, math.min(stop, v.cap) - off)
			local st = tree:add(v.tvb(off, shown), "Sub-option: "
				.. name_of(fid_subopt_names, stype))
			st:add(F.sub_type, v.tvb(off, 1))
			st:add(F.sub_len, v.tvb(off + 1, 1))
			if not fits(v, off, total, stop) then
				overrun(v, st, off, total, stop, "Sub-option "
					.. name_of(fid_subopt_names, stype))
				return
			end
			local d, dstop = off + 2, off + total
			if stype == 2 then
				-- BID Reference: one or more 16-bit BIDs.
				if slen == 0 or slen % 2 ~= 0 then
					st:add_proto_expert_info(E.malformed,
						"BID Reference length must be 2n, n >= 1")
				end
				local refs = {}
				for p = d, dstop - 2, 2 do
					st:add(F.bid_ref, v.tvb(p, 2))
					refs[#refs + 1] = u16(v, p)
				end
				st:append_text(": " .. table.concat(refs, ", "))
			elseif stype == 3 then
				-- Traffic Selector: TS Format, Reserved, selector.
				if slen < 2 then
					st:add_proto_expert_info(E.malformed,
						"Traffic Selector shorter than 2 octets")
				else
					local fmt = u8(v, d)
					st:add(F.ts_format, v.tvb(d, 1))
					st:add(F.ts_reserved, v.tvb(d + 1, 1))
					st:append_text(": " .. name_of(ts_format_names, fmt))
					if fmt == 2 then
						dissect_ts6(v, st, d + 2, dstop)
					elseif slen > 2 then
						st:add(F.ts_raw, v.tvb(d + 2, slen - 2))
					end
				end
			elseif stype == 4 then
				-- Flow Binding Action (RFC 7109 6.2.1): Reserved,
				-- then the 8-bit Action.
				if slen ~= 2 then
					st:add_proto_expert_info(E.malformed,
						"Flow Binding Action length must be 2")
				else
					local a = u8(v, d + 1)
					st:add(F.action_reserved, v.tvb(d, 1))
					st:add(F.action, v.tvb(d + 1, 1))
					st:append_text(": " .. name_of(action_names, a))
					if not action_names[a] then
						st:add_proto_expert_info(E.unknown,
							"Unknown flow binding action " .. a)
					end
				end
			elseif slen > 0 then
				st:add(F.sub_data, v.tvb(d, slen))
			end
			off = off + total
		end
	end
end

-- ---------------------------------------------------------------------
-- Options
-- ---------------------------------------------------------------------

local function want_len(ot, len, ok, what)
	if not ok then
		ot:add_proto_expert_info(E.malformed, what .. " with option length "
			.. len)
		return false
	end
	return true
end

-- Option data at d (len octets, all captured); `st` is the message state
-- (HNP counter and the MH type, for the RO labels).
local function dissect_option(v, ot, otype, d, len, st)
	local tvb = v.tvb
	if otype == 8 then
		-- RFC 4283 3: Subtype (8), Identifier.
		if not want_len(ot, len, len >= 1, "MN Identifier") then return end
		local sub = u8(v, d)
		ot:add(F.mnid_subtype, tvb(d, 1))
		if len > 1 then
			if sub == 1 then
				ot:add(F.mnid_nai, tvb(d + 1, len - 1))
				ot:append_text(": " .. printable(tvb(d + 1,
					math.min(len - 1, 64)):string(ENC_UTF_8)))
			else
				ot:add(F.mnid_id, tvb(d + 1, len - 1))
			end
		end
	elseif otype == 22 then
		-- RFC 5213 8.3: Reserved (L = MSB, RFC 7864 4.1),
		-- Prefix Length, Prefix (128).
		if not want_len(ot, len, len == 18, "Home Network Prefix") then
			return
		end
		local flags, plen = u8(v, d), u8(v, d + 1)
		ot:add(F.hnp_offlink, tvb(d, 1))
		ot:add(F.hnp_reserved, tvb(d, 1))
		ot:add(F.hnp_prefix_len, tvb(d + 1, 1))
		ot:add(F.hnp_prefix, tvb(d + 2, 16))
		st.hnps = st.hnps + 1
		local label = ""
		if st.mh_type == MH_TYPE_EXPERIMENTAL then
			label = st.hnps == 1 and " (source MN)" or
				st.hnps == 2 and " (destination MN)" or ""
		end
		ot:append_text(": " .. tostring(tvb(d + 2, 16):ipv6()) .. "/"
			.. plen .. (has_bit(flags, 0x80) and " off-link (L)"
			or "") .. label)
		if plen > 128 then
			ot:add_proto_expert_info(E.malformed,
				"Prefix Length " .. plen .. " > 128")
		end
	elseif otype == 23 then
		-- RFC 5213 8.4: Reserved, HI.
		if not want_len(ot, len, len == 2, "Handoff Indicator") then
			return
		end
		ot:add(F.hi_reserved, tvb(d, 1))
		ot:add(F.hi, tvb(d + 1, 1))
		ot:append_text(": " .. name_of(hi_names, u8(v, d + 1)))
	elseif otype == 28 then
		-- RFC 5847 3.4, Figure 3: Restart Counter (32).
		if not want_len(ot, len, len == 4, "Restart Counter") then
			return
		end
		ot:add(F.rc, tvb(d, 4))
		ot:append_text(": " .. tvb(d, 4):uint())
	elseif otype == 29 then
		-- RFC 5555 3.1.1: Prefix-len (6), P, Reserved (9), address.
		if not want_len(ot, len, len == 6, "IPv4 Home Address") then
			return
		end
		ot:add(F.v4hoa_prefix_len, tvb(d, 1))
		ot:add(F.v4hoa_p, tvb(d, 1))
		ot:add(F.v4hoa_addr, tvb(d + 2, 4))
		ot:append_text(": " .. tostring(tvb(d + 2, 4):ipv4()) .. "/"
			.. math.floor(u8(v, d) / 4))
	elseif otype == 35 then
		-- RFC 5648 4.3 + RFC 6089 4.1: BID, Status, H + BID-PRI, CoA.
		if not want_len(ot, len, len == 4 or len == 8 or len == 20,
				"Binding Identifier") then
			return
		end
		ot:add(F.bid, tvb(d, 2))
		ot:add(F.bid_status, tvb(d + 2, 1))
		ot:add(F.bid_h, tvb(d + 3, 1))
		ot:add(F.bid_pri, tvb(d + 3, 1))
		if len == 8 then
			ot:add(F.bid_coa4, tvb(d + 4, 4))
		elseif len == 20 then
			ot:add(F.bid_coa6, tvb(d + 4, 16))
		end
		ot:append_text(": BID " .. u16(v, d))
	elseif otype == 44 then
		-- RFC 6089 4.2.2: one or more FIDs.
		if not want_len(ot, len, len >= 2 and len % 2 == 0,
				"Flow Summary") then
			return
		end
		local fids = {}
		for p = d, d + len - 2, 2 do
			ot:add(F.fs_fid, tvb(p, 2))
			fids[#fids + 1] = u16(v, p)
		end
		ot:append_text(": FID " .. table.concat(fids, ", "))
	elseif otype == 45 then
		-- RFC 6089 4.2: FID, FID-PRI, Reserved, Status, sub-options.
		if not want_len(ot, len, len >= 6, "Flow Identification") then
			return
		end
		ot:add(F.fid_fid, tvb(d, 2))
		ot:add(F.fid_pri, tvb(d + 2, 2))
		ot:add(F.fid_reserved, tvb(d + 4, 1))
		ot:add(F.fid_status, tvb(d + 5, 1))
		ot:append_text(": FID " .. u16(v, d) .. ", "
			.. name_of(fid_status_names, u8(v, d + 5)))
		dissect_fid_subopts(v, ot, d + 6, d + len)
	elseif otype == 51 then
		-- RFC 6705 11.1: Reserved, Address Length, Address (128).
		if not want_len(ot, len, len == 18, "MAG IPv6 Address") then
			return
		end
		ot:add(F.mag_reserved, tvb(d, 1))
		ot:add(F.mag_addr_len, tvb(d + 1, 1))
		ot:add(F.mag_addr, tvb(d + 2, 16))
		ot:append_text(": " .. tostring(tvb(d + 2, 16):ipv6()))
	elseif otype ~= 1 and len > 0 then
		ot:add(F.opt_data, tvb(d, len))
	end
end

local function dissect_options(v, tree, off, st)
	local stop = v.stop
	while off < stop do
		if off >= v.cap then
			overrun(v, tree, off, 1, stop, "Mobility option")
			return
		end
		local otype = u8(v, off)
		if otype == 0 then
			local ot = tree:add(v.tvb(off, 1), "Option: Pad1")
			ot:add(F.opt_type, v.tvb(off, 1))
			off = off + 1
		elseif not fits(v, off, 2, stop) then
			overrun(v, tree, off, 2, stop, "Mobility option header")
			return
		else
			local len = u8(v, off + 1)
			local shown = math.min(2 + len, math.min(stop, v.cap) - off)
			local ot = tree:add(v.tvb(off, shown), "Option: "
				.. name_of(opt_names, otype))
			ot:add(F.opt_type, v.tvb(off, 1))
			ot:add(F.opt_len, v.tvb(off + 1, 1))
			if not fits(v, off, 2 + len, stop) then
				overrun(v, ot, off, 2 + len, stop, "Option "
					.. name_of(opt_names, otype))
				return
			end
			dissect_option(v, ot, otype, off + 2, len, st)
			off = off + 2 + len
		end
	end
end

-- ---------------------------------------------------------------------
-- Messages
-- ---------------------------------------------------------------------

-- Fixed part of the RO message (mh_msg.c): kind at 6, options at 16.
local function dissect_ro(v, tree, pinfo)
	if not fits(v, 6, 10, v.stop) then
		overrun(v, tree, 6, 10, v.stop, "RO message fixed part")
		return nil
	end
	local tvb = v.tvb
	local kind = u8(v, 6)
	local ki = tree:add(F.ro_kind, tvb(6, 1))
	tree:add(F.ro_flags, tvb(7, 1))
	tree:add(F.ro_seq, tvb(8, 2))
	tree:add(F.ro_status, tvb(10, 1))
	tree:add(F.ro_reserved, tvb(11, 1))
	tree:add(F.ro_lifetime, tvb(12, 2))
	tree:add(F.ro_reserved2, tvb(14, 2))
	local name = name_of(ro_kind_names, kind)
	if not ro_kind_names[kind] then
		ki:add_proto_expert_info(E.unknown, "RO Kind " .. kind
			.. " is not 1..10")
	end
	local status = u8(v, 10)
	local info = name .. " seq=" .. u16(v, 8)
	if kind % 2 == 0 and ro_kind_names[kind] then
		info = info .. " status=" .. name_of(ro_status_names, status)
	end
	info = info .. " lifetime=" .. u16(v, 12) .. "s"
	tree:append_text(": " .. name)
	pinfo.cols.protocol:set("PMIPv6")
	pinfo.cols.info:set(info)
	return 16
end

-- UPN (RFC 7077 4.1, Figure 3): Sequence (16), Notification Reason (16),
-- A|D + 14 reserved bits.
local function dissect_upn(v, tree, pinfo)
	if not fits(v, 6, 6, v.stop) then
		overrun(v, tree, 6, 6, v.stop, "UPN fixed part")
		return nil
	end
	local tvb = v.tvb
	local reason, flags = u16(v, 8), u16(v, 10)
	tree:add(F.upn_seq, tvb(6, 2))
	local ri = tree:add(F.upn_reason, tvb(8, 2))
	local fi = tree:add(F.upn_flags, tvb(10, 2))
	fi:add(F.upn_a, tvb(10, 2))
	fi:add(F.upn_d, tvb(10, 2))
	fi:add(F.upn_reserved, tvb(10, 2))
	if reason == 9 then
		ri:add_proto_expert_info(E.private)
	elseif not upn_reason_names[reason] then
		ri:add_proto_expert_info(E.unknown, "Unknown notification reason "
			.. reason)
	end
	local what = "Update Notification"
	if reason == 8 or reason == 9 then what = what .. " (FMI)" end
	local info = what .. " seq=" .. u16(v, 6) .. " reason="
		.. name_of(upn_reason_names, reason)
	if has_bit(flags, 0x8000) then info = info .. " A" end
	if has_bit(flags, 0x4000) then info = info .. " D" end
	tree:append_text(": UPN " .. name_of(upn_reason_names, reason))
	pinfo.cols.protocol:set("PMIPv6")
	pinfo.cols.info:set(info)
	return 12
end

-- UPA (RFC 7077 4.2): Sequence, Status, 24 reserved bits.
local function dissect_upa(v, tree, pinfo)
	if not fits(v, 6, 6, v.stop) then
		overrun(v, tree, 6, 6, v.stop, "UPA fixed part")
		return nil
	end
	local tvb = v.tvb
	local status = u8(v, 8)
	tree:add(F.upa_seq, tvb(6, 2))
	local si = tree:add(F.upa_status, tvb(8, 1))
	tree:add(F.upa_reserved, tvb(8, 4))
	if status == 133 then
		si:add_proto_expert_info(E.private)
	elseif not upa_status_names[status] then
		si:add_proto_expert_info(E.unknown, "Unknown UPA status " .. status)
	end
	tree:append_text(": UPA " .. name_of(upa_status_names, status))
	pinfo.cols.protocol:set("PMIPv6")
	pinfo.cols.info:set("Update Notification Ack (FMA) seq=" .. u16(v, 6)
		.. " status=" .. name_of(upa_status_names, status))
	return 12
end

-- Where the options start in the messages the stock tree decodes.
local options_at = {
	[MH_TYPE_PBU] = 12, [MH_TYPE_PBA] = 12, [MH_TYPE_BR] = 12,
	-- RFC 6275 6.1.9: Status, Reserved, Home Address; none defined.
	[MH_TYPE_BE] = 24,
	[MH_TYPE_HEARTBEAT] = 12,
}

local function dissect_mh(tvb, pinfo, tree)
	local cap = tvb:len()
	if cap < 3 then
		return
	end
	local mh_type = tvb(2, 1):uint()
	local ours = mh_type == MH_TYPE_UPN or mh_type == MH_TYPE_UPA or
		(mh_type == MH_TYPE_EXPERIMENTAL and pmip6.prefs.ro)
	if not ours and not options_at[mh_type] then
		return
	end

	-- Header Len counts 8-octet units after the first 8 (RFC 6275 6.1.1).
	local declared = (tvb(1, 1):uint() + 1) * 8
	local v = { tvb = tvb, cap = cap, stop = declared }
	local root = tree:add(pmip6, tvb(0, math.min(declared, cap)))
	root:add(F.mh_type, tvb(2, 1))
	if declared > tvb:reported_len() then
		root:add_tvb_expert_info(E.malformed, tvb(1, 1),
			"Header Len says " .. declared .. " octets, the packet has "
			.. tvb:reported_len())
		v.stop = tvb:reported_len()
	elseif declared > cap then
		root:add_proto_expert_info(E.short_capture, "Mobility Header of "
			.. declared .. " octets, " .. cap .. " captured")
	end

	local at
	if mh_type == MH_TYPE_EXPERIMENTAL then
		at = dissect_ro(v, root, pinfo)
	elseif mh_type == MH_TYPE_UPN then
		at = dissect_upn(v, root, pinfo)
	elseif mh_type == MH_TYPE_UPA then
		at = dissect_upa(v, root, pinfo)
	else
		at = options_at[mh_type]
		root:append_text(": options of the "
			.. name_of(mh_type_names, mh_type))
	end
	if at then
		dissect_options(v, root, at, { hnps = 0, mh_type = mh_type })
	end
end

-- ---------------------------------------------------------------------
-- Registration
-- ---------------------------------------------------------------------

local ip_proto = DissectorTable.get("ip.proto")
local stock = ip_proto:get_dissector(135) or Dissector.get("mip6")

function pmip6.dissector(tvb, pinfo, tree)
	-- The stock tree first.  Dissector.call (Wireshark 4.0) turns the
	-- stock dissector's "malformed" exceptions (ReportedBoundsError) into
	-- a Lua error, caught by the pcall, after the stock tree has shown
	-- them.  It does not catch BoundsError, raised when a packet was cut
	-- by the capture's snap length: that one would unwind through the
	-- Lua state and break it.  So a cut packet is handed to the stock
	-- dissector as a buffer that ends where the capture ends (its
	-- reported length = captured length): the stock tree then says
	-- "Malformed Packet" where it would have said the packet was cut
	-- short, and this tree says which.
	if stock then
		local whole = tvb
		if tvb:len() < tvb:reported_len() and tvb:len() > 0 then
			whole = tvb:range(0, tvb:len()):tvb()
		end
		pcall(function() stock:call(whole, pinfo, tree) end)
	end
	local ok, err = pcall(dissect_mh, tvb, pinfo, tree)
	if not ok then
		tree:add_proto_expert_info(E.bug, "pmip6.lua internal error: "
			.. tostring(err))
	end
	return tvb:len()
end

ip_proto:add(135, pmip6)
