// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the traffic selector library (TAP): every field and form
 * the command line takes survives parse -> RFC 6088 binary selector ->
 * Flow Identification option of an FMI on the wire -> decode -> back,
 * printed as it was written; bad values are refused naming the token.
 * pmip6_ts_to_mh() and pmip6_ts_from_mh() mirror each other field by
 * field, so a field one of them forgets shows up here as a difference.
 */
#include <stdio.h>
#include <string.h>

#include "selector.h"

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

/* Split text on blanks and feed the pairs to pmip6_ts_parse_kw(). */
static int parse(const char *text, struct pmip6_ts *ts, char *why)
{
	char buf[512], *save = NULL, *kw, *val;

	memset(ts, 0, sizeof(*ts));
	why[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", text);
	for (kw = strtok_r(buf, " ", &save); kw; kw = strtok_r(NULL, " ", &save)) {
		int rc;

		val = strtok_r(NULL, " ", &save);
		if (!val) {
			snprintf(why, PMIP6_WHYLEN, "'%s' needs a value", kw);
			return -1;
		}
		rc = pmip6_ts_parse_kw(ts, kw, val, why);
		if (rc == 1)
			snprintf(why, PMIP6_WHYLEN, "'%s' is not a selector keyword", kw);
		if (rc)
			return -1;
	}
	return 0;
}

/* An FMI carrying ts in its Flow Identification option, encoded, decoded. */
static int wire_round_trip(const struct mh_ts *in, struct mh_ts *out)
{
	static const char nai[] = "mn1@example.com";
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg msg, back;
	size_t len;

	mh_msg_init(&msg, MH_MSG_UPN);
	msg.upn.sequence = 7;
	msg.upn.reason = MH_UPN_REASON_FLOW_MOBILITY_ADD;
	msg.opts.present |= mh_opt_bit(MH_OPT_MN_ID);
	msg.opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	msg.opts.mn_id.len = sizeof(nai) - 1;
	memcpy(msg.opts.mn_id.id, nai, sizeof(nai) - 1);
	msg.opts.fid_count = 1;
	msg.opts.fid[0] = (struct mh_flow_id){ .fid = 1, .priority = 1, .bid_ref_count = 1,
					       .bid_refs = { 2 }, .has_ts = true, .ts = *in };
	if (mh_encode(&msg, buf, sizeof(buf), &len) != MH_OK ||
	    mh_decode(buf, len, 0, &back, NULL) != MH_OK || back.opts.fid_count != 1 ||
	    !back.opts.fid[0].has_ts)
		return -1;
	*out = back.opts.fid[0].ts;
	return 0;
}

/* text must come back from the wire printed exactly as expect. */
static void round_trip(const char *text, const char *expect)
{
	struct pmip6_ts ts, back;
	struct mh_ts mh, mh_back;
	char why[PMIP6_WHYLEN], printed[512], name[600];
	int rc;

	rc = parse(text, &ts, why);
	if (!rc) {
		pmip6_ts_to_mh(&ts, &mh);
		rc = wire_round_trip(&mh, &mh_back);
	}
	if (!rc)
		rc = pmip6_ts_from_mh(&mh_back, &back);
	printed[0] = '\0';
	if (!rc)
		pmip6_ts_str(&back, printed, sizeof(printed));
	snprintf(name, sizeof(name), "round trip: %s", text);
	ok(!rc && !strcmp(printed, expect), name);
	if (rc || strcmp(printed, expect))
		printf("# rc %d (%s), got '%s', want '%s'\n", rc, why, printed, expect);
}

static void bad(const char *text, const char *want)
{
	struct pmip6_ts ts;
	char why[PMIP6_WHYLEN], name[600];
	int rc = parse(text, &ts, why);

	snprintf(name, sizeof(name), "refused: %s (%s)", text, want);
	ok(rc && strstr(why, want), name);
	if (!rc || !strstr(why, want))
		printf("# rc %d, why '%s'\n", rc, why);
}

int main(void)
{
	struct pmip6_ts ts;
	struct mh_ts raw = { .format = 1 };

	/* Each field on its own, each form of it (printed as pmipctl prints). */
	round_trip("proto udp", "proto udp");
	round_trip("proto tcp dport 80", "proto tcp dport 80");
	round_trip("proto 1-17", "proto 1-17");
	round_trip("sport 5000-5010", "sport 5000-5010");
	round_trip("dport 65535", "dport 65535");
	round_trip("spi 0x1234", "spi 4660");
	round_trip("label 0xfffff", "label 0xfffff");
	round_trip("tclass 0x2e", "tclass 46");
	round_trip("src 2001:db8:1::/48", "src 2001:db8:1::/48");
	round_trip("dst 2001:db8::1", "dst 2001:db8::1");
	round_trip("dst 2001:db8::1-2001:db8::ff", "dst 2001:db8::1-2001:db8::ff");
	/* All of them at once: no field lost or swapped on the way. */
	round_trip("src 2001:db8:a::/64 dst 2001:db8:b::/64 proto udp sport 1-2 dport 3-4 "
		   "spi 0x5 label 0x6 tclass 0x7",
		   "src 2001:db8:a::/64 dst 2001:db8:b::/64 proto udp sport 1-2 dport 3-4 "
		   "spi 5 label 0x6 tclass 7");

	/* Refused, naming what was wrong. */
	bad("dport 65536", "dport");
	bad("dport 10-5", "dport");
	bad("label 0x100000", "label");
	bad("tclass 256", "tclass");
	bad("proto bogus", "bogus");
	bad("src 2001:db8::1/64", "src");
	bad("dst 2001:db8::ff-2001:db8::1", "dst");
	bad("dst not-an-address", "dst");
	bad("colour red", "not a selector keyword");

	/* A wire selector of another format (IPv4, RFC 6088 3.1) is refused. */
	ok(pmip6_ts_from_mh(&raw, &ts) == -1, "a format 1 (IPv4) selector is refused");

	/*
	 * RFC 6088 3.2: flow label fields hold 24-bit values; packets carry
	 * 20 bits.  A range reaching past 0xfffff keeps the labels up to it;
	 * one starting past it matches no packet and is refused.
	 */
	{
		struct mh_ts wide = { .format = MH_TS_FORMAT_IPV6_BINARY };

		wide.ipv6.present = MH_TS6_START_FLOW_LABEL | MH_TS6_END_FLOW_LABEL;
		wide.ipv6.flow_label_start = 0xabcde;
		wide.ipv6.flow_label_end = 0x123456;
		ok(!pmip6_ts_from_mh(&wide, &ts) && ts.flow_label.has_start &&
		   ts.flow_label.has_end && ts.flow_label.start == 0xabcde &&
		   ts.flow_label.end == PMIP6_FLOW_LABEL_MAX,
		   "a 24-bit flow label range is clipped to the 20-bit labels of packets");
		wide.ipv6.flow_label_start = 0x100000;
		ok(pmip6_ts_from_mh(&wide, &ts) == -1,
		   "a flow label range above 20 bits matches no packet: refused");
		wide.ipv6.present = MH_TS6_START_FLOW_LABEL;
		wide.ipv6.flow_label_start = 0xfffff;
		ok(!pmip6_ts_from_mh(&wide, &ts) && ts.flow_label.start == 0xfffff &&
		   !ts.flow_label.has_end, "flow label 0xfffff alone is one label");
	}

	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
