// SPDX-License-Identifier: GPL-2.0-only
/*
 * LMA role: the binding cache and Proxy Binding Update processing
 * (RFC 5213 5.3), with the multiple-interface rules of RFC 7864 3.2.1
 * (several BCEs per MN, each with a BID, sharing prefixes or not).
 *
 * The binding cache lives here (lifetimes, sequence numbers, timestamps)
 * and is mirrored into the kernel (BCE_NEW/SET/DEL), which only needs what
 * the packet path uses. Each HNP held by a BCE is routed to the pmip6
 * device, where the module picks the binding.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <linux/pmip6.h>

#include "../lib/flowbind.h"
#include "../lib/genl.h"
#include "pmipd.h"
#include "lladdr.h"
#include "lma.h"
#include "lma_lookup.h"

/* Index of a /64 in the prefix pool, or -1 when it is not in the pool. */
static long pool_index(const struct pmipd *d, const uint8_t *prefix)
{
	const struct pmipd_prefix *pool = &d->cfg.pool;
	uint64_t hi = 0;

	if (!d->cfg.has_pool)
		return -1;
	for (unsigned int bit = 0; bit < pool->len; bit++) {
		uint8_t mask = (uint8_t)(0x80 >> (bit % 8));

		if ((prefix[bit / 8] & mask) != (pool->addr.s6_addr[bit / 8] & mask))
			return -1;
	}
	for (int i = 0; i < 8; i++)
		hi = (hi << 8) | prefix[i];
	return (long)(hi & ((1ull << (64 - pool->len)) - 1));
}

static bool pool_test(const struct lma *l, long i)
{
	return l->pool_used[i / 8] & (1u << (i % 8));
}

static void pool_mark(struct lma *l, long i, bool used)
{
	if (used)
		l->pool_used[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		l->pool_used[i / 8] &= (uint8_t)~(1u << (i % 8));
}

/* A free /64 of the pool (not marked yet); false when the pool is exhausted. */
static bool pool_find(struct pmipd *d, struct in6_addr *out)
{
	struct lma *l = d->lma;

	for (uint32_t i = 0; i < l->pool_size; i++) {
		uint64_t v;

		if (pool_test(l, i))
			continue;
		*out = d->cfg.pool.addr;
		v = 0;
		for (int k = 0; k < 8; k++)
			v = (v << 8) | out->s6_addr[k];
		v |= i;
		for (int k = 7; k >= 0; k--, v >>= 8)
			out->s6_addr[k] = (uint8_t)v;
		return true;
	}
	return false;
}

bool lma_pool_has(const struct pmipd *d, const struct in6_addr *prefix)
{
	return pool_index(d, prefix->s6_addr) >= 0;
}

/* An MN without prefixes of its own holds these /64s of the pool. */
void lma_pool_take(struct pmipd *d, const struct pmipd_mn_profile *p, const struct in6_addr *hnp)
{
	long pi = pool_index(d, hnp->s6_addr);

	if (pi >= 0 && !p->n_prefix)
		pool_mark(d->lma, pi, true);
}

static size_t nai_hash(const struct lma *l, const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h & (l->n_bucket - 1);
}

struct lma_mn *lma_mn_find(struct lma *l, const struct pmipd_mn_profile *prof)
{
	struct lma_mn *m = l->bucket[nai_hash(l, (const uint8_t *)prof->nai, prof->nai_len)];

	while (m && m->prof != prof)
		m = m->hnext;
	return m;
}

struct lma_mn *lma_mn_get(struct lma *l, const struct pmipd_mn_profile *prof)
{
	size_t b = nai_hash(l, (const uint8_t *)prof->nai, prof->nai_len);
	struct lma_mn *m = lma_mn_find(l, prof);

	if (m)
		return m;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->prof = prof;
	m->hnext = l->bucket[b];
	l->bucket[b] = m;
	return m;
}

void lma_mn_put(struct lma *l, struct lma_mn *m)
{
	struct lma_mn **pp;

	if (m->bces)
		return;
	pp = &l->bucket[nai_hash(l, (const uint8_t *)m->prof->nai, m->prof->nai_len)];
	while (*pp != m)
		pp = &(*pp)->hnext;
	*pp = m->hnext;
	free(m);
}

static bool hnp_held(const struct lma_mn *m, const struct lma_bce *except,
		     const struct in6_addr *p)
{
	for (const struct lma_bce *b = m->bces; b; b = b->next) {
		if (b == except)
			continue;
		for (unsigned int i = 0; i < b->n_hnp; i++)
			if (IN6_ARE_ADDR_EQUAL(&b->hnp[i], p))
				return true;
	}
	return false;
}

static void to_kernel(const struct lma_bce *b, struct pmip6_bce *k)
{
	uint64_t now = pmipd_now_ms();

	memset(k, 0, sizeof(*k));
	k->mn.len = b->mn->prof->nai_len;
	memcpy(k->mn.id, b->mn->prof->nai, k->mn.len);
	k->bid = b->bid;
	/* b keeps BID-PRI as the PBU sent it (the PBA copies it, RFC 6089
	 * 5.3.5); the kernel gets its rank: 0 (RFC 5648 format) last. */
	k->bid_pri = pmip6_bid_pri_rank(b->bid_pri);
	k->att = b->att;
	k->ll_id_len = b->ll_id_len;
	memcpy(k->ll_id, b->ll_id, b->ll_id_len);
	k->proxy_coa = b->coa;
	k->n_hnp = b->n_hnp;
	for (unsigned int i = 0; i < b->n_hnp; i++) {
		k->hnp[i].prefix = b->hnp[i];
		k->hnp[i].len = 64;
	}
	/* What a restarted pmipd needs to adopt the binding (lma_adopt.c). */
	k->reg.present = true;
	k->reg.lifetime = b->dereg ? 0 : b->lifetime;
	k->reg.remaining_ms = (uint32_t)(b->ends_ms > now ? b->ends_ms - now : 0);
	k->reg.sequence = b->last_seq;
	k->reg.has_timestamp = b->has_ts;
	k->reg.timestamp = b->last_ts;
	k->reg.has_mag_ll_addr = b->has_mag_ll;
	k->reg.mag_ll_addr = b->mag_ll;
}

/* Unroute b's prefixes that no other binding of its MN holds. */
static void routes_del(struct pmipd *d, const struct lma_bce *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!hnp_held(b->mn, b, &b->hnp[i]))
			pmipd_rt_route(d, false, &b->hnp[i], 64, d->pmip6_ifindex);
}

