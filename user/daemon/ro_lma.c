// SPDX-License-Identifier: GPL-2.0-only
/*
 * Localized routing at the LMA (draft-loureiro-netext-pmipv6-ro-02): the
 * RO Controller of a pair of MNs both bound here (4.1; Trigger and
 * Controller are the same LMA, 3), or, when the destination MN is anchored
 * at a peer LMA (ro-peer-lma), the RO Trigger that hands the pair to that
 * LMA with RO Trigger and learns the outcome from RO Trigger Ack (4.2),
 * or the RO Controller such a peer triggered.
 *
 * The trigger is the kernel's MN_TRAFFIC notification (the LMA forwarded
 * a packet from one of its MNs to another, or toward a peer LMA's prefix:
 * main.c gives the kernel the ro-peer-lma prefixes as remote prefixes; at
 * most one a second per pair), or a MAG's RO Request (section 7). The
 * Controller sends RO Init to the destination MN's MAG naming the source
 * MN's MAG (4.1 step 1); that MAG runs RO Setup with the source MN's MAG
 * (steps 2, 3) and answers with RO Init Ack (4). Only then does the LMA
 * record the pair: in the kernel (owner controller, so "pmipctl ro" shows
 * it) and here, with the lifetime of each side, which each MAG extends
 * with RO Refresh (4.5).
 * A handoff of either MN re-runs the setup toward its new MAG and clears
 * the old MAG's state with a lifetime-0 RO Init (4.3).
 *
 * A pair lives in one list (few pairs per LMA: a linear walk is fine).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pmip6.h>

#include "../lib/genl.h"
#include "ro.h"

struct ro_pair {
	struct ro_pair *next;
	struct pmipd *d;
	struct in6_addr hnp[2];		/* draft 5.1: source MN's, destination MN's */
	struct in6_addr mag[2];		/* their MAGs (Proxy-CoAs) */
	bool active;			/* the MAGs have states; so has the kernel */
	bool busy;			/* an RO Init is outstanding */
	bool hold;			/* a setup failed: RO_HOLD_MS of rest */
	bool requested;			/* by a MAG's RO Request (section 7) */
	bool local[2];			/* side k's MN is bound at this LMA */
	bool trigger;			/* we are RO Trigger, peer_lma the
					 * Controller (4.2); p->init is then
					 * our RO Trigger
					 */
	bool for_peer;			/* we are Controller for peer_lma */
	bool answer_peer;		/* its RO Trigger waits for our Ack */
	bool peer_gone;			/* the peer LMA ended the pair */
	struct in6_addr peer_lma;
	uint16_t trigger_seq;		/* of the RO Trigger we answer */
	/*
	 * After a handoff of side k (bit k): clear old_mag[k]'s state once
	 * the re-setup succeeded. Per side: both MNs may move at once.
	 */
	unsigned int old;
	struct in6_addr old_mag[2];
	bool wait_peer;			/* a re-setup waits for the other MN's handoff */
	uint16_t lifetime;		/* granted, seconds */
	uint64_t expires[2];		/* each side's, from its refreshes */
	struct mh_msg init;		/* the outstanding RO Init */
	unsigned int sent;
	struct pmipd_timer retx, life;
	char why[96];			/* the last failure, for "ro" */
};

static struct ro_pair *pair_find(struct ro *r, const struct in6_addr *a,
				 const struct in6_addr *b)
{
	for (struct ro_pair *p = r->pairs; p; p = p->next)
		if ((ro_same64(&p->hnp[0], a) && ro_same64(&p->hnp[1], b)) ||
		    (ro_same64(&p->hnp[0], b) && ro_same64(&p->hnp[1], a)))
			return p;
	return NULL;
}

/*
 * A lifetime-0 RO Init to the MAG of side k: that MAG deletes its state
 * of the pair and tells its peer MAG with a lifetime-0 RO Setup. The
 * receiver's own MN is always the second HNP of an Init. Sent once: a
 * state it misses is refused at its next refresh (ro_mag.c) and in any
 * case expires.
 */
static void send_delete(struct pmipd *d, struct ro_pair *p, unsigned int k,
			const struct in6_addr *to)
{
	/*
	 * draft 5.1: RO Init carries MAG-ADDR, which a deletion does not
	 * use. The RO Trigger does not know the peer MN's MAG (4.2: the
	 * Controller's); the receiver drops an unspecified MAG-ADDR
	 * (ro_parse), so name the receiver itself then.
	 */
	const struct in6_addr *mag = IN6_IS_ADDR_UNSPECIFIED(&p->mag[1 - k]) ? to : &p->mag[1 - k];
	struct mh_msg *m = malloc(sizeof(*m));

	if (!m)
		return;
	ro_msg(m, MH_RO_INIT, ++d->ro->seq, 0, 0, &p->hnp[1 - k], &p->hnp[k], mag);
	ro_send(d, to, m);
	free(m);
}

/* RO Trigger or Trigger Ack to the peer LMA (4.2); lifetime 0 ends the pair there. */
static void send_peer(struct pmipd *d, struct ro_pair *p, uint8_t kind, uint16_t seq,
		      uint8_t status, uint16_t lifetime)
{
	struct mh_msg *m = malloc(sizeof(*m));

	if (!m)
		return;
	ro_msg(m, kind, seq, status, lifetime, &p->hnp[0], &p->hnp[1],
	       kind == MH_RO_TRIGGER ? &p->mag[0] : NULL);
	ro_send(d, &p->peer_lma, m);
	free(m);
}

/* The kernel record: owner controller (peer: the destination MN's MAG) or trigger (the Controller). */
static int kernel_record(struct pmipd *d, struct ro_pair *p, uint16_t lifetime)
{
	if (p->trigger)
		return ro_kernel_put(d, &p->hnp[0], &p->hnp[1], &p->peer_lma, lifetime,
				     PMIP6_RO_OWNER_TRIGGER);
	return ro_kernel_put(d, &p->hnp[0], &p->hnp[1], &p->mag[1], lifetime,
			     PMIP6_RO_OWNER_CONTROLLER);
}

