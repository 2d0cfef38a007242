// SPDX-License-Identifier: GPL-2.0
/*
 * The MAG's binding update list (RFC 5213 section 6.1) and its two packet
 * path tables: /64 prefix -> entry, covering on-link and off-link HNPs
 * (RFC 7864 section 4.1, L flag), and the set of LMA addresses that
 * decapsulation accepts packets from.
 *
 * A prefix has at most one entry: a /64 of one MN is not another's (the
 * packet path must find one MN for a destination), and one MN's prefix is
 * either hosted on its link or routed to it off-link, not both. The LMA
 * only moves a prefix of an MN to a MAG as off-link when that MAG does not
 * host it (RFC 7864 section 3.2.2).
 */

#include "compat.h"
#include "bul.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"

#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/xarray.h>

static unsigned int pmip6_bul_max_default = 1 << 20;
module_param_named(bul_max, pmip6_bul_max_default, uint, 0644);
MODULE_PARM_DESC(bul_max, "Most BUL entries per network namespace (new netns)");

/* Every prefix of an entry, on-link and off-link. */
#define BUL_PREFIX_MAX (2 * PMIP6_BUL_HNP_MAX)

/**
 * struct bul_prefix - one /64 in pmip6_net.bul_prefix_table
 * @node: in pmip6_net.bul_prefix_table
 * @prefix: the first 64 bits of the prefix, as pmip6_prefix64() reads them
 * @bul: the entry listing it; a new copy of the entry gets a new
 *	bul_prefix, so @bul never changes
 * @offlink: listed as off-link
 * @rcu: for the free after unlinking
 */
struct bul_prefix {
	struct rhash_head node;
	u64 prefix;
	struct pmip6_bul *bul;
	bool offlink;
	struct rcu_head rcu;
};

/**
 * struct addr_entry - one address of a pmip6_addrset_*() set
 * @node: in the set
 * @addr: the address
 * @users: objects using the address; conf_lock. Not a lifetime count: the
 *	entry is unlinked when it drops to 0, freed after RCU.
 * @rcu: for the free after unlinking
 */
struct addr_entry {
	struct rhash_head node;
	struct in6_addr addr;
	unsigned int users;
	struct rcu_head rcu;
};

static struct kmem_cache *bul_cache __ro_after_init;

static const struct rhashtable_params bul_params = {
	.head_offset = offsetof(struct pmip6_bul, node),
	.key_offset = offsetof(struct pmip6_bul, key),
	.key_len = sizeof(struct pmip6_mn_key),
	.automatic_shrinking = true,
};

static const struct rhashtable_params prefix_params = {
	.head_offset = offsetof(struct bul_prefix, node),
	.key_offset = offsetof(struct bul_prefix, prefix),
	.key_len = sizeof(u64),
	.automatic_shrinking = true,
};

static const struct rhashtable_params addr_params = {
	.head_offset = offsetof(struct addr_entry, node),
	.key_offset = offsetof(struct addr_entry, addr),
	.key_len = sizeof(struct in6_addr),
	.automatic_shrinking = true,
};

int pmip6_addrset_init(struct rhashtable *set)
{
	return rhashtable_init(set, &addr_params);
}

/* Every user put its address back: the set is empty. */
void pmip6_addrset_destroy(struct rhashtable *set)
{
	WARN_ON_ONCE(atomic_read(&set->nelems));
	rhashtable_destroy(set);
}

bool pmip6_addrset_contains(struct rhashtable *set,
			    const struct in6_addr *addr)
{
	return rhashtable_lookup(set, addr, addr_params);
}

