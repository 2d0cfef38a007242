// SPDX-License-Identifier: GPL-2.0
/*
 * mh_opt.c - mobility options (RFC 6275 6.2 and the PMIPv6 extensions).
 *
 * Every option but Pad1 is a TLV (RFC 6275 6.2.1):
 *
 *  0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 * |  Option Type  | Option Length |   Option Data...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *
 * Option Length counts the data only.  Pad1 is the single octet 0; PadN
 * is type 1 with Length N-2 and N-2 zero octets (RFC 6275 6.2.2, 6.2.3).  The
 * receiver skips options it does not understand (RFC 6275 6.2.1).
 *
 * Alignment requirements (xn+y, offsets from the start of the MH), as
 * used by the encoder; the decoder accepts any alignment and only counts
 * misaligned options and sub-options (mh_decode_report), since alignment
 * is the sender's duty (RFC 6275 6.2: the receiver must still parse).
 * Each rule is read from the RFC text in ../../shared/rfc/, except where
 * marked "RFC 5555" (not among those texts: from that RFC as quoted by
 * independent implementations, see LAYOUTS.md):
 *
 *   MN Identifier (8)        none    RFC 4283 3 ("does not have any
 *                                    alignment requirements")
 *   Home Network Prefix (22) 8n+4    RFC 5213 8.3 (prefix at 8n+8)
 *   Handoff Indicator (23)   none    RFC 5213 8.4
 *   Access Tech Type (24)    none    RFC 5213 8.5
 *   MN Link-layer ID (25)    2n      RFC 5213 8.6 says only "aligned
 *                                    appropriately, as per mobility option
 *                                    alignment requirements"; 2n puts its
 *                                    16-bit Reserved on a natural boundary
 *   Link-local Address (26)  8n+6    RFC 5213 8.7 (address at 8n+8)
 *   Timestamp (27)           8n+2    RFC 5213 8.8
 *   Restart Counter (28)     4n+2    RFC 5847 3.4 (counter at 4n+4)
 *   IPv4 Home Address (29)   4n      RFC 5555 3.1.1 (address at 4n+4);
 *                                    that RFC's text is not in shared/rfc
 *   Binding Identifier (35)  2n      RFC 5648 4.3, without a care-of
 *                            8n+2    address; with one (IPv4 or IPv6),
 *                                    so that it starts at 8n+8
 *   Flow Summary (44)        2n      RFC 6089 4.2.2
 *   Flow Identification (45) 2n      RFC 6089 4.2
 *   MAG IPv6 Address (51)    8n+4    RFC 6705 11.1 (address at 8n+8)
 *
 * Flow Identification sub-options (RFC 6089 4.2.1: aligned "so that
 * multi-octet values within the sub-option Data field of each sub-option
 * fall on natural boundaries", counted from the start of the header, as
 * options are), padded with the Pad1/PadN sub-options (4.2.1.1/4.2.1.2),
 * which have the shape of RFC 6275's Pad1 (6.2.2) and PadN (6.2.3):
 *
 *   BID Reference (2)        2n      RFC 6089 4.2.1.3
 *   Traffic Selector (3)     format 2, RFC 6088 3.2: 8n if any of the
 *                            flags A-D is set, else 4n if any of E-H,
 *                            else 2n if any of I-L, else none (M-P);
 *                            format 1, RFC 6088 3.1: 4n if any of A-F,
 *                            else 2n if any of G-J, else none (K-N)
 *   Flow Binding Action (4)  none    RFC 7109 6.2.1 (two 8-bit fields)
 */
#include "mh_internal.h"

/* ------------------------------------------------------------------ */
/* Rules                                                              */
/* ------------------------------------------------------------------ */

struct alignment {
	unsigned n, rest;
};

static struct alignment option_alignment(uint8_t type)
{
	switch (type) {
	case MH_OPT_HNP:
	case MH_OPT_MAG_IPV6_ADDR:
		return (struct alignment){ 8, 4 };
	case MH_OPT_LINK_LOCAL_ADDR:
		return (struct alignment){ 8, 6 };
	case MH_OPT_TIMESTAMP:
		return (struct alignment){ 8, 2 };
	case MH_OPT_RESTART_COUNTER:
		return (struct alignment){ 4, 2 };
	case MH_OPT_IPV4_HOA:
		return (struct alignment){ 4, 0 };
	case MH_OPT_MN_LL_ID:
	case MH_OPT_BINDING_ID:
	case MH_OPT_FLOW_SUMMARY:
	case MH_OPT_FLOW_ID:
		return (struct alignment){ 2, 0 };
	default:
		return (struct alignment){ 1, 0 };
	}
}

/*
 * RFC 5648 4.3: "an alignment requirement of 2n if the Care-of Address
 * field is not present.  Otherwise, it has the alignment requirement of
 * 8n + 2."  data_len is the option's Length (4, 8 or 20).
 */
static struct alignment binding_id_alignment(size_t data_len)
{
	return data_len > 4 ? (struct alignment){ 8, 2 } :
			      (struct alignment){ 2, 0 };
}

/* The alignment of an option as it is on the wire (Length known). */
static struct alignment wire_alignment(uint8_t type, uint8_t len)
{
	if (type == MH_OPT_BINDING_ID)
		return binding_id_alignment(len);
	return option_alignment(type);
}

