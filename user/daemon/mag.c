// SPDX-License-Identifier: GPL-2.0-only
/*
 * MAG role (RFC 5213 6): an MN attaches on an access link (its first
 * frames there, from a link-layer address in its policy profile, seen by
 * access.c; or "pmipctl attach"), the MAG registers it at its LMA with a PBU
 * (retransmitted with exponential back-off, RFC 5213 6.9.4), programs the
 * binding update list entry and the HNP routes into the kernel when the
 * PBA accepts it, advertises exactly the MN's on-link prefixes in RAs,
 * refreshes before the lifetime ends, and de-registers on detach.
 *
 * An MN bound on one access link moves to another of this MAG's links
 * only when its first link reports it gone: the link went down or away
 * (access.c), or it did not answer Neighbor Unreachability Detection
 * probes there (RFC 4861 7.3.3); or when the operator says so. The same
 * check answers the LMA's FORCE-REREGISTRATION (RFC 7077 6.1): present,
 * a fresh PBU; gone, a de-registration. Documentation/security.md has
 * the trust model.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pmip6.h>

#include "../lib/flowbind.h"
#include "../lib/genl.h"
#include "../lib/selector.h"
#include "lladdr.h"
#include "pmipd.h"

/* RFC 5213 6.9.4 and shared/protocol.md: 1 s, doubling, up to 32 s. */
#define PBU_RETX_INITIAL_MS 1000u
#define PBU_RETX_MAX_MS 32000u
#define PBU_TS_RESYNC_MAX 3u	/* fresh PBUs per transaction on status 156 */
#define ATT_DEFAULT 3			/* IEEE 802.3 (IANA ATT registry) */
#define BRA_STATUS_BINDING_DOES_NOT_EXIST 128	/* RFC 5846 5.2 */

enum mag_mn_state { MAG_MN_REGISTERING, MAG_MN_BOUND };

struct mag_mn {
	struct mag_mn *next;
	struct pmipd *d;
	const struct pmipd_mn_profile *prof;
	enum mag_mn_state state;
	int ifindex;
	bool has_ll_addr;
	struct in6_addr ll_addr;	/* the MN's link-local address */
	/*
	 * RFC 5213 6.1, 6.8, 6.9.3: this MAG's link-local address on the
	 * MN's link, its default router's, the same at every MAG: the
	 * session's from the LMA (the PBA's Link-local Address option) or
	 * the domain's fixed one. None: the LMA gave none, or
	 * link-local-option off; the RAs then come from the access link's
	 * own address (and the MN sees a new router after a handover).
	 */
	bool has_router_ll;
	struct in6_addr router_ll;
	/* Where pmipd put router_ll on an interface for this MN (the
	 * session's, not the fixed one, which access.c keeps per link):
	 * 0, nowhere. */
	int router_ll_ifindex;
	struct in6_addr router_ll_added;
	size_t ll_id_len;
	uint8_t ll_id[PMIPD_CFG_LL_ID_MAX];
	struct in6_addr lma;
	uint16_t seq;			/* of the newest PBU sent */
	uint16_t txn_seq;		/* of the registration's first PBU */
	uint8_t hi;			/* Handoff Indicator of the next PBU */
	uint16_t bid;			/* from the PBA's BID option; 0: none */
	unsigned int n_hnp;
	struct in6_addr hnp[PMIP6_BUL_HNP_MAX];
	unsigned int n_offlink;		/* RFC 7864 4.1: routed, not advertised */
	struct in6_addr offlink[PMIP6_BUL_HNP_MAX];
	uint32_t lifetime;		/* granted, seconds */
	uint64_t expires_ms;		/* 0: not bound yet */
	uint32_t retx_ms;
	unsigned int sent;		/* transmissions of this transaction */
	unsigned int ts_resyncs;	/* PBUs resent on TIMESTAMP_MISMATCH */
	int64_t ts_offset;		/* the LMA's clock minus ours (48.16) */
	uint64_t sent_ms;
	bool in_kernel;
	struct pmipd_timer retx, refresh, ra;
	bool has_seen_addr;
	struct in6_addr seen_addr;	/* an address it used on its link */
	/*
	 * The presence check (RFC 4861 7.3.3): nud-probes unicast Neighbor
	 * Solicitations nud-interval apart on m's link; any frame from the
	 * MN there after the first is the answer. Asked for by a claim (its
	 * frames on another access link of ours, claim_ifindex) and by the
	 * LMA's FORCE-REREGISTRATION (upn_check).
	 */
	struct pmipd_timer nud;
	unsigned int nud_sent;
	bool nud_answered;
	uint64_t nud_start_ms;
	int claim_ifindex;
	bool upn_check;
	bool has_upn_seq;
	uint16_t upn_seq;		/* the last FORCE-REREGISTRATION's */
};

struct mag {
	struct mag_mn *mns;
	/* The MN of each profile (by its index in cfg.mn), so that a frame
	 * finds its MN in O(1) however many are attached. */
	struct mag_mn **by_prof;
};

#define MN_OF(t, field) ((struct mag_mn *)((char *)(t) - offsetof(struct mag_mn, field)))

static struct mag_mn **mn_slot(struct pmipd *d, const struct pmipd_mn_profile *prof)
{
	return &d->mag->by_prof[prof - d->cfg.mn];
}

static struct mag_mn *mn_find(struct pmipd *d, const struct pmipd_mn_profile *prof)
{
	return *mn_slot(d, prof);
}

/* The MN's Ethernet address (its profile's ll-id), or NULL. */
static const uint8_t *mn_mac(const struct mag_mn *m)
{
	return m->prof->ll_id_len == 6 ? m->prof->ll_id : NULL;
}

static void fill_mn_id(struct mh_options *o, const struct pmipd_mn_profile *p)
{
	o->present |= mh_opt_bit(MH_OPT_MN_ID);
	o->mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	o->mn_id.len = (uint8_t)p->nai_len;
	memcpy(o->mn_id.id, p->nai, p->nai_len);
}

static int send_pbu(struct pmipd *d, struct mag_mn *m, uint16_t lifetime_s)
{
	struct mh_msg pbu;
	struct mh_options *o = &pbu.opts;

	mh_msg_init(&pbu, MH_MSG_PBU);
	pbu.pbu.sequence = ++m->seq;
	pbu.pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
	pbu.pbu.lifetime_units = (uint16_t)(lifetime_s / 4u);
	fill_mn_id(o, m->prof);
	if (m->n_hnp) {
		for (unsigned int i = 0; i < m->n_hnp; i++) {
			o->hnp[i] = (struct mh_hnp){ .prefix_len = 64 };
			memcpy(o->hnp[i].prefix, m->hnp[i].s6_addr, 16);
		}
		o->hnp_count = (uint8_t)m->n_hnp;
	} else if (m->prof->n_prefix) {
		/* The provisioned prefixes as a hint (protocol.md interop). */
		for (unsigned int i = 0; i < m->prof->n_prefix; i++) {
			o->hnp[i] = (struct mh_hnp){ .prefix_len = 64 };
			memcpy(o->hnp[i].prefix, m->prof->prefix[i].addr.s6_addr, 16);
		}
		o->hnp_count = (uint8_t)m->prof->n_prefix;
	} else {
		/* RFC 5213 6.9.1.1: ALL_ZERO asks the LMA to assign. */
		o->hnp[0] = (struct mh_hnp){ .prefix_len = 0 };
		o->hnp_count = 1;
	}
	o->present |= mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) | mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE);
	o->handoff_indicator = m->hi;
	o->access_tech_type = m->prof->att ? m->prof->att : ATT_DEFAULT;
	if (m->ll_id_len) {
		o->present |= mh_opt_bit(MH_OPT_MN_LL_ID);
		o->mn_ll_id.len = (uint8_t)m->ll_id_len;
		memcpy(o->mn_ll_id.id, m->ll_id, m->ll_id_len);
	}
	if (d->cfg.timestamps) {
		o->present |= mh_opt_bit(MH_OPT_TIMESTAMP);
		o->timestamp = pmipd_timestamp_now() + (uint64_t)m->ts_offset;
	}
	/*
	 * RFC 5213 6.9.1.1 rule 9: the Link-local Address option unless the
	 * domain's MAG link-local address is fixed. ALL_ZERO asks the LMA
	 * for the session's (a new attachment, or a handoff from another
	 * MAG: this MAG does not know it yet, the LMA's BCE does, 5.3.6).
	 * Once known, the refreshes and de-registration carry it (6.9.1.3:
	 * "the same set of options"): the LMA copies it into the BCE, which
	 * keeps it for the MN even at an LMA that lost the session, and
	 * 6.9.1.2 rule 15 uploads another this way.
	 */
	if (!d->cfg.has_fixed_mag_ll && d->cfg.link_local_option) {
		o->present |= mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR);
		if (m->has_router_ll)
			memcpy(o->link_local_addr, m->router_ll.s6_addr, 16);
	}
	m->sent_ms = pmipd_now_ms();
	if (m->sent)
		d->stats.pbu_retx++;
	m->sent++;
	d->stats.pbu_tx++;
	return pmipd_mh_send(d, &m->lma, &pbu);
}

static void start_transaction(struct pmipd *d, struct mag_mn *m)
{
	m->sent = 0;
	m->ts_resyncs = 0;
	m->retx_ms = PBU_RETX_INITIAL_MS;
	m->txn_seq = (uint16_t)(m->seq + 1);
	send_pbu(d, m, (uint16_t)(m->prof->lifetime ? m->prof->lifetime : d->cfg.lifetime));
	pmipd_timer_arm(&d->timers, &m->retx, pmipd_now_ms() + m->retx_ms);
}

/* ---- the MN's router address (RFC 5213 6.8, 6.9.3) ----------------------- */