static void pair_free(struct pmipd *d, struct ro_pair *p)
{
	struct ro_pair **pp = &d->ro->pairs;

	pmipd_timer_cancel(&d->timers, &p->retx);
	pmipd_timer_cancel(&d->timers, &p->life);
	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	free(p);
}

/*
 * draft 4.3: the previous MAG of each side that moved loses its state
 * (lifetime-0 RO Init). Not when the MN is back at that MAG: the state
 * there is the new one. The receiver deletes only the state of the MN
 * the Init names (the second HNP), so a MAG that one MN left and the
 * other joined keeps the joining MN's state.
 */
static void clear_old(struct pmipd *d, struct ro_pair *p)
{
	for (unsigned int k = 0; k < 2; k++)
		if ((p->old & (1u << k)) && !IN6_ARE_ADDR_EQUAL(&p->old_mag[k], &p->mag[k]))
			send_delete(d, p, k, &p->old_mag[k]);
	p->old = 0;
}

/*
 * End an active pair: the kernel record goes, and the MAGs of the sides
 * named in `tell` (bit k: side k) get a lifetime-0 RO Init.
 */
static void pair_end(struct pmipd *d, struct ro_pair *p, unsigned int tell, const char *why)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	pmipd_log(d, LOG_INFO, "localized routing %s <-> %s ended: %s", ro_hnp(&p->hnp[0], a),
		  ro_hnp(&p->hnp[1], b), why);
	if (p->active) {
		ro_kernel_del(d, &p->hnp[0], &p->hnp[1]);
		d->ro->st.deleted++;
	}
	/* A peer MAG is told by its own LMA (a foreign LMA's RO Init it refuses). */
	for (unsigned int k = 0; k < 2; k++)
		if ((tell & (1u << k)) && p->local[k])
			send_delete(d, p, k, &p->mag[k]);
	if ((p->trigger || p->for_peer) && (p->active || p->busy) && !p->peer_gone)
		send_peer(d, p, MH_RO_TRIGGER, ++d->ro->seq, 0, 0);
	clear_old(d, p);
	pair_free(d, p);
}

/* A setup (or re-setup) failed: nothing of it may remain (4.1). */
static void setup_failed(struct pmipd *d, struct ro_pair *p, uint8_t status, const char *why)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	d->ro->st.setup_failed++;
	pmipd_timer_cancel(&d->timers, &p->retx);
	if (p->answer_peer) {
		/* draft 4.2 step 6, failure form */
		send_peer(d, p, MH_RO_TRIGGER_ACK, p->trigger_seq, status, 0);
		p->answer_peer = false;
		p->peer_gone = true;	/* it knows */
	}
	p->busy = false;
	snprintf(p->why, sizeof(p->why), "%s", why);
	if (p->active) {
		/* A handoff's re-setup: the pair as a whole ends. */
		pair_end(d, p, 3, why);
		return;
	}
	pmipd_log(d, LOG_NOTICE, "localized routing %s -> %s not set up: %s",
		  ro_hnp(&p->hnp[0], a), ro_hnp(&p->hnp[1], b), why);
	p->hold = true;
	pmipd_timer_arm(&d->timers, &p->life, pmipd_now_ms() + RO_HOLD_MS);
}

/*
 * An active pair's MNs are not both at MAGs of their own right now: one
 * left its MAG and its handoff PBU has not come yet (its binding here is
 * de-registering, RFC 5213 5.3.5, so lma_hnp_coa() has no MAG for it), or
 * both appear at one MAG (one moved to where the other still seems to
 * be). An RO Init would then name a MAG that no longer serves its MN (the
 * RO Setup is refused, 130) or the receiver itself (128).
 */
static bool in_transit(struct pmipd *d, const struct ro_pair *p)
{
	struct in6_addr coa;

	if (IN6_ARE_ADDR_EQUAL(&p->mag[0], &p->mag[1]))
		return true;
	for (unsigned int k = 0; k < 2; k++)
		if (p->local[k] && !lma_hnp_coa(d, &p->hnp[k], &coa))
			return true;
	return false;
}

/*
 * The draft (3) makes the RO Controller the rendezvous point that keeps
 * localized routing "during one or both MNs' handover without running
 * into a race condition". When both MNs move at once, the first handoff
 * PBU finds the pair in transit (above): a re-setup now fails, and a
 * failed re-setup ends the pair (4.3), leaving both MNs' traffic to the
 * LMA. So the re-setup waits for the other MN's handoff, which resumes it
 * (ro_lma_handoff); a late answer to an RO Init sent before is ignored
 * (not busy). If the binding goes instead, ro_lma_hnp_gone() ends the
 * pair; if neither happens within the time the LMA keeps a
 * de-registering binding (min-delay-before-bce-delete), the MNs really
 * share a MAG or one came back: retx_timer() ends or sets up the pair.
 */
static void pair_wait(struct pmipd *d, struct ro_pair *p)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	pmipd_log(d, LOG_INFO, "localized routing %s <-> %s: waiting for the other MN's handoff",
		  ro_hnp(&p->hnp[0], a), ro_hnp(&p->hnp[1], b));
	p->busy = false;
	p->wait_peer = true;
	pmipd_timer_arm(&d->timers, &p->retx,
			pmipd_now_ms() + d->cfg.min_delay_bce_delete_ms + RO_GRACE_MS);
}

static void pair_setup(struct pmipd *d, struct ro_pair *p);

