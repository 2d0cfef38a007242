/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * pmip6: Proxy Mobile IPv6 (RFC 5213) fast path, generic netlink ABI.
 *
 * The single description of this family is
 * Documentation/netlink/specs/pmip6.yaml; this header must agree with it
 * (selftests/abi_check.py enforces that).
 *
 * Conventions:
 *  - every command and attribute value starts at 1;
 *  - create/update/delete are separate commands, never NLM_F_EXCL/REPLACE;
 *  - nests carry NLA_F_NESTED;
 *  - integers are fixed width (no NLA_UINT), in host byte order unless the
 *    attribute says otherwise; addresses are 16-byte struct in6_addr.
 */
#ifndef _UAPI_LINUX_PMIP6_H
#define _UAPI_LINUX_PMIP6_H

#define PMIP6_GENL_NAME		"pmip6"
#define PMIP6_GENL_VERSION	1
#define PMIP6_MCGRP_EVENTS	"events"

/* Role of the node owning a network namespace's instance. */
enum pmip6_role {
	PMIP6_ROLE_LMA = 1,	/* Local Mobility Anchor (RFC 5213 5) */
	PMIP6_ROLE_MAG,		/* Mobile Access Gateway (RFC 5213 6) */

	/* private: */
	__PMIP6_ROLE_MAX,
	PMIP6_ROLE_MAX = __PMIP6_ROLE_MAX - 1
};

/* Action of a Flow Mobility Cache entry (RFC 7864 section 5.2). */
enum pmip6_fmc_action {
	PMIP6_FMC_ACTION_FORWARD = 1,	/* tunnel to the entry's first live BID */
	PMIP6_FMC_ACTION_DROP,		/* discard matching packets */

	/* private: */
	__PMIP6_FMC_ACTION_MAX,
	PMIP6_FMC_ACTION_MAX = __PMIP6_FMC_ACTION_MAX - 1
};

/* Limits the module enforces; also stated in the spec. */
#define PMIP6_MN_ID_MAX_LEN	255	/* NAI, RFC 4283 option length */
#define PMIP6_MN_LL_ID_MAX_LEN	32
#define PMIP6_BCE_HNP_MAX	16	/* HNPs per BCE */
#define PMIP6_BCE_PER_MN_MAX	64	/* BCEs per mobile node */
#define PMIP6_FMC_BID_MAX	8	/* BIDs per FMC entry */
#define PMIP6_FMC_PER_MN_MAX	64	/* FMC entries per mobile node */
#define PMIP6_BID_PRI_MAX	127	/* 7 bits, RFC 5648 section 6.1 */
#define PMIP6_FLOW_LABEL_MAX	0xfffff	/* 20 bits, RFC 6437 */

/* PMIP6_A_INSTANCE nest: the per-netns node. */
enum {
	PMIP6_A_INSTANCE_ROLE = 1,	/* u32, enum pmip6_role; absent = unset */
	PMIP6_A_INSTANCE_LOCAL_ADDR,	/* binary, struct in6_addr: LMAA or
					 * Proxy-CoA used as tunnel endpoint
					 */
	PMIP6_A_INSTANCE_GENERATION,	/* u32, read-only: bumped on every
					 * configuration change in the netns
					 */
	PMIP6_A_INSTANCE_NETNS_COOKIE,	/* u64, read-only: which netns answered */
	PMIP6_A_INSTANCE_PAD,		/* padding for 64-bit alignment of u64
					 * attributes; ignore it
					 */

	/* private: */
	__PMIP6_A_INSTANCE_MAX,
	PMIP6_A_INSTANCE_MAX = __PMIP6_A_INSTANCE_MAX - 1
};

/* PMIP6_A_BCE_HNP nest: one Home Network Prefix (RFC 5213 8.3). */
enum {
	PMIP6_A_HNP_PREFIX = 1,		/* binary, struct in6_addr; host bits
					 * beyond PREFIX_LEN must be zero
					 */
	PMIP6_A_HNP_PREFIX_LEN,		/* u8; only 64 is accepted for now */

	/* private: */
	__PMIP6_A_HNP_MAX,
	PMIP6_A_HNP_MAX = __PMIP6_A_HNP_MAX - 1
};

/* Read-only packet and byte counters of a BCE or FMC entry. */
enum {
	PMIP6_A_COUNTERS_PACKETS_TX = 1,	/* u64: toward the MN */
	PMIP6_A_COUNTERS_BYTES_TX,		/* u64 */
	PMIP6_A_COUNTERS_PACKETS_RX,		/* u64: from the MN */
	PMIP6_A_COUNTERS_BYTES_RX,		/* u64 */
	PMIP6_A_COUNTERS_PAD,			/* padding; ignore it */

	/* private: */
	__PMIP6_A_COUNTERS_MAX,
	PMIP6_A_COUNTERS_MAX = __PMIP6_A_COUNTERS_MAX - 1
};

/* PMIP6_A_BCE nest: one binding cache entry, keyed by (MN_ID, BID). */
enum {
	PMIP6_A_BCE_MN_ID = 1,		/* binary, 1..255 bytes (NAI) */
	PMIP6_A_BCE_BID,		/* u16, 1..65535 (RFC 5648 6.1) */
	PMIP6_A_BCE_BID_PRI,		/* u8, 0..127; lower is preferred */
	PMIP6_A_BCE_ATT,		/* u8, access technology type */
	PMIP6_A_BCE_MN_LL_ID,		/* binary, up to 32 bytes */
	PMIP6_A_BCE_PROXY_COA,		/* binary, struct in6_addr, global
					 * unicast
					 */
	PMIP6_A_BCE_HNP,		/* nest, PMIP6_A_HNP_*; multi-attr,
					 * 1..16 per BCE
					 */
	PMIP6_A_BCE_COUNTERS,		/* nest, PMIP6_A_COUNTERS_*; read-only */

