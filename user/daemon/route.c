// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtnetlink, the little pmipd needs: bring the pmip6 device up, and one
 * route per home network prefix (LMA: HNP -> pmip6 device, where the
 * module picks the binding; MAG: HNP -> the MN's access link). Routes per
 * prefix, never a rule per MN or flow (issue 3). And the MAG's addresses
 * on its access links (RFC 5213 6.8, 6.9.3): the link-local address an
 * MN's Router Advertisements come from, and the link-layer address of
 * the domain (FixedMAGLinkLayerAddressOnAllAccessLinks).
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "pmipd.h"

int pmipd_rt_open(struct pmipd *d)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	d->rt_fd = fd;
	return 0;
}

int pmipd_rt_link_up(struct pmipd *d, int ifindex)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_NEWLINK,
		.i.ifi_family = AF_UNSPEC,
		.i.ifi_index = ifindex,
		.i.ifi_flags = IFF_UP,
		.i.ifi_change = IFF_UP,
	};

	return pmipd_nl_transact(d, d->rt_fd, &d->rt_seq, &req.n, NULL, 0);
}

/*
 * One request. No answer: the kernel may or may not have done it. An add
 * is a replace, so asking again is safe and tells which (the caller
 * undoes a binding whose route failed, and must not for a lost answer
 * alone).
 */
static int transact(struct pmipd *d, struct nlmsghdr *n, bool replace)
{
	int rc = pmipd_nl_transact(d, d->rt_fd, &d->rt_seq, n, NULL, 0);

	if (replace && rc == -ETIMEDOUT)
		rc = pmipd_nl_transact(d, d->rt_fd, &d->rt_seq, n, NULL, 0);
	return rc;
}

int pmipd_rt_route(struct pmipd *d, bool add, const struct in6_addr *prefix,
		   uint8_t len, int ifindex)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char attrs[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg)),
		.n.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE,
		.n.nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0,
		.r.rtm_family = AF_INET6,
		.r.rtm_dst_len = len,
		.r.rtm_table = RT_TABLE_MAIN,
		.r.rtm_protocol = RTPROT_STATIC,
		.r.rtm_scope = RT_SCOPE_UNIVERSE,
		.r.rtm_type = RTN_UNICAST,
	};
	uint32_t oif = (uint32_t)ifindex;
	int rc;

	pmipd_nl_put_attr(&req.n, RTA_DST, prefix, sizeof(*prefix));
	pmipd_nl_put_attr(&req.n, RTA_OIF, &oif, sizeof(oif));
	rc = transact(d, &req.n, add);
	if (!add && rc == -ESRCH)
		rc = 0;	/* already gone (the device went first) */
	return rc;
}

int pmipd_rt_link_addr(struct pmipd *d, int ifindex, const uint8_t mac[6])
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char attrs[16];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_NEWLINK,
		.n.nlmsg_flags = 0,
		.i.ifi_family = AF_UNSPEC,
		.i.ifi_index = ifindex,
	};

	pmipd_nl_put_attr(&req.n, IFLA_ADDRESS, mac, 6);
	return pmipd_nl_transact(d, d->rt_fd, &d->rt_seq, &req.n, NULL, 0);
}

int pmipd_rt_addr(struct pmipd *d, bool add, int ifindex, const struct in6_addr *addr)
{
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg a;
		char attrs[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)),
		.n.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR,
		.n.nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0,
		.a.ifa_family = AF_INET6,
		.a.ifa_prefixlen = 64,
		.a.ifa_scope = RT_SCOPE_LINK,
		.a.ifa_index = (uint32_t)ifindex,
	};
	/*
	 * No Duplicate Address Detection (RFC 5213 6.9.1.2 rule 15: the
	 * address the LMA generated is configured as it is): it is usable at
	 * once, for the RA that follows the PBA, and the MN's own DAD is not
	 * delayed by ours. Its uniqueness is the LMA's (6.8), and the MAG
	 * checks it against the MN's own link-local address.
	 */
	uint32_t flags = IFA_F_NODAD;
	int rc;

	pmipd_nl_put_attr(&req.n, IFA_ADDRESS, addr, sizeof(*addr));
	if (add)
		pmipd_nl_put_attr(&req.n, IFA_FLAGS, &flags, sizeof(flags));
	rc = transact(d, &req.n, add);
	/* Already gone: the interface went down (which flushes addresses),
	 * or away. */
	if (!add && (rc == -EADDRNOTAVAIL || rc == -ENODEV))
		rc = 0;
	return rc;
}
