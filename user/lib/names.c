// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <linux/pmip6.h>

#include "names.h"

static const char *const role_names[] = {
	[PMIP6_ROLE_LMA] = "lma",
	[PMIP6_ROLE_MAG] = "mag",
};

static const char *const fmc_action_names[] = {
	[PMIP6_FMC_ACTION_FORWARD] = "forward",
	[PMIP6_FMC_ACTION_DROP]	   = "drop",
};

static const char *const ro_owner_names[] = {
	[PMIP6_RO_OWNER_CONTROLLER] = "controller",
	[PMIP6_RO_OWNER_TRIGGER]    = "trigger",
	[PMIP6_RO_OWNER_MAG]	    = "mag",
};

static const char *const attr_names[] = {
	[PMIP6_A_VERSION]	 = "version",
	[PMIP6_A_FAMILY_VERSION] = "family-version",
	[PMIP6_A_INSTANCE]	 = "instance",
	[PMIP6_A_BCE]		 = "bce",
	[PMIP6_A_FMC]		 = "fmc",
	[PMIP6_A_BUL]		 = "bul",
	[PMIP6_A_RO]		 = "ro",
	[PMIP6_A_EVENT]		 = "event",
};

static const char *const instance_attr_names[] = {
	[PMIP6_A_INSTANCE_ROLE]		 = "role",
	[PMIP6_A_INSTANCE_LOCAL_ADDR]	 = "local-addr",
	[PMIP6_A_INSTANCE_GENERATION]	 = "generation",
	[PMIP6_A_INSTANCE_NETNS_COOKIE] = "netns-cookie",
	[PMIP6_A_INSTANCE_PAD]		 = "pad",
	[PMIP6_A_INSTANCE_IFINDEX]	 = "ifindex",
	[PMIP6_A_INSTANCE_STATS]	 = "stats",
	[PMIP6_A_INSTANCE_REMOTE_PREFIXES] = "remote-prefixes",
	[PMIP6_A_INSTANCE_RESTART_COUNTER] = "restart-counter",
};

static const char *const registration_attr_names[] = {
	[PMIP6_A_REGISTRATION_LIFETIME]	    = "lifetime",
	[PMIP6_A_REGISTRATION_REMAINING_MS] = "remaining-ms",
	[PMIP6_A_REGISTRATION_SEQUENCE]	    = "sequence",
	[PMIP6_A_REGISTRATION_TIMESTAMP]    = "timestamp",
	[PMIP6_A_REGISTRATION_PAD]	    = "pad",
	[PMIP6_A_REGISTRATION_MAG_LL_ADDR]  = "mag-ll-addr",
};

static const char *const bce_attr_names[] = {
	[PMIP6_A_BCE_MN_ID]	= "mn-id",
	[PMIP6_A_BCE_BID]	= "bid",
	[PMIP6_A_BCE_BID_PRI]	= "bid-pri",
	[PMIP6_A_BCE_ATT]	= "att",
	[PMIP6_A_BCE_MN_LL_ID]	= "mn-ll-id",
	[PMIP6_A_BCE_PROXY_COA]	= "proxy-coa",
	[PMIP6_A_BCE_HNP]	= "hnp",
	[PMIP6_A_BCE_COUNTERS]	= "counters",
	[PMIP6_A_BCE_REGISTRATION] = "registration",
};

static const char *const hnp_attr_names[] = {
	[PMIP6_A_HNP_PREFIX]	 = "prefix",
	[PMIP6_A_HNP_PREFIX_LEN] = "prefix-len",
};

static const char *const counters_attr_names[] = {
	[PMIP6_A_COUNTERS_PACKETS_TX] = "packets-tx",
	[PMIP6_A_COUNTERS_BYTES_TX]   = "bytes-tx",
	[PMIP6_A_COUNTERS_PACKETS_RX] = "packets-rx",
	[PMIP6_A_COUNTERS_BYTES_RX]   = "bytes-rx",
	[PMIP6_A_COUNTERS_PAD]	      = "pad",
};

static const char *const fmc_attr_names[] = {
	[PMIP6_A_FMC_MN_ID]	= "mn-id",
	[PMIP6_A_FMC_FID]	= "fid",
	[PMIP6_A_FMC_FID_PRI]	= "fid-pri",
	[PMIP6_A_FMC_TS]	= "ts",
	[PMIP6_A_FMC_BID]	= "bid",
	[PMIP6_A_FMC_ACTION]	= "action",
	[PMIP6_A_FMC_ACTIVE]	= "active",
	[PMIP6_A_FMC_COUNTERS]	= "counters",
};

