#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tshark_check.sh - cross-check the codec's vectors with an independent
# dissector (Wireshark's mip6, tshark 4.0).
#
#   ./tshark_check.sh [path/to/mh_test]
#
# mh_test --pcap writes the vectors tshark can dissect (PBU, PBA, BRI, BRA,
# four Heartbeats: a response without option, a request, a response and an
# unsolicited response with the Restart Counter option; a flow-mobility
# PBU, two Binding Errors, and a probe carrying our MAG IPv6 Address and
# IPv4 HoA option bytes) as checksummed IPv6 packets.  This script
# fails if tshark reports a malformed packet or an expert warning/error,
# if a field does not decode to the value the vector was built with, or
# if a Mobility Header checksum does not verify (checked here with a small
# independent Python routine: tshark does not verify MH checksums).
#
# Allowed: expert Notes ("IE data not dissected yet" for the Flow
# Identification and Flow Summary options, which tshark 4.0 does not
# dissect), and one Warning that is a Wireshark 4.0 bug: its length table
# says the MAG IPv6 Address option is 16 octets while its own dissector
# (and RFC 6705) read Reserved, Address Length and a 16-octet address, 18.
set -eu

test_bin=${1:-./build/mh_test}
if ! command -v tshark >/dev/null 2>&1; then
	echo "# SKIP: tshark is not installed"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
pcap=$work/mh.pcap
out=$work/tshark.txt

"$test_bin" --pcap "$pcap" >"$work/test.txt" || {
	cat "$work/test.txt"
	echo "not ok - mh_test failed while writing the pcap"
	exit 1
}
tshark -r "$pcap" -V >"$out" 2>"$work/tshark.err" || {
	cat "$work/tshark.err"
	echo "not ok - tshark could not read the pcap"
	exit 1
}

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $1"; }

packets=$(grep -c '^Frame [0-9]*:' "$out" || true)
if [ "$packets" -eq 12 ]; then ok "12 packets dissected"
else not_ok "12 packets dissected (got $packets)"; fi

if grep -q -i 'malformed' "$out"; then
	grep -n -i 'malformed' "$out" | sed 's/^/# /'
	not_ok "no malformed packet"
else
	ok "no malformed packet"
fi

mag_len_bug='MAG IPv6 Address (with option length = 18 bytes; should be 16)'
bad_expert=$(grep -F -e '[Expert Info (Warning' -e '[Expert Info (Error' \
	"$out" | grep -v -F "$mag_len_bug" || true)
if [ -n "$bad_expert" ]; then
	echo "$bad_expert" | sed 's/^/# /'
	not_ok "no expert warning or error"
else
	ok "no expert warning or error"
fi

# Field values: each line must appear (as tshark 4.0 words them).
expect() {
	if grep -q -F -- "$1" "$out"; then ok "tshark shows: $1"
	else not_ok "tshark shows: $1"; fi
}
expect_count() {
	n=$(grep -c -F -- "$2" "$out" || true)
	if [ "$n" -eq "$1" ]; then ok "tshark shows $1x: $2"
	else not_ok "tshark shows $1x: $2 (got $n)"; fi
}

