// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the LMA's Binding Cache entry lookup (TAP), one or more
 * per rule of RFC 5213 5.4.1.1 to 5.4.1.3 and RFC 7864 3.2.1.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lma_lookup.h"

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

#define ATT_WLAN 4
#define ATT_3GPP 3

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

/* A binding of mn1: BID, Proxy-CoA, ATT, MN-LL-ID (NULL: none), one HNP. */
static void bce(struct lma_bce *b, uint16_t bid, const char *coa, uint8_t att, const char *ll_id,
		const char *hnp)
{
	memset(b, 0, sizeof(*b));
	b->bid = bid;
	b->coa = addr(coa);
	b->att = att;
	if (ll_id) {
		b->ll_id_len = strlen(ll_id);
		memcpy(b->ll_id, ll_id, b->ll_id_len);
	}
	b->n_hnp = 1;
	b->hnp[0] = addr(hnp);
}

/* A PBU's options: HI, ATT, MN-LL-ID (NULL: none), BID (0: none), HNPs
 * (NULL: one ALL_ZERO).
 */
static void pbu(struct mh_options *o, uint8_t hi, uint8_t att, const char *ll_id, uint16_t bid,
		const char *hnp1, const char *hnp2)
{
	struct in6_addr a;

	memset(o, 0, sizeof(*o));
	o->present = mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
		     mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE);
	o->handoff_indicator = hi;
	o->access_tech_type = att;
	if (ll_id) {
		o->present |= mh_opt_bit(MH_OPT_MN_LL_ID);
		o->mn_ll_id.len = strlen(ll_id);
		memcpy(o->mn_ll_id.id, ll_id, o->mn_ll_id.len);
	}
	if (bid) {
		o->bid_count = 1;
		o->bid[0].bid = bid;
	}
	o->hnp_count = 1;
	if (hnp1) {
		a = addr(hnp1);
		memcpy(o->hnp[0].prefix, &a, 16);
		o->hnp[0].prefix_len = 64;
	}
	if (hnp2) {
		a = addr(hnp2);
		memcpy(o->hnp[1].prefix, &a, 16);
		o->hnp[1].prefix_len = 64;
		o->hnp_count = 2;
	}
}

static const char *mag1 = "2001:db8:b1::1", *mag2 = "2001:db8:b2::1";
static const char *p1 = "2001:db8:1:1::", *p2 = "2001:db8:1:2::";

static void expect(struct lma_bce *bces, const struct mh_options *o, const char *src, bool dereg,
		   enum lma_lookup_verdict want, const struct lma_bce *want_bce, uint8_t want_status,
		   const char *what)
{
	struct in6_addr s = addr(src);
	struct lma_lookup out;

	lma_bce_lookup(bces, o, &s, dereg, &out);
	ok(out.verdict == want && (!want_bce || out.bce == want_bce) &&
	   (want != LMA_LOOKUP_REJECT || out.status == want_status), what);
	if (out.verdict != want || (want_bce && out.bce != want_bce))
		printf("# got verdict %d, bce %p (want %d, %p), by %s\n", out.verdict,
		       (void *)out.bce, want, (const void *)want_bce, out.rule);
}

