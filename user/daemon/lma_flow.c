// SPDX-License-Identifier: GPL-2.0-only
/*
 * LMA flow mobility (RFC 7864): who decides, and how a decision is
 * carried out.
 *
 * Decisions (3.2): per MN, either the LMA decides (the operator's
 * "flow add|move|remove" and the flow policy file) or the MN does (its
 * requests, relayed by the operator's tooling as "flow request"); never
 * both.
 *
 * Carrying one out: a flow whose target binding holds the MN's prefixes
 * (shared prefixes, 3.2.1) moves by one FMC write; otherwise the target
 * MAG is first told with an FMI to route the MN's other prefixes
 * off-link, and the FMC entry is written when its FMA says success
 * (3.2.2). A prefix can also move whole, in the PBA of the MN's new
 * interface, with a BRI to the MAG that loses it (RFC 7864 3.3; the BRI
 * is from draft-ietf-netext-pmipv6-flowmob-10 3.2.2, Figure 6).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/names.h"
#include "../lib/selector.h"
#include "lma.h"

#define TXN_TRIES 3	/* at 1, 2 and 4 s (RFC 7077 5.1, RFC 5846 leave it to us) */
#define PREFIX_MOVE_SWITCH_MS 500	/* PBA to the new MAG, then the switch */

static struct lma_bce *bce_by_bid(struct lma_mn *m, uint16_t bid)
{
	struct lma_bce *b = m ? m->bces : NULL;

	while (b && b->bid != bid)
		b = b->next;
	return b;
}

static void mn_id_opt(struct mh_options *o, const struct pmipd_mn_profile *p)
{
	o->present |= mh_opt_bit(MH_OPT_MN_ID);
	o->mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	o->mn_id.len = (uint8_t)p->nai_len;
	memcpy(o->mn_id.id, p->nai, p->nai_len);
}

static void kernel_mn_id(struct pmip6_mn_id *id, const struct pmipd_mn_profile *p)
{
	id->len = p->nai_len;
	memcpy(id->id, p->nai, p->nai_len);
}

static struct lma_txn *txn_of_mn(struct pmipd *d, const struct pmipd_mn_profile *p,
				 enum mh_msg_kind kind)
{
	struct lma_txn *t = d->lma->txns;

	while (t && !(t->prof == p && t->msg.kind == kind))
		t = t->next;
	return t;
}

void lma_txn_done(struct pmipd *d, struct lma_txn *t, int rc, const char *text)
{
	const struct pmipd_mn_profile *p = t->prof;
	bool policy = t->policy && !rc;
	struct lma_txn **pp = &d->lma->txns;

	pmipd_timer_cancel(&d->timers, &t->timer);
	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	if (t->ctl_id)
		pmipd_ctl_reply(d, t->ctl_id, rc, text);
	free(t);
	/* A policy move done: the policy may have more for this MN. */
	if (policy && !d->lma->stopping)
		lma_flow_policy(d, p);
}

static void txn_timer(struct pmipd_timer *tm)
{
	struct lma_txn *t = (struct lma_txn *)((char *)tm - offsetof(struct lma_txn, timer));
	struct pmipd *d = t->d;
	char a[INET6_ADDRSTRLEN], text[128];

	if (t->sent == TXN_TRIES) {
		snprintf(text, sizeof(text), "no %s from MAG %s after %u %ss",
			 t->msg.kind == MH_MSG_UPN ? "FMA" : "BRA", pmipd_addr(&t->mag, a),
			 t->sent, t->msg.kind == MH_MSG_UPN ? "FMI" : "BRI");
		pmipd_log(d, LOG_WARNING, "%s: %s", t->prof->nai, text);
		lma_txn_done(d, t, -ETIMEDOUT, text);
		return;
	}
	if (t->msg.kind == MH_MSG_BRI && !t->sent) {
		/*
		 * The old binding gives the moved prefix up in the kernel
		 * only now, after the new one took it: its packets always
		 * have a binding.
		 */
		struct lma_bce *old = bce_by_bid(lma_mn_find(d->lma, t->prof), t->bid);

		if (old)
			lma_kernel_put(d, old, false);
	}
	pmipd_mh_send(d, &t->mag, &t->msg);
	pmipd_timer_arm(&d->timers, &t->timer, pmipd_now_ms() + (1000ull << t->sent));
	t->sent++;
}

static struct lma_txn *txn_new(struct pmipd *d, const struct pmipd_mn_profile *p,
			       enum mh_msg_kind kind, const struct in6_addr *mag)
{
	struct lma_txn *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->d = d;
	t->prof = p;
	t->mag = *mag;
	mh_msg_init(&t->msg, kind);
	mn_id_opt(&t->msg.opts, p);
	pmipd_timer_init(&t->timer, txn_timer);
	return t;
}

