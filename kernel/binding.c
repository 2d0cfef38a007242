// SPDX-License-Identifier: GPL-2.0
/*
 * The LMA's binding cache: mobile nodes, their BCEs (RFC 5213 section 5.1,
 * one per attachment with a BID, RFC 7864 section 5.1) and the HNP table.
 *
 * Several BCEs of one MN may list the same HNP (RFC 7864 Figure 6: HNP1 on
 * both the WiFi and the 3GPP attachment), so an HNP entry maps a /64 to its
 * MN, not to a BCE, and counts the BCEs listing it. A prefix never belongs
 * to two MNs: the packet path must find one owner for a destination.
 */

#include "compat.h"
#include "binding.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"

#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/ipv6.h>

/**
 * struct hnp_entry - one /64 in pmip6_net.hnp_table
 * @node: in pmip6_net.hnp_table
 * @prefix: the first 64 bits of the prefix, as pmip6_prefix64() reads them
 * @mn: the owner
 * @users: BCEs of @mn listing the prefix; conf_lock. Not a lifetime
 *	count: the entry is unlinked when it drops to 0, freed after RCU.
 * @rcu: for the free after unlinking
 */
struct hnp_entry {
	struct rhash_head node;
	u64 prefix;
	struct pmip6_mn *mn;
	unsigned int users;
	struct rcu_head rcu;
};

static struct kmem_cache *mn_cache __ro_after_init;
/* BCEs with one HNP, the common case; see struct pmip6_bce. */
static struct kmem_cache *bce_cache __ro_after_init;

static const struct rhashtable_params mn_params = {
	.head_offset = offsetof(struct pmip6_mn, node),
	.key_offset = offsetof(struct pmip6_mn, key),
	.key_len = sizeof(struct pmip6_mn_key),
	.automatic_shrinking = true,
};

static const struct rhashtable_params hnp_params = {
	.head_offset = offsetof(struct hnp_entry, node),
	.key_offset = offsetof(struct hnp_entry, prefix),
	.key_len = sizeof(u64),
	.automatic_shrinking = true,
};

struct pmip6_pcpu_counters __percpu *pmip6_counters_alloc(void)
{
	struct pmip6_pcpu_counters __percpu *pc;
	int cpu;

	pc = alloc_percpu_gfp(struct pmip6_pcpu_counters, GFP_KERNEL_ACCOUNT);
	if (!pc)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(pc, cpu)->syncp);
	return pc;
}

void pmip6_counters_sum(const struct pmip6_pcpu_counters __percpu *pc,
			struct pmip6_counters *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct pmip6_pcpu_counters *c = per_cpu_ptr(pc, cpu);
		u64 ptx, btx, prx, brx;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			ptx = u64_stats_read(&c->packets_tx);
			btx = u64_stats_read(&c->bytes_tx);
			prx = u64_stats_read(&c->packets_rx);
			brx = u64_stats_read(&c->bytes_rx);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		sum->packets_tx += ptx;
		sum->bytes_tx += btx;
		sum->packets_rx += prx;
		sum->bytes_rx += brx;
	}
}

struct pmip6_mn *pmip6_mn_find(struct pmip6_net *pn,
			       const struct pmip6_mn_key *key)
{
	lockdep_assert_held(&pn->conf_lock);

	/* rhashtable_lookup_fast() takes the RCU read lock itself. */
	return rhashtable_lookup_fast(&pn->mn_table, key, mn_params);
}

struct pmip6_bce *pmip6_bce_find(const struct pmip6_mn *mn, u16 bid)
{
	struct pmip6_bce *bce;

	list_for_each_entry(bce, &mn->bces, mn_node)
		if (bce->bid == bid)
			return bce;
	return NULL;
}

struct pmip6_mn *pmip6_mn_lookup_by_addr(struct pmip6_net *pn,
					 const struct in6_addr *addr)
{
	u64 key = pmip6_prefix64(addr);
	struct hnp_entry *e;

	e = rhashtable_lookup(&pn->hnp_table, &key, hnp_params);
	/* e->mn never changes: a prefix that changes owner gets a new e. */
	return e ? e->mn : NULL;
}

