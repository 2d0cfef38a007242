/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MAG's binding update list (RFC 5213 section 6.1): one entry per
 * mobile node attached to this MAG, with its LMA, its access interface and
 * its home network prefixes, on-link ones (advertised on the MN's link)
 * and off-link ones (RFC 7864 section 4.1, HNP option with the L flag:
 * routed toward the MN, never advertised).
 *
 * Ownership and locking as in binding.h: an entry is owned by its netns's
 * tables, written under conf_lock, read under RCU, replaced rather than
 * edited (but for its registration state, as a BCE's), freed by
 * call_rcu(). Nothing takes references.
 */
#ifndef _PMIP6_BUL_H
#define _PMIP6_BUL_H

#include "binding.h"

#include <linux/in6.h>
#include <linux/netlink.h>
#include <linux/pmip6.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <net/ipv6.h>

struct pmip6_net;

/**
 * struct pmip6_bul - one binding update list entry, keyed by MN-ID
 * @node: in pmip6_net.bul_table, keyed by @key
 * @index: in pmip6_net.bul_xa; a replacement keeps it
 * @stats: counters, handed from an entry to its replacement
 * @lma_addr: the LMA address (LMAA), the tunnel's remote end
 * @mn_ll_addr: the MN's link-local address, or the unspecified address;
 *	the next hop of the MN's off-link prefixes
 * @ifindex: the access interface the MN is attached on
 * @bid: the BID this MAG registered for the attachment (RFC 5648), 0 if
 *	none; the MN's FMC entries here name it (RFC 7864 section 5.2)
 * @reg: the daemon's registration state; conf_lock (see its struct)
 * @n_onlink: used entries of @onlink, 1..PMIP6_BUL_HNP_MAX
 * @n_offlink: used entries of @offlink, 0..PMIP6_BUL_HNP_MAX
 * @onlink: /64 prefixes hosted on the MN's link
 * @offlink: /64 prefixes routed toward the MN, never advertised
 * @key: the MN-ID
 */
struct pmip6_bul {
	struct rhash_head node;
	u32 index;
	struct pmip6_pcpu_counters __percpu *stats;
	struct rcu_head rcu;
	struct in6_addr lma_addr;
	struct in6_addr mn_ll_addr;
	int ifindex;
	struct pmip6_registration reg;
	u16 bid;
	u8 n_onlink;
	u8 n_offlink;
	struct in6_addr onlink[PMIP6_BUL_HNP_MAX];
	struct in6_addr offlink[PMIP6_BUL_HNP_MAX];
	struct pmip6_mn_key key;
};

/*
 * A validated BUL request. The _attr arrays keep the attribute of each
 * prefix so that a rejection under conf_lock can point at it.
 */
struct pmip6_bul_cfg {
	struct pmip6_mn_key key;
	struct in6_addr lma_addr;
	struct in6_addr mn_ll_addr;
	int ifindex;
	const struct nlattr *ifindex_attr;
	struct pmip6_registration reg;
	u16 bid;
	u8 n_onlink;
	u8 n_offlink;
	struct in6_addr onlink[PMIP6_BUL_HNP_MAX];
	struct in6_addr offlink[PMIP6_BUL_HNP_MAX];
	const struct nlattr *onlink_attr[PMIP6_BUL_HNP_MAX];
	const struct nlattr *offlink_attr[PMIP6_BUL_HNP_MAX];
};

int pmip6_bul_net_init(struct pmip6_net *pn);
void pmip6_bul_net_exit(struct pmip6_net *pn);
int pmip6_bul_init(void);
void pmip6_bul_uninit(void);

/*
 * Writers: the caller holds pn->conf_lock. New, set and remove also flip
 * the active flag of the MN's FMC entries that name the entry's BID, and
 * send the notifications (the BUL entry's first); remove leaves that and
 * its notification to the caller (BUL_DEL), since netns exit needs none.
 */
struct pmip6_bul *pmip6_bul_find(struct pmip6_net *pn,
				 const struct pmip6_mn_key *key);
int pmip6_bul_new(struct pmip6_net *pn, const struct pmip6_bul_cfg *cfg,
		  struct netlink_ext_ack *extack);
int pmip6_bul_set(struct pmip6_net *pn, const struct pmip6_bul_cfg *cfg,
		  struct netlink_ext_ack *extack);
void pmip6_bul_remove(struct pmip6_net *pn, struct pmip6_bul *bul);

/*
 * Packet path: the caller holds rcu_read_lock(); an entry it gets is valid
 * until it drops it, and never changes (a change publishes a new entry).
 */

/*
 * The entry whose on-link or off-link prefixes hold @addr's /64, or NULL;
 * *@offlink says which kind of prefix matched.
 */
struct pmip6_bul *pmip6_bul_lookup_prefix(struct pmip6_net *pn,
					  const struct in6_addr *addr,
					  bool *offlink);
/* Is @addr the LMA address of some entry? For decapsulation. */
bool pmip6_bul_is_lma(struct pmip6_net *pn, const struct in6_addr *addr);

static inline const struct in6_addr *
pmip6_bul_lma_addr(const struct pmip6_bul *bul)
{
	return &bul->lma_addr;
}

static inline int pmip6_bul_ifindex(const struct pmip6_bul *bul)
{
	return bul->ifindex;
}

/* NULL when the MN's link-local address was not given. */
static inline const struct in6_addr *
pmip6_bul_mn_ll_addr(const struct pmip6_bul *bul)
{
	return ipv6_addr_any(&bul->mn_ll_addr) ? NULL : &bul->mn_ll_addr;
}

static inline struct pmip6_pcpu_counters __percpu *
pmip6_bul_stats(const struct pmip6_bul *bul)
{
	return bul->stats;
}

/*
 * A set of IPv6 addresses, each with the number of objects using it: the
 * LMA addresses of the BUL, the peer MAGs of the RO states. Writers hold
 * conf_lock; pmip6_addrset_contains() runs under RCU in O(1).
 */
int pmip6_addrset_init(struct rhashtable *set);
void pmip6_addrset_destroy(struct rhashtable *set);
int pmip6_addrset_get(struct rhashtable *set, const struct in6_addr *addr);
void pmip6_addrset_put(struct rhashtable *set, const struct in6_addr *addr);
bool pmip6_addrset_contains(struct rhashtable *set,
			    const struct in6_addr *addr);

/* The lookups against the table paths, at load with selftest=1; 0: pass. */
int pmip6_bul_selftest(void);

#endif /* _PMIP6_BUL_H */
