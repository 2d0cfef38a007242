// SPDX-License-Identifier: GPL-2.0-only
/*
 * One netlink request and its acknowledgement, or a dump, for the two raw
 * netlink sockets pmipd keeps: rtnetlink (route.c) and NETLINK_XFRM
 * (xfrm.c).
 *
 * The daemon has one thread: while it waits here, no Mobility Header is
 * read. So no wait is longer than PMIPD_NL_TIMEOUT_MS (measured from the
 * request, or from the last part of a dump): a request whose answer does
 * not come is failed with -ETIMEDOUT, logged and counted. Each request
 * has its own sequence number and only answers carrying it, from the
 * kernel (port 0), are taken: a late answer to a request given up on is
 * skipped by the next request, never taken for its answer.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include "pmipd.h"

void pmipd_nl_put_attr(struct nlmsghdr *n, unsigned short type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	a->nla_type = type;
	a->nla_len = (unsigned short)(NLA_HDRLEN + len);
	memcpy((char *)a + NLA_HDRLEN, data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* The kernel's extack message of an error answer, if any. */
static void ext_msg(const struct nlmsghdr *h, char *why, size_t whylen)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = sizeof(*e);
	const char *end = (const char *)h + h->nlmsg_len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	for (const struct nlattr *a = (const void *)((const char *)e + NLMSG_ALIGN(off));
	     (const char *)a + NLA_HDRLEN <= end && a->nla_len >= NLA_HDRLEN &&
	     (const char *)a + a->nla_len <= end;
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		if (a->nla_type == NLMSGERR_ATTR_MSG && a->nla_len > NLA_HDRLEN) {
			snprintf(why, whylen, ": %.*s", (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
			return;
		}
	}
}

/* For the log: the request types pmipd sends, by socket protocol. */
static const char *request_name(int protocol, uint16_t type, char *buf, size_t len)
{
	static const struct { int protocol; uint16_t type; const char *name; } names[] = {
		{ NETLINK_ROUTE, RTM_NEWLINK, "RTM_NEWLINK" },
		{ NETLINK_ROUTE, RTM_NEWROUTE, "RTM_NEWROUTE" },
		{ NETLINK_ROUTE, RTM_DELROUTE, "RTM_DELROUTE" },
		{ NETLINK_ROUTE, RTM_NEWADDR, "RTM_NEWADDR" },
		{ NETLINK_ROUTE, RTM_DELADDR, "RTM_DELADDR" },
		{ NETLINK_XFRM, XFRM_MSG_NEWSA, "XFRM_MSG_NEWSA" },
		{ NETLINK_XFRM, XFRM_MSG_DELSA, "XFRM_MSG_DELSA" },
		{ NETLINK_XFRM, XFRM_MSG_NEWPOLICY, "XFRM_MSG_NEWPOLICY" },
		{ NETLINK_XFRM, XFRM_MSG_DELPOLICY, "XFRM_MSG_DELPOLICY" },
		{ NETLINK_XFRM, XFRM_MSG_GETPOLICY, "XFRM_MSG_GETPOLICY" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].protocol == protocol && names[i].type == type)
			return names[i].name;
	snprintf(buf, len, "message type %u", type);
	return buf;
}

static void timed_out(struct pmipd *d, int fd, const struct nlmsghdr *n)
{
	int protocol = -1;
	socklen_t plen = sizeof(protocol);
	char type[32];

	getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &plen);
	d->stats.netlink_timeouts++;
	pmipd_log(d, LOG_ERR, "%s: no answer from the kernel to %s (seq %u) within %d ms: taken as failed (a late answer is ignored)",
		  protocol == NETLINK_XFRM ? "NETLINK_XFRM" :
		  protocol == NETLINK_ROUTE ? "rtnetlink" : "netlink",
		  request_name(protocol, n->nlmsg_type, type, sizeof(type)), n->nlmsg_seq,
		  PMIPD_NL_TIMEOUT_MS);
}

/*
 * Send n with the next sequence number and hand each answer to it to
 * each() until that returns something other than 1: that is the result.
 * buf is the receive buffer (a dump needs a large one).
 */
static int nl_exchange(struct pmipd *d, int fd, uint32_t *seq, struct nlmsghdr *n,
		       char *buf, size_t size,
		       int (*each)(const struct nlmsghdr *h, void *arg), void *arg)
{
	uint64_t deadline;
	int rc;

	n->nlmsg_seq = ++*seq;
	if (send(fd, n, n->nlmsg_len, MSG_NOSIGNAL) < 0)
		return -errno;
	deadline = pmipd_now_ms() + PMIPD_NL_TIMEOUT_MS;
	for (;;) {
		struct sockaddr_nl from;
		socklen_t flen = sizeof(from);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t now = pmipd_now_ms();
		bool ours = false;
		ssize_t len;

		if (now >= deadline) {
			timed_out(d, fd, n);
			return -ETIMEDOUT;
		}
		rc = poll(&p, 1, (int)(deadline - now));
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc <= 0)
			continue;
		len = recvfrom(fd, buf, size, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (len < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			return -errno;
		}
		if (flen < sizeof(from) || from.nl_pid != 0)
			continue;	/* not the kernel's */
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != *seq) {
				pmipd_log(d, LOG_DEBUG, "netlink: a late answer (seq %u, type %u) skipped while waiting for seq %u",
					  h->nlmsg_seq, h->nlmsg_type, *seq);
				continue;
			}
			if (h->nlmsg_type == NLMSG_ERROR &&
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
				return -EPROTO;
			ours = true;
			rc = each(h, arg);
			if (rc != 1)
				return rc;
		}
		/* A dump goes on: the bound is between two of its parts. */
		if (ours)
			deadline = pmipd_now_ms() + PMIPD_NL_TIMEOUT_MS;
	}
}

struct ack {
	char *why;
	size_t whylen;
};

static int ack_each(const struct nlmsghdr *h, void *arg)
{
	const struct ack *a = arg;
	int error;

	if (h->nlmsg_type != NLMSG_ERROR)
		return 1;
	error = ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
	if (error && a->why)
		ext_msg(h, a->why, a->whylen);
	return error;
}

int pmipd_nl_transact(struct pmipd *d, int fd, uint32_t *seq, struct nlmsghdr *n,
		      char *why, size_t whylen)
{
	char buf[8192] __attribute__((aligned(8)));
	struct ack a = { why, whylen };

	if (why && whylen)
		why[0] = '\0';
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	return nl_exchange(d, fd, seq, n, buf, sizeof(buf), ack_each, &a);
}

struct dump {
	void (*cb)(const struct nlmsghdr *h, void *arg);
	void *arg;
};

static int dump_each(const struct nlmsghdr *h, void *arg)
{
	const struct dump *dp = arg;

	if (h->nlmsg_type == NLMSG_DONE)
		return 0;
	if (h->nlmsg_type == NLMSG_ERROR)
		return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
	dp->cb(h, dp->arg);
	return 1;
}

int pmipd_nl_dump(struct pmipd *d, int fd, uint32_t *seq, struct nlmsghdr *n,
		  void (*cb)(const struct nlmsghdr *h, void *arg), void *arg)
{
	/* Larger than any dump skb: the kernel sizes them by the largest
	 * read seen, capped under 32 KiB (netlink_dump()). */
	char buf[32768] __attribute__((aligned(8)));
	struct dump dp = { cb, arg };

	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
	return nl_exchange(d, fd, seq, n, buf, sizeof(buf), dump_each, &dp);
}
