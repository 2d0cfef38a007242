// SPDX-License-Identifier: GPL-2.0-only
/*
 * Traffic selectors in the command-line syntax (selector.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selector.h"

static const char *sel_addr_str(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* A whole unsigned number, decimal or 0x-hex, within [min, max]. */
int pmip6_parse_num(const char *kw, const char *s, uint32_t min, uint32_t max,
		     uint32_t *out, char *why)
{
	unsigned long long v;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	errno = 0;
	if (!*s || *s == '-' || *s == '+' || *s == ' ' ||
	    (v = strtoull(s, &end, base), errno) || *end || v < min || v > max) {
		snprintf(why, PMIP6_WHYLEN, "invalid %s '%s%s' (expected %" PRIu32 "..%" PRIu32 ")",
			 kw, base == 16 ? "0x" : "", s, min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* "N" (start only) or "N-M" with N <= M, each within [0, max]. */
int pmip6_parse_range(const char *kw, const char *s, uint32_t max,
		       struct pmip6_ts_range *r, char *why)
{
	char buf[64], expect[64];
	const char *dash = strchr(s, '-');

	snprintf(expect, sizeof(expect), max == PMIP6_FLOW_LABEL_MAX ?
		 "N or N-M within 0..0x%" PRIx32 : "N or N-M within 0..%" PRIu32, max);
	if (strlen(s) >= sizeof(buf) || !*s)
		goto bad;
	snprintf(buf, sizeof(buf), "%s", s);
	memset(r, 0, sizeof(*r));
	if (dash) {
		buf[dash - s] = '\0';
		if (pmip6_parse_num(kw, buf, 0, max, &r->start, why) ||
		    pmip6_parse_num(kw, buf + (dash - s) + 1, 0, max, &r->end, why))
			goto bad;
		if (r->end < r->start) {
			snprintf(why, PMIP6_WHYLEN, "invalid %s '%s' (range end below its start)", kw, s);
			return -1;
		}
		r->has_end = true;
	} else if (pmip6_parse_num(kw, buf, 0, max, &r->start, why)) {
		goto bad;
	}
	r->has_start = true;
	return 0;
bad:
	snprintf(why, PMIP6_WHYLEN, "invalid %s '%s' (expected %s)", kw, s, expect);
	return -1;
}

static const struct {
	const char *name;
	uint8_t value;
} protos[] = {
	{ "tcp", 6 }, { "udp", 17 }, { "icmpv6", 58 },
};

int pmip6_parse_proto(const char *s, struct pmip6_ts_range *r, char *why)
{
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		if (!strcmp(s, protos[i].name)) {
			memset(r, 0, sizeof(*r));
			r->has_start = true;
			r->start = protos[i].value;
			return 0;
		}
	}
	if (pmip6_parse_range("proto", s, 255, r, why)) {
		snprintf(why, PMIP6_WHYLEN,
			 "invalid proto '%s' (expected tcp, udp, icmpv6, N or N-M within 0..255)", s);
		return -1;
	}
	return 0;
}

bool pmip6_addr_parse(const char *s, struct in6_addr *a)
{
	return inet_pton(AF_INET6, s, a) == 1;
}

/* Set (ones) or clear the bits of a after the first plen. */
void pmip6_host_bits(struct in6_addr *a, unsigned int plen, bool ones)
{
	for (unsigned int i = 0; i < 16; i++) {
		unsigned int keep = plen > 8 * i ? (plen - 8 * i >= 8 ? 8 : plen - 8 * i) : 0;
		uint8_t mask = (uint8_t)(0xff >> keep);

		if (ones)
			a->s6_addr[i] |= mask;
		else
			a->s6_addr[i] &= (uint8_t)~mask;
	}
}

/* "ADDR/LEN" with no host bits set. */
int pmip6_parse_prefix(const char *kw, const char *s, struct in6_addr *a,
			unsigned int *plen, char *why)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	struct in6_addr masked;
	uint32_t len;

	if (!slash || strlen(s) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", s);
	buf[slash - s] = '\0';
	if (!pmip6_addr_parse(buf, a) || pmip6_parse_num(kw, slash + 1, 0, 128, &len, why))
		goto bad;
	masked = *a;
	pmip6_host_bits(&masked, len, false);
	if (memcmp(&masked, a, sizeof(masked))) {
		char m[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &masked, m, sizeof(m));
		snprintf(why, PMIP6_WHYLEN, "invalid %s '%s' (host bits set: did you mean %s/%" PRIu32 "?)",
			 kw, s, m, len);
		return -1;
	}
	*plen = len;
	return 0;
bad:
	snprintf(why, PMIP6_WHYLEN, "invalid %s '%s' (expected an IPv6 prefix ADDR/LEN)", kw, s);
	return -1;
}

/* src/dst: "PFX/LEN", "ADDR" or "ADDR-ADDR". */
int pmip6_parse_addr_range(const char *kw, const char *s, struct pmip6_ts_addr_range *r,
			    char *why)
{
	char buf[2 * INET6_ADDRSTRLEN + 2];
	const char *dash = strchr(s, '-');
	unsigned int plen;

	memset(r, 0, sizeof(*r));
	if (strchr(s, '/')) {
		if (pmip6_parse_prefix(kw, s, &r->start, &plen, why))
			return -1;
		r->has_start = true;
		r->end = r->start;
		pmip6_host_bits(&r->end, plen, true);
		/* A /128 is one address: START alone says so. */
		r->has_end = plen < 128;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", s);
	if (dash) {
		buf[dash - s] = '\0';
		if (!pmip6_addr_parse(buf, &r->start) || !pmip6_addr_parse(buf + (dash - s) + 1, &r->end))
			goto bad;
		if (memcmp(&r->end, &r->start, sizeof(r->end)) < 0) {
			snprintf(why, PMIP6_WHYLEN, "invalid %s '%s' (range end below its start)", kw, s);
			return -1;
		}
		r->has_end = true;
	} else if (!pmip6_addr_parse(buf, &r->start)) {
		goto bad;
	}
	r->has_start = true;
	return 0;
bad:
	snprintf(why, PMIP6_WHYLEN, "invalid %s '%s' (expected PREFIX/LEN, ADDR or ADDR-ADDR)", kw, s);
	return -1;
}

/* Bits after which a..b is exactly one prefix; -1 if it is not. */
static int range_prefix_len(const struct in6_addr *a, const struct in6_addr *b)
{
	for (int plen = 0; plen <= 128; plen++) {
		struct in6_addr lo = *a, hi = *a;

		pmip6_host_bits(&lo, (unsigned int)plen, false);
		pmip6_host_bits(&hi, (unsigned int)plen, true);
		if (!memcmp(&lo, a, 16) && !memcmp(&hi, b, 16))
			return plen;
	}
	return -1;
}

/* src/dst in the syntax they were given: PFX/LEN, ADDR or ADDR-ADDR. */
static void addr_range_str(const struct pmip6_ts_addr_range *r, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	int plen;

	sel_addr_str(&r->start, a);
	if (!r->has_end || !memcmp(&r->start, &r->end, 16)) {
		snprintf(buf, len, "%s", a);
		return;
	}
	plen = range_prefix_len(&r->start, &r->end);
	if (plen >= 0)
		snprintf(buf, len, "%s/%d", a, plen);
	else
		snprintf(buf, len, "%s-%s", a, sel_addr_str(&r->end, b));
}

static void range_str(const char *kw, const struct pmip6_ts_range *r, bool hex,
		      char *buf, size_t len)
{
	if (!strcmp(kw, "proto") && (!r->has_end || r->end == r->start)) {
		for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
			if (protos[i].value == r->start) {
				snprintf(buf, len, "%s", protos[i].name);
				return;
			}
		}
	}
	if (!r->has_end || r->end == r->start)
		snprintf(buf, len, hex ? "0x%" PRIx32 : "%" PRIu32, r->start);
	else
		snprintf(buf, len, hex ? "0x%" PRIx32 "-0x%" PRIx32 : "%" PRIu32 "-%" PRIu32,
			 r->start, r->end);
}

const struct pmip6_ts_int_field pmip6_ts_ints[PMIP6_TS_N_INTS] = {
	{ "proto",  offsetof(struct pmip6_ts, next_header),   255, false },
	{ "sport",  offsetof(struct pmip6_ts, src_port),      65535, false },
	{ "dport",  offsetof(struct pmip6_ts, dst_port),      65535, false },
	{ "spi",    offsetof(struct pmip6_ts, spi),           UINT32_MAX, false },
	{ "label",  offsetof(struct pmip6_ts, flow_label),    PMIP6_FLOW_LABEL_MAX, true },
	{ "tclass", offsetof(struct pmip6_ts, traffic_class), 255, false },
};

const struct pmip6_ts_range *pmip6_ts_int(const struct pmip6_ts *ts, size_t i)
{
	return (const void *)((const char *)ts + pmip6_ts_ints[i].off);
}

/* "src 2001:db8::/64 proto tcp dport 80", or "any". */
void pmip6_ts_str(const struct pmip6_ts *ts, char *buf, size_t len)
{
	char v[2 * INET6_ADDRSTRLEN + 2];
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < 2; i++) {
		const struct pmip6_ts_addr_range *r = i ? &ts->dst : &ts->src;

		if (!r->has_start)
			continue;
		addr_range_str(r, v, sizeof(v));
		used += (size_t)snprintf(buf + used, len - used, "%s%s %s", used ? " " : "",
					 i ? "dst" : "src", v);
	}
	for (size_t i = 0; i < PMIP6_TS_N_INTS && used < len; i++) {
		const struct pmip6_ts_range *r = pmip6_ts_int(ts, i);

		if (!r->has_start)
			continue;
		range_str(pmip6_ts_ints[i].kw, r, pmip6_ts_ints[i].hex, v, sizeof(v));
		used += (size_t)snprintf(buf + used, len - used, "%s%s %s", used ? " " : "",
					 pmip6_ts_ints[i].kw, v);
	}
	if (!used)
		snprintf(buf, len, "any");
}


int pmip6_ts_parse_kw(struct pmip6_ts *ts, const char *kw, const char *val, char *why)
{
	if (!strcmp(kw, "src"))
		return pmip6_parse_addr_range("src", val, &ts->src, why);
	if (!strcmp(kw, "dst"))
		return pmip6_parse_addr_range("dst", val, &ts->dst, why);
	if (!strcmp(kw, "proto"))
		return pmip6_parse_proto(val, &ts->next_header, why);
	for (size_t i = 1; i < PMIP6_TS_N_INTS; i++) {
		const struct pmip6_ts_int_field *f = &pmip6_ts_ints[i];

		if (!strcmp(kw, f->kw))
			return pmip6_parse_range(f->kw, val, f->max,
						 (struct pmip6_ts_range *)((char *)ts + f->off), why);
	}
	return 1;
}

/* Wire flags of each integer field's start, in pmip6_ts_ints order. */
static const uint16_t ts6_int_flag[PMIP6_TS_N_INTS] = {
	MH_TS6_START_NH, MH_TS6_START_SRC_PORT, MH_TS6_START_DST_PORT,
	MH_TS6_START_SPI, MH_TS6_START_FLOW_LABEL, MH_TS6_START_TC,
};

/*
 * RFC 6088 3.2: each field has a start and an end flag (the end flag is
 * the start flag >> 1); a start alone is one value.
 */
void pmip6_ts_to_mh(const struct pmip6_ts *ts, struct mh_ts *out)
{
	struct mh_ts_ipv6 *t = &out->ipv6;

	memset(out, 0, sizeof(*out));
	out->format = MH_TS_FORMAT_IPV6_BINARY;
	if (ts->src.has_start) {
		t->present |= MH_TS6_START_SRC_ADDR;
		memcpy(t->src_addr_start, &ts->src.start, 16);
		if (ts->src.has_end) {
			t->present |= MH_TS6_END_SRC_ADDR;
			memcpy(t->src_addr_end, &ts->src.end, 16);
		}
	}
	if (ts->dst.has_start) {
		t->present |= MH_TS6_START_DST_ADDR;
		memcpy(t->dst_addr_start, &ts->dst.start, 16);
		if (ts->dst.has_end) {
			t->present |= MH_TS6_END_DST_ADDR;
			memcpy(t->dst_addr_end, &ts->dst.end, 16);
		}
	}
	for (size_t i = 0; i < PMIP6_TS_N_INTS; i++) {
		const struct pmip6_ts_range *r = pmip6_ts_int(ts, i);
		uint32_t end = r->has_end ? r->end : r->start;

		if (!r->has_start)
			continue;
		t->present |= ts6_int_flag[i];
		if (r->has_end)
			t->present |= (uint16_t)(ts6_int_flag[i] >> 1);
		switch (ts6_int_flag[i]) {
		case MH_TS6_START_NH:
			t->next_header_start = (uint8_t)r->start;
			t->next_header_end = (uint8_t)end;
			break;
		case MH_TS6_START_SRC_PORT:
			t->src_port_start = (uint16_t)r->start;
			t->src_port_end = (uint16_t)end;
			break;
		case MH_TS6_START_DST_PORT:
			t->dst_port_start = (uint16_t)r->start;
			t->dst_port_end = (uint16_t)end;
			break;
		case MH_TS6_START_SPI:
			t->spi_start = r->start;
			t->spi_end = end;
			break;
		case MH_TS6_START_FLOW_LABEL:
			t->flow_label_start = r->start;
			t->flow_label_end = end;
			break;
		case MH_TS6_START_TC:
			t->tc_start = (uint8_t)r->start;
			t->tc_end = (uint8_t)end;
			break;
		}
	}
}

/*
 * RFC 6088 3.2: the selector's flow labels are 24-bit values (the codec
 * has dropped the first 8 bits of each field, as the receiver "SHOULD"),
 * compared "with flow labels in packets", which are 20 bits (RFC 6437):
 * the range keeps the labels a packet can carry, 0..PMIP6_FLOW_LABEL_MAX.
 * A start above that matches no packet: -1, the selector is not usable.
 */
static int flow_label_clip(struct pmip6_ts_range *r)
{
	if (r->start > PMIP6_FLOW_LABEL_MAX)
		return -1;
	if (r->has_end && r->end > PMIP6_FLOW_LABEL_MAX)
		r->end = PMIP6_FLOW_LABEL_MAX;
	return 0;
}

int pmip6_ts_from_mh(const struct mh_ts *in, struct pmip6_ts *ts)
{
	const struct mh_ts_ipv6 *t = &in->ipv6;

	memset(ts, 0, sizeof(*ts));
	if (in->format != MH_TS_FORMAT_IPV6_BINARY)
		return -1;
	ts->src.has_start = t->present & MH_TS6_START_SRC_ADDR;
	ts->src.has_end = t->present & MH_TS6_END_SRC_ADDR;
	memcpy(&ts->src.start, t->src_addr_start, 16);
	memcpy(&ts->src.end, t->src_addr_end, 16);
	ts->dst.has_start = t->present & MH_TS6_START_DST_ADDR;
	ts->dst.has_end = t->present & MH_TS6_END_DST_ADDR;
	memcpy(&ts->dst.start, t->dst_addr_start, 16);
	memcpy(&ts->dst.end, t->dst_addr_end, 16);
	for (size_t i = 0; i < PMIP6_TS_N_INTS; i++) {
		struct pmip6_ts_range *r = (struct pmip6_ts_range *)((char *)ts +
								     pmip6_ts_ints[i].off);
		uint16_t f = ts6_int_flag[i];

		r->has_start = t->present & f;
		r->has_end = t->present & (f >> 1);
		switch (f) {
		case MH_TS6_START_NH:
			r->start = t->next_header_start;
			r->end = t->next_header_end;
			break;
		case MH_TS6_START_SRC_PORT:
			r->start = t->src_port_start;
			r->end = t->src_port_end;
			break;
		case MH_TS6_START_DST_PORT:
			r->start = t->dst_port_start;
			r->end = t->dst_port_end;
			break;
		case MH_TS6_START_SPI:
			r->start = t->spi_start;
			r->end = t->spi_end;
			break;
		case MH_TS6_START_FLOW_LABEL:
			r->start = t->flow_label_start;
			r->end = t->flow_label_end;
			if (r->has_start && flow_label_clip(r))
				return -1;
			break;
		case MH_TS6_START_TC:
			r->start = t->tc_start;
			r->end = t->tc_end;
			break;
		}
		if (!r->has_start) {
			r->has_end = false;
			r->start = r->end = 0;
		} else if (!r->has_end) {
			r->end = 0;
		}
	}
	if (!ts->src.has_start)
		ts->src = (struct pmip6_ts_addr_range){ 0 };
	if (!ts->dst.has_start)
		ts->dst = (struct pmip6_ts_addr_range){ 0 };
	return 0;
}
