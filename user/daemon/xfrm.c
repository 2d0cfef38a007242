// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPsec for the signaling (RFC 5213 4.0): NETLINK_XFRM, the little pmipd
 * needs, without libnl (as route.c does rtnetlink).
 *
 * RFC 5213 4.0 asks for ESP in transport mode, with a non-null payload
 * authentication algorithm (data origin authentication, integrity), for
 * every Mobility Header message between LMA and MAG (and, with the
 * extensions, MAG-MAG and LMA-LMA). pmipd
 *
 *  - installs, for each "peer ADDR esp-auth ..." line, two SAs (out: to
 *    ADDR with spi-out; in: to us with spi-in, anti-replay window 32, RFC
 *    4303 3.4.3) and three policies for next header 135 between local and
 *    ADDR: out and in, each requiring ESP in transport mode (the in
 *    policy makes the kernel drop an unprotected MH from ADDR before any
 *    socket sees it: xfrm6_policy_check() in rawv6_rcv()). It removes
 *    exactly those at stop (unless --keep-state), and refuses to start
 *    when the kernel refuses one (e.g. EEXIST: another daemon's). SAs and
 *    policies that a pmipd before this one installed with the same
 *    parameters (a restart after a crash or with --keep-state) are
 *    adopted as they are: a new outbound SA would start its sequence
 *    numbers again at 1, below the peer's anti-replay window (RFC 4303
 *    3.4.3), and the peer would drop everything we send;
 *  - for "peer ADDR ike", leaves SAs and policies to an IKEv2 daemon;
 *  - before it sends to or accepts from an address (mhsock.c), checks that
 *    an out and an in policy protecting MH with ESP exist for it in the
 *    kernel's SPD (a dump, at most once a second per peer).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/xfrm.h>

#include "pmipd.h"

/* Below (more specific than) what an IKE daemon picks by default. */
#define XFRM_PRIORITY 1000
#define XFRM_REQID_BASE 0x52130000u	/* + peer index */
#define XFRM_REPLAY_WINDOW 32		/* RFC 4303 3.4.3: at least 32 */
#define XFRM_RECHECK_MS 1000

enum { INST_SA_OUT = 1, INST_SA_IN = 2, INST_POL_OUT = 4, INST_POL_IN = 8 };

struct peer_state {
	uint8_t installed;		/* INST_* */
	bool ok;			/* the last check's result */
	uint64_t checked_ms;		/* 0: never */
};

struct pmipd_xfrm {
	struct pmipd *d;		/* for the netlink requests' log */
	int fd;
	uint32_t seq;
	struct peer_state *peer;	/* cfg.n_peer */
};

static void selector(struct xfrm_selector *sel, const struct in6_addr *src,
		     const struct in6_addr *dst)
{
	memset(sel, 0, sizeof(*sel));
	memcpy(&sel->saddr, src, sizeof(*src));
	memcpy(&sel->daddr, dst, sizeof(*dst));
	sel->prefixlen_s = sel->prefixlen_d = 128;
	sel->family = AF_INET6;
	sel->proto = MH_IPPROTO_MH;	/* every MH type: sport_mask 0 */
}

static void lft_infinite(struct xfrm_lifetime_cfg *l)
{
	l->soft_byte_limit = l->hard_byte_limit = XFRM_INF;
	l->soft_packet_limit = l->hard_packet_limit = XFRM_INF;
}

/* One SA, src -> dst. */
/* Netlink aligns to 4 octets and these structs have 64-bit members: copy. */
static bool attr_find(const struct nlmsghdr *h, size_t hdrlen, uint16_t type, void *out,
		      size_t len)
{
	const char *end = (const char *)h + h->nlmsg_len;
	const char *at = (const char *)NLMSG_DATA(h) + NLMSG_ALIGN(hdrlen);

	while (at + NLA_HDRLEN <= end) {
		struct nlattr a;

		memcpy(&a, at, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || at + a.nla_len > end)
			return false;
		if ((a.nla_type & NLA_TYPE_MASK) == type) {
			size_t have = (size_t)a.nla_len - NLA_HDRLEN;
			size_t n = have < len ? have : len;

			memset(out, 0, len);
			memcpy(out, at + NLA_HDRLEN, n);
			return true;
		}
		at += NLA_ALIGN(a.nla_len);
	}
	return false;
}