static struct hnp_entry *hnp_find(struct pmip6_net *pn,
				  const struct in6_addr *prefix)
{
	u64 key = pmip6_prefix64(prefix);

	lockdep_assert_held(&pn->conf_lock);
	return rhashtable_lookup_fast(&pn->hnp_table, &key, hnp_params);
}

/* Drops one BCE's use of @prefix; the last user unlinks the entry. */
static void hnp_put(struct pmip6_net *pn, const struct in6_addr *prefix)
{
	struct hnp_entry *e = hnp_find(pn, prefix);

	if (WARN_ON_ONCE(!e))
		return;
	if (--e->users)
		return;
	rhashtable_remove_fast(&pn->hnp_table, &e->node, hnp_params);
	kfree_rcu(e, rcu);
}

/*
 * Makes every prefix of @cfg map to @mn, in two steps so that a failure
 * leaves the table as it was: first insert the prefixes that have no entry
 * yet (with no users, so a rollback just removes them), then count the
 * uses, which cannot fail. The caller checked that no prefix belongs to
 * another MN.
 */
static int hnps_get(struct pmip6_net *pn, struct pmip6_mn *mn,
		    const struct pmip6_bce_cfg *cfg)
{
	struct hnp_entry *fresh[PMIP6_BCE_HNP_MAX];
	unsigned int n_fresh = 0, i;
	int ret;

	for (i = 0; i < cfg->n_hnp; i++) {
		struct hnp_entry *e;

		if (hnp_find(pn, &cfg->hnp[i].prefix))
			continue;
		e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
		if (!e) {
			ret = -ENOMEM;
			goto err_rollback;
		}
		e->prefix = pmip6_prefix64(&cfg->hnp[i].prefix);
		e->mn = mn;
		ret = rhashtable_insert_fast(&pn->hnp_table, &e->node,
					     hnp_params);
		if (ret) {
			kfree(e);
			goto err_rollback;
		}
		fresh[n_fresh++] = e;
	}

	for (i = 0; i < cfg->n_hnp; i++)
		hnp_find(pn, &cfg->hnp[i].prefix)->users++;
	return 0;

err_rollback:
	/* Readers may have found them: free after a grace period. */
	while (n_fresh--) {
		rhashtable_remove_fast(&pn->hnp_table, &fresh[n_fresh]->node,
				       hnp_params);
		kfree_rcu(fresh[n_fresh], rcu);
	}
	return ret;
}

static void mn_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(mn_cache, container_of(rcu, struct pmip6_mn, rcu));
}

/* Returns the MN of @key, creating and publishing it if needed. */
struct pmip6_mn *pmip6_mn_get(struct pmip6_net *pn,
			      const struct pmip6_mn_key *key)
{
	struct pmip6_mn *mn;
	int ret;

	mn = pmip6_mn_find(pn, key);
	if (mn)
		return mn;

	mn = kmem_cache_zalloc(mn_cache, GFP_KERNEL_ACCOUNT);
	if (!mn)
		return ERR_PTR(-ENOMEM);
	mn->key = *key;
	INIT_LIST_HEAD(&mn->bces);
	INIT_LIST_HEAD(&mn->fmcs);

	ret = xa_alloc(&pn->mn_xa, &mn->index, mn, xa_limit_32b,
		       GFP_KERNEL_ACCOUNT);
	if (ret)
		goto err_free;
	ret = rhashtable_insert_fast(&pn->mn_table, &mn->node, mn_params);
	if (ret)
		goto err_xa;
	pn->n_mn++;
	return mn;

err_xa:
	xa_erase(&pn->mn_xa, mn->index);
err_free:
	/* Never published: nobody can see it. */
	kmem_cache_free(mn_cache, mn);
	return ERR_PTR(ret);
}

struct pmip6_mn *pmip6_mn_lookup_rcu(struct pmip6_net *pn,
				     const struct pmip6_mn_key *key)
{
	return rhashtable_lookup(&pn->mn_table, key, mn_params);
}

/*
 * The one way an MN goes: when its last BCE or FMC entry went. Readers that
 * found it through a table keep it for their RCU section.
 */
