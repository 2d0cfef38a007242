// SPDX-License-Identifier: GPL-2.0
/*
 * mh_ts.c - RFC 6088 3.2 IPv6 binary traffic selector.
 *
 * The selector follows the TS Format and Reserved octets of the Traffic
 * Selector sub-option (RFC 6089 4.2.1.4, Figure 5).  RFC 6088 3.2,
 * Figure 2, without the sub-option header:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |A|B|C|D|E|F|G|H|I|J|K|L|M|N|O|P|          Reserved             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            (A) Start Source Address (128 bits)                |
 * |            (B) End Source Address (128 bits)                  |
 * |            (C) Start Destination Address (128 bits)           |
 * |            (D) End Destination Address (128 bits)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  (E) Start IPsec SPI                          |
 * |                  (F) End IPsec SPI                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  (G) Start Flow Label                         |
 * |                  (H) End Flow Label                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   (I) Start Source Port       |   (J) End Source Port         |
 * |   (K) Start Destination Port  |   (L) End Destination Port    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | (M) Start TC  |  (N) End TC   | (O) Start NH  |  (P) End NH   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * "Each flag indicates whether the corresponding field is present": only
 * the fields whose flag is set are there, in flag order (A first), so the
 * rows above are not fixed positions.  The 16 Reserved bits "MUST be set
 * to zero by the sender and ignored by the receiver".  Widths from the
 * figure and the field texts: addresses 128 bits, SPIs 32 (RFC 4303),
 * flow labels 32 (below), ports 16, TC and NH 8.
 *
 * Flow label (RFC 6088 3.2, (G) and (H)): the field is 32 bits; the RFC
 * calls the flow label 24 bits long ("According to [RFC2460]") and has
 * the sender "prefix the flow label value with 8 bits of "0"", the
 * receiver "ignore the first 8 bits of this field before using it in
 * comparisons with flow labels in packets".  So the codec reads the low
 * 24 bits, whatever the first 8 hold, and refuses to send a value that
 * does not fit in 24.  The IPv6 flow label itself is 20 bits (RFC 8200
 * 3, RFC 6437): comparing with packets is done on those 20 bits by the
 * user of the codec (pmip6_ts_from_mh(), user/lib/selector.c), which
 * clips the 24-bit range to the labels a packet can carry.
 *
 * The IPv4 binary selector (format 1, RFC 6088 3.1, Figure 1: flags A-N,
 * 18 Reserved bits, 32-bit addresses and SPIs, 16-bit ports, 8-bit DS and
 * protocol) is carried opaquely by the codec (struct mh_ts .raw).
 */
#include "mh_internal.h"

enum {
	TS6_FLAGS_OCTETS = 4,	/* 16 flags + 16 reserved bits */
	ADDR_OCTETS = 16,
	SPI_OCTETS = 4,
	FLOW_LABEL_OCTETS = 4,
	PORT_OCTETS = 2,
	TC_OCTETS = 1,
	NH_OCTETS = 1,
};

/* RFC 6088 3.2: the value in the low 24 bits, the first 8 ignored. */
#define FLOW_LABEL_MASK MH_TS6_FLOW_LABEL_MAX

/* Width of the field for flag bit `bit` (15 = A ... 0 = P). */
static size_t field_octets(unsigned bit)
{
	if (bit >= 12)
		return ADDR_OCTETS;		/* A B C D */
	if (bit >= 10)
		return SPI_OCTETS;		/* E F */
	if (bit >= 8)
		return FLOW_LABEL_OCTETS;	/* G H */
	if (bit >= 4)
		return PORT_OCTETS;		/* I J K L */
	if (bit >= 2)
		return TC_OCTETS;		/* M N */
	return NH_OCTETS;			/* O P */
}

size_t mh_ts_ipv6_encoded_len(const struct mh_ts_ipv6 *ts)
{
	size_t len = TS6_FLAGS_OCTETS;

	for (unsigned bit = 0; bit < 16; bit++)
		if (ts->present & (1u << bit))
			len += field_octets(bit);
	return len;
}

