// SPDX-License-Identifier: GPL-2.0
/*
 * mh_fuzz.c - libFuzzer target for the Mobility Header codec.
 *
 *   clang -fsanitize=fuzzer,address,undefined mh_fuzz.c mh_*.c
 *
 * For each input:
 *  1. decode it as is, strictly and with MH_DECODE_ALLOW_TRAILING;
 *  2. decode it again as every MH type we handle: the first multiple of 8
 *     octets, with Payload Proto, Header Len and MH Type overwritten, so
 *     option parsing is exercised for each message whatever the input's
 *     header said;
 * and for every decode that succeeds, check the round trip:
 *     encode -> canonical bytes; decode those -> the same message, no
 *     misaligned/unknown/odd-padding notes; encode again -> the same
 *     bytes; an encode into one octet less -> MH_ERR_NO_SPACE (into an
 *     exact-size heap buffer, so ASan sees any write past the end);
 *     checksum filled -> verifies to 0.
 * The only encode failure tolerated is MH_ERR_TOO_LONG: an input packed
 * without padding can exceed 2048 octets once options are re-aligned, or
 * a Flow Identification option 255 once its sub-options are.
 */
#include <stdlib.h>
#include <string.h>

#include "mh.h"

#define REQUIRE(cond)                                                        \
	do {                                                                 \
		if (!(cond))                                                 \
			abort();                                             \
	} while (0)

static const uint8_t any_addr[16] = { 0x20, 0x01, 0x0d, 0xb8 };

static void check_round_trip(const struct mh_msg *first)
{
	struct mh_msg second;
	struct mh_decode_report report;
	uint8_t out1[MH_MAX_LEN], out2[MH_MAX_LEN];
	size_t len1 = 0, len2 = 0;
	enum mh_result res;
	uint8_t *tight;

	res = mh_encode(first, out1, sizeof(out1), &len1);
	if (res == MH_ERR_TOO_LONG)
		return;
	REQUIRE(res == MH_OK);
	REQUIRE(len1 >= MH_MIN_LEN && len1 <= MH_MAX_LEN && len1 % 8 == 0);
	REQUIRE(out1[1] == len1 / 8 - 1);

	res = mh_decode(out1, len1, 0, &second, &report);
	REQUIRE(res == MH_OK);
	REQUIRE(memcmp(first, &second, sizeof(second)) == 0);
	REQUIRE(report.misaligned_option_count == 0);
	REQUIRE(report.misaligned_suboption_count == 0);
	REQUIRE(report.unknown_option_count == 0);
	REQUIRE(report.unknown_suboption_count == 0);
	REQUIRE(report.nonzero_padn_count == 0);
	REQUIRE(report.trailing_bytes == 0);

	res = mh_encode(&second, out2, sizeof(out2), &len2);
	REQUIRE(res == MH_OK);
	REQUIRE(len2 == len1 && memcmp(out1, out2, len1) == 0);

	tight = malloc(len1 - 1);
	REQUIRE(tight);
	REQUIRE(mh_encode(first, tight, len1 - 1, &len2) == MH_ERR_NO_SPACE);
	free(tight);

	mh_checksum_fill(any_addr, any_addr, out1, len1);
	REQUIRE(mh_checksum(any_addr, any_addr, out1, len1) == 0);
}

static void decode_and_check(const uint8_t *data, size_t size, unsigned flags)
{
	struct mh_msg msg;
	struct mh_decode_report report;
	enum mh_result res = mh_decode(data, size, flags, &msg, &report);

	REQUIRE((unsigned)res < MH_RESULT_COUNT);
	REQUIRE(mh_strerror(res) != NULL);
	if (res != MH_OK) {
		REQUIRE(report.error_offset <= size);
		return;
	}
	REQUIRE(msg.kind > MH_MSG_NONE && msg.kind < MH_MSG_KIND_COUNT);
	REQUIRE(report.error_option_type == -1);
	check_round_trip(&msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mh_types[] = {
		MH_TYPE_BINDING_UPDATE, MH_TYPE_BINDING_ACK,
		MH_TYPE_BINDING_ERROR, MH_TYPE_EXPERIMENTAL, MH_TYPE_HEARTBEAT,
		MH_TYPE_BINDING_REVOCATION, MH_TYPE_UPDATE_NOTIFICATION,
		MH_TYPE_UPDATE_NOTIFICATION_ACK,
	};
	size_t forced_len = size - size % 8;
	uint8_t *forced;

	decode_and_check(data, size, 0);
	decode_and_check(data, size, MH_DECODE_ALLOW_TRAILING);

	if (forced_len < MH_MIN_LEN || forced_len > MH_MAX_LEN)
		return 0;
	/* Exact-size heap copy: ASan flags any read past forced_len. */
	forced = malloc(forced_len);
	REQUIRE(forced);
	for (size_t i = 0; i < sizeof(mh_types); i++) {
		memcpy(forced, data, forced_len);
		forced[0] = MH_PAYLOAD_PROTO_NONE;
		forced[1] = (uint8_t)(forced_len / 8 - 1);
		forced[2] = mh_types[i];
		decode_and_check(forced, forced_len, 0);
	}
	free(forced);
	return 0;
}
