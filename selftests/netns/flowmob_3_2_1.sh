#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow mobility with shared prefixes (RFC 7864 / draft-ietf-netext-pmipv6-
# flowmob-10 section 3.2.1), with real pmipd daemons: mn1 attaches through
# two interfaces on two MAGs; mag2 says "attachment over a new interface
# sharing prefixes" (Handoff Indicator 6), so the LMA keeps two BCEs with
# their own BIDs and one prefix (Figure 9). Flows are then steered and
# moved at the LMA with no signaling (Figures 2 and 3), and detaching one
# interface deregisters its BID (section 5.2: entries go Inactive, their
# flows fall back to the remaining binding).
#
#        m1a  acc1 +------+            +-----+            +----+
#   +-----+--------| mag1 |------------| lma |------------| cn |
#   | mn1 |        +------+            +-----+            +----+
#   +-----+--------| mag2 |------------'
#        m1b  acc2 +------+
#
#   mn1: NAI mn1@example.com, HNP 2001:db8:1:1::/64, one address ::100 on
#   both interfaces (the seed's logical interface), MACs ...:01:01 (m1a)
#   and ...:01:02 (m1b)
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

if [ -z "${PMIPD:-}" ] && [ -x "$PWD/build/user-san/pmipd" ]; then
	PMIPD=$PWD/build/user-san/pmipd
fi
PMIPD=${PMIPD:-$PWD/user/pmipd}
PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
TMP=$(mktemp -d)
NS=(mn1 mag1 mag2 lma cn)
P=2001:db8
LMAA=$P:a::1
COA1=$P:b1::1
COA2=$P:b2::1
HNP1=$P:1:1::
MN1=$P:1:1::100
CN=$P:c::2
MAC_A=02:00:00:00:01:01
MAC_B=02:00:00:00:01:02
MN=mn1@example.com

. "$(dirname "$0")/lib.sh"

