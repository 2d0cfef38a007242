// SPDX-License-Identifier: GPL-2.0
/*
 * mh_test.c - unit tests of the Mobility Header codec (TAP output).
 *
 *   ./mh_test                 run the tests
 *   ./mh_test --pcap FILE     also write the valid vectors (checksummed)
 *                             as IPv6 packets into a pcap (tshark_check.sh)
 *   ./mh_test --pcap-ext FILE also write the messages stock tshark does not
 *                             dissect (all RO kinds, FMI/FMA, HI 6, FID),
 *                             then the hand-built vectors marked `lua`,
 *                             into a pcap (user/wireshark/check.sh)
 *   ./mh_test --corpus DIR    also write every vector into DIR, one file
 *                             each (seed corpus for mh_fuzz)
 *
 * The expected bytes below were laid out by hand from the RFC diagrams
 * (offsets in the comments), not captured from the encoder, so they pin
 * the wire layout.  Each ends with the final closing line
 * "# N passed, N failed".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mh.h"

/* ------------------------------------------------------------------ */
/* Tiny TAP harness                                                   */
/* ------------------------------------------------------------------ */

static int test_number;
static int tests_passed;
static int tests_failed;
static bool current_failed;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			current_failed = true;                               \
			printf("#   %s:%d: check failed: %s\n", __FILE__,    \
			       __LINE__, #cond);                             \
		}                                                            \
	} while (0)

#define CHECK_RESULT(got, want)                                              \
	do {                                                                 \
		enum mh_result got_ = (got), want_ = (want);                 \
		if (got_ != want_) {                                         \
			current_failed = true;                               \
			printf("#   %s:%d: got \"%s\", want \"%s\"\n",       \
			       __FILE__, __LINE__, mh_strerror(got_),        \
			       mh_strerror(want_));                          \
		}                                                            \
	} while (0)

static void finish(const char *name)
{
	test_number++;
	if (current_failed) {
		tests_failed++;
		printf("not ok %d - %s\n", test_number, name);
	} else {
		tests_passed++;
		printf("ok %d - %s\n", test_number, name);
	}
	current_failed = false;
}

static void dump_diff(const uint8_t *got, size_t got_len, const uint8_t *want,
		      size_t want_len)
{
	size_t n = got_len > want_len ? got_len : want_len;

	printf("#   got %zu octets, want %zu\n", got_len, want_len);
	for (size_t i = 0; i < n; i++) {
		int g = i < got_len ? got[i] : -1;
		int w = i < want_len ? want[i] : -1;

		if (g != w)
			printf("#   offset %zu: got %02x want %02x\n", i,
			       (unsigned)g & 0xff, (unsigned)w & 0xff);
	}
}

/* ------------------------------------------------------------------ */
/* Output files (pcap, corpus)                                        */
/* ------------------------------------------------------------------ */

static FILE *pcap_file;
static FILE *pcap_ext_file;
static const char *corpus_dir;
static unsigned corpus_count;
static uint32_t pcap_time = 1700000000;

/* 2001:db8:ff::2 (MAG) and 2001:db8:ff::1 (LMA): pcap addresses. */
static const uint8_t addr_mag[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0,
				      0, 0, 0, 0, 0, 0, 0, 0x02 };
static const uint8_t addr_lma[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0,
				      0, 0, 0, 0, 0, 0, 0, 0x01 };

static void save_corpus(const char *name, const uint8_t *bytes, size_t len)
{
	char path[512];
	FILE *f;

	if (!corpus_dir)
		return;
	snprintf(path, sizeof(path), "%s/%03u-%s", corpus_dir, corpus_count++,
		 name);
	for (char *p = path + strlen(corpus_dir) + 1; *p; p++)
		if (*p == ' ' || *p == '/')
			*p = '_';
	f = fopen(path, "wb");
	if (!f) {
		printf("# cannot write %s: %s\n", path, strerror(errno));
		return;
	}
	fwrite(bytes, 1, len, f);
	fclose(f);
}

static void save_pcap_to(FILE *file, const uint8_t *mh, size_t len)
{
	uint8_t packet[MH_MAX_LEN];
	uint8_t record[MH_PCAP_RECORD_OVERHEAD + MH_MAX_LEN];
	size_t n;

	if (!file || len > sizeof(packet))
		return;
	memcpy(packet, mh, len);
	mh_checksum_fill(addr_mag, addr_lma, packet, len);
	n = mh_pcap_record(record, sizeof(record), pcap_time++, addr_mag,
			   addr_lma, packet, len);
	fwrite(record, 1, n, file);
}

static void save_pcap(const uint8_t *mh, size_t len)
{
	save_pcap_to(pcap_file, mh, len);
}

/* ------------------------------------------------------------------ */
/* Vectors                                                            */
/* ------------------------------------------------------------------ */

#define NAI_MN1 'm', 'n', '1', '@', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', \
		'c', 'o', 'm'
/* 2001:db8:1::, 2001:db8:2:: */
#define PREFIX_1 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define PREFIX_2 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
/* fe80::1 */
#define LINK_LOCAL_1 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
/* 2001:db8:ff::2 (MAG), 2001:db8:ff::3 (second MAG) */
#define MAG_ADDR_2 0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2
#define MAG_ADDR_3 0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3
/* 2001:db8:1::10 */
#define HOST_1_10 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10

static const uint8_t nai_mn1[] = { NAI_MN1 };
static const uint8_t prefix_1[16] = { PREFIX_1 };
static const uint8_t prefix_2[16] = { PREFIX_2 };
static const uint8_t link_local_1[16] = { LINK_LOCAL_1 };
static const uint8_t mag_addr_2[16] = { MAG_ADDR_2 };
static const uint8_t mag_addr_3[16] = { MAG_ADDR_3 };
static const uint8_t host_1_10[16] = { HOST_1_10 };
static const uint8_t ll_id_1[6] = { 0x02, 0, 0, 0, 0, 0x01 };

/* PBU: seq 0x1234, A|P, lifetime 100 units; MN-ID, HNP, HI, ATT, LL-ID,
 * LLA, Timestamp. */
static const uint8_t vec_pbu[] = {
	/*  0 */ 0x3b, 0x0d, 0x05, 0x00, 0x00, 0x00,
	/*  6 */ 0x12, 0x34, 0x82, 0x00, 0x00, 0x64,
	/* 12 MN-ID, no alignment */ 0x08, 0x10, 0x01, NAI_MN1,
	/* 30 PadN to 8n+4 */ 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* 36 HNP */ 0x16, 0x12, 0x00, 0x40, PREFIX_1,
	/* 56 HI */ 0x17, 0x02, 0x00, 0x01,
	/* 60 ATT */ 0x18, 0x02, 0x00, 0x04,
	/* 64 LL-ID */ 0x19, 0x08, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x01,
	/* 74 PadN to 8n+6 */ 0x01, 0x02, 0x00, 0x00,
	/* 78 LLA */ 0x1a, 0x10, LINK_LOCAL_1,
	/* 96 PadN to 8n+2 */ 0x01, 0x00,
	/* 98 Timestamp */ 0x1b, 0x08, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x00,
	0x80, 0x00,
	/* 108 PadN to 8n */ 0x01, 0x02, 0x00, 0x00,
	/* 112 */
};

static void fill_pbu(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_PBU);
	m->pbu.sequence = 0x1234;
	m->pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
	m->pbu.lifetime_units = 100;
	m->opts.present = mh_opt_bit(MH_OPT_MN_ID) |
		mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
		mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) |
		mh_opt_bit(MH_OPT_MN_LL_ID) |
		mh_opt_bit(MH_OPT_LINK_LOCAL_ADDR) |
		mh_opt_bit(MH_OPT_TIMESTAMP);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
	m->opts.hnp_count = 1;
	m->opts.hnp[0].prefix_len = 64;
	memcpy(m->opts.hnp[0].prefix, prefix_1, 16);
	m->opts.handoff_indicator = MH_HI_NEW_INTERFACE;
	m->opts.access_tech_type = 4;
	m->opts.mn_ll_id.len = sizeof(ll_id_1);
	memcpy(m->opts.mn_ll_id.id, ll_id_1, sizeof(ll_id_1));
	memcpy(m->opts.link_local_addr, link_local_1, 16);
	m->opts.timestamp = (uint64_t)1700000000 << 16 | 0x8000;
}

/* PBA: accepted, P, seq 0x1234, lifetime 100; MN-ID, HNP, HI, ATT, TS. */
static const uint8_t vec_pba[] = {
	/*  0 */ 0x3b, 0x09, 0x06, 0x00, 0x00, 0x00,
	/*  6 */ 0x00, 0x20, 0x12, 0x34, 0x00, 0x64,
	/* 12 */ 0x08, 0x10, 0x01, NAI_MN1,
	/* 30 */ 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* 36 */ 0x16, 0x12, 0x00, 0x40, PREFIX_1,
	/* 56 */ 0x17, 0x02, 0x00, 0x01,
	/* 60 */ 0x18, 0x02, 0x00, 0x04,
	/* 64 */ 0x01, 0x00,
	/* 66 */ 0x1b, 0x08, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x00, 0x80, 0x00,
	/* 76 */ 0x01, 0x02, 0x00, 0x00,
	/* 80 */
};

static void fill_pba(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_PBA);
	m->pba.status = MH_PBA_ACCEPTED;
	m->pba.flags = MH_PBA_FLAG_P;
	m->pba.sequence = 0x1234;
	m->pba.lifetime_units = 100;
	m->opts.present = mh_opt_bit(MH_OPT_MN_ID) |
		mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
		mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) |
		mh_opt_bit(MH_OPT_TIMESTAMP);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
	m->opts.hnp_count = 1;
	m->opts.hnp[0].prefix_len = 64;
	memcpy(m->opts.hnp[0].prefix, prefix_1, 16);
	m->opts.handoff_indicator = MH_HI_NEW_INTERFACE;
	m->opts.access_tech_type = 4;
	m->opts.timestamp = (uint64_t)1700000000 << 16 | 0x8000;
}

/* BRI: trigger 1, seq 7, P; MN-ID, HNP. */
static const uint8_t vec_bri[] = {
	/*  0 */ 0x3b, 0x06, 0x10, 0x00, 0x00, 0x00,
	/*  6 */ 0x01, 0x01, 0x00, 0x07, 0x80, 0x00,
	/* 12 */ 0x08, 0x10, 0x01, NAI_MN1,
	/* 30 */ 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* 36 */ 0x16, 0x12, 0x00, 0x40, PREFIX_1,
	/* 56: already a multiple of 8, no trailing padding */
};

static void fill_bri(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_BRI);
	m->bri.trigger = 1;
	m->bri.sequence = 7;
	m->bri.flags = MH_BR_FLAG_P;
	m->opts.present = mh_opt_bit(MH_OPT_MN_ID);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
	m->opts.hnp_count = 1;
	m->opts.hnp[0].prefix_len = 64;
	memcpy(m->opts.hnp[0].prefix, prefix_1, 16);
}

/* BRA: success, seq 7, P; MN-ID. */
static const uint8_t vec_bra[] = {
	/*  0 */ 0x3b, 0x03, 0x10, 0x00, 0x00, 0x00,
	/*  6 */ 0x02, 0x00, 0x00, 0x07, 0x80, 0x00,
	/* 12 */ 0x08, 0x10, 0x01, NAI_MN1,
	/* 30 */ 0x01, 0x00,
	/* 32 */
};

static void fill_bra(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_BRA);
	m->bra.status = MH_BRA_STATUS_SUCCESS;
	m->bra.sequence = 7;
	m->bra.flags = MH_BR_FLAG_P;
	m->opts.present = mh_opt_bit(MH_OPT_MN_ID);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
}

/*
 * UPN (FMI add): seq 0x42, reason 8, A; MN-ID, off-link HNP.  RFC 7077
 * 4.1, Figure 3 (RFC 7864 4.2 uses it unchanged as the FMI):
 *
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |           Sequence #          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Notification Reason        |A|D|          Reserved         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * so octets 6-7 Sequence, 8-9 the 16-bit reason, 10 A (0x80) and D
 * (0x40), 11 Reserved; options start at 12.
 */
static const uint8_t vec_upn[] = {
	/*  0 */ 0x3b, 0x06, 0x13, 0x00, 0x00, 0x00,
	/*  6 Sequence # */ 0x00, 0x42,
	/*  8 Notification Reason 8 */ 0x00, 0x08,
	/* 10 A=1 D=0, Reserved */ 0x80, 0x00,
	/* 12 */ 0x08, 0x10, 0x01, NAI_MN1,
	/* 30 PadN to 8n+4 */ 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* 36 HNP, L flag */ 0x16, 0x12, 0x80, 0x40, PREFIX_2,
	/* 56 */
};

static void fill_upn(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_UPN);
	m->upn.sequence = 0x42;
	m->upn.reason = MH_UPN_REASON_FLOW_MOBILITY_ADD;
	m->upn.flags = MH_UPN_FLAG_A;
	m->opts.present = mh_opt_bit(MH_OPT_MN_ID);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
	m->opts.hnp_count = 1;
	m->opts.hnp[0].off_link = true;
	m->opts.hnp[0].prefix_len = 64;
	memcpy(m->opts.hnp[0].prefix, prefix_2, 16);
}

/*
 * UPN FORCE-REREGISTRATION (RFC 7077 4.1, reason 1) as an LMA sends it to
 * ask a MAG whether its MN is still there: seq 0x1234, A; MN-ID.  Octets
 * from Figure 3 (see vec_upn): 6-7 Sequence #, 8-9 Notification Reason
 * (16 bits), 10 |A|D| + 6 reserved bits, 11 Reserved; MN-ID at 12 (RFC
 * 4283 3: no alignment), then PadN to 8n (RFC 6275 6.2.3).
 */
static const uint8_t vec_upn_force_rereg[] = {
	/*  0 Payload Proto, Header Len 3, MH Type 19, Reserved, Checksum */
	0x3b, 0x03, 0x13, 0x00, 0x00, 0x00,
	/*  6 Sequence # */ 0x12, 0x34,
	/*  8 Notification Reason 1 */ 0x00, 0x01,
	/* 10 A=1 D=0, Reserved */ 0x80, 0x00,
	/* 12 MN-ID (NAI) */ 0x08, 0x10, 0x01, NAI_MN1,
	/* 30 PadN */ 0x01, 0x00,
	/* 32 */
};

