// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MAG's access links at layer 2: who is on them, and which link is
 * there at all.
 *
 * An MN is recognized by the link-layer address its frames come from
 * (the 'mn NAI ll-id HEX' profiles), not by anything it writes in a
 * payload: a Router Solicitation's Source Link-Layer Address option that
 * differs from the frame's own source is dropped, counted and logged
 * (issue 16 item 5: any host could otherwise claim a victim's MAC).
 * Attachment (RFC 5213 6.9.1.1) is detected from the MN's first packets,
 * whatever they are: its RS, the Neighbor Solicitation of its Duplicate
 * Address Detection (RFC 4862 5.4), its MLD report (RFC 3810 5.2), or any
 * frame from a profile's link-layer address, so that an MN which sends no
 * RS, or whose RS arrives before pmipd is ready, is not missed.
 *
 * Cost: one AF_PACKET socket per access link with a classic BPF filter,
 * so that the kernel hands pmipd only (a) the Neighbor Discovery and MLD
 * messages (RS, NS, NA, MLDv1/v2 reports: a few per MN and minute), and
 * (b) the headers of frames from link-layer addresses that are not
 * "quiet" on that link. An MN bound on the link is quiet: its traffic,
 * the bulk of what an access link carries, never leaves the kernel. So
 * are addresses held down (a refused claim, a rejected or revoked
 * registration), for a while. Each frame costs O(1) in pmipd: a bounded
 * parse and a hash lookup of its source address.
 *
 * Links: rtnetlink link notifications tell at once when an access link
 * appears, goes down (administratively or loses its carrier) or is
 * deleted (or moved to another namespace). A link that goes reports its
 * MNs gone (RFC 5213 6.9.1.2), rather than at the next RA tick.
 *
 * Presence (mag.c asks): a unicast Neighbor Solicitation to the MN, as
 * RFC 4861 7.3.3 probes a neighbour in the PROBE state; any frame from
 * the MN on that link after it is the answer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "pmipd.h"

#define ACCESS_ND_SNAPLEN 256	/* ND/MLD: headers and the options */
#define ACCESS_HDR_SNAPLEN 96	/* other frames: Ethernet and IPv6 headers */
#define ACCESS_QUIET_MAX 32	/* per link: addresses the filter keeps out */
#define ACCESS_BPF_MAX (24 + 5 * ACCESS_QUIET_MAX)
#define ACCESS_BUDGET 64	/* frames per socket and round */
#define ACCESS_RCVBUF 65536	/* a flood is dropped in the kernel */
#define ACCESS_LOG_INTERVAL_MS 10000
#define ACCESS_NL_BUF 16384
#define ACCESS_EPOLL_NETLINK 0xffffffffu
#define UNTIL_BOUND 0		/* quiet while bound: ND/MLD still passes */
#define UNTIL_NEW_ATTACH UINT64_MAX	/* held until an RS or a carrier change */

/* RFC 4861 4.6.1; RFC 3810 5.2 (143) and RFC 2710 3 (131): MLD reports. */
#define ICMP6_MLDV1_REPORT 131
#define ICMP6_MLDV2_REPORT 143

struct access_quiet {
	uint8_t mac[ETH_ALEN];
	uint64_t until_ms;	/* UNTIL_BOUND, UNTIL_NEW_ATTACH or a deadline */
};

struct access_link {
	struct pmipd *d;
	const char *name;		/* the 'access' line */
	int ifindex;			/* 0: no such interface now */
	int fd;				/* AF_PACKET bound to it, or -1 */
	bool up;			/* administratively up, with carrier */
	uint8_t mac[ETH_ALEN];		/* ours on the link */
	unsigned int n_quiet;
	struct access_quiet quiet[ACCESS_QUIET_MAX];
	struct pmipd_timer expiry;	/* the earliest hold-down deadline */
};

struct pmipd_access {
	int epfd, nl_fd;
	unsigned int n_link;
	struct access_link link[PMIPD_CFG_ACCESS_MAX];
	uint64_t mismatch_log_ms, mismatch_quiet;
};

static struct access_link *link_by_ifindex(struct pmipd *d, int ifindex)
{
	for (unsigned int i = 0; ifindex > 0 && i < d->access->n_link; i++)
		if (d->access->link[i].ifindex == ifindex)
			return &d->access->link[i];
	return NULL;
}

static struct access_link *link_by_name(struct pmipd *d, const char *name)
{
	for (unsigned int i = 0; i < d->access->n_link; i++)
		if (!strcmp(d->access->link[i].name, name))
			return &d->access->link[i];
	return NULL;
}

/* ---- the filter ----------------------------------------------------------- */

struct bpf_prog_buf {
	struct sock_filter ins[ACCESS_BPF_MAX];
	unsigned int n;
};

static unsigned int emit(struct bpf_prog_buf *b, uint16_t code, uint8_t jt, uint8_t jf,
			 uint32_t k)
{
	b->ins[b->n] = (struct sock_filter){ code, jt, jf, k };
	return b->n++;
}

/* Point jump at (its jt, or its jf) to the next instruction to emit. */
static void land(struct bpf_prog_buf *b, unsigned int at, bool jt)
{
	uint8_t off = (uint8_t)(b->n - at - 1);

	if (jt)
		b->ins[at].jt = off;
	else
		b->ins[at].jf = off;
}

/*
 * Outgoing frames: dropped. IPv6 ICMPv6 (directly, or behind one
 * Hop-by-Hop header as MLD is, RFC 3810 5) RS, NS, NA and MLD reports:
 * passed whole (ACCESS_ND_SNAPLEN). Anything else: dropped when its
 * source is quiet on this link, else its headers are passed.
 */
static void filter_build(const struct access_link *l, struct bpf_prog_buf *b)
{
	static const uint32_t nd_types[] = {
		ND_ROUTER_SOLICIT, ND_NEIGHBOR_SOLICIT, ND_NEIGHBOR_ADVERT,
		ICMP6_MLDV2_REPORT, ICMP6_MLDV1_REPORT,
	};
	unsigned int to_quiet[8], n_to_quiet = 0, to_nd[8], n_to_nd = 0, out, hbh, icmp;

	b->n = 0;
	emit(b, BPF_LD | BPF_B | BPF_ABS, 0, 0, (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE));
	out = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, PACKET_OUTGOING);
	emit(b, BPF_LD | BPF_H | BPF_ABS, 0, 0, 12);			/* EtherType */
	to_quiet[n_to_quiet++] = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, ETH_P_IPV6);
	emit(b, BPF_LD | BPF_B | BPF_ABS, 0, 0, 14 + 6);		/* Next Header */
	icmp = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, IPPROTO_ICMPV6);
	land(b, icmp, false);
	to_quiet[n_to_quiet++] = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, IPPROTO_HOPOPTS);
	emit(b, BPF_LD | BPF_B | BPF_ABS, 0, 0, 14 + 40);		/* its Next Header */
	to_quiet[n_to_quiet++] = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, IPPROTO_ICMPV6);
	emit(b, BPF_LD | BPF_B | BPF_ABS, 0, 0, 14 + 41);		/* Hdr Ext Len */
	emit(b, BPF_ALU | BPF_LSH | BPF_K, 0, 0, 3);
	emit(b, BPF_MISC | BPF_TAX, 0, 0, 0);
	emit(b, BPF_LD | BPF_B | BPF_IND, 0, 0, 14 + 40 + 8);		/* ICMPv6 Type */
	hbh = emit(b, BPF_JMP | BPF_JA, 0, 0, 0);
	land(b, icmp, true);
	emit(b, BPF_LD | BPF_B | BPF_ABS, 0, 0, 14 + 40);		/* ICMPv6 Type */
	b->ins[hbh].k = b->n - hbh - 1;
	for (size_t i = 0; i < sizeof(nd_types) / sizeof(nd_types[0]); i++)
		to_nd[n_to_nd++] = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, nd_types[i]);
	to_quiet[n_to_quiet++] = emit(b, BPF_JMP | BPF_JA, 0, 0, 0);
	for (unsigned int i = 0; i < n_to_nd; i++)
		land(b, to_nd[i], true);
	emit(b, BPF_RET | BPF_K, 0, 0, ACCESS_ND_SNAPLEN);
	/* Not IPv6, not ICMPv6, not ND/MLD: is the source quiet? Five
	 * instructions per quiet source, all jumps local. */
	for (unsigned int i = 0; i < n_to_quiet; i++) {
		unsigned int at = to_quiet[i];

		if (BPF_OP(b->ins[at].code) == BPF_JA)
			b->ins[at].k = b->n - at - 1;
		else
			land(b, at, false);
	}
	for (unsigned int i = 0; i < l->n_quiet; i++) {
		const uint8_t *m = l->quiet[i].mac;

		emit(b, BPF_LD | BPF_H | BPF_ABS, 0, 0, 6);
		emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, (uint32_t)(m[0] << 8 | m[1]));
		emit(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, 8);
		emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1,
		     (uint32_t)m[2] << 24 | (uint32_t)m[3] << 16 | (uint32_t)m[4] << 8 | m[5]);
		emit(b, BPF_RET | BPF_K, 0, 0, 0);
	}
	emit(b, BPF_RET | BPF_K, 0, 0, ACCESS_HDR_SNAPLEN);
	land(b, out, true);
	emit(b, BPF_RET | BPF_K, 0, 0, 0);
}

