#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The MAG's packet path, with pmip6 at both ends: MN uplink caught in
# PRE_ROUTING and tunnelled to the LMA, downlink decapsulated and routed
# to the access link, localized routing MAG to MAG, refusal of tunnel
# packets from strangers, and teardown with live traffic.
#
#   +-----+ m1a  acc1 +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#   | mn1 |-----------| mag1 |-----------------| lma |-------------| cn |
#   +-----+           +------+                 +-----+             +----+
#   +-----+ m2a  acc2 +------+ f2::2     f2::1    |
#   | mn2 |-----------| mag2 |--------------------'
#   +-----+           +------+
#
#   all addresses 2001:db8:...; LMAA a::1, Proxy-CoAs b1::1, b2::1 on lo;
#   every node but the MNs and the CN runs pmip6 (roles lma, mag, mag)
#   mn1: HNP 2001:db8:1:1::/64, ::100, on mag1 (BUL) and the LMA (BCE)
#   mn2: HNP 2001:db8:1:2::/64, ::200, on mag2 (BUL) and the LMA (BCE)
#   RO (later): mag1 <-> mag2 for 1:1::/64 <-> 1:2::/64
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
TMP=$(mktemp -d)
NLPROG=${NLPROG:-}
NS=(mn1 mn2 mag1 mag2 lma cn)
P=2001:db8
LMAA=$P:a::1
COA1=$P:b1::1
COA2=$P:b2::1
HNP1=$P:1:1::
HNP2=$P:1:2::
MN1=$P:1:1::100
MN2=$P:1:2::200
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

[ -n "$NLPROG" ] || NLPROG=$(nlprog_build "$TMP")

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

dmesg -C

echo "# topology"
for ns in "${NS[@]}"; do
	ip netns add "$ns"
	nsq "$ns" ip link set lo up
	nsq "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
	nsq "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
	nsq "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
done
link() { # link NS1 IF1 NS2 IF2
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	nsq "$1" ip link set "$2" up
	nsq "$3" ip link set "$4" up
}
link mag1 f1 lma lf1
link mag2 f2 lma lf2
link lma lc cn c0
link mn1 m1a mag1 acc1
link mn2 m2a mag2 acc2

nsq lma ip addr add $LMAA/128 dev lo
nsq lma ip addr add $P:f1::1/64 dev lf1
nsq lma ip addr add $P:f2::1/64 dev lf2
nsq lma ip addr add $P:c::1/64 dev lc
nsq lma ip -6 route add $COA1/128 via $P:f1::2
nsq lma ip -6 route add $COA2/128 via $P:f2::2
nsq cn ip addr add $CN/64 dev c0
nsq cn ip -6 route add default via $P:c::1
for i in 1 2; do
	mag=mag$i
	nsq $mag ip addr add "$P:b$i::1/128" dev lo
	nsq $mag ip addr add "$P:f$i::2/64" dev "f$i"
	# The core: the LMA, and the other MAG through it.
	nsq $mag ip -6 route add $P:a::/48 via "$P:f$i::1"
	nsq $mag ip -6 route add $P:b1::/48 via "$P:f$i::1"
	nsq $mag ip -6 route add $P:b2::/48 via "$P:f$i::1"
	nsq $mag ip addr add fe80::1/64 dev "acc$i"
done
nsq mn1 ip addr add $MN1/64 dev m1a
nsq mn1 ip -6 route add default via fe80::1 dev m1a
nsq mn2 ip addr add $MN2/64 dev m2a
nsq mn2 ip -6 route add default via fe80::1 dev m2a

echo "# the LMA: pool to pmip6, one BCE per MN"
nsexec lma "$PMIPCTL" instance set role lma local $LMAA
nsq lma ip link set pmip6 up
nsq lma ip -6 route add $P:1::/48 dev pmip6
nsexec lma "$NLPROG" bce add mn1 1 1 $COA1 $HNP1
nsexec lma "$NLPROG" bce add mn2 1 1 $COA2 $HNP2

echo "# the MAGs: a BUL entry per MN, the HNP routed to the access link"
for i in 1 2; do
	nsexec mag$i "$PMIPCTL" instance set role mag local "$P:b$i::1"
	nsq mag$i ip link set pmip6 up
	nsexec mag$i "$NLPROG" bul add "mn$i" $LMAA "acc$i" "$P:1:$i::"
	nsq mag$i ip -6 route add "$P:1:$i::/64" dev "acc$i"
