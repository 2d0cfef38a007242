// SPDX-License-Identifier: GPL-2.0-only
/*
 * Localized routing at a MAG (draft-loureiro-netext-pmipv6-ro-02).
 *
 * The destination MN's MAG gets RO Init from the RO Controller (4.1 step
 * 1), sends RO Setup to the source MN's MAG (2), and when RO Setup Ack
 * says success (3) installs its own state and answers RO Init Ack (4);
 * any failure becomes an RO Init Ack with a failure status and leaves
 * nothing installed. The source MN's MAG installs its state when it
 * accepts RO Setup, and accepts it only once its MN's LMA has vouched for
 * it (below). A state is the kernel's (owner mag): uplink from our
 * MN to the peer MN's prefix is tunnelled to the peer MAG, and downlink
 * from that MAG for the pair is accepted.
 *
 * Who may set up a state. The draft (4.1) sends RO Init to the
 * destination MN's MAG only; the source MN's MAG hears of the pair from
 * the peer MAG's RO Setup alone, with no word from its LMA, although the
 * LMA is the one that decides (draft 8: "path optimization should be
 * enforced by the MN's LMA"). Taken as it comes, an RO Setup from any
 * peer MAG would pull our MN's uplink toward any prefix. So the source
 * MN's MAG asks its MN's LMA first, with the one MAG-LMA exchange the
 * draft has for a state's lifetime (4.5): an RO Refresh, here carrying
 * MAG-ADDR, the peer MAG it is about to install the state with. The LMA
 * grants a lifetime only for a pair it is setting up or keeping with its
 * MN at this MAG and the other MN at that MAG (ro_lma.c handle_refresh);
 * a refusal becomes the RO Setup Ack's status, and nothing is installed.
 * The draft's flow is kept (Init, Setup, Setup Ack, Init Ack); the Setup
 * Ack waits for one more round trip to the LMA. Every state and pending
 * setup with one peer MAG counts toward ro-max-per-peer.
 *
 * Each MAG refreshes its own state at its MN's LMA (4.5: RO Refresh /
 * Refresh Ack) at half the lifetime; unrefreshed, the kernel expires the
 * state by itself and traffic goes back through the LMA. Lifetime 0 in
 * RO Init or RO Setup deletes (a handoff's old MAG, 4.3; a failed or
 * ended pair).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pmip6.h>

#include "../lib/config.h"
#include "../lib/genl.h"
#include "ro.h"

struct ro_state {
	struct ro_state *next;
	struct pmipd *d;
	struct in6_addr local, remote;	/* our MN's HNP, the peer MN's */
	struct in6_addr peer;		/* the peer MAG */
	struct in6_addr lma;		/* our MN's LMA: refreshes go there */
	uint16_t lifetime;		/* seconds, as granted */
	uint64_t expires_ms;
	uint16_t seq;			/* of the outstanding RO Refresh */
	unsigned int sent;
	struct pmipd_timer refresh, expire;
	bool by_setup;			/* installed on the peer's RO Setup */
	uint16_t setup_seq;		/* of that RO Setup */
};

/* An RO Init being carried out: our RO Setup to the source MN's MAG. */
struct ro_setup {
	struct ro_setup *next;
	struct pmipd *d;
	struct in6_addr lma;		/* who sent the RO Init */
	uint16_t init_seq;
	struct in6_addr hnp[2];		/* source MN's (the peer's), ours */
	struct in6_addr peer;		/* the source MN's MAG */
	struct mh_msg setup;
	unsigned int sent;
	struct pmipd_timer retx;
};

/*
 * An RO Setup (we are the source MN's MAG) waiting for our MN's LMA to
 * vouch for it: our RO Refresh with MAG-ADDR, sent every second, given
 * up at 5 s (the peer sends its RO Setups at 0, 1 and 3 s and gives up at
 * 7: our answer must come before).
 */
#define RO_CHECK_TRIES 5
#define RO_CHECK_MS 1000u
struct ro_check {
	struct ro_check *next;
	struct pmipd *d;
	struct in6_addr peer;		/* the RO Setup's sender */
	uint16_t setup_seq;
	uint16_t lifetime;		/* the RO Setup's */
	struct in6_addr hnp[2];		/* our MN's, the peer MN's */
	struct in6_addr lma;		/* our MN's LMA */
	struct mh_msg refresh;
	unsigned int sent;
	struct pmipd_timer retx;
};

/* An RO Request (section 7) waiting for its RO Request Ack. */
struct ro_request {
	struct ro_request *next;
	struct pmipd *d;
	struct in6_addr lma;
	struct mh_msg req;
	unsigned int sent;
	uint64_t ctl_id;		/* the operator's request; 0: none */
	struct pmipd_timer retx;
};

static struct ro_state *state_find(struct ro *r, const struct in6_addr *local,
				   const struct in6_addr *remote)
{
	for (struct ro_state *s = r->states; s; s = s->next)
		if (ro_same64(&s->local, local) && ro_same64(&s->remote, remote))
			return s;
	return NULL;
}