static void retx_timer(struct pmipd_timer *t)
{
	struct ro_pair *p = (struct ro_pair *)((char *)t - offsetof(struct ro_pair, retx));
	struct pmipd *d = p->d;
	const struct in6_addr *to = p->trigger ? &p->peer_lma : &p->mag[1];
	char a[INET6_ADDRSTRLEN], why[96];

	if (p->wait_peer) {
		/* The other MN's handoff never came (see pair_wait). */
		p->wait_peer = false;
		if (in_transit(d, p))
			pair_end(d, p, 3, "the MNs did not settle on two MAGs after a handover");
		else
			pair_setup(d, p);
		return;
	}
	if (p->sent == RO_LMA_TRIES) {
		snprintf(why, sizeof(why), "no %s Ack from %s after %u of them",
			 mh_ro_kind_name(p->init.ro.kind), pmipd_addr(to, a), p->sent);
		/* It may have set up half of it: clear (lifetime 0). */
		if (p->trigger)
			send_peer(d, p, MH_RO_TRIGGER, ++d->ro->seq, 0, 0);
		else
			send_delete(d, p, 1, &p->mag[1]);
		setup_failed(d, p, MH_RO_STATUS_REASON_UNSPECIFIED, why);
		return;
	}
	if (p->sent)
		d->ro->st.retx++;
	ro_send(d, to, &p->init);
	pmipd_timer_arm(&d->timers, &p->retx, pmipd_now_ms() + (1000ull << p->sent));
	p->sent++;
}

/*
 * draft 4.1 step 1: RO Init to the destination MN's MAG; or, as RO
 * Trigger, 4.2 step 1: RO Trigger to the Controller, naming our MN's MAG.
 */
static void pair_setup(struct pmipd *d, struct ro_pair *p)
{
	p->lifetime = (uint16_t)d->cfg.ro_lifetime;
	p->wait_peer = false;
	pmipd_timer_cancel(&d->timers, &p->retx);
	ro_msg(&p->init, p->trigger ? MH_RO_TRIGGER : MH_RO_INIT, ++d->ro->seq, 0, p->lifetime,
	       &p->hnp[0], &p->hnp[1], &p->mag[0]);
	p->busy = true;
	p->sent = 0;
	retx_timer(&p->retx);
}

static void arm_life(struct pmipd *d, struct ro_pair *p)
{
	uint64_t first = p->expires[0] < p->expires[1] ? p->expires[0] : p->expires[1];

	pmipd_timer_arm(&d->timers, &p->life, first + RO_GRACE_MS);
}

/* Side k of an active pair lives `lifetime` s from now (4.5). */
static void side_extend(struct pmipd *d, struct ro_pair *p, unsigned int k, uint16_t lifetime)
{
	p->expires[k] = pmipd_now_ms() + lifetime * 1000ull;
	/* The kernel record lives as long as the later side. */
	kernel_record(d, p, lifetime);
	arm_life(d, p);
}

/* A side not refreshed in time (4.5), or the rest after a failure, ends. */
static void life_timer(struct pmipd_timer *t)
{
	struct ro_pair *p = (struct ro_pair *)((char *)t - offsetof(struct ro_pair, life));
	struct pmipd *d = p->d;
	uint64_t now = pmipd_now_ms();
	unsigned int tell = 0;

	if (p->hold) {
		pair_free(d, p);
		return;
	}
	if (p->busy || p->wait_peer || in_transit(d, p)) {
		/*
		 * draft 3, 4.3, 4.4: a handover is under way: an MN left its
		 * MAG and its binding here is de-registering (RFC 5213 5.3.5),
		 * or a re-setup is outstanding. The MAGs' refreshes may have
		 * stopped for good reason: a MAG whose MN left deletes its
		 * state and tells the peer MAG, which deletes its own
		 * (ro_mag.c). The handoff PBU starts the re-setup, whose
		 * outcome decides (success restarts each side's lifetime,
		 * failure ends the pair); if the binding goes instead,
		 * ro_lma_hnp_gone() ends the pair.
		 */
		pmipd_timer_arm(&d->timers, &p->life, now + 1000);
		return;
	}
	if (now < p->expires[0] && now < p->expires[1]) {
		arm_life(d, p);
		return;
	}
	/* The side still alive would tunnel to a MAG that no longer accepts. */
	for (unsigned int k = 0; k < 2; k++)
		if (now < p->expires[k] && p->local[k])
			tell |= 1u << k;
	d->ro->st.expired++;
	pair_end(d, p, tell, "a MAG did not refresh its state (draft 4.5)");
}

static struct ro_pair *pair_new(struct pmipd *d, const struct in6_addr *src,
				const struct in6_addr *dst, const struct in6_addr *src_mag,
				const struct in6_addr *dst_mag)
{
	struct ro_pair *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->d = d;
	p->hnp[0] = *src;
	p->hnp[1] = *dst;
	p->mag[0] = *src_mag;
	p->mag[1] = *dst_mag;
	pmipd_timer_init(&p->retx, retx_timer);
	pmipd_timer_init(&p->life, life_timer);
	p->next = d->ro->pairs;
	d->ro->pairs = p;
	return p;
}

/*
 * Traffic from src to dst crossed this LMA (or a MAG asked, section 7):
 * both MNs bound here at different MAGs, and policy allows, so start
 * 4.1. Returns 0, or an RO status saying why not.
 */
