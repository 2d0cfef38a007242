// SPDX-License-Identifier: GPL-2.0
/*
 * mh_msg.c - Mobility Header and message fixed fields.
 *
 * Mobility Header (RFC 6275 6.1.1):
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * .                         Message Data                          .
 *
 * Payload Proto is 59; Header Len counts 8-octet units after the first 8,
 * so the whole MH is a multiple of 8 octets.  Message Data is the fixed
 * part drawn below for each message (offsets from the start of the MH),
 * followed by mobility options up to the end.
 *
 * PBU, MH type 5 (RFC 5213 8.1; flags RFC 6275 6.1.7 + IANA):
 *  6: | Sequence # (16)              |A|H|L|K|M|R|P|F|T|B|S|D| Rsvd  |
 * 10: | Lifetime (16, 4 s units)     | options at 12 ...
 *
 * PBA, MH type 6 (RFC 5213 8.2):
 *  6: | Status (8)    |K|R|P|T|B|S|D|-| Sequence # (16)              |
 * 10: | Lifetime (16, 4 s units)     | options at 12 ...
 *
 * Binding Revocation, MH type 16 (RFC 5846 5.1 BRI, 5.2 BRA):
 *  6: | B.R. Type (8) | Trigger/Status| Sequence # (16)              |
 * 10: |P|V|G|       Reserved (13)    | options at 12 ...
 *     B.R. Type 1 = Indication (Revocation Trigger), 2 = Ack (Status).
 *
 * Update Notification, MH type 19 (RFC 7077 4.1, Figure 3):
 *  6: | Sequence # (16)              | Notification Reason (16)     |
 * 10: |A|D|       Reserved (14)      |  options at 12 ...
 *     A = 0x8000, D = 0x4000 of the 16-bit word at 10.
 *
 * Update Notification Ack, MH type 20 (RFC 7077 4.2, Figure 4):
 *  6: | Sequence # (16)              | Status (8)    | Reserved (24) |
 * 10: |  Reserved (cont.)            |  options at 12 ...
 *
 * Both messages have 6 octets of fixed data, so options start at 12 as in
 * PBU/PBA/BRI.  (Until 2026-11 this codec used 4 octets and put options
 * at 10; that was recalled from memory and is corrected here.)
 *
 * Heartbeat, MH type 13 (RFC 5847 3.3, Figure 2):
 *  6: |         Reserved (14)     |U|R|
 *  8: | Sequence Number (32)                                         |
 * 12: options ...: the Restart Counter (RFC 5847 3.4, mh_opt.c), only
 *     in a response (R = 1).
 *     U = 0x02, R = 0x01 of octet 7 (the low bits of the Reserved
 *     field); octet 6 is Reserved, sent as 0 and ignored.  R 0: a
 *     request, 1: a response; U 1: an unsolicited response, sent by a
 *     node that restarted and lost its sessions (RFC 5847 3.2).
 *
 * Localized routing (draft-loureiro-netext-pmipv6-ro-02 section 5 leaves
 * the formats "t.b.d."; this is ours).  Carried in the Experimental
 * Mobility Header, MH type 11 (RFC 5096), whose Message Data is ours to
 * define:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Payload Proto |  Header Len   | MH Type = 11  |   Reserved    |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |   RO Kind     |    Flags      |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Sequence #           |    Status     |   Reserved    |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     RO Lifetime (seconds)     |          Reserved             | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Mobility options ...                      16
 *
 *   RO Kind   1 Trigger, 2 Trigger Ack (LMA-LMA); 3 Init, 4 Init Ack
 *             (LMA-MAG); 5 Setup, 6 Setup Ack (MAG-MAG); 7 Refresh,
 *             8 Refresh Ack (MAG-LMA); 9 Request, 10 Request Ack (MAG-LMA,
 *             draft section 7).  Anything else is rejected.
 *   Flags     none defined: sent as 0, kept as received.
 *   Sequence  matches an Ack to its request, as in RFC 5213.
 *   Status    in the *_Ack kinds: 0 success, >= 128 failure
 *             (MH_RO_STATUS_*); 0 in the others.
 *   Lifetime  of the localized routing state, in seconds (as RFC 6705's
 *             LRI/LRA), 0 = delete the state.
 *   Options   start 8-octet aligned at offset 16: Home Network Prefix
 *             options, the source MN's first and the destination MN's
 *             second (at most 2); MAG IPv6 Address (51, at most 1) for the
 *             draft's MAG-ADDR (the source MN's MAG in Trigger and Init,
 *             the destination MN's MAG in Setup); IPv4 Home Address (29,
 *             at most 2, source first) for the draft's section 6.
 *
 * MH types 17/18 are avoided on purpose: they are RFC 6705's LRI/LRA
 * with other semantics.
 *
 * Provenance (details: LAYOUTS.md): every layout above but the RO one
 * is read from the RFC text in shared/rfc, at the section named beside
 * it; the flag bits beyond those RFCs from the IANA registries.
 * PBU, PBA, BRI, BRA, Binding Error and Heartbeat as drawn here (fields, flag bits A..B
 * of the PBU and K..B of the PBA, U/R, P/V/G) are checked by an
 * independent dissector, tshark 4.0 (tshark_check.sh).  All PBU flag
 * positions A..D and PBA K..D match the IANA "Binding Update Flags" and
 * "Binding Acknowledgment Flags" registries (S: RFC 7161, D: RFC 8885).
 * Flags are kept as raw words, so unknown bits round-trip.  UPN/UPA: the
 * 6-octet fixed parts are RFC 7077 4.1 Figure 3 (Sequence, a 16-bit
 * Notification Reason, A|D + 14 reserved bits) and 4.2 Figure 4
 * (Sequence, Status, 24 reserved bits), read from the RFC text; mh_test.c
 * pins both octet by octet.  tshark 4.0 does not dissect these messages.
 */
