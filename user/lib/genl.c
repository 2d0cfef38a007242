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
#include <limits.h>
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
#define PMIP6_GENL_TIMEOUT_MS 10000

struct pmip6_genl {
	struct nl_sock *sk;
	int family;
	unsigned int timeout_ms;	/* SO_RCVTIMEO: each wait for an answer */
	uint64_t timeouts;		/* requests that got none in time */
};

/* Everything one exchange learns; lives on the caller's stack. */
struct xfer {
	int family;
	const struct nlmsghdr *sent;	/* our request: extack offsets point into it */
	uint32_t seq;			/* its sequence number */
	int (*parse)(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen);
	void *arg;

	bool dump;			/* NLM_F_DUMP: parse every reply */
	bool intr;			/* a dump part was flagged NLM_F_DUMP_INTR */
	bool done;			/* ACK, error or end of dump seen */
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
 * "instance", "bce.proxy-coa" or "bce.hnp[1].prefix" (an index for
 * attributes that may repeat, counted from 0 in request order). *children
 * tells which attribute set the attribute's own children belong to (for
 * naming a missing attribute inside it). Offsets come from the kernel, so
 * everything is bounds-checked.
 */
enum attr_set {
	SET_NONE, SET_TOP, SET_INSTANCE, SET_BCE, SET_HNP, SET_COUNTERS,
	SET_FMC, SET_TS, SET_BUL, SET_RO, SET_REGISTRATION,
};

static const char *set_attr_name(enum attr_set set, uint32_t type, char *num, size_t numlen)
{
	const char *name = NULL;

	switch (set) {
	case SET_TOP:		name = pmip6_attr_name(type); break;
	case SET_INSTANCE:	name = pmip6_instance_attr_name(type); break;
	case SET_BCE:		name = pmip6_bce_attr_name(type); break;
	case SET_HNP:		name = pmip6_hnp_attr_name(type); break;
	case SET_COUNTERS:	name = pmip6_counters_attr_name(type); break;
	case SET_FMC:		name = pmip6_fmc_attr_name(type); break;
	case SET_TS:		name = pmip6_ts_attr_name(type); break;
	case SET_BUL:		name = pmip6_bul_attr_name(type); break;
	case SET_RO:		name = pmip6_ro_attr_name(type); break;
	case SET_REGISTRATION:	name = pmip6_registration_attr_name(type); break;
	case SET_NONE:		break;
	}
	if (name)
		return name;
	snprintf(num, numlen, "#%u", type);
	return num;
}

/* The attribute set of a nest's children; SET_NONE for a leaf. */
static enum attr_set child_set(enum attr_set set, uint32_t type)
{
	switch (set) {
	case SET_TOP:
		if (type == PMIP6_A_INSTANCE)
			return SET_INSTANCE;
		if (type == PMIP6_A_BCE)
			return SET_BCE;
		if (type == PMIP6_A_FMC)
			return SET_FMC;
		if (type == PMIP6_A_BUL)
			return SET_BUL;
		if (type == PMIP6_A_RO)
			return SET_RO;
		break;
	case SET_BUL:
		if (type == PMIP6_A_BUL_HNP || type == PMIP6_A_BUL_OFFLINK_HNP)
			return SET_HNP;
		if (type == PMIP6_A_BUL_COUNTERS)
			return SET_COUNTERS;
		if (type == PMIP6_A_BUL_REGISTRATION)
			return SET_REGISTRATION;
		break;
	case SET_RO:
		if (type == PMIP6_A_RO_SRC_HNP || type == PMIP6_A_RO_DST_HNP)
			return SET_HNP;
		if (type == PMIP6_A_RO_COUNTERS)
			return SET_COUNTERS;
		break;
	case SET_BCE:
		if (type == PMIP6_A_BCE_HNP)
			return SET_HNP;
		if (type == PMIP6_A_BCE_COUNTERS)
			return SET_COUNTERS;
		if (type == PMIP6_A_BCE_REGISTRATION)
			return SET_REGISTRATION;
		break;
	case SET_FMC:
		if (type == PMIP6_A_FMC_TS)
			return SET_TS;
		if (type == PMIP6_A_FMC_COUNTERS)
			return SET_COUNTERS;
		break;
	default:
		break;
	}
	return SET_NONE;
}

static bool multi_attr(enum attr_set set, uint32_t type)
{
	return (set == SET_BCE && type == PMIP6_A_BCE_HNP) ||
	       (set == SET_FMC && type == PMIP6_A_FMC_BID) ||
	       (set == SET_BUL && (type == PMIP6_A_BUL_HNP || type == PMIP6_A_BUL_OFFLINK_HNP));
}

static bool walk_attrs(const char *base, size_t first, size_t end, uint32_t off,
		       enum attr_set set, char *path, size_t pathlen,
		       enum attr_set *children)
{
	size_t pos = first;
	char num[16];

	while (pos + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const void *)(base + pos);
		uint32_t type = a->nla_type & NLA_TYPE_MASK;
		size_t alen = a->nla_len, used = strlen(path);

		if (alen < NLA_HDRLEN || pos + alen > end)
			break;
		if (off >= pos && off < pos + alen) {
			snprintf(path + used, pathlen - used, "%s%s", used ? "." : "",
				 set_attr_name(set, type, num, sizeof(num)));
			if (multi_attr(set, type)) {
				unsigned int idx = 0;

				for (size_t p = first; p < pos;) {
					const struct nlattr *b = (const void *)(base + p);

					if ((b->nla_type & NLA_TYPE_MASK) == type)
						idx++;
					p += NLA_ALIGN(b->nla_len);
				}
				used = strlen(path);
				snprintf(path + used, pathlen - used, "[%u]", idx);
			}
			if (off == pos) {
				*children = child_set(set, type);
				return true;
			}
			if (child_set(set, type) == SET_NONE)
				return false;
			return walk_attrs(base, pos + NLA_HDRLEN, pos + alen, off,
					  child_set(set, type), path, pathlen, children);
		}
		pos += NLA_ALIGN(alen);
	}
	return false;
}

static bool attr_at(const struct nlmsghdr *sent, uint32_t off, char *path, size_t pathlen,
		    enum attr_set *children)
{
	path[0] = '\0';
	return walk_attrs((const char *)sent, NLMSG_HDRLEN + GENL_HDRLEN, sent->nlmsg_len,
			  off, SET_TOP, path, pathlen, children);
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

/*
 * Only the kernel's answers to the request just sent. libnl's own check
 * expects strictly one answer per request: after a request that timed
 * out it would take that request's late answer for the next one's, or
 * refuse every later answer (NLE_SEQ_MISMATCH) if none ever comes.
 */
static int seq_cb(struct nl_msg *msg, void *arg)
{
	const struct xfer *x = arg;

	if (nlmsg_get_src(msg)->nl_pid != 0 || nlmsg_hdr(msg)->nlmsg_seq != x->seq)
		return NL_SKIP;
	return NL_OK;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct xfer *x = arg;

	if (nlh->nlmsg_type != x->family || (x->got_reply && !x->dump))
		return NL_SKIP;
	x->got_reply = true;
	/* A reply we cannot use is remembered; keep reading up to the ACK. */
	if (x->parse && !x->errnum && x->parse(nlh, x->arg, x->why, sizeof(x->why)))
		x->errnum = EPROTO;
	return NL_OK;
}

/*
 * The end of a dump: NLMSG_DONE carries an int error (0, or what the
 * dump callback failed with) and, with NLM_F_ACK_TLVS, extack attributes.
 */
static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct xfer *x = arg;
	int error;

	x->done = true;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return NL_STOP;
	memcpy(&error, nlmsg_data(nlh), sizeof(error));
	if (error < 0 && !x->errnum) {
		size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
		struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

		x->errnum = -error;
		memset(tb, 0, sizeof(tb));
		if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && nlh->nlmsg_len > off &&
		    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
			      (int)(nlh->nlmsg_len - off), NULL) >= 0 &&
		    tb[NLMSGERR_ATTR_MSG]) {
			const char *s = nla_data(tb[NLMSGERR_ATTR_MSG]);
			size_t n = strnlen(s, (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]));

			if (n >= sizeof(x->kmsg))
				n = sizeof(x->kmsg) - 1;
			memcpy(x->kmsg, s, n);
			x->kmsg[n] = '\0';
		}
	}
	return NL_STOP;
}