static void send_msg(struct pmipd *d, const struct in6_addr *to, uint8_t kind, uint16_t seq,
		     uint8_t status, uint16_t lifetime, const struct in6_addr *src_hnp,
		     const struct in6_addr *dst_hnp, const struct in6_addr *mag)
{
	struct mh_msg *m = malloc(sizeof(*m));

	if (!m)
		return;
	ro_msg(m, kind, seq, status, lifetime, src_hnp, dst_hnp, mag);
	ro_send(d, to, m);
	free(m);
}

/* The one removal path of a state; tell: a lifetime-0 RO Setup to the peer. */
static void state_destroy(struct pmipd *d, struct ro_state *s, bool tell, const char *why)
{
	struct ro_state **pp = &d->ro->states;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	pmipd_log(d, LOG_INFO, "localized routing %s -> %s ended: %s", ro_hnp(&s->local, a),
		  ro_hnp(&s->remote, b), why);
	pmipd_timer_cancel(&d->timers, &s->refresh);
	pmipd_timer_cancel(&d->timers, &s->expire);
	ro_kernel_del(d, &s->local, &s->remote);
	/*
	 * draft 5.1: an RO Setup names the source MN's HNP first, and its
	 * receiver is the source MN's MAG, so the peer's MN (our remote)
	 * comes first: handle_setup() looks the state up by its own MN.
	 * The peer obeys only while we are still its state's peer (after a
	 * re-setup toward another MAG, draft 4.3/4.4, it ignores this).
	 */
	if (tell)
		send_msg(d, &s->peer, MH_RO_SETUP, ++d->ro->seq, 0, 0, &s->remote, &s->local,
			 &d->cfg.local_addr);
	while (*pp != s)
		pp = &(*pp)->next;
	*pp = s->next;
	free(s);
}

static void expire_timer(struct pmipd_timer *t)
{
	struct ro_state *s = (struct ro_state *)((char *)t - offsetof(struct ro_state, expire));

	/* draft 4.5: the kernel has stopped using it already. */
	s->d->ro->st.expired++;
	state_destroy(s->d, s, false, "lifetime expired without a refresh (draft 4.5)");
}

/* draft 4.5: RO Refresh at half the lifetime, then 1 and 2 s later. */
static void refresh_timer(struct pmipd_timer *t)
{
	struct ro_state *s = (struct ro_state *)((char *)t - offsetof(struct ro_state, refresh));
	struct pmipd *d = s->d;

	if (s->sent == RO_MAG_TRIES)
		return;	/* the state expires by itself */
	if (!s->sent)
		s->seq = ++d->ro->seq;
	else
		d->ro->st.retx++;
	send_msg(d, &s->lma, MH_RO_REFRESH, s->seq, 0, s->lifetime, &s->local, &s->remote, NULL);
	pmipd_timer_arm(&d->timers, &s->refresh, pmipd_now_ms() + (1000ull << s->sent));
	s->sent++;
}

static void state_arm(struct pmipd *d, struct ro_state *s)
{
	uint64_t now = pmipd_now_ms();

	s->expires_ms = now + s->lifetime * 1000ull;
	s->sent = 0;
	pmipd_timer_arm(&d->timers, &s->expire, s->expires_ms);
	pmipd_timer_arm(&d->timers, &s->refresh, now + s->lifetime * 500ull);
}

/*
 * Install (or replace) the state local -> remote via peer; setup_seq: the
 * peer's RO Setup that asked for it (NULL: our own setup). 0 or -errno.
 */
static int state_put(struct pmipd *d, const struct in6_addr *local, const struct in6_addr *remote,
		     const struct in6_addr *peer, const struct in6_addr *lma, uint16_t lifetime,
		     const uint16_t *setup_seq)
{
	struct ro_state *s = state_find(d->ro, local, remote);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	int rc;

	rc = ro_kernel_put(d, local, remote, peer, lifetime, PMIP6_RO_OWNER_MAG);
	if (rc)
		return rc;
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s) {
			ro_kernel_del(d, local, remote);
			return -ENOMEM;
		}
		s->d = d;
		s->local = *local;
		s->remote = *remote;
		pmipd_timer_init(&s->refresh, refresh_timer);
		pmipd_timer_init(&s->expire, expire_timer);
		s->next = d->ro->states;
		d->ro->states = s;
	}
	s->peer = *peer;
	s->lma = *lma;
	s->lifetime = lifetime;
	s->by_setup = setup_seq != NULL;
	s->setup_seq = setup_seq ? *setup_seq : 0;
	state_arm(d, s);
	pmipd_log(d, LOG_INFO, "localized routing %s -> %s via MAG %s for %u s",
		  ro_hnp(local, a), ro_hnp(remote, b), pmipd_addr(peer, c), lifetime);
	return 0;
}

static bool known_lma(const struct pmipd *d, const struct in6_addr *a)
{
	if (d->cfg.has_lma && IN6_ARE_ADDR_EQUAL(&d->cfg.lma, a))
		return true;
	for (size_t i = 0; i < d->cfg.n_mn; i++)
		if (d->cfg.mn[i].has_lma && IN6_ARE_ADDR_EQUAL(&d->cfg.mn[i].lma, a))
			return true;
	return false;
}