/* Adds a use of @addr; the caller holds its netns's conf_lock. */
int pmip6_addrset_get(struct rhashtable *set, const struct in6_addr *addr)
{
	struct addr_entry *e;
	int ret;

	e = rhashtable_lookup_fast(set, addr, addr_params);
	if (e) {
		e->users++;
		return 0;
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return -ENOMEM;
	e->addr = *addr;
	e->users = 1;
	ret = rhashtable_insert_fast(set, &e->node, addr_params);
	if (ret)
		kfree(e);	/* never published */
	return ret;
}

/* Drops a use of @addr; the last one unlinks it. Caller holds conf_lock. */
void pmip6_addrset_put(struct rhashtable *set, const struct in6_addr *addr)
{
	struct addr_entry *e = rhashtable_lookup_fast(set, addr, addr_params);

	if (WARN_ON_ONCE(!e))
		return;
	if (--e->users)
		return;
	rhashtable_remove_fast(set, &e->node, addr_params);
	kfree_rcu(e, rcu);
}

struct pmip6_bul *pmip6_bul_find(struct pmip6_net *pn,
				 const struct pmip6_mn_key *key)
{
	lockdep_assert_held(&pn->conf_lock);

	/* rhashtable_lookup_fast() takes the RCU read lock itself. */
	return rhashtable_lookup_fast(&pn->bul_table, key, bul_params);
}

struct pmip6_bul *pmip6_bul_lookup_prefix(struct pmip6_net *pn,
					  const struct in6_addr *addr,
					  bool *offlink)
{
	u64 key = pmip6_prefix64(addr);
	struct bul_prefix *e;

	e = rhashtable_lookup(&pn->bul_prefix_table, &key, prefix_params);
	if (!e)
		return NULL;
	/* Both fields were set before @e was published and never change. */
	*offlink = e->offlink;
	return e->bul;
}

bool pmip6_bul_is_lma(struct pmip6_net *pn, const struct in6_addr *addr)
{
	return pmip6_addrset_contains(&pn->lma_set, addr);
}

static struct bul_prefix *prefix_find(struct pmip6_net *pn,
				      const struct in6_addr *prefix)
{
	u64 key = pmip6_prefix64(prefix);

	lockdep_assert_held(&pn->conf_lock);
	return rhashtable_lookup_fast(&pn->bul_prefix_table, &key,
				      prefix_params);
}

/* Every prefix of @cfg is free or already @old's (@old may be NULL). */
static int prefixes_check(struct pmip6_net *pn, const struct pmip6_bul *old,
			  const struct pmip6_bul_cfg *cfg,
			  struct netlink_ext_ack *extack)
{
	const struct nlattr *attr = NULL;
	unsigned int i;

	for (i = 0; i < cfg->n_onlink + cfg->n_offlink; i++) {
		const struct in6_addr *p;
		struct bul_prefix *e;

		if (i < cfg->n_onlink) {
			p = &cfg->onlink[i];
			attr = cfg->onlink_attr[i];
		} else {
			p = &cfg->offlink[i - cfg->n_onlink];
			attr = cfg->offlink_attr[i - cfg->n_onlink];
		}
		e = prefix_find(pn, p);
		if (e && e->bul != old) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME
					    ": HNP belongs to another mobile node");
			return -EADDRINUSE;
		}
	}
	return 0;
}

/**
 * struct prefix_batch - the prefix entries of a new copy of an entry
 * @n: used entries of @e and @old
 * @e: the new copy's entries, one per prefix
 * @old: the entry of the same prefix in the table (of the predecessor), or
 *	NULL when @e[i] was inserted fresh by prefixes_prepare()
 */
struct prefix_batch {
	unsigned int n;
	struct bul_prefix *e[BUL_PREFIX_MAX];
	struct bul_prefix *old[BUL_PREFIX_MAX];
};

/* Unlinks what prefixes_prepare() inserted and frees the batch. */
static void prefixes_abort(struct pmip6_net *pn, struct prefix_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		if (!b->old[i]) {
			/* Published: readers may hold it. */
			rhashtable_remove_fast(&pn->bul_prefix_table,
					       &b->e[i]->node, prefix_params);
			kfree_rcu(b->e[i], rcu);
		} else {
			kfree(b->e[i]);
		}
	}
	kfree(b);
}