static void fill_upn_force_rereg(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_UPN);
	m->upn.sequence = 0x1234;
	m->upn.reason = MH_UPN_REASON_FORCE_REREGISTRATION;
	m->upn.flags = MH_UPN_FLAG_A;
	m->opts.present = mh_opt_bit(MH_OPT_MN_ID);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
}

/* UPA (FMA): seq 0x42, MN not attached (132, RFC 7864); MN-ID, off-link
 * HNP.  RFC 7077 4.2: Sequence (16), Status (8), Reserved (24). */
static const uint8_t vec_upa[] = {
	/*  0 */ 0x3b, 0x06, 0x14, 0x00, 0x00, 0x00,
	/*  6 seq, status, rsvd */ 0x00, 0x42, 0x84, 0x00, 0x00, 0x00,
	/* 12 */ 0x08, 0x10, 0x01, NAI_MN1,
	/* 30 PadN to 8n+4 */ 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* 36 */ 0x16, 0x12, 0x80, 0x40, PREFIX_2,
	/* 56 */
};

static void fill_upa(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_UPA);
	m->upa.sequence = 0x42;
	m->upa.status = MH_UPA_STATUS_MN_NOT_ATTACHED;
	m->opts.present = mh_opt_bit(MH_OPT_MN_ID);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
	m->opts.hnp_count = 1;
	m->opts.hnp[0].off_link = true;
	m->opts.hnp[0].prefix_len = 64;
	memcpy(m->opts.hnp[0].prefix, prefix_2, 16);
}

/*
 * Heartbeat (RFC 5847 3.3, Figure 2: Reserved (14) |U|R| after the
 * checksum, then the 32-bit Sequence Number, then options) and the Restart
 * Counter option (3.4, Figure 3: Type 28, Length 4, a 32-bit counter,
 * aligned 4n+2).  Octet by octet from the figures.
 */
/* A response (R) without the option, seq 0x01020304. */
static const uint8_t vec_heartbeat[] = {
	/*  0 */ 0x3b, 0x01, 0x0d, 0x00, 0x00, 0x00,
	/*  6 */ 0x00, 0x01, 0x01, 0x02, 0x03, 0x04,
	/* 12 */ 0x01, 0x02, 0x00, 0x00,
	/* 16 */
};

static void fill_heartbeat(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_HEARTBEAT);
	m->heartbeat.flags = MH_HEARTBEAT_FLAG_R;
	m->heartbeat.sequence = 0x01020304;
}

/*
 * Binding Error (RFC 6275 6.1.9), laid out from the Figure there: Status
 * and Reserved at 6, the 128-bit Home Address at 8, no options, so 24
 * octets and "the Header Len field will be set to 2".  Status 2
 * (unrecognized MH Type value) with the unspecified address, as pmipd
 * sends it (9.3.3: no Home Address option in the offending packet).
 */
static const uint8_t vec_be_unrecognized[] = {
	/*  0 */ 0x3b, 0x02, 0x07, 0x00, 0x00, 0x00,
	/*  6 status, rsvd */ 0x02, 0x00,
	/*  8 home address :: */ 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	/* 24 */
};

static void fill_be_unrecognized(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_BE);
	m->be.status = MH_BE_STATUS_UNRECOGNIZED_MH_TYPE;
}

/* Binding Error status 1 (unknown binding for Home Address destination
 * option) naming the home address 2001:db8:1::10. */
static const uint8_t vec_be_hao[] = {
	/*  0 */ 0x3b, 0x02, 0x07, 0x00, 0x00, 0x00,
	/*  6 */ 0x01, 0x00,
	/*  8 */ HOST_1_10,
	/* 24 */
};

static void fill_be_hao(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_BE);
	m->be.status = MH_BE_STATUS_UNKNOWN_BINDING_HAO;
	memcpy(m->be.home_addr, host_1_10, 16);
}

/* A request: U 0, R 0, seq 0x0a0b0c0d, no option (the Restart Counter is
 * "only valid in a Heartbeat Response message", 3.4). */
static const uint8_t vec_heartbeat_request[] = {
	/*  0 MH header, Header Len 1 */ 0x3b, 0x01, 0x0d, 0x00, 0x00, 0x00,
	/*  6 Reserved, U 0, R 0 */ 0x00, 0x00,
	/*  8 Sequence Number */ 0x0a, 0x0b, 0x0c, 0x0d,
	/* 12 PadN to 8n */ 0x01, 0x02, 0x00, 0x00,
	/* 16 */
};

static void fill_heartbeat_request(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_HEARTBEAT);
	m->heartbeat.sequence = 0x0a0b0c0d;
}

/* Its response: R 1, the same sequence number, Restart Counter
 * 1700000000 (0x6553f100: pmipd's counter is the start time). */
static const uint8_t vec_heartbeat_response[] = {
	/*  0 MH header, Header Len 2 */ 0x3b, 0x02, 0x0d, 0x00, 0x00, 0x00,
	/*  6 Reserved, U 0, R 1 */ 0x00, 0x01,
	/*  8 Sequence Number */ 0x0a, 0x0b, 0x0c, 0x0d,
	/* 12 PadN to 4n+2 */ 0x01, 0x00,
	/* 14 Restart Counter */ 0x1c, 0x04, 0x65, 0x53, 0xf1, 0x00,
	/* 20 PadN to 8n */ 0x01, 0x02, 0x00, 0x00,
	/* 24 */
};

static void fill_heartbeat_response(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_HEARTBEAT);
	m->heartbeat.flags = MH_HEARTBEAT_FLAG_R;
	m->heartbeat.sequence = 0x0a0b0c0d;
	m->opts.present = mh_opt_bit(MH_OPT_RESTART_COUNTER);
	m->opts.restart_counter = 1700000000u;
}

/* An unsolicited response (3.2): U 1, R 1, sequence number 0 (ignored by
 * the receiver), Restart Counter 0xfedcba98 (every bit of the field). */
static const uint8_t vec_heartbeat_unsolicited[] = {
	/*  0 MH header, Header Len 2 */ 0x3b, 0x02, 0x0d, 0x00, 0x00, 0x00,
	/*  6 Reserved, U 1, R 1 */ 0x00, 0x03,
	/*  8 Sequence Number */ 0x00, 0x00, 0x00, 0x00,
	/* 12 PadN to 4n+2 */ 0x01, 0x00,
	/* 14 Restart Counter */ 0x1c, 0x04, 0xfe, 0xdc, 0xba, 0x98,
	/* 20 PadN to 8n */ 0x01, 0x02, 0x00, 0x00,
	/* 24 */
};

static void fill_heartbeat_unsolicited(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_HEARTBEAT);
	m->heartbeat.flags = MH_HEARTBEAT_FLAG_U | MH_HEARTBEAT_FLAG_R;
	m->opts.present = mh_opt_bit(MH_OPT_RESTART_COUNTER);
	m->opts.restart_counter = 0xfedcba98u;
}

/* RO Init: seq 5, lifetime 300 s; src HNP, dst HNP, MAG-ADDR. */
static const uint8_t vec_ro_init[] = {
	/*  0 */ 0x3b, 0x0a, 0x0b, 0x00, 0x00, 0x00,
	/*  6 */ 0x03, 0x00, 0x00, 0x05, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x00,
	/* 16 */ 0x01, 0x02, 0x00, 0x00,
	/* 20 */ 0x16, 0x12, 0x00, 0x40, PREFIX_1,
	/* 40 */ 0x01, 0x02, 0x00, 0x00,
	/* 44 */ 0x16, 0x12, 0x00, 0x40, PREFIX_2,
	/* 64 */ 0x01, 0x02, 0x00, 0x00,
	/* 68 */ 0x33, 0x12, 0x00, 0x80, MAG_ADDR_2,
	/* 88 */
};

static void fill_ro_init(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_RO);
	m->ro.kind = MH_RO_INIT;
	m->ro.sequence = 5;
	m->ro.lifetime_seconds = 300;
	m->opts.hnp_count = 2;
	m->opts.hnp[0].prefix_len = 64;
	memcpy(m->opts.hnp[0].prefix, prefix_1, 16);
	m->opts.hnp[1].prefix_len = 64;
	memcpy(m->opts.hnp[1].prefix, prefix_2, 16);
	m->opts.present = mh_opt_bit(MH_OPT_MAG_IPV6_ADDR);
	m->opts.mag_addr_len = 128;
	memcpy(m->opts.mag_addr, mag_addr_2, 16);
}

/* RO Refresh Ack: status 128, seq 9, lifetime 0; IPv4 HoAs 192.0.2.1/32,
 * 10.0.0.1/24. */
static const uint8_t vec_ro_refresh_ack[] = {
	/*  0 */ 0x3b, 0x03, 0x0b, 0x00, 0x00, 0x00,
	/*  6 */ 0x08, 0x00, 0x00, 0x09, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 16 */ 0x1d, 0x06, 0x80, 0x00, 192, 0, 2, 1,
	/* 24 */ 0x1d, 0x06, 0x60, 0x00, 10, 0, 0, 1,
	/* 32 */
};

static void fill_ro_refresh_ack(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_RO);
	m->ro.kind = MH_RO_REFRESH_ACK;
	m->ro.sequence = 9;
	m->ro.status = MH_RO_STATUS_REASON_UNSPECIFIED;
	m->opts.ipv4_hoa_count = 2;
	m->opts.ipv4_hoa[0].prefix_len = 32;
	memcpy(m->opts.ipv4_hoa[0].addr, (const uint8_t[]){ 192, 0, 2, 1 }, 4);
	m->opts.ipv4_hoa[1].prefix_len = 24;
	memcpy(m->opts.ipv4_hoa[1].addr, (const uint8_t[]){ 10, 0, 0, 1 }, 4);
}

/*
 * PBU for flow mobility: BIDs, a FID with BID reference, an IPv6 traffic
 * selector (C, G, K, O) and an action, and a Flow Summary.  Laid out from
 * RFC 6089 Figure 1 (BID, as updated), Figure 2 (FID), Figure 4 (BID
 * Reference), Figure 5 (Traffic Selector), Figure 6 (Flow Summary), RFC
 * 6088 Figure 2 (IPv6 binary selector) and RFC 7109 Figure 5 (Flow
 * Binding Action).  Alignment: BID without CoA 2n, with CoA 8n+2 (RFC
 * 5648 4.3); FID 2n (RFC 6089 4.2); BID Reference 2n (4.2.1.3); the
 * selector has C set, so 8n (RFC 6088 3.2); Flow Summary 2n (4.2.2).
 */
static const uint8_t vec_pbu_flow[] = {
	/*  0 */ 0x3b, 0x0c, 0x05, 0x00, 0x00, 0x00,
	/*  6 */ 0x00, 0x01, 0x82, 0x00, 0x01, 0x00,
	/* 12 BID 1, pri 20 (2n) */ 0x23, 0x04, 0x00, 0x01, 0x00, 0x14,
	/* 18 BID 2, H, pri 30, IPv6 CoA (8n+2) */ 0x23, 0x14, 0x00, 0x02,
	0x00, 0x9e, MAG_ADDR_3,
	/* 40 FID 2, pri 10, Reserved, status 0 */ 0x2d, 0x31, 0x00, 0x02,
	0x00, 0x0a, 0x00, 0x00,
	/* 48 BID ref 1 */ 0x02, 0x02, 0x00, 0x01,
	/* 52 PadN sub-option to 8n */ 0x01, 0x02, 0x00, 0x00,
	/* 56 TS, format 2, Reserved */ 0x03, 0x1d, 0x02, 0x00,
	/* 60 flags C G K O, Reserved */ 0x22, 0x22, 0x00, 0x00,
	/* 64 C: start dst addr */ HOST_1_10,
	/* 80 G: 8 zero bits, start flow label */ 0x00, 0x01, 0x23, 0x45,
	/* 84 K: start dst port */ 0x00, 0x50,
	/* 86 O: start next header */ 0x06,
	/* 87 action: Reserved, Add (11) */ 0x04, 0x02, 0x00, 0x0b,
	/* 91 Pad1 to 2n */ 0x00,
	/* 92 Flow Summary */ 0x2c, 0x04, 0x00, 0x02, 0x00, 0x04,
	/* 98 PadN to 8n */ 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* 104 */
};

static void fill_pbu_flow(struct mh_msg *m)
{
	struct mh_flow_id *fid;

	mh_msg_init(m, MH_MSG_PBU);
	m->pbu.sequence = 1;
	m->pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
	m->pbu.lifetime_units = 0x100;
	m->opts.bid_count = 2;
	m->opts.bid[0].bid = 1;
	m->opts.bid[0].priority = 20;
	m->opts.bid[1].bid = 2;
	m->opts.bid[1].h_flag = true;
	m->opts.bid[1].priority = 30;
	m->opts.bid[1].coa_len = 16;
	memcpy(m->opts.bid[1].coa, mag_addr_3, 16);
	m->opts.fid_count = 1;
	fid = &m->opts.fid[0];
	fid->fid = 2;
	fid->priority = 10;
	fid->status = MH_FID_STATUS_OK;
	fid->bid_ref_count = 1;
	fid->bid_refs[0] = 1;
	fid->has_ts = true;
	fid->ts.format = MH_TS_FORMAT_IPV6_BINARY;
	fid->ts.ipv6.present = MH_TS6_START_DST_ADDR |
		MH_TS6_START_FLOW_LABEL | MH_TS6_START_DST_PORT |
		MH_TS6_START_NH;
	memcpy(fid->ts.ipv6.dst_addr_start, host_1_10, 16);
	fid->ts.ipv6.flow_label_start = 0x12345;
	fid->ts.ipv6.dst_port_start = 80;
	fid->ts.ipv6.next_header_start = 6;
	fid->has_action = true;
	fid->action = MH_FLOW_ACTION_ADD;
	m->opts.present = mh_opt_bit(MH_OPT_FLOW_SUMMARY);
	m->opts.flow_summary_count = 2;
	m->opts.flow_summary[0] = 2;
	m->opts.flow_summary[1] = 4;
}