/* Another MN than m has pmipd's copy of addr on ifindex. */
static bool router_ll_shared(struct pmipd *d, const struct mag_mn *m, int ifindex,
			     const struct in6_addr *addr)
{
	for (const struct mag_mn *o = d->mag->mns; o; o = o->next)
		if (o != m && o->router_ll_ifindex == ifindex &&
		    IN6_ARE_ADDR_EQUAL(&o->router_ll_added, addr))
			return true;
	return false;
}

/*
 * The session's link-local address on the MN's access link, as an address
 * of the access interface, added without DAD (route.c), for as long as
 * the MN is bound there: so the kernel answers the MN's Neighbor
 * Solicitations for its default router (address resolution, NUD: RFC
 * 4861 7.2, 7.3) and an RA can come from it. One address per MN on a
 * shared access link: the LMA generates a different one per session
 * (6.8), so no two MNs' addresses collide, and the kernel's neighbour
 * discovery serves them all. The alternative, a raw socket sending from
 * an address no interface has, would leave pmipd to answer every
 * Neighbor Solicitation for it itself. Not for the fixed address, which
 * every access link has anyway (access.c).
 */
static void router_ll_sync(struct pmipd *d, struct mag_mn *m)
{
	bool want = m->has_router_ll && m->state == MAG_MN_BOUND && !d->cfg.has_fixed_mag_ll;
	char a[INET6_ADDRSTRLEN];
	int rc;

	if (m->router_ll_ifindex &&
	    (!want || m->router_ll_ifindex != m->ifindex ||
	     !IN6_ARE_ADDR_EQUAL(&m->router_ll_added, &m->router_ll))) {
		if (!router_ll_shared(d, m, m->router_ll_ifindex, &m->router_ll_added) &&
		    (rc = pmipd_rt_addr(d, false, m->router_ll_ifindex, &m->router_ll_added))) {
			d->stats.kernel_errors++;
			pmipd_log(d, LOG_ERR, "%s: removing its router address %s from ifindex %d: %s",
				  m->prof->nai, pmipd_addr(&m->router_ll_added, a),
				  m->router_ll_ifindex, strerror(-rc));
		}
		m->router_ll_ifindex = 0;
	}
	if (!want || m->router_ll_ifindex)
		return;
	rc = pmipd_rt_addr(d, true, m->ifindex, &m->router_ll);
	if (rc) {
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "%s: adding its router address %s to ifindex %d: %s",
			  m->prof->nai, pmipd_addr(&m->router_ll, a), m->ifindex, strerror(-rc));
		return;
	}
	m->router_ll_ifindex = m->ifindex;
	m->router_ll_added = m->router_ll;
}

/*
 * A link-local address of ifindex that is not an MN's router address:
 * the access link's own (link-local-option off, or an LMA that gave
 * none). False when it has none.
 */
static bool own_link_local(struct pmipd *d, int ifindex, struct in6_addr *out)
{
	struct ifaddrs *ifa, *i;
	char name[IF_NAMESIZE];
	bool found = false;

	if (!if_indextoname((unsigned int)ifindex, name) || getifaddrs(&ifa) < 0)
		return false;
	for (i = ifa; i && !found; i = i->ifa_next) {
		const struct sockaddr_in6 *s = (const void *)i->ifa_addr;

		if (!s || s->sin6_family != AF_INET6 || strcmp(i->ifa_name, name) ||
		    !IN6_IS_ADDR_LINKLOCAL(&s->sin6_addr) ||
		    router_ll_shared(d, NULL, ifindex, &s->sin6_addr) ||
		    (d->cfg.has_fixed_mag_ll &&
		     IN6_ARE_ADDR_EQUAL(&d->cfg.fixed_mag_ll, &s->sin6_addr)))
			continue;
		*out = s->sin6_addr;
		found = true;
	}
	freeifaddrs(ifa);
	return found;
}

/* The source of m's RAs (own: room for the access link's own address). */
static const struct in6_addr *router_ll_src(struct pmipd *d, const struct mag_mn *m,
					    struct in6_addr *own)
{
	if (m->has_router_ll)
		return &m->router_ll;
	return own_link_local(d, m->ifindex, own) ? own : NULL;
}

/*
 * RFC 5213 6.9.1.2 rule 15: an accepted PBA's Link-local Address option
 * names this MAG's address on the MN's link. True when the LMA must be
 * told of another (the MN has the one it gave).
 */
static bool router_ll_from_pba(struct pmipd *d, struct mag_mn *m, const struct mh_options *o,
			       const struct in6_addr *lma)
{
	bool has = o->present & mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR);
	enum lladdr_kind k = has ? lladdr_classify(o->link_local_addr) : LLADDR_ALL_ZERO;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct in6_addr given;

	if (d->cfg.has_fixed_mag_ll) {
		/* RFC 5213 6.8, 9.3: fixed for the domain, no signaling. */
		m->router_ll = d->cfg.fixed_mag_ll;
		m->has_router_ll = true;
		return false;
	}
	if (!d->cfg.link_local_option)
		return false;
	if (k != LLADDR_LINK_LOCAL) {
		/* An LMA without the option (RFC 5213 5.3.6 makes it
		 * optional to send), or a value no MAG can use: the access
		 * link's own address serves, or the one we had. */
		memcpy(given.s6_addr, o->link_local_addr, 16);
		if (!m->has_router_ll)
			pmipd_log(d, LOG_WARNING, "%s: LMA %s gave no link-local address for the session (%s): RAs come from the access link's own, and the MN will see a new default router at a handover (RFC 5213 6.9.3)",
				  m->prof->nai, pmipd_addr(lma, a),
				  !has ? "no Link-local Address option" :
				  k == LLADDR_ALL_ZERO ? "ALL_ZERO" : pmipd_addr(&given, b));
		return false;
	}
	memcpy(given.s6_addr, o->link_local_addr, 16);
	if (m->has_ll_addr && IN6_ARE_ADDR_EQUAL(&given, &m->ll_addr)) {
		/* Already the MN's own on the link: another, which the LMA
		 * takes with the PBU that follows (5.3.6, NON_ZERO). */
		lladdr_other(&given, &m->router_ll);
		m->has_router_ll = true;
		pmipd_log(d, LOG_NOTICE, "%s: the link-local address %s that LMA %s gave is the MN's own: using %s instead (RFC 5213 6.9.1.2)",
			  m->prof->nai, pmipd_addr(&given, a), pmipd_addr(lma, b),
			  pmipd_addr(&m->router_ll, b));
		return true;
	}
	if (m->has_router_ll && !IN6_ARE_ADDR_EQUAL(&given, &m->router_ll))
		pmipd_log(d, LOG_NOTICE, "%s: LMA %s changed the session's link-local address from %s to %s",
			  m->prof->nai, pmipd_addr(lma, a), pmipd_addr(&m->router_ll, b),
			  pmipd_addr(&given, b));
	m->router_ll = given;
	m->has_router_ll = true;
	return false;
}

static void ra_send(struct pmipd *d, struct mag_mn *m, const struct in6_addr *dst)
{
	struct in6_addr own;
	int rc;

	/*
	 * Prefix lifetimes: the granted binding lifetime, which the refresh
	 * keeps renewing (RFC 5213 6.7 ties them to the binding). Counting
	 * down to the expiry instead would let the MN's address lapse when a
	 * refresh PBA is merely late.
	 */
	rc = pmipd_ndisc_send_ra(d, m->ifindex, router_ll_src(d, m, &own), dst, m->hnp, m->n_hnp,
				 m->state == MAG_MN_BOUND ? m->lifetime : 0);
	if (rc)
		pmipd_log(d, LOG_WARNING, "RA for %s: %s", m->prof->nai, strerror(-rc));
}

static void kernel_routes(struct pmipd *d, struct mag_mn *m, bool add)
{
	for (unsigned int i = 0; i < m->n_hnp + m->n_offlink; i++) {
		const struct in6_addr *p = i < m->n_hnp ? &m->hnp[i] : &m->offlink[i - m->n_hnp];
		int rc = pmipd_rt_route(d, add, p, 64, m->ifindex);

		if (rc) {
			d->stats.kernel_errors++;
			pmipd_log(d, LOG_ERR, "route for %s's prefix: %s", m->prof->nai,
				  strerror(-rc));
		}
	}
}

static int kernel_put(struct pmipd *d, struct mag_mn *m)
{
	uint64_t now = pmipd_now_ms();
	char err[PMIP6_ERRLEN];
	struct pmip6_bul k = { 0 };
	int rc;

	k.mn.len = m->prof->nai_len;
	memcpy(k.mn.id, m->prof->nai, k.mn.len);
	k.lma_addr = m->lma;
	k.bid = m->bid;		/* what the MAG's own FMC entries refer to */
	k.ifindex = (uint32_t)m->ifindex;
	k.has_mn_ll_addr = m->has_ll_addr;
	k.mn_ll_addr = m->ll_addr;
	k.n_hnp = m->n_hnp;
	for (unsigned int i = 0; i < m->n_hnp; i++) {
		k.hnp[i].prefix = m->hnp[i];
		k.hnp[i].len = 64;
	}
	k.n_offlink_hnp = m->n_offlink;
	for (unsigned int i = 0; i < m->n_offlink; i++) {
		k.offlink_hnp[i].prefix = m->offlink[i];
		k.offlink_hnp[i].len = 64;
	}
	/* What a restarted pmipd needs to adopt the entry (mag_adopt()). */
	k.reg.present = true;
	k.reg.lifetime = m->lifetime;
	k.reg.remaining_ms = (uint32_t)(m->expires_ms > now ? m->expires_ms - now : 0);
	k.reg.sequence = m->seq;
	k.reg.has_mag_ll_addr = m->has_router_ll;
	k.reg.mag_ll_addr = m->router_ll;
	rc = m->in_kernel ? pmip6_bul_set(d->genl, &k, err, sizeof(err)) :
			    pmip6_bul_new(d->genl, &k, err, sizeof(err));
	/*
	 * An entry of this MN we did not know of: a BUL_NEW whose answer
	 * timed out after the kernel made it. The MN is ours: replace it.
	 */
	if (rc == -EEXIST && !m->in_kernel)
		rc = pmip6_bul_set(d->genl, &k, err, sizeof(err));
	if (rc) {
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "kernel BUL %s: %s", m->prof->nai, err);
		return rc;
	}
	m->in_kernel = true;
	kernel_routes(d, m, true);
	return 0;
}

