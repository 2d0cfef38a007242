// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which mobility session a Proxy Binding Update is for: the Binding Cache
 * entry lookup of RFC 5213 5.4.1, rule by rule, as RFC 7864 3.2.1 extends
 * it for prefixes shared by the interfaces of one MN. A pure function of
 * the MN's bindings and the request, so that each rule is a unit test
 * (lma_lookup_test.c); lma.c acts on the verdict.
 */
#include <string.h>

#include "lma_lookup.h"

static bool has_ll_id(const struct mh_options *o)
{
	return o->present & mh_opt_bit(MH_OPT_MN_LL_ID);
}

/* The request's MN-LL-ID and ATT are the entry's. */
static bool ll_id_matches(const struct lma_bce *b, const struct mh_options *o)
{
	return has_ll_id(o) && b->att == o->access_tech_type &&
	       b->ll_id_len == o->mn_ll_id.len && !memcmp(b->ll_id, o->mn_ll_id.id, b->ll_id_len);
}

/* Here rather than in lma.c: the lookup is its main user, and it is pure. */
bool lma_bce_has_hnp(const struct lma_bce *b, const uint8_t *prefix)
{
	for (unsigned int i = 0; i < b->n_hnp; i++)
		if (!memcmp(b->hnp[i].s6_addr, prefix, 16))
			return true;
	return false;
}

static bool holds_any(const struct lma_bce *b, const struct mh_options *o)
{
	for (unsigned int i = 0; i < o->hnp_count; i++)
		if (lma_bce_has_hnp(b, o->hnp[i].prefix))
			return true;
	return false;
}

/* RFC 5213 5.4.1.1 rule 4: all of them, and as many. */
static bool same_prefix_set(const struct lma_bce *b, const struct mh_options *o)
{
	if (b->n_hnp != o->hnp_count)
		return false;
	for (unsigned int i = 0; i < o->hnp_count; i++)
		if (!lma_bce_has_hnp(b, o->hnp[i].prefix))
			return false;
	return true;
}

/*
 * RFC 5648 4.3: a Binding Identifier names one binding of the MN. A request
 * that names another BID than b's is for b only if its MN-LL-ID says so
 * (a MAG new to the MN may number it anew).
 */
static bool other_bid(const struct lma_bce *b, const struct mh_options *o)
{
	return o->bid_count && o->bid[0].bid != b->bid;
}

/*
 * Two MN-LL-IDs that differ are two interfaces, whatever else matches:
 * RFC 5213 5.4.1.1 rule 5's Proxy-CoA condition stands for "the same
 * interface at the same MAG", and RFC 7864 lets two interfaces of one MN
 * share prefixes, possibly at one MAG.
 */
static bool other_interface(const struct lma_bce *b, const struct mh_options *o)
{
	return has_ll_id(o) && b->ll_id_len &&
	       (b->ll_id_len != o->mn_ll_id.len || memcmp(b->ll_id, o->mn_ll_id.id, b->ll_id_len));
}

static void verdict(struct lma_lookup *out, enum lma_lookup_verdict v, struct lma_bce *b,
		    uint8_t status, const char *rule)
{
	out->verdict = v;
	out->bce = b;
	out->status = status;
	out->rule = rule;
}

/*
 * "For all other cases ... a request for creating a new mobility session.
 * However, if the received Proxy Binding Update message has the lifetime
 * value of zero ... the message MUST be silently ignored" (RFC 5213
 * 5.4.1.1 rule 6, 5.4.1.2 rule 5, 5.4.1.3 rule 4).
 */
static void new_session(struct lma_lookup *out, bool dereg, const char *rule)
{
	verdict(out, dereg ? LMA_LOOKUP_IGNORE : LMA_LOOKUP_NEW, NULL, 0, rule);
}

