#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RFC 6275 9.2 and 9.3.3 (issue 16 item 10): a Mobility Header whose MH
# Type pmipd does not recognize is discarded and answered with a Binding
# Error (6.1.9), status 2, Home Address ::, sent to the offending packet's
# source, never to a source that is not unicast, and rate-limited as
# ICMPv6 errors are (a token bucket: 10 at once, then 10 a second). Both
# roles. A Binding Error received is decoded, logged and counted, and not
# answered.
#
#   +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#   | mag1 |-----------------| lma |-------------| cn |
#   +------+                 +-----+             +----+
#   +------+ f2::2     f2::1    |           capture on c0
#   | mag2 |--------------------'
#   +------+
#
#   2001:db8:...; LMAA a::1, mag1's Proxy-CoA b1::1; pmipd on lma and
#   mag1; the CN sends the hand-made messages (mhinject, Python).
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT

MHINJECT=$TMP/mhinject
cc -std=c11 -D_GNU_SOURCE -Wall -O2 -o "$MHINJECT" selftests/netns/mhinject.c \
	user/mh/mh_msg.c user/mh/mh_opt.c user/mh/mh_ts.c user/mh/mh_checksum.c \
	user/mh/mh_pcap.c user/mh/mh_strerror.c

# stat_of NS NAME: a counter of `pmipctl daemon stats` (text: one awk,
# no Python per poll in the emulated VM).
stat_of() { ctl "$1" daemon stats | awk -v k="$2" '$1 == k { print $2 }'; }
# MH type 99, Header Len 1, nothing else: sound but unknown.
UNKNOWN=3b016300000000000000000000000000
# A Binding Error, status 2, Home Address :: (RFC 6275 6.1.9).
BE=3b0207000000020000000000000000000000000000000000

echo "# topology"
domain_up
cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
mag $COA1			# the MAG that may register MNs (RFC 5213 5.3.1)
mn mn1@example.com prefix $P:1:1::/64
EOF
cat >"$TMP/mag1.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA1
lma $LMAA
EOF
start_pmipd lma
start_pmipd mag1
cap_start cn c0 "$TMP/cn.pcap" ip6
pids+=($(cat "$TMP/cn.pcap.pid"))	# stopped by domain_cleanup on a failure

echo "# an unknown MH type gets a Binding Error, status 2, from each role"
for node in lma:$LMAA mag1:$COA1; do
	ns=${node%%:*} addr=${node#*:}
	out=$(nsq cn "$MHINJECT" $CN "$addr" raw $UNKNOWN wait 5)
	echo "# MH type 99 to $ns -> $out"
	[ "$out" = "BE status 2 home ::" ]
	[ "$(stat_of "$ns" mh_rx_unknown_type)" = 1 ]
	[ "$(stat_of "$ns" be_tx)" = 1 ]
	[ "$(stat_of "$ns" mh_rx_malformed)" = 0 ]
	grep -q "dropped MH type 99 from $CN: unknown type; answered with a Binding Error" \
		"$TMP/$ns.log"
done

echo "# a burst of 100 gets 10 at once, then 10 a second (RFC 6275 9.3.3)"
# Answered or held back: every unknown type counts in one of the two.
handled() { echo $(( $(stat_of "$1" be_tx) + $(stat_of "$1" be_rate_limited) )); }
sleep 1.1	# the token taken above is back
for ns in lma mag1; do
	eval "be0_$ns=\$(stat_of $ns be_tx) handled0_$ns=\$(handled $ns)"
done
t0=$EPOCHREALTIME
nsq cn python3 - $LMAA $COA1 <<'EOF2'
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 135)
for _ in range(100):
    for dst in sys.argv[1:]:
        s.sendto(bytes.fromhex("3b016300000000000000000000000000"), (dst, 0))