/*
 * PBU carrying one traffic selector of every alignment class, each in its
 * own Flow Identification option (RFC 6089 4.2, Figure 2, 2n), and a BID
 * with an IPv4 care-of address (RFC 6089 Figure 1: Length 8, aligned 8n+2
 * by RFC 5648 4.3).  Selectors from RFC 6088 Figure 2 (IPv6, format 2:
 * 8n with A-D, 4n with E-H, 2n with I-L, none with M-P, 3.2) and Figure 1
 * (IPv4, format 1: 4n with A-F, 2n with G-J, none with K-N, 3.1); the IPv4
 * one is carried raw by the codec.  BID References (RFC 6089 Figure 4,
 * 2n) of two BIDs put the 4n selectors off their boundary, so a PadN
 * sub-option (4.2.1.2) comes before them.
 */
static const uint8_t vec_pbu_ts_align[] = {
	/*  0 */ 0x3b, 0x13, 0x05, 0x00, 0x00, 0x00,
	/*  6 seq 2, A|P, lifetime 16 */ 0x00, 0x02, 0x82, 0x00, 0x00, 0x10,
	/* 12 PadN to 8n+2 */ 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	/* 18 BID 5, status 0, pri 7, IPv4 CoA 192.0.2.9 */ 0x23, 0x08,
	0x00, 0x05, 0x00, 0x07, 192, 0, 2, 9,
	/* 28 FID 1, pri 1 */ 0x2d, 0x1e, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
	/* 36 BID ref 5, 6 */ 0x02, 0x04, 0x00, 0x05, 0x00, 0x06,
	/* 42 PadN sub-option to 4n */ 0x01, 0x00,
	/* 44 TS format 2 */ 0x03, 0x0e, 0x02, 0x00,
	/* 48 flags E G (4n) */ 0x0a, 0x00, 0x00, 0x00,
	/* 52 E: start SPI */ 0x00, 0x00, 0x01, 0x00,
	/* 56 G: 8 zero bits, start flow label */ 0x00, 0x0a, 0xbc, 0xde,
	/* 60 FID 2, pri 2 */ 0x2d, 0x10, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00,
	/* 68 TS format 2 */ 0x03, 0x08, 0x02, 0x00,
	/* 72 flags K (2n) */ 0x00, 0x20, 0x00, 0x00,
	/* 76 K: start dst port 443 */ 0x01, 0xbb,
	/* 78 FID 3, pri 3 */ 0x2d, 0x0f, 0x00, 0x03, 0x00, 0x03, 0x00, 0x00,
	/* 86 TS format 2 */ 0x03, 0x07, 0x02, 0x00,
	/* 90 flags O (none) */ 0x00, 0x02, 0x00, 0x00,
	/* 94 O: start next header 17 */ 0x11,
	/* 95 Pad1 to 2n */ 0x00,
	/* 96 FID 4, pri 4 */ 0x2d, 0x1a, 0x00, 0x04, 0x00, 0x04, 0x00, 0x00,
	/* 104 BID ref 5, 6 */ 0x02, 0x04, 0x00, 0x05, 0x00, 0x06,
	/* 110 PadN sub-option to 4n */ 0x01, 0x00,
	/* 112 TS format 1 */ 0x03, 0x0a, 0x01, 0x00,
	/* 116 flags A (4n) */ 0x80, 0x00, 0x00, 0x00,
	/* 120 A: start source address */ 198, 51, 100, 7,
	/* 124 FID 5, pri 5 */ 0x2d, 0x10, 0x00, 0x05, 0x00, 0x05, 0x00, 0x00,
	/* 132 TS format 1 */ 0x03, 0x08, 0x01, 0x00,
	/* 136 flags I (2n) */ 0x00, 0x80, 0x00, 0x00,
	/* 140 I: start destination port 53 */ 0x00, 0x35,
	/* 142 FID 6, pri 6 */ 0x2d, 0x0f, 0x00, 0x06, 0x00, 0x06, 0x00, 0x00,
	/* 150 TS format 1 */ 0x03, 0x07, 0x01, 0x00,
	/* 154 flags M (none) */ 0x00, 0x08, 0x00, 0x00,
	/* 158 M: start protocol 6 */ 0x06,
	/* 159 Pad1 to 8n */ 0x00,
	/* 160 */
};

/* FID n, FID-PRI n, a selector of `format`. */
static struct mh_flow_id *ts_align_fid(struct mh_msg *m, uint16_t n,
				       uint8_t format)
{
	struct mh_flow_id *fid = &m->opts.fid[m->opts.fid_count++];

	fid->fid = n;
	fid->priority = n;
	fid->has_ts = true;
	fid->ts.format = format;
	return fid;
}

static void ts_align_raw(struct mh_flow_id *fid, const uint8_t *raw,
			 uint8_t len)
{
	fid->ts.raw.len = len;
	memcpy(fid->ts.raw.bytes, raw, len);
}

static void fill_pbu_ts_align(struct mh_msg *m)
{
	struct mh_flow_id *fid;

	mh_msg_init(m, MH_MSG_PBU);
	m->pbu.sequence = 2;
	m->pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
	m->pbu.lifetime_units = 16;
	m->opts.bid_count = 1;
	m->opts.bid[0].bid = 5;
	m->opts.bid[0].priority = 7;
	m->opts.bid[0].coa_len = 4;
	memcpy(m->opts.bid[0].coa, (const uint8_t[]){ 192, 0, 2, 9 }, 4);

	fid = ts_align_fid(m, 1, MH_TS_FORMAT_IPV6_BINARY);
	fid->bid_ref_count = 2;
	fid->bid_refs[0] = 5;
	fid->bid_refs[1] = 6;
	fid->ts.ipv6.present = MH_TS6_START_SPI | MH_TS6_START_FLOW_LABEL;
	fid->ts.ipv6.spi_start = 0x100;
	fid->ts.ipv6.flow_label_start = 0xabcde;
	fid = ts_align_fid(m, 2, MH_TS_FORMAT_IPV6_BINARY);
	fid->ts.ipv6.present = MH_TS6_START_DST_PORT;
	fid->ts.ipv6.dst_port_start = 443;
	fid = ts_align_fid(m, 3, MH_TS_FORMAT_IPV6_BINARY);
	fid->ts.ipv6.present = MH_TS6_START_NH;
	fid->ts.ipv6.next_header_start = 17;

	fid = ts_align_fid(m, 4, MH_TS_FORMAT_IPV4_BINARY);
	fid->bid_ref_count = 2;
	fid->bid_refs[0] = 5;
	fid->bid_refs[1] = 6;
	ts_align_raw(fid, (const uint8_t[]){ 0x80, 0, 0, 0, 198, 51, 100, 7 },
		     8);
	fid = ts_align_fid(m, 5, MH_TS_FORMAT_IPV4_BINARY);
	ts_align_raw(fid, (const uint8_t[]){ 0x00, 0x80, 0, 0, 0x00, 0x35 },
		     6);
	fid = ts_align_fid(m, 6, MH_TS_FORMAT_IPV4_BINARY);
	ts_align_raw(fid, (const uint8_t[]){ 0x00, 0x08, 0, 0, 0x06 }, 5);
}

struct vector {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	void (*fill)(struct mh_msg *m);
	bool tshark;	/* tshark 4.0 dissects it: put it in the pcap */
	bool lua;	/* also in the --pcap-ext pcap, after the messages
			 * built by test_ext_vectors(): check.sh decodes it
			 * with pmip6.lua and check.py compares the fields */
};

#define VECTOR(name, arr, fill, tshark, lua) \
	{ name, arr, sizeof(arr), fill, tshark, lua }

static const struct vector vectors[] = {
	VECTOR("pbu", vec_pbu, fill_pbu, true, false),
	VECTOR("pba", vec_pba, fill_pba, true, false),
	VECTOR("bri", vec_bri, fill_bri, true, false),
	VECTOR("bra", vec_bra, fill_bra, true, false),
	VECTOR("upn", vec_upn, fill_upn, false, true),
	VECTOR("upn force-reregistration", vec_upn_force_rereg, fill_upn_force_rereg,
	       false, true),
	VECTOR("upa", vec_upa, fill_upa, false, true),
	VECTOR("heartbeat", vec_heartbeat, fill_heartbeat, true, false),
	VECTOR("heartbeat request", vec_heartbeat_request,
	       fill_heartbeat_request, true, false),
	VECTOR("heartbeat response with restart counter",
	       vec_heartbeat_response, fill_heartbeat_response, true, true),
	VECTOR("unsolicited heartbeat response", vec_heartbeat_unsolicited,
	       fill_heartbeat_unsolicited, true, false),
	VECTOR("ro init", vec_ro_init, fill_ro_init, false, false),
	VECTOR("ro refresh ack", vec_ro_refresh_ack, fill_ro_refresh_ack,
	       false, false),
	VECTOR("pbu flow mobility", vec_pbu_flow, fill_pbu_flow, true, true),
	VECTOR("pbu traffic selector alignment classes", vec_pbu_ts_align,
	       fill_pbu_ts_align, false, true),
	VECTOR("be unrecognized mh type", vec_be_unrecognized,
	       fill_be_unrecognized, true, true),
	VECTOR("be home address", vec_be_hao, fill_be_hao, true, false),
};
#define VECTOR_COUNT (sizeof(vectors) / sizeof(vectors[0]))

/* ------------------------------------------------------------------ */
/* Vector tests                                                       */
/* ------------------------------------------------------------------ */

static void test_vector_encode(const struct vector *v)
{
	static struct mh_msg msg;
	uint8_t out[MH_MAX_LEN];
	size_t out_len = 0;
	char name[128];

	v->fill(&msg);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	if (out_len != v->len || memcmp(out, v->bytes, v->len) != 0) {
		current_failed = true;
		dump_diff(out, out_len, v->bytes, v->len);
	}
	snprintf(name, sizeof(name), "encode %s matches the hand-built vector",
		 v->name);
	finish(name);
}

static void test_vector_decode(const struct vector *v)
{
	static struct mh_msg want, got;
	struct mh_decode_report report;
	char name[128];

	v->fill(&want);
	CHECK_RESULT(mh_decode(v->bytes, v->len, 0, &got, &report), MH_OK);
	CHECK(memcmp(&got, &want, sizeof(got)) == 0);
	CHECK(report.unknown_option_count == 0);
	CHECK(report.misaligned_option_count == 0);
	CHECK(report.misaligned_suboption_count == 0);
	CHECK(report.nonzero_padn_count == 0);
	CHECK(report.error_option_type == -1);
	snprintf(name, sizeof(name), "decode %s gives the expected message",
		 v->name);
	finish(name);
}

static void test_vector_round_trip(const struct vector *v)
{
	static struct mh_msg first, second;
	uint8_t out[MH_MAX_LEN];
	size_t out_len = 0;
	char name[128];

	CHECK_RESULT(mh_decode(v->bytes, v->len, 0, &first, NULL), MH_OK);
	CHECK_RESULT(mh_encode(&first, out, sizeof(out), &out_len), MH_OK);
	CHECK(out_len == v->len && memcmp(out, v->bytes, v->len) == 0);
	CHECK_RESULT(mh_decode(out, out_len, 0, &second, NULL), MH_OK);
	CHECK(memcmp(&first, &second, sizeof(first)) == 0);
	snprintf(name, sizeof(name), "round trip %s", v->name);
	finish(name);
	save_corpus(v->name, v->bytes, v->len);
	if (v->tshark)
		save_pcap(v->bytes, v->len);
}

/* ------------------------------------------------------------------ */
/* Malformed input                                                    */
/* ------------------------------------------------------------------ */

/* Copy a vector into buf so a test can damage one octet of it. */
static size_t copy_vector(uint8_t *buf, const uint8_t *v, size_t len)
{
	memcpy(buf, v, len);
	return len;
}

/* Build "PBU header + options" with Header Len fixed up; the options are
 * given raw and padded with zeros (Pad1) to a multiple of 8. */
static size_t build_pbu(uint8_t *buf, const uint8_t *opts, size_t opts_len)
{
	static const uint8_t head[] = { 0x3b, 0x00, 0x05, 0x00, 0x00, 0x00,
					0x00, 0x01, 0x02, 0x00, 0x00, 0x10 };
	size_t len = sizeof(head) + opts_len;

	memcpy(buf, head, sizeof(head));
	memcpy(buf + sizeof(head), opts, opts_len);
	while (len % 8)
		buf[len++] = 0;
	buf[1] = (uint8_t)(len / 8 - 1);
	return len;
}

/* Same for other message kinds: head is the full fixed part. */
static size_t build_msg(uint8_t *buf, const uint8_t *head, size_t head_len,
			const uint8_t *opts, size_t opts_len)
{
	size_t len = head_len + opts_len;

	memcpy(buf, head, head_len);
	memcpy(buf + head_len, opts, opts_len);
	while (len % 8)
		buf[len++] = 0;
	buf[1] = (uint8_t)(len / 8 - 1);
	return len;
}

struct malformed {
	const char *name;
	enum mh_result want;
	size_t want_offset;	/* SIZE_MAX: don't check */
	size_t len;
	uint8_t bytes[256];
};

static void expect_reject(const char *name, const uint8_t *buf, size_t len,
			  unsigned flags, enum mh_result want,
			  size_t want_offset)
{
	static struct mh_msg msg;
	struct mh_decode_report report;
	char full[160];

	CHECK_RESULT(mh_decode(buf, len, flags, &msg, &report), want);
	if (want_offset != SIZE_MAX && report.error_offset != want_offset) {
		current_failed = true;
		printf("#   error offset %zu, want %zu\n", report.error_offset,
		       want_offset);
	}
	snprintf(full, sizeof(full), "reject %s: %s", name, mh_strerror(want));
	finish(full);
	save_corpus(name, buf, len);
}

#define OPTS(...) (const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ })

