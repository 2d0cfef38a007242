// SPDX-License-Identifier: GPL-2.0
/*
 * Per-packet decisions of pmip6 (datapath.h).
 *
 * LMA downlink (RFC 5213 section 5.6.2): a packet routed to the pmip6
 * device is for a mobile node; its destination /64 names the MN, the MN's
 * flow mobility cache (RFC 7864 section 5.2) picks the BCE, and the packet
 * is tunnelled to that BCE's Proxy-CoA.
 *
 * LMA uplink (RFC 5213 section 5.6.2): a tunnelled packet to the LMAA is
 * accepted only if its outer source is the Proxy-CoA of a BCE of the MN
 * whose prefix the inner source is in; it is then decapsulated and
 * forwarded by normal routing, having been received on the pmip6 device.
 *
 * Every packet dropped here is counted by reason (enum pmip6_stat), every
 * packet carried on the BCE or FMC entry that carried it: the counters
 * are how an operator, and the tests, see which path a packet took.
 */

#include "compat.h"
#include "binding.h"
#include "bul.h"
#include "datapath.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"
#include "ro.h"
#include "tunnel.h"

#include <linux/hash.h>
#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/pmip6.h>
#include <net/addrconf.h>
#include <net/dsfield.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

int pmip6_datapath_net_init(struct pmip6_net *pn)
{
	int cpu;

	pn->stats = alloc_percpu_gfp(struct pmip6_pcpu_stats,
				     GFP_KERNEL_ACCOUNT);
	if (!pn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(pn->stats, cpu)->syncp);
	return 0;
}

void pmip6_stats_sum(const struct pmip6_net *pn, u64 *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum) * __PMIP6_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct pmip6_pcpu_stats *s = per_cpu_ptr(pn->stats, cpu);
		u64 v[__PMIP6_STAT_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __PMIP6_STAT_MAX; i++)
				v[i] = u64_stats_read(&s->n[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __PMIP6_STAT_MAX; i++)
			sum[i] += v[i];
	}
}

void pmip6_stats_inc(struct pmip6_net *pn, enum pmip6_stat stat)
{
	struct pmip6_pcpu_stats *s = this_cpu_ptr(pn->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->n[stat]);
	u64_stats_update_end(&s->syncp);
}

/* BH context: one packet of @len bytes toward (tx) or from (rx) the MN. */
static void counters_add(struct pmip6_pcpu_counters __percpu *pc, bool tx,
			 unsigned int len)
{
	struct pmip6_pcpu_counters *c = this_cpu_ptr(pc);

	u64_stats_update_begin(&c->syncp);
	if (tx) {
		u64_stats_inc(&c->packets_tx);
		u64_stats_add(&c->bytes_tx, len);
	} else {
		u64_stats_inc(&c->packets_rx);
		u64_stats_add(&c->bytes_rx, len);
	}
	u64_stats_update_end(&c->syncp);
}

/*
 * Fills @key from the IPv6 packet at skb's network header: the fields of
 * an RFC 6088 section 3.2 selector. The next header is the upper-layer
 * protocol after the extension headers (an AH is skipped like one);
 * ports are read for the protocols that have them at the start of their
 * header, the SPI for ESP, and neither from a non-first fragment, which
 * does not carry them. Returns false if the packet is too short for what
 * its headers announce.
 */
static bool flow_key_fill(const struct sk_buff *skb,
			  struct pmip6_flow_key *key)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);
	unsigned int thoff = skb_network_offset(skb) + sizeof(*hdr);
	__be16 frag_off;
	u8 nexthdr;
	int off;

	memset(key, 0, sizeof(*key));
	key->saddr = hdr->saddr;
	key->daddr = hdr->daddr;
	key->flowlabel = ntohl(ip6_flowlabel(hdr));
	key->tclass = ipv6_get_dsfield(hdr);

	nexthdr = hdr->nexthdr;
	off = ipv6_skip_exthdr(skb, thoff, &nexthdr, &frag_off);
	if (off < 0)
		return false;
	key->nexthdr = nexthdr;
	if (frag_off & htons(IP6_OFFSET))
		return true;

	switch (nexthdr) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP: {
		__be16 _ports[2];
		const __be16 *ports;

		ports = skb_header_pointer(skb, off, sizeof(_ports), _ports);
		if (!ports)
			return false;
		key->sport = ntohs(ports[0]);
		key->dport = ntohs(ports[1]);
		break;
	}
	case IPPROTO_ESP: {
		__be32 _spi;
		const __be32 *spi;

		spi = skb_header_pointer(skb, off, sizeof(_spi), &_spi);
		if (!spi)
			return false;
		key->spi = ntohl(*spi);
		break;
	}
	}
	return true;
}

