// SPDX-License-Identifier: GPL-2.0
/*
 * In-module self-test of the flow classifier, run at load with selftest=1:
 * random MNs (BCEs, FMC entries) and random packets, each classified by
 * pmip6_fmc_classify() and by a reference that is trivially correct
 * because it is written from RFC 7864 section 5.2 directly: it scans every
 * entry unsorted, tests only the fields a selector names, and takes the
 * minimum by (FID-PRI, FID) and (BID-PRI, BID) by hand. Values come from
 * small domains, so selectors overlap and ties happen.
 * (As WireGuard's selftest/allowedips.c checks its trie against a list.)
 *
 * The entries are made, linked and replaced by flowcache.c's own
 * functions, in a private exact-port index: half of the selectors pin the
 * next header and a port (held by the index), the others are ranges and
 * wildcards (walked in the list), with FID-PRI ties among and between
 * both. Two MNs share the index, so an entry must not match for another
 * MN. Each entry's selector must also read back as it was set.
 */

#include "compat.h"
#include "binding.h"
#include "flowcache.h"
#include "netns.h"

#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#define ROUNDS		200
#define KEYS		500
#define MAX_BCES	6
#define MAX_FMCS	12
#define MNS		2

/* The reference's view of an FMC entry: its request and flag. */
struct ref_fmc {
	struct pmip6_fmc_cfg cfg;
	bool active;
	struct pmip6_fmc *fmc;
};

/* One MN of a round: its BCEs and entries. */
struct ref_mn {
	struct pmip6_mn *mn;
	struct pmip6_bce *bces[MAX_BCES];
	struct ref_fmc fmcs[MAX_FMCS];
	int n_bce, n_fmc;
};

static u32 rnd(u32 n)
{
	return get_random_u32() % n;
}

/* 2001:db8:0:<0..3>::<0..3>, so prefixes and addresses repeat. */
static void rnd_addr(struct in6_addr *a)
{
	ipv6_addr_set(a, htonl(0x20010db8), htonl(rnd(4)), 0, htonl(rnd(4)));
}

/* The reference: a plain field-by-field test of what the selector names. */
static bool ref_in(u32 v, const struct pmip6_ts *ts, int start, u32 lo,
		   u32 hi)
{
	if (!(ts->present & BIT(start)))
		return true;
	return lo <= v && v <= hi;
}

static bool ref_addr_in(const struct in6_addr *a, const struct pmip6_ts *ts,
			int start, const struct in6_addr *lo,
			const struct in6_addr *hi)
{
	if (!(ts->present & BIT(start)))
		return true;
	return memcmp(lo, a, 16) <= 0 && memcmp(a, hi, 16) <= 0;
}

static bool ref_match(const struct pmip6_ts *ts,
		      const struct pmip6_flow_key *k)
{
	return ref_addr_in(&k->saddr, ts, PMIP6_A_TS_SRC_ADDR_START,
			   &ts->saddr_start, &ts->saddr_end) &&
	       ref_addr_in(&k->daddr, ts, PMIP6_A_TS_DST_ADDR_START,
			   &ts->daddr_start, &ts->daddr_end) &&
	       ref_in(k->spi, ts, PMIP6_A_TS_SPI_START, ts->spi_start,
		      ts->spi_end) &&
	       ref_in(k->flowlabel, ts, PMIP6_A_TS_FLOW_LABEL_START,
		      ts->flowlabel_start, ts->flowlabel_end) &&
	       ref_in(k->sport, ts, PMIP6_A_TS_SRC_PORT_START,
		      ts->sport_start, ts->sport_end) &&
	       ref_in(k->dport, ts, PMIP6_A_TS_DST_PORT_START,
		      ts->dport_start, ts->dport_end) &&
	       ref_in(k->tclass, ts, PMIP6_A_TS_TRAFFIC_CLASS_START,
		      ts->tclass_start, ts->tclass_end) &&
	       ref_in(k->nexthdr, ts, PMIP6_A_TS_NEXT_HEADER_START,
		      ts->nexthdr_start, ts->nexthdr_end);
}

static bool ref_better_bce(const struct pmip6_bce *a,
			   const struct pmip6_bce *best)
{
	return !best || a->bid_pri < best->bid_pri ||
	       (a->bid_pri == best->bid_pri && a->bid < best->bid);
}

/* The best active matching entry: the MAG's answer, and the LMA's entry. */
static const struct ref_fmc *ref_first(const struct ref_mn *m,
				       const struct pmip6_flow_key *k)
{
	const struct ref_fmc *best = NULL;
	int i;

	for (i = 0; i < m->n_fmc; i++) {
		const struct ref_fmc *f = &m->fmcs[i];

		if (!f->active || !ref_match(&f->cfg.ts, k))
			continue;
		if (!best || f->cfg.fid_pri < best->cfg.fid_pri ||
		    (f->cfg.fid_pri == best->cfg.fid_pri &&
		     f->cfg.fid < best->cfg.fid))
			best = f;
	}
	return best;
}

