// SPDX-License-Identifier: GPL-2.0
/*
 * mh_strerror.c - reason strings and value names for log lines.
 */
#include "mh_internal.h"

static const char *const result_text[MH_RESULT_COUNT] = {
	[MH_OK] = "ok",
	[MH_ERR_TRUNCATED] = "truncated: shorter than the 8-octet minimum",
	[MH_ERR_PAYLOAD_PROTO] = "payload proto is not 59 (IPPROTO_NONE)",
	[MH_ERR_HEADER_LEN_EXCEEDS_BUFFER] =
		"header length exceeds the received octets",
	[MH_ERR_HEADER_LEN_SHORT_OF_BUFFER] =
		"header length short of the received octets",
	[MH_ERR_UNKNOWN_MH_TYPE] = "unknown MH type",
	[MH_ERR_MESSAGE_TOO_SHORT] =
		"message shorter than its fixed fields",
	[MH_ERR_BAD_BR_TYPE] = "binding revocation type is not 1 or 2",
	[MH_ERR_BAD_RO_KIND] = "localized routing message kind not 1..10",
	[MH_ERR_OPTION_TRUNCATED] = "option runs past the end of the message",
	[MH_ERR_OPTION_BAD_LENGTH] = "bad option length for its type",
	[MH_ERR_OPTION_NOT_ALLOWED] = "option not allowed in this message",
	[MH_ERR_OPTION_TOO_MANY] = "option repeated or too many of it",
	[MH_ERR_OPTION_BAD_VALUE] = "option field value out of range",
	[MH_ERR_SUBOPTION_TRUNCATED] =
		"flow identification sub-option runs past its option",
	[MH_ERR_SUBOPTION_BAD_LENGTH] = "bad sub-option length for its type",
	[MH_ERR_SUBOPTION_TOO_MANY] = "sub-option repeated or too many of it",
	[MH_ERR_TS_TRUNCATED] = "traffic selector shorter than its flags imply",
	[MH_ERR_TS_TRAILING] = "traffic selector longer than its flags imply",
	[MH_ERR_NO_SPACE] = "output buffer too small",
	[MH_ERR_TOO_LONG] = "message would exceed 2048 octets",
	[MH_ERR_INVALID_ARGUMENT] = "field value cannot be encoded",
};

const char *mh_strerror(enum mh_result result)
{
	if ((unsigned)result >= MH_RESULT_COUNT || !result_text[result])
		return "unknown error";
	return result_text[result];
}

const char *mh_pba_status_name(uint8_t status)
{
	switch (status) {
	case MH_PBA_ACCEPTED: return "ACCEPTED";
	case MH_PBA_REASON_UNSPECIFIED: return "REASON_UNSPECIFIED";
	case MH_PBA_ADMINISTRATIVELY_PROHIBITED:
		return "ADMINISTRATIVELY_PROHIBITED";
	case MH_PBA_INSUFFICIENT_RESOURCES: return "INSUFFICIENT_RESOURCES";
	case MH_PBA_SEQUENCE_OUT_OF_WINDOW:
		return "SEQUENCE_NUMBER_OUT_OF_WINDOW";
	case MH_PBA_PROXY_REG_NOT_ENABLED: return "PROXY_REG_NOT_ENABLED";
	case MH_PBA_NOT_LMA_FOR_THIS_MOBILE_NODE:
		return "NOT_LMA_FOR_THIS_MOBILE_NODE";
	case MH_PBA_MAG_NOT_AUTHORIZED_FOR_PROXY_REG:
		return "MAG_NOT_AUTHORIZED_FOR_PROXY_REG";
	case MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX:
		return "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX";
	case MH_PBA_TIMESTAMP_MISMATCH: return "TIMESTAMP_MISMATCH";
	case MH_PBA_TIMESTAMP_LOWER_THAN_PREV_ACCEPTED:
		return "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED";
	case MH_PBA_MISSING_HOME_NETWORK_PREFIX_OPTION:
		return "MISSING_HOME_NETWORK_PREFIX_OPTION";
	case MH_PBA_BCE_PBU_PREFIX_SET_DO_NOT_MATCH:
		return "BCE_PBU_PREFIX_SET_DO_NOT_MATCH";
	case MH_PBA_MISSING_MN_IDENTIFIER_OPTION:
		return "MISSING_MN_IDENTIFIER_OPTION";
	case MH_PBA_MISSING_HANDOFF_INDICATOR_OPTION:
		return "MISSING_HANDOFF_INDICATOR_OPTION";
	case MH_PBA_MISSING_ACCESS_TECH_TYPE_OPTION:
		return "MISSING_ACCESS_TECH_TYPE_OPTION";
	default: return "unknown";
	}
}

