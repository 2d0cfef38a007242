// SPDX-License-Identifier: GPL-2.0
/*
 * mhinject: send one hand-made Proxy Binding Update (or raw bytes) to an
 * LMA and print the PBA it answers, for the negative tests of pmipd; or
 * one localized routing message (our MH type 11, Documentation/
 * localized-routing.md) to a MAG or an LMA, posing as a peer.
 *
 *   mhinject FROM TO pbu [seq N] [lifetime S] [no-p] [no-mn-id] [mn-id NAI]
 *            [hnp P/64|zero|none] [hi N|none] [att N|none] [ll-id HEX]
 *            [timestamp now|old|far|past|none] [bid N] [wait SECONDS]
 *            (hnp repeats; wait: for the answer, default 1)
 *   mhinject FROM TO ro KIND hnp P/64 hnp P/64 [mag ADDR] [seq N]
 *            [status N] [lifetime S] [wait SECONDS]
 *            (KIND: 1..10 or trigger, init, setup, refresh, request;
 *            lifetime default 10)
 *   mhinject FROM TO raw HEX
 *
 * Prints "PBA status N seq N lifetime N hnp P/64..." for the answer (to
 * ro: e.g. "RO Setup Ack status N seq N lifetime N", the first RO message
 * from TO), or "no answer" (exit 1) after the wait. Exit 2 for a bad command
 * line. Sends from FROM, which must be an address of this namespace.
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

/* "P/64" into an RO message's next HNP option. */
static int ro_hnp(struct mh_options *o, const char *v)
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
			if (ro_hnp(o, v))
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

	if (argc < 4)
		return usage("usage: mhinject FROM TO pbu|raw ...");
	if (inet_pton(AF_INET6, argv[1], &from.sin6_addr) != 1 ||
	    inet_pton(AF_INET6, argv[2], &to.sin6_addr) != 1)
		return usage("bad FROM or TO address");

	if (!strcmp(argv[3], "raw")) {
		if (argc != 5 || hex(argv[4], buf, sizeof(buf), &len))
			return usage("raw needs one HEX string");
	} else if (!strcmp(argv[3], "pbu")) {
		struct mh_options *o = &pbu.opts;
		bool hnp_given = false;

		mh_msg_init(&pbu, MH_MSG_PBU);
		pbu.pbu.sequence = 1;
		pbu.pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
		pbu.pbu.lifetime_units = 10;
		o->present = mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
			     mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) | mh_opt_bit(MH_OPT_TIMESTAMP);
		o->mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
		o->handoff_indicator = MH_HI_UNKNOWN;
		o->access_tech_type = 3;
		o->timestamp = ts_now();
		o->hnp_count = 1;
		o->hnp[0].prefix_len = 0;
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
				o->hnp[o->hnp_count] = (struct mh_hnp){ 0 };
				if (strcmp(v, "zero")) {
					char a[64];
					const char *sl = strchr(v, '/');

					if (!sl || (size_t)(sl - v) >= sizeof(a))
						return usage("hnp needs P/LEN");
					memcpy(a, v, (size_t)(sl - v));
					a[sl - v] = '\0';
					if (inet_pton(AF_INET6, a, o->hnp[o->hnp_count].prefix) != 1)
						return usage("bad hnp");
					o->hnp[o->hnp_count].prefix_len = (uint8_t)atoi(sl + 1);
				}
				o->hnp_count++;
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
	} else if (!strcmp(argv[3], "ro")) {
		int rc = ro_build(argc, argv, &pbu, &wait_ms);

		if (rc)
			return rc;
		if (mh_encode(&pbu, buf, sizeof(buf), &len) != MH_OK)
			return usage("cannot encode that RO message");
	} else {
		return usage("expected pbu, ro or raw");
	}

	fd = socket(AF_INET6, SOCK_RAW, MH_IPPROTO_MH);
	if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0) {
		perror("mhinject: socket");
		return 1;
	}
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("mhinject: sendto");
		return 1;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_in6 src;
		socklen_t sl = sizeof(src);
		char a[INET6_ADDRSTRLEN];
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
		if (pba.kind != MH_MSG_PBA)
			continue;
		printf("PBA status %u seq %u lifetime %u", pba.pba.status, pba.pba.sequence,
		       pba.pba.lifetime_units * 4u);
		for (unsigned int i = 0; i < pba.opts.hnp_count; i++)
			printf(" hnp %s/%u", inet_ntop(AF_INET6, pba.opts.hnp[i].prefix, a, sizeof(a)),
			       pba.opts.hnp[i].prefix_len);
		printf("\n");
		return 0;
	}
}
