// SPDX-License-Identifier: GPL-2.0
/*
 * The Flow Mobility Cache (RFC 7864 section 5.2) and its classifier.
 *
 * FID-PRI is what decides between overlapping flow bindings (RFC 6089
 * section 4.2, Flow Identification mobility option, reused as is by RFC
 * 7864 section 5.2, whose Figure 7 lists FID-PRI 10 before 20): "A lower
 * number in this field indicates a higher priority" (RFC 6089 4.2). Ties
 * go to the lower FID so that the order is total: a packet takes the
 * first matching entry in (FID-PRI, FID) order.
 *
 * Most selectors name one flow: a protocol and a port (RFC 6088 3.2 next
 * header, source or destination port). Such an entry, whose selector pins
 * the next header and the source port (or else the destination port) to
 * one value, is also kept in a per-netns hash, pmip6_net.fmc_idx, under
 * (MN, next header, which port, port). A packet looks up its two keys
 * there, keeps the best fully matching entry, and then walks only the
 * entries the hash does not hold, in order, while they come before that
 * candidate. So the work per packet does not grow with the MN's exact-port
 * flows; the walk is at most the MN's other entries, and the whole list
 * is at most PMIP6_FMC_PER_MN_MAX long in any case.
 *
 * The MN's list keeps every entry (lookups by FID, dumps, activity
 * updates): first those the hash does not hold, then those it holds, each
 * part in (FID-PRI, FID) order, so that the packet walk stops at the first
 * held one.
 */

#include "compat.h"
#include "bul.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"

#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/ipv6.h>

/**
 * struct pmip6_fmc_batch - active flags to flip for a BCE change
 * @n: used entries
 * @fmc: published entries whose active flag changes
 */
struct pmip6_fmc_batch {
	unsigned int n;
	struct pmip6_fmc *fmc[PMIP6_FMC_PER_MN_MAX];
};

static struct kmem_cache *fmc_cache __ro_after_init;

static const struct rhashtable_params fmc_idx_params = {
	.head_offset = offsetof(struct pmip6_fmc, idx_node),
	.key_offset = offsetof(struct pmip6_fmc, ikey),
	.key_len = sizeof(struct pmip6_fmc_ikey),
	.automatic_shrinking = true,
};

struct pmip6_fmc *pmip6_fmc_find(const struct pmip6_mn *mn, u16 fid)
{
	struct pmip6_fmc *fmc;

	list_for_each_entry(fmc, &mn->fmcs, mn_node)
		if (fmc->fid == fid)
			return fmc;
	return NULL;
}

/* Entries unpublished, or unlinked a grace period ago. */
void pmip6_fmc_free(struct pmip6_fmc *fmc)
{
	kfree(fmc->sel.ext);
	kmem_cache_free(fmc_cache, fmc);
}

/* The entry's last copy goes: its counters go with it. */
static void fmc_free_rcu(struct rcu_head *rcu)
{
	struct pmip6_fmc *fmc = container_of(rcu, struct pmip6_fmc, rcu);

	free_percpu(fmc->stats);
	pmip6_fmc_free(fmc);
}

/* A copy replaced by a newer one, which took over the counters. */
static void fmc_free_copy_rcu(struct rcu_head *rcu)
{
	pmip6_fmc_free(container_of(rcu, struct pmip6_fmc, rcu));
}

static bool fmc_indexed(const struct pmip6_fmc *fmc)
{
	return fmc->ikey.which != PMIP6_FMC_IDX_NONE;
}

/* Does @a come before @b in (FID-PRI, FID) order? */
static bool fmc_before(const struct pmip6_fmc *a, const struct pmip6_fmc *b)
{
	return a->fid_pri < b->fid_pri ||
	       (a->fid_pri == b->fid_pri && a->fid < b->fid);
}

/*
 * Inserts before the first entry of worse (FID-PRI, FID) in its part of
 * the list, the index's entries after the others (see the top of the
 * file), and in the index first. A reader may meet it in the index
 * before the list: either way it is a whole entry, published once.
 */
