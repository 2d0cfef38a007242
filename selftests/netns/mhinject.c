// SPDX-License-Identifier: GPL-2.0
/*
 * mhinject: send hand-made Mobility Header messages to a pmipd and print
 * what it answers, for the negative and load tests of pmipd: PBUs, raw
 * bytes, floods, Update Notifications (to a MAG), and localized routing messages (our MH type 11,
 * Documentation/localized-routing.md) to a MAG or an LMA, posing as a
 * peer.
 *
 *   mhinject FROM TO pbu [seq N] [lifetime S] [no-p] [no-mn-id] [mn-id NAI]
 *            [hnp P/64|zero|none] [hi N|none] [att N|none] [ll-id HEX]
 *            [timestamp now|old|far|past|none] [bid N] [wait SECONDS]
 *            (hnp repeats; wait: for the answer, default 1)
 *   mhinject FROM TO ro KIND hnp P/64 hnp P/64 [mag ADDR] [seq N]
 *            [status N] [lifetime S] [wait SECONDS]
 *            (KIND: 1..10 or trigger, init, setup, refresh, request;
 *            lifetime default 10)
 *   mhinject FROM TO upn REASON [seq N] [mn-id NAI] [flags a|d|ad|none]
 *            [wait SECONDS]       (RFC 7077 4.1; default seq 1, flags a)
 *   mhinject FROM TO raw HEX [wait SECONDS]
 *   mhinject FROM TO answer N K hnp P/64 [wait SECONDS]
 *   mhinject FROM TO flood JUNK VALID [mn-first K] [wait SECONDS]
 *
 * pbu prints "PBA status N seq N lifetime N hnp P/64..." for the answer;
 * raw prints the first PBA, or "BE status N home ADDR" for a Binding
 * Error; upn prints "UPA status N seq N"; ro prints the first RO message from TO (e.g. "RO Setup Ack
 * status N seq N lifetime N"); each prints "no answer" (exit 1) after the
 * wait.
 *
 * answer plays a slow LMA at FROM: it waits (up to the wait, default 30
 * s) for N PBUs from the MAG TO, then accepts the K-th of them (1..N)
 * with a PBA that carries its sequence number, lifetime and options and
 * the home network prefix P/64, and prints "answered PBU K of N: seq S";
 * as an LMA whose answer comes after the MAG's retransmission timer.
 *
 * flood sends JUNK junk messages with VALID valid PBUs spread evenly
 * among them (one after every JUNK/VALID junk), as fast as the socket
 * takes them, then prints "sent ..." and collects the answers for up to
 * the wait (default 10 s) after the last: one line per valid PBU
 * ("valid NAI seq N: PBA status S" or "...: no answer") and a summary;
 * exit 0 only if every valid PBU was accepted (status 0). The valid
 * PBUs register mnK@example.com, mn(K+1)@example.com, ... (K from
 * mn-first, default 1) with prefix ::/0 (the LMA assigns one), HI 1,
 * MN-LL-ID 02:00:00:00:KK:KK and a Timestamp taken as each is sent.
 * The junk cycles through what a hostile or broken peer sends:
 *   PBUs for unknown MNs (153), without the P flag (a MIPv6 home
 *   registration, 152), without MN-ID (160), replays of a valid MN's PBU
 *   with a 60 s old Timestamp (156); unknown MH types 99, 8, 21 and 0
 *   (a Binding Error, rate-limited); a PBU whose HNP option runs past
 *   the message and one with a Handoff Indicator of bad length
 *   (malformed, dropped); a PBA sent to the LMA (ignored).
 *
 * Exit 2 for a bad command line. Sends from FROM, which must be an
 * address of this namespace.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../user/mh/mh.h"

static int usage(const char *why)
{
	fprintf(stderr, "mhinject: %s\n", why);
	return 2;
}

static uint64_t ts_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return mh_timestamp((uint64_t)ts.tv_sec, (uint32_t)ts.tv_nsec);
}

/* Hex bytes, ':' separators allowed. */
static int hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = 0;

	while (*s) {
		unsigned int v;

		if (*s == ':') {
			s++;
			continue;
		}
		if (!s[1] || n == cap || sscanf(s, "%2x", &v) != 1)
			return -1;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	*len = n;
	return 0;
}

