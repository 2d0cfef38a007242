// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications of the pmip6 family, sent from the packet path to the
 * "events" multicast group of the netns (CAP_NET_ADMIN listeners only).
 */

#include "compat.h"
#include "binding.h"
#include "netlink.h"

#include <linux/pmip6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

/* An HNP nest: the /64 of @addr. */
static int hnp_put(struct sk_buff *msg, int attrtype,
		   const struct in6_addr *addr)
{
	struct in6_addr prefix;
	struct nlattr *nest;

	ipv6_addr_prefix(&prefix, addr, 64);
	nest = nla_nest_start(msg, attrtype);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_in6_addr(msg, PMIP6_A_HNP_PREFIX, &prefix) ||
	    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, 64)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static size_t hnp_size(void)
{
	return nla_total_size(0) + nla_total_size(sizeof(struct in6_addr)) +
	       nla_total_size(sizeof(u8));
}

/**
 * pmip6_nl_mn_traffic_ntf - report MN-to-MN traffic seen at the LMA
 * @net: the netns whose listeners get it
 * @src: the source's MN
 * @saddr: the packet's source address
 * @dst: the destination's MN
 * @daddr: the packet's destination address
 *
 * Atomic context; the caller holds rcu_read_lock() over @src and @dst and
 * does the rate limiting.
 *
 * Return: 0 if sent, -ESRCH if nobody listens, another -errno if the
 * message could not be built.
 */
int pmip6_nl_mn_traffic_ntf(struct net *net, const struct pmip6_mn *src,
			    const struct in6_addr *saddr,
			    const struct pmip6_mn *dst,
			    const struct in6_addr *daddr)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&pmip6_genl_family, net,
				PMIP6_GENL_MCGRP_EVENTS))
		return -ESRCH;

	msg = genlmsg_new(nla_total_size(0) +
			  nla_total_size(src->key.len) + hnp_size() +
			  nla_total_size(dst->key.len) + hnp_size(),
			  GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &pmip6_genl_family, 0,
			  PMIP6_CMD_MN_TRAFFIC_NTF);
	if (!hdr)
		goto err_msgsize;
	nest = nla_nest_start(msg, PMIP6_A_EVENT);
	if (!nest)
		goto err_msgsize;
	if (nla_put(msg, PMIP6_A_EVENT_SRC_MN_ID, src->key.len, src->key.id) ||
	    hnp_put(msg, PMIP6_A_EVENT_SRC_HNP, saddr) ||
	    nla_put(msg, PMIP6_A_EVENT_DST_MN_ID, dst->key.len, dst->key.id) ||
	    hnp_put(msg, PMIP6_A_EVENT_DST_HNP, daddr))
		goto err_msgsize;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);

	return genlmsg_multicast_netns(&pmip6_genl_family, net, msg, 0,
				       PMIP6_GENL_MCGRP_EVENTS, GFP_ATOMIC);

err_msgsize:
	/* Sized exactly above: reaching this is a bug in the sizing. */
	nlmsg_free(msg);
	return -EMSGSIZE;
}
