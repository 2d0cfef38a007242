#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Act 1 of the demo (scripts/demo-vm.sh runs it inside the VM): a PMIPv6
# domain run by pmipd. The MN attaches at mag1 with a Router
# Solicitation, gets its home network prefix by RA, reaches the CN through
# the LMA, hands over to mag2 keeping its address, and pmipctl shows each
# step from the daemons and from the kernel.
#
#                 acc1 (moves to mag2 at the handover)
#   +----+ m1     |    +------+            +-----+            +----+
#   | mn |-------------| mag1 |------------| lma |------------| cn |
#   +----+             +------+            +-----+            +----+
#                      +------+               |
#                      | mag2 |---------------'
#                      +------+
set -euo pipefail
PMIPD=$PWD/user/pmipd
PMIPCTL=$PWD/user/pmipctl
P=2001:db8
LMAA=$P:a::1 COA1=$P:b1::1 COA2=$P:b2::1 CN=$P:c::2
MAC=02:00:00:00:01:01
NS=(mn mag1 mag2 lma cn)
TMP=$(mktemp -d)

say() { printf '\n### %s\n' "$*"; }
run() { echo "[$1]\$ pmipctl ${*:2}"; ip netns exec "$1" "$PMIPCTL" "${@:2}"; }
q() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT
wait_for() { # wait_for SECONDS CMD...
	local end=$((SECONDS + $1)); shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || { echo "demo: timed out waiting for: $*" >&2; return 1; }
		sleep 0.2
	done
}
bound_at() { q "$1" "$PMIPCTL" daemon bindings | grep -q 'state bound'; }
lma_coa_is() { q lma "$PMIPCTL" daemon bindings | grep -q "proxy-coa $1 "; }
mn_addr() { q mn ip -6 -o addr show dev m1 scope global | awk '{print $4}'; }
rs() { # the Router Solicitation the MN's L2 attach would send
	q mn python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
mac = bytes.fromhex(sys.argv[1].replace(":", ""))
s.sendto(bytes([133, 0, 0, 0, 0, 0, 0, 0, 1, 1]) + mac, ("ff02::2", 0, 0, socket.if_nametoindex("m1")))' $MAC
}

modprobe pmip6
for ns in "${NS[@]}"; do
	ip netns add "$ns"
	q "$ns" ip link set lo up
	q "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
	q "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
	[ "$ns" = mn ] || q "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
done
link() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	q "$1" ip link set "$2" up
	q "$3" ip link set "$4" up
}
link mag1 f1 lma lf1
link mag2 f2 lma lf2
link lma lc cn c0
ip link add m1 netns mn address $MAC type veth peer name acc1 netns mag1
q mag1 ip link set acc1 up
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
	q mag$i ip -6 route add default via "$P:f$i::1"
done

cat >"$TMP/lma.conf" <<CONF
role lma
security insecure-lab		# a demo without keys (Documentation/ipsec.md)
local $LMAA
mag $P:b1::1			# the MAGs that may register MNs (RFC 5213 5.3.1)
mag $P:b2::1
lifetime 120
mn mn@example.org prefix $P:1:1::/64
CONF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<CONF
role mag
security insecure-lab		# a demo without keys (Documentation/ipsec.md)
local $P:b$i::1
lma $LMAA
access acc1
mn mn@example.org ll-id $MAC
CONF
done

say "pmipd on the LMA and both MAGs"
for ns in lma mag1 mag2; do
	echo "[$ns]\$ pmipd -f -c $ns.conf"
	sed 's/^/    /' "$TMP/$ns.conf"
	ip netns exec "$ns" "$PMIPD" -f -c "$TMP/$ns.conf" >"$TMP/$ns.log" 2>&1 &
	pids+=($!)
	wait_for 20 q "$ns" "$PMIPCTL" daemon show
done

say "The MN's link comes up: Router Solicitation -> PBU -> PBA -> RA"
q mn ip link set m1 up
wait_for 30 bound_at mag1
wait_for 30 test -n "$(mn_addr)"
run mag1 daemon bindings
run lma daemon bindings
echo "[mn]\$ ip -6 addr show dev m1 scope global"
q mn ip -6 addr show dev m1 scope global

say "The MN reaches the CN through the LMA"
q mn ping -6 -c 3 -i 0.3 $CN | tail -2
run lma bce show
run mag1 bul show

say "Handover: the MN's link now ends at mag2"
ip netns exec mag1 ip link set acc1 netns mag2
q mag2 ip link set acc1 up
rs
wait_for 30 bound_at mag2
wait_for 30 lma_coa_is $COA2
run lma daemon bindings
run mag2 daemon bindings
echo "[mn]\$ ip -6 addr show dev m1 scope global   (the same address)"
q mn ip -6 addr show dev m1 scope global
q mn ping -6 -c 3 -i 0.3 $CN | tail -2
run lma bce show
run lma daemon stats
