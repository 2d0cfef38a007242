/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmipd configuration file: a pure parser (no printing, no globals).
 *
 * One setting per line, '#' starts a comment. Every bad line is an error
 * naming the file, the line and the bad token; nothing is half-parsed.
 *
 *	role lma|mag
 *	local ADDR			# tunnel endpoint: LMAA or Proxy-CoA
 *	control NAME			# control socket (abstract unix name)
 *	lifetime SECONDS		# LMA: most it grants; MAG: what it asks
 *	localized-routing on|off	# draft-loureiro-netext-pmipv6-ro-02,
 *					# default off: LMA: act as RO Controller;
 *					# MAG: accept RO Init and RO Setup
 *	ro-max-per-peer N		# MAG: localized routing states and
 *					# pending setups with one peer MAG; LMA:
 *					# pairs one peer LMA's RO Triggers hold;
 *					# 1..65535, default 256
 *	security ipsec|insecure-lab	# RFC 5213 4.0, default ipsec: signal
 *					# only with peers that IPsec protects
 *	peer ADDR ike			# an IKEv2 daemon keys MH with ADDR
 *	peer ADDR esp-auth ALG KEYHEX [esp-enc ALG KEYHEX] spi-out N spi-in N
 *		static ESP transport-mode SAs and policies for Mobility Header
 *		traffic (next header 135) between local and ADDR (lab keys);
 *		ALG: hmac(sha256|sha384|sha512) (RFC 4868), cbc(aes) (RFC
 *		3602); SPIs 256..4294967295 (RFC 4303 2.1), spi-in unique
 *	heartbeat-interval SECONDS	# RFC 5847 5 HEARTBEAT_INTERVAL, 0..3600,
 *					# 0: send no Heartbeat Request (they
 *					# are still answered), default 60
 *	missing-heartbeats-allowed N	# RFC 5847 5 MISSING_HEARTBEATS_ALLOWED,
 *					# 0..255, default 3
 *	fixed-mag-link-local ADDR	# RFC 5213 9.3 FixedMAGLinkLocalAddressOn-
 *					# AllAccessLinks: the MAGs' link-local
 *					# address on every access link (MAG: no
 *					# Link-local Address option; LMA: what
 *					# it gives a MAG that asks)
 *
 * LMA only:
 *	timestamp-window MS		# RFC 5213 5.5, default 300
 *	min-delay-before-bce-delete MS	# RFC 5213 9.1, default 10000
 *	max-delay-before-new-bce-assign MS	# RFC 5213 9.1, default 1500
 *	prefix-pool P/LEN		# /64s for MNs whose profile names none
 *	ro-lifetime SECONDS		# localized routing state lifetime the
 *					# LMA grants (RO Init, RO Refresh Ack),
 *					# 4..65535, default 60
 *	ro-requests accept|deny		# RO Request of a MAG (draft 7), default deny
 *	ro-peer-lma P/LEN ADDR		# MNs of P/LEN (16..64) are anchored at the
 *					# LMA ADDR (draft 3: prefix-to-LMA
 *					# resolution, by configuration; repeatable)
 *	mag ADDR|any			# RFC 5213 5.3.1: this LMA's MAGs, which
 *					# may register every MN whose profile
 *					# names none (repeatable, at most 64,
 *					# as peers); "any": every peer may
 *	mn NAI [prefix P/64]... [mag ADDR|any]... [lifetime SECONDS]
 *	       [flow-decision lma|mn]
 *		the MN's policy profile (RFC 5213 6.2): its home network
 *		prefixes, the MAGs allowed to register it (its own list
 *		replaces the global one; "any": every peer; with neither
 *		here nor globally the file is refused), and
 *		who takes its flow mobility decisions (RFC 7864 3.2, default
 *		lma: the operator and the flow policy; mn: only the MN's own
 *		requests, relayed with "pmipctl daemon flow request")
 *	flow-policy FILE		# flow rules, see pmipd_policy_parse()
 *
 * MAG only:
 *	lma ADDR			# default LMA of the MNs
 *	access IFNAME			# an access link (repeatable)
 *	timestamps on|off		# Timestamp option (RFC 5213 5.5), default on
 *	fixed-mag-link-layer MAC	# RFC 5213 9.3 FixedMAGLinkLayerAddressOn-
 *					# AllAccessLinks: every access link's MAC
 *	link-local-option on|off	# RFC 5213 6.8: the MAG's link-local
 *					# address per session from the LMA
 *					# (default on); off: the access link's own
 *	ra-interval SECONDS		# unsolicited RA period, default 10
 *	nud-probes N			# is the MN still on its access link?
 *	nud-interval MS			# N unicast Neighbor Solicitations MS
 *					# apart (RFC 4861 7.3.3), 1..10 and
 *					# 50..10000, default 3 and 300: asked
 *					# before an MN moves to another access
 *					# link, and by the LMA's
 *					# FORCE-REREGISTRATION (RFC 7077)
 *	hold-down SECONDS		# after a refused claim or a rejected
 *					# registration, that address's frames on
 *					# that link start nothing, 1..3600,
 *					# default 10
 *	flow-cache on|off		# full per-flow state (RFC 7864 5.2):
 *					# FMC entries from the FMI's Flow
 *					# Identification options, default off
 *	mn NAI ll-id HEX [lma ADDR] [att N] [prefix P/64]... [prefixes shared]
 *		how the MAG recognizes the MN on an access link (its link-layer
 *		identifier, e.g. MAC 02:00:00:00:01:01) and where it registers;
 *		"prefixes shared": this is another interface of an MN that
 *		shares its prefixes (RFC 7864 3.2.1, Handoff Indicator 6)
 */
