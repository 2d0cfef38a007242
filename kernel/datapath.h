/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-packet decisions: which tunnel a packet leaving through the
 * pmip6 device goes into (LMA downlink, RFC 5213 section 5.6.2, steered
 * by the flow mobility cache, RFC 7864 section 5.2), and whether a
 * tunnelled packet that arrives is from a peer we accept (RFC 5213
 * section 5.6.2, last paragraphs: the LMA checks the tunnel source
 * against the binding cache entry of the inner source's prefix).
 *
 * Everything here runs under rcu_read_lock() with bottom halves off, and
 * reads only RCU-published objects; nothing takes conf_lock.
 */
#ifndef _PMIP6_DATAPATH_H
#define _PMIP6_DATAPATH_H

#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

struct pmip6_net;

/*
 * Per-instance counters, reported as the PMIP6_A_INSTANCE_STATS nest
 * (netlink.c maps each to its PMIP6_A_STATS_* attribute).
 */
enum pmip6_stat {
	PMIP6_STAT_NO_BINDING,	/* no BCE (or FMC match) for the destination */
	PMIP6_STAT_FMC_DROP,	/* a drop FMC entry matched */
	PMIP6_STAT_NO_ROUTE,	/* no route to the tunnel endpoint, or a loop */
	PMIP6_STAT_TOO_BIG,	/* ICMPv6 Packet Too Big sent instead */
	PMIP6_STAT_UNKNOWN_PEER,	/* tunnelled from a source we don't know */
	PMIP6_STAT_BAD_PACKET,	/* not IPv6, truncated, ECN or policy reject */
	PMIP6_STAT_EVENTS,	/* MN-to-MN traffic notifications sent */

	__PMIP6_STAT_MAX
};

struct pmip6_pcpu_stats {
	u64_stats_t n[__PMIP6_STAT_MAX];
	struct u64_stats_sync syncp;
};

int pmip6_datapath_net_init(struct pmip6_net *pn);
void pmip6_datapath_net_exit(struct pmip6_net *pn);

/*
 * Registers the MAG's uplink hook in the netns, once; it stays until the
 * netns exits. The caller holds conf_lock.
 */
int pmip6_datapath_mag_enable(struct pmip6_net *pn);

/* Sums over CPUs into @sum[__PMIP6_STAT_MAX]. */
void pmip6_stats_sum(const struct pmip6_net *pn, u64 *sum);

/* BH context: bumps counter @stat of @pn on this CPU. */
void pmip6_stats_inc(struct pmip6_net *pn, enum pmip6_stat stat);

/* ndo_start_xmit of the pmip6 device: always consumes @skb. */
netdev_tx_t pmip6_dp_xmit(struct sk_buff *skb, struct net_device *dev);

/*
 * The tunnel6 receive handler's decision for an IPv6-in-IPv6 packet
 * whose inner header is at skb->data. Returns -1 if the packet is not
 * for pmip6 (another handler may take it), 0 once it consumed it.
 */
int pmip6_dp_rcv(struct sk_buff *skb);

#endif /* _PMIP6_DATAPATH_H */