static const char *const ts_attr_names[] = {
	[PMIP6_A_TS_SRC_ADDR_START]	 = "src-addr-start",
	[PMIP6_A_TS_SRC_ADDR_END]	 = "src-addr-end",
	[PMIP6_A_TS_DST_ADDR_START]	 = "dst-addr-start",
	[PMIP6_A_TS_DST_ADDR_END]	 = "dst-addr-end",
	[PMIP6_A_TS_SPI_START]		 = "spi-start",
	[PMIP6_A_TS_SPI_END]		 = "spi-end",
	[PMIP6_A_TS_FLOW_LABEL_START]	 = "flow-label-start",
	[PMIP6_A_TS_FLOW_LABEL_END]	 = "flow-label-end",
	[PMIP6_A_TS_SRC_PORT_START]	 = "src-port-start",
	[PMIP6_A_TS_SRC_PORT_END]	 = "src-port-end",
	[PMIP6_A_TS_DST_PORT_START]	 = "dst-port-start",
	[PMIP6_A_TS_DST_PORT_END]	 = "dst-port-end",
	[PMIP6_A_TS_TRAFFIC_CLASS_START] = "traffic-class-start",
	[PMIP6_A_TS_TRAFFIC_CLASS_END]	 = "traffic-class-end",
	[PMIP6_A_TS_NEXT_HEADER_START]	 = "next-header-start",
	[PMIP6_A_TS_NEXT_HEADER_END]	 = "next-header-end",
};

static const char *const bul_attr_names[] = {
	[PMIP6_A_BUL_MN_ID]	  = "mn-id",
	[PMIP6_A_BUL_LMA_ADDR]	  = "lma-addr",
	[PMIP6_A_BUL_IFINDEX]	  = "ifindex",
	[PMIP6_A_BUL_MN_LL_ADDR]  = "mn-ll-addr",
	[PMIP6_A_BUL_HNP]	  = "hnp",
	[PMIP6_A_BUL_OFFLINK_HNP] = "offlink-hnp",
	[PMIP6_A_BUL_COUNTERS]	  = "counters",
	[PMIP6_A_BUL_BID]	  = "bid",
	[PMIP6_A_BUL_REGISTRATION] = "registration",
};

static const char *const ro_attr_names[] = {
	[PMIP6_A_RO_SRC_HNP]	= "src-hnp",
	[PMIP6_A_RO_DST_HNP]	= "dst-hnp",
	[PMIP6_A_RO_PEER_ADDR]	= "peer-addr",
	[PMIP6_A_RO_LIFETIME]	= "lifetime",
	[PMIP6_A_RO_OWNER]	= "owner",
	[PMIP6_A_RO_REMAINING]	= "remaining",
	[PMIP6_A_RO_COUNTERS]	= "counters",
};

#define LOOKUP(table, i) \
	((i) < sizeof(table) / sizeof((table)[0]) ? (table)[i] : NULL)

const char *pmip6_registration_attr_name(uint32_t type)
{
	return LOOKUP(registration_attr_names, type);
}

const char *pmip6_role_name(uint32_t role)
{
	return LOOKUP(role_names, role);
}

int pmip6_role_parse(const char *s, uint32_t *role)
{
	for (uint32_t i = 1; i <= PMIP6_ROLE_MAX; i++) {
		if (role_names[i] && !strcmp(s, role_names[i])) {
			*role = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *pmip6_attr_name(uint32_t type)
{
	return LOOKUP(attr_names, type);
}

const char *pmip6_instance_attr_name(uint32_t type)
{
	return LOOKUP(instance_attr_names, type);
}

const char *pmip6_fmc_action_name(uint32_t action)
{
	return LOOKUP(fmc_action_names, action);
}

int pmip6_fmc_action_parse(const char *s, uint32_t *action)
{
	for (uint32_t i = 1; i <= PMIP6_FMC_ACTION_MAX; i++) {
		if (fmc_action_names[i] && !strcmp(s, fmc_action_names[i])) {
			*action = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *pmip6_bce_attr_name(uint32_t type)
{
	return LOOKUP(bce_attr_names, type);
}

const char *pmip6_hnp_attr_name(uint32_t type)
{
	return LOOKUP(hnp_attr_names, type);
}

const char *pmip6_counters_attr_name(uint32_t type)
{
	return LOOKUP(counters_attr_names, type);
}

const char *pmip6_fmc_attr_name(uint32_t type)
{
	return LOOKUP(fmc_attr_names, type);
}

const char *pmip6_ts_attr_name(uint32_t type)
{
	return LOOKUP(ts_attr_names, type);
}

const char *pmip6_ro_owner_name(uint32_t owner)
{
	return LOOKUP(ro_owner_names, owner);
}

int pmip6_ro_owner_parse(const char *s, uint32_t *owner)
{
	for (uint32_t i = 1; i <= PMIP6_RO_OWNER_MAX; i++) {
		if (ro_owner_names[i] && !strcmp(s, ro_owner_names[i])) {
			*owner = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *pmip6_bul_attr_name(uint32_t type)
{
	return LOOKUP(bul_attr_names, type);
}

const char *pmip6_ro_attr_name(uint32_t type)
{
	return LOOKUP(ro_attr_names, type);
}
