/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Binding Cache entry lookup of RFC 5213 5.4.1 (with RFC 7864 3.2.1):
 * which of an MN's mobility sessions a Proxy Binding Update is for.
 */
#ifndef PMIPD_LMA_LOOKUP_H
#define PMIPD_LMA_LOOKUP_H

#include <stdbool.h>
#include <netinet/in.h>

#include "lma.h"

enum lma_lookup_verdict {
	LMA_LOOKUP_NEW,		/* create a new mobility session (5.3.2) */
	LMA_LOOKUP_NEW_SHARING,	/* a new session with bce's prefixes (RFC 7864 3.2.1) */
	LMA_LOOKUP_UPDATE,	/* an update of bce (5.3.3, 5.3.4, 5.3.5) */
	LMA_LOOKUP_HOLD,	/* wait for bce's de-registration, up to
				 * MaxDelayBeforeNewBCEAssign (HI 4)
				 */
	LMA_LOOKUP_REJECT,	/* a PBA with status */
	LMA_LOOKUP_IGNORE,	/* a de-registration of no session: silently */
};

struct lma_lookup {
	enum lma_lookup_verdict verdict;
	struct lma_bce *bce;	/* UPDATE, HOLD, NEW_SHARING; REJECT: the one in the way */
	uint8_t status;		/* REJECT: MH_PBA_* */
	const char *rule;	/* the rule that decided, for the log */
};

/*
 * bces: the MN's bindings (NULL: none); o: the PBU's options, checked
 * already (RFC 5213 5.3.1: MN-ID, HNP, HI and ATT present; each prefix the
 * MN's); src: the MAG; dereg: lifetime 0.
 */
void lma_bce_lookup(struct lma_bce *bces, const struct mh_options *o, const struct in6_addr *src,
		    bool dereg, struct lma_lookup *out);

#endif
