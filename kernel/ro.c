// SPDX-License-Identifier: GPL-2.0
/*
 * Localized routing states (draft-loureiro-netext-pmipv6-ro-02): the
 * (source HNP, destination HNP) -> peer MAG table, and the set of peer MAG
 * addresses that decapsulation accepts packets from.
 */

#include "compat.h"
#include "bul.h"
#include "netlink.h"
#include "netns.h"
#include "ro.h"

#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/ipv6.h>

static unsigned int pmip6_ro_max_default = 1 << 20;
module_param_named(ro_max, pmip6_ro_max_default, uint, 0644);
MODULE_PARM_DESC(ro_max, "Most localized routing states per network namespace (new netns)");

static struct kmem_cache *ro_cache __ro_after_init;

static const struct rhashtable_params ro_params = {
	.head_offset = offsetof(struct pmip6_ro, node),
	.key_offset = offsetof(struct pmip6_ro, key),
	.key_len = sizeof(struct pmip6_ro_key),
	.automatic_shrinking = true,
};

struct pmip6_ro *pmip6_ro_find(struct pmip6_net *pn,
			       const struct pmip6_ro_key *key)
{
	lockdep_assert_held(&pn->conf_lock);

	/* rhashtable_lookup_fast() takes the RCU read lock itself. */
	return rhashtable_lookup_fast(&pn->ro_table, key, ro_params);
}

struct pmip6_ro *pmip6_ro_lookup(struct pmip6_net *pn,
				 const struct in6_addr *saddr,
				 const struct in6_addr *daddr)
{
	struct pmip6_ro_key key = {
		.src = pmip6_prefix64(saddr),
		.dst = pmip6_prefix64(daddr),
	};
	struct pmip6_ro *ro;

	ro = rhashtable_lookup(&pn->ro_table, &key, ro_params);
	/* An expired state is as good as deleted (draft section 4.5). */
	if (!ro || pmip6_ro_expired(ro))
		return NULL;
	return ro;
}

bool pmip6_ro_is_peer(struct pmip6_net *pn, const struct in6_addr *peer)
{
	return pmip6_addrset_contains(&pn->ro_peer_set, peer);
}

/* The state's last copy goes: its counters go with it. */
static void ro_free_rcu(struct rcu_head *rcu)
{
	struct pmip6_ro *ro = container_of(rcu, struct pmip6_ro, rcu);

	free_percpu(ro->stats);
	kmem_cache_free(ro_cache, ro);
}

/* A copy replaced by a newer one, which took over the counters. */
static void ro_free_copy_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(ro_cache, container_of(rcu, struct pmip6_ro, rcu));
}

/*
 * Makes the expiry work run by @expires, if it was due later or not at
 * all. It is never pulled later: when the state that armed it was
 * refreshed, the work finds nothing expired and re-arms for the earliest
 * remaining expiry.
 */
static void ro_expiry_arm(struct pmip6_net *pn, unsigned long expires)
{
	unsigned long now = jiffies;

	lockdep_assert_held(&pn->conf_lock);

	if (pn->ro_expiry_armed && !time_before(expires, pn->ro_expiry_at))
		return;
	pn->ro_expiry_armed = true;
	pn->ro_expiry_at = expires;
	mod_delayed_work(system_wq, &pn->ro_expiry,
			 time_after(expires, now) ? expires - now : 0);
}

/*
 * Draft section 4.5: a state not refreshed within its lifetime is gone.
 * The packet path ignored it from its expiry on; here it is deleted by
 * the one removal path and reported. One walk of the states per run:
 * the work runs at most once per distinct expiry time.
 */
static void ro_expiry_work(struct work_struct *work)
{
	struct pmip6_net *pn = container_of(to_delayed_work(work),
					    struct pmip6_net, ro_expiry);
	unsigned long index, next = 0;
	struct pmip6_ro *ro;
	bool any = false;

	mutex_lock(&pn->conf_lock);
	pn->ro_expiry_armed = false;
	xa_for_each(&pn->ro_xa, index, ro) {
		if (pmip6_ro_expired(ro)) {
			pmip6_ro_remove_ntf(pn, ro, PMIP6_CHANGE_EXPIRED);
			continue;
		}
		if (!any || time_before(ro->expires, next)) {
			next = ro->expires;
			any = true;
		}
	}
	if (any)
		ro_expiry_arm(pn, next);
	mutex_unlock(&pn->conf_lock);
}

