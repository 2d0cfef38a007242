#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The LMA's packet path: HNP pool routed to the pmip6 device, per-flow
# tunnels to the MAGs chosen by the flow mobility cache, anti-spoofing on
# the way up, Packet Too Big, MN-to-MN events, and teardown with live
# traffic. The MAGs here are plain ip6tnl devices, so the LMA side is
# tested alone.
#
#            acc1 +------+ t0: ip6ip6 b1::1 <-> a::1
#      m1a -------| mag1 |------------------------.
#   +-----+       +------+ f1::2             f1::1 |
#   | mn1 |                                     +-----+  c::1     c::2 +----+
#   +-----+       +------+ f2::2             f2::1 | lma |---------------| cn |
#      m1b -------| mag2 |------------------------' +-----+               +----+
#            acc2 +------+ t0: ip6ip6 b2::1 <-> a::1   pmip6 dev: 2001:db8:1::/48
#   +-----+  acc3 |
#   | mn2 |-------'
#   +-----+ m2a
#
#   all addresses 2001:db8:...; LMAA a::1 and Proxy-CoAs b1::1, b2::1 on lo
#   mn1: HNP 2001:db8:1:1::/64, address ::100 on both m1a and m1b
#        BCE bid 1 (prio 1) via mag1, bid 2 (prio 2) via mag2
#        FMC fid 1 dport 5001 -> bid 1, fid 2 dport 5002 -> bid 2,
#            fid 3 dport 5003 -> drop
#   mn2: HNP 2001:db8:1:2::/64, address ::200; BCE bid 1 via mag2
#
# Needs root, ip6_tunnel, tcpdump and tshark, and a kernel that loads
# pmip6.ko by name (the test VM, with pmip6.dyndbg=+p).
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
udp() { python3 "$UDP" "$@"; }

# Starts a counting receiver in NS on PORT; its count is in $TMP/NS.PORT.
recv_start() {
	ip netns exec "$1" python3 "$UDP" recv "$2" "$TMP/$1.$2" &
	bgpids+=($!)
	wait_for 10 test -s "$TMP/$1.$2"
}
received() { cat "$TMP/$1.$2"; }
# The LMA's MN_TRAFFIC events into FILE (nlprog listen); its pid in listener.
listen_start() {
	ip netns exec lma "$NLPROG" listen 120 >"$1" &
	listener=$!
	bgpids+=($listener)
	wait_for 10 grep -q listening "$1"
}
# listen_stop FILE PATTERN SECS: once PATTERN came, stops the listener and
# prints how many events matched; a stream of SECS seconds gets at most one
# a second (plus one for the second it started in).
listen_stop() {
	local n
	# Run in $(...), where errexit does not hold: every step returns.
	wait_for 10 grep -q "$2" "$1" || return 1
	kill "$listener"
	cat "$1" >&2
	n=$(grep -c "$2" "$1" || true)
	[ "$n" -ge 1 ] && [ "$n" -le $(($3 + 2)) ] || return 1
	echo "$n"
}

# nlprog output field: field NS KEY nlprog-args...
field() {
	local ns=$1 key=$2; shift 2
	nsq "$ns" "$NLPROG" "$@" | awk -v k="$key" '$1 == k { print $2 }'
}
istat() { field lma "$1" instance; }
bce_tx() { field lma tx_packets bce get "$1" "$2"; }
bce_rx() { field lma rx_packets bce get "$1" "$2"; }
fmc_tx() { field lma tx_packets fmc get "$1" "$2"; }

modprobe ip6_tunnel
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
link mn1 m1b mag2 acc2
link mn2 m2a mag2 acc3

nsq lma ip addr add $LMAA/128 dev lo
nsq lma ip addr add $P:f1::1/64 dev lf1
nsq lma ip addr add $P:f2::1/64 dev lf2
nsq lma ip addr add $P:c::1/64 dev lc
nsq lma ip -6 route add $COA1/128 via $P:f1::2
nsq lma ip -6 route add $COA2/128 via $P:f2::2
nsq cn ip addr add $CN/64 dev c0
nsq cn ip -6 route add default via $P:c::1