/*
 * Traffic Selector sub-option alignment from its presence flags (the
 * first 16 bits of the selector, A = 0x8000): RFC 6088 3.2 for the IPv6
 * binary format, 3.1 for the IPv4 one; no rule for other formats.
 */
static struct alignment ts_alignment(uint8_t format, uint16_t flags)
{
	if (format == MH_TS_FORMAT_IPV6_BINARY) {
		if (flags & 0xf000u)		/* A B C D: addresses */
			return (struct alignment){ 8, 0 };
		if (flags & 0x0f00u)		/* E F G H: SPI, flow label */
			return (struct alignment){ 4, 0 };
		if (flags & 0x00f0u)		/* I J K L: ports */
			return (struct alignment){ 2, 0 };
	} else if (format == MH_TS_FORMAT_IPV4_BINARY) {
		if (flags & 0xfc00u)		/* A-F: addresses, SPI */
			return (struct alignment){ 4, 0 };
		if (flags & 0x03c0u)		/* G H I J: ports */
			return (struct alignment){ 2, 0 };
	}
	return (struct alignment){ 1, 0 };
}

/* The flags of a selector carried raw (format 1 or unknown), 0 if it is
 * too short to have them. */
static uint16_t raw_ts_flags(const struct mh_ts *ts)
{
	return ts->raw.len >= 2 ? get_be16(ts->raw.bytes) : 0;
}

static bool is_known_option(uint8_t type)
{
	switch (type) {
	case MH_OPT_MN_ID:
	case MH_OPT_HNP:
	case MH_OPT_HANDOFF_INDICATOR:
	case MH_OPT_ACCESS_TECH_TYPE:
	case MH_OPT_MN_LL_ID:
	case MH_OPT_LINK_LOCAL_ADDR:
	case MH_OPT_TIMESTAMP:
	case MH_OPT_RESTART_COUNTER:
	case MH_OPT_IPV4_HOA:
	case MH_OPT_BINDING_ID:
	case MH_OPT_FLOW_SUMMARY:
	case MH_OPT_FLOW_ID:
	case MH_OPT_MAG_IPV6_ADDR:
		return true;
	default:
		return false;
	}
}

/* Options carried at most once per message; flagged in opts->present. */
#define SINGLETON_OPTIONS                                                     \
	(mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |    \
	 mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) | mh_opt_bit(MH_OPT_MN_LL_ID) |  \
	 mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR) | mh_opt_bit(MH_OPT_TIMESTAMP) |  \
	 mh_opt_bit(MH_OPT_RESTART_COUNTER) |                                 \
	 mh_opt_bit(MH_OPT_FLOW_SUMMARY) | mh_opt_bit(MH_OPT_MAG_IPV6_ADDR))

/*
 * Which known options each message may carry.  Sources: RFC 5213 8.1/8.2
 * (PBU/PBA) with RFC 5648/6089 (BID, FID, Flow Summary) and the flowmob
 * draft; RFC 5846 5.1/5.2 (BRI/BRA); RFC 7077 4.1/4.2 and the flowmob
 * draft 4.2/4.3 (UPN/UPA); RFC 5847 (Heartbeat: none defined); RFC
 * 6275 6.1.9 (Binding Error: none defined, all skipped on receipt); our RO
 * layout (mh_msg.c).  Unknown option types are never "not allowed": they
 * are skipped.
 */
static uint64_t allowed_options(enum mh_msg_kind kind)
{
	const uint64_t binding = mh_opt_bit(MH_OPT_MN_ID) |
		mh_opt_bit(MH_OPT_HNP) | mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
		mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) |
		mh_opt_bit(MH_OPT_MN_LL_ID) |
		mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR) |
		mh_opt_bit(MH_OPT_TIMESTAMP) | mh_opt_bit(MH_OPT_BINDING_ID) |
		mh_opt_bit(MH_OPT_FLOW_ID) | mh_opt_bit(MH_OPT_FLOW_SUMMARY);

	switch (kind) {
	case MH_MSG_PBU:
	case MH_MSG_PBA:
		return binding;
	case MH_MSG_BRI:
		/* RFC 5846 5.1; the IPv4 HoA only with V set and P clear
		 * (allowed_in()). */
		return mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HNP) |
		       mh_opt_bit(MH_OPT_BINDING_ID) |
		       mh_opt_bit(MH_OPT_IPV4_HOA);
	case MH_MSG_BRA:
		/* RFC 5846 5.2: HNP, MN-ID and BID "are valid". */
		return mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HNP) |
		       mh_opt_bit(MH_OPT_BINDING_ID);
	case MH_MSG_UPN:
	case MH_MSG_UPA:
		return mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HNP) |
		       mh_opt_bit(MH_OPT_BINDING_ID) |
		       mh_opt_bit(MH_OPT_FLOW_ID) |
		       mh_opt_bit(MH_OPT_FLOW_SUMMARY);
	case MH_MSG_RO:
		return mh_opt_bit(MH_OPT_HNP) |
		       mh_opt_bit(MH_OPT_MAG_IPV6_ADDR) |
		       mh_opt_bit(MH_OPT_IPV4_HOA);
	case MH_MSG_HEARTBEAT:
		return mh_opt_bit(MH_OPT_RESTART_COUNTER);
	default:
		return 0;
	}
}

