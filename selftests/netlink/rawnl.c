// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "rawnl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int rnl_open(struct rnl_sock *s)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 5 };
	int one = 1;

	s->seq = 1;
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0 ||
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		int e = errno;

		close(s->fd);
		s->fd = -1;
		return -e;
	}
	return 0;
}

void rnl_close(struct rnl_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

void rnl_req_init(struct rnl_req *r, uint16_t type, uint16_t flags, uint8_t cmd,
		  uint8_t version)
{
	struct genlmsghdr *g;

	memset(r, 0, sizeof(*r));
	r->u.nlh.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	r->u.nlh.nlmsg_type = type;
	r->u.nlh.nlmsg_flags = flags;
	g = rnl_req_genl(r);
	g->cmd = cmd;
	g->version = version;
}

struct genlmsghdr *rnl_req_genl(struct rnl_req *r)
{
	return (struct genlmsghdr *)(r->u.buf + NLMSG_HDRLEN);
}

/* Room for len more bytes, or the test is wrong: stop it loudly. */
static unsigned char *reserve(struct rnl_req *r, size_t len)
{
	size_t at = r->u.nlh.nlmsg_len;

	if (at + len > sizeof(r->u.buf))
		abort();
	r->u.nlh.nlmsg_len = at + len;
	return r->u.buf + at;
}

size_t rnl_put(struct rnl_req *r, uint16_t type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(r->u.nlh.nlmsg_len);
	struct nlattr *a;

	r->u.nlh.nlmsg_len = off;
	a = (struct nlattr *)reserve(r, NLA_ALIGN(NLA_HDRLEN + len));
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	return off;
}

size_t rnl_put_u8(struct rnl_req *r, uint16_t type, uint8_t v)
{
	return rnl_put(r, type, &v, sizeof(v));
}

size_t rnl_put_u32(struct rnl_req *r, uint16_t type, uint32_t v)
{
	return rnl_put(r, type, &v, sizeof(v));
}

size_t rnl_put_u64(struct rnl_req *r, uint16_t type, uint64_t v)
{
	return rnl_put(r, type, &v, sizeof(v));
}

size_t rnl_put_str(struct rnl_req *r, uint16_t type, const char *s)
{
	return rnl_put(r, type, s, strlen(s) + 1);
}

size_t rnl_nest_start(struct rnl_req *r, uint16_t type)
{
	return rnl_put(r, type | NLA_F_NESTED, NULL, 0);
}

void rnl_nest_end(struct rnl_req *r, size_t nest)
{
	struct nlattr *a = (struct nlattr *)(r->u.buf + nest);

	a->nla_len = r->u.nlh.nlmsg_len - nest;
}

void rnl_append(struct rnl_req *r, const void *data, size_t len)
{
	memcpy(reserve(r, len), data, len);
}

int rnl_parse(const void *data, size_t len, const struct nlattr **tb, unsigned int max)
{
	const unsigned char *p = data;
	size_t pos = 0;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (pos + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const void *)(p + pos);
		unsigned int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < NLA_HDRLEN || pos + a->nla_len > len)
			return -EINVAL;
		if (type <= max)
			tb[type] = a;
		pos += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

/*
 * The TLVs follow the struct nlmsgerr and, unless NLM_F_CAPPED, the echoed
 * request (its payload length is in the echoed header).
 */
static void parse_ack(const struct nlmsghdr *nlh, struct rnl_ack *ack)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t total = nlh->nlmsg_len - NLMSG_HDRLEN, off = sizeof(*e);

	memset(ack, 0, sizeof(*ack));
	ack->error = e->error;
	ack->capped = nlh->nlmsg_flags & NLM_F_CAPPED;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!ack->capped) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_ALIGN(off);
	if (off >= total || rnl_parse((const char *)e + off, total - off, tb, NLMSGERR_ATTR_MAX))
		return;

	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *s = rnl_attr_data(tb[NLMSGERR_ATTR_MSG]);
		size_t n = strnlen(s, rnl_attr_len(tb[NLMSGERR_ATTR_MSG]));

		if (n >= sizeof(ack->msg))
			n = sizeof(ack->msg) - 1;
		memcpy(ack->msg, s, n);
		ack->has_msg = true;
	}