int pmip6_fmc_link(struct pmip6_net *pn, struct pmip6_fmc *fmc)
{
	struct list_head *pos = &fmc->mn->fmcs;
	bool indexed = fmc_indexed(fmc);
	struct pmip6_fmc *it;
	int ret;

	if (indexed) {
		ret = rhltable_insert_key(&pn->fmc_idx, &fmc->ikey,
					  &fmc->idx_node, fmc_idx_params);
		if (ret)
			return ret;
		pn->n_fmc_idx[fmc->ikey.which]++;
	}
	list_for_each_entry(it, &fmc->mn->fmcs, mn_node) {
		if (fmc_indexed(it) == indexed ? fmc_before(fmc, it) :
		    fmc_indexed(it)) {
			pos = &it->mn_node;
			break;
		}
	}
	list_add_tail_rcu(&fmc->mn_node, pos);
	return 0;
}

void pmip6_fmc_unlink(struct pmip6_net *pn, struct pmip6_fmc *fmc)
{
	list_del_rcu(&fmc->mn_node);
	if (fmc_indexed(fmc)) {
		WARN_ON_ONCE(rhltable_remove(&pn->fmc_idx, &fmc->idx_node,
					     fmc_idx_params));
		pn->n_fmc_idx[fmc->ikey.which]--;
	}
}

struct pmip6_fmc *pmip6_fmc_next(const struct pmip6_mn *mn,
				 const struct pmip6_fmc *fmc)
{
	struct pmip6_fmc *it, *best = NULL;

	/*
	 * The two parts of the list merged by a search for the successor:
	 * quadratic over an MN's entries, at most PMIP6_FMC_PER_MN_MAX, and
	 * for dumps only.
	 */
	list_for_each_entry(it, &mn->fmcs, mn_node) {
		if (fmc && !fmc_before(fmc, it))
			continue;
		if (!best || fmc_before(it, best))
			best = it;
	}
	return best;
}

/* Would @bid have a BCE once @gone_bid went and @new_bid came (0: none)? */
static bool bid_live(const struct pmip6_mn *mn, u16 bid, u16 gone_bid,
		     u16 new_bid)
{
	if (bid == new_bid)
		return true;
	if (bid == gone_bid)
		return false;
	return pmip6_bce_find(mn, bid);
}

static bool fmc_live(const struct pmip6_mn *mn, const struct pmip6_fmc *fmc,
		     u16 gone_bid, u16 new_bid)
{
	unsigned int i;

	for (i = 0; i < fmc->n_bid; i++)
		if (bid_live(mn, fmc->bid[i], gone_bid, new_bid))
			return true;
	return false;
}

int pmip6_fmc_active_prepare(struct pmip6_mn *mn, u16 gone_bid, u16 new_bid,
			     struct pmip6_fmc_batch **batchp)
{
	struct pmip6_fmc_batch *batch = NULL;
	struct pmip6_fmc *fmc;

	*batchp = NULL;
	list_for_each_entry(fmc, &mn->fmcs, mn_node) {
		if (fmc->active == fmc_live(mn, fmc, gone_bid, new_bid))
			continue;
		if (!batch) {
			batch = kzalloc(sizeof(*batch), GFP_KERNEL);
			if (!batch)
				return -ENOMEM;
		}
		batch->fmc[batch->n++] = fmc;
	}
	*batchp = batch;
	return 0;
}

/*
 * The flag is flipped in place, the one edit of a published entry: a
 * reader sees the old or the new value, as it would see the old or the
 * new copy of a replaced entry, and nothing can fail here (re-inserting a
 * copy in the index could). Each entry whose flag flipped is then
 * reported (RFC 7864 5.2: an entry becomes Inactive only when all its BIDs
 * are deregistered), after the notification of the change that caused
 * it, which the caller sent.
 */
void pmip6_fmc_active_commit(struct pmip6_net *pn,
			     struct pmip6_fmc_batch *batch)
{
	unsigned int i;

	lockdep_assert_held(&pn->conf_lock);

	if (!batch)
		return;
	for (i = 0; i < batch->n; i++)
		WRITE_ONCE(batch->fmc[i]->active, !batch->fmc[i]->active);
	pmip6_net_generation_bump(pn);
	for (i = 0; i < batch->n; i++)
		pmip6_nl_fmc_ntf(pn, batch->fmc[i], PMIP6_CHANGE_ACTIVITY);
	kfree(batch);
}

/* Nothing of @batch was done. */
void pmip6_fmc_active_abort(struct pmip6_fmc_batch *batch)
{
	kfree(batch);
}