_Static_assert(ACCESS_BPF_MAX <= BPF_MAXINSNS, "the filter fits the kernel's limit");
_Static_assert(5 * ACCESS_QUIET_MAX + 4 < 256, "BPF jumps are 8 bits");

static int filter_install(struct access_link *l)
{
	struct bpf_prog_buf b;
	struct sock_fprog prog;

	filter_build(l, &b);
	prog.len = (unsigned short)b.n;
	prog.filter = b.ins;
	/* Replaces the previous program atomically. */
	if (setsockopt(l->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0)
		return -errno;
	return 0;
}

/* ---- quiet and held-down sources ---------------------------------------- */

static struct access_quiet *quiet_find(struct access_link *l, const uint8_t *mac)
{
	for (unsigned int i = 0; i < l->n_quiet; i++)
		if (!memcmp(l->quiet[i].mac, mac, ETH_ALEN))
			return &l->quiet[i];
	return NULL;
}

static void quiet_changed(struct access_link *l)
{
	struct pmipd *d = l->d;
	uint64_t next = 0;
	int rc;

	for (unsigned int i = 0; i < l->n_quiet; i++) {
		uint64_t u = l->quiet[i].until_ms;

		if (u != UNTIL_BOUND && u != UNTIL_NEW_ATTACH && (!next || u < next))
			next = u;
	}
	if (next)
		pmipd_timer_arm(&d->timers, &l->expiry, next);
	else
		pmipd_timer_cancel(&d->timers, &l->expiry);
	if (l->fd >= 0 && (rc = filter_install(l))) {
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "access link %s: filter: %s", l->name, strerror(-rc));
	}
}

