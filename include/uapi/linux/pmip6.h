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

/* Who keeps a localized routing state (draft-loureiro-netext-pmipv6-ro). */
enum pmip6_ro_owner {
	PMIP6_RO_OWNER_CONTROLLER = 1,	/* the LMA that is RO Controller */
	PMIP6_RO_OWNER_TRIGGER = 2,	/* the LMA that is RO Trigger */
	PMIP6_RO_OWNER_MAG = 3,		/* a MAG forwarding by the state */

	/* private: */
	__PMIP6_RO_OWNER_MAX,
	PMIP6_RO_OWNER_MAX = __PMIP6_RO_OWNER_MAX - 1
};

/*
 * What a state-change notification (PMIP6_CMD_*_NTF but MN_TRAFFIC) says
 * happened to the object it carries, in PMIP6_A_CHANGE.
 */
enum pmip6_change {
	PMIP6_CHANGE_NEW = 1,		/* created (instance: first role set) */
	PMIP6_CHANGE_SET = 2,		/* replaced by a SET (the new value) */
	PMIP6_CHANGE_DEL = 3,		/* deleted by a DEL (the old value) */
	PMIP6_CHANGE_EXPIRED = 4,	/* RO state whose lifetime ran out,
					 * deleted by the kernel (the old
					 * value)
					 */
	PMIP6_CHANGE_ACTIVITY = 5,	/* FMC entry whose ACTIVE flag flipped
					 * because a BCE (LMA) or BUL entry
					 * (MAG) it names came or went (RFC
					 * 7864 5.2)
					 */

	/* private: */
	__PMIP6_CHANGE_MAX,
	PMIP6_CHANGE_MAX = __PMIP6_CHANGE_MAX - 1
};

/* Limits the module enforces; also stated in the spec. */
#define PMIP6_MN_ID_MAX_LEN	255	/* NAI, RFC 4283 option length */
#define PMIP6_MN_LL_ID_MAX_LEN	32
#define PMIP6_BCE_HNP_MAX	16	/* HNPs per BCE */
#define PMIP6_BCE_PER_MN_MAX	64	/* BCEs per mobile node */
#define PMIP6_FMC_BID_MAX	8	/* BIDs per FMC entry */
#define PMIP6_FMC_PER_MN_MAX	64	/* FMC entries per mobile node */
#define PMIP6_BID_PRI_MAX	127	/* 7 bits, RFC 6089 section 4.1 */
#define PMIP6_FLOW_LABEL_MAX	0xfffff	/* 20 bits, RFC 6437 */
#define PMIP6_BUL_HNP_MAX	16	/* on-link, and again off-link, HNPs
					 * per BUL entry
					 */
#define PMIP6_REMOTE_PREFIX_MAX	16	/* remote prefixes per instance */

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
	PMIP6_A_INSTANCE_IFINDEX = 6,	/* u32, read-only: the netns's "pmip6"
					 * device, created with the first role
					 */
	PMIP6_A_INSTANCE_STATS = 7,	/* nest, PMIP6_A_STATS_*; read-only */
	PMIP6_A_INSTANCE_REMOTE_PREFIXES = 8,	/* nest,
					 * PMIP6_A_REMOTE_PREFIXES_*; LMA only.
					 * In INSTANCE_SET it replaces the list
					 * (empty: clears it); absent keeps it
					 */
	PMIP6_A_INSTANCE_RESTART_COUNTER = 9,	/* u32: the node's Restart
					 * Counter (RFC 5847 3.2), kept for the
					 * signaling daemon: the seconds since
					 * the epoch when the instance was
					 * created, or what INSTANCE_SET last
					 * gave. It survives a daemon restart
					 * with the instance's state, and a new
					 * instance (module reload, new netns)
					 * starts with a new value
					 */

	/* private: */
	__PMIP6_A_INSTANCE_MAX,
	PMIP6_A_INSTANCE_MAX = __PMIP6_A_INSTANCE_MAX - 1
};

/*
 * PMIP6_A_INSTANCE_REMOTE_PREFIXES nest: prefixes of MNs anchored at other
 * LMAs (draft-loureiro-netext-pmipv6-ro-02 3, 4.2). A packet an LMA
 * decapsulates from one of its MNs toward one of them is reported as
 * PMIP6_CMD_MN_TRAFFIC_NTF without PMIP6_A_EVENT_DST_MN_ID.
 */
enum {
	PMIP6_A_REMOTE_PREFIXES_PREFIX = 1,	/* nest, PMIP6_A_HNP_*;
						 * multi-attr, 0..16; length
						 * 16..64, host bits zero,
						 * no duplicates
						 */