/* The MN's entries in this MAG's flow mobility cache go (fid 0: all). */
static void flow_cache_flush(struct pmipd *d, const struct mag_mn *m, uint16_t fid)
{
	struct pmip6_mn_id id = { .len = m->prof->nai_len };
	char err[PMIP6_ERRLEN];
	struct pmip6_fmc_list l;

	memcpy(id.id, m->prof->nai, id.len);
	if (pmip6_fmc_dump(d->genl, &l, err, sizeof(err))) {
		d->stats.kernel_errors++;
		return;
	}
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].mn.len == id.len && !memcmp(l.v[i].mn.id, id.id, id.len) &&
		    (!fid || l.v[i].fid == fid) &&
		    pmip6_fmc_del(d->genl, &id, l.v[i].fid, err, sizeof(err)))
			d->stats.kernel_errors++;
	pmip6_fmc_list_free(&l);
}

/* pmipd forgets m; what the kernel holds for it stays (mn_destroy()
 * removes that first; a --keep-state stop leaves it). */
static void mn_release(struct pmipd *d, struct mag_mn *m)
{
	struct mag_mn **pp = &d->mag->mns;

	pmipd_timer_cancel(&d->timers, &m->retx);
	pmipd_timer_cancel(&d->timers, &m->refresh);
	pmipd_timer_cancel(&d->timers, &m->ra);
	pmipd_timer_cancel(&d->timers, &m->nud);
	if (mn_mac(m))
		pmipd_access_release(d, m->ifindex, mn_mac(m));
	while (*pp != m)
		pp = &(*pp)->next;
	*pp = m->next;
	*mn_slot(d, m->prof) = NULL;
	free(m);
}

/* The one removal path of an MN's state at this MAG. */
static void mn_destroy(struct pmipd *d, struct mag_mn *m, bool withdraw_ra)
{
	char err[PMIP6_ERRLEN];

	ro_mag_hnp_gone(d, m->hnp, m->n_hnp);
	if (withdraw_ra && m->state == MAG_MN_BOUND) {
		/* RFC 4861 6.2.5-style: prefixes with lifetime 0. */
		m->state = MAG_MN_REGISTERING;
		ra_send(d, m, NULL);
	}
	/* After that RA, which comes from it. */
	m->state = MAG_MN_REGISTERING;
	router_ll_sync(d, m);
	if (m->in_kernel) {
		struct pmip6_mn_id id = { .len = m->prof->nai_len };

		memcpy(id.id, m->prof->nai, id.len);
		if (d->cfg.flow_cache)
			flow_cache_flush(d, m, 0);
		kernel_routes(d, m, false);
		if (pmip6_bul_del(d->genl, &id, err, sizeof(err))) {
			d->stats.kernel_errors++;
			pmipd_log(d, LOG_ERR, "kernel BUL delete %s: %s", m->prof->nai, err);
		}
	}
	mn_release(d, m);
}

static void retx_timer(struct pmipd_timer *t)
{
	struct mag_mn *m = MN_OF(t, retx);
	struct pmipd *d = m->d;
	uint64_t now = pmipd_now_ms();

	if (m->state == MAG_MN_BOUND && m->expires_ms && now >= m->expires_ms) {
		pmipd_log(d, LOG_WARNING, "%s: binding expired without a PBA to its refresh",
			  m->prof->nai);
		d->stats.expired++;
		mn_destroy(d, m, true);
		return;
	}
	m->retx_ms *= 2;
	if (m->retx_ms > PBU_RETX_MAX_MS) {
		char a[INET6_ADDRSTRLEN];

		pmipd_log(d, LOG_WARNING, "%s: no PBA from LMA %s after %u PBUs, giving up",
			  m->prof->nai, pmipd_addr(&m->lma, a), m->sent);
		mn_destroy(d, m, true);
		return;
	}
	/* A retransmission is a new PBU: new sequence number and timestamp. */
	send_pbu(d, m, (uint16_t)(m->prof->lifetime ? m->prof->lifetime : d->cfg.lifetime));
	{
		uint64_t next = now + m->retx_ms;

		if (m->state == MAG_MN_BOUND && m->expires_ms && next > m->expires_ms)
			next = m->expires_ms;
		pmipd_timer_arm(&d->timers, &m->retx, next);
	}
}

static void detach(struct pmipd *d, struct mag_mn *m);

static void refresh_timer(struct pmipd_timer *t)
{
	struct mag_mn *m = MN_OF(t, refresh);
	char name[IF_NAMESIZE];

	/*
	 * The access link went away since the last RA (ra_timer notices it
	 * only at its next tick): the MN has detached (RFC 5213 6.9.1.2).
	 * A refresh now would be a newer PBU than the new MAG's, and the
	 * LMA would take the binding back to us.
	 */
	if (!if_indextoname((unsigned int)m->ifindex, name)) {
		pmipd_log(m->d, LOG_INFO, "%s: access link ifindex %d is gone", m->prof->nai,
			  m->ifindex);
		detach(m->d, m);
		return;
	}
	m->hi = MH_HI_NOT_CHANGED;	/* RFC 5213 6.9.1.3: re-registration */
	start_transaction(m->d, m);
}

static void ra_timer(struct pmipd_timer *t)
{
	struct mag_mn *m = MN_OF(t, ra);
	struct pmipd *d = m->d;
	char name[IF_NAMESIZE];

	/*
	 * The access link went away (deleted, or moved to another MAG's
	 * namespace): the MN has detached (RFC 5213 6.9.1.2).
	 */
	if (!if_indextoname((unsigned int)m->ifindex, name)) {
		pmipd_log(d, LOG_INFO, "%s: access link ifindex %d is gone", m->prof->nai,
			  m->ifindex);
		detach(d, m);
		return;
	}
	ra_send(d, m, NULL);
	pmipd_timer_arm(&d->timers, &m->ra, pmipd_now_ms() + d->cfg.ra_interval * 1000u);
}

static void nud_timer(struct pmipd_timer *t);

/* m moves to the access link ifindex of this MAG (RFC 5213 6.9.1.1 with
 * HI 2): its old link reported it gone, or the operator said so. */
static void move_link(struct pmipd *d, struct mag_mn *m, int ifindex)
{
	char a[IF_NAMESIZE], b[IF_NAMESIZE];

	pmipd_log(d, LOG_INFO, "%s moves from access link %s to %s", m->prof->nai,
		  if_indextoname((unsigned int)m->ifindex, a) ? a : "(gone)",
		  if_indextoname((unsigned int)ifindex, b) ? b : "?");
	if (mn_mac(m)) {
		pmipd_access_release(d, m->ifindex, mn_mac(m));
		pmipd_access_quiet(d, ifindex, mn_mac(m));
	}
	kernel_routes(d, m, false);
	m->ifindex = ifindex;
	/* The same session: its router address moves with it (RFC 5213
	 * 6.8), before the PBU, so that the MN finds its router at once. */
	router_ll_sync(d, m);
	/* A check under way is moot, and the PBU below also answers the
	 * LMA's FORCE-REREGISTRATION, if one waits. */
	pmipd_timer_cancel(&d->timers, &m->nud);
	m->claim_ifindex = 0;
	m->upn_check = false;
	m->hi = MH_HI_HANDOFF_BETWEEN_INTERFACES;
	start_transaction(d, m);
}

/* m becomes one of this MAG's MNs: its timers, the lists that find it,
 * and its frames on its link no longer new (access.c); mn_release()
 * undoes it. */
static void mn_link(struct pmipd *d, struct mag_mn *m)
{
	pmipd_timer_init(&m->retx, retx_timer);
	pmipd_timer_init(&m->refresh, refresh_timer);
	pmipd_timer_init(&m->ra, ra_timer);
	pmipd_timer_init(&m->nud, nud_timer);
	m->next = d->mag->mns;
	d->mag->mns = m;
	*mn_slot(d, m->prof) = m;
	if (mn_mac(m))
		pmipd_access_quiet(d, m->ifindex, mn_mac(m));
}

/* A new MN on access link ifindex (how: what showed it), or the operator's
 * attach of a known one. */
