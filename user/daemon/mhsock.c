// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Mobility Header socket: raw IPv6, next header 135 (RFC 6275 6.1).
 *
 * With CONFIG_IPV6_MIP6 the kernel computes the MH checksum on send and
 * verifies it, the Header Len and the Payload Proto on receive, for raw
 * sockets of this protocol; what reaches us has passed those checks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "pmipd.h"

int pmipd_mh_open(struct pmipd *d)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_addr = d->cfg.local_addr,
	};
	int one = 1, fd;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, MH_IPPROTO_MH);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0 ||
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

void pmipd_mh_receive(struct pmipd *d)
{
	uint8_t buf[MH_MAX_LEN + 64];
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	struct mh_decode_report why;
	struct mh_msg msg;

	for (int budget = 64; budget > 0; budget--) {
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
		ssize_t n;

		n = recvmsg(d->mh_fd, &mh, 0);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				pmipd_log(d, LOG_WARNING, "MH socket: %s", strerror(errno));
			return;
		}
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO)
				memcpy(&to, &((struct in6_pktinfo *)CMSG_DATA(c))->ipi6_addr,
				       sizeof(to));
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
		if (r != MH_OK) {
			d->stats.mh_rx_malformed++;
			pmipd_log(d, LOG_NOTICE, "dropped MH from %s: %s at octet %zu",
				  pmipd_addr(&from.sin6_addr, a), mh_strerror(r),
				  why.error_offset);
			continue;
		}
		/* RFC 5847: the same in both roles. */
		if (msg.kind == MH_MSG_HEARTBEAT)
			heartbeat_handle(d, &from.sin6_addr, &msg);
		else if (d->lma)
			lma_handle(d, &from.sin6_addr, &msg);
		else if (d->mag)
			mag_handle(d, &from.sin6_addr, &msg);
	}
}
