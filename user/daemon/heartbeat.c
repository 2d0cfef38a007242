// SPDX-License-Identifier: GPL-2.0-only
/*
 * Heartbeat between MAG and LMA (RFC 5847), both roles.
 *
 * Every heartbeat-interval seconds (HEARTBEAT_INTERVAL, 5) a node sends a
 * Heartbeat Request to each peer it has sessions with: a MAG to the LMAs
 * of its bound MNs, an LMA to the MAGs that are the Proxy-CoA of a
 * registered binding (3: "SHOULD NOT" otherwise). The peers are found
 * anew at each round from the roles' own state, so a peer with no session
 * left is forgotten with its Restart Counter (3.2 keeps counters only
 * "for all the peer PMIPv6 nodes with which it currently has sessions").
 *
 * Requests are answered in both roles, always (3: "MUST respond ...
 * irrespective of whether there is an active Binding Cache entry"), with
 * the same sequence number and this node's Restart Counter (3.2, 3.4).
 *
 * Failure detection (3.1): a request still unanswered when the next is
 * due is a missed heartbeat; more than missing-heartbeats-allowed in a
 * row and the peer is unreachable: logged and counted once, and the
 * bindings are kept. RFC 5847 3 asks to invalidate them only for a peer
 * that "has failed or restarted without retaining the PMIPv6 session
 * state"; an unanswered request shows a path failure, not lost state, and
 * the bindings' own lifetimes already bound how long they outlive a dead
 * peer. Requests go on, so that the path's return is seen.
 *
 * Restart detection (3.2): a response whose Restart Counter differs from
 * the one stored for the peer means the peer restarted and lost its
 * sessions. A MAG registers its MNs at that LMA again at once
 * (mag_lma_restarted()); an LMA removes that MAG's bindings
 * (lma_mag_restarted()), except those registered after the last time it
 * heard the old counter: the restarted MAG may have registered them
 * already. An unsolicited response (U) comes from a node that has just
 * restarted, before any of its new registrations: there every older
 * binding goes.
 *
 * This node's own counter is d->restart_counter, kept in the kernel
 * instance (main.c adopt()): unchanged by a restart that adopted the
 * kernel's bindings, "MUST NOT be incremented if the recovery happens
 * without losing state", and incremented by a start that found none,
 * which lost them (d->sessions_lost). Such a start tells the peers it
 * knows from its configuration at once, with an unsolicited response
 * (3.2: "SHOULD send ... to all the PMIPv6 nodes that had previously
 * established PMIPv6 sessions", possible "only when the PMIPv6 node is
 * capable of storing information about the peers across reboots"): a MAG
 * its LMAs, an LMA the addresses of its 'peer' lines (where IPsec is
 * keyed, those are its MAGs); the other MAGs of an LMA learn it from
 * their next request.
 *
 * Nothing is sent to a peer that IPsec does not protect (RFC 5213 4.0):
 * not even tried, so that the refusal, logged at most every 5 s, is the
 * signaling's to report (mhsock.c); such a peer gets no request and
 * misses none.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/pmip6.h>

#include "pmipd.h"

#define HB_BUCKETS 1024		/* a power of 2: MAGs per LMA, LMAs per MAG */

struct hb_peer {
	struct hb_peer *hnext;
	struct in6_addr addr;
	bool bound;			/* sessions with it at this round */
	bool has_counter;
	uint32_t counter;		/* its Restart Counter, as last heard */
	uint64_t counter_ms;		/* when it was last heard (monotonic) */
	uint32_t seq;			/* of the last request sent */
	bool awaiting;			/* that request is unanswered */
	unsigned int missing;		/* MISSING_HEARTBEAT (3.1) */
	bool unreachable;		/* missing > MISSING_HEARTBEATS_ALLOWED */
	bool unsupported;		/* Binding Error 2: never again (3) */
	uint64_t requests, responses, missed, restarts;
	uint64_t response_ms;		/* last matching response, 0: none */
};

struct heartbeat {
	struct pmipd *d;
	struct pmipd_timer tick;
	struct hb_peer *bucket[HB_BUCKETS];
	size_t n_peer;
	bool oom_logged;
};

static size_t peer_hash(const struct in6_addr *a)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (size_t i = 0; i < sizeof(a->s6_addr); i++)
		h = (h ^ a->s6_addr[i]) * 16777619u;
	return h & (HB_BUCKETS - 1);
}