static uint8_t consider(struct pmipd *d, const struct in6_addr *src, const struct in6_addr *dst,
			bool requested)
{
	struct in6_addr src_mag, dst_mag;
	struct ro_pair *p;

	if (!d->cfg.localized_routing)
		return MH_RO_STATUS_DENIED;
	p = pair_find(d->ro, src, dst);
	if (p)
		return p->hold ? MH_RO_STATUS_REASON_UNSPECIFIED : 0;
	if (!lma_hnp_coa(d, src, &src_mag))
		return MH_RO_STATUS_UNKNOWN_MN;
	if (!lma_hnp_coa(d, dst, &dst_mag)) {
		/* draft 3, 4.2: anchored at a peer LMA, which is RO Controller. */
		const struct in6_addr *peer = pmipd_config_ro_peer(&d->cfg, dst);

		if (!peer)
			return MH_RO_STATUS_UNKNOWN_MN;
		p = pair_new(d, src, dst, &src_mag, &in6addr_any);
		if (!p)
			return MH_RO_STATUS_REASON_UNSPECIFIED;
		p->local[0] = true;
		p->trigger = true;
		p->peer_lma = *peer;
		p->requested = requested;
		pair_setup(d, p);
		return 0;
	}
	/* Same MAG: nothing crosses the LMA that a MAG-to-MAG path saves. */
	if (IN6_ARE_ADDR_EQUAL(&src_mag, &dst_mag))
		return MH_RO_STATUS_REASON_UNSPECIFIED;
	p = pair_new(d, src, dst, &src_mag, &dst_mag);
	if (!p)
		return MH_RO_STATUS_REASON_UNSPECIFIED;
	p->local[0] = p->local[1] = true;
	p->requested = requested;
	pair_setup(d, p);
	return 0;
}

static void traffic(const struct pmip6_event *ev, void *arg)
{
	struct pmipd *d = arg;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	if (ev->cmd != PMIP6_CMD_MN_TRAFFIC_NTF)
		return;
	d->ro->st.traffic_events++;
	pmipd_log(d, LOG_DEBUG, "MN traffic %s -> %s", ro_hnp(&ev->u.traffic.src_hnp.prefix, a),
		  ro_hnp(&ev->u.traffic.dst_hnp.prefix, b));
	consider(d, &ev->u.traffic.src_hnp.prefix, &ev->u.traffic.dst_hnp.prefix, false);
}

void ro_events(struct pmipd *d, unsigned int budget)
{
	char err[PMIP6_ERRLEN];
	int rc;

	if (!d->ro || !d->ro->ev)
		return;
	rc = pmip6_events_read_max(d->ro->ev, traffic, d, budget, err, sizeof(err));
	/* A lost MN_TRAFFIC needs no resync: the next comes within a second. */
	if (rc == -ENOBUFS)
		pmipd_log(d, LOG_NOTICE, "kernel events lost (receive buffer overrun)");
	else if (rc < 0)
		pmipd_log(d, LOG_WARNING, "kernel events: %s", err);
}

int ro_lma_start(struct pmipd *d)
{
	char err[PMIP6_ERRLEN];
	int rc;

	if (!d->cfg.localized_routing)
		return 0;
	rc = pmip6_genl_open(&d->ro->ev, err, sizeof(err));
	if (!rc)
		rc = pmip6_events_join(d->ro->ev, err, sizeof(err));
	if (rc) {
		pmipd_log(d, LOG_ERR, "localized routing: kernel events: %s", err);
		return rc;
	}
	d->ro_fd = pmip6_genl_fd(d->ro->ev);
	return 0;
}

void ro_lma_stop(struct pmipd *d)
{
	/*
	 * The MAGs' states die with the controller (as bindings do), unless
	 * --keep-state leaves them for the next pmipd (ro_lma_adopt()).
	 */
	while (d->ro->pairs) {
		struct ro_pair *p = d->ro->pairs;

		if (p->active && !d->keep_state)
			pair_end(d, p, 3, "pmipd is stopping");
		else
			pair_free(d, p);
	}
	if (d->ro->ev)
		pmip6_genl_close(d->ro->ev);
	d->ro->ev = NULL;
	d->ro_fd = -1;
}

/*
 * A restarted RO Controller's kernel record k of a pair whose two MNs are
 * both bound here (4.1) becomes an active pair again, each side living
 * what the kernel has left, so the MAGs' refreshes go on being accepted.
 * Anything else (a pair with a peer LMA, 4.2: the peer's part is not in
 * the record) is not adopted: false, and the caller removes the record.
 */
bool ro_lma_adopt(struct pmipd *d, const struct pmip6_ro *k)
{
	struct in6_addr mag0, mag1;
	struct ro_pair *p;

	if (k->owner != PMIP6_RO_OWNER_CONTROLLER || !d->cfg.localized_routing ||
	    !lma_hnp_coa(d, &k->src_hnp.prefix, &mag0) ||
	    !lma_hnp_coa(d, &k->dst_hnp.prefix, &mag1) ||
	    !IN6_ARE_ADDR_EQUAL(&mag1, &k->peer_addr) || IN6_ARE_ADDR_EQUAL(&mag0, &mag1))
		return false;
	p = pair_new(d, &k->src_hnp.prefix, &k->dst_hnp.prefix, &mag0, &mag1);
	if (!p)
		return false;
	p->local[0] = p->local[1] = true;
	p->active = true;
	p->lifetime = (uint16_t)k->lifetime;
	p->expires[0] = p->expires[1] = pmipd_now_ms() + k->remaining * 1000ull;
	arm_life(d, p);
	return true;
}

