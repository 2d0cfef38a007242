// SPDX-License-Identifier: GPL-2.0
/*
 * mh_pcap.c - classic pcap framing of Mobility Header packets, for tests
 * and debugging dumps.  Pure: builds bytes, the caller writes the file.
 *
 * File header (24 octets, written little-endian with magic a1b2c3d4 so any
 * reader sees the byte order): magic, version 2.4, thiszone 0, sigfigs 0,
 * snaplen 65535, linktype 101 (LINKTYPE_RAW: the packet starts with the IP
 * header).  Record: ts_sec, ts_usec, incl_len, orig_len, then the packet.
 */
#include "mh_internal.h"

#define PCAP_MAGIC 0xa1b2c3d4u
#define PCAP_SNAPLEN 65535u
#define LINKTYPE_RAW 101u
#define IPV6_HEADER_LEN 40u
#define IPV6_HOP_LIMIT 64u

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

size_t mh_pcap_file_header(uint8_t *out, size_t cap)
{
	if (cap < MH_PCAP_FILE_HEADER_LEN)
		return 0;
	put_le32(out, PCAP_MAGIC);
	out[4] = 2;		/* version major, little-endian 16 */
	out[5] = 0;
	out[6] = 4;		/* version minor */
	out[7] = 0;
	put_le32(out + 8, 0);	/* thiszone */
	put_le32(out + 12, 0);	/* sigfigs */
	put_le32(out + 16, PCAP_SNAPLEN);
	put_le32(out + 20, LINKTYPE_RAW);
	return MH_PCAP_FILE_HEADER_LEN;
}

size_t mh_pcap_record(uint8_t *out, size_t cap, uint32_t ts_sec,
		      const uint8_t src[16], const uint8_t dst[16],
		      const uint8_t *mh, size_t mh_len)
{
	size_t packet_len = IPV6_HEADER_LEN + mh_len;
	uint8_t *ip;

	if (mh_len > 0xffff || cap < MH_PCAP_RECORD_OVERHEAD + mh_len)
		return 0;
	put_le32(out, ts_sec);
	put_le32(out + 4, 0);
	put_le32(out + 8, (uint32_t)packet_len);
	put_le32(out + 12, (uint32_t)packet_len);

	/* IPv6 header (RFC 8200 3): version 6, traffic class and flow label
	 * zero, payload length, next header 135, hop limit. */
	ip = out + 16;
	ip[0] = 0x60;
	ip[1] = ip[2] = ip[3] = 0;
	ip[4] = (uint8_t)(mh_len >> 8);
	ip[5] = (uint8_t)mh_len;
	ip[6] = MH_IPPROTO_MH;
	ip[7] = IPV6_HOP_LIMIT;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	memcpy(ip + IPV6_HEADER_LEN, mh, mh_len);
	return 16 + packet_len;
}
