/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The LMA's state, shared by its two halves: lma.c (the binding cache and
 * PBU processing, RFC 5213 5.3 with RFC 7864 3.2.1) and lma_flow.c (flow
 * mobility: the flow decision, FMI/FMA, prefix moves, RFC 7864 3.2.2).
 */
#ifndef PMIPD_LMA_H
#define PMIPD_LMA_H

#include <linux/pmip6.h>

#include "../lib/genl.h"
#include "pmipd.h"

#define LMA_BUCKETS_MIN 4096
#define BRA_STATUS_BINDING_DOES_NOT_EXIST 128	/* RFC 5846 5.2 */

struct lma_bce {
	struct lma_bce *next;		/* in the MN's list */
	struct lma_mn *mn;
	struct pmipd *d;
	uint16_t bid;
	uint8_t bid_pri;
	uint8_t att;
	size_t ll_id_len;
	uint8_t ll_id[PMIP6_MN_LL_ID_MAX_LEN];
	struct in6_addr coa;
	unsigned int n_hnp;
	struct in6_addr hnp[PMIP6_BCE_HNP_MAX];
	uint16_t last_seq;
	bool has_ts;
	uint64_t last_ts;
	/*
	 * RFC 5213 5.1, 6.8: the MAG's link-local address on the MN's access
	 * link, generated for the session when a MAG first asks (the
	 * Link-local Address option), the same at every MAG that serves it
	 * afterwards.
	 */
	bool has_mag_ll;
	struct in6_addr mag_ll;
	uint32_t lifetime;		/* granted, seconds */
	uint64_t registered_ms;		/* last accepted (re-)registration */
	bool dereg;			/* waiting MinDelayBeforeBCEDelete */
	uint64_t ends_ms;		/* when @timer ends it (monotonic); the
					 * kernel keeps it, so that a restarted
					 * pmipd adopts the binding with its
					 * lifetime still counting
					 */
	struct pmipd_timer timer;	/* lifetime expiry or deferred delete */
	struct lma_pending *pending;	/* a PBU waiting for our MAG's dereg */
	unsigned int n_offlink;		/* other sessions' prefixes this MAG
					 * routes off-link (RFC 7864 3.2.2)
					 */
	/*
	 * PMIP6_BCE_HNP_MAX entries, allocated with the first off-link
	 * prefix: most bindings never have one, and inline the array was
	 * 256 of the binding's 664 bytes (issue 8, 1M bindings).
	 */
	struct in6_addr *offlink;
};

/*
 * An outstanding LMA-initiated exchange, retransmitted until answered:
 * a Flow Mobility Indication (RFC 7864 3.2.2; on success the flow's FMC
 * entry is written) or a Binding Revocation Indication of moved prefixes
 * (RFC 7864 3.3, the flowmob draft-10's 3.2.2, Figure 6). An operator's
 * pmipctl may wait on ctl_id (0: none).
 */
struct lma_txn {
	struct lma_txn *next;
	struct pmipd *d;
	struct mh_msg msg;		/* the UPN or BRI, as sent */
	struct in6_addr mag;
	const struct pmipd_mn_profile *prof;
	uint16_t bid;			/* FMI: target binding */
	bool has_want, create;		/* FMI: the FMC entry to write */
	struct pmip6_fmc want;
	bool policy;			/* started by the flow policy */
	uint64_t ctl_id;		/* pmipd_ctl_reply() when done */
	unsigned int sent;
	struct pmipd_timer timer;
};

/*
 * A PBU that may be a handoff or a new attachment, held for at most
 * MaxDelayBeforeNewBCEAssign while the LMA waits for the previous MAG's
 * de-registration (RFC 5213 5.4.1.2, 9.1).
 */
struct lma_pending {
	struct lma_bce *b;
	struct mh_msg pbu;
	struct in6_addr mag;
	struct pmipd_timer timer;
};

struct lma_mn {
	struct lma_mn *hnext;
	const struct pmipd_mn_profile *prof;
	struct lma_bce *bces;
};