/*
 * All or nothing: a new binding whose prefix cannot be routed is removed
 * from the kernel again, so that a refusal leaves the kernel as it was.
 */
int lma_kernel_put(struct pmipd *d, const struct lma_bce *b, bool create)
{
	char err[PMIP6_ERRLEN];
	struct pmip6_bce k;
	int rc;

	to_kernel(b, &k);
	rc = create ? pmip6_bce_new(d->genl, &k, err, sizeof(err)) :
		      pmip6_bce_set(d->genl, &k, err, sizeof(err));
	if (rc) {
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "kernel BCE %s %s bid %u: %s", create ? "add" : "update",
			  b->mn->prof->nai, b->bid, err);
		/* No answer: the kernel may have made it all the same. */
		if (create && rc == -ETIMEDOUT)
			pmip6_bce_del(d->genl, &k.mn, b->bid, err, sizeof(err));
		return rc;
	}
	for (unsigned int i = 0; create && i < b->n_hnp; i++) {
		rc = pmipd_rt_route(d, true, &b->hnp[i], 64, d->pmip6_ifindex);
		if (!rc)
			continue;
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "route for %s's prefix: %s", b->mn->prof->nai,
			  strerror(-rc));
		routes_del(d, b, i);
		if (pmip6_bce_del(d->genl, &k.mn, b->bid, err, sizeof(err)))
			pmipd_log(d, LOG_ERR, "kernel BCE delete %s bid %u: %s",
				  b->mn->prof->nai, b->bid, err);
		return rc;
	}
	return 0;
}

/* The one removal path: kernel entry, routes no other BCE needs, memory. */
static void bce_destroy(struct pmipd *d, struct lma_bce *b)
{
	struct lma_mn *m = b->mn;
	const struct pmipd_mn_profile *prof = m->prof;
	struct lma_bce **pp = &m->bces;
	char err[PMIP6_ERRLEN];
	struct pmip6_mn_id id;

	pmipd_timer_cancel(&d->timers, &b->timer);
	if (b->pending) {
		pmipd_timer_cancel(&d->timers, &b->pending->timer);
		free(b->pending);
	}
	id.len = m->prof->nai_len;
	memcpy(id.id, m->prof->nai, id.len);
	if (pmip6_bce_del(d->genl, &id, b->bid, err, sizeof(err))) {
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "kernel BCE delete %s bid %u: %s", m->prof->nai,
			  b->bid, err);
	}
	for (unsigned int i = 0; i < b->n_hnp; i++) {
		long pi = pool_index(d, b->hnp[i].s6_addr);

		if (hnp_held(m, b, &b->hnp[i]))
			continue;
		ro_lma_hnp_gone(d, &b->hnp[i], 1);
		pmipd_rt_route(d, false, &b->hnp[i], 64, d->pmip6_ifindex);
		if (pi >= 0 && !m->prof->n_prefix)
			pool_mark(d->lma, pi, false);	/* back to the pool */
	}
	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
	d->lma->n_bce--;
	free(b->offlink);
	free(b);
	lma_mn_put(d->lma, m);
	if (!d->lma->stopping)
		lma_flow_policy(d, prof);
}

static void bce_timer(struct pmipd_timer *t)
{
	struct lma_bce *b = (struct lma_bce *)((char *)t - offsetof(struct lma_bce, timer));
	struct pmipd *d = b->d;

	if (b->dereg)
		pmipd_log(d, LOG_INFO, "%s bid %u: deleted after de-registration",
			  b->mn->prof->nai, b->bid);
	else
		pmipd_log(d, LOG_INFO, "%s bid %u: binding lifetime expired",
			  b->mn->prof->nai, b->bid);
	if (!b->dereg)
		d->stats.expired++;
	bce_destroy(d, b);
}

void lma_bce_link(struct pmipd *d, struct lma_mn *m, struct lma_bce *b)
{
	b->d = d;
	b->mn = m;
	pmipd_timer_init(&b->timer, bce_timer);
	b->next = m->bces;
	m->bces = b;
	d->lma->n_bce++;
	if (pmipd_timer_arm(&d->timers, &b->timer, b->ends_ms))
		pmipd_log(d, LOG_ERR, "no memory for %s's lifetime timer", m->prof->nai);
}

/* Sequence numbers compare modulo 2^16 (RFC 6275 9.5.1). */
static bool seq_newer(uint16_t a, uint16_t b)
{
	return (int16_t)(a - b) > 0;
}

/*
 * RFC 5213 5.3.1: the MN is authorized for the prefix: one of its
 * profile's, or, for an MN without any, a pool prefix that this LMA
 * assigned to it and that one of its bindings still holds. A free pool
 * prefix is not the MN's to claim; the PBU asks for one with ::/0 (5.3.2).
 * A restarted LMA knows its assignments again from the kernel (lma_adopt.c).
 */
static bool prefix_allowed(struct pmipd *d, const struct pmipd_mn_profile *p,
			   const uint8_t *prefix)
{
	struct lma_mn *m;
	struct in6_addr a;

	for (unsigned int i = 0; i < p->n_prefix; i++)
		if (!memcmp(p->prefix[i].addr.s6_addr, prefix, 16))
			return true;
	if (p->n_prefix || pool_index(d, prefix) < 0)
		return false;
	memcpy(a.s6_addr, prefix, 16);
	m = lma_mn_find(d->lma, p);
	return m && hnp_held(m, NULL, &a);
}

struct pbu_ctx {
	struct pmipd *d;
	const struct in6_addr *mag;
	const struct mh_msg *pbu;
	const struct pmipd_mn_profile *prof;
	bool held;		/* a held PBU: its order was checked on arrival */
	struct mh_msg pba;
};

