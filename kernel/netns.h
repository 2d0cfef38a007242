/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: one PMIPv6 node (LMA or MAG) per netns.
 *
 * Every test runs its LMA, MAGs, MNs and CNs as namespaces of one machine,
 * so nothing in the module is global except code and constants; state
 * lives in struct pmip6_net.
 */
#ifndef _PMIP6_NETNS_H
#define _PMIP6_NETNS_H

#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/pmip6.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

/**
 * struct pmip6_remote_prefixes - prefixes of MNs anchored at other LMAs
 * @n: entries used in @prefix
 * @prefix: the prefixes, host bits zero, lengths 16..64, no duplicates
 * @len: the prefix length of each of @prefix
 *
 * An LMA reports traffic from its MNs toward these as a localized routing
 * chance (draft-loureiro-netext-pmipv6-ro-02 3, 4.2). The draft leaves
 * resolving a prefix to its LMA out of scope; pmipd configures the list.
 */
struct pmip6_remote_prefixes {
	unsigned int n;
	struct in6_addr prefix[PMIP6_REMOTE_PREFIX_MAX];
	u8 len[PMIP6_REMOTE_PREFIX_MAX];
};

/**
 * struct pmip6_conf - what the packet path needs of the instance
 * @role: enum pmip6_role, never 0 (no conf is published before a role)
 * @local_addr: the tunnel endpoint; unspecified while unset
 * @remote: the LMA's remote prefixes; empty on a MAG
 * @rcu: for the free after a replacement
 *
 * Published in pmip6_net.conf and never edited: INSTANCE_SET publishes a
 * new copy, so a reader sees a consistent role and 16-byte address.
 * @remote lives here only: a writer copies it from the current conf.
 */
struct pmip6_conf {
	u32 role;
	struct in6_addr local_addr;
	struct pmip6_remote_prefixes remote;
	struct rcu_head rcu;
};

/* Slots of the per-netns rate limit of MN-to-MN traffic events. */
#define PMIP6_EV_SLOTS 64

struct pmip6_pcpu_stats;

