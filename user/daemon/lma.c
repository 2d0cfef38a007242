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

#include <linux/pmip6.h>

#include "../lib/genl.h"
#include "pmipd.h"
#include "lma.h"

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

/* A free /64 of the pool, marked used; false when the pool is exhausted. */
static bool pool_alloc(struct pmipd *d, struct in6_addr *out)
{
	struct lma *l = d->lma;

	for (uint32_t i = 0; i < l->pool_size; i++) {
		uint64_t v;

		if (pool_test(l, i))
			continue;
		pool_mark(l, i, true);
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

static struct lma_mn *mn_get(struct lma *l, const struct pmipd_mn_profile *prof)
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

static void mn_put(struct lma *l, struct lma_mn *m)
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
	memset(k, 0, sizeof(*k));
	k->mn.len = b->mn->prof->nai_len;
	memcpy(k->mn.id, b->mn->prof->nai, k->mn.len);
	k->bid = b->bid;
	k->bid_pri = b->bid_pri;
	k->att = b->att;
	k->ll_id_len = b->ll_id_len;
	memcpy(k->ll_id, b->ll_id, b->ll_id_len);
	k->proxy_coa = b->coa;
	k->n_hnp = b->n_hnp;
	for (unsigned int i = 0; i < b->n_hnp; i++) {
		k->hnp[i].prefix = b->hnp[i];
		k->hnp[i].len = 64;
	}
}

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
		return rc;
	}
	if (create) {
		for (unsigned int i = 0; i < b->n_hnp; i++) {
			rc = pmipd_rt_route(d, true, &b->hnp[i], 64, d->pmip6_ifindex);
			if (rc) {
				d->stats.kernel_errors++;
				pmipd_log(d, LOG_ERR, "route for %s's prefix: %s",
					  b->mn->prof->nai, strerror(-rc));
			}
		}
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
	mn_put(d->lma, m);
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

/* Sequence numbers compare modulo 2^16 (RFC 6275 9.5.1). */
static bool seq_newer(uint16_t a, uint16_t b)
{
	return (int16_t)(a - b) > 0;
}

/*
 * A prefix of the profile; or, for an MN without any, a pool prefix that
 * is free or already its own (after an LMA restart, the MAG's refresh
 * names the prefix the MN had).
 */
static bool prefix_allowed(struct pmipd *d, const struct pmipd_mn_profile *p,
			   const uint8_t *prefix)
{
	struct lma_mn *m;
	struct in6_addr a;
	long pi;

	for (unsigned int i = 0; i < p->n_prefix; i++)
		if (!memcmp(p->prefix[i].addr.s6_addr, prefix, 16))
			return true;
	pi = pool_index(d, prefix);
	if (p->n_prefix || pi < 0)
		return false;
	if (!pool_test(d->lma, pi))
		return true;
	memcpy(a.s6_addr, prefix, 16);
	m = lma_mn_find(d->lma, p);
	return m && hnp_held(m, NULL, &a);
}

static bool hnp_sets_equal(const struct lma_bce *b, const struct mh_options *o)
{
	if (b->n_hnp != o->hnp_count)
		return false;
	for (unsigned int i = 0; i < o->hnp_count; i++) {
		bool found = false;

		for (unsigned int j = 0; j < b->n_hnp && !found; j++)
			found = !memcmp(b->hnp[j].s6_addr, o->hnp[i].prefix, 16);
		if (!found)
			return false;
	}
	return true;
}

bool lma_bce_has_hnp(const struct lma_bce *b, const uint8_t *prefix)
{
	for (unsigned int i = 0; i < b->n_hnp; i++)
		if (!memcmp(b->hnp[i].s6_addr, prefix, 16))
			return true;
	return false;
}

static bool ll_match(const struct lma_bce *b, const struct mh_options *o)
{
	bool has = o->present & mh_opt_bit(MH_OPT_MN_LL_ID);

	return b->att == o->access_tech_type && has &&
	       b->ll_id_len == o->mn_ll_id.len &&
	       !memcmp(b->ll_id, o->mn_ll_id.id, b->ll_id_len);
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
			mh_opt_bit(MH_OPT_TIMESTAMP);

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

static void arm_lifetime(struct pmipd *d, struct lma_bce *b)
{
	b->dereg = false;
	if (pmipd_timer_arm(&d->timers, &b->timer, pmipd_now_ms() + (uint64_t)b->lifetime * 1000u))
		pmipd_log(d, LOG_ERR, "no memory for %s's lifetime timer", b->mn->prof->nai);
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

/* A new mobility session (RFC 5213 5.3.2); shared: the prefixes to share. */
static void new_session(struct pbu_ctx *c, struct lma_mn *m, const struct lma_bce *shared)
{
	const struct mh_options *o = &c->pbu->opts;
	struct pmipd *d = c->d;
	struct lma_bce *b;
	bool zero = o->hnp[0].prefix_len == 0;

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
	if (shared) {
		b->n_hnp = shared->n_hnp;
		memcpy(b->hnp, shared->hnp, sizeof(b->hnp));
	} else if (!zero) {
		for (unsigned int i = 0; i < o->hnp_count; i++) {
			long pi = pool_index(d, o->hnp[i].prefix);

			memcpy(b->hnp[b->n_hnp++].s6_addr, o->hnp[i].prefix, 16);
			if (pi >= 0 && !c->prof->n_prefix)
				pool_mark(d->lma, pi, true);
		}
	} else if (!c->prof->n_prefix && d->cfg.has_pool) {
		/* RFC 5213 5.3.2: the LMA assigns the prefix. */
		if (pool_alloc(d, &b->hnp[0]))
			b->n_hnp = 1;
		if (!b->n_hnp) {
			free(b);
			pmipd_log(d, LOG_WARNING, "%s: the prefix pool is exhausted", c->prof->nai);
			pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
			return;
		}
	} else {
		/* One prefix of the profile no other session of the MN holds. */
		for (unsigned int i = 0; i < c->prof->n_prefix && !b->n_hnp; i++)
			if (!hnp_held(m, NULL, &c->prof->prefix[i].addr))
				b->hnp[b->n_hnp++] = c->prof->prefix[i].addr;
		if (!b->n_hnp) {
			free(b);
			pmipd_log(d, LOG_WARNING, "%s: no free prefix in its profile",
				  c->prof->nai);
			pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
			return;
		}
	}
	b->bid = o->bid_count ? o->bid[0].bid : free_bid(m);
	b->bid_pri = o->bid_count ? o->bid[0].priority : 0;
	if (!b->bid) {
		free(b);
		pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
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
		lma_prefix_moves(d, m, b);
	set_granted(c, b);
	b->next = m->bces;
	m->bces = b;
	d->lma->n_bce++;
	if (lma_kernel_put(d, b, true)) {
		bce_destroy(d, b);
		pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
		return;
	}
	arm_lifetime(d, b);
	pba_send(c, MH_PBA_ACCEPTED);
	pmipd_log(d, LOG_INFO, "%s bid %u: registered (%u s)%s", c->prof->nai, b->bid,
		  b->lifetime, shared ? ", sharing prefixes" : "");
	lma_flow_policy(d, c->prof);
}

static void resolve_pending(struct pmipd *d, struct lma_bce *b, bool handoff);

/* Registration, re-registration, handoff or de-registration of b. */
static void update_session(struct pbu_ctx *c, struct lma_bce *b)
{
	const struct mh_options *o = &c->pbu->opts;
	bool same_mag = IN6_ARE_ADDR_EQUAL(&b->coa, c->mag);
	bool has_ts = o->present & mh_opt_bit(MH_OPT_TIMESTAMP);
	struct pmipd *d = c->d;
	struct pmip6_bce before, after;
	char a[INET6_ADDRSTRLEN];

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
	if (c->pbu->pbu.lifetime_units == 0) {
		/*
		 * RFC 5213 5.3.5: from the MAG the binding points at, keep the
		 * entry MinDelayBeforeBCEDelete (a handoff PBU may follow);
		 * from another MAG, the MN has already moved: change nothing.
		 */
		pba_fill_binding(c, b);
		c->pba.pba.lifetime_units = 0;
		if (same_mag) {
			b->dereg = true;
			b->last_seq = c->pbu->pbu.sequence;
			pmipd_timer_arm(&d->timers, &b->timer,
					pmipd_now_ms() + d->cfg.min_delay_bce_delete_ms);
		}
		pba_send(c, MH_PBA_ACCEPTED);
		pmipd_log(d, LOG_INFO, "%s bid %u: de-registration from %s%s", c->prof->nai,
			  b->bid, pmipd_addr(c->mag, a), same_mag ? "" : " (old MAG, ignored)");
		/* The de-registration a held PBU waited for: a handoff. */
		if (same_mag && b->pending)
			resolve_pending(d, b, true);
		return;
	}
	to_kernel(b, &before);
	b->coa = *c->mag;
	b->last_seq = c->pbu->pbu.sequence;
	b->has_ts = has_ts;
	b->last_ts = o->timestamp;
	b->att = o->access_tech_type;
	if (o->bid_count)
		b->bid_pri = o->bid[0].priority;
	set_granted(c, b);
	/*
	 * The kernel holds no lifetime (they live here): a refresh that
	 * changes nothing it holds (RFC 5213 5.3.3, same MAG, same binding)
	 * needs no BCE_SET, which was a generic netlink round trip per
	 * re-registration.
	 */
	to_kernel(b, &after);
	if (memcmp(&before, &after, sizeof(before)) && lma_kernel_put(d, b, false)) {
		pba_send(c, MH_PBA_REASON_UNSPECIFIED);
		return;
	}
	arm_lifetime(d, b);
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

static bool mag_allowed(const struct pmipd_mn_profile *p, const struct in6_addr *mag)
{
	if (!p->n_mag)
		return true;
	for (unsigned int i = 0; i < p->n_mag; i++)
		if (IN6_ARE_ADDR_EQUAL(&p->mag[i], mag))
			return true;
	return false;
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
	m = c->prof && !status ? mn_get(d->lma, c->prof) : NULL;
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
	mn_put(d->lma, m);
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

static void handle_pbu(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *pbu)
{
	struct pbu_ctx *c = calloc(1, sizeof(*c));
	const struct mh_options *o = &pbu->opts;
	struct lma_bce *cand = NULL;
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
	if (!mag_allowed(c->prof, src)) {
		pba_send(c, MH_PBA_MAG_NOT_AUTHORIZED_FOR_PROXY_REG);
		goto out;
	}
	if (o->present & mh_opt_bit(MH_OPT_TIMESTAMP)) {
		/* RFC 5213 5.5: within TimestampValidityWindow of our clock. */
		uint64_t now = pmipd_timestamp_now();
		uint64_t diff = now > o->timestamp ? now - o->timestamp : o->timestamp - now;

		if (diff > ((uint64_t)d->cfg.timestamp_window_ms << 16) / 1000u) {
			c->pba.opts.timestamp = now;
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
	zero = o->hnp[0].prefix_len == 0;
	for (unsigned int i = 0; i < o->hnp_count; i++) {
		if ((o->hnp[i].prefix_len == 0) != zero ||
		    (!zero && (o->hnp[i].prefix_len != 64 ||
			       !prefix_allowed(d, c->prof, o->hnp[i].prefix)))) {
			pba_send(c, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX);
			goto out;
		}
	}

	m = mn_get(d->lma, c->prof);
	if (!m) {
		pba_send(c, MH_PBA_INSUFFICIENT_RESOURCES);
		goto out;
	}
	/* Binding cache lookup, RFC 5213 5.4.1 as updated by RFC 7864 3.2.1. */
	if (o->bid_count) {
		for (cand = m->bces; cand && cand->bid != o->bid[0].bid; cand = cand->next)
			;
	}
	if (!cand && !zero) {
		for (struct lma_bce *b = m->bces; b; b = b->next) {
			bool any = false;

			for (unsigned int i = 0; i < o->hnp_count; i++)
				any |= lma_bce_has_hnp(b, o->hnp[i].prefix);
			if (!any)
				continue;
			if (!hnp_sets_equal(b, o)) {
				pba_send(c, MH_PBA_BCE_PBU_PREFIX_SET_DO_NOT_MATCH);
				goto out_put;
			}
			/* Prefer the session of this very interface. */
			if (!cand || ll_match(b, o))
				cand = b;
		}
	}
	if (!cand && zero) {
		for (struct lma_bce *b = m->bces; b; b = b->next)
			if (ll_match(b, o))
				cand = b;
		/* No MN-LL-ID to tell interfaces apart: a handoff of the
		 * MN's only session (RFC 5213 5.4.1.2). */
		if (!cand && !(o->present & mh_opt_bit(MH_OPT_MN_LL_ID)) && m->bces &&
		    !m->bces->next && o->handoff_indicator != MH_HI_NEW_INTERFACE)
			cand = m->bces;
	}

	if (!cand) {
		new_session(c, m, NULL);
	} else if (zero && o->handoff_indicator == MH_HI_UNKNOWN &&
		   !(o->present & mh_opt_bit(MH_OPT_MN_LL_ID)) && !cand->dereg &&
		   !IN6_ARE_ADDR_EQUAL(&cand->coa, src) && c->pbu->pbu.lifetime_units) {
		/*
		 * RFC 5213 5.4.1.2: nothing tells a handoff (HI 4, no MN-LL-ID)
		 * from a new attachment while the old MAG still holds the
		 * binding: wait MaxDelayBeforeNewBCEAssign for its
		 * de-registration. Its timestamp is checked now, against what
		 * was accepted before it arrived.
		 */
		if ((o->present & mh_opt_bit(MH_OPT_TIMESTAMP)) && cand->has_ts &&
		    o->timestamp <= cand->last_ts)
			pba_send(c, MH_PBA_TIMESTAMP_LOWER_THAN_PREV_ACCEPTED);
		else
			defer_pbu(c, cand);
	} else if (o->handoff_indicator == MH_HI_NEW_INTERFACE_SHARING_PREFIXES &&
		   !ll_match(cand, o) && !(o->bid_count && cand->bid == o->bid[0].bid)) {
		/* RFC 7864 3.2.1 rules 2 and 3: a new session, same prefixes. */
		new_session(c, m, cand);
	} else if (o->handoff_indicator == MH_HI_NEW_INTERFACE && !zero && !ll_match(cand, o) &&
		   !(o->bid_count && cand->bid == o->bid[0].bid)) {
		/* Another interface claims prefixes it was not given. */
		pba_send(c, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX);
	} else if (!lma_handoff_hold(d, cand, src, pbu)) {
		/* (A live binding's move to another MAG waits for the old
		 * MAG's word first: lma_handoff.c.) */
		update_session(c, cand);
	}
out_put:
	mn_put(d->lma, m);
out:
	free(c);
}

void lma_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg)
{
	char a[INET6_ADDRSTRLEN];

	switch (msg->kind) {
	case MH_MSG_PBU:
		handle_pbu(d, src, msg);
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

void lma_stop(struct pmipd *d)
{
	if (!d->lma)
		return;
	/*
	 * Bindings die with the daemon: a restarted LMA learns them again
	 * from the MAGs' refreshes, and the kernel must not forward on state
	 * nobody maintains.
	 */
	d->lma->stopping = true;
	lma_handoff_stop(d);
	for (size_t i = 0; i < d->lma->n_bucket; i++)
		while (d->lma->bucket[i])
			bce_destroy(d, d->lma->bucket[i]->bces);
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
	uint64_t left = b->timer.when_ms > now ? (b->timer.when_ms - now + 999) / 1000 : 0;
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
		pmipd_out(o, "],\"lifetime\":%u,\"remaining\":%llu,\"state\":\"%s\",\"sequence\":%u}",
			  b->lifetime, (unsigned long long)left,
			  b->dereg ? "deregistering" : "registered", b->last_seq);
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
	pmipd_out(o, " lifetime %u remaining %llu state %s seq %u\n", b->lifetime,
		  (unsigned long long)left, b->dereg ? "deregistering" : "registered",
		  b->last_seq);
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
		bri.bri.trigger = 1;	/* RFC 5846 8.1: unspecified */
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
