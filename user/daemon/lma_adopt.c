// SPDX-License-Identifier: GPL-2.0-only
/*
 * An LMA that starts again (after a crash, a SIGKILL, an upgrade with
 * --keep-state) finds the module still forwarding on the BCEs of the pmipd
 * before it. The kernel holds the forwarding truth: every BCE that the
 * configuration still allows becomes a binding again, with the lifetime,
 * sequence number and timestamp the kernel kept for it (PMIP6_A_BCE_
 * REGISTRATION), so that no packet of a live binding is lost and the MAG's
 * next refresh is accepted as if nothing had happened (RFC 5213 5.3.3).
 * The others are removed, as pmipd would have removed them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pmip6.h>

#include "../lib/flowbind.h"
#include "../lib/genl.h"
#include "pmipd.h"
#include "lma.h"

/* Why the configuration no longer allows kernel BCE k; NULL if it does. */
static const char *refuse(struct pmipd *d, const struct pmipd_mn_profile *p,
			  const struct pmip6_bce *k)
{
	if (!p)
		return "no 'mn' profile names it";
	if (!pmipd_config_mag_allowed(&d->cfg, p, &k->proxy_coa))
		return "its MAG is not allowed to register it";
	for (unsigned int i = 0; i < k->n_hnp; i++) {
		bool ok = false;

		for (unsigned int j = 0; j < p->n_prefix && !ok; j++)
			ok = IN6_ARE_ADDR_EQUAL(&p->prefix[j].addr, &k->hnp[i].prefix);
		if (!p->n_prefix)
			ok = lma_pool_has(d, &k->hnp[i].prefix);
		if (!ok || k->hnp[i].len != 64)
			return "a prefix is not the profile's";
	}
	/* Expired while no pmipd was there to delete it. */
	if (k->reg.present && !k->reg.remaining_ms)
		return "its lifetime ended while pmipd was down";
	return NULL;
}

static int adopt_one(struct pmipd *d, const struct pmipd_mn_profile *p,
		     const struct pmip6_bce *k)
{
	uint32_t max = p->lifetime ? p->lifetime : d->cfg.lifetime;
	struct lma_bce *b = calloc(1, sizeof(*b));
	struct lma_mn *m;

	if (!b)
		return -ENOMEM;
	m = lma_mn_get(d->lma, p);
	if (!m) {
		free(b);
		return -ENOMEM;
	}
	b->bid = k->bid;
	/*
	 * The kernel holds the rank (lma.c to_kernel()), where BID-PRI 0 and
	 * 127 are both 127 (RFC 6089 5.2.1, flowbind.h): taken back as 0,
	 * what pmipd itself gives a PBU without a BID option, which ranks
	 * the same.
	 */
	b->bid_pri = k->bid_pri == pmip6_bid_pri_rank(0) ? 0 : k->bid_pri;
	b->att = k->att;
	b->ll_id_len = k->ll_id_len;
	memcpy(b->ll_id, k->ll_id, k->ll_id_len);
	b->coa = k->proxy_coa;
	b->n_hnp = k->n_hnp;
	for (unsigned int i = 0; i < k->n_hnp; i++)
		b->hnp[i] = k->hnp[i].prefix;
	if (k->reg.present) {
		b->lifetime = k->reg.lifetime;
		b->dereg = !k->reg.lifetime;
		b->ends_ms = pmipd_now_ms() + k->reg.remaining_ms;
		b->last_seq = k->reg.sequence;
		b->has_ts = k->reg.has_timestamp;
		b->last_ts = k->reg.timestamp;
		/* RFC 5213 6.8: the session's MAG link-local address outlives
		 * us, or the MN would see its router change at its next
		 * handover. */
		b->has_mag_ll = k->reg.has_mag_ll_addr;
		b->mag_ll = k->reg.mag_ll_addr;
	} else {
		/* Made by hand (pmipctl bce add): a full lifetime from now. */
		b->lifetime = max;
		b->ends_ms = pmipd_now_ms() + (uint64_t)max * 1000u;
	}
	for (unsigned int i = 0; i < b->n_hnp; i++) {
		/* Replaces the route if it is there, as the BCE needs it. */
		int rc = pmipd_rt_route(d, true, &b->hnp[i], 64, d->pmip6_ifindex);

		if (rc) {
			d->stats.kernel_errors++;
			pmipd_log(d, LOG_ERR, "route for %s's prefix: %s", p->nai, strerror(-rc));
		}
		lma_pool_take(d, p, &b->hnp[i]);
	}
	lma_bce_link(d, m, b);
	{
		uint64_t now = pmipd_now_ms(), left = b->ends_ms > now ? b->ends_ms - now : 0;
		char a[INET6_ADDRSTRLEN];

		pmipd_log(d, LOG_DEBUG, "%s bid %u: adopted from the kernel (MAG %s, %llu ms left, sequence %u)",
			  p->nai, b->bid, pmipd_addr(&b->coa, a), (unsigned long long)left,
			  b->last_seq);
	}
	return 0;
}