/* The SA sa_add() would install, looked for among the kernel's. */
struct sa_match {
	const struct pmipd_peer *p;
	const struct in6_addr *dst;
	uint32_t spi, reqid;
	bool found, same;
};

static void sa_each(const struct nlmsghdr *h, void *arg)
{
	struct sa_match *m = arg;
	const struct pmipd_peer *p = m->p;
	const char *cipher = p->enc_alg ? p->enc_alg : "ecb(cipher_null)";
	struct xfrm_usersa_info sa;
	struct {
		struct xfrm_algo_auth a;
		char key[PMIPD_CFG_KEY_MAX];
	} auth;
	struct {
		struct xfrm_algo a;
		char key[PMIPD_CFG_KEY_MAX];
	} enc;

	if (h->nlmsg_type != XFRM_MSG_NEWSA || h->nlmsg_len < NLMSG_LENGTH(sizeof(sa)))
		return;
	memcpy(&sa, NLMSG_DATA(h), sizeof(sa));
	if (sa.id.proto != IPPROTO_ESP || sa.id.spi != htonl(m->spi) ||
	    memcmp(&sa.id.daddr, m->dst, sizeof(*m->dst)))
		return;
	m->found = true;
	m->same = sa.reqid == m->reqid && sa.mode == XFRM_MODE_TRANSPORT &&
		  attr_find(h, sizeof(sa), XFRMA_ALG_AUTH_TRUNC, &auth, sizeof(auth)) &&
		  !strcmp(auth.a.alg_name, p->auth_alg) &&
		  auth.a.alg_key_len == p->auth_key_len * 8 &&
		  auth.a.alg_trunc_len == p->auth_trunc_bits &&
		  !memcmp(auth.key, p->auth_key, p->auth_key_len) &&
		  attr_find(h, sizeof(sa), XFRMA_ALG_CRYPT, &enc, sizeof(enc)) &&
		  !strcmp(enc.a.alg_name, cipher) && enc.a.alg_key_len == p->enc_key_len * 8 &&
		  !memcmp(enc.key, p->enc_key, p->enc_key_len);
	explicit_bzero(&auth, sizeof(auth));
	explicit_bzero(&enc, sizeof(enc));
}

/* Is the SA that sa_add() found already there exactly ours (a restart)? */
static bool sa_is_ours(struct pmipd_xfrm *x, const struct pmipd_peer *p, uint32_t reqid,
		       bool out, const struct in6_addr *local)
{
	struct {
		struct nlmsghdr n;
		struct xfrm_usersa_id id;
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_usersa_id)),
		.n.nlmsg_type = XFRM_MSG_GETSA,
	};
	struct sa_match m = {
		.p = p, .dst = out ? &p->addr : local,
		.spi = out ? p->spi_out : p->spi_in, .reqid = reqid,
	};

	return !pmipd_nl_dump(x->d, x->fd, &x->seq, &req.n, sa_each, &m) && m.found && m.same;
}