static void quiet_remove(struct access_link *l, unsigned int i)
{
	l->quiet[i] = l->quiet[--l->n_quiet];
}

static void expiry_timer(struct pmipd_timer *t)
{
	struct access_link *l = (struct access_link *)((char *)t -
						       offsetof(struct access_link, expiry));
	uint64_t now = pmipd_now_ms();

	for (unsigned int i = l->n_quiet; i-- > 0;) {
		uint64_t u = l->quiet[i].until_ms;

		if (u != UNTIL_BOUND && u != UNTIL_NEW_ATTACH && u <= now)
			quiet_remove(l, i);
	}
	quiet_changed(l);
}

/*
 * Set mac's entry on l (until_ms: UNTIL_BOUND, UNTIL_NEW_ATTACH or a
 * deadline). A full table makes room by dropping the hold-down that ends
 * first; bound MNs are never dropped (beyond ACCESS_QUIET_MAX of them on
 * one link, the others' frames merely reach pmipd).
 */
static void quiet_set(struct access_link *l, const uint8_t *mac, uint64_t until_ms,
		      bool may_evict)
{
	struct access_quiet *q = quiet_find(l, mac);

	if (!q && l->n_quiet == ACCESS_QUIET_MAX) {
		unsigned int victim = ACCESS_QUIET_MAX;

		for (unsigned int i = 0; may_evict && i < l->n_quiet; i++)
			if (l->quiet[i].until_ms != UNTIL_BOUND &&
			    (victim == ACCESS_QUIET_MAX ||
			     l->quiet[i].until_ms < l->quiet[victim].until_ms))
				victim = i;
		if (victim == ACCESS_QUIET_MAX)
			return;
		quiet_remove(l, victim);
	}
	if (!q) {
		q = &l->quiet[l->n_quiet++];
		memcpy(q->mac, mac, ETH_ALEN);
	} else if (q->until_ms == until_ms) {
		return;
	}
	q->until_ms = until_ms;
	quiet_changed(l);
}