/* Remember the inconsistency and keep reading to the end of the dump. */
static int dump_intr_cb(struct nl_msg *msg, void *arg)
{
	struct xfer *x = arg;

	(void)msg;
	x->intr = true;
	return NL_OK;
}

/* " (kernel: <message>, at instance.role)" and friends; "" when nothing. */
static void format_kernel_part(const struct xfer *x, char *buf, size_t len)
{
	char at[160] = "", miss[192] = "";
	enum attr_set children = SET_NONE;
	char path[128], num[16];

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

static struct nl_msg *request_new_flags(const struct pmip6_genl *h, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0, flags, cmd,
			 PMIP6_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static struct nl_msg *request_new(const struct pmip6_genl *h, uint8_t cmd)
{
	return request_new_flags(h, cmd, 0);
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
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_cb, x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, x);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, x);
	if (x->dump) {
		nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, x);
		nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, dump_intr_cb, x);
	}

	x->sent = nlmsg_hdr(msg);
	rc = nl_send_auto(h->sk, msg);
	if (rc < 0) {
		x->sent = NULL;
		nl_cb_put(cb);
		nlmsg_free(msg);
		set_err(err, errlen, "cannot send to the kernel: %s", nl_geterror(rc));
		return -nlerr_to_errno(rc);
	}
	x->seq = x->sent->nlmsg_seq;	/* nl_send_auto() numbered it */
	while (!x->done) {
		rc = nl_recvmsgs(h->sk, cb);
		if (rc < 0 && !x->done) {
			nl_cb_put(cb);
			nlmsg_free(msg);
			if (rc == -NLE_AGAIN) {
				h->timeouts++;
				set_err(err, errlen,
					"no answer from the kernel within %u ms (request seq %u given up; a late answer is ignored)",
					h->timeout_ms, x->seq);
			} else {
				set_err(err, errlen, "cannot read the kernel's answer: %s",
					nl_geterror(rc));
			}
			return -nlerr_to_errno(rc);
		}
	}
	nl_cb_put(cb);

	if (!x->errnum && x->parse && !x->got_reply && !x->dump) {
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

int pmip6_genl_set_timeout(struct pmip6_genl *h, unsigned int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	if (!ms)
		return -EINVAL;	/* SO_RCVTIMEO 0 would mean "wait for ever" */
	if (setsockopt(nl_socket_get_fd(h->sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	h->timeout_ms = ms;
	return 0;
}

uint64_t pmip6_genl_timeouts(const struct pmip6_genl *h)
{
	return h ? h->timeouts : 0;
}

int pmip6_genl_open(struct pmip6_genl **out, char *err, size_t errlen)
{
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
	rc = pmip6_genl_set_timeout(h, PMIP6_GENL_TIMEOUT_MS);
	if (rc < 0) {
		set_err(err, errlen, "cannot bound the wait for the kernel's answers: %s",
			strerror(-rc));
		goto fail;
	}

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

static int parse_hnp_nest(struct nlattr *a, struct pmip6_hnp *hnp, const char *what,
			  char *why, size_t whylen);

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
	a = itb[PMIP6_A_INSTANCE_IFINDEX];
	if (a) {
		if (nla_len(a) != 4) {
			snprintf(why, whylen, "instance.ifindex is not a u32");
			return -1;
		}
		inst->has_ifindex = true;
		inst->ifindex = nla_get_u32(a);
	}
	a = itb[PMIP6_A_INSTANCE_RESTART_COUNTER];
	if (a) {
		if (nla_len(a) != 4) {
			snprintf(why, whylen, "instance.restart-counter is not a u32");
			return -1;
		}
		inst->has_restart_counter = true;
		inst->restart_counter = nla_get_u32(a);
	}
	a = itb[PMIP6_A_INSTANCE_STATS];
	if (a) {
		static const struct {
			int type;
			size_t off;
		} stats[] = {
			{ PMIP6_A_STATS_NO_BINDING,
			  offsetof(struct pmip6_instance_stats, no_binding) },
			{ PMIP6_A_STATS_FMC_DROP,
			  offsetof(struct pmip6_instance_stats, fmc_drop) },
			{ PMIP6_A_STATS_NO_ROUTE,
			  offsetof(struct pmip6_instance_stats, no_route) },
			{ PMIP6_A_STATS_TOO_BIG,
			  offsetof(struct pmip6_instance_stats, too_big) },
			{ PMIP6_A_STATS_UNKNOWN_PEER,
			  offsetof(struct pmip6_instance_stats, unknown_peer) },
			{ PMIP6_A_STATS_BAD_PACKET,
			  offsetof(struct pmip6_instance_stats, bad_packet) },
			{ PMIP6_A_STATS_EVENTS,
			  offsetof(struct pmip6_instance_stats, events) },
		};
		struct nlattr *stb[PMIP6_A_STATS_MAX + 1];

		if (nla_parse_nested(stb, PMIP6_A_STATS_MAX, a, NULL) < 0) {
			snprintf(why, whylen, "cannot parse the instance.stats nest");
			return -1;
		}
		/* A counter this kernel does not have reads as 0. */
		for (size_t i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
			struct nlattr *c = stb[stats[i].type];
			uint64_t v;

			if (!c)
				continue;
			if (nla_len(c) != 8) {
				snprintf(why, whylen, "instance.stats counter %d is not a u64",
					 stats[i].type);
				return -1;
			}
			v = nla_get_u64(c);
			memcpy((char *)&inst->stats + stats[i].off, &v, sizeof(v));
		}
		inst->has_stats = true;
	}
	a = itb[PMIP6_A_INSTANCE_REMOTE_PREFIXES];
	if (a) {
		struct nlattr *p;
		int rem;

		nla_for_each_nested(p, a, rem) {
			if (nla_type(p) != PMIP6_A_REMOTE_PREFIXES_PREFIX)
				continue;
			if (inst->n_remote == PMIP6_REMOTE_PREFIX_MAX) {
				snprintf(why, whylen, "more than %d instance.remote-prefixes",
					 PMIP6_REMOTE_PREFIX_MAX);
				return -1;
			}
			if (parse_hnp_nest(p, &inst->remote[inst->n_remote],
					   "instance.remote-prefixes.prefix", why, whylen))
				return -1;
			inst->n_remote++;
		}
	}
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
		       const struct pmip6_hnp *remote, unsigned int n_remote,
		       char *err, size_t errlen)
{
	return pmip6_instance_set_restart(h, role, local_addr, remote, n_remote, NULL,
					  err, errlen);
}

int pmip6_instance_set_restart(struct pmip6_genl *h, uint32_t role,
			       const struct in6_addr *local_addr,
			       const struct pmip6_hnp *remote, unsigned int n_remote,
			       const uint32_t *restart_counter, char *err, size_t errlen)
{
	struct nlattr *nest, *list, *entry;
	struct xfer x = { 0 };
	struct nl_msg *msg;

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
	if (restart_counter &&
	    nla_put_u32(msg, PMIP6_A_INSTANCE_RESTART_COUNTER, *restart_counter) < 0)
		goto nomem_free;
	if (remote) {
		list = nla_nest_start(msg, PMIP6_A_INSTANCE_REMOTE_PREFIXES);
		if (!list)
			goto nomem_free;
		list->nla_type |= NLA_F_NESTED;
		for (unsigned int i = 0; i < n_remote; i++) {
			entry = nla_nest_start(msg, PMIP6_A_REMOTE_PREFIXES_PREFIX);
			if (!entry)
				goto nomem_free;
			entry->nla_type |= NLA_F_NESTED;
			if (nla_put(msg, PMIP6_A_HNP_PREFIX, sizeof(remote[i].prefix),
				    &remote[i].prefix) < 0 ||
			    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, remote[i].len) < 0 ||
			    nla_nest_end(msg, entry) < 0)
				goto nomem_free;
		}
		/* An empty list clears the kernel's: libnl drops empty nests. */
		if (nla_nest_end_keep_empty(msg, list) < 0)
			goto nomem_free;
	}
	if (nla_nest_end(msg, nest) < 0)
		goto nomem_free;
	return transact(h, msg, &x, err, errlen);

nomem_free:
	nlmsg_free(msg);
nomem:
	set_err(err, errlen, "%s", strerror(ENOMEM));
	return -ENOMEM;
}

/* ---- binding cache and flow mobility cache ------------------------------ */

/* Growable array of fixed-size elements, filled by dump parsers. */
struct vec {
	void *v;
	size_t n, cap, size;
};

static void *vec_push(struct vec *vec)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? 2 * vec->cap : 16;
		void *v = realloc(vec->v, cap * vec->size);

		if (!v)
			return NULL;
		vec->v = v;
		vec->cap = cap;
	}
	return memset((char *)vec->v + vec->n++ * vec->size, 0, vec->size);
}

static struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	/* libnl < 3.5 leaves NLA_F_NESTED clear; strict policies want it. */
	if (nest)
		nest->nla_type |= NLA_F_NESTED;
	return nest;
}

