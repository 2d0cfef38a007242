// SPDX-License-Identifier: GPL-2.0
/*
 * mh_checksum.c - Mobility Header checksum (RFC 6275 6.1.1).
 *
 * "The 16-bit one's complement of the one's complement sum of the entire
 * Mobility Header starting with the Payload Proto field", prefixed by the
 * IPv6 pseudo-header of RFC 8200 8.1 (as ICMPv6 does):
 *
 *   Source Address (128) | Destination Address (128) |
 *   Upper-Layer Packet Length (32) | zero (24) | Next Header = 135 (8)
 */
#include "mh_internal.h"

/* Add big-endian 16-bit words of p[0..len) to sum (odd tail padded). */
static uint32_t sum_words(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += get_be16(p + i);
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (i < len) {
		sum += (uint32_t)p[i] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return sum;
}

uint16_t mh_checksum(const uint8_t src[16], const uint8_t dst[16],
		     const uint8_t *mh, size_t len)
{
	uint8_t tail[8];
	uint32_t sum = 0;

	tail[0] = (uint8_t)(len >> 24);
	tail[1] = (uint8_t)(len >> 16);
	tail[2] = (uint8_t)(len >> 8);
	tail[3] = (uint8_t)len;
	tail[4] = tail[5] = tail[6] = 0;
	tail[7] = MH_IPPROTO_MH;

	sum = sum_words(sum, src, 16);
	sum = sum_words(sum, dst, 16);
	sum = sum_words(sum, tail, sizeof(tail));
	sum = sum_words(sum, mh, len);
	return (uint16_t)~sum;
}

void mh_checksum_fill(const uint8_t src[16], const uint8_t dst[16],
		      uint8_t *mh, size_t len)
{
	uint16_t csum;

	if (len < 6)
		return;
	mh[4] = 0;
	mh[5] = 0;
	csum = mh_checksum(src, dst, mh, len);
	mh[4] = (uint8_t)(csum >> 8);
	mh[5] = (uint8_t)csum;
}