/*
 * LMA downlink: the BCE (and FMC entry) for @skb, or a drop reason.
 * Tunnels the packet on success; consumes it either way.
 */
static void lma_xmit(struct pmip6_net *pn, const struct pmip6_conf *conf,
		     struct sk_buff *skb, struct net_device *dev)
{
	const struct pmip6_fmc *fmc;
	const struct pmip6_bce *bce;
	struct pmip6_flow_key key;
	enum pmip6_verdict verdict;
	const struct pmip6_mn *mn;
	unsigned int len;
	int err;

	/* The destination's /64 names the MN (hash lookup, RFC 5213 5.6.2). */
	mn = pmip6_mn_lookup_by_addr(pn, &ipv6_hdr(skb)->daddr);
	if (!mn) {
		pmip6_stats_inc(pn, PMIP6_STAT_NO_BINDING);
		goto drop;
	}
	if (!flow_key_fill(skb, &key)) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		goto drop;
	}

	/* Its flow mobility cache picks the attachment (RFC 7864 5.2). */
	verdict = pmip6_fmc_classify(pn, mn, &key, &bce, &fmc);
	if (verdict == PMIP6_VERDICT_DROP) {
		/* The entry counts what it dropped, as tx. */
		counters_add(fmc->stats, true, skb->len);
		pmip6_stats_inc(pn, PMIP6_STAT_FMC_DROP);
		goto drop;
	}
	if (verdict != PMIP6_VERDICT_FORWARD) {
		pmip6_stats_inc(pn, PMIP6_STAT_NO_BINDING);
		goto drop;
	}

	/* @bce and @fmc stay valid: we are still in the RCU section. */
	len = skb->len;
	err = pmip6_tunnel_xmit(skb, dev, &conf->local_addr, &bce->proxy_coa);
	switch (err) {
	case 0:
		counters_add(bce->stats, true, len);
		if (fmc)
			counters_add(fmc->stats, true, len);
		break;
	case -EMSGSIZE:
		pmip6_stats_inc(pn, PMIP6_STAT_TOO_BIG);
		break;
	case -EHOSTUNREACH:
		pmip6_stats_inc(pn, PMIP6_STAT_NO_ROUTE);
		break;
	default:
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		break;
	}
	return;

drop:
	DEV_STATS_INC(dev, tx_dropped);
	kfree_skb(skb);
}

netdev_tx_t pmip6_dp_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct pmip6_net *pn = pmip6_net_of(dev_net(dev));
	const struct pmip6_conf *conf;

	/*
	 * The core holds rcu_read_lock_bh(); the tables' lookups check for
	 * rcu_read_lock(), which is nearly free on top of it.
	 */
	rcu_read_lock();
	conf = rcu_dereference(pn->conf);
	if (!conf) {
		/* The netns is going: nothing of it may be looked at. */
		DEV_STATS_INC(dev, tx_dropped);
		kfree_skb(skb);
		goto out;
	}

	/* Only IPv6 is carried (an IPv4 HNP, RFC 5844, is not supported). */
	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_network_may_pull(skb, sizeof(struct ipv6hdr))) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		DEV_STATS_INC(dev, tx_dropped);
		kfree_skb(skb);
		goto out;
	}

	if (conf->role == PMIP6_ROLE_LMA && !ipv6_addr_any(&conf->local_addr)) {
		lma_xmit(pn, conf, skb, dev);
	} else {
		/* No tunnel source yet, or a MAG: nothing is routed here. */
		pmip6_stats_inc(pn, PMIP6_STAT_NO_ROUTE);
		DEV_STATS_INC(dev, tx_dropped);
		kfree_skb(skb);
	}
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/*
 * LMA uplink: the BCE that may send a packet with inner source @src
 * through a tunnel from @peer: one of the source MN's BCEs whose
 * Proxy-CoA is @peer (RFC 5213 section 5.6.2 ingress filtering). Any of
 * the MN's attachments may carry any of its prefixes: with flow mobility
 * (RFC 7864 section 3) a prefix moves between them.
 */
static const struct pmip6_bce *lma_rx_bce(struct pmip6_net *pn,
					  const struct in6_addr *src,
					  const struct in6_addr *peer,
					  const struct pmip6_mn **mnp)
{
	const struct pmip6_bce *bce;
	const struct pmip6_mn *mn;

	mn = pmip6_mn_lookup_by_addr(pn, src);
	*mnp = mn;
	if (!mn)
		return NULL;
	list_for_each_entry_rcu(bce, &mn->bces, mn_node)
		if (ipv6_addr_equal(&bce->proxy_coa, peer))
			return bce;
	return NULL;
}