for i in 1 2; do
	mag=mag$i coa=$P:b$i::1
	nsq $mag ip addr add "$coa/128" dev lo
	nsq $mag ip addr add "$P:f$i::2/64" dev "f$i"
	nsq $mag ip -6 route add $LMAA/128 via "$P:f$i::1"
	nsq $mag ip -6 tunnel add t0 mode ip6ip6 local "$coa" remote $LMAA \
		encaplimit none
	nsq $mag ip link set t0 up
	nsq $mag ip -6 route add default dev t0
done
nsq mag1 ip addr add fe80::1/64 dev acc1
nsq mag2 ip addr add fe80::1/64 dev acc2
nsq mag2 ip addr add fe80::1/64 dev acc3
nsq mag1 ip -6 route add $P:1:1::/64 dev acc1
nsq mag2 ip -6 route add $P:1:1::/64 dev acc2
nsq mag2 ip -6 route add $P:1:2::/64 dev acc3
nsq mn1 ip addr add $MN1/64 dev m1a
nsq mn1 ip addr add $MN1/64 dev m1b
nsq mn1 ip -6 route add default via fe80::1 dev m1a
nsq mn2 ip addr add $MN2/64 dev m2a
nsq mn2 ip -6 route add default via fe80::1 dev m2a

echo "# the first role creates the pmip6 device; INSTANCE_GET reports it"
not nsq lma ip link show pmip6 2>/dev/null
nsexec lma "$PMIPCTL" instance set role lma local $LMAA
ifindex=$(field lma ifindex instance)
[ "$(nsq lma cat /sys/class/net/pmip6/ifindex)" = "$ifindex" ]
nsexec lma ip link set pmip6 up
nsexec lma ip -6 route add $P:1::/48 dev pmip6
# Not deletable nor movable by hand.
not nsq lma ip link del pmip6 2>/dev/null
not nsq lma ip link set pmip6 netns cn 2>/dev/null

echo "# without a binding, packets to the pool are dropped and counted"
nsexec cn ping -6 -c 2 -i 0.2 -W 1 $MN1 >/dev/null || true
[ "$(istat no_binding)" -ge 2 ]

echo "# bindings: mn1 on mag1 and mag2, mn2 on mag2; flows per dport"
nsexec lma "$NLPROG" bce add mn1 1 1 $COA1 $P:1:1::
nsexec lma "$NLPROG" bce add mn1 2 2 $COA2 $P:1:1::
nsexec lma "$NLPROG" bce add mn2 1 1 $COA2 $P:1:2::
nsexec lma "$NLPROG" fmc add mn1 1 10 1 forward dport 5001
nsexec lma "$NLPROG" fmc add mn1 2 10 2 forward dport 5002
nsexec lma "$NLPROG" fmc add mn1 3 5 1 drop dport 5003

echo "# ping both ways: down by the best BCE (mag1), up through mag1"
nsexec cn ping -6 -c 3 -i 0.2 -W 2 $MN1
[ "$(bce_tx mn1 1)" -ge 3 ]
[ "$(bce_rx mn1 1)" -ge 3 ]
[ "$(bce_tx mn1 2)" -eq 0 ]

echo "# flow 5001 goes via mag1, flow 5002 via mag2 (counters and captures)"
for f in lf1 lf2; do
	ip netns exec lma tcpdump -i $f -n -U -w "$TMP/$f.pcap" ip6 2>/dev/null &
	bgpids+=($!)
