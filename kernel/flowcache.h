/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Flow Mobility Cache (RFC 7864 section 5.2): per mobile node, a list
 * of flow binding entries (RFC 6089) that steer flows matching an IPv6
 * binary traffic selector (RFC 6088 section 3.2) to one of the MN's BCEs,
 * and the classifier the packet path runs over it.
 *
 * Ownership and locking as in binding.h: entries are owned by their MN's
 * list, written under conf_lock, read under RCU, replaced rather than
 * edited, freed by call_rcu().
 */
#ifndef _PMIP6_FLOWCACHE_H
#define _PMIP6_FLOWCACHE_H

#include "binding.h"

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netlink.h>
#include <linux/rhashtable-types.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct pmip6_net;

/*
 * A traffic selector as a request carries it, every field an inclusive
 * range; an absent field is its full range. @present (bit n = PMIP6_A_TS_*
 * attribute n) says which attributes the client set. Integer fields are
 * all u32 so that one parser serves them; the policy bounds each to its
 * width. This is the parsed and reported form only: an FMC entry keeps the
 * compact struct pmip6_fmc_sel.
 *
 * @ext groups the fields that flows seldom name (RFC 6088 3.2: the
 * addresses, SPI and flow label). An FMC entry keeps them apart, as a
 * struct pmip6_fmc_ext allocated only when the selector names any, so
 * that the usual port or protocol selectors do without them; the others
 * are full ranges.
 */
struct pmip6_ts {
	struct_group_tagged(pmip6_fmc_ext, ext,
			    struct in6_addr saddr_start, saddr_end;
			    struct in6_addr daddr_start, daddr_end;
			    u32 spi_start, spi_end;
			    u32 flowlabel_start, flowlabel_end;
	);
	u32 sport_start, sport_end;
	u32 dport_start, dport_end;
	u32 tclass_start, tclass_end;
	u32 nexthdr_start, nexthdr_end;
	u32 present;
};

void pmip6_ts_init_any(struct pmip6_ts *ts);

/**
 * struct pmip6_flow_key - what the classifier looks at in a packet
 *
 * Host byte order except the addresses. Fields a packet does not have
 * (ports of ICMPv6, SPI of TCP) are 0, as RFC 6088 leaves them unmatched
 * only by selectors that name them.
 */
struct pmip6_flow_key {
	struct in6_addr saddr;
	struct in6_addr daddr;
	u32 spi;
	u32 flowlabel;
	u16 sport;
	u16 dport;
	u8 nexthdr;
	u8 tclass;
};

/**
 * struct pmip6_fmc_sel - an FMC entry's selector, compact
 * @present: which attributes the client set, bit n - 1 for PMIP6_A_TS_*
 *	attribute n: what the netlink dump reports back
 * @ext: the addresses, SPI and flow label; NULL if the selector names none
 *
 * Absent fields are full ranges here too, so matching tests every inline
 * field without a branch on presence.
 */
struct pmip6_fmc_sel {
	u16 present;
	u8 tclass_start, tclass_end;
	u8 nexthdr_start, nexthdr_end;
	u16 sport_start, sport_end;
	u16 dport_start, dport_end;
	struct pmip6_fmc_ext *ext;
};

/*
 * Where an entry sits in the per-netns exact-port index (flowcache.c):
 * its MN (pmip6_mn.index), and the next header and the source port, or
 * else destination port, that its selector pins to one value. @which is
 * PMIP6_FMC_IDX_NONE for an entry the index does not hold.
 */
enum {
	PMIP6_FMC_IDX_SPORT,
	PMIP6_FMC_IDX_DPORT,
	PMIP6_FMC_IDX_NONE,
};

struct pmip6_fmc_ikey {
	u32 mn;
	u16 port;
	u8 nexthdr;
	u8 which;
};

/**
 * struct pmip6_fmc - one flow mobility cache entry, keyed by (MN, FID)
 * @mn_node: in @mn->fmcs: first the entries the index does not hold, then
 *	those it holds, each part sorted by (@fid_pri, @fid)
 * @idx_node: in pmip6_net.fmc_idx under @ikey, if @ikey.which says so
 * @mn: the owner; outlives the entry
 * @stats: counters, handed from an entry to its replacement
 * @ikey: the entry's key in the exact-port index
 * @fid_pri: lower values are matched first
 * @action: enum pmip6_fmc_action
 * @active: false once none of @bid has a BCE, or on a MAG is the BUL
 *	entry's BID (RFC 7864 section 5.2). The one field written in place
 *	(WRITE_ONCE() under conf_lock, READ_ONCE() by readers): a flip must
 *	not fail, and a replacement in the index could.
 * @n_bid: used entries of @bid, 1..PMIP6_FMC_BID_MAX
 * @sel: the selector
 */