/*
 * Allocates an entry for every prefix of @bul and inserts those that have
 * none in the table yet. Those that have one (the predecessor's) are
 * swapped by prefixes_commit(), which cannot fail. On failure nothing
 * changed, except that readers may have seen a fresh entry pointing at
 * @bul: @bul must then be freed after a grace period.
 */
static int prefixes_prepare(struct pmip6_net *pn, struct pmip6_bul *bul,
			    struct prefix_batch **batchp)
{
	unsigned int n = bul->n_onlink + bul->n_offlink, i;
	struct prefix_batch *b;
	int ret;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		bool offlink = i >= bul->n_onlink;
		const struct in6_addr *p;
		struct bul_prefix *e, *old;

		p = offlink ? &bul->offlink[i - bul->n_onlink] : &bul->onlink[i];
		e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
		if (!e) {
			ret = -ENOMEM;
			goto err;
		}
		e->prefix = pmip6_prefix64(p);
		e->bul = bul;
		e->offlink = offlink;
		old = prefix_find(pn, p);
		if (!old) {
			ret = rhashtable_insert_fast(&pn->bul_prefix_table,
						     &e->node, prefix_params);
			if (ret) {
				kfree(e);	/* never published */
				goto err;
			}
		}
		b->old[b->n] = old;
		b->e[b->n++] = e;
	}
	*batchp = b;
	return 0;

err:
	prefixes_abort(pn, b);
	return ret;
}

/*
 * Publishes the rest of @b, then unlinks the prefixes of @old (which may
 * be NULL) that the new copy does not list. Cannot fail.
 */
static void prefixes_commit(struct pmip6_net *pn, struct prefix_batch *b,
			    struct pmip6_bul *old)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		if (!b->old[i])
			continue;
		/* Same key, so a rehash cannot make this fail. */
		WARN_ON_ONCE(rhashtable_replace_fast(&pn->bul_prefix_table,
						     &b->old[i]->node,
						     &b->e[i]->node,
						     prefix_params));
		kfree_rcu(b->old[i], rcu);
	}
	kfree(b);

	if (!old)
		return;
	for (i = 0; i < old->n_onlink + old->n_offlink; i++) {
		const struct in6_addr *p;
		struct bul_prefix *e;

		p = i < old->n_onlink ? &old->onlink[i] :
					&old->offlink[i - old->n_onlink];
		e = prefix_find(pn, p);
		/* Still @old's: the new copy does not list it. */
		if (e && e->bul == old) {
			rhashtable_remove_fast(&pn->bul_prefix_table, &e->node,
					       prefix_params);
			kfree_rcu(e, rcu);
		}
	}
}

/* The entry's last copy goes: its counters go with it. */
static void bul_free_rcu(struct rcu_head *rcu)
{
	struct pmip6_bul *bul = container_of(rcu, struct pmip6_bul, rcu);

	free_percpu(bul->stats);
	kmem_cache_free(bul_cache, bul);
}

/* A copy replaced by a newer one, which took over the counters. */
static void bul_free_copy_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(bul_cache, container_of(rcu, struct pmip6_bul, rcu));
}

static struct pmip6_bul *bul_alloc(const struct pmip6_bul_cfg *cfg)
{
	struct pmip6_bul *bul;

	bul = kmem_cache_zalloc(bul_cache, GFP_KERNEL_ACCOUNT);
	if (!bul)
		return NULL;
	bul->key = cfg->key;
	bul->lma_addr = cfg->lma_addr;
	bul->mn_ll_addr = cfg->mn_ll_addr;
	bul->ifindex = cfg->ifindex;
	bul->reg = cfg->reg;
	bul->bid = cfg->bid;
	bul->n_onlink = cfg->n_onlink;
	bul->n_offlink = cfg->n_offlink;
	memcpy(bul->onlink, cfg->onlink, cfg->n_onlink * sizeof(cfg->onlink[0]));
	memcpy(bul->offlink, cfg->offlink,
	       cfg->n_offlink * sizeof(cfg->offlink[0]));
	return bul;
}