static enum pmip6_verdict ref_classify(const struct ref_mn *m,
				       const struct pmip6_flow_key *k,
				       const struct pmip6_bce **bcep,
				       const struct pmip6_fmc **fmcp)
{
	const struct ref_fmc *best = ref_first(m, k);
	const struct pmip6_bce *bce = NULL;
	int i, j;

	*fmcp = best ? best->fmc : NULL;
	if (best && best->cfg.action == PMIP6_FMC_ACTION_DROP) {
		*bcep = NULL;
		return PMIP6_VERDICT_DROP;
	}
	for (i = 0; i < m->n_bce; i++) {
		const struct pmip6_bce *b = m->bces[i];
		bool want = false;

		if (best) {
			for (j = 0; j < best->cfg.n_bid; j++)
				want |= best->cfg.bid[j] == b->bid;
		} else {
			for (j = 0; j < b->n_hnp; j++)
				want |= !memcmp(&b->hnp[j].prefix, &k->daddr, 8);
		}
		if (want && ref_better_bce(b, bce))
			bce = b;
	}
	*bcep = bce;
	return bce ? PMIP6_VERDICT_FORWARD : PMIP6_VERDICT_NONE;
}

static void rnd_range(struct pmip6_ts *ts, int start, int end, u32 *lo,
		      u32 *hi)
{
	if (rnd(3))
		return;
	ts->present |= BIT(start);
	*lo = rnd(4);
	*hi = *lo;
	if (rnd(2)) {
		ts->present |= BIT(end);
		*hi += rnd(4);
	}
}

static void rnd_addr_range(struct pmip6_ts *ts, int start, int end,
			   struct in6_addr *lo, struct in6_addr *hi)
{
	if (rnd(3))
		return;
	ts->present |= BIT(start);
	rnd_addr(lo);
	*hi = *lo;
	if (rnd(2)) {
		ts->present |= BIT(end);
		rnd_addr(hi);
		if (ipv6_addr_cmp(hi, lo) < 0)
			*hi = *lo;
	}
}

/* A value named alone or as START == END: both pin the field. */
static void rnd_exact(struct pmip6_ts *ts, int start, int end, u32 *lo,
		      u32 *hi)
{
	ts->present |= BIT(start);
	*lo = rnd(4);
	*hi = *lo;
	if (rnd(2))
		ts->present |= BIT(end);
}

/*
 * As netlink_fmc.c parses it: named fields as ranges, others full. Half
 * of the selectors pin the next header and a port (the index holds them),
 * perhaps with more fields; the others are random ranges, which may pin
 * them too.
 */
static void rnd_ts(struct pmip6_ts *ts)
{
	pmip6_ts_init_any(ts);
	if (rnd(2)) {
		rnd_exact(ts, PMIP6_A_TS_NEXT_HEADER_START,
			  PMIP6_A_TS_NEXT_HEADER_END,
			  &ts->nexthdr_start, &ts->nexthdr_end);
		if (rnd(2))
			rnd_exact(ts, PMIP6_A_TS_SRC_PORT_START,
				  PMIP6_A_TS_SRC_PORT_END,
				  &ts->sport_start, &ts->sport_end);
		else
			rnd_exact(ts, PMIP6_A_TS_DST_PORT_START,
				  PMIP6_A_TS_DST_PORT_END,
				  &ts->dport_start, &ts->dport_end);
		if (rnd(2))
			return;
	}
	rnd_addr_range(ts, PMIP6_A_TS_SRC_ADDR_START, PMIP6_A_TS_SRC_ADDR_END,
		       &ts->saddr_start, &ts->saddr_end);
	rnd_addr_range(ts, PMIP6_A_TS_DST_ADDR_START, PMIP6_A_TS_DST_ADDR_END,
		       &ts->daddr_start, &ts->daddr_end);
	rnd_range(ts, PMIP6_A_TS_SPI_START, PMIP6_A_TS_SPI_END,
		  &ts->spi_start, &ts->spi_end);
	rnd_range(ts, PMIP6_A_TS_FLOW_LABEL_START, PMIP6_A_TS_FLOW_LABEL_END,
		  &ts->flowlabel_start, &ts->flowlabel_end);
	if (!(ts->present & BIT(PMIP6_A_TS_SRC_PORT_START)))
		rnd_range(ts, PMIP6_A_TS_SRC_PORT_START,
			  PMIP6_A_TS_SRC_PORT_END,
			  &ts->sport_start, &ts->sport_end);
	if (!(ts->present & BIT(PMIP6_A_TS_DST_PORT_START)))
		rnd_range(ts, PMIP6_A_TS_DST_PORT_START,
			  PMIP6_A_TS_DST_PORT_END,
			  &ts->dport_start, &ts->dport_end);
	rnd_range(ts, PMIP6_A_TS_TRAFFIC_CLASS_START,
		  PMIP6_A_TS_TRAFFIC_CLASS_END,
		  &ts->tclass_start, &ts->tclass_end);
	if (!(ts->present & BIT(PMIP6_A_TS_NEXT_HEADER_START)))
		rnd_range(ts, PMIP6_A_TS_NEXT_HEADER_START,
			  PMIP6_A_TS_NEXT_HEADER_END,
			  &ts->nexthdr_start, &ts->nexthdr_end);
}