/*
 * MAG downlink (RFC 5213 section 6.10.5): a tunnelled packet for one of
 * our MNs, from its LMA, or from the peer MAG of a localized routing
 * state of that MN's prefix toward the inner source's. Decapsulated, it
 * is received on the pmip6 device, and the MAG's routes to its access
 * links deliver it (on-link HNPs to the link, off-link ones via the MN).
 * The inner destination must be one of our MNs': the MAG is no open
 * relay. Counted as tx (toward the MN) on the BUL entry or RO state.
 */
static void mag_rcv(struct pmip6_net *pn, struct sk_buff *skb,
		    struct net_device *dev)
{
	const struct ipv6hdr *outer = ipv6_hdr(skb);
	const struct ipv6hdr *inner = (const struct ipv6hdr *)skb->data;
	struct pmip6_pcpu_counters __percpu *stats;
	const struct pmip6_bul *bul;
	const struct pmip6_ro *ro;
	u8 outer_dsfield;
	bool offlink;

	if (inner->version != 6) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		goto drop;
	}
	outer_dsfield = ipv6_get_dsfield(outer);

	bul = pmip6_bul_lookup_prefix(pn, &inner->daddr, &offlink);
	if (!bul) {
		pmip6_stats_inc(pn, PMIP6_STAT_NO_BINDING);
		goto drop;
	}
	if (ipv6_addr_equal(&outer->saddr, pmip6_bul_lma_addr(bul))) {
		stats = pmip6_bul_stats(bul);
	} else {
		/* Our MN's state toward the inner source, with that peer. */
		ro = pmip6_ro_lookup(pn, &inner->daddr, &inner->saddr);
		if (!ro || !ipv6_addr_equal(&outer->saddr, pmip6_ro_peer(ro))) {
			net_dbg_ratelimited("%s: tunnelled packet from %pI6c for %pI6c refused\n",
					    dev->name, &outer->saddr,
					    &inner->daddr);
			pmip6_stats_inc(pn, PMIP6_STAT_UNKNOWN_PEER);
			goto drop;
		}
		stats = pmip6_ro_stats(ro);
	}

	if (!xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb) ||
	    pmip6_tunnel_decap(skb, dev, outer_dsfield)) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		goto drop;
	}
	counters_add(stats, true, skb->len);
	pmip6_tunnel_inject(skb, dev);
	return;

drop:
	DEV_STATS_INC(dev, rx_dropped);
	kfree_skb(skb);
}

/*
 * MAG uplink (RFC 5213 section 6.10.3), a netfilter hook at the very
 * start of PRE_ROUTING: a packet that one of our MNs sends from its home
 * prefixes, on its access link, to anything but this MAG itself or a
 * link-scoped or multicast address, goes into a tunnel: to the peer MAG
 * of a localized routing state for its source and destination prefixes,
 * or else to the MN's LMA. Counted as rx (from the MN) on the RO state or
 * BUL entry. Everything else goes on through the stack as usual.
 *
 * A MAG with full per-flow state (RFC 7864 section 5.2) first runs the
 * MN's flow mobility cache: a drop entry drops the packet (counted on the
 * entry as rx, and as fmc_drop), a forward entry counts it and lets it go
 * on. The flow cache comes before localized routing on purpose: it is
 * policy on what the MN may send at all, while a localized routing state
 * only picks the tunnel's far end for what is sent; a dropped flow must
 * not leak out by the MAG-to-MAG path.
 *
 * The MAG is the MN's first-hop router, so the packet's hop limit is
 * spent here as forwarding would; one that would expire is left to the
 * stack, which answers Time Exceeded.
 */
