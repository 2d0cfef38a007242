// SPDX-License-Identifier: GPL-2.0-only
/*
 * pmip6 generic netlink client over libnl-genl-3.
 *
 * Every operation is one synchronous exchange: send a request with
 * NLM_F_ACK, collect at most one reply message, and stop at the ACK or the
 * error. Errors come back as a negative errno plus one line of text that
 * carries the kernel's extended ACK, because "Invalid argument" alone does
 * not tell an operator which attribute the kernel refused or why.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/pmip6.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "genl.h"
#include "names.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* A kernel that does not answer within this time is reported, not waited on. */
#define PMIP6_GENL_TIMEOUT_SEC 10

struct pmip6_genl {
	struct nl_sock *sk;
	int family;
};

/* Everything one exchange learns; lives on the caller's stack. */
struct xfer {
	int family;
	const struct nlmsghdr *sent;	/* our request: extack offsets point into it */
	int (*parse)(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen);
	void *arg;

	bool done;			/* ACK or error seen */
	bool got_reply;
	int errnum;			/* positive errno, 0 on success */
	char why[160];			/* our own reason, when we reject a reply */

	/* Extended ACK (include/uapi/linux/netlink.h, enum nlmsgerr_attrs). */
	char kmsg[256];
	bool has_offs, has_miss_type, has_miss_nest;
	uint32_t offs, miss_type, miss_nest;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* libnl reports its own error space; map the ones we can meet to errno. */
static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:		return ENOMEM;
	case NLE_AGAIN:		return ETIMEDOUT;
	case NLE_PERM:		return EPERM;
	case NLE_OBJ_NOTFOUND:	return ENOENT;
	case NLE_INVAL:		return EINVAL;
	case NLE_OPNOTSUPP:	return EOPNOTSUPP;
	case NLE_MSGSIZE:	return EMSGSIZE;
	default:		return EIO;
	}
}

/*
 * Name the attribute that starts at byte offset off of our own request, as
 * "instance" or "instance.role". *children tells which attribute set the
 * attribute's own children belong to (for naming a missing attribute inside
 * it). Offsets come from the kernel, so everything is bounds-checked.
 */
enum attr_set { SET_NONE, SET_TOP, SET_INSTANCE };

static const char *set_attr_name(enum attr_set set, uint32_t type, char *num, size_t numlen)
{
	const char *name = NULL;

	if (set == SET_TOP)
		name = pmip6_attr_name(type);
	else if (set == SET_INSTANCE)
		name = pmip6_instance_attr_name(type);
	if (name)
		return name;
	snprintf(num, numlen, "#%u", type);
	return num;
}

static bool attr_at(const struct nlmsghdr *sent, uint32_t off, char *path, size_t pathlen,
		    enum attr_set *children)
{
	const char *base = (const char *)sent;
	size_t pos = NLMSG_HDRLEN + GENL_HDRLEN, end = sent->nlmsg_len;
	char num[16];

	while (pos + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const void *)(base + pos);
		uint32_t type = a->nla_type & NLA_TYPE_MASK;
		size_t alen = a->nla_len;

		if (alen < NLA_HDRLEN || pos + alen > end)
			break;
		if (pos == off) {
			snprintf(path, pathlen, "%s", set_attr_name(SET_TOP, type, num, sizeof(num)));
			*children = type == PMIP6_A_INSTANCE ? SET_INSTANCE : SET_NONE;
			return true;
		}
		if (type == PMIP6_A_INSTANCE && off > pos && off < pos + alen) {
			size_t ipos = pos + NLA_HDRLEN, iend = pos + alen;

			while (ipos + NLA_HDRLEN <= iend) {
				const struct nlattr *ia = (const void *)(base + ipos);
				size_t ialen = ia->nla_len;

				if (ialen < NLA_HDRLEN || ipos + ialen > iend)
					break;
				if (ipos == off) {
					snprintf(path, pathlen, "instance.%s",
						 set_attr_name(SET_INSTANCE,
							       ia->nla_type & NLA_TYPE_MASK,
							       num, sizeof(num)));
					*children = SET_NONE;
					return true;
				}
				ipos += NLA_ALIGN(ialen);
			}
			return false;
		}
		pos += NLA_ALIGN(alen);
	}
	return false;
}