void pmipd_access_quiet(struct pmipd *d, int ifindex, const uint8_t *mac)
{
	struct access_link *l = d->access ? link_by_ifindex(d, ifindex) : NULL;

	if (l)
		quiet_set(l, mac, UNTIL_BOUND, true);
}

void pmipd_access_hold(struct pmipd *d, int ifindex, const uint8_t *mac, uint32_t ms)
{
	struct access_link *l = d->access ? link_by_ifindex(d, ifindex) : NULL;

	if (l)
		quiet_set(l, mac, ms ? pmipd_now_ms() + ms : UNTIL_NEW_ATTACH, true);
}

void pmipd_access_release(struct pmipd *d, int ifindex, const uint8_t *mac)
{
	struct access_link *l = d->access ? link_by_ifindex(d, ifindex) : NULL;
	struct access_quiet *q = l ? quiet_find(l, mac) : NULL;

	/* A hold-down set as the MN went (a rejection, a revocation, the
	 * operator's detach) outlives it. */
	if (q && q->until_ms == UNTIL_BOUND) {
		quiet_remove(l, (unsigned int)(q - l->quiet));
		quiet_changed(l);
	}
}

/* ---- frames ------------------------------------------------------------- */

static const char *mac_str(const uint8_t *m, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
		 m[5]);
	return buf;
}

/* Offset of the ICMPv6 header in an IPv6 frame of n octets, or 0. */
static size_t icmp6_offset(const uint8_t *f, size_t n)
{
	size_t off = 14 + 40;

	if (f[14 + 6] == IPPROTO_ICMPV6)
		return off + 4 <= n ? off : 0;
	if (f[14 + 6] != IPPROTO_HOPOPTS || off + 8 > n || f[off] != IPPROTO_ICMPV6)
		return 0;
	off += ((size_t)f[off + 1] + 1) * 8;
	return off + 4 <= n ? off : 0;
}

/*
 * The Source Link-Layer Address option of an RS or NS (RFC 4861 4.1,
 * 4.3, 4.6.1), if any, must name the frame's own source: NULL when it
 * does (or is absent), else the address it claims.
 */
static const uint8_t *sllao_mismatch(const uint8_t *f, size_t n, size_t opts)
{
	while (opts + 2 <= n) {
		size_t olen = (size_t)f[opts + 1] * 8;

		if (!olen || opts + olen > n)
			return NULL;	/* malformed: the kernel's ndisc drops it too */
		if (f[opts] == ND_OPT_SOURCE_LINKADDR && olen >= 8 &&
		    memcmp(&f[opts + 2], f + ETH_ALEN, ETH_ALEN))
			return &f[opts + 2];
		opts += olen;
	}
	return NULL;
}

static void log_mismatch(struct access_link *l, const uint8_t *src, const uint8_t *claimed,
			 const char *what)
{
	struct pmipd_access *a = l->d->access;
	uint64_t now = pmipd_now_ms();
	char s[18], c[18];

	l->d->stats.l2_sllao_mismatch++;
	if (a->mismatch_log_ms && now - a->mismatch_log_ms < ACCESS_LOG_INTERVAL_MS) {
		a->mismatch_quiet++;
		return;
	}
	pmipd_log(l->d, LOG_WARNING, "%s on access link %s from %s claims link-layer address %s in its option: dropped (%llu more since the last report)",
		  what, l->name, mac_str(src, s), mac_str(claimed, c),
		  (unsigned long long)a->mismatch_quiet);
	a->mismatch_log_ms = now;
	a->mismatch_quiet = 0;
}

