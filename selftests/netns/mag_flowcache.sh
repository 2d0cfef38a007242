#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A MAG with full per-flow state (RFC 7864 section 5.2): the flow mobility
# cache runs on the MN's uplink, in the MAG's PRE_ROUTING hook. A drop
# entry for one UDP port stops that flow at mag1 (the CN receives none of
# it, mag1's fmc_drop counts it, the entry counts it as rx), a forward
# entry for another port lets it through (counted on the entry), and
# deleting the drop entry restores the flow. Entries name the BID of the
# MN's BUL entry; when the BUL entry goes, they stop applying.
#
#   +-----+ m1a  acc1 +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#   | mn1 |-----------| mag1 |-----------------| lma |-------------| cn |
#   +-----+           +------+                 +-----+             +----+
#
#   all addresses 2001:db8:...; LMAA a::1, Proxy-CoA b1::1 on lo;
#   mn1: HNP 2001:db8:1:1::/64, ::100; BUL entry at mag1 with BID 1,
#   BCE at the LMA with BID 1
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
TMP=$(mktemp -d)
NLPROG=${NLPROG:-}
NS=(mn1 mag1 lma cn)
P=2001:db8
LMAA=$P:a::1
COA1=$P:b1::1
HNP1=$P:1:1::
MN1=$P:1:1::100
CN=$P:c::2
DROP=7001	# the flow mag1 drops
PASS=7002	# a flow with a forward entry

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

if [ -z "$NLPROG" ]; then
	NLPROG=$TMP/nlprog
	cc -Wall -O2 -I"$PWD/include/uapi" -I"$PWD/selftests/netlink" \
		-o "$NLPROG" selftests/netns/nlprog.c selftests/netlink/rawnl.c
fi

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
ctl() { nsexec "$1" "$PMIPCTL" "${@:2}"; }

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
link lma lc cn c0
link mn1 m1a mag1 acc1

nsq lma ip addr add $LMAA/128 dev lo
nsq lma ip addr add $P:f1::1/64 dev lf1
nsq lma ip addr add $P:c::1/64 dev lc
nsq lma ip -6 route add $COA1/128 via $P:f1::2
nsq cn ip addr add $CN/64 dev c0
nsq cn ip -6 route add default via $P:c::1
nsq mag1 ip addr add $COA1/128 dev lo
nsq mag1 ip addr add $P:f1::2/64 dev f1
nsq mag1 ip -6 route add $P:a::/48 via $P:f1::1
nsq mag1 ip addr add fe80::1/64 dev acc1
nsq mn1 ip addr add $MN1/64 dev m1a
nsq mn1 ip -6 route add default via fe80::1 dev m1a

echo "# the LMA: pool to pmip6, a BCE for mn1"
ctl lma instance set role lma local $LMAA
nsq lma ip link set pmip6 up
nsq lma ip -6 route add $P:1::/48 dev pmip6
nsexec lma "$NLPROG" bce add mn1 1 1 $COA1 $HNP1

echo "# mag1: mn1's BUL entry, with the BID it registered"
ctl mag1 instance set role mag local $COA1
nsq mag1 ip link set pmip6 up
ctl mag1 bul add mn mn1 lma $LMAA dev acc1 bid 1 hnp $HNP1/64
nsq mag1 ip -6 route add $HNP1/64 dev acc1

echo "# both flows reach the CN without flow entries"
recv_start cn $DROP
recv_start cn $PASS
send mn1 $CN $DROP 5 50
send mn1 $CN $PASS 5 50
wait_for 10 atleast 5 received cn $DROP
wait_for 10 atleast 5 received cn $PASS
[ "$(istat mag1 fmc_drop)" -eq 0 ]

echo "# a drop entry for port $DROP, a forward entry for port $PASS"
# An entry must name the BUL entry's BID (RFC 7864 5.2 on a MAG).
not nsexec mag1 "$NLPROG" fmc add mn1 1 10 2 drop dport $DROP
nsexec mag1 "$NLPROG" fmc add mn1 1 10 1 drop dport $DROP
nsexec mag1 "$NLPROG" fmc add mn1 2 20 1 forward dport $PASS
ctl mag1 flow
bul_rx=$(field mag1 rx_packets bul get mn1)
drop0=$(received cn $DROP)
pass0=$(received cn $PASS)
send mn1 $CN $DROP 20 100
send mn1 $CN $PASS 20 100
wait_for 10 atleast $((pass0 + 20)) received cn $PASS
wait_for 10 atleast 20 istat mag1 fmc_drop
[ "$(istat mag1 fmc_drop)" -eq 20 ]
[ "$(field mag1 rx_packets fmc get mn1 1)" -eq 20 ]
[ "$(field mag1 rx_packets fmc get mn1 2)" -eq 20 ]
# Only the forwarded flow went into the tunnel.
[ "$(field mag1 rx_packets bul get mn1)" -eq $((bul_rx + 20)) ]
# The CN got nothing of the dropped flow: check after the other arrived.
[ "$(received cn $DROP)" -eq "$drop0" ]
[ "$(received cn $PASS)" -eq $((pass0 + 20)) ]

echo "# mn1 deregisters its BID at mag1: the entries stop applying"
ctl mag1 bul set mn mn1 lma $LMAA dev acc1 hnp $HNP1/64
ctl mag1 -j flow | python3 -c 'import json, sys
assert [f["active"] for f in json.load(sys.stdin)] == [False, False]'
send mn1 $CN $DROP 5 100
wait_for 10 atleast $((drop0 + 5)) received cn $DROP
[ "$(istat mag1 fmc_drop)" -eq 20 ]
ctl mag1 bul set mn mn1 lma $LMAA dev acc1 bid 1 hnp $HNP1/64
drop0=$(received cn $DROP)
send mn1 $CN $DROP 5 100
wait_for 10 atleast 25 istat mag1 fmc_drop
[ "$(received cn $DROP)" -eq "$drop0" ]

echo "# deleting the drop entry restores the flow"
ctl mag1 flow del mn mn1 fid 1
send mn1 $CN $DROP 10 100
wait_for 10 atleast $((drop0 + 10)) received cn $DROP
[ "$(istat mag1 fmc_drop)" -eq 25 ]
[ "$(field mag1 rx_packets fmc get mn1 2)" -eq 20 ]

echo "# teardown with entries left: nothing leaks"
for ns in "${NS[@]}"; do ip netns del "$ns"; done
for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
bgpids=()
not grep -E 'WARNING:|BUG:|Oops|refcount_t' <<<"$(dmesg)"
echo "# ok"
