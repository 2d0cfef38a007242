/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RFC 6089 flow bindings: what pmipd does with the reserved values a peer
 * may send in Binding Identifier and Flow Identification options.  The
 * codec (user/mh) decodes them as they are; these rules decide. Pure
 * functions, unit-tested by flowbind_test.c.
 */
#ifndef PMIP6_USER_FLOWBIND_H
#define PMIP6_USER_FLOWBIND_H

#include <stdint.h>

#include "../mh/mh.h"

/*
 * The kernel's order (lower first, PMIP6_A_BCE_BID_PRI) of a BID option's
 * BID-PRI as received.  RFC 6089 5.2.1: a receiver "will take a BID-PRI
 * field of value zero as an indication that this is a BID option of the
 * format defined in [RFC5648]", which has no priority; so it is neither
 * refused nor the highest priority: it ranks last, with the lowest a
 * BID-PRI can say (127), the lower BID first among equals.  Others are
 * their own rank.
 */
uint8_t pmip6_bid_pri_rank(uint8_t bid_pri);

/*
 * NULL if the Flow Identification option fid may be acted on, else why
 * not.  RFC 6089 4.2: "FID = 0 is reserved and MUST NOT be used", and for
 * FID-PRI "Value '0' is reserved and MUST NOT be used".  No status is
 * named for either (5.3.2 names some for other faults), so the option is
 * dropped: not acted on, logged.
 */
const char *pmip6_fid_reserved(const struct mh_flow_id *fid);

#endif /* PMIP6_USER_FLOWBIND_H */