static int attach(struct pmipd *d, const struct pmipd_mn_profile *p, int ifindex,
		  const struct in6_addr *ll_addr, const char *how)
{
	struct mag_mn *m = mn_find(d, p);

	if (m) {
		if (m->ifindex != ifindex)
			move_link(d, m, ifindex);	/* the operator's word */
		if (ll_addr) {
			m->has_ll_addr = true;
			m->ll_addr = *ll_addr;
		}
		/* Already here: answer its solicitation. */
		if (m->state == MAG_MN_BOUND)
			ra_send(d, m, NULL);
		return 0;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->d = d;
	m->prof = p;
	m->ifindex = ifindex;
	m->lma = p->has_lma ? p->lma : d->cfg.lma;
	if (ll_addr) {
		m->has_ll_addr = true;
		m->ll_addr = *ll_addr;
	}
	m->ll_id_len = p->ll_id_len;
	memcpy(m->ll_id, p->ll_id, p->ll_id_len);
	/*
	 * RFC 5213 6.9.1.1: a MAG that cannot tell a new attachment from a
	 * handoff says so (4); the LMA decides by the MN-LL-ID and ATT.
	 */
	m->hi = p->shared ? MH_HI_NEW_INTERFACE_SHARING_PREFIXES : MH_HI_UNKNOWN;
	m->seq = (uint16_t)random();
	mn_link(d, m);
	d->stats.attach++;
	pmipd_log(d, LOG_INFO, "%s attached on ifindex %d (%s)", p->nai, ifindex, how);
	start_transaction(d, m);
	return 0;
}

static void detach(struct pmipd *d, struct mag_mn *m)
{
	d->stats.detach++;
	pmipd_log(d, LOG_INFO, "%s detached", m->prof->nai);
	/* RFC 5213 6.9.1.2: de-registration, lifetime 0. */
	m->hi = MH_HI_UNKNOWN;
	send_pbu(d, m, 0);
	mn_destroy(d, m, true);
}

/*
 * RFC 5213 5.5: the PBU's timestamp fell outside the LMA's validity
 * window, and the PBA carries the LMA's clock in its Timestamp option; the
 * MAG may register again, re-synchronized to it. A difference beyond the
 * window is a clock that differs from ours and is followed from now on. A
 * smaller one means the PBU was merely late (a loaded host): a fresh PBU,
 * stamped now, is enough, and following the difference, which includes
 * the PBA's transit (measured to its arrival, so not its wait in our
 * socket), would only make the next one look later still.
 * The retransmission timer stays armed and bounds the exchange.
 */
static void timestamp_resync(struct pmipd *d, struct mag_mn *m, const struct mh_options *o,
			     uint64_t arrival)
{
	uint64_t window = ((uint64_t)d->cfg.timestamp_window_ms << 16) / 1000u;
	char a[INET6_ADDRSTRLEN];

	if (o->present & mh_opt_bit(MH_OPT_TIMESTAMP)) {
		/* Against the PBA's arrival: its wait in our socket is no
		 * part of the clocks' difference. */
		int64_t offset = (int64_t)(o->timestamp - arrival);

		if ((uint64_t)llabs(offset) > window)
			m->ts_offset = offset;
	}
	m->ts_resyncs++;
	d->stats.ts_resyncs++;
	pmipd_log(d, LOG_INFO, "%s: LMA %s found the PBU's timestamp out of its window; "
		  "registering again (clock offset %+.3f s)", m->prof->nai,
		  pmipd_addr(&m->lma, a),
		  (double)m->ts_offset / 65536.0);
	send_pbu(d, m, (uint16_t)(m->prof->lifetime ? m->prof->lifetime : d->cfg.lifetime));
}

/* m's routes to these prefixes go, unless m still has them. */
static void routes_dropped(struct pmipd *d, const struct mag_mn *m, const struct in6_addr *prefix,
			   unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		bool kept = false;

		for (unsigned int j = 0; j < m->n_hnp + m->n_offlink && !kept; j++)
			kept = IN6_ARE_ADDR_EQUAL(j < m->n_hnp ? &m->hnp[j] :
						  &m->offlink[j - m->n_hnp], &prefix[i]);
		if (!kept)
			pmipd_rt_route(d, false, &prefix[i], 64, m->ifindex);
	}
}

/*
 * The PBA answers "an outstanding" PBU (RFC 6275 6.1.8): any transmission
 * of the registration in hand, not only the newest. Each retransmission
 * carries a new sequence number (RFC 5213 6.9.4), so when the LMA answers
 * more slowly than the retransmission timer, every PBA comes back after
 * the next PBU has gone: taking only the newest would drop each answer,
 * send PBUs faster than the LMA answers them, and let the binding lapse
 * here while the LMA, which accepted it, keeps it. An older
 * transmission's acceptance ends the registration; its refusal does not:
 * the newer PBU, sent later, may fare better (a Timestamp found fresh).
 */
static bool pba_matches(const struct mag_mn *m, const struct mh_msg *pba)
{
	uint16_t older = (uint16_t)(m->seq - pba->pba.sequence);

	if (!older)
		return true;
	return older <= (uint16_t)(m->seq - m->txn_seq) && pba->pba.status < 128 &&
	       pba->pba.lifetime_units;
}

static void handle_pba(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *pba,
		       uint64_t arrival)
{
	struct in6_addr old_hnp[PMIP6_BUL_HNP_MAX];
	unsigned int n_old;
	const struct mh_options *o = &pba->opts;
	const struct pmipd_mn_profile *p = NULL;
	char a[INET6_ADDRSTRLEN];
	struct in6_addr old_router_ll;
	bool was_bound, upload_ll, had_router_ll;
	struct mag_mn *m = NULL;

	d->stats.pba_rx++;
	d->stats.pba_status[pba->pba.status]++;
	if (o->present & mh_opt_bit(MH_OPT_MN_ID))
		p = pmipd_config_mn(&d->cfg, o->mn_id.id, o->mn_id.len);
	if (p)
		m = mn_find(d, p);
	if (!m || !IN6_ARE_ADDR_EQUAL(src, &m->lma) || !pmipd_timer_armed(&m->retx)) {
		d->stats.mh_rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "PBA from %s for no pending registration",
			  pmipd_addr(src, a));
		return;
	}
	if (pba->pba.status == MH_PBA_SEQUENCE_OUT_OF_WINDOW) {
		/* RFC 6275 11.7.1: resynchronize on the LMA's number. */
		m->seq = pba->pba.sequence;
		m->txn_seq = (uint16_t)(m->seq + 1);
		send_pbu(d, m, (uint16_t)(m->prof->lifetime ? m->prof->lifetime : d->cfg.lifetime));
		return;
	}
	if (!pba_matches(m, pba)) {
		d->stats.mh_rx_unexpected++;
		pmipd_log(d, LOG_DEBUG, "%s: PBA for sequence %u, waiting for %u", p->nai,
			  pba->pba.sequence, m->seq);
		return;
	}
	if (pba->pba.status == MH_PBA_TIMESTAMP_MISMATCH && m->ts_resyncs < PBU_TS_RESYNC_MAX) {
		timestamp_resync(d, m, o, arrival);
		return;
	}
	pmipd_timer_cancel(&d->timers, &m->retx);
	if (pba->pba.status >= 128 || !pba->pba.lifetime_units) {
		pmipd_log(d, LOG_WARNING, "%s: LMA %s rejected the registration: %s (%u)",
			  p->nai, pmipd_addr(src, a), mh_pba_status_name(pba->pba.status),
			  pba->pba.status);
		/* Its next frames must not start the same refusal at once. */
		if (mn_mac(m))
			pmipd_access_hold(d, m->ifindex, mn_mac(m), d->cfg.hold_down_s * 1000u);
		mn_destroy(d, m, true);
		return;
	}
	was_bound = m->state == MAG_MN_BOUND;
	/*
	 * Make before break: the routes of the prefixes the PBA keeps are
	 * replaced in place (kernel_put()), and only those of prefixes it
	 * no longer names go, afterwards. Deleting them all first, as a
	 * refresh once did, left the MN without a route for a moment at
	 * every refresh, and its downlink packets were lost.
	 */
	n_old = m->in_kernel ? m->n_hnp : 0;
	memcpy(old_hnp, m->hnp, n_old * sizeof(old_hnp[0]));
	m->n_hnp = 0;
	for (unsigned int i = 0; i < o->hnp_count && m->n_hnp < PMIP6_BUL_HNP_MAX; i++) {
		if (o->hnp[i].prefix_len != 64 || o->hnp[i].off_link)
			continue;
		memcpy(m->hnp[m->n_hnp++].s6_addr, o->hnp[i].prefix, 16);
	}
	if (!m->n_hnp) {
		pmipd_log(d, LOG_WARNING, "%s: PBA from %s carries no /64 home network prefix",
			  p->nai, pmipd_addr(src, a));
		routes_dropped(d, m, old_hnp, n_old);
		mn_destroy(d, m, true);
		return;
	}
	/* The LMA names the binding (RFC 7864 3.2.1: BIDs assigned by it). */
	if (o->bid_count)
		m->bid = o->bid[0].bid;
	m->lifetime = pba->pba.lifetime_units * 4u;
	m->expires_ms = pmipd_now_ms() + (uint64_t)m->lifetime * 1000u;
	m->state = MAG_MN_BOUND;
	had_router_ll = m->has_router_ll;
	old_router_ll = m->router_ll;
	upload_ll = router_ll_from_pba(d, m, o, src);
	if (kernel_put(d, m)) {
		m->has_router_ll = had_router_ll;
		m->router_ll = old_router_ll;
		routes_dropped(d, m, old_hnp, n_old);
		mn_destroy(d, m, true);
		return;
	}
	routes_dropped(d, m, old_hnp, n_old);
	/* Before the first RA, which comes from it. */
	router_ll_sync(d, m);
	/* Refresh at 80% of the lifetime, early enough for retransmissions;
	 * at once when the LMA must learn another link-local address
	 * (RFC 5213 6.9.1.2 rule 15: "immediately"). */
	pmipd_timer_arm(&d->timers, &m->refresh,
			pmipd_now_ms() + (upload_ll ? 0 : (uint64_t)m->lifetime * 800u));
	if (!was_bound) {
		pmipd_log(d, LOG_INFO, "%s: registered at %s for %u s", p->nai,
			  pmipd_addr(src, a), m->lifetime);
		ra_timer(&m->ra);
	}
}

/*
 * Drop the BRI's prefixes from m: withdrawn on the access link (lifetime
 * 0), unrouted, gone from the BUL. RFC 5846 9.1 status: success, partial
 * success when some were not m's, "binding does not exist" when none was.
 */
