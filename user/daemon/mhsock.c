// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Mobility Header socket: raw IPv6, next header 135 (RFC 6275 6.1).
 *
 * With CONFIG_IPV6_MIP6 the kernel computes the MH checksum on send and
 * verifies it, the Header Len and the Payload Proto on receive, for raw
 * sockets of this protocol; what reaches us has passed those checks
 * (RFC 6275 9.2: bad checksum silently discarded, bad Payload Proto or a
 * Header Len short of the type's minimum answered with ICMP Parameter
 * Problem by the kernel itself).
 *
 * Each message comes with its arrival time (from SO_TIMESTAMPNS: when the
 * kernel received the packet), which the roles judge a Timestamp option
 * against (RFC 5213 5.5): a backlog in our socket is our delay, not the
 * sender's clock. An MH Type we do not know is answered with a Binding
 * Error (RFC 6275 9.2, 9.3.3); a Binding Error received is logged and
 * counted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "pmipd.h"

/*
 * Receive buffer: room for a burst of small messages (a PBU is ~100
 * octets, about 1.3 KiB of kernel memory each: some 6,000 messages) from
 * many MAGs at once, e.g. every MAG refreshing after an LMA restart, or
 * junk beside them: what overflows is lost before pmipd can judge it.
 * The kernel doubles the value; SO_RCVBUFFORCE (CAP_NET_ADMIN, which
 * pmipd has) passes net.core.rmem_max.
 */
#define MH_RCVBUF (4 << 20)

/*
 * RFC 6275 9.3.3: Binding Errors "SHOULD be subject to rate limiting in
 * the same manner as is done for ICMPv6 messages" (RFC 4443 2.4 (f), a
 * token bucket): at most BE_BURST at once, then one per BE_INTERVAL_MS,
 * over all destinations.
 */
#define BE_BURST 10
#define BE_INTERVAL_MS 100

/* Log lines about dropped or refused messages: a flood of them must not
 * become a flood of log lines. */
#define RX_LOG_BURST 10
#define RX_LOG_INTERVAL_MS 1000

int pmipd_mh_open(struct pmipd *d)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_addr = d->cfg.local_addr,
	};
	int one = 1, fd;

	int rcvbuf = MH_RCVBUF;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, MH_IPPROTO_MH);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	d->mh_fd = fd;
	return 0;
}

/* One pcap record with a correct checksum, so tshark checks it too. */
static void pcap_write(struct pmipd *d, const struct in6_addr *src,
		       const struct in6_addr *dst, const uint8_t *mh, size_t len)
{
	uint8_t copy[MH_MAX_LEN], rec[MH_PCAP_RECORD_OVERHEAD + MH_MAX_LEN];
	struct timeval tv;
	size_t n;

	if (!d->pcap || len > sizeof(copy) || len < 6)
		return;
	memcpy(copy, mh, len);
	mh_checksum_fill(src->s6_addr, dst->s6_addr, copy, len);
	gettimeofday(&tv, NULL);
	n = mh_pcap_record(rec, sizeof(rec), (uint32_t)tv.tv_sec, src->s6_addr,
			   dst->s6_addr, copy, len);
	if (n)
		fwrite(rec, 1, n, d->pcap);
	fflush(d->pcap);
}

/*
 * RFC 5213 4.0: signaling with an address that IPsec does not protect is
 * neither sent nor accepted (unless 'security insecure-lab'). Counted, and
 * logged at most every 5 s with the number of refusals in between.
 */
static bool refuse_unprotected(struct pmipd *d, const struct in6_addr *peer, bool tx,
			       const char *what)
{
	char a[INET6_ADDRSTRLEN];
	const char *why;
	uint64_t now;

	if (d->cfg.security == PMIPD_SECURITY_INSECURE_LAB || pmipd_xfrm_protected(d, peer, &why))
		return false;
	d->stats.mh_unprotected++;
	now = pmipd_now_ms();
	if (d->unprotected_log_ms && now - d->unprotected_log_ms < 5000) {
		d->unprotected_quiet++;
		return true;
	}
	pmipd_log(d, LOG_WARNING, "%s %s %s %s: %s (RFC 5213 4.0: signaling must be ESP-protected)%s",
		  tx ? "not sending" : "dropped", what, tx ? "to" : "from",
		  pmipd_addr(peer, a), why, d->unprotected_quiet ? "; more refusals not logged" : "");
	d->unprotected_log_ms = now ? now : 1;
	d->unprotected_quiet = 0;
	return true;
}