/* Exact-width integer getters: a reply of another width is malformed. */
static bool get_int(const struct nlattr *a, int width, uint64_t *v)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	if (nla_len(a) != width)
		return false;
	switch (width) {
	case 1: memcpy(&u8, nla_data(a), 1); *v = u8; break;
	case 2: memcpy(&u16, nla_data(a), 2); *v = u16; break;
	case 4: memcpy(&u32, nla_data(a), 4); *v = u32; break;
	default: memcpy(v, nla_data(a), 8); break;
	}
	return true;
}

#define GET_INT(tb, type, width, dst, what) do {				\
	uint64_t v_;								\
	if ((tb)[type]) {							\
		if (!get_int((tb)[type], (width), &v_)) {			\
			snprintf(why, whylen, "%s is not %d bytes", (what), (width)); \
			return -1;						\
		}								\
		(dst) = v_;							\
	}									\
} while (0)

#define REQUIRE(tb, type, what) do {						\
	if (!(tb)[type]) {							\
		snprintf(why, whylen, "%s missing", (what));			\
		return -1;							\
	}									\
} while (0)

static int get_mn_id(const struct nlattr *a, struct pmip6_mn_id *mn,
		     const char *what, char *why, size_t whylen)
{
	int len = nla_len(a);

	if (len < 1 || len > PMIP6_MN_ID_MAX_LEN) {
		snprintf(why, whylen, "%s has length %d", what, len);
		return -1;
	}
	mn->len = (size_t)len;
	memcpy(mn->id, nla_data(a), mn->len);
	mn->id[mn->len] = '\0';
	return 0;
}

static int get_addr(const struct nlattr *a, struct in6_addr *addr,
		    const char *what, char *why, size_t whylen)
{
	if (nla_len(a) != (int)sizeof(*addr)) {
		snprintf(why, whylen, "%s is not 16 bytes", what);
		return -1;
	}
	memcpy(addr, nla_data(a), sizeof(*addr));
	return 0;
}

static int parse_counters(struct nlattr *nest, struct pmip6_counters *c,
			  const char *what, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_COUNTERS_MAX + 1];

	if (nla_parse_nested(tb, PMIP6_A_COUNTERS_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse %s", what);
		return -1;
	}
	GET_INT(tb, PMIP6_A_COUNTERS_PACKETS_TX, 8, c->packets_tx, "counters.packets-tx");
	GET_INT(tb, PMIP6_A_COUNTERS_BYTES_TX, 8, c->bytes_tx, "counters.bytes-tx");
	GET_INT(tb, PMIP6_A_COUNTERS_PACKETS_RX, 8, c->packets_rx, "counters.packets-rx");
	GET_INT(tb, PMIP6_A_COUNTERS_BYTES_RX, 8, c->bytes_rx, "counters.bytes-rx");
	return 0;
}

static int parse_registration(struct nlattr *nest, struct pmip6_registration *r,
			      const char *what, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_REGISTRATION_MAX + 1];

	if (nla_parse_nested(tb, PMIP6_A_REGISTRATION_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse %s", what);
		return -1;
	}
	REQUIRE(tb, PMIP6_A_REGISTRATION_LIFETIME, "registration.lifetime");
	REQUIRE(tb, PMIP6_A_REGISTRATION_REMAINING_MS, "registration.remaining-ms");
	REQUIRE(tb, PMIP6_A_REGISTRATION_SEQUENCE, "registration.sequence");
	GET_INT(tb, PMIP6_A_REGISTRATION_LIFETIME, 4, r->lifetime, "registration.lifetime");
	GET_INT(tb, PMIP6_A_REGISTRATION_REMAINING_MS, 4, r->remaining_ms,
		"registration.remaining-ms");
	GET_INT(tb, PMIP6_A_REGISTRATION_SEQUENCE, 2, r->sequence, "registration.sequence");
	r->has_timestamp = tb[PMIP6_A_REGISTRATION_TIMESTAMP];
	GET_INT(tb, PMIP6_A_REGISTRATION_TIMESTAMP, 8, r->timestamp, "registration.timestamp");
	r->has_mag_ll_addr = tb[PMIP6_A_REGISTRATION_MAG_LL_ADDR];
	if (r->has_mag_ll_addr &&
	    get_addr(tb[PMIP6_A_REGISTRATION_MAG_LL_ADDR], &r->mag_ll_addr,
		    "registration.mag-ll-addr", why, whylen))
		return -1;
	r->present = true;
	return 0;
}

static int put_registration(struct nl_msg *msg, int type, const struct pmip6_registration *r)
{
	struct nlattr *nest;

	if (!r->present)
		return 0;
	nest = nest_start(msg, type);
	if (!nest ||
	    nla_put_u32(msg, PMIP6_A_REGISTRATION_LIFETIME, r->lifetime) < 0 ||
	    nla_put_u32(msg, PMIP6_A_REGISTRATION_REMAINING_MS, r->remaining_ms) < 0 ||
	    nla_put_u16(msg, PMIP6_A_REGISTRATION_SEQUENCE, r->sequence) < 0 ||
	    (r->has_timestamp &&
	     nla_put_u64(msg, PMIP6_A_REGISTRATION_TIMESTAMP, r->timestamp) < 0) ||
	    (r->has_mag_ll_addr &&
	     nla_put(msg, PMIP6_A_REGISTRATION_MAG_LL_ADDR, sizeof(r->mag_ll_addr),
		     &r->mag_ll_addr) < 0) ||
	    nla_nest_end(msg, nest) < 0)
		return -1;
	return 0;
}