/*
 * On an LMA every BID of @cfg names a BCE of @mn (which may be NULL). On
 * a MAG, "when configured for full per-flow state" (RFC 7864 section 5.2),
 * every BID is the one the MAG registered for the MN's attachment, the
 * BID of its BUL entry (RFC 5648).
 */
static int bids_check(struct pmip6_net *pn, const struct pmip6_mn *mn,
		      const struct pmip6_fmc_cfg *cfg,
		      struct netlink_ext_ack *extack)
{
	const struct pmip6_bul *bul;
	unsigned int i;

	if (pn->role == PMIP6_ROLE_MAG) {
		bul = pmip6_bul_find(pn, &cfg->key);
		for (i = 0; i < cfg->n_bid; i++) {
			if (!bul || cfg->bid[i] != bul->bid) {
				NL_SET_ERR_MSG_ATTR(extack, cfg->bid_attr[i],
						    KBUILD_MODNAME
						    ": BID is not the BID of this mobile node's BUL entry");
				return -ENOENT;
			}
		}
		return 0;
	}
	for (i = 0; i < cfg->n_bid; i++) {
		if (!mn || !pmip6_bce_find(mn, cfg->bid[i])) {
			NL_SET_ERR_MSG_ATTR(extack, cfg->bid_attr[i],
					    KBUILD_MODNAME
					    ": BID has no BCE of this mobile node");
			return -ENOENT;
		}
	}
	return 0;
}

/* Does @ts name any of the fields struct pmip6_fmc_ext keeps? */
static bool ts_needs_ext(const struct pmip6_ts *ts)
{
	return ts->present & (BIT(PMIP6_A_TS_SRC_ADDR_START) |
			      BIT(PMIP6_A_TS_DST_ADDR_START) |
			      BIT(PMIP6_A_TS_SPI_START) |
			      BIT(PMIP6_A_TS_FLOW_LABEL_START));
}

/* The index key: the next header and one port, each pinned to a value. */
static void fmc_ikey_set(struct pmip6_fmc *fmc)
{
	const struct pmip6_fmc_sel *sel = &fmc->sel;

	fmc->ikey.mn = fmc->mn->index;
	fmc->ikey.which = PMIP6_FMC_IDX_NONE;
	if (sel->nexthdr_start != sel->nexthdr_end)
		return;
	fmc->ikey.nexthdr = sel->nexthdr_start;
	if (sel->sport_start == sel->sport_end) {
		fmc->ikey.which = PMIP6_FMC_IDX_SPORT;
		fmc->ikey.port = sel->sport_start;
	} else if (sel->dport_start == sel->dport_end) {
		fmc->ikey.which = PMIP6_FMC_IDX_DPORT;
		fmc->ikey.port = sel->dport_start;
	}
}

/* The policy bounded each integer field to its width. */
static int sel_set(struct pmip6_fmc_sel *sel, const struct pmip6_ts *ts)
{
	sel->present = ts->present >> 1;
	sel->tclass_start = ts->tclass_start;
	sel->tclass_end = ts->tclass_end;
	sel->nexthdr_start = ts->nexthdr_start;
	sel->nexthdr_end = ts->nexthdr_end;
	sel->sport_start = ts->sport_start;
	sel->sport_end = ts->sport_end;
	sel->dport_start = ts->dport_start;
	sel->dport_end = ts->dport_end;
	sel->ext = NULL;
	if (!ts_needs_ext(ts))
		return 0;
	sel->ext = kmemdup(&ts->ext, sizeof(ts->ext), GFP_KERNEL_ACCOUNT);
	return sel->ext ? 0 : -ENOMEM;
}

void pmip6_fmc_ts_get(const struct pmip6_fmc *fmc, struct pmip6_ts *ts)
{
	const struct pmip6_fmc_sel *sel = &fmc->sel;
	const struct pmip6_fmc_ext *ext = sel->ext;

	pmip6_ts_init_any(ts);
	ts->present = (u32)sel->present << 1;
	ts->tclass_start = sel->tclass_start;
	ts->tclass_end = sel->tclass_end;
	ts->nexthdr_start = sel->nexthdr_start;
	ts->nexthdr_end = sel->nexthdr_end;
	ts->sport_start = sel->sport_start;
	ts->sport_end = sel->sport_end;
	ts->dport_start = sel->dport_start;
	ts->dport_end = sel->dport_end;
	if (ext)
		ts->ext = *ext;
}