static void test_malformed_header(void)
{
	uint8_t buf[MH_MAX_LEN + 16];
	size_t len;

	expect_reject("6 octets", vec_heartbeat, 6, 0, MH_ERR_TRUNCATED, 6);
	expect_reject("empty", vec_heartbeat, 0, 0, MH_ERR_TRUNCATED, 0);

	len = copy_vector(buf, vec_pba, sizeof(vec_pba));
	buf[0] = 6;
	expect_reject("payload proto 6", buf, len, 0, MH_ERR_PAYLOAD_PROTO, 0);

	len = copy_vector(buf, vec_pba, sizeof(vec_pba));
	buf[1] = 10;	/* 88 octets declared, 80 received */
	expect_reject("header len past buffer", buf, len, 0,
		      MH_ERR_HEADER_LEN_EXCEEDS_BUFFER, 1);

	len = copy_vector(buf, vec_pba, sizeof(vec_pba)) - 8;
	expect_reject("buffer cut at a multiple of 8", buf, len, 0,
		      MH_ERR_HEADER_LEN_EXCEEDS_BUFFER, 1);

	len = copy_vector(buf, vec_pba, sizeof(vec_pba));
	memset(buf + len, 0, 4);
	expect_reject("4 octets beyond header len (OAI)", buf, len + 4, 0,
		      MH_ERR_HEADER_LEN_SHORT_OF_BUFFER, sizeof(vec_pba));

	len = copy_vector(buf, vec_pbu, sizeof(vec_pbu));
	buf[2] = 99;
	expect_reject("MH type 99", buf, len, 0, MH_ERR_UNKNOWN_MH_TYPE, 2);
	buf[2] = 17;	/* RFC 6705 LRI: not ours */
	expect_reject("MH type 17 (LRI)", buf, len, 0, MH_ERR_UNKNOWN_MH_TYPE,
		      2);

	/* Heartbeat needs 12 octets of fixed fields; 8 declared. */
	len = copy_vector(buf, vec_heartbeat, 8);
	buf[1] = 0;
	expect_reject("heartbeat in 8 octets", buf, len, 0,
		      MH_ERR_MESSAGE_TOO_SHORT, 8);
	/* PBU in 8 octets. */
	len = copy_vector(buf, vec_pbu, 8);
	buf[1] = 0;
	expect_reject("PBU in 8 octets", buf, len, 0, MH_ERR_MESSAGE_TOO_SHORT,
		      8);

	len = copy_vector(buf, vec_bri, sizeof(vec_bri));
	buf[6] = 3;
	expect_reject("B.R. type 3", buf, len, 0, MH_ERR_BAD_BR_TYPE, 6);
	buf[6] = 0;
	expect_reject("B.R. type 0", buf, len, 0, MH_ERR_BAD_BR_TYPE, 6);

	len = copy_vector(buf, vec_ro_init, sizeof(vec_ro_init));
	buf[6] = 0;
	expect_reject("RO kind 0", buf, len, 0, MH_ERR_BAD_RO_KIND, 6);
	buf[6] = 11;
	expect_reject("RO kind 11", buf, len, 0, MH_ERR_BAD_RO_KIND, 6);
}

/*
 * RFC 6275 9.2: an unknown MH Type is answered with a Binding Error, any
 * other decode error is dropped silently, so the caller must be able to
 * tell them apart: MH_ERR_UNKNOWN_MH_TYPE only for a header that is
 * otherwise sound, with the type in the report.
 */
static void test_unknown_mh_type_distinct(void)
{
	/* 0 BRR, 1 HoTI, 8 Fast BU, 17 LRI (RFC 6705), 21, 99, 255. */
	static const uint8_t types[] = { 0, 1, 8, 17, 21, 99, 255 };
	static struct mh_msg msg;
	struct mh_decode_report report;
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	for (size_t i = 0; i < sizeof(types); i++) {
		len = copy_vector(buf, vec_pbu, sizeof(vec_pbu));
		buf[2] = types[i];
		CHECK_RESULT(mh_decode(buf, len, 0, &msg, &report),
			     MH_ERR_UNKNOWN_MH_TYPE);
		CHECK(report.mh_type == types[i]);
		CHECK(report.error_offset == 2);
		/* 8 octets: no minimum length is known for such a type. */
		CHECK_RESULT(mh_decode((const uint8_t[]){ 0x3b, 0, types[i], 0,
							  0, 0, 0, 0 }, 8, 0,
				       &msg, &report),
			     MH_ERR_UNKNOWN_MH_TYPE);
		CHECK(report.mh_type == types[i]);
	}
	/* A broken header stays malformed, whatever its type says. */
	len = copy_vector(buf, vec_pbu, sizeof(vec_pbu));
	buf[2] = 99;
	buf[0] = 6;
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, &report),
		     MH_ERR_PAYLOAD_PROTO);
	CHECK(report.mh_type == 99);
	buf[0] = 0x3b;
	buf[1] = 20;
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, &report),
		     MH_ERR_HEADER_LEN_EXCEEDS_BUFFER);
	/* Known types report theirs too. */
	CHECK_RESULT(mh_decode(vec_pba, sizeof(vec_pba), 0, &msg, &report),
		     MH_OK);
	CHECK(report.mh_type == MH_TYPE_BINDING_ACK);
	CHECK_RESULT(mh_decode(vec_pba, 2, 0, &msg, &report),
		     MH_ERR_TRUNCATED);
	CHECK(report.mh_type == 0);
	finish("unknown MH type told apart from malformed, type reported");
}

/*
 * RFC 6275 6.1.9: no option is defined for the Binding Error and "the
 * receiver MUST ignore and skip any options that it does not
 * understand", known types included; shorter than its 24 octets of
 * fixed fields it is malformed.
 */
static void test_binding_error_receive(void)
{
	static struct mh_msg msg, want;
	struct mh_decode_report report;
	static const uint8_t with_options[] = {
		/*  0 */ 0x3b, 0x06, 0x07, 0x00, 0x00, 0x00,
		/*  6 */ 0x02, 0xff,	/* Reserved: ignored */
		/*  8 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		/* 24 PadN */ 0x01, 0x02, 0x00, 0x00,
		/* 28 HNP */ 0x16, 0x12, 0x00, 0x40, PREFIX_1,
		/* 48 unknown type 200 */ 0xc8, 0x02, 0xab, 0xcd,
		/* 52 Pad1 x 4 */ 0x00, 0x00, 0x00, 0x00,
		/* 56 */
	};
	uint8_t buf[32];

	fill_be_unrecognized(&want);
	CHECK_RESULT(mh_decode(with_options, sizeof(with_options), 0, &msg,
			       &report), MH_OK);
	CHECK(memcmp(&msg, &want, sizeof(msg)) == 0);
	CHECK(report.unknown_option_count == 2);
	CHECK(report.unknown_option_types[0] == MH_OPT_HNP);
	CHECK(report.unknown_option_types[1] == 200);
	CHECK(msg.opts.hnp_count == 0);
	save_corpus("be with options", with_options, sizeof(with_options));

	/* Header Len 1: 16 octets, the Home Address does not fit. */
	memcpy(buf, vec_be_unrecognized, 16);
	buf[1] = 1;
	CHECK_RESULT(mh_decode(buf, 16, 0, &msg, &report),
		     MH_ERR_MESSAGE_TOO_SHORT);
	CHECK(report.error_offset == 16);
	finish("binding error: options skipped, Reserved ignored, too short refused");
}

static void test_malformed_options(void)
{
	uint8_t buf[MH_MAX_LEN + 16];
	size_t len;

	/* HNP claims 18 octets, 2 remain (12..16 holds type, len, 2). */
	len = build_pbu(buf, OPTS(0x16, 0x12, 0x00, 0x40));
	expect_reject("HNP running past the end", buf, len, 0,
		      MH_ERR_OPTION_TRUNCATED, 13);
	/* Type octet in the last position, no Length. */
	len = build_pbu(buf, OPTS(0x00, 0x00, 0x00, 0x17));
	expect_reject("option type without length", buf, len, 0,
		      MH_ERR_OPTION_TRUNCATED, 15);

	len = build_pbu(buf, OPTS(0x16, 0x11, 0x00, 0x40, PREFIX_1));
	expect_reject("HNP length 17", buf, len, 0, MH_ERR_OPTION_BAD_LENGTH,
		      13);
	len = build_pbu(buf, OPTS(0x17, 0x03, 0x00, 0x01, 0x00));
	expect_reject("HI length 3", buf, len, 0, MH_ERR_OPTION_BAD_LENGTH,
		      13);
	len = build_pbu(buf, OPTS(0x18, 0x01, 0x04));
	expect_reject("ATT length 1", buf, len, 0, MH_ERR_OPTION_BAD_LENGTH,
		      13);
	len = build_pbu(buf, OPTS(0x1b, 0x07, 0, 0, 0, 0, 0, 0, 0));
	expect_reject("timestamp length 7", buf, len, 0,
		      MH_ERR_OPTION_BAD_LENGTH, 13);
	len = build_pbu(buf, OPTS(0x1a, 0x0f, LINK_LOCAL_1));
	expect_reject("link-local length 15", buf, len, 0,
		      MH_ERR_OPTION_BAD_LENGTH, 13);
	len = build_pbu(buf, OPTS(0x23, 0x05, 0, 1, 0, 0, 0));
	expect_reject("BID length 5", buf, len, 0, MH_ERR_OPTION_BAD_LENGTH,
		      13);
	len = build_pbu(buf, OPTS(0x19, 0x01, 0x00));
	expect_reject("LL-ID length 1", buf, len, 0, MH_ERR_OPTION_BAD_LENGTH,
		      13);
	len = build_pbu(buf, OPTS(0x08, 0x00));
	expect_reject("MN-ID length 0", buf, len, 0, MH_ERR_OPTION_BAD_LENGTH,
		      13);
	len = build_pbu(buf, OPTS(0x2c, 0x03, 0, 1, 0));
	expect_reject("flow summary length 3", buf, len, 0,
		      MH_ERR_OPTION_BAD_LENGTH, 13);
	len = build_pbu(buf, OPTS(0x2d, 0x05, 0, 1, 0, 1, 0));
	expect_reject("FID length 5", buf, len, 0, MH_ERR_OPTION_BAD_LENGTH,
		      13);

	len = build_pbu(buf, OPTS(0x16, 0x12, 0x00, 0x81, PREFIX_1));
	expect_reject("HNP prefix length 129", buf, len, 0,
		      MH_ERR_OPTION_BAD_VALUE, 15);

	len = build_pbu(buf, OPTS(0x17, 0x02, 0x00, 0x01,
				  0x17, 0x02, 0x00, 0x02));
	expect_reject("two handoff indicators", buf, len, 0,
		      MH_ERR_OPTION_TOO_MANY, 16);
	len = build_pbu(buf, OPTS(0x33, 0x12, 0x00, 0x80, MAG_ADDR_2));
	expect_reject("MAG address in a PBU", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 12);
	len = build_pbu(buf, OPTS(0x1d, 0x06, 0x80, 0x00, 192, 0, 2, 1));
	expect_reject("IPv4 HoA in a PBU", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 12);
}

static void test_malformed_other_messages(void)
{
	/* A response (R) and a request, sequence number 1. */
	static const uint8_t heartbeat_head[] = { 0x3b, 0, 0x0d, 0, 0, 0,
						  0, 1, 0, 0, 0, 1 };
	static const uint8_t heartbeat_request_head[] = { 0x3b, 0, 0x0d, 0, 0,
							  0, 0, 0, 0, 0, 0,
							  1 };
	static const uint8_t bri_head[] = { 0x3b, 0, 0x10, 0, 0, 0,
					    1, 1, 0, 7, 0x80, 0 };
	static const uint8_t ro_head[] = { 0x3b, 0, 0x0b, 0, 0, 0,
					   3, 0, 0, 5, 0, 0, 1, 0x2c, 0, 0 };
	uint8_t buf[MH_MAX_LEN + 16];
	size_t len;

	len = build_msg(buf, heartbeat_head, sizeof(heartbeat_head),
			OPTS(0x16, 0x12, 0x00, 0x40, PREFIX_1));
	expect_reject("HNP in a heartbeat", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 12);
	/* RFC 5847 3.4: the Restart Counter only in a response (R). */
	len = build_msg(buf, heartbeat_request_head,
			sizeof(heartbeat_request_head),
			OPTS(0x01, 0x00, 0x1c, 0x04, 0, 0, 0, 1));
	expect_reject("restart counter in a heartbeat request", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 14);
	/* ... with Length 4 ("It is set to 4"), once. */
	len = build_msg(buf, heartbeat_head, sizeof(heartbeat_head),
			OPTS(0x01, 0x00, 0x1c, 0x03, 0, 0, 1));
	expect_reject("restart counter of length 3", buf, len, 0,
		      MH_ERR_OPTION_BAD_LENGTH, 15);
	len = build_msg(buf, heartbeat_head, sizeof(heartbeat_head),
			OPTS(0x01, 0x00, 0x1c, 0x04, 0, 0, 0, 1,
			     0x1c, 0x04, 0, 0, 0, 2));
	expect_reject("two restart counters", buf, len, 0,
		      MH_ERR_OPTION_TOO_MANY, 20);
	len = build_pbu(buf, OPTS(0x01, 0x00, 0x1c, 0x04, 0, 0, 0, 1));
	expect_reject("restart counter in a PBU", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 14);
	len = build_msg(buf, bri_head, sizeof(bri_head),
			OPTS(0x17, 0x02, 0x00, 0x01));
	expect_reject("handoff indicator in a BRI", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 12);
	len = build_msg(buf, ro_head, sizeof(ro_head),
			OPTS(0x16, 0x12, 0x00, 0x40, PREFIX_1,
			     0x16, 0x12, 0x00, 0x40, PREFIX_2,
			     0x16, 0x12, 0x00, 0x40, PREFIX_2));
	expect_reject("three HNPs in an RO message", buf, len, 0,
		      MH_ERR_OPTION_TOO_MANY, 56);
	len = build_msg(buf, ro_head, sizeof(ro_head),
			OPTS(0x33, 0x12, 0x00, 0x81, MAG_ADDR_2));
	expect_reject("MAG address length 129", buf, len, 0,
		      MH_ERR_OPTION_BAD_VALUE, 19);
	len = build_msg(buf, ro_head, sizeof(ro_head),
			OPTS(0x33, 0x10, 0x00, 0x80, MAG_ADDR_2));
	expect_reject("MAG address option length 16", buf, len, 0,
		      MH_ERR_OPTION_BAD_LENGTH, 17);
	len = build_msg(buf, ro_head, sizeof(ro_head),
			OPTS(0x1d, 0x06, 0x84, 0x00, 192, 0, 2, 1));
	expect_reject("IPv4 prefix length 33", buf, len, 0,
		      MH_ERR_OPTION_BAD_VALUE, 18);
	len = build_msg(buf, ro_head, sizeof(ro_head),
			OPTS(0x1d, 0x05, 0x80, 0x00, 192, 0, 2));
	expect_reject("IPv4 HoA length 5", buf, len, 0,
		      MH_ERR_OPTION_BAD_LENGTH, 17);
}