/* Link t and send it now (delay_ms 0) or delay_ms later. */
static void txn_start(struct pmipd *d, struct lma_txn *t, unsigned int delay_ms)
{
	t->next = d->lma->txns;
	d->lma->txns = t;
	if (!delay_ms)
		txn_timer(&t->timer);
	else
		pmipd_timer_arm(&d->timers, &t->timer, pmipd_now_ms() + delay_ms);
}

/* ---- FMI / FMA (RFC 7864 3.2.2, 4.2, 4.3) -------------------------------- */

/* An FMI to target's MAG (RFC 7864 4.2: a UPN, ack requested); one at a
 * time per MN. NULL with err set. */
static struct lma_txn *fmi_new(struct pmipd *d, struct lma_mn *m, struct lma_bce *target,
			       uint8_t reason, char *err, size_t errlen)
{
	struct lma_txn *t;

	if (txn_of_mn(d, m->prof, MH_MSG_UPN)) {
		snprintf(err, errlen, "a flow mobility indication for '%s' is still waiting for its FMA",
			 m->prof->nai);
		return NULL;
	}
	t = txn_new(d, m->prof, MH_MSG_UPN, &target->coa);
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->msg.upn.reason = reason;
	t->msg.upn.flags = MH_UPN_FLAG_A;
	t->bid = target->bid;
	return t;
}

/* Send t now; with o, the operator's pmipctl waits for the outcome. */
static void fmi_send(struct pmipd *d, struct lma_txn *t, struct pmipd_out *o)
{
	t->msg.upn.sequence = ++d->lma->txn_seq;
	if (o) {
		t->ctl_id = o->ctl_id;
		o->deferred = true;
	}
	txn_start(d, t, 0);
}

/* Whether the /64 p can hold a destination of the selector's range. */
static bool prefix_meets_dst(const struct in6_addr *p, const struct pmip6_ts *ts)
{
	struct in6_addr last = *p;
	const struct in6_addr *end = ts->dst.has_end ? &ts->dst.end : &ts->dst.start;

	if (!ts->dst.has_start)
		return true;
	memset(last.s6_addr + 8, 0xff, 8);
	return memcmp(p, end, 16) <= 0 && memcmp(&last, &ts->dst.start, 16) >= 0;
}

/*
 * The MN's prefixes the flow's packets may be sent to (all of them when
 * its selector names no destination) that target does not anchor, with
 * the L flag (4.1): what target's MAG must route off-link for the flow.
 */
static void offlink_prefixes(const struct lma_mn *m, const struct lma_bce *target,
			     const struct pmip6_ts *ts, struct mh_options *u)
{
	for (const struct lma_bce *b = m->bces; b; b = b->next)
		for (unsigned int i = 0; i < b->n_hnp; i++) {
			bool dup = lma_bce_has_hnp(target, b->hnp[i].s6_addr) ||
				   !prefix_meets_dst(&b->hnp[i], ts);

			for (unsigned int j = 0; j < u->hnp_count && !dup; j++)
				dup = !memcmp(u->hnp[j].prefix, b->hnp[i].s6_addr, 16);
			if (dup || u->hnp_count == MH_MAX_HNP)
				continue;
			u->hnp[u->hnp_count] = (struct mh_hnp){ .off_link = true, .prefix_len = 64 };
			memcpy(u->hnp[u->hnp_count++].prefix, b->hnp[i].s6_addr, 16);
		}
}

static bool ts_empty(const struct pmip6_ts *ts)
{
	static const struct pmip6_ts none;

	return !memcmp(ts, &none, sizeof(none));
}

static int fmc_write(struct pmipd *d, const struct pmip6_fmc *e, bool create, char *err,
		     size_t errlen)
{
	char kerr[PMIP6_ERRLEN];
	int rc = create ? pmip6_fmc_new(d->genl, e, kerr, sizeof(kerr)) :
			  pmip6_fmc_set(d->genl, e, kerr, sizeof(kerr));

	if (rc) {
		d->stats.kernel_errors++;
		snprintf(err, errlen, "the kernel refused the flow mobility cache entry: %.200s",
			 kerr);
	}
	return rc;
}

/*
 * Put flow `want` (its BID list names the target) on target: directly
 * when no signaling is needed, else through an FMI whose FMA writes it.
 * With o, the operator's pmipctl waits for the outcome.
 */