static void pba_init(struct pbu_ctx *c)
{
	const struct mh_options *in = &c->pbu->opts;
	struct mh_options *out = &c->pba.opts;
	uint64_t echo = mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
			mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) | mh_opt_bit(MH_OPT_MN_LL_ID) |
			mh_opt_bit(MH_OPT_TIMESTAMP) | mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR);

	/* RFC 5213 5.3.6: the PBA echoes the PBU's identifying options. */
	mh_msg_init(&c->pba, MH_MSG_PBA);
	c->pba.pba.flags = MH_PBA_FLAG_P;
	c->pba.pba.sequence = c->pbu->pbu.sequence;
	out->present = in->present & echo;
	out->mn_id = in->mn_id;
	out->handoff_indicator = in->handoff_indicator;
	out->access_tech_type = in->access_tech_type;
	out->mn_ll_id = in->mn_ll_id;
	out->timestamp = in->timestamp;
	/* RFC 5213 5.3.6: the Link-local Address option only if the PBU
	 * had one; the session's address replaces it once accepted
	 * (session_link_local()). */
	memcpy(out->link_local_addr, in->link_local_addr, 16);
	out->hnp_count = in->hnp_count;
	memcpy(out->hnp, in->hnp, sizeof(out->hnp[0]) * in->hnp_count);
	for (unsigned int i = 0; i < out->hnp_count; i++)
		out->hnp[i].off_link = false;
	out->bid_count = in->bid_count;
	memcpy(out->bid, in->bid, sizeof(out->bid[0]) * in->bid_count);
}

static void pba_send(struct pbu_ctx *c, uint8_t status)
{
	struct pmipd *d = c->d;
	char a[INET6_ADDRSTRLEN];

	c->pba.pba.status = status;
	if (status >= 128) {
		c->pba.pba.lifetime_units = 0;
		/* RFC 5213 5.3.6: a rejection copies the request's. */
		memcpy(c->pba.opts.link_local_addr, c->pbu->opts.link_local_addr, 16);
		bool has_id = c->pbu->opts.present & mh_opt_bit(MH_OPT_MN_ID);

		pmipd_log(d, LOG_NOTICE, "PBU from %s for %.*s rejected: %s (%u)",
			  pmipd_addr(c->mag, a), has_id ? (int)c->pbu->opts.mn_id.len : 11,
			  has_id ? (const char *)c->pbu->opts.mn_id.id : "(no MN-ID)",
			  mh_pba_status_name(status), status);
	}
	if (!pmipd_mh_send(d, c->mag, &c->pba)) {
		d->stats.pba_tx++;
		d->stats.pba_status[status]++;
	}
}

/* The PBA carries the prefixes and BID the binding really has. */
static void pba_fill_binding(struct pbu_ctx *c, const struct lma_bce *b)
{
	struct mh_options *o = &c->pba.opts;

	o->hnp_count = (uint8_t)b->n_hnp;
	for (unsigned int i = 0; i < b->n_hnp; i++) {
		o->hnp[i] = (struct mh_hnp){ .prefix_len = 64 };
		memcpy(o->hnp[i].prefix, b->hnp[i].s6_addr, 16);
	}
	/* Always: the MAG learns which binding it serves (RFC 7864 3.2.1). */
	o->bid_count = 1;
	o->bid[0] = (struct mh_binding_id){ .bid = b->bid, .priority = b->bid_pri };
}

/*
 * RFC 5213 5.3.6, 6.8: the MAG's link-local address on the MN's access
 * link, when the PBU carries the Link-local Address option: a non-zero
 * one is the MAG's and the session takes it; ALL_ZERO asks for the
 * session's, which the LMA generates when the session has none yet (a
 * new one, or one that no MAG asked for before). Generated once, it is
 * what every MAG the session moves to is given: the MN's default router
 * stays the same at a handover (6.9.3). With fixed-mag-link-local, the
 * domain's fixed address is the one "generated". b is the session as the
 * PBU leaves it (not yet committed); the PBA carries its address.
 */
static void session_link_local(struct pbu_ctx *c, struct lma_bce *b)
{
	const struct mh_options *o = &c->pbu->opts;

	if (!(o->present & mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR)))
		return;
	if (lladdr_classify(o->link_local_addr) == LLADDR_LINK_LOCAL) {
		memcpy(b->mag_ll.s6_addr, o->link_local_addr, 16);
		b->has_mag_ll = true;
	} else if (!b->has_mag_ll && c->d->cfg.has_fixed_mag_ll) {
		b->mag_ll = c->d->cfg.fixed_mag_ll;
		b->has_mag_ll = true;
	} else if (!b->has_mag_ll) {
		uint8_t iid[8];

		do {
			/* getrandom() of 8 octets does not fail once the
			 * pool is up; random() covers the moment before. */
			if (getrandom(iid, sizeof(iid), 0) != (ssize_t)sizeof(iid))
				for (size_t i = 0; i < sizeof(iid); i++)
					iid[i] = (uint8_t)random();
		} while (!lladdr_generate(iid, &b->mag_ll));
		b->has_mag_ll = true;
	}
	memcpy(c->pba.opts.link_local_addr, b->mag_ll.s6_addr, 16);
}

/* RFC 5213 5.3.1: grant at most the profile's (or the global) lifetime. */
static void set_granted(struct pbu_ctx *c, struct lma_bce *b)
{
	uint32_t max = c->prof->lifetime ? c->prof->lifetime : c->d->cfg.lifetime;
	uint32_t want = (uint32_t)c->pbu->pbu.lifetime_units * 4u;

	b->lifetime = want < max ? want : max;
	c->pba.pba.lifetime_units = (uint16_t)(b->lifetime / 4u);
	b->lifetime = c->pba.pba.lifetime_units * 4u;
	pba_fill_binding(c, b);
}

static uint16_t free_bid(const struct lma_mn *m)
{
	for (uint32_t bid = 1; bid <= 0xffff; bid++) {
		const struct lma_bce *b = m->bces;

		while (b && b->bid != bid)
			b = b->next;
		if (!b)
			return (uint16_t)bid;
	}
	return 0;
}

/*
 * The prefixes of a new session: those it shares, those the PBU names, or
 * one the LMA assigns (RFC 5213 5.3.2). Nothing is marked used yet. On
 * failure, the PBA status.
 */
static uint8_t session_prefixes(struct pbu_ctx *c, struct lma_mn *m, const struct lma_bce *shared,
				struct lma_bce *b)
{
	const struct mh_options *o = &c->pbu->opts;
	struct pmipd *d = c->d;