static int sa_add(struct pmipd_xfrm *x, const struct pmipd_peer *p, uint32_t reqid, bool out,
		  const struct in6_addr *local, bool *adopted, char *why, size_t whylen)
{
	const struct in6_addr *src = out ? local : &p->addr, *dst = out ? &p->addr : local;
	struct {
		struct nlmsghdr n;
		struct xfrm_usersa_info sa;
		char attrs[512];
	} req;
	struct {
		struct xfrm_algo_auth a;
		char key[PMIPD_CFG_KEY_MAX];
	} auth;
	struct {
		struct xfrm_algo a;
		char key[PMIPD_CFG_KEY_MAX];
	} enc;
	int rc;

	memset(&req, 0, sizeof(req));
	memset(&auth, 0, sizeof(auth));
	memset(&enc, 0, sizeof(enc));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(req.sa));
	req.n.nlmsg_type = XFRM_MSG_NEWSA;
	req.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	selector(&req.sa.sel, src, dst);
	memcpy(&req.sa.id.daddr, dst, sizeof(*dst));
	req.sa.id.spi = htonl(out ? p->spi_out : p->spi_in);
	req.sa.id.proto = IPPROTO_ESP;
	memcpy(&req.sa.saddr, src, sizeof(*src));
	lft_infinite(&req.sa.lft);
	req.sa.reqid = reqid;
	req.sa.family = AF_INET6;
	req.sa.mode = XFRM_MODE_TRANSPORT;	/* RFC 5213 4.0 */
	/* RFC 4303 3.4.3: the receiver's anti-replay window. */
	req.sa.replay_window = out ? 0 : XFRM_REPLAY_WINDOW;

	snprintf(auth.a.alg_name, sizeof(auth.a.alg_name), "%s", p->auth_alg);
	auth.a.alg_key_len = (unsigned int)(p->auth_key_len * 8);
	auth.a.alg_trunc_len = p->auth_trunc_bits;	/* RFC 4868 2.3 */
	memcpy(auth.key, p->auth_key, p->auth_key_len);
	pmipd_nl_put_attr(&req.n, XFRMA_ALG_AUTH_TRUNC, &auth, sizeof(auth.a) + p->auth_key_len);
	/* ESP always names a cipher; without esp-enc it is the null one
	 * (RFC 5213 4.0: confidentiality is optional, RFC 2410). */
	snprintf(enc.a.alg_name, sizeof(enc.a.alg_name), "%s",
		 p->enc_alg ? p->enc_alg : "ecb(cipher_null)");
	enc.a.alg_key_len = (unsigned int)(p->enc_key_len * 8);
	memcpy(enc.key, p->enc_key, p->enc_key_len);
	pmipd_nl_put_attr(&req.n, XFRMA_ALG_CRYPT, &enc, sizeof(enc.a) + p->enc_key_len);

	rc = pmipd_nl_transact(x->d, x->fd, &x->seq, &req.n, why, whylen);
	explicit_bzero(&req, sizeof(req));
	explicit_bzero(&auth, sizeof(auth));
	explicit_bzero(&enc, sizeof(enc));
	if (rc == -EEXIST && sa_is_ours(x, p, reqid, out, local)) {
		*adopted = true;
		return 0;
	}
	return rc;
}

static int sa_del(struct pmipd_xfrm *x, const struct in6_addr *dst, uint32_t spi,
		  const struct in6_addr *src)
{
	struct {
		struct nlmsghdr n;
		struct xfrm_usersa_id id;
		char attrs[64];
	} req;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(req.id));
	req.n.nlmsg_type = XFRM_MSG_DELSA;
	memcpy(&req.id.daddr, dst, sizeof(*dst));
	req.id.spi = htonl(spi);
	req.id.family = AF_INET6;
	req.id.proto = IPPROTO_ESP;
	pmipd_nl_put_attr(&req.n, XFRMA_SRCADDR, src, sizeof(*src));
	return pmipd_nl_transact(x->d, x->fd, &x->seq, &req.n, NULL, 0);
}

/* The policy pol_add() would install, looked for among the kernel's. */
struct pol_match {
	const struct xfrm_userpolicy_info *want;
	uint32_t reqid;
	bool same;
};

static void pol_each(const struct nlmsghdr *h, void *arg)
{
	struct pol_match *m = arg;
	struct xfrm_userpolicy_info pol;
	struct xfrm_user_tmpl t;

	if (h->nlmsg_type != XFRM_MSG_NEWPOLICY || h->nlmsg_len < NLMSG_LENGTH(sizeof(pol)))
		return;
	memcpy(&pol, NLMSG_DATA(h), sizeof(pol));
	if (pol.dir == m->want->dir && pol.priority == m->want->priority &&
	    pol.action == m->want->action && !memcmp(&pol.sel, &m->want->sel, sizeof(pol.sel)) &&
	    attr_find(h, sizeof(pol), XFRMA_TMPL, &t, sizeof(t)) && t.reqid == m->reqid &&
	    t.id.proto == IPPROTO_ESP && t.mode == XFRM_MODE_TRANSPORT && !t.optional)
		m->same = true;
}

