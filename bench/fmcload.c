// SPDX-License-Identifier: GPL-2.0-only
/*
 * fmcload: program an LMA instance for the fast-path benchmark over
 * generic netlink, and time the kernel updates.
 *
 *   fmcload MNS FLOWS COA1 COA2 LMAA
 *
 * Sets this netns's instance to LMA (local LMAA), creates MNS mobile nodes
 * "mnK" (K = 0..MNS-1), each with two bindings sharing the prefix
 * 2001:db8:1:K::/64 (BID 1 -> COA1, BID 2 -> COA2, RFC 7864 3.2.1), then
 * FLOWS flow mobility cache entries spread over the MNs: entry i belongs
 * to mn(i % MNS) and selects UDP source port 10000 + i / MNS, alternately
 * on BID 1 and BID 2. Prints one line per phase:
 *
 *   bce N seconds S per_second R
 *   fmc N seconds S per_second R
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/pmip6.h>

#include "lib/genl.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void mn_id(struct pmip6_mn_id *id, unsigned long k)
{
	id->len = (size_t)snprintf((char *)id->id, sizeof(id->id), "mn%lu", k);
}

static unsigned long arg(const char *s, unsigned long max, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > max) {
		fprintf(stderr, "fmcload: invalid %s '%s' (expected 0..%lu)\n", what, s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char *argv[])
{
	char err[PMIP6_ERRLEN];
	struct in6_addr coa[2], lmaa;
	unsigned long mns, flows;
	struct pmip6_genl *h;
	double t;

	if (argc != 6) {
		fprintf(stderr, "usage: fmcload MNS FLOWS COA1 COA2 LMAA\n");
		return 2;
	}
	mns = arg(argv[1], 65535, "MNS");
	flows = arg(argv[2], 16000000, "FLOWS");
	if (!mns || inet_pton(AF_INET6, argv[3], &coa[0]) != 1 ||
	    inet_pton(AF_INET6, argv[4], &coa[1]) != 1 ||
	    inet_pton(AF_INET6, argv[5], &lmaa) != 1 || flows / mns > 55535) {
		fprintf(stderr, "fmcload: MNS >= 1, three IPv6 addresses, at most 55535 flows per MN\n");
		return 2;
	}
	if (pmip6_genl_open(&h, err, sizeof(err)) ||
	    pmip6_instance_set(h, PMIP6_ROLE_LMA, &lmaa, NULL, 0, err, sizeof(err))) {
		fprintf(stderr, "fmcload: %s\n", err);
		return 1;
	}
	t = now();
	for (unsigned long k = 0; k < mns; k++) {
		for (unsigned int b = 0; b < 2; b++) {
			struct pmip6_bce e = { .bid = (uint16_t)(b + 1), .att = 3, .n_hnp = 1 };

			mn_id(&e.mn, k);
			e.proxy_coa = coa[b];
			inet_pton(AF_INET6, "2001:db8:1::", &e.hnp[0].prefix);
			e.hnp[0].prefix.s6_addr[6] = (uint8_t)(k >> 8);
			e.hnp[0].prefix.s6_addr[7] = (uint8_t)k;
			e.hnp[0].len = 64;
			if (pmip6_bce_new(h, &e, err, sizeof(err))) {
				fprintf(stderr, "fmcload: binding %lu/%u: %s\n", k, b + 1, err);
				return 1;
			}
		}
	}
	t = now() - t;
	printf("bce %lu seconds %.3f per_second %.0f\n", 2 * mns, t, 2 * mns / t);
	t = now();
	for (unsigned long i = 0; i < flows; i++) {
		struct pmip6_fmc f = { .fid = (uint16_t)(i / mns + 1), .n_bid = 1 };

		mn_id(&f.mn, i % mns);
		f.fid_pri = f.fid;
		f.bid[0] = (uint16_t)(i % 2 + 1);
		f.ts.next_header = (struct pmip6_ts_range){ .has_start = true, .start = 17 };
		f.ts.src_port = (struct pmip6_ts_range){ .has_start = true,
							 .start = (uint32_t)(10000 + i / mns) };
		if (pmip6_fmc_new(h, &f, err, sizeof(err))) {
			fprintf(stderr, "fmcload: flow %lu: %s\n", i, err);
			return 1;
		}
	}
	t = now() - t;
	printf("fmc %lu seconds %.3f per_second %.0f\n", flows, t, flows ? flows / t : 0);
	pmip6_genl_close(h);
	return 0;
}