/*
 * What this very message may carry: RFC 5847 3.4, "The Restart Counter
 * mobility option is only valid in a Heartbeat Response message", so a
 * request (R = 0) carrying one is refused like any option out of place.
 * RFC 5846 5.1: the IPv4 Home Address option "MUST only be included when
 * the IPv4 HoA Binding only (V) bit is set and the (P) bit is cleared"
 * (with P, it is the IPv4 Home Address Request option of RFC 5844).  A
 * BRI that breaks this is not "formatted as in Section 5.1" (6.2.1), and
 * the RFC names no status for it: it is dropped, and a dropped BRI gets
 * no BRA (6.1.2).
 */
static uint64_t allowed_in(const struct mh_msg *msg)
{
	uint64_t allowed = allowed_options(msg->kind);

	if (msg->kind == MH_MSG_HEARTBEAT &&
	    !(msg->heartbeat.flags & MH_HEARTBEAT_FLAG_R))
		allowed &= ~mh_opt_bit(MH_OPT_RESTART_COUNTER);
	if (msg->kind == MH_MSG_BRI &&
	    (msg->bri.flags & (MH_BR_FLAG_V | MH_BR_FLAG_P)) != MH_BR_FLAG_V)
		allowed &= ~mh_opt_bit(MH_OPT_IPV4_HOA);
	return allowed;
}

/* Capacity for repeated options in this kind of message. */
static unsigned max_instances(enum mh_msg_kind kind, uint8_t type)
{
	switch (type) {
	case MH_OPT_HNP:
		return kind == MH_MSG_RO ? MH_MAX_RO_HNP : MH_MAX_HNP;
	case MH_OPT_BINDING_ID:
		return MH_MAX_BID;
	case MH_OPT_FLOW_ID:
		return MH_MAX_FID;
	case MH_OPT_IPV4_HOA:
		return kind == MH_MSG_RO ? MH_MAX_IPV4_HOA : 1;
	default:
		return 1;
	}
}

bool mh_options_has(const struct mh_options *opts, enum mh_opt_type type)
{
	switch (type) {
	case MH_OPT_HNP:
		return opts->hnp_count > 0;
	case MH_OPT_BINDING_ID:
		return opts->bid_count > 0;
	case MH_OPT_FLOW_ID:
		return opts->fid_count > 0;
	case MH_OPT_IPV4_HOA:
		return opts->ipv4_hoa_count > 0;
	default:
		if ((unsigned)type >= 64)
			return false;
		return (opts->present & SINGLETON_OPTIONS &
			mh_opt_bit(type)) != 0;
	}
}

/* ------------------------------------------------------------------ */
/* Decode                                                             */
/* ------------------------------------------------------------------ */

/* Where decoding failed: filled in by the option decoders. */
struct failure {
	size_t at;		/* absolute offset in the MH */
};

static enum mh_result fail_at(struct failure *f, size_t at,
			      enum mh_result result)
{
	f->at = at;
	return result;
}

/*
 * Flow Identification option (RFC 6089 4.2, Figure 2):
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Option Type  | Option Length |              FID              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            FID-PRI            |   Reserved    |    Status     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Sub-options (optional) ...
 *
 * FID 0 and FID-PRI 0 are reserved (4.2): decoded as they are, the
 * daemon drops such an option (user/lib/flowbind.h).
 *
 * Sub-options are TLVs like options (4.2.1, Figure 3: Sub-Opt Type,
 * Sub-Opt Len counting the data), Pad1 being the single octet 0
 * (4.2.1.1); unknown types are skipped ("MUST silently ignore").
 *   BID Reference (2, 4.2.1.3, Figure 4): one or more BIDs (16 each),
 *                        "Number of BIDs = Sub-Opt Len/2", so Length is
 *                        2n, n >= 1.  "A node MUST NOT include more than
 *                        one": several are still accumulated on receipt;
 *                        the encoder emits all BIDs in a single one.
 *   Traffic Selector (3, 4.2.1.4, Figure 5): TS Format (8), Reserved (8),
 *                        selector (RFC 6088 3.1 / 3.2).
 *   Flow Binding Action (4, RFC 7109 6.2.1, Figure 5): Reserved, Action
 *                        (Length 2).  The figure draws the boundary one
 *                        bit off (7 and 9 bits); the text says "Action
 *                        ... is a 8-bit field", so Reserved is the first
 *                        octet.  Values 11-16 (6.2.1).  A body longer
 *                        than 2 is rejected.
 *   Others (Target CoA 5, RFC 7109 6.2.2, ...): skipped and counted.
 *
 * What the decoder accepts re-encodes (the fuzzer checks decode/encode
 * round trips), which is why the lengths above are not more lenient;
 * only the alignment padding the encoder adds can make a re-encoded
 * option too long (encode_flow_id()).
 */
static enum mh_result decode_flow_id(const uint8_t *mh, size_t at, uint8_t len,
				     struct mh_flow_id *fid,
				     struct mh_decode_report *report,
				     struct failure *f)
{
	const uint8_t *data = mh + at + 2;
	size_t off = 6;

