// SPDX-License-Identifier: GPL-2.0
/*
 * The Flow Mobility Cache (RFC 7864 section 5.2) and its classifier.
 *
 * Each MN keeps its entries in one list sorted by (FID-PRI, FID), lower
 * values first. FID-PRI is what decides between overlapping flow bindings
 * (RFC 6089 section 4.1, Flow Identification mobility option, reused as is
 * by RFC 7864 section 5.2, whose Figure 10 lists FID-PRI 10 before 20);
 * "lower value = higher priority" is our reading, to be confirmed against
 * the RFC text before pmipd maps FID-PRI from the wire. Ties go to the
 * lower FID so that the order is total. The list is at most
 * PMIP6_FMC_PER_MN_MAX long, so the per-packet walk is bounded whatever
 * the number of MNs and flows.
 */

#include "compat.h"
#include "bul.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"

#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/ipv6.h>

/**
 * struct pmip6_fmc_batch - replacements prepared for a BCE change
 * @n: used entries
 * @old: published entries whose active flag changes
 * @new: their unpublished replacements
 */
struct pmip6_fmc_batch {
	unsigned int n;
	struct pmip6_fmc *old[PMIP6_FMC_PER_MN_MAX];
	struct pmip6_fmc *new[PMIP6_FMC_PER_MN_MAX];
};

static struct kmem_cache *fmc_cache __ro_after_init;

struct pmip6_fmc *pmip6_fmc_find(const struct pmip6_mn *mn, u16 fid)
{
	struct pmip6_fmc *fmc;

	list_for_each_entry(fmc, &mn->fmcs, mn_node)
		if (fmc->fid == fid)
			return fmc;
	return NULL;
}

/* The entry's last copy goes: its counters go with it. */
static void fmc_free_rcu(struct rcu_head *rcu)
{
	struct pmip6_fmc *fmc = container_of(rcu, struct pmip6_fmc, rcu);

	free_percpu(fmc->stats);
	kmem_cache_free(fmc_cache, fmc);
}

/* A copy replaced by a newer one, which took over the counters. */
static void fmc_free_copy_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(fmc_cache, container_of(rcu, struct pmip6_fmc, rcu));
}

/* Inserts before the first entry of worse (FID-PRI, FID). */
void pmip6_fmc_link(struct pmip6_mn *mn, struct pmip6_fmc *fmc)
{
	struct list_head *pos = &mn->fmcs;
	struct pmip6_fmc *it;

	list_for_each_entry(it, &mn->fmcs, mn_node) {
		if (it->fid_pri > fmc->fid_pri ||
		    (it->fid_pri == fmc->fid_pri && it->fid > fmc->fid)) {
			pos = &it->mn_node;
			break;
		}
	}
	list_add_tail_rcu(&fmc->mn_node, pos);
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
	struct pmip6_fmc *fmc, *copy;

	*batchp = NULL;
	list_for_each_entry(fmc, &mn->fmcs, mn_node) {
		if (fmc->active == fmc_live(mn, fmc, gone_bid, new_bid))
			continue;
		if (!batch) {
			batch = kzalloc(sizeof(*batch), GFP_KERNEL);
			if (!batch)
				return -ENOMEM;
		}
		copy = kmem_cache_alloc(fmc_cache, GFP_KERNEL_ACCOUNT);
		if (!copy) {
			pmip6_fmc_active_abort(batch);
			return -ENOMEM;
		}
		/* Same entry, counters included; only the flag differs. */
		memcpy(copy, fmc, sizeof(*copy));
		copy->active = !fmc->active;
		batch->old[batch->n] = fmc;
		batch->new[batch->n] = copy;
		batch->n++;
	}
	*batchp = batch;
	return 0;
}

/*
 * The replacement takes the old entry's place in the list, so the order
 * (FID-PRI, FID) is kept; the old copy is freed once no reader can hold it.
 * Each entry whose flag flipped is then reported (RFC 7864 5.2: an entry
 * becomes Inactive only when all its BIDs are deregistered), after the
 * notification of the change that caused it, which the caller sent.
 */
void pmip6_fmc_active_commit(struct pmip6_net *pn,
			     struct pmip6_fmc_batch *batch)
{
	unsigned int i;

	lockdep_assert_held(&pn->conf_lock);

	if (!batch)
		return;
	for (i = 0; i < batch->n; i++) {
		list_replace_rcu(&batch->old[i]->mn_node,
				 &batch->new[i]->mn_node);
		call_rcu(&batch->old[i]->rcu, fmc_free_copy_rcu);
	}
	pmip6_net_generation_bump(pn);
	/* Published and ours while conf_lock is held. */
	for (i = 0; i < batch->n; i++)
		pmip6_nl_fmc_ntf(pn, batch->new[i], PMIP6_CHANGE_ACTIVITY);
	kfree(batch);
}