static void rnd_key(struct pmip6_flow_key *k)
{
	rnd_addr(&k->saddr);
	rnd_addr(&k->daddr);
	k->spi = rnd(8);
	k->flowlabel = rnd(8);
	k->sport = rnd(6);
	k->dport = rnd(6);
	k->tclass = rnd(8);
	k->nexthdr = rnd(6);
}

/* A random request for entry @fid of @m (its MN-ID does not matter). */
static void rnd_cfg(struct ref_mn *m, struct ref_fmc *f, u16 fid)
{
	struct pmip6_fmc_cfg *c = &f->cfg;
	int j;

	memset(f, 0, sizeof(*f));
	c->fid = fid;
	c->fid_pri = rnd(4);
	c->action = rnd(4) ? PMIP6_FMC_ACTION_FORWARD : PMIP6_FMC_ACTION_DROP;
	rnd_ts(&c->ts);
	/* BIDs up to MAX_BCES + 2: some name no BCE. */
	c->n_bid = 1 + rnd(3);
	for (j = 0; j < c->n_bid; j++) {
		c->bid[j] = 1 + rnd(MAX_BCES + 2);
		f->active |= c->bid[j] <= m->n_bce;
	}
	/* Now and then inactive all the same, as a MAG's entry can be. */
	if (!rnd(8))
		f->active = false;
}

/* Makes and links @f's entry; 1 if its selector does not read back. */
static int ref_link(struct pmip6_net *pn, struct ref_mn *m,
		    struct ref_fmc *f)
{
	struct pmip6_ts back;
	int ret;

	f->fmc = pmip6_fmc_alloc(&f->cfg, m->mn);
	if (!f->fmc)
		return -ENOMEM;
	f->fmc->active = f->active;
	ret = pmip6_fmc_link(pn, f->fmc);
	if (ret) {
		pmip6_fmc_free(f->fmc);
		f->fmc = NULL;
		return ret;
	}
	pmip6_fmc_ts_get(f->fmc, &back);
	if (memcmp(&back, &f->cfg.ts, sizeof(back))) {
		pr_err("selftest: classify: FID %u selector reads back changed\n",
		       f->cfg.fid);
		return 1;
	}
	return 0;
}

static void ref_unlink(struct pmip6_net *pn, struct ref_fmc *f)
{
	if (!f->fmc)
		return;
	pmip6_fmc_unlink(pn, f->fmc);
	pmip6_fmc_free(f->fmc);
	f->fmc = NULL;
}

/*
 * A random MN: its BCEs, then its entries, some replaced once made as
 * FMC_SET does (the new copy linked, then the old one unlinked).
 */
static int ref_build(struct pmip6_net *pn, struct ref_mn *m)
{
	struct ref_fmc old;
	int i, j, ret, failed = 0;

	INIT_LIST_HEAD(&m->mn->bces);
	INIT_LIST_HEAD(&m->mn->fmcs);
	m->n_bce = 1 + rnd(MAX_BCES);
	m->n_fmc = rnd(MAX_FMCS + 1);
	for (i = 0; i < m->n_bce; i++) {
		struct pmip6_bce *b = m->bces[i];

		memset(b, 0, sizeof(*b));
		b->mn = m->mn;
		b->bid = i + 1;
		b->bid_pri = rnd(3);
		b->n_hnp = 1 + rnd(2);
		for (j = 0; j < b->n_hnp; j++) {
			rnd_addr(&b->hnp[j].prefix);
			b->hnp[j].prefix.s6_addr32[3] = 0;
			b->hnp[j].len = 64;
		}
		pmip6_bce_link(m->mn, b);
	}
	for (i = 0; i < m->n_fmc; i++) {
		rnd_cfg(m, &m->fmcs[i], i + 1);
		ret = ref_link(pn, m, &m->fmcs[i]);
		if (ret < 0)
			return ret;
		failed += ret;
	}
	for (i = 0; i < m->n_fmc; i++) {
		if (rnd(4))
			continue;
		old = m->fmcs[i];
		rnd_cfg(m, &m->fmcs[i], i + 1);
		ret = ref_link(pn, m, &m->fmcs[i]);
		ref_unlink(pn, &old);
		if (ret < 0)
			return ret;
		failed += ret;
	}
	return failed;
}

