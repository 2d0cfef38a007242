// SPDX-License-Identifier: GPL-2.0-only
/*
 * LMA flow mobility (RFC 7864): the flow decision and what carries it
 * out. A flow whose target binding shares its prefixes (3.2.1) moves by
 * one FMC update; otherwise the target MAG is first told to route the
 * MN's other prefixes off-link with an FMI and the FMC entry moves on its
 * FMA (3.2.2).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/genl.h"
#include "lma.h"

void lma_handle_bra(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m)
{
	char a[INET6_ADDRSTRLEN];

	pmipd_log(d, LOG_INFO, "BRA from %s: status %u", pmipd_addr(src, a), m->bra.status);
}

#define FMI_TRIES 3	/* at 1, 2 and 4 s (RFC 7077 5.1 leaves it to us) */

void lma_fmi_done(struct pmipd *d, struct lma_fmi *f, int rc, const char *text)
{
	struct lma_fmi **pp = &d->lma->fmis;

	pmipd_timer_cancel(&d->timers, &f->timer);
	while (*pp != f)
		pp = &(*pp)->next;
	*pp = f->next;
	if (f->ctl_fd >= 0)
		pmipd_ctl_reply(f->ctl_fd, rc, text);
	free(f);
}

static void fmi_timer(struct pmipd_timer *t)
{
	struct lma_fmi *f = (struct lma_fmi *)((char *)t - offsetof(struct lma_fmi, timer));
	struct pmipd *d = f->d;
	char a[INET6_ADDRSTRLEN], text[128];

	if (f->sent == FMI_TRIES) {
		snprintf(text, sizeof(text), "no FMA from MAG %s after %u FMIs",
			 pmipd_addr(&f->mag, a), f->sent);
		pmipd_log(d, LOG_WARNING, "%s: %s", f->prof->nai, text);
		lma_fmi_done(d, f, -ETIMEDOUT, text);
		return;
	}
	pmipd_mh_send(d, &f->mag, &f->upn);
	pmipd_timer_arm(&d->timers, &f->timer, pmipd_now_ms() + (1000ull << f->sent));
	f->sent++;
}

static struct lma_bce *bce_by_bid(struct lma_mn *m, uint16_t bid)
{
	struct lma_bce *b = m ? m->bces : NULL;

	while (b && b->bid != bid)
		b = b->next;
	return b;
}