/*
 * The MN whose FMC entries name the BID of @key's BUL entry, if any. With
 * no FMC entry in the netns there is nothing to flip; that also keeps the
 * self-test's private instance, which has no binding tables, out of them.
 */
static struct pmip6_mn *fmc_owner(struct pmip6_net *pn,
				  const struct pmip6_mn_key *key)
{
	return pn->n_fmc ? pmip6_mn_find(pn, key) : NULL;
}

/**
 * pmip6_bul_new - create a BUL entry from a validated request
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the request, fully validated on its own
 * @extack: why it was refused
 *
 * Checks the request against the state, then allocates, then publishes;
 * a failure at any step leaves the state as it was.
 */
int pmip6_bul_new(struct pmip6_net *pn, const struct pmip6_bul_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct pmip6_fmc_batch *fbatch = NULL;
	struct prefix_batch *batch;
	struct pmip6_bul *bul;
	struct pmip6_mn *mn;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	if (pmip6_bul_find(pn, &cfg->key)) {
		NL_SET_ERR_MSG_MOD(extack, "a BUL entry with this MN-ID exists");
		return -EEXIST;
	}
	if (pn->n_bul >= pn->bul_max) {
		NL_SET_ERR_MSG_MOD(extack,
				   "binding update list of this netns is full");
		return -ENOSPC;
	}
	ret = prefixes_check(pn, NULL, cfg, extack);
	if (ret)
		return ret;

	bul = bul_alloc(cfg);
	if (!bul)
		return -ENOMEM;
	ret = -ENOMEM;
	bul->stats = pmip6_counters_alloc();
	if (!bul->stats)
		goto err_bul;
	/* Not yet visible to anyone: dumps walk bul_xa under conf_lock. */
	ret = xa_alloc(&pn->bul_xa, &bul->index, bul, xa_limit_32b,
		       GFP_KERNEL_ACCOUNT);
	if (ret)
		goto err_stats;
	ret = pmip6_addrset_get(&pn->lma_set, &bul->lma_addr);
	if (ret)
		goto err_xa;
	ret = rhashtable_insert_fast(&pn->bul_table, &bul->node, bul_params);
	if (ret)
		goto err_lma;
	/* FMC entries of the MN naming this BID become active again. */
	mn = fmc_owner(pn, &cfg->key);
	if (mn) {
		ret = pmip6_fmc_active_prepare(mn, 0, cfg->bid, &fbatch);
		if (ret)
			goto err_table;
	}
	ret = prefixes_prepare(pn, bul, &batch);
	if (ret)
		goto err_fbatch;

	/* From here on nothing fails. */
	prefixes_commit(pn, batch, NULL);
	pn->n_bul++;
	pmip6_net_generation_bump(pn);
	pmip6_nl_ntf_send(pn, pmip6_nl_bul_ntf_build(pn, bul,
						     PMIP6_CHANGE_NEW));
	pmip6_fmc_active_commit(pn, fbatch);
	return 0;

err_fbatch:
	pmip6_fmc_active_abort(fbatch);
err_table:
	rhashtable_remove_fast(&pn->bul_table, &bul->node, bul_params);
err_lma:
	pmip6_addrset_put(&pn->lma_set, &bul->lma_addr);
err_xa:
	xa_erase(&pn->bul_xa, bul->index);
	/* A reader may have found it by a prefix prefixes_prepare() added. */
	call_rcu(&bul->rcu, bul_free_rcu);
	return ret;
err_stats:
	free_percpu(bul->stats);
err_bul:
	kmem_cache_free(bul_cache, bul);
	return ret;
}

/* Would @cfg change nothing of @bul that the packet path reads? */
static bool bul_path_unchanged(const struct pmip6_bul *bul,
			       const struct pmip6_bul_cfg *cfg)
{
	return ipv6_addr_equal(&bul->lma_addr, &cfg->lma_addr) &&
	       ipv6_addr_equal(&bul->mn_ll_addr, &cfg->mn_ll_addr) &&
	       bul->ifindex == cfg->ifindex && bul->bid == cfg->bid &&
	       bul->n_onlink == cfg->n_onlink &&
	       bul->n_offlink == cfg->n_offlink &&
	       !memcmp(bul->onlink, cfg->onlink,
		       cfg->n_onlink * sizeof(cfg->onlink[0])) &&
	       !memcmp(bul->offlink, cfg->offlink,
		       cfg->n_offlink * sizeof(cfg->offlink[0]));
}