struct pmip6_fmc *pmip6_fmc_alloc(const struct pmip6_fmc_cfg *cfg,
				  struct pmip6_mn *mn)
{
	struct pmip6_fmc *fmc;

	fmc = kmem_cache_zalloc(fmc_cache, GFP_KERNEL_ACCOUNT);
	if (!fmc)
		return NULL;
	if (sel_set(&fmc->sel, &cfg->ts)) {
		kmem_cache_free(fmc_cache, fmc);
		return NULL;
	}
	fmc->mn = mn;
	fmc->fid = cfg->fid;
	fmc->fid_pri = cfg->fid_pri;
	fmc->action = cfg->action;
	fmc->n_bid = cfg->n_bid;
	memcpy(fmc->bid, cfg->bid, cfg->n_bid * sizeof(cfg->bid[0]));
	fmc_ikey_set(fmc);
	/* bids_check() passed under the same lock hold. */
	fmc->active = true;
	return fmc;
}

/**
 * pmip6_fmc_new - create an FMC entry from a validated request
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the request, fully validated on its own
 * @extack: why it was refused
 *
 * On an LMA the MN exists already: the entry's BIDs must name BCEs of it.
 * On a MAG they must name its BUL entry's BID, and the MN is created with
 * its first entry.
 */
int pmip6_fmc_new(struct pmip6_net *pn, const struct pmip6_fmc_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct pmip6_fmc *fmc;
	struct pmip6_mn *mn;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	mn = pmip6_mn_find(pn, &cfg->key);
	if (mn && pmip6_fmc_find(mn, cfg->fid)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "an FMC entry with this MN-ID and FID exists");
		return -EEXIST;
	}
	ret = bids_check(pn, mn, cfg, extack);
	if (ret)
		return ret;
	if (mn && mn->n_fmc >= PMIP6_FMC_PER_MN_MAX) {
		NL_SET_ERR_MSG_MOD(extack,
				   "too many FMC entries for this mobile node");
		return -ENOSPC;
	}
	if (pn->n_fmc >= pn->fmc_max) {
		NL_SET_ERR_MSG_MOD(extack,
				   "flow mobility cache of this netns is full");
		return -ENOSPC;
	}

	/*
	 * An LMA's MN exists (bids_check() found its BCEs); a MAG's is made
	 * with its first entry, the BUL entry being apart from it.
	 */
	mn = pmip6_mn_get(pn, &cfg->key);
	if (IS_ERR(mn))
		return PTR_ERR(mn);
	ret = -ENOMEM;
	fmc = pmip6_fmc_alloc(cfg, mn);
	if (!fmc)
		goto err_mn;
	fmc->stats = pmip6_counters_alloc();
	if (!fmc->stats)
		goto err_free;
	ret = pmip6_fmc_link(pn, fmc);
	if (ret) {
		NL_SET_ERR_MSG_MOD(extack, "cannot index the FMC entry");
		goto err_stats;
	}
	mn->n_fmc++;
	pn->n_fmc++;
	pmip6_net_generation_bump(pn);
	return 0;

err_stats:
	free_percpu(fmc->stats);
err_free:
	pmip6_fmc_free(fmc);
err_mn:
	pmip6_mn_remove_if_unused(pn, mn);
	return ret;
}

/**
 * pmip6_fmc_set - replace an FMC entry as a whole
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the new contents, fully validated on their own
 * @extack: why it was refused
 *
 * The new copy is linked before the old one is unlinked: a reader walking
 * the list meanwhile sees one or both, never neither.
 */
int pmip6_fmc_set(struct pmip6_net *pn, const struct pmip6_fmc_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct pmip6_fmc *old, *fmc;
	struct pmip6_mn *mn;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	mn = pmip6_mn_find(pn, &cfg->key);
	old = mn ? pmip6_fmc_find(mn, cfg->fid) : NULL;
	if (!old) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no FMC entry with this MN-ID and FID");
		return -ENOENT;
	}
	ret = bids_check(pn, mn, cfg, extack);
	if (ret)
		return ret;

	fmc = pmip6_fmc_alloc(cfg, mn);
	if (!fmc)
		return -ENOMEM;
	fmc->stats = old->stats;

	ret = pmip6_fmc_link(pn, fmc);
	if (ret) {
		NL_SET_ERR_MSG_MOD(extack, "cannot index the FMC entry");
		pmip6_fmc_free(fmc);
		return ret;
	}
	pmip6_fmc_unlink(pn, old);
	call_rcu(&old->rcu, fmc_free_copy_rcu);
	pmip6_net_generation_bump(pn);
	return 0;
}

