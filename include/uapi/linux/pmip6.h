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

/* Top-level attributes. */
enum {
	PMIP6_A_VERSION = 1,		/* string: module version, read-only */
	PMIP6_A_FAMILY_VERSION,		/* u32: PMIP6_GENL_VERSION, read-only */
	PMIP6_A_INSTANCE,		/* nest, PMIP6_A_INSTANCE_* */

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
					 * and LOCAL_ADDR (optional)
					 */

	/* private: */
	__PMIP6_CMD_MAX,
	PMIP6_CMD_MAX = __PMIP6_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_PMIP6_H */