	if (shared) {
		b->n_hnp = shared->n_hnp;
		memcpy(b->hnp, shared->hnp, sizeof(b->hnp));
	} else if (o->hnp[0].prefix_len) {
		for (unsigned int i = 0; i < o->hnp_count; i++)
			memcpy(b->hnp[b->n_hnp++].s6_addr, o->hnp[i].prefix, 16);
	} else if (!c->prof->n_prefix && d->cfg.has_pool) {
		if (!pool_find(d, &b->hnp[0])) {
			pmipd_log(d, LOG_WARNING, "%s: the prefix pool is exhausted", c->prof->nai);
			return MH_PBA_INSUFFICIENT_RESOURCES;
		}
		b->n_hnp = 1;
	} else {
		/* One prefix of the profile no other session of the MN holds. */
		for (unsigned int i = 0; i < c->prof->n_prefix && !b->n_hnp; i++)
			if (!hnp_held(m, NULL, &c->prof->prefix[i].addr))
				b->hnp[b->n_hnp++] = c->prof->prefix[i].addr;
		if (!b->n_hnp) {
			pmipd_log(d, LOG_WARNING, "%s: no free prefix in its profile",
				  c->prof->nai);
			return MH_PBA_INSUFFICIENT_RESOURCES;
		}
	}
	return MH_PBA_ACCEPTED;
}

/*
 * A new mobility session (RFC 5213 5.3.2); shared: the prefixes to share.
 * Decide everything, then ask the kernel, then commit: a refusal leaves
 * the daemon's state exactly as it was.
 */
static void new_session(struct pbu_ctx *c, struct lma_mn *m, const struct lma_bce *shared)
{
	struct lma_prefix_move moves[PMIP6_BCE_HNP_MAX];
	const struct mh_options *o = &c->pbu->opts;
	struct pmipd *d = c->d;
	unsigned int n_moves = 0;
	struct lma_bce *b;
	uint8_t status;

	if (c->pbu->pbu.lifetime_units == 0) {
		/* De-registration of nothing: nothing to do (RFC 5213 5.3.5). */
		pba_send(c, MH_PBA_ACCEPTED);
		return;
	}
	b = calloc(1, sizeof(*b));
	if (!b) {
		pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
		return;
	}
	b->d = d;
	b->mn = m;
	pmipd_timer_init(&b->timer, bce_timer);
	status = session_prefixes(c, m, shared, b);
	b->bid = o->bid_count ? o->bid[0].bid : free_bid(m);
	b->bid_pri = o->bid_count ? o->bid[0].priority : 0;
	if (!status && !b->bid)
		status = MH_PBA_INSUFFICIENT_RESOURCES;
	if (status) {
		free(b);
		pba_send(c, status);
		return;
	}
	b->att = o->access_tech_type;
	if (o->present & mh_opt_bit(MH_OPT_MN_LL_ID)) {
		b->ll_id_len = o->mn_ll_id.len < sizeof(b->ll_id) ? o->mn_ll_id.len : sizeof(b->ll_id);
		memcpy(b->ll_id, o->mn_ll_id.id, b->ll_id_len);
	}
	b->coa = *c->mag;
	b->last_seq = c->pbu->pbu.sequence;
	b->has_ts = o->present & mh_opt_bit(MH_OPT_TIMESTAMP);
	b->last_ts = o->timestamp;
	if (!shared)
		n_moves = lma_prefix_moves_plan(d, m, b, moves);
	session_link_local(c, b);
	set_granted(c, b);
	b->registered_ms = pmipd_now_ms();
	b->ends_ms = b->registered_ms + (uint64_t)b->lifetime * 1000u;
	if (lma_kernel_put(d, b, true)) {
		free(b);
		pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
		return;
	}
	/* Accepted by the kernel: from here on nothing fails. */
	for (unsigned int i = 0; i < b->n_hnp; i++)
		lma_pool_take(d, c->prof, &b->hnp[i]);
	lma_bce_link(d, m, b);
	lma_prefix_moves_commit(d, m, b, moves, n_moves);
	pba_send(c, MH_PBA_ACCEPTED);
	pmipd_log(d, LOG_INFO, "%s bid %u: registered (%u s)%s", c->prof->nai, b->bid,
		  b->lifetime, shared ? ", sharing prefixes" : "");
	lma_flow_policy(d, c->prof);
}

static void resolve_pending(struct pmipd *d, struct lma_bce *b, bool handoff);

/*
 * b as the accepted PBU leaves it, written to the kernel before b itself
 * changes: a refusal leaves b as it was. A change of what the packet path
 * uses (a handoff) is refused with the kernel; a change of the
 * registration state alone (a refresh) is not: the kernel then keeps the
 * previous one, which matters only to a restart, and says so in the log.
 */
static int session_commit(struct pbu_ctx *c, struct lma_bce *b, struct lma_bce *next)
{
	bool path = !IN6_ARE_ADDR_EQUAL(&b->coa, &next->coa) || b->att != next->att ||
		    b->bid_pri != next->bid_pri;

	if (lma_kernel_put(c->d, next, false) && path)
		return -1;
	b->coa = next->coa;
	b->last_seq = next->last_seq;
	b->has_ts = next->has_ts;
	b->last_ts = next->last_ts;
	b->att = next->att;
	b->bid_pri = next->bid_pri;
	b->lifetime = next->lifetime;
	b->has_mag_ll = next->has_mag_ll;
	b->mag_ll = next->mag_ll;
	b->dereg = next->dereg;
	b->ends_ms = next->ends_ms;
	if (!next->dereg)
		b->registered_ms = pmipd_now_ms();	/* heartbeat.c: after a MAG's restart? */
	pmipd_timer_arm(&c->d->timers, &b->timer, b->ends_ms);
	return 0;
}