static int parse_bce_nest(struct nlattr *nest, struct pmip6_bce *b, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_BCE_MAX + 1], *a;
	int rem;

	if (nla_parse_nested(tb, PMIP6_A_BCE_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse the bce nest");
		return -1;
	}
	REQUIRE(tb, PMIP6_A_BCE_MN_ID, "bce.mn-id");
	REQUIRE(tb, PMIP6_A_BCE_BID, "bce.bid");
	REQUIRE(tb, PMIP6_A_BCE_PROXY_COA, "bce.proxy-coa");
	if (get_mn_id(tb[PMIP6_A_BCE_MN_ID], &b->mn, "bce.mn-id", why, whylen) ||
	    get_addr(tb[PMIP6_A_BCE_PROXY_COA], &b->proxy_coa, "bce.proxy-coa", why, whylen))
		return -1;
	GET_INT(tb, PMIP6_A_BCE_BID, 2, b->bid, "bce.bid");
	GET_INT(tb, PMIP6_A_BCE_BID_PRI, 1, b->bid_pri, "bce.bid-pri");
	GET_INT(tb, PMIP6_A_BCE_ATT, 1, b->att, "bce.att");
	a = tb[PMIP6_A_BCE_MN_LL_ID];
	if (a) {
		if (nla_len(a) > PMIP6_MN_LL_ID_MAX_LEN) {
			snprintf(why, whylen, "bce.mn-ll-id is longer than %d bytes",
				 PMIP6_MN_LL_ID_MAX_LEN);
			return -1;
		}
		b->ll_id_len = (size_t)nla_len(a);
		memcpy(b->ll_id, nla_data(a), b->ll_id_len);
	}
	/* tb[] keeps only the last HNP: walk the nest for all of them. */
	nla_for_each_nested(a, nest, rem) {
		struct nlattr *htb[PMIP6_A_HNP_MAX + 1];
		struct pmip6_hnp *hnp;

		if (nla_type(a) != PMIP6_A_BCE_HNP)
			continue;
		if (b->n_hnp == PMIP6_BCE_HNP_MAX) {
			snprintf(why, whylen, "more than %d bce.hnp", PMIP6_BCE_HNP_MAX);
			return -1;
		}
		hnp = &b->hnp[b->n_hnp++];
		if (nla_parse_nested(htb, PMIP6_A_HNP_MAX, a, NULL) < 0) {
			snprintf(why, whylen, "cannot parse a bce.hnp nest");
			return -1;
		}
		REQUIRE(htb, PMIP6_A_HNP_PREFIX, "bce.hnp.prefix");
		REQUIRE(htb, PMIP6_A_HNP_PREFIX_LEN, "bce.hnp.prefix-len");
		if (get_addr(htb[PMIP6_A_HNP_PREFIX], &hnp->prefix, "bce.hnp.prefix", why, whylen))
			return -1;
		GET_INT(htb, PMIP6_A_HNP_PREFIX_LEN, 1, hnp->len, "bce.hnp.prefix-len");
	}
	if (tb[PMIP6_A_BCE_COUNTERS]) {
		b->has_counters = true;
		if (parse_counters(tb[PMIP6_A_BCE_COUNTERS], &b->counters, "bce.counters",
				   why, whylen))
			return -1;
	}
	if (tb[PMIP6_A_BCE_REGISTRATION] &&
	    parse_registration(tb[PMIP6_A_BCE_REGISTRATION], &b->reg, "bce.registration",
			       why, whylen))
		return -1;
	return 0;
}

static int parse_ts_nest(struct nlattr *nest, struct pmip6_ts *ts, char *why, size_t whylen)
{
	static const struct {
		int start;
		size_t off;	/* of the struct pmip6_ts_range in struct pmip6_ts */
		int width;
	} ints[] = {
		{ PMIP6_A_TS_SPI_START, offsetof(struct pmip6_ts, spi), 4 },
		{ PMIP6_A_TS_FLOW_LABEL_START, offsetof(struct pmip6_ts, flow_label), 4 },
		{ PMIP6_A_TS_SRC_PORT_START, offsetof(struct pmip6_ts, src_port), 2 },
		{ PMIP6_A_TS_DST_PORT_START, offsetof(struct pmip6_ts, dst_port), 2 },
		{ PMIP6_A_TS_TRAFFIC_CLASS_START, offsetof(struct pmip6_ts, traffic_class), 1 },
		{ PMIP6_A_TS_NEXT_HEADER_START, offsetof(struct pmip6_ts, next_header), 1 },
	};
	struct nlattr *tb[PMIP6_A_TS_MAX + 1];
	char what[64];

	if (nla_parse_nested(tb, PMIP6_A_TS_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse the fmc.ts nest");
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		struct pmip6_ts_addr_range *r = i ? &ts->dst : &ts->src;
		int start = i ? PMIP6_A_TS_DST_ADDR_START : PMIP6_A_TS_SRC_ADDR_START;

		for (int e = 0; e < 2; e++) {
			if (!tb[start + e])
				continue;
			snprintf(what, sizeof(what), "fmc.ts.%s", pmip6_ts_attr_name(start + e));
			if (get_addr(tb[start + e], e ? &r->end : &r->start, what, why, whylen))
				return -1;
			*(e ? &r->has_end : &r->has_start) = true;
		}
	}
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		struct pmip6_ts_range *r = (void *)((char *)ts + ints[i].off);

		for (int e = 0; e < 2; e++) {
			uint64_t v;

			if (!tb[ints[i].start + e])
				continue;
			if (!get_int(tb[ints[i].start + e], ints[i].width, &v)) {
				snprintf(why, whylen, "fmc.ts.%s is not %d bytes",
					 pmip6_ts_attr_name(ints[i].start + e), ints[i].width);
				return -1;
			}
			*(e ? &r->end : &r->start) = (uint32_t)v;
			*(e ? &r->has_end : &r->has_start) = true;
		}
	}
	return 0;
}

static int parse_fmc_nest(struct nlattr *nest, struct pmip6_fmc *f, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_FMC_MAX + 1], *a;
	int rem;

	if (nla_parse_nested(tb, PMIP6_A_FMC_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse the fmc nest");
		return -1;
	}
	REQUIRE(tb, PMIP6_A_FMC_MN_ID, "fmc.mn-id");
	REQUIRE(tb, PMIP6_A_FMC_FID, "fmc.fid");
	if (get_mn_id(tb[PMIP6_A_FMC_MN_ID], &f->mn, "fmc.mn-id", why, whylen))
		return -1;
	GET_INT(tb, PMIP6_A_FMC_FID, 2, f->fid, "fmc.fid");
	GET_INT(tb, PMIP6_A_FMC_FID_PRI, 2, f->fid_pri, "fmc.fid-pri");
	GET_INT(tb, PMIP6_A_FMC_ACTION, 4, f->action, "fmc.action");
	f->active = true;
	GET_INT(tb, PMIP6_A_FMC_ACTIVE, 1, f->active, "fmc.active");
	if (tb[PMIP6_A_FMC_TS] && parse_ts_nest(tb[PMIP6_A_FMC_TS], &f->ts, why, whylen))
		return -1;
	nla_for_each_nested(a, nest, rem) {
		uint64_t v;

		if (nla_type(a) != PMIP6_A_FMC_BID)
			continue;
		if (f->n_bid == PMIP6_FMC_BID_MAX) {
			snprintf(why, whylen, "more than %d fmc.bid", PMIP6_FMC_BID_MAX);
			return -1;
		}
		if (!get_int(a, 2, &v)) {
			snprintf(why, whylen, "fmc.bid is not 2 bytes");
			return -1;
		}
		f->bid[f->n_bid++] = (uint16_t)v;
	}
	if (tb[PMIP6_A_FMC_COUNTERS]) {
		f->has_counters = true;
		if (parse_counters(tb[PMIP6_A_FMC_COUNTERS], &f->counters, "fmc.counters",
				   why, whylen))
			return -1;
	}
	return 0;
}

/* The top-level nest of type type in a reply; NULL (and why) if absent. */
static struct nlattr *reply_nest(struct nlmsghdr *nlh, int type, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, PMIP6_A_MAX, NULL) < 0 || !tb[type]) {
		snprintf(why, whylen, "%s missing", pmip6_attr_name(type));
		return NULL;
	}
	return tb[type];
}

static int parse_bce_one(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct nlattr *nest = reply_nest(nlh, PMIP6_A_BCE, why, whylen);

	return nest ? parse_bce_nest(nest, arg, why, whylen) : -1;
}

static int parse_fmc_one(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct nlattr *nest = reply_nest(nlh, PMIP6_A_FMC, why, whylen);

	return nest ? parse_fmc_nest(nest, arg, why, whylen) : -1;
}

static int parse_bce_push(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct pmip6_bce *b = vec_push(arg);

	if (!b) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -1;
	}
	return parse_bce_one(nlh, b, why, whylen);
}

static int parse_fmc_push(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct pmip6_fmc *f = vec_push(arg);

	if (!f) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -1;
	}
	return parse_fmc_one(nlh, f, why, whylen);
}

