#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ECN through the pmip6 tunnels (RFC 6040): at encapsulation the inner
# ECN field (and DSCP) goes to the outer header, seen in a capture on the
# LMA-MAG link; at decapsulation an outer CE marks an ECN-capable inner
# packet CE and drops a not-ECT one (counted as bad_packet), at the MAG
# and at the LMA. The tunnel packets with an outer CE are made by hand on
# a raw socket (ecn.py tunnel) from the peer's own address: nothing on
# the path between two namespaces marks CE by itself.
#
#   +----+ m0    acc +-----+ f::2      f::1 +-----+ c::1     c::2 +----+
#   | mn |-----------| mag |----------------| lma |---------------| cn |
#   +----+           +-----+                +-----+               +----+
#
#   all addresses 2001:db8:...; LMAA a::1, Proxy-CoA b::1, both on lo
#   mn (MN-ID "mn"): HNP 1:1::/64, address ::100
#
# Needs root, tcpdump and a kernel that loads pmip6.ko by name (the test
# VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
TMP=$(mktemp -d)
NS=(mn mag lma cn)
P=2001:db8
LMAA=$P:a::1
COA=$P:b::1
HNP=$P:1:1::
MN=$P:1:1::100
CN=$P:c::2

. "$(dirname "$0")/lib.sh"