	/* private: */
	__PMIP6_A_BCE_MAX,
	PMIP6_A_BCE_MAX = __PMIP6_A_BCE_MAX - 1
};

/*
 * PMIP6_A_FMC_TS nest: an IPv6 binary traffic selector (RFC 6088 3.2).
 * Every field is optional; an absent field matches anything. An END
 * needs its START; a START without END matches that single value.
 */
enum {
	PMIP6_A_TS_SRC_ADDR_START = 1,	/* binary, struct in6_addr */
	PMIP6_A_TS_SRC_ADDR_END,	/* binary, struct in6_addr */
	PMIP6_A_TS_DST_ADDR_START,	/* binary, struct in6_addr */
	PMIP6_A_TS_DST_ADDR_END,	/* binary, struct in6_addr */
	PMIP6_A_TS_SPI_START,		/* u32 */
	PMIP6_A_TS_SPI_END,		/* u32 */
	PMIP6_A_TS_FLOW_LABEL_START,	/* u32, 0..0xfffff */
	PMIP6_A_TS_FLOW_LABEL_END,	/* u32, 0..0xfffff */
	PMIP6_A_TS_SRC_PORT_START,	/* u16 */
	PMIP6_A_TS_SRC_PORT_END,	/* u16 */
	PMIP6_A_TS_DST_PORT_START,	/* u16 */
	PMIP6_A_TS_DST_PORT_END,	/* u16 */
	PMIP6_A_TS_TRAFFIC_CLASS_START,	/* u8 */
	PMIP6_A_TS_TRAFFIC_CLASS_END,	/* u8 */
	PMIP6_A_TS_NEXT_HEADER_START,	/* u8 */
	PMIP6_A_TS_NEXT_HEADER_END,	/* u8 */

	/* private: */
	__PMIP6_A_TS_MAX,
	PMIP6_A_TS_MAX = __PMIP6_A_TS_MAX - 1
};

/* PMIP6_A_FMC nest: one flow mobility cache entry, keyed by (MN_ID, FID). */
enum {
	PMIP6_A_FMC_MN_ID = 1,		/* binary, 1..255 bytes (NAI) */
	PMIP6_A_FMC_FID,		/* u16, 1..65535 (RFC 6089 4.1) */
	PMIP6_A_FMC_FID_PRI,		/* u16; lower value = higher priority */
	PMIP6_A_FMC_TS,			/* nest, PMIP6_A_TS_* */
	PMIP6_A_FMC_BID,		/* u16; multi-attr, 1..8, each a BCE
					 * of the MN at create/set time; the
					 * live one with the best BID_PRI is
					 * used
					 */
	PMIP6_A_FMC_ACTION,		/* u32, enum pmip6_fmc_action */
	PMIP6_A_FMC_ACTIVE,		/* u8, read-only: 0 once none of the
					 * BIDs has a BCE any more
					 */
	PMIP6_A_FMC_COUNTERS,		/* nest, PMIP6_A_COUNTERS_*; read-only */

	/* private: */
	__PMIP6_A_FMC_MAX,
	PMIP6_A_FMC_MAX = __PMIP6_A_FMC_MAX - 1
};

/* Top-level attributes. */
enum {
	PMIP6_A_VERSION = 1,		/* string: module version, read-only */
	PMIP6_A_FAMILY_VERSION,		/* u32: PMIP6_GENL_VERSION, read-only */
	PMIP6_A_INSTANCE,		/* nest, PMIP6_A_INSTANCE_* */
	PMIP6_A_BCE,			/* nest, PMIP6_A_BCE_* */
	PMIP6_A_FMC,			/* nest, PMIP6_A_FMC_* */

	/* private: */
	__PMIP6_A_MAX,
	PMIP6_A_MAX = __PMIP6_A_MAX - 1
};

enum {
	PMIP6_CMD_VERSION_GET = 1,	/* no request attributes; reply carries
					 * PMIP6_A_VERSION, PMIP6_A_FAMILY_VERSION
					 */
	PMIP6_CMD_INSTANCE_GET,		/* reply carries PMIP6_A_INSTANCE */
	PMIP6_CMD_INSTANCE_SET,		/* PMIP6_A_INSTANCE with ROLE (required)
					 * and LOCAL_ADDR (optional); refused
					 * with -EBUSY to change the role while
					 * BCEs or FMC entries exist
					 */
	PMIP6_CMD_BCE_NEW,		/* PMIP6_A_BCE; -EEXIST if (MN_ID, BID)
					 * exists. Role LMA only.
					 */
	PMIP6_CMD_BCE_SET,		/* PMIP6_A_BCE; replaces the whole
					 * entry, -ENOENT if missing
					 */
	PMIP6_CMD_BCE_DEL,		/* PMIP6_A_BCE with MN_ID and BID */
	PMIP6_CMD_BCE_GET,		/* do: MN_ID and BID; dump: all */
	PMIP6_CMD_FMC_NEW,		/* PMIP6_A_FMC; -EEXIST if (MN_ID, FID)
					 * exists. Role LMA or MAG.
					 */
	PMIP6_CMD_FMC_SET,		/* PMIP6_A_FMC; replaces the whole
					 * entry, -ENOENT if missing
					 */
	PMIP6_CMD_FMC_DEL,		/* PMIP6_A_FMC with MN_ID and FID */
	PMIP6_CMD_FMC_GET,		/* do: MN_ID and FID; dump: all */

	/* private: */
	__PMIP6_CMD_MAX,
	PMIP6_CMD_MAX = __PMIP6_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_PMIP6_H */