static void frame(struct access_link *l, const uint8_t *f, size_t n)
{
	struct pmipd *d = l->d;
	const uint8_t *src = f + ETH_ALEN, *claimed;
	struct pmipd_l2_frame s = { .ifindex = l->ifindex, .mac = src, .kind = "a frame" };
	const struct pmipd_mn_profile *p;
	struct access_quiet *q;

	/* A group address is never a frame's source (IEEE 802 I/G bit). */
	if (n < 14 || (src[0] & 1))
		return;
	d->stats.l2_rx++;
	if ((f[12] << 8 | f[13]) == ETH_P_IPV6 && n >= 14 + 40) {
		struct in6_addr ip_src, target;	/* copies: f has no alignment */
		size_t icmp = icmp6_offset(f, n);
		uint8_t type = icmp ? f[icmp] : 0;

		/* RFC 4861 6.1.1, 7.1.1: ND comes with hop limit 255. */
		bool nd = icmp && f[14 + 7] == 255 && f[14 + 6] == IPPROTO_ICMPV6;

		memcpy(&ip_src, f + 22, sizeof(ip_src));

		if (nd && type == ND_ROUTER_SOLICIT) {
			d->stats.rs_rx++;
			claimed = sllao_mismatch(f, n, icmp + 8);
			if (claimed) {
				log_mismatch(l, src, claimed, "Router Solicitation");
				return;
			}
			s.rs = true;
			s.kind = "Router Solicitation";
		} else if (nd && type == ND_NEIGHBOR_SOLICIT && icmp + 24 <= n) {
			s.kind = "Neighbor Solicitation";
			claimed = sllao_mismatch(f, n, icmp + 24);
			if (claimed) {
				log_mismatch(l, src, claimed, "Neighbor Solicitation");
				return;
			}
			/* RFC 4862 5.4.2: DAD names the tentative address. */
			memcpy(&target, f + icmp + 8, sizeof(target));
			if (IN6_IS_ADDR_UNSPECIFIED(&ip_src) && IN6_IS_ADDR_LINKLOCAL(&target)) {
				s.addr = target;
				s.has_addr = true;
				s.kind = "Duplicate Address Detection";
			}
		} else if (nd && type == ND_NEIGHBOR_ADVERT) {
			s.kind = "Neighbor Advertisement";
		} else if (type == ICMP6_MLDV2_REPORT || type == ICMP6_MLDV1_REPORT) {
			s.kind = "MLD report";
		}
		if (!IN6_IS_ADDR_UNSPECIFIED(&ip_src) && !IN6_IS_ADDR_MULTICAST(&ip_src)) {
			s.addr = ip_src;
			s.has_addr = true;
		}
	}
	p = pmipd_config_mn_by_ll_id(&d->cfg, src, ETH_ALEN);
	if (!p) {
		/* Not an MN of ours: keep its traffic in the kernel for a
		 * while, if there is room without evicting anyone. */
		d->stats.l2_strangers++;
		if (l->n_quiet < ACCESS_QUIET_MAX && !quiet_find(l, src))
			quiet_set(l, src, pmipd_now_ms() + d->cfg.hold_down_s * 1000ull, false);
		return;
	}
	q = quiet_find(l, src);
	if (q && q->until_ms != UNTIL_BOUND) {
		/* Held down. An RS after a revocation or an operator's
		 * detach is a new attachment (RFC 5213 6.9.1.1). */
		if (!(s.rs && q->until_ms == UNTIL_NEW_ATTACH))
			return;
		quiet_remove(l, (unsigned int)(q - l->quiet));
		quiet_changed(l);
	}
	mag_l2_frame(d, p, &s);
}

static void link_receive(struct access_link *l)
{
	uint8_t buf[ACCESS_ND_SNAPLEN];

	for (int budget = ACCESS_BUDGET; budget > 0 && l->fd >= 0; budget--) {
		ssize_t n = recv(l->fd, buf, sizeof(buf), MSG_TRUNC);

		if (n < 0)
			return;
		frame(l, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf));
	}
}

/* ---- links ---------------------------------------------------------------- */

static void link_close(struct access_link *l)
{
	if (l->fd >= 0) {
		epoll_ctl(l->d->access->epfd, EPOLL_CTL_DEL, l->fd, NULL);
		close(l->fd);
		l->fd = -1;
	}
	pmipd_timer_cancel(&l->d->timers, &l->expiry);
	l->n_quiet = 0;
}

