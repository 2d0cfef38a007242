/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mh.h - Mobility Header codec for Proxy Mobile IPv6 (pure C11 library).
 *
 * What this library is:
 *   encode and decode of the IPv6 Mobility Header (RFC 6275 6.1) and the
 *   messages and options pmipd speaks: PBU/PBA (RFC 5213 8.1/8.2),
 *   BRI/BRA (RFC 5846), UPN/UPA (RFC 7077, used as FMI/FMA by flow
 *   mobility, draft-ietf-netext-pmipv6-flowmob-10 / RFC 7864), Heartbeat
 *   (RFC 5847), Binding Error (RFC 6275 6.1.9) and the localized-routing
 *   (RO) messages of
 *   draft-loureiro-netext-pmipv6-ro-02, which we carry inside the
 *   Experimental Mobility Header (MH type 11, RFC 5096).
 *
 * What it is not: no I/O, no sockets, no globals, no allocation, no
 * printing.  Every function is reentrant.  Decoded messages are copied into
 * caller-provided structs with bounded arrays; nothing points back into the
 * input buffer, so the buffer may be reused as soon as mh_decode() returns.
 *
 * Receive policy (shared/protocol.md "Interop notes"): options that are
 * merely misaligned are accepted and counted in the report (alignment is the
 * sender's duty); PadN contents are ignored (RFC 6275 6.2.3: "PadN Option
 * data MUST be ignored by the receiver") and non-zero PadN bytes are only
 * counted; unknown option types are skipped (RFC 6275 6.2.1) and recorded in
 * the report.  Anything structurally malformed is rejected with a reason
 * (enum mh_result, mh_strerror()) and the offset of the offending byte.
 *
 * Send policy: strictly by the RFCs.  The encoder inserts Pad1/PadN so each
 * option starts at its alignment (xn+y, offsets from the start of the
 * Mobility Header) and pads the message to a multiple of 8 octets (RFC 6275
 * 6.1.1).  The checksum field is written as zero: the kernel fills it on raw
 * MH sockets; mh_checksum_fill() does it for pcap writers and tests.
 *
 * Wire layouts of every message are drawn in the .c files next to the code
 * that reads them (mh_msg.c: messages, including the RO layout; mh_opt.c:
 * options and their alignment; mh_ts.c: RFC 6088 traffic selectors), each
 * with the RFC section.  LAYOUTS.md has the table of every layout and
 * rule and the RFC section it is read from.
 *
 * Typical use (the structs are a few KiB: keep them off small stacks):
 *
 *	struct mh_msg pbu;
 *	uint8_t out[MH_MAX_LEN];
 *	size_t len;
 *
 *	mh_msg_init(&pbu, MH_MSG_PBU);
 *	pbu.pbu.sequence = seq;
 *	pbu.pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
 *	pbu.pbu.lifetime_units = lifetime_s / 4;
 *	pbu.opts.present |= mh_opt_bit(MH_OPT_MN_ID);
 *	... fill pbu.opts.mn_id, pbu.opts.hnp[pbu.opts.hnp_count++], ...
 *	if (mh_encode(&pbu, out, sizeof(out), &len) != MH_OK) ...
 *	sendto(raw_mh_socket, out, len, ...);	// kernel fills the checksum
 *
 *	struct mh_decode_report why;
 *	enum mh_result r = mh_decode(buf, n, 0, &msg, &why);
 *	if (r != MH_OK)
 *		log("drop MH from %s: %s at octet %zu", peer, mh_strerror(r),
 *		    why.error_offset);
 */
#ifndef PMIP6_MH_H
#define PMIP6_MH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* IPv6 Next Header value of the Mobility Header (RFC 6275 6.1.1). */
#define MH_IPPROTO_MH 135
/* Payload Proto must be IPPROTO_NONE (RFC 6275 6.1.1; the kernel's
 * mip6_mh_filter drops anything else). */
#define MH_PAYLOAD_PROTO_NONE 59
/* Header Len is one octet counting 8-octet units after the first 8. */
#define MH_MAX_LEN (8u + 255u * 8u)
/* Smallest Mobility Header: the 8 octets Header Len does not count. */
#define MH_MIN_LEN 8u

/* ------------------------------------------------------------------ */
/* Results                                                            */
/* ------------------------------------------------------------------ */

enum mh_result {
	MH_OK = 0,
	/* Decode: the buffer is shorter than the 8-octet minimum. */
	MH_ERR_TRUNCATED,
	/* Decode: Payload Proto is not 59. */
	MH_ERR_PAYLOAD_PROTO,
	/* Decode: (Header Len + 1) * 8 is more than the buffer holds. */
	MH_ERR_HEADER_LEN_EXCEEDS_BUFFER,
	/* Decode: the buffer holds more than (Header Len + 1) * 8 octets
	 * (accepted with MH_DECODE_ALLOW_TRAILING). */
	MH_ERR_HEADER_LEN_SHORT_OF_BUFFER,
	/* Decode: MH Type this codec does not handle, in a header that is
	 * otherwise sound (Payload Proto 59, Header Len within the buffer;
	 * report->mh_type holds the type).  Not "malformed": RFC 6275 9.2
	 * has the receiver answer it with a Binding Error, status 2, where
	 * every other decode error is dropped silently. */
	MH_ERR_UNKNOWN_MH_TYPE,
	/* Decode: the message's fixed fields do not fit in Header Len. */
	MH_ERR_MESSAGE_TOO_SHORT,
	/* Decode: Binding Revocation with a B.R. Type other than 1 or 2. */
	MH_ERR_BAD_BR_TYPE,
	/* Decode/encode: RO message kind outside 1..10. */
	MH_ERR_BAD_RO_KIND,
	/* Decode: an option's Type/Length octets or its data run past the
	 * end of the message. */
	MH_ERR_OPTION_TRUNCATED,
	/* Decode: an option's Length is not valid for its type. */
	MH_ERR_OPTION_BAD_LENGTH,
	/* Decode/encode: a known option that this message may not carry. */
	MH_ERR_OPTION_NOT_ALLOWED,
	/* Decode/encode: a singleton option repeated, or more instances than
	 * the bounded arrays (or the message's rules) allow. */
	MH_ERR_OPTION_TOO_MANY,
	/* Decode: a field value that cannot be right (prefix length > 128,
	 * IPv4 prefix length 0 or > 32, ...). */
	MH_ERR_OPTION_BAD_VALUE,
	/* Decode: a Flow Identification sub-option runs past its option. */
	MH_ERR_SUBOPTION_TRUNCATED,
	/* Decode: a sub-option Length is invalid for its type. */
	MH_ERR_SUBOPTION_BAD_LENGTH,
	/* Decode/encode: repeated TS / action sub-option, or too many BID
	 * references. */
	MH_ERR_SUBOPTION_TOO_MANY,
	/* Decode: a traffic selector is shorter than its flags imply. */
	MH_ERR_TS_TRUNCATED,
	/* Decode: a traffic selector has octets after its last field. */
	MH_ERR_TS_TRAILING,
	/* Encode: output buffer too small. */
	MH_ERR_NO_SPACE,
	/* Encode: the message would exceed MH_MAX_LEN (2048) octets, or a
	 * Flow Identification option 255 once its sub-options are aligned
	 * (one received unaligned can be re-encoded as neither). */
	MH_ERR_TOO_LONG,
	/* Encode: a field value that cannot be encoded (length over its
	 * bound, prefix length > 128, unknown message kind, ...). */
	MH_ERR_INVALID_ARGUMENT,
	MH_RESULT_COUNT
};

/* Short, stable, human-readable reason; never NULL. */
const char *mh_strerror(enum mh_result result);

/* ------------------------------------------------------------------ */
/* Message kinds, types and constants                                 */
/* ------------------------------------------------------------------ */

/* MH Type values (IANA "Mobility Header Types"). */
enum mh_type {
	MH_TYPE_BINDING_UPDATE = 5,		/* RFC 6275; PBU: RFC 5213 */
	MH_TYPE_BINDING_ACK = 6,		/* RFC 6275; PBA: RFC 5213 */
	MH_TYPE_BINDING_ERROR = 7,		/* RFC 6275 6.1.9 */
	MH_TYPE_EXPERIMENTAL = 11,		/* RFC 5096; our RO messages */
	MH_TYPE_HEARTBEAT = 13,			/* RFC 5847 */
	MH_TYPE_BINDING_REVOCATION = 16,	/* RFC 5846 */
	MH_TYPE_UPDATE_NOTIFICATION = 19,	/* RFC 7077 (FMI) */
	MH_TYPE_UPDATE_NOTIFICATION_ACK = 20,	/* RFC 7077 (FMA) */
};

/* What a decoded struct mh_msg holds (selects the union member). */
enum mh_msg_kind {
	MH_MSG_NONE = 0,
	MH_MSG_PBU,		/* .pbu  MH type 5 */
	MH_MSG_PBA,		/* .pba  MH type 6 */
	MH_MSG_BRI,		/* .bri  MH type 16, B.R. Type 1 */
	MH_MSG_BRA,		/* .bra  MH type 16, B.R. Type 2 */
	MH_MSG_UPN,		/* .upn  MH type 19 */
	MH_MSG_UPA,		/* .upa  MH type 20 */
	MH_MSG_HEARTBEAT,	/* .heartbeat  MH type 13 */
	MH_MSG_RO,		/* .ro   MH type 11, localized routing */
	MH_MSG_BE,		/* .be   MH type 7, Binding Error */
	MH_MSG_KIND_COUNT
};

/* Binding Update flags (RFC 6275 6.1.7, RFC 5213 8.1; IANA "Binding
 * Update Flags").  Kept as the raw 16-bit word: unknown bits round-trip. */
#define MH_PBU_FLAG_A 0x8000u	/* Acknowledge requested */
#define MH_PBU_FLAG_H 0x4000u	/* Home registration */
#define MH_PBU_FLAG_L 0x2000u	/* Link-local address compatibility */
#define MH_PBU_FLAG_K 0x1000u	/* Key management mobility capability */
#define MH_PBU_FLAG_M 0x0800u	/* MAP registration */
#define MH_PBU_FLAG_R 0x0400u	/* Mobile router (RFC 3963) */
#define MH_PBU_FLAG_P 0x0200u	/* Proxy registration (RFC 5213 8.1) */
#define MH_PBU_FLAG_F 0x0100u	/* Forcing UDP encapsulation (RFC 5555) */
#define MH_PBU_FLAG_T 0x0080u	/* TLV-header format (RFC 5845) */
#define MH_PBU_FLAG_B 0x0040u	/* Bulk binding update (RFC 6602) */
#define MH_PBU_FLAG_S 0x0020u	/* RFC 7161 (IANA) */
#define MH_PBU_FLAG_D 0x0010u	/* RFC 8885 (IANA) */

/* Binding Acknowledgement flags (RFC 6275 6.1.8, RFC 5213 8.2; IANA
 * "Binding Acknowledgment Flags"). */
#define MH_PBA_FLAG_K 0x80u	/* RFC 6275 */
#define MH_PBA_FLAG_R 0x40u	/* RFC 3963 */
#define MH_PBA_FLAG_P 0x20u	/* Proxy registration (RFC 5213) */
#define MH_PBA_FLAG_T 0x10u	/* RFC 5845 */
#define MH_PBA_FLAG_B 0x08u	/* RFC 6602 */
#define MH_PBA_FLAG_S 0x04u	/* RFC 7161 */
#define MH_PBA_FLAG_D 0x02u	/* RFC 8885 */

/* PBA Status (RFC 6275 6.1.8, RFC 5213 8.9). */
enum mh_pba_status {
	MH_PBA_ACCEPTED = 0,
	MH_PBA_REASON_UNSPECIFIED = 128,
	MH_PBA_ADMINISTRATIVELY_PROHIBITED = 129,
	MH_PBA_INSUFFICIENT_RESOURCES = 130,
	MH_PBA_SEQUENCE_OUT_OF_WINDOW = 135,
	MH_PBA_PROXY_REG_NOT_ENABLED = 152,
	MH_PBA_NOT_LMA_FOR_THIS_MOBILE_NODE = 153,
	MH_PBA_MAG_NOT_AUTHORIZED_FOR_PROXY_REG = 154,
	MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX = 155,
	MH_PBA_TIMESTAMP_MISMATCH = 156,
	MH_PBA_TIMESTAMP_LOWER_THAN_PREV_ACCEPTED = 157,
	MH_PBA_MISSING_HOME_NETWORK_PREFIX_OPTION = 158,
	MH_PBA_BCE_PBU_PREFIX_SET_DO_NOT_MATCH = 159,
	MH_PBA_MISSING_MN_IDENTIFIER_OPTION = 160,
	MH_PBA_MISSING_HANDOFF_INDICATOR_OPTION = 161,
	MH_PBA_MISSING_ACCESS_TECH_TYPE_OPTION = 162,
};
/* Name of a PBA status ("ACCEPTED", ...), or "unknown". */
const char *mh_pba_status_name(uint8_t status);

/* Binding Revocation (RFC 5846 5.1 BRI, Figure 5; 5.2 BRA, Figure 6). */
#define MH_BR_TYPE_BRI 1
#define MH_BR_TYPE_BRA 2
#define MH_BR_FLAG_P 0x8000u	/* Proxy binding */
#define MH_BR_FLAG_V 0x4000u	/* IPv4 HoA binding only */
#define MH_BR_FLAG_G 0x2000u	/* Global revocation */
#define MH_BRA_STATUS_SUCCESS 0
#define MH_BRA_STATUS_PARTIAL_SUCCESS 1
/* Per-MN Revocation Trigger values (RFC 5846 5.1). */
#define MH_BRI_TRIGGER_UNSPECIFIED 0
#define MH_BRI_TRIGGER_ADMINISTRATIVE_REASON 1

/*
 * Update Notification (FMI) reasons and Update Notification Ack (FMA)
 * status values.  This is the one table mapping the flowmob seed's names
 * to numbers (shared/protocol.md asks for it).  Values checked against the
 * IANA "Update Notification Reasons" and "Update Notification
 * Acknowledgement Status" registries (LAYOUTS.md):
 *
 *   seed name (draft-10 section 4.2/4.3)  value  origin
 *   FLOW-MOBILITY-ADD      {IANA-1}        8      RFC 7864 "FLOW-MOBILITY"
 *   FLOW-MOBILITY-REMOVE   {IANA-2}        9      ours (unassigned by IANA)
 *   Success                 0              0      RFC 7077
 *   Reason unspecified     {IANA-3}      131      RFC 7864
 *   MN not attached        {IANA-4}      132      RFC 7864
 *   No existing FMC entry  {IANA-5}      133      ours (unassigned by IANA)
 *
 * RFC 7864 registered only one reason, FLOW-MOBILITY (8): it does not
 * split add and remove.  9 and 133 are this project's private choices and
 * will collide if IANA assigns them.
 */
#define MH_UPN_REASON_FORCE_REREGISTRATION 1		/* RFC 7077 */
#define MH_UPN_REASON_UPDATE_SESSION_PARAMETERS 2	/* RFC 7077 */
#define MH_UPN_REASON_VENDOR_SPECIFIC 3			/* RFC 7077 */
#define MH_UPN_REASON_ANI_PARAMS_REQUESTED 4		/* RFC 7077 */
#define MH_UPN_REASON_FLOW_MOBILITY_ADD 8
#define MH_UPN_REASON_FLOW_MOBILITY_REMOVE 9
/*
 * RFC 7077 4.1, Figure 3, second row: Notification Reason (16 bits), then
 * A, D and 14 Reserved bits. The flags are kept as that raw 16-bit word
 * (octets 10-11), so A is its most significant bit.
 */
#define MH_UPN_FLAG_A 0x8000u	/* Acknowledgement Requested (RFC 7077 4.1) */
#define MH_UPN_FLAG_D 0x4000u	/* Retransmit (RFC 7077 4.1, 5.2) */
#define MH_UPA_STATUS_SUCCESS 0
#define MH_UPA_STATUS_FAILED_TO_UPDATE_SESSION_PARAMETERS 128	/* 7077 */
#define MH_UPA_STATUS_MISSING_VENDOR_SPECIFIC_OPTION 129	/* 7077 */
#define MH_UPA_STATUS_CANNOT_MEET_QOS_SERVICE_REQUEST 130	/* 7222 */
#define MH_UPA_STATUS_REASON_UNSPECIFIED 131
#define MH_UPA_STATUS_MN_NOT_ATTACHED 132
#define MH_UPA_STATUS_NO_FMC_ENTRY 133

/* Binding Error Status (RFC 6275 6.1.9). */
#define MH_BE_STATUS_UNKNOWN_BINDING_HAO 1	/* no binding for the Home
						 * Address destination option */
#define MH_BE_STATUS_UNRECOGNIZED_MH_TYPE 2	/* RFC 6275 9.2 */
/* "unrecognized MH Type value", ...; "unknown" otherwise. */
const char *mh_be_status_name(uint8_t status);

/* Heartbeat flags (RFC 5847 3.3): the two low bits of the 16-bit Reserved
 * field, i.e. of its second octet. */
#define MH_HEARTBEAT_FLAG_U 0x02u	/* Unsolicited Heartbeat Response */
#define MH_HEARTBEAT_FLAG_R 0x01u	/* Response (0: Request) */

/* Localized-routing message kinds: first octet after the MH checksum of
 * an Experimental MH (our format, see the diagram in mh_msg.c). */
enum mh_ro_kind {
	MH_RO_TRIGGER = 1,	/* LMA -> LMA */
	MH_RO_TRIGGER_ACK = 2,
	MH_RO_INIT = 3,		/* LMA -> MAG */
	MH_RO_INIT_ACK = 4,
	MH_RO_SETUP = 5,	/* MAG -> MAG */
	MH_RO_SETUP_ACK = 6,
	MH_RO_REFRESH = 7,	/* MAG -> LMA */
	MH_RO_REFRESH_ACK = 8,
	MH_RO_REQUEST = 9,	/* MAG -> LMA (draft section 7) */
	MH_RO_REQUEST_ACK = 10,
};
#define MH_RO_KIND_MAX MH_RO_REQUEST_ACK
/* True for the *_ACK kinds (they carry a Status). */
bool mh_ro_kind_is_ack(uint8_t kind);
/* "RO Trigger", ...; "unknown" otherwise. */
const char *mh_ro_kind_name(uint8_t kind);
#define MH_RO_STATUS_SUCCESS 0
#define MH_RO_STATUS_REASON_UNSPECIFIED 128
#define MH_RO_STATUS_DENIED 129		/* RO Request Ack "deny" */
#define MH_RO_STATUS_UNKNOWN_MN 130	/* no binding for one of the HNPs */

/* Handoff Indicator values (RFC 5213 8.4; 6: RFC 7864; IANA-checked). */
enum mh_handoff_indicator {
	MH_HI_NEW_INTERFACE = 1,
	MH_HI_HANDOFF_BETWEEN_INTERFACES = 2,
	MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE = 3,
	MH_HI_UNKNOWN = 4,
	MH_HI_NOT_CHANGED = 5,
	MH_HI_NEW_INTERFACE_SHARING_PREFIXES = 6,
};

/* Mobility option types (IANA "Mobility Options"). */
enum mh_opt_type {
	MH_OPT_PAD1 = 0,
	MH_OPT_PADN = 1,
	MH_OPT_MN_ID = 8,		/* RFC 4283 */
	MH_OPT_HNP = 22,		/* RFC 5213 8.3 */
	MH_OPT_HANDOFF_INDICATOR = 23,	/* RFC 5213 8.4 */
	MH_OPT_ACCESS_TECH_TYPE = 24,	/* RFC 5213 8.5 */
	MH_OPT_MN_LL_ID = 25,		/* RFC 5213 8.6 */
	MH_OPT_LINK_LOCAL_ADDR = 26,	/* RFC 5213 8.7 */
	MH_OPT_TIMESTAMP = 27,		/* RFC 5213 8.8 */
	MH_OPT_RESTART_COUNTER = 28,	/* RFC 5847 3.4 */
	MH_OPT_IPV4_HOA = 29,		/* RFC 5555 3.1.1 */
	MH_OPT_BINDING_ID = 35,		/* RFC 5648 4.3, RFC 6089 4.1 */
	MH_OPT_FLOW_SUMMARY = 44,	/* RFC 6089 4.2.2 */
	MH_OPT_FLOW_ID = 45,		/* RFC 6089 4.2 */
	MH_OPT_MAG_IPV6_ADDR = 51,	/* RFC 6705 */
};
/* "Home Network Prefix", ...; "unknown" otherwise. */
const char *mh_opt_name(uint8_t type);

/* MN Identifier subtype (RFC 4283 3). */
#define MH_MN_ID_SUBTYPE_NAI 1
/* HNP option: the off-link (L) flag is the most significant bit of what
 * RFC 5213 8.3 calls the Reserved octet (RFC 7864 4.1, its figure). */
#define MH_HNP_FLAG_OFF_LINK 0x80u
/* Flow Identification sub-option types (RFC 6089 4.2.1; 4, 5: RFC 7109;
 * IANA "Flow Identification Sub-Options", checked). */
#define MH_FID_SUBOPT_PAD1 0
#define MH_FID_SUBOPT_PADN 1
#define MH_FID_SUBOPT_BID_REF 2
#define MH_FID_SUBOPT_TS 3
#define MH_FID_SUBOPT_FLOW_BINDING_ACTION 4
#define MH_FID_SUBOPT_TARGET_COA 5
/* FID Status (RFC 6089 4.2; IANA "Flow Identification Mobility Option
 * Status Codes", checked). */
#define MH_FID_STATUS_OK 0
#define MH_FID_STATUS_ADMIN_PROHIBITED 128
#define MH_FID_STATUS_UNSPECIFIED 129
#define MH_FID_STATUS_MALFORMED 130
#define MH_FID_STATUS_BID_NOT_FOUND 131
#define MH_FID_STATUS_FID_NOT_FOUND 132
#define MH_FID_STATUS_TS_FORMAT_NOT_SUPPORTED 133
/* Flow Binding Action values (RFC 7109 6.2.1; IANA "Flow Binding Action
 * Values", checked).  Until 2026-11 this header had FORWARD 1 / DISCARD 2,
 * recalled from memory: those values do not exist. */
#define MH_FLOW_ACTION_ADD 11
#define MH_FLOW_ACTION_DELETE 12
#define MH_FLOW_ACTION_MODIFY 13
#define MH_FLOW_ACTION_REFRESH 14
#define MH_FLOW_ACTION_MOVE 15
#define MH_FLOW_ACTION_REVOKE 16
/* Traffic selector formats (RFC 6088 3; IANA "Traffic Selector Format"). */
#define MH_TS_FORMAT_IPV4_BINARY 1
#define MH_TS_FORMAT_IPV6_BINARY 2

/* ------------------------------------------------------------------ */
/* Bounds                                                             */
/* ------------------------------------------------------------------ */

#define MH_MAX_HNP 16
#define MH_MAX_RO_HNP 2		/* RO: source MN's HNP, then destination's */
#define MH_MAX_BID 16
#define MH_MAX_FID 16
#define MH_MAX_FLOW_SUMMARY 16
#define MH_MAX_FID_BID_REFS 8
#define MH_MAX_IPV4_HOA 2
#define MH_MN_ID_MAX 254	/* option length 255 minus the subtype */
#define MH_LL_ID_MAX 253	/* option length 255 minus 2 reserved */
#define MH_TS_RAW_MAX 245	/* 255 - FID fixed (6) - subopt hdr - 2 */
#define MH_MAX_UNKNOWN_RECORDED 8

/* ------------------------------------------------------------------ */
/* Options                                                            */
/* ------------------------------------------------------------------ */

struct mh_mn_id {
	uint8_t subtype;		/* MH_MN_ID_SUBTYPE_NAI */
	uint8_t len;			/* octets used in id[] */
	uint8_t id[MH_MN_ID_MAX];	/* not NUL-terminated; may be binary */
};

struct mh_hnp {
	bool off_link;		/* L flag (RFC 7864 4.1) */
	uint8_t prefix_len;	/* 0..128 */
	uint8_t prefix[16];
};

struct mh_ll_id {
	uint8_t len;
	uint8_t id[MH_LL_ID_MAX];
};

struct mh_binding_id {
	uint16_t bid;
	uint8_t status;
	bool h_flag;		/* simultaneous home and foreign binding */
	uint8_t priority;	/* BID-PRI, 0..127 (RFC 6089) */
	uint8_t coa_len;	/* 0 (none), 4 (IPv4) or 16 (IPv6) */
	uint8_t coa[16];
};

/* RFC 6088 3.2 IPv6 binary traffic selector.  `present` holds the flags
 * exactly as on the wire: A is bit 15 (0x8000) ... P is bit 0 (RFC 6088
 * Figure 2; mh_ts.c). */
#define MH_TS6_START_SRC_ADDR	0x8000u	/* A */
#define MH_TS6_END_SRC_ADDR	0x4000u	/* B */
#define MH_TS6_START_DST_ADDR	0x2000u	/* C */
#define MH_TS6_END_DST_ADDR	0x1000u	/* D */
#define MH_TS6_START_SPI	0x0800u	/* E */
#define MH_TS6_END_SPI		0x0400u	/* F */
#define MH_TS6_START_FLOW_LABEL	0x0200u	/* G */
#define MH_TS6_END_FLOW_LABEL	0x0100u	/* H */
#define MH_TS6_START_SRC_PORT	0x0080u	/* I */
#define MH_TS6_END_SRC_PORT	0x0040u	/* J */
#define MH_TS6_START_DST_PORT	0x0020u	/* K */
#define MH_TS6_END_DST_PORT	0x0010u	/* L */
#define MH_TS6_START_TC		0x0008u	/* M */
#define MH_TS6_END_TC		0x0004u	/* N */
#define MH_TS6_START_NH		0x0002u	/* O */
#define MH_TS6_END_NH		0x0001u	/* P */
/* Largest flow label field value (RFC 6088 3.2: 24 bits). */
#define MH_TS6_FLOW_LABEL_MAX	0x00ffffffu

struct mh_ts_ipv6 {
	uint16_t present;	/* MH_TS6_* */
	uint8_t src_addr_start[16], src_addr_end[16];
	uint8_t dst_addr_start[16], dst_addr_end[16];
	uint32_t spi_start, spi_end;
	/* RFC 6088 3.2: a 24-bit value in a 32-bit field whose first 8 bits
	 * are sent as zero and ignored on receipt; at most
	 * MH_TS6_FLOW_LABEL_MAX.  Packets carry 20 bits (mh_ts.c). */
	uint32_t flow_label_start, flow_label_end;
	uint16_t src_port_start, src_port_end;
	uint16_t dst_port_start, dst_port_end;
	uint8_t tc_start, tc_end;
	uint8_t next_header_start, next_header_end;
};

/* Traffic Selector sub-option (RFC 6089 4.2.1.4): format 2 is decoded into
 * .ipv6; any other format is carried opaquely in .raw. */
struct mh_ts {
	uint8_t format;		/* MH_TS_FORMAT_* */
	union {
		struct mh_ts_ipv6 ipv6;
		struct {
			uint8_t len;
			uint8_t bytes[MH_TS_RAW_MAX];
		} raw;
	};
};

struct mh_flow_id {
	uint16_t fid;
	uint16_t priority;		/* FID-PRI */
	uint8_t status;			/* MH_FID_STATUS_* */
	uint8_t bid_ref_count;
	uint16_t bid_refs[MH_MAX_FID_BID_REFS];	/* one BID Reference */
	bool has_ts;
	struct mh_ts ts;
	bool has_action;
	uint8_t action;			/* MH_FLOW_ACTION_* (RFC 7109) */
};

struct mh_ipv4_hoa {
	uint8_t prefix_len;	/* 1..32 (0 is an error, RFC 5555 3.1.1) */
	bool p_flag;		/* IPv4 HoA request for a mobile prefix */
	uint8_t addr[4];
};

/*
 * The options of one message.  Single-instance options are flagged in
 * `present` (bit n = option type n, see mh_opt_bit()); repeated options
 * are counted by their *_count field and their order is kept (for RO
 * messages hnp[0] is the source MN's HNP, hnp[1] the destination's).
 * The encoder emits options in the order of this struct.
 */
struct mh_options {
	uint64_t present;	/* singletons: MN_ID, HI, ATT, LL-ID, LLA,
				 * TIMESTAMP, RESTART_COUNTER, FLOW_SUMMARY,
				 * MAG_IPV6_ADDR */
	struct mh_mn_id mn_id;
	uint8_t hnp_count;
	struct mh_hnp hnp[MH_MAX_HNP];
	uint8_t handoff_indicator;
	uint8_t access_tech_type;
	struct mh_ll_id mn_ll_id;
	uint8_t link_local_addr[16];
	uint64_t timestamp;	/* 48-bit seconds since 1970, 16-bit fraction */
	uint32_t restart_counter;	/* RFC 5847 3.4: Heartbeat Response only */
	uint8_t bid_count;
	struct mh_binding_id bid[MH_MAX_BID];
	uint8_t fid_count;
	struct mh_flow_id fid[MH_MAX_FID];
	uint8_t flow_summary_count;	/* FIDs in the one Flow Summary */
	uint16_t flow_summary[MH_MAX_FLOW_SUMMARY];
	uint8_t mag_addr_len;	/* Address Length field, normally 128 */
	uint8_t mag_addr[16];
	uint8_t ipv4_hoa_count;
	struct mh_ipv4_hoa ipv4_hoa[MH_MAX_IPV4_HOA];
};

/* Bit of option `type` in mh_options.present (0 for types >= 64). */
static inline uint64_t mh_opt_bit(enum mh_opt_type type)
{
	return (unsigned)type < 64 ? (uint64_t)1 << (unsigned)type : 0;
}

/* True when the message carries at least one option of `type` (works for
 * singletons and repeated options alike). */
bool mh_options_has(const struct mh_options *opts, enum mh_opt_type type);

/* ------------------------------------------------------------------ */
/* Messages                                                           */
/* ------------------------------------------------------------------ */

struct mh_pbu {
	uint16_t sequence;
	uint16_t flags;			/* MH_PBU_FLAG_* (raw word) */
	uint16_t lifetime_units;	/* 4 s units, 0 = de-registration */
};

struct mh_pba {
	uint8_t status;			/* enum mh_pba_status */
	uint8_t flags;			/* MH_PBA_FLAG_* */
	uint16_t sequence;
	uint16_t lifetime_units;	/* 4-second units */
};

struct mh_bri {
	uint8_t trigger;		/* Revocation Trigger (RFC 5846 5.1) */
	uint16_t sequence;
	uint16_t flags;			/* MH_BR_FLAG_* (raw word) */
};

struct mh_bra {
	uint8_t status;			/* MH_BRA_STATUS_* */
	uint16_t sequence;
	uint16_t flags;			/* MH_BR_FLAG_* (raw word) */
};

struct mh_upn {
	uint16_t sequence;
	uint16_t reason;		/* MH_UPN_REASON_* (16 bits, RFC 7077 4.1) */
	uint16_t flags;			/* MH_UPN_FLAG_* (raw word) */
};

struct mh_upa {
	uint16_t sequence;
	uint8_t status;			/* MH_UPA_STATUS_* */
};

struct mh_heartbeat {
	uint8_t flags;			/* MH_HEARTBEAT_FLAG_* (second octet of
					 * the Reserved field, kept whole) */
	uint32_t sequence;
};

/* Binding Error (RFC 6275 6.1.9).  No option is defined for it: the
 * decoder skips any (and counts them as unknown), the encoder refuses
 * them. */
struct mh_be {
	uint8_t status;			/* MH_BE_STATUS_* */
	uint8_t home_addr[16];		/* from the offending packet's Home
					 * Address option, or :: */
};

struct mh_ro {
	uint8_t kind;			/* enum mh_ro_kind */
	uint8_t flags;			/* none defined; round-trips */
	uint16_t sequence;
	uint8_t status;			/* acks; 0 in requests */
	uint16_t lifetime_seconds;
};

struct mh_msg {
	enum mh_msg_kind kind;
	union {
		struct mh_pbu pbu;
		struct mh_pba pba;
		struct mh_bri bri;
		struct mh_bra bra;
		struct mh_upn upn;
		struct mh_upa upa;
		struct mh_heartbeat heartbeat;
		struct mh_ro ro;
		struct mh_be be;
	};
	struct mh_options opts;
};

/* Set *msg to an empty message of `kind` (all fields zero). */
void mh_msg_init(struct mh_msg *msg, enum mh_msg_kind kind);

/*
 * The Timestamp option's value (RFC 5213 8.8: 48 bits of seconds since
 * 1970, 16 bits of 1/65536 s) for a time the caller read, e.g. from
 * clock_gettime(CLOCK_REALTIME) (the codec reads no clock).
 */
uint64_t mh_timestamp(uint64_t sec, uint32_t nsec);

/* MH Type for a message kind (0 for an invalid kind). */
uint8_t mh_msg_kind_type(enum mh_msg_kind kind);
/* "PBU", "PBA", ...; "unknown" otherwise. */
const char *mh_msg_kind_name(enum mh_msg_kind kind);

/* ------------------------------------------------------------------ */
/* Decode                                                             */
/* ------------------------------------------------------------------ */

/* Decode flags. */
/* Accept a buffer longer than (Header Len + 1) * 8 (OAI pmip6d sends a
 * Header Len 4 octets short of the payload): only the declared length is
 * parsed and report->trailing_bytes says how much was left. */
#define MH_DECODE_ALLOW_TRAILING 0x1u

/* What the decoder noticed besides the message itself (for log lines). */
struct mh_decode_report {
	size_t error_offset;	/* offset in buf of the offending octet */
	int error_option_type;	/* option (or -1) being decoded at error */
	uint16_t checksum;	/* as received (not verified here) */
	uint8_t mh_type;	/* MH Type as received (0 if len < 3) */
	size_t trailing_bytes;	/* with MH_DECODE_ALLOW_TRAILING */
	unsigned unknown_option_count;
	uint8_t unknown_option_types[MH_MAX_UNKNOWN_RECORDED];
	unsigned unknown_suboption_count;
	unsigned misaligned_option_count;
	/* Flow Identification sub-options off their RFC 6089 4.2.1 / RFC
	 * 6088 3.1, 3.2 alignment (BID Reference, Traffic Selector). */
	unsigned misaligned_suboption_count;
	unsigned nonzero_padn_count;
};

/*
 * Decode one Mobility Header from buf[0..len) (the MH only, starting at
 * Payload Proto).  On MH_OK, *msg holds the message; on error *msg is
 * unspecified and report (if not NULL) says where.  Never reads outside
 * buf[0..len), never writes outside *msg and *report.
 */
enum mh_result mh_decode(const uint8_t *buf, size_t len, unsigned flags,
			 struct mh_msg *msg, struct mh_decode_report *report);

/* ------------------------------------------------------------------ */
/* Encode                                                             */
/* ------------------------------------------------------------------ */

/*
 * Encode *msg into buf[0..cap).  On MH_OK, *out_len is the message length
 * (a multiple of 8, at most MH_MAX_LEN) and the checksum field is zero.
 * The encoder refuses what the decoder would reject (options not allowed
 * in the message, too many instances, out-of-range values).
 */
enum mh_result mh_encode(const struct mh_msg *msg, uint8_t *buf, size_t cap,
			 size_t *out_len);

/* ------------------------------------------------------------------ */
/* Checksum (RFC 6275 6.1.1: as ICMPv6, RFC 8200 8.1 pseudo-header)   */
/* ------------------------------------------------------------------ */

/*
 * One's-complement checksum over the IPv6 pseudo-header (src, dst,
 * upper-layer length = len, next header 135) and mh[0..len), taking the
 * checksum field as it is in mh.  With the field zero, the result is the
 * value to store; over a message whose field is correct, the result is 0.
 */
uint16_t mh_checksum(const uint8_t src[16], const uint8_t dst[16],
		     const uint8_t *mh, size_t len);
/* Zero the checksum field of mh (len >= 6), compute and store it. */
void mh_checksum_fill(const uint8_t src[16], const uint8_t dst[16],
		      uint8_t *mh, size_t len);

/* ------------------------------------------------------------------ */
/* pcap (for tests and debugging dumps; pure, the caller writes files) */
/* ------------------------------------------------------------------ */

#define MH_PCAP_FILE_HEADER_LEN 24u
#define MH_PCAP_RECORD_OVERHEAD (16u + 40u)	/* record hdr + IPv6 hdr */

/* Classic pcap global header, LINKTYPE_RAW (IPv6 packets, no L2).
 * Returns the bytes written, 0 if cap is too small. */
size_t mh_pcap_file_header(uint8_t *out, size_t cap);
/* One record holding an IPv6 packet (hop limit 64, next header 135) that
 * carries mh[0..mh_len).  Returns the bytes written, 0 if cap is too small
 * or mh_len > 65535. */
size_t mh_pcap_record(uint8_t *out, size_t cap, uint32_t ts_sec,
		      const uint8_t src[16], const uint8_t dst[16],
		      const uint8_t *mh, size_t mh_len);

#ifdef __cplusplus
}
#endif

#endif /* PMIP6_MH_H */
