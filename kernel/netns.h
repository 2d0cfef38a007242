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
#include <linux/types.h>
#include <net/net_namespace.h>
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

void pmip6_net_instance_set(struct pmip6_net *pn, u32 role,
			    const struct in6_addr *local_addr);

int pmip6_netns_init(void);
void pmip6_netns_uninit(void);

#endif /* _PMIP6_NETNS_H */