static void setup_free(struct pmipd *d, struct ro_setup *u)
{
	struct ro_setup **pp = &d->ro->setups;

	pmipd_timer_cancel(&d->timers, &u->retx);
	while (*pp != u)
		pp = &(*pp)->next;
	*pp = u->next;
	free(u);
}

/* draft 4.1 step 4, or its failure form. */
static void setup_done(struct pmipd *d, struct ro_setup *u, uint8_t status, uint16_t lifetime)
{
	if (status)
		d->ro->st.setup_failed++;
	else
		d->ro->st.setup_ok++;
	send_msg(d, &u->lma, MH_RO_INIT_ACK, u->init_seq, status, lifetime, &u->hnp[0],
		 &u->hnp[1], NULL);
	setup_free(d, u);
}

static void setup_timer(struct pmipd_timer *t)
{
	struct ro_setup *u = (struct ro_setup *)((char *)t - offsetof(struct ro_setup, retx));
	struct pmipd *d = u->d;
	char a[INET6_ADDRSTRLEN];

	if (u->sent == RO_MAG_TRIES) {
		pmipd_log(d, LOG_NOTICE, "no RO Setup Ack from MAG %s after %u RO Setups",
			  pmipd_addr(&u->peer, a), u->sent);
		/* It may have installed its half: delete (lifetime 0). */
		send_msg(d, &u->peer, MH_RO_SETUP, ++d->ro->seq, 0, 0, &u->hnp[0], &u->hnp[1],
			 &d->cfg.local_addr);
		setup_done(d, u, MH_RO_STATUS_REASON_UNSPECIFIED, 0);
		return;
	}
	if (u->sent)
		d->ro->st.retx++;
	ro_send(d, &u->peer, &u->setup);
	pmipd_timer_arm(&d->timers, &u->retx, pmipd_now_ms() + (1000ull << u->sent));
	u->sent++;
}

/*
 * What we hold with one peer MAG: installed states, RO Setups we carry
 * out toward it (an RO Init named it) and its RO Setups we are checking.
 * The pair (ours, theirs) is left out: a new setup of it replaces what
 * there is.
 */
static unsigned int peer_load(const struct ro *r, const struct in6_addr *peer,
			      const struct in6_addr *ours, const struct in6_addr *theirs)
{
	unsigned int n = 0;

	for (const struct ro_state *s = r->states; s; s = s->next)
		n += IN6_ARE_ADDR_EQUAL(&s->peer, peer) &&
		     !(ro_same64(&s->local, ours) && ro_same64(&s->remote, theirs));
	for (const struct ro_setup *u = r->setups; u; u = u->next)
		n += IN6_ARE_ADDR_EQUAL(&u->peer, peer) &&
		     !(ro_same64(&u->hnp[1], ours) && ro_same64(&u->hnp[0], theirs));
	for (const struct ro_check *k = r->checks; k; k = k->next)
		n += IN6_ARE_ADDR_EQUAL(&k->peer, peer) &&
		     !(ro_same64(&k->hnp[0], ours) && ro_same64(&k->hnp[1], theirs));
	return n;
}

/* At most ro-max-per-peer with one peer MAG; false: refused, counted. */
static bool peer_room(struct pmipd *d, const struct in6_addr *peer, const struct in6_addr *ours,
		      const struct in6_addr *theirs, const char *what)
{
	char a[INET6_ADDRSTRLEN];

	if (peer_load(d->ro, peer, ours, theirs) < d->cfg.ro_max_per_peer)
		return true;
	d->ro->st.over_limit++;
	pmipd_log(d, LOG_WARNING, "%s: MAG %s already has %u localized routing states and setups here (ro-max-per-peer)",
		  what, pmipd_addr(peer, a), d->cfg.ro_max_per_peer);
	return false;
}

static struct ro_check *check_find(struct ro *r, const struct in6_addr *peer,
				   const struct in6_addr *ours, const struct in6_addr *theirs)
{
	for (struct ro_check *k = r->checks; k; k = k->next)
		if (IN6_ARE_ADDR_EQUAL(&k->peer, peer) && ro_same64(&k->hnp[0], ours) &&
		    ro_same64(&k->hnp[1], theirs))
			return k;
	return NULL;
}

static void check_free(struct pmipd *d, struct ro_check *k)
{
	struct ro_check **pp = &d->ro->checks;

	pmipd_timer_cancel(&d->timers, &k->retx);
	while (*pp != k)
		pp = &(*pp)->next;
	*pp = k->next;
	free(k);
}

/*
 * The answer to the peer's RO Setup (draft 4.1 step 3), once our MN's
 * LMA has answered (status 0: it granted lifetime) or not at all.
 */
