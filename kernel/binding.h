/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LMA's binding cache: mobile nodes, their binding cache entries (one
 * per attachment, RFC 7864 section 5.1) and the HNP -> MN table the packet
 * path looks destinations up in.
 *
 * Ownership: every object is owned by the table or list it is linked on,
 * and nothing takes references. A mobile node is owned by its netns's
 * tables, a BCE by its MN's list. Writers hold the netns's conf_lock;
 * readers hold rcu_read_lock() and may see an object until a grace period
 * after it was unlinked, never after: objects are freed by call_rcu().
 * Published objects are never edited; a change publishes a new copy. The
 * one exception is struct pmip6_registration, which no RCU reader reads.
 */
#ifndef _PMIP6_BINDING_H
#define _PMIP6_BINDING_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netlink.h>
#include <linux/pmip6.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

struct pmip6_net;

/*
 * Per-CPU packet and byte counters of a BCE or FMC entry. A new copy of an
 * object takes over its predecessor's counters (see the _replace()
 * functions), so they survive updates.
 */
struct pmip6_pcpu_counters {
	u64_stats_t packets_tx;
	u64_stats_t bytes_tx;
	u64_stats_t packets_rx;
	u64_stats_t bytes_rx;
	struct u64_stats_sync syncp;
};

struct pmip6_counters {
	u64 packets_tx;
	u64 bytes_tx;
	u64 packets_rx;
	u64 bytes_rx;
};

struct pmip6_pcpu_counters __percpu *pmip6_counters_alloc(void);
void pmip6_counters_sum(const struct pmip6_pcpu_counters __percpu *pc,
			struct pmip6_counters *sum);

/**
 * struct pmip6_registration - what the signaling daemon keeps of a binding
 * @expires: ktime_get_ns() at which the daemon ends the binding
 * @timestamp: Timestamp option of the last accepted PBU, if @has_timestamp
 * @lifetime: seconds of the last accepted registration, 0 once de-registered
 * @sequence: LMA: last accepted PBU's sequence number; MAG: last sent
 * @mag_ll_addr: the MAG's link-local address on the MN's access link
 *	(RFC 5213 5.1, 6.1); :: when none
 * @has_timestamp: @timestamp is set
 * @present: the last NEW or SET carried it; otherwise all zero
 *
 * PMIP6_A_*_REGISTRATION (RFC 5213 5.1 and 6.1). Never read by the packet
 * path: only netlink reads and writes it, under conf_lock, which is why a
 * SET that changes nothing else may write it in place.
 */
struct pmip6_registration {
	u64 expires;
	u64 timestamp;
	struct in6_addr mag_ll_addr;
	u32 lifetime;
	u16 sequence;
	u8 has_timestamp;
	u8 present;
};

/* Fixed size, zero padded, so that it can be an rhashtable key. */
struct pmip6_mn_key {
	u8 len;
	u8 id[PMIP6_MN_ID_MAX_LEN];
};

struct pmip6_hnp {
	struct in6_addr prefix;
	u8 len;
};

/**
 * struct pmip6_mn - a mobile node known to the LMA
 * @node: in pmip6_net.mn_table, keyed by @key
 * @index: in pmip6_net.mn_xa; gives dumps a stable order to resume in
 * @bces: struct pmip6_bce.mn_node, RCU list sorted by (BID-PRI, BID)
 * @fmcs: struct pmip6_fmc.mn_node, RCU list sorted by (FID-PRI, FID)
 * @n_bce: length of @bces; conf_lock
 * @n_fmc: length of @fmcs; conf_lock
 *
 * An MN exists while it has a BCE or an FMC entry: the removal of its
 * last one removes it. Its identity never changes.
 */
struct pmip6_mn {
	struct rhash_head node;
	u32 index;
	struct list_head bces;
	struct list_head fmcs;
	unsigned int n_bce;
	unsigned int n_fmc;
	struct rcu_head rcu;
	struct pmip6_mn_key key;
};