/* A PBU as a MAG sends it: A and P, MN-ID, HNP ::/0, HI 4, ATT 3, now. */
static void pbu_init(struct mh_msg *pbu, const char *nai)
{
	struct mh_options *o = &pbu->opts;

	mh_msg_init(pbu, MH_MSG_PBU);
	pbu->pbu.sequence = 1;
	pbu->pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
	pbu->pbu.lifetime_units = 10;
	o->present = mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
		     mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) | mh_opt_bit(MH_OPT_TIMESTAMP);
	o->mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	o->mn_id.len = (uint8_t)strlen(nai);
	memcpy(o->mn_id.id, nai, o->mn_id.len);
	o->handoff_indicator = MH_HI_UNKNOWN;
	o->access_tech_type = 3;
	o->timestamp = ts_now();
	o->hnp_count = 1;
	o->hnp[0].prefix_len = 0;
}

/* Print a PBA or a Binding Error; false for anything else. */
static bool print_answer(const struct mh_msg *m)
{
	char a[INET6_ADDRSTRLEN];

	if (m->kind == MH_MSG_BE) {
		printf("BE status %u home %s\n", m->be.status,
		       inet_ntop(AF_INET6, m->be.home_addr, a, sizeof(a)));
		return true;
	}
	if (m->kind != MH_MSG_PBA)
		return false;
	printf("PBA status %u seq %u lifetime %u", m->pba.status, m->pba.sequence,
	       m->pba.lifetime_units * 4u);
	for (unsigned int i = 0; i < m->opts.hnp_count; i++)
		printf(" hnp %s/%u", inet_ntop(AF_INET6, m->opts.hnp[i].prefix, a, sizeof(a)),
		       m->opts.hnp[i].prefix_len);
	printf("\n");
	return true;
}