void pmip6_mn_remove_if_unused(struct pmip6_net *pn, struct pmip6_mn *mn)
{
	lockdep_assert_held(&pn->conf_lock);

	if (mn->n_bce || mn->n_fmc)
		return;
	rhashtable_remove_fast(&pn->mn_table, &mn->node, mn_params);
	xa_erase(&pn->mn_xa, mn->index);
	pn->n_mn--;
	call_rcu(&mn->rcu, mn_free_rcu);
}

/*
 * Back to the allocator bce_alloc() took it from. Not kfree() for both:
 * kfree() of a kmem_cache object is documented only from 6.4 on.
 */
static void bce_free(struct pmip6_bce *bce)
{
	if (bce->n_hnp == 1)
		kmem_cache_free(bce_cache, bce);
	else
		kfree(bce);
}

/* The BCE's last copy goes: its counters go with it. */
static void bce_free_rcu(struct rcu_head *rcu)
{
	struct pmip6_bce *bce = container_of(rcu, struct pmip6_bce, rcu);

	free_percpu(bce->stats);
	bce_free(bce);
}

/* A copy replaced by a newer one, which took over the counters. */
static void bce_free_copy_rcu(struct rcu_head *rcu)
{
	bce_free(container_of(rcu, struct pmip6_bce, rcu));
}

/* Inserts before the first BCE of worse (BID-PRI, BID). */
void pmip6_bce_link(struct pmip6_mn *mn, struct pmip6_bce *bce)
{
	struct list_head *pos = &mn->bces;
	struct pmip6_bce *it;

	list_for_each_entry(it, &mn->bces, mn_node) {
		if (it->bid_pri > bce->bid_pri ||
		    (it->bid_pri == bce->bid_pri && it->bid > bce->bid)) {
			pos = &it->mn_node;
			break;
		}
	}
	/* Before @pos: list_add_tail_rcu() publishes @bce's contents first. */
	list_add_tail_rcu(&bce->mn_node, pos);
}

static struct pmip6_bce *bce_alloc(const struct pmip6_bce_cfg *cfg,
				   struct pmip6_mn *mn)
{
	struct pmip6_bce *bce;
	unsigned int i;

	if (cfg->n_hnp == 1)
		bce = kmem_cache_zalloc(bce_cache, GFP_KERNEL_ACCOUNT);
	else
		bce = kzalloc(struct_size(bce, hnp, cfg->n_hnp),
			      GFP_KERNEL_ACCOUNT);
	if (!bce)
		return NULL;
	/* Before @hnp is written: __counted_by() bounds it by @n_hnp. */
	bce->n_hnp = cfg->n_hnp;
	bce->mn = mn;
	bce->bid = cfg->bid;
	bce->bid_pri = cfg->bid_pri;
	bce->att = cfg->att;
	bce->proxy_coa = cfg->proxy_coa;
	bce->reg = cfg->reg;
	bce->ll_id_len = cfg->ll_id_len;
	memcpy(bce->ll_id, cfg->ll_id, cfg->ll_id_len);
	for (i = 0; i < cfg->n_hnp; i++)
		bce->hnp[i] = cfg->hnp[i];
	return bce;
}

/* Every prefix of @cfg is free or already @mn's (@mn may be NULL). */
static int hnps_check(struct pmip6_net *pn, const struct pmip6_mn *mn,
		      const struct pmip6_bce_cfg *cfg,
		      struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < cfg->n_hnp; i++) {
		struct hnp_entry *e = hnp_find(pn, &cfg->hnp[i].prefix);

		if (e && e->mn != mn) {
			NL_SET_ERR_MSG_ATTR(extack, cfg->hnp_attr[i],
					    KBUILD_MODNAME
					    ": HNP belongs to another mobile node");
			return -EADDRINUSE;
		}
	}
	return 0;
}

/**
 * pmip6_bce_new - create a BCE from a validated request
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the request, fully validated on its own
 * @extack: why it was refused
 *
 * Checks the request against the state, then allocates everything, then
 * publishes; a failure at any step leaves the state as it was.
 */
