// SPDX-License-Identifier: GPL-2.0
/*
 * nllose: an LD_PRELOAD shim that loses the kernel's answer to chosen
 * netlink requests, for the tests of a daemon's bounded waits (issue 16,
 * item 9: a lost rtnetlink, xfrm or generic netlink answer must not stop
 * pmipd, and a late one must not be taken for the next request's).
 *
 *   NLLOSE="RULE[ RULE...]"     RULE = PROTO:TYPE[:NTH][:late]
 *
 *   PROTO  route (NETLINK_ROUTE), xfrm (NETLINK_XFRM) or genl
 *          (NETLINK_GENERIC)
 *   TYPE   route, xfrm: the request's nlmsg_type; genl: the command
 *          (genlmsghdr cmd) of a request to any family but nlctrl. A
 *          number or one of the names in the table below.
 *   NTH    which of the requests that match, from 1 (default 1)
 *   late   the answer is not lost but late: it comes back before the
 *          answer of the next request sent on the same socket
 *
 * The answer (every part of it: all the datagrams that carry its
 * sequence number) is taken off the socket when it arrives, and the
 * caller's receive goes on as if it had not come: a blocking receive
 * waits on, a non-blocking one fails with EAGAIN. Each loss and each late
 * delivery is reported on stderr ("nllose: ...").
 *
 * With an ASan program, run with ASAN_OPTIONS=verify_asan_link_order=0
 * (the shim comes before the ASan runtime; its calls go on to ASan's).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/pmip6.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#define RULES_MAX 8
#define LOSSES_MAX 8
#define HELD_MAX 16

static const struct { const char *name; unsigned int value; } type_names[] = {
	{ "RTM_NEWLINK", RTM_NEWLINK }, { "RTM_NEWROUTE", RTM_NEWROUTE },
	{ "RTM_DELROUTE", RTM_DELROUTE }, { "XFRM_MSG_NEWSA", XFRM_MSG_NEWSA },
	{ "XFRM_MSG_NEWPOLICY", XFRM_MSG_NEWPOLICY },
	{ "XFRM_MSG_GETPOLICY", XFRM_MSG_GETPOLICY },
	{ "PMIP6_CMD_BCE_NEW", PMIP6_CMD_BCE_NEW }, { "PMIP6_CMD_BCE_SET", PMIP6_CMD_BCE_SET },
	{ "PMIP6_CMD_BCE_DEL", PMIP6_CMD_BCE_DEL }, { "PMIP6_CMD_BUL_NEW", PMIP6_CMD_BUL_NEW },
	{ "PMIP6_CMD_BUL_SET", PMIP6_CMD_BUL_SET }, { "PMIP6_CMD_BUL_DEL", PMIP6_CMD_BUL_DEL },
};

struct rule {
	int protocol;
	unsigned int type, nth, seen;
	bool late;
	char text[64];
};

/* One answer being lost: the request's socket and sequence number. */
struct loss {
	bool used, late, newer_sent;
	int fd;
	uint32_t seq;
	const struct rule *rule;
	unsigned int n_held;
	unsigned char *held[HELD_MAX];
	size_t held_len[HELD_MAX];
};

static struct rule rules[RULES_MAX];
static unsigned int n_rules;
static bool parsed;
static struct loss losses[LOSSES_MAX];

static ssize_t (*real_send)(int, const void *, size_t, int);
static ssize_t (*real_sendto)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
static ssize_t (*real_sendmsg)(int, const struct msghdr *, int);
static ssize_t (*real_recv)(int, void *, size_t, int);
static ssize_t (*real_recvfrom)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
static ssize_t (*real_recvmsg)(int, struct msghdr *, int);

static void *next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f) {
		fprintf(stderr, "nllose: no %s after the shim\n", name);
		abort();
	}
	return f;
}

