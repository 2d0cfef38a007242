// SPDX-License-Identifier: GPL-2.0-only
/*
 * RFC 6089 rules on received reserved values (flowbind.h).
 */
#include <linux/pmip6.h>

#include "flowbind.h"

uint8_t pmip6_bid_pri_rank(uint8_t bid_pri)
{
	return bid_pri ? bid_pri : PMIP6_BID_PRI_MAX;
}

const char *pmip6_fid_reserved(const struct mh_flow_id *fid)
{
	if (!fid->fid)
		return "FID 0 is reserved (RFC 6089 4.2)";
	if (!fid->priority)
		return "FID-PRI 0 is reserved (RFC 6089 4.2)";
	return NULL;
}