static int flow_place(struct pmipd *d, struct lma_mn *m, struct lma_bce *target,
		      const struct pmip6_fmc *want, bool create, bool policy,
		      struct pmipd_out *o, char *err, size_t errlen)
{
	const struct pmipd_mn_profile *p = m->prof;
	struct mh_flow_id *fid;
	struct lma_txn *t;

	t = fmi_new(d, m, target, MH_UPN_REASON_FLOW_MOBILITY_ADD, err, errlen);
	if (!t)
		return -EBUSY;
	offlink_prefixes(m, target, &want->ts, &t->msg.opts);
	if (!t->msg.opts.hnp_count) {
		/* The target holds the flow's prefixes (always so with shared
		 * prefixes, 3.2.1): nothing to signal. */
		free(t);
		if (fmc_write(d, want, create, err, errlen))
			return -EIO;
		pmipd_log(d, LOG_INFO, "%s: flow %u on bid %u (no signaling)", p->nai, want->fid,
			  target->bid);
		if (o)
			pmipd_out(o, o->json ? "{\"signaled\":false}\n" :
					       "done; the binding holds the flow's prefixes: no signaling\n");
		return 0;
	}
	/* The flow (RFC 6089 4.2): FID, FID-PRI, the target BID, its selector. */
	t->msg.opts.fid_count = 1;
	fid = &t->msg.opts.fid[0];
	*fid = (struct mh_flow_id){ .fid = want->fid, .priority = want->fid_pri,
				    .bid_ref_count = 1, .bid_refs = { target->bid },
				    .has_action = true,
				    .action = create ? MH_FLOW_ACTION_ADD : MH_FLOW_ACTION_MOVE };
	if (!ts_empty(&want->ts)) {
		fid->has_ts = true;
		pmip6_ts_to_mh(&want->ts, &fid->ts);
	}
	t->has_want = true;
	t->create = create;
	t->want = *want;
	t->policy = policy;
	fmi_send(d, t, o);
	return 0;
}

void lma_handle_fma(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *upa)
{
	struct lma_txn *t = d->lma->txns;
	char a[INET6_ADDRSTRLEN], text[400];
	const struct mh_upn *req;
	struct lma_bce *b;

	while (t && !(t->msg.kind == MH_MSG_UPN && t->msg.upn.sequence == upa->upa.sequence &&
		      IN6_ARE_ADDR_EQUAL(&t->mag, src)))
		t = t->next;
	if (!t) {
		d->stats.mh_rx_unexpected++;
		/* Also a UPA to a handoff's FORCE-REREGISTRATION UPN that
		 * came after the LMA stopped waiting (lma_handoff.c).
		 */
		pmipd_log(d, LOG_NOTICE,
			  "UPA from %s (sequence %u, status %u) answers no UPN of ours in progress: a late answer, or one to a UPN we never sent",
			  pmipd_addr(src, a), upa->upa.sequence, upa->upa.status);
		return;
	}
	req = &t->msg.upn;
	if (upa->upa.status != MH_UPA_STATUS_SUCCESS) {
		snprintf(text, sizeof(text), "MAG %s refused the flow mobility indication: status %u%s",
			 pmipd_addr(src, a), upa->upa.status,
			 upa->upa.status == MH_UPA_STATUS_MN_NOT_ATTACHED ? " (MN not attached)" :
			 upa->upa.status == MH_UPA_STATUS_NO_FMC_ENTRY ? " (no such flow mobility state)" :
			 upa->upa.status == MH_UPA_STATUS_REASON_UNSPECIFIED ? " (reason unspecified)" : "");
		pmipd_log(d, LOG_NOTICE, "%s: %s", t->prof->nai, text);
		lma_txn_done(d, t, -EREMOTEIO, text);
		return;
	}
	b = bce_by_bid(lma_mn_find(d->lma, t->prof), t->bid);
	if (b) {
		/* Bookkeeping of what the target MAG routes off-link. */
		for (unsigned int i = 0; i < t->msg.opts.hnp_count; i++) {
			struct in6_addr p;
			unsigned int j;

			memcpy(p.s6_addr, t->msg.opts.hnp[i].prefix, 16);
			for (j = 0; j < b->n_offlink && !IN6_ARE_ADDR_EQUAL(&b->offlink[j], &p); j++)
				;
			if (req->reason == MH_UPN_REASON_FLOW_MOBILITY_ADD && j == b->n_offlink &&
			    b->n_offlink < PMIP6_BCE_HNP_MAX) {
				if (!b->offlink)
					b->offlink = calloc(PMIP6_BCE_HNP_MAX, sizeof(*b->offlink));
				if (b->offlink)
					b->offlink[b->n_offlink++] = p;
				else
					pmipd_log(d, LOG_ERR, "%s: off-link prefix not recorded: out of memory",
						  t->prof->nai);
			}
			else if (req->reason == MH_UPN_REASON_FLOW_MOBILITY_REMOVE && j < b->n_offlink)
				b->offlink[j] = b->offlink[--b->n_offlink];
		}
	}
	if (t->has_want && fmc_write(d, &t->want, t->create, text, sizeof(text))) {
		lma_txn_done(d, t, -EIO, text);
		return;
	}
	pmipd_log(d, LOG_INFO, "%s: flow mobility %s at bid %u done", t->prof->nai,
		  req->reason == MH_UPN_REASON_FLOW_MOBILITY_ADD ? "add" : "remove", t->bid);
	lma_txn_done(d, t, 0, "");
}