static int ref_check(struct pmip6_net *pn, const struct ref_mn *m,
		     const struct pmip6_flow_key *k)
{
	const struct pmip6_fmc *got_fmc, *want_fmc, *mag_fmc;
	const struct pmip6_bce *got, *want;
	const struct ref_fmc *first;
	enum pmip6_verdict v, rv, mv;

	v = pmip6_fmc_classify(pn, m->mn, k, &got, &got_fmc);
	rv = ref_classify(m, k, &want, &want_fmc);
	if (v != rv || got != want || got_fmc != want_fmc) {
		pr_err("selftest: classify: verdict %d BID %u FID %u, reference %d BID %u FID %u\n",
		       v, got ? got->bid : 0, got_fmc ? got_fmc->fid : 0,
		       rv, want ? want->bid : 0, want_fmc ? want_fmc->fid : 0);
		return 1;
	}
	/* A MAG takes the same entry, BCEs or not. */
	first = ref_first(m, k);
	mv = pmip6_fmc_classify_mag(pn, m->mn, k, &mag_fmc);
	if (mag_fmc != (first ? first->fmc : NULL) ||
	    mv != (!first ? PMIP6_VERDICT_NONE :
		   first->cfg.action == PMIP6_FMC_ACTION_DROP ?
		   PMIP6_VERDICT_DROP : PMIP6_VERDICT_FORWARD)) {
		pr_err("selftest: classify_mag: verdict %d FID %u, reference FID %u\n",
		       mv, mag_fmc ? mag_fmc->fid : 0,
		       first ? first->cfg.fid : 0);
		return 1;
	}
	return 0;
}

/* MNS random MNs in one index, each checked against KEYS packets. */
static int one_round(struct pmip6_net *pn, struct ref_mn *mns)
{
	int i, n, ret, failed = 0;
	struct pmip6_flow_key k;

	for (n = 0; n < MNS; n++) {
		ret = ref_build(pn, &mns[n]);
		if (ret < 0) {
			failed = ret;
			goto out;
		}
		failed += ret;
	}

	rcu_read_lock();
	for (i = 0; i < KEYS; i++) {
		rnd_key(&k);
		for (n = 0; n < MNS; n++)
			failed += ref_check(pn, &mns[n], &k);
	}
	rcu_read_unlock();
out:
	for (n = 0; n < MNS; n++)
		for (i = 0; i < MAX_FMCS; i++)
			ref_unlink(pn, &mns[n].fmcs[i]);
	return failed;
}

int pmip6_selftest_classify(void)
{
	struct pmip6_net *pn;
	struct ref_mn *mns;
	int i, n, failed = 0, ret = -ENOMEM;

	/*
	 * Private objects, never published to another reader: plain
	 * kzalloc() and kfree(), and only the index of the netns state.
	 */
	pn = kzalloc(sizeof(*pn), GFP_KERNEL);
	mns = kcalloc(MNS, sizeof(*mns), GFP_KERNEL);
	if (!pn || !mns)
		goto out;
	for (n = 0; n < MNS; n++) {
		mns[n].mn = kzalloc(sizeof(*mns[n].mn), GFP_KERNEL);
		if (!mns[n].mn)
			goto out;
		mns[n].mn->index = n;
		for (i = 0; i < MAX_BCES; i++) {
			/* Up to 2 prefixes each (one_round()). */
			mns[n].bces[i] = kzalloc(struct_size(mns[n].bces[i],
							     hnp, 2),
						 GFP_KERNEL);
			if (!mns[n].bces[i])
				goto out;
		}
	}
	ret = pmip6_flowcache_net_init(pn);
	if (ret)
		goto out;

	for (i = 0; i < ROUNDS && failed < 10; i++) {
		ret = one_round(pn, mns);
		if (ret < 0)
			break;
		failed += ret;
	}
	pmip6_flowcache_net_exit(pn);
	if (ret < 0)
		goto out;
	ret = failed ? -EINVAL : 0;
	if (failed)
		pr_err("selftest: classifier: FAIL (%d mismatches)\n", failed);
	else
		pr_info("selftest: classifier: pass (%d rounds x %d MNs x %d packets)\n",
			ROUNDS, MNS, KEYS);
out:
	if (mns) {
		for (n = 0; n < MNS; n++) {
			for (i = 0; i < MAX_BCES; i++)
				kfree(mns[n].bces[i]);
			kfree(mns[n].mn);
		}
	}
	kfree(mns);
	kfree(pn);
	return ret;
}