	if (len < 6)
		return fail_at(f, at + 1, MH_ERR_OPTION_BAD_LENGTH);
	fid->fid = get_be16(data);
	fid->priority = get_be16(data + 2);
	fid->status = data[5];

	while (off < len) {
		size_t sub_at = at + 2 + off;
		uint8_t sub_type = data[off];
		uint8_t sub_len;
		const uint8_t *sub;

		if (sub_type == MH_FID_SUBOPT_PAD1) {
			off++;
			continue;
		}
		if (len - off < 2)
			return fail_at(f, sub_at, MH_ERR_SUBOPTION_TRUNCATED);
		sub_len = data[off + 1];
		if (len - off - 2 < sub_len)
			return fail_at(f, sub_at + 1,
				       MH_ERR_SUBOPTION_TRUNCATED);
		sub = data + off + 2;

		switch (sub_type) {
		case MH_FID_SUBOPT_PADN:
			break;
		case MH_FID_SUBOPT_BID_REF:
			/* RFC 6089 4.2.1.3: one or more 16-bit BIDs; 2n. */
			if (sub_len == 0 || sub_len % 2 != 0)
				return fail_at(f, sub_at + 1,
					       MH_ERR_SUBOPTION_BAD_LENGTH);
			if (sub_at % 2 != 0)
				report->misaligned_suboption_count++;
			for (size_t i = 0; i < sub_len; i += 2) {
				if (fid->bid_ref_count >= MH_MAX_FID_BID_REFS)
					return fail_at(f, sub_at + 2 + i,
						MH_ERR_SUBOPTION_TOO_MANY);
				fid->bid_refs[fid->bid_ref_count++] =
					get_be16(sub + i);
			}
			break;
		case MH_FID_SUBOPT_TS: {
			struct alignment align;
			enum mh_result res;
			size_t bad_at = 0;

			if (fid->has_ts)
				return fail_at(f, sub_at,
					       MH_ERR_SUBOPTION_TOO_MANY);
			if (sub_len < 2)
				return fail_at(f, sub_at + 1,
					       MH_ERR_SUBOPTION_BAD_LENGTH);
			fid->has_ts = true;
			fid->ts.format = sub[0];
			/* sub[1] is Reserved. */
			if (fid->ts.format == MH_TS_FORMAT_IPV6_BINARY) {
				res = mh_ts_ipv6_decode(sub + 2,
							(size_t)sub_len - 2,
							&fid->ts.ipv6, &bad_at);
				if (res != MH_OK)
					return fail_at(f, sub_at + 4 + bad_at,
						       res);
				align = ts_alignment(fid->ts.format,
						     fid->ts.ipv6.present);
			} else {
				fid->ts.raw.len = (uint8_t)(sub_len - 2);
				memcpy(fid->ts.raw.bytes, sub + 2,
				       fid->ts.raw.len);
				align = ts_alignment(fid->ts.format,
						     raw_ts_flags(&fid->ts));
			}
			if (sub_at % align.n != align.rest)
				report->misaligned_suboption_count++;
			break;
		}
		case MH_FID_SUBOPT_FLOW_BINDING_ACTION:
			/* RFC 7109 6.2.1: Reserved (8), Action (8). */
			if (fid->has_action)
				return fail_at(f, sub_at,
					       MH_ERR_SUBOPTION_TOO_MANY);
			if (sub_len != 2)
				return fail_at(f, sub_at + 1,
					       MH_ERR_SUBOPTION_BAD_LENGTH);
			fid->has_action = true;
			fid->action = sub[1];
			break;
		default:
			report->unknown_suboption_count++;
			break;
		}
		off += 2 + (size_t)sub_len;
	}
	return MH_OK;
}

static bool padn_is_zero(const uint8_t *data, uint8_t len)
{
	for (unsigned i = 0; i < len; i++)
		if (data[i] != 0)
			return false;
	return true;
}

/* Decode one known option whose TLV starts at mh[at]. */
static enum mh_result decode_option(const uint8_t *mh, size_t at,
				    enum mh_msg_kind kind,
				    struct mh_options *opts,
				    struct mh_decode_report *report,
				    struct failure *f)
{
	const uint8_t type = mh[at];
	const uint8_t len = mh[at + 1];
	const uint8_t *data = mh + at + 2;
	const size_t len_at = at + 1;

	if (SINGLETON_OPTIONS & mh_opt_bit((enum mh_opt_type)type)) {
		if (opts->present & mh_opt_bit((enum mh_opt_type)type))
			return fail_at(f, at, MH_ERR_OPTION_TOO_MANY);
		opts->present |= mh_opt_bit((enum mh_opt_type)type);
	}