int pmip6_bce_new(struct pmip6_net *pn, const struct pmip6_bce_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct pmip6_fmc_batch *batch = NULL;
	struct pmip6_mn *mn;
	struct pmip6_bce *bce;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	mn = pmip6_mn_find(pn, &cfg->key);
	if (mn && pmip6_bce_find(mn, cfg->bid)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a BCE with this MN-ID and BID exists");
		return -EEXIST;
	}
	if (mn && mn->n_bce >= PMIP6_BCE_PER_MN_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "too many BCEs for this mobile node");
		return -ENOSPC;
	}
	if (pn->n_bce >= pn->bce_max) {
		NL_SET_ERR_MSG_MOD(extack,
				   "binding cache of this netns is full");
		return -ENOSPC;
	}
	ret = hnps_check(pn, mn, cfg, extack);
	if (ret)
		return ret;

	mn = pmip6_mn_get(pn, &cfg->key);
	if (IS_ERR(mn))
		return PTR_ERR(mn);

	ret = -ENOMEM;
	bce = bce_alloc(cfg, mn);
	if (!bce)
		goto err_mn;
	bce->stats = pmip6_counters_alloc();
	if (!bce->stats)
		goto err_bce;
	/* FMC entries naming this BID become active again. */
	ret = pmip6_fmc_active_prepare(mn, 0, cfg->bid, &batch);
	if (ret)
		goto err_stats;
	ret = hnps_get(pn, mn, cfg);
	if (ret)
		goto err_batch;

	/* From here on nothing fails. */
	pmip6_bce_link(mn, bce);
	mn->n_bce++;
	pn->n_bce++;
	pmip6_net_generation_bump(pn);
	/* The BCE's notification first, then what it caused. */
	pmip6_nl_ntf_send(pn, pmip6_nl_bce_ntf_build(pn, bce,
						     PMIP6_CHANGE_NEW));
	pmip6_fmc_active_commit(pn, batch);
	return 0;

err_batch:
	pmip6_fmc_active_abort(batch);
err_stats:
	free_percpu(bce->stats);
err_bce:
	bce_free(bce);
err_mn:
	pmip6_mn_remove_if_unused(pn, mn);
	return ret;
}

/* Would @cfg change nothing of @bce that the packet path reads? */
static bool bce_path_unchanged(const struct pmip6_bce *bce,
			       const struct pmip6_bce_cfg *cfg)
{
	unsigned int i;

	if (bce->bid_pri != cfg->bid_pri || bce->att != cfg->att ||
	    !ipv6_addr_equal(&bce->proxy_coa, &cfg->proxy_coa) ||
	    bce->ll_id_len != cfg->ll_id_len ||
	    memcmp(bce->ll_id, cfg->ll_id, cfg->ll_id_len) ||
	    bce->n_hnp != cfg->n_hnp)
		return false;
	for (i = 0; i < cfg->n_hnp; i++)
		if (!ipv6_addr_equal(&bce->hnp[i].prefix, &cfg->hnp[i].prefix) ||
		    bce->hnp[i].len != cfg->hnp[i].len)
			return false;
	return true;
}

/**
 * pmip6_bce_set - replace a BCE as a whole
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the new contents, fully validated on their own
 * @extack: why it was refused
 *
 * The new copy is published before the old one is unlinked, so a reader
 * walking the list meanwhile sees one or both, never neither. The BID does
 * not change, so FMC entries are unaffected.
 *
 * A SET that changes only the registration state, as every refresh of a
 * binding does (RFC 5213 5.3.3), writes it in place: no RCU reader reads
 * it, and the objects and their order stay as they were, so the
 * generation stays too and a dump in progress is not restarted by the
 * refreshes of a busy LMA.
 */
int pmip6_bce_set(struct pmip6_net *pn, const struct pmip6_bce_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct pmip6_bce *old, *bce;
	struct pmip6_mn *mn;
	unsigned int i;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	mn = pmip6_mn_find(pn, &cfg->key);
	old = mn ? pmip6_bce_find(mn, cfg->bid) : NULL;
	if (!old) {
		NL_SET_ERR_MSG_MOD(extack, "no BCE with this MN-ID and BID");
		return -ENOENT;
	}
	if (bce_path_unchanged(old, cfg)) {
		old->reg = cfg->reg;
		pmip6_nl_ntf_send(pn, pmip6_nl_bce_ntf_build(pn, old,
							     PMIP6_CHANGE_SET));
		return 0;
	}
	ret = hnps_check(pn, mn, cfg, extack);
	if (ret)
		return ret;

	bce = bce_alloc(cfg, mn);
	if (!bce)
		return -ENOMEM;
	bce->stats = old->stats;
	ret = hnps_get(pn, mn, cfg);
	if (ret) {
		bce_free(bce);
		return ret;
	}

	pmip6_bce_link(mn, bce);
	list_del_rcu(&old->mn_node);
	for (i = 0; i < old->n_hnp; i++)
		hnp_put(pn, &old->hnp[i].prefix);
	call_rcu(&old->rcu, bce_free_copy_rcu);
	pmip6_net_generation_bump(pn);
	pmip6_nl_ntf_send(pn, pmip6_nl_bce_ntf_build(pn, bce,
						     PMIP6_CHANGE_SET));
	return 0;
}