#include "mh_internal.h"

/* Octets of fixed message data after the 6-octet MH header. */
static size_t fixed_data_len(enum mh_msg_kind kind)
{
	switch (kind) {
	case MH_MSG_PBU:
	case MH_MSG_PBA:
	case MH_MSG_BRI:
	case MH_MSG_BRA:
	case MH_MSG_HEARTBEAT:
	case MH_MSG_UPN:	/* RFC 7077 4.1 */
	case MH_MSG_UPA:	/* RFC 7077 4.2 */
		return 6;
	case MH_MSG_RO:
		return 10;
	case MH_MSG_BE:		/* RFC 6275 6.1.9 */
		return 18;
	default:
		return 0;
	}
}

enum { MH_HEADER_LEN = 6 };

uint64_t mh_timestamp(uint64_t sec, uint32_t nsec)
{
	return (sec << 16) | (((uint64_t)nsec << 16) / 1000000000u);
}

uint8_t mh_msg_kind_type(enum mh_msg_kind kind)
{
	switch (kind) {
	case MH_MSG_PBU: return MH_TYPE_BINDING_UPDATE;
	case MH_MSG_PBA: return MH_TYPE_BINDING_ACK;
	case MH_MSG_BRI:
	case MH_MSG_BRA: return MH_TYPE_BINDING_REVOCATION;
	case MH_MSG_UPN: return MH_TYPE_UPDATE_NOTIFICATION;
	case MH_MSG_UPA: return MH_TYPE_UPDATE_NOTIFICATION_ACK;
	case MH_MSG_HEARTBEAT: return MH_TYPE_HEARTBEAT;
	case MH_MSG_RO: return MH_TYPE_EXPERIMENTAL;
	case MH_MSG_BE: return MH_TYPE_BINDING_ERROR;
	default: return 0;
	}
}

bool mh_ro_kind_is_ack(uint8_t kind)
{
	return kind >= MH_RO_TRIGGER && kind <= MH_RO_KIND_MAX &&
	       kind % 2 == 0;
}

void mh_msg_init(struct mh_msg *msg, enum mh_msg_kind kind)
{
	memset(msg, 0, sizeof(*msg));
	msg->kind = kind;
}

/* ------------------------------------------------------------------ */
/* Decode                                                             */
/* ------------------------------------------------------------------ */

/* Map MH Type (+ B.R. Type) to a kind; MH_MSG_NONE if unknown. */
static enum mh_msg_kind kind_of(uint8_t mh_type)
{
	switch (mh_type) {
	case MH_TYPE_BINDING_UPDATE: return MH_MSG_PBU;
	case MH_TYPE_BINDING_ACK: return MH_MSG_PBA;
	case MH_TYPE_BINDING_REVOCATION: return MH_MSG_BRI; /* or BRA */
	case MH_TYPE_UPDATE_NOTIFICATION: return MH_MSG_UPN;
	case MH_TYPE_UPDATE_NOTIFICATION_ACK: return MH_MSG_UPA;
	case MH_TYPE_HEARTBEAT: return MH_MSG_HEARTBEAT;
	case MH_TYPE_EXPERIMENTAL: return MH_MSG_RO;
	case MH_TYPE_BINDING_ERROR: return MH_MSG_BE;
	default: return MH_MSG_NONE;
	}
}

static enum mh_result fail(struct mh_decode_report *report, size_t at,
			   enum mh_result result)
{
	report->error_offset = at;
	return result;
}