/**
 * struct pmip6_bce - one binding cache entry, keyed by (MN, BID)
 * @mn_node: in @mn->bces
 * @mn: the owner; outlives the BCE
 * @stats: counters, shared with the BCE's predecessors and successors
 * @proxy_coa: the MAG's Proxy-CoA, the tunnel endpoint
 * @reg: the daemon's registration state; conf_lock (see its struct)
 * @bid: binding identifier, 1..65535
 * @bid_pri: lower is preferred, 0..127
 * @att: access technology type
 * @n_hnp: entries of @hnp, 1..PMIP6_BCE_HNP_MAX; never changes (a SET
 *	publishes a new copy), and picks the allocator (pmip6_bce_free())
 * @ll_id_len: used bytes of @ll_id
 * @hnp: the home network prefixes (RFC 5213 5.1), as many as @n_hnp
 *
 * Sized by its prefix count: almost every MN has one HNP, and a fixed array
 * of PMIP6_BCE_HNP_MAX was three quarters of the BCE's memory (issue 8's
 * 256 B per BCE). A one-prefix BCE comes from the pmip6_bce cache, a
 * larger one from kmalloc().
 */
struct pmip6_bce {
	struct list_head mn_node;
	struct pmip6_mn *mn;
	struct pmip6_pcpu_counters __percpu *stats;
	struct rcu_head rcu;
	struct in6_addr proxy_coa;
	struct pmip6_registration reg;
	u16 bid;
	u8 bid_pri;
	u8 att;
	u8 n_hnp;
	u8 ll_id_len;
	u8 ll_id[PMIP6_MN_LL_ID_MAX_LEN];
	struct pmip6_hnp hnp[] __counted_by(n_hnp);
};

/*
 * A validated BCE request. @hnp_attr keeps the attribute of each prefix so
 * that a rejection under conf_lock can still point at it.
 */
struct pmip6_bce_cfg {
	struct pmip6_mn_key key;
	u16 bid;
	u8 bid_pri;
	u8 att;
	u8 ll_id_len;
	u8 n_hnp;
	u8 ll_id[PMIP6_MN_LL_ID_MAX_LEN];
	struct in6_addr proxy_coa;
	struct pmip6_registration reg;
	struct pmip6_hnp hnp[PMIP6_BCE_HNP_MAX];
	const struct nlattr *hnp_attr[PMIP6_BCE_HNP_MAX];
};

int pmip6_binding_net_init(struct pmip6_net *pn);
void pmip6_binding_net_exit(struct pmip6_net *pn);
int pmip6_binding_init(void);
void pmip6_binding_uninit(void);

/* Writers: the caller holds pn->conf_lock. */
struct pmip6_mn *pmip6_mn_find(struct pmip6_net *pn,
			       const struct pmip6_mn_key *key);
struct pmip6_bce *pmip6_bce_find(const struct pmip6_mn *mn, u16 bid);
/* The MN of @key, created (with no BCE or FMC entry yet) if needed. */
struct pmip6_mn *pmip6_mn_get(struct pmip6_net *pn,
			      const struct pmip6_mn_key *key);
int pmip6_bce_new(struct pmip6_net *pn, const struct pmip6_bce_cfg *cfg,
		  struct netlink_ext_ack *extack);
int pmip6_bce_set(struct pmip6_net *pn, const struct pmip6_bce_cfg *cfg,
		  struct netlink_ext_ack *extack);
void pmip6_bce_remove(struct pmip6_net *pn, struct pmip6_bce *bce);
void pmip6_mn_remove_if_unused(struct pmip6_net *pn, struct pmip6_mn *mn);

/* Sorted insertion, shared with the classifier self-test. */
void pmip6_bce_link(struct pmip6_mn *mn, struct pmip6_bce *bce);

/*
 * Packet path: the caller holds rcu_read_lock() and the MN it gets is
 * valid until it drops it.
 */
struct pmip6_mn *pmip6_mn_lookup_by_addr(struct pmip6_net *pn,
					 const struct in6_addr *addr);
/* By MN-ID: a MAG's uplink finds the MN of a BUL entry's FMC entries. */
struct pmip6_mn *pmip6_mn_lookup_rcu(struct pmip6_net *pn,
				     const struct pmip6_mn_key *key);

static inline u64 pmip6_prefix64(const struct in6_addr *addr)
{
	u64 k;

	/* Raw network-order bytes: only equality matters to the hash. */
	memcpy(&k, addr, sizeof(k));
	return k;
}

#endif /* _PMIP6_BINDING_H */