static void handle_init_ack(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			    const struct in6_addr hnp[2])
{
	struct ro_pair *p = pair_find(d->ro, &hnp[0], &hnp[1]);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], why[96];
	uint64_t now;

	if (!p || !p->busy || p->trigger || p->init.ro.sequence != m->ro.sequence ||
	    !IN6_ARE_ADDR_EQUAL(src, &p->mag[1]) || !ro_same64(&p->hnp[0], &hnp[0])) {
		/* Also the acks of lifetime-0 Inits, which nobody waits for. */
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "RO Init Ack seq %u from %s for no RO Init we wait on",
			  m->ro.sequence, pmipd_addr(src, a));
		return;
	}
	pmipd_timer_cancel(&d->timers, &p->retx);
	if (m->ro.status != MH_RO_STATUS_SUCCESS && p->active && in_transit(d, p)) {
		/* draft 3: the other MN moved meanwhile; its handoff resumes this. */
		pair_wait(d, p);
		return;
	}
	if (m->ro.status != MH_RO_STATUS_SUCCESS) {
		snprintf(why, sizeof(why), "MAG %s answered RO Init Ack status %u",
			 pmipd_addr(src, a), m->ro.status);
		setup_failed(d, p, m->ro.status, why);
		return;
	}
	/* The controller's own record (owner controller): pmipctl ro shows it. */
	if (kernel_record(d, p, p->lifetime)) {
		send_delete(d, p, 1, &p->mag[1]);
		setup_failed(d, p, MH_RO_STATUS_REASON_UNSPECIFIED,
			     "the kernel refused the controller's record");
		return;
	}
	p->busy = false;
	p->active = true;
	p->why[0] = '\0';
	now = pmipd_now_ms();
	/* Each LMA follows the refreshes of its own MNs' MAGs only. */
	for (unsigned int k = 0; k < 2; k++)
		p->expires[k] = p->local[k] ? now + p->lifetime * 1000ull : UINT64_MAX;
	if (p->answer_peer) {
		/* draft 4.2 step 6 */
		send_peer(d, p, MH_RO_TRIGGER_ACK, p->trigger_seq, 0, p->lifetime);
		p->answer_peer = false;
	} else if (p->for_peer) {
		/*
		 * draft 4.4, note: our MN moved and we set the pair up again
		 * with no RO Trigger. The Trigger LMA follows its MN's side
		 * only through that MAG's refreshes (4.5), and that MAG's state
		 * is a new one (its old one went when our MN left its MAG, or
		 * was replaced), refreshed at half of its own lifetime: tell the
		 * Trigger the outcome, as 4.4 has the Controller do for a
		 * re-setup it was asked for (step 6), in an RO Trigger Ack of
		 * our own sequence number. Lost, the Trigger's side may expire
		 * and the pair end: traffic goes through the LMAs again.
		 */
		send_peer(d, p, MH_RO_TRIGGER_ACK, ++d->ro->seq, 0, p->lifetime);
	}
	arm_life(d, p);
	d->ro->st.setup_ok++;
	pmipd_log(d, LOG_INFO, "localized routing %s (MAG %s) <-> %s (MAG %s) for %u s",
		  ro_hnp(&p->hnp[0], a), pmipd_addr(&p->mag[0], why), ro_hnp(&p->hnp[1], b),
		  pmipd_addr(&p->mag[1], why + 48), p->lifetime);
	/* draft 4.3: the previous MAG's state is deleted explicitly. */
	clear_old(d, p);
}

/*
 * Is this /64 one of our MNs' (a profile's prefix, or of our prefix
 * pool), bound or not? A linear walk over the profiles: only for an RO
 * Trigger from a configured peer LMA.
 */