/* RFC 5213 5.4.1.1, with RFC 7864 3.2.1 for HI 6. */
static void lookup_by_prefix(struct lma_bce *bces, const struct mh_options *o,
			     const struct in6_addr *src, bool dereg, struct lma_lookup *out)
{
	struct lma_bce *by_ll_id = NULL, *by_bid = NULL, *by_coa = NULL, *found = NULL;
	unsigned int n_found = 0;

	for (struct lma_bce *b = bces; b; b = b->next) {
		if (!holds_any(b, o))
			continue;
		if (!same_prefix_set(b, o)) {
			verdict(out, LMA_LOOKUP_REJECT, b, MH_PBA_BCE_PBU_PREFIX_SET_DO_NOT_MATCH,
				"RFC 5213 5.4.1.1 rule 4");
			return;
		}
		found = b;
		n_found++;
		/* Rule 5, first condition: the interface's own session. */
		if (ll_id_matches(b, o) && !by_ll_id)
			by_ll_id = b;
		if (o->bid_count && o->bid[0].bid == b->bid && !other_interface(b, o) && !by_bid)
			by_bid = b;
		/* Rule 5, fourth: the MAG that holds it, same access. */
		if (IN6_ARE_ADDR_EQUAL(&b->coa, src) && b->att == o->access_tech_type &&
		    !other_bid(b, o) && !other_interface(b, o) && !by_coa)
			by_coa = b;
	}
	/* Rule 2. */
	if (!n_found) {
		new_session(out, dereg, "RFC 5213 5.4.1.1 rule 2");
		return;
	}
	if (by_ll_id) {
		verdict(out, LMA_LOOKUP_UPDATE, by_ll_id, 0, "RFC 5213 5.4.1.1 rule 5 (MN-LL-ID)");
		return;
	}
	if (o->handoff_indicator == MH_HI_NEW_INTERFACE_SHARING_PREFIXES) {
		/* RFC 7864 3.2.1 rules 2, 3: another interface, the same
		 * prefixes; unless the BID names one of its sessions
		 * (RFC 5648 4.3).
		 */
		if (by_bid)
			verdict(out, LMA_LOOKUP_UPDATE, by_bid, 0, "RFC 7864 3.2.1, RFC 5648 4.3 (BID)");
		else if (dereg)
			verdict(out, LMA_LOOKUP_IGNORE, NULL, 0, "RFC 7864 3.2.1");
		else
			verdict(out, LMA_LOOKUP_NEW_SHARING, found, 0, "RFC 7864 3.2.1 rules 2, 3");
		return;
	}
	if (by_coa) {
		verdict(out, LMA_LOOKUP_UPDATE, by_coa, 0, "RFC 5213 5.4.1.1 rule 5 (Proxy-CoA)");
		return;
	}
	/* Rule 5, second and third conditions: for one session only, else
	 * nothing says which. */
	if (n_found == 1 && !other_bid(found, o) &&
	    (o->handoff_indicator == MH_HI_HANDOFF_BETWEEN_INTERFACES ||
	     (o->handoff_indicator == MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE && !has_ll_id(o) &&
	      !found->ll_id_len && found->att == o->access_tech_type))) {
		verdict(out, LMA_LOOKUP_UPDATE, found, 0, "RFC 5213 5.4.1.1 rule 5 (HI)");
		return;
	}
	/*
	 * Rule 6: a new session, for prefixes another session of this MN
	 * holds. A re-registration (HI 5) that names its own BID and MN-LL-ID
	 * is the MN's interface whose session the LMA no longer has, beside
	 * another that shares its prefixes (RFC 7864 3.2.1): it starts anew
	 * beside it. Otherwise the prefixes are not the new session's to
	 * take (RFC 5213 5.3.2 rule 3): a MAG that has not noticed its MN
	 * leave must not pull the binding back from the one that serves it.
	 */
	if (dereg) {
		verdict(out, LMA_LOOKUP_IGNORE, NULL, 0, "RFC 5213 5.4.1.1 rule 6");
	} else if (o->handoff_indicator == MH_HI_NOT_CHANGED && o->bid_count && has_ll_id(o)) {
		verdict(out, LMA_LOOKUP_NEW_SHARING, found, 0, "RFC 5213 5.4.1.1 rule 6, RFC 7864 3.2.1");
	} else {
		verdict(out, LMA_LOOKUP_REJECT, found, MH_PBA_NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX,
			"RFC 5213 5.4.1.1 rule 6, 5.3.2 rule 3");
	}
}

void lma_bce_lookup(struct lma_bce *bces, const struct mh_options *o, const struct in6_addr *src,
		    bool dereg, struct lma_lookup *out)
{
	uint8_t hi = o->handoff_indicator;
	bool only_one = bces && !bces->next;

	if (o->hnp_count && o->hnp[0].prefix_len) {
		lookup_by_prefix(bces, o, src, dereg, out);
		return;
	}
	/* RFC 7864 3.2.1: a new interface to get the prefixes the MN has. */
	if (hi == MH_HI_NEW_INTERFACE_SHARING_PREFIXES && bces) {
		for (struct lma_bce *b = bces; b; b = b->next) {
			if (ll_id_matches(b, o)) {
				verdict(out, LMA_LOOKUP_UPDATE, b, 0, "RFC 7864 3.2.1 rule 1");
				return;
			}
		}
		if (dereg)
			verdict(out, LMA_LOOKUP_IGNORE, NULL, 0, "RFC 7864 3.2.1");
		else
			verdict(out, LMA_LOOKUP_NEW_SHARING, bces, 0, "RFC 7864 3.2.1 rules 2, 3");
		return;
	}
	if (has_ll_id(o)) {
		/* RFC 5213 5.4.1.2 rules 1, 2. */
		for (struct lma_bce *b = bces; b; b = b->next) {
			if (ll_id_matches(b, o)) {
				verdict(out, LMA_LOOKUP_UPDATE, b, 0, "RFC 5213 5.4.1.2 rule 2");
				return;
			}
		}
		if (only_one && hi == MH_HI_HANDOFF_BETWEEN_INTERFACES) {
			verdict(out, LMA_LOOKUP_UPDATE, bces, 0, "RFC 5213 5.4.1.2 rule 3");
			return;
		}
		/*
		 * Rule 4 waits for the previously serving MAG to let the
		 * session go; the MAG that holds it, naming another MN-LL-ID,
		 * has two interfaces of the MN and will not: a new session.
		 */
		if (only_one && hi == MH_HI_UNKNOWN && !dereg &&
		    !IN6_ARE_ADDR_EQUAL(&bces->coa, src)) {
			verdict(out, LMA_LOOKUP_HOLD, bces, 0, "RFC 5213 5.4.1.2 rule 4");
			return;
		}
		new_session(out, dereg, "RFC 5213 5.4.1.2 rule 5");
		return;
	}
	/* RFC 5213 5.4.1.3. */
	if (only_one && (hi == MH_HI_HANDOFF_BETWEEN_INTERFACES ||
			 hi == MH_HI_HANDOFF_BETWEEN_MAGS_SAME_INTERFACE)) {
		verdict(out, LMA_LOOKUP_UPDATE, bces, 0, "RFC 5213 5.4.1.3 rule 2");
		return;
	}
	if (only_one && hi == MH_HI_UNKNOWN && !dereg) {
		verdict(out, LMA_LOOKUP_HOLD, bces, 0, "RFC 5213 5.4.1.3 rule 3");
		return;
	}
	new_session(out, dereg, "RFC 5213 5.4.1.3 rule 4");
}
