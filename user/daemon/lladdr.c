// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MAG's link-local address on an MN's access link (RFC 5213 6.8):
 * what a Link-local Address option may carry, and how the LMA makes one.
 */
#include <string.h>

#include "lladdr.h"

/* fe80::/10 (RFC 4291 2.5.6), the interface identifier not all zero
 * (the Subnet-Router anycast address, 2.6.1, is nobody's to use). */
enum lladdr_kind lladdr_classify(const uint8_t addr[16])
{
	static const uint8_t zero[16];

	if (!memcmp(addr, zero, 16))
		return LLADDR_ALL_ZERO;
	if (addr[0] != 0xfe || (addr[1] & 0xc0) != 0x80 || !memcmp(addr + 8, zero, 8))
		return LLADDR_INVALID;
	return LLADDR_LINK_LOCAL;
}

/* RFC 5453 2: reserved interface identifiers: all zero (Subnet-Router
 * anycast), fdff:ffff:ffff:ff80-ffff (reserved subnet anycast), and the
 * block of the IANA Ethernet addresses, 0200:5eff:fe00:0-0200:5eff:feff:ffff
 * (Proxy Mobile IPv6's own, 0200:5eff:fe00:5213, among them). */
static bool iid_reserved(const uint8_t iid[8])
{
	static const uint8_t zero[8];
	static const uint8_t anycast[7] = { 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	return !memcmp(iid, zero, 8) ||
	       (!memcmp(iid, anycast, 7) && iid[7] >= 0x80) ||
	       (iid[0] == 0x02 && iid[1] == 0x00 && iid[2] == 0x5e && iid[3] == 0xff &&
		iid[4] == 0xfe);
}

bool lladdr_generate(const uint8_t iid[8], struct in6_addr *out)
{
	if (iid_reserved(iid))
		return false;
	memset(out, 0, sizeof(*out));
	out->s6_addr[0] = 0xfe;
	out->s6_addr[1] = 0x80;
	memcpy(&out->s6_addr[8], iid, 8);
	return true;
}

/*
 * The complement of the last octet's low bit: one step away, never the
 * taken address itself, never all zero (the taken one was a usable link-
 * local address, so at most one octet of its identifier changes).
 */
void lladdr_other(const struct in6_addr *taken, struct in6_addr *out)
{
	*out = *taken;
	out->s6_addr[15] ^= 0x01;
	if (lladdr_classify(out->s6_addr) != LLADDR_LINK_LOCAL)
		out->s6_addr[15] ^= 0x03;
}