pids=()
cleanup() {
	set +e
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	for f in "$TMP"/*.log; do [ -f "$f" ] && sed "s|^|# $(basename "$f"): |" "$f"; done
	rm -rf "$TMP"
}
trap cleanup EXIT

ctl() { nsq "$1" "$PMIPCTL" "${@:2}"; }
# py NS EXPR pmipctl-args...: EXPR over d, the JSON pmipctl -j printed
py() {
	local ns=$1 expr=$2; shift 2
	ctl "$ns" -j "$@" | python3 -c "import json,sys; d=json.load(sys.stdin); print($expr)"
}
lma_bids() { py lma "sorted(b['bid'] for b in d if b['mn'] == '$MN')" daemon bindings; }
flow_tx() { py lma "[f['counters']['packets_tx'] for f in d if f['fid'] == $1][0]" flow; }
flow_active() { py lma "[f['active'] for f in d if f['fid'] == $1][0]" flow; }
bul_tx() { py "$1" "[b['counters']['packets_tx'] for b in d if b['mn_id'] == '$MN'][0]" bul; }
is() { [ "$("${@:2}")" = "$1" ]; }
rs() { # rs IFNAME MAC: the Router Solicitation mn1's L2 attach would send
	pretty mn1 "router solicitation on $1 from $2"
	nsq mn1 python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
mac = bytes.fromhex(sys.argv[2].replace(":", ""))
s.sendto(bytes([133, 0, 0, 0, 0, 0, 0, 0, 1, 1]) + mac,
         ("ff02::2", 0, 0, socket.if_nametoindex(sys.argv[1])))' "$1" "$2"
}
UDP=$PWD/selftests/netns/udp.py
received() { cat "$TMP/mn1.$1"; }

echo "# topology"
for ns in "${NS[@]}"; do
	ip netns add "$ns"
	nsq "$ns" ip link set lo up
	nsq "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
	nsq "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
	[ "$ns" = mn1 ] || nsq "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
done
link() { # link NS1 IF1 NS2 IF2
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	nsq "$1" ip link set "$2" up
	nsq "$3" ip link set "$4" up
}
link mag1 f1 lma lf1
link mag2 f2 lma lf2
link lma lc cn c0
ip link add m1a netns mn1 address $MAC_A type veth peer name acc1 netns mag1
ip link add m1b netns mn1 address $MAC_B type veth peer name acc2 netns mag2
nsq mag1 ip link set acc1 up
nsq mag2 ip link set acc2 up
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
	nsq mag$i ip -6 route add default via "$P:f$i::1"
done

cat >"$TMP/lma.conf" <<EOF
role lma
local $LMAA
lifetime 60
min-delay-before-bce-delete 2000
mn $MN prefix $HNP1/64
EOF
cat >"$TMP/mag1.conf" <<EOF
role mag
local $COA1
lma $LMAA
lifetime 60
access acc1
mn $MN ll-id $MAC_A prefix $HNP1/64
EOF
cat >"$TMP/mag2.conf" <<EOF
role mag
local $COA2
lma $LMAA
lifetime 60
access acc2
mn $MN ll-id $MAC_B prefix $HNP1/64 prefixes shared
EOF
for ns in lma mag1 mag2; do
	ip netns exec "$ns" "$PMIPD" -f -c "$TMP/$ns.conf" --pcap "$TMP/$ns.pcap" \
		>"$TMP/$ns.log" 2>&1 &
	pids+=($!)
	wait_for 20 ctl "$ns" daemon show >/dev/null
done

echo "# 3.2.1: mn1 attaches on m1a at mag1, then on m1b at mag2 sharing the prefix"
nsq mn1 ip link set m1a up
rs m1a $MAC_A
wait_for 30 is "[1]" lma_bids
nsq mn1 ip link set m1b up
rs m1b $MAC_B
wait_for 30 is "[1, 2]" lma_bids
# Figure 9: two BCEs, one per interface, each with its BID and Proxy-CoA,
# both with the same prefix.
ctl lma daemon bindings
ctl lma bce show
[ "$(py lma "sorted((b['bid'], b['proxy_coa'], b['hnp'][0]) for b in d)" bce)" = \
  "[(1, '$COA1', '$HNP1/64'), (2, '$COA2', '$HNP1/64')]" ]
# mag2 said so with Handoff Indicator 6, and learned its BID from the PBA.
[ "$(py mag2 "[m['bid'] for m in d][0]" daemon bindings)" = 2 ]
[ "$(tshark -r "$TMP/mag2.pcap" -Y "mip6.mhtype == 5" -T fields -e mip6.hi 2>/dev/null | head -1)" = 6 ]

echo "# the logical interface: one address, valid on both interfaces"
nsq mn1 ip addr add $MN1/64 dev m1a nodad
nsq mn1 ip addr add $MN1/64 dev m1b nodad
ip netns exec mn1 python3 "$UDP" recv 5001 "$TMP/mn1.5001" & pids+=($!)
ip netns exec mn1 python3 "$UDP" recv 5002 "$TMP/mn1.5002" & pids+=($!)
ip netns exec mn1 python3 "$UDP" recv 5003 "$TMP/mn1.5003" & pids+=($!)
wait_for 10 test -s "$TMP/mn1.5001" -a -s "$TMP/mn1.5002" -a -s "$TMP/mn1.5003"

echo "# Figure 2: flow X (UDP 5001) via mag1 (BID 1), flow Y (UDP 5002) via mag2 (BID 2)"
nsexec lma "$PMIPCTL" flow add mn $MN fid 1 prio 10 proto udp dport 5001 bid 1
nsexec lma "$PMIPCTL" flow add mn $MN fid 2 prio 20 proto udp dport 5002 bid 2
t1=$(bul_tx mag1) t2=$(bul_tx mag2)
nsexec cn python3 "$UDP" send $MN1 5001 20 100
nsexec cn python3 "$UDP" send $MN1 5002 20 100
wait_for 10 atleast 20 received 5001
wait_for 10 atleast 20 received 5002
[ "$(flow_tx 1)" = 20 ] && [ "$(flow_tx 2)" = 20 ]
[ "$(bul_tx mag1)" = $((t1 + 20)) ] && [ "$(bul_tx mag2)" = $((t2 + 20)) ]

echo "# Figure 3: move flow Y to mag1 under live traffic, no signaling"
mh0=$(py lma "d['mh_tx']" daemon stats)
STOP=$TMP/stop ip netns exec cn python3 "$UDP" send $MN1 5002 0 100 &
sender=$!
pids+=($sender)
wait_for 10 atleast 40 received 5002
t1=$(bul_tx mag1)
nsexec lma "$PMIPCTL" flow set mn $MN fid 2 prio 20 proto udp dport 5002 bid 1
wait_for 10 atleast $((t1 + 50)) bul_tx mag1
touch "$TMP/stop"
wait "$sender"
t2=$(bul_tx mag2)
sent=$(cat "$TMP/stop.sent")
wait_for 10 atleast $((20 + sent - 3)) received 5002
echo "# flow Y: $sent sent during the move, $(( $(received 5002) - 20 )) received"
# mag2 no longer carries it; the LMA sent no message for the move.
nsexec cn python3 "$UDP" send $MN1 5002 10 100
wait_for 10 atleast $((20 + sent + 7)) received 5002
[ "$(bul_tx mag2)" = "$t2" ]
[ "$(py lma "d['mh_tx']" daemon stats)" = "$mh0" ]
ctl lma flow show

echo "# 5.2: mn1 leaves mag2; BID 2 is deregistered; its only flow goes Inactive"
nsexec lma "$PMIPCTL" flow add mn $MN fid 3 prio 30 proto udp dport 5003 bid 2
[ "$(flow_active 3)" = True ]
nsexec mag2 "$PMIPCTL" daemon detach $MN
wait_for 20 is "[1]" lma_bids
[ "$(flow_active 3)" = False ]
[ "$(flow_active 1)" = True ]
# Its packets use the MN's remaining binding (the inactive entry no
# longer affects traffic, RFC 7864 5.2).
t1=$(bul_tx mag1)
nsexec cn python3 "$UDP" send $MN1 5003 10 100
wait_for 10 atleast 10 received 5003
[ "$(bul_tx mag1)" -ge $((t1 + 10)) ]

echo "# daemons stop cleanly, no sanitizer report"
for p in "${pids[@]:0:3}"; do kill "$p"; wait "$p"; done
pids=("${pids[@]:3}")
not grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$TMP"/*.log
echo "# ok"