done

echo "# uplink caught and tunnelled, downlink decapsulated: ping mn1 <-> cn"
nsexec mn1 ping -6 -c 3 -i 0.2 -W 2 $CN
[ "$(field mag1 rx_packets bul get mn1)" -ge 3 ]
[ "$(field mag1 tx_packets bul get mn1)" -ge 3 ]
[ "$(field lma rx_packets bce get mn1 1)" -ge 3 ]
[ "$(field lma tx_packets bce get mn1 1)" -ge 3 ]

echo "# the MN's link-local traffic to its MAG is left alone"
nsexec mn1 ping -6 -c 1 -W 2 fe80::1%m1a >/dev/null
rx=$(field mag1 rx_packets bul get mn1)
nsexec mn1 ping -6 -c 2 -i 0.2 -W 2 fe80::1%m1a >/dev/null
[ "$(field mag1 rx_packets bul get mn1)" -eq "$rx" ]

echo "# MN to MN through the LMA"
recv_start mn2 6000
send mn1 $MN2 6000 20 50
wait_for 10 atleast 20 received mn2 6000
[ "$(field lma rx_packets bce get mn1 1)" -ge 23 ]
[ "$(field lma tx_packets bce get mn2 1)" -ge 20 ]
[ "$(field mag2 tx_packets bul get mn2)" -ge 20 ]

echo "# localized routing: mag1 <-> mag2 directly, the LMA out of the path"
nsexec mag1 "$NLPROG" ro add $HNP1 $HNP2 $COA2 60
nsexec mag2 "$NLPROG" ro add $HNP2 $HNP1 $COA1 60
lma_rx=$(field lma rx_packets bce get mn1 1)
lma_tx=$(field lma tx_packets bce get mn2 1)
send mn1 $MN2 6000 20 50
wait_for 10 atleast 40 received mn2 6000
[ "$(field mag1 rx_packets ro get $HNP1 $HNP2)" -eq 20 ]
[ "$(field mag2 tx_packets ro get $HNP2 $HNP1)" -eq 20 ]
[ "$(field lma rx_packets bce get mn1 1)" -eq "$lma_rx" ]
[ "$(field lma tx_packets bce get mn2 1)" -eq "$lma_tx" ]
# ...and the other way round.
recv_start mn1 6001
send mn2 $MN1 6001 10 50
wait_for 10 atleast 10 received mn1 6001
[ "$(field mag2 rx_packets ro get $HNP2 $HNP1)" -eq 10 ]
[ "$(field mag1 tx_packets ro get $HNP1 $HNP2)" -eq 10 ]

echo "# a MAG refuses tunnel packets from strangers"
nsq cn modprobe ip6_tunnel
nsq cn ip -6 tunnel add sp mode ip6ip6 local $CN remote $COA1 encaplimit none
nsq cn ip link set sp up
nsq cn ip -6 route add $MN1/128 dev sp
unknown0=$(istat mag1 unknown_peer)
rx0=$(received mn1 6001)
send cn $MN1 6001 5 50
wait_for 10 atleast $((unknown0 + 5)) istat mag1 unknown_peer
[ "$(received mn1 6001)" -eq "$rx0" ]
nsq cn ip link del sp

echo "# deleting the namespaces with live traffic, then unloading, leaks nothing"
ip netns exec mn1 ping -6 -i 0.01 -q $CN >/dev/null 2>&1 &
bgpids+=($!)
ip netns exec mn2 ping -6 -i 0.01 -q $MN1 >/dev/null 2>&1 &
bgpids+=($!)
sleep 1
for ns in "${NS[@]}"; do ip netns del "$ns"; done
for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
bgpids=()
gone() { [ "$(dmesg | grep -c 'netns instance [0-9]* destroyed')" -ge "${#NS[@]}" ]; }
wait_for 60 gone
[ "$(cat /sys/module/pmip6/refcnt)" = 0 ]
modprobe -r pmip6
not grep -q '^pmip6 ' /proc/modules
kmsg=$(dmesg)
not grep -E 'WARNING:|BUG:|Oops|refcount_t|unregister_netdevice: waiting' <<<"$kmsg"
echo "# ok"