# PBU (frame 1)
expect 'Header length: 13 (112 bytes)'
expect 'Mobility Header Type: Binding Update (5)'
expect 'Sequence number: 4660'
expect '1... .... .... .... = Acknowledge (A) flag: Binding Acknowledgement requested'
expect '.... ..1. .... .... = Proxy Registration (P) flag: Proxy Registration'
expect 'Lifetime: 100 (400 seconds)'
expect 'Subtype: Network Access Identifier (NAI) (1)'
expect 'Identifier: mn1@example.com'
expect 'MIPv6 Option - Home Network Prefix: 2001:db8:1::/64'
expect 'Handoff Indicator: Attachment over a new interface (1)'
expect 'Access Technology Type: IEEE 802.11a/b/g (4)'
expect 'Link-layer Identifier: 020000000001'
expect 'Link-local Address: fe80::1'
expect 'Timestamp: Nov 14, 2023 22:13:20.500000000 UTC'
# PBA (frame 2)
expect 'Header length: 9 (80 bytes)'
expect 'Status: Binding Update accepted (0)'
expect '..1. .... = Proxy Registration (P) flag: Proxy Registration'
# BRI / BRA (frames 3, 4)
expect 'Binding Revocation Indication'
expect 'R. Trigger: Administrative Reason (1)'
expect 'Binding Revocation Acknowledge'
expect 'Status: Success (0)'
expect_count 2 '1... .... .... .... = Proxy Binding (P) Flag: Set'
expect_count 2 'Sequence Number: 7'
# Heartbeats (frames 5-8, RFC 5847 3.3/3.4): a response, a request, a
# response with the Restart Counter, an unsolicited one.
expect 'Sequence number: 16909060'
expect_count 3 '.... ...1 = Response (R) flag: Heartbeat Response'
expect_count 1 '.... ...0 = Response (R) flag: Heartbeat Request'
expect_count 3 '.... ..0. = Unsolicited (U) flag: Otherwise'
expect_count 1 '.... ..1. = Unsolicited (U) flag: Unsolicited Heartbeat Response'
expect_count 2 'Sequence number: 168496141'
expect_count 2 'MIPv6 Option - Restart Counter'
expect 'Restart Counter: 1700000000'
expect 'Restart Counter: 4275878552'
# Flow mobility PBU (frame 9): BIDs dissected, FID and Flow Summary
# walked by their lengths (Pad1 between them lands where we put it).
expect 'Binding ID (BID): 2'
expect '1... .... = Simultaneous Home and Foreign Binding (H): True'
expect 'IPv6 care-of address (CoA): 2001:db8:ff::3'
expect 'Mobility Option: Flow Identification (45)'
expect 'Mobility Option: Flow Summary (44)'
expect 'Lifetime: 256 (1024 seconds)'
# Binding Errors (frames 10, 11; RFC 6275 6.1.9): Header Len 2, no options
# (two Heartbeat responses above have Header Len 2 too)
expect_count 4 'Header length: 2 (24 bytes)'
expect_count 2 'Mobility Header Type: Binding Error (7)'
expect 'Status: Unrecognized MH type value (2)'
expect 'Home Address: ::'
expect 'Status: Unknown binding for Home Address destination option (1)'
expect 'Home Address: 2001:db8:1::10'
# Layout probe (frame 12)
expect 'Address Length: 128'
expect 'Address: 2001:db8:ff::2'
expect '1000 00.. = Prefix-len: 32'
expect 'IPv4 Home Address: 192.0.2.1'
expect '0110 00.. = Prefix-len: 24'
expect 'IPv4 Home Address: 10.0.0.1'

# Checksums, verified independently of the codec.
if command -v python3 >/dev/null 2>&1; then
	if python3 - "$pcap" <<'EOF'
import struct, sys
data = open(sys.argv[1], 'rb').read()
off, bad, n = 24, 0, 0
while off < len(data):
    _, _, incl, _ = struct.unpack('<IIII', data[off:off + 16])
    pkt = data[off + 16:off + 16 + incl]
    off += 16 + incl
    src, dst, mh = pkt[8:24], pkt[24:40], pkt[40:]
    pseudo = src + dst + struct.pack('>I', len(mh)) + b'\0\0\0\x87'
    buf = pseudo + mh + (b'\0' if len(mh) % 2 else b'')
    s = sum(struct.unpack('>%dH' % (len(buf) // 2), buf))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    n += 1
    if s != 0xffff:
        bad += 1
        print('# checksum does not verify in packet %d' % n)
sys.exit(1 if bad or n == 0 else 0)
EOF
	then ok "MH checksums verify"
	else not_ok "MH checksums verify"; fi
else
	echo "# python3 not found: checksum verification skipped"
fi

echo "1..$((passed + failed))"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
