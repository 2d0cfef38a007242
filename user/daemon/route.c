// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtnetlink, the little pmipd needs: bring the pmip6 device up, and one
 * route per home network prefix (LMA: HNP -> pmip6 device, where the
 * module picks the binding; MAG: HNP -> the MN's access link). Routes per
 * prefix, never a rule per MN or flow (issue 3).
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
	rc = pmipd_nl_transact(d, d->rt_fd, &d->rt_seq, &req.n, NULL, 0);
	/*
	 * No answer: the kernel may or may not have done it. An add is a
	 * replace, so asking again is safe and tells which (the caller
	 * undoes a binding whose route failed, and must not for a lost
	 * answer alone).
	 */
	if (add && rc == -ETIMEDOUT)
		rc = pmipd_nl_transact(d, d->rt_fd, &d->rt_seq, &req.n, NULL, 0);
	if (!add && rc == -ESRCH)
		rc = 0;	/* already gone (the device went first) */
	return rc;
}