static int link_open(struct access_link *l)
{
	struct pmipd *d = l->d;
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = l->ifindex,
	};
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)(l - d->access->link) };
	struct ifreq ifr = { 0 };
	int rcvbuf = ACCESS_RCVBUF, rc;

	/* Protocol 0: no frame arrives before the filter is in place. */
	l->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", l->name);
	if (ioctl(l->fd, SIOCGIFHWADDR, &ifr) < 0) {
		rc = -errno;
		goto fail;
	}
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		rc = -EPROTONOSUPPORT;
		goto fail;
	}
	memcpy(l->mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	rc = filter_install(l);
	if (rc)
		goto fail;
	if (bind(l->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    epoll_ctl(d->access->epfd, EPOLL_CTL_ADD, l->fd, &ev) < 0) {
		rc = -errno;
		goto fail;
	}
	return 0;
fail:
	close(l->fd);
	l->fd = -1;
	return rc;
}

/* The interface l named went away (deleted, moved, renamed). */
static void link_lost(struct access_link *l, const char *why)
{
	int ifindex = l->ifindex;

	pmipd_log(l->d, LOG_INFO, "access link %s (ifindex %d) %s", l->name, ifindex, why);
	link_close(l);
	l->ifindex = 0;
	l->up = false;
	mag_link_gone(l->d, ifindex);
}

static void link_fixed_ll(struct access_link *l);

static void link_flags(struct access_link *l, unsigned int flags)
{
	bool up = (flags & IFF_UP) && (flags & IFF_RUNNING);

	if (up == l->up)
		return;
	l->up = up;
	if (up)
		link_fixed_ll(l);
	/* A carrier change is a new attachment: the hold-downs that wait
	 * for one end (RFC 5213 6.9.1.1, 6.9.1.2). */
	for (unsigned int i = l->n_quiet; i-- > 0;)
		if (l->quiet[i].until_ms == UNTIL_NEW_ATTACH)
			quiet_remove(l, i);
	quiet_changed(l);
	pmipd_log(l->d, LOG_INFO, "access link %s (ifindex %d) is %s", l->name, l->ifindex,
		  up ? "up" : "down");
	if (!up)
		mag_link_gone(l->d, l->ifindex);
}

/*
 * RFC 5213 6.9.3, 9.3: in a domain with fixed MAG addresses, every access
 * link has them, whatever MN comes: the link-layer address
 * (FixedMAGLinkLayerAddressOnAllAccessLinks), set before the link's
 * socket reads it for its probes, and the link-local address
 * (FixedMAGLinkLocalAddressOnAllAccessLinks), added again each time the
 * link comes up (taking an interface down flushes its addresses).
 * Both stay when pmipd stops: the next one wants the same.
 */
static void link_fixed_mac(struct access_link *l)
{
	struct pmipd *d = l->d;
	struct ifreq ifr = { 0 };
	int fd, rc;

	if (!d->cfg.has_fixed_mag_mac)
		return;
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", l->name);
	if (fd >= 0 && !ioctl(fd, SIOCGIFHWADDR, &ifr) &&
	    !memcmp(ifr.ifr_hwaddr.sa_data, d->cfg.fixed_mag_mac, ETH_ALEN)) {
		close(fd);
		return;
	}
	if (fd >= 0)
		close(fd);
	rc = pmipd_rt_link_addr(d, l->ifindex, d->cfg.fixed_mag_mac);
	if (rc) {
		char m[18];

		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "access link %s: cannot set its link-layer address to %s ('fixed-mag-link-layer'): %s",
			  l->name, mac_str(d->cfg.fixed_mag_mac, m), strerror(-rc));
	}
}

static void link_fixed_ll(struct access_link *l)
{
	struct pmipd *d = l->d;
	int rc;

	if (!d->cfg.has_fixed_mag_ll)
		return;
	rc = pmipd_rt_addr(d, true, l->ifindex, &d->cfg.fixed_mag_ll);
	if (rc) {
		char a[INET6_ADDRSTRLEN];

		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "access link %s: cannot add %s ('fixed-mag-link-local'): %s",
			  l->name, pmipd_addr(&d->cfg.fixed_mag_ll, a), strerror(-rc));
	}
}

static void link_found(struct access_link *l, int ifindex, unsigned int flags)
{
	int rc;

	l->ifindex = ifindex;
	l->up = false;
	link_fixed_mac(l);
	link_fixed_ll(l);
	rc = link_open(l);
	if (rc) {
		l->d->stats.kernel_errors++;
		pmipd_log(l->d, LOG_ERR, "access link %s (ifindex %d): %s", l->name, ifindex,
			  strerror(-rc));
	}
	link_flags(l, flags);
}

