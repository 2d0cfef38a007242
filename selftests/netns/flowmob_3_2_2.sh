#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow mobility with a prefix per interface (RFC 7864 / draft-ietf-netext-
# pmipv6-flowmob-10 section 3.2.2), with real pmipd daemons: mn1 attaches
# on m1a at mag1 (HNP1) and on m1b at mag2 (HNP2). Moving a flow of HNP1 to
# mag2 takes a Flow Mobility Indication to mag2 carrying HNP1 with the L
# (off-link) flag; mag2 routes HNP1 to the MN without ever advertising it,
# answers with a Flow Mobility Acknowledgement, and only then does the LMA
# move the flow (Figures 4 and 5). Then the FMA's failure statuses, the
# removal of the off-link prefix, and FMI retransmission.
#
#        m1a  acc1 +------+            +-----+            +----+
#   +-----+--------| mag1 |------------| lma |------------| cn |
#   | mn1 |        +------+            +-----+            +----+
#   +-----+--------| mag2 |------------'
#        m1b  acc2 +------+
#
#   mn1: NAI mn1@example.com; the LMA assigns 2001:db8:1:1::/64 to the
#   first attachment (m1a, MAC ...:01:01) and 2001:db8:1:2::/64 to the
#   second (m1b, ...:01:02); 2001:db8:1:1::100 is the MN's logical
#   interface address, valid on both interfaces
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
HNP2=$P:1:2::
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
min-delay-before-bce-delete 20000
mn $MN prefix $HNP1/64 prefix $HNP2/64
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
local $P:b$i::1
lma $LMAA
lifetime 60
access acc$i
ra-interval 2
mn $MN ll-id $([ $i = 1 ] && echo $MAC_A || echo $MAC_B)
EOF
done
for ns in lma mag1 mag2; do
	ip netns exec "$ns" "$PMIPD" -f -c "$TMP/$ns.conf" --pcap "$TMP/$ns.pcap" \
		>"$TMP/$ns.log" 2>&1 &
	pids+=($!)
	eval "pid_$ns=$!"
	wait_for 20 ctl "$ns" daemon show >/dev/null
done
dflow() { nsexec lma "$PMIPCTL" daemon flow "$@"; }
fid_bid() { py lma "[f['bids'] for f in d if f['fid'] == $1][0]" flow; }
offlink() { py "$1" "[b['offlink_hnp'] for b in d if b['mn_id'] == '$MN'][0]" bul; }
slaac() { nsq mn1 ip -6 -o addr show dev "$1" scope global dynamic | awk '{print $4}' | sort | tr '\n' ' '; }

echo "# 3.2.2: one prefix per interface"
nsq mn1 ip link set m1a up
rs m1a $MAC_A
wait_for 30 is "[1]" lma_bids
nsq mn1 ip link set m1b up
rs m1b $MAC_B
wait_for 30 is "[1, 2]" lma_bids
ctl lma daemon bindings
[ "$(py lma "sorted((b['bid'], b['proxy_coa'], b['hnp']) for b in d)" bce)" = \
  "[(1, '$COA1', ['$HNP1/64']), (2, '$COA2', ['$HNP2/64'])]" ]
has_slaac() { [ -n "$(slaac "$1")" ]; }
wait_for 20 has_slaac m1b
[[ "$(slaac m1b)" == "$P:1:2:"* ]]

nsq mn1 ip addr add $MN1/64 dev m1a nodad
nsq mn1 ip addr add $MN1/64 dev m1b nodad
ip netns exec mn1 python3 "$UDP" recv 5002 "$TMP/mn1.5002" & pids+=($!)
wait_for 10 test -s "$TMP/mn1.5002"
nsexec lma "$PMIPCTL" flow add mn $MN fid 2 prio 20 proto udp dport 5002 bid 1
nsexec cn python3 "$UDP" send $MN1 5002 10 100
wait_for 10 atleast 10 received 5002

echo "# Figure 4: move flow Y (HNP1, UDP 5002) to mag2 under live traffic: FMI, FMA, then the FMC"
STOP=$TMP/stop ip netns exec cn python3 "$UDP" send $MN1 5002 0 100 &
sender=$!
pids+=($sender)
wait_for 10 atleast 30 received 5002
t2=$(bul_tx mag2)
dflow move $MN fid 2 bid 2
[ "$(fid_bid 2)" = "[2]" ]
# Figure 5: mag2 routes HNP1 off-link toward the MN.
[ "$(offlink mag2)" = "['$HNP1/64']" ]
ctl mag2 daemon bindings
ctl lma daemon bindings
wait_for 10 atleast $((t2 + 50)) bul_tx mag2
touch "$TMP/stop"
wait "$sender"
sent=$(cat "$TMP/stop.sent")
wait_for 10 atleast $((10 + sent - 5)) received 5002
echo "# flow Y: $sent sent during the move, $(( $(received 5002) - 10 )) received"
# mag2's RAs never carried HNP1: m1b has no address of it from SLAAC.
sleep 3		# more than ra-interval
[[ "$(slaac m1b)" != *"$P:1:1:"* ]]
[ "$(tshark -r "$TMP/lma.pcap" -Y "mip6.mhtype == 19" 2>/dev/null | wc -l)" -ge 1 ]
[ "$(tshark -r "$TMP/lma.pcap" -Y "mip6.mhtype == 20" 2>/dev/null | wc -l)" -ge 1 ]

echo "# FMA statuses: no such off-link prefix (133)"
not dflow remove $MN bid 2 hnp $P:1:9::/64 2>"$TMP/err"
cat "$TMP/err"
grep -q "status 133" "$TMP/err"
[ "$(offlink mag2)" = "['$HNP1/64']" ]

echo "# FMA statuses: MN not attached (132), and the flow stays where it was"
nsexec mag1 "$PMIPCTL" daemon detach $MN
not dflow move $MN fid 2 bid 1 2>"$TMP/err"
cat "$TMP/err"
grep -q "status 132 (MN not attached)" "$TMP/err"
[ "$(fid_bid 2)" = "[2]" ]

echo "# FLOW-MOBILITY-REMOVE: mag2 stops routing HNP1"
dflow remove $MN bid 2
[ "$(offlink mag2)" = "[]" ]
[ -z "$(nsq mag2 ip -6 route show $HNP1/64)" ]

echo "# an FMI nobody answers is retransmitted, then reported"
kill -STOP "$pid_mag2"
not dflow remove $MN bid 2 hnp $HNP1/64 2>"$TMP/err"
kill -CONT "$pid_mag2"
cat "$TMP/err"
grep -q "no FMA from MAG $COA2 after 3 FMIs" "$TMP/err"
[ "$(tshark -r "$TMP/lma.pcap" -Y "mip6.mhtype == 19 && ipv6.dst == $COA2" 2>/dev/null | wc -l)" -ge 5 ]

echo "# daemons stop cleanly, no sanitizer report, every message decodes"
for p in "${pids[@]:0:3}"; do kill "$p"; wait "$p"; done
pids=("${pids[@]:3}")
not grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$TMP"/*.log
for ns in lma mag1 mag2; do
	[ "$(tshark -r "$TMP/$ns.pcap" -Y "_ws.malformed || _ws.expert.severity >= warning" 2>/dev/null | wc -l)" = 0 ]
done
echo "# ok"