/* Nothing of @batch was published: free it directly. */
void pmip6_fmc_active_abort(struct pmip6_fmc_batch *batch)
{
	unsigned int i;

	if (!batch)
		return;
	for (i = 0; i < batch->n; i++)
		kmem_cache_free(fmc_cache, batch->new[i]);
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

static struct pmip6_fmc *fmc_alloc(const struct pmip6_fmc_cfg *cfg,
				   struct pmip6_mn *mn)
{
	struct pmip6_fmc *fmc;

	fmc = kmem_cache_zalloc(fmc_cache, GFP_KERNEL_ACCOUNT);
	if (!fmc)
		return NULL;
	fmc->mn = mn;
	fmc->fid = cfg->fid;
	fmc->fid_pri = cfg->fid_pri;
	fmc->action = cfg->action;
	fmc->ts = cfg->ts;
	fmc->n_bid = cfg->n_bid;
	memcpy(fmc->bid, cfg->bid, cfg->n_bid * sizeof(cfg->bid[0]));
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
	fmc = fmc_alloc(cfg, mn);
	if (!fmc)
		goto err_mn;
	fmc->stats = pmip6_counters_alloc();
	if (!fmc->stats) {
		kmem_cache_free(fmc_cache, fmc);
		goto err_mn;
	}

	pmip6_fmc_link(mn, fmc);
	mn->n_fmc++;
	pn->n_fmc++;
	pmip6_net_generation_bump(pn);
	return 0;

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

	fmc = fmc_alloc(cfg, mn);
	if (!fmc)
		return -ENOMEM;
	fmc->stats = old->stats;

	pmip6_fmc_link(mn, fmc);
	list_del_rcu(&old->mn_node);
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

	list_del_rcu(&fmc->mn_node);
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

/*
 * RFC 6088 section 3.2: a packet matches when every field it names is
 * within its range. Absent fields are stored as full ranges (struct
 * pmip6_ts), so every field is tested, without branches on presence.
 * Addresses compare as 128-bit big-endian numbers, i.e. bytewise.
 */
bool pmip6_ts_match(const struct pmip6_ts *ts,
		    const struct pmip6_flow_key *key)
{
	return ipv6_addr_cmp(&key->saddr, &ts->saddr_start) >= 0 &&
	       ipv6_addr_cmp(&key->saddr, &ts->saddr_end) <= 0 &&
	       ipv6_addr_cmp(&key->daddr, &ts->daddr_start) >= 0 &&
	       ipv6_addr_cmp(&key->daddr, &ts->daddr_end) <= 0 &&
	       key->spi >= ts->spi_start && key->spi <= ts->spi_end &&
	       key->flowlabel >= ts->flowlabel_start &&
	       key->flowlabel <= ts->flowlabel_end &&
	       key->sport >= ts->sport_start && key->sport <= ts->sport_end &&
	       key->dport >= ts->dport_start && key->dport <= ts->dport_end &&
	       key->tclass >= ts->tclass_start &&
	       key->tclass <= ts->tclass_end &&
	       key->nexthdr >= ts->nexthdr_start &&
	       key->nexthdr <= ts->nexthdr_end;
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
 * pmip6_fmc_classify - choose the BCE a packet toward @mn goes to
 * @mn: the destination's MN (pmip6_mn_lookup_by_addr() of key->daddr)
 * @key: the packet
 * @bcep: set to the chosen BCE on PMIP6_VERDICT_FORWARD
 * @fmcp: if not NULL, set to the matching entry, or NULL if none matched
 *
 * The first (best FID-PRI) active entry whose selector matches decides:
 * a drop entry drops, a forward entry picks its BID with the best
 * BID-PRI that still has a BCE. An inactive entry "does not affect data
 * traffic" (RFC 7864 section 5.2). Without a match, the BCE with the best
 * BID-PRI among those listing the destination's prefix carries the packet.
 *
 * An active entry whose BCEs all went (the window between a BCE removal
 * and the publication of the entry's inactive copy) is skipped, as the
 * inactive copy will be.
 *
 * Work: at most PMIP6_FMC_PER_MN_MAX selectors and, for the chosen entry,
 * PMIP6_BCE_PER_MN_MAX x PMIP6_FMC_BID_MAX comparisons.
 */
enum pmip6_verdict pmip6_fmc_classify(const struct pmip6_mn *mn,
				      const struct pmip6_flow_key *key,
				      const struct pmip6_bce **bcep,
				      const struct pmip6_fmc **fmcp)
{
	const struct pmip6_fmc *fmc;
	const struct pmip6_bce *bce;

	if (fmcp)
		*fmcp = NULL;
	*bcep = NULL;

	list_for_each_entry_rcu(fmc, &mn->fmcs, mn_node) {
		if (!fmc->active || !pmip6_ts_match(&fmc->ts, key))
			continue;
		if (fmc->action == PMIP6_FMC_ACTION_DROP) {
			if (fmcp)
				*fmcp = fmc;
			return PMIP6_VERDICT_DROP;
		}
		/* mn->bces is sorted by BID-PRI: the first hit is the best. */
		list_for_each_entry_rcu(bce, &mn->bces, mn_node) {
			if (fmc_has_bid(fmc, bce->bid)) {
				if (fmcp)
					*fmcp = fmc;
				*bcep = bce;
				return PMIP6_VERDICT_FORWARD;
			}
		}
	}

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
enum pmip6_verdict pmip6_fmc_classify_mag(const struct pmip6_mn *mn,
					  const struct pmip6_flow_key *key,
					  const struct pmip6_fmc **fmcp)
{
	const struct pmip6_fmc *fmc;

	*fmcp = NULL;
	list_for_each_entry_rcu(fmc, &mn->fmcs, mn_node) {
		if (!fmc->active || !pmip6_ts_match(&fmc->ts, key))
			continue;
		*fmcp = fmc;
		return fmc->action == PMIP6_FMC_ACTION_DROP ?
		       PMIP6_VERDICT_DROP : PMIP6_VERDICT_FORWARD;
	}
	return PMIP6_VERDICT_NONE;
}

int pmip6_flowcache_init(void)
{
	fmc_cache = kmem_cache_create("pmip6_fmc", sizeof(struct pmip6_fmc), 0,
				      SLAB_ACCOUNT | SLAB_NO_MERGE, NULL);
	return fmc_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no call_rcu() callback of ours is pending. */
void pmip6_flowcache_uninit(void)
{
	kmem_cache_destroy(fmc_cache);
}
