// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications of the pmip6 family, sent to the "events" multicast group
 * of the netns (CAP_NET_ADMIN listeners only): MN-to-MN traffic from the
 * packet path, and state changes from the configuration writers and the
 * RO expiry work.
 */

#include "compat.h"
#include "binding.h"
#include "netlink.h"
#include "netns.h"

#include <linux/pmip6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

/*
 * Set once the family is about to be unregistered. The RO expiry work of a
 * netns may run between pmip6_genl_uninit() and the pernet exit that
 * cancels it; it must not multicast on groups the core has given back by
 * then. Senders test it under rcu_read_lock(), and pmip6_nl_ntf_stop()
 * waits for a grace period, so none is still sending when it returns.
 */
static bool ntf_stopped;

void pmip6_nl_ntf_stop(void)
{
	WRITE_ONCE(ntf_stopped, true);
	synchronize_rcu();
}

/**
 * pmip6_nl_ntf_build - build a state-change notification
 * @pn: the netns of the change; the caller holds its conf_lock
 * @cmd: PMIP6_CMD_*_NTF
 * @change: enum pmip6_change
 * @size: upper bound of what @fill puts
 * @fill: puts the object's nest, as its GET does
 * @obj: the object, valid while conf_lock is held
 *
 * Built while the object is still reachable (for a removal: before it is
 * unlinked, since its memory may go a grace period after), sent by
 * pmip6_nl_ntf_send() once the change is committed.
 *
 * Return: the message; NULL if nobody listens (or @pn is the self-test's,
 * with no netns); an ERR_PTR() if it could not be built.
 */
struct sk_buff *pmip6_nl_ntf_build(struct pmip6_net *pn, u8 cmd, u8 change,
				   size_t size, pmip6_nl_ntf_fill_t fill,
				   const void *obj)
{
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&pn->conf_lock);

	if (!pn->net || !genl_has_listeners(&pmip6_genl_family, pn->net,
					    PMIP6_GENL_MCGRP_EVENTS))
		return NULL;

	msg = genlmsg_new(nla_total_size(sizeof(u8)) +
			  nla_total_size_64bit(sizeof(u64)) + size, GFP_KERNEL);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	hdr = genlmsg_put(msg, 0, 0, &pmip6_genl_family, 0, cmd);
	/* PMIP6_A_TIMESTAMP's value is written by pmip6_nl_ntf_send(). */
	if (!hdr || nla_put_u8(msg, PMIP6_A_CHANGE, change) ||
	    nla_put_u64_64bit(msg, PMIP6_A_TIMESTAMP, 0, PMIP6_A_PAD) ||
	    fill(msg, obj)) {
		/* Sized by the GET's bound: reaching this is a sizing bug. */
		nlmsg_free(msg);
		return ERR_PTR(-EMSGSIZE);
	}
	genlmsg_end(msg, hdr);
	return msg;
}

/*
 * Stamps a built notification with the time the change was committed:
 * the caller sends it right after the commit (a removal's was built
 * before it). CLOCK_REALTIME because that is the clock of SO_TIMESTAMPNS
 * and of pcap's packet times (skb->tstamp is ktime_get_real()), so that a
 * listener can measure from the kernel's change to a packet's arrival
 * without a clock of its own in between (bench/flowmove.sh). A clock step
 * between the two would show in such a difference; a monotonic clock
 * would have no packet timestamp to compare with.
 */
static void ntf_stamp(struct sk_buff *msg)
{
	struct nlattr *nla;
	u64 now = ktime_get_real_ns();

	nla = nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN, PMIP6_A_TIMESTAMP);
	if (!WARN_ON_ONCE(!nla || nla_len(nla) != sizeof(now)))
		memcpy(nla_data(nla), &now, sizeof(now));
}

/**
 * pmip6_nl_ntf_send - send what pmip6_nl_ntf_build() returned
 * @pn: the netns of the change
 * @msg: the message (consumed), NULL (nothing to do) or an ERR_PTR()
 *
 * A notification that could not be built is reported to the listeners
 * as ENOBUFS on their sockets, as a lost one would be: they resync by
 * dumping.
 */
void pmip6_nl_ntf_send(struct pmip6_net *pn, struct sk_buff *msg)
{
	if (!msg)
		return;
	rcu_read_lock();
	if (READ_ONCE(ntf_stopped)) {
		if (!IS_ERR(msg))
			nlmsg_free(msg);
	} else if (IS_ERR(msg)) {
		genl_set_err(&pmip6_genl_family, pn->net, 0,
			     PMIP6_GENL_MCGRP_EVENTS, -ENOBUFS);
	} else {
		ntf_stamp(msg);
		genlmsg_multicast_netns(&pmip6_genl_family, pn->net, msg, 0,
					PMIP6_GENL_MCGRP_EVENTS, GFP_ATOMIC);
	}
	rcu_read_unlock();
}

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
 * @dst: the destination's MN, or NULL for a remote prefix's (another
 *	LMA's MN, known by its /64 only)
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

	/* The caller's rcu_read_lock() covers this test and the send. */
	if (READ_ONCE(ntf_stopped) ||
	    !genl_has_listeners(&pmip6_genl_family, net,
				PMIP6_GENL_MCGRP_EVENTS))
		return -ESRCH;

	msg = genlmsg_new(nla_total_size(0) +
			  nla_total_size(src->key.len) + hnp_size() +
			  (dst ? nla_total_size(dst->key.len) : 0) + hnp_size(),
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
	    (dst && nla_put(msg, PMIP6_A_EVENT_DST_MN_ID, dst->key.len,
			    dst->key.id)) ||
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
