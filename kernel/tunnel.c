// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6-in-IPv6 tunnelling (RFC 2473), the way net/ipv6/ip6_tunnel.c does
 * it (ip6_tnl_xmit(), __ip6_tnl_rcv()), without its per-tunnel devices:
 * one pmip6 device per netns carries every tunnel, and the endpoint is
 * chosen per packet by datapath.c. The tunnel packet is
 *
 *   +----------------------------+-----------------------------------+
 *   | outer IPv6 header          | inner IPv6 packet, unchanged      |
 *   | src = LMAA or Proxy-CoA    | (its hop limit was decremented by |
 *   | dst = Proxy-CoA, LMAA or   |  the forwarding that brought it   |
 *   |       peer MAG             |  here)                            |
 *   | next header = 41 (IPv6)    |                                   |
 *   +----------------------------+-----------------------------------+
 *
 * with no Tunnel Encapsulation Limit option: RFC 5213 section 5.6.1 asks
 * for a plain IPv6-in-IPv6 tunnel, and the endpoints are fixed.
 */

#include "compat.h"
#include "datapath.h"
#include "netns.h"
#include "tunnel.h"

#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <net/dst.h>
#include <net/inet_ecn.h>
#include <net/ip6_route.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/dsfield.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

int pmip6_tunnel_xmit(struct sk_buff *skb, struct net_device *dev,
		      const struct in6_addr *saddr,
		      const struct in6_addr *daddr)
{
	struct net *net = dev_net(dev);
	struct dst_entry *dst;
	struct ipv6hdr *hdr;
	struct flowi6 fl6;
	unsigned int mtu;
	bool frag;
	u8 dsfield;
	int err;

	/*
	 * Traffic class of the tunnel packet (RFC 2473 section 6.5 leaves
	 * it to configuration): copy the inner DSCP so that the domain
	 * keeps the flow's class, and set ECN per RFC 6040 normal mode
	 * (INET_ECN_encapsulate: the inner ECN field, with CE sent as
	 * ECT(0)).
	 */
	dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
	dsfield = INET_ECN_encapsulate(dsfield, dsfield);

	/*
	 * Offloads before anything else, as ipxip6_tnl_xmit() does: a GSO
	 * packet becomes an SKB_GSO_IPXIP6 one, segmented later with both
	 * headers; a non-GSO one has its checksum state fixed up.
	 */
	err = iptunnel_handle_offloads(skb, SKB_GSO_IPXIP6);
	if (err)
		goto err_free;
	skb_set_inner_ipproto(skb, IPPROTO_IPV6);

	/*
	 * Route the outer packet. The DS field is part of the lookup key
	 * as for ip6_tunnel (policy routing may look at it); no dst_cache
	 * for now: the lookup key changes per packet with the endpoint.
	 */
	memset(&fl6, 0, sizeof(fl6));
	fl6.flowi6_proto = IPPROTO_IPV6;
	fl6.daddr = *daddr;
	fl6.saddr = *saddr;
	fl6.flowlabel = ip6_make_flowinfo(dsfield, 0);
	fl6.flowi6_uid = sock_net_uid(net, NULL);
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		err = -EHOSTUNREACH;
		goto err_link_failure;
	}
	/* IPsec policies may protect the tunnel itself (RFC 5213 4.2). */
	dst = xfrm_lookup(net, dst, flowi6_to_flowi(&fl6), NULL, 0);
	if (IS_ERR(dst)) {
		err = -EHOSTUNREACH;
		goto err_link_failure;
	}

	/*
	 * Loop check: a route to the endpoint through the pmip6 device
	 * itself (say, an HNP pool route covering it) would send the packet
	 * around forever, one header more each time.
	 */
	if (dst->dev == dev) {
		net_warn_ratelimited("%s: tunnel endpoint %pI6c routed through the device itself\n",
				     dev->name, daddr);
		DEV_STATS_INC(dev, collisions);
		err = -EHOSTUNREACH;
		goto err_dst;
	}

	/*
	 * MTU: what fits in the outer path minus our header, never below
	 * the IPv6 minimum (RFC 2473 section 7.1: below that the tunnel
	 * packet is fragmented instead). The inner route learns it, and a
	 * packet that does not fit goes back to its source as Packet Too
	 * Big (RFC 2473 section 7.2, RFC 8201). A GSO packet fits if each
	 * of its segments will.
	 */
	mtu = dst_mtu(dst) - sizeof(struct ipv6hdr);
	frag = mtu < IPV6_MIN_MTU;
	mtu = max_t(unsigned int, mtu, IPV6_MIN_MTU);
	skb_dst_update_pmtu_no_confirm(skb, mtu);
	if (skb->len > mtu &&
	    (!skb_is_gso(skb) || !skb_gso_validate_network_len(skb, mtu))) {
		icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
		err = -EMSGSIZE;
		goto err_dst;
	}

	/*
	 * Forget the inner packet's life in this stack (its dst, conntrack
	 * and the rest): the tunnel packet starts a new one. Same netns, so
	 * the mark and the like stay.
	 */
	skb_scrub_packet(skb, false);
	/*
	 * The scrub cleared ignore_df. Where the clamp above applied, the
	 * tunnel packet may be larger than the outer path: let the outer
	 * layer fragment it (RFC 2473 7.1) rather than refuse it.
	 */
	skb->ignore_df = frag;

	/* Room for our header and the outer device's link layer, once. */
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) +
			 sizeof(struct ipv6hdr) + dst->header_len)) {
		err = -ENOMEM;
		goto err_dst;
	}
	skb_dst_set(skb, dst);

	/*
	 * The outer header. The flow label is made from the inner flow's
	 * hash (RFC 6438), so that the flows inside a tunnel spread over
	 * ECMP paths as they would without it. Payload length is set by
	 * ip6_local_out().
	 */
	skb_push(skb, sizeof(struct ipv6hdr));
	skb_reset_network_header(skb);
	hdr = ipv6_hdr(skb);
	ip6_flow_hdr(hdr, dsfield, ip6_make_flowlabel(net, skb, 0, true, &fl6));
	hdr->hop_limit = ip6_dst_hoplimit(dst);
	hdr->nexthdr = IPPROTO_IPV6;
	hdr->saddr = *saddr;
	hdr->daddr = *daddr;

	/* Out through the local stack; counts on the device's tstats. */
	ip6tunnel_xmit(NULL, skb, dev);
	return 0;