/*
 * Reserved values and options out of place that the codec used to
 * accept, each dropped since the RFC names no status for it:
 *  - RFC 5846 5.1 (Figure 5: P, V, G at octet 10): the IPv4 Home Address
 *    option "MUST only be included when the IPv4 HoA Binding only (V) bit
 *    is set and the (P) bit is cleared"; a BRI breaking this is not
 *    formatted as in 5.1 (6.2.1) and gets no BRA (6.1.2);
 *  - RFC 5846 5.2: it is not among the options valid in a BRA;
 *  - its Prefix-len 0 (RFC 5555 3.1.1: "invalid").
 * The encoder refuses the same.
 */
static void test_ipv4_hoa_rules(void)
{
	/* BRI (Figure 5): B.R. Type 1, trigger 1, seq 7, then P|V|G. */
	static const uint8_t bri_v[] = { 0x3b, 0, 0x10, 0, 0, 0,
					 1, 1, 0, 7, 0x40, 0 };
	static const uint8_t bri_pv[] = { 0x3b, 0, 0x10, 0, 0, 0,
					  1, 1, 0, 7, 0xc0, 0 };
	static const uint8_t bri_none[] = { 0x3b, 0, 0x10, 0, 0, 0,
					    1, 1, 0, 7, 0x00, 0 };
	/* BRA (Figure 6): B.R. Type 2, status 0, seq 7, V. */
	static const uint8_t bra_v[] = { 0x3b, 0, 0x10, 0, 0, 0,
					 2, 0, 0, 7, 0x40, 0 };
	static const uint8_t ro_head[] = { 0x3b, 0, 0x0b, 0, 0, 0,
					   8, 0, 0, 9, 0x80, 0, 0, 0, 0, 0 };
	static struct mh_msg msg;
	uint8_t buf[64], out[64];
	size_t len, out_len = 0;

	/* 12: IPv4 HoA (4n) 192.0.2.1/32. */
	len = build_msg(buf, bri_v, sizeof(bri_v),
			OPTS(0x1d, 0x06, 0x80, 0x00, 192, 0, 2, 1));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.opts.ipv4_hoa_count == 1 &&
	      msg.opts.ipv4_hoa[0].prefix_len == 32);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	/* The same up to the end of the option (then PadN, not Pad1s). */
	CHECK(out_len == len && memcmp(out, buf, 20) == 0);
	msg.bri.flags = MH_BR_FLAG_P | MH_BR_FLAG_V;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);
	msg.bri.flags = 0;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);
	msg.kind = MH_MSG_BRA;
	msg.bra.flags = MH_BR_FLAG_V;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);
	finish("IPv4 HoA in a BRI with V and without P (RFC 5846 5.1)");

	len = build_msg(buf, bri_none, sizeof(bri_none),
			OPTS(0x1d, 0x06, 0x80, 0x00, 192, 0, 2, 1));
	expect_reject("IPv4 HoA in a BRI without V", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 12);
	len = build_msg(buf, bri_pv, sizeof(bri_pv),
			OPTS(0x1d, 0x06, 0x80, 0x00, 192, 0, 2, 1));
	expect_reject("IPv4 HoA in a proxy BRI with V", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 12);
	len = build_msg(buf, bra_v, sizeof(bra_v),
			OPTS(0x1d, 0x06, 0x80, 0x00, 192, 0, 2, 1));
	expect_reject("IPv4 HoA in a BRA", buf, len, 0,
		      MH_ERR_OPTION_NOT_ALLOWED, 12);
	/* Prefix-len is the top 6 bits of octet 18. */
	len = build_msg(buf, ro_head, sizeof(ro_head),
			OPTS(0x1d, 0x06, 0x00, 0x00, 192, 0, 2, 1));
	expect_reject("IPv4 HoA prefix length 0", buf, len, 0,
		      MH_ERR_OPTION_BAD_VALUE, 18);
	len = build_msg(buf, bri_v, sizeof(bri_v),
			OPTS(0x1d, 0x06, 0x02, 0x00, 192, 0, 2, 1));
	expect_reject("IPv4 HoA prefix length 0 in a BRI", buf, len, 0,
		      MH_ERR_OPTION_BAD_VALUE, 14);
	fill_ro_refresh_ack(&msg);
	msg.opts.ipv4_hoa[1].prefix_len = 0;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_INVALID_ARGUMENT);
	finish("encoder refuses an IPv4 HoA of prefix length 0");
}

static void test_too_many_hnps(void)
{
	uint8_t opts[17 * 20];
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	for (unsigned i = 0; i < 17; i++) {
		uint8_t *o = opts + 20 * i;

		o[0] = MH_OPT_HNP;
		o[1] = 18;
		o[2] = 0;
		o[3] = 64;
		memcpy(o + 4, prefix_1, 16);
		o[9] = (uint8_t)i;
	}
	len = build_pbu(buf, opts, sizeof(opts));
	expect_reject("17 HNPs in a PBU", buf, len, 0, MH_ERR_OPTION_TOO_MANY,
		      12 + 16 * 20);
}

static void test_too_many_flow_summary(void)
{
	uint8_t opts[2 + 2 * 17];
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	memset(opts, 0, sizeof(opts));
	opts[0] = MH_OPT_FLOW_SUMMARY;
	opts[1] = 2 * 17;
	len = build_pbu(buf, opts, sizeof(opts));
	/* Option at 12, FIDs from 14: the 17th FID is at 14 + 32. */
	expect_reject("flow summary of 17 FIDs", buf, len, 0,
		      MH_ERR_OPTION_TOO_MANY, 46);
}

/* FID sub-option and traffic selector errors.  The FID option starts at
 * offset 12: type 12, len 13, FID 14-15, FID-PRI 16-17, Reserved 18,
 * Status 19, sub-options from 20. */
static void test_malformed_flow_id(void)
{
	uint8_t buf[MH_MAX_LEN];
	size_t len;

	/* TS says A (16 octets of address) but carries 8. */
	len = build_pbu(buf, OPTS(0x2d, 0x16, 0, 2, 0, 10, 0, 0,
				  0x03, 0x0e, 0x02, 0x00,
				  0x80, 0x00, 0x00, 0x00,
				  0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0));
	expect_reject("TS shorter than its flags", buf, len, 0,
		      MH_ERR_TS_TRUNCATED, 36);
	/* TS says O (1 octet) but carries 2. */
	len = build_pbu(buf, OPTS(0x2d, 0x10, 0, 2, 0, 10, 0, 0,
				  0x03, 0x08, 0x02, 0x00,
				  0x00, 0x02, 0x00, 0x00, 0x06, 0x11));
	expect_reject("TS longer than its flags", buf, len, 0,
		      MH_ERR_TS_TRAILING, 29);
	/* TS with only the format octet. */
	len = build_pbu(buf, OPTS(0x2d, 0x09, 0, 2, 0, 10, 0, 0,
				  0x03, 0x01, 0x02));
	expect_reject("TS sub-option length 1", buf, len, 0,
		      MH_ERR_SUBOPTION_BAD_LENGTH, 21);
	/* TS format 2 with fewer than the 4 flag octets. */
	len = build_pbu(buf, OPTS(0x2d, 0x0a, 0, 2, 0, 10, 0, 0,
				  0x03, 0x02, 0x02, 0x00));
	expect_reject("TS without its flags", buf, len, 0,
		      MH_ERR_TS_TRUNCATED, 24);
	/* BID reference sub-option says 4 octets, option ends after 2. */
	len = build_pbu(buf, OPTS(0x2d, 0x0a, 0, 2, 0, 10, 0, 0,
				  0x02, 0x04, 0x00, 0x01));
	expect_reject("sub-option past its option", buf, len, 0,
		      MH_ERR_SUBOPTION_TRUNCATED, 21);
	len = build_pbu(buf, OPTS(0x2d, 0x07, 0, 2, 0, 10, 0, 0, 0x02));
	expect_reject("sub-option type without length", buf, len, 0,
		      MH_ERR_SUBOPTION_TRUNCATED, 20);
	len = build_pbu(buf, OPTS(0x2d, 0x0b, 0, 2, 0, 10, 0, 0,
				  0x02, 0x03, 0x00, 0x01, 0x00));
	expect_reject("BID reference length 3", buf, len, 0,
		      MH_ERR_SUBOPTION_BAD_LENGTH, 21);
	len = build_pbu(buf, OPTS(0x2d, 0x16, 0, 2, 0, 10, 0, 0,
				  0x03, 0x06, 0x02, 0x00, 0, 0, 0, 0,
				  0x03, 0x06, 0x02, 0x00, 0, 0, 0, 0));
	expect_reject("two traffic selectors", buf, len, 0,
		      MH_ERR_SUBOPTION_TOO_MANY, 28);
	len = build_pbu(buf, OPTS(0x2d, 0x2a, 0, 2, 0, 10, 0, 0,
				  2, 2, 0, 1, 2, 2, 0, 2, 2, 2, 0, 3,
				  2, 2, 0, 4, 2, 2, 0, 5, 2, 2, 0, 6,
				  2, 2, 0, 7, 2, 2, 0, 8, 2, 2, 0, 9));
	expect_reject("nine BID references", buf, len, 0,
		      MH_ERR_SUBOPTION_TOO_MANY, 54);
	/* RFC 6089 4.2.1.3: one BID Reference may carry several BIDs. */
	len = build_pbu(buf, OPTS(0x2d, 0x1a, 0, 2, 0, 10, 0, 0,
				  0x02, 0x12, 0, 1, 0, 2, 0, 3, 0, 4,
				  0, 5, 0, 6, 0, 7, 0, 8, 0, 9));
	expect_reject("nine BIDs in one BID reference", buf, len, 0,
		      MH_ERR_SUBOPTION_TOO_MANY, 38);
	len = build_pbu(buf, OPTS(0x2d, 0x08, 0, 2, 0, 10, 0, 0,
				  0x02, 0x00));
	expect_reject("BID reference length 0", buf, len, 0,
		      MH_ERR_SUBOPTION_BAD_LENGTH, 21);
	len = build_pbu(buf, OPTS(0x2d, 0x09, 0, 2, 0, 10, 0, 0,
				  0x04, 0x01, 0x0b));
	expect_reject("flow binding action length 1", buf, len, 0,
		      MH_ERR_SUBOPTION_BAD_LENGTH, 21);
	len = build_pbu(buf, OPTS(0x2d, 0x0b, 0, 2, 0, 10, 0, 0,
				  0x04, 0x03, 0x00, 0x0b, 0x00));
	expect_reject("flow binding action length 3", buf, len, 0,
		      MH_ERR_SUBOPTION_BAD_LENGTH, 21);
	len = build_pbu(buf, OPTS(0x2d, 0x0e, 0, 2, 0, 10, 0, 0,
				  0x04, 0x02, 0x00, 0x0b,
				  0x04, 0x02, 0x00, 0x0c));
	expect_reject("two flow binding actions", buf, len, 0,
		      MH_ERR_SUBOPTION_TOO_MANY, 24);
}

/* ------------------------------------------------------------------ */
/* Accepted oddities                                                  */
/* ------------------------------------------------------------------ */

static void test_accept_trailing_with_flag(void)
{
	static struct mh_msg msg, want;
	struct mh_decode_report report;
	uint8_t buf[128];

	memcpy(buf, vec_pba, sizeof(vec_pba));
	memset(buf + sizeof(vec_pba), 0, 4);
	fill_pba(&want);
	CHECK_RESULT(mh_decode(buf, sizeof(vec_pba) + 4,
			       MH_DECODE_ALLOW_TRAILING, &msg, &report),
		     MH_OK);
	CHECK(report.trailing_bytes == 4);
	CHECK(memcmp(&msg, &want, sizeof(msg)) == 0);
	finish("accept 4 octets beyond header len with ALLOW_TRAILING");
}

static void test_accept_misaligned_and_padn(void)
{
	static struct mh_msg msg;
	struct mh_decode_report report;
	uint8_t buf[128];
	size_t len;

	/* OPMIP-style: HNP right after the fixed part with a Pad1 in front
	 * (offset 13, not 8n+4), then a PadN with garbage, then two unknown
	 * options (200 and 201; the Restart Counter, 28, used to be the
	 * second until the codec learnt it for the Heartbeat). */
	len = build_pbu(buf, OPTS(0x00,
				  0x16, 0x12, 0x00, 0x40, PREFIX_1,
				  0x01, 0x02, 0xde, 0xad,
				  0xc8, 0x02, 0x12, 0x34,
				  0xc9, 0x06, 0x00, 0x00, 0, 0, 0, 1,
				  0x18, 0x02, 0x00, 0x00));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, &report), MH_OK);
	CHECK(msg.opts.hnp_count == 1);
	CHECK(msg.opts.hnp[0].prefix_len == 64);
	CHECK(memcmp(msg.opts.hnp[0].prefix, prefix_1, 16) == 0);
	CHECK(report.misaligned_option_count == 1);
	CHECK(report.nonzero_padn_count == 1);
	CHECK(report.unknown_option_count == 2);
	CHECK(report.unknown_option_types[0] == 200);
	CHECK(report.unknown_option_types[1] == 201);
	CHECK(mh_options_has(&msg.opts, MH_OPT_ACCESS_TECH_TYPE));
	CHECK(msg.opts.access_tech_type == 0);	/* OPMIP sends ATT 0 */
	finish("accept misaligned HNP, non-zero PadN, unknown options");
}

/*
 * Alignment is the sender's duty (RFC 6275 6.2): a BID with a care-of
 * address at 2n instead of 8n+2 (RFC 5648 4.3) and a selector with C set
 * at 4n instead of 8n (RFC 6088 3.2), BID Reference at an odd offset
 * (RFC 6089 4.2.1.3), are decoded and counted.
 */