int pmipd_mh_send(struct pmipd *d, const struct in6_addr *dst, const struct mh_msg *msg)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = *dst };
	char a[INET6_ADDRSTRLEN];
	uint8_t buf[MH_MAX_LEN];
	enum mh_result r;
	size_t len;

	if (refuse_unprotected(d, dst, true, mh_msg_kind_name(msg->kind)))
		return -EPERM;
	r = mh_encode(msg, buf, sizeof(buf), &len);
	if (r != MH_OK) {
		d->stats.mh_tx_errors++;
		pmipd_log(d, LOG_ERR, "cannot encode %s for %s: %s",
			  mh_msg_kind_name(msg->kind), pmipd_addr(dst, a), mh_strerror(r));
		return -EINVAL;
	}
	if (sendto(d->mh_fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		d->stats.mh_tx_errors++;
		pmipd_log(d, LOG_WARNING, "sending %s to %s: %s",
			  mh_msg_kind_name(msg->kind), pmipd_addr(dst, a), strerror(e));
		return -e;
	}
	d->stats.mh_tx++;
	pcap_write(d, &d->cfg.local_addr, dst, buf, len);
	return 0;
}

/*
 * A log line about a message we drop, at most RX_LOG_BURST at once and
 * then one a second; the first line after a quiet spell says how many
 * were left out. Counters (pmipctl daemon stats) count them all.
 */
static void rx_log(struct pmipd *d, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void rx_log(struct pmipd *d, int prio, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!pmipd_ratelimit_take(&d->mh_rx_log, pmipd_now_ms(), RX_LOG_BURST,
				  RX_LOG_INTERVAL_MS)) {
		d->mh_rx_log_quiet++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (d->mh_rx_log_quiet)
		pmipd_log(d, prio, "%s (%llu similar lines left out before)", line,
			  (unsigned long long)d->mh_rx_log_quiet);
	else
		pmipd_log(d, prio, "%s", line);
	d->mh_rx_log_quiet = 0;
}

/*
 * RFC 6275 9.2: an MH Type we do not recognize: discard the message and
 * send a Binding Error, status 2, as 9.3.3 says: "directly to the address
 * that appeared in the IPv6 Source Address field", never when that is
 * not a unicast address, rate-limited. Its Home Address field is copied
 * from the offending packet's Home Address destination option, or the
 * unspecified address without one; it is always the unspecified address
 * here: the kernel discards a packet with a Home Address option unless a
 * MIPv6 route-optimization state (XFRM_MODE_ROUTEOPTIMIZATION) covers it
 * (net/ipv6/exthdrs.c, ipv6_dest_hao), and PMIPv6 installs none: the MN
 * takes no part in the signaling (RFC 5213 1).
 */
static void binding_error_send(struct pmipd *d, const struct in6_addr *to, uint8_t mh_type)
{
	char a[INET6_ADDRSTRLEN];
	struct mh_msg be;

	if (IN6_IS_ADDR_MULTICAST(to) || IN6_IS_ADDR_UNSPECIFIED(to)) {
		rx_log(d, LOG_NOTICE, "dropped MH type %u from %s: unknown type, no Binding Error to a source that is not unicast (RFC 6275 9.3.3)",
		       mh_type, pmipd_addr(to, a));
		return;
	}
	if (!pmipd_ratelimit_take(&d->be_limit, pmipd_now_ms(), BE_BURST, BE_INTERVAL_MS)) {
		d->stats.be_rate_limited++;
		return;
	}
	mh_msg_init(&be, MH_MSG_BE);
	be.be.status = MH_BE_STATUS_UNRECOGNIZED_MH_TYPE;
	/* be.be.home_addr stays :: (see above). */
	if (!pmipd_mh_send(d, to, &be))
		d->stats.be_tx++;
	rx_log(d, LOG_NOTICE, "dropped MH type %u from %s: unknown type; answered with a Binding Error, status 2 (RFC 6275 9.2)",
	       mh_type, pmipd_addr(to, a));
}

/*
 * RFC 6275 6.1.9, 11.3.6: a Binding Error says that the peer did not
 * understand a message of ours (status 2: its MH Type, e.g. an extension
 * it does not implement) or knows no binding for a Home Address option
 * (status 1, which PMIPv6 never sends). Neither changes a binding here:
 * the retransmission or lifetime timers handle a peer that does not
 * answer. It is logged (rate-limited: anyone can send one) and counted.
 */
static void binding_error_received(struct pmipd *d, const struct in6_addr *from,
				   const struct mh_msg *be)
{
	char a[INET6_ADDRSTRLEN], h[INET6_ADDRSTRLEN];
	struct in6_addr home;

	d->stats.be_rx++;
	memcpy(&home, be->be.home_addr, sizeof(home));
	rx_log(d, LOG_NOTICE, "Binding Error from %s: status %u (%s), home address %s",
	       pmipd_addr(from, a), be->be.status, mh_be_status_name(be->be.status),
	       pmipd_addr(&home, h));
	/* RFC 5847 3: a peer that does not know our Heartbeat Request. */
	if (be->be.status == MH_BE_STATUS_UNRECOGNIZED_MH_TYPE)
		heartbeat_unsupported(d, from);
}

/* CLOCK_REALTIME in ns as the kernel reads it: by the system call, which
 * no preloaded library interposes (libfaketime does on clock_gettime()). */
static int64_t kernel_realtime_ns(void)
{
	struct timespec ts;

	if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts) < 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * The ancillary data of a received message: the address it was sent to
 * (IPV6_PKTINFO), and when it arrived, as a Timestamp option value on
 * pmipd's own clock. The kernel stamps the packet on arrival
 * (SO_TIMESTAMPNS, CLOCK_REALTIME); its wait in our socket, measured on
 * the kernel's clock alone, is taken off pmipd's clock now. The two
 * clocks are one, except where a test skews the daemon's (libfaketime in
 * pmipd_e2e.sh): then the arrival follows the skewed clock, as every
 * other time pmipd reads does. Without a stamp, the arrival is now.
 */
