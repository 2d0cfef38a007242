#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Off-link home network prefixes (RFC 7864 sections 3.2.2 and 4.1, the L
# flag): the LMA moves the flows of the MN's prefix HNP1, hosted by mag1
# on if1, to its other attachment, mag2 on if2; mag2 gets HNP1 as an
# off-link prefix of its BUL entry and routes it to the MN over if2. Both
# directions go mag2's way then, and before mag2 knows the prefix they do
# not. (That mag2 never advertises HNP1 is pmipd's business, not tested
# here.)
#
#            acc1 +------+ f1::2     f1::1 +-----+ c::1     c::2 +----+
#      if1 -------| mag1 |-----------------| lma |---------------| cn |
#   +----+        +------+                 +-----+               +----+
#   | mn |                                    |
#   +----+        +------+ f2::2     f2::1    |
#      if2 -------| mag2 |--------------------'
#            acc2 +------+
#
#   all addresses 2001:db8:...; LMAA a::1, Proxy-CoAs b1::1, b2::1 on lo
#   mn (MN-ID "mn"): if1 1:1::100/64 (HNP1), if2 1:2::100/64 (HNP2),
#       link-local fe80::2 on if2
#   lma: BCE bid 1 (prio 1) via mag1 with HNP1, bid 2 (prio 2) via mag2
#       with HNP2; later bid 2 (prio 0) with HNP2 and HNP1
#   mag1: BUL mn, on-link HNP1 on acc1; mag2: BUL mn, on-link HNP2 on
#       acc2, later off-link HNP1 via fe80::2 on acc2
#
# Needs root, tcpdump and a kernel that loads pmip6.ko by name (the test
# VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
TMP=$(mktemp -d)
NS=(mn mag1 mag2 lma cn)
P=2001:db8
LMAA=$P:a::1
COA1=$P:b1::1
COA2=$P:b2::1
HNP1=$P:1:1::
HNP2=$P:1:2::
MN1=$P:1:1::100
MN2=$P:1:2::100
MNLL2=fe80::2
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
UDP=$PWD/selftests/netns/udp.py
recv_start() {
	ip netns exec "$1" python3 "$UDP" recv "$2" "$TMP/$1.$2" &
	bgpids+=($!)
	wait_for 10 test -s "$TMP/$1.$2"
}
received() { cat "$TMP/$1.$2"; }
send() { nsexec "$1" python3 "$UDP" send "${@:2}"; }
field() { # field NS KEY nlprog-args...
	local ns=$1 key=$2; shift 2
	nsq "$ns" "$NLPROG" "$@" | awk -v k="$key" '$1 == k { print $2 }'
}
istat() { field "$1" "$2" instance; }
bul() { field "$1" "$2" bul get mn; }	# bul MAG KEY
bce() { field lma "$2" bce get mn "$1"; }	# bce BID KEY
# Packets NS dropped for want of a route (RFC 4443 Destination Unreachable).
noroute() {
	nsq "$1" awk '$1 ~ /^Ip6(In|Out)NoRoutes$/ { n += $2 } END { print n }' \
		/proc/net/snmp6
}

dmesg -C

echo "# topology"
netns_add "${NS[@]}"
veth mag1 f1 lma lf1
veth mag2 f2 lma lf2
veth lma lc cn c0
veth mn if1 mag1 acc1
veth mn if2 mag2 acc2

nsq lma ip addr add $LMAA/128 dev lo
nsq lma ip addr add $P:f1::1/64 dev lf1
nsq lma ip addr add $P:f2::1/64 dev lf2
nsq lma ip addr add $P:c::1/64 dev lc
nsq lma ip -6 route add $COA1/128 via $P:f1::2
nsq lma ip -6 route add $COA2/128 via $P:f2::2
nsq cn ip addr add $CN/64 dev c0
nsq cn ip -6 route add default via $P:c::1
for i in 1 2; do
	nsq mag$i ip addr add "$P:b$i::1/128" dev lo
	nsq mag$i ip addr add "$P:f$i::2/64" dev "f$i"
	nsq mag$i ip -6 route add $P:a::/48 via "$P:f$i::1"
	nsq mag$i ip addr add fe80::1/64 dev "acc$i"