static void test_accept_misaligned_suboptions(void)
{
	static struct mh_msg msg;
	struct mh_decode_report report;
	uint8_t buf[128];
	size_t len;

	len = build_pbu(buf, OPTS(/* 12 */ 0x23, 0x14, 0x00, 0x02, 0x00, 0x1e,
				  MAG_ADDR_3,
				  /* 34 */ 0x2d, 0x23, 0x00, 0x02, 0x00, 0x0a,
				  0x00, 0x00,
				  /* 42 */ 0x03, 0x16, 0x02, 0x00,
				  0x20, 0x00, 0x00, 0x00, HOST_1_10,
				  /* 66 */ 0x00,
				  /* 67 */ 0x02, 0x02, 0x00, 0x01));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, &report), MH_OK);
	CHECK(report.misaligned_option_count == 1);
	CHECK(report.misaligned_suboption_count == 2);
	CHECK(msg.opts.bid_count == 1 && msg.opts.bid[0].coa_len == 16);
	CHECK(msg.opts.fid_count == 1 && msg.opts.fid[0].has_ts &&
	      msg.opts.fid[0].ts.ipv6.present == MH_TS6_START_DST_ADDR);
	CHECK(msg.opts.fid[0].bid_ref_count == 1 &&
	      msg.opts.fid[0].bid_refs[0] == 1);
	finish("accept a misaligned BID, selector and BID reference, count them");
}

/*
 * A Flow Identification option of 255 octets whose IPv4 selector (flag
 * A: 4n, RFC 6088 3.1) sits at 4n+2 behind a BID Reference of two BIDs:
 * accepted, but aligned it would be 257 octets, more than its Length
 * can say: MH_ERR_TOO_LONG, as for a message grown past 2048.
 */
static void test_flow_id_too_long_once_aligned(void)
{
	static struct mh_msg msg;
	uint8_t opts[2 + 255], buf[512], out[MH_MAX_LEN];
	size_t len, out_len = 0;

	memset(opts, 0, sizeof(opts));
	/* 12 FID 2, pri 10, Reserved, Status */
	memcpy(opts, (const uint8_t[]){ 0x2d, 255, 0, 2, 0, 10, 0, 0 }, 8);
	/* 20 BID Reference 1, 2 */
	memcpy(opts + 8, (const uint8_t[]){ 0x02, 0x04, 0, 1, 0, 2 }, 6);
	/* 26 TS format 1, 239 octets of selector from flag A on */
	memcpy(opts + 14, (const uint8_t[]){ 0x03, 241, 0x01, 0x00, 0x80 }, 5);
	len = build_pbu(buf, opts, sizeof(opts));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.opts.fid_count == 1 && msg.opts.fid[0].ts.raw.len == 239);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_TOO_LONG);
	/* Without the second BID it fits after all: 255 octets, aligned. */
	msg.opts.fid[0].bid_ref_count = 1;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	CHECK(out[13] == 253 && out[24] == MH_FID_SUBOPT_TS);
	finish("a flow identification aligned past 255 octets: too long");
}

static void test_accept_unknown_suboption(void)
{
	static struct mh_msg msg;
	struct mh_decode_report report;
	uint8_t buf[128];
	size_t len;

	/* FID with PadN, Pad1, Target CoA (5, skipped) and a raw IPv4 TS. */
	len = build_pbu(buf, OPTS(0x2d, 0x24, 0, 7, 0, 1, 0, 0,
				  0x01, 0x01, 0x00,
				  0x00,
				  0x05, 0x10, MAG_ADDR_2,
				  0x03, 0x06, 0x01, 0x00, 0xc0, 0x00, 0x00,
				  0x00));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, &report), MH_OK);
	CHECK(report.unknown_suboption_count == 1);
	CHECK(msg.opts.fid_count == 1);
	CHECK(msg.opts.fid[0].fid == 7);
	CHECK(msg.opts.fid[0].has_ts);
	CHECK(msg.opts.fid[0].ts.format == MH_TS_FORMAT_IPV4_BINARY);
	CHECK(msg.opts.fid[0].ts.raw.len == 4);
	CHECK(msg.opts.fid[0].ts.raw.bytes[0] == 0xc0);
	finish("accept unknown FID sub-option, keep IPv4 TS raw");
}

static void test_accept_bid_reference_list(void)
{
	static struct mh_msg msg;
	uint8_t buf[128], out[MH_MAX_LEN];
	size_t len, out_len = 0;

	/* RFC 6089 4.2.1.3: a BID Reference carries one or more BIDs.  Two
	 * sub-options (BIDs 1, 2 and BID 3) accumulate in order ... */
	len = build_pbu(buf, OPTS(0x2d, 0x10, 0, 2, 0, 10, 0, 0,
				  0x02, 0x04, 0x00, 0x01, 0x00, 0x02,
				  0x02, 0x02, 0x00, 0x03));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.opts.fid_count == 1);
	CHECK(msg.opts.fid[0].bid_ref_count == 3);
	CHECK(msg.opts.fid[0].bid_refs[0] == 1);
	CHECK(msg.opts.fid[0].bid_refs[1] == 2);
	CHECK(msg.opts.fid[0].bid_refs[2] == 3);
	/* ... and are sent back as one sub-option: FID at 12 (2n), its
	 * sub-options at 20. */
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	CHECK(out[12] == MH_OPT_FLOW_ID && out[13] == 6 + 2 + 6);
	CHECK(out[20] == MH_FID_SUBOPT_BID_REF && out[21] == 6);
	CHECK(out[22] == 0 && out[23] == 1 && out[24] == 0 && out[25] == 2 &&
	      out[26] == 0 && out[27] == 3);
	finish("accept several BIDs per BID reference, send them in one");
}

static void test_accept_upn_reserved(void)
{
	/* RFC 7077 4.1: reason 0x0001, then A, D and 14 reserved bits, all
	 * set; 4.2: Status 128, then 24 reserved bits, all set. */
	static const uint8_t upn_head[] = { 0x3b, 0, 0x13, 0, 0, 0,
					    0x12, 0x34, 0x00, 0x01, 0xff, 0xff };
	static const uint8_t upa_head[] = { 0x3b, 0, 0x14, 0, 0, 0,
					    0x12, 0x34, 0x80, 0xff, 0xff, 0xff };
	static struct mh_msg msg;
	uint8_t buf[64], out[64];
	size_t len, out_len = 0;

	/* The flags are a raw word (octets 10-11): A, D and the reserved
	 * bits round-trip.  The first option is at 12. */
	len = build_msg(buf, upn_head, sizeof(upn_head),
			OPTS(0x08, 0x02, 0x01, 'x'));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.upn.sequence == 0x1234);
	CHECK(msg.upn.reason == MH_UPN_REASON_FORCE_REREGISTRATION);
	CHECK((msg.upn.flags & MH_UPN_FLAG_A) && (msg.upn.flags & MH_UPN_FLAG_D));
	CHECK(msg.opts.mn_id.len == 1 && msg.opts.mn_id.id[0] == 'x');
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	CHECK(out_len == 16 && out[8] == 0 && out[9] == 1 && out[10] == 0xff &&
	      out[11] == 0xff);
	CHECK(out[12] == MH_OPT_MN_ID);
	/* RFC 7077 4.2: Status, then 24 reserved bits; option at 12. */
	len = build_msg(buf, upa_head, sizeof(upa_head),
			OPTS(0x08, 0x02, 0x01, 'y'));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.upa.sequence == 0x1234);
	CHECK(msg.upa.status == MH_UPA_STATUS_FAILED_TO_UPDATE_SESSION_PARAMETERS);
	CHECK(msg.opts.mn_id.id[0] == 'y');
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	CHECK(out_len == 16 && out[8] == 0x80 && out[9] == 0 &&
	      out[10] == 0 && out[11] == 0 && out[12] == MH_OPT_MN_ID);
	/* A UPN whose Header Len leaves only 4 octets of fixed data. */
	memcpy(buf, upn_head, 8);
	buf[1] = 0;
	CHECK_RESULT(mh_decode(buf, 8, 0, &msg, NULL),
		     MH_ERR_MESSAGE_TOO_SHORT);
	finish("UPN/UPA: 6-octet fixed part, reserved bits, options at 12");
}

/*
 * The layout this codec used before 2026-12 (an 8-bit reason in octet 8,
 * A and D in octet 9) read by the RFC 7077 4.1 codec: a FORCE-REREGISTRATION
 * with A (octets 01 80) is reason 0x0180 with no flag, and a FLOW-MOBILITY
 * with A (08 80) is 0x0880: neither is taken for what the old sender meant.
 */
static void test_upn_old_layout(void)
{
	static const uint8_t old_force[] = { 0x3b, 0, 0x13, 0, 0, 0,
					     0x00, 0x07, 0x01, 0x80, 0x00, 0x00 };
	static const uint8_t old_fmi[] = { 0x3b, 0, 0x13, 0, 0, 0,
					   0x00, 0x08, 0x08, 0x80, 0x00, 0x00 };
	static struct mh_msg msg;
	uint8_t buf[64];
	size_t len;

	len = build_msg(buf, old_force, sizeof(old_force), OPTS(0x08, 0x02, 0x01, 'x'));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.upn.reason == 0x0180 && !(msg.upn.flags & MH_UPN_FLAG_A));
	CHECK(msg.upn.reason != MH_UPN_REASON_FORCE_REREGISTRATION);
	len = build_msg(buf, old_fmi, sizeof(old_fmi), OPTS(0x08, 0x02, 0x01, 'x'));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.upn.reason == 0x0880 && !msg.upn.flags);
	CHECK(msg.upn.reason != MH_UPN_REASON_FLOW_MOBILITY_ADD &&
	      msg.upn.reason != MH_UPN_REASON_FLOW_MOBILITY_REMOVE);
	finish("UPN in the old 8-bit-reason layout: not a FORCE-REREGISTRATION, not an FMI");
}

static void test_mn_ll_id_alignment(void)
{
	static struct mh_msg msg, back;
	uint8_t out[64];
	size_t out_len = 0;

	/* MN-ID "ab" ends at 17; the MN Link-layer ID goes to 2n (RFC 5213
	 * 8.6 "aligned appropriately": its Reserved is 16 bits), after a
	 * Pad1. */
	mh_msg_init(&msg, MH_MSG_PBU);
	msg.opts.present = mh_opt_bit(MH_OPT_MN_ID) | mh_opt_bit(MH_OPT_MN_LL_ID);
	msg.opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	msg.opts.mn_id.len = 2;
	memcpy(msg.opts.mn_id.id, "ab", 2);
	msg.opts.mn_ll_id.len = sizeof(ll_id_1);
	memcpy(msg.opts.mn_ll_id.id, ll_id_1, sizeof(ll_id_1));
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	CHECK(out[12] == MH_OPT_MN_ID && out[13] == 3);
	CHECK(out[17] == MH_OPT_PAD1);
	CHECK(out[18] == MH_OPT_MN_LL_ID && out[19] == 8);
	CHECK(out[20] == 0 && out[21] == 0 && out[22] == 0x02);
	CHECK_RESULT(mh_decode(out, out_len, 0, &back, NULL), MH_OK);
	CHECK(memcmp(&msg, &back, sizeof(msg)) == 0);
	finish("MN link-layer ID aligned 2n");
}

static void test_accept_binary_nai(void)
{
	static struct mh_msg msg;
	uint8_t buf[64];
	size_t len;

	/* OAI pmip6d: binary MN-ID under the NAI subtype, HNP /128. */
	len = build_pbu(buf, OPTS(0x08, 0x05, 0x01, 0x00, 0xff, 0x10, 0x80,
				  0x16, 0x12, 0x00, 0x80, PREFIX_1));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.opts.mn_id.len == 4);
	CHECK(msg.opts.mn_id.id[1] == 0xff);
	CHECK(msg.opts.hnp[0].prefix_len == 128);
	finish("accept binary NAI and an HNP /128 (OAI)");
}

/* ------------------------------------------------------------------ */
/* Traffic selector                                                   */
/* ------------------------------------------------------------------ */

static void test_ts_all_fields(void)
{
	static struct mh_msg msg, back;
	struct mh_ts_ipv6 *ts;
	uint8_t out[MH_MAX_LEN];
	size_t out_len = 0;
	/* Offset of the TS Reserved bits: options at 12, FID header (8),
	 * a 4-octet PadN sub-option (A-D set: 8n, RFC 6088 3.2), sub-option
	 * Type/Len/Format/Reserved (4), flags (2). */
	const size_t ts_at = 12 + 8 + 4 + 4 + 2;

	mh_msg_init(&msg, MH_MSG_UPN);
	msg.opts.fid_count = 1;
	msg.opts.fid[0].has_ts = true;
	msg.opts.fid[0].ts.format = MH_TS_FORMAT_IPV6_BINARY;
	ts = &msg.opts.fid[0].ts.ipv6;
	ts->present = 0xffff;
	for (unsigned i = 0; i < 16; i++) {
		ts->src_addr_start[i] = (uint8_t)(0x10 + i);
		ts->src_addr_end[i] = (uint8_t)(0x20 + i);
		ts->dst_addr_start[i] = (uint8_t)(0x30 + i);
		ts->dst_addr_end[i] = (uint8_t)(0x40 + i);
	}
	ts->spi_start = 0x50515253;
	ts->spi_end = 0x60616263;
	ts->flow_label_start = 0x000abcde;
	ts->flow_label_end = 0x000fffff;
	ts->src_port_start = 0x7071;
	ts->src_port_end = 0x7273;
	ts->dst_port_start = 0x7475;
	ts->dst_port_end = 0x7677;
	ts->tc_start = 0x80;
	ts->tc_end = 0x81;
	ts->next_header_start = 0x82;
	ts->next_header_end = 0x83;

	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	/* UPN options start at 12 (RFC 7077 4.1); FID is 2n: no pad; its
	 * selector at 24 (8n) after a PadN sub-option. */
	CHECK(out[12] == MH_OPT_FLOW_ID);
	CHECK(out[13] == 6 + 4 + 2 + 2 + 4 + 4 * 16 + 2 * 4 + 2 * 4 + 4 * 2 + 4);
	CHECK(out[20] == MH_FID_SUBOPT_PADN && out[21] == 2);
	CHECK(out[24] == MH_FID_SUBOPT_TS);
	CHECK(out[25] == 2 + 4 + 64 + 8 + 8 + 8 + 4);
	/* Flags, Reserved, then the first address. */
	CHECK(out[ts_at - 2] == 0xff && out[ts_at - 1] == 0xff);
	CHECK(out[ts_at] == 0 && out[ts_at + 1] == 0);	/* Reserved */
	CHECK(out[ts_at + 2] == 0x10 && out[ts_at + 2 + 63] == 0x4f);
	/* E F (SPI), then G H (flow label, 32 bits each). */
	CHECK(out[ts_at + 66] == 0x50 && out[ts_at + 73] == 0x63);
	CHECK(out[ts_at + 74] == 0x00 && out[ts_at + 75] == 0x0a &&
	      out[ts_at + 76] == 0xbc && out[ts_at + 77] == 0xde);
	CHECK(out[ts_at + 81] == 0xff);
	/* I J K L ports, then M N O P. */
	CHECK(out[ts_at + 82] == 0x70 && out[ts_at + 89] == 0x77);
	CHECK(out[ts_at + 90] == 0x80 && out[ts_at + 93] == 0x83);
	CHECK_RESULT(mh_decode(out, out_len, 0, &back, NULL), MH_OK);
	CHECK(memcmp(&msg, &back, sizeof(msg)) == 0);
	finish("ts6 all sixteen fields in flag order");
}