/* A receive buffer for thousands of answers (CAP_NET_ADMIN passes rmem_max). */
static void big_rcvbuf(int fd)
{
	int size = 8 << 20;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

/* ------------------------------------------------------------------ */
/* flood                                                              */
/* ------------------------------------------------------------------ */

#define FLOOD_VALID_MAX 1000
#define FLOOD_JUNK_KINDS 8

struct flood {
	int fd;
	struct sockaddr_in6 to;
	unsigned int junk, valid, mn_first;
	int status[FLOOD_VALID_MAX];	/* -1 until answered */
	unsigned int answered, accepted;
	unsigned long pba, be, pba_status[256];
};

static const char *valid_nai(const struct flood *f, unsigned int k, char *buf, size_t len)
{
	snprintf(buf, len, "mn%u@example.com", f->mn_first + k);
	return buf;
}

/* Junk message number j into buf; its length. */
static size_t junk_build(const struct flood *f, unsigned int j, uint8_t *buf)
{
	static const uint8_t unknown_types[] = { 99, 8, 21, 0 };
	/* A BU whose HNP option claims 18 octets and has 2 (RFC 6275 6.2.1). */
	static const uint8_t hnp_past_end[] = { 0x3b, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x01,
						0x82, 0x00, 0x00, 0x0a, 0x16, 0x12, 0x00, 0x00 };
	/* A PBU with a Handoff Indicator of length 3 (RFC 5213 8.4: 2). */
	static const uint8_t hi_bad_length[] = { 0x3b, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x02,
						 0x82, 0x00, 0x00, 0x0a, 0x17, 0x03, 0x00, 0x01,
						 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
	struct mh_msg m;
	char nai[64];
	size_t len = 0;

	switch (j % FLOOD_JUNK_KINDS) {
	case 0:		/* an MN the LMA has no profile for: 153 */
		snprintf(nai, sizeof(nai), "intruder%u@example.net", j);
		pbu_init(&m, nai);
		break;
	case 1:		/* a MIPv6 home registration, no P flag: 152 */
		pbu_init(&m, valid_nai(f, j % (f->valid ? f->valid : 1), nai, sizeof(nai)));
		m.pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_H;
		break;
	case 2:		/* an MH type nobody here knows: Binding Error */
		memset(buf, 0, 16);
		buf[0] = MH_PAYLOAD_PROTO_NONE;
		buf[1] = 1;
		buf[2] = unknown_types[(j / FLOOD_JUNK_KINDS) % sizeof(unknown_types)];
		return 16;
	case 3:
		memcpy(buf, hnp_past_end, sizeof(hnp_past_end));
		return sizeof(hnp_past_end);
	case 4:
		memcpy(buf, hi_bad_length, sizeof(hi_bad_length));
		return sizeof(hi_bad_length);
	case 5:		/* no MN Identifier: 160 */
		pbu_init(&m, "x");
		m.opts.present &= ~mh_opt_bit(MH_OPT_MN_ID);
		break;
	case 6:		/* a valid MN's PBU replayed a minute late: 156 */
		pbu_init(&m, valid_nai(f, j % (f->valid ? f->valid : 1), nai, sizeof(nai)));
		m.opts.timestamp -= 60ull << 16;
		m.pbu.sequence = 7;
		break;
	default:	/* a PBA, the wrong way: ignored */
		mh_msg_init(&m, MH_MSG_PBA);
		m.pba.flags = MH_PBA_FLAG_P;
		m.pba.sequence = (uint16_t)j;
		break;
	}
	if (mh_encode(&m, buf, MH_MAX_LEN, &len) != MH_OK)
		return 0;
	return len;
}

static size_t valid_build(const struct flood *f, unsigned int k, uint8_t *buf)
{
	struct mh_msg m;
	char nai[64];
	size_t len = 0;
	unsigned int id = f->mn_first + k;

	pbu_init(&m, valid_nai(f, k, nai, sizeof(nai)));
	m.pbu.sequence = (uint16_t)(1000 + k);
	m.opts.handoff_indicator = MH_HI_NEW_INTERFACE;
	m.opts.present |= mh_opt_bit(MH_OPT_MN_LL_ID);
	m.opts.mn_ll_id.len = 6;
	memcpy(m.opts.mn_ll_id.id, (const uint8_t[]){ 2, 0, 0, 0, (uint8_t)(id >> 8),
						      (uint8_t)id }, 6);
	if (mh_encode(&m, buf, MH_MAX_LEN, &len) != MH_OK)
		return 0;
	return len;
}

/* Read what is queued (or wait up to wait_ms for one); false on timeout. */
static bool flood_read(struct flood *f, int wait_ms)
{
	uint8_t buf[MH_MAX_LEN];
	struct pollfd p = { .fd = f->fd, .events = POLLIN };
	struct mh_msg m;
	char nai[64];

	if (poll(&p, 1, wait_ms) <= 0)
		return false;
	for (;;) {
		struct sockaddr_in6 src;
		socklen_t sl = sizeof(src);
		ssize_t n = recvfrom(f->fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&src,
				     &sl);

		if (n < 0)
			return true;
		if (!IN6_ARE_ADDR_EQUAL(&src.sin6_addr, &f->to.sin6_addr) ||
		    mh_decode(buf, (size_t)n, 0, &m, NULL) != MH_OK)
			continue;
		if (m.kind == MH_MSG_BE) {
			f->be++;
			continue;
		}
		if (m.kind != MH_MSG_PBA)
			continue;
		f->pba++;
		f->pba_status[m.pba.status]++;
		if (!(m.opts.present & mh_opt_bit(MH_OPT_MN_ID)) || m.pba.sequence < 1000 ||
		    m.pba.sequence - 1000u >= f->valid)
			continue;
		valid_nai(f, m.pba.sequence - 1000u, nai, sizeof(nai));
		if (m.opts.mn_id.len != strlen(nai) || memcmp(m.opts.mn_id.id, nai, m.opts.mn_id.len) ||
		    f->status[m.pba.sequence - 1000u] >= 0)
			continue;
		f->status[m.pba.sequence - 1000u] = m.pba.status;
		f->answered++;
		f->accepted += m.pba.status == 0;
	}
}

static void send_one(struct flood *f, const uint8_t *buf, size_t len)
{
	if (len && sendto(f->fd, buf, len, 0, (struct sockaddr *)&f->to, sizeof(f->to)) < 0)
		perror("mhinject: sendto");
}

static int flood_run(struct flood *f, int wait_ms)
{
	uint8_t buf[MH_MAX_LEN];
	struct timespec t0, t1;
	unsigned int j = 0, per = f->valid ? f->junk / f->valid : f->junk;
	char nai[64];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned int k = 0; k < f->valid; k++) {
		for (unsigned int i = 0; i < per; i++, j++)
			send_one(f, buf, junk_build(f, j, buf));
		/* Stamped as it is sent: as a MAG would. */
		send_one(f, buf, valid_build(f, k, buf));
		flood_read(f, 0);
	}
	for (; j < f->junk; j++)
		send_one(f, buf, junk_build(f, j, buf));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sent %u junk and %u valid in %.2f s\n", f->junk, f->valid,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	fflush(stdout);
	while (f->answered < f->valid && flood_read(f, wait_ms))
		;
	/* What else is on its way, briefly: the counts are for the log. */
	while (flood_read(f, 200))
		;
	for (unsigned int k = 0; k < f->valid; k++) {
		valid_nai(f, k, nai, sizeof(nai));
		if (f->status[k] < 0)
			printf("valid %s seq %u: no answer\n", nai, 1000 + k);
		else
			printf("valid %s seq %u: PBA status %d\n", nai, 1000 + k, f->status[k]);
	}
	printf("valid accepted %u of %u; answers: %lu PBA (", f->accepted, f->valid, f->pba);
	for (int st = 0, first = 1; st < 256; st++)
		if (f->pba_status[st]) {
			printf("%s%lu x %d", first ? "" : ", ", f->pba_status[st], st);
			first = 0;
		}
	printf("), %lu BE\n", f->be);
	return f->accepted == f->valid ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* answer: a slow LMA                                                 */
/* ------------------------------------------------------------------ */

#define ANSWER_PBU_MAX 16

static int answer_run(int fd, const struct sockaddr_in6 *mag, unsigned int n, unsigned int k,
		      const struct mh_hnp *hnp, int wait_ms)
{
	static struct mh_msg pbus[ANSWER_PBU_MAX];
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg pba;
	size_t len = 0;
	unsigned int got = 0;
	const struct mh_msg *q;

	while (got < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_in6 src;
		socklen_t sl = sizeof(src);
		ssize_t r;

		if (poll(&p, 1, wait_ms) <= 0) {
			printf("no answer: %u PBUs of %u\n", got, n);
			return 1;
		}
		r = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&src, &sl);
		if (r < 0)
			return 1;
		if (IN6_ARE_ADDR_EQUAL(&src.sin6_addr, &mag->sin6_addr) &&
		    mh_decode(buf, (size_t)r, 0, &pbus[got], NULL) == MH_OK &&
		    pbus[got].kind == MH_MSG_PBU)
			got++;
	}
	q = &pbus[k - 1];
	mh_msg_init(&pba, MH_MSG_PBA);
	pba.pba.status = MH_PBA_ACCEPTED;
	pba.pba.flags = MH_PBA_FLAG_P;
	pba.pba.sequence = q->pbu.sequence;
	pba.pba.lifetime_units = q->pbu.lifetime_units;
	/* RFC 5213 5.3.6: the PBU's options, the prefix assigned. */
	pba.opts = q->opts;
	pba.opts.hnp_count = 1;
	pba.opts.hnp[0] = *hnp;
	if (mh_encode(&pba, buf, sizeof(buf), &len) != MH_OK)
		return usage("cannot encode the PBA");
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)mag, sizeof(*mag)) < 0) {
		perror("mhinject: sendto");
		return 1;
	}
	printf("answered PBU %u of %u: seq %u\n", k, n, q->pbu.sequence);
	return 0;
}