static uint8_t revoke_prefixes(struct pmipd *d, struct mag_mn *m, const struct mh_options *o)
{
	struct in6_addr gone[PMIP6_BUL_HNP_MAX];
	unsigned int n_gone = 0;

	for (unsigned int i = 0; i < o->hnp_count; i++)
		for (unsigned int j = 0; j < m->n_hnp; j++)
			if (!memcmp(m->hnp[j].s6_addr, o->hnp[i].prefix, 16)) {
				gone[n_gone++] = m->hnp[j];
				m->hnp[j] = m->hnp[--m->n_hnp];
				break;
			}
	if (!n_gone)
		return BRA_STATUS_BINDING_DOES_NOT_EXIST;
	{
		struct in6_addr own;

		pmipd_ndisc_send_ra(d, m->ifindex, router_ll_src(d, m, &own), NULL, gone, n_gone, 0);
	}
	for (unsigned int i = 0; i < n_gone; i++)
		pmipd_rt_route(d, false, &gone[i], 64, m->ifindex);
	kernel_put(d, m);
	return n_gone == o->hnp_count ? MH_BRA_STATUS_SUCCESS : MH_BRA_STATUS_PARTIAL_SUCCESS;
}

static void handle_bri(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *bri)
{
	const struct mh_options *o = &bri->opts;
	const struct pmipd_mn_profile *p = NULL;
	struct mag_mn *m = NULL;
	struct mh_msg bra;
	char a[INET6_ADDRSTRLEN];

	if (o->present & mh_opt_bit(MH_OPT_MN_ID))
		p = pmipd_config_mn(&d->cfg, o->mn_id.id, o->mn_id.len);
	if (p)
		m = mn_find(d, p);
	mh_msg_init(&bra, MH_MSG_BRA);
	bra.bra.sequence = bri->bri.sequence;
	bra.bra.flags = bri->bri.flags & MH_BR_FLAG_P;
	bra.opts.present = o->present & mh_opt_bit(MH_OPT_MN_ID);
	bra.opts.mn_id = o->mn_id;
	/* RFC 5846 6.2: only the MN's LMA may revoke its binding. */
	if (!m || !IN6_ARE_ADDR_EQUAL(src, &m->lma)) {
		bra.bra.status = BRA_STATUS_BINDING_DOES_NOT_EXIST;
	} else if (m->state == MAG_MN_BOUND && o->hnp_count && o->hnp_count < m->n_hnp) {
		/* Some of the prefixes: moved to the MN's other interface
		 * (RFC 7864 3.3, draft-10 3.2.2 Figure 6); the binding stays. */
		bra.bra.status = revoke_prefixes(d, m, o);
		pmipd_log(d, LOG_INFO, "%s: %u prefix(es) revoked by %s (moved), status %u",
			  p->nai, o->hnp_count, pmipd_addr(src, a), bra.bra.status);
	} else {
		bra.bra.status = MH_BRA_STATUS_SUCCESS;
		pmipd_log(d, LOG_INFO, "%s: binding revoked by %s", p->nai, pmipd_addr(src, a));
		/* Revoked: registered again on a new attachment, not on the
		 * frames the MN goes on sending. */
		if (mn_mac(m))
			pmipd_access_hold(d, m->ifindex, mn_mac(m), 0);
		mn_destroy(d, m, true);
	}
	pmipd_mh_send(d, src, &bra);
}

static bool offlink_has(const struct mag_mn *m, const uint8_t *prefix, unsigned int *at)
{
	for (unsigned int i = 0; i < m->n_offlink; i++)
		if (!memcmp(m->offlink[i].s6_addr, prefix, 16)) {
			*at = i;
			return true;
		}
	return false;
}

/*
 * Full per-flow state at the MAG (RFC 7864 5.2, "flow-cache on"): the
 * FMI's Flow Identification options (RFC 6089 4.2) become entries of
 * this MAG's FMC on the MN's binding; a REMOVE takes them away (those
 * named, or all of the MN's). An optional mirror: a failure here is
 * logged, it does not fail the FMI.
 */
static void flow_cache_update(struct pmipd *d, struct mag_mn *m, const struct mh_msg *upn)
{
	const struct mh_options *o = &upn->opts;
	char err[PMIP6_ERRLEN];

	/*
	 * RFC 6089 4.2: an option with FID 0 or FID-PRI 0 is dropped
	 * (flowbind.h).  Here FID 0 would also have read as "all of the
	 * MN's flows" (flow_cache_flush()).
	 */
	for (unsigned int i = 0; i < o->fid_count; i++) {
		const char *why = pmip6_fid_reserved(&o->fid[i]);

		if (why)
			pmipd_log(d, LOG_NOTICE, "%s: flow %u of the FMI dropped: %s",
				  m->prof->nai, o->fid[i].fid, why);
	}
	if (upn->upn.reason == MH_UPN_REASON_FLOW_MOBILITY_REMOVE) {
		for (unsigned int i = 0; i < o->fid_count; i++)
			if (!pmip6_fid_reserved(&o->fid[i]))
				flow_cache_flush(d, m, o->fid[i].fid);
		if (!o->fid_count)
			flow_cache_flush(d, m, 0);
		return;
	}
	for (unsigned int i = 0; i < o->fid_count; i++) {
		struct pmip6_fmc e = { .mn.len = m->prof->nai_len }, cur;
		int rc;

		if (pmip6_fid_reserved(&o->fid[i]))
			continue;

		memcpy(e.mn.id, m->prof->nai, e.mn.len);
		e.fid = o->fid[i].fid;
		e.fid_pri = o->fid[i].priority;
		e.n_bid = 1;
		e.bid[0] = m->bid;
		if (!m->bid ||
		    (o->fid[i].has_ts && pmip6_ts_from_mh(&o->fid[i].ts, &e.ts))) {
			pmipd_log(d, LOG_NOTICE, "%s: flow %u not cached: %s", m->prof->nai, e.fid,
				  m->bid ? "traffic selector not usable (not format 2, or flow labels above 20 bits)" :
					   "the LMA named no BID for this binding");
			continue;
		}
		rc = pmip6_fmc_get(d->genl, &e.mn, e.fid, &cur, err, sizeof(err)) ?
		     pmip6_fmc_new(d->genl, &e, err, sizeof(err)) :
		     pmip6_fmc_set(d->genl, &e, err, sizeof(err));
		if (rc) {
			d->stats.kernel_errors++;
			pmipd_log(d, LOG_ERR, "%s: flow %u into the flow cache: %s", m->prof->nai,
				  e.fid, err);
		}
	}
}

/* RFC 7077 6.2: same Sequence Number, the MN-ID copied from the UPN. */
static void upa_send(struct pmipd *d, const struct in6_addr *lma, const struct mh_msg *upn,
		     uint8_t status)
{
	struct mh_msg upa;

	mh_msg_init(&upa, MH_MSG_UPA);
	upa.upa.sequence = upn->upn.sequence;
	upa.upa.status = status;
	upa.opts.present = upn->opts.present & mh_opt_bit(MH_OPT_MN_ID);
	upa.opts.mn_id = upn->opts.mn_id;
	if (!pmipd_mh_send(d, lma, &upa))
		d->stats.upa_tx++;
}

/*
 * Flow Mobility Indication (RFC 7864 3.2.2, 4.2: an Update Notification
 * with a FLOW-MOBILITY reason): the LMA asks this MAG to route the MN's
 * other prefixes (L flag) on its access link, or to stop. Answered with
 * an FMA (Update Notification Acknowledgement, 4.3); nothing changes
 * unless the whole request can be applied.
 */
static void handle_fmi(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *upn)
{
	const struct mh_options *o = &upn->opts;
	bool add = upn->upn.reason == MH_UPN_REASON_FLOW_MOBILITY_ADD;
	const struct pmipd_mn_profile *p = NULL;
	struct mag_mn *m = NULL, before;
	char a[INET6_ADDRSTRLEN];
	uint8_t status = MH_UPA_STATUS_SUCCESS;

	if (o->present & mh_opt_bit(MH_OPT_MN_ID))
		p = pmipd_config_mn(&d->cfg, o->mn_id.id, o->mn_id.len);
	if (p)
		m = mn_find(d, p);
	if (upn->upn.reason != MH_UPN_REASON_FLOW_MOBILITY_ADD &&
	    upn->upn.reason != MH_UPN_REASON_FLOW_MOBILITY_REMOVE) {
		status = MH_UPA_STATUS_REASON_UNSPECIFIED;
	} else if (!m || m->state != MAG_MN_BOUND || !IN6_ARE_ADDR_EQUAL(src, &m->lma)) {
		status = MH_UPA_STATUS_MN_NOT_ATTACHED;
	} else {
		before = *m;
		for (unsigned int i = 0; i < o->hnp_count && !status; i++) {
			unsigned int at;

			if (!o->hnp[i].off_link || o->hnp[i].prefix_len != 64) {
				status = MH_UPA_STATUS_REASON_UNSPECIFIED;
			} else if (add) {
				if (offlink_has(m, o->hnp[i].prefix, &at))
					continue;
				if (m->n_offlink == PMIP6_BUL_HNP_MAX)
					status = MH_UPA_STATUS_REASON_UNSPECIFIED;
				else
					memcpy(m->offlink[m->n_offlink++].s6_addr, o->hnp[i].prefix, 16);
			} else if (!offlink_has(m, o->hnp[i].prefix, &at)) {
				status = MH_UPA_STATUS_NO_FMC_ENTRY;
			} else {
				m->offlink[at] = m->offlink[--m->n_offlink];
			}
		}
		if (!status && !o->hnp_count)
			status = MH_UPA_STATUS_REASON_UNSPECIFIED;
		if (!status && kernel_put(d, m))	/* adds (replaces) routes */
			status = MH_UPA_STATUS_REASON_UNSPECIFIED;
		/* Routes of the prefixes no longer off-link here go. */
		for (unsigned int i = 0; !status && i < before.n_offlink; i++) {
			unsigned int at;

			if (!offlink_has(m, before.offlink[i].s6_addr, &at))
				pmipd_rt_route(d, false, &before.offlink[i], 64, m->ifindex);
		}
		if (status) {
			m->n_offlink = before.n_offlink;
			memcpy(m->offlink, before.offlink, sizeof(m->offlink));
		}
	}
	if (!status && d->cfg.flow_cache)
		flow_cache_update(d, m, upn);
	pmipd_log(d, status ? LOG_NOTICE : LOG_INFO, "FMI (%s) from %s for %.*s: status %u",
		  add ? "add" : "remove", pmipd_addr(src, a),
		  (o->present & mh_opt_bit(MH_OPT_MN_ID)) ? (int)o->mn_id.len : 0,
		  (const char *)o->mn_id.id, status);
	/* RFC 7077 4.1: the A flag asks for the acknowledgement. */
	if (upn->upn.flags & MH_UPN_FLAG_A)
		upa_send(d, src, upn, status);
}