/* Dump cmd into vec, restarting while the kernel flags it inconsistent. */
static int dump(struct pmip6_genl *h, uint8_t cmd,
		int (*parse)(struct nlmsghdr *, void *, char *, size_t),
		struct vec *vec, char *err, size_t errlen)
{
	for (int attempt = 1;; attempt++) {
		struct xfer x = { .dump = true, .parse = parse, .arg = vec };
		struct nl_msg *msg = request_new_flags(h, cmd, NLM_F_DUMP);
		int rc;

		vec->n = 0;
		if (!msg) {
			set_err(err, errlen, "%s", strerror(ENOMEM));
			return -ENOMEM;
		}
		rc = transact(h, msg, &x, err, errlen);
		if (rc < 0)
			return rc;
		if (!x.intr)
			return 0;
		if (attempt == PMIP6_DUMP_TRIES) {
			set_err(err, errlen,
				"the state kept changing during the dump (interrupted %d times); try again",
				attempt);
			return -EAGAIN;
		}
	}
}

/* Put the (mn-id, key) pair that names an entry into an open nest. */
static int put_key(struct nl_msg *msg, int mn_type, const struct pmip6_mn_id *mn,
		   int key_type, uint16_t key)
{
	if (nla_put(msg, mn_type, (int)mn->len, mn->id) < 0 ||
	    nla_put_u16(msg, key_type, key) < 0)
		return -1;
	return 0;
}

static int put_bce(struct nl_msg *msg, const struct pmip6_bce *b)
{
	if (nla_put_u8(msg, PMIP6_A_BCE_BID_PRI, b->bid_pri) < 0 ||
	    nla_put_u8(msg, PMIP6_A_BCE_ATT, b->att) < 0 ||
	    (b->ll_id_len &&
	     nla_put(msg, PMIP6_A_BCE_MN_LL_ID, (int)b->ll_id_len, b->ll_id) < 0) ||
	    nla_put(msg, PMIP6_A_BCE_PROXY_COA, sizeof(b->proxy_coa), &b->proxy_coa) < 0)
		return -1;
	for (unsigned int i = 0; i < b->n_hnp; i++) {
		struct nlattr *hnp = nest_start(msg, PMIP6_A_BCE_HNP);

		if (!hnp ||
		    nla_put(msg, PMIP6_A_HNP_PREFIX, sizeof(b->hnp[i].prefix),
			    &b->hnp[i].prefix) < 0 ||
		    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, b->hnp[i].len) < 0 ||
		    nla_nest_end(msg, hnp) < 0)
			return -1;
	}
	return put_registration(msg, PMIP6_A_BCE_REGISTRATION, &b->reg);
}