/* FLOW-MOBILITY-REMOVE of prefixes target routes off-link (all: hnp NULL). */
static int offlink_remove(struct pmipd *d, struct lma_mn *m, struct lma_bce *target,
			  const struct in6_addr *hnp, struct pmipd_out *o, char *err,
			  size_t errlen)
{
	struct lma_txn *t;

	if (!hnp && !target->n_offlink) {
		snprintf(err, errlen, "BID %u of '%s' routes no prefix off-link", target->bid,
			 m->prof->nai);
		return -ENOENT;
	}
	t = fmi_new(d, m, target, MH_UPN_REASON_FLOW_MOBILITY_REMOVE, err, errlen);
	if (!t)
		return -EBUSY;
	for (unsigned int i = 0; i < (hnp ? 1 : target->n_offlink); i++) {
		t->msg.opts.hnp[i] = (struct mh_hnp){ .off_link = true, .prefix_len = 64 };
		memcpy(t->msg.opts.hnp[i].prefix, hnp ? hnp->s6_addr : target->offlink[i].s6_addr,
		       16);
	}
	t->msg.opts.hnp_count = hnp ? 1 : (uint8_t)target->n_offlink;
	fmi_send(d, t, o);
	return 0;
}

/* ---- BRI / BRA for prefixes moved in a PBA (RFC 7864 3.3; draft-10 3.2.2, Figure 6) */

void lma_handle_bra(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m)
{
	struct lma_txn *t = d->lma->txns;
	char a[INET6_ADDRSTRLEN];

	while (t && !(t->msg.kind == MH_MSG_BRI && t->msg.bri.sequence == m->bra.sequence &&
		      IN6_ARE_ADDR_EQUAL(&t->mag, src)))
		t = t->next;
	if (!t) {
		/* A revocation we did not retransmit-track (pmipctl revoke). */
		pmipd_log(d, LOG_INFO, "BRA from %s: status %u", pmipd_addr(src, a),
			  m->bra.status);
		return;
	}
	pmipd_log(d, m->bra.status ? LOG_NOTICE : LOG_INFO,
		  "%s: MAG %s acknowledged the revocation of moved prefixes: status %u",
		  t->prof->nai, pmipd_addr(src, a), m->bra.status);
	lma_txn_done(d, t, 0, "");
}

unsigned int lma_prefix_moves_plan(struct pmipd *d, struct lma_mn *m, struct lma_bce *b,
				   struct lma_prefix_move *moves)
{
	const struct pmipd_config *cfg = &d->cfg;
	unsigned int n = 0;

	for (size_t r = 0; r < cfg->n_prefix_rule; r++) {
		const struct pmipd_prefix_rule *rule = &cfg->prefix_rule[r];
		struct lma_bce *old;
		unsigned int taken = 0;

		if (rule->mn != m->prof || rule->att != b->att ||
		    lma_bce_has_hnp(b, rule->prefix.s6_addr) || b->n_hnp == PMIP6_BCE_HNP_MAX)
			continue;
		for (old = m->bces; old; old = old->next)
			if (lma_bce_has_hnp(old, rule->prefix.s6_addr))
				break;
		for (unsigned int i = 0; old && i < n; i++)
			taken += moves[i].from == old;
		/* A binding keeps at least one prefix (RFC 5213 5.3.1). */
		if (!old || old->n_hnp < 2 + taken)
			continue;
		b->hnp[b->n_hnp++] = rule->prefix;
		moves[n++] = (struct lma_prefix_move){ .from = old, .prefix = rule->prefix };
	}
	return n;
}