/**
 * struct pmip6_net - the module's state in one network namespace
 * @conf_lock: the one lock for configuration writers in this netns. Every
 *	configuration change (netlink, and later binding cache and flow
 *	mobility cache updates) takes it; nothing in the packet path does.
 * @role: enum pmip6_role, 0 while unset. Protected by @conf_lock.
 * @local_addr: the node's tunnel endpoint, the LMAA (RFC 5213 section 2.2)
 *	or the MAG's Proxy-CoA; the unspecified address while unset.
 *	Protected by @conf_lock.
 * @generation: bumped on every configuration change, never 0. Protected by
 *	@conf_lock. It becomes cb->seq of dumps, and the netlink core treats
 *	seq 0 as "no consistency check", hence never 0.
 * @restart_counter: RFC 5847 3.2 Restart Counter kept for the daemon: the
 *	wall clock seconds when the instance was created, or what
 *	INSTANCE_SET last gave. Protected by @conf_lock.
 *
 * @mn_table: struct pmip6_mn by MN-ID; control path only
 * @mn_xa: struct pmip6_mn by index, the order dumps walk and resume in
 * @hnp_table: /64 Home Network Prefix -> MN, the packet path's lookup
 * @n_mn: mobile nodes in @mn_table; conf_lock
 * @n_bce: binding cache entries of all MNs; conf_lock
 * @n_fmc: flow mobility cache entries of all MNs; conf_lock
 * @bce_max: limit of @n_bce
 * @fmc_max: limit of @n_fmc
 * @fmc_idx: the FMC entries whose selector pins the next header and a
 *	port, by (MN, next header, port), duplicates allowed (flowcache.c)
 * @n_fmc_idx: entries of @fmc_idx by source and by destination port, so
 *	that the packet path skips a lookup that cannot hit; conf_lock
 *
 * @bul_table: struct pmip6_bul (MAG) by MN-ID; control path only
 * @bul_xa: struct pmip6_bul by index, the order dumps walk and resume in
 * @bul_prefix_table: on-link and off-link /64 HNP -> BUL entry, the
 *	packet path's lookup
 * @lma_set: LMA addresses of the BUL entries (pmip6_addrset_*())
 * @n_bul: BUL entries; conf_lock
 * @bul_max: limit of @n_bul
 * @ro_table: struct pmip6_ro by (source, destination) /64 HNP
 * @ro_xa: struct pmip6_ro by index, the order dumps walk and resume in
 * @ro_peer_set: peer MAG addresses of the RO states
 * @n_ro: localized routing states; conf_lock
 * @ro_max: limit of @n_ro
 * @ro_expiry: deletes the RO states whose lifetime ran out; armed for the
 *	earliest expiry, cancelled when the netns exits (ro.c)
 * @ro_expiry_at: when @ro_expiry is due, if @ro_expiry_armed; conf_lock
 * @ro_expiry_armed: @ro_expiry is queued for @ro_expiry_at; conf_lock
 *
 * @role and @local_addr are read under @conf_lock only. When the packet
 * path needs them they move into an RCU-published object replaced as a
 * whole, since a 16-byte address cannot be read atomically.
 *
 * @net: the netns this is the state of
 * @conf: role and local address as the packet path reads them: a copy
 *	of @role and @local_addr, replaced as a whole under @conf_lock and
 *	NULL once the netns exits (then the packet path leaves the netns's
 *	tables alone).
 * @dev: the "pmip6" netdevice, created when the role is first set and
 *	unregistered when the netns exits. Written under RTNL (and
 *	@conf_lock at creation), read under RCU by the packet path.
 * @stats: per-CPU drop and event counters, enum pmip6_stat
 *	(datapath.h); allocated for the netns's whole life.
 * @mag_hooks: the MAG's netfilter hook is registered (from the first
 *	time the role is mag to the netns's exit); conf_lock
 * @ev_stamp: jiffies of the last MN-to-MN traffic event per hashed pair
 *	of MNs (0: never), the event rate limit; racy by design.
 *
 * The memory is allocated and freed by the netns core (pernet .size); it
 * lives exactly as long as the netns.
 */
struct pmip6_net {
	struct mutex conf_lock;	/* serialises all configuration writers */
	u32 role;
	struct in6_addr local_addr;
	u32 generation;
	u32 restart_counter;
	struct rhashtable mn_table;
	struct xarray mn_xa;
	struct rhashtable hnp_table;
	unsigned int n_mn;
	unsigned int n_bce;
	unsigned int n_fmc;
	unsigned int bce_max;
	unsigned int fmc_max;
	struct rhltable fmc_idx;
	unsigned int n_fmc_idx[2];
	struct rhashtable bul_table;
	struct xarray bul_xa;
	struct rhashtable bul_prefix_table;
	struct rhashtable lma_set;
	unsigned int n_bul;
	unsigned int bul_max;
	struct rhashtable ro_table;
	struct xarray ro_xa;
	struct rhashtable ro_peer_set;
	unsigned int n_ro;
	unsigned int ro_max;
	struct delayed_work ro_expiry;
	unsigned long ro_expiry_at;
	bool ro_expiry_armed;
	struct net *net;
	struct pmip6_conf __rcu *conf;
	struct net_device __rcu *dev;
	struct pmip6_pcpu_stats __percpu *stats;
	bool mag_hooks;
	unsigned long ev_stamp[PMIP6_EV_SLOTS];
};

extern unsigned int pmip6_net_id;

/*
 * No reference is taken: the result is valid as long as the caller keeps
 * @net alive, as a netlink handler or a packet in @net does.
 */
static inline struct pmip6_net *pmip6_net_of(const struct net *net)
{
	return net_generic(net, pmip6_net_id);
}

void pmip6_net_generation_bump(struct pmip6_net *pn);
int pmip6_net_instance_set(struct pmip6_net *pn, u32 role,
			   const struct in6_addr *local_addr,
			   const struct pmip6_remote_prefixes *remote,
			   struct netlink_ext_ack *extack);

int pmip6_netns_init(void);
void pmip6_netns_uninit(void);

#endif /* _PMIP6_NETNS_H */