static void setup(void)
{
	const char *env;
	char *copy, *save = NULL;

	if (parsed)
		return;
	parsed = true;
	real_send = next("send");
	real_sendto = next("sendto");
	real_sendmsg = next("sendmsg");
	real_recv = next("recv");
	real_recvfrom = next("recvfrom");
	real_recvmsg = next("recvmsg");
	env = getenv("NLLOSE");
	if (!env)
		return;
	copy = strdup(env);
	for (char *w = strtok_r(copy, " ,", &save); w && n_rules < RULES_MAX;
	     w = strtok_r(NULL, " ,", &save)) {
		struct rule *r = &rules[n_rules];
		char *proto, *type, *rest, *tsave = NULL;

		snprintf(r->text, sizeof(r->text), "%s", w);
		proto = strtok_r(w, ":", &tsave);
		type = strtok_r(NULL, ":", &tsave);
		if (!proto || !type)
			goto bad;
		if (!strcmp(proto, "route"))
			r->protocol = NETLINK_ROUTE;
		else if (!strcmp(proto, "xfrm"))
			r->protocol = NETLINK_XFRM;
		else if (!strcmp(proto, "genl"))
			r->protocol = NETLINK_GENERIC;
		else
			goto bad;
		r->type = (unsigned int)strtoul(type, &rest, 0);
		if (*rest) {
			size_t i;

			for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
				if (!strcmp(type, type_names[i].name))
					break;
			if (i == sizeof(type_names) / sizeof(type_names[0]))
				goto bad;
			r->type = type_names[i].value;
		}
		r->nth = 1;
		for (char *o = strtok_r(NULL, ":", &tsave); o; o = strtok_r(NULL, ":", &tsave)) {
			if (!strcmp(o, "late"))
				r->late = true;
			else if (!(r->nth = (unsigned int)strtoul(o, &rest, 10)) || *rest)
				goto bad;
		}
		n_rules++;
		continue;
bad:
		fprintf(stderr, "nllose: bad rule '%s' (PROTO:TYPE[:NTH][:late])\n", r->text);
		abort();
	}
	free(copy);
}

/* The netlink protocol of fd, or -1 for any other socket. */
static int nl_protocol(int fd)
{
	int domain = -1, protocol = -1;
	socklen_t len = sizeof(domain);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0 || domain != AF_NETLINK)
		return -1;
	len = sizeof(protocol);
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) < 0)
		return -1;
	return protocol;
}

/* A request goes out on fd: is it one whose answer a rule loses? */
static void note_request(int fd, const void *buf, size_t len)
{
	const struct nlmsghdr *h = buf;
	unsigned int type;
	int protocol;

	setup();
	if (!n_rules || !buf || len < sizeof(*h) || (protocol = nl_protocol(fd)) < 0)
		return;
	for (unsigned int i = 0; i < LOSSES_MAX; i++)
		if (losses[i].used && losses[i].fd == fd && losses[i].seq != h->nlmsg_seq)
			losses[i].newer_sent = true;
	type = h->nlmsg_type;
	if (protocol == NETLINK_GENERIC) {
		if (h->nlmsg_type == GENL_ID_CTRL || len < NLMSG_HDRLEN + GENL_HDRLEN)
			return;
		type = ((const struct genlmsghdr *)NLMSG_DATA(h))->cmd;
	}
	for (unsigned int i = 0; i < n_rules; i++) {
		struct rule *r = &rules[i];

		if (r->protocol != protocol || r->type != type || ++r->seen != r->nth)
			continue;
		for (unsigned int j = 0; j < LOSSES_MAX; j++) {
			if (losses[j].used)
				continue;
			losses[j] = (struct loss){ .used = true, .late = r->late, .fd = fd,
						   .seq = h->nlmsg_seq, .rule = r };
			fprintf(stderr, "nllose: %s the answer to request seq %u (rule %s)\n",
				r->late ? "delaying" : "losing", h->nlmsg_seq, r->text);
			break;
		}
	}
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	note_request(fd, buf, len);
	return real_send(fd, buf, len, flags);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
	       socklen_t tolen)
{
	note_request(fd, buf, len);
	return real_sendto(fd, buf, len, flags, to, tolen);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	if (msg && msg->msg_iovlen)
		note_request(fd, msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len);
	else
		setup();
	return real_sendmsg(fd, msg, flags);
}

/* One receive call, whichever of the three it is. */
struct call {
	int fd, flags;
	void *buf;
	size_t len;
	struct sockaddr *addr;		/* recvfrom */
	socklen_t *alen;
	struct msghdr *msg;		/* recvmsg: buf, len are its first iovec */
};

