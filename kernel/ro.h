/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Localized routing states (draft-loureiro-netext-pmipv6-ro-02 sections
 * 4.1 to 4.5): traffic from one MN's /64 HNP to another's goes straight to
 * the peer MAG instead of through the LMA(s). A MAG keeps the states it
 * forwards by; an LMA keeps the states it controls or triggered, as
 * bookkeeping for re-setup on handover (sections 4.3 and 4.4).
 *
 * States have a lifetime (section 3). The kernel keeps the expiry time,
 * ignores expired states in the packet path at once, and deletes them
 * from a per-netns delayed work armed for the earliest expiry, reporting
 * each with an RO_NTF of change EXPIRED; pmipd refreshes the states it
 * still wants with RO_SET (section 4.5) before then.
 *
 * Ownership and locking as in binding.h: a state is owned by its netns's
 * tables, written under conf_lock, read under RCU, replaced rather than
 * edited, freed by call_rcu(). Nothing takes references.
 */
#ifndef _PMIP6_RO_H
#define _PMIP6_RO_H

#include "binding.h"

#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>

struct pmip6_net;

/* The first 64 bits of each prefix, as pmip6_prefix64() reads them. */
struct pmip6_ro_key {
	u64 src;
	u64 dst;
};

/**
 * struct pmip6_ro - one localized routing state, keyed by (src, dst) /64
 * @node: in pmip6_net.ro_table, keyed by @key
 * @index: in pmip6_net.ro_xa; a replacement keeps it
 * @stats: counters, handed from a state to its replacement
 * @key: source MN's and destination MN's HNP
 * @peer: the peer MAG's address, the tunnel's remote end
 * @expires: jiffies at which the state stops being used
 * @lifetime: the lifetime it was given, in seconds
 * @owner: enum pmip6_ro_owner
 */
struct pmip6_ro {
	struct rhash_head node;
	u32 index;
	struct pmip6_pcpu_counters __percpu *stats;
	struct rcu_head rcu;
	struct pmip6_ro_key key;
	struct in6_addr peer;
	unsigned long expires;
	u32 lifetime;
	u8 owner;
};

/* A validated RO request; its lifetime is 1 s or more. */
struct pmip6_ro_cfg {
	struct pmip6_ro_key key;
	struct in6_addr peer;
	u32 lifetime;
	u8 owner;
};

int pmip6_ro_net_init(struct pmip6_net *pn);
void pmip6_ro_net_exit(struct pmip6_net *pn);
int pmip6_ro_init(void);
void pmip6_ro_uninit(void);

/* Writers: the caller holds pn->conf_lock. */
struct pmip6_ro *pmip6_ro_find(struct pmip6_net *pn,
			       const struct pmip6_ro_key *key);
int pmip6_ro_new(struct pmip6_net *pn, const struct pmip6_ro_cfg *cfg,
		 struct netlink_ext_ack *extack);
int pmip6_ro_set(struct pmip6_net *pn, const struct pmip6_ro_cfg *cfg,
		 struct netlink_ext_ack *extack);
void pmip6_ro_remove(struct pmip6_net *pn, struct pmip6_ro *ro);
void pmip6_ro_remove_ntf(struct pmip6_net *pn, struct pmip6_ro *ro,
			 u8 change);

/* The lookups against the table paths, at load with selftest=1; 0: pass. */
int pmip6_ro_selftest(void);

/* Whole seconds left, rounded up; 0 once expired. */
static inline u32 pmip6_ro_remaining(const struct pmip6_ro *ro)
{
	long left = (long)(ro->expires - jiffies);

	return left > 0 ? DIV_ROUND_UP((unsigned long)left, HZ) : 0;
}

static inline bool pmip6_ro_expired(const struct pmip6_ro *ro)
{
	return time_after_eq(jiffies, ro->expires);
}

/*
 * Packet path: the caller holds rcu_read_lock(); a state it gets is valid
 * until it drops it, and never changes.
 */

/* The live state for @saddr's /64 to @daddr's /64, or NULL. */
struct pmip6_ro *pmip6_ro_lookup(struct pmip6_net *pn,
				 const struct in6_addr *saddr,
				 const struct in6_addr *daddr);
/*
 * Is @peer the peer MAG of some state? For decapsulation. Expired states
 * count until the expiry work (or userspace) deletes them.
 */
bool pmip6_ro_is_peer(struct pmip6_net *pn, const struct in6_addr *peer);

static inline const struct in6_addr *pmip6_ro_peer(const struct pmip6_ro *ro)
{
	return &ro->peer;
}

static inline u8 pmip6_ro_owner(const struct pmip6_ro *ro)
{
	return ro->owner;
}

static inline struct pmip6_pcpu_counters __percpu *
pmip6_ro_stats(const struct pmip6_ro *ro)
{
	return ro->stats;
}

#endif /* _PMIP6_RO_H */