/*
 * Pull the TLVs out of an error ACK. The nlmsghdr sits right before the
 * struct nlmsgerr libnl hands us. The TLVs follow the echoed request,
 * or just the struct nlmsgerr when the kernel capped the echo
 * (NLM_F_CAPPED, which we ask for with NETLINK_CAP_ACK).
 */
static void parse_ext_ack(struct xfer *x, struct nlmsgerr *e)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t total, off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < NLMSG_HDRLEN)
		return;
	total = nlh->nlmsg_len - NLMSG_HDRLEN;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_ALIGN(off);
	if (off >= total)
		return;

	memset(tb, 0, sizeof(tb));
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off),
		      (int)(total - off), NULL) < 0)
		return;

	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *s = nla_data(tb[NLMSGERR_ATTR_MSG]);
		size_t n = strnlen(s, (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]));

		if (n >= sizeof(x->kmsg))
			n = sizeof(x->kmsg) - 1;
		memcpy(x->kmsg, s, n);
		x->kmsg[n] = '\0';
	}
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) >= 4) {
		x->has_offs = true;
		x->offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] && nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) >= 4) {
		x->has_miss_type = true;
		x->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	}
	if (tb[NLMSGERR_ATTR_MISS_NEST] && nla_len(tb[NLMSGERR_ATTR_MISS_NEST]) >= 4) {
		x->has_miss_nest = true;
		x->miss_nest = nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
	}
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct xfer *x = arg;

	(void)nla;
	x->done = true;
	x->errnum = e->error < 0 ? -e->error : EPROTO;
	parse_ext_ack(x, e);
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct xfer *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct xfer *x = arg;

	if (nlh->nlmsg_type != x->family || x->got_reply)
		return NL_SKIP;
	x->got_reply = true;
	/* A reply we cannot use is remembered; keep reading up to the ACK. */
	if (x->parse && !x->errnum && x->parse(nlh, x->arg, x->why, sizeof(x->why)))
		x->errnum = EPROTO;
	return NL_OK;
}

/* " (kernel: <message>, at instance.role)" and friends; "" when nothing. */
static void format_kernel_part(const struct xfer *x, char *buf, size_t len)
{
	char at[80] = "", miss[128] = "";
	enum attr_set children = SET_NONE;
	char path[64], num[16];

	if (x->has_offs && x->sent && attr_at(x->sent, x->offs, path, sizeof(path), &children))
		snprintf(at, sizeof(at), "at %s", path);

	if (x->has_miss_type) {
		if (!x->has_miss_nest) {
			snprintf(miss, sizeof(miss), "missing attribute %s",
				 set_attr_name(SET_TOP, x->miss_type, num, sizeof(num)));
		} else if (x->sent &&
			   attr_at(x->sent, x->miss_nest, path, sizeof(path), &children) &&
			   children != SET_NONE) {
			snprintf(miss, sizeof(miss), "missing attribute %s.%s", path,
				 set_attr_name(children, x->miss_type, num, sizeof(num)));
		} else {
			snprintf(miss, sizeof(miss), "missing attribute #%u in a nest",
				 x->miss_type);
		}
	}

	if (!x->kmsg[0] && !at[0] && !miss[0]) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, len, " (kernel: %s%s%s%s%s)",
		 x->kmsg,
		 x->kmsg[0] && at[0] ? ", " : "", at,
		 (x->kmsg[0] || at[0]) && miss[0] ? "; " : "", miss);
}

static void format_error(const struct xfer *x, char *err, size_t errlen)
{
	char kpart[512];

	format_kernel_part(x, kpart, sizeof(kpart));
	if (x->why[0])
		set_err(err, errlen, "malformed reply from the kernel: %s", x->why);
	else if (x->errnum == EPERM)
		set_err(err, errlen,
			"operation not permitted: CAP_NET_ADMIN is required in this network namespace%s",
			kpart);
	else
		set_err(err, errlen, "%s%s", strerror(x->errnum), kpart);
}

