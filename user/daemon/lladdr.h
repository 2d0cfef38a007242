/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The MAG's link-local address on an MN's access link (RFC 5213 6.8,
 * 6.9.3, 8.7): pure helpers that both roles use, without I/O (unit
 * tested by lladdr_test.c).
 */
#ifndef PMIPD_LLADDR_H
#define PMIPD_LLADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

/* What a Link-local Address option (RFC 5213 8.7) carries. */
enum lladdr_kind {
	LLADDR_ALL_ZERO,	/* a query: "give me the session's" (6.9.1.1) */
	LLADDR_LINK_LOCAL,	/* a link-local unicast address: one to use */
	LLADDR_INVALID,		/* anything else: not an address a MAG can use */
};

enum lladdr_kind lladdr_classify(const uint8_t addr[16]);

/*
 * A link-local address for a new mobility session (RFC 5213 5.3.6: "the
 * local mobility anchor MUST generate the link-local address"; 6.8 leaves
 * the method open): fe80::/64 and the 64 random bits in iid, or false
 * when those make an interface identifier that RFC 5453 reserves (the
 * caller draws again). Random, not derived from the MN's identity: an
 * identifier on the access link that does not tell which MN is there.
 */
bool lladdr_generate(const uint8_t iid[8], struct in6_addr *out);

/*
 * RFC 5213 6.9.1.2 rule 15: the LMA's address is already the MN's own on
 * the link; another, derived from it (the caller uploads it to the LMA).
 */
void lladdr_other(const struct in6_addr *taken, struct in6_addr *out);

#endif /* PMIPD_LLADDR_H */
