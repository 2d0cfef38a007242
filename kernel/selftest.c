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
 */

#include "compat.h"
#include "binding.h"
#include "flowcache.h"

#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#define ROUNDS		200
#define KEYS		500
#define MAX_BCES	6
#define MAX_FMCS	12

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

static enum pmip6_verdict ref_classify(struct pmip6_bce **bces, int n_bce,
				       struct pmip6_fmc **fmcs, int n_fmc,
				       const struct pmip6_flow_key *k,
				       const struct pmip6_bce **bcep)
{
	const struct pmip6_fmc *best = NULL;
	const struct pmip6_bce *bce = NULL;
	int i, j;

	for (i = 0; i < n_fmc; i++) {
		const struct pmip6_fmc *f = fmcs[i];

		if (!f->active || !ref_match(&f->ts, k))
			continue;
		if (!best || f->fid_pri < best->fid_pri ||
		    (f->fid_pri == best->fid_pri && f->fid < best->fid))
			best = f;
	}
	if (best && best->action == PMIP6_FMC_ACTION_DROP) {
		*bcep = NULL;
		return PMIP6_VERDICT_DROP;
	}
	for (i = 0; i < n_bce; i++) {
		bool want = false;

		if (best) {
			for (j = 0; j < best->n_bid; j++)
				want |= best->bid[j] == bces[i]->bid;
		} else {
			for (j = 0; j < bces[i]->n_hnp; j++)
				want |= !memcmp(&bces[i]->hnp[j].prefix,
						&k->daddr, 8);
		}
		if (want && ref_better_bce(bces[i], bce))
			bce = bces[i];
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

/* As netlink_fmc.c stores it: named fields as ranges, others full. */
static void rnd_ts(struct pmip6_ts *ts)
{
	pmip6_ts_init_any(ts);
	rnd_addr_range(ts, PMIP6_A_TS_SRC_ADDR_START, PMIP6_A_TS_SRC_ADDR_END,
		       &ts->saddr_start, &ts->saddr_end);
	rnd_addr_range(ts, PMIP6_A_TS_DST_ADDR_START, PMIP6_A_TS_DST_ADDR_END,
		       &ts->daddr_start, &ts->daddr_end);
	rnd_range(ts, PMIP6_A_TS_SPI_START, PMIP6_A_TS_SPI_END,
		  &ts->spi_start, &ts->spi_end);
	rnd_range(ts, PMIP6_A_TS_FLOW_LABEL_START, PMIP6_A_TS_FLOW_LABEL_END,
		  &ts->flowlabel_start, &ts->flowlabel_end);
	rnd_range(ts, PMIP6_A_TS_SRC_PORT_START, PMIP6_A_TS_SRC_PORT_END,
		  &ts->sport_start, &ts->sport_end);
	rnd_range(ts, PMIP6_A_TS_DST_PORT_START, PMIP6_A_TS_DST_PORT_END,
		  &ts->dport_start, &ts->dport_end);
	rnd_range(ts, PMIP6_A_TS_TRAFFIC_CLASS_START,
		  PMIP6_A_TS_TRAFFIC_CLASS_END,
		  &ts->tclass_start, &ts->tclass_end);
	rnd_range(ts, PMIP6_A_TS_NEXT_HEADER_START, PMIP6_A_TS_NEXT_HEADER_END,
		  &ts->nexthdr_start, &ts->nexthdr_end);
}

static void rnd_key(struct pmip6_flow_key *k)
{
	rnd_addr(&k->saddr);
	rnd_addr(&k->daddr);
	k->spi = rnd(8);
	k->flowlabel = rnd(8);
	k->sport = rnd(8);
	k->dport = rnd(8);
	k->tclass = rnd(8);
	k->nexthdr = rnd(8);
}

/* One random MN, checked against KEYS random packets. */
static int one_round(struct pmip6_mn *mn, struct pmip6_bce **bces,
		     struct pmip6_fmc **fmcs)
{
	int n_bce = 1 + rnd(MAX_BCES), n_fmc = rnd(MAX_FMCS + 1);
	int i, j, failed = 0;

	INIT_LIST_HEAD(&mn->bces);
	INIT_LIST_HEAD(&mn->fmcs);
	for (i = 0; i < n_bce; i++) {
		struct pmip6_bce *b = bces[i];

		memset(b, 0, sizeof(*b));
		b->mn = mn;
		b->bid = i + 1;
		b->bid_pri = rnd(3);
		b->n_hnp = 1 + rnd(2);
		for (j = 0; j < b->n_hnp; j++) {
			rnd_addr(&b->hnp[j].prefix);
			b->hnp[j].prefix.s6_addr32[3] = 0;
			b->hnp[j].len = 64;
		}
		pmip6_bce_link(mn, b);
	}
	for (i = 0; i < n_fmc; i++) {
		struct pmip6_fmc *f = fmcs[i];

		memset(f, 0, sizeof(*f));
		f->mn = mn;
		f->fid = i + 1;
		f->fid_pri = rnd(4);
		f->action = rnd(4) ? PMIP6_FMC_ACTION_FORWARD :
				     PMIP6_FMC_ACTION_DROP;
		rnd_ts(&f->ts);
		/* BIDs up to MAX_BCES + 2: some name no BCE. */
		f->n_bid = 1 + rnd(3);
		for (j = 0; j < f->n_bid; j++) {
			f->bid[j] = 1 + rnd(MAX_BCES + 2);
			f->active |= f->bid[j] <= n_bce;
		}
		pmip6_fmc_link(mn, f);
	}

	rcu_read_lock();
	for (i = 0; i < KEYS; i++) {
		const struct pmip6_bce *got, *want;
		enum pmip6_verdict v, rv;
		struct pmip6_flow_key k;

		rnd_key(&k);
		v = pmip6_fmc_classify(mn, &k, &got, NULL);
		rv = ref_classify(bces, n_bce, fmcs, n_fmc, &k, &want);
		if (v != rv || got != want) {
			pr_err("selftest: classify: verdict %d BID %u, reference %d BID %u\n",
			       v, got ? got->bid : 0, rv, want ? want->bid : 0);
			failed++;
		}
	}
	rcu_read_unlock();
	return failed;
}

int pmip6_selftest_classify(void)
{
	struct pmip6_bce *bces[MAX_BCES];
	struct pmip6_fmc *fmcs[MAX_FMCS];
	struct pmip6_mn *mn;
	int i, failed = 0, ret = -ENOMEM;

	/* Private objects, never published: plain kzalloc() and kfree(). */
	memset(bces, 0, sizeof(bces));
	memset(fmcs, 0, sizeof(fmcs));
	mn = kzalloc(sizeof(*mn), GFP_KERNEL);
	if (!mn)
		goto out;
	for (i = 0; i < MAX_BCES; i++) {
		/* Up to 2 prefixes each (one_round()). */
		bces[i] = kzalloc(struct_size(bces[i], hnp, 2), GFP_KERNEL);
		if (!bces[i])
			goto out;
	}
	for (i = 0; i < MAX_FMCS; i++) {
		fmcs[i] = kzalloc(sizeof(*fmcs[i]), GFP_KERNEL);
		if (!fmcs[i])
			goto out;
	}

	for (i = 0; i < ROUNDS && failed < 10; i++)
		failed += one_round(mn, bces, fmcs);
	ret = failed ? -EINVAL : 0;
	if (failed)
		pr_err("selftest: classifier: FAIL (%d mismatches)\n", failed);
	else
		pr_info("selftest: classifier: pass (%d MNs x %d packets)\n",
			ROUNDS, KEYS);
out:
	for (i = 0; i < MAX_FMCS; i++)
		kfree(fmcs[i]);
	for (i = 0; i < MAX_BCES; i++)
		kfree(bces[i]);
	kfree(mn);
	return ret;
}