/* The lifetime starts now: creating and setting both (re)start it. */
static struct pmip6_ro *ro_alloc(const struct pmip6_ro_cfg *cfg)
{
	struct pmip6_ro *ro;
	u64 ticks;

	ro = kmem_cache_zalloc(ro_cache, GFP_KERNEL_ACCOUNT);
	if (!ro)
		return NULL;
	ro->key = cfg->key;
	ro->peer = cfg->peer;
	ro->lifetime = cfg->lifetime;
	ro->owner = cfg->owner;
	/* Beyond MAX_JIFFY_OFFSET time_after() would see the past. */
	ticks = min_t(u64, (u64)cfg->lifetime * HZ, MAX_JIFFY_OFFSET);
	ro->expires = jiffies + (unsigned long)ticks;
	return ro;
}

/**
 * pmip6_ro_new - create a localized routing state
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the request, fully validated on its own
 * @extack: why it was refused
 *
 * A failure leaves the state as it was.
 */
int pmip6_ro_new(struct pmip6_net *pn, const struct pmip6_ro_cfg *cfg,
		 struct netlink_ext_ack *extack)
{
	struct pmip6_ro *ro;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	if (pmip6_ro_find(pn, &cfg->key)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a localized routing state for these prefixes exists");
		return -EEXIST;
	}
	if (pn->n_ro >= pn->ro_max) {
		NL_SET_ERR_MSG_MOD(extack,
				   "localized routing table of this netns is full");
		return -ENOSPC;
	}

	ro = ro_alloc(cfg);
	if (!ro)
		return -ENOMEM;
	ret = -ENOMEM;
	ro->stats = pmip6_counters_alloc();
	if (!ro->stats)
		goto err_ro;
	/* Not visible to anyone yet: dumps walk ro_xa under conf_lock. */
	ret = xa_alloc(&pn->ro_xa, &ro->index, ro, xa_limit_32b,
		       GFP_KERNEL_ACCOUNT);
	if (ret)
		goto err_stats;
	ret = pmip6_addrset_get(&pn->ro_peer_set, &ro->peer);
	if (ret)
		goto err_xa;
	ret = rhashtable_insert_fast(&pn->ro_table, &ro->node, ro_params);
	if (ret)
		goto err_peer;

	pn->n_ro++;
	ro_expiry_arm(pn, ro->expires);
	pmip6_net_generation_bump(pn);
	return 0;

err_peer:
	pmip6_addrset_put(&pn->ro_peer_set, &ro->peer);
err_xa:
	xa_erase(&pn->ro_xa, ro->index);
err_stats:
	free_percpu(ro->stats);
err_ro:
	/* Never published: nobody can see it. */
	kmem_cache_free(ro_cache, ro);
	return ret;
}

/**
 * pmip6_ro_set - replace a localized routing state as a whole
 * @pn: the netns; the caller holds conf_lock
 * @cfg: the new contents, fully validated on their own
 * @extack: why it was refused
 *
 * Also how a state's lifetime is extended (RO Refresh, draft section 4.5)
 * and how it is pointed at a new peer MAG on handover (sections 4.3, 4.4).
 */
int pmip6_ro_set(struct pmip6_net *pn, const struct pmip6_ro_cfg *cfg,
		 struct netlink_ext_ack *extack)
{
	struct pmip6_ro *old, *ro;
	void *prev;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	old = pmip6_ro_find(pn, &cfg->key);
	if (!old) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no localized routing state for these prefixes");
		return -ENOENT;
	}

	ro = ro_alloc(cfg);
	if (!ro)
		return -ENOMEM;
	ro->stats = old->stats;
	ro->index = old->index;
	ret = pmip6_addrset_get(&pn->ro_peer_set, &ro->peer);
	if (ret) {
		kmem_cache_free(ro_cache, ro);
		return ret;
	}

	/* From here on nothing fails: same key, occupied xarray slot. */
	WARN_ON_ONCE(rhashtable_replace_fast(&pn->ro_table, &old->node,
					     &ro->node, ro_params));
	prev = xa_store(&pn->ro_xa, ro->index, ro, GFP_KERNEL);
	WARN_ON_ONCE(prev != old);
	pmip6_addrset_put(&pn->ro_peer_set, &old->peer);
	call_rcu(&old->rcu, ro_free_copy_rcu);
	ro_expiry_arm(pn, ro->expires);
	pmip6_net_generation_bump(pn);
	return 0;
}