int main(void)
{
	struct lma_bce a, b;
	struct mh_options o;

	/* RFC 5213 5.4.1.1: a NON_ZERO HNP in the request. */
	bce(&a, 1, mag1, ATT_WLAN, "AA", p1);
	pbu(&o, MH_HI_NEW_INTERFACE, ATT_WLAN, "BB", 0, p2, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW, NULL, 0,
	       "5.4.1.1 rule 2: no entry holds the prefix: a new session");
	expect(&a, &o, mag2, true, LMA_LOOKUP_IGNORE, NULL, 0,
	       "5.4.1.1 rule 6: a de-registration for no session is silently ignored");
	pbu(&o, MH_HI_NOT_CHANGED, ATT_WLAN, "AA", 0, p1, p2);
	expect(&a, &o, mag1, false, LMA_LOOKUP_REJECT, &a, MH_PBA_BCE_PBU_PREFIX_SET_DO_NOT_MATCH,
	       "5.4.1.1 rule 4: more prefixes than the entry has: status 159");
	a.hnp[1] = addr(p2);
	a.n_hnp = 2;
	pbu(&o, MH_HI_NOT_CHANGED, ATT_WLAN, "AA", 0, p1, NULL);
	expect(&a, &o, mag1, false, LMA_LOOKUP_REJECT, &a, MH_PBA_BCE_PBU_PREFIX_SET_DO_NOT_MATCH,
	       "5.4.1.1 rule 4: fewer prefixes than the entry has: status 159");
	a.n_hnp = 1;

	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_WLAN, "AA", 0, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.1 rule 5: MN-LL-ID and ATT match: an update (a handoff from mag2)");
	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_3GPP, "AA", 0, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_REJECT, &a, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX,
	       "5.4.1.1 rule 5: the MN-LL-ID matches but not the ATT: no update");
	pbu(&o, MH_HI_HANDOFF_BETWEEN_INTERFACES, ATT_3GPP, "BB", 0, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.1 rule 5: HI 2 (between interfaces): an update");
	bce(&b, 1, mag1, ATT_WLAN, NULL, p1);
	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_WLAN, NULL, 0, p1, NULL);
	expect(&b, &o, mag2, false, LMA_LOOKUP_UPDATE, &b, 0,
	       "5.4.1.1 rule 5: no MN-LL-ID on either side, ATT matches, HI 3: an update");
	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_WLAN, NULL, 0, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_REJECT, &a, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX,
	       "5.4.1.1 rule 5: HI 3 without MN-LL-ID, but the entry has one: no update");
	pbu(&o, MH_HI_NOT_CHANGED, ATT_WLAN, NULL, 0, p1, NULL);
	expect(&a, &o, mag1, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.1 rule 5: from the entry's Proxy-CoA, ATT matches: an update (a refresh)");
	expect(&a, &o, mag1, true, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.1 rule 5: the same, lifetime 0: an update (a de-registration)");
	/* Issue 17 point 10: the MAG the MN left goes on refreshing. */
	expect(&a, &o, mag2, false, LMA_LOOKUP_REJECT, &a, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX,
	       "5.4.1.1 rule 6: HI 5 from another MAG without a matching MN-LL-ID: not an update of the entry, and its prefixes are not a new session's (status 155)");
	pbu(&o, MH_HI_NOT_CHANGED, ATT_WLAN, "CC", 0, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_REJECT, &a, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX,
	       "5.4.1.1 rule 6: HI 5 from another MAG with another MN-LL-ID: refused the same");
	expect(&a, &o, mag2, true, LMA_LOOKUP_IGNORE, NULL, 0,
	       "5.4.1.1 rule 6: its de-registration is silently ignored");
	pbu(&o, MH_HI_NOT_CHANGED, ATT_WLAN, "CC", 0, p1, NULL);
	expect(&a, &o, mag1, false, LMA_LOOKUP_REJECT, &a, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX,
	       "5.4.1.1 rule 5: the entry's Proxy-CoA but another MN-LL-ID: another interface, no update");

	/* RFC 7864 3.2.1: HI 6, prefixes shared by interfaces. */
	pbu(&o, MH_HI_NEW_INTERFACE_SHARING_PREFIXES, ATT_3GPP, "AA", 0, p1, NULL);
	o.access_tech_type = ATT_WLAN;
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "RFC 7864 3.2.1 rule 1: HI 6, MN-LL-ID and ATT match: an update");
	pbu(&o, MH_HI_NEW_INTERFACE_SHARING_PREFIXES, ATT_3GPP, "BB", 2, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW_SHARING, &a, 0,
	       "RFC 7864 3.2.1 rule 2: HI 6, another MN-LL-ID: a new session sharing the prefixes");
	pbu(&o, MH_HI_NEW_INTERFACE_SHARING_PREFIXES, ATT_3GPP, NULL, 0, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW_SHARING, &a, 0,
	       "RFC 7864 3.2.1 rule 3: HI 6, no MN-LL-ID: a new session sharing the prefixes");

	/* Two interfaces sharing p1: a at mag1 (AA, BID 1), b at mag2 (BB, BID 2). */
	bce(&b, 2, mag2, ATT_3GPP, "BB", p1);
	a.next = &b;
	pbu(&o, MH_HI_NOT_CHANGED, ATT_3GPP, "BB", 2, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &b, 0,
	       "two sessions share the prefix: the refresh of b is b's (MN-LL-ID)");
	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_3GPP, "BB", 0, p1, NULL);
	expect(&a, &o, mag1, false, LMA_LOOKUP_UPDATE, &b, 0,
	       "two sessions share the prefix: b's handoff to mag1 is b's, not a's (mag1's)");
	/* b's session has gone; its MAG, unaware, refreshes it (BID 2, BB). */
	a.next = NULL;
	pbu(&o, MH_HI_NOT_CHANGED, ATT_3GPP, "BB", 2, p1, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW_SHARING, &a, 0,
	       "5.4.1.1 rule 6 with RFC 7864: HI 5 naming its own BID and MN-LL-ID: the interface starts anew beside a");
	pbu(&o, MH_HI_NOT_CHANGED, ATT_WLAN, "BB", 2, p1, NULL);
	expect(&a, &o, mag1, false, LMA_LOOKUP_NEW_SHARING, &a, 0,
	       "... also at a's MAG: another BID and MN-LL-ID are another interface");

	/* RFC 5213 5.4.1.2: no NON_ZERO HNP, an MN-LL-ID. */
	bce(&a, 1, mag1, ATT_WLAN, "AA", p1);
	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_WLAN, "AA", 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.2 rule 2: MN-ID, ATT and MN-LL-ID match: an update");
	pbu(&o, MH_HI_HANDOFF_BETWEEN_INTERFACES, ATT_3GPP, "BB", 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.2 rule 3: HI 2 and the MN's only entry: an update");
	pbu(&o, MH_HI_UNKNOWN, ATT_3GPP, "BB", 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_HOLD, &a, 0,
	       "5.4.1.2 rule 4: HI 4 and the MN's only entry: held for its de-registration");
	expect(&a, &o, mag1, false, LMA_LOOKUP_NEW, NULL, 0,
	       "5.4.1.2 rule 4: HI 4 from the MAG that holds the entry, another MN-LL-ID: a second interface, a new session");
	pbu(&o, MH_HI_NEW_INTERFACE, ATT_3GPP, "BB", 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW, NULL, 0, "5.4.1.2 rule 5: HI 1: a new session");
	expect(&a, &o, mag2, true, LMA_LOOKUP_IGNORE, NULL, 0,
	       "5.4.1.2 rule 5: its de-registration is silently ignored");
	bce(&b, 2, mag2, ATT_3GPP, "CC", p2);
	a.next = &b;
	pbu(&o, MH_HI_HANDOFF_BETWEEN_INTERFACES, ATT_3GPP, "DD", 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW, NULL, 0,
	       "5.4.1.2 rule 3: HI 2 but two entries: a new session");
	pbu(&o, MH_HI_UNKNOWN, ATT_3GPP, "DD", 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW, NULL, 0,
	       "5.4.1.2 rule 4: HI 4 but two entries: a new session");
	a.next = NULL;

	/* RFC 5213 5.4.1.3: no NON_ZERO HNP, no MN-LL-ID. */
	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_WLAN, NULL, 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.3 rule 2: HI 3 and the MN's only entry: an update");
	pbu(&o, MH_HI_HANDOFF_BETWEEN_INTERFACES, ATT_WLAN, NULL, 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_UPDATE, &a, 0,
	       "5.4.1.3 rule 2: HI 2 and the MN's only entry: an update");
	pbu(&o, MH_HI_UNKNOWN, ATT_WLAN, NULL, 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_HOLD, &a, 0,
	       "5.4.1.3 rule 3: HI 4 and the MN's only entry: held for its de-registration");
	pbu(&o, MH_HI_NOT_CHANGED, ATT_WLAN, NULL, 0, NULL, NULL);
	expect(&a, &o, mag2, false, LMA_LOOKUP_NEW, NULL, 0, "5.4.1.3 rule 4: HI 5: a new session");
	pbu(&o, MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE, ATT_WLAN, NULL, 0, NULL, NULL);
	expect(NULL, &o, mag2, false, LMA_LOOKUP_NEW, NULL, 0, "5.4.1.3 rule 4: no entry: a new session");
	expect(NULL, &o, mag2, true, LMA_LOOKUP_IGNORE, NULL, 0,
	       "5.4.1.3 rule 4: its de-registration is silently ignored");

	printf("1..%d\n# %d passed, %d failed\n", n, n - failed, failed);
	return failed != 0;
}
