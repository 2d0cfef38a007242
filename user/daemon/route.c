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

static void put_attr(struct nlmsghdr *n, unsigned short type, const void *data,
		     unsigned short len)
{
	struct rtattr *rta = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* Send and wait for the ACK. 0 or -errno from the kernel. */
static int transact(struct pmipd *d, struct nlmsghdr *n)
{
	char buf[4096];
	ssize_t len;

	n->nlmsg_seq = ++d->rt_seq;
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (send(d->rt_fd, n, n->nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		len = recv(d->rt_fd, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != d->rt_seq || h->nlmsg_type != NLMSG_ERROR)
				continue;
			return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
		}
	}
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

	return transact(d, &req.n);
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

	put_attr(&req.n, RTA_DST, prefix, sizeof(*prefix));
	put_attr(&req.n, RTA_OIF, &oif, sizeof(oif));
	rc = transact(d, &req.n);
	if (!add && rc == -ESRCH)
		rc = 0;	/* already gone (the device went first) */
	return rc;
}