/* Registration, re-registration, handoff or de-registration of b. */
static void update_session(struct pbu_ctx *c, struct lma_bce *b)
{
	const struct mh_options *o = &c->pbu->opts;
	bool same_mag = IN6_ARE_ADDR_EQUAL(&b->coa, c->mag);
	bool has_ts = o->present & mh_opt_bit(MH_OPT_TIMESTAMP);
	struct pmipd *d = c->d;
	char a[INET6_ADDRSTRLEN];
	struct lma_bce next;

	/* RFC 5213 5.5: timestamps when present, else sequence numbers. */
	if (has_ts && b->has_ts && o->timestamp <= b->last_ts && !c->held) {
		pba_send(c, MH_PBA_TIMESTAMP_LOWER_THAN_PREV_ACCEPTED);
		return;
	}
	if (!has_ts && same_mag && !seq_newer(c->pbu->pbu.sequence, b->last_seq)) {
		c->pba.pba.sequence = b->last_seq;
		pba_send(c, MH_PBA_SEQUENCE_OUT_OF_WINDOW);
		return;
	}
	/* A copy to decide on; only session_commit() changes b. */
	next = *b;
	if (c->pbu->pbu.lifetime_units == 0) {
		/*
		 * RFC 5213 5.3.5: from the MAG the binding points at, keep the
		 * entry MinDelayBeforeBCEDelete (a handoff PBU may follow);
		 * from another MAG, the MN has already moved: change nothing.
		 */
		pba_fill_binding(c, b);
		c->pba.pba.lifetime_units = 0;
		if ((c->pbu->opts.present & mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR)) && b->has_mag_ll)
			memcpy(c->pba.opts.link_local_addr, b->mag_ll.s6_addr, 16);
		if (same_mag) {
			next.dereg = true;
			next.last_seq = c->pbu->pbu.sequence;
			next.ends_ms = pmipd_now_ms() + d->cfg.min_delay_bce_delete_ms;
			if (session_commit(c, b, &next)) {
				pba_send(c, MH_PBA_REASON_UNSPECIFIED);
				return;
			}
		}
		pba_send(c, MH_PBA_ACCEPTED);
		pmipd_log(d, LOG_INFO, "%s bid %u: de-registration from %s%s", c->prof->nai,
			  b->bid, pmipd_addr(c->mag, a), same_mag ? "" : " (old MAG, ignored)");
		/* The de-registration a held PBU waited for: a handoff. */
		if (same_mag && b->pending)
			resolve_pending(d, b, true);
		return;
	}
	next.coa = *c->mag;
	next.last_seq = c->pbu->pbu.sequence;
	next.has_ts = has_ts;
	next.last_ts = o->timestamp;
	next.att = o->access_tech_type;
	if (o->bid_count)
		next.bid_pri = o->bid[0].priority;
	next.dereg = false;
	session_link_local(c, &next);
	set_granted(c, &next);
	next.ends_ms = pmipd_now_ms() + (uint64_t)next.lifetime * 1000u;
	/*
	 * Every refresh goes to the kernel (RFC 5213 5.3.3): the binding's
	 * lifetime, sequence number and timestamp are kept there for a
	 * restart. The kernel writes such a change in place.
	 */
	if (session_commit(c, b, &next)) {
		pba_send(c, MH_PBA_REASON_UNSPECIFIED);
		return;
	}
	pba_send(c, MH_PBA_ACCEPTED);
	/*
	 * A refresh (RFC 5213 5.3.3) comes from every MN every lifetime or so:
	 * at debug level, or the log is mostly refreshes and its write() is
	 * a good part of what a refresh costs (Documentation/benchmarks.md).
	 */
	pmipd_log(d, same_mag ? LOG_DEBUG : LOG_INFO, "%s bid %u: %s via %s (%u s)", c->prof->nai,
		  b->bid, same_mag ? "re-registered" : "handoff", pmipd_addr(c->mag, a),
		  b->lifetime);
	if (!same_mag) {
		lma_flow_policy(d, c->prof);
		ro_lma_handoff(d, b->hnp, b->n_hnp, &b->coa);
	}
}

static void resolve_pending(struct pmipd *d, struct lma_bce *b, bool handoff)
{
	struct lma_pending *p = b->pending;
	struct pbu_ctx *c = calloc(1, sizeof(*c));

	pmipd_timer_cancel(&d->timers, &p->timer);
	b->pending = NULL;
	if (c) {
		c->d = d;
		c->mag = &p->mag;
		c->pbu = &p->pbu;
		c->prof = b->mn->prof;
		c->held = true;
		pba_init(c);
		pmipd_log(d, LOG_INFO, "%s: held PBU is %s", c->prof->nai,
			  handoff ? "a handoff" : "a new attachment (no de-registration came)");
		if (handoff)
			update_session(c, b);
		else
			new_session(c, b->mn, NULL);
		free(c);
	}
	free(p);
}

void lma_pbu_resume(struct pmipd *d, const struct in6_addr *mag, const struct mh_msg *pbu,
		    uint16_t bid, uint8_t status)
{
	struct pbu_ctx *c = calloc(1, sizeof(*c));
	struct lma_bce *b;
	struct lma_mn *m;

	if (!c)
		return;
	c->d = d;
	c->mag = mag;
	c->pbu = pbu;
	c->held = true;
	c->prof = pmipd_config_mn(&d->cfg, pbu->opts.mn_id.id, pbu->opts.mn_id.len);
	pba_init(c);
	m = c->prof && !status ? lma_mn_get(d->lma, c->prof) : NULL;
	if (!m) {
		pba_send(c, status ? status : MH_PBA_INSUFFICIENT_RESOURCES);
		free(c);
		return;
	}
	for (b = m->bces; b && b->bid != bid; b = b->next)
		;
	if (b)
		update_session(c, b);
	else
		new_session(c, m, NULL);
	lma_mn_put(d->lma, m);
	free(c);
}

static void pending_timer(struct pmipd_timer *t)
{
	struct lma_pending *p = (struct lma_pending *)((char *)t -
						     offsetof(struct lma_pending, timer));

	resolve_pending(p->b->d, p->b, false);
}

/* Hold the PBU; the newest one replaces an older one. */
static void defer_pbu(struct pbu_ctx *c, struct lma_bce *b)
{
	struct pmipd *d = c->d;
	struct lma_pending *p = b->pending;

	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p) {
			pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
			return;
		}
		p->b = b;
		pmipd_timer_init(&p->timer, pending_timer);
		b->pending = p;
		pmipd_timer_arm(&d->timers, &p->timer,
				pmipd_now_ms() + d->cfg.max_delay_new_bce_ms);
	}
	p->pbu = *c->pbu;
	p->mag = *c->mag;
	pmipd_log(d, LOG_INFO, "%s: handoff or new attachment? holding the PBU up to %u ms",
		  c->prof->nai, d->cfg.max_delay_new_bce_ms);
}

static const char *lookup_verdict_name(enum lma_lookup_verdict v)
{
	switch (v) {
	case LMA_LOOKUP_NEW:
		return "a new mobility session";
	case LMA_LOOKUP_NEW_SHARING:
		return "a new mobility session sharing prefixes";
	case LMA_LOOKUP_UPDATE:
		return "an update";
	case LMA_LOOKUP_HOLD:
		return "held for a de-registration";
	case LMA_LOOKUP_REJECT:
		return "refused";
	case LMA_LOOKUP_IGNORE:
		return "ignored";
	}
	return "?";
}