static ssize_t real_call(const struct call *c, int flags)
{
	if (c->msg)
		return real_recvmsg(c->fd, c->msg, flags);
	if (c->addr)
		return real_recvfrom(c->fd, c->buf, c->len, flags, c->addr, c->alen);
	return real_recv(c->fd, c->buf, c->len, flags);
}

static struct loss *loss_of(int fd, uint32_t seq)
{
	for (unsigned int i = 0; i < LOSSES_MAX; i++)
		if (losses[i].used && losses[i].fd == fd && losses[i].seq == seq)
			return &losses[i];
	return NULL;
}

/* A late answer, now: as the kernel would have delivered it. */
static ssize_t deliver_late(const struct call *c, struct loss *l)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	size_t n = l->held_len[0], copied = n < c->len ? n : c->len;

	memcpy(c->buf, l->held[0], copied);
	if (c->addr && c->alen) {
		memcpy(c->addr, &kernel, *c->alen < sizeof(kernel) ? *c->alen : sizeof(kernel));
		*c->alen = sizeof(kernel);
	}
	if (c->msg) {
		if (c->msg->msg_name && c->msg->msg_namelen >= sizeof(kernel)) {
			memcpy(c->msg->msg_name, &kernel, sizeof(kernel));
			c->msg->msg_namelen = sizeof(kernel);
		}
		c->msg->msg_controllen = 0;
		c->msg->msg_flags = copied < n ? MSG_TRUNC : 0;
	}
	if (!(c->flags & MSG_PEEK)) {
		fprintf(stderr, "nllose: the late answer to request seq %u comes now (%zu bytes)\n",
			l->seq, n);
		free(l->held[0]);
		memmove(l->held, l->held + 1, --l->n_held * sizeof(l->held[0]));
		memmove(l->held_len, l->held_len + 1, l->n_held * sizeof(l->held_len[0]));
		if (!l->n_held)
			l->used = false;
	}
	return (ssize_t)((c->flags & MSG_TRUNC) ? n : copied);
}

static ssize_t filtered(const struct call *c)
{
	setup();
	for (unsigned int i = 0; i < LOSSES_MAX; i++)
		if (losses[i].used && losses[i].fd == c->fd && losses[i].late &&
		    losses[i].newer_sent && losses[i].n_held)
			return deliver_late(c, &losses[i]);
	for (;;) {
		unsigned char scratch[65536];
		const unsigned char *data = c->buf;
		ssize_t n = real_call(c, c->flags);
		size_t have;
		struct loss *l;

		if (n <= 0 || !c->buf)
			return n;
		have = (size_t)n < c->len ? (size_t)n : c->len;
		if (have < sizeof(struct nlmsghdr))
			return n;
		/* The kernel never puts two requests' answers in one datagram. */
		l = loss_of(c->fd, ((const struct nlmsghdr *)data)->nlmsg_seq);
		if (!l)
			return n;
		if (c->flags & MSG_PEEK) {
			/* Only looked at: take it off the socket for real. */
			ssize_t r = real_recv(c->fd, scratch, sizeof(scratch), MSG_DONTWAIT);

			if (r <= 0)
				return n;
			data = scratch;
			have = (size_t)r;
		}
		fprintf(stderr, "nllose: %s %zu bytes of the answer to request seq %u\n",
			l->late ? "holding back" : "dropping", have, l->seq);
		if (l->late && l->n_held < HELD_MAX) {
			l->held[l->n_held] = malloc(have);
			if (l->held[l->n_held]) {
				memcpy(l->held[l->n_held], data, have);
				l->held_len[l->n_held++] = have;
			}
		}
		/* As if it never came: receive again, as the caller asked. */
	}
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	struct call c = { .fd = fd, .flags = flags, .buf = buf, .len = len };

	return filtered(&c);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr,
		 socklen_t *alen)
{
	struct call c = { .fd = fd, .flags = flags, .buf = buf, .len = len,
			  .addr = addr, .alen = alen };

	if (!addr)
		return recv(fd, buf, len, flags);
	return filtered(&c);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct call c = { .fd = fd, .flags = flags, .msg = msg };

	if (msg && msg->msg_iovlen) {
		c.buf = msg->msg_iov[0].iov_base;
		c.len = msg->msg_iov[0].iov_len;
	}
	return filtered(&c);
}