void lma_prefix_moves_commit(struct pmipd *d, struct lma_mn *m, struct lma_bce *b,
			     const struct lma_prefix_move *moves, unsigned int n)
{
	char a[INET6_ADDRSTRLEN];

	for (unsigned int k = 0; k < n; k++) {
		struct lma_bce *old = moves[k].from;
		struct lma_txn *t;
		unsigned int i;

		for (i = 0; !IN6_ARE_ADDR_EQUAL(&old->hnp[i], &moves[k].prefix); i++)
			;
		old->hnp[i] = old->hnp[--old->n_hnp];
		pmipd_log(d, LOG_INFO, "%s: prefix %s/64 moves from bid %u to bid %u (att %u)",
			  m->prof->nai, pmipd_addr(&moves[k].prefix, a), old->bid, b->bid, b->att);
		/* The optional BRI, P flag, so the old MAG stops serving it. */
		t = txn_new(d, m->prof, MH_MSG_BRI, &old->coa);
		if (!t) {
			pmipd_log(d, LOG_ERR, "no memory for the BRI of a moved prefix");
			continue;
		}
		t->msg.bri.trigger = MH_BRI_TRIGGER_UNSPECIFIED;
		t->msg.bri.sequence = ++d->lma->txn_seq;
		t->msg.bri.flags = MH_BR_FLAG_P;
		t->msg.opts.hnp_count = 1;
		t->msg.opts.hnp[0] = (struct mh_hnp){ .prefix_len = 64 };
		memcpy(t->msg.opts.hnp[0].prefix, moves[k].prefix.s6_addr, 16);
		t->bid = old->bid;
		/*
		 * Make before break: while both bindings hold the prefix the
		 * kernel sends it by the one that ranks first (BID-PRI, then
		 * the lower BID): the old MAG, which still serves it, unless
		 * the new binding took a freed lower BID. The BRI, and
		 * the old binding's giving the prefix up, wait until the new
		 * MAG has surely installed its routes from our PBA, so no
		 * packet reaches a MAG that cannot deliver it.
		 */
		txn_start(d, t, PREFIX_MOVE_SWITCH_MS);
	}
}

/* ---- the flow policy file (the LMA's decision) --------------------------- */

void lma_flow_policy(struct pmipd *d, const struct pmipd_mn_profile *p)
{
	const struct pmipd_config *cfg = &d->cfg;
	struct lma_mn *m = lma_mn_find(d->lma, p);
	char err[PMIP6_ERRLEN + 100];

	for (size_t r = 0; r < cfg->n_flow_rule; r++) {
		const struct pmipd_flow_rule *rule = &cfg->flow_rule[r];
		struct pmip6_fmc cur, want = { 0 };
		struct lma_bce *target = NULL;
		bool exists;

		if (rule->mn != p)
			continue;
		if (txn_of_mn(d, p, MH_MSG_UPN))
			return;	/* again when that FMA is in */
		for (struct lma_bce *b = m ? m->bces : NULL; b && !target; b = b->next)
			if (b->att == rule->att && !b->dereg)
				target = b;
		kernel_mn_id(&want.mn, p);
		exists = !pmip6_fmc_get(d->genl, &want.mn, rule->fid, &cur, err, sizeof(err));
		if (!target) {
			/* No interface of that kind: the flow follows its prefix. */
			if (exists && !pmip6_fmc_del(d->genl, &want.mn, rule->fid, err, sizeof(err)))
				pmipd_log(d, LOG_INFO, "%s: flow %u (policy line %u): no binding with att %u, back on its prefix's path",
					  p->nai, rule->fid, rule->line, rule->att);
			continue;
		}
		if (exists && cur.n_bid == 1 && cur.bid[0] == target->bid)
			continue;
		want.fid = rule->fid;
		want.fid_pri = rule->prio;
		want.ts = rule->ts;
		want.action = rule->action;
		want.n_bid = 1;
		want.bid[0] = target->bid;
		pmipd_log(d, LOG_INFO, "%s: flow %u (policy line %u) to bid %u, att %u", p->nai,
			  rule->fid, rule->line, target->bid, rule->att);
		if (flow_place(d, m, target, &want, !exists, true, NULL, err, sizeof(err)))
			pmipd_log(d, LOG_WARNING, "%s: flow %u: %s", p->nai, rule->fid, err);
	}
}

/* ---- pmipctl daemon flow ... ---------------------------------------------- */