EOF2
wait_for 10 atleast $((handled0_lma + 100)) handled lma
wait_for 10 atleast $((handled0_mag1 + 100)) handled mag1
t1=$EPOCHREALTIME
# From the first send to the last one handled: the bucket's refill time.
ms=$(( (${t1/./} - ${t0/./}) / 1000 ))
for ns in lma mag1; do
	eval "be0=\$be0_$ns handled0=\$handled0_$ns"
	be=$(( $(stat_of $ns be_tx) - be0 ))
	echo "# $ns: 100 unknown types within $ms ms: $be Binding Errors, $((100 - be)) held back"
	[ "$(handled $ns)" = $((handled0 + 100)) ]
	# The burst, plus at most one per 100 ms that went by.
	[ "$be" -ge 10 ] && [ "$be" -le $((10 + ms / 100 + 1)) ]
done

echo "# no Binding Error to a source that is not unicast: from ::"
# A router drops a packet from :: (ip6_forward), so each is sent from
# the node next to the daemon: the CN for the LMA, the LMA for mag1.
for node in lma:cn:$LMAA mag1:lma:$COA1; do
	ns=${node%%:*} rest=${node#*:}
	from=${rest%%:*} addr=${rest#*:}
	sleep 1.1	# a token for the log line
	unk0=$(stat_of "$ns" mh_rx_unknown_type)
	be0=$(stat_of "$ns" be_tx)
	# IPPROTO_RAW: the IPv6 header is ours, source ::, MH checksum over
	# the pseudo-header with it (the kernel checks it).
	nsq "$from" python3 - "$addr" <<'EOF2'
import socket, struct, sys
dst = socket.inet_pton(socket.AF_INET6, sys.argv[1])
src = bytes(16)
mh = bytearray.fromhex("3b016300000000000000000000000000")
pseudo = src + dst + struct.pack(">I", len(mh)) + b"\0\0\0\x87"
data = pseudo + mh
s = sum(struct.unpack(">%dH" % (len(data) // 2), data))
while s >> 16:
    s = (s & 0xffff) + (s >> 16)
struct.pack_into(">H", mh, 4, ~s & 0xffff)
ip = struct.pack(">IHBB", 6 << 28, len(mh), 135, 64) + src + dst
sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
sock.sendto(ip + bytes(mh), (sys.argv[1], 0))
EOF2
	wait_for 10 atleast $((unk0 + 1)) stat_of "$ns" mh_rx_unknown_type
	[ "$(stat_of "$ns" be_tx)" = "$be0" ]
	grep -q "dropped MH type 99 from ::: unknown type, no Binding Error to a source that is not unicast" \
		"$TMP/$ns.log"
done

echo "# a Binding Error received is counted and logged, not answered"
sleep 1.1	# a token for the log line
for node in lma:$LMAA mag1:$COA1; do
	ns=${node%%:*} addr=${node#*:}
	out=$(nsq cn "$MHINJECT" $CN "$addr" raw $BE) && false
	echo "# Binding Error to $ns -> $out"
	[ "$out" = "no answer" ]
	[ "$(stat_of "$ns" be_rx)" = 1 ]
	grep -q "Binding Error from $CN: status 2 (unrecognized MH Type value), home address ::" \
		"$TMP/$ns.log"
done

echo "# the CN received exactly the Binding Errors the daemons counted, as tshark decodes them"
for ns in lma mag1; do eval "be_$ns=\$(stat_of $ns be_tx)"; done
cap_wait "$TMP/cn.pcap" $((be_lma + be_mag1)) "ip6 proto 135 and dst host $CN"
cap_stop "$TMP/cn.pcap"
tshark -r "$TMP/cn.pcap" -Y "mip6.mhtype == 7 && ipv6.dst == $CN" -T fields \
	-e ipv6.src -e mip6.be.status -e mip6.be.haddr 2>/dev/null | sort | uniq -c >"$TMP/be.txt"
sed 's/^/# from the daemons: /' "$TMP/be.txt"
[ "$(wc -l <"$TMP/be.txt")" = 2 ]
grep -Eq "^ *$be_lma $LMAA	2	::$" "$TMP/be.txt"
grep -Eq "^ *$be_mag1 $COA1	2	::$" "$TMP/be.txt"

echo "# the daemons stop cleanly; tshark decodes every message in their captures"
domain_finish lma mag1
echo "# ok"