static void check_done(struct pmipd *d, struct ro_check *k, uint8_t status, uint16_t lifetime)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	struct in6_addr lma;

	if (!status && !lifetime)
		status = MH_RO_STATUS_REASON_UNSPECIFIED;
	/* Our MN may have left meanwhile, or registered at another LMA. */
	if (!status && (!mag_hnp_lma(d, &k->hnp[0], &lma) || !IN6_ARE_ADDR_EQUAL(&lma, &k->lma)))
		status = MH_RO_STATUS_UNKNOWN_MN;
	if (!status) {
		if (lifetime > k->lifetime)
			lifetime = k->lifetime;
		if (state_put(d, &k->hnp[0], &k->hnp[1], &k->peer, &k->lma, lifetime,
			      &k->setup_seq))
			status = MH_RO_STATUS_REASON_UNSPECIFIED;
	}
	if (status)
		pmipd_log(d, LOG_NOTICE, "RO Setup from MAG %s for %s -> %s refused: status %u",
			  pmipd_addr(&k->peer, a), ro_hnp(&k->hnp[0], b), ro_hnp(&k->hnp[1], c),
			  status);
	send_msg(d, &k->peer, MH_RO_SETUP_ACK, k->setup_seq, status, status ? 0 : lifetime,
		 &k->hnp[0], &k->hnp[1], NULL);
	check_free(d, k);
}

static void check_timer(struct pmipd_timer *t)
{
	struct ro_check *k = (struct ro_check *)((char *)t - offsetof(struct ro_check, retx));
	struct pmipd *d = k->d;
	char a[INET6_ADDRSTRLEN];

	if (k->sent == RO_CHECK_TRIES) {
		pmipd_log(d, LOG_NOTICE, "no RO Refresh Ack from LMA %s after %u RO Refreshes",
			  pmipd_addr(&k->lma, a), k->sent);
		check_done(d, k, MH_RO_STATUS_REASON_UNSPECIFIED, 0);
		return;
	}
	if (k->sent)
		d->ro->st.retx++;
	ro_send(d, &k->lma, &k->refresh);
	pmipd_timer_arm(&d->timers, &k->retx, pmipd_now_ms() + RO_CHECK_MS);
	k->sent++;
}

/*
 * The peer's RO Setup for our MN (hnp[0]), whose LMA is lma: ask the LMA
 * first (see the top of this file). A newer RO Setup of the same pair
 * from the same peer replaces the one being checked.
 */
static void check_start(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			const struct in6_addr hnp[2], const struct in6_addr *lma)
{
	struct ro_check *k = check_find(d->ro, src, &hnp[0], &hnp[1]);

	if (!k) {
		k = calloc(1, sizeof(*k));
		if (!k) {
			send_msg(d, src, MH_RO_SETUP_ACK, m->ro.sequence,
				 MH_RO_STATUS_REASON_UNSPECIFIED, 0, &hnp[0], &hnp[1], NULL);
			return;
		}
		k->d = d;
		k->peer = *src;
		k->hnp[0] = hnp[0];
		k->hnp[1] = hnp[1];
		pmipd_timer_init(&k->retx, check_timer);
		k->next = d->ro->checks;
		d->ro->checks = k;
	}
	pmipd_timer_cancel(&d->timers, &k->retx);
	k->setup_seq = m->ro.sequence;
	k->lifetime = m->ro.lifetime_seconds;
	k->lma = *lma;
	k->sent = 0;
	/* draft 4.5: the refreshing MAG's MN first; MAG-ADDR: the peer MAG */
	ro_msg(&k->refresh, MH_RO_REFRESH, ++d->ro->seq, 0, k->lifetime, &hnp[0], &hnp[1], src);
	check_timer(&k->retx);
}

