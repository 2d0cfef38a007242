#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the demo VM (scripts/demo.sh). Act 1 (demo-signaling.sh) is
# a domain run by pmipd: attach, RA, handover. Act 2 (demo-flows.sh) is
# flow mobility run by pmipd: a policy move with FMI/FMA. Then a PMIPv6 domain of
# network namespaces with pmip6 at the LMA and both MAGs, programmed by
# hand with pmipctl (pmipd's flow mobility and localized routing signaling
# will do this), showing
#   1. flow mobility (RFC 7864 3.2.1): mn1 attached through two interfaces
#      sharing one prefix; flow X via mag1, flow Y via mag2, then Y moved
#      to mag1 by one FMC update at the LMA;
#   2. localized routing (draft-loureiro-netext-pmipv6-ro-02): mn1 -> mn2
#      first through the LMA, then MAG to MAG.
#
#        m1a  acc1 +------+ f1     lf1 +-----+ lc      c0 +----+
#   +-----+--------| mag1 |------------| lma |------------| cn |
#   | mn1 |        +------+            +-----+            +----+
#   +-----+--------| mag2 |------------'
#        m1b  acc2 +------+ f2     lf2
#   +-----+  m2a  acc3 |
#   | mn2 |------------'
#   +-----+
#
#   LMAA 2001:db8:a::1; Proxy-CoAs 2001:db8:b1::1 (mag1), 2001:db8:b2::1 (mag2)
#   mn1: HNP 2001:db8:1:1::/64 on both interfaces; mn2: HNP 2001:db8:1:2::/64
set -euo pipefail
PMIPCTL=$PWD/user/pmipctl
P=2001:db8
LMAA=$P:a::1 COA1=$P:b1::1 COA2=$P:b2::1
HNP1=$P:1:1::/64 HNP2=$P:1:2::/64
MN1=$P:1:1::100 MN2=$P:1:2::200 CN=$P:c::2
NS=(mn1 mn2 mag1 mag2 lma cn)

say() { printf '\n### %s\n' "$*"; }
run() { echo "[$1]\$ pmipctl ${*:2}"; ip netns exec "$1" "$PMIPCTL" "${@:2}"; }
q() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
cleanup() { for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done; }
trap cleanup EXIT

# send NS DST PORT COUNT: COUNT small UDP datagrams, 50 per second.
send() {
	q "$1" python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for _ in range(int(sys.argv[3])):
    try:
        s.sendto(b"x" * 64, (sys.argv[1], int(sys.argv[2])))
    except OSError:
        pass
    time.sleep(0.02)' "$2" "$3" "$4"
}

"$(dirname "$0")/demo-signaling.sh"
"$(dirname "$0")/demo-flows.sh"

say "Acts 2 and 3: flow mobility and localized routing, programmed by hand"
modprobe pmip6
for ns in "${NS[@]}"; do
	ip netns add "$ns"
	q "$ns" ip link set lo up
	q "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
	q "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
	q "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
done
link() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	q "$1" ip link set "$2" up
	q "$3" ip link set "$4" up
}
link mag1 f1 lma lf1
link mag2 f2 lma lf2
link lma lc cn c0
link mn1 m1a mag1 acc1
link mn1 m1b mag2 acc2
link mn2 m2a mag2 acc3

q lma ip addr add $LMAA/128 dev lo
q lma ip addr add $P:f1::1/64 dev lf1
q lma ip addr add $P:f2::1/64 dev lf2
q lma ip addr add $P:c::1/64 dev lc
q lma ip -6 route add $COA1/128 via $P:f1::2
q lma ip -6 route add $COA2/128 via $P:f2::2
q cn ip addr add $CN/64 dev c0
q cn ip -6 route add default via $P:c::1
for i in 1 2; do
	q mag$i ip addr add "$P:b$i::1/128" dev lo
	q mag$i ip addr add "$P:f$i::2/64" dev "f$i"
	q mag$i ip -6 route add $P:a::/48 via "$P:f$i::1"
	q mag$i ip -6 route add $P:b1::/48 via "$P:f$i::1"
	q mag$i ip -6 route add $P:b2::/48 via "$P:f$i::1"
done
q mag1 ip addr add fe80::1/64 dev acc1
q mag2 ip addr add fe80::1/64 dev acc2
q mag2 ip addr add fe80::1/64 dev acc3
# mn1 has the same address on both interfaces (RFC 7864 3.2.1: the
# interfaces share the prefix); it sends up through m1a.
q mn1 ip addr add $MN1/64 dev m1a
q mn1 ip addr add $MN1/64 dev m1b
q mn1 ip -6 route add default via fe80::1 dev m1a
q mn2 ip addr add $MN2/64 dev m2a
q mn2 ip -6 route add default via fe80::1 dev m2a

say "Roles: one LMA, two MAGs"
run lma instance set role lma local $LMAA
run mag1 instance set role mag local $COA1
run mag2 instance set role mag local $COA2
for ns in lma mag1 mag2; do q "$ns" ip link set pmip6 up; done
q lma ip -6 route add $P:1::/48 dev pmip6

say "LMA binding cache: mn1 has two bindings (BIDs) sharing its prefix"
run lma bce add mn mn1@example.org bid 1 prio 1 att 4 coa $COA1 hnp $HNP1
run lma bce add mn mn1@example.org bid 2 prio 2 att 3 coa $COA2 hnp $HNP1
run lma bce add mn mn2@example.org bid 1 coa $COA2 hnp $HNP2
say "LMA flow mobility cache: flow X (UDP 5001) via BID 1, flow Y (UDP 5002) via BID 2"
run lma flow add mn mn1@example.org fid 1 prio 10 proto udp dport 5001 bid 1
run lma flow add mn mn1@example.org fid 2 prio 20 proto udp dport 5002 bid 2

say "MAG binding update lists"
run mag1 bul add mn mn1@example.org lma $LMAA dev acc1 hnp $HNP1
run mag2 bul add mn mn1@example.org lma $LMAA dev acc2 hnp $HNP1
run mag2 bul add mn mn2@example.org lma $LMAA dev acc3 hnp $HNP2
q mag1 ip -6 route add $HNP1 dev acc1
q mag2 ip -6 route add $HNP1 dev acc2
q mag2 ip -6 route add $HNP2 dev acc3

say "Traffic from the CN: 20 packets of flow X, 20 of flow Y"
q mn1 ping -6 -c 2 -i 0.2 -W 2 $CN >/dev/null
send cn $MN1 5001 20
send cn $MN1 5002 20
run lma flow show
run lma bce show mn mn1@example.org
run mag1 bul show
run mag2 bul show mn mn1@example.org

say "Move flow Y to mag1: one FMC update at the LMA, no signaling to the MN"
run lma flow set mn mn1@example.org fid 2 prio 20 proto udp dport 5002 bid 1
send cn $MN1 5002 20
run lma flow show
run lma bce show mn mn1@example.org

say "mn1 -> mn2 through the LMA"
send mn1 $MN2 6000 20
run lma bce show
run lma show

say "Localized routing: mag1 and mag2 tunnel to each other"
run mag1 ro add src $HNP1 dst $HNP2 peer $COA2 lifetime 60 owner mag
run mag2 ro add src $HNP2 dst $HNP1 peer $COA1 lifetime 60 owner mag
run lma ro add src $HNP1 dst $HNP2 peer $COA1 lifetime 60 owner controller
send mn1 $MN2 6000 20
run mag1 ro show
run mag2 ro show
echo "(the LMA's counters for mn1 and mn2 have not moved:)"
run lma bce show
echo
run mag1 -j ro show