/* Copy (decode) or emit (encode) one field; `bit` says which. */
static void read_field(struct mh_ts_ipv6 *ts, unsigned bit, const uint8_t *p)
{
	switch (bit) {
	case 15: memcpy(ts->src_addr_start, p, ADDR_OCTETS); break;
	case 14: memcpy(ts->src_addr_end, p, ADDR_OCTETS); break;
	case 13: memcpy(ts->dst_addr_start, p, ADDR_OCTETS); break;
	case 12: memcpy(ts->dst_addr_end, p, ADDR_OCTETS); break;
	case 11: ts->spi_start = get_be32(p); break;
	case 10: ts->spi_end = get_be32(p); break;
	case 9: ts->flow_label_start = get_be32(p) & FLOW_LABEL_MASK; break;
	case 8: ts->flow_label_end = get_be32(p) & FLOW_LABEL_MASK; break;
	case 7: ts->src_port_start = get_be16(p); break;
	case 6: ts->src_port_end = get_be16(p); break;
	case 5: ts->dst_port_start = get_be16(p); break;
	case 4: ts->dst_port_end = get_be16(p); break;
	case 3: ts->tc_start = p[0]; break;
	case 2: ts->tc_end = p[0]; break;
	case 1: ts->next_header_start = p[0]; break;
	default: ts->next_header_end = p[0]; break;
	}
}

static void write_field(struct mh_writer *w, const struct mh_ts_ipv6 *ts,
			unsigned bit)
{
	switch (bit) {
	case 15: put_bytes(w, ts->src_addr_start, ADDR_OCTETS); break;
	case 14: put_bytes(w, ts->src_addr_end, ADDR_OCTETS); break;
	case 13: put_bytes(w, ts->dst_addr_start, ADDR_OCTETS); break;
	case 12: put_bytes(w, ts->dst_addr_end, ADDR_OCTETS); break;
	case 11: put_be32(w, ts->spi_start); break;
	case 10: put_be32(w, ts->spi_end); break;
	/* Within FLOW_LABEL_MASK (mh_ts_ipv6_valid()): 8 zero bits first. */
	case 9: put_be32(w, ts->flow_label_start); break;
	case 8: put_be32(w, ts->flow_label_end); break;
	case 7: put_be16(w, ts->src_port_start); break;
	case 6: put_be16(w, ts->src_port_end); break;
	case 5: put_be16(w, ts->dst_port_start); break;
	case 4: put_be16(w, ts->dst_port_end); break;
	case 3: put_u8(w, ts->tc_start); break;
	case 2: put_u8(w, ts->tc_end); break;
	case 1: put_u8(w, ts->next_header_start); break;
	default: put_u8(w, ts->next_header_end); break;
	}
}

enum mh_result mh_ts_ipv6_decode(const uint8_t *p, size_t len,
				 struct mh_ts_ipv6 *ts, size_t *bad_at)
{
	size_t off = TS6_FLAGS_OCTETS;

	memset(ts, 0, sizeof(*ts));
	if (len < TS6_FLAGS_OCTETS) {
		*bad_at = len;
		return MH_ERR_TS_TRUNCATED;
	}
	ts->present = get_be16(p);
	/* Octets 2-3 are Reserved: zero on send, ignored on receipt. */

	for (unsigned bit = 16; bit-- > 0;) {
		size_t width;

		if (!(ts->present & (1u << bit)))
			continue;
		width = field_octets(bit);
		if (len - off < width) {
			*bad_at = len;
			return MH_ERR_TS_TRUNCATED;
		}
		read_field(ts, bit, p + off);
		off += width;
	}
	if (off != len) {
		*bad_at = off;
		return MH_ERR_TS_TRAILING;
	}
	return MH_OK;
}

bool mh_ts_ipv6_valid(const struct mh_ts_ipv6 *ts)
{
	if ((ts->present & MH_TS6_START_FLOW_LABEL) &&
	    ts->flow_label_start > FLOW_LABEL_MASK)
		return false;
	if ((ts->present & MH_TS6_END_FLOW_LABEL) &&
	    ts->flow_label_end > FLOW_LABEL_MASK)
		return false;
	return true;
}

void mh_ts_ipv6_encode(struct mh_writer *w, const struct mh_ts_ipv6 *ts)
{
	put_be16(w, ts->present);
	put_be16(w, 0);		/* Reserved */
	for (unsigned bit = 16; bit-- > 0;)
		if (ts->present & (1u << bit))
			write_field(w, ts, bit);
}
