// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: the steady probe flow of bench/flowmove.sh.
 *
 *   probe send DST PORT PPS STOPFILE   numbered datagrams until STOPFILE
 *                                      exists; the count goes to
 *                                      STOPFILE.sent
 *   probe recv PORT OUTFILE            one line per datagram until SIGTERM:
 *                                      "SEQ IFINDEX T S", T the kernel's
 *                                      receive time (SO_TIMESTAMPNS, s),
 *                                      S the sender's CLOCK_REALTIME just
 *                                      before it sent the datagram (s)
 *
 * A datagram is 64 octets: the sequence number (32 bits) and the send
 * time in ns (64 bits), both in network order, then padding. The sender
 * keeps an absolute schedule (CLOCK_MONOTONIC), so a late datagram does
 * not delay the ones after it. The probe's spacing bounds how precisely
 * a flow move is timed: the first datagram on the new path leaves up to
 * one spacing after the change. In C, a VM under emulation sends 10,000
 * and more per second, where an interpreter managed about 1,000.
 *
 * The receiver takes the arrival interface from IPV6_PKTINFO: on an MN
 * with one address on two interfaces, that is the path the packet took.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PROBE_LEN 64
/* How often the sender looks for STOPFILE, in datagrams. */
#define STOP_CHECK_EVERY 16

static volatile sig_atomic_t stop_rx;

static void on_term(int sig)
{
	(void)sig;
	stop_rx = 1;
}

static uint64_t ns_of(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int usage(void)
{
	fprintf(stderr, "usage: probe send DST PORT PPS STOPFILE\n"
			"       probe recv PORT OUTFILE\n");
	return 2;
}

static int port_of(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v == 0 || v > 65535) {
		fprintf(stderr, "probe: bad port '%s' (1..65535)\n", s);
		return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

static int send_probe(const char *dst, const char *port_s, const char *pps_s, const char *stop)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	uint8_t buf[PROBE_LEN];
	struct timespec next;
	uint64_t spacing_ns;
	uint32_t seq = 0;
	char *end;
	double pps;
	FILE *f;
	int fd;

	if (inet_pton(AF_INET6, dst, &sa.sin6_addr) != 1) {
		fprintf(stderr, "probe: bad IPv6 address '%s'\n", dst);
		return 2;
	}
	if (port_of(port_s, &sa.sin6_port))
		return 2;
	sa.sin6_port = htons(sa.sin6_port);
	pps = strtod(pps_s, &end);
	if (*pps_s == '\0' || *end != '\0' || !(pps >= 1 && pps <= 1000000)) {
		fprintf(stderr, "probe: bad rate '%s' (1..1000000 datagrams/s)\n", pps_s);
		return 2;
	}
	spacing_ns = (uint64_t)(1e9 / pps);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("probe: socket");
		return 1;
	}
	memset(buf, 'p', sizeof(buf));
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		uint32_t seq_be = htonl(seq);
		uint64_t sent_be;

		if (seq % STOP_CHECK_EVERY == 0 && access(stop, F_OK) == 0)
			break;
		sent_be = htobe64(ns_of(CLOCK_REALTIME));
		memcpy(buf, &seq_be, sizeof(seq_be));
		memcpy(buf + sizeof(seq_be), &sent_be, sizeof(sent_be));
		/* A datagram with no route yet (a move in progress) is just not sent. */
		(void)sendto(fd, buf, sizeof(buf), 0, (struct sockaddr *)&sa, sizeof(sa));
		seq++;
		next.tv_nsec += (long)spacing_ns;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	close(fd);
	{
		char path[4096];

		if (snprintf(path, sizeof(path), "%s.sent", stop) >= (int)sizeof(path)) {
			fprintf(stderr, "probe: path too long: %s\n", stop);
			return 1;
		}
		f = fopen(path, "w");
		if (!f || fprintf(f, "%u\n", seq) < 0 || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

struct rx_line {
	uint32_t seq;
	int ifindex;
	uint64_t rx_ns, sent_ns;
};

static int recv_probe(const char *port_s, const char *out)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	struct sigaction act = { .sa_handler = on_term };	/* no SA_RESTART */
	struct timeval tv = { .tv_usec = 200000 };
	size_t n = 0, cap = 1 << 16;
	struct rx_line *lines;
	int one = 1, rcvbuf = 8 << 20, fd;
	char path[4096];
	FILE *f;

	if (port_of(port_s, &sa.sin6_port))
		return 2;
	sa.sin6_port = htons(sa.sin6_port);
	lines = malloc(cap * sizeof(*lines));
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (!lines || fd < 0) {
		perror("probe");
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* A timeout, so that SIGTERM is seen while no datagram comes. */
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("probe: receive socket");
		return 1;
	}
	sigaction(SIGTERM, &act, NULL);
	if (snprintf(path, sizeof(path), "%s.ready", out) >= (int)sizeof(path)) {
		fprintf(stderr, "probe: path too long: %s\n", out);
		return 1;
	}
	f = fopen(path, "w");
	if (!f || fclose(f)) {
		perror(path);
		return 1;
	}
	while (!stop_rx) {
		union {
			struct cmsghdr align;
			uint8_t b[CMSG_SPACE(sizeof(struct timespec)) +
				  CMSG_SPACE(sizeof(struct in6_pktinfo))];
		} cbuf;
		uint8_t buf[2048];
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b),
		};
		struct rx_line l = { 0 };
		uint32_t seq_be;
		uint64_t sent_be;
		ssize_t len = recvmsg(fd, &mh, 0);

		if (len < 12)
			continue;	/* timeout, EINTR, or too short */
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(c), sizeof(ts));
				l.rx_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
			} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;

				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				l.ifindex = (int)pi.ipi6_ifindex;
			}
		}
		memcpy(&seq_be, buf, sizeof(seq_be));
		memcpy(&sent_be, buf + sizeof(seq_be), sizeof(sent_be));
		l.seq = ntohl(seq_be);
		l.sent_ns = be64toh(sent_be);
		if (n == cap) {
			struct rx_line *more = realloc(lines, 2 * cap * sizeof(*lines));

			if (!more) {
				perror("probe");
				return 1;
			}
			lines = more;
			cap *= 2;
		}
		lines[n++] = l;
	}
	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%u %d %llu.%09llu %llu.%09llu\n", lines[i].seq, lines[i].ifindex,
			(unsigned long long)(lines[i].rx_ns / 1000000000u),
			(unsigned long long)(lines[i].rx_ns % 1000000000u),
			(unsigned long long)(lines[i].sent_ns / 1000000000u),
			(unsigned long long)(lines[i].sent_ns % 1000000000u));
	free(lines);
	if (fclose(f)) {
		perror(out);
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 6 && !strcmp(argv[1], "send"))
		return send_probe(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return recv_probe(argv[2], argv[3]);
	return usage();
}