/**
 * pmip6_ro_remove - the one removal path of a localized routing state
 * @pn: the netns; the caller holds conf_lock
 * @ro: a linked state
 *
 * Used by RO_DEL, by netns exit and so by module unload.
 */
void pmip6_ro_remove(struct pmip6_net *pn, struct pmip6_ro *ro)
{
	lockdep_assert_held(&pn->conf_lock);

	rhashtable_remove_fast(&pn->ro_table, &ro->node, ro_params);
	xa_erase(&pn->ro_xa, ro->index);
	pmip6_addrset_put(&pn->ro_peer_set, &ro->peer);
	pn->n_ro--;
	call_rcu(&ro->rcu, ro_free_rcu);
	pmip6_net_generation_bump(pn);
}

/**
 * pmip6_ro_remove_ntf - remove a state and report it
 * @pn: the netns; the caller holds conf_lock
 * @ro: a linked state
 * @change: PMIP6_CHANGE_DEL or PMIP6_CHANGE_EXPIRED
 *
 * The notification is built from the state as it was, before
 * pmip6_ro_remove() hands it to call_rcu(), and sent once it is gone.
 */
void pmip6_ro_remove_ntf(struct pmip6_net *pn, struct pmip6_ro *ro,
			 u8 change)
{
	struct sk_buff *ntf = pmip6_nl_ro_ntf_build(pn, ro, change);

	pmip6_ro_remove(pn, ro);
	pmip6_nl_ntf_send(pn, ntf);
}