/* Is the policy that pol_add() found already there exactly ours? */
static bool pol_is_ours(struct pmipd_xfrm *x, const struct xfrm_userpolicy_info *want,
			uint32_t reqid)
{
	struct {
		struct nlmsghdr n;
		struct xfrm_userpolicy_id id;
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_userpolicy_id)),
		.n.nlmsg_type = XFRM_MSG_GETPOLICY,
	};
	struct pol_match m = { .want = want, .reqid = reqid };

	return !pmipd_nl_dump(x->d, x->fd, &x->seq, &req.n, pol_each, &m) && m.same;
}

static int pol_add(struct pmipd_xfrm *x, const struct pmipd_peer *p, uint32_t reqid, bool out,
		   const struct in6_addr *local, bool *adopted, char *why, size_t whylen)
{
	const struct in6_addr *src = out ? local : &p->addr, *dst = out ? &p->addr : local;
	struct {
		struct nlmsghdr n;
		struct xfrm_userpolicy_info pol;
		char attrs[256];
	} req;
	struct xfrm_user_tmpl t;
	int rc;

	memset(&req, 0, sizeof(req));
	memset(&t, 0, sizeof(t));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(req.pol));
	req.n.nlmsg_type = XFRM_MSG_NEWPOLICY;
	req.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	selector(&req.pol.sel, src, dst);
	lft_infinite(&req.pol.lft);
	req.pol.priority = XFRM_PRIORITY;
	req.pol.dir = out ? XFRM_POLICY_OUT : XFRM_POLICY_IN;
	req.pol.action = XFRM_POLICY_ALLOW;
	req.pol.share = XFRM_SHARE_ANY;

	memcpy(&t.id.daddr, dst, sizeof(*dst));
	t.id.proto = IPPROTO_ESP;
	t.family = AF_INET6;
	memcpy(&t.saddr, src, sizeof(*src));
	t.reqid = reqid;
	t.mode = XFRM_MODE_TRANSPORT;
	t.share = XFRM_SHARE_ANY;
	t.optional = 0;		/* required: no ESP, no packet */
	t.aalgos = t.ealgos = t.calgos = ~0u;
	pmipd_nl_put_attr(&req.n, XFRMA_TMPL, &t, sizeof(t));
	rc = pmipd_nl_transact(x->d, x->fd, &x->seq, &req.n, why, whylen);
	if (rc == -EEXIST && pol_is_ours(x, &req.pol, reqid)) {
		*adopted = true;
		return 0;
	}
	return rc;
}

static int pol_del(struct pmipd_xfrm *x, const struct in6_addr *src, const struct in6_addr *dst,
		   bool out)
{
	struct {
		struct nlmsghdr n;
		struct xfrm_userpolicy_id id;
	} req;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(req.id));
	req.n.nlmsg_type = XFRM_MSG_DELPOLICY;
	selector(&req.id.sel, src, dst);
	req.id.dir = out ? XFRM_POLICY_OUT : XFRM_POLICY_IN;
	return pmipd_nl_transact(x->d, x->fd, &x->seq, &req.n, NULL, 0);
}

int pmipd_xfrm_open(struct pmipd *d)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct pmipd_xfrm *x;
	int one = 1;

	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->peer = calloc(d->cfg.n_peer ? d->cfg.n_peer : 1, sizeof(*x->peer));
	x->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (!x->peer || x->fd < 0) {
		int e = x->peer ? -errno : -ENOMEM;

		free(x->peer);
		free(x);
		return e;
	}
	setsockopt(x->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(x->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(x->fd);
		free(x->peer);
		free(x);
		return e;
	}
	x->d = d;
	d->xfrm = x;
	return 0;
}