#define ACK_U32(attr, has, field)						\
	do {									\
		if (tb[attr] && rnl_attr_len(tb[attr]) == sizeof(uint32_t)) {	\
			memcpy(&ack->field, rnl_attr_data(tb[attr]), sizeof(uint32_t)); \
			ack->has = true;					\
		}								\
	} while (0)
	ACK_U32(NLMSGERR_ATTR_OFFS, has_offs, offs);
	ACK_U32(NLMSGERR_ATTR_MISS_TYPE, has_miss_type, miss_type);
	ACK_U32(NLMSGERR_ATTR_MISS_NEST, has_miss_nest, miss_nest);
#undef ACK_U32
}

int rnl_transact(struct rnl_sock *s, struct rnl_req *r, struct rnl_reply *rep)
{
	static unsigned char buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq = ++s->seq;

	memset(rep, 0, sizeof(*rep));
	r->u.nlh.nlmsg_seq = seq;
	r->u.nlh.nlmsg_pid = 0;
	if (sendto(s->fd, r->u.buf, r->u.nlh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) != (ssize_t)r->u.nlh.nlmsg_len)
		return -errno ?: -EIO;

	while (!rep->has_ack) {
		ssize_t n = recv(s->fd, buf, sizeof(buf), MSG_TRUNC);
		const struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		if ((size_t)n > sizeof(buf))
			return -EMSGSIZE;
		for (size_t pos = 0; pos + NLMSG_HDRLEN <= (size_t)n;
		     pos += NLMSG_ALIGN(nlh->nlmsg_len)) {
			nlh = (const void *)(buf + pos);
			if (nlh->nlmsg_len < NLMSG_HDRLEN || pos + nlh->nlmsg_len > (size_t)n)
				return -EPROTO;
			if (nlh->nlmsg_seq != seq)
				continue;	/* a late answer to an earlier request */
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
					return -EPROTO;
				parse_ack(nlh, &rep->ack);
				rep->has_ack = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
				rep->ack.error = err;
				rep->has_ack = true;
				break;
			}
			if (!rep->has_msg && nlh->nlmsg_len <= sizeof(rep->u.buf)) {
				memcpy(rep->u.buf, nlh, nlh->nlmsg_len);
				rep->has_msg = true;
			}
		}
	}
	return rep->ack.error;
}

const void *rnl_reply_attrs(const struct rnl_reply *rep, size_t *len)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;

	if (!rep->has_msg || rep->u.nlh.nlmsg_len < hdr)
		return NULL;
	*len = rep->u.nlh.nlmsg_len - hdr;
	return rep->u.buf + hdr;
}

int rnl_genl_resolve(struct rnl_sock *s, const char *name, uint16_t *id, uint32_t *version)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	static struct rnl_reply rep;
	static struct rnl_req r;
	const void *attrs;
	size_t len;
	int rc;

	rnl_req_init(&r, GENL_ID_CTRL, RNL_F_DEFAULT, CTRL_CMD_GETFAMILY, 2);
	rnl_put_str(&r, CTRL_ATTR_FAMILY_NAME, name);
	rc = rnl_transact(s, &r, &rep);
	if (rc)
		return rc;
	attrs = rnl_reply_attrs(&rep, &len);
	if (!attrs || rnl_parse(attrs, len, tb, CTRL_ATTR_MAX) ||
	    !tb[CTRL_ATTR_FAMILY_ID] || rnl_attr_len(tb[CTRL_ATTR_FAMILY_ID]) != sizeof(uint16_t))
		return -EPROTO;
	memcpy(id, rnl_attr_data(tb[CTRL_ATTR_FAMILY_ID]), sizeof(*id));
	*version = 0;
	if (tb[CTRL_ATTR_VERSION] && rnl_attr_len(tb[CTRL_ATTR_VERSION]) == sizeof(uint32_t))
		memcpy(version, rnl_attr_data(tb[CTRL_ATTR_VERSION]), sizeof(*version));
	return 0;
}