static struct hb_peer *peer_find(struct heartbeat *hb, const struct in6_addr *a)
{
	struct hb_peer *p = hb->bucket[peer_hash(a)];

	while (p && !IN6_ARE_ADDR_EQUAL(&p->addr, a))
		p = p->hnext;
	return p;
}

static struct hb_peer *peer_get(struct heartbeat *hb, const struct in6_addr *a)
{
	struct hb_peer *p = peer_find(hb, a);
	char s[INET6_ADDRSTRLEN];
	size_t b;

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p) {
		if (!hb->oom_logged)
			pmipd_log(hb->d, LOG_ERR, "no memory for the heartbeat state of %s",
				  pmipd_addr(a, s));
		hb->oom_logged = true;
		return NULL;
	}
	p->addr = *a;
	/* 3: "incremented monotonically"; from a random start, as PBUs. */
	p->seq = (uint32_t)random();
	b = peer_hash(a);
	p->hnext = hb->bucket[b];
	hb->bucket[b] = p;
	hb->n_peer++;
	pmipd_log(hb->d, LOG_DEBUG, "heartbeat: sessions with %s, requests every %u s",
		  pmipd_addr(a, s), hb->d->cfg.heartbeat_interval);
	return p;
}

static void mark_bound(void *arg, const struct in6_addr *addr)
{
	struct hb_peer *p = peer_get(arg, addr);

	if (p)
		p->bound = true;
}

/* Would mhsock.c send to a, or refuse (RFC 5213 4.0)? */
static bool protected_with(struct pmipd *d, const struct in6_addr *a)
{
	const char *why;

	return d->cfg.security == PMIPD_SECURITY_INSECURE_LAB || pmipd_xfrm_protected(d, a, &why);
}

static int send_heartbeat(struct pmipd *d, const struct in6_addr *dst, uint8_t flags,
			  uint32_t seq)
{
	struct mh_msg msg;

	mh_msg_init(&msg, MH_MSG_HEARTBEAT);
	msg.heartbeat.flags = flags;
	msg.heartbeat.sequence = seq;
	if (flags & MH_HEARTBEAT_FLAG_R) {
		/* 3.2, 3.4: every response carries our counter. */
		msg.opts.present = mh_opt_bit(MH_OPT_RESTART_COUNTER);
		msg.opts.restart_counter = d->restart_counter;
	}
	return pmipd_mh_send(d, dst, &msg);
}

static void send_request(struct heartbeat *hb, struct hb_peer *p)
{
	struct pmipd *d = hb->d;
	char s[INET6_ADDRSTRLEN];
	int rc;

	if (!protected_with(d, &p->addr)) {
		pmipd_log(d, LOG_DEBUG, "heartbeat: no request to %s: IPsec does not protect it",
			  pmipd_addr(&p->addr, s));
		p->awaiting = false;
		return;
	}
	if (p->awaiting) {
		/* 3.1: "Before sending the next Heartbeat Request". */
		p->missing++;
		p->missed++;
		d->stats.heartbeat_missed++;
		if (p->missing > d->cfg.missing_heartbeats_allowed && !p->unreachable) {
			p->unreachable = true;
			d->stats.heartbeat_unreachable++;
			pmipd_log(d, LOG_WARNING, "heartbeat: %s is unreachable: %u requests in a row without a response (RFC 5847 3.1); its bindings are kept",
				  pmipd_addr(&p->addr, s), p->missing);
		}
	}
	p->seq++;
	rc = send_heartbeat(d, &p->addr, 0, p->seq);
	/*
	 * One we could not encode waits for nothing; one the network refused
	 * (no route) is a path failure like a lost one.
	 */
	p->awaiting = rc != -EPERM && rc != -EINVAL;
	if (!rc) {
		p->requests++;
		d->stats.heartbeat_req_tx++;
	}
}

static void peer_unlink(struct heartbeat *hb, struct hb_peer **pp)
{
	struct hb_peer *p = *pp;

	*pp = p->hnext;
	hb->n_peer--;
	free(p);
}