static void show_flow(struct pmipd_out *o, const struct pmip6_fmc *e,
		      const struct pmipd_mn_profile *p, bool first)
{
	char sel[1024];
	const char *action = pmip6_fmc_action_name(e->action ? e->action :
					PMIP6_FMC_ACTION_FORWARD);

	pmip6_ts_str(&e->ts, sel, sizeof(sel));
	if (o->json) {
		pmipd_out(o, "%s{\"mn\":\"%s\",\"fid\":%u,\"fid_pri\":%u,\"bids\":[", first ? "" : ",",
			  p->nai, e->fid, e->fid_pri);
		for (unsigned int i = 0; i < e->n_bid; i++)
			pmipd_out(o, "%s%u", i ? "," : "", e->bid[i]);
		pmipd_out(o, "],\"action\":\"%s\",\"active\":%s,\"selector\":\"%s\",\"packets\":%llu,\"decided_by\":\"%s\"}",
			  action ? action : "?", e->active ? "true" : "false", sel,
			  (unsigned long long)e->counters.packets_tx, p->mn_decides ? "mn" : "lma");
		return;
	}
	pmipd_out(o, "mn %s fid %u prio %u bid", p->nai, e->fid, e->fid_pri);
	for (unsigned int i = 0; i < e->n_bid; i++)
		pmipd_out(o, "%s%u", i ? "," : " ", e->bid[i]);
	pmipd_out(o, " %s %s selector %s packets %llu decided-by %s\n", action ? action : "?",
		  e->active ? "active" : "inactive", sel,
		  (unsigned long long)e->counters.packets_tx, p->mn_decides ? "mn" : "lma");
}

static int flow_show(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		     char *err, size_t errlen)
{
	const struct pmipd_mn_profile *only = NULL;
	char kerr[PMIP6_ERRLEN];
	struct pmip6_fmc_list l;
	bool first = true;

	if (argc > 3) {
		snprintf(err, errlen, "usage: flow show [MN-ID]");
		return -EINVAL;
	}
	if (argc == 3) {
		only = pmipd_config_mn(&d->cfg, (const uint8_t *)argv[2], strlen(argv[2]));
		if (!only) {
			snprintf(err, errlen, "unknown mobile node '%s'", argv[2]);
			return -ENOENT;
		}
	}
	if (pmip6_fmc_dump(d->genl, &l, kerr, sizeof(kerr))) {
		snprintf(err, errlen, "kernel: %s", kerr);
		return -EIO;
	}
	if (o->json)
		pmipd_out(o, "[");
	for (size_t i = 0; i < l.n; i++) {
		const struct pmipd_mn_profile *p =
			pmipd_config_mn(&d->cfg, (const uint8_t *)l.v[i].mn.id, l.v[i].mn.len);

		if (!p || (only && p != only))
			continue;
		show_flow(o, &l.v[i], p, first);
		first = false;
	}
	if (o->json)
		pmipd_out(o, "]\n");
	pmip6_fmc_list_free(&l);
	return 0;
}

static int parse_u16(const char *s, const char *what, uint16_t *out, char *err, size_t errlen)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || !v || v > 0xffff) {
		snprintf(err, errlen, "invalid %s '%s' (expected 1..65535)", what, s);
		return -EINVAL;
	}
	*out = (uint16_t)v;
	return 0;
}

#define FLOW_USAGE \
	"usage: flow show [MN-ID]\n" \
	"       flow add MN-ID fid N [prio P] [action forward|drop] bid B [SELECTOR]\n" \
	"       flow move MN-ID fid N bid B\n" \
	"       flow remove MN-ID fid N | flow remove MN-ID bid B [hnp P/64]\n" \
	"       flow request add|move|remove MN-ID ... (an MN's own decision)"

/* "add MN fid N [prio P] [action A] bid B [SELECTOR]": the entry, the target. */
static int parse_add(char **argv, int argc, struct pmip6_fmc *e, uint16_t *bid, char *err,
		     size_t errlen)
{
	char why[PMIP6_WHYLEN];
	bool has_fid = false, has_prio = false;

	*bid = 0;
	for (int i = 2; i < argc; i += 2) {
		const char *kw = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		uint32_t v;
		int rc;

		if (!val) {
			snprintf(err, errlen, "'%s' needs a value", kw);
			return -EINVAL;
		}
		if (!strcmp(kw, "fid")) {
			if (parse_u16(val, "FID", &e->fid, err, errlen))
				return -EINVAL;
			has_fid = true;
		} else if (!strcmp(kw, "bid")) {
			if (parse_u16(val, "BID", bid, err, errlen))
				return -EINVAL;
		} else if (!strcmp(kw, "prio")) {
			/* RFC 6089 4.2: FID-PRI 0 is reserved. */
			if (pmip6_parse_num("prio", val, 1, 65535, &v, why)) {
				snprintf(err, errlen, "%s", why);
				return -EINVAL;
			}
			e->fid_pri = (uint16_t)v;
			has_prio = true;
		} else if (!strcmp(kw, "action")) {
			if (pmip6_fmc_action_parse(val, &e->action)) {
				snprintf(err, errlen, "invalid action '%s' (expected forward or drop)", val);
				return -EINVAL;
			}
		} else {
			rc = pmip6_ts_parse_kw(&e->ts, kw, val, why);
			if (rc) {
				if (rc > 0)
					snprintf(why, sizeof(why), "unknown keyword '%s' (expected fid, prio, action, bid, src, dst, proto, sport, dport, spi, label or tclass)",
						 kw);
				snprintf(err, errlen, "%s", why);
				return -EINVAL;
			}
		}
	}
	if (!has_fid || !*bid) {
		snprintf(err, errlen, "flow add needs 'fid N' and 'bid B'");
		return -EINVAL;
	}
	/* RFC 6089 4.2: every flow of an MN has its own FID-PRI, and the
	 * FID is one already. */
	if (!has_prio)
		e->fid_pri = e->fid;
	return 0;
}

