// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MAG's Router Advertisements on its access links, carrying exactly
 * the MN's on-link home network prefixes (RFC 5213 6.7: per-MN prefixes
 * on a point-to-point link; off-link prefixes of RFC 7864 4.1 are never
 * advertised). Router Solicitations come in at layer 2 (access.c), where
 * the frame's source address is known: this socket only sends.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pmipd.h"

#define RA_ROUTER_LIFETIME 1800		/* RFC 4861 6.2.1 AdvDefaultLifetime */
#define RA_MAX_PREFIXES 16

int pmipd_ndisc_open(struct pmipd *d)
{
	struct icmp6_filter filter;
	int hops = 255, fd;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);
	if (fd < 0)
		return -errno;
	ICMP6_FILTER_SETBLOCKALL(&filter);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	d->icmp_fd = fd;
	return 0;
}

static size_t link_addr(int ifindex, uint8_t mac[6])
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	size_t n = 0;

	if (fd < 0)
		return 0;
	if (if_indextoname((unsigned int)ifindex, ifr.ifr_name) &&
	    !ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
		n = 6;
	}
	close(fd);
	return n;
}

int pmipd_ndisc_send_ra(struct pmipd *d, int ifindex, const struct in6_addr *src,
			const struct in6_addr *dst, const struct in6_addr *prefix,
			unsigned int n_prefix, uint32_t lifetime)
{
	uint8_t pkt[16 + 8 + RA_MAX_PREFIXES * 32];
	struct nd_router_advert *ra = (struct nd_router_advert *)pkt;
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf = { 0 };
	struct iovec iov = { pkt, 0 };
	struct msghdr mh = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b),
	};
	struct cmsghdr *c;
	/*
	 * RFC 5213 6.8, 6.9.3: the source is the MN's router address, the
	 * same at every MAG (the session's, or the domain's fixed one). It
	 * is an address of the access interface (mag.c adds it), so the
	 * kernel takes it here; the kernel's own choice would be any of the
	 * interface's link-local addresses, another MN's included.
	 */
	struct in6_pktinfo pi = {
		.ipi6_ifindex = (unsigned int)ifindex,
		.ipi6_addr = src ? *src : (struct in6_addr)IN6ADDR_ANY_INIT,
	};
	size_t len = sizeof(*ra);
	uint8_t mac[6];

	if (n_prefix > RA_MAX_PREFIXES)
		n_prefix = RA_MAX_PREFIXES;
	memset(pkt, 0, sizeof(pkt));
	ra->nd_ra_type = ND_ROUTER_ADVERT;
	ra->nd_ra_curhoplimit = 64;
	ra->nd_ra_router_lifetime = htons(RA_ROUTER_LIFETIME);
	/* The interface's address: the domain's fixed one when there is
	 * one (access.c sets it, RFC 5213 9.3). */
	if (link_addr(ifindex, mac)) {
		pkt[len] = ND_OPT_SOURCE_LINKADDR;
		pkt[len + 1] = 1;
		memcpy(&pkt[len + 2], mac, 6);
		len += 8;
	}
	for (unsigned int i = 0; i < n_prefix; i++) {
		struct nd_opt_prefix_info *pi6 = (struct nd_opt_prefix_info *)&pkt[len];

		pi6->nd_opt_pi_type = ND_OPT_PREFIX_INFORMATION;
		pi6->nd_opt_pi_len = 4;
		pi6->nd_opt_pi_prefix_len = 64;
		pi6->nd_opt_pi_flags_reserved = ND_OPT_PI_FLAG_ONLINK | ND_OPT_PI_FLAG_AUTO;
		/* RFC 5213 6.7: prefix lifetimes not beyond the binding's. */
		pi6->nd_opt_pi_valid_time = htonl(lifetime);
		pi6->nd_opt_pi_preferred_time = htonl(lifetime);
		pi6->nd_opt_pi_prefix = prefix[i];
		len += sizeof(*pi6);
	}
	iov.iov_len = len;
	if (dst)
		sa.sin6_addr = *dst;
	else
		inet_pton(AF_INET6, "ff02::1", &sa.sin6_addr);
	sa.sin6_scope_id = (uint32_t)ifindex;
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (sendmsg(d->icmp_fd, &mh, 0) < 0)
		return -errno;
	d->stats.ra_tx++;
	return 0;
}