static void handle_pbu(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *pbu,
		       uint64_t arrival)
{
	struct pbu_ctx *c = calloc(1, sizeof(*c));
	const struct mh_options *o = &pbu->opts;
	char a[INET6_ADDRSTRLEN];
	struct lma_lookup look;
	struct lma_bce *cand;
	struct lma_mn *m;
	bool zero;

	d->stats.pbu_rx++;
	if (!c) {
		pmipd_log(d, LOG_ERR, "out of memory for a PBU");
		return;
	}
	c->d = d;
	c->mag = src;
	c->pbu = pbu;
	pba_init(c);

	/* RFC 5213 5.3.1, in its order. */
	if (!(pbu->pbu.flags & MH_PBU_FLAG_P)) {
		pba_send(c, MH_PBA_PROXY_REG_NOT_ENABLED);
		goto out;
	}
	if (!(o->present & mh_opt_bit(MH_OPT_MN_ID))) {
		pba_send(c, MH_PBA_MISSING_MN_IDENTIFIER_OPTION);
		goto out;
	}
	c->prof = pmipd_config_mn(&d->cfg, o->mn_id.id, o->mn_id.len);
	if (!c->prof) {
		pba_send(c, MH_PBA_NOT_LMA_FOR_THIS_MOBILE_NODE);
		goto out;
	}
	if (!pmipd_config_mag_allowed(&d->cfg, c->prof, src)) {
		pba_send(c, MH_PBA_MAG_NOT_AUTHORIZED_FOR_PROXY_REG);
		goto out;
	}
	if (o->present & mh_opt_bit(MH_OPT_TIMESTAMP)) {
		/*
		 * RFC 5213 5.5: within TimestampValidityWindow of our clock,
		 * when the PBU arrived: time it waited in our socket behind
		 * others is ours, not a fault of the MAG's clock. The PBA
		 * carries our clock as it is now (5.5 rule 9).
		 */
		uint64_t diff = arrival > o->timestamp ? arrival - o->timestamp :
							 o->timestamp - arrival;

		if (diff > ((uint64_t)d->cfg.timestamp_window_ms << 16) / 1000u) {
			c->pba.opts.timestamp = pmipd_timestamp_now();
			pba_send(c, MH_PBA_TIMESTAMP_MISMATCH);
			goto out;
		}
	}
	if (!o->hnp_count) {
		pba_send(c, MH_PBA_MISSING_HOME_NETWORK_PREFIX_OPTION);
		goto out;
	}
	if (!(o->present & mh_opt_bit(MH_OPT_HANDOFF_INDICATOR))) {
		pba_send(c, MH_PBA_MISSING_HANDOFF_INDICATOR_OPTION);
		goto out;
	}
	if (!(o->present & mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE))) {
		pba_send(c, MH_PBA_MISSING_ACCESS_TECH_TYPE_OPTION);
		goto out;
	}
	if ((o->present & mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR)) &&
	    lladdr_classify(o->link_local_addr) == LLADDR_INVALID) {
		/*
		 * RFC 5213 8.7: a link-local address, or ALL_ZERO to ask for
		 * one (6.9.1.1 rule 9). Anything else would end up as the
		 * source of the MN's Router Advertisements at every MAG it
		 * moves to: refused, before it touches the binding.
		 */
		struct in6_addr bad;
		char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

		memcpy(bad.s6_addr, o->link_local_addr, 16);
		pmipd_log(d, LOG_NOTICE, "PBU from %s for %s: its Link-local Address option carries %s, neither ALL_ZERO nor a link-local unicast address (RFC 5213 8.7)",
			  pmipd_addr(src, a), c->prof->nai, pmipd_addr(&bad, b));
		pba_send(c, MH_PBA_REASON_UNSPECIFIED);
		goto out;
	}
	zero = o->hnp[0].prefix_len == 0;
	for (unsigned int i = 0; i < o->hnp_count; i++) {
		bool twice = false;

		/* A prefix named twice is no set the MN can be authorized for. */
		for (unsigned int j = 0; j < i && !zero; j++)
			twice |= !memcmp(o->hnp[j].prefix, o->hnp[i].prefix, 16);
		if ((o->hnp[i].prefix_len == 0) != zero || twice ||
		    (!zero && (o->hnp[i].prefix_len != 64 ||
			       !prefix_allowed(d, c->prof, o->hnp[i].prefix)))) {
			pba_send(c, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX);
			goto out;
		}
	}

	m = lma_mn_get(d->lma, c->prof);
	if (!m) {
		pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
		goto out;
	}
	/* Binding cache lookup, RFC 5213 5.4.1 as updated by RFC 7864 3.2.1. */
	lma_bce_lookup(m->bces, o, src, !pbu->pbu.lifetime_units, &look);
	pmipd_log(d, LOG_DEBUG, "%s: PBU from %s: %s (%s)", c->prof->nai, pmipd_addr(src, a),
		  lookup_verdict_name(look.verdict), look.rule);
	switch (look.verdict) {
	case LMA_LOOKUP_NEW:
		new_session(c, m, NULL);
		break;
	case LMA_LOOKUP_NEW_SHARING:
		new_session(c, m, look.bce);
		break;
	case LMA_LOOKUP_IGNORE:
		d->stats.pbu_ignored++;
		pmipd_log(d, LOG_INFO, "%s: de-registration from %s for no session of the MN: ignored (%s)",
			  c->prof->nai, pmipd_addr(src, a), look.rule);
		break;
	case LMA_LOOKUP_REJECT:
		pmipd_log(d, LOG_NOTICE, "%s: PBU from %s refused with status %u: %s bid %u holds its prefixes (%s)",
			  c->prof->nai, pmipd_addr(src, a), look.status,
			  look.status == MH_PBA_BCE_PBU_PREFIX_SET_DO_NOT_MATCH ? "not all of them:" :
			  "another session,", look.bce->bid, look.rule);
		pba_send(c, look.status);
		break;
	case LMA_LOOKUP_HOLD:
		cand = look.bce;
		if (!cand->dereg && !IN6_ARE_ADDR_EQUAL(&cand->coa, src)) {
			/*
			 * RFC 5213 5.4.1.2 rule 4, 5.4.1.3 rule 3: nothing tells
			 * a handoff (HI 4) from a new attachment while the old
			 * MAG still holds the binding: wait
			 * MaxDelayBeforeNewBCEAssign for its de-registration.
			 * Its timestamp is checked now, against what was
			 * accepted before it arrived.
			 */
			if ((o->present & mh_opt_bit(MH_OPT_TIMESTAMP)) && cand->has_ts &&
			    o->timestamp <= cand->last_ts)
				pba_send(c, MH_PBA_TIMESTAMP_LOWER_THAN_PREV_ACCEPTED);
			else
				defer_pbu(c, cand);
			break;
		}
		/* Its MAG let it go, or is the sender: an update. */
		/* fall through */
	case LMA_LOOKUP_UPDATE:
		/* (A live binding's move to another MAG waits for the old
		 * MAG's word first: lma_handoff.c.) */
		if (!lma_handoff_hold(d, look.bce, src, pbu))
			update_session(c, look.bce);
		break;
	}
	lma_mn_put(d->lma, m);