/* RFC 6089 4.2: "two FIDs MUST NOT be associated with the same FID-PRI". */
static int fid_pri_taken(struct pmipd *d, const struct pmip6_fmc *e, char *err, size_t errlen)
{
	char kerr[PMIP6_ERRLEN];
	struct pmip6_fmc_list l;
	int rc = 0;

	if (pmip6_fmc_dump(d->genl, &l, kerr, sizeof(kerr))) {
		snprintf(err, errlen, "kernel: %s", kerr);
		return -EIO;
	}
	for (size_t i = 0; i < l.n && !rc; i++) {
		const struct pmip6_fmc *f = &l.v[i];

		if (f->mn.len == e->mn.len && !memcmp(f->mn.id, e->mn.id, e->mn.len) &&
		    f->fid != e->fid && f->fid_pri == e->fid_pri) {
			snprintf(err, errlen,
				 "prio %u is flow %u's already: each flow of a mobile node needs its own (RFC 6089 4.2)",
				 e->fid_pri, f->fid);
			rc = -EEXIST;
		}
	}
	pmip6_fmc_list_free(&l);
	return rc;
}

static int flow_remove_fid(struct pmipd *d, struct lma_mn *m, uint16_t fid,
			   struct pmipd_out *o, char *err, size_t errlen)
{
	char kerr[PMIP6_ERRLEN];
	struct pmip6_fmc e;
	struct lma_bce *b;
	struct pmip6_mn_id id;

	kernel_mn_id(&id, m->prof);
	if (pmip6_fmc_get(d->genl, &id, fid, &e, kerr, sizeof(kerr))) {
		snprintf(err, errlen, "no flow %u of '%s' in the flow mobility cache", fid,
			 m->prof->nai);
		return -ENOENT;
	}
	if (pmip6_fmc_del(d->genl, &id, fid, kerr, sizeof(kerr))) {
		snprintf(err, errlen, "kernel: %s", kerr);
		return -EIO;
	}
	pmipd_log(d, LOG_INFO, "%s: flow %u removed", m->prof->nai, fid);
	/* The MAG it had been moved to routes the MN's prefixes off-link
	 * for it alone: take that away too (FLOW-MOBILITY-REMOVE). */
	b = e.n_bid == 1 ? bce_by_bid(m, e.bid[0]) : NULL;
	if (b && b->n_offlink) {
		struct pmip6_fmc_list l;
		bool other = false;

		if (!pmip6_fmc_dump(d->genl, &l, kerr, sizeof(kerr))) {
			for (size_t i = 0; i < l.n && !other; i++)
				for (unsigned int j = 0; j < l.v[i].n_bid; j++)
					other |= l.v[i].mn.len == id.len &&
						 !memcmp(l.v[i].mn.id, id.id, id.len) &&
						 l.v[i].bid[j] == b->bid;
			pmip6_fmc_list_free(&l);
		}
		if (!other)
			return offlink_remove(d, m, b, NULL, o, err, errlen);
	}
	if (o->json)
		pmipd_out(o, "{\"signaled\":false}\n");
	return 0;
}

/*
 * The decision itself, from whoever may take it for this MN. argv[0] is
 * add, move or remove, argv[1] the MN.
 */
static int flow_decide(struct pmipd *d, char **argv, int argc, bool by_mn,
		       struct pmipd_out *o, char *err, size_t errlen)
{
	const struct pmipd_mn_profile *p;
	struct pmip6_fmc e = { 0 };
	struct lma_bce *target;
	struct lma_mn *m;
	uint16_t fid = 0, bid = 0;
	bool add = !strcmp(argv[0], "add"), move = !strcmp(argv[0], "move");

