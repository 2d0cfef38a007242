// SPDX-License-Identifier: GPL-2.0
/*
 * mhinject: send one hand-made Proxy Binding Update (or Update
 * Notification, or raw bytes) to an LMA (a MAG) and print the PBA (UPA)
 * it answers, for the negative tests of pmipd.
 *
 *   mhinject FROM TO pbu [seq N] [lifetime S] [no-p] [no-mn-id] [mn-id NAI]
 *            [hnp P/64|zero|none] [hi N|none] [att N|none] [ll-id HEX]
 *            [timestamp now|old|far|past|none] [bid N] [wait SECONDS]
 *            (hnp repeats; wait: for the answer, default 1)
 *   mhinject FROM TO upn REASON [seq N] [mn-id NAI] [flags a|d|ad|none]
 *            [wait SECONDS]       (RFC 7077 4.1; default seq 1, flags a)
 *   mhinject FROM TO raw HEX [wait SECONDS]
 *
 * Prints "PBA status N seq N lifetime N hnp P/64..." or "UPA status N seq
 * N" for the answer, or "no answer" (exit 1) after the wait. Exit 2 for a
 * bad command line. Sends from FROM, which must be an address of this
 * namespace.
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
		if ((argc != 5 && !(argc == 7 && !strcmp(argv[5], "wait"))) ||
		    hex(argv[4], buf, sizeof(buf), &len))
			return usage("raw needs one HEX string");
		if (argc == 7)
			wait_ms = atoi(argv[6]) * 1000;
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
	} else {
		return usage("expected pbu or raw");
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
		    mh_decode(buf, (size_t)n, 0, &pba, NULL) != MH_OK ||
		    (pba.kind != MH_MSG_PBA && pba.kind != MH_MSG_UPA))
			continue;
		if (pba.kind == MH_MSG_UPA) {
			printf("UPA status %u seq %u\n", pba.upa.status, pba.upa.sequence);
			return 0;
		}
		printf("PBA status %u seq %u lifetime %u", pba.pba.status, pba.pba.sequence,
		       pba.pba.lifetime_units * 4u);
		for (unsigned int i = 0; i < pba.opts.hnp_count; i++)
			printf(" hnp %s/%u", inet_ntop(AF_INET6, pba.opts.hnp[i].prefix, a, sizeof(a)),
			       pba.opts.hnp[i].prefix_len);
		printf("\n");
		return 0;
	}
}