static void check_start(struct pmipd *d, struct mag_mn *m);

/*
 * FORCE-REREGISTRATION (RFC 7077 4.1, 6.1): the LMA asks for a fresh PBU
 * of this session; pmip6's LMA asks so when another MAG claims the MN
 * (lma_handoff.c). The MAG first checks that the MN is still on its
 * access link: present, a PBU (re-registration); gone, a de-registration
 * (RFC 5213 6.9.1.2). Either way a PBU, as 6.1 asks. The UPA says the
 * request was taken (0), or 132 when the MN is not attached here.
 */
static void handle_force_rereg(struct pmipd *d, const struct in6_addr *src,
			       const struct mh_msg *upn)
{
	const struct mh_options *o = &upn->opts;
	bool has_id = o->present & mh_opt_bit(MH_OPT_MN_ID);
	const struct pmipd_mn_profile *p = NULL;
	uint8_t status = MH_UPA_STATUS_SUCCESS;
	char a[INET6_ADDRSTRLEN];
	struct mag_mn *m = NULL;
	const char *what = "checking that it is still attached";

	if (has_id)
		p = pmipd_config_mn(&d->cfg, o->mn_id.id, o->mn_id.len);
	if (p)
		m = mn_find(d, p);
	if (!has_id) {
		/* RFC 7077 5: an MN-ID or a Mobile Node Group Identifier
		 * (RFC 6602), which this MAG does not negotiate. */
		status = MH_UPA_STATUS_REASON_UNSPECIFIED;
		what = "no MN-ID";
	} else if (!m || !IN6_ARE_ADDR_EQUAL(src, &m->lma)) {
		status = MH_UPA_STATUS_MN_NOT_ATTACHED;
		what = "not attached here";
	} else if ((upn->upn.flags & MH_UPN_FLAG_D) && m->has_upn_seq &&
		   m->upn_seq == upn->upn.sequence && m->upn_check) {
		/* RFC 7077 6.1: the retransmission of the request in hand is
		 * not a new request; it is acknowledged again. */
		what = "retransmission, check under way";
	} else {
		m->has_upn_seq = true;
		m->upn_seq = upn->upn.sequence;
		m->upn_check = true;
		check_start(d, m);
	}
	pmipd_log(d, status ? LOG_NOTICE : LOG_INFO,
		  "FORCE-REREGISTRATION seq %u from %s for %.*s: %s (UPA %u)",
		  upn->upn.sequence, pmipd_addr(src, a), has_id ? (int)o->mn_id.len : 0,
		  (const char *)o->mn_id.id, what, status);
	if (upn->upn.flags & MH_UPN_FLAG_A)
		upa_send(d, src, upn, status);
}

/* RFC 7077 6.1, 6.2: every UPN with A set gets a UPA, refusals included. */
static void handle_upn(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *upn)
{
	char a[INET6_ADDRSTRLEN];
	uint8_t status;

	d->stats.upn_rx++;
	switch (upn->upn.reason) {
	case MH_UPN_REASON_FLOW_MOBILITY_ADD:
	case MH_UPN_REASON_FLOW_MOBILITY_REMOVE:
		handle_fmi(d, src, upn);
		return;
	case MH_UPN_REASON_FORCE_REREGISTRATION:
		handle_force_rereg(d, src, upn);
		return;
	case MH_UPN_REASON_UPDATE_SESSION_PARAMETERS:
		/* 6.1: no session parameter option this MAG can apply. */
		status = MH_UPA_STATUS_FAILED_TO_UPDATE_SESSION_PARAMETERS;
		break;
	case MH_UPN_REASON_VENDOR_SPECIFIC:
		/* 6.1: no Vendor-Specific Mobility option (RFC 5094) that
		 * this MAG knows. */
		status = MH_UPA_STATUS_MISSING_VENDOR_SPECIFIC_OPTION;
		break;
	default:
		/* ANI-PARAMS-REQUESTED (4) needs the ANI option (RFC 6757),
		 * which this MAG does not have; any other reason is unknown:
		 * Reason unspecified (RFC 7864 4.3), never silence. */
		status = MH_UPA_STATUS_REASON_UNSPECIFIED;
		break;
	}
	pmipd_log(d, LOG_NOTICE, "Update Notification seq %u reason %u from %s: not supported, %s",
		  upn->upn.sequence, upn->upn.reason, pmipd_addr(src, a),
		  (upn->upn.flags & MH_UPN_FLAG_A) ? "refused in the UPA" :
						     "dropped (no acknowledgement asked)");
	if (upn->upn.flags & MH_UPN_FLAG_A)
		upa_send(d, src, upn, status);
}

void mag_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg,
		uint64_t arrival)
{
	char a[INET6_ADDRSTRLEN];

	switch (msg->kind) {
	case MH_MSG_PBA:
		handle_pba(d, src, msg, arrival);
		return;
	case MH_MSG_BRI:
		handle_bri(d, src, msg);
		return;
	case MH_MSG_UPN:
		handle_upn(d, src, msg);
		return;
	case MH_MSG_RO:
		ro_handle(d, src, msg);
		return;
	default:
		d->stats.mh_rx_unexpected++;
		pmipd_log(d, LOG_NOTICE, "ignored %s from %s: not for a MAG",
			  mh_msg_kind_name(msg->kind), pmipd_addr(src, a));
	}
}

static bool is_access(const struct pmipd *d, int ifindex)
{
	char name[IF_NAMESIZE];

	if (!if_indextoname((unsigned int)ifindex, name))
		return false;
	for (unsigned int i = 0; i < d->cfg.n_access; i++)
		if (!strcmp(d->cfg.access[i], name))
			return true;
	return false;
}

/* ---- presence on the access link (RFC 4861 7.3.3) ---------------------- */

/* Remember an address the MN used on its link: the target of the
 * presence probes, and its link-local one for the kernel's BUL entry
 * (off-link prefixes are routed through it, RFC 7864 4.1). */
static void learn_addr(struct pmipd *d, struct mag_mn *m, const struct pmipd_l2_frame *f)
{
	if (!f->has_addr)
		return;
	m->has_seen_addr = true;
	m->seen_addr = f->addr;
	if (!IN6_IS_ADDR_LINKLOCAL(&f->addr) ||
	    (m->has_ll_addr && IN6_ARE_ADDR_EQUAL(&m->ll_addr, &f->addr)))
		return;
	m->has_ll_addr = true;
	m->ll_addr = f->addr;
	if (m->in_kernel)
		kernel_put(d, m);
}

static void check_done(struct pmipd *d, struct mag_mn *m, bool present)
{
	char a[IF_NAMESIZE], b[IF_NAMESIZE];
	int claim = m->claim_ifindex;
	bool upn = m->upn_check;

	m->claim_ifindex = 0;
	m->upn_check = false;
	if (!if_indextoname((unsigned int)m->ifindex, a))
		snprintf(a, sizeof(a), "#%d", m->ifindex);
	if (claim && !if_indextoname((unsigned int)claim, b))
		snprintf(b, sizeof(b), "#%d", claim);
	if (!present) {
		d->stats.nud_gone++;
		pmipd_log(d, LOG_INFO, "%s: no answer on access link %s to %u probes: gone",
			  m->prof->nai, a, m->nud_sent);
		if (claim && pmipd_access_up(d, claim))
			move_link(d, m, claim);
		else
			detach(d, m);	/* RFC 5213 6.9.1.2 */
		return;
	}
	d->stats.nud_present++;
	if (claim && mn_mac(m)) {
		/* Someone else's frames carry its address: the claim waits
		 * until the MN's own link reports it gone. */
		d->stats.claims_refused++;
		pmipd_log(d, LOG_NOTICE, "%s: frames from its address on access link %s, but it is still on %s: not moved (held %u s)",
			  m->prof->nai, b, a, d->cfg.hold_down_s);
		pmipd_access_hold(d, claim, mn_mac(m), d->cfg.hold_down_s * 1000u);
	}
	if (upn) {
		pmipd_log(d, LOG_INFO, "%s: still on access link %s: re-registering (FORCE-REREGISTRATION)",
			  m->prof->nai, a);
		m->hi = MH_HI_NOT_CHANGED;	/* RFC 5213 6.9.1.3 */
		start_transaction(d, m);
	}
}