static bool anchored_here(const struct pmipd *d, const struct in6_addr *hnp)
{
	const struct pmipd_config *cfg = &d->cfg;

	if (cfg->has_pool) {
		struct in6_addr a = *hnp;

		/* The pool is /40../63: clear the bits past it, compare. */
		for (unsigned int bit = cfg->pool.len; bit < 64; bit++)
			a.s6_addr[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
		if (!memcmp(a.s6_addr, cfg->pool.addr.s6_addr, 8))
			return true;
	}
	for (size_t i = 0; i < cfg->n_mn; i++)
		for (unsigned int j = 0; j < cfg->mn[i].n_prefix; j++)
			if (ro_same64(&cfg->mn[i].prefix[j].addr, hnp))
				return true;
	return false;
}

/* Pairs an RO Trigger from this peer LMA made us Controller of. */
static unsigned int peer_lma_pairs(const struct ro *r, const struct in6_addr *peer)
{
	unsigned int n = 0;

	for (const struct ro_pair *p = r->pairs; p; p = p->next)
		n += p->for_peer && IN6_ARE_ADDR_EQUAL(&p->peer_lma, peer);
	return n;
}

/*
 * draft 4.2 step 1 (4.4 step 3 after a handover of its MN): a peer LMA,
 * RO Trigger, hands us the pair as RO Controller. Its MN (the source) is
 * at the MAG the message names, ours (the destination) bound here. A
 * lifetime-0 RO Trigger, either way between the two LMAs, ends the pair.
 */
static void handle_trigger(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			   const struct in6_addr hnp[2], const struct in6_addr *mag)
{
	const struct in6_addr *peer = pmipd_config_ro_peer(&d->cfg, &hnp[0]);
	struct ro_pair *p = pair_find(d->ro, &hnp[0], &hnp[1]);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct in6_addr dst_mag;
	uint8_t status = 0;

	if (!m->ro.lifetime_seconds) {
		/* Only the pair's own peer LMA may end it. */
		if (p && (p->trigger || p->for_peer) && IN6_ARE_ADDR_EQUAL(&p->peer_lma, src)) {
			p->peer_gone = true;
			pair_end(d, p, 3, "ended by the peer LMA (RO Trigger, lifetime 0)");
		}
		return;
	}
	if (!peer || !IN6_ARE_ADDR_EQUAL(peer, src)) {
		/* Not the LMA our configuration says anchors that prefix. */
		d->ro->st.rx_invalid++;
		pmipd_log(d, LOG_NOTICE, "RO Trigger from %s dropped: %s is not anchored there (ro-peer-lma)",
			  pmipd_addr(src, a), ro_hnp(&hnp[0], b));
		return;
	}
	if (lma_hnp_coa(d, &hnp[0], &dst_mag) || anchored_here(d, &hnp[0])) {
		/*
		 * draft 4.2: the Trigger's source MN is the peer LMA's own. An
		 * ro-peer-lma prefix may be wider than what the peer anchors
		 * (the longest match among those lines only): one of our MNs
		 * is never the peer's to pair, or any peer LMA could steer our
		 * MNs' traffic between themselves to a MAG of its choice.
		 */
		d->ro->st.unauthorized++;
		pmipd_log(d, LOG_WARNING, "RO Trigger from %s dropped: %s is anchored here, not there",
			  pmipd_addr(src, a), ro_hnp(&hnp[0], b));
		return;
	}
	if (p && p->busy && p->answer_peer && p->trigger_seq == m->ro.sequence)
		return;	/* a retransmission of the RO Trigger we are carrying out */
	/*
	 * Glare: both LMAs saw the pair's traffic (each is the source MN's
	 * LMA for one direction, draft 3) and their RO Triggers crossed. A
	 * pair has one Controller (4.2): the Trigger of the lower LMA address
	 * proceeds. The other LMA drops its own attempt and is Controller;
	 * the answer to its dropped Trigger then finds no pair waiting.
	 */
	if (p && p->trigger && !p->active) {
		bool yield = memcmp(src, &d->cfg.local_addr, sizeof(*src)) < 0;

		pmipd_log(d, LOG_INFO, "RO Triggers crossed with %s: %s", pmipd_addr(src, a),
			  yield ? "its proceeds, ours is dropped" : "ours proceeds");
		if (yield) {
			pair_free(d, p);
			p = NULL;
		} else {
			status = MH_RO_STATUS_REASON_UNSPECIFIED;
		}
	}
	if (!status) {
		if (!d->cfg.localized_routing)
			status = MH_RO_STATUS_DENIED;
		else if (!lma_hnp_coa(d, &hnp[1], &dst_mag) || (p && !p->for_peer))
			status = MH_RO_STATUS_UNKNOWN_MN;
		else if (!p && peer_lma_pairs(d->ro, src) >= d->cfg.ro_max_per_peer) {
			d->ro->st.over_limit++;
			pmipd_log(d, LOG_WARNING, "RO Trigger from %s: it already has %u pairs here (ro-max-per-peer)",
				  pmipd_addr(src, a), d->cfg.ro_max_per_peer);
			status = MH_RO_STATUS_DENIED;
		}
	}
	if (status) {
		struct mh_msg *ack = malloc(sizeof(*ack));

		d->ro->st.setup_failed++;
		pmipd_log(d, LOG_NOTICE, "RO Trigger from %s refused: status %u", pmipd_addr(src, a),
			  status);
		if (!ack)
			return;
		ro_msg(ack, MH_RO_TRIGGER_ACK, m->ro.sequence, status, 0, &hnp[0], &hnp[1], NULL);
		ro_send(d, src, ack);
		free(ack);
		return;
	}
	if (!p) {
		p = pair_new(d, &hnp[0], &hnp[1], mag, &dst_mag);
		if (!p)
			return;
		p->local[1] = true;
		p->for_peer = true;
		p->peer_lma = *src;
	} else {
		if (p->hold) {
			pmipd_timer_cancel(&d->timers, &p->life);
			p->hold = false;
		}
		p->mag[0] = *mag;	/* 4.4: its MN moved */
		p->mag[1] = dst_mag;
	}
	p->peer_gone = false;
	p->answer_peer = true;
	p->trigger_seq = m->ro.sequence;
	pair_setup(d, p);
}

/*
 * draft 4.4, note, at the RO Trigger: the Controller's MN moved and the
 * Controller set the pair up again by itself (RO Init to its MN's new
 * MAG, which ran RO Setup with our MN's MAG). That MAG's state is new,
 * with the full lifetime, and its old one may have been deleted when the
 * peer MN left (so its refreshes paused): our side's lifetime restarts
 * from the Controller's unsolicited RO Trigger Ack, as from a refresh.
 */
static void resetup_by_peer(struct pmipd *d, struct ro_pair *p, uint16_t lifetime)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];

	p->lifetime = lifetime;
	/* As after a refresh: a kernel error is counted; the record expires by itself. */
	side_extend(d, p, 0, lifetime);
	pmipd_log(d, LOG_INFO, "localized routing %s -> %s set up again by RO Controller %s for %u s",
		  ro_hnp(&p->hnp[0], a), ro_hnp(&p->hnp[1], b), pmipd_addr(&p->peer_lma, c),
		  lifetime);
}

/* draft 4.2 step 6, at the RO Trigger. */
static void handle_trigger_ack(struct pmipd *d, const struct in6_addr *src,
			       const struct mh_msg *m, const struct in6_addr hnp[2])
{
	struct ro_pair *p = pair_find(d->ro, &hnp[0], &hnp[1]);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], why[96];

	if (p && p->trigger && p->active && !p->busy && IN6_ARE_ADDR_EQUAL(src, &p->peer_lma) &&
	    ro_same64(&p->hnp[0], &hnp[0]) && p->init.ro.sequence != m->ro.sequence &&
	    m->ro.status == MH_RO_STATUS_SUCCESS && m->ro.lifetime_seconds) {
		resetup_by_peer(d, p, m->ro.lifetime_seconds);
		return;
	}
	if (!p || !p->trigger || !p->busy || p->init.ro.sequence != m->ro.sequence ||
	    !IN6_ARE_ADDR_EQUAL(src, &p->peer_lma)) {
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "RO Trigger Ack seq %u from %s for no RO Trigger we wait on",
			  m->ro.sequence, pmipd_addr(src, a));
		return;
	}
	pmipd_timer_cancel(&d->timers, &p->retx);
	if (m->ro.status != MH_RO_STATUS_SUCCESS || !m->ro.lifetime_seconds) {
		snprintf(why, sizeof(why), "LMA %s answered RO Trigger Ack status %u",
			 pmipd_addr(src, a), m->ro.status);
		p->peer_gone = true;
		setup_failed(d, p, m->ro.status, why);
		return;
	}
	p->lifetime = m->ro.lifetime_seconds;
	if (kernel_record(d, p, p->lifetime)) {
		setup_failed(d, p, MH_RO_STATUS_REASON_UNSPECIFIED,
			     "the kernel refused the trigger's record");
		return;
	}
	p->busy = false;
	p->active = true;
	p->why[0] = '\0';
	p->expires[0] = pmipd_now_ms() + p->lifetime * 1000ull;
	p->expires[1] = UINT64_MAX;
	arm_life(d, p);
	d->ro->st.setup_ok++;
	pmipd_log(d, LOG_INFO, "localized routing %s -> %s set up by RO Controller %s for %u s",
		  ro_hnp(&p->hnp[0], a), ro_hnp(&p->hnp[1], b), pmipd_addr(src, why), p->lifetime);
	/* draft 4.4: the previous MAG's state is deleted explicitly. */
	clear_old(d, p);
}