done
recv_start mn1 5001
recv_start mn1 5002
recv_start mn1 5003
# tcpdump has no readiness signal: poll for it to have opened its file.
wait_for 10 test -e "$TMP/lf1.pcap" -a -e "$TMP/lf2.pcap"
sleep 1
nsexec cn python3 "$UDP" send $MN1 5001 20 100
nsexec cn python3 "$UDP" send $MN1 5002 20 100
wait_for 10 atleast 20 received mn1 5001
wait_for 10 atleast 20 received mn1 5002
[ "$(fmc_tx mn1 1)" -eq 20 ]
[ "$(fmc_tx mn1 2)" -eq 20 ]
[ "$(bce_tx mn1 2)" -eq 20 ]

echo "# a drop entry drops and counts"
nsexec cn python3 "$UDP" send $MN1 5003 5 100
wait_for 10 atleast 5 istat fmc_drop
[ "$(fmc_tx mn1 3)" -eq 5 ]
[ "$(received mn1 5003)" -eq 0 ]

sleep 0.5
for p in "${bgpids[@]:0:2}"; do kill -INT "$p"; done
wait "${bgpids[@]:0:2}" || true
count() { # count PCAP FILTER
	tshark -r "$1" -Y "$2" 2>/dev/null | wc -l
}
c1=$(count "$TMP/lf1.pcap" "ipv6.src==$LMAA && ipv6.dst==$COA1 && udp.dstport==5001")
c2=$(count "$TMP/lf2.pcap" "ipv6.src==$LMAA && ipv6.dst==$COA2 && udp.dstport==5002")
x1=$(count "$TMP/lf1.pcap" "udp.dstport==5002 || udp.dstport==5003")
x2=$(count "$TMP/lf2.pcap" "udp.dstport==5001 || udp.dstport==5003")
echo "# captured: 5001 via mag1 $c1, 5002 via mag2 $c2, misrouted $x1 $x2"
[ "$c1" -eq 20 ] && [ "$c2" -eq 20 ] && [ "$x1" -eq 0 ] && [ "$x2" -eq 0 ]

echo "# moving flow 5002 to bid 1 under a running stream loses at most a few"
before=$(received mn1 5002)
tx1=$(bce_tx mn1 1)
STOP=$TMP/stop ip netns exec cn python3 "$UDP" send $MN1 5002 0 100 &
sender=$!
wait_for 20 atleast $((before + 50)) received mn1 5002
nsexec lma "$NLPROG" fmc set mn1 2 10 1 forward dport 5002
tx2=$(bce_tx mn1 2)
wait_for 20 atleast $((tx1 + 50)) bce_tx mn1 1
touch "$TMP/stop"
wait "$sender"
sent=$(cat "$TMP/stop.sent")
# The last packets may still be on their way.
wait_for 5 atleast "$((before + sent))" received mn1 5002 || true
got=$(($(received mn1 5002) - before))
moved=$(($(bce_tx mn1 1) - tx1))
echo "# received $got of $sent, $moved after the move went via mag1"
[ "$got" -ge $((sent - 3)) ]
# Nothing more went via mag2 once the move was published (bar one packet
# that a CPU had classified already).
[ "$(bce_tx mn1 2)" -le $((tx2 + 1)) ]

echo "# tunnelled packets from an unknown source are dropped and counted"
unknown0=$(istat unknown_peer)
nsq cn ip -6 tunnel add sp mode ip6ip6 local $CN remote $LMAA encaplimit none
nsq cn ip link set sp up
nsq cn ip addr add $MN1/128 dev sp
nsq cn ip -6 route add $P:99::/64 dev sp
nsexec cn python3 "$UDP" send $P:99::1 7 5 100 64 $MN1
wait_for 10 atleast $((unknown0 + 5)) istat unknown_peer
nsq cn ip link del sp
# A known MAG is refused too for a source whose MN it does not serve:
# mag1 tunnels a packet from mn2's prefix.
nsq mag1 ip addr add $MN2/128 dev t0
nsexec mag1 python3 "$UDP" send $CN 7 3 100 64 $MN2
wait_for 10 atleast $((unknown0 + 8)) istat unknown_peer
nsq mag1 ip addr del $MN2/128 dev t0