/* draft 4.1: we are the destination MN's MAG (hnp[1] is our MN's). */
static void handle_init(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			const struct in6_addr hnp[2], const struct in6_addr *mag)
{
	struct in6_addr lma;
	struct ro_setup *u;
	struct ro_state *s;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	const char *why = "";
	uint8_t status = 0;

	if (!known_lma(d, src)) {
		d->ro->st.rx_invalid++;
		pmipd_log(d, LOG_NOTICE, "RO Init from %s dropped: not an LMA of ours",
			  pmipd_addr(src, a));
		return;
	}
	for (u = d->ro->setups; u; u = u->next)
		if (ro_same64(&u->hnp[0], &hnp[0]) && ro_same64(&u->hnp[1], &hnp[1]))
			break;
	if (u && u->init_seq == m->ro.sequence && IN6_ARE_ADDR_EQUAL(&u->lma, src))
		return;	/* a retransmission of the RO Init we are carrying out */
	if (u)
		setup_free(d, u);	/* superseded by the newer RO Init */
	if (!m->ro.lifetime_seconds) {
		/* Delete (4.3's old MAG; an ended pair), and tell the peer. */
		s = state_find(d->ro, &hnp[1], &hnp[0]);
		if (s) {
			d->ro->st.deleted++;
			state_destroy(d, s, true, "deleted by the LMA (RO Init, lifetime 0)");
		}
		send_msg(d, src, MH_RO_INIT_ACK, m->ro.sequence, 0, 0, &hnp[0], &hnp[1], NULL);
		return;
	}
	if (!d->cfg.localized_routing)
		status = MH_RO_STATUS_DENIED;
	else if (!mag_hnp_lma(d, &hnp[1], &lma) || !IN6_ARE_ADDR_EQUAL(&lma, src))
		status = MH_RO_STATUS_UNKNOWN_MN;
	else if (IN6_ARE_ADDR_EQUAL(mag, &d->cfg.local_addr))
		status = MH_RO_STATUS_REASON_UNSPECIFIED;
	else if (!peer_room(d, mag, &hnp[1], &hnp[0], "RO Init refused"))
		status = MH_RO_STATUS_DENIED;
	else if (d->cfg.security != PMIPD_SECURITY_INSECURE_LAB &&
		 !pmipd_xfrm_protected(d, mag, &why)) {
		/*
		 * Draft section 10: MAG-MAG signaling is ESP-protected like
		 * MAG-LMA (RFC 5213 4.0). mhsock.c would refuse every RO
		 * Setup to that MAG anyway; refusing the RO Init now tells
		 * the controller at once instead of after RO_MAG_TRIES
		 * timeouts, and says why.
		 */
		status = MH_RO_STATUS_DENIED;
		pmipd_log(d, LOG_WARNING, "RO Init from %s: RO Setup to MAG %s would not be protected: %s (draft-loureiro-netext-pmipv6-ro-02 10, RFC 5213 4.0)",
			  pmipd_addr(src, a), pmipd_addr(mag, b), why);
	}
	u = status ? NULL : calloc(1, sizeof(*u));
	if (!u) {
		/* draft 4.1: a failure is answered at once, no RO Setup. */
		d->ro->st.setup_failed++;
		pmipd_log(d, LOG_NOTICE, "RO Init from %s refused: status %u",
			  pmipd_addr(src, a), status ? status : MH_RO_STATUS_REASON_UNSPECIFIED);
		send_msg(d, src, MH_RO_INIT_ACK, m->ro.sequence,
			 status ? status : MH_RO_STATUS_REASON_UNSPECIFIED, 0, &hnp[0], &hnp[1],
			 NULL);
		return;
	}
	u->d = d;
	u->lma = *src;
	u->init_seq = m->ro.sequence;
	u->hnp[0] = hnp[0];
	u->hnp[1] = hnp[1];
	u->peer = *mag;
	/* draft 5.1: RO Setup names the destination MN's MAG: us. */
	ro_msg(&u->setup, MH_RO_SETUP, ++d->ro->seq, 0, m->ro.lifetime_seconds, &hnp[0], &hnp[1],
	       &d->cfg.local_addr);
	pmipd_timer_init(&u->retx, setup_timer);
	u->next = d->ro->setups;
	d->ro->setups = u;
	setup_timer(&u->retx);
}

/* draft 4.1 step 3 at the destination MN's MAG. */
static void handle_setup_ack(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			     const struct in6_addr hnp[2])
{
	struct ro_setup *u;
	struct in6_addr lma;
	char a[INET6_ADDRSTRLEN];
	uint16_t lifetime;

	for (u = d->ro->setups; u; u = u->next)
		if (u->setup.ro.sequence == m->ro.sequence && IN6_ARE_ADDR_EQUAL(&u->peer, src) &&
		    ro_same64(&u->hnp[0], &hnp[0]) && ro_same64(&u->hnp[1], &hnp[1]))
			break;
	if (!u) {
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "RO Setup Ack seq %u from %s for no RO Setup we wait on",
			  m->ro.sequence, pmipd_addr(src, a));
		return;
	}
	if (m->ro.status != MH_RO_STATUS_SUCCESS) {
		pmipd_log(d, LOG_NOTICE, "MAG %s refused RO Setup: status %u", pmipd_addr(src, a),
			  m->ro.status);
		setup_done(d, u, m->ro.status, 0);
		return;
	}
	lifetime = u->setup.ro.lifetime_seconds;
	/* Our half, last: the peer accepts our tunnel from now on. */
	if (!mag_hnp_lma(d, &u->hnp[1], &lma) ||
	    state_put(d, &u->hnp[1], &u->hnp[0], &u->peer, &lma, lifetime, NULL)) {
		send_msg(d, &u->peer, MH_RO_SETUP, ++d->ro->seq, 0, 0, &u->hnp[0], &u->hnp[1],
			 &d->cfg.local_addr);
		setup_done(d, u, MH_RO_STATUS_REASON_UNSPECIFIED, 0);
		return;
	}
	setup_done(d, u, 0, lifetime);
}

/*
 * draft 4.1 step 2 at the source MN's MAG (hnp[0] is our MN's): checked
 * with our MN's LMA before anything is installed (check_start).
 */