int pmip6_ro_net_init(struct pmip6_net *pn)
{
	int ret;

	pn->ro_max = pmip6_ro_max_default;
	INIT_DELAYED_WORK(&pn->ro_expiry, ro_expiry_work);
	xa_init_flags(&pn->ro_xa, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	ret = rhashtable_init(&pn->ro_table, &ro_params);
	if (ret)
		return ret;
	ret = pmip6_addrset_init(&pn->ro_peer_set);
	if (ret)
		rhashtable_destroy(&pn->ro_table);
	return ret;
}

/* As pmip6_bul_net_exit(): nobody else can reach the tables any more. */
void pmip6_ro_net_exit(struct pmip6_net *pn)
{
	unsigned long index;
	struct pmip6_ro *ro;

	/*
	 * Nothing arms it any more (no request runs in a dying netns, and
	 * the removals below do not), and a run that re-arms itself is
	 * waited for: after this it neither runs nor is queued.
	 */
	cancel_delayed_work_sync(&pn->ro_expiry);
	mutex_lock(&pn->conf_lock);
	xa_for_each(&pn->ro_xa, index, ro)
		pmip6_ro_remove(pn, ro);
	WARN_ON_ONCE(pn->n_ro);
	mutex_unlock(&pn->conf_lock);

	pmip6_addrset_destroy(&pn->ro_peer_set);
	rhashtable_destroy(&pn->ro_table);
	xa_destroy(&pn->ro_xa);
}

int pmip6_ro_init(void)
{
	ro_cache = kmem_cache_create("pmip6_ro", sizeof(struct pmip6_ro), 0,
				     SLAB_ACCOUNT | SLAB_NO_MERGE, NULL);
	return ro_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no call_rcu() callback of ours is pending. */
void pmip6_ro_uninit(void)
{
	kmem_cache_destroy(ro_cache);
}

/*
 * Self-test of the packet path's lookups, run at load with selftest=1, on
 * a private instance no netns or packet can reach.
 */

/* 2001:db8:0:@n::@host */
static void st_addr(struct in6_addr *a, u32 n, u32 host)
{
	ipv6_addr_set(a, htonl(0x20010db8), htonl(n), 0, htonl(host));
}

static void st_cfg(struct pmip6_ro_cfg *cfg, u32 src, u32 dst, u32 peer,
		   u32 lifetime)
{
	struct in6_addr a;

	memset(cfg, 0, sizeof(*cfg));
	st_addr(&a, src, 0);
	cfg->key.src = pmip6_prefix64(&a);
	st_addr(&a, dst, 0);
	cfg->key.dst = pmip6_prefix64(&a);
	st_addr(&cfg->peer, 0xeeee, peer);
	cfg->lifetime = lifetime;
	cfg->owner = PMIP6_RO_OWNER_MAG;
}

/* The peer of the live state from /64 @src to /64 @dst; 0 if none. */
static u32 st_lookup(struct pmip6_net *pn, u32 src, u32 dst)
{
	struct in6_addr s, d;
	struct pmip6_ro *ro;
	u32 peer;

	st_addr(&s, src, 0x11);
	st_addr(&d, dst, 0x22);
	rcu_read_lock();
	ro = pmip6_ro_lookup(pn, &s, &d);
	peer = ro ? ntohl(ro->peer.s6_addr32[3]) : 0;
	rcu_read_unlock();
	return peer;
}

static bool st_is_peer(struct pmip6_net *pn, u32 peer)
{
	struct in6_addr a;
	bool ret;

	st_addr(&a, 0xeeee, peer);
	rcu_read_lock();
	ret = pmip6_ro_is_peer(pn, &a);
	rcu_read_unlock();
	return ret;
}

int pmip6_ro_selftest(void)
{
	struct pmip6_ro_cfg cfg;
	struct pmip6_net *pn;
	struct pmip6_ro *ro;
	bool ok = true;
	int ret;

	pn = kzalloc(sizeof(*pn), GFP_KERNEL);
	if (!pn)
		return -ENOMEM;
	mutex_init(&pn->conf_lock);
	pn->generation = 1;
	ret = pmip6_ro_net_init(pn);
	if (ret)
		goto out;

	mutex_lock(&pn->conf_lock);
	st_cfg(&cfg, 1, 2, 1, 10);
	ok &= !pmip6_ro_new(pn, &cfg, NULL);
	st_cfg(&cfg, 2, 1, 1, 10);
	ok &= !pmip6_ro_new(pn, &cfg, NULL);
	st_cfg(&cfg, 1, 3, 2, 10);
	ok &= !pmip6_ro_new(pn, &cfg, NULL);
	ok &= pmip6_ro_new(pn, &cfg, NULL) == -EEXIST;
	ok &= st_lookup(pn, 1, 2) == 1 && st_lookup(pn, 2, 1) == 1 &&
	      st_lookup(pn, 1, 3) == 2 && st_lookup(pn, 3, 1) == 0;
	ok &= st_is_peer(pn, 1) && st_is_peer(pn, 2) && !st_is_peer(pn, 3);
	/* Handover: 1 -> 3 now goes to peer 3; peer 2 is no peer any more. */
	st_cfg(&cfg, 1, 3, 3, 10);
	ok &= !pmip6_ro_set(pn, &cfg, NULL);
	ok &= st_lookup(pn, 1, 3) == 3 && !st_is_peer(pn, 2) &&
	      st_is_peer(pn, 3);
	/* Expired is absent to the packet path (a test-only poke). */
	st_cfg(&cfg, 1, 2, 1, 10);
	ro = pmip6_ro_find(pn, &cfg.key);
	ok &= ro && pmip6_ro_remaining(ro) == 10;
	if (ro) {
		ro->expires = jiffies - 1;
		ok &= st_lookup(pn, 1, 2) == 0 && !pmip6_ro_remaining(ro);
		pmip6_ro_remove(pn, ro);
	}
	/* Peer 1 stays while 2 -> 1 uses it. */
	ok &= st_is_peer(pn, 1) && pn->n_ro == 2;
	mutex_unlock(&pn->conf_lock);

	/* The netns exit path, with states left. */
	pmip6_ro_net_exit(pn);
	mutex_destroy(&pn->conf_lock);
	rcu_barrier();
	ret = ok ? 0 : -EINVAL;
	if (ok)
		pr_info("selftest: ro: pass\n");
	else
		pr_err("selftest: ro: FAIL\n");
out:
	kfree(pn);
	return ret;
}
