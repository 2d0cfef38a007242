/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Traffic selectors (RFC 6088 3.2) in the command-line syntax pmipctl and
 * pmipd share: "src PFX/LEN dst ADDR-ADDR proto udp dport 5001-5002 ...".
 * Pure functions: parsing, printing, and conversion to and from the
 * Mobility Header codec's binary selector. No I/O, no globals.
 *
 * Each parser returns 0, or -1 with why[] (PMIP6_WHYLEN bytes) naming the
 * token and what was expected.
 */
#ifndef PMIP6_USER_SELECTOR_H
#define PMIP6_USER_SELECTOR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "genl.h"
#include "../mh/mh.h"

#define PMIP6_WHYLEN 256

/* A whole unsigned number, decimal or 0x-hex, within [min, max]. */
int pmip6_parse_num(const char *kw, const char *s, uint32_t min, uint32_t max,
		    uint32_t *out, char *why);
/* "N" (start only) or "N-M" with N <= M, each within [0, max]. */
int pmip6_parse_range(const char *kw, const char *s, uint32_t max,
		      struct pmip6_ts_range *r, char *why);
/* tcp, udp, icmpv6, N or N-M. */
int pmip6_parse_proto(const char *s, struct pmip6_ts_range *r, char *why);
bool pmip6_addr_parse(const char *s, struct in6_addr *a);
/* Set (ones) or clear the bits of a after the first plen. */
void pmip6_host_bits(struct in6_addr *a, unsigned int plen, bool ones);
/* "ADDR/LEN" with no host bits set. */
int pmip6_parse_prefix(const char *kw, const char *s, struct in6_addr *a,
		       unsigned int *plen, char *why);
/* src/dst: "PFX/LEN", "ADDR" or "ADDR-ADDR". */
int pmip6_parse_addr_range(const char *kw, const char *s, struct pmip6_ts_addr_range *r,
			   char *why);

/*
 * One "KEYWORD VALUE" pair of a selector (src, dst, proto, sport, dport,
 * spi, label, tclass) into ts. Returns 1 (ts untouched) when kw is not a
 * selector keyword, so callers can mix their own keywords in.
 */
int pmip6_ts_parse_kw(struct pmip6_ts *ts, const char *kw, const char *val, char *why);

/* The integer fields of a selector, in command-line order and spelling. */
struct pmip6_ts_int_field {
	const char *kw;
	size_t off;
	uint32_t max;
	bool hex;
};
#define PMIP6_TS_N_INTS 6
extern const struct pmip6_ts_int_field pmip6_ts_ints[PMIP6_TS_N_INTS];
const struct pmip6_ts_range *pmip6_ts_int(const struct pmip6_ts *ts, size_t i);

/* "src 2001:db8::/64 proto tcp dport 80", or "any": what the parser takes. */
void pmip6_ts_str(const struct pmip6_ts *ts, char *buf, size_t len);

/* The selector as an RFC 6088 IPv6 binary traffic selector (format 2). */
void pmip6_ts_to_mh(const struct pmip6_ts *ts, struct mh_ts *out);
/* And back; -1 when the wire selector is not format 2, or when it can
 * match no IPv6 packet (a flow label range that starts above the 20 bits
 * of the IPv6 flow label, RFC 6088 3.2). */
int pmip6_ts_from_mh(const struct mh_ts *in, struct pmip6_ts *ts);

#endif /* PMIP6_USER_SELECTOR_H */