static void handle_setup(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
			 const struct in6_addr hnp[2], const struct in6_addr *mag)
{
	struct ro_check *k = check_find(d->ro, src, &hnp[0], &hnp[1]);
	struct in6_addr lma;
	struct ro_state *s;
	char a[INET6_ADDRSTRLEN];
	uint8_t status = 0;

	if (!IN6_ARE_ADDR_EQUAL(mag, src)) {
		/* MAG-ADDR names the sender (5.1): anything else is spoofed. */
		d->ro->st.rx_invalid++;
		pmipd_log(d, LOG_NOTICE, "RO Setup from %s dropped: its MAG-ADDR is another node",
			  pmipd_addr(src, a));
		return;
	}
	s = state_find(d->ro, &hnp[0], &hnp[1]);
	if (!m->ro.lifetime_seconds) {
		/* The peer withdraws its setup (it gave up waiting), or deletes. */
		if (k)
			check_free(d, k);
		/* Only the peer of the state may delete it. */
		if (s && IN6_ARE_ADDR_EQUAL(&s->peer, src)) {
			d->ro->st.deleted++;
			state_destroy(d, s, false, "deleted by the peer MAG (RO Setup, lifetime 0)");
		}
	} else if (!d->cfg.localized_routing) {
		status = MH_RO_STATUS_DENIED;
	} else if (!mag_hnp_lma(d, &hnp[0], &lma)) {
		status = MH_RO_STATUS_UNKNOWN_MN;
	} else if (k && k->setup_seq == m->ro.sequence) {
		return;	/* a retransmission: answered once the LMA has */
	} else if (s && s->by_setup && s->setup_seq == m->ro.sequence &&
		   IN6_ARE_ADDR_EQUAL(&s->peer, src)) {
		/* A retransmission: our RO Setup Ack was lost. */
		send_msg(d, src, MH_RO_SETUP_ACK, m->ro.sequence, 0, s->lifetime, &hnp[0], &hnp[1],
			 NULL);
		return;
	} else if (!peer_room(d, src, &hnp[0], &hnp[1], "RO Setup refused")) {
		status = MH_RO_STATUS_DENIED;
	} else {
		check_start(d, src, m, hnp, &lma);
		return;
	}
	if (status)
		pmipd_log(d, LOG_NOTICE, "RO Setup from %s refused: status %u", pmipd_addr(src, a),
			  status);
	send_msg(d, src, MH_RO_SETUP_ACK, m->ro.sequence, status, 0, &hnp[0], &hnp[1], NULL);
}

/* draft 4.5: the LMA's answer to our RO Refresh. */
static void handle_refresh_ack(struct pmipd *d, const struct in6_addr *src,
			       const struct mh_msg *m, const struct in6_addr hnp[2])
{
	struct ro_state *s = state_find(d->ro, &hnp[0], &hnp[1]);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN], e[INET6_ADDRSTRLEN];
	struct ro_check *k;

	for (k = d->ro->checks; k; k = k->next)
		if (k->refresh.ro.sequence == m->ro.sequence && IN6_ARE_ADDR_EQUAL(&k->lma, src) &&
		    ro_same64(&k->hnp[0], &hnp[0]) && ro_same64(&k->hnp[1], &hnp[1]))
			break;
	if (k) {
		/* The LMA's word on a peer's RO Setup (check_start). */
		if (m->ro.status != MH_RO_STATUS_SUCCESS) {
			d->ro->st.unauthorized++;
			pmipd_log(d, LOG_WARNING, "RO Setup from MAG %s for %s -> %s: our LMA %s does not vouch for it (status %u)",
				  pmipd_addr(&k->peer, a), ro_hnp(&k->hnp[0], b),
				  ro_hnp(&k->hnp[1], c), pmipd_addr(src, e), m->ro.status);
		}
		check_done(d, k, m->ro.status, m->ro.status ? 0 : m->ro.lifetime_seconds);
		return;
	}
	if (!s || !s->sent || s->seq != m->ro.sequence || !IN6_ARE_ADDR_EQUAL(&s->lma, src)) {
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "RO Refresh Ack seq %u from %s for no RO Refresh we wait on",
			  m->ro.sequence, pmipd_addr(src, a));
		return;
	}
	pmipd_timer_cancel(&d->timers, &s->refresh);
	if (m->ro.status != MH_RO_STATUS_SUCCESS || !m->ro.lifetime_seconds) {
		d->ro->st.refresh_failed++;
		state_destroy(d, s, true, "the LMA refused the refresh");
		return;
	}
	if (ro_kernel_put(d, &s->local, &s->remote, &s->peer, m->ro.lifetime_seconds,
			  PMIP6_RO_OWNER_MAG)) {
		d->ro->st.refresh_failed++;
		state_destroy(d, s, true, "the kernel refused the refresh");
		return;
	}
	d->ro->st.refresh_ok++;
	s->lifetime = m->ro.lifetime_seconds;
	state_arm(d, s);
}

static void request_done(struct pmipd *d, struct ro_request *q, int rc, const char *text)
{
	struct ro_request **pp = &d->ro->requests;

	pmipd_timer_cancel(&d->timers, &q->retx);
	while (*pp != q)
		pp = &(*pp)->next;
	*pp = q->next;
	if (q->ctl_id)
		pmipd_ctl_reply(d, q->ctl_id, rc, text);
	free(q);
}

