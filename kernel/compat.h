/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version compatibility for pmip6.
 *
 * The module builds against Debian's 6.1 and 6.12 kernels. Every
 * difference between the kernels it builds on is handled here and only
 * here, so the rest of the module is written against one API: the newer
 * one where they differ, with a shim below for the older kernel. Include
 * this header first in every .c file. Test for the feature (#ifdef of a
 * macro the change introduced) rather than LINUX_VERSION_CODE where one
 * exists: distribution and stable kernels backport features, as the 6.1
 * case below shows.
 *
 * APIs checked and found identical on 6.1.y (Debian 6.1.0) and 6.12, so
 * no shim is needed: GENL_REQ_ATTR_CHECK(), NL_REQ_ATTR_CHECK(),
 * NL_SET_ERR_MSG_MOD(), NL_SET_ERR_MSG_ATTR(), NL_SET_BAD_ATTR(),
 * NLA_POLICY_NESTED/RANGE/EXACT_LEN(), NLA_REJECT with .reject_message,
 * per-op .policy/.maxattr in struct genl_ops, .resv_start_op,
 * GENL_UNS_ADMIN_PERM, struct net::net_cookie, nla_put_u64_64bit().
 *
 * Deliberately not shimmed: NL_SET_ERR_MSG_FMT*() (6.2+). The 6.1
 * struct netlink_ext_ack has no buffer to format into, so a shim could
 * only drop the arguments or race on a static buffer. Use constant
 * messages and point at the attribute with NL_SET_ERR_MSG_ATTR() instead.
 */
#ifndef _PMIP6_COMPAT_H
#define _PMIP6_COMPAT_H

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>

/*
 * Per-group bind permissions (struct genl_multicast_group::flags) came in
 * 6.7 and were backported to 6.1.y stable, which Debian's 6.1 carries.
 * The events group will carry mobile nodes' addresses, so unprivileged
 * listeners must not join it. There is no way to enforce that on a kernel
 * without the field, so refuse to build there rather than leak.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "pmip6 needs GENL_MCAST_CAP_NET_ADMIN (Linux 6.7, or a 6.1.y stable with the backport)"
#endif

/*
 * SLAB_NO_MERGE (6.5) keeps the pmip6_* object caches apart from other
 * caches of the same size, so that /proc/slabinfo and /sys/kernel/slab
 * count our objects by name (tests watch them for leaks). 6.1 has no such
 * flag: there the caches may merge unless booted with slab_nomerge.
 */
#ifndef SLAB_NO_MERGE
#define SLAB_NO_MERGE 0
#endif

/*
 * __counted_by() (6.5) tells FORTIFY_SOURCE and UBSAN's bounds checks which
 * member counts a flexible array (the BCE's prefixes); 6.1 has no such
 * annotation, and the array is then unchecked, as any flexible array.
 */
#ifndef __counted_by
#define __counted_by(member)
#endif

/*
 * The pmip6 netdevice (device.c) transmits without the core's per-queue
 * lock and must stay in its netns. 6.1 says both with feature bits; 6.12
 * moved them to net_device fields (lltx in 6.12, netns_local renamed
 * netns_immutable and backported to 6.12.y), and the bits are gone.
 *
 * Both kernels allocate dev->tstats themselves for
 * pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS (6.6, backported to the 6.1.y
 * Debian builds on, which 6.12's iptunnel_xmit_stats() insists on), and
 * both have pernet_operations.exit_batch_rtnl (6.10, backported): no shim.
 */
/*
 * The GSO helpers (skb_gso_validate_network_len() and friends) moved from
 * linux/skbuff.h to their own header in 6.5. A header move has no macro
 * to test for: Kbuild tests for the header.
 */
#ifdef PMIP6_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#ifdef NETIF_F_LLTX
static inline void pmip6_dev_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}
#else
static inline void pmip6_dev_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}
#endif

#ifdef NETIF_F_NETNS_LOCAL
static inline void pmip6_dev_set_netns_immutable(struct net_device *dev)
{
	dev->features |= NETIF_F_NETNS_LOCAL;
}
#else
static inline void pmip6_dev_set_netns_immutable(struct net_device *dev)
{
	dev->netns_immutable = true;
}
#endif

#endif /* _PMIP6_COMPAT_H */
