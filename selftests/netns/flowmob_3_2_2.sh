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

TMP=$(mktemp -d)
NS=(mn1 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
HNP1=$P:1:1::
HNP2=$P:1:2::
MN1=$P:1:1::100
MAC_A=02:00:00:00:01:01
MAC_B=02:00:00:00:01:02
MN=mn1@example.com

flow_tx() { py lma "[f['counters']['packets_tx'] for f in d if f['fid'] == $1][0]" flow; }
flow_active() { py lma "[f['active'] for f in d if f['fid'] == $1][0]" flow; }

echo "# topology"
domain_up
domain_mn_link mn1 m1a $MAC_A mag1 acc1
domain_mn_link mn1 m1b $MAC_B mag2 acc2

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
mag $COA1			# the MAGs that may register MNs (RFC 5213 5.3.1)
mag $COA2
lifetime 60
min-delay-before-bce-delete 20000
mn $MN prefix $HNP1/64 prefix $HNP2/64
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $P:b$i::1
lma $LMAA
lifetime 60
access acc$i
ra-interval 2
mn $MN ll-id $([ $i = 1 ] && echo $MAC_A || echo $MAC_B)
EOF
done
for ns in lma mag1 mag2; do start_pmipd "$ns"; done
dflow() { nsexec lma "$PMIPCTL" daemon flow "$@"; }
fid_bid() { py lma "[f['bids'] for f in d if f['fid'] == $1][0]" flow; }
offlink() { py "$1" "[b['offlink_hnp'] for b in d if b['mn_id'] == '$MN'][0]" bul; }
slaac() { nsq mn1 ip -6 -o addr show dev "$1" scope global dynamic | awk '{print $4}' | sort | tr '\n' ' '; }

echo "# 3.2.2: one prefix per interface"
nsq mn1 ip link set m1a up
rs mn1 m1a $MAC_A
wait_for 30 is "[1]" lma_bids
nsq mn1 ip link set m1b up
rs mn1 m1b $MAC_B
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
# The FMI as an operator reads it: FLOW-MOBILITY add, ack requested, HNP1
# off-link, flow 2; the FMA: success.
[ "$(mh_count lma "pmip6.upn.reason == 8 && pmip6.upn.a == 1 && pmip6.hnp.offlink == 1 && pmip6.hnp.prefix == $HNP1 && pmip6.fid.fid == 2 && ipv6.dst == $COA2")" -ge 1 ]
[ "$(mh_count lma "pmip6.upa.status == 0 && ipv6.src == $COA2")" -ge 1 ]

echo "# FMA statuses: no such off-link prefix (133)"
not dflow remove $MN bid 2 hnp $P:1:9::/64 2>"$TMP/err"
cat "$TMP/err"
grep -q "status 133" "$TMP/err"
[ "$(mh_count lma "pmip6.upn.reason == 9 && pmip6.hnp.prefix == $P:1:9::")" -ge 1 ]
[ "$(mh_count lma "pmip6.upa.status == 133")" = 1 ]
[ "$(offlink mag2)" = "['$HNP1/64']" ]

echo "# FMA statuses: MN not attached (132), and the flow stays where it was"
nsexec mag1 "$PMIPCTL" daemon detach $MN
not dflow move $MN fid 2 bid 1 2>"$TMP/err"
cat "$TMP/err"
grep -q "status 132 (MN not attached)" "$TMP/err"
[ "$(mh_count lma "pmip6.upa.status == 132")" = 1 ]
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
domain_finish lma mag1 mag2
echo "# ok"