echo "# MN to MN through the LMA: delivered and reported on the events group"
listen_start "$TMP/events"
recv_start mn2 6000
t0=$SECONDS
nsexec mn1 python3 "$UDP" send $MN2 6000 30 50
t1=$SECONDS
wait_for 10 atleast 30 received mn2 6000
[ "$(bce_tx mn2 1)" -ge 30 ]
ev="^event src_mn mn1 src_hnp $P:1:1::/64 dst_mn mn2 dst_hnp $P:1:2::/64"
n=$(listen_stop "$TMP/events" "$ev" $((t1 - t0)))
[ "$(istat events)" -eq "$n" ]

echo "# MN toward a remote prefix (another LMA's MNs, draft-loureiro 3, 4.2): reported without dst_mn"
nsq lma ip -6 route add $P:77::/48 via $P:c::2
nsexec lma "$PMIPCTL" instance set role lma remote $P:77::/48
nsq lma "$PMIPCTL" -j instance | grep -q '"remote_prefixes":\["2001:db8:77::/48"\]'
listen_start "$TMP/events2"
rx0=$(bce_rx mn1 1)
t0=$SECONDS
nsexec mn1 python3 "$UDP" send $P:77::5 6000 20 50
# Outside every remote prefix: forwarded, not reported.
nsexec mn1 python3 "$UDP" send $P:78::5 6000 5 50
t1=$SECONDS
wait_for 10 atleast $((rx0 + 25)) bce_rx mn1 1
rev="^event src_mn mn1 src_hnp $P:1:1::/64 dst_mn - dst_hnp $P:77::/64"
n2=$(listen_stop "$TMP/events2" "$rev" $((t1 - t0)))
not grep -q "dst_hnp $P:78:" "$TMP/events2"
[ "$(istat events)" -eq $((n + n2)) ]
# Cleared: the same traffic is no longer reported.
nsexec lma "$PMIPCTL" instance set role lma remote none
nsq lma "$PMIPCTL" -j instance | grep -q '"remote_prefixes":\[\]'
sleep 1.1	# past the rate limit of the pair's slot
rx0=$(bce_rx mn1 1)
nsexec mn1 python3 "$UDP" send $P:77::5 6000 10 50
wait_for 10 atleast $((rx0 + 10)) bce_rx mn1 1
[ "$(istat events)" -eq $((n + n2)) ]

echo "# too big for the tunnel path: ICMPv6 Packet Too Big to the source"
nsq lma ip link set lf1 mtu 1400
nsq mag1 ip link set f1 mtu 1400
toobig0=$(istat too_big)
nsexec cn python3 "$UDP" send $MN1 5001 1 10 1372
wait_for 10 atleast $((toobig0 + 1)) istat too_big
wait_for 10 sh -c "ip netns exec cn ip -6 route get $MN1 | grep -q 'mtu 1360'"
nsq cn ip -6 route get $MN1

echo "# deleting the namespaces with live traffic, then unloading, leaks nothing"
ip netns exec cn ping -6 -i 0.01 -q $MN1 >/dev/null 2>&1 &
bgpids+=($!)
ip netns exec mn1 ping -6 -i 0.01 -q $CN >/dev/null 2>&1 &
bgpids+=($!)
sleep 1
for ns in "${NS[@]}"; do ip netns del "$ns"; done
for p in "${bgpids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
bgpids=()
# netns teardown is asynchronous; every pmip6 device goes with its netns.
wait_for 60 sh -c 'dmesg | grep -q "pmip6: netns instance [0-9]* destroyed"'
gone() { [ "$(dmesg | grep -c 'netns instance [0-9]* destroyed')" -ge "${#NS[@]}" ]; }
wait_for 60 gone
[ "$(cat /sys/module/pmip6/refcnt)" = 0 ]
modprobe -r pmip6
not grep -q '^pmip6 ' /proc/modules
kmsg=$(dmesg)
not grep -E 'WARNING:|BUG:|Oops|refcount_t|unregister_netdevice: waiting' <<<"$kmsg"
echo "# ok"