static unsigned int mag_uplink_hook(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct pmip6_net *pn = pmip6_net_of(state->net);
	struct pmip6_pcpu_counters __percpu *stats;
	const struct pmip6_fmc *fmc = NULL;
	const struct in6_addr *endpoint;
	const struct pmip6_conf *conf;
	const struct pmip6_bul *bul;
	struct pmip6_flow_key key;
	const struct pmip6_ro *ro;
	const struct ipv6hdr *hdr;
	const struct pmip6_mn *mn;
	unsigned int verdict = NF_ACCEPT;
	struct net_device *dev;
	unsigned int len;
	bool offlink;
	int err;

	rcu_read_lock();
	conf = rcu_dereference(pn->conf);
	dev = rcu_dereference(pn->dev);
	if (!conf || !dev || conf->role != PMIP6_ROLE_MAG ||
	    ipv6_addr_any(&conf->local_addr))
		goto out;

	/* ip6_rcv_core() validated and pulled the header. */
	hdr = ipv6_hdr(skb);
	if (ipv6_addr_type(&hdr->saddr) != IPV6_ADDR_UNICAST ||
	    (ipv6_addr_type(&hdr->daddr) &
	     (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK)))
		goto out;
	bul = pmip6_bul_lookup_prefix(pn, &hdr->saddr, &offlink);
	if (!bul || state->in->ifindex != pmip6_bul_ifindex(bul))
		goto out;
	/* For this MAG itself (say, to its address on the access link). */
	if (ipv6_chk_addr(state->net, &hdr->daddr, NULL, 0))
		goto out;
	if (hdr->hop_limit <= 1)
		goto out;

	/*
	 * The MN has FMC entries only if the netns has any: most MAGs skip
	 * the lookup by MN-ID (a hash of the whole key) altogether.
	 */
	mn = READ_ONCE(pn->n_fmc) ? pmip6_mn_lookup_rcu(pn, &bul->key) : NULL;
	if (mn) {
		if (!flow_key_fill(skb, &key)) {
			pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
			kfree_skb(skb);
			verdict = NF_STOLEN;
			goto out;
		}
		if (pmip6_fmc_classify_mag(pn, mn, &key, &fmc) ==
		    PMIP6_VERDICT_DROP) {
			counters_add(fmc->stats, false, skb->len);
			pmip6_stats_inc(pn, PMIP6_STAT_FMC_DROP);
			kfree_skb(skb);
			verdict = NF_STOLEN;
			goto out;
		}
	}

	ro = pmip6_ro_lookup(pn, &hdr->saddr, &hdr->daddr);
	if (ro) {
		endpoint = pmip6_ro_peer(ro);
		stats = pmip6_ro_stats(ro);
	} else {
		endpoint = pmip6_bul_lma_addr(bul);
		stats = pmip6_bul_stats(bul);
	}

	/* From here on the packet is ours. */
	verdict = NF_STOLEN;
	if (skb_ensure_writable(skb, skb_network_offset(skb) +
				sizeof(struct ipv6hdr))) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		kfree_skb(skb);
		goto out;
	}
	ipv6_hdr(skb)->hop_limit--;

	len = skb->len;
	err = pmip6_tunnel_xmit(skb, dev, &conf->local_addr, endpoint);
	switch (err) {
	case 0:
		counters_add(stats, false, len);
		/* @fmc stays valid: we are still in the RCU section. */
		if (fmc)
			counters_add(fmc->stats, false, len);
		break;
	case -EMSGSIZE:
		pmip6_stats_inc(pn, PMIP6_STAT_TOO_BIG);
		break;
	case -EHOSTUNREACH:
		pmip6_stats_inc(pn, PMIP6_STAT_NO_ROUTE);
		break;
	default:
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		break;
	}
out:
	rcu_read_unlock();
	return verdict;
}

static const struct nf_hook_ops mag_hook_ops[] = {
	{
		.hook = mag_uplink_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		/* Before defragmentation and conntrack: nothing to undo. */
		.priority = NF_IP6_PRI_FIRST + 1,
	},
};

int pmip6_datapath_mag_enable(struct pmip6_net *pn)
{
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	if (pn->mag_hooks)
		return 0;
	ret = nf_register_net_hooks(pn->net, mag_hook_ops,
				    ARRAY_SIZE(mag_hook_ops));
	if (!ret)
		pn->mag_hooks = true;
	return ret;
}

/* After pmip6_net.conf went and a grace period: no packet counts here. */
void pmip6_datapath_net_exit(struct pmip6_net *pn)
{
	/* Waits for hooks that run. */
	if (pn->mag_hooks)
		nf_unregister_net_hooks(pn->net, mag_hook_ops,
					ARRAY_SIZE(mag_hook_ops));
	pn->mag_hooks = false;
	free_percpu(pn->stats);
	pn->stats = NULL;
}

/*
 * The localized routing trigger (design.md, "Events"): the LMA forwards a
 * packet from one of its MNs to another, or toward a remote prefix (an MN
 * of another LMA, @dst NULL), so the pair could talk MAG to MAG. Reported
 * at most once a second per pair: a slot per hashed pair keeps the time
 * of the last report. Two pairs sharing a slot delay each other by up to
 * a second, which only makes the trigger later; the cmpxchg() lets one
 * CPU of several report.
 */