static void tick(struct pmipd_timer *t)
{
	struct heartbeat *hb = (struct heartbeat *)((char *)t - offsetof(struct heartbeat, tick));
	struct pmipd *d = hb->d;
	char s[INET6_ADDRSTRLEN];

	/* Which peers have sessions with us now (3: requests only to them). */
	for (size_t i = 0; i < HB_BUCKETS; i++)
		for (struct hb_peer *p = hb->bucket[i]; p; p = p->hnext)
			p->bound = false;
	if (d->lma)
		lma_each_coa(d, mark_bound, hb);
	else if (d->mag)
		mag_each_lma(d, mark_bound, hb);

	for (size_t i = 0; i < HB_BUCKETS; i++) {
		struct hb_peer **pp = &hb->bucket[i];

		while (*pp) {
			struct hb_peer *p = *pp;

			if (p->bound && !p->unsupported)
				send_request(hb, p);
			if (p->bound || p->unsupported) {
				if (!p->bound)
					p->has_counter = false;
				pp = &p->hnext;
				continue;
			}
			/* No session left: its counter is not ours to keep. */
			pmipd_log(d, LOG_DEBUG, "heartbeat: no session with %s any more",
				  pmipd_addr(&p->addr, s));
			peer_unlink(hb, pp);
		}
	}
	if (pmipd_timer_arm(&d->timers, &hb->tick,
			    pmipd_now_ms() + (uint64_t)d->cfg.heartbeat_interval * 1000u))
		pmipd_log(d, LOG_ERR, "no memory for the heartbeat timer: no more Heartbeat Requests");
}

/* 3.2: the peer's counter changed: it restarted and lost its sessions. */
static void peer_restarted(struct pmipd *d, struct hb_peer *p, uint32_t counter,
			   bool unsolicited)
{
	char s[INET6_ADDRSTRLEN];
	uint64_t before = unsolicited ? pmipd_now_ms() : p->counter_ms;
	unsigned int n;

	p->restarts++;
	d->stats.peer_restarts++;
	pmipd_log(d, LOG_NOTICE, "heartbeat: %s restarted without its sessions: Restart Counter %u -> %u%s (RFC 5847 3.2)",
		  pmipd_addr(&p->addr, s), p->counter, counter,
		  unsolicited ? ", unsolicited" : "");
	p->counter = counter;
	if (d->lma) {
		n = lma_mag_restarted(d, &p->addr, before);
		pmipd_log(d, LOG_NOTICE, "heartbeat: %u binding(s) through MAG %s removed", n,
			  pmipd_addr(&p->addr, s));
	} else {
		n = mag_lma_restarted(d, &p->addr);
		pmipd_log(d, LOG_NOTICE, "heartbeat: %u mobile node(s) registered again at LMA %s",
			  n, pmipd_addr(&p->addr, s));
	}
	d->stats.peer_restart_bindings += n;
}

static void handle_response(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg)
{
	bool unsolicited = msg->heartbeat.flags & MH_HEARTBEAT_FLAG_U;
	struct hb_peer *p = d->hb ? peer_find(d->hb, src) : NULL;
	char s[INET6_ADDRSTRLEN];
	uint32_t counter;

	d->stats.heartbeat_resp_rx++;
	if (unsolicited)
		d->stats.heartbeat_unsolicited_rx++;
	if (!p) {
		/* No session with it: nothing to compare, nothing to keep. */
		d->stats.mh_rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "heartbeat response from %s: no session with it",
			  pmipd_addr(src, s));
		return;
	}
	if (!unsolicited) {
		/*
		 * 3.1: matched to the last request by its sequence number. An
		 * older one is not taken, not even its counter: late, it
		 * could carry a value the peer has since replaced.
		 */
		if (!p->awaiting || msg->heartbeat.sequence != p->seq) {
			d->stats.mh_rx_unexpected++;
			pmipd_log(d, LOG_DEBUG, "heartbeat response from %s with sequence %u, waiting for %s%u",
				  pmipd_addr(src, s), msg->heartbeat.sequence,
				  p->awaiting ? "" : "none after ", p->seq);
			return;
		}
		p->awaiting = false;
		p->missing = 0;
		p->responses++;
		p->response_ms = pmipd_now_ms();
		if (p->unreachable) {
			p->unreachable = false;
			pmipd_log(d, LOG_NOTICE, "heartbeat: %s is reachable again",
				  pmipd_addr(src, s));
		}
	}
	if (!(msg->opts.present & mh_opt_bit(MH_OPT_RESTART_COUNTER)))
		return;
	counter = msg->opts.restart_counter;
	if (p->has_counter && counter != p->counter)
		peer_restarted(d, p, counter, unsolicited);
	/* 3.2: "if there was no previously stored value, the new value is
	 * stored". */
	p->has_counter = true;
	p->counter = counter;
	p->counter_ms = pmipd_now_ms();
}