struct pmip6_fmc {
	struct list_head mn_node;
	struct rhlist_head idx_node;
	struct pmip6_mn *mn;
	struct pmip6_pcpu_counters __percpu *stats;
	struct rcu_head rcu;
	struct pmip6_fmc_ikey ikey;
	u16 fid;
	u16 fid_pri;
	u8 action;
	bool active;
	u8 n_bid;
	u16 bid[PMIP6_FMC_BID_MAX];
	struct pmip6_fmc_sel sel;
};

/* A validated FMC request; @bid_attr lets a rejection point at a BID. */
struct pmip6_fmc_cfg {
	struct pmip6_mn_key key;
	u16 fid;
	u16 fid_pri;
	u8 action;
	u8 n_bid;
	u16 bid[PMIP6_FMC_BID_MAX];
	const struct nlattr *bid_attr[PMIP6_FMC_BID_MAX];
	struct pmip6_ts ts;
};

int pmip6_flowcache_init(void);
void pmip6_flowcache_uninit(void);
int pmip6_flowcache_net_init(struct pmip6_net *pn);
void pmip6_flowcache_net_exit(struct pmip6_net *pn);

/* Writers: the caller holds pn->conf_lock. */
struct pmip6_fmc *pmip6_fmc_find(const struct pmip6_mn *mn, u16 fid);
int pmip6_fmc_new(struct pmip6_net *pn, const struct pmip6_fmc_cfg *cfg,
		  struct netlink_ext_ack *extack);
int pmip6_fmc_set(struct pmip6_net *pn, const struct pmip6_fmc_cfg *cfg,
		  struct netlink_ext_ack *extack);
void pmip6_fmc_remove(struct pmip6_net *pn, struct pmip6_fmc *fmc);

/*
 * When a BCE comes or goes, entries naming its BID may change their
 * active flag. _prepare() allocates the replacements (it may fail, and
 * then nothing changed); _commit() publishes them, sends one ACTIVITY
 * notification per flipped entry, and cannot fail. The caller makes the
 * BCE change, and sends its notification, between the two, under the same
 * lock hold.
 */
struct pmip6_fmc_batch;
int pmip6_fmc_active_prepare(struct pmip6_mn *mn, u16 gone_bid, u16 new_bid,
			     struct pmip6_fmc_batch **batchp);
void pmip6_fmc_active_commit(struct pmip6_net *pn,
			     struct pmip6_fmc_batch *batch);
void pmip6_fmc_active_abort(struct pmip6_fmc_batch *batch);

/*
 * The steps of pmip6_fmc_new(), shared with the classifier self-test:
 * an unpublished entry from @cfg (no counters), its insertion in its MN's
 * list and the index (which may fail: then nothing was published), its
 * removal from both, and its immediate free while unpublished or after a
 * grace period.
 */
struct pmip6_fmc *pmip6_fmc_alloc(const struct pmip6_fmc_cfg *cfg,
				  struct pmip6_mn *mn);
void pmip6_fmc_free(struct pmip6_fmc *fmc);
int pmip6_fmc_link(struct pmip6_net *pn, struct pmip6_fmc *fmc);
void pmip6_fmc_unlink(struct pmip6_net *pn, struct pmip6_fmc *fmc);

/* The selector of @fmc in the form it was set, for reports. */
void pmip6_fmc_ts_get(const struct pmip6_fmc *fmc, struct pmip6_ts *ts);

/*
 * The MN's entries in (FID-PRI, FID) order, whatever part of @mn->fmcs
 * they are in: NULL starts, NULL ends. Writers, under conf_lock.
 */
struct pmip6_fmc *pmip6_fmc_next(const struct pmip6_mn *mn,
				 const struct pmip6_fmc *fmc);

enum pmip6_verdict {
	PMIP6_VERDICT_NONE,	/* no BCE serves the destination */
	PMIP6_VERDICT_FORWARD,	/* tunnel to *bcep */
	PMIP6_VERDICT_DROP,	/* a drop entry matched */
};

/*
 * Packet path; the caller holds rcu_read_lock(), *bcep and *fmcp are valid
 * until it drops it. @fmcp may be NULL.
 */
enum pmip6_verdict pmip6_fmc_classify(struct pmip6_net *pn,
				      const struct pmip6_mn *mn,
				      const struct pmip6_flow_key *key,
				      const struct pmip6_bce **bcep,
				      const struct pmip6_fmc **fmcp);

enum pmip6_verdict pmip6_fmc_classify_mag(struct pmip6_net *pn,
					  const struct pmip6_mn *mn,
					  const struct pmip6_flow_key *key,
					  const struct pmip6_fmc **fmcp);

/* selftest.c: the classifier against a plain reference; 0 if it agrees. */
int pmip6_selftest_classify(void);

#endif /* _PMIP6_FLOWCACHE_H */