static void mn_traffic_event(struct pmip6_net *pn, const struct pmip6_mn *src,
			     const struct in6_addr *saddr,
			     const struct pmip6_mn *dst,
			     const struct in6_addr *daddr)
{
	/* A remote destination is known by its /64 only. */
	u32 dst_key = dst ? dst->index :
			    jhash_2words((__force u32)daddr->s6_addr32[0],
					 (__force u32)daddr->s6_addr32[1], 0);
	u32 slot = hash_32(src->index ^ hash_32(dst_key, 32),
			   ilog2(PMIP6_EV_SLOTS));
	unsigned long *stamp = &pn->ev_stamp[slot];
	unsigned long now = jiffies ?: 1;	/* 0 means never */
	unsigned long last = READ_ONCE(*stamp);

	if (last && time_before(now, last + HZ))
		return;
	if (cmpxchg(stamp, last, now) != last)
		return;
	if (!pmip6_nl_mn_traffic_ntf(pn->net, src, saddr, dst, daddr))
		pmip6_stats_inc(pn, PMIP6_STAT_EVENTS);
}

/* Is @addr in one of the LMA's remote prefixes (draft-loureiro 3, 4.2)? */
static bool remote_prefix_match(const struct pmip6_remote_prefixes *remote,
				const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < remote->n; i++)
		if (ipv6_prefix_equal(addr, &remote->prefix[i],
				      remote->len[i]))
			return true;
	return false;
}

int pmip6_dp_rcv(struct sk_buff *skb)
{
	struct pmip6_net *pn = pmip6_net_of(dev_net(skb->dev));
	const struct ipv6hdr *outer, *inner;
	const struct pmip6_conf *conf;
	const struct pmip6_mn *mn, *dst_mn;
	const struct pmip6_bce *bce;
	struct net_device *dev;
	u8 outer_dsfield;
	int ret = 0;

	/* tunnel6_rcv() runs us under rcu_read_lock(); say so to lockdep. */
	rcu_read_lock();
	conf = rcu_dereference(pn->conf);
	dev = rcu_dereference(pn->dev);
	outer = ipv6_hdr(skb);
	/* Not for our tunnel endpoint: ip6_tunnel and others may want it. */
	if (!conf || !dev ||
	    !ipv6_addr_equal(&outer->daddr, &conf->local_addr)) {
		ret = -1;
		goto out;
	}
	if (conf->role == PMIP6_ROLE_MAG) {
		mag_rcv(pn, skb, dev);
		goto out;
	}

	/* tunnel6_rcv() pulled the inner header to skb->data. */
	inner = (const struct ipv6hdr *)skb->data;
	if (inner->version != 6) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		goto drop;
	}

	/* Read while @outer is valid: later steps may move the headers. */
	outer_dsfield = ipv6_get_dsfield(outer);

	bce = lma_rx_bce(pn, &inner->saddr, &outer->saddr, &mn);
	if (!bce) {
		net_dbg_ratelimited("%s: tunnelled packet from %pI6c for %pI6c refused\n",
				    dev->name, &outer->saddr, &inner->saddr);
		pmip6_stats_inc(pn, PMIP6_STAT_UNKNOWN_PEER);
		goto drop;
	}

	/* IPsec policies for the tunnel's traffic, as ip6_tunnel checks. */
	if (!xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb)) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		goto drop;
	}

	/* From one of our MNs to another: a chance for localized routing. */
	inner = (const struct ipv6hdr *)skb->data;	/* the check may pull */
	dst_mn = pmip6_mn_lookup_by_addr(pn, &inner->daddr);
	if (dst_mn) {
		if (dst_mn != mn)
			mn_traffic_event(pn, mn, &inner->saddr, dst_mn,
					 &inner->daddr);
	} else if (conf->remote.n &&
		   remote_prefix_match(&conf->remote, &inner->daddr)) {
		mn_traffic_event(pn, mn, &inner->saddr, NULL, &inner->daddr);
	}

	if (pmip6_tunnel_decap(skb, dev, outer_dsfield)) {
		pmip6_stats_inc(pn, PMIP6_STAT_BAD_PACKET);
		goto drop;
	}
	counters_add(bce->stats, false, skb->len);
	pmip6_tunnel_inject(skb, dev);
	goto out;

drop:
	DEV_STATS_INC(dev, rx_dropped);
	kfree_skb(skb);
out:
	rcu_read_unlock();
	return ret;
}
