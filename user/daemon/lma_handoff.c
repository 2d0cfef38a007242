// SPDX-License-Identifier: GPL-2.0-only
/*
 * LMA: a live binding is not handed to another MAG on a PBU alone.
 *
 * RFC 5213 lets a PBU from a new MAG take over an MN's binding (5.3.4,
 * 5.4.1): whoever can make a MAG register the MN's link-layer identifier
 * can pull its binding. A MAG only knows an MN by the frames on its
 * access links, and frames can be forged on any of them (issue 16 item
 * 5). So when a PBU would move a binding that is registered, and not
 * being de-registered, to another MAG, the LMA holds it, as it holds an
 * HI 4 PBU for MaxDelayBeforeNewBCEAssign (RFC 5213 5.4.1.2, lma.c's
 * defer_pbu), and asks the MAG the binding points at with an Update
 * Notification, reason FORCE-REREGISTRATION, A set (RFC 7077 4.1, 5.1):
 *
 *   UPA 0, then a PBU that re-registers the binding (the old MAG found
 *     the MN still on its access link, mag.c's presence check): the held
 *     PBU is rejected, status 129 (below);
 *   UPA 132 "MN not attached" (RFC 7864 4.3), or a de-registration from
 *     the old MAG: the MN has left; the held PBU is the handoff;
 *   any other UPA status (a MAG that does not do FORCE-REREGISTRATION),
 *     or no answer within max-delay-before-new-bce-assign (a dead MAG),
 *     or no verdict that long after the UPA: the handoff goes ahead,
 *     logged and counted as unverified, as RFC 5213 alone would have it.
 *
 * RFC 7077 5.1 RECOMMENDS A = 0 for FORCE-REREGISTRATION; it is set here
 * because the UPA is what tells a MAG that is checking from a dead one.
 * The UPN is retransmitted once (D set) after 1 s without a UPA (5.2, 7:
 * MAX_UPDATE_NOTIFICATION_RETRANSMIT_COUNT 1,
 * MIN_DELAY_BETWEEN_UPDATE_NOTIFICATION_REPLAY 1000 ms).
 *
 * The status of the refusal: 129 "Administratively prohibited" (RFC 5213
 * 8.9 keeps RFC 6275 6.1.8's values below 152). The request is well
 * formed and comes from a MAG that may register the MN (so not 154
 * MAG_NOT_AUTHORIZED_FOR_PROXY_REG, which a MAG takes as "never for this
 * MN"), and it asks for nothing the MN is not entitled to (so not 155
 * NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX, and a PBU asking for an
 * assigned prefix names none): the LMA's policy refuses to move a
 * binding whose MN is verified present at its MAG. The new MAG drops the
 * registration and holds the claim down for a while (mag.c).
 *
 * Everything here is reached from lma.c at three points: handle_pbu's
 * last step (lma_handoff_hold), after every PBU (lma_handoff_pbu_seen),
 * and every UPA (lma_handoff_upa); a decision goes back through
 * lma_pbu_resume().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pmipd.h"
#include "lma.h"

#define UPN_RETX_MS 1000	/* RFC 7077 7 */
#define UPN_RETX_MAX 1u		/* RFC 7077 7 */

struct lma_handoff {
	struct lma_handoff *next;
	struct pmipd *d;
	const struct pmipd_mn_profile *prof;
	uint16_t bid;			/* the live binding the PBU would move */
	struct in6_addr old_mag;	/* its Proxy-CoA, asked */
	struct in6_addr new_mag;	/* the PBU's source */
	struct mh_msg pbu;		/* held; the newest replaces an older */
	uint16_t upn_seq;
	unsigned int upn_sent;
	bool acked;			/* UPA 0: the old MAG is checking */
	struct pmipd_timer deadline, retx;
};

#define HANDOFF_OF(t, field) \
	((struct lma_handoff *)((char *)(t) - offsetof(struct lma_handoff, field)))

static struct lma_handoff *handoff_find(struct pmipd *d, const struct pmipd_mn_profile *prof,
					uint16_t bid)
{
	struct lma_handoff *h = d->lma->handoffs;

	while (h && !(h->prof == prof && h->bid == bid))
		h = h->next;
	return h;
}