/**
 * pmip6_bul_set - replace a BUL entry as a whole
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the new contents, fully validated on their own
 * @extack: why it was refused
 *
 * Every table switches from the old copy to the new one by replacing
 * pointers, so a reader finds one or the other, never neither. Prefixes
 * the new copy no longer lists become free for other MNs.
 *
 * A SET that changes only the registration state (a refresh, RFC 5213
 * 6.9.1.3) writes it in place, as pmip6_bce_set() does and for the same
 * reasons.
 */
int pmip6_bul_set(struct pmip6_net *pn, const struct pmip6_bul_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct pmip6_fmc_batch *fbatch = NULL;
	struct prefix_batch *batch;
	struct pmip6_bul *old, *bul;
	struct pmip6_mn *mn;
	void *prev;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	old = pmip6_bul_find(pn, &cfg->key);
	if (!old) {
		NL_SET_ERR_MSG_MOD(extack, "no BUL entry with this MN-ID");
		return -ENOENT;
	}
	if (bul_path_unchanged(old, cfg)) {
		old->reg = cfg->reg;
		pmip6_nl_ntf_send(pn, pmip6_nl_bul_ntf_build(pn, old,
							     PMIP6_CHANGE_SET));
		return 0;
	}
	ret = prefixes_check(pn, old, cfg, extack);
	if (ret)
		return ret;

	bul = bul_alloc(cfg);
	if (!bul)
		return -ENOMEM;
	bul->stats = old->stats;
	bul->index = old->index;
	ret = pmip6_addrset_get(&pn->lma_set, &bul->lma_addr);
	if (ret) {
		kmem_cache_free(bul_cache, bul);
		return ret;
	}
	/* A new BID flips the MN's FMC entries naming the old or new one. */
	mn = fmc_owner(pn, &cfg->key);
	if (mn) {
		ret = pmip6_fmc_active_prepare(mn, old->bid, cfg->bid, &fbatch);
		if (ret) {
			pmip6_addrset_put(&pn->lma_set, &bul->lma_addr);
			kmem_cache_free(bul_cache, bul);
			return ret;
		}
	}
	ret = prefixes_prepare(pn, bul, &batch);
	if (ret) {
		pmip6_fmc_active_abort(fbatch);
		pmip6_addrset_put(&pn->lma_set, &bul->lma_addr);
		call_rcu(&bul->rcu, bul_free_copy_rcu);
		return ret;
	}

	/* From here on nothing fails. */
	WARN_ON_ONCE(rhashtable_replace_fast(&pn->bul_table, &old->node,
					     &bul->node, bul_params));
	/* The slot is occupied: storing needs no allocation. */
	prev = xa_store(&pn->bul_xa, bul->index, bul, GFP_KERNEL);
	WARN_ON_ONCE(prev != old);
	prefixes_commit(pn, batch, old);
	pmip6_addrset_put(&pn->lma_set, &old->lma_addr);
	call_rcu(&old->rcu, bul_free_copy_rcu);
	pmip6_net_generation_bump(pn);
	pmip6_nl_ntf_send(pn, pmip6_nl_bul_ntf_build(pn, bul,
						     PMIP6_CHANGE_SET));
	pmip6_fmc_active_commit(pn, fbatch);
	return 0;
}

/**
 * pmip6_bul_remove - the one removal path of a BUL entry
 * @pn: the netns; the caller holds conf_lock
 * @bul: a linked entry
 *
 * Used by BUL_DEL, by netns exit and so by module unload. Readers that
 * found the entry keep it for their RCU section.
 */