	switch (type) {
	case MH_OPT_MN_ID:
		/* RFC 4283 3: Subtype (8), Identifier (variable). */
		if (len < 1)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		opts->mn_id.subtype = data[0];
		opts->mn_id.len = (uint8_t)(len - 1);
		memcpy(opts->mn_id.id, data + 1, opts->mn_id.len);
		return MH_OK;

	case MH_OPT_HNP: {
		/* RFC 5213 8.3: Reserved (8; L flag = MSB, RFC 7864
		 * 4.1), Prefix Length (8), Home Network Prefix (128). */
		struct mh_hnp *hnp;

		if (len != 18)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		if (opts->hnp_count >= max_instances(kind, type))
			return fail_at(f, at, MH_ERR_OPTION_TOO_MANY);
		if (data[1] > 128)
			return fail_at(f, at + 3, MH_ERR_OPTION_BAD_VALUE);
		hnp = &opts->hnp[opts->hnp_count++];
		hnp->off_link = (data[0] & MH_HNP_FLAG_OFF_LINK) != 0;
		hnp->prefix_len = data[1];
		memcpy(hnp->prefix, data + 2, 16);
		return MH_OK;
	}

	case MH_OPT_HANDOFF_INDICATOR:
		/* RFC 5213 8.4: Reserved (8), HI (8). */
		if (len != 2)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		opts->handoff_indicator = data[1];
		return MH_OK;

	case MH_OPT_ACCESS_TECH_TYPE:
		/* RFC 5213 8.5: Reserved (8), ATT (8). */
		if (len != 2)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		opts->access_tech_type = data[1];
		return MH_OK;

	case MH_OPT_MN_LL_ID:
		/* RFC 5213 8.6: Reserved (16), Link-layer Identifier. */
		if (len < 2)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		opts->mn_ll_id.len = (uint8_t)(len - 2);
		memcpy(opts->mn_ll_id.id, data + 2, opts->mn_ll_id.len);
		return MH_OK;

	case MH_OPT_LINK_LOCAL_ADDR:
		/* RFC 5213 8.7: Link-local Address (128). */
		if (len != 16)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		memcpy(opts->link_local_addr, data, 16);
		return MH_OK;

	case MH_OPT_TIMESTAMP:
		/* RFC 5213 8.8: 48-bit seconds since 1970 + 16-bit
		 * fraction of a second. */
		if (len != 8)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		opts->timestamp = get_be64(data);
		return MH_OK;

	case MH_OPT_RESTART_COUNTER:
		/* RFC 5847 3.4: Restart Counter (32); Length "is set to
		 * 4". */
		if (len != 4)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		opts->restart_counter = get_be32(data);
		return MH_OK;

	case MH_OPT_IPV4_HOA: {
		/* RFC 5555 3.1.1: Prefix-len (6), P (1), Reserved (9),
		 * IPv4 home address (32). */
		struct mh_ipv4_hoa *hoa;

		if (len != 6)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		if (opts->ipv4_hoa_count >= max_instances(kind, type))
			return fail_at(f, at, MH_ERR_OPTION_TOO_MANY);
		/* Prefix-len 0 is reserved ("invalid and MUST be considered
		 * an error", RFC 5555 3.1.1), with no status named for it:
		 * the message is dropped. */
		if ((data[0] >> 2) > 32 || (data[0] >> 2) == 0)
			return fail_at(f, at + 2, MH_ERR_OPTION_BAD_VALUE);
		hoa = &opts->ipv4_hoa[opts->ipv4_hoa_count++];
		hoa->prefix_len = (uint8_t)(data[0] >> 2);
		hoa->p_flag = (data[0] & 0x02) != 0;
		memcpy(hoa->addr, data + 2, 4);
		return MH_OK;
	}

	case MH_OPT_BINDING_ID: {
		/* RFC 5648 4.3: BID (16), Status (8), H (1) + BID-PRI (7,
		 * RFC 6089), then no CoA, an IPv4 CoA or an IPv6 CoA. */
		struct mh_binding_id *bid;

		if (len != 4 && len != 8 && len != 20)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		if (opts->bid_count >= max_instances(kind, type))
			return fail_at(f, at, MH_ERR_OPTION_TOO_MANY);
		bid = &opts->bid[opts->bid_count++];
		bid->bid = get_be16(data);
		bid->status = data[2];
		bid->h_flag = (data[3] & 0x80) != 0;
		bid->priority = data[3] & 0x7f;
		bid->coa_len = (uint8_t)(len - 4);
		memcpy(bid->coa, data + 4, bid->coa_len);
		return MH_OK;
	}

	case MH_OPT_FLOW_SUMMARY: {
		/* RFC 6089 4.2.2: one or more FIDs (16 each). */
		const size_t first_extra_fid = 2 * (size_t)MH_MAX_FLOW_SUMMARY;

		if (len < 2 || len % 2 != 0)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		if (len > first_extra_fid)
			return fail_at(f, at + 2 + first_extra_fid,
				       MH_ERR_OPTION_TOO_MANY);
		opts->flow_summary_count = (uint8_t)(len / 2);
		for (size_t i = 0; i < opts->flow_summary_count; i++)
			opts->flow_summary[i] = get_be16(data + 2 * i);
		return MH_OK;
	}

	case MH_OPT_FLOW_ID:
		if (opts->fid_count >= max_instances(kind, type))
			return fail_at(f, at, MH_ERR_OPTION_TOO_MANY);
		return decode_flow_id(mh, at, len,
				      &opts->fid[opts->fid_count++], report,
				      f);

	case MH_OPT_MAG_IPV6_ADDR:
		/* RFC 6705: Reserved (8), Address Length (8), Address. */
		if (len != 18)
			return fail_at(f, len_at, MH_ERR_OPTION_BAD_LENGTH);
		if (data[1] > 128)
			return fail_at(f, at + 3, MH_ERR_OPTION_BAD_VALUE);
		opts->mag_addr_len = data[1];
		memcpy(opts->mag_addr, data + 2, 16);
		return MH_OK;

	default:
		/* Not reached: callers pass known types only. */
		return fail_at(f, at, MH_ERR_OPTION_NOT_ALLOWED);
	}
}

