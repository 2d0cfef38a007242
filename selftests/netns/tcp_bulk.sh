#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP bulk transfer through the pmip6 tunnels with the veth offloads on
# (TSO/GSO: the tunnel carries GSO packets, SKB_GSO_IPXIP6): every byte
# arrives intact both ways, the per-MN counters show them, and path MTU
# discovery works as with ip6_tunnel: with 1500 on every link the 40
# bytes of the outer header leave 1460 for the MN's packets, the senders
# learn it from ICMPv6 Packet Too Big and their TCP adapts. Then again
# with 1280 on the tunnel path: the tunnel MTU is clamped to the IPv6
# minimum and the tunnel packets are fragmented (RFC 2473 section 7.1).
#
#   +----+ m0    acc +-----+ f::2      f::1 +-----+ c::1     c::2 +----+
#   | mn |-----------| mag |----------------| lma |---------------| cn |
#   +----+           +-----+                +-----+               +----+
#
#   all addresses 2001:db8:...; LMAA a::1, Proxy-CoA b::1, both on lo
#   mn (MN-ID "mn"): HNP 1:1::/64, addresses ::100 to ::103
#   cn: addresses c::2 to c::5
#
# Path MTUs are learnt per destination, and a TCP receiver's MSS follows
# what it learnt toward the sender: each transfer uses a pair of addresses
# of its own, so that each sender must discover the path MTU itself.
#
# Needs root, tcpdump and a kernel that loads pmip6.ko by name (the test
# VM). BULK_MB sets the size of each transfer (default 24).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
BYTES=$((${BULK_MB:-24} << 20))
TMP=$(mktemp -d)
NS=(mn mag lma cn)
P=2001:db8
LMAA=$P:a::1
COA=$P:b::1
HNP=$P:1:1::
MN=$P:1:1::10	# MN$i: ::10$i
CN=$P:c::	# CN$i: c::$i

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
BULK=$PWD/selftests/netns/tcpbulk.py
field() { # field NS KEY nlprog-args...
	local ns=$1 key=$2; shift 2
	nsq "$ns" "$NLPROG" "$@" | awk -v k="$key" '$1 == k { print $2 }'
}
istat() { field "$1" "$2" instance; }
snmp() { nsq "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/snmp6; }
# The path MTU NS has learnt toward DST (empty if none).
pmtu() {
	nsq "$1" ip -6 route get "$2" | sed -n 's/.* mtu \([0-9]*\).*/\1/p'
}

# bulk FROM TO SRC DST PORT: BYTES over one TCP connection FROM -> TO
# (SRC -> DST); fails unless every byte arrived intact.
bulk() {
	local from=$1 to=$2 src=$3 dst=$4 port=$5 out sent got
	out=$TMP/$to.$port
	ip netns exec "$to" python3 "$BULK" recv "$port" "$out" &
	bgpids+=($!)
	wait_for 10 test -e "$out.ready"
	sent=$(nsexec "$from" python3 "$BULK" send "$dst" "$port" $BYTES "$src")
	wait_for 30 test -e "$out"
	got=$(cat "$out")
	echo "# $from -> $to: sent $sent (bytes, sha256, seconds); received $got"
	[ "$got" = "${sent% *}" ]
}

dmesg -C
echo "1..2"

echo "# topology: MTU 1500 everywhere, veth offloads as they come"
netns_add "${NS[@]}"
veth mag f lma lf
veth lma lc cn c0
veth mn m0 mag acc
nsq lma ip addr add $LMAA/128 dev lo
nsq lma ip addr add $P:f::1/64 dev lf
nsq lma ip addr add $P:c::1/64 dev lc
nsq lma ip -6 route add $COA/128 via $P:f::2
for i in 2 3 4 5; do nsq cn ip addr add $CN$i/64 dev c0; done
nsq cn ip -6 route add default via $P:c::1
nsq mag ip addr add $COA/128 dev lo
nsq mag ip addr add $P:f::2/64 dev f
nsq mag ip -6 route add $LMAA/128 via $P:f::1
nsq mag ip addr add fe80::1/64 dev acc
for i in 0 1 2 3; do nsq mn ip addr add $MN$i/64 dev m0; done
nsq mn ip -6 route add default via fe80::1 dev m0
if command -v ethtool >/dev/null; then
	nsq cn ethtool -k c0 | grep -E '^(tcp-segmentation-offload|generic-segmentation-offload):'
fi

nsexec lma "$PMIPCTL" instance set role lma local $LMAA
nsq lma ip link set pmip6 up
nsq lma ip -6 route add $P:1::/48 dev pmip6
nsexec lma "$PMIPCTL" bce add mn mn bid 1 coa $COA hnp $HNP/64
nsexec mag "$PMIPCTL" instance set role mag local $COA
nsq mag ip link set pmip6 up
nsexec mag "$PMIPCTL" bul add mn mn lma $LMAA dev acc hnp $HNP/64
nsq mag ip -6 route add $HNP/64 dev acc

echo "# cn -> mn and mn -> cn, $BYTES bytes each"
cap_start lma lf "$TMP/lf.pcap" -s 96
ptb_lma0=$(snmp lma Icmp6OutPktTooBigs)
ptb_mag0=$(snmp mag Icmp6OutPktTooBigs)
bulk cn mn ${CN}2 ${MN}0 9000
bulk mn cn ${MN}1 ${CN}3 9001
cap_stop "$TMP/lf.pcap"
# The counters saw every byte (inner packets, headers included).
tx=$(field lma tx_bytes bce get mn 1)
rx=$(field lma rx_bytes bce get mn 1)
btx=$(field mag tx_bytes bul get mn)
brx=$(field mag rx_bytes bul get mn)
echo "# bce tx $tx rx $rx, bul tx $btx rx $brx"
[ "$tx" -ge "$BYTES" ] && [ "$rx" -ge "$BYTES" ]
[ "$btx" -ge "$BYTES" ] && [ "$brx" -ge "$BYTES" ]
[ "$btx" -eq "$tx" ] && [ "$brx" -eq "$rx" ]
# Both senders learnt the tunnel's MTU from a Packet Too Big: toward the
# MN the LMA's forwarding sends it (the pmip6 device's MTU is 1460),
# toward the CN the MAG's uplink hook (too_big).
echo "# pmtu cn->mn $(pmtu cn ${MN}0), mn->cn $(pmtu mn ${CN}3)"
[ "$(pmtu cn ${MN}0)" = 1460 ]
[ "$(pmtu mn ${CN}3)" = 1460 ]
[ "$(snmp lma Icmp6OutPktTooBigs)" -gt "$ptb_lma0" ]
[ "$(snmp mag Icmp6OutPktTooBigs)" -gt "$ptb_mag0" ]
[ "$(istat mag too_big)" -ge 1 ]
# GSO packets went through the tunnel whole: outer packets bigger than
# the link MTU, as the capture on the sending veth sees them.
big=$(cap_count "$TMP/lf.pcap" "ip6[6] == 41 and ip6[4:2] > 1460")
echo "# tunnel packets larger than the link: $big"
[ "$big" -gt 0 ]

echo "ok 1 mtu_1500"

echo "# MTU 1280 on the tunnel path"
nsq lma ip link set lf mtu 1280
nsq mag ip link set f mtu 1280
# The tunnel MTU is clamped to 1280, so the tunnel packet of a 1280-byte
# inner packet, 1320 bytes, must be fragmented by the outer layer (RFC
# 2473 7.1). It once was not (skb_scrub_packet() cleared ignore_df and
# ip6_fragment() refused it, black-holing the inner sender; a plain
# ip6ip6 tunnel does the same): probe that with one such datagram first.
UDP=$PWD/selftests/netns/udp.py
ip netns exec mn python3 "$UDP" recv 9100 "$TMP/probe" &
bgpids+=($!)
wait_for 10 test -s "$TMP/probe"
fails0=$(snmp lma Ip6FragFails)
nsexec cn python3 "$UDP" send ${MN}2 9100 3 10 $((1280 - 48)) ${CN}4
if ! wait_for 5 atleast 1 cat "$TMP/probe"; then
	echo "# 1280-byte inner packets lost; lma Ip6FragFails +$(($(snmp lma Ip6FragFails) - fails0))"
	false
fi
[ "$(snmp lma Ip6FragFails)" = "$fails0" ]
toobig_lma0=$(istat lma too_big)
toobig_mag0=$(istat mag too_big)
frag0=$(snmp lma Ip6FragCreates)
fragm0=$(snmp mag Ip6FragCreates)
bulk cn mn ${CN}4 ${MN}2 9002
bulk mn cn ${MN}3 ${CN}5 9003
echo "# pmtu cn->mn $(pmtu cn ${MN}2), mn->cn $(pmtu mn ${CN}5)"
[ "$(pmtu cn ${MN}2)" = 1280 ]
[ "$(pmtu mn ${CN}5)" = 1280 ]
[ "$(istat mag too_big)" -gt "$toobig_mag0" ]
echo "# too_big lma +$(($(istat lma too_big) - toobig_lma0))"
echo "# fragments made: lma $(($(snmp lma Ip6FragCreates) - frag0)), mag $(($(snmp mag Ip6FragCreates) - fragm0))"
[ "$(snmp lma Ip6FragCreates)" -gt "$frag0" ]
[ "$(snmp mag Ip6FragCreates)" -gt "$fragm0" ]
echo "ok 2 mtu_1280"

echo "# teardown"
for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
bgpids=()
for ns in "${NS[@]}"; do ip netns del "$ns"; done
gone() { [ "$(dmesg | grep -c 'netns instance [0-9]* destroyed')" -ge 2 ]; }
wait_for 60 gone
kmsg=$(dmesg)
not grep -E 'WARNING:|BUG:|Oops|refcount_t|unregister_netdevice: waiting' <<<"$kmsg"
echo "# ok"