/* Remove what no binding kept: the BCE, and its routes if no one else's. */
static void remove_one(struct pmipd *d, const struct pmipd_mn_profile *p,
		       const struct pmip6_bce *k, const char *why)
{
	/* The kernel lets no two MNs hold a prefix: only p's may. */
	struct lma_mn *m = p ? lma_mn_find(d->lma, p) : NULL;
	char err[PMIP6_ERRLEN], a[INET6_ADDRSTRLEN];

	pmipd_log(d, LOG_NOTICE, "kernel BCE %s bid %u (MAG %s) removed: %s", k->mn.id, k->bid,
		  pmipd_addr(&k->proxy_coa, a), why);
	if (pmip6_bce_del(d->genl, &k->mn, k->bid, err, sizeof(err))) {
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "kernel BCE delete %s bid %u: %s", k->mn.id, k->bid, err);
	}
	for (unsigned int i = 0; i < k->n_hnp; i++) {
		bool held = false;

		for (const struct lma_bce *b = m ? m->bces : NULL; b && !held; b = b->next)
			held = lma_bce_has_hnp(b, k->hnp[i].prefix.s6_addr);
		if (!held)
			pmipd_rt_route(d, false, &k->hnp[i].prefix, 64, d->pmip6_ifindex);
	}
}

int lma_adopt(struct pmipd *d, unsigned int *adopted)
{
	struct pmip6_bce_list l;
	char err[PMIP6_ERRLEN];
	unsigned int removed = 0;
	int rc;

	*adopted = 0;
	rc = pmip6_bce_dump(d->genl, &l, err, sizeof(err));
	if (rc) {
		pmipd_log(d, LOG_ERR, "reading the kernel's binding cache: %s", err);
		return rc;
	}
	/* Adopt first, so that removals know which routes are still needed. */
	for (size_t i = 0; i < l.n; i++) {
		const struct pmip6_bce *k = &l.v[i];
		const struct pmipd_mn_profile *p =
			pmipd_config_mn(&d->cfg, k->mn.id, k->mn.len);

		if (refuse(d, p, k))
			continue;
		rc = adopt_one(d, p, k);
		if (rc)
			goto out;
		(*adopted)++;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct pmip6_bce *k = &l.v[i];
		const struct pmipd_mn_profile *p =
			pmipd_config_mn(&d->cfg, k->mn.id, k->mn.len);
		const char *why = refuse(d, p, k);

		if (why) {
			remove_one(d, p, k, why);
			removed++;
		}
	}
	if (*adopted || removed)
		pmipd_log(d, LOG_INFO, "adopted %u binding(s) from the kernel, removed %u",
			  *adopted, removed);
out:
	pmip6_bce_list_free(&l);
	return rc;
}
