// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of lladdr.c (TAP): the Link-local Address option's values
 * (RFC 5213 8.7) and the LMA's generated addresses (5.3.6, RFC 5453).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lladdr.h"

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

static enum lladdr_kind kind(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		return (enum lladdr_kind)-1;
	return lladdr_classify(a.s6_addr);
}

static bool gen(const uint8_t iid[8], const char *want)
{
	struct in6_addr a, w;

	if (!want)
		return !lladdr_generate(iid, &a);
	return lladdr_generate(iid, &a) && inet_pton(AF_INET6, want, &w) == 1 &&
	       IN6_ARE_ADDR_EQUAL(&a, &w) && lladdr_classify(a.s6_addr) == LLADDR_LINK_LOCAL;
}

static bool other(const char *taken, const char *want)
{
	struct in6_addr t, o, w;

	inet_pton(AF_INET6, taken, &t);
	inet_pton(AF_INET6, want, &w);
	lladdr_other(&t, &o);
	return IN6_ARE_ADDR_EQUAL(&o, &w) && !IN6_ARE_ADDR_EQUAL(&o, &t) &&
	       lladdr_classify(o.s6_addr) == LLADDR_LINK_LOCAL;
}

int main(void)
{
	ok(kind("::") == LLADDR_ALL_ZERO, ":: is the query (RFC 5213 6.9.1.1 rule 9)");
	ok(kind("fe80::1") == LLADDR_LINK_LOCAL, "fe80::1 is link-local");
	ok(kind("fe80::200:5eff:fe10:1") == LLADDR_LINK_LOCAL, "an EUI-64 one too");
	ok(kind("febf::1") == LLADDR_LINK_LOCAL, "all of fe80::/10");
	ok(kind("fec0::1") == LLADDR_INVALID, "site-local (fec0::/10) is not");
	ok(kind("2001:db8::1") == LLADDR_INVALID, "a global address is not");
	ok(kind("ff02::1") == LLADDR_INVALID, "a multicast address is not");
	ok(kind("fe80::") == LLADDR_INVALID, "the Subnet-Router anycast address is not");
	ok(kind("::1") == LLADDR_INVALID, "loopback is not");

	ok(gen((const uint8_t[8]){ 0x8a, 0x31, 0, 0x42, 1, 2, 3, 4 }, "fe80::8a31:42:102:304"),
	   "fe80::/64 and the random identifier");
	ok(gen((const uint8_t[8]){ 0 }, NULL), "an all-zero identifier is drawn again");
	ok(gen((const uint8_t[8]){ 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80 }, NULL),
	   "a reserved subnet anycast identifier is drawn again (RFC 5453)");
	ok(gen((const uint8_t[8]){ 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	       "fe80::fdff:ffff:ffff:ff7f"), "just below them is fine");
	ok(gen((const uint8_t[8]){ 0x02, 0x00, 0x5e, 0xff, 0xfe, 0x00, 0x52, 0x13 }, NULL),
	   "Proxy Mobile IPv6's reserved identifier is drawn again (RFC 5453)");
	ok(gen((const uint8_t[8]){ 0x02, 0x00, 0x5e, 0xff, 0xfd, 0, 0, 1 },
	       "fe80::200:5eff:fd00:1"), "outside the IANA Ethernet block is fine");

	ok(other("fe80::8a31:42:102:304", "fe80::8a31:42:102:305"),
	   "another address when the MN has the LMA's (RFC 5213 6.9.1.2 rule 15)");
	ok(other("fe80::1", "fe80::3"), "never the all-zero identifier");
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