static void handle_request_ack(struct pmipd *d, const struct in6_addr *src,
			       const struct mh_msg *m)
{
	struct ro_request *q;
	char a[INET6_ADDRSTRLEN], text[128];

	for (q = d->ro->requests; q; q = q->next)
		if (q->req.ro.sequence == m->ro.sequence && IN6_ARE_ADDR_EQUAL(&q->lma, src))
			break;
	if (!q) {
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "RO Request Ack seq %u from %s for no RO Request",
			  m->ro.sequence, pmipd_addr(src, a));
		return;
	}
	if (m->ro.status == MH_RO_STATUS_SUCCESS) {
		request_done(d, q, 0, "proceed\n");
		return;
	}
	snprintf(text, sizeof(text), "the LMA denied the localized routing request: status %u%s",
		 m->ro.status, m->ro.status == MH_RO_STATUS_DENIED ? " (denied by policy)" :
			       m->ro.status == MH_RO_STATUS_UNKNOWN_MN ? " (unknown mobile node)" : "");
	request_done(d, q, -EPERM, text);
}

static void request_timer(struct pmipd_timer *t)
{
	struct ro_request *q = (struct ro_request *)((char *)t - offsetof(struct ro_request, retx));
	struct pmipd *d = q->d;
	char a[INET6_ADDRSTRLEN], text[128];

	if (q->sent == RO_MAG_TRIES) {
		snprintf(text, sizeof(text), "no RO Request Ack from LMA %s after %u RO Requests",
			 pmipd_addr(&q->lma, a), q->sent);
		request_done(d, q, -ETIMEDOUT, text);
		return;
	}
	if (q->sent)
		d->ro->st.retx++;
	ro_send(d, &q->lma, &q->req);
	pmipd_timer_arm(&d->timers, &q->retx, pmipd_now_ms() + (1000ull << q->sent));
	q->sent++;
}

/* ro request MN-ID dst PREFIX/64 (draft section 7). */
int ro_mag_request(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		   char *err, size_t errlen)
{
	const struct pmipd_mn_profile *p;
	struct pmipd_prefix dst;
	struct in6_addr hnp, lma;
	struct ro_request *q;

	if (argc != 5 || strcmp(argv[3], "dst")) {
		snprintf(err, errlen, "usage: ro request MN-ID dst PREFIX/64");
		return -EINVAL;
	}
	if (pmipd_prefix_parse(argv[4], &dst)) {
		snprintf(err, errlen, "invalid prefix '%s' (expected an IPv6 /64)", argv[4]);
		return -EINVAL;
	}
	p = pmipd_config_mn(&d->cfg, (const uint8_t *)argv[2], strlen(argv[2]));
	if (!p || !mag_mn_hnp(d, p, &hnp, &lma)) {
		snprintf(err, errlen, "mobile node '%s' is not bound here", argv[2]);
		return -ENOENT;
	}
	if (ro_same64(&hnp, &dst.addr)) {
		snprintf(err, errlen, "'%s' is the mobile node's own prefix", argv[4]);
		return -EINVAL;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->d = d;
	q->lma = lma;
	q->ctl_id = o->ctl_id;
	o->deferred = true;
	ro_msg(&q->req, MH_RO_REQUEST, ++d->ro->seq, 0, 0, &hnp, &dst.addr, NULL);
	pmipd_timer_init(&q->retx, request_timer);
	q->next = d->ro->requests;
	d->ro->requests = q;
	request_timer(&q->retx);
	return 0;
}

void ro_mag_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m)
{
	struct in6_addr hnp[2], mag;
	char a[INET6_ADDRSTRLEN];

	switch (m->ro.kind) {
	case MH_RO_INIT:
	case MH_RO_SETUP:
	case MH_RO_SETUP_ACK:
	case MH_RO_REFRESH_ACK:
	case MH_RO_REQUEST_ACK:
		break;
	default:
		d->ro->st.rx_unexpected++;
		pmipd_log(d, LOG_NOTICE, "ignored %s from %s: not for a MAG",
			  mh_ro_kind_name(m->ro.kind), pmipd_addr(src, a));
		return;
	}
	if (!ro_parse(d, src, m, hnp, &mag))
		return;
	switch (m->ro.kind) {
	case MH_RO_INIT:
		handle_init(d, src, m, hnp, &mag);
		break;
	case MH_RO_SETUP:
		handle_setup(d, src, m, hnp, &mag);
		break;
	case MH_RO_SETUP_ACK:
		handle_setup_ack(d, src, m, hnp);
		break;
	case MH_RO_REFRESH_ACK:
		handle_refresh_ack(d, src, m, hnp);
		break;
	default:
		handle_request_ack(d, src, m);
	}
}

/* Our MN holding these prefixes has left: its states go, the peers are told. */
void ro_mag_hnp_gone(struct pmipd *d, const struct in6_addr *hnp, unsigned int n_hnp)
{
	if (!d->ro)
		return;
	for (struct ro_check *k = d->ro->checks, *next; k; k = next) {
		next = k->next;
		for (unsigned int i = 0; i < n_hnp; i++)
			if (ro_same64(&k->hnp[0], &hnp[i])) {
				check_done(d, k, MH_RO_STATUS_UNKNOWN_MN, 0);
				break;
			}
	}
	for (struct ro_state *s = d->ro->states, *next; s; s = next) {
		next = s->next;
		for (unsigned int i = 0; i < n_hnp; i++)
			if (ro_same64(&s->local, &hnp[i])) {
				d->ro->st.deleted++;
				state_destroy(d, s, true, "the mobile node left this MAG");
				break;
			}
	}
}