err_link_failure:
	DEV_STATS_INC(dev, tx_carrier_errors);
	dst_link_failure(skb);
	goto err_free;
err_dst:
	dst_release(dst);
err_free:
	DEV_STATS_INC(dev, tx_errors);
	kfree_skb(skb);
	return err;
}

int pmip6_tunnel_decap(struct sk_buff *skb, struct net_device *dev,
		       u8 outer_dsfield)
{
	int err;

	/* From here on the inner packet is the packet. */
	skb->protocol = htons(ETH_P_IPV6);
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	memset(skb->cb, 0, sizeof(struct inet6_skb_parm));

	/*
	 * Received on the pmip6 device: drops the outer dst, hash and
	 * queue of the underlay, and scrubs what belonged to the outer
	 * packet's life.
	 */
	__skb_tunnel_rx(skb, dev, dev_net(dev));

	/*
	 * RFC 6040 section 4.2: CE on the outer header is copied in; CE
	 * outside a not-ECT inner packet means the inner transport cannot
	 * learn of the congestion, so the packet is dropped (return 2);
	 * ECT outside not-ECT (return 1) is only odd, and passes.
	 */
	err = INET_ECN_decapsulate(skb, outer_dsfield,
				   ipv6_get_dsfield(ipv6_hdr(skb)));
	if (err > 1)
		return -EINVAL;
	return 0;
}

void pmip6_tunnel_inject(struct sk_buff *skb, struct net_device *dev)
{
	dev_sw_netstats_rx_add(dev, skb->len);
	/*
	 * netif_rx() works from any context; we are in the softirq of the
	 * outer packet, so it only queues on this CPU's backlog.
	 */
	netif_rx(skb);
}

/* tunnel6 receive handler; tunnel6_rcv() pulled the inner header. */
static int tunnel_rcv(struct sk_buff *skb)
{
	return pmip6_dp_rcv(skb);
}

/*
 * ICMPv6 errors about our tunnel packets. @skb->data is the outer header
 * of the packet that caused the error. Packet Too Big lowers the path MTU
 * of the outer route, which pmip6_tunnel_xmit() then applies to inner
 * packets; a redirect updates the route. Errors about packets we did not
 * send go to the next handler.
 */
static int tunnel_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
		      u8 type, u8 code, int offset, __be32 info)
{
	const struct ipv6hdr *hdr = (const struct ipv6hdr *)skb->data;
	struct net *net = dev_net(skb->dev);
	struct pmip6_net *pn = pmip6_net_of(net);
	const struct pmip6_conf *conf;
	bool ours;

	rcu_read_lock();
	conf = rcu_dereference(pn->conf);
	ours = conf && ipv6_addr_equal(&hdr->saddr, &conf->local_addr);
	rcu_read_unlock();
	if (!ours)
		return -ENOENT;

	if (type == ICMPV6_PKT_TOOBIG)
		ip6_update_pmtu(skb, net, info, 0, 0, sock_net_uid(net, NULL));
	else if (type == NDISC_REDIRECT)
		ip6_redirect(skb, net, skb->dev->ifindex, 0,
			     sock_net_uid(net, NULL));
	return 0;
}

/*
 * tunnel6 calls handlers in increasing priority order until one returns
 * 0, and refuses two of equal priority. ip6_tunnel registers at 1 and
 * xfrm6_tunnel at 3: at 0 we see every IPv6-in-IPv6 packet first and
 * pass on those not addressed to our local address.
 */
static struct xfrm6_tunnel pmip6_tunnel_handler __read_mostly = {
	.handler = tunnel_rcv,
	.err_handler = tunnel_err,
	.priority = 0,
};

int pmip6_tunnel_init(void)
{
	int ret;

	ret = xfrm6_tunnel_register(&pmip6_tunnel_handler, AF_INET6);
	if (ret)
		pr_err("cannot register the IPv6-in-IPv6 receive handler: %d\n",
		       ret);
	return ret;
}

/* Waits (synchronize_net()) until no packet runs the handler any more. */
void pmip6_tunnel_uninit(void)
{
	xfrm6_tunnel_deregister(&pmip6_tunnel_handler, AF_INET6);
}
