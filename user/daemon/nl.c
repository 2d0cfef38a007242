// SPDX-License-Identifier: GPL-2.0-only
/*
 * One netlink request and its acknowledgement, or a dump, for the two raw
 * netlink sockets pmipd keeps: rtnetlink (route.c) and NETLINK_XFRM
 * (xfrm.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>

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

/*
 * Send n with the next sequence number and hand each answer to it to
 * each() until that returns something other than 1: that is the result.
 * buf is the receive buffer (a dump needs a large one).
 */
static int nl_exchange(int fd, uint32_t *seq, struct nlmsghdr *n, char *buf, size_t size,
		       int (*each)(const struct nlmsghdr *h, void *arg), void *arg)
{
	ssize_t len;
	int rc;

	n->nlmsg_seq = ++*seq;
	if (send(fd, n, n->nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		len = recv(fd, buf, size, 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != *seq)
				continue;
			rc = each(h, arg);
			if (rc != 1)
				return rc;
		}
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

int pmipd_nl_transact(int fd, uint32_t *seq, struct nlmsghdr *n, char *why, size_t whylen)
{
	char buf[8192] __attribute__((aligned(8)));
	struct ack a = { why, whylen };

	if (why && whylen)
		why[0] = '\0';
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	return nl_exchange(fd, seq, n, buf, sizeof(buf), ack_each, &a);
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

int pmipd_nl_dump(int fd, uint32_t *seq, struct nlmsghdr *n,
		  void (*cb)(const struct nlmsghdr *h, void *arg), void *arg)
{
	/* Larger than any dump skb: the kernel sizes them by the largest
	 * read seen, capped under 32 KiB (netlink_dump()). */
	char buf[32768] __attribute__((aligned(8)));
	struct dump dp = { cb, arg };

	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
	return nl_exchange(fd, seq, n, buf, sizeof(buf), dump_each, &dp);
}