void ro_mag_stop(struct pmipd *d)
{
	while (d->ro->states) {
		struct ro_state *s = d->ro->states;

		/* --keep-state: the kernel keeps forwarding (ro_mag_adopt()). */
		if (!d->keep_state) {
			state_destroy(d, s, true, "pmipd is stopping");
			continue;
		}
		pmipd_timer_cancel(&d->timers, &s->refresh);
		pmipd_timer_cancel(&d->timers, &s->expire);
		d->ro->states = s->next;
		free(s);
	}
	while (d->ro->setups)
		setup_done(d, d->ro->setups, MH_RO_STATUS_REASON_UNSPECIFIED, 0);
	while (d->ro->checks)
		check_done(d, d->ro->checks, MH_RO_STATUS_REASON_UNSPECIFIED, 0);
	while (d->ro->requests)
		request_done(d, d->ro->requests, -ESHUTDOWN, "pmipd is stopping");
}

/*
 * A restarted MAG's kernel state k for its MN bound at lma: the state goes
 * on with the lifetime the kernel has left, refreshed at half of it as
 * before (draft 4.5).
 */
int ro_mag_adopt(struct pmipd *d, const struct pmip6_ro *k, const struct in6_addr *lma)
{
	struct ro_state *s = calloc(1, sizeof(*s));
	uint64_t now = pmipd_now_ms(), due;

	if (!s)
		return -ENOMEM;
	s->d = d;
	s->local = k->src_hnp.prefix;
	s->remote = k->dst_hnp.prefix;
	s->peer = k->peer_addr;
	s->lma = *lma;
	s->lifetime = (uint16_t)k->lifetime;
	s->expires_ms = now + k->remaining * 1000ull;
	pmipd_timer_init(&s->refresh, refresh_timer);
	pmipd_timer_init(&s->expire, expire_timer);
	s->next = d->ro->states;
	d->ro->states = s;
	pmipd_timer_arm(&d->timers, &s->expire, s->expires_ms);
	due = s->expires_ms - s->lifetime * 500ull;
	pmipd_timer_arm(&d->timers, &s->refresh, due > now ? due : now);
	return 0;
}

void ro_mag_show(struct pmipd *d, struct pmipd_out *o)
{
	uint64_t now = pmipd_now_ms();
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN], e[INET6_ADDRSTRLEN];
	bool first = true;

	pmipd_out(o, o->json ? ",\"states\":[" : "");
	for (const struct ro_state *s = d->ro->states; s; s = s->next) {
		unsigned long long left = s->expires_ms > now ? (s->expires_ms - now + 999) / 1000 : 0;

		pmipd_out(o, o->json ? "%s{\"local_hnp\":\"%s\",\"remote_hnp\":\"%s\",\"peer_mag\":\"%s\",\"lma\":\"%s\",\"lifetime\":%u,\"remaining\":%llu,\"refresh_sent\":%u}" :
				       "%sstate %s -> %s peer-mag %s lma %s lifetime %u remaining %llu refresh-sent %u\n",
			  o->json && !first ? "," : "", ro_hnp(&s->local, a), ro_hnp(&s->remote, b),
			  pmipd_addr(&s->peer, c), pmipd_addr(&s->lma, e), s->lifetime, left,
			  s->sent);
		first = false;
	}
	pmipd_out(o, o->json ? "],\"setups\":[" : "");
	first = true;
	for (const struct ro_setup *u = d->ro->setups; u; u = u->next) {
		pmipd_out(o, o->json ? "%s{\"src_hnp\":\"%s\",\"dst_hnp\":\"%s\",\"peer_mag\":\"%s\",\"setup_sent\":%u}" :
				       "%ssetup %s -> %s peer-mag %s setup-sent %u\n",
			  o->json && !first ? "," : "", ro_hnp(&u->hnp[0], a), ro_hnp(&u->hnp[1], b),
			  pmipd_addr(&u->peer, c), u->sent);
		first = false;
	}
	pmipd_out(o, o->json ? "],\"checks\":[" : "");
	first = true;
	for (const struct ro_check *k = d->ro->checks; k; k = k->next) {
		pmipd_out(o, o->json ? "%s{\"local_hnp\":\"%s\",\"remote_hnp\":\"%s\",\"peer_mag\":\"%s\",\"lma\":\"%s\",\"refresh_sent\":%u}" :
				       "%scheck %s -> %s peer-mag %s lma %s refresh-sent %u\n",
			  o->json && !first ? "," : "", ro_hnp(&k->hnp[0], a), ro_hnp(&k->hnp[1], b),
			  pmipd_addr(&k->peer, c), pmipd_addr(&k->lma, e), k->sent);
		first = false;
	}
	if (o->json)
		pmipd_out(o, "]");
}