void heartbeat_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg)
{
	if (!(msg->heartbeat.flags & MH_HEARTBEAT_FLAG_R)) {
		/* A request (U means nothing in one): answer it, 3. */
		d->stats.heartbeat_req_rx++;
		if (!send_heartbeat(d, src, MH_HEARTBEAT_FLAG_R, msg->heartbeat.sequence))
			d->stats.heartbeat_resp_tx++;
		return;
	}
	handle_response(d, src, msg);
}

void heartbeat_unsupported(struct pmipd *d, const struct in6_addr *peer)
{
	struct hb_peer *p = d->hb ? peer_find(d->hb, peer) : NULL;
	char s[INET6_ADDRSTRLEN];

	/* Only in answer to our request: a Binding Error names no type. */
	if (!p || !p->awaiting || p->unsupported)
		return;
	p->unsupported = true;
	p->awaiting = false;
	pmipd_log(d, LOG_NOTICE, "heartbeat: %s does not know the Heartbeat message (Binding Error 2): no more requests to it (RFC 5847 3)",
		  pmipd_addr(peer, s));
}

/* Addresses the configuration names as peers, each once. */
struct addr_set {
	struct in6_addr *v;
	size_t n, cap;
};

static void addr_set_add(struct addr_set *set, const struct in6_addr *a)
{
	for (size_t i = 0; i < set->n; i++)
		if (IN6_ARE_ADDR_EQUAL(&set->v[i], a))
			return;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		struct in6_addr *v = realloc(set->v, cap * sizeof(*v));

		if (!v)
			return;
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = *a;
}

/*
 * 3.2: "SHOULD send an unsolicited Heartbeat Response message with an
 * incremented Restart Counter", to the peers the configuration knows: a
 * MAG's LMAs (its other 'peer' lines are MAGs, of localized routing), an
 * LMA's 'peer' lines.
 */
static void tell_known_peers(struct pmipd *d)
{
	const struct pmipd_config *cfg = &d->cfg;
	struct addr_set set = { 0 };
	char s[INET6_ADDRSTRLEN];

	if (cfg->role == PMIP6_ROLE_MAG) {
		if (cfg->has_lma)
			addr_set_add(&set, &cfg->lma);
		for (size_t i = 0; i < cfg->n_mn; i++)
			if (cfg->mn[i].has_lma)
				addr_set_add(&set, &cfg->mn[i].lma);
	} else {
		for (size_t i = 0; i < cfg->n_peer; i++)
			addr_set_add(&set, &cfg->peer[i].addr);
	}
	for (size_t i = 0; i < set.n; i++) {
		if (!protected_with(d, &set.v[i]))
			continue;
		/* 3.2: "The sequence number field ... is ignored". */
		if (send_heartbeat(d, &set.v[i], MH_HEARTBEAT_FLAG_U | MH_HEARTBEAT_FLAG_R, 0))
			continue;
		d->stats.heartbeat_resp_tx++;
		d->stats.heartbeat_unsolicited_tx++;
		pmipd_log(d, LOG_INFO, "heartbeat: told %s that this node started without sessions (Restart Counter %u)",
			  pmipd_addr(&set.v[i], s), d->restart_counter);
	}
	free(set.v);
}

int heartbeat_start(struct pmipd *d)
{
	const struct pmipd_config *cfg = &d->cfg;

	if (!cfg->heartbeat_interval) {
		pmipd_log(d, LOG_INFO, "heartbeat-interval 0: no Heartbeat Requests (those of the peers are answered)");
		return 0;
	}
	d->hb = calloc(1, sizeof(*d->hb));
	if (!d->hb)
		return -ENOMEM;
	d->hb->d = d;
	pmipd_timer_init(&d->hb->tick, tick);
	if (pmipd_timer_arm(&d->timers, &d->hb->tick,
			    pmipd_now_ms() + (uint64_t)cfg->heartbeat_interval * 1000u)) {
		free(d->hb);
		d->hb = NULL;
		return -ENOMEM;
	}
	if (cfg->heartbeat_interval < PMIPD_HEARTBEAT_INTERVAL_MIN_ADVISED)
		pmipd_log(d, LOG_NOTICE, "heartbeat-interval %u s is below the %u s RFC 5847 5 advises as the least: fine for a lab",
			  cfg->heartbeat_interval, PMIPD_HEARTBEAT_INTERVAL_MIN_ADVISED);
	if (d->sessions_lost)
		tell_known_peers(d);
	return 0;
}