#ifndef PMIP6_USER_CONFIG_H
#define PMIP6_USER_CONFIG_H

#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "genl.h"

#define PMIPD_CFG_NAI_MAX 254		/* RFC 4283 option room */
#define PMIPD_CFG_LL_ID_MAX 32
#define PMIPD_CFG_PREFIX_MAX 16
#define PMIPD_CFG_MAG_MAX 16
#define PMIPD_CFG_ACCESS_MAX 32
#define PMIPD_CFG_CONTROL_MAX 100
#define PMIPD_CFG_RO_PEER_MAX 16
#define PMIPD_CFG_PEER_MAX 64
#define PMIPD_CFG_KEY_MAX 64		/* octets: hmac(sha512) */

struct pmipd_prefix {
	struct in6_addr addr;
	uint8_t len;
};

/* One "ro-peer-lma" line: a prefix and the LMA that anchors its MNs. */
struct pmipd_ro_peer {
	struct in6_addr prefix;
	uint8_t len;
	struct in6_addr lma;
};

/* One "mn" line: an MN's policy profile. */
struct pmipd_mn_profile {
	unsigned int line;
	size_t nai_len;
	char nai[PMIPD_CFG_NAI_MAX + 1];
	unsigned int n_prefix;
	struct pmipd_prefix prefix[PMIPD_CFG_PREFIX_MAX];
	unsigned int n_mag;			/* LMA: allowed MAGs */
	struct in6_addr mag[PMIPD_CFG_MAG_MAX];
	bool mag_any;				/* LMA: "mag any": every peer */
	uint32_t lifetime;			/* 0: the global value */
	size_t ll_id_len;			/* MAG: link-layer identifier */
	uint8_t ll_id[PMIPD_CFG_LL_ID_MAX];
	bool has_lma;				/* MAG: overrides 'lma' */
	struct in6_addr lma;
	uint8_t att;				/* MAG: access technology */
	bool shared;				/* MAG: prefixes shared */
	bool mn_decides;			/* LMA: flow-decision mn */
};

/* A "flow" line of the flow policy file (LMA-side decision). */
struct pmipd_flow_rule {
	unsigned int line;
	const struct pmipd_mn_profile *mn;
	uint16_t fid, prio;
	uint32_t action;			/* PMIP6_FMC_ACTION_* */
	uint8_t att;				/* the interface it prefers */
	struct pmip6_ts ts;
};

/* A "prefix" line: move the prefix to the MN's interface of this access
 * technology when that interface attaches (RFC 7864 3.3; the flowmob
 * draft-10's 3.2.2, Figure 6). */
struct pmipd_prefix_rule {
	unsigned int line;
	const struct pmipd_mn_profile *mn;
	struct in6_addr prefix;
	uint8_t att;
};

/* RFC 5213 4.0: how signaling with the other mobility entities is kept. */
enum pmipd_security {
	PMIPD_SECURITY_IPSEC,		/* default: ESP or nothing */
	PMIPD_SECURITY_INSECURE_LAB,	/* no check at all, logged loudly */
};

/* One "peer" line: how MH traffic with one address is protected. */
struct pmipd_peer {
	unsigned int line;
	struct in6_addr addr;
	bool ike;			/* an IKEv2 daemon installs the SAs */
	/* Static SAs (ike false): kernel algorithm names, keys, SPIs. */
	const char *auth_alg;		/* "hmac(sha256)"... (static string) */
	unsigned int auth_trunc_bits;	/* RFC 4868 2.3: half the hash */
	size_t auth_key_len;
	uint8_t auth_key[PMIPD_CFG_KEY_MAX];
	const char *enc_alg;		/* NULL: authentication only */
	size_t enc_key_len;
	uint8_t enc_key[PMIPD_CFG_KEY_MAX];
	uint32_t spi_out, spi_in;
};