static void upn_send(struct lma_handoff *h, bool retransmission)
{
	struct pmipd *d = h->d;
	struct mh_msg upn;

	mh_msg_init(&upn, MH_MSG_UPN);
	upn.upn.sequence = h->upn_seq;
	upn.upn.reason = MH_UPN_REASON_FORCE_REREGISTRATION;
	/* RFC 7077 5.2: a retransmission is the same message with D. */
	upn.upn.flags = MH_UPN_FLAG_A | (retransmission ? MH_UPN_FLAG_D : 0);
	upn.opts.present = mh_opt_bit(MH_OPT_MN_ID);
	upn.opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	upn.opts.mn_id.len = (uint8_t)h->prof->nai_len;
	memcpy(upn.opts.mn_id.id, h->prof->nai, h->prof->nai_len);
	if (!pmipd_mh_send(d, &h->old_mag, &upn))
		d->stats.upn_tx++;
	h->upn_sent++;
}

/* The hold ends: status 0 lets the PBU through as the handoff, any other
 * value rejects it with that status. */
static void finish(struct lma_handoff *h, uint8_t status)
{
	struct pmipd *d = h->d;
	struct lma_handoff **pp = &d->lma->handoffs;

	while (*pp != h)
		pp = &(*pp)->next;
	*pp = h->next;
	pmipd_timer_cancel(&d->timers, &h->deadline);
	pmipd_timer_cancel(&d->timers, &h->retx);
	/* Unlinked first: what the PBU sets off cannot find h. */
	lma_pbu_resume(d, &h->new_mag, &h->pbu, h->bid, status);
	free(h);
}

static void deadline_timer(struct pmipd_timer *t)
{
	struct lma_handoff *h = HANDOFF_OF(t, deadline);
	struct pmipd *d = h->d;
	char a[INET6_ADDRSTRLEN];

	d->stats.handoff_unverified++;
	pmipd_log(d, LOG_WARNING, "%s bid %u: %s %s within %u ms: the handoff goes ahead unverified",
		  h->prof->nai, h->bid, h->acked ? "no re-registration or de-registration from" :
						   "no answer to FORCE-REREGISTRATION from",
		  pmipd_addr(&h->old_mag, a), d->cfg.max_delay_new_bce_ms);
	finish(h, MH_PBA_ACCEPTED);
}

static void retx_timer(struct pmipd_timer *t)
{
	struct lma_handoff *h = HANDOFF_OF(t, retx);

	if (h->acked || h->upn_sent > UPN_RETX_MAX)
		return;
	upn_send(h, true);
	if (h->upn_sent <= UPN_RETX_MAX)
		pmipd_timer_arm(&h->d->timers, &h->retx, pmipd_now_ms() + UPN_RETX_MS);
}