done
# The MN is a host: one prefix per interface, the default route on if1.
nsq mn sysctl -qw net.ipv6.conf.all.forwarding=0
nsq mn ip addr add $MN1/64 dev if1
nsq mn ip addr add $MN2/64 dev if2
nsq mn ip addr add $MNLL2/64 dev if2
nsq mn ip -6 route add default via fe80::1 dev if1

echo "# the LMA: one BCE per attachment, HNP1 via mag1, HNP2 via mag2"
nsexec lma "$PMIPCTL" instance set role lma local $LMAA
nsq lma ip link set pmip6 up
nsq lma ip -6 route add $P:1::/48 dev pmip6
nsexec lma "$PMIPCTL" bce add mn mn bid 1 prio 1 coa $COA1 hnp $HNP1/64
nsexec lma "$PMIPCTL" bce add mn mn bid 2 prio 2 coa $COA2 hnp $HNP2/64

echo "# the MAGs: one BUL entry each, the on-link HNP routed to the access link"
for i in 1 2; do
	nsexec mag$i "$PMIPCTL" instance set role mag local "$P:b$i::1"
	nsq mag$i ip link set pmip6 up
	nsexec mag$i "$PMIPCTL" bul add mn mn lma $LMAA dev "acc$i" \
		hnp "$P:1:$i::/64"
	nsq mag$i ip -6 route add "$P:1:$i::/64" dev "acc$i"
done

echo "# HNP1 goes by mag1 both ways"
recv_start mn 7000
recv_start cn 7001
send cn $MN1 7000 10 100
wait_for 10 atleast 10 received mn 7000
send mn $CN 7001 10 100 64 $MN1
wait_for 10 atleast 10 received cn 7001
[ "$(bul mag1 tx_packets)" -eq 10 ]
[ "$(bul mag1 rx_packets)" -eq 10 ]
[ "$(bce 1 tx_packets)" -eq 10 ]
[ "$(bce 1 rx_packets)" -eq 10 ]
[ "$(bul mag2 tx_packets)" -eq 0 ]
[ "$(bce 2 tx_packets)" -eq 0 ]

echo "# the LMA moves HNP1 to bid 2 (RFC 7864 3.2.2): mag2 does not know it yet"
nsexec lma "$PMIPCTL" bce set mn mn bid 2 prio 0 coa $COA2 \
	hnp $HNP2/64 hnp $HNP1/64
# The MN sends HNP1's traffic over if2 from now on (what the MN does
# after the move is its own choice; RFC 7864 3.2.2 has it follow).
nsq mn ip -6 route add $CN/128 via fe80::1 dev if2 src $MN1
nobind0=$(istat mag2 no_binding)
send cn $MN1 7000 5 100
# Tunnelled to mag2, which has no entry for HNP1 and drops them...
wait_for 10 atleast 5 bce 2 tx_packets
wait_for 10 atleast $((nobind0 + 5)) istat mag2 no_binding
[ "$(bul mag2 tx_packets)" -eq 0 ]
# ...nor does it take HNP1 from if2 into the tunnel: with no route to the
# CN of its own, it drops them too.
noroute0=$(noroute mag2)
send mn $CN 7001 5 100 64 $MN1
wait_for 10 atleast $((noroute0 + 5)) noroute mag2
[ "$(bul mag2 rx_packets)" -eq 0 ]
[ "$(bce 2 rx_packets)" -eq 0 ]
[ "$(received mn 7000)" -eq 10 ]
[ "$(received cn 7001)" -eq 10 ]

echo "# mag2 gets HNP1 as off-link (L flag), routed via the MN on if2"
nsexec mag2 "$PMIPCTL" bul set mn mn lma $LMAA dev acc2 ll $MNLL2 \
	hnp $HNP2/64 offlink $HNP1/64