/* "P/LEN" into the message's next HNP option; -1 if it is not one. */
static int hnp_add(struct mh_options *o, const char *v)
{
	const char *sl = strchr(v, '/');
	char a[64];

	if (!sl || (size_t)(sl - v) >= sizeof(a) || o->hnp_count == MH_MAX_HNP)
		return -1;
	memcpy(a, v, (size_t)(sl - v));
	a[sl - v] = '\0';
	o->hnp[o->hnp_count] = (struct mh_hnp){ .prefix_len = (uint8_t)atoi(sl + 1) };
	if (inet_pton(AF_INET6, a, o->hnp[o->hnp_count].prefix) != 1)
		return -1;
	o->hnp_count++;
	return 0;
}

/* ro KIND key value...: argv[4] on. 0, or the usage() exit code. */
static int ro_build(int argc, char *argv[], struct mh_msg *m, int *wait_ms)
{
	static const char *const names[] = { "trigger", NULL, "init", NULL, "setup", NULL,
					     "refresh", NULL, "request", NULL };
	struct mh_options *o = &m->opts;
	char *end;
	long kind;

	if (argc < 5)
		return usage("ro needs a KIND");
	mh_msg_init(m, MH_MSG_RO);
	kind = strtol(argv[4], &end, 10);
	if (*end) {
		for (kind = 0; kind < 10 && (!names[kind] || strcmp(names[kind], argv[4])); kind++)
			;
		kind++;
	}
	if (kind < MH_RO_TRIGGER || kind > MH_RO_KIND_MAX)
		return usage("bad RO KIND");
	m->ro.kind = (uint8_t)kind;
	m->ro.sequence = 1;
	m->ro.lifetime_seconds = 10;
	for (int i = 5; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			return usage("a key needs a value");
		if (!strcmp(k, "hnp")) {
			if (hnp_add(o, v))
				return usage("bad hnp (P/LEN)");
		} else if (!strcmp(k, "mag")) {
			if (inet_pton(AF_INET6, v, o->mag_addr) != 1)
				return usage("bad mag address");
			o->mag_addr_len = 128;
			o->present |= mh_opt_bit(MH_OPT_MAG_IPV6_ADDR);
		} else if (!strcmp(k, "seq")) {
			m->ro.sequence = (uint16_t)atoi(v);
		} else if (!strcmp(k, "status")) {
			m->ro.status = (uint8_t)atoi(v);
		} else if (!strcmp(k, "lifetime")) {
			m->ro.lifetime_seconds = (uint16_t)atoi(v);
		} else if (!strcmp(k, "wait")) {
			*wait_ms = atoi(v) * 1000;
		} else {
			return usage("unknown key");
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct sockaddr_in6 from = { .sin6_family = AF_INET6 }, to = { .sin6_family = AF_INET6 };
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg pbu, pba;
	size_t len = 0;
	int fd, wait_ms = 1000;
	bool any_answer = false;
	unsigned int answer_n = 0, answer_k = 0;
	static struct flood f;

	if (argc < 4)
		return usage("usage: mhinject FROM TO pbu|raw|flood|ro ...");
	if (inet_pton(AF_INET6, argv[1], &from.sin6_addr) != 1 ||
	    inet_pton(AF_INET6, argv[2], &to.sin6_addr) != 1)
		return usage("bad FROM or TO address");

	if (!strcmp(argv[3], "flood")) {
		char *end;

		if (argc < 6)
			return usage("flood needs JUNK and VALID");
		f.junk = (unsigned int)strtoul(argv[4], &end, 10);
		if (*end)
			return usage("bad JUNK");
		f.valid = (unsigned int)strtoul(argv[5], &end, 10);
		if (*end || f.valid > FLOOD_VALID_MAX)
			return usage("bad VALID (at most 1000)");
		f.mn_first = 1;
		wait_ms = 10000;
		for (int i = 6; i + 1 < argc; i += 2) {
			if (!strcmp(argv[i], "mn-first"))
				f.mn_first = (unsigned int)atoi(argv[i + 1]);
			else if (!strcmp(argv[i], "wait"))
				wait_ms = atoi(argv[i + 1]) * 1000;
			else
				return usage("flood takes mn-first K and wait S");
		}
		if ((argc - 6) % 2)
			return usage("a key needs a value");
		for (unsigned int k = 0; k < f.valid; k++)
			f.status[k] = -1;
	} else if (!strcmp(argv[3], "raw")) {
		if ((argc != 5 && argc != 7) || hex(argv[4], buf, sizeof(buf), &len))
			return usage("raw needs one HEX string");
		if (argc == 7) {
			if (strcmp(argv[5], "wait"))
				return usage("raw takes wait S");
			wait_ms = atoi(argv[6]) * 1000;
		}
		any_answer = true;
	} else if (!strcmp(argv[3], "upn")) {
		struct mh_msg upn;

		if (argc < 5)
			return usage("upn needs a REASON");
		mh_msg_init(&upn, MH_MSG_UPN);
		upn.upn.reason = (uint16_t)atoi(argv[4]);
		upn.upn.sequence = 1;
		upn.upn.flags = MH_UPN_FLAG_A;
		for (int i = 5; i < argc; i += 2) {
			const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

			if (!v)
				return usage("a key without its value");
			if (!strcmp(k, "seq")) {
				upn.upn.sequence = (uint16_t)atoi(v);
			} else if (!strcmp(k, "mn-id")) {
				upn.opts.present |= mh_opt_bit(MH_OPT_MN_ID);
				upn.opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
				upn.opts.mn_id.len = (uint8_t)strlen(v);
				memcpy(upn.opts.mn_id.id, v, strlen(v));
			} else if (!strcmp(k, "flags")) {
				upn.upn.flags = (uint16_t)((strchr(v, 'a') ? MH_UPN_FLAG_A : 0) |
							   (strchr(v, 'd') ? MH_UPN_FLAG_D : 0));
			} else if (!strcmp(k, "wait")) {
				wait_ms = atoi(v) * 1000;
			} else {
				return usage("unknown key");
			}
		}
		if (mh_encode(&upn, buf, sizeof(buf), &len) != MH_OK)
			return usage("cannot encode that UPN");
	} else if (!strcmp(argv[3], "pbu")) {
		struct mh_options *o = &pbu.opts;
		bool hnp_given = false;

		pbu_init(&pbu, "");
		for (int i = 4; i < argc; i++) {
			const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

			if (!strcmp(k, "no-p")) {
				pbu.pbu.flags &= (uint16_t)~MH_PBU_FLAG_P;
				continue;
			}
			if (!strcmp(k, "no-mn-id")) {
				o->present &= ~mh_opt_bit(MH_OPT_MN_ID);
				continue;
			}
			if (!v)
				return usage("a key needs a value");
			i++;
			if (!strcmp(k, "seq")) {
				pbu.pbu.sequence = (uint16_t)atoi(v);
			} else if (!strcmp(k, "lifetime")) {
				pbu.pbu.lifetime_units = (uint16_t)(atoi(v) / 4);
			} else if (!strcmp(k, "mn-id")) {
				o->mn_id.len = (uint8_t)strlen(v);
				memcpy(o->mn_id.id, v, o->mn_id.len);
			} else if (!strcmp(k, "hnp")) {
				/* Repeatable; the first replaces the default zero. */
				if (!hnp_given)
					o->hnp_count = 0;
				hnp_given = true;
				if (!strcmp(v, "none"))
					continue;
				if (o->hnp_count == MH_MAX_HNP)
					return usage("too many hnp");
				if (!strcmp(v, "zero"))
					o->hnp[o->hnp_count++] = (struct mh_hnp){ 0 };
				else if (hnp_add(o, v))
					return usage("bad hnp (P/LEN)");
			} else if (!strcmp(k, "hi") || !strcmp(k, "att")) {
				uint64_t bit = mh_opt_bit(!strcmp(k, "hi") ? MH_OPT_HANDOFF_INDICATOR :
							 MH_OPT_ACCESS_TECH_TYPE);

				if (!strcmp(v, "none"))
					o->present &= ~bit;
				else if (!strcmp(k, "hi"))
					o->handoff_indicator = (uint8_t)atoi(v);
				else
					o->access_tech_type = (uint8_t)atoi(v);
			} else if (!strcmp(k, "ll-id")) {
				size_t n;

				if (hex(v, o->mn_ll_id.id, sizeof(o->mn_ll_id.id), &n))
					return usage("bad ll-id");
				o->mn_ll_id.len = (uint8_t)n;
				o->present |= mh_opt_bit(MH_OPT_MN_LL_ID);
			} else if (!strcmp(k, "timestamp")) {
				if (!strcmp(v, "none"))
					o->present &= ~mh_opt_bit(MH_OPT_TIMESTAMP);
				else if (!strcmp(v, "old"))
					o->timestamp = ts_now() - (60ull << 16);
				else if (!strcmp(v, "far"))
					o->timestamp = ts_now() + (60ull << 16);
				else if (!strcmp(v, "past"))	/* 5 s ago */
					o->timestamp = ts_now() - (5ull << 16);
			} else if (!strcmp(k, "wait")) {
				wait_ms = atoi(v) * 1000;
			} else if (!strcmp(k, "bid")) {
				o->bid_count = 1;
				o->bid[0].bid = (uint16_t)atoi(v);
			} else {
				return usage("unknown key");
			}
		}
		if (mh_encode(&pbu, buf, sizeof(buf), &len) != MH_OK)
			return usage("cannot encode that PBU");
	} else if (!strcmp(argv[3], "answer")) {
		char *end;

		wait_ms = 30000;
		if (argc < 8 || strcmp(argv[6], "hnp"))
			return usage("answer needs N K hnp P/64");
		answer_n = (unsigned int)strtoul(argv[4], &end, 10);
		if (*end || !answer_n || answer_n > ANSWER_PBU_MAX)
			return usage("bad N (1..16)");
		answer_k = (unsigned int)strtoul(argv[5], &end, 10);
		if (*end || !answer_k || answer_k > answer_n)
			return usage("bad K (1..N)");
		pbu.opts.hnp_count = 0;
		if (hnp_add(&pbu.opts, argv[7]))
			return usage("bad hnp (P/LEN)");
		if (argc == 10 && !strcmp(argv[8], "wait"))
			wait_ms = atoi(argv[9]) * 1000;
		else if (argc != 8)
			return usage("answer takes wait S");
	} else if (!strcmp(argv[3], "ro")) {
		int rc = ro_build(argc, argv, &pbu, &wait_ms);

		if (rc)
			return rc;
		if (mh_encode(&pbu, buf, sizeof(buf), &len) != MH_OK)
			return usage("cannot encode that RO message");
	} else {
		return usage("expected pbu, ro, raw, flood, upn or answer");
	}

	fd = socket(AF_INET6, SOCK_RAW, MH_IPPROTO_MH);
	if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0) {
		perror("mhinject: socket");
		return 1;
	}
	if (!strcmp(argv[3], "flood")) {
		f.fd = fd;
		f.to = to;
		big_rcvbuf(fd);
		return flood_run(&f, wait_ms);
	}
	if (answer_n)
		return answer_run(fd, &to, answer_n, answer_k, &pbu.opts.hnp[0], wait_ms);
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("mhinject: sendto");
		return 1;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_in6 src;
		socklen_t sl = sizeof(src);
		ssize_t n;

		if (poll(&p, 1, wait_ms) <= 0) {
			printf("no answer\n");
			return 1;
		}
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&src, &sl);
		if (n < 0)
			return 1;
		if (!IN6_ARE_ADDR_EQUAL(&src.sin6_addr, &to.sin6_addr) ||
		    mh_decode(buf, (size_t)n, 0, &pba, NULL) != MH_OK)
			continue;
		if (!strcmp(argv[3], "ro") && pba.kind == MH_MSG_RO) {
			printf("%s status %u seq %u lifetime %u\n", mh_ro_kind_name(pba.ro.kind),
			       pba.ro.status, pba.ro.sequence, pba.ro.lifetime_seconds);
			return 0;
		}
		if (pba.kind == MH_MSG_UPA) {
			printf("UPA status %u seq %u\n", pba.upa.status, pba.upa.sequence);
			return 0;
		}
		if (pba.kind != MH_MSG_PBA && !(any_answer && pba.kind == MH_MSG_BE))
			continue;
		print_answer(&pba);
		return 0;
	}
}