/**
 * pmip6_bce_remove - the one removal path of a BCE
 * @pn: the netns; the caller holds conf_lock
 * @bce: a linked BCE
 *
 * Used by BCE_DEL (after pmip6_fmc_active_prepare()), by netns exit and so
 * by module unload. Does not remove the MN: the caller does, once it is
 * done with it, with pmip6_mn_remove_if_unused().
 */
void pmip6_bce_remove(struct pmip6_net *pn, struct pmip6_bce *bce)
{
	struct pmip6_mn *mn = bce->mn;
	unsigned int i;

	lockdep_assert_held(&pn->conf_lock);

	list_del_rcu(&bce->mn_node);
	mn->n_bce--;
	pn->n_bce--;
	for (i = 0; i < bce->n_hnp; i++)
		hnp_put(pn, &bce->hnp[i].prefix);
	call_rcu(&bce->rcu, bce_free_rcu);
	pmip6_net_generation_bump(pn);
}

int pmip6_binding_net_init(struct pmip6_net *pn)
{
	int ret;

	xa_init_flags(&pn->mn_xa, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	ret = rhashtable_init(&pn->mn_table, &mn_params);
	if (ret)
		return ret;
	ret = rhashtable_init(&pn->hnp_table, &hnp_params);
	if (ret)
		rhashtable_destroy(&pn->mn_table);
	return ret;
}

/*
 * The netns is going: nobody else can reach its tables (see pernet_exit()).
 * Everything goes by the removal paths DEL uses, FMC entries first so that
 * no entry needs an update when its BCEs go.
 */
void pmip6_binding_net_exit(struct pmip6_net *pn)
{
	struct pmip6_fmc *fmc, *fmc_tmp;
	struct pmip6_bce *bce, *bce_tmp;
	struct pmip6_mn *mn;
	unsigned long index;

	mutex_lock(&pn->conf_lock);
	xa_for_each(&pn->mn_xa, index, mn) {
		list_for_each_entry_safe(fmc, fmc_tmp, &mn->fmcs, mn_node)
			pmip6_fmc_remove(pn, fmc);
		list_for_each_entry_safe(bce, bce_tmp, &mn->bces, mn_node)
			pmip6_bce_remove(pn, bce);
		pmip6_mn_remove_if_unused(pn, mn);
	}
	WARN_ON_ONCE(pn->n_mn || pn->n_bce || pn->n_fmc);
	mutex_unlock(&pn->conf_lock);

	rhashtable_destroy(&pn->hnp_table);
	rhashtable_destroy(&pn->mn_table);
	xa_destroy(&pn->mn_xa);
}

int pmip6_binding_init(void)
{
	mn_cache = kmem_cache_create("pmip6_mn", sizeof(struct pmip6_mn), 0,
				     SLAB_ACCOUNT | SLAB_NO_MERGE, NULL);
	if (!mn_cache)
		return -ENOMEM;
	bce_cache = kmem_cache_create("pmip6_bce",
				      struct_size_t(struct pmip6_bce, hnp, 1), 0,
				      SLAB_ACCOUNT | SLAB_NO_MERGE, NULL);
	if (!bce_cache) {
		kmem_cache_destroy(mn_cache);
		return -ENOMEM;
	}
	return 0;
}

/* After rcu_barrier(): no call_rcu() callback of ours is pending. */
void pmip6_binding_uninit(void)
{
	kmem_cache_destroy(bce_cache);
	kmem_cache_destroy(mn_cache);
}