/*
 * draft 4.5: a MAG extends its side of the pair. With MAG-ADDR, the MAG
 * asks for the first lifetime of a state a peer MAG's RO Setup asked it
 * to install (ro_mag.c, "Who may set up a state"): granted only for a
 * pair being set up or active, from its MN's MAG, with the other MN at
 * the MAG named. As RO Trigger (4.2) we do not know the Controller's MN's
 * MAG, and vouch for the pair and our own MN's MAG only.
 */
static void handle_refresh(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			   const struct in6_addr hnp[2], const struct in6_addr *mag)
{
	struct ro_pair *p = pair_find(d->ro, &hnp[0], &hnp[1]);
	bool setup = !IN6_IS_ADDR_UNSPECIFIED(mag);
	uint8_t status = MH_RO_STATUS_SUCCESS;
	uint16_t granted = 0;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN], e[INET6_ADDRSTRLEN];
	struct mh_msg *ack;
	unsigned int k = 0;

	if (p)
		k = ro_same64(&p->hnp[0], &hnp[0]) ? 0 : 1;
	if (p && (!p->local[k] || !IN6_ARE_ADDR_EQUAL(src, &p->mag[k]))) {
		/* Not the MAG of that MN (e.g. its old MAG): nothing changes. */
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_NOTICE, "RO Refresh from %s, which is not the MAG of %s",
			  pmipd_addr(src, a), ro_hnp(&hnp[0], b));
		status = MH_RO_STATUS_UNKNOWN_MN;
	} else if (!p || !(p->active || (setup && p->busy))) {
		status = MH_RO_STATUS_UNKNOWN_MN;
	} else if (!d->cfg.localized_routing) {
		status = MH_RO_STATUS_DENIED;
	} else if (setup && !IN6_IS_ADDR_UNSPECIFIED(&p->mag[1 - k]) &&
		   !IN6_ARE_ADDR_EQUAL(mag, &p->mag[1 - k])) {
		status = MH_RO_STATUS_UNKNOWN_MN;
	} else {
		granted = m->ro.lifetime_seconds < d->cfg.ro_lifetime ?
			  m->ro.lifetime_seconds : (uint16_t)d->cfg.ro_lifetime;
		if (!granted)
			status = MH_RO_STATUS_REASON_UNSPECIFIED;
		else if (p->active && !(setup && p->busy))
			side_extend(d, p, k, granted);
	}
	if (status && setup) {
		d->ro->st.unauthorized++;
		pmipd_log(d, LOG_WARNING, "RO Refresh from %s for %s -> %s with MAG %s: no such pair being set up here, status %u",
			  pmipd_addr(src, a), ro_hnp(&hnp[0], b), ro_hnp(&hnp[1], c),
			  pmipd_addr(mag, e), status);
	}
	if (status)
		d->ro->st.refresh_failed++;
	else
		d->ro->st.refresh_ok++;
	ack = malloc(sizeof(*ack));
	if (!ack)
		return;
	ro_msg(ack, MH_RO_REFRESH_ACK, m->ro.sequence, status, granted, &hnp[0], &hnp[1], NULL);
	ro_send(d, src, ack);
	free(ack);
}

/* draft 7: a MAG asks for a localized path for its MN and a peer's. */
static void handle_request(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			   const struct in6_addr hnp[2])
{
	struct in6_addr mag;
	uint8_t status;
	struct mh_msg *ack;
	char a[INET6_ADDRSTRLEN];

	if (!lma_hnp_coa(d, &hnp[0], &mag) || !IN6_ARE_ADDR_EQUAL(&mag, src))
		status = MH_RO_STATUS_UNKNOWN_MN;	/* not that MN's MAG */
	else if (!d->cfg.ro_requests || !d->cfg.localized_routing)
		status = MH_RO_STATUS_DENIED;		/* "deny" by policy */
	else
		status = consider(d, &hnp[0], &hnp[1], true);
	pmipd_log(d, LOG_INFO, "RO Request from %s: %s (status %u)", pmipd_addr(src, a),
		  status ? "deny" : "proceed", status);
	ack = malloc(sizeof(*ack));
	if (!ack)
		return;
	ro_msg(ack, MH_RO_REQUEST_ACK, m->ro.sequence, status, 0, &hnp[0], &hnp[1], NULL);
	ro_send(d, src, ack);
	free(ack);
}