struct pmipd_config {
	bool has_role;
	uint32_t role;			/* enum pmip6_role */
	bool has_local_addr;
	struct in6_addr local_addr;
	char control[PMIPD_CFG_CONTROL_MAX + 1];
	uint32_t lifetime;		/* seconds */
	uint32_t timestamp_window_ms;
	uint32_t min_delay_bce_delete_ms;
	uint32_t max_delay_new_bce_ms;
	bool has_pool;			/* LMA: prefix-pool */
	struct pmipd_prefix pool;	/* len 40..63 */
	bool has_lma;
	struct in6_addr lma;
	unsigned int n_access;
	char access[PMIPD_CFG_ACCESS_MAX][16];
	bool timestamps;
	/*
	 * RFC 5213 6.8, 6.9.3, 9.3: the MAG's addresses on its access links,
	 * the same at every MAG so that an MN's default router does not
	 * change at a handover. Fixed for the domain when has_fixed_mag_ll
	 * (FixedMAGLinkLocalAddressOnAllAccessLinks; both roles), else per
	 * mobility session from the LMA (the Link-local Address option),
	 * unless link_local_option is off (MAG: then each MAG its own, the
	 * access link's). has_fixed_mag_mac: FixedMAGLinkLayerAddressOn-
	 * AllAccessLinks (MAG), else each access link keeps its own.
	 */
	bool has_fixed_mag_ll;
	struct in6_addr fixed_mag_ll;
	bool has_fixed_mag_mac;
	uint8_t fixed_mag_mac[6];
	bool link_local_option;		/* MAG, default on */
	unsigned int link_local_option_line;	/* 0: not in the file */
	uint32_t ra_interval;		/* seconds */
	uint32_t nud_probes;		/* MAG: unanswered NS = MN gone */
	uint32_t nud_interval_ms;	/* MAG: between those probes */
	uint32_t hold_down_s;		/* MAG: a refused claim waits */
	bool localized_routing;		/* both roles */
	uint32_t ro_lifetime;		/* LMA: seconds */
	bool ro_requests;		/* LMA: accept RO Requests */
	unsigned int n_ro_peer;		/* LMA: ro-peer-lma lines */
	struct pmipd_ro_peer ro_peer[PMIPD_CFG_RO_PEER_MAX];
	uint32_t ro_max_per_peer;	/* both: see ro-max-per-peer */
	/*
	 * LMA, RFC 5213 5.3.1: the "mag" lines, the MAGs that may register
	 * an MN whose profile names none (each needs a peer line under
	 * security ipsec: as many as peers), or "mag any".
	 */
	unsigned int n_mag;
	struct in6_addr mag[PMIPD_CFG_PEER_MAX];
	bool mag_any;
	unsigned int mag_line;		/* the first "mag" line */
	size_t n_mn;
	struct pmipd_mn_profile *mn;	/* n_mn profiles, owned */
	/*
	 * Private to config.c: room in mn, and two open-addressing indexes
	 * of mn (slot = profile index + 1, 0 = empty; mn_slots slots each,
	 * a power of 2 kept at least twice n_mn), by NAI and by link-layer
	 * identifier, so that a PBU or RS finds its profile in O(1) and a
	 * file of 100k 'mn' lines loads in linear time. Indexes rather than
	 * pointers: they survive the realloc of mn and a copy of the struct.
	 */
	size_t mn_cap, mn_slots;
	uint32_t *mn_by_nai, *mn_by_ll_id;
	char flow_policy[PATH_MAX];	/* LMA: "" when none */
	bool flow_cache;		/* MAG: flow-cache on */
	size_t n_flow_rule, n_prefix_rule;
	struct pmipd_flow_rule *flow_rule;	/* owned */
	struct pmipd_prefix_rule *prefix_rule;	/* owned */
	enum pmipd_security security;
	uint32_t heartbeat_interval;	/* seconds, 0: no requests */
	uint32_t missing_heartbeats_allowed;
	size_t n_peer;
	struct pmipd_peer *peer;	/* owned; keys wiped by _free() */
	/* Line of the first role-specific setting, for pmipd_config_check(). */
	unsigned int lma_only_line, mag_only_line;
	char lma_only_name[40], mag_only_name[40];
};