int pmipd_xfrm_install(struct pmipd *d, char *err, size_t errlen)
{
	const struct in6_addr *local = &d->cfg.local_addr;
	struct pmipd_xfrm *x = d->xfrm;
	char a[INET6_ADDRSTRLEN], why[200];

	for (size_t i = 0; i < d->cfg.n_peer; i++) {
		const struct pmipd_peer *p = &d->cfg.peer[i];
		uint32_t reqid = XFRM_REQID_BASE + (uint32_t)i;
		static const char *const what[] = {
			"the outbound SA", "the inbound SA", "the outbound policy",
			"the inbound policy",
		};
		unsigned int adopted = 0, step;
		int rc = 0;

		if (p->ike)
			continue;
		for (step = 0; step < 4 && !rc; step++) {
			bool out = !(step & 1), ours = false;

			rc = step < 2 ? sa_add(x, p, reqid, out, local, &ours, why, sizeof(why)) :
					pol_add(x, p, reqid, out, local, &ours, why, sizeof(why));
			if (!rc) {
				/* INST_* in the order of the steps. */
				x->peer[i].installed |= (uint8_t)(1u << step);
				adopted += ours;
			}
		}
		if (adopted)
			pmipd_log(d, LOG_INFO, "peer %s: %u of its IPsec SAs and policies were there already, as configured: adopted",
				  pmipd_addr(&p->addr, a), adopted);
		if (!rc)
			continue;
		snprintf(err, errlen, "peer %s (config line %u): the kernel refused %s: %s%s%s",
			 pmipd_addr(&p->addr, a), p->line, what[step - 1], strerror(-rc), why,
			 rc == -EEXIST ? " (one is already there, not as configured: see 'ip xfrm state' and 'ip xfrm policy')" :
			 rc == -ENOENT || rc == -ENOSYS ? " (is the algorithm or esp6 available in this kernel?)" : "");
		return rc;
	}
	return 0;
}

void pmipd_xfrm_close(struct pmipd *d)
{
	struct pmipd_xfrm *x = d->xfrm;
	const struct in6_addr *local = &d->cfg.local_addr;
	char a[INET6_ADDRSTRLEN];

	if (!x)
		return;
	/* --keep-state: the next pmipd adopts them, sequence numbers and all. */
	for (size_t i = 0; i < d->cfg.n_peer && !d->keep_state; i++) {
		const struct pmipd_peer *p = &d->cfg.peer[i];
		uint8_t inst = x->peer[i].installed;
		int rc = 0;

		/* Policies first, so that nothing is sent in the clear meanwhile. */
		if (inst & INST_POL_IN)
			rc |= pol_del(x, &p->addr, local, false);
		if (inst & INST_POL_OUT)
			rc |= pol_del(x, local, &p->addr, true);
		if (inst & INST_SA_IN)
			rc |= sa_del(x, local, p->spi_in, &p->addr);
		if (inst & INST_SA_OUT)
			rc |= sa_del(x, &p->addr, p->spi_out, local);
		if (rc)
			pmipd_log(d, LOG_WARNING, "removing the IPsec SAs and policies of peer %s: some were already gone",
				  pmipd_addr(&p->addr, a));
	}
	close(x->fd);
	free(x->peer);
	free(x);
	d->xfrm = NULL;
}

/* Does the selector cover addr (the first len bits)? */
static bool prefix_covers(const xfrm_address_t *sel, uint8_t len, const struct in6_addr *addr)
{
	const uint8_t *s = (const uint8_t *)sel, *a = addr->s6_addr;

	if (len > 128)
		return false;
	if (memcmp(s, a, len / 8))
		return false;
	return len % 8 == 0 || !((s[len / 8] ^ a[len / 8]) & (0xff << (8 - len % 8)));
}

/*
 * An ESP-requiring policy for MH from src to dst in direction dir?
 * Netlink aligns messages and attributes to 4 octets only, and
 * xfrm_userpolicy_info has 64-bit members: copy, never cast.
 */