enum mh_result mh_options_decode(const uint8_t *mh, size_t begin, size_t end,
				 struct mh_msg *msg,
				 struct mh_decode_report *report)
{
	const enum mh_msg_kind kind = msg->kind;
	struct mh_options *opts = &msg->opts;
	const uint64_t allowed = allowed_in(msg);
	struct failure f = { 0 };
	size_t at = begin;

	while (at < end) {
		const uint8_t type = mh[at];
		uint8_t len;
		enum mh_result res;
		struct alignment align;

		if (type == MH_OPT_PAD1) {
			at++;
			continue;
		}
		report->error_option_type = type;
		if (end - at < 2) {
			report->error_offset = at;
			return MH_ERR_OPTION_TRUNCATED;
		}
		len = mh[at + 1];
		if (end - at - 2 < len) {
			report->error_offset = at + 1;
			return MH_ERR_OPTION_TRUNCATED;
		}

		if (type == MH_OPT_PADN) {
			/* RFC 6275 6.2.3: PadN data is ignored by the
			 * receiver, so non-zero data is noted, not fatal. */
			if (!padn_is_zero(mh + at + 2, len))
				report->nonzero_padn_count++;
		} else if (!is_known_option(type) || kind == MH_MSG_BE) {
			/* RFC 6275 6.2.1: skip options not understood; RFC
			 * 6275 6.1.9 defines none for a Binding Error, so
			 * there every option is one. */
			if (report->unknown_option_count <
			    MH_MAX_UNKNOWN_RECORDED)
				report->unknown_option_types
					[report->unknown_option_count] = type;
			report->unknown_option_count++;
		} else {
			if (!(allowed & mh_opt_bit((enum mh_opt_type)type))) {
				report->error_offset = at;
				return MH_ERR_OPTION_NOT_ALLOWED;
			}
			align = wire_alignment(type, len);
			if (at % align.n != align.rest)
				report->misaligned_option_count++;
			res = decode_option(mh, at, kind, opts, report, &f);
			if (res != MH_OK) {
				report->error_offset = f.at;
				return res;
			}
		}
		at += 2 + (size_t)len;
	}
	report->error_option_type = -1;
	return MH_OK;
}

/* ------------------------------------------------------------------ */
/* Encode                                                             */
/* ------------------------------------------------------------------ */

void mh_put_padding(struct mh_writer *w, unsigned align_n, unsigned align_rest)
{
	size_t need = (align_rest + align_n - w->off % align_n) % align_n;

	if (need == 1) {
		put_u8(w, MH_OPT_PAD1);
	} else if (need >= 2) {
		put_u8(w, MH_OPT_PADN);
		put_u8(w, (uint8_t)(need - 2));
		put_zeros(w, need - 2);
	}
}

/* Start an option at `align`: pad, write Type and a placeholder Length;
 * returns the offset of the Length octet for end_option(). */
static size_t begin_aligned_option(struct mh_writer *w, uint8_t type,
				   struct alignment align)
{
	size_t len_at;

	mh_put_padding(w, align.n, align.rest);
	put_u8(w, type);
	len_at = w->off;
	put_u8(w, 0);
	return len_at;
}

static size_t begin_option(struct mh_writer *w, uint8_t type)
{
	return begin_aligned_option(w, type, option_alignment(type));
}

static enum mh_result end_option(struct mh_writer *w, size_t len_at)
{
	size_t len = w->off - len_at - 1;

	if (len > 255)
		return MH_ERR_INVALID_ARGUMENT;
	patch_u8(w, len_at, (uint8_t)len);
	return MH_OK;
}

/*
 * Pad before a Flow Identification sub-option (RFC 6089 4.2.1).  The Pad1
 * and PadN sub-options (4.2.1.1, 4.2.1.2) are the option ones of RFC 6275
 * 6.2.2/6.2.3 in shape and type numbers (0, 1), so the same writer serves.
 * PadN gets Sub-Opt Len N - 2 for N octets: the length rule of every
 * sub-option (4.2.1, "not including the Sub-Opt Type and Sub-Opt Length
 * fields"), which 4.2.1.2's "contains the value N" contradicts.
 */
static size_t pad_suboption(struct mh_writer *w, struct alignment align)
{
	size_t before = w->off;

	mh_put_padding(w, align.n, align.rest);
	return w->off - before;
}