out:
	free(c);
}

void lma_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg,
		uint64_t arrival)
{
	char a[INET6_ADDRSTRLEN];

	switch (msg->kind) {
	case MH_MSG_PBU:
		handle_pbu(d, src, msg, arrival);
		lma_handoff_pbu_seen(d, src, msg);
		return;
	case MH_MSG_BRA:
		lma_handle_bra(d, src, msg);
		return;
	case MH_MSG_UPA:
		if (!lma_handoff_upa(d, src, msg))
			lma_handle_fma(d, src, msg);
		return;
	case MH_MSG_RO:
		ro_handle(d, src, msg);
		return;
	default:
		d->stats.mh_rx_unexpected++;
		pmipd_log(d, LOG_NOTICE, "ignored %s from %s: not for an LMA",
			  mh_msg_kind_name(msg->kind), pmipd_addr(src, a));
	}
}

int lma_start(struct pmipd *d)
{
	size_t n = LMA_BUCKETS_MIN;

	while (n < d->cfg.n_mn)
		n *= 2;
	d->lma = calloc(1, sizeof(*d->lma));
	if (!d->lma)
		return -ENOMEM;
	d->lma->n_bucket = n;
	d->lma->bucket = calloc(n, sizeof(*d->lma->bucket));
	if (!d->lma->bucket) {
		free(d->lma);
		d->lma = NULL;
		return -ENOMEM;
	}
	if (d->cfg.has_pool) {
		d->lma->pool_size = 1u << (64 - d->cfg.pool.len);
		d->lma->pool_used = calloc(d->lma->pool_size / 8 + 1, 1);
		if (!d->lma->pool_used) {
			free(d->lma->bucket);
			free(d->lma);
			d->lma = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* Forget b without touching the kernel (a stop that keeps the state). */
static void bce_forget(struct pmipd *d, struct lma_bce *b)
{
	struct lma_mn *m = b->mn;
	struct lma_bce **pp = &m->bces;

	pmipd_timer_cancel(&d->timers, &b->timer);
	if (b->pending) {
		pmipd_timer_cancel(&d->timers, &b->pending->timer);
		free(b->pending);
	}
	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
	d->lma->n_bce--;
	free(b->offlink);
	free(b);
	lma_mn_put(d->lma, m);
}

void lma_stop(struct pmipd *d)
{
	if (!d->lma)
		return;
	/*
	 * By default bindings die with the daemon: the kernel must not
	 * forward on state nobody maintains. With --keep-state (a restart,
	 * an upgrade) the kernel keeps them, and the next pmipd adopts them
	 * (lma_adopt.c) with their lifetimes still counting.
	 */
	d->lma->stopping = true;
	lma_handoff_stop(d);
	for (size_t i = 0; i < d->lma->n_bucket; i++)
		while (d->lma->bucket[i]) {
			if (d->keep_state)
				bce_forget(d, d->lma->bucket[i]->bces);
			else
				bce_destroy(d, d->lma->bucket[i]->bces);
		}
	while (d->lma->txns)
		lma_txn_done(d, d->lma->txns, -ESHUTDOWN, "pmipd is stopping");
	free(d->lma->pool_used);
	free(d->lma->bucket);
	free(d->lma);
	d->lma = NULL;
}

static void show_bce(struct pmipd *d, struct pmipd_out *o, const struct lma_bce *b,
		     uint64_t now, bool first)
{
	uint64_t left = b->ends_ms > now ? (b->ends_ms - now + 999) / 1000 : 0;
	char a[INET6_ADDRSTRLEN];

	if (o->json) {
		pmipd_out(o, "%s{\"mn\":\"%s\",\"bid\":%u,\"bid_pri\":%u,\"proxy_coa\":\"%s\",\"att\":%u,\"hnp\":[",
			  first ? "" : ",", b->mn->prof->nai, b->bid, b->bid_pri,
			  pmipd_addr(&b->coa, a), b->att);
		for (unsigned int i = 0; i < b->n_hnp; i++)
			pmipd_out(o, "%s\"%s/64\"", i ? "," : "", pmipd_addr(&b->hnp[i], a));
		pmipd_out(o, "],\"offlink_hnp\":[");
		for (unsigned int i = 0; i < b->n_offlink; i++)
			pmipd_out(o, "%s\"%s/64\"", i ? "," : "", pmipd_addr(&b->offlink[i], a));
		pmipd_out(o, "],\"lifetime\":%u,\"remaining\":%llu,\"state\":\"%s\",\"sequence\":%u,",
			  b->lifetime, (unsigned long long)left,
			  b->dereg ? "deregistering" : "registered", b->last_seq);
		if (b->has_mag_ll)
			pmipd_out(o, "\"mag_link_local\":\"%s\"}", pmipd_addr(&b->mag_ll, a));
		else
			pmipd_out(o, "\"mag_link_local\":null}");
		return;
	}
	pmipd_out(o, "mn %s bid %u bid_pri %u proxy-coa %s att %u hnp", b->mn->prof->nai,
		  b->bid, b->bid_pri, pmipd_addr(&b->coa, a), b->att);
	for (unsigned int i = 0; i < b->n_hnp; i++)
		pmipd_out(o, " %s/64", pmipd_addr(&b->hnp[i], a));
	if (b->n_offlink)
		pmipd_out(o, " offlink");
	for (unsigned int i = 0; i < b->n_offlink; i++)
		pmipd_out(o, " %s/64", pmipd_addr(&b->offlink[i], a));
	pmipd_out(o, " lifetime %u remaining %llu state %s seq %u", b->lifetime,
		  (unsigned long long)left, b->dereg ? "deregistering" : "registered",
		  b->last_seq);
	if (b->has_mag_ll)
		pmipd_out(o, " mag-link-local %s", pmipd_addr(&b->mag_ll, a));
	pmipd_out(o, "\n");
	(void)d;
}

void lma_show(struct pmipd *d, struct pmipd_out *o)
{
	uint64_t now = pmipd_now_ms();
	bool first = true;

	if (o->json)
		pmipd_out(o, "[");
	for (size_t i = 0; i < d->lma->n_bucket; i++)
		for (const struct lma_mn *m = d->lma->bucket[i]; m; m = m->hnext)
			for (const struct lma_bce *b = m->bces; b; b = b->next) {
				show_bce(d, o, b, now, first);
				first = false;
			}
	if (o->json)
		pmipd_out(o, "]");
}

/* revoke MN-ID [bid N]: RFC 5846 Binding Revocation toward the MAG. */
static int revoke(struct pmipd *d, char **argv, int argc, char *err, size_t errlen)
{
	const struct pmipd_mn_profile *p;
	unsigned long bid = 0;
	struct lma_mn *m;
	struct lma_bce *b;
	struct mh_msg bri;

	if (argc != 2 && !(argc == 4 && !strcmp(argv[2], "bid"))) {
		snprintf(err, errlen, "usage: revoke MN-ID [bid N]");
		return -EINVAL;
	}
	if (argc == 4) {
		char *end;

		bid = strtoul(argv[3], &end, 10);
		if (*end || !bid || bid > 0xffff) {
			snprintf(err, errlen, "invalid BID '%s' (expected 1..65535)", argv[3]);
			return -EINVAL;
		}
	}
	p = pmipd_config_mn(&d->cfg, (const uint8_t *)argv[1], strlen(argv[1]));
	m = p ? lma_mn_find(d->lma, p) : NULL;
	if (!m) {
		snprintf(err, errlen, "no binding for mobile node '%s'", argv[1]);
		return -ENOENT;
	}
	for (b = m->bces; b && bid && b->bid != bid; b = b->next)
		;
	if (!b) {
		snprintf(err, errlen, "mobile node '%s' has no binding with BID %lu", argv[1], bid);
		return -ENOENT;
	}
	while (b) {
		struct lma_bce *next = b->next;

		mh_msg_init(&bri, MH_MSG_BRI);
		bri.bri.trigger = MH_BRI_TRIGGER_ADMINISTRATIVE_REASON;	/* an operator's */
		bri.bri.sequence = (uint16_t)(b->last_seq + 1);
		bri.bri.flags = MH_BR_FLAG_P;
		bri.opts.present = mh_opt_bit(MH_OPT_MN_ID);
		bri.opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
		bri.opts.mn_id.len = (uint8_t)p->nai_len;
		memcpy(bri.opts.mn_id.id, p->nai, p->nai_len);
		for (unsigned int i = 0; i < b->n_hnp; i++) {
			bri.opts.hnp[i] = (struct mh_hnp){ .prefix_len = 64 };
			memcpy(bri.opts.hnp[i].prefix, b->hnp[i].s6_addr, 16);
		}
		bri.opts.hnp_count = (uint8_t)b->n_hnp;
		pmipd_mh_send(d, &b->coa, &bri);
		pmipd_log(d, LOG_INFO, "%s bid %u: revoked", p->nai, b->bid);
		bce_destroy(d, b);
		if (bid)
			break;
		b = next;
	}
	return 0;
}

int lma_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
	    char *err, size_t errlen)
{
	if (!strcmp(argv[0], "bindings") || !strcmp(argv[0], "pending")) {
		if (!strcmp(argv[0], "bindings"))
			lma_show(d, o);
		else if (o->json)
			pmipd_out(o, "[]");
		if (o->json)
			pmipd_out(o, "\n");
		return 0;
	}
	if (!strcmp(argv[0], "revoke"))
		return revoke(d, argv, argc, err, errlen);
	if (!strcmp(argv[0], "flow"))
		return lma_flow_cmd(d, argv, argc, o, err, errlen);
	snprintf(err, errlen, "unknown command '%s' for an LMA (expected show, stats, bindings, pending, revoke or flow)",
		 argv[0]);
	return -EINVAL;
}

bool lma_hnp_coa(struct pmipd *d, const struct in6_addr *hnp, struct in6_addr *coa)
{
	for (size_t i = 0; i < d->lma->n_bucket; i++)
		for (const struct lma_mn *m = d->lma->bucket[i]; m; m = m->hnext)
			for (const struct lma_bce *b = m->bces; b; b = b->next)
				if (!b->dereg && lma_bce_has_hnp(b, hnp->s6_addr)) {
					*coa = b->coa;
					return true;
				}
	return false;
}

void lma_each_coa(struct pmipd *d, void (*fn)(void *arg, const struct in6_addr *coa), void *arg)
{
	for (size_t i = 0; i < d->lma->n_bucket; i++)
		for (const struct lma_mn *m = d->lma->bucket[i]; m; m = m->hnext)
			for (const struct lma_bce *b = m->bces; b; b = b->next)
				if (!b->dereg)
					fn(arg, &b->coa);
}

unsigned int lma_mag_restarted(struct pmipd *d, const struct in6_addr *mag, uint64_t before_ms)
{
	struct gone { const struct pmipd_mn_profile *prof; uint16_t bid; } *gone = NULL;
	size_t n = 0, cap = 0;
	char a[INET6_ADDRSTRLEN];

	/*
	 * Collected first: a removal may change other bindings of the MN
	 * (its flows, bce_destroy() -> lma_flow_policy()).
	 */
	for (size_t i = 0; i < d->lma->n_bucket; i++)
		for (const struct lma_mn *m = d->lma->bucket[i]; m; m = m->hnext)
			for (const struct lma_bce *b = m->bces; b; b = b->next) {
				if (b->dereg || !IN6_ARE_ADDR_EQUAL(&b->coa, mag) ||
				    b->registered_ms > before_ms)
					continue;
				if (n == cap) {
					struct gone *g = realloc(gone, (cap ? cap * 2 : 16) * sizeof(*g));

					if (!g)
						goto out;
					gone = g;
					cap = cap ? cap * 2 : 16;
				}
				gone[n++] = (struct gone){ m->prof, b->bid };
			}
out:
	for (size_t k = 0; k < n; k++) {
		struct lma_mn *m = lma_mn_find(d->lma, gone[k].prof);
		struct lma_bce *b = m ? m->bces : NULL;

		while (b && b->bid != gone[k].bid)
			b = b->next;
		if (!b)
			continue;
		pmipd_log(d, LOG_INFO, "%s bid %u: removed: its MAG %s restarted without its sessions (RFC 5847 3.2)",
			  gone[k].prof->nai, b->bid, pmipd_addr(mag, a));
		bce_destroy(d, b);
	}
	free(gone);
	return (unsigned int)n;
}