void lma_handle_fma(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *upa)
{
	struct lma_fmi *f = d->lma->fmis;
	char a[INET6_ADDRSTRLEN], text[400];
	struct lma_bce *b;
	const struct mh_upn *req;

	while (f && !(f->upn.upn.sequence == upa->upa.sequence &&
		      IN6_ARE_ADDR_EQUAL(&f->mag, src)))
		f = f->next;
	if (!f) {
		d->stats.mh_rx_unexpected++;
		pmipd_log(d, LOG_NOTICE, "FMA from %s for no FMI we sent", pmipd_addr(src, a));
		return;
	}
	req = &f->upn.upn;
	if (upa->upa.status != MH_UPA_STATUS_SUCCESS) {
		snprintf(text, sizeof(text), "MAG %s refused the flow mobility indication: status %u%s",
			 pmipd_addr(src, a), upa->upa.status,
			 upa->upa.status == MH_UPA_STATUS_MN_NOT_ATTACHED ? " (MN not attached)" :
			 upa->upa.status == MH_UPA_STATUS_NO_FMC_ENTRY ? " (no such flow mobility state)" :
			 upa->upa.status == MH_UPA_STATUS_REASON_UNSPECIFIED ? " (reason unspecified)" : "");
		pmipd_log(d, LOG_NOTICE, "%s: %s", f->prof->nai, text);
		lma_fmi_done(d, f, -EREMOTEIO, text);
		return;
	}
	b = bce_by_bid(lma_mn_find(d->lma, f->prof), f->bid);
	if (b) {
		/* Bookkeeping of what the target MAG routes off-link. */
		for (unsigned int i = 0; i < f->upn.opts.hnp_count; i++) {
			struct in6_addr p;
			unsigned int j;

			memcpy(p.s6_addr, f->upn.opts.hnp[i].prefix, 16);
			for (j = 0; j < b->n_offlink && !IN6_ARE_ADDR_EQUAL(&b->offlink[j], &p); j++)
				;
			if (req->reason == MH_UPN_REASON_FLOW_MOBILITY_ADD && j == b->n_offlink &&
			    b->n_offlink < PMIP6_BCE_HNP_MAX)
				b->offlink[b->n_offlink++] = p;
			else if (req->reason == MH_UPN_REASON_FLOW_MOBILITY_REMOVE && j < b->n_offlink)
				b->offlink[j] = b->offlink[--b->n_offlink];
		}
	}
	if (f->fid) {
		struct pmip6_mn_id id = { .len = f->prof->nai_len };
		char kerr[PMIP6_ERRLEN];
		struct pmip6_fmc e;
		int rc;

		memcpy(id.id, f->prof->nai, id.len);
		rc = pmip6_fmc_get(d->genl, &id, f->fid, &e, kerr, sizeof(kerr));
		if (!rc) {
			e.n_bid = 1;
			e.bid[0] = f->bid;
			rc = pmip6_fmc_set(d->genl, &e, kerr, sizeof(kerr));
		}
		if (rc) {
			d->stats.kernel_errors++;
			snprintf(text, sizeof(text), "the MAG accepted, but the kernel refused the move: %.300s",
				 kerr);
			lma_fmi_done(d, f, -EIO, text);
			return;
		}
	}
	pmipd_log(d, LOG_INFO, "%s: flow mobility %s at bid %u done", f->prof->nai,
		  req->reason == MH_UPN_REASON_FLOW_MOBILITY_ADD ? "add" : "remove", f->bid);
	lma_fmi_done(d, f, 0, "");
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

/*
 * flow move MN fid N bid B: the LMA's flow mobility decision (RFC 7864
 * 3.2). When the target binding already has the flow's prefixes (shared
 * prefixes, 3.2.1) this is one FMC update and no message; otherwise the
 * target MAG first gets an FMI with the MN's other prefixes off-link
 * (3.2.2) and the FMC entry moves when its FMA says success.
 *
 * flow remove MN bid B [hnp P/64]: stop the off-link routing at B's MAG
 * (FLOW-MOBILITY-REMOVE), for the prefixes moved there or the one given.
 */
int lma_flow_cmd(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		    char *err, size_t errlen)
{
	const struct pmipd_mn_profile *p;
	bool move = argc > 1 && !strcmp(argv[1], "move");
	struct pmip6_mn_id id;
	struct lma_bce *target;
	struct lma_fmi *f;
	struct lma_mn *m;
	uint16_t fid = 0, bid;
	char kerr[PMIP6_ERRLEN];
	struct pmip6_fmc e;

	if (!(move && argc == 7 && !strcmp(argv[3], "fid") && !strcmp(argv[5], "bid")) &&
	    !(argc > 1 && !strcmp(argv[1], "remove") && (argc == 5 || argc == 7) &&
	      !strcmp(argv[3], "bid") && (argc == 5 || !strcmp(argv[5], "hnp")))) {
		snprintf(err, errlen, "usage: flow move MN-ID fid N bid B | flow remove MN-ID bid B [hnp P/64]");
		return -EINVAL;
	}
	if ((move && (parse_u16(argv[4], "FID", &fid, err, errlen) ||
		      parse_u16(argv[6], "BID", &bid, err, errlen))) ||
	    (!move && parse_u16(argv[4], "BID", &bid, err, errlen)))
		return -EINVAL;
	p = pmipd_config_mn(&d->cfg, (const uint8_t *)argv[2], strlen(argv[2]));
	m = p ? lma_mn_find(d->lma, p) : NULL;
	if (!m) {
		snprintf(err, errlen, "no binding for mobile node '%s'", argv[2]);
		return -ENOENT;
	}
	target = bce_by_bid(m, bid);
	if (!target) {
		snprintf(err, errlen, "mobile node '%s' has no binding with BID %u", argv[2], bid);
		return -ENOENT;
	}
	for (f = d->lma->fmis; f; f = f->next)
		if (f->prof == p) {
			snprintf(err, errlen, "a flow mobility indication for '%s' is still waiting for its FMA",
				 argv[2]);
			return -EBUSY;
		}
	id.len = p->nai_len;
	memcpy(id.id, p->nai, id.len);
	if (move && pmip6_fmc_get(d->genl, &id, fid, &e, kerr, sizeof(kerr))) {
		snprintf(err, errlen, "no flow %u of '%.64s' in the flow mobility cache: %.200s",
			 fid, argv[2], kerr);
		return -ENOENT;
	}

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->d = d;
	f->prof = p;
	f->bid = bid;
	f->fid = fid;
	f->mag = target->coa;
	mh_msg_init(&f->upn, MH_MSG_UPN);
	f->upn.upn.sequence = ++d->lma->fmi_seq;
	f->upn.upn.reason = move ? MH_UPN_REASON_FLOW_MOBILITY_ADD :
				   MH_UPN_REASON_FLOW_MOBILITY_REMOVE;
	f->upn.upn.flags = MH_UPN_FLAG_A;
	f->upn.opts.present = mh_opt_bit(MH_OPT_MN_ID);
	f->upn.opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	f->upn.opts.mn_id.len = (uint8_t)p->nai_len;
	memcpy(f->upn.opts.mn_id.id, p->nai, p->nai_len);
	if (move) {
		/* The MN's prefixes the target does not anchor: off-link there. */
		for (struct lma_bce *b = m->bces; b; b = b->next)
			for (unsigned int i = 0; i < b->n_hnp; i++) {
				struct mh_options *u = &f->upn.opts;
				bool dup = lma_bce_has_hnp(target, b->hnp[i].s6_addr);

				for (unsigned int j = 0; j < u->hnp_count && !dup; j++)
					dup = !memcmp(u->hnp[j].prefix, b->hnp[i].s6_addr, 16);
				if (dup || u->hnp_count == MH_MAX_HNP)
					continue;
				u->hnp[u->hnp_count] = (struct mh_hnp){ .off_link = true, .prefix_len = 64 };
				memcpy(u->hnp[u->hnp_count++].prefix, b->hnp[i].s6_addr, 16);
			}
		/* The flow, by FID and the target BID (RFC 6089 4.1). */
		f->upn.opts.fid_count = 1;
		f->upn.opts.fid[0] = (struct mh_flow_id){ .fid = fid, .priority = e.fid_pri,
							  .bid_ref_count = 1, .bid_refs = { bid } };
		if (!f->upn.opts.hnp_count) {
			/* 3.2.1: nothing to signal. */
			free(f);
			e.n_bid = 1;
			e.bid[0] = bid;
			if (pmip6_fmc_set(d->genl, &e, kerr, sizeof(kerr))) {
				snprintf(err, errlen, "kernel: %s", kerr);
				return -EIO;
			}
			pmipd_out(o, o->json ? "{\"signaled\":false}\n" :
					       "moved; the binding shares the flow's prefixes: no signaling\n");
			return 0;
		}
	} else if (argc == 7) {
		struct pmipd_prefix pp;

		if (pmipd_prefix_parse(argv[6], &pp)) {
			free(f);
			snprintf(err, errlen, "invalid prefix '%s' (expected an IPv6 /64)", argv[6]);
			return -EINVAL;
		}
		f->upn.opts.hnp[0] = (struct mh_hnp){ .off_link = true, .prefix_len = 64 };
		memcpy(f->upn.opts.hnp[0].prefix, pp.addr.s6_addr, 16);
		f->upn.opts.hnp_count = 1;
	} else {
		for (unsigned int i = 0; i < target->n_offlink; i++) {
			f->upn.opts.hnp[i] = (struct mh_hnp){ .off_link = true, .prefix_len = 64 };
			memcpy(f->upn.opts.hnp[i].prefix, target->offlink[i].s6_addr, 16);
		}
		f->upn.opts.hnp_count = (uint8_t)target->n_offlink;
		if (!f->upn.opts.hnp_count) {
			free(f);
			snprintf(err, errlen, "BID %u of '%s' routes no prefix off-link", bid, argv[2]);
			return -ENOENT;
		}
	}
	f->ctl_fd = o->fd;
	o->deferred = true;
	pmipd_timer_init(&f->timer, fmi_timer);
	f->next = d->lma->fmis;
	d->lma->fmis = f;
	fmi_timer(&f->timer);	/* the first transmission */
	return 0;
}