static enum mh_result encode_flow_id(struct mh_writer *w,
				     const struct mh_flow_id *fid)
{
	size_t len_at, padding = 0, len;

	if (fid->bid_ref_count > MH_MAX_FID_BID_REFS)
		return MH_ERR_SUBOPTION_TOO_MANY;
	/* RFC 6089 4.2, Figure 2. */
	len_at = begin_option(w, MH_OPT_FLOW_ID);
	put_be16(w, fid->fid);
	put_be16(w, fid->priority);
	put_u8(w, 0);		/* Reserved */
	put_u8(w, fid->status);
	if (fid->bid_ref_count > 0) {
		/* RFC 6089 4.2.1.3: all BIDs in one BID Reference, 2n. */
		padding += pad_suboption(w, (struct alignment){ 2, 0 });
		put_u8(w, MH_FID_SUBOPT_BID_REF);
		put_u8(w, (uint8_t)(2 * fid->bid_ref_count));
		for (unsigned i = 0; i < fid->bid_ref_count; i++)
			put_be16(w, fid->bid_refs[i]);
	}
	if (fid->has_ts) {
		/* RFC 6089 4.2.1.4, Figure 5; aligned per RFC 6088 3.1/3.2. */
		if (fid->ts.format == MH_TS_FORMAT_IPV6_BINARY) {
			size_t ts_len = mh_ts_ipv6_encoded_len(&fid->ts.ipv6);

			padding += pad_suboption(w,
					ts_alignment(fid->ts.format,
						     fid->ts.ipv6.present));
			put_u8(w, MH_FID_SUBOPT_TS);
			put_u8(w, (uint8_t)(2 + ts_len));
			put_u8(w, fid->ts.format);
			put_u8(w, 0);	/* Reserved */
			mh_ts_ipv6_encode(w, &fid->ts.ipv6);
		} else {
			if (fid->ts.raw.len > MH_TS_RAW_MAX)
				return MH_ERR_INVALID_ARGUMENT;
			padding += pad_suboption(w,
					ts_alignment(fid->ts.format,
						     raw_ts_flags(&fid->ts)));
			put_u8(w, MH_FID_SUBOPT_TS);
			put_u8(w, (uint8_t)(2 + fid->ts.raw.len));
			put_u8(w, fid->ts.format);
			put_u8(w, 0);	/* Reserved */
			put_bytes(w, fid->ts.raw.bytes, fid->ts.raw.len);
		}
	}
	if (fid->has_action) {
		/* RFC 7109 6.2.1, Figure 5: Reserved (8), Action (8); no
		 * alignment requirement. */
		put_u8(w, MH_FID_SUBOPT_FLOW_BINDING_ACTION);
		put_u8(w, 2);
		put_u8(w, 0);	/* Reserved */
		put_u8(w, fid->action);
	}
	/*
	 * Over 255 octets only because of the alignment padding: an option
	 * decoded from a peer that packed it unaligned can be one (as a
	 * message can grow past 2048 octets, MH_ERR_TOO_LONG).
	 */
	len = w->off - len_at - 1;
	if (len > 255 && len - padding <= 255)
		return MH_ERR_TOO_LONG;
	return end_option(w, len_at);
}

/* Refuse what mh_options_decode() would refuse. */
static enum mh_result check_options(const struct mh_msg *msg)
{
	const enum mh_msg_kind kind = msg->kind;
	const struct mh_options *opts = &msg->opts;
	const uint64_t allowed = allowed_in(msg);
	const uint64_t singletons = opts->present & SINGLETON_OPTIONS;

	if (singletons & ~allowed ||
	    (opts->hnp_count && !(allowed & mh_opt_bit(MH_OPT_HNP))) ||
	    (opts->bid_count && !(allowed & mh_opt_bit(MH_OPT_BINDING_ID))) ||
	    (opts->fid_count && !(allowed & mh_opt_bit(MH_OPT_FLOW_ID))) ||
	    (opts->ipv4_hoa_count &&
	     !(allowed & mh_opt_bit(MH_OPT_IPV4_HOA))))
		return MH_ERR_OPTION_NOT_ALLOWED;

	if (opts->hnp_count > max_instances(kind, MH_OPT_HNP) ||
	    opts->bid_count > max_instances(kind, MH_OPT_BINDING_ID) ||
	    opts->fid_count > max_instances(kind, MH_OPT_FLOW_ID) ||
	    opts->ipv4_hoa_count > max_instances(kind, MH_OPT_IPV4_HOA) ||
	    opts->flow_summary_count > MH_MAX_FLOW_SUMMARY)
		return MH_ERR_OPTION_TOO_MANY;

	if (opts->mn_id.len > MH_MN_ID_MAX || opts->mn_ll_id.len > MH_LL_ID_MAX)
		return MH_ERR_INVALID_ARGUMENT;
	for (unsigned i = 0; i < opts->hnp_count; i++)
		if (opts->hnp[i].prefix_len > 128)
			return MH_ERR_INVALID_ARGUMENT;
	for (unsigned i = 0; i < opts->bid_count; i++) {
		const struct mh_binding_id *bid = &opts->bid[i];

		if (bid->priority > 0x7f ||
		    (bid->coa_len != 0 && bid->coa_len != 4 &&
		     bid->coa_len != 16))
			return MH_ERR_INVALID_ARGUMENT;
	}
	for (unsigned i = 0; i < opts->ipv4_hoa_count; i++)
		if (opts->ipv4_hoa[i].prefix_len == 0 ||
		    opts->ipv4_hoa[i].prefix_len > 32)
			return MH_ERR_INVALID_ARGUMENT;
	for (unsigned i = 0; i < opts->fid_count; i++) {
		const struct mh_flow_id *fid = &opts->fid[i];

		if (fid->has_ts && fid->ts.format == MH_TS_FORMAT_IPV6_BINARY &&
		    !mh_ts_ipv6_valid(&fid->ts.ipv6))
			return MH_ERR_INVALID_ARGUMENT;
	}
	if ((singletons & mh_opt_bit(MH_OPT_FLOW_SUMMARY)) &&
	    opts->flow_summary_count == 0)
		return MH_ERR_INVALID_ARGUMENT;
	if ((singletons & mh_opt_bit(MH_OPT_MAG_IPV6_ADDR)) &&
	    opts->mag_addr_len > 128)
		return MH_ERR_INVALID_ARGUMENT;
	return MH_OK;
}