static struct nl_msg *request_new(const struct pmip6_genl *h, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0, 0, cmd,
			 PMIP6_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send msg (consumed) and run the exchange to its ACK or error. */
static int transact(struct pmip6_genl *h, struct nl_msg *msg, struct xfer *x,
		    char *err, size_t errlen)
{
	struct nl_cb *cb;
	int rc;

	x->family = h->family;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		set_err(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, x);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, x);

	x->sent = nlmsg_hdr(msg);
	rc = nl_send_auto(h->sk, msg);
	if (rc < 0) {
		x->sent = NULL;
		nl_cb_put(cb);
		nlmsg_free(msg);
		set_err(err, errlen, "cannot send to the kernel: %s", nl_geterror(rc));
		return -nlerr_to_errno(rc);
	}
	while (!x->done) {
		rc = nl_recvmsgs(h->sk, cb);
		if (rc < 0 && !x->done) {
			nl_cb_put(cb);
			nlmsg_free(msg);
			if (rc == -NLE_AGAIN)
				set_err(err, errlen, "no answer from the kernel within %d s",
					PMIP6_GENL_TIMEOUT_SEC);
			else
				set_err(err, errlen, "cannot read the kernel's answer: %s",
					nl_geterror(rc));
			return -nlerr_to_errno(rc);
		}
	}
	nl_cb_put(cb);

	if (!x->errnum && x->parse && !x->got_reply) {
		x->errnum = EPROTO;
		snprintf(x->why, sizeof(x->why), "no reply message before the ACK");
	}
	if (x->errnum)
		format_error(x, err, errlen);
	/* x->sent points into msg: free it only after formatting. */
	x->sent = NULL;
	nlmsg_free(msg);
	return -x->errnum;
}