void ro_lma_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m)
{
	struct in6_addr hnp[2], mag;
	char a[INET6_ADDRSTRLEN];

	switch (m->ro.kind) {
	case MH_RO_TRIGGER:
	case MH_RO_TRIGGER_ACK:
	case MH_RO_INIT_ACK:
	case MH_RO_REFRESH:
	case MH_RO_REQUEST:
		break;
	default:
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_NOTICE, "ignored %s from %s: not for an LMA",
			  mh_ro_kind_name(m->ro.kind), pmipd_addr(src, a));
		return;
	}
	if (!ro_parse(d, src, m, hnp, &mag))
		return;
	if (m->ro.kind == MH_RO_TRIGGER)
		handle_trigger(d, src, m, hnp, &mag);
	else if (m->ro.kind == MH_RO_TRIGGER_ACK)
		handle_trigger_ack(d, src, m, hnp);
	else if (m->ro.kind == MH_RO_INIT_ACK)
		handle_init_ack(d, src, m, hnp);
	else if (m->ro.kind == MH_RO_REFRESH)
		handle_refresh(d, src, m, hnp, &mag);
	else
		handle_request(d, src, m, hnp);
}

/*
 * draft 4.3: the MN holding these prefixes now registers through coa.
 * Every pair of it is set up again between its new MAG and the peer's
 * (the 4.1 exchange, RO Init to the destination MN's MAG, which is the
 * new MAG itself when the destination MN moved: the note of 4.4); the
 * old MAG's state is deleted once that succeeded.
 */
void ro_lma_handoff(struct pmipd *d, const struct in6_addr *hnp, unsigned int n_hnp,
		    const struct in6_addr *coa)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	if (!d->ro)
		return;
	for (struct ro_pair *p = d->ro->pairs, *next; p; p = next) {
		next = p->next;
		for (unsigned int k = 0; k < 2; k++) {
			bool mine = false;

			for (unsigned int i = 0; i < n_hnp; i++)
				mine |= ro_same64(&p->hnp[k], &hnp[i]);
			if (!mine || IN6_ARE_ADDR_EQUAL(&p->mag[k], coa))
				continue;
			if (p->hold) {
				pair_free(d, p);
				break;
			}
			pmipd_log(d, LOG_INFO, "handoff of %s to %s: localized routing set up again",
				  ro_hnp(&p->hnp[k], a), pmipd_addr(coa, b));
			if (p->active && !(p->old & (1u << k))) {
				p->old |= 1u << k;
				p->old_mag[k] = p->mag[k];
			}
			p->mag[k] = *coa;
			pmipd_timer_cancel(&d->timers, &p->retx);
			if (p->active && in_transit(d, p))
				pair_wait(d, p);	/* draft 3: both MNs moving */
			else
				pair_setup(d, p);
			break;
		}
	}
}

/* The MN holding these prefixes has no binding left here. */
void ro_lma_hnp_gone(struct pmipd *d, const struct in6_addr *hnp, unsigned int n_hnp)
{
	if (!d->ro)
		return;
	for (struct ro_pair *p = d->ro->pairs, *next; p; p = next) {
		unsigned int gone = 0;

		next = p->next;
		for (unsigned int k = 0; k < 2; k++)
			for (unsigned int i = 0; i < n_hnp; i++)
				if (ro_same64(&p->hnp[k], &hnp[i]))
					gone |= 1u << k;
		if (!gone)
			continue;
		if (p->active || p->busy)
			pair_end(d, p, 3 & ~gone, "a mobile node's binding is gone");
		else
			pair_free(d, p);
	}
}

void ro_lma_show(struct pmipd *d, struct pmipd_out *o)
{
	uint64_t now = pmipd_now_ms();
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN], e[INET6_ADDRSTRLEN];
	char f[INET6_ADDRSTRLEN];
	bool first = true;

	pmipd_out(o, o->json ? ",\"lifetime\":%u,\"pairs\":[" : "lifetime %u\n", d->cfg.ro_lifetime);
	for (const struct ro_pair *p = d->ro->pairs; p; p = p->next) {
		const char *state = p->hold ? "failed" :
				    p->busy ? (p->active ? "updating" : "setup") :
				    p->wait_peer ? "updating" : "active";
		const char *role = p->trigger ? "trigger" : "controller";
		unsigned long long left[2];

		for (unsigned int k = 0; k < 2; k++)
			left[k] = p->active && p->local[k] && p->expires[k] > now ?
				  (p->expires[k] - now + 999) / 1000 : 0;
		if (o->json)
			pmipd_out(o, "%s{\"src_hnp\":\"%s\",\"dst_hnp\":\"%s\",\"src_mag\":\"%s\",\"dst_mag\":\"%s\",\"role\":\"%s\",\"peer_lma\":%s%s%s,\"state\":\"%s\",\"requested\":%s,\"lifetime\":%u,\"remaining\":[%llu,%llu],\"init_sent\":%u,\"error\":\"%s\"}",
				  first ? "" : ",", ro_hnp(&p->hnp[0], a), ro_hnp(&p->hnp[1], b),
				  pmipd_addr(&p->mag[0], c), p->trigger ? "" : pmipd_addr(&p->mag[1], e),
				  role, p->trigger || p->for_peer ? "\"" : "",
				  p->trigger || p->for_peer ? pmipd_addr(&p->peer_lma, f) : "null",
				  p->trigger || p->for_peer ? "\"" : "", state,
				  p->requested ? "true" : "false", p->lifetime, left[0], left[1],
				  p->sent, p->why);
		else
			pmipd_out(o, "pair %s mag %s <-> %s mag %s role %s%s%s state %s lifetime %u remaining %llu %llu init-sent %u%s%s\n",
				  ro_hnp(&p->hnp[0], a), pmipd_addr(&p->mag[0], c),
				  ro_hnp(&p->hnp[1], b), p->trigger ? "-" : pmipd_addr(&p->mag[1], e),
				  role, p->trigger || p->for_peer ? " peer-lma " : "",
				  p->trigger || p->for_peer ? pmipd_addr(&p->peer_lma, f) : "", state,
				  p->lifetime, left[0], left[1], p->sent, p->why[0] ? " error " : "",
				  p->why);
		first = false;
	}
	if (o->json)
		pmipd_out(o, "]");
}