static void rx_ancillary(struct msghdr *mh, struct in6_addr *to, uint64_t *arrival)
{
	int64_t wait_ns = 0;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			memcpy(to, &((struct in6_pktinfo *)CMSG_DATA(c))->ipi6_addr, sizeof(*to));
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			wait_ns = kernel_realtime_ns() - ((int64_t)ts.tv_sec * 1000000000 +
							  ts.tv_nsec);
		}
	}
	*arrival = pmipd_timestamp_now();
	if (wait_ns > 0)	/* 48.16 fixed point, as RFC 5213 8.8 */
		*arrival -= ((uint64_t)wait_ns / 1000000000u << 16) +
			    (((uint64_t)wait_ns % 1000000000u) << 16) / 1000000000u;
}

void pmipd_mh_receive(struct pmipd *d, unsigned int budget)
{
	uint8_t buf[MH_MAX_LEN + 64];
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			  CMSG_SPACE(sizeof(struct timespec))];
	} cbuf;
	struct mh_decode_report why;
	struct mh_msg msg;

	for (; budget > 0; budget--) {
		struct sockaddr_in6 from;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b),
		};
		struct in6_addr to = d->cfg.local_addr;
		char a[INET6_ADDRSTRLEN];
		enum mh_result r;
		uint64_t arrival;
		ssize_t n;

		n = recvmsg(d->mh_fd, &mh, 0);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				pmipd_log(d, LOG_WARNING, "MH socket: %s", strerror(errno));
			return;
		}
		rx_ancillary(&mh, &to, &arrival);
		d->stats.mh_rx++;
		if (refuse_unprotected(d, &from.sin6_addr, false, "a Mobility Header message"))
			continue;
		pcap_write(d, &from.sin6_addr, &to, buf, (size_t)n);

		/*
		 * Alignment is the sender's duty and some peers get Header Len
		 * wrong by a few octets (shared/protocol.md, interop notes):
		 * accept trailing octets, reject what is truly malformed.
		 */
		r = mh_decode(buf, (size_t)n, MH_DECODE_ALLOW_TRAILING, &msg, &why);
		if (r == MH_ERR_UNKNOWN_MH_TYPE) {
			d->stats.mh_rx_unknown_type++;
			binding_error_send(d, &from.sin6_addr, why.mh_type);
			continue;
		}
		if (r != MH_OK) {
			d->stats.mh_rx_malformed++;
			rx_log(d, LOG_NOTICE, "dropped MH from %s: %s at octet %zu",
			       pmipd_addr(&from.sin6_addr, a), mh_strerror(r),
			       why.error_offset);
			continue;
		}
		/* RFC 6275 9.2 and RFC 5847: the same in both roles. */
		if (msg.kind == MH_MSG_BE)
			binding_error_received(d, &from.sin6_addr, &msg);
		else if (msg.kind == MH_MSG_HEARTBEAT)
			heartbeat_handle(d, &from.sin6_addr, &msg);
		else if (d->lma)
			lma_handle(d, &from.sin6_addr, &msg, arrival);
		else if (d->mag)
			mag_handle(d, &from.sin6_addr, &msg, arrival);
	}
}