	/* private: */
	__PMIP6_A_REMOTE_PREFIXES_MAX,
	PMIP6_A_REMOTE_PREFIXES_MAX = __PMIP6_A_REMOTE_PREFIXES_MAX - 1
};

/*
 * PMIP6_A_INSTANCE_STATS nest: per-instance packet path counters, all u64.
 * The drops are packets the module discarded, by reason.
 */
enum {
	PMIP6_A_STATS_NO_BINDING = 1,	/* no BCE or BUL entry for the packet */
	PMIP6_A_STATS_FMC_DROP = 2,	/* a drop FMC entry matched */
	PMIP6_A_STATS_NO_ROUTE = 3,	/* no route to the tunnel endpoint,
					 * a routing loop, or no local address
					 */
	PMIP6_A_STATS_TOO_BIG = 4,	/* too big for the tunnel path; an
					 * ICMPv6 Packet Too Big was sent
					 */
	PMIP6_A_STATS_UNKNOWN_PEER = 5,	/* tunnelled to our local address from
					 * a source not bound to the inner
					 * source
					 */
	PMIP6_A_STATS_BAD_PACKET = 6,	/* malformed, not IPv6, ECN (RFC 6040)
					 * or IPsec policy reject
					 */
	PMIP6_A_STATS_EVENTS = 7,	/* MN_TRAFFIC notifications sent */
	PMIP6_A_STATS_PAD = 8,		/* padding; ignore it */

	/* private: */
	__PMIP6_A_STATS_MAX,
	PMIP6_A_STATS_MAX = __PMIP6_A_STATS_MAX - 1
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

/*
 * PMIP6_A_BCE_REGISTRATION and PMIP6_A_BUL_REGISTRATION nest: the
 * registration state of a BCE (RFC 5213 5.1) or BUL entry (RFC 5213 6.1)
 * that the signaling daemon keeps. The packet path does not use it and
 * the module never acts on it (nothing is deleted when REMAINING_MS runs
 * out): it is kept so that a daemon that restarts adopts each binding as
 * it was, with its lifetime still counting. Optional in NEW and SET; a
 * reply carries it when the last NEW or SET did. A SET that changes
 * nothing but this nest updates the entry in place.
 */
enum {
	/* u32, seconds: the lifetime of the last accepted registration; 0
	 * after a de-registration
	 */
	PMIP6_A_REGISTRATION_LIFETIME = 1,
	/* u32: in NEW and SET, milliseconds from now until the daemon ends
	 * the binding (its lifetime, or the delay before deletion after a
	 * de-registration); in replies, what is left of it, 0 once passed
	 */
	PMIP6_A_REGISTRATION_REMAINING_MS = 2,
	/* u16: LMA, the sequence number of the last accepted PBU; MAG, of
	 * the last PBU sent
	 */
	PMIP6_A_REGISTRATION_SEQUENCE = 3,
	/* u64: the Timestamp option (RFC 5213 8.8) of the last accepted
	 * PBU; absent when it had none
	 */
	PMIP6_A_REGISTRATION_TIMESTAMP = 4,
	PMIP6_A_REGISTRATION_PAD = 5,	/* padding; ignore it */
	/* binary, struct in6_addr, link-local unicast; optional: the MAG's
	 * link-local address on the MN's access link (RFC 5213 5.1, 6.1,
	 * 6.8): LMA, the one the BCE holds for the session; MAG, the one it
	 * advertises from to the MN
	 */
	PMIP6_A_REGISTRATION_MAG_LL_ADDR = 6,

	/* private: */
	__PMIP6_A_REGISTRATION_MAX,
	PMIP6_A_REGISTRATION_MAX = __PMIP6_A_REGISTRATION_MAX - 1
};

/* PMIP6_A_BCE nest: one binding cache entry, keyed by (MN_ID, BID). */
enum {
	PMIP6_A_BCE_MN_ID = 1,		/* binary, 1..255 bytes (NAI) */
	PMIP6_A_BCE_BID,		/* u16, 1..65535 (RFC 5648 4.3) */
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
	PMIP6_A_BCE_REGISTRATION = 9,	/* nest, PMIP6_A_REGISTRATION_* */

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
	PMIP6_A_FMC_FID,		/* u16, 1..65535 (RFC 6089 4.2) */
	PMIP6_A_FMC_FID_PRI,		/* u16; lower value = higher priority */
	PMIP6_A_FMC_TS,			/* nest, PMIP6_A_TS_* */
	PMIP6_A_FMC_BID,		/* u16; multi-attr, 1..8. On an LMA
					 * each a BCE of the MN at create/set
					 * time, the live one with the best
					 * BID_PRI is used; on a MAG each the
					 * PMIP6_A_BUL_BID of the MN's BUL
					 * entry
					 */
	PMIP6_A_FMC_ACTION,		/* u32, enum pmip6_fmc_action */
	PMIP6_A_FMC_ACTIVE,		/* u8, read-only: 0 once none of the
					 * BIDs has a BCE (LMA) or is the BUL
					 * entry's BID (MAG) any more
					 */
	PMIP6_A_FMC_COUNTERS,		/* nest, PMIP6_A_COUNTERS_*; read-only */