void heartbeat_stop(struct pmipd *d)
{
	struct heartbeat *hb = d->hb;

	if (!hb)
		return;
	pmipd_timer_cancel(&d->timers, &hb->tick);
	for (size_t i = 0; i < HB_BUCKETS; i++)
		while (hb->bucket[i])
			peer_unlink(hb, &hb->bucket[i]);
	free(hb);
	d->hb = NULL;
}

static const char *peer_state(const struct hb_peer *p)
{
	if (p->unsupported)
		return "unsupported";
	if (p->unreachable)
		return "unreachable";
	return p->response_ms ? "reachable" : "probing";
}

static void show_peer(struct pmipd_out *o, const struct hb_peer *p, uint64_t now, bool first)
{
	char s[INET6_ADDRSTRLEN], counter[16] = "null";
	long long ago = p->response_ms ? (long long)(now - p->response_ms) : -1;

	if (p->has_counter)
		snprintf(counter, sizeof(counter), "%u", p->counter);
	if (o->json) {
		pmipd_out(o, "%s{\"addr\":\"%s\",\"state\":\"%s\",\"restart_counter\":%s,\"sequence\":%u,\"awaiting\":%s,\"missing\":%u,\"requests_tx\":%llu,\"responses_rx\":%llu,\"missed\":%llu,\"restarts\":%llu,\"last_response_ms_ago\":%lld}",
			  first ? "" : ",", pmipd_addr(&p->addr, s), peer_state(p), counter, p->seq,
			  p->awaiting ? "true" : "false", p->missing,
			  (unsigned long long)p->requests, (unsigned long long)p->responses,
			  (unsigned long long)p->missed, (unsigned long long)p->restarts, ago);
		return;
	}
	pmipd_out(o, "peer %s state %s restart-counter %s seq %u missing %u requests %llu responses %llu missed %llu restarts %llu",
		  pmipd_addr(&p->addr, s), peer_state(p), p->has_counter ? counter : "-", p->seq,
		  p->missing, (unsigned long long)p->requests, (unsigned long long)p->responses,
		  (unsigned long long)p->missed, (unsigned long long)p->restarts);
	if (ago >= 0)
		pmipd_out(o, " last-response %lld ms ago", ago);
	pmipd_out(o, "\n");
}

int heartbeat_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		  char *err, size_t errlen)
{
	const struct pmipd_config *cfg = &d->cfg;
	uint64_t now = pmipd_now_ms();
	bool first = true;

	if (argc > 1 && strcmp(argv[1], "show")) {
		snprintf(err, errlen, "unknown 'heartbeat %s' (expected show)", argv[1]);
		return -EINVAL;
	}
	if (argc > 2) {
		snprintf(err, errlen, "unexpected '%s' after 'heartbeat show'", argv[2]);
		return -EINVAL;
	}
	if (o->json)
		pmipd_out(o, "{\"restart_counter\":%u,\"interval\":%u,\"missing_allowed\":%u,\"peers\":[",
			  d->restart_counter, cfg->heartbeat_interval,
			  cfg->missing_heartbeats_allowed);
	else
		pmipd_out(o, "restart-counter %u interval %u missing-allowed %u%s\n",
			  d->restart_counter, cfg->heartbeat_interval,
			  cfg->missing_heartbeats_allowed,
			  cfg->heartbeat_interval ? "" : " (no requests sent)");
	for (size_t i = 0; d->hb && i < HB_BUCKETS; i++)
		for (const struct hb_peer *p = d->hb->bucket[i]; p; p = p->hnext) {
			show_peer(o, p, now, first);
			first = false;
		}
	if (o->json)
		pmipd_out(o, "]}\n");
	return 0;
}