const char *mh_be_status_name(uint8_t status)
{
	/* RFC 6275 6.1.9, as worded there. */
	switch (status) {
	case MH_BE_STATUS_UNKNOWN_BINDING_HAO:
		return "unknown binding for Home Address destination option";
	case MH_BE_STATUS_UNRECOGNIZED_MH_TYPE:
		return "unrecognized MH Type value";
	default: return "unknown";
	}
}

const char *mh_ro_kind_name(uint8_t kind)
{
	static const char *const names[] = {
		[MH_RO_TRIGGER] = "RO Trigger",
		[MH_RO_TRIGGER_ACK] = "RO Trigger Ack",
		[MH_RO_INIT] = "RO Init",
		[MH_RO_INIT_ACK] = "RO Init Ack",
		[MH_RO_SETUP] = "RO Setup",
		[MH_RO_SETUP_ACK] = "RO Setup Ack",
		[MH_RO_REFRESH] = "RO Refresh",
		[MH_RO_REFRESH_ACK] = "RO Refresh Ack",
		[MH_RO_REQUEST] = "RO Request",
		[MH_RO_REQUEST_ACK] = "RO Request Ack",
	};

	if (kind < MH_RO_TRIGGER || kind > MH_RO_KIND_MAX)
		return "unknown";
	return names[kind];
}

const char *mh_msg_kind_name(enum mh_msg_kind kind)
{
	switch (kind) {
	case MH_MSG_PBU: return "PBU";
	case MH_MSG_PBA: return "PBA";
	case MH_MSG_BRI: return "BRI";
	case MH_MSG_BRA: return "BRA";
	case MH_MSG_UPN: return "UPN";
	case MH_MSG_UPA: return "UPA";
	case MH_MSG_HEARTBEAT: return "Heartbeat";
	case MH_MSG_RO: return "RO";
	case MH_MSG_BE: return "BE";
	default: return "unknown";
	}
}

const char *mh_opt_name(uint8_t type)
{
	switch (type) {
	case MH_OPT_PAD1: return "Pad1";
	case MH_OPT_PADN: return "PadN";
	case MH_OPT_MN_ID: return "Mobile Node Identifier";
	case MH_OPT_HNP: return "Home Network Prefix";
	case MH_OPT_HANDOFF_INDICATOR: return "Handoff Indicator";
	case MH_OPT_ACCESS_TECH_TYPE: return "Access Technology Type";
	case MH_OPT_MN_LL_ID: return "Mobile Node Link-layer Identifier";
	case MH_OPT_LINK_LOCAL_ADDR: return "Link-local Address";
	case MH_OPT_TIMESTAMP: return "Timestamp";
	case MH_OPT_RESTART_COUNTER: return "Restart Counter";
	case MH_OPT_IPV4_HOA: return "IPv4 Home Address";
	case MH_OPT_BINDING_ID: return "Binding Identifier";
	case MH_OPT_FLOW_SUMMARY: return "Flow Summary";
	case MH_OPT_FLOW_ID: return "Flow Identification";
	case MH_OPT_MAG_IPV6_ADDR: return "MAG IPv6 Address";
	default: return "unknown";
	}
}
