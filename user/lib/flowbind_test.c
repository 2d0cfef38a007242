// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the RFC 6089 reserved-value rules (TAP): BID-PRI 0 ranks
 * after every BID-PRI (5.2.1), FID 0 and FID-PRI 0 are dropped (4.2).
 */
#include <stdio.h>
#include <string.h>

#include <linux/pmip6.h>

#include "flowbind.h"

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

int main(void)
{
	struct mh_flow_id fid = { .fid = 7, .priority = 3 };
	const char *why;

	/* RFC 6089 5.2.1: BID-PRI 0 is an RFC 5648 BID, without priority. */
	ok(pmip6_bid_pri_rank(0) == PMIP6_BID_PRI_MAX,
	   "BID-PRI 0 (RFC 5648 format) ranks last");
	ok(pmip6_bid_pri_rank(1) < pmip6_bid_pri_rank(0) &&
	   pmip6_bid_pri_rank(126) < pmip6_bid_pri_rank(0),
	   "any BID-PRI ranks before an RFC 5648 BID");
	ok(pmip6_bid_pri_rank(1) == 1 && pmip6_bid_pri_rank(20) == 20 &&
	   pmip6_bid_pri_rank(PMIP6_BID_PRI_MAX) == PMIP6_BID_PRI_MAX,
	   "BID-PRI 1..127 are their own rank");

	/* RFC 6089 4.2: FID 0 and FID-PRI 0 "MUST NOT be used". */
	ok(!pmip6_fid_reserved(&fid), "FID 7, FID-PRI 3 may be used");
	fid.fid = 0;
	why = pmip6_fid_reserved(&fid);
	ok(why && strstr(why, "FID 0"), "FID 0 is dropped");
	fid.fid = 7;
	fid.priority = 0;
	why = pmip6_fid_reserved(&fid);
	ok(why && strstr(why, "FID-PRI 0"), "FID-PRI 0 is dropped");
	fid.fid = 0xffff;
	fid.priority = 0xffff;
	ok(!pmip6_fid_reserved(&fid), "FID 65535, FID-PRI 65535 may be used");

	printf("1..%d\n", n);
	printf("# %d passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