	/* private: */
	__PMIP6_A_FMC_MAX,
	PMIP6_A_FMC_MAX = __PMIP6_A_FMC_MAX - 1
};

/*
 * PMIP6_A_BUL nest: one MAG binding update list entry (RFC 5213 6.1),
 * keyed by MN_ID.
 */
enum {
	PMIP6_A_BUL_MN_ID = 1,		/* binary, 1..255 bytes (NAI) */
	PMIP6_A_BUL_LMA_ADDR = 2,	/* binary, struct in6_addr, global
					 * unicast
					 */
	PMIP6_A_BUL_IFINDEX = 3,	/* u32: access interface; must exist
					 * when the entry is created or set
					 */
	PMIP6_A_BUL_MN_LL_ADDR = 4,	/* binary, struct in6_addr, link-local
					 * unicast; optional
					 */
	PMIP6_A_BUL_HNP = 5,		/* nest, PMIP6_A_HNP_*; multi-attr,
					 * 1..16 on-link HNPs
					 */
	PMIP6_A_BUL_OFFLINK_HNP = 6,	/* nest, PMIP6_A_HNP_*; multi-attr,
					 * 0..16 off-link HNPs (RFC 7864 4.1,
					 * L flag): routed, never advertised
					 */
	PMIP6_A_BUL_COUNTERS = 7,	/* nest, PMIP6_A_COUNTERS_*; read-only */
	PMIP6_A_BUL_BID = 8,		/* u16, 1..65535, optional: the BID the
					 * MAG registered for this attachment
					 * (RFC 5648); a MAG's FMC entries of
					 * the MN must name it
					 */
	PMIP6_A_BUL_REGISTRATION = 9,	/* nest, PMIP6_A_REGISTRATION_* */

	/* private: */
	__PMIP6_A_BUL_MAX,
	PMIP6_A_BUL_MAX = __PMIP6_A_BUL_MAX - 1
};

/*
 * PMIP6_A_RO nest: one localized routing state, keyed by (SRC_HNP,
 * DST_HNP), both /64 nests of PMIP6_A_HNP_*.
 */
enum {
	PMIP6_A_RO_SRC_HNP = 1,		/* nest, PMIP6_A_HNP_*: source MN's */
	PMIP6_A_RO_DST_HNP = 2,		/* nest, PMIP6_A_HNP_*: destination
					 * MN's
					 */
	PMIP6_A_RO_PEER_ADDR = 3,	/* binary, struct in6_addr, global
					 * unicast: the peer MAG
					 */
	PMIP6_A_RO_LIFETIME = 4,	/* u32, seconds, at least 1; counts
					 * from the last NEW or SET
					 */
	PMIP6_A_RO_OWNER = 5,		/* u8, enum pmip6_ro_owner: mag on a
					 * MAG, controller or trigger on an LMA
					 */
	PMIP6_A_RO_REMAINING = 6,	/* u32, read-only: seconds left,
					 * rounded up; 0 once expired, shortly
					 * before the kernel deletes the state
					 * (PMIP6_CMD_RO_NTF, EXPIRED)
					 */
	PMIP6_A_RO_COUNTERS = 7,	/* nest, PMIP6_A_COUNTERS_*; read-only */

	/* private: */
	__PMIP6_A_RO_MAX,
	PMIP6_A_RO_MAX = __PMIP6_A_RO_MAX - 1
};

/*
 * PMIP6_A_EVENT nest of PMIP6_CMD_MN_TRAFFIC_NTF: the LMA forwarded a
 * packet from one of its MNs to another, or to a remote prefix
 * (PMIP6_A_INSTANCE_REMOTE_PREFIXES): the localized routing trigger.
 */
enum {
	PMIP6_A_EVENT_SRC_MN_ID = 1,	/* binary, 1..255 bytes (NAI) */
	PMIP6_A_EVENT_SRC_HNP = 2,	/* nest, PMIP6_A_HNP_*: the source's
					 * /64
					 */
	PMIP6_A_EVENT_DST_MN_ID = 3,	/* binary, 1..255 bytes (NAI); absent
					 * when the destination is in a remote
					 * prefix (an MN of another LMA)
					 */
	PMIP6_A_EVENT_DST_HNP = 4,	/* nest, PMIP6_A_HNP_*: the
					 * destination's /64
					 */