/* Defaults (RFC 5213 9.1 and the PMIPv6 MIB, RFC 6475). */
#define PMIPD_DEF_CONTROL "pmipd"
#define PMIPD_DEF_LIFETIME 300
#define PMIPD_DEF_TIMESTAMP_WINDOW_MS 300
#define PMIPD_DEF_MIN_DELAY_BCE_DELETE_MS 10000
#define PMIPD_DEF_MAX_DELAY_NEW_BCE_MS 1500
#define PMIPD_DEF_RA_INTERVAL 10
#define PMIPD_DEF_NUD_PROBES 3		/* RFC 4861 10 MAX_UNICAST_SOLICIT */
#define PMIPD_DEF_NUD_INTERVAL_MS 300	/* RetransTimer is 1000: kept short,
					 * a handover may wait on it */
#define PMIPD_DEF_HOLD_DOWN 10
#define PMIPD_DEF_RO_LIFETIME 60
/* RFC 5847 5: "The default value is 60 seconds", "The default value for
 * this variable is 3". */
#define PMIPD_DEF_HEARTBEAT_INTERVAL 60
#define PMIPD_DEF_MISSING_HEARTBEATS_ALLOWED 3
#define PMIPD_HEARTBEAT_INTERVAL_MAX 3600	/* RFC 5847 5: SHOULD NOT be more */
#define PMIPD_HEARTBEAT_INTERVAL_MIN_ADVISED 30	/* ... nor less */
#define PMIPD_DEF_RO_MAX_PER_PEER 256
#define PMIPD_LIFETIME_MAX (65535u * 4u)	/* 16-bit field, 4 s units */

/* Zero *cfg and set every default. */
void pmipd_config_init(struct pmipd_config *cfg);

/*
 * Parse the whole stream into *cfg (initialized first; release with
 * pmipd_config_free()). name is only used in error text ("FILE:LINE: ...").
 * Returns 0, or -EINVAL with err set for a bad line, or another negative
 * errno for a read error or no memory.
 */
int pmipd_config_parse(FILE *f, const char *name, struct pmipd_config *cfg,
		       char *err, size_t errlen);

/*
 * After the command line is merged in: the role is known, so settings of
 * the other role and missing required ones are errors. Returns 0 or
 * -EINVAL with err set.
 */
int pmipd_config_check(const struct pmipd_config *cfg, const char *name,
		       char *err, size_t errlen);

void pmipd_config_free(struct pmipd_config *cfg);

/*
 * The flow policy file (LMA), after the configuration: one rule a line,
 *
 *	flow MN fid N [prio P] [action forward|drop] att A [SELECTOR]
 *		keep flow N of MN on its interface of access technology A
 *		while one is registered (moved there, with an FMI when that
 *		interface does not hold the MN's prefixes); without one the
 *		flow follows its prefix. SELECTOR as pmipctl's (src, dst,
 *		proto, sport, dport, spi, label, tclass).
 *	prefix MN P/64 att A
 *		when MN attaches an interface of access technology A, move
 *		P from its other binding to the new one in the PBA, and
 *		revoke it at the old MAG (BRI with the P flag).
 *
 * MN must have a profile whose flow decisions are the LMA's. Replaces
 * cfg's rules only when the whole file is good. 0 or -errno, err set.
 */
int pmipd_policy_parse(FILE *f, const char *name, struct pmipd_config *cfg,
		       char *err, size_t errlen);

/* The profile for this NAI, or NULL. O(1): hashed. */
const struct pmipd_mn_profile *pmipd_config_mn(const struct pmipd_config *cfg,
					       const uint8_t *nai, size_t len);
/* The peer line for this address, or NULL. */
const struct pmipd_peer *pmipd_config_peer(const struct pmipd_config *cfg,
					   const struct in6_addr *addr);
/* MAG: the profile whose link-layer identifier is this (len > 0), or NULL. */
const struct pmipd_mn_profile *pmipd_config_mn_by_ll_id(const struct pmipd_config *cfg,
							const uint8_t *ll_id, size_t len);

/*
 * LMA, RFC 5213 5.3.1: may the MAG at addr register the MN of profile p?
 * Its own "mag" list (or "mag any") if it has one, else the global one.
 */
bool pmipd_config_mag_allowed(const struct pmipd_config *cfg, const struct pmipd_mn_profile *p,
			      const struct in6_addr *addr);

/* LMA: the peer LMA of the longest ro-peer-lma prefix holding addr, or NULL. */
const struct in6_addr *pmipd_config_ro_peer(const struct pmipd_config *cfg,
					    const struct in6_addr *addr);

/* Parse "P/LEN" (LEN 64 only, host bits zero). 0 or -EINVAL. */
int pmipd_prefix_parse(const char *s, struct pmipd_prefix *out);
/* Parse a link-layer identifier: hex bytes, ':' or '-' separated or not. */
int pmipd_ll_id_parse(const char *s, uint8_t *out, size_t cap, size_t *len);

#endif /* PMIP6_USER_CONFIG_H */
