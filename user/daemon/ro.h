/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Localized routing (draft-loureiro-netext-pmipv6-ro-02), internal to
 * ro.c (shared: messages, validation, kernel states, the control command),
 * ro_lma.c (RO Controller and Trigger at an LMA) and ro_mag.c (the MAG's
 * side: Init, Setup, Refresh, Request). Wire format and sequences:
 * Documentation/localized-routing.md.
 */
#ifndef PMIPD_RO_H
#define PMIPD_RO_H

#include "../lib/genl.h"
#include "pmipd.h"

/*
 * Retransmissions, as the LMA's FMI (1, 2, 4 s). The LMA's RO Init gets
 * one more try (1, 2, 4, 8 s: 15 s) because its answer waits for the
 * MAGs' own Setup exchange (up to 7 s).
 */
#define RO_LMA_TRIES 4
#define RO_MAG_TRIES 3
/* After a failed setup the LMA leaves the pair alone this long. */
#define RO_HOLD_MS 5000u
/* The LMA ends a pair this long after a side missed its refresh. */
#define RO_GRACE_MS 200u

struct ro_stats {
	uint64_t rx, tx, retx, rx_invalid, rx_unexpected, traffic_events;
	uint64_t setup_ok, setup_failed, refresh_ok, refresh_failed;
	uint64_t expired, deleted, kernel_errors;
	/*
	 * Refused: an RO Setup the MN's LMA did not vouch for, an RO Trigger
	 * for an MN the peer LMA does not anchor (unauthorized); one more
	 * than ro-max-per-peer states or setups with one peer (over_limit).
	 */
	uint64_t unauthorized, over_limit;
	uint64_t rx_kind[MH_RO_KIND_MAX + 1], tx_kind[MH_RO_KIND_MAX + 1];
};

struct ro_pair;
struct ro_state;
struct ro_setup;
struct ro_check;
struct ro_request;

struct ro {
	struct ro_stats st;
	struct pmip6_genl *ev;		/* LMA: the events group */
	uint16_t seq;			/* of the requests we send */
	struct ro_pair *pairs;		/* LMA */
	struct ro_state *states;	/* MAG: installed states */
	struct ro_setup *setups;	/* MAG: Init received, Setup sent */
	struct ro_check *checks;	/* MAG: Setup received, the LMA asked */
	struct ro_request *requests;	/* MAG: RO Requests (section 7) */
};

/* ro.c */
/* An RO message of this kind; src and dst HNPs /64; mag may be NULL. */
void ro_msg(struct mh_msg *m, uint8_t kind, uint16_t seq, uint8_t status,
	    uint16_t lifetime, const struct in6_addr *src_hnp,
	    const struct in6_addr *dst_hnp, const struct in6_addr *mag);
int ro_send(struct pmipd *d, const struct in6_addr *dst, const struct mh_msg *m);
/*
 * Checks what every RO message needs (two /64 HNP options, MAG-ADDR
 * where the kind needs one) and copies them out; an RO Refresh may carry
 * MAG-ADDR (the MAG asks for a state it is about to install with that
 * peer MAG), *mag is :: when it does not. False: counted and logged, the
 * caller changes nothing.
 */
bool ro_parse(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
	      struct in6_addr hnp[2], struct in6_addr *mag);
/* Create or replace the kernel state (local, remote); 0 or -errno. */
int ro_kernel_put(struct pmipd *d, const struct in6_addr *local,
		  const struct in6_addr *remote, const struct in6_addr *peer,
		  uint32_t lifetime, uint32_t owner);
void ro_kernel_del(struct pmipd *d, const struct in6_addr *local,
		   const struct in6_addr *remote);
bool ro_same64(const struct in6_addr *a, const struct in6_addr *b);
const char *ro_hnp(const struct in6_addr *a, char *buf);

/* ro_lma.c */
int ro_lma_start(struct pmipd *d);
void ro_lma_stop(struct pmipd *d);
void ro_lma_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m);
void ro_lma_show(struct pmipd *d, struct pmipd_out *o);
bool ro_lma_adopt(struct pmipd *d, const struct pmip6_ro *k);

/* ro_mag.c */
void ro_mag_stop(struct pmipd *d);
void ro_mag_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m);
void ro_mag_show(struct pmipd *d, struct pmipd_out *o);
int ro_mag_adopt(struct pmipd *d, const struct pmip6_ro *k, const struct in6_addr *lma);
int ro_mag_request(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		   char *err, size_t errlen);

#endif /* PMIPD_RO_H */