static bool policy_protects(const struct nlmsghdr *h, uint8_t dir, const struct in6_addr *src,
			    const struct in6_addr *dst)
{
	const char *end = (const char *)h + h->nlmsg_len;
	struct xfrm_userpolicy_info p;
	const char *at;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(p)))
		return false;
	memcpy(&p, NLMSG_DATA(h), sizeof(p));
	if (p.dir != dir || p.action != XFRM_POLICY_ALLOW || p.sel.family != AF_INET6 ||
	    (p.sel.proto && p.sel.proto != MH_IPPROTO_MH) ||
	    !prefix_covers(&p.sel.saddr, p.sel.prefixlen_s, src) ||
	    !prefix_covers(&p.sel.daddr, p.sel.prefixlen_d, dst))
		return false;
	for (at = (const char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(p));
	     at + NLA_HDRLEN <= end;) {
		struct nlattr a;

		memcpy(&a, at, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || at + a.nla_len > end)
			break;
		if ((a.nla_type & NLA_TYPE_MASK) == XFRMA_TMPL) {
			size_t n = (a.nla_len - NLA_HDRLEN) / sizeof(struct xfrm_user_tmpl);

			for (size_t i = 0; i < n; i++) {
				struct xfrm_user_tmpl t;

				memcpy(&t, at + NLA_HDRLEN + i * sizeof(t), sizeof(t));
				if (t.id.proto == IPPROTO_ESP && !t.optional &&
				    t.mode == XFRM_MODE_TRANSPORT)
					return true;
			}
		}
		at += NLA_ALIGN(a.nla_len);
	}
	return false;
}

struct policy_check {
	const struct in6_addr *local, *peer;
	bool out_ok, in_ok;
};

static void policy_each(const struct nlmsghdr *h, void *arg)
{
	struct policy_check *c = arg;

	if (h->nlmsg_type != XFRM_MSG_NEWPOLICY)
		return;
	c->out_ok |= policy_protects(h, XFRM_POLICY_OUT, c->local, c->peer);
	c->in_ok |= policy_protects(h, XFRM_POLICY_IN, c->peer, c->local);
}

/* Dump the SPD: is there an out and an in ESP policy for MH with peer? */
static int check_policies(struct pmipd_xfrm *x, const struct in6_addr *local,
			  const struct in6_addr *peer, bool *out_ok, bool *in_ok)
{
	struct {
		struct nlmsghdr n;
		struct xfrm_userpolicy_id id;
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_userpolicy_id)),
		.n.nlmsg_type = XFRM_MSG_GETPOLICY,
	};
	struct policy_check c = { .local = local, .peer = peer };
	int rc = pmipd_nl_dump(x->d, x->fd, &x->seq, &req.n, policy_each, &c);

	*out_ok = c.out_ok;
	*in_ok = c.in_ok;
	return rc;
}

bool pmipd_xfrm_protected(struct pmipd *d, const struct in6_addr *addr, const char **why)
{
	const struct pmipd_peer *p = pmipd_config_peer(&d->cfg, addr);
	struct pmipd_xfrm *x = d->xfrm;
	struct peer_state *st;
	uint64_t now = pmipd_now_ms();
	bool out_ok, in_ok;

	if (!p || !x) {
		*why = "no 'peer' line in the configuration protects it";
		return false;
	}
	st = &x->peer[p - d->cfg.peer];
	if (!st->checked_ms || now - st->checked_ms >= XFRM_RECHECK_MS) {
		int rc = check_policies(x, &d->cfg.local_addr, addr, &out_ok, &in_ok);

		st->ok = !rc && out_ok && in_ok;
		st->checked_ms = now ? now : 1;
		if (rc)
			pmipd_log(d, LOG_WARNING, "reading the kernel's IPsec policies: %s",
				  strerror(-rc));
	}
	if (!st->ok)
		*why = p->ike ?
		       "its 'peer ... ike' line has no ESP policy for next header 135 in both directions in the kernel (is the IKE daemon up, with local_ts/remote_ts dynamic[135]?)" :
		       "its IPsec policies for next header 135 are gone from the kernel";
	return st->ok;
}