int pmip6_genl_open(struct pmip6_genl **out, char *err, size_t errlen)
{
	struct timeval tv = { .tv_sec = PMIP6_GENL_TIMEOUT_SEC };
	struct pmip6_genl *h;
	int one = 1, fd, rc;

	*out = NULL;
	h = calloc(1, sizeof(*h));
	if (!h || !(h->sk = nl_socket_alloc())) {
		free(h);
		set_err(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	rc = genl_connect(h->sk);
	if (rc < 0) {
		set_err(err, errlen, "cannot open a generic netlink socket: %s", nl_geterror(rc));
		rc = -nlerr_to_errno(rc);
		goto fail;
	}
	fd = nl_socket_get_fd(h->sk);
	/*
	 * Best effort: without extended ACKs (kernels before 4.12) errors still
	 * arrive, only without the kernel's reason. Capping the echo keeps
	 * error ACKs small; we hold the request ourselves.
	 */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	rc = genl_ctrl_resolve(h->sk, PMIP6_GENL_NAME);
	if (rc < 0) {
		if (rc == -NLE_OBJ_NOTFOUND) {
			set_err(err, errlen,
				"pmip6 module not loaded (generic netlink family '%s' not found): modprobe pmip6",
				PMIP6_GENL_NAME);
			rc = -ENOENT;
		} else {
			set_err(err, errlen, "cannot resolve generic netlink family '%s': %s",
				PMIP6_GENL_NAME, nl_geterror(rc));
			rc = -nlerr_to_errno(rc);
		}
		goto fail;
	}
	h->family = rc;
	*out = h;
	return 0;

fail:
	nl_socket_free(h->sk);
	free(h);
	return rc;
}

void pmip6_genl_close(struct pmip6_genl *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}

int pmip6_genl_family_id(const struct pmip6_genl *h)
{
	return h->family;
}

static int parse_version(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct pmip6_version *v = arg;
	struct nlattr *tb[PMIP6_A_MAX + 1];
	const char *s;
	size_t n;

	if (genlmsg_parse(nlh, 0, tb, PMIP6_A_MAX, NULL) < 0) {
		snprintf(why, whylen, "cannot parse attributes");
		return -1;
	}
	if (!tb[PMIP6_A_VERSION] || !tb[PMIP6_A_FAMILY_VERSION]) {
		snprintf(why, whylen, "%s missing",
			 tb[PMIP6_A_VERSION] ? "family-version" : "version");
		return -1;
	}
	s = nla_data(tb[PMIP6_A_VERSION]);
	n = (size_t)nla_len(tb[PMIP6_A_VERSION]);
	if (!n || !memchr(s, '\0', n)) {
		snprintf(why, whylen, "version is not a NUL-terminated string");
		return -1;
	}
	snprintf(v->version, sizeof(v->version), "%s", s);
	if (nla_len(tb[PMIP6_A_FAMILY_VERSION]) != 4) {
		snprintf(why, whylen, "family-version is not a u32");
		return -1;
	}
	v->family_version = nla_get_u32(tb[PMIP6_A_FAMILY_VERSION]);
	return 0;
}

int pmip6_version_get(struct pmip6_genl *h, struct pmip6_version *out,
		      char *err, size_t errlen)
{
	struct xfer x = { .parse = parse_version, .arg = out };
	struct nl_msg *msg;

	memset(out, 0, sizeof(*out));
	msg = request_new(h, PMIP6_CMD_VERSION_GET);
	if (!msg) {
		set_err(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	return transact(h, msg, &x, err, errlen);
}

static int parse_instance(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_MAX + 1], *itb[PMIP6_A_INSTANCE_MAX + 1];
	struct pmip6_instance *inst = arg;
	struct nlattr *a;

	if (genlmsg_parse(nlh, 0, tb, PMIP6_A_MAX, NULL) < 0 || !tb[PMIP6_A_INSTANCE]) {
		snprintf(why, whylen, "instance missing");
		return -1;
	}
	if (nla_parse_nested(itb, PMIP6_A_INSTANCE_MAX, tb[PMIP6_A_INSTANCE], NULL) < 0) {
		snprintf(why, whylen, "cannot parse the instance nest");
		return -1;
	}

	a = itb[PMIP6_A_INSTANCE_ROLE];
	if (a) {
		if (nla_len(a) != 4) {
			snprintf(why, whylen, "instance.role is not a u32");
			return -1;
		}
		inst->has_role = true;
		inst->role = nla_get_u32(a);
	}
	a = itb[PMIP6_A_INSTANCE_LOCAL_ADDR];
	if (a) {
		if (nla_len(a) != (int)sizeof(struct in6_addr)) {
			snprintf(why, whylen, "instance.local-addr is not 16 bytes");
			return -1;
		}
		inst->has_local_addr = true;
		memcpy(&inst->local_addr, nla_data(a), sizeof(inst->local_addr));
	}
	a = itb[PMIP6_A_INSTANCE_GENERATION];
	if (!a || nla_len(a) != 4) {
		snprintf(why, whylen, "instance.generation %s", a ? "is not a u32" : "missing");
		return -1;
	}
	inst->generation = nla_get_u32(a);
	a = itb[PMIP6_A_INSTANCE_NETNS_COOKIE];
	if (!a || nla_len(a) != 8) {
		snprintf(why, whylen, "instance.netns-cookie %s", a ? "is not a u64" : "missing");
		return -1;
	}
	inst->netns_cookie = nla_get_u64(a);
	return 0;
}

int pmip6_instance_get(struct pmip6_genl *h, struct pmip6_instance *out,
		       char *err, size_t errlen)
{
	struct xfer x = { .parse = parse_instance, .arg = out };
	struct nl_msg *msg;

	memset(out, 0, sizeof(*out));
	msg = request_new(h, PMIP6_CMD_INSTANCE_GET);
	if (!msg) {
		set_err(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	return transact(h, msg, &x, err, errlen);
}

int pmip6_instance_set(struct pmip6_genl *h, uint32_t role,
		       const struct in6_addr *local_addr,
		       char *err, size_t errlen)
{
	struct xfer x = { 0 };
	struct nl_msg *msg;
	struct nlattr *nest;

	msg = request_new(h, PMIP6_CMD_INSTANCE_SET);
	if (!msg)
		goto nomem;
	nest = nla_nest_start(msg, PMIP6_A_INSTANCE);
	if (!nest)
		goto nomem_free;
	/* libnl 3.7's nla_nest_start() leaves NLA_F_NESTED clear; strict
	 * kernel policies reject a nest without it.
	 */
	nest->nla_type |= NLA_F_NESTED;
	if (nla_put_u32(msg, PMIP6_A_INSTANCE_ROLE, role) < 0)
		goto nomem_free;
	if (local_addr &&
	    nla_put(msg, PMIP6_A_INSTANCE_LOCAL_ADDR, sizeof(*local_addr), local_addr) < 0)
		goto nomem_free;
	if (nla_nest_end(msg, nest) < 0)
		goto nomem_free;
	return transact(h, msg, &x, err, errlen);

nomem_free:
	nlmsg_free(msg);
nomem:
	set_err(err, errlen, "%s", strerror(ENOMEM));
	return -ENOMEM;
}