static void nud_timer(struct pmipd_timer *t)
{
	struct mag_mn *m = MN_OF(t, nud);
	struct pmipd *d = m->d;
	const struct in6_addr *target = m->has_ll_addr ? &m->ll_addr :
					m->has_seen_addr ? &m->seen_addr : NULL;
	int rc;

	if (m->nud_answered) {
		check_done(d, m, true);
		return;
	}
	if (m->nud_sent >= d->cfg.nud_probes) {
		check_done(d, m, false);
		return;
	}
	if (!mn_mac(m) || !target) {
		/* No address to probe (its frames named none yet, or it has
		 * no Ethernet address): it stays where it is. */
		pmipd_log(d, LOG_NOTICE, "%s: no address to probe it at: taken as present",
			  m->prof->nai);
		m->nud_answered = true;
		check_done(d, m, true);
		return;
	}
	rc = pmipd_access_probe(d, m->ifindex, mn_mac(m),
				m->router_ll_ifindex == m->ifindex || d->cfg.has_fixed_mag_ll ?
				&m->router_ll : NULL, target);
	if (rc == -ENETDOWN) {
		check_done(d, m, false);	/* its link is down or gone */
		return;
	}
	if (rc)
		pmipd_log(d, LOG_WARNING, "%s: presence probe: %s", m->prof->nai, strerror(-rc));
	m->nud_sent++;
	if (pmipd_timer_arm(&d->timers, &m->nud, pmipd_now_ms() + d->cfg.nud_interval_ms))
		check_done(d, m, true);
}

/* Is m still on its access link? One check answers every question
 * asked while it runs (claims, FORCE-REREGISTRATION). */
static void check_start(struct pmipd *d, struct mag_mn *m)
{
	if (pmipd_timer_armed(&m->nud))
		return;
	m->nud_sent = 0;
	m->nud_answered = false;
	m->nud_start_ms = pmipd_now_ms();
	if (pmipd_timer_arm(&d->timers, &m->nud, m->nud_start_ms))
		check_done(d, m, true);
}

void mag_l2_frame(struct pmipd *d, const struct pmipd_mn_profile *p,
		  const struct pmipd_l2_frame *f)
{
	const struct in6_addr *ll = f->has_addr && IN6_IS_ADDR_LINKLOCAL(&f->addr) ?
				    &f->addr : NULL;
	struct mag_mn *m = mn_find(d, p);
	char name[IF_NAMESIZE];

	if (!m) {
		/* RFC 5213 6.9.1.1: its first frames are the attachment. */
		if (!attach(d, p, f->ifindex, ll, f->kind) && (m = mn_find(d, p)))
			learn_addr(d, m, f);
		return;
	}
	if (m->ifindex != f->ifindex) {
		/* Frames from its address on another access link: it moves
		 * only when its own link reports it gone. */
		if (m->claim_ifindex)
			return;
		m->claim_ifindex = f->ifindex;
		pmipd_log(d, LOG_INFO, "%s: frames from its address on access link %s: probing it on its own link",
			  p->nai, if_indextoname((unsigned int)f->ifindex, name) ? name : "?");
		check_start(d, m);
		return;
	}
	learn_addr(d, m, f);
	if (pmipd_timer_armed(&m->nud) && m->nud_sent && !m->nud_answered) {
		m->nud_answered = true;
		pmipd_timer_arm(&d->timers, &m->nud, pmipd_now_ms());
	}
	if (f->rs && m->state == MAG_MN_BOUND)
		ra_send(d, m, NULL);
}

void mag_link_gone(struct pmipd *d, int ifindex)
{
	struct mag_mn *m, *next;

	if (!d->mag)
		return;
	for (m = d->mag->mns; m; m = next) {
		next = m->next;
		if (m->claim_ifindex == ifindex)
			m->claim_ifindex = 0;
		if (m->ifindex != ifindex)
			continue;
		if (m->claim_ifindex && pmipd_access_up(d, m->claim_ifindex)) {
			move_link(d, m, m->claim_ifindex);
			continue;
		}
		pmipd_log(d, LOG_INFO, "%s: access link ifindex %d is gone", m->prof->nai, ifindex);
		detach(d, m);	/* RFC 5213 6.9.1.2 */
	}
}

int mag_start(struct pmipd *d)
{
	d->mag = calloc(1, sizeof(*d->mag));
	if (!d->mag)
		return -ENOMEM;
	d->mag->by_prof = calloc(d->cfg.n_mn ? d->cfg.n_mn : 1, sizeof(*d->mag->by_prof));
	if (!d->mag->by_prof) {
		free(d->mag);
		d->mag = NULL;
		return -ENOMEM;
	}
	return 0;
}

void mag_stop(struct pmipd *d)
{
	if (!d->mag)
		return;
	while (d->mag->mns) {
		/*
		 * --keep-state: no de-registration, the kernel keeps the
		 * entries and their routes for the next pmipd (mag_adopt()).
		 */
		if (d->keep_state)
			mn_release(d, d->mag->mns);
		else
			detach(d, d->mag->mns);
	}
	free(d->mag->by_prof);
	free(d->mag);
	d->mag = NULL;
}

/* Why the configuration no longer allows kernel BUL entry k; NULL if it does. */
static const char *adopt_refusal(struct pmipd *d, const struct pmipd_mn_profile *p,
				 const struct pmip6_bul *k)
{
	if (!p)
		return "no 'mn' profile names it";
	if (!IN6_ARE_ADDR_EQUAL(&k->lma_addr, p->has_lma ? &p->lma : &d->cfg.lma))
		return "its LMA is not the profile's";
	if (!is_access(d, (int)k->ifindex))
		return "its interface is not an access link";
	if (k->reg.present && !k->reg.remaining_ms)
		return "its lifetime ended while pmipd was down";
	return NULL;
}

/*
 * A MAG that starts again finds the kernel still forwarding for the MNs of
 * the pmipd before it. Every BUL entry the configuration still allows
 * becomes a bound MN again, with the lifetime and sequence number the
 * kernel kept (PMIP6_A_BUL_REGISTRATION): its traffic never stops, its
 * RAs resume and its refresh comes when it was due. The rest is removed:
 * its prefixes withdrawn on the link and unrouted.
 */
int mag_adopt(struct pmipd *d, unsigned int *adopted)
{
	uint64_t now = pmipd_now_ms();
	struct pmip6_bul_list l;
	char err[PMIP6_ERRLEN];
	unsigned int removed = 0;
	int rc;

	*adopted = 0;
	rc = pmip6_bul_dump(d->genl, &l, err, sizeof(err));
	if (rc) {
		pmipd_log(d, LOG_ERR, "reading the kernel's binding update list: %s", err);
		return rc;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct pmip6_bul *k = &l.v[i];
		const struct pmipd_mn_profile *p = pmipd_config_mn(&d->cfg, k->mn.id, k->mn.len);
		const char *why = adopt_refusal(d, p, k);
		struct mag_mn *m = why ? NULL : calloc(1, sizeof(*m));

		if (!why && !m) {
			rc = -ENOMEM;
			break;
		}
		if (why) {
			struct pmip6_mn_id id = k->mn;
			struct in6_addr on[PMIP6_BUL_HNP_MAX];

			pmipd_log(d, LOG_NOTICE, "kernel BUL entry %s removed: %s", k->mn.id, why);
			for (unsigned int j = 0; j < k->n_hnp; j++)
				on[j] = k->hnp[j].prefix;
			pmipd_ndisc_send_ra(d, (int)k->ifindex,
					    k->reg.has_mag_ll_addr ? &k->reg.mag_ll_addr : NULL, NULL,
					    on, k->n_hnp, 0);
			/* Its router address, which a stop with --keep-state
			 * (or a kill) left on the link. */
			if (k->reg.has_mag_ll_addr && !d->cfg.has_fixed_mag_ll)
				pmipd_rt_addr(d, false, (int)k->ifindex, &k->reg.mag_ll_addr);
			for (unsigned int j = 0; j < k->n_hnp + k->n_offlink_hnp; j++)
				pmipd_rt_route(d, false, j < k->n_hnp ? &k->hnp[j].prefix :
					       &k->offlink_hnp[j - k->n_hnp].prefix, 64, (int)k->ifindex);
			if (pmip6_bul_del(d->genl, &id, err, sizeof(err))) {
				d->stats.kernel_errors++;
				pmipd_log(d, LOG_ERR, "kernel BUL delete %s: %s", k->mn.id, err);
			}
			removed++;
			continue;
		}
		m->d = d;
		m->prof = p;
		m->state = MAG_MN_BOUND;
		m->in_kernel = true;
		m->ifindex = (int)k->ifindex;
		m->has_ll_addr = k->has_mn_ll_addr;
		m->ll_addr = k->mn_ll_addr;
		m->ll_id_len = p->ll_id_len;
		memcpy(m->ll_id, p->ll_id, p->ll_id_len);
		m->lma = k->lma_addr;
		m->bid = k->bid;
		m->n_hnp = k->n_hnp;
		for (unsigned int j = 0; j < k->n_hnp; j++)
			m->hnp[j] = k->hnp[j].prefix;
		m->n_offlink = k->n_offlink_hnp;
		for (unsigned int j = 0; j < k->n_offlink_hnp; j++)
			m->offlink[j] = k->offlink_hnp[j].prefix;
		if (k->reg.present) {
			m->lifetime = k->reg.lifetime;
			m->expires_ms = now + k->reg.remaining_ms;
			m->seq = k->reg.sequence;
		} else {
			/* Made by hand: refresh at once, from a random number. */
			m->lifetime = p->lifetime ? p->lifetime : d->cfg.lifetime;
			m->expires_ms = now;
			m->seq = (uint16_t)random();
		}
		m->hi = MH_HI_NOT_CHANGED;
		/* RFC 5213 6.8: the MN's router address stays as it was. */
		m->has_router_ll = k->reg.has_mag_ll_addr;
		m->router_ll = k->reg.mag_ll_addr;
		mn_link(d, m);
		kernel_routes(d, m, true);
		router_ll_sync(d, m);
		/* RFC 5213 6.9.1.3: the refresh when it was due, 80% in. */
		{
			uint64_t due = m->expires_ms - (uint64_t)m->lifetime * 200u;

			pmipd_timer_arm(&d->timers, &m->refresh, due > now ? due : now);
		}
		pmipd_timer_arm(&d->timers, &m->ra, now);
		pmipd_log(d, LOG_DEBUG, "%s: adopted from the kernel (LMA %s, %llu ms left, sequence %u)",
			  p->nai, pmipd_addr(&m->lma, err),
			  (unsigned long long)(m->expires_ms > now ? m->expires_ms - now : 0), m->seq);
		(*adopted)++;
	}
	if (*adopted || removed)
		pmipd_log(d, LOG_INFO, "adopted %u binding(s) from the kernel, removed %u",
			  *adopted, removed);
	pmip6_bul_list_free(&l);
	return rc;
}