void pmip6_bul_remove(struct pmip6_net *pn, struct pmip6_bul *bul)
{
	unsigned int i;

	lockdep_assert_held(&pn->conf_lock);

	for (i = 0; i < bul->n_onlink + bul->n_offlink; i++) {
		const struct in6_addr *p;
		struct bul_prefix *e;

		p = i < bul->n_onlink ? &bul->onlink[i] :
					&bul->offlink[i - bul->n_onlink];
		e = prefix_find(pn, p);
		if (WARN_ON_ONCE(!e || e->bul != bul))
			continue;
		rhashtable_remove_fast(&pn->bul_prefix_table, &e->node,
				       prefix_params);
		kfree_rcu(e, rcu);
	}
	rhashtable_remove_fast(&pn->bul_table, &bul->node, bul_params);
	xa_erase(&pn->bul_xa, bul->index);
	pmip6_addrset_put(&pn->lma_set, &bul->lma_addr);
	pn->n_bul--;
	call_rcu(&bul->rcu, bul_free_rcu);
	pmip6_net_generation_bump(pn);
}

int pmip6_bul_net_init(struct pmip6_net *pn)
{
	int ret;

	pn->bul_max = pmip6_bul_max_default;
	xa_init_flags(&pn->bul_xa, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	ret = rhashtable_init(&pn->bul_table, &bul_params);
	if (ret)
		return ret;
	ret = rhashtable_init(&pn->bul_prefix_table, &prefix_params);
	if (ret)
		goto err_table;
	ret = pmip6_addrset_init(&pn->lma_set);
	if (ret)
		goto err_prefix;
	return 0;

err_prefix:
	rhashtable_destroy(&pn->bul_prefix_table);
err_table:
	rhashtable_destroy(&pn->bul_table);
	return ret;
}

/*
 * The netns is going: nobody else can reach its tables (see pernet_exit()).
 * Every entry goes by the removal path BUL_DEL uses.
 */
void pmip6_bul_net_exit(struct pmip6_net *pn)
{
	struct pmip6_bul *bul;
	unsigned long index;

	mutex_lock(&pn->conf_lock);
	xa_for_each(&pn->bul_xa, index, bul)
		pmip6_bul_remove(pn, bul);
	WARN_ON_ONCE(pn->n_bul);
	mutex_unlock(&pn->conf_lock);

	pmip6_addrset_destroy(&pn->lma_set);
	rhashtable_destroy(&pn->bul_prefix_table);
	rhashtable_destroy(&pn->bul_table);
	xa_destroy(&pn->bul_xa);
}

int pmip6_bul_init(void)
{
	bul_cache = kmem_cache_create("pmip6_bul", sizeof(struct pmip6_bul), 0,
				      SLAB_ACCOUNT | SLAB_NO_MERGE, NULL);
	return bul_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no call_rcu() callback of ours is pending. */
void pmip6_bul_uninit(void)
{
	kmem_cache_destroy(bul_cache);
}

/*
 * Self-test of the packet path's lookups, run at load with selftest=1, on
 * a private instance no netns or packet can reach. It goes through the
 * same new/set/remove paths as netlink and checks what readers see.
 */

/* 2001:db8:0:@n::@host */
static void st_addr(struct in6_addr *a, u32 n, u32 host)
{
	ipv6_addr_set(a, htonl(0x20010db8), htonl(n), 0, htonl(host));
}

static void st_cfg(struct pmip6_bul_cfg *cfg, const char *mn, u32 lma,
		   const u32 *on, unsigned int n_on, const u32 *off,
		   unsigned int n_off)
{
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->key.len = strlen(mn);
	memcpy(cfg->key.id, mn, cfg->key.len);
	st_addr(&cfg->lma_addr, 0xffff, lma);
	cfg->ifindex = 1;
	cfg->n_onlink = n_on;
	cfg->n_offlink = n_off;
	for (i = 0; i < n_on; i++)
		st_addr(&cfg->onlink[i], on[i], 0);
	for (i = 0; i < n_off; i++)
		st_addr(&cfg->offlink[i], off[i], 0);
}

/* Does the /64 @n look up to the entry of @mn, of kind @offlink? */
static bool st_finds(struct pmip6_net *pn, u32 n, const char *mn,
		     bool offlink)
{
	struct pmip6_bul *bul;
	struct in6_addr a;
	bool off = !offlink;
	bool ok;

	st_addr(&a, n, 0x1234);
	rcu_read_lock();
	bul = pmip6_bul_lookup_prefix(pn, &a, &off);
	if (!mn)
		ok = !bul;
	else
		ok = bul && bul->key.len == strlen(mn) &&
		     !memcmp(bul->key.id, mn, bul->key.len) && off == offlink;
	rcu_read_unlock();
	return ok;
}

static bool st_is_lma(struct pmip6_net *pn, u32 lma)
{
	struct in6_addr a;
	bool ret;

	st_addr(&a, 0xffff, lma);
	rcu_read_lock();
	ret = pmip6_bul_is_lma(pn, &a);
	rcu_read_unlock();
	return ret;
}

int pmip6_bul_selftest(void)
{
	static const u32 a_on[] = { 1, 2 }, a_off[] = { 3 }, b_on[] = { 4 };
	static const u32 b_bad[] = { 4, 1 }, a2_on[] = { 3 }, a2_off[] = { 1 };
	struct pmip6_bul_cfg *cfg;
	struct pmip6_net *pn;
	bool ok = true;
	int ret = -ENOMEM;

	pn = kzalloc(sizeof(*pn), GFP_KERNEL);
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!pn || !cfg)
		goto out;
	mutex_init(&pn->conf_lock);
	pn->generation = 1;
	ret = pmip6_bul_net_init(pn);
	if (ret)
		goto out;

	mutex_lock(&pn->conf_lock);
	st_cfg(cfg, "a", 1, a_on, 2, a_off, 1);
	ok &= !pmip6_bul_new(pn, cfg, NULL);
	st_cfg(cfg, "b", 1, b_on, 1, NULL, 0);
	ok &= !pmip6_bul_new(pn, cfg, NULL);
	ok &= st_finds(pn, 1, "a", false) && st_finds(pn, 2, "a", false) &&
	      st_finds(pn, 3, "a", true) && st_finds(pn, 4, "b", false) &&
	      st_finds(pn, 5, NULL, false);
	ok &= st_is_lma(pn, 1) && !st_is_lma(pn, 2);
	/* A prefix of another MN: refused, nothing changed. */
	st_cfg(cfg, "b", 1, b_bad, 2, NULL, 0);
	ok &= pmip6_bul_set(pn, cfg, NULL) == -EADDRINUSE;
	ok &= st_finds(pn, 1, "a", false) && st_finds(pn, 4, "b", false);
	/* Prefixes swap kinds, one goes, the LMA changes. */
	st_cfg(cfg, "a", 2, a2_on, 1, a2_off, 1);
	ok &= !pmip6_bul_set(pn, cfg, NULL);
	ok &= st_finds(pn, 3, "a", false) && st_finds(pn, 1, "a", true) &&
	      st_finds(pn, 2, NULL, false);
	ok &= st_is_lma(pn, 1) && st_is_lma(pn, 2);
	pmip6_bul_remove(pn, pmip6_bul_find(pn, &cfg->key));
	ok &= !st_is_lma(pn, 2) && st_is_lma(pn, 1) &&
	      st_finds(pn, 3, NULL, false) && st_finds(pn, 4, "b", false);
	ok &= pn->n_bul == 1;
	mutex_unlock(&pn->conf_lock);

	/* The netns exit path, with an entry left. */
	pmip6_bul_net_exit(pn);
	mutex_destroy(&pn->conf_lock);
	/* The frees are queued: let them run before the caches may go. */
	rcu_barrier();
	ret = ok ? 0 : -EINVAL;
	if (ok)
		pr_info("selftest: bul: pass\n");
	else
		pr_err("selftest: bul: FAIL\n");
out:
	kfree(cfg);
	kfree(pn);
	return ret;
}