/**
 * pmip6_fmc_remove - the one removal path of an FMC entry
 * @pn: the netns; the caller holds conf_lock
 * @fmc: a linked entry
 *
 * Used by FMC_DEL, by netns exit and so by module unload. The caller
 * removes the MN if it was its last object (pmip6_mn_remove_if_unused()).
 */
void pmip6_fmc_remove(struct pmip6_net *pn, struct pmip6_fmc *fmc)
{
	lockdep_assert_held(&pn->conf_lock);

	pmip6_fmc_unlink(pn, fmc);
	fmc->mn->n_fmc--;
	pn->n_fmc--;
	call_rcu(&fmc->rcu, fmc_free_rcu);
	pmip6_net_generation_bump(pn);
}

/* The selector that names no field: full ranges everywhere. */
void pmip6_ts_init_any(struct pmip6_ts *ts)
{
	memset(ts, 0, sizeof(*ts));
	memset(&ts->saddr_end, 0xff, sizeof(ts->saddr_end));
	memset(&ts->daddr_end, 0xff, sizeof(ts->daddr_end));
	ts->spi_end = U32_MAX;
	ts->flowlabel_end = PMIP6_FLOW_LABEL_MAX;
	ts->sport_end = U16_MAX;
	ts->dport_end = U16_MAX;
	ts->tclass_end = U8_MAX;
	ts->nexthdr_end = U8_MAX;
}

/* Addresses compare as 128-bit big-endian numbers, i.e. bytewise. */
static bool ext_match(const struct pmip6_fmc_ext *ext,
		      const struct pmip6_flow_key *key)
{
	return ipv6_addr_cmp(&key->saddr, &ext->saddr_start) >= 0 &&
	       ipv6_addr_cmp(&key->saddr, &ext->saddr_end) <= 0 &&
	       ipv6_addr_cmp(&key->daddr, &ext->daddr_start) >= 0 &&
	       ipv6_addr_cmp(&key->daddr, &ext->daddr_end) <= 0 &&
	       key->spi >= ext->spi_start && key->spi <= ext->spi_end &&
	       key->flowlabel >= ext->flowlabel_start &&
	       key->flowlabel <= ext->flowlabel_end;
}

/*
 * RFC 6088 section 3.2: a packet matches when every field the selector
 * names is within its range. Absent fields are full ranges (struct
 * pmip6_fmc_sel), so every inline field is tested without branches on
 * presence, and the rarer ones when the selector has any.
 */
static bool sel_match(const struct pmip6_fmc_sel *sel,
		      const struct pmip6_flow_key *key)
{
	return key->sport >= sel->sport_start &&
	       key->sport <= sel->sport_end &&
	       key->dport >= sel->dport_start &&
	       key->dport <= sel->dport_end &&
	       key->nexthdr >= sel->nexthdr_start &&
	       key->nexthdr <= sel->nexthdr_end &&
	       key->tclass >= sel->tclass_start &&
	       key->tclass <= sel->tclass_end &&
	       (!sel->ext || ext_match(sel->ext, key));
}

static bool fmc_has_bid(const struct pmip6_fmc *fmc, u16 bid)
{
	unsigned int i;

	for (i = 0; i < fmc->n_bid; i++)
		if (fmc->bid[i] == bid)
			return true;
	return false;
}

static bool bce_has_prefix(const struct pmip6_bce *bce,
			   const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < bce->n_hnp; i++)
		if (ipv6_prefix_equal(&bce->hnp[i].prefix, addr,
				      bce->hnp[i].len))
			return true;
	return false;
}