enum mh_result mh_options_encode(struct mh_writer *w,
				 const struct mh_msg *msg)
{
	const struct mh_options *opts = &msg->opts;
	const uint64_t present = opts->present & SINGLETON_OPTIONS;
	enum mh_result res = check_options(msg);
	size_t len_at;

	if (res != MH_OK)
		return res;

	if (present & mh_opt_bit(MH_OPT_MN_ID)) {
		len_at = begin_option(w, MH_OPT_MN_ID);
		put_u8(w, opts->mn_id.subtype);
		put_bytes(w, opts->mn_id.id, opts->mn_id.len);
		end_option(w, len_at);
	}
	for (unsigned i = 0; i < opts->hnp_count; i++) {
		const struct mh_hnp *hnp = &opts->hnp[i];

		len_at = begin_option(w, MH_OPT_HNP);
		put_u8(w, hnp->off_link ? MH_HNP_FLAG_OFF_LINK : 0);
		put_u8(w, hnp->prefix_len);
		put_bytes(w, hnp->prefix, 16);
		end_option(w, len_at);
	}
	if (present & mh_opt_bit(MH_OPT_HANDOFF_INDICATOR)) {
		len_at = begin_option(w, MH_OPT_HANDOFF_INDICATOR);
		put_u8(w, 0);
		put_u8(w, opts->handoff_indicator);
		end_option(w, len_at);
	}
	if (present & mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE)) {
		len_at = begin_option(w, MH_OPT_ACCESS_TECH_TYPE);
		put_u8(w, 0);
		put_u8(w, opts->access_tech_type);
		end_option(w, len_at);
	}
	if (present & mh_opt_bit(MH_OPT_MN_LL_ID)) {
		len_at = begin_option(w, MH_OPT_MN_LL_ID);
		put_be16(w, 0);
		put_bytes(w, opts->mn_ll_id.id, opts->mn_ll_id.len);
		end_option(w, len_at);
	}
	if (present & mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR)) {
		len_at = begin_option(w, MH_OPT_LINK_LOCAL_ADDR);
		put_bytes(w, opts->link_local_addr, 16);
		end_option(w, len_at);
	}
	if (present & mh_opt_bit(MH_OPT_TIMESTAMP)) {
		len_at = begin_option(w, MH_OPT_TIMESTAMP);
		put_be64(w, opts->timestamp);
		end_option(w, len_at);
	}
	if (present & mh_opt_bit(MH_OPT_RESTART_COUNTER)) {
		len_at = begin_option(w, MH_OPT_RESTART_COUNTER);
		put_be32(w, opts->restart_counter);
		end_option(w, len_at);
	}
	for (unsigned i = 0; i < opts->bid_count; i++) {
		const struct mh_binding_id *bid = &opts->bid[i];

		len_at = begin_aligned_option(w, MH_OPT_BINDING_ID,
				binding_id_alignment(4 + (size_t)bid->coa_len));
		put_be16(w, bid->bid);
		put_u8(w, bid->status);
		put_u8(w, (uint8_t)((bid->h_flag ? 0x80 : 0) |
				    (bid->priority & 0x7f)));
		put_bytes(w, bid->coa, bid->coa_len);
		end_option(w, len_at);
	}
	for (unsigned i = 0; i < opts->fid_count; i++) {
		res = encode_flow_id(w, &opts->fid[i]);
		if (res != MH_OK)
			return res;
	}
	if (present & mh_opt_bit(MH_OPT_FLOW_SUMMARY)) {
		len_at = begin_option(w, MH_OPT_FLOW_SUMMARY);
		for (unsigned i = 0; i < opts->flow_summary_count; i++)
			put_be16(w, opts->flow_summary[i]);
		end_option(w, len_at);
	}
	if (present & mh_opt_bit(MH_OPT_MAG_IPV6_ADDR)) {
		len_at = begin_option(w, MH_OPT_MAG_IPV6_ADDR);
		put_u8(w, 0);
		put_u8(w, opts->mag_addr_len);
		put_bytes(w, opts->mag_addr, 16);
		end_option(w, len_at);
	}
	for (unsigned i = 0; i < opts->ipv4_hoa_count; i++) {
		const struct mh_ipv4_hoa *hoa = &opts->ipv4_hoa[i];

		len_at = begin_option(w, MH_OPT_IPV4_HOA);
		put_u8(w, (uint8_t)(hoa->prefix_len << 2 |
				    (hoa->p_flag ? 0x02 : 0)));
		put_u8(w, 0);
		put_bytes(w, hoa->addr, 4);
		end_option(w, len_at);
	}
	return MH_OK;
}