bgpids=()
cleanup() {
	set +e
	for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

NLPROG=${NLPROG:-$(nlprog_build "$TMP")}
ECN=$PWD/selftests/netns/ecn.py
istat() { nsq "$1" "$NLPROG" instance | awk -v k="$2" '$1 == k { print $2 }'; }
# recv_start NS PORT: a receiver counting datagrams by their ECN field.
recv_start() {
	ip netns exec "$1" python3 "$ECN" recv "$2" "$TMP/$1.$2" &
	bgpids+=($!)
	wait_for 10 test -s "$TMP/$1.$2"
}
# got NS PORT CODEPOINT: how many arrived with it (not-ect, ect1, ect0, ce).
got() {
	awk -v k="$3" '{ for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }' \
		"$TMP/$1.$2"
}
total() { awk '{ print $2 + $4 + $6 + $8 }' "$TMP/$1.$2"; }
NAME=(not-ect ect1 ect0 ce)	# by ECN field value
DSCP=0x28			# AF11, to see the DSCP go along

dmesg -C

echo "# topology"
netns_add "${NS[@]}"
veth mag f lma lf
veth lma lc cn c0
veth mn m0 mag acc
nsq lma ip addr add $LMAA/128 dev lo
nsq lma ip addr add $P:f::1/64 dev lf
nsq lma ip addr add $P:c::1/64 dev lc
nsq lma ip -6 route add $COA/128 via $P:f::2
nsq cn ip addr add $CN/64 dev c0
nsq cn ip -6 route add default via $P:c::1
nsq mag ip addr add $COA/128 dev lo
nsq mag ip addr add $P:f::2/64 dev f
nsq mag ip -6 route add $LMAA/128 via $P:f::1
nsq mag ip addr add fe80::1/64 dev acc
nsq mn ip addr add $MN/64 dev m0
nsq mn ip -6 route add default via fe80::1 dev m0

nsexec lma "$PMIPCTL" instance set role lma local $LMAA
nsq lma ip link set pmip6 up
nsq lma ip -6 route add $P:1::/48 dev pmip6
nsexec lma "$PMIPCTL" bce add mn mn bid 1 coa $COA hnp $HNP/64
nsexec mag "$PMIPCTL" instance set role mag local $COA
nsq mag ip link set pmip6 up
nsexec mag "$PMIPCTL" bul add mn mn lma $LMAA dev acc hnp $HNP/64
nsq mag ip -6 route add $HNP/64 dev acc

# Tunnel packets of the capture FILE from SRC whose outer traffic class is
# OUTER and inner one INNER: tunnelled SRC FILE OUTER INNER.
tunnelled() {
	cap_count "$2" "ip6 src $1 and ip6[6] == 41 and
		(ip6[0:2] >> 4) & 0xff == $3 and (ip6[40:2] >> 4) & 0xff == $4"
}

echo "# encapsulation copies the inner ECN field and DSCP out, both ways"
recv_start mn 8000
recv_start cn 8100
cap_start lma lf "$TMP/lf.pcap"
for e in 0 1 2 3; do
	nsexec cn python3 "$ECN" send $MN 8000 5 $((DSCP | e))
	nsexec mn python3 "$ECN" send $CN 8100 5 $((DSCP | e))
done
wait_for 10 atleast 20 total mn 8000
wait_for 10 atleast 20 total cn 8100
cap_wait "$TMP/lf.pcap" 40 "ip6[6] == 41"
cap_stop "$TMP/lf.pcap"
# What the capture holds: outer source, traffic classes outer,inner.
tshark -r "$TMP/lf.pcap" -Y 'ipv6.nxt == 41' -T fields -e ipv6.src \
	-e ipv6.tclass 2>/dev/null | awk '{ print "# " $1, $2 }' | sort | uniq -c
# RFC 6040 4.1 normal mode copies every value. The module encapsulates
# with INET_ECN_encapsulate(), as ip6_tunnel does, which sends CE as
# ECT(0) (RFC 3168 9.1.1, the full-functionality option): that case is
# reported as a known deviation rather than failed, unless
# PMIP6_KNOWN_BUGS=run.
ce_deviation=0
for e in 0 1 2 3; do
	for src in $LMAA $COA; do
		n=$(tunnelled $src "$TMP/lf.pcap" $((DSCP | e)) $((DSCP | e)))
		echo "# from $src: inner ${NAME[e]}, outer ${NAME[e]}: $n"
		if [ "$e" -eq 3 ] && [ "$n" -eq 0 ] &&
		   [ "${PMIP6_KNOWN_BUGS:-skip}" != run ]; then
			n=$(tunnelled $src "$TMP/lf.pcap" $((DSCP | 2)) $((DSCP | 3)))
			echo "# from $src: inner ce, outer ect0: $n"
			[ "$n" -eq 5 ]
			ce_deviation=1
			continue
		fi
		[ "$n" -eq 5 ]
	done
done
# Nothing changed inside: what was sent is what arrived.
for e in 0 1 2 3; do
	[ "$(got mn 8000 "${NAME[e]}")" -eq 5 ]
	[ "$(got cn 8100 "${NAME[e]}")" -eq 5 ]
done

# decap NS FROM TO SRC DST PORT OUTER INNER: five hand-made tunnel packets.
decap() {
	nsexec "$1" python3 "$ECN" tunnel "$2" "$3" "$7" "$4" "$5" "$6" "$8" 5
}

echo "# decapsulation at the MAG (RFC 6040 4.2)"
cap_start mag acc "$TMP/acc.pcap"
recv_start mn 8200
bad0=$(istat mag bad_packet)
decap lma $LMAA $COA $CN $MN 8200 3 2	# CE over ECT(0): CE
decap lma $LMAA $COA $CN $MN 8200 3 1	# CE over ECT(1): CE
decap lma $LMAA $COA $CN $MN 8200 0 2	# not-ECT over ECT(0): ECT(0)
decap lma $LMAA $COA $CN $MN 8200 2 0	# ECT(0) over not-ECT: not-ECT
decap lma $LMAA $COA $CN $MN 8200 1 2	# ECT(1) over ECT(0): ECT(1)
decap lma $LMAA $COA $CN $MN 8200 3 0	# CE over not-ECT: dropped
wait_for 10 atleast 25 total mn 8200
wait_for 10 atleast $((bad0 + 5)) istat mag bad_packet
cap_wait "$TMP/acc.pcap" 25 "udp dst port 8200"
cap_stop "$TMP/acc.pcap"
cat "$TMP/mn.8200"
[ "$(got mn 8200 ce)" -eq 10 ]
[ "$(got mn 8200 ect0)" -eq 5 ]
[ "$(got mn 8200 ect1)" -eq 5 ]
[ "$(got mn 8200 not-ect)" -eq 5 ]
[ "$(istat mag bad_packet)" -eq $((bad0 + 5)) ]
# The same, seen on the access link after decapsulation.
ecn_on_link() { cap_count "$TMP/acc.pcap" "ip6 dst $MN and udp dst port 8200 and (ip6[1] & 0x30) == $1"; }
[ "$(ecn_on_link 0x30)" -eq 10 ]
[ "$(ecn_on_link 0x20)" -eq 5 ]
[ "$(ecn_on_link 0x10)" -eq 5 ]
[ "$(ecn_on_link 0x00)" -eq 5 ]

echo "# decapsulation at the LMA"
recv_start cn 8300
bad0=$(istat lma bad_packet)
decap mag $COA $LMAA $MN $CN 8300 3 2	# CE over ECT(0): CE
decap mag $COA $LMAA $MN $CN 8300 3 0	# CE over not-ECT: dropped
wait_for 10 atleast 5 total cn 8300
wait_for 10 atleast $((bad0 + 5)) istat lma bad_packet
cat "$TMP/cn.8300"
[ "$(got cn 8300 ce)" -eq 5 ]
[ "$(total cn 8300)" -eq 5 ]

if [ "$ce_deviation" = 1 ]; then
	echo "# known deviation: CE encapsulated as ECT(0), not copied (RFC 6040 4.1)"
fi
echo "# ok"