/**
 * fmc_decides - does @fmc decide the fate of the packet @key?
 * @mn: its MN
 * @fmc: an entry of @mn
 * @key: the packet
 * @bcep: on an LMA, where the BCE of a forward entry goes; NULL on a MAG
 *
 * It does when it is active and its selector matches. On an LMA a
 * forward entry must moreover still have a BCE, the one of its BIDs with
 * the best BID-PRI: an active entry whose BCEs all went (the window
 * between a BCE removal and the entry's flag flip) is passed over, as the
 * inactive entry will be. An inactive entry "does not affect data
 * traffic" (RFC 7864 section 5.2).
 */
static bool fmc_decides(const struct pmip6_mn *mn,
			const struct pmip6_fmc *fmc,
			const struct pmip6_flow_key *key,
			const struct pmip6_bce **bcep)
{
	const struct pmip6_bce *bce;

	if (!READ_ONCE(fmc->active) || !sel_match(&fmc->sel, key))
		return false;
	if (!bcep)
		return true;
	if (fmc->action == PMIP6_FMC_ACTION_DROP) {
		*bcep = NULL;
		return true;
	}
	/* mn->bces is sorted by BID-PRI: the first hit is the best. */
	list_for_each_entry_rcu(bce, &mn->bces, mn_node) {
		if (fmc_has_bid(fmc, bce->bid)) {
			*bcep = bce;
			return true;
		}
	}
	return false;
}

/*
 * The best deciding entry of @mn among those the index holds under
 * (@which, @nexthdr, @port) that come before *@best, if any; *@bcep
 * follows *@best. Duplicate keys are few (one MN's entries for one
 * protocol and port), and all are tested: the hash keeps no order.
 */
static void idx_scan(struct pmip6_net *pn, const struct pmip6_mn *mn,
		     u8 which, u8 nexthdr, u16 port,
		     const struct pmip6_flow_key *key,
		     const struct pmip6_fmc **best,
		     const struct pmip6_bce **bcep)
{
	struct pmip6_fmc_ikey ikey = {
		.mn = mn->index,
		.port = port,
		.nexthdr = nexthdr,
		.which = which,
	};
	const struct pmip6_bce *bce = NULL;
	const struct pmip6_fmc *fmc;
	struct rhlist_head *list, *pos;

	if (!READ_ONCE(pn->n_fmc_idx[which]))
		return;
	list = rhltable_lookup(&pn->fmc_idx, &ikey, fmc_idx_params);
	rhl_for_each_entry_rcu(fmc, pos, list, idx_node) {
		/*
		 * An MN that went may have left its index to a new MN while
		 * a reader still holds it: the owner must be ours too.
		 */
		if (fmc->mn != mn || (*best && !fmc_before(fmc, *best)))
			continue;
		if (fmc_decides(mn, fmc, key, bcep ? &bce : NULL)) {
			*best = fmc;
			if (bcep)
				*bcep = bce;
		}
	}
}

/*
 * The first entry of @mn in (FID-PRI, FID) order that decides for @key
 * (fmc_decides()), or NULL: the best of the index's candidates for the
 * packet's two keys, unless one of the entries the index does not hold
 * comes before it and decides. Those come first in @mn->fmcs, in order,
 * so the walk stops at the first that does not come before the
 * candidate, or at the first entry the index holds.
 */
static const struct pmip6_fmc *fmc_first(struct pmip6_net *pn,
					 const struct pmip6_mn *mn,
					 const struct pmip6_flow_key *key,
					 const struct pmip6_bce **bcep)
{
	const struct pmip6_fmc *fmc, *best = NULL;
	const struct pmip6_bce *bce = NULL;

	idx_scan(pn, mn, PMIP6_FMC_IDX_SPORT, key->nexthdr, key->sport, key,
		 &best, bcep ? &bce : NULL);
	idx_scan(pn, mn, PMIP6_FMC_IDX_DPORT, key->nexthdr, key->dport, key,
		 &best, bcep ? &bce : NULL);

	list_for_each_entry_rcu(fmc, &mn->fmcs, mn_node) {
		if (fmc_indexed(fmc) || (best && !fmc_before(fmc, best)))
			break;
		if (fmc_decides(mn, fmc, key, bcep ? &bce : NULL)) {
			best = fmc;
			break;
		}
	}
	if (bcep)
		*bcep = bce;
	return best;
}