void mag_show(struct pmipd *d, struct pmipd_out *o, bool pending_only)
{
	uint64_t now = pmipd_now_ms();
	char a[INET6_ADDRSTRLEN], ifname[IF_NAMESIZE];
	bool first = true;

	if (o->json)
		pmipd_out(o, "[");
	for (const struct mag_mn *m = d->mag->mns; m; m = m->next) {
		uint64_t left = m->expires_ms > now ? (m->expires_ms - now + 999) / 1000 : 0;
		long long retx = pmipd_timer_armed(&m->retx) ? (long long)(m->retx.when_ms - now) : -1;
		const char *state = m->state == MAG_MN_BOUND ?
				    (retx >= 0 ? "refreshing" : "bound") : "registering";

		if (pending_only && retx < 0)
			continue;
		if (!if_indextoname((unsigned int)m->ifindex, ifname))
			snprintf(ifname, sizeof(ifname), "#%d", m->ifindex);
		if (o->json) {
			pmipd_out(o, "%s{\"mn\":\"%s\",\"state\":\"%s\",\"dev\":\"%s\",\"lma\":\"%s\",\"hnp\":[",
				  first ? "" : ",", m->prof->nai, state, ifname,
				  pmipd_addr(&m->lma, a));
			for (unsigned int i = 0; i < m->n_hnp; i++)
				pmipd_out(o, "%s\"%s/64\"", i ? "," : "", pmipd_addr(&m->hnp[i], a));
			pmipd_out(o, "],\"offlink_hnp\":[");
			for (unsigned int i = 0; i < m->n_offlink; i++)
				pmipd_out(o, "%s\"%s/64\"", i ? "," : "", pmipd_addr(&m->offlink[i], a));
			pmipd_out(o, "],\"bid\":%u,\"lifetime\":%u,\"remaining\":%llu,\"sequence\":%u,\"transmissions\":%u,\"retransmit_in_ms\":%lld,\"retransmit_interval_ms\":%u,",
				  m->bid, m->lifetime, (unsigned long long)left, m->seq, m->sent, retx,
				  retx >= 0 ? m->retx_ms : 0);
			if (m->has_router_ll)
				pmipd_out(o, "\"mag_link_local\":\"%s\"}", pmipd_addr(&m->router_ll, a));
			else
				pmipd_out(o, "\"mag_link_local\":null}");
		} else {
			pmipd_out(o, "mn %s state %s dev %s lma %s hnp", m->prof->nai, state,
				  ifname, pmipd_addr(&m->lma, a));
			for (unsigned int i = 0; i < m->n_hnp; i++)
				pmipd_out(o, " %s/64", pmipd_addr(&m->hnp[i], a));
			if (!m->n_hnp)
				pmipd_out(o, " -");
			if (m->n_offlink)
				pmipd_out(o, " offlink");
			for (unsigned int i = 0; i < m->n_offlink; i++)
				pmipd_out(o, " %s/64", pmipd_addr(&m->offlink[i], a));
			if (m->bid)
				pmipd_out(o, " bid %u", m->bid);
			pmipd_out(o, " lifetime %u remaining %llu seq %u", m->lifetime,
				  (unsigned long long)left, m->seq);
			if (m->has_router_ll)
				pmipd_out(o, " mag-link-local %s", pmipd_addr(&m->router_ll, a));
			if (retx >= 0)
				pmipd_out(o, " pbu-sent %u retransmit-in %lld ms interval %u ms", m->sent,
					  retx, m->retx_ms);
			pmipd_out(o, "\n");
		}
		first = false;
	}
	if (o->json)
		pmipd_out(o, "]");
}

int mag_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
	    char *err, size_t errlen)
{
	const struct pmipd_mn_profile *p;

	if (!strcmp(argv[0], "bindings") || !strcmp(argv[0], "pending")) {
		if (argc > 1) {
			snprintf(err, errlen, "unexpected '%s' after '%s'", argv[1], argv[0]);
			return -EINVAL;
		}
		mag_show(d, o, !strcmp(argv[0], "pending"));
		if (o->json)
			pmipd_out(o, "\n");
		return 0;
	}
	if (!strcmp(argv[0], "attach")) {
		struct in6_addr ll;
		bool has_ll = false;
		int ifindex, rc;

		if (argc != 4 && !(argc == 6 && !strcmp(argv[4], "ll-addr"))) {
			snprintf(err, errlen, "usage: attach MN-ID dev IFNAME [ll-addr FE80::...]");
			return -EINVAL;
		}
		if (strcmp(argv[2], "dev")) {
			snprintf(err, errlen, "expected 'dev IFNAME' after the MN-ID, not '%s'", argv[2]);
			return -EINVAL;
		}
		p = pmipd_config_mn(&d->cfg, (const uint8_t *)argv[1], strlen(argv[1]));
		if (!p) {
			snprintf(err, errlen, "no policy profile for mobile node '%s'", argv[1]);
			return -ENOENT;
		}
		ifindex = (int)if_nametoindex(argv[3]);
		if (!ifindex) {
			snprintf(err, errlen, "no interface '%s'", argv[3]);
			return -ENODEV;
		}
		if (!is_access(d, ifindex)) {
			snprintf(err, errlen, "'%s' is not an access interface of this MAG", argv[3]);
			return -EINVAL;
		}
		if (argc == 6) {
			if (inet_pton(AF_INET6, argv[5], &ll) != 1 || !IN6_IS_ADDR_LINKLOCAL(&ll)) {
				snprintf(err, errlen, "invalid ll-addr '%s' (expected a link-local IPv6 address)",
					 argv[5]);
				return -EINVAL;
			}
			has_ll = true;
		}
		/* The operator's word ends any hold-down of its address. */
		rc = attach(d, p, ifindex, has_ll ? &ll : NULL, "pmipctl");
		if (!rc && p->ll_id_len == 6)
			pmipd_access_quiet(d, ifindex, p->ll_id);
		return rc;
	}
	if (!strcmp(argv[0], "detach")) {
		struct mag_mn *m;

		if (argc != 2) {
			snprintf(err, errlen, "usage: detach MN-ID");
			return -EINVAL;
		}
		p = pmipd_config_mn(&d->cfg, (const uint8_t *)argv[1], strlen(argv[1]));
		m = p ? mn_find(d, p) : NULL;
		if (!m) {
			snprintf(err, errlen, "mobile node '%s' is not attached here", argv[1]);
			return -ENOENT;
		}
		/* Until it attaches anew (an RS, a carrier change), or the
		 * operator attaches it again. */
		if (mn_mac(m))
			pmipd_access_hold(d, m->ifindex, mn_mac(m), 0);
		detach(d, m);
		return 0;
	}
	snprintf(err, errlen, "unknown command '%s' for a MAG (expected show, stats, bindings, pending, attach or detach)",
		 argv[0]);
	return -EINVAL;
}

void mag_each_lma(struct pmipd *d, void (*fn)(void *arg, const struct in6_addr *lma), void *arg)
{
	for (const struct mag_mn *m = d->mag->mns; m; m = m->next)
		if (m->state == MAG_MN_BOUND)
			fn(arg, &m->lma);
}

unsigned int mag_lma_restarted(struct pmipd *d, const struct in6_addr *lma)
{
	unsigned int n = 0;

	for (struct mag_mn *m = d->mag->mns; m; m = m->next) {
		if (m->state != MAG_MN_BOUND || !IN6_ARE_ADDR_EQUAL(&m->lma, lma))
			continue;
		/*
		 * As a refresh (RFC 5213 6.9.1.3: the MN has not moved, HI 5),
		 * now rather than at 80% of the lifetime. A refresh already
		 * under way starts over with a new sequence number: its PBUs
		 * went to the LMA that lost them.
		 */
		pmipd_timer_cancel(&d->timers, &m->refresh);
		m->hi = MH_HI_NOT_CHANGED;
		start_transaction(d, m);
		n++;
	}
	return n;
}

bool mag_hnp_lma(struct pmipd *d, const struct in6_addr *hnp, struct in6_addr *lma)
{
	for (const struct mag_mn *m = d->mag->mns; m; m = m->next)
		for (unsigned int i = 0; m->state == MAG_MN_BOUND && i < m->n_hnp; i++)
			if (!memcmp(m->hnp[i].s6_addr, hnp->s6_addr, 8)) {
				*lma = m->lma;
				return true;
			}
	return false;
}

bool mag_mn_hnp(struct pmipd *d, const struct pmipd_mn_profile *p, struct in6_addr *hnp,
		struct in6_addr *lma)
{
	const struct mag_mn *m = mn_find(d, p);

	if (!m || m->state != MAG_MN_BOUND || !m->n_hnp)
		return false;
	*hnp = m->hnp[0];
	*lma = m->lma;
	return true;
}