/* Where every access link is now (at start, and after lost events). */
static void links_sync(struct pmipd *d)
{
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	for (unsigned int i = 0; i < d->access->n_link; i++) {
		struct access_link *l = &d->access->link[i];
		struct ifreq ifr = { 0 };
		int ifindex = (int)if_nametoindex(l->name);

		if (l->ifindex && l->ifindex != ifindex)
			link_lost(l, "is gone");
		if (!ifindex || fd < 0)
			continue;
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", l->name);
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
			continue;
		if (!l->ifindex)
			link_found(l, ifindex, (unsigned short)ifr.ifr_flags);
		else
			link_flags(l, (unsigned short)ifr.ifr_flags);
	}
	if (fd >= 0)
		close(fd);
}

static void link_event(struct pmipd *d, const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const char *name = NULL;
	struct access_link *l;
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));

	if (len < 0)
		return;
	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_IFNAME && RTA_PAYLOAD(a) > 0 &&
		    memchr(RTA_DATA(a), '\0', RTA_PAYLOAD(a)))
			name = RTA_DATA(a);
	l = link_by_ifindex(d, ifi->ifi_index);
	if (l && h->nlmsg_type == RTM_DELLINK)
		link_lost(l, "was deleted or left the namespace");
	else if (l && name && strcmp(name, l->name))
		link_lost(l, "was renamed");
	if (h->nlmsg_type != RTM_NEWLINK || !name)
		return;
	l = link_by_name(d, name);
	if (!l)
		return;
	if (l->ifindex && l->ifindex != ifi->ifi_index)
		link_lost(l, "was replaced");
	if (!l->ifindex)
		link_found(l, ifi->ifi_index, ifi->ifi_flags);
	else
		link_flags(l, ifi->ifi_flags);
}

_Static_assert(ACCESS_NL_BUF >= 8192, "a link notification fits");

static void netlink_receive(struct pmipd *d)
{
	uint8_t *buf = malloc(ACCESS_NL_BUF);

	for (int budget = ACCESS_BUDGET; buf && budget > 0; budget--) {
		ssize_t n = recv(d->access->nl_fd, buf, ACCESS_NL_BUF, 0);

		if (n < 0) {
			/* Notifications were lost: look at every link anew. */
			if (errno == ENOBUFS)
				links_sync(d);
			break;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK)
				link_event(d, h);
	}
	free(buf);
}

void pmipd_access_receive(struct pmipd *d)
{
	struct epoll_event ev[PMIPD_CFG_ACCESS_MAX + 1];
	int n = epoll_wait(d->access->epfd, ev, PMIPD_CFG_ACCESS_MAX + 1, 0);

	for (int i = 0; i < n; i++) {
		if (ev[i].data.u32 == ACCESS_EPOLL_NETLINK)
			netlink_receive(d);
		else if (ev[i].data.u32 < d->access->n_link)
			link_receive(&d->access->link[ev[i].data.u32]);
	}
}

/* ---- presence probes ---------------------------------------------------- */

static uint16_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Our link-local address on ifindex (RFC 4861 7.2.2: an NS comes from
 * one), or :: when it has none yet. */
static struct in6_addr our_link_local(int ifindex)
{
	struct in6_addr a = IN6ADDR_ANY_INIT;
	struct ifaddrs *ifa, *i;
	char name[IF_NAMESIZE];

	if (!if_indextoname((unsigned int)ifindex, name) || getifaddrs(&ifa) < 0)
		return a;
	for (i = ifa; i; i = i->ifa_next) {
		const struct sockaddr_in6 *s = (const void *)i->ifa_addr;

		if (s && s->sin6_family == AF_INET6 && !strcmp(i->ifa_name, name) &&
		    IN6_IS_ADDR_LINKLOCAL(&s->sin6_addr)) {
			a = s->sin6_addr;
			break;
		}
	}
	freeifaddrs(ifa);
	return a;
}

