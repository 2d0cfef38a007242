/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mh_internal.h - helpers shared by the codec's .c files; not installed.
 */
#ifndef PMIP6_MH_INTERNAL_H
#define PMIP6_MH_INTERNAL_H

#include <string.h>

#include "mh.h"

/* Big-endian reads; callers have checked the bounds. */
static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/*
 * Bounded writer.  Writes past `cap` are dropped but still advance `off`,
 * so after a failed encode `off` is the length that would have been needed.
 */
struct mh_writer {
	uint8_t *buf;
	size_t cap;
	size_t off;
};

static inline void put_u8(struct mh_writer *w, uint8_t v)
{
	if (w->off < w->cap)
		w->buf[w->off] = v;
	w->off++;
}

static inline void put_be16(struct mh_writer *w, uint16_t v)
{
	put_u8(w, (uint8_t)(v >> 8));
	put_u8(w, (uint8_t)v);
}

static inline void put_be32(struct mh_writer *w, uint32_t v)
{
	put_be16(w, (uint16_t)(v >> 16));
	put_be16(w, (uint16_t)v);
}

static inline void put_be64(struct mh_writer *w, uint64_t v)
{
	put_be32(w, (uint32_t)(v >> 32));
	put_be32(w, (uint32_t)v);
}

static inline void put_bytes(struct mh_writer *w, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_u8(w, p[i]);
}

static inline void put_zeros(struct mh_writer *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_u8(w, 0);
}

/* Overwrite one octet already written (e.g. a length fixed up later). */
static inline void patch_u8(struct mh_writer *w, size_t at, uint8_t v)
{
	if (at < w->cap)
		w->buf[at] = v;
}

/*
 * Pad with Pad1/PadN (RFC 6275 6.2.2/6.2.3) so the next octet is at an
 * offset of the form align_n * k + align_rest (from the start of the MH).
 */
void mh_put_padding(struct mh_writer *w, unsigned align_n, unsigned align_rest);

/* Options (mh_opt.c) of msg, whose kind and fixed fields are set (which
 * options a message may carry can depend on them: RFC 5847 3.4). */
enum mh_result mh_options_decode(const uint8_t *mh, size_t begin, size_t end,
				 struct mh_msg *msg,
				 struct mh_decode_report *report);
enum mh_result mh_options_encode(struct mh_writer *w,
				 const struct mh_msg *msg);

/* RFC 6088 IPv6 binary traffic selector (mh_ts.c), without the TS Format
 * and Reserved octets of the sub-option.  On error *bad_at is the offset
 * into p of the first octet that could not be read. */
enum mh_result mh_ts_ipv6_decode(const uint8_t *p, size_t len,
				 struct mh_ts_ipv6 *ts, size_t *bad_at);
size_t mh_ts_ipv6_encoded_len(const struct mh_ts_ipv6 *ts);
/* False if a present flow label does not fit in 24 bits (RFC 6088 3.2). */
bool mh_ts_ipv6_valid(const struct mh_ts_ipv6 *ts);
void mh_ts_ipv6_encode(struct mh_writer *w, const struct mh_ts_ipv6 *ts);

#endif /* PMIP6_MH_INTERNAL_H */