/*
 * RFC 6088 3.2, (G) Start Flow Label: a 32-bit field (Figure 2) into
 * which "the sender ... MUST prefix the flow label value with 8 bits of
 * "0""; "The receiver SHOULD ignore the first 8 bits of this field".  The
 * value is the low 24 bits: here 0x123456 under a first octet of 0xff.
 * The codec used to keep 20 bits (0x23456).
 */
static void test_ts_flow_label(void)
{
	static struct mh_msg msg;
	uint8_t buf[128], out[128];
	size_t len, out_len = 0;

	/* FID at 12, sub-options at 20: G only, so the selector is 4n. */
	len = build_pbu(buf, OPTS(0x2d, 0x12, 0, 2, 0, 10, 0, 0,
				  /* 20 TS, format 2 */ 0x03, 0x0a, 0x02, 0x00,
				  /* 24 flags G, Reserved */ 0x02, 0x00, 0x00, 0x00,
				  /* 28 G: first 8 bits set */ 0xff, 0x12, 0x34, 0x56));
	CHECK_RESULT(mh_decode(buf, len, 0, &msg, NULL), MH_OK);
	CHECK(msg.opts.fid[0].ts.ipv6.present == MH_TS6_START_FLOW_LABEL);
	CHECK(msg.opts.fid[0].ts.ipv6.flow_label_start == 0x123456);
	/* Sent back with the first 8 bits zero. */
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	CHECK(out_len == len && out[28] == 0x00 && out[29] == 0x12 &&
	      out[30] == 0x34 && out[31] == 0x56);
	/* A value that needs more than 24 bits cannot be sent. */
	msg.opts.fid[0].ts.ipv6.flow_label_start = 0x1000000;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_INVALID_ARGUMENT);
	/* ... nor in H, while an absent H's value does not matter. */
	msg.opts.fid[0].ts.ipv6.flow_label_start = MH_TS6_FLOW_LABEL_MAX;
	msg.opts.fid[0].ts.ipv6.flow_label_end = 0xffffffff;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	msg.opts.fid[0].ts.ipv6.present |= MH_TS6_END_FLOW_LABEL;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_INVALID_ARGUMENT);
	finish("ts6 flow label: 32-bit field, 24-bit value, first 8 bits ignored");
}

/* ------------------------------------------------------------------ */
/* Encoder refusals                                                   */
/* ------------------------------------------------------------------ */

static void test_encode_refusals(void)
{
	static struct mh_msg msg;
	uint8_t out[MH_MAX_LEN];
	size_t out_len = 0;

	fill_pbu(&msg);
	CHECK_RESULT(mh_encode(&msg, out, 50, &out_len), MH_ERR_NO_SPACE);
	CHECK(out_len == 0);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(vec_pbu), &out_len), MH_OK);
	CHECK(out_len == sizeof(vec_pbu));

	fill_pbu(&msg);
	msg.opts.hnp[0].prefix_len = 129;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_INVALID_ARGUMENT);

	fill_pbu(&msg);
	msg.opts.present |= mh_opt_bit(MH_OPT_MAG_IPV6_ADDR);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);

	fill_ro_init(&msg);
	msg.opts.hnp_count = 3;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_TOO_MANY);

	fill_ro_init(&msg);
	msg.ro.kind = 0;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_BAD_RO_KIND);

	fill_heartbeat(&msg);
	msg.opts.bid_count = 1;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);

	/* RFC 6275 6.1.9 defines no option for the Binding Error. */
	fill_be_unrecognized(&msg);
	msg.opts.hnp_count = 1;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);
	fill_be_unrecognized(&msg);
	msg.opts.present = mh_opt_bit(MH_OPT_TIMESTAMP);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);

	/* RFC 5847 3.4: no Restart Counter in a request, nor in a PBU. */
	fill_heartbeat_response(&msg);
	msg.heartbeat.flags = 0;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);
	fill_pbu(&msg);
	msg.opts.present |= mh_opt_bit(MH_OPT_RESTART_COUNTER);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_OPTION_NOT_ALLOWED);

	mh_msg_init(&msg, MH_MSG_NONE);
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_INVALID_ARGUMENT);

	fill_pbu_flow(&msg);
	msg.opts.bid[0].coa_len = 5;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_INVALID_ARGUMENT);

	/* FID over 255 octets: 8 BID refs (32) + a 245-octet raw TS. */
	fill_pbu_flow(&msg);
	msg.opts.fid[0].bid_ref_count = MH_MAX_FID_BID_REFS;
	msg.opts.fid[0].ts.format = MH_TS_FORMAT_IPV4_BINARY;
	msg.opts.fid[0].ts.raw.len = MH_TS_RAW_MAX;
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_INVALID_ARGUMENT);

	/* 16 FIDs of ~250 octets: over 2048. */
	fill_pbu_flow(&msg);
	msg.opts.fid_count = MH_MAX_FID;
	for (unsigned i = 0; i < MH_MAX_FID; i++) {
		msg.opts.fid[i] = msg.opts.fid[0];
		msg.opts.fid[i].bid_ref_count = 0;
		msg.opts.fid[i].has_action = false;
		msg.opts.fid[i].ts.format = MH_TS_FORMAT_IPV4_BINARY;
		msg.opts.fid[i].ts.raw.len = 200;
	}
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len),
		     MH_ERR_TOO_LONG);
	finish("encoder refuses what the decoder would reject");
}

static void test_max_length_message(void)
{
	static struct mh_msg msg, back;
	uint8_t out[MH_MAX_LEN];
	size_t out_len = 0;

	/* 8 FIDs with 245-octet raw TS: 8 * 256 = 2048 with the headers?
	 * Exactly: 12 + 8 * (2 + 6 + 2 + 2 + 245) = 2068 > 2048, so use 7
	 * and check Header Len arithmetic near the top of the range. */
	mh_msg_init(&msg, MH_MSG_PBU);
	msg.opts.fid_count = 7;
	for (unsigned i = 0; i < 7; i++) {
		msg.opts.fid[i].fid = (uint16_t)i;
		msg.opts.fid[i].has_ts = true;
		msg.opts.fid[i].ts.format = 9;
		msg.opts.fid[i].ts.raw.len = MH_TS_RAW_MAX;
		memset(msg.opts.fid[i].ts.raw.bytes, (int)i, MH_TS_RAW_MAX);
	}
	CHECK_RESULT(mh_encode(&msg, out, sizeof(out), &out_len), MH_OK);
	CHECK(out_len % 8 == 0);
	CHECK(out_len > 1700 && out_len <= MH_MAX_LEN);
	CHECK(out[1] == out_len / 8 - 1);
	CHECK_RESULT(mh_decode(out, out_len, 0, &back, NULL), MH_OK);
	CHECK(memcmp(&msg, &back, sizeof(msg)) == 0);
	finish("large message: header len and round trip");
}

/*
 * tshark 4.0 does not dissect our RO messages, so the layouts of the MAG
 * IPv6 Address (51) and IPv4 Home Address (29) options are checked by
 * splicing the encoder's own option bytes into a Binding Update (which
 * tshark dissects) and writing that to the pcap.  Not a valid PBU for us
 * (the decoder refuses those options there): it exists only for tshark.
 */
static void test_layout_probe_for_tshark(void)
{
	static struct mh_msg msg;
	uint8_t ro_init[MH_MAX_LEN], ro_ack[MH_MAX_LEN], probe[64];
	size_t ro_init_len = 0, ro_ack_len = 0, len = 0;
	static const uint8_t bu_head[] = { 0x3b, 0, 0x05, 0, 0, 0,
					   0x00, 0x63, 0x02, 0x00, 0x00, 0x01 };

	fill_ro_init(&msg);
	CHECK_RESULT(mh_encode(&msg, ro_init, sizeof(ro_init), &ro_init_len),
		     MH_OK);
	fill_ro_refresh_ack(&msg);
	CHECK_RESULT(mh_encode(&msg, ro_ack, sizeof(ro_ack), &ro_ack_len),
		     MH_OK);
	if (ro_init_len == 88 && ro_ack_len == 32) {
		memcpy(probe, bu_head, sizeof(bu_head));
		len = sizeof(bu_head);
		/* MAG IPv6 Address at 68..88 of RO Init: 8n+4 at 12. */
		memcpy(probe + len, ro_init + 68, 20);
		len += 20;
		/* Both IPv4 HoA options at 16..32 of the RO ack: 4n. */
		memcpy(probe + len, ro_ack + 16, 16);
		len += 16;
		probe[1] = (uint8_t)(len / 8 - 1);
		CHECK(len == 48);
		save_pcap(probe, len);
	} else {
		current_failed = true;
	}
	finish("layout probe for tshark: MAG address and IPv4 HoA options");
}

/* ------------------------------------------------------------------ */
/* Messages stock tshark does not dissect (--pcap-ext)                */
/* ------------------------------------------------------------------ */

/*
 * The signaling that tshark 4.0 leaves raw: every localized-routing kind,
 * FMI add/remove, FMA with each status, a PBU with HI 6, a Flow
 * Identification and a Flow Summary.  Each is built as pmipd builds it,
 * encoded with mh_encode() and decoded back (so `make check` covers them
 * too); with --pcap-ext they are written to a pcap that
 * user/wireshark/check.sh decodes with pmip6.lua.  check.sh expects
 * exactly these values: change both together.
 */
static const uint8_t ipv4_hoa_1[4] = { 192, 0, 2, 1 };
static const uint8_t ipv4_hoa_2[4] = { 198, 51, 100, 7 };
/* 2001:db8:1::ff, 2001:db8:2::20 */
static const uint8_t host_1_ff[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0,
				       0, 0, 0, 0, 0, 0, 0, 0xff };
static const uint8_t host_2_20[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0,
				       0, 0, 0, 0, 0, 0, 0, 0x20 };

static void ext_mn_id(struct mh_msg *m)
{
	m->opts.present |= mh_opt_bit(MH_OPT_MN_ID);
	m->opts.mn_id.subtype = MH_MN_ID_SUBTYPE_NAI;
	m->opts.mn_id.len = sizeof(nai_mn1);
	memcpy(m->opts.mn_id.id, nai_mn1, sizeof(nai_mn1));
}

static void ext_hnp(struct mh_msg *m, const uint8_t prefix[16], bool off_link)
{
	struct mh_hnp *hnp = &m->opts.hnp[m->opts.hnp_count++];

	hnp->off_link = off_link;
	hnp->prefix_len = 64;
	memcpy(hnp->prefix, prefix, 16);
}

/* RO kind k: sequence 0x100 + k, lifetime 60 k s, acks carry statuses
 * 0, 128, 129, 130, 0 (Trigger Ack ... Request Ack); source HNP
 * 2001:db8:1::/64, destination HNP 2001:db8:2::/64, MAG 2001:db8:ff::3,
 * IPv4 HoAs 192.0.2.1/32 and 198.51.100.7/24 with P. */
static void fill_ext_ro(struct mh_msg *m, uint8_t kind)
{
	static const uint8_t ack_status[] = {
		MH_RO_STATUS_SUCCESS, MH_RO_STATUS_REASON_UNSPECIFIED,
		MH_RO_STATUS_DENIED, MH_RO_STATUS_UNKNOWN_MN,
		MH_RO_STATUS_SUCCESS,
	};

	mh_msg_init(m, MH_MSG_RO);
	m->ro.kind = kind;
	m->ro.sequence = (uint16_t)(0x100 + kind);
	m->ro.status = mh_ro_kind_is_ack(kind) ? ack_status[kind / 2 - 1] : 0;
	m->ro.lifetime_seconds = (uint16_t)(60 * kind);
	ext_hnp(m, prefix_1, false);
	ext_hnp(m, prefix_2, false);
	m->opts.present = mh_opt_bit(MH_OPT_MAG_IPV6_ADDR);
	m->opts.mag_addr_len = 128;
	memcpy(m->opts.mag_addr, mag_addr_3, 16);
	m->opts.ipv4_hoa_count = 2;
	m->opts.ipv4_hoa[0].prefix_len = 32;
	memcpy(m->opts.ipv4_hoa[0].addr, ipv4_hoa_1, 4);
	m->opts.ipv4_hoa[1].prefix_len = 24;
	m->opts.ipv4_hoa[1].p_flag = true;
	memcpy(m->opts.ipv4_hoa[1].addr, ipv4_hoa_2, 4);
}

/* FMI add (RFC 7864 3.2.1 as pmipd's "flow move" sends it, plus an
 * on-link HNP and a full traffic selector): seq 0x51, A; FID 7, FID-PRI
 * 3, BID references 2 and 5, selector C D G H I J K L O P, action Add. */