	/* private: */
	__PMIP6_A_EVENT_MAX,
	PMIP6_A_EVENT_MAX = __PMIP6_A_EVENT_MAX - 1
};

/* Top-level attributes. */
enum {
	PMIP6_A_VERSION = 1,		/* string: module version, read-only */
	PMIP6_A_FAMILY_VERSION,		/* u32: PMIP6_GENL_VERSION, read-only */
	PMIP6_A_INSTANCE,		/* nest, PMIP6_A_INSTANCE_* */
	PMIP6_A_BCE,			/* nest, PMIP6_A_BCE_* */
	PMIP6_A_FMC,			/* nest, PMIP6_A_FMC_* */
	PMIP6_A_BUL = 6,		/* nest, PMIP6_A_BUL_* */
	PMIP6_A_RO = 7,			/* nest, PMIP6_A_RO_* */
	PMIP6_A_EVENT = 8,		/* nest, PMIP6_A_EVENT_* */
	PMIP6_A_CHANGE = 9,		/* u8, enum pmip6_change; in state
					 * change notifications only
					 */
	PMIP6_A_TIMESTAMP = 10,		/* u64, ns since the epoch
					 * (CLOCK_REALTIME) at which the change
					 * was committed, just before the send;
					 * in state change notifications only
					 */
	PMIP6_A_PAD = 11,		/* padding for PMIP6_A_TIMESTAMP;
					 * ignore it
					 */

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
					 * BCEs, FMC or BUL entries or RO
					 * states exist
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
	PMIP6_CMD_BUL_NEW = 12,		/* PMIP6_A_BUL; -EEXIST if MN_ID
					 * exists. Role MAG only.
					 */
	PMIP6_CMD_BUL_SET = 13,		/* PMIP6_A_BUL; replaces the whole
					 * entry, -ENOENT if missing
					 */
	PMIP6_CMD_BUL_DEL = 14,		/* PMIP6_A_BUL with MN_ID */
	PMIP6_CMD_BUL_GET = 15,		/* do: MN_ID; dump: all */
	PMIP6_CMD_RO_NEW = 16,		/* PMIP6_A_RO; -EEXIST if (SRC_HNP,
					 * DST_HNP) exists. Role LMA or MAG.
					 */
	PMIP6_CMD_RO_SET = 17,		/* PMIP6_A_RO; replaces the whole
					 * state and restarts its lifetime,
					 * -ENOENT if missing
					 */
	PMIP6_CMD_RO_DEL = 18,		/* PMIP6_A_RO with SRC_HNP, DST_HNP */
	PMIP6_CMD_RO_GET = 19,		/* do: SRC_HNP, DST_HNP; dump: all */
	PMIP6_CMD_MN_TRAFFIC_NTF = 20,	/* notification only, on the events
					 * group: PMIP6_A_EVENT; at most one a
					 * second per pair of MNs
					 */
	/*
	 * State-change notifications, on the events group of the netns where
	 * the change happened, sent once the change is committed (in the
	 * order of the changes). Never accepted as requests. Each carries
	 * PMIP6_A_CHANGE and the object's nest as its GET returns it (for
	 * DEL and EXPIRED: as it was). A listener that gets ENOBUFS lost
	 * some and resyncs by dumping.
	 */
	PMIP6_CMD_INSTANCE_NTF = 21,	/* PMIP6_A_INSTANCE; NEW (first role)
					 * or SET
					 */
	PMIP6_CMD_BCE_NTF = 22,		/* PMIP6_A_BCE; NEW, SET, DEL */
	PMIP6_CMD_FMC_NTF = 23,		/* PMIP6_A_FMC; NEW, SET, DEL,
					 * ACTIVITY
					 */
	PMIP6_CMD_BUL_NTF = 24,		/* PMIP6_A_BUL; NEW, SET, DEL */
	PMIP6_CMD_RO_NTF = 25,		/* PMIP6_A_RO; NEW, SET, DEL, EXPIRED */

	/* private: */
	__PMIP6_CMD_MAX,
	PMIP6_CMD_MAX = __PMIP6_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_PMIP6_H */