/* Fixed fields of the message starting at d = mh + 6. */
static enum mh_result decode_fixed(struct mh_msg *msg, const uint8_t *d,
				   struct mh_decode_report *report)
{
	switch (msg->kind) {
	case MH_MSG_PBU:
		msg->pbu.sequence = get_be16(d);
		msg->pbu.flags = get_be16(d + 2);
		msg->pbu.lifetime_units = get_be16(d + 4);
		return MH_OK;
	case MH_MSG_PBA:
		msg->pba.status = d[0];
		msg->pba.flags = d[1];
		msg->pba.sequence = get_be16(d + 2);
		msg->pba.lifetime_units = get_be16(d + 4);
		return MH_OK;
	case MH_MSG_BRI:	/* BRI or BRA: the B.R. Type decides */
		if (d[0] == MH_BR_TYPE_BRI) {
			msg->bri.trigger = d[1];
			msg->bri.sequence = get_be16(d + 2);
			msg->bri.flags = get_be16(d + 4);
		} else if (d[0] == MH_BR_TYPE_BRA) {
			msg->kind = MH_MSG_BRA;
			msg->bra.status = d[1];
			msg->bra.sequence = get_be16(d + 2);
			msg->bra.flags = get_be16(d + 4);
		} else {
			return fail(report, MH_HEADER_LEN, MH_ERR_BAD_BR_TYPE);
		}
		return MH_OK;
	case MH_MSG_UPN:
		/* RFC 7077 4.1, Figure 3: Sequence (16), Notification
		 * Reason (16), A|D + 14 reserved bits (kept as a raw word,
		 * like the other messages' flags). */
		msg->upn.sequence = get_be16(d);
		msg->upn.reason = get_be16(d + 2);
		msg->upn.flags = get_be16(d + 4);
		return MH_OK;
	case MH_MSG_UPA:
		/* RFC 7077 4.2: Sequence, Status, 24 reserved bits. */
		msg->upa.sequence = get_be16(d);
		msg->upa.status = d[2];
		return MH_OK;
	case MH_MSG_HEARTBEAT:
		/* d[0] is Reserved; d[1] holds U and R in its low bits. */
		msg->heartbeat.flags = d[1];
		msg->heartbeat.sequence = get_be32(d + 2);
		return MH_OK;
	case MH_MSG_RO:
		if (d[0] < MH_RO_TRIGGER || d[0] > MH_RO_KIND_MAX)
			return fail(report, MH_HEADER_LEN, MH_ERR_BAD_RO_KIND);
		msg->ro.kind = d[0];
		msg->ro.flags = d[1];
		msg->ro.sequence = get_be16(d + 2);
		msg->ro.status = d[4];
		/* d[5] Reserved */
		msg->ro.lifetime_seconds = get_be16(d + 6);
		/* d[8..9] Reserved */
		return MH_OK;
	case MH_MSG_BE:
		/* RFC 6275 6.1.9: d[1] Reserved, ignored by the receiver. */
		msg->be.status = d[0];
		memcpy(msg->be.home_addr, d + 2, 16);
		return MH_OK;
	default:
		return fail(report, 2, MH_ERR_UNKNOWN_MH_TYPE);
	}
}

enum mh_result mh_decode(const uint8_t *buf, size_t len, unsigned flags,
			 struct mh_msg *msg, struct mh_decode_report *report)
{
	struct mh_decode_report scratch;
	size_t declared;
	enum mh_result res;

	if (!report)
		report = &scratch;
	memset(report, 0, sizeof(*report));
	report->error_option_type = -1;
	mh_msg_init(msg, MH_MSG_NONE);

	if (len >= 3)
		report->mh_type = buf[2];
	if (len < MH_MIN_LEN)
		return fail(report, len, MH_ERR_TRUNCATED);
	if (buf[0] != MH_PAYLOAD_PROTO_NONE)
		return fail(report, 0, MH_ERR_PAYLOAD_PROTO);
	declared = ((size_t)buf[1] + 1) * 8;
	if (declared > len)
		return fail(report, 1, MH_ERR_HEADER_LEN_EXCEEDS_BUFFER);
	if (declared < len) {
		if (!(flags & MH_DECODE_ALLOW_TRAILING))
			return fail(report, declared,
				    MH_ERR_HEADER_LEN_SHORT_OF_BUFFER);
		report->trailing_bytes = len - declared;
	}
	report->checksum = get_be16(buf + 4);

