/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6-in-IPv6 tunnelling (RFC 2473) between the LMA and its MAGs, and
 * between MAGs for localized routing: encapsulation toward one endpoint,
 * decapsulation and re-injection through the pmip6 device, and the
 * tunnel6 receive handler that hands arriving packets to datapath.c.
 */
#ifndef _PMIP6_TUNNEL_H
#define _PMIP6_TUNNEL_H

#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

/*
 * Encapsulates the IPv6 packet @skb from @saddr to @daddr and sends it.
 * Always consumes @skb. Returns 0 when it went out (as far as the local
 * stack knows), -EHOSTUNREACH with no route or a routing loop through
 * @dev, -EMSGSIZE when it was too big for the path (a Packet Too Big went
 * back to its source), another -errno otherwise.
 */
int pmip6_tunnel_xmit(struct sk_buff *skb, struct net_device *dev,
		      const struct in6_addr *saddr,
		      const struct in6_addr *daddr);

/*
 * Strips the outer header @outer_dsfield was read from (skb->data is at
 * the inner header) and makes @skb look received on @dev. Returns 0, or
 * -EINVAL if ECN decapsulation (RFC 6040) says to drop; the caller owns
 * @skb either way.
 */
int pmip6_tunnel_decap(struct sk_buff *skb, struct net_device *dev,
		       u8 outer_dsfield);

/* Hands a decapsulated @skb to the stack as received on @dev; consumes it. */
void pmip6_tunnel_inject(struct sk_buff *skb, struct net_device *dev);

int pmip6_tunnel_init(void);
void pmip6_tunnel_uninit(void);

#endif /* _PMIP6_TUNNEL_H */