static void fill_ext_fmi_add(struct mh_msg *m)
{
	struct mh_flow_id *fid;
	struct mh_ts_ipv6 *ts;

	mh_msg_init(m, MH_MSG_UPN);
	m->upn.sequence = 0x51;
	m->upn.reason = MH_UPN_REASON_FLOW_MOBILITY_ADD;
	m->upn.flags = MH_UPN_FLAG_A;
	ext_mn_id(m);
	ext_hnp(m, prefix_2, true);
	ext_hnp(m, prefix_1, false);
	m->opts.fid_count = 1;
	fid = &m->opts.fid[0];
	fid->fid = 7;
	fid->priority = 3;
	fid->status = MH_FID_STATUS_OK;
	fid->bid_ref_count = 2;
	fid->bid_refs[0] = 2;
	fid->bid_refs[1] = 5;
	fid->has_ts = true;
	fid->ts.format = MH_TS_FORMAT_IPV6_BINARY;
	ts = &fid->ts.ipv6;
	ts->present = MH_TS6_START_DST_ADDR | MH_TS6_END_DST_ADDR |
		MH_TS6_START_FLOW_LABEL | MH_TS6_END_FLOW_LABEL |
		MH_TS6_START_SRC_PORT | MH_TS6_END_SRC_PORT |
		MH_TS6_START_DST_PORT | MH_TS6_END_DST_PORT |
		MH_TS6_START_NH | MH_TS6_END_NH;
	memcpy(ts->dst_addr_start, host_1_10, 16);
	memcpy(ts->dst_addr_end, host_1_ff, 16);
	ts->flow_label_start = 0x12345;
	ts->flow_label_end = 0xabcde;
	ts->src_port_start = 1024;
	ts->src_port_end = 65535;
	ts->dst_port_start = 80;
	ts->dst_port_end = 443;
	ts->next_header_start = 6;
	ts->next_header_end = 17;
	fid->has_action = true;
	fid->action = MH_FLOW_ACTION_ADD;
}

/* FMI remove (reason 9, ours): seq 0x52, A; MN-ID, off-link HNP. */
static void fill_ext_fmi_remove(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_UPN);
	m->upn.sequence = 0x52;
	m->upn.reason = MH_UPN_REASON_FLOW_MOBILITY_REMOVE;
	m->upn.flags = MH_UPN_FLAG_A;
	ext_mn_id(m);
	ext_hnp(m, prefix_2, true);
}

/* FMA: seq 0x51 + i with statuses 0, 131, 132, 133; MN-ID. */
static void fill_ext_fma(struct mh_msg *m, uint8_t status, uint16_t seq)
{
	mh_msg_init(m, MH_MSG_UPA);
	m->upa.sequence = seq;
	m->upa.status = status;
	ext_mn_id(m);
}

/* UPN FORCE-REREGISTRATION (RFC 7077 4.1), a retransmission: seq 0x1234,
 * A and D; MN-ID. */
static void fill_ext_force_rereg(struct mh_msg *m)
{
	mh_msg_init(m, MH_MSG_UPN);
	m->upn.sequence = 0x1234;
	m->upn.reason = MH_UPN_REASON_FORCE_REREGISTRATION;
	m->upn.flags = MH_UPN_FLAG_A | MH_UPN_FLAG_D;
	ext_mn_id(m);
}

/* PBU on a new interface sharing prefixes (HI 6, RFC 7864): seq 0x77,
 * A|P, lifetime 150 units; BID 3 (pri 5), FID 9 (pri 1, BID ref 3,
 * selector A B E F M N, action Move), Flow Summary 7, 9. */
static void fill_ext_pbu_hi6(struct mh_msg *m)
{
	struct mh_flow_id *fid;
	struct mh_ts_ipv6 *ts;

	mh_msg_init(m, MH_MSG_PBU);
	m->pbu.sequence = 0x77;
	m->pbu.flags = MH_PBU_FLAG_A | MH_PBU_FLAG_P;
	m->pbu.lifetime_units = 150;
	ext_mn_id(m);
	ext_hnp(m, prefix_1, false);
	m->opts.present |= mh_opt_bit(MH_OPT_HANDOFF_INDICATOR) |
		mh_opt_bit(MH_OPT_ACCESS_TECH_TYPE) |
		mh_opt_bit(MH_OPT_FLOW_SUMMARY);
	m->opts.handoff_indicator = MH_HI_NEW_INTERFACE_SHARING_PREFIXES;
	m->opts.access_tech_type = 4;
	m->opts.bid_count = 1;
	m->opts.bid[0].bid = 3;
	m->opts.bid[0].priority = 5;
	m->opts.fid_count = 1;
	fid = &m->opts.fid[0];
	fid->fid = 9;
	fid->priority = 1;
	fid->bid_ref_count = 1;
	fid->bid_refs[0] = 3;
	fid->has_ts = true;
	fid->ts.format = MH_TS_FORMAT_IPV6_BINARY;
	ts = &fid->ts.ipv6;
	ts->present = MH_TS6_START_SRC_ADDR | MH_TS6_END_SRC_ADDR |
		MH_TS6_START_SPI | MH_TS6_END_SPI |
		MH_TS6_START_TC | MH_TS6_END_TC;
	memcpy(ts->src_addr_start, host_2_20, 16);
	memcpy(ts->src_addr_end, host_2_20, 16);
	ts->spi_start = 0x100;
	ts->spi_end = 0x1ff;
	ts->tc_start = 0x20;
	ts->tc_end = 0xb8;
	fid->has_action = true;
	fid->action = MH_FLOW_ACTION_MOVE;
	m->opts.flow_summary_count = 2;
	m->opts.flow_summary[0] = 7;
	m->opts.flow_summary[1] = 9;
}

/* Encode, decode back to the same message, write to the --pcap-ext file
 * (and the --corpus directory: more seeds for mh_fuzz). */
static void test_ext_vector(const char *what, const struct mh_msg *m)
{
	static struct mh_msg back;
	uint8_t out[MH_MAX_LEN];
	size_t out_len = 0;
	struct mh_decode_report report;
	char name[128];

	CHECK_RESULT(mh_encode(m, out, sizeof(out), &out_len), MH_OK);
	CHECK_RESULT(mh_decode(out, out_len, 0, &back, &report), MH_OK);
	CHECK(memcmp(m, &back, sizeof(back)) == 0);
	CHECK(report.misaligned_option_count == 0);
	CHECK(report.misaligned_suboption_count == 0);
	if (!current_failed) {
		save_pcap_to(pcap_ext_file, out, out_len);
		save_corpus(what, out, out_len);
	}
	snprintf(name, sizeof(name), "ext vector %s round trips", what);
	finish(name);
}

static void test_ext_vectors(void)
{
	static const uint8_t fma_status[] = {
		MH_UPA_STATUS_SUCCESS, MH_UPA_STATUS_REASON_UNSPECIFIED,
		MH_UPA_STATUS_MN_NOT_ATTACHED, MH_UPA_STATUS_NO_FMC_ENTRY,
	};
	static struct mh_msg msg;
	char what[64];

	for (uint8_t kind = MH_RO_TRIGGER; kind <= MH_RO_KIND_MAX; kind++) {
		fill_ext_ro(&msg, kind);
		snprintf(what, sizeof(what), "%s", mh_ro_kind_name(kind));
		test_ext_vector(what, &msg);
	}
	fill_ext_fmi_add(&msg);
	test_ext_vector("FMI add", &msg);
	fill_ext_fmi_remove(&msg);
	test_ext_vector("FMI remove", &msg);
	for (unsigned i = 0; i < sizeof(fma_status); i++) {
		fill_ext_fma(&msg, fma_status[i], (uint16_t)(0x51 + i));
		snprintf(what, sizeof(what), "FMA status %u", fma_status[i]);
		test_ext_vector(what, &msg);
	}
	fill_ext_pbu_hi6(&msg);
	test_ext_vector("PBU HI 6 with FID and Flow Summary", &msg);
	fill_ext_force_rereg(&msg);
	test_ext_vector("UPN FORCE-REREGISTRATION, A and D", &msg);
}

/* ------------------------------------------------------------------ */
/* Checksum                                                           */
/* ------------------------------------------------------------------ */

/* Straightforward reference: lay out pseudo-header + MH in one buffer
 * and sum 16-bit words with a 64-bit accumulator. */
static uint16_t reference_checksum(const uint8_t src[16],
				   const uint8_t dst[16], const uint8_t *mh,
				   size_t len)
{
	uint8_t all[40 + MH_MAX_LEN + 1];
	uint64_t sum = 0;
	size_t n = 40 + len;

	memset(all, 0, sizeof(all));
	memcpy(all, src, 16);
	memcpy(all + 16, dst, 16);
	all[32] = (uint8_t)(len >> 24);
	all[33] = (uint8_t)(len >> 16);
	all[34] = (uint8_t)(len >> 8);
	all[35] = (uint8_t)len;
	all[39] = 135;
	memcpy(all + 40, mh, len);
	for (size_t i = 0; i < n; i += 2)
		sum += (uint64_t)all[i] << 8 | all[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void test_checksum(void)
{
	uint8_t mh[sizeof(vec_pbu)];
	uint8_t odd[7] = { 0x3b, 0, 5, 0, 0, 0, 0xab };
	uint16_t want;

	memcpy(mh, vec_pbu, sizeof(mh));
	want = reference_checksum(addr_mag, addr_lma, mh, sizeof(mh));
	CHECK(mh_checksum(addr_mag, addr_lma, mh, sizeof(mh)) == want);
	mh_checksum_fill(addr_mag, addr_lma, mh, sizeof(mh));
	CHECK((mh[4] << 8 | mh[5]) == want);
	CHECK(mh_checksum(addr_mag, addr_lma, mh, sizeof(mh)) == 0);
	mh[20] ^= 1;
	CHECK(mh_checksum(addr_mag, addr_lma, mh, sizeof(mh)) != 0);
	/* Odd length: the tail octet is padded with zero. */
	CHECK(mh_checksum(addr_mag, addr_lma, odd, sizeof(odd)) ==
	      reference_checksum(addr_mag, addr_lma, odd, sizeof(odd)));
	/* A known value, computed by hand for the heartbeat vector between
	 * :: and :: : words 0x3b01 + 0x0d00 + 0x0001 + 0x0102 + 0x0304 +
	 * 0x0102 + length 0x0010 + next header 0x0087 = 0x4da1, so the
	 * checksum is ~0x4da1 = 0xb25e. */
	{
		const uint8_t any[16] = { 0 };

		CHECK(mh_checksum(any, any, vec_heartbeat,
				  sizeof(vec_heartbeat)) == 0xb25e);
	}
	finish("checksum over the IPv6 pseudo-header");
}

/* ------------------------------------------------------------------ */
/* Names                                                              */
/* ------------------------------------------------------------------ */

static void test_names(void)
{
	for (int r = 0; r < MH_RESULT_COUNT; r++) {
		const char *s = mh_strerror((enum mh_result)r);

		CHECK(s && *s && strcmp(s, "unknown error") != 0);
	}
	CHECK(strcmp(mh_strerror((enum mh_result)999), "unknown error") == 0);
	CHECK(strcmp(mh_pba_status_name(156), "TIMESTAMP_MISMATCH") == 0);
	CHECK(strcmp(mh_ro_kind_name(MH_RO_SETUP_ACK), "RO Setup Ack") == 0);
	CHECK(strcmp(mh_ro_kind_name(0), "unknown") == 0);
	CHECK(mh_ro_kind_is_ack(MH_RO_REQUEST_ACK));
	CHECK(!mh_ro_kind_is_ack(MH_RO_REQUEST));
	CHECK(!mh_ro_kind_is_ack(12));
	CHECK(strcmp(mh_opt_name(22), "Home Network Prefix") == 0);
	CHECK(strcmp(mh_opt_name(28), "Restart Counter") == 0);
	CHECK(strcmp(mh_msg_kind_name(MH_MSG_BRA), "BRA") == 0);
	CHECK(mh_msg_kind_type(MH_MSG_RO) == 11);
	CHECK(mh_msg_kind_type(MH_MSG_BE) == 7);
	CHECK(strcmp(mh_msg_kind_name(MH_MSG_BE), "BE") == 0);
	CHECK(strcmp(mh_be_status_name(2), "unrecognized MH Type value") == 0);
	CHECK(strcmp(mh_be_status_name(1),
		     "unknown binding for Home Address destination option") == 0);
	CHECK(strcmp(mh_be_status_name(0), "unknown") == 0);
	finish("reason strings and names");
}

/* ------------------------------------------------------------------ */

static int usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--pcap FILE] [--pcap-ext FILE] [--corpus DIR]\n",
		argv0);
	return 2;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "--pcap") ||
		     !strcmp(argv[i], "--pcap-ext")) && i + 1 < argc) {
			FILE **file = !strcmp(argv[i], "--pcap") ?
				&pcap_file : &pcap_ext_file;
			uint8_t header[MH_PCAP_FILE_HEADER_LEN];
			size_t header_len =
				mh_pcap_file_header(header, sizeof(header));

			*file = fopen(argv[++i], "wb");
			if (!*file) {
				perror(argv[i]);
				return 2;
			}
			fwrite(header, 1, header_len, *file);
		} else if (!strcmp(argv[i], "--corpus") && i + 1 < argc) {
			corpus_dir = argv[++i];
		} else {
			return usage(argv[0]);
		}
	}

	for (size_t i = 0; i < VECTOR_COUNT; i++) {
		test_vector_encode(&vectors[i]);
		test_vector_decode(&vectors[i]);
		test_vector_round_trip(&vectors[i]);
	}
	test_malformed_header();
	test_unknown_mh_type_distinct();
	test_binding_error_receive();
	test_malformed_options();
	test_malformed_other_messages();
	test_ipv4_hoa_rules();
	test_too_many_hnps();
	test_too_many_flow_summary();
	test_malformed_flow_id();
	test_accept_trailing_with_flag();
	test_accept_misaligned_and_padn();
	test_accept_misaligned_suboptions();
	test_flow_id_too_long_once_aligned();
	test_accept_unknown_suboption();
	test_accept_bid_reference_list();
	test_accept_upn_reserved();
	test_upn_old_layout();
	test_mn_ll_id_alignment();
	test_accept_binary_nai();
	test_ts_all_fields();
	test_ts_flow_label();
	test_encode_refusals();
	test_max_length_message();
	test_layout_probe_for_tshark();
	test_ext_vectors();
	/* The hand-built vectors pmip6.lua must read as the codec does. */
	for (size_t i = 0; i < VECTOR_COUNT; i++)
		if (vectors[i].lua)
			save_pcap_to(pcap_ext_file, vectors[i].bytes,
				     vectors[i].len);
	test_checksum();
	test_names();

	if (pcap_file)
		fclose(pcap_file);
	if (pcap_ext_file)
		fclose(pcap_ext_file);
	printf("1..%d\n", test_number);
	printf("# %d passed, %d failed\n", tests_passed, tests_failed);
	return tests_failed ? 1 : 0;
}