/**
 * pmip6_fmc_classify - choose the BCE a packet toward @mn goes to
 * @pn: @mn's netns
 * @mn: the destination's MN (pmip6_mn_lookup_by_addr() of key->daddr)
 * @key: the packet
 * @bcep: set to the chosen BCE on PMIP6_VERDICT_FORWARD
 * @fmcp: if not NULL, set to the matching entry, or NULL if none matched
 *
 * The first (best FID-PRI) entry that decides (fmc_decides()) does: a
 * drop entry drops, a forward entry picks its BID with the best BID-PRI
 * that still has a BCE. Without one, the BCE with the best BID-PRI among
 * those listing the destination's prefix carries the packet.
 *
 * Work: two hash lookups, the entries under the packet's two keys, the
 * MN's entries outside the index that come before the best of those, and
 * for a tested entry PMIP6_BCE_PER_MN_MAX x PMIP6_FMC_BID_MAX comparisons.
 */
enum pmip6_verdict pmip6_fmc_classify(struct pmip6_net *pn,
				      const struct pmip6_mn *mn,
				      const struct pmip6_flow_key *key,
				      const struct pmip6_bce **bcep,
				      const struct pmip6_fmc **fmcp)
{
	const struct pmip6_fmc *fmc;
	const struct pmip6_bce *bce;

	*bcep = NULL;
	fmc = fmc_first(pn, mn, key, bcep);
	if (fmcp)
		*fmcp = fmc;
	if (fmc)
		return fmc->action == PMIP6_FMC_ACTION_DROP ?
		       PMIP6_VERDICT_DROP : PMIP6_VERDICT_FORWARD;

	list_for_each_entry_rcu(bce, &mn->bces, mn_node) {
		if (bce_has_prefix(bce, &key->daddr)) {
			*bcep = bce;
			return PMIP6_VERDICT_FORWARD;
		}
	}
	return PMIP6_VERDICT_NONE;
}

/**
 * pmip6_fmc_classify_mag - a MAG's verdict on a packet from @mn
 * @pn: @mn's netns
 * @mn: the source's MN (by its BUL entry's MN-ID)
 * @key: the packet
 * @fmcp: set to the matching entry, or NULL if none matched
 *
 * The same entries in the same order as pmip6_fmc_classify(): the first
 * active entry whose selector matches decides. A MAG has one attachment
 * per MN, so a forward entry needs no choice of BID: its BID is the BUL
 * entry's while it is active, and the packet goes on as without an
 * entry.
 *
 * Return: PMIP6_VERDICT_DROP or PMIP6_VERDICT_FORWARD for a match,
 * PMIP6_VERDICT_NONE without one.
 */
enum pmip6_verdict pmip6_fmc_classify_mag(struct pmip6_net *pn,
					  const struct pmip6_mn *mn,
					  const struct pmip6_flow_key *key,
					  const struct pmip6_fmc **fmcp)
{
	const struct pmip6_fmc *fmc = fmc_first(pn, mn, key, NULL);

	*fmcp = fmc;
	if (!fmc)
		return PMIP6_VERDICT_NONE;
	return fmc->action == PMIP6_FMC_ACTION_DROP ?
	       PMIP6_VERDICT_DROP : PMIP6_VERDICT_FORWARD;
}

int pmip6_flowcache_net_init(struct pmip6_net *pn)
{
	return rhltable_init(&pn->fmc_idx, &fmc_idx_params);
}

/* After every entry went (pmip6_binding_net_exit()). */
void pmip6_flowcache_net_exit(struct pmip6_net *pn)
{
	WARN_ON_ONCE(pn->n_fmc_idx[PMIP6_FMC_IDX_SPORT] ||
		     pn->n_fmc_idx[PMIP6_FMC_IDX_DPORT]);
	rhltable_destroy(&pn->fmc_idx);
}

int pmip6_flowcache_init(void)
{
	/* The issue 8 budget: one cache line pair per entry, no more. */
	BUILD_BUG_ON(sizeof(struct pmip6_fmc) > 128);
	fmc_cache = kmem_cache_create("pmip6_fmc", sizeof(struct pmip6_fmc), 0,
				      SLAB_ACCOUNT | SLAB_NO_MERGE, NULL);
	return fmc_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no call_rcu() callback of ours is pending. */
void pmip6_flowcache_uninit(void)
{
	kmem_cache_destroy(fmc_cache);
}