struct lma {
	/*
	 * MNs with bindings, hashed by NAI. Only configured MNs get an entry,
	 * so sizing the table at start for every profile (a power of 2, at
	 * least LMA_BUCKETS_MIN) keeps chains short however many MNs the file
	 * holds: the per-PBU lookup stays O(1).
	 */
	struct lma_mn **bucket;
	size_t n_bucket;
	size_t n_bce;
	uint8_t *pool_used;		/* a bit per /64 of prefix-pool */
	uint32_t pool_size;
	struct lma_txn *txns;
	uint16_t txn_seq;		/* the UPNs and BRIs we send */
	struct lma_handoff *handoffs;	/* PBUs held, lma_handoff.c */
	bool stopping;			/* no policy reactions while tearing down */
};

/* lma.c */
struct lma_mn *lma_mn_find(struct lma *l, const struct pmipd_mn_profile *prof);
bool lma_bce_has_hnp(const struct lma_bce *b, const uint8_t *prefix);
/* Mirror b into the kernel (create: also route its prefixes). 0 or -errno. */
int lma_kernel_put(struct pmipd *d, const struct lma_bce *b, bool create);
/* A PBU from mag that lma_handoff.c held, decided: status 0 processes it
 * as the handoff of the MN's binding bid (a new session if that binding
 * is gone meanwhile); any other status rejects it with that status. */
void lma_pbu_resume(struct pmipd *d, const struct in6_addr *mag, const struct mh_msg *pbu,
		    uint16_t bid, uint8_t status);

/* lma_handoff.c: a live binding moves to another MAG only once its MAG
 * has been asked (FORCE-REREGISTRATION, RFC 7077). */
/* True when the PBU from mag that would move b is held (no PBA yet). */
bool lma_handoff_hold(struct pmipd *d, const struct lma_bce *b, const struct in6_addr *mag,
		      const struct mh_msg *pbu);
/* After every PBU: a re-registration or de-registration by an old MAG
 * that was asked decides its held PBU. */
void lma_handoff_pbu_seen(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *pbu);
/* True when upa answered one of our FORCE-REREGISTRATIONs. */
bool lma_handoff_upa(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *upa);
/* Drop every held PBU (the LMA stops). */
void lma_handoff_stop(struct pmipd *d);

/* lma.c: link b (complete, already in the kernel) into the binding cache
 * and arm its timer at b->ends_ms. */
void lma_bce_link(struct pmipd *d, struct lma_mn *m, struct lma_bce *b);
struct lma_mn *lma_mn_get(struct lma *l, const struct pmipd_mn_profile *prof);
void lma_mn_put(struct lma *l, struct lma_mn *m);
/* lma.c: mark a pool prefix used (an adopted binding's). */
void lma_pool_take(struct pmipd *d, const struct pmipd_mn_profile *p, const struct in6_addr *hnp);
/* A /64 of the prefix pool? */
bool lma_pool_has(const struct pmipd *d, const struct in6_addr *prefix);

/* lma_flow.c */
void lma_txn_done(struct pmipd *d, struct lma_txn *t, int rc, const char *text);
void lma_handle_fma(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *upa);
void lma_handle_bra(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *bra);
int lma_flow_cmd(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		 char *err, size_t errlen);
/* The MN's bindings changed (registered, or one deleted): bring its
 * flows in line with the flow policy. m may be gone (NULL). */
void lma_flow_policy(struct pmipd *d, const struct pmipd_mn_profile *p);
/*
 * New binding b, not yet linked: the prefixes the policy moves to its
 * access technology from the MN's other bindings. lma_prefix_moves_plan()
 * only adds them to b and records where they come from; once the kernel
 * has accepted b, lma_prefix_moves_commit() takes them from the other
 * bindings and starts the BRIs (RFC 7864 3.2.2). Nothing changes when b
 * is refused.
 */
struct lma_prefix_move {
	struct lma_bce *from;
	struct in6_addr prefix;
};
unsigned int lma_prefix_moves_plan(struct pmipd *d, struct lma_mn *m, struct lma_bce *b,
				   struct lma_prefix_move *moves);
void lma_prefix_moves_commit(struct pmipd *d, struct lma_mn *m, struct lma_bce *b,
			     const struct lma_prefix_move *moves, unsigned int n);

#endif /* PMIPD_LMA_H */