static int put_ts(struct nl_msg *msg, const struct pmip6_ts *ts)
{
	const struct {
		int start, width;
		const struct pmip6_ts_range *r;
	} ints[] = {
		{ PMIP6_A_TS_SPI_START, 4, &ts->spi },
		{ PMIP6_A_TS_FLOW_LABEL_START, 4, &ts->flow_label },
		{ PMIP6_A_TS_SRC_PORT_START, 2, &ts->src_port },
		{ PMIP6_A_TS_DST_PORT_START, 2, &ts->dst_port },
		{ PMIP6_A_TS_TRAFFIC_CLASS_START, 1, &ts->traffic_class },
		{ PMIP6_A_TS_NEXT_HEADER_START, 1, &ts->next_header },
	};
	const struct pmip6_ts_addr_range *addrs[] = { &ts->src, &ts->dst };
	const int addr_start[] = { PMIP6_A_TS_SRC_ADDR_START, PMIP6_A_TS_DST_ADDR_START };
	bool any = ts->src.has_start || ts->dst.has_start;
	struct nlattr *nest;

	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		any |= ints[i].r->has_start;
	if (!any)
		return 0;	/* absent selector: matches everything */
	nest = nest_start(msg, PMIP6_A_FMC_TS);
	if (!nest)
		return -1;
	for (int i = 0; i < 2; i++) {
		if (addrs[i]->has_start &&
		    nla_put(msg, addr_start[i], 16, &addrs[i]->start) < 0)
			return -1;
		if (addrs[i]->has_end &&
		    nla_put(msg, addr_start[i] + 1, 16, &addrs[i]->end) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		const struct pmip6_ts_range *r = ints[i].r;

		for (int e = 0; e < 2; e++) {
			uint32_t v = e ? r->end : r->start;
			uint16_t v16 = (uint16_t)v;
			uint8_t v8 = (uint8_t)v;
			const void *p = ints[i].width == 4 ? (const void *)&v :
					ints[i].width == 2 ? (const void *)&v16 : (const void *)&v8;

			if (!(e ? r->has_end : r->has_start))
				continue;
			if (nla_put(msg, ints[i].start + e, ints[i].width, p) < 0)
				return -1;
		}
	}
	return nla_nest_end(msg, nest) < 0 ? -1 : 0;
}

static int put_fmc(struct nl_msg *msg, const struct pmip6_fmc *f)
{
	if (nla_put_u16(msg, PMIP6_A_FMC_FID_PRI, f->fid_pri) < 0 ||
	    put_ts(msg, &f->ts) < 0)
		return -1;
	for (unsigned int i = 0; i < f->n_bid; i++)
		if (nla_put_u16(msg, PMIP6_A_FMC_BID, f->bid[i]) < 0)
			return -1;
	if (f->action && nla_put_u32(msg, PMIP6_A_FMC_ACTION, f->action) < 0)
		return -1;
	return 0;
}

/*
 * One request on an entry: the top-level nest of type nest_type, filled
 * by put(msg, put_arg); parse/out for a GET's reply.
 */
static int object_request(struct pmip6_genl *h, uint8_t cmd, int nest_type,
			  int (*put)(struct nl_msg *msg, const void *arg), const void *put_arg,
			  int (*parse)(struct nlmsghdr *, void *, char *, size_t), void *out,
			  char *err, size_t errlen)
{
	struct xfer x = { .parse = parse, .arg = out };
	struct nl_msg *msg;
	struct nlattr *nest;

	msg = request_new(h, cmd);
	if (!msg)
		goto nomem;
	nest = nest_start(msg, nest_type);
	if (!nest || put(msg, put_arg) < 0 || nla_nest_end(msg, nest) < 0)
		goto nomem_free;
	return transact(h, msg, &x, err, errlen);

nomem_free:
	nlmsg_free(msg);
nomem:
	/* Everything we put is bounded well below a page. */
	set_err(err, errlen, "%s", strerror(ENOMEM));
	return -ENOMEM;
}

enum obj { OBJ_BCE, OBJ_FMC };

/* A BCE or FMC request: the key (mn, key) and, for NEW and SET, the entry. */
struct entry_req {
	enum obj obj;
	const struct pmip6_mn_id *mn;
	uint16_t key;
	const void *entry;
};

static int put_entry(struct nl_msg *msg, const void *arg)
{
	const struct entry_req *r = arg;

	if (r->obj == OBJ_BCE)
		return put_key(msg, PMIP6_A_BCE_MN_ID, r->mn, PMIP6_A_BCE_BID, r->key) ||
		       (r->entry && put_bce(msg, r->entry)) ? -1 : 0;
	return put_key(msg, PMIP6_A_FMC_MN_ID, r->mn, PMIP6_A_FMC_FID, r->key) ||
	       (r->entry && put_fmc(msg, r->entry)) ? -1 : 0;
}

static int entry_request(struct pmip6_genl *h, uint8_t cmd, enum obj obj,
			 const struct pmip6_mn_id *mn, uint16_t key, const void *entry,
			 int (*parse)(struct nlmsghdr *, void *, char *, size_t), void *out,
			 char *err, size_t errlen)
{
	struct entry_req r = { .obj = obj, .mn = mn, .key = key, .entry = entry };

	return object_request(h, cmd, obj == OBJ_BCE ? PMIP6_A_BCE : PMIP6_A_FMC,
			      put_entry, &r, parse, out, err, errlen);
}

int pmip6_bce_new(struct pmip6_genl *h, const struct pmip6_bce *bce, char *err, size_t errlen)
{
	return entry_request(h, PMIP6_CMD_BCE_NEW, OBJ_BCE, &bce->mn, bce->bid, bce,
			     NULL, NULL, err, errlen);
}

int pmip6_bce_set(struct pmip6_genl *h, const struct pmip6_bce *bce, char *err, size_t errlen)
{
	return entry_request(h, PMIP6_CMD_BCE_SET, OBJ_BCE, &bce->mn, bce->bid, bce,
			     NULL, NULL, err, errlen);
}

int pmip6_bce_del(struct pmip6_genl *h, const struct pmip6_mn_id *mn, uint16_t bid,
		  char *err, size_t errlen)
{
	return entry_request(h, PMIP6_CMD_BCE_DEL, OBJ_BCE, mn, bid, NULL,
			     NULL, NULL, err, errlen);
}

int pmip6_bce_get(struct pmip6_genl *h, const struct pmip6_mn_id *mn, uint16_t bid,
		  struct pmip6_bce *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	return entry_request(h, PMIP6_CMD_BCE_GET, OBJ_BCE, mn, bid, NULL,
			     parse_bce_one, out, err, errlen);
}

int pmip6_bce_dump(struct pmip6_genl *h, struct pmip6_bce_list *out, char *err, size_t errlen)
{
	struct vec vec = { .size = sizeof(struct pmip6_bce) };
	int rc = dump(h, PMIP6_CMD_BCE_GET, parse_bce_push, &vec, err, errlen);

	if (rc < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	out->v = vec.v;
	out->n = vec.n;
	return rc;
}

void pmip6_bce_list_free(struct pmip6_bce_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int pmip6_fmc_new(struct pmip6_genl *h, const struct pmip6_fmc *fmc, char *err, size_t errlen)
{
	return entry_request(h, PMIP6_CMD_FMC_NEW, OBJ_FMC, &fmc->mn, fmc->fid, fmc,
			     NULL, NULL, err, errlen);
}

int pmip6_fmc_set(struct pmip6_genl *h, const struct pmip6_fmc *fmc, char *err, size_t errlen)
{
	return entry_request(h, PMIP6_CMD_FMC_SET, OBJ_FMC, &fmc->mn, fmc->fid, fmc,
			     NULL, NULL, err, errlen);
}

int pmip6_fmc_del(struct pmip6_genl *h, const struct pmip6_mn_id *mn, uint16_t fid,
		  char *err, size_t errlen)
{
	return entry_request(h, PMIP6_CMD_FMC_DEL, OBJ_FMC, mn, fid, NULL,
			     NULL, NULL, err, errlen);
}

int pmip6_fmc_get(struct pmip6_genl *h, const struct pmip6_mn_id *mn, uint16_t fid,
		  struct pmip6_fmc *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	return entry_request(h, PMIP6_CMD_FMC_GET, OBJ_FMC, mn, fid, NULL,
			     parse_fmc_one, out, err, errlen);
}

int pmip6_fmc_dump(struct pmip6_genl *h, struct pmip6_fmc_list *out, char *err, size_t errlen)
{
	struct vec vec = { .size = sizeof(struct pmip6_fmc) };
	int rc = dump(h, PMIP6_CMD_FMC_GET, parse_fmc_push, &vec, err, errlen);

	if (rc < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	out->v = vec.v;
	out->n = vec.n;
	return rc;
}

void pmip6_fmc_list_free(struct pmip6_fmc_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- MAG binding update list and localized routing ---------------------- */

static int parse_hnp_nest(struct nlattr *a, struct pmip6_hnp *hnp, const char *what,
			  char *why, size_t whylen)
{
	struct nlattr *htb[PMIP6_A_HNP_MAX + 1];

	if (nla_parse_nested(htb, PMIP6_A_HNP_MAX, a, NULL) < 0) {
		snprintf(why, whylen, "cannot parse a %s nest", what);
		return -1;
	}
	if (!htb[PMIP6_A_HNP_PREFIX] || !htb[PMIP6_A_HNP_PREFIX_LEN]) {
		snprintf(why, whylen, "%s.%s missing", what,
			 htb[PMIP6_A_HNP_PREFIX] ? "prefix-len" : "prefix");
		return -1;
	}
	if (get_addr(htb[PMIP6_A_HNP_PREFIX], &hnp->prefix, what, why, whylen))
		return -1;
	GET_INT(htb, PMIP6_A_HNP_PREFIX_LEN, 1, hnp->len, what);
	return 0;
}

static int parse_bul_nest(struct nlattr *nest, struct pmip6_bul *b, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_BUL_MAX + 1], *a;
	int rem;

	if (nla_parse_nested(tb, PMIP6_A_BUL_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse the bul nest");
		return -1;
	}
	REQUIRE(tb, PMIP6_A_BUL_MN_ID, "bul.mn-id");
	REQUIRE(tb, PMIP6_A_BUL_LMA_ADDR, "bul.lma-addr");
	if (get_mn_id(tb[PMIP6_A_BUL_MN_ID], &b->mn, "bul.mn-id", why, whylen) ||
	    get_addr(tb[PMIP6_A_BUL_LMA_ADDR], &b->lma_addr, "bul.lma-addr", why, whylen))
		return -1;
	GET_INT(tb, PMIP6_A_BUL_IFINDEX, 4, b->ifindex, "bul.ifindex");
	GET_INT(tb, PMIP6_A_BUL_BID, 2, b->bid, "bul.bid");
	if (tb[PMIP6_A_BUL_MN_LL_ADDR]) {
		if (get_addr(tb[PMIP6_A_BUL_MN_LL_ADDR], &b->mn_ll_addr, "bul.mn-ll-addr",
			     why, whylen))
			return -1;
		b->has_mn_ll_addr = true;
	}
	nla_for_each_nested(a, nest, rem) {
		bool offlink = nla_type(a) == PMIP6_A_BUL_OFFLINK_HNP;
		unsigned int *n = offlink ? &b->n_offlink_hnp : &b->n_hnp;
		const char *what = offlink ? "bul.offlink-hnp" : "bul.hnp";

		if (nla_type(a) != PMIP6_A_BUL_HNP && !offlink)
			continue;
		if (*n == PMIP6_BUL_HNP_MAX) {
			snprintf(why, whylen, "more than %d %s", PMIP6_BUL_HNP_MAX, what);
			return -1;
		}
		if (parse_hnp_nest(a, offlink ? &b->offlink_hnp[*n] : &b->hnp[*n], what,
				   why, whylen))
			return -1;
		(*n)++;
	}
	if (tb[PMIP6_A_BUL_COUNTERS]) {
		b->has_counters = true;
		if (parse_counters(tb[PMIP6_A_BUL_COUNTERS], &b->counters, "bul.counters",
				   why, whylen))
			return -1;
	}
	if (tb[PMIP6_A_BUL_REGISTRATION] &&
	    parse_registration(tb[PMIP6_A_BUL_REGISTRATION], &b->reg, "bul.registration",
			       why, whylen))
		return -1;
	return 0;
}

static int parse_ro_nest(struct nlattr *nest, struct pmip6_ro *r, char *why, size_t whylen)
{
	struct nlattr *tb[PMIP6_A_RO_MAX + 1];

	if (nla_parse_nested(tb, PMIP6_A_RO_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse the ro nest");
		return -1;
	}
	REQUIRE(tb, PMIP6_A_RO_SRC_HNP, "ro.src-hnp");
	REQUIRE(tb, PMIP6_A_RO_DST_HNP, "ro.dst-hnp");
	REQUIRE(tb, PMIP6_A_RO_PEER_ADDR, "ro.peer-addr");
	if (parse_hnp_nest(tb[PMIP6_A_RO_SRC_HNP], &r->src_hnp, "ro.src-hnp", why, whylen) ||
	    parse_hnp_nest(tb[PMIP6_A_RO_DST_HNP], &r->dst_hnp, "ro.dst-hnp", why, whylen) ||
	    get_addr(tb[PMIP6_A_RO_PEER_ADDR], &r->peer_addr, "ro.peer-addr", why, whylen))
		return -1;
	GET_INT(tb, PMIP6_A_RO_LIFETIME, 4, r->lifetime, "ro.lifetime");
	GET_INT(tb, PMIP6_A_RO_OWNER, 1, r->owner, "ro.owner");
	if (tb[PMIP6_A_RO_REMAINING]) {
		r->has_remaining = true;
		GET_INT(tb, PMIP6_A_RO_REMAINING, 4, r->remaining, "ro.remaining");
	}
	if (tb[PMIP6_A_RO_COUNTERS]) {
		r->has_counters = true;
		if (parse_counters(tb[PMIP6_A_RO_COUNTERS], &r->counters, "ro.counters",
				   why, whylen))
			return -1;
	}
	return 0;
}

static int parse_bul_one(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct nlattr *nest = reply_nest(nlh, PMIP6_A_BUL, why, whylen);

	return nest ? parse_bul_nest(nest, arg, why, whylen) : -1;
}

static int parse_ro_one(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct nlattr *nest = reply_nest(nlh, PMIP6_A_RO, why, whylen);

	return nest ? parse_ro_nest(nest, arg, why, whylen) : -1;
}

static int parse_bul_push(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct pmip6_bul *b = vec_push(arg);

	if (!b) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -1;
	}
	return parse_bul_one(nlh, b, why, whylen);
}

static int parse_ro_push(struct nlmsghdr *nlh, void *arg, char *why, size_t whylen)
{
	struct pmip6_ro *r = vec_push(arg);

	if (!r) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -1;
	}
	return parse_ro_one(nlh, r, why, whylen);
}

static int put_hnp(struct nl_msg *msg, int type, const struct pmip6_hnp *hnp)
{
	struct nlattr *nest = nest_start(msg, type);

	if (!nest ||
	    nla_put(msg, PMIP6_A_HNP_PREFIX, sizeof(hnp->prefix), &hnp->prefix) < 0 ||
	    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, hnp->len) < 0 ||
	    nla_nest_end(msg, nest) < 0)
		return -1;
	return 0;
}

/* A BUL request: the key and, for NEW and SET, the entry. */
struct bul_req {
	const struct pmip6_mn_id *mn;
	const struct pmip6_bul *bul;
};

static int put_bul(struct nl_msg *msg, const void *arg)
{
	const struct bul_req *r = arg;
	const struct pmip6_bul *b = r->bul;

	if (nla_put(msg, PMIP6_A_BUL_MN_ID, (int)r->mn->len, r->mn->id) < 0)
		return -1;
	if (!b)
		return 0;
	if (nla_put(msg, PMIP6_A_BUL_LMA_ADDR, sizeof(b->lma_addr), &b->lma_addr) < 0 ||
	    nla_put_u32(msg, PMIP6_A_BUL_IFINDEX, b->ifindex) < 0 ||
	    (b->bid && nla_put_u16(msg, PMIP6_A_BUL_BID, b->bid) < 0) ||
	    (b->has_mn_ll_addr &&
	     nla_put(msg, PMIP6_A_BUL_MN_LL_ADDR, sizeof(b->mn_ll_addr), &b->mn_ll_addr) < 0))
		return -1;
	for (unsigned int i = 0; i < b->n_hnp; i++)
		if (put_hnp(msg, PMIP6_A_BUL_HNP, &b->hnp[i]) < 0)
			return -1;
	for (unsigned int i = 0; i < b->n_offlink_hnp; i++)
		if (put_hnp(msg, PMIP6_A_BUL_OFFLINK_HNP, &b->offlink_hnp[i]) < 0)
			return -1;
	return put_registration(msg, PMIP6_A_BUL_REGISTRATION, &b->reg);
}

/* An RO request: the key and, for NEW and SET, the state. */
struct ro_req {
	const struct pmip6_hnp *src, *dst;
	const struct pmip6_ro *ro;
};

static int put_ro(struct nl_msg *msg, const void *arg)
{
	const struct ro_req *r = arg;

	if (put_hnp(msg, PMIP6_A_RO_SRC_HNP, r->src) < 0 ||
	    put_hnp(msg, PMIP6_A_RO_DST_HNP, r->dst) < 0)
		return -1;
	if (!r->ro)
		return 0;
	if (nla_put(msg, PMIP6_A_RO_PEER_ADDR, sizeof(r->ro->peer_addr), &r->ro->peer_addr) < 0 ||
	    nla_put_u32(msg, PMIP6_A_RO_LIFETIME, r->ro->lifetime) < 0 ||
	    nla_put_u8(msg, PMIP6_A_RO_OWNER, (uint8_t)r->ro->owner) < 0)
		return -1;
	return 0;
}

int pmip6_bul_new(struct pmip6_genl *h, const struct pmip6_bul *bul, char *err, size_t errlen)
{
	struct bul_req r = { .mn = &bul->mn, .bul = bul };

	return object_request(h, PMIP6_CMD_BUL_NEW, PMIP6_A_BUL, put_bul, &r, NULL, NULL,
			      err, errlen);
}

int pmip6_bul_set(struct pmip6_genl *h, const struct pmip6_bul *bul, char *err, size_t errlen)
{
	struct bul_req r = { .mn = &bul->mn, .bul = bul };

	return object_request(h, PMIP6_CMD_BUL_SET, PMIP6_A_BUL, put_bul, &r, NULL, NULL,
			      err, errlen);
}

int pmip6_bul_del(struct pmip6_genl *h, const struct pmip6_mn_id *mn, char *err, size_t errlen)
{
	struct bul_req r = { .mn = mn };

	return object_request(h, PMIP6_CMD_BUL_DEL, PMIP6_A_BUL, put_bul, &r, NULL, NULL,
			      err, errlen);
}

int pmip6_bul_get(struct pmip6_genl *h, const struct pmip6_mn_id *mn, struct pmip6_bul *out,
		  char *err, size_t errlen)
{
	struct bul_req r = { .mn = mn };

	memset(out, 0, sizeof(*out));
	return object_request(h, PMIP6_CMD_BUL_GET, PMIP6_A_BUL, put_bul, &r, parse_bul_one, out,
			      err, errlen);
}

int pmip6_bul_dump(struct pmip6_genl *h, struct pmip6_bul_list *out, char *err, size_t errlen)
{
	struct vec vec = { .size = sizeof(struct pmip6_bul) };
	int rc = dump(h, PMIP6_CMD_BUL_GET, parse_bul_push, &vec, err, errlen);

	if (rc < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	out->v = vec.v;
	out->n = vec.n;
	return rc;
}

void pmip6_bul_list_free(struct pmip6_bul_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int pmip6_ro_new(struct pmip6_genl *h, const struct pmip6_ro *ro, char *err, size_t errlen)
{
	struct ro_req r = { .src = &ro->src_hnp, .dst = &ro->dst_hnp, .ro = ro };

	return object_request(h, PMIP6_CMD_RO_NEW, PMIP6_A_RO, put_ro, &r, NULL, NULL,
			      err, errlen);
}

int pmip6_ro_set(struct pmip6_genl *h, const struct pmip6_ro *ro, char *err, size_t errlen)
{
	struct ro_req r = { .src = &ro->src_hnp, .dst = &ro->dst_hnp, .ro = ro };

	return object_request(h, PMIP6_CMD_RO_SET, PMIP6_A_RO, put_ro, &r, NULL, NULL,
			      err, errlen);
}

int pmip6_ro_del(struct pmip6_genl *h, const struct pmip6_hnp *src, const struct pmip6_hnp *dst,
		 char *err, size_t errlen)
{
	struct ro_req r = { .src = src, .dst = dst };

	return object_request(h, PMIP6_CMD_RO_DEL, PMIP6_A_RO, put_ro, &r, NULL, NULL,
			      err, errlen);
}

int pmip6_ro_get(struct pmip6_genl *h, const struct pmip6_hnp *src, const struct pmip6_hnp *dst,
		 struct pmip6_ro *out, char *err, size_t errlen)
{
	struct ro_req r = { .src = src, .dst = dst };

	memset(out, 0, sizeof(*out));
	return object_request(h, PMIP6_CMD_RO_GET, PMIP6_A_RO, put_ro, &r, parse_ro_one, out,
			      err, errlen);
}

int pmip6_ro_dump(struct pmip6_genl *h, struct pmip6_ro_list *out, char *err, size_t errlen)
{
	struct vec vec = { .size = sizeof(struct pmip6_ro) };
	int rc = dump(h, PMIP6_CMD_RO_GET, parse_ro_push, &vec, err, errlen);

	if (rc < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	out->v = vec.v;
	out->n = vec.n;
	return rc;
}

void pmip6_ro_list_free(struct pmip6_ro_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- notifications -------------------------------------------------------- */

int pmip6_events_join(struct pmip6_genl *h, char *err, size_t errlen)
{
	int grp, rc;

	grp = genl_ctrl_resolve_grp(h->sk, PMIP6_GENL_NAME, PMIP6_MCGRP_EVENTS);
	if (grp < 0) {
		set_err(err, errlen, "cannot resolve the '%s' group: %s", PMIP6_MCGRP_EVENTS,
			nl_geterror(grp));
		return -nlerr_to_errno(grp);
	}
	rc = nl_socket_add_membership(h->sk, grp);
	if (rc < 0) {
		set_err(err, errlen, "cannot join the '%s' group: %s", PMIP6_MCGRP_EVENTS,
			nl_geterror(rc));
		return -nlerr_to_errno(rc);
	}
	rc = nl_socket_set_nonblocking(h->sk);
	if (rc < 0) {
		set_err(err, errlen, "%s", nl_geterror(rc));
		return -nlerr_to_errno(rc);
	}
	return 0;
}

int pmip6_genl_fd(const struct pmip6_genl *h)
{
	return nl_socket_get_fd(h->sk);
}

static int parse_traffic_nest(struct nlattr *nest, struct pmip6_mn_traffic *t, char *why,
			      size_t whylen)
{
	struct nlattr *tb[PMIP6_A_EVENT_MAX + 1];

	if (nla_parse_nested(tb, PMIP6_A_EVENT_MAX, nest, NULL) < 0) {
		snprintf(why, whylen, "cannot parse the event nest");
		return -1;
	}
	REQUIRE(tb, PMIP6_A_EVENT_SRC_MN_ID, "event.src-mn-id");
	REQUIRE(tb, PMIP6_A_EVENT_SRC_HNP, "event.src-hnp");
	REQUIRE(tb, PMIP6_A_EVENT_DST_HNP, "event.dst-hnp");
	/* No destination MN-ID: the destination is in a remote prefix. */
	if (get_mn_id(tb[PMIP6_A_EVENT_SRC_MN_ID], &t->src, "event.src-mn-id", why, whylen) ||
	    (tb[PMIP6_A_EVENT_DST_MN_ID] &&
	     get_mn_id(tb[PMIP6_A_EVENT_DST_MN_ID], &t->dst, "event.dst-mn-id", why, whylen)) ||
	    parse_hnp_nest(tb[PMIP6_A_EVENT_SRC_HNP], &t->src_hnp, "event.src-hnp", why,
			   whylen) ||
	    parse_hnp_nest(tb[PMIP6_A_EVENT_DST_HNP], &t->dst_hnp, "event.dst-hnp", why,
			   whylen))
		return -1;
	return 0;
}

static int parse_event(struct nlmsghdr *nlh, struct pmip6_event *ev, char *why, size_t whylen)
{
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *tb[PMIP6_A_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (genlmsg_parse(nlh, 0, tb, PMIP6_A_MAX, NULL) < 0) {
		snprintf(why, whylen, "cannot parse attributes");
		return -1;
	}
	ev->cmd = g->cmd;
	if (tb[PMIP6_A_CHANGE]) {
		if (nla_len(tb[PMIP6_A_CHANGE]) != 1) {
			snprintf(why, whylen, "change is not a u8");
			return -1;
		}
		ev->change = nla_get_u8(tb[PMIP6_A_CHANGE]);
	}
	if (tb[PMIP6_A_TIMESTAMP]) {
		if (nla_len(tb[PMIP6_A_TIMESTAMP]) != sizeof(uint64_t)) {
			snprintf(why, whylen, "timestamp is not a u64");
			return -1;
		}
		ev->timestamp_ns = nla_get_u64(tb[PMIP6_A_TIMESTAMP]);
	}
	switch (ev->cmd) {
	case PMIP6_CMD_MN_TRAFFIC_NTF:
		REQUIRE(tb, PMIP6_A_EVENT, "event");
		return parse_traffic_nest(tb[PMIP6_A_EVENT], &ev->u.traffic, why, whylen);
	case PMIP6_CMD_INSTANCE_NTF:
		return parse_instance(nlh, &ev->u.instance, why, whylen);
	case PMIP6_CMD_BCE_NTF:
		REQUIRE(tb, PMIP6_A_BCE, "bce");
		return parse_bce_nest(tb[PMIP6_A_BCE], &ev->u.bce, why, whylen);
	case PMIP6_CMD_FMC_NTF:
		REQUIRE(tb, PMIP6_A_FMC, "fmc");
		return parse_fmc_nest(tb[PMIP6_A_FMC], &ev->u.fmc, why, whylen);
	case PMIP6_CMD_BUL_NTF:
		REQUIRE(tb, PMIP6_A_BUL, "bul");
		return parse_bul_nest(tb[PMIP6_A_BUL], &ev->u.bul, why, whylen);
	case PMIP6_CMD_RO_NTF:
		REQUIRE(tb, PMIP6_A_RO, "ro");
		return parse_ro_nest(tb[PMIP6_A_RO], &ev->u.ro, why, whylen);
	default:
		snprintf(why, whylen, "unknown notification command %u", ev->cmd);
		return -1;
	}
}

struct event_read {
	int family;
	pmip6_event_cb cb;
	void *arg;
	struct pmip6_event ev;
	bool bad;
	char why[160];
};

static int event_valid_cb(struct nl_msg *msg, void *arg)
{
	struct event_read *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	char why[160];

	/* Only notifications of our family reach this socket; be sure. */
	if (nlh->nlmsg_type != r->family)
		return NL_SKIP;
	if (parse_event(nlh, &r->ev, why, sizeof(why))) {
		if (!r->bad)
			snprintf(r->why, sizeof(r->why), "%s", why);
		r->bad = true;
		return NL_SKIP;
	}
	r->cb(&r->ev, r->arg);
	return NL_OK;
}

/* Notifications have no sequence number to check. */
static int event_seq_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int pmip6_events_read(struct pmip6_genl *h, pmip6_event_cb cb, void *arg,
		      char *err, size_t errlen)
{
	return pmip6_events_read_max(h, cb, arg, UINT_MAX, err, errlen);
}

int pmip6_events_read_max(struct pmip6_genl *h, pmip6_event_cb cb, void *arg,
			  unsigned int max, char *err, size_t errlen)
{
	struct event_read *r;
	struct nl_cb *nlcb;
	int rc;

	if (!max)
		return 0;
	r = calloc(1, sizeof(*r));
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!r || !nlcb) {
		free(r);
		nl_cb_put(nlcb);
		set_err(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	r->family = h->family;
	r->cb = cb;
	r->arg = arg;
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, event_valid_cb, r);
	nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, event_seq_cb, NULL);
	/* One datagram per nl_recvmsgs() on this non-blocking socket. */
	do
		rc = nl_recvmsgs(h->sk, nlcb);
	while (rc >= 0 && --max > 0);
	nl_cb_put(nlcb);

	if (rc >= 0 || rc == -NLE_AGAIN) {
		rc = 0;
	} else if (rc == -NLE_NOMEM) {
		/* recvmsg() said ENOBUFS: the kernel dropped some for us. */
		set_err(err, errlen, "notifications lost (%s)", strerror(ENOBUFS));
		rc = -ENOBUFS;
	} else {
		set_err(err, errlen, "receiving notifications: %s", nl_geterror(rc));
		rc = -nlerr_to_errno(rc);
	}
	if (!rc && r->bad) {
		set_err(err, errlen, "unparsable notification skipped: %s", r->why);
		rc = -EPROTO;
	}
	free(r);
	return rc;
}