nsexec mag2 ip -6 route add $HNP1/64 via $MNLL2 dev acc2
out=$(nsexec mag2 "$PMIPCTL" -j bul)
echo "$out"
python3 -c 'import json, sys
(e,) = json.loads(sys.argv[1])
assert e["offlink_hnp"] == [sys.argv[2]], e
assert e["hnp"] == [sys.argv[3]], e' "$out" "$HNP1/64" "$HNP2/64"

cap_start mag2 acc2 "$TMP/acc2.pcap"
cap_start mag1 acc1 "$TMP/acc1.pcap"
m1tx=$(bul mag1 tx_packets)
m1rx=$(bul mag1 rx_packets)
b1tx=$(bce 1 tx_packets)
b1rx=$(bce 1 rx_packets)
b2tx=$(bce 2 tx_packets)
echo "# downlink to HNP1: LMA -> mag2 -> if2"
send cn $MN1 7000 20 100
wait_for 10 atleast 30 received mn 7000
[ "$(bce 2 tx_packets)" -eq $((b2tx + 20)) ]
[ "$(bul mag2 tx_packets)" -eq 20 ]
echo "# uplink from HNP1 on if2: mag2 -> LMA -> cn"
send mn $CN 7001 20 100 64 $MN1
wait_for 10 atleast 30 received cn 7001
[ "$(bul mag2 rx_packets)" -eq 20 ]
[ "$(bce 2 rx_packets)" -eq 20 ]
# mag1 and bid 1 carried none of it.
[ "$(bul mag1 tx_packets)" -eq "$m1tx" ]
[ "$(bul mag1 rx_packets)" -eq "$m1rx" ]
[ "$(bce 1 tx_packets)" -eq "$b1tx" ]
[ "$(bce 1 rx_packets)" -eq "$b1rx" ]
cap_wait "$TMP/acc2.pcap" 20 "ip6 src $MN1 and udp dst port 7001"
cap_stop "$TMP/acc2.pcap"
cap_stop "$TMP/acc1.pcap"
# On mag2's access link: the 20 down to the MN's link-local address's MAC
# (the off-link route's next hop), the 20 up from HNP1; nothing on mag1's.
down=$(cap_count "$TMP/acc2.pcap" "ip6 dst $MN1 and udp dst port 7000")
up=$(cap_count "$TMP/acc2.pcap" "ip6 src $MN1 and udp dst port 7001")
echo "# acc2: $down down, $up up"
[ "$down" -eq 20 ] && [ "$up" -eq 20 ]
[ "$(cap_count "$TMP/acc1.pcap" "udp port 7000 or udp port 7001")" -eq 0 ]
mac=$(nsq mn cat /sys/class/net/if2/address)
[ "$(cap_count "$TMP/acc2.pcap" "ether dst $mac and ip6 dst $MN1 and udp")" -eq 20 ]

echo "# HNP2 still works on if2 alongside"
recv_start mn 7002
send cn $MN2 7002 5 100
wait_for 10 atleast 5 received mn 7002

echo "# dropping the off-link HNP again: mag2 refuses HNP1 once more"
nsexec mag2 "$PMIPCTL" bul set mn mn lma $LMAA dev acc2 hnp $HNP2/64
nobind0=$(istat mag2 no_binding)
rx0=$(bul mag2 rx_packets)
send cn $MN1 7000 5 100
wait_for 10 atleast $((nobind0 + 5)) istat mag2 no_binding
noroute0=$(noroute mag2)
send mn $CN 7001 5 100 64 $MN1
wait_for 10 atleast $((noroute0 + 5)) noroute mag2
[ "$(bul mag2 rx_packets)" -eq "$rx0" ]
[ "$(received mn 7000)" -eq 30 ]
[ "$(received cn 7001)" -eq 30 ]

echo "# teardown"
for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
bgpids=()
for ns in "${NS[@]}"; do ip netns del "$ns"; done
gone() { [ "$(dmesg | grep -c 'netns instance [0-9]* destroyed')" -ge 3 ]; }
wait_for 60 gone
kmsg=$(dmesg)
not grep -E 'WARNING:|BUG:|Oops|refcount_t|unregister_netdevice: waiting' <<<"$kmsg"
echo "# ok"