	if (argc < 2 || (!add && !move && strcmp(argv[0], "remove"))) {
		snprintf(err, errlen, FLOW_USAGE);
		return -EINVAL;
	}
	p = pmipd_config_mn(&d->cfg, (const uint8_t *)argv[1], strlen(argv[1]));
	if (!p) {
		snprintf(err, errlen, "unknown mobile node '%s'", argv[1]);
		return -ENOENT;
	}
	/* RFC 7864 3.2: the MN or the LMA decides, never both. */
	if (p->mn_decides != by_mn) {
		snprintf(err, errlen, by_mn ?
			 "flow decisions for '%s' are the LMA's (flow-decision lma): an MN request is refused" :
			 "flow decisions for '%s' are the MN's (flow-decision mn): relay its request with 'flow request'",
			 p->nai);
		return -EPERM;
	}
	m = lma_mn_find(d->lma, p);
	if (!m) {
		snprintf(err, errlen, "no binding for mobile node '%s'", argv[1]);
		return -ENOENT;
	}
	if (add) {
		if (parse_add(argv, argc, &e, &bid, err, errlen))
			return -EINVAL;
	} else if (move && argc == 6 && !strcmp(argv[2], "fid") && !strcmp(argv[4], "bid")) {
		if (parse_u16(argv[3], "FID", &fid, err, errlen) ||
		    parse_u16(argv[5], "BID", &bid, err, errlen))
			return -EINVAL;
	} else if (!move && argc == 4 && !strcmp(argv[2], "fid")) {
		if (parse_u16(argv[3], "FID", &fid, err, errlen))
			return -EINVAL;
		return flow_remove_fid(d, m, fid, o, err, errlen);
	} else if (!move && (argc == 4 || argc == 6) && !strcmp(argv[2], "bid") &&
		   (argc == 4 || !strcmp(argv[4], "hnp"))) {
		struct pmipd_prefix pp;

		if (parse_u16(argv[3], "BID", &bid, err, errlen))
			return -EINVAL;
		target = bce_by_bid(m, bid);
		if (!target) {
			snprintf(err, errlen, "mobile node '%s' has no binding with BID %u", p->nai, bid);
			return -ENOENT;
		}
		if (argc == 6 && pmipd_prefix_parse(argv[5], &pp)) {
			snprintf(err, errlen, "invalid prefix '%s' (expected an IPv6 /64)", argv[5]);
			return -EINVAL;
		}
		return offlink_remove(d, m, target, argc == 6 ? &pp.addr : NULL, o, err, errlen);
	} else {
		snprintf(err, errlen, FLOW_USAGE);
		return -EINVAL;
	}
	target = bce_by_bid(m, bid);
	if (!target) {
		snprintf(err, errlen, "mobile node '%s' has no binding with BID %u", p->nai, bid);
		return -ENOENT;
	}
	kernel_mn_id(&e.mn, p);
	if (move) {
		struct pmip6_mn_id id = e.mn;	/* the get fills e, key included */
		char kerr[PMIP6_ERRLEN];

		if (pmip6_fmc_get(d->genl, &id, fid, &e, kerr, sizeof(kerr))) {
			snprintf(err, errlen, "no flow %u of '%.64s' in the flow mobility cache: %.200s",
				 fid, p->nai, kerr);
			return -ENOENT;
		}
	} else {
		struct pmip6_fmc cur;
		char kerr[PMIP6_ERRLEN];

		if (!pmip6_fmc_get(d->genl, &e.mn, e.fid, &cur, kerr, sizeof(kerr))) {
			snprintf(err, errlen, "flow %u of '%s' exists already (move it, or remove it first)",
				 e.fid, p->nai);
			return -EEXIST;
		}
		if (fid_pri_taken(d, &e, err, errlen))
			return -EEXIST;
	}
	e.n_bid = 1;
	e.bid[0] = bid;
	return flow_place(d, m, target, &e, add, false, o, err, errlen);
}

int lma_flow_cmd(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		 char *err, size_t errlen)
{
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return flow_show(d, argv, argc, o, err, errlen);
	if (argc >= 3 && !strcmp(argv[1], "request"))
		return flow_decide(d, argv + 2, argc - 2, true, o, err, errlen);
	if (argc >= 2)
		return flow_decide(d, argv + 1, argc - 1, false, o, err, errlen);
	snprintf(err, errlen, FLOW_USAGE);
	return -EINVAL;
}
