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
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

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
 *
 * @mn_table: struct pmip6_mn by MN-ID; control path only
 * @mn_xa: struct pmip6_mn by index, the order dumps walk and resume in
 * @hnp_table: /64 Home Network Prefix -> MN, the packet path's lookup
 * @n_mn: mobile nodes in @mn_table; conf_lock
 * @n_bce: binding cache entries of all MNs; conf_lock
 * @n_fmc: flow mobility cache entries of all MNs; conf_lock
 * @bce_max: limit of @n_bce
 * @fmc_max: limit of @n_fmc
 *
 * @role and @local_addr are read under @conf_lock only. When the packet
 * path needs them they move into an RCU-published object replaced as a
 * whole, since a 16-byte address cannot be read atomically.
 *
 * The memory is allocated and freed by the netns core (pernet .size); it
 * lives exactly as long as the netns.
 */
struct pmip6_net {
	struct mutex conf_lock;	/* serialises all configuration writers */
	u32 role;
	struct in6_addr local_addr;
	u32 generation;
	struct rhashtable mn_table;
	struct xarray mn_xa;
	struct rhashtable hnp_table;
	unsigned int n_mn;
	unsigned int n_bce;
	unsigned int n_fmc;
	unsigned int bce_max;
	unsigned int fmc_max;
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
			   struct netlink_ext_ack *extack);

int pmip6_netns_init(void);
void pmip6_netns_uninit(void);

#endif /* _PMIP6_NETNS_H */