	msg->kind = kind_of(buf[2]);
	if (msg->kind == MH_MSG_NONE)
		return fail(report, 2, MH_ERR_UNKNOWN_MH_TYPE);
	if (declared < MH_HEADER_LEN + fixed_data_len(msg->kind))
		return fail(report, declared, MH_ERR_MESSAGE_TOO_SHORT);

	res = decode_fixed(msg, buf + MH_HEADER_LEN, report);
	if (res != MH_OK)
		return res;
	return mh_options_decode(buf,
				 MH_HEADER_LEN + fixed_data_len(msg->kind),
				 declared, msg, report);
}

/* ------------------------------------------------------------------ */
/* Encode                                                             */
/* ------------------------------------------------------------------ */

static enum mh_result encode_fixed(struct mh_writer *w,
				   const struct mh_msg *msg)
{
	switch (msg->kind) {
	case MH_MSG_PBU:
		put_be16(w, msg->pbu.sequence);
		put_be16(w, msg->pbu.flags);
		put_be16(w, msg->pbu.lifetime_units);
		return MH_OK;
	case MH_MSG_PBA:
		put_u8(w, msg->pba.status);
		put_u8(w, msg->pba.flags);
		put_be16(w, msg->pba.sequence);
		put_be16(w, msg->pba.lifetime_units);
		return MH_OK;
	case MH_MSG_BRI:
		put_u8(w, MH_BR_TYPE_BRI);
		put_u8(w, msg->bri.trigger);
		put_be16(w, msg->bri.sequence);
		put_be16(w, msg->bri.flags);
		return MH_OK;
	case MH_MSG_BRA:
		put_u8(w, MH_BR_TYPE_BRA);
		put_u8(w, msg->bra.status);
		put_be16(w, msg->bra.sequence);
		put_be16(w, msg->bra.flags);
		return MH_OK;
	case MH_MSG_UPN:	/* RFC 7077 4.1, Figure 3 */
		put_be16(w, msg->upn.sequence);
		put_be16(w, msg->upn.reason);
		put_be16(w, msg->upn.flags);	/* A|D + 14 reserved */
		return MH_OK;
	case MH_MSG_UPA:	/* RFC 7077 4.2 */
		put_be16(w, msg->upa.sequence);
		put_u8(w, msg->upa.status);
		put_u8(w, 0);		/* Reserved (24) */
		put_be16(w, 0);
		return MH_OK;
	case MH_MSG_HEARTBEAT:
		put_u8(w, 0);
		put_u8(w, msg->heartbeat.flags);
		put_be32(w, msg->heartbeat.sequence);
		return MH_OK;
	case MH_MSG_RO:
		if (msg->ro.kind < MH_RO_TRIGGER ||
		    msg->ro.kind > MH_RO_KIND_MAX)
			return MH_ERR_BAD_RO_KIND;
		put_u8(w, msg->ro.kind);
		put_u8(w, msg->ro.flags);
		put_be16(w, msg->ro.sequence);
		put_u8(w, msg->ro.status);
		put_u8(w, 0);
		put_be16(w, msg->ro.lifetime_seconds);
		put_be16(w, 0);
		return MH_OK;
	case MH_MSG_BE:		/* RFC 6275 6.1.9 */
		put_u8(w, msg->be.status);
		put_u8(w, 0);		/* Reserved */
		put_bytes(w, msg->be.home_addr, 16);
		return MH_OK;
	default:
		return MH_ERR_INVALID_ARGUMENT;
	}
}

enum mh_result mh_encode(const struct mh_msg *msg, uint8_t *buf, size_t cap,
			 size_t *out_len)
{
	struct mh_writer w = { .buf = buf, .cap = cap, .off = 0 };
	uint8_t mh_type = mh_msg_kind_type(msg->kind);
	enum mh_result res;

	*out_len = 0;
	if (mh_type == 0)
		return MH_ERR_INVALID_ARGUMENT;

	put_u8(&w, MH_PAYLOAD_PROTO_NONE);
	put_u8(&w, 0);		/* Header Len, patched below */
	put_u8(&w, mh_type);
	put_u8(&w, 0);		/* Reserved */
	put_be16(&w, 0);	/* Checksum: kernel or mh_checksum_fill() */

	res = encode_fixed(&w, msg);
	if (res != MH_OK)
		return res;
	res = mh_options_encode(&w, msg);
	if (res != MH_OK)
		return res;
	mh_put_padding(&w, 8, 0);	/* RFC 6275 6.1.1: multiple of 8 */

	if (w.off > MH_MAX_LEN)
		return MH_ERR_TOO_LONG;
	if (w.off > cap)
		return MH_ERR_NO_SPACE;
	patch_u8(&w, 1, (uint8_t)(w.off / 8 - 1));
	*out_len = w.off;
	return MH_OK;
}