bool lma_handoff_hold(struct pmipd *d, const struct lma_bce *b, const struct in6_addr *mag,
		      const struct mh_msg *pbu)
{
	const struct mh_options *o = &pbu->opts;
	char a[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	struct lma_handoff *h;
	uint64_t now;

	/* Only a move of a live binding to another MAG. */
	if (b->dereg || IN6_ARE_ADDR_EQUAL(&b->coa, mag) || !pbu->pbu.lifetime_units)
		return false;
	/* Older than what was accepted: refused at once (RFC 5213 5.5). */
	if ((o->present & mh_opt_bit(MH_OPT_TIMESTAMP)) && b->has_ts && o->timestamp <= b->last_ts)
		return false;
	h = handoff_find(d, b->mn->prof, b->bid);
	if (h) {
		/* A retransmission, or another claimant: the newest waits
		 * for the same answer. */
		h->pbu = *pbu;
		h->new_mag = *mag;
		return true;
	}
	h = calloc(1, sizeof(*h));
	if (!h)
		return false;	/* RFC 5213 as it stands, rather than no answer */
	h->d = d;
	h->prof = b->mn->prof;
	h->bid = b->bid;
	h->old_mag = b->coa;
	h->new_mag = *mag;
	h->pbu = *pbu;
	/* RFC 7077 4.1: no collision with the other UPNs outstanding. */
	h->upn_seq = ++d->lma->txn_seq;
	pmipd_timer_init(&h->deadline, deadline_timer);
	pmipd_timer_init(&h->retx, retx_timer);
	h->next = d->lma->handoffs;
	d->lma->handoffs = h;
	d->stats.handoff_held++;
	pmipd_log(d, LOG_INFO, "%s bid %u: PBU from %s would move it from %s: held up to %u ms, asking %s whether the MN is still there (FORCE-REREGISTRATION)",
		  h->prof->nai, h->bid, pmipd_addr(mag, a), pmipd_addr(&h->old_mag, c),
		  d->cfg.max_delay_new_bce_ms, c);
	upn_send(h, false);
	now = pmipd_now_ms();
	if (pmipd_timer_arm(&d->timers, &h->deadline, now + d->cfg.max_delay_new_bce_ms) ||
	    pmipd_timer_arm(&d->timers, &h->retx, now + UPN_RETX_MS)) {
		/* No timer: nothing would end the hold. Let it through. */
		pmipd_timer_cancel(&d->timers, &h->deadline);
		d->lma->handoffs = h->next;
		free(h);
		return false;
	}
	return true;
}

bool lma_handoff_upa(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *upa)
{
	struct lma_handoff *h = d->lma->handoffs;
	char a[INET6_ADDRSTRLEN];

	while (h && !(h->upn_seq == upa->upa.sequence && IN6_ARE_ADDR_EQUAL(&h->old_mag, src)))
		h = h->next;
	if (!h)
		return false;
	d->stats.upa_rx++;
	switch (upa->upa.status) {
	case MH_UPA_STATUS_SUCCESS:
		if (h->acked)
			return true;
		/* Checking: its PBU follows, within another hold time. */
		h->acked = true;
		pmipd_timer_cancel(&d->timers, &h->retx);
		pmipd_timer_arm(&d->timers, &h->deadline,
				pmipd_now_ms() + d->cfg.max_delay_new_bce_ms);
		pmipd_log(d, LOG_INFO, "%s bid %u: %s acknowledged FORCE-REREGISTRATION",
			  h->prof->nai, h->bid, pmipd_addr(src, a));
		return true;
	case MH_UPA_STATUS_MN_NOT_ATTACHED:
		d->stats.handoff_done++;
		pmipd_log(d, LOG_INFO, "%s bid %u: %s says the MN is not attached there: handoff",
			  h->prof->nai, h->bid, pmipd_addr(src, a));
		break;
	default:
		d->stats.handoff_unverified++;
		pmipd_log(d, LOG_WARNING, "%s bid %u: %s refused FORCE-REREGISTRATION (UPA status %u): the handoff goes ahead unverified",
			  h->prof->nai, h->bid, pmipd_addr(src, a), upa->upa.status);
		break;
	}
	finish(h, MH_PBA_ACCEPTED);
	return true;
}

void lma_handoff_pbu_seen(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *pbu)
{
	const struct mh_options *o = &pbu->opts;
	const struct pmipd_mn_profile *p;
	struct lma_handoff *h, *next;
	char a[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];

	if (!d->lma->handoffs || !(o->present & mh_opt_bit(MH_OPT_MN_ID)))
		return;
	p = pmipd_config_mn(&d->cfg, o->mn_id.id, o->mn_id.len);
	for (h = d->lma->handoffs; p && h; h = next) {
		struct lma_mn *m = lma_mn_find(d->lma, p);
		struct lma_bce *b = m ? m->bces : NULL;

		next = h->next;
		if (h->prof != p || !IN6_ARE_ADDR_EQUAL(&h->old_mag, src))
			continue;
		while (b && b->bid != h->bid)
			b = b->next;
		if (!b || b->dereg) {
			/* RFC 5213 5.3.5: the old MAG de-registered it. */
			d->stats.handoff_done++;
			pmipd_log(d, LOG_INFO, "%s bid %u: %s de-registered it: handoff to %s",
				  p->nai, h->bid, pmipd_addr(src, a), pmipd_addr(&h->new_mag, c));
			finish(h, MH_PBA_ACCEPTED);
		} else if (h->acked && pbu->pbu.lifetime_units &&
			   IN6_ARE_ADDR_EQUAL(&b->coa, src) && b->last_seq == pbu->pbu.sequence) {
			/* Re-registered after its check, and accepted. */
			d->stats.handoff_refused++;
			pmipd_log(d, LOG_NOTICE, "%s bid %u: %s found the MN still attached and re-registered it: PBU from %s refused",
				  p->nai, h->bid, pmipd_addr(src, a), pmipd_addr(&h->new_mag, c));
			finish(h, MH_PBA_ADMINISTRATIVELY_PROHIBITED);
		}
	}
}

void lma_handoff_stop(struct pmipd *d)
{
	while (d->lma->handoffs) {
		struct lma_handoff *h = d->lma->handoffs;

		d->lma->handoffs = h->next;
		pmipd_timer_cancel(&d->timers, &h->deadline);
		pmipd_timer_cancel(&d->timers, &h->retx);
		free(h);
	}
}