int pmipd_access_probe(struct pmipd *d, int ifindex, const uint8_t *mac,
		       const struct in6_addr *from, const struct in6_addr *target)
{
	struct access_link *l = d->access ? link_by_ifindex(d, ifindex) : NULL;
	uint8_t f[14 + 40 + 24 + 8] = { 0 }, pseudo[40];
	struct in6_addr src;
	uint8_t plen;
	uint16_t sum;

	if (!l || l->fd < 0 || !l->up)
		return -ENETDOWN;
	/* From the MN's router address when it has one (RFC 5213 6.8): the
	 * MN then only ever hears one address of ours. */
	src = from ? *from : our_link_local(ifindex);
	/* NS (RFC 4861 4.3): Target, and our link-layer address when we
	 * have a source address (an NS from :: must not carry it). */
	plen = IN6_IS_ADDR_UNSPECIFIED(&src) ? 24 : 32;
	/* Ethernet: to the MN's own address, not the solicited-node group. */
	memcpy(f, mac, ETH_ALEN);
	memcpy(f + 6, l->mac, ETH_ALEN);
	f[12] = ETH_P_IPV6 >> 8;
	f[13] = ETH_P_IPV6 & 0xff;
	/* IPv6: version 6, ICMPv6, hop limit 255 (RFC 4861 7.1.1). */
	f[14] = 0x60;
	f[14 + 5] = plen;
	f[14 + 6] = IPPROTO_ICMPV6;
	f[14 + 7] = 255;
	memcpy(f + 22, &src, 16);
	memcpy(f + 38, target, 16);
	f[54] = ND_NEIGHBOR_SOLICIT;
	memcpy(f + 54 + 8, target, 16);
	if (plen == 32) {
		f[78] = ND_OPT_SOURCE_LINKADDR;
		f[79] = 1;
		memcpy(f + 80, l->mac, ETH_ALEN);
	}
	/* RFC 4443 2.3: over the pseudo-header of RFC 8200 8.1. */
	memset(pseudo, 0, sizeof(pseudo));
	memcpy(pseudo, &src, 16);
	memcpy(pseudo + 16, target, 16);
	pseudo[35] = plen;
	pseudo[39] = IPPROTO_ICMPV6;
	sum = csum_add(csum_add(0, pseudo, sizeof(pseudo)), f + 54, plen);
	sum = (uint16_t)~sum;
	f[56] = (uint8_t)(sum >> 8);
	f[57] = (uint8_t)sum;
	if (send(l->fd, f, (size_t)(54 + plen), 0) < 0)
		return -errno;
	d->stats.nud_probes++;
	return 0;
}

bool pmipd_access_up(struct pmipd *d, int ifindex)
{
	struct access_link *l = d->access ? link_by_ifindex(d, ifindex) : NULL;

	return l && l->up;
}

/* ---- start and stop ----------------------------------------------------- */

int pmipd_access_open(struct pmipd *d)
{
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = ACCESS_EPOLL_NETLINK };
	struct pmipd_access *a = calloc(1, sizeof(*a));
	int rc;

	if (!a)
		return -ENOMEM;
	a->epfd = a->nl_fd = -1;
	d->access = a;
	for (unsigned int i = 0; i < d->cfg.n_access; i++) {
		struct access_link *l = &a->link[a->n_link++];

		l->d = d;
		l->name = d->cfg.access[i];
		l->fd = -1;
		pmipd_timer_init(&l->expiry, expiry_timer);
	}
	a->epfd = epoll_create1(EPOLL_CLOEXEC);
	a->nl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	if (a->epfd < 0 || a->nl_fd < 0 ||
	    bind(a->nl_fd, (struct sockaddr *)&snl, sizeof(snl)) < 0 ||
	    epoll_ctl(a->epfd, EPOLL_CTL_ADD, a->nl_fd, &ev) < 0) {
		rc = -errno;
		pmipd_access_close(d);
		return rc;
	}
	/* Subscribed first, then looked: no change falls in between. */
	links_sync(d);
	d->access_fd = a->epfd;
	return 0;
}

void pmipd_access_close(struct pmipd *d)
{
	struct pmipd_access *a = d->access;

	if (!a)
		return;
	for (unsigned int i = 0; i < a->n_link; i++)
		link_close(&a->link[i]);
	if (a->nl_fd >= 0)
		close(a->nl_fd);
	if (a->epfd >= 0)
		close(a->epfd);
	free(a);
	d->access = NULL;
	d->access_fd = -1;
}
