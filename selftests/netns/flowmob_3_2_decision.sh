#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who takes the flow mobility decision (RFC 7864 / draft-ietf-netext-
# pmipv6-flowmob-10 section 3.2: "the MN or the LMA, but not both", per
# MN) and the flow mobility cache at the MAG (section 5.2), with real
# pmipd daemons.
#
#   mn1 (flow-decision lma): the LMA's flow policy keeps flow 7 (UDP 5007)
#   on mn1's interface of access technology 4 whenever one is registered.
#   m1a (ATT 3) at mag1 gets HNP1, m1b (ATT 4) at mag2 gets HNP2. When m1b
#   registers, the LMA moves flow 7 there with an FMI carrying HNP1 off-
#   link and the flow (FID, FID-PRI, BID, traffic selector); mag2, with
#   "flow-cache on", keeps the flow in its own cache. When m1b leaves,
#   flow 7 goes back to its prefix's path and leaves both caches. The
#   operator's add/remove work for mn1; an MN request for mn1 is refused.
#
#   mn2 (flow-decision mn): the operator's decisions are refused; the
#   MN's request, relayed with "flow request", is carried out.
#
#        m1a  acc1 +------+            +-----+            +----+
#   +-----+--------| mag1 |------------| lma |------------| cn |
#   | mn1 |  m2a  /+------+            +-----+            +----+
#   +-----+  mn2 / | mag2 |------------'
#        m1b  acc2 +------+         (mn2's m2a is on mag1's acc3)
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 mn2 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
HNP1=$P:1:1::
HNP2=$P:1:2::
HNP4=$P:2:1::
MN1=$P:1:1::100		# mn1's logical interface address, on both links
MAC_A=02:00:00:00:01:01
MAC_B=02:00:00:00:01:02
MAC_C=02:00:00:00:02:01
MN=mn1@example.com
MN2=mn2@example.com

echo "# topology"
domain_up
domain_mn_link mn1 m1a $MAC_A mag1 acc1
domain_mn_link mn1 m1b $MAC_B mag2 acc2
domain_mn_link mn2 m2a $MAC_C mag1 acc3

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
mag $COA1			# the MAGs that may register MNs (RFC 5213 5.3.1)
mag $COA2
lifetime 60
min-delay-before-bce-delete 0
mn $MN prefix $HNP1/64 prefix $HNP2/64
mn $MN2 prefix $HNP4/64 flow-decision mn
flow-policy $TMP/flows
EOF
cat >"$TMP/flows" <<EOF
# Flow 7 of mn1 (UDP 5007) on its ATT 4 interface whenever it has one.
flow $MN fid 7 prio 5 att 4 proto udp dport 5007
EOF
cat >"$TMP/mag1.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA1
lma $LMAA
lifetime 60
access acc1
access acc3
ra-interval 2
mn $MN ll-id $MAC_A att 3
mn $MN2 ll-id $MAC_C att 3
EOF
cat >"$TMP/mag2.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA2
lma $LMAA
lifetime 60
access acc2
ra-interval 2
flow-cache on
mn $MN ll-id $MAC_B att 4
EOF
for ns in lma mag1 mag2; do start_pmipd "$ns"; done
dflow() { nsexec lma "$PMIPCTL" daemon flow "$@"; }
# FID:BIDS:DECIDER of each flow the LMA's pmipd shows for an MN.
lma_flows() { py lma "sorted((f['fid'], f['bids'], f['decided_by']) for f in d)" daemon flow show "$1"; }
# The MAG's own flow cache (the kernel's, as pmipctl shows it).
mag_flows() { py "$1" "sorted((f['fid'], f['fid_pri'], f['selector'], f['bids']) for f in d)" flow; }
offlink() { py "$1" "[b['offlink_hnp'] for b in d if b['mn_id'] == '$MN'][0]" bul; }
bids_of() { py lma "sorted(b['bid'] for b in d if b['mn'] == '$1')" daemon bindings; }
lma_flow_tx() { py lma "[f['counters']['packets_tx'] for f in d if f['fid'] == $1][0]" flow; }

echo "# mn1 on mag1 (ATT 3): the policy's flow 7 has no ATT 4 interface, no entry"
nsq mn1 ip link set m1a up
rs mn1 m1a $MAC_A
wait_for 30 is "[1]" lma_bids
[ "$(lma_flows $MN)" = "[]" ]
nsq mn1 ip addr add $MN1/64 dev m1a nodad
nsq mn1 ip addr add $MN1/64 dev m1b nodad
ip netns exec mn1 python3 "$UDP" recv 5007 "$TMP/mn1.5007" & pids+=($!)
wait_for 10 test -s "$TMP/mn1.5007"

echo "# section 3.2, LMA decides: m1b (ATT 4) registers at mag2, the policy moves flow 7 there"
nsq mn1 ip link set m1b up
rs mn1 m1b $MAC_B
wait_for 30 is "[1, 2]" lma_bids
wait_for 15 is "[(7, [2], 'lma')]" lma_flows $MN
dflow show $MN
# Figure 5: mag2 routes HNP1 off-link; the FMI was needed and sent.
[ "$(offlink mag2)" = "['$HNP1/64']" ]
# The FMI carries the flow: FID 7, FID-PRI 5, BID 2, its selector (RFC 6089 4.2).
[ "$(mh_count lma "ipv6.dst == $COA2 && pmip6.upn.reason == 8 && pmip6.fid.fid == 7 && pmip6.fid.pri == 5 && pmip6.fid.bid_ref == 2 && pmip6.ts.dst_port_start == 5007 && pmip6.hnp.prefix == $HNP1")" = 1 ]

echo "# section 5.2: mag2's flow cache holds flow 7 from the FMI, selector and all"
ctl mag2 flow show
[ "$(mag_flows mag2)" = "[(7, 5, 'proto udp dport 5007', [2])]" ]
[ "$(mag_flows mag1)" = "[]" ]

echo "# flow 7's packets take mag2; other UDP to the same address stays on mag1"
t1=$(bul_tx mag1)
t2=$(bul_tx mag2)
nsexec cn python3 "$UDP" send $MN1 5007 20 100
wait_for 10 is 20 received 5007
[ "$(lma_flow_tx 7)" = 20 ]
[ "$(bul_tx mag2)" -ge $((t2 + 20)) ]
nsexec cn python3 "$UDP" send $MN1 5008 10 100
wait_for 10 atleast $((t1 + 10)) bul_tx mag1

echo "# the operator decides for mn1: add, a duplicate, a bad selector, remove"
dflow add $MN fid 9 prio 1 bid 1 proto tcp dport 80
[ "$(lma_flows $MN)" = "[(7, [2], 'lma'), (9, [1], 'lma')]" ]
not dflow add $MN fid 9 bid 1 2>"$TMP/err"
grep -q "flow 9 of '$MN' exists already" "$TMP/err"
not dflow add $MN fid 10 bid 1 dport 99999 2>"$TMP/err"
grep -q "invalid dport '99999'" "$TMP/err"
not dflow add $MN fid 10 bid 7 2>"$TMP/err"
grep -q "has no binding with BID 7" "$TMP/err"
# RFC 6089 4.2: FID-PRI 0 is reserved, and each flow of an MN has its own.
not dflow add $MN fid 10 prio 0 bid 1 2>"$TMP/err"
grep -q "invalid prio '0' (expected 1..65535)" "$TMP/err"
not dflow add $MN fid 10 prio 5 bid 1 2>"$TMP/err"
grep -q "prio 5 is flow 7's already: each flow of a mobile node needs its own (RFC 6089 4.2)" "$TMP/err"
[ "$(lma_flows $MN)" = "[(7, [2], 'lma'), (9, [1], 'lma')]" ]
# Flow 9 needed HNP2 off-link at mag1; removing the flow takes that away.
[ "$(offlink mag1)" = "['$HNP2/64']" ]
dflow remove $MN fid 9
[ "$(lma_flows $MN)" = "[(7, [2], 'lma')]" ]
[ "$(offlink mag1)" = "[]" ]
# A flow whose selector names its destination prefix needs no signaling
# where that prefix is anchored: mag1 holds HNP1.
dflow add $MN fid 12 bid 1 dst $HNP1/64 proto udp dport 6001 >"$TMP/out"
grep -q "no signaling" "$TMP/out"
[ "$(offlink mag1)" = "[]" ]
[ "$(lma_flows $MN)" = "[(7, [2], 'lma'), (12, [1], 'lma')]" ]
# Without a prio, the flow has its FID's (12), never the reserved 0.
[ "$(py lma "[f['fid_pri'] for f in d if f['fid'] == 12]" daemon flow show)" = "[12]" ]
dflow remove $MN fid 12
echo "# ... and an MN request for mn1 is refused: the LMA decides for it"
not dflow request add $MN fid 11 bid 1 proto udp 2>"$TMP/err"
grep -q "flow decisions for '$MN' are the LMA's" "$TMP/err"
[ "$(lma_flows $MN)" = "[(7, [2], 'lma')]" ]

echo "# section 3.2, MN decides (mn2): the operator is refused, the MN's request is carried out"
nsq mn2 ip link set m2a up
rs mn2 m2a $MAC_C
wait_for 30 is "[1]" bids_of $MN2
not dflow add $MN2 fid 1 bid 1 proto udp 2>"$TMP/err"
grep -q "flow decisions for '$MN2' are the MN's" "$TMP/err"
[ "$(lma_flows $MN2)" = "[]" ]
dflow request add $MN2 fid 1 bid 1 proto udp dport 6000
[ "$(lma_flows $MN2)" = "[(1, [1], 'mn')]" ]
dflow request remove $MN2 fid 1
[ "$(lma_flows $MN2)" = "[]" ]

echo "# m1b leaves: BID 2 deregistered, flow 7 back on its prefix's path, gone from both caches"
nsexec mag2 "$PMIPCTL" daemon detach $MN
wait_for 15 is "[1]" lma_bids
wait_for 10 is "[]" lma_flows $MN
[ "$(mag_flows mag2)" = "[]" ]
t1=$(bul_tx mag1)
nsexec cn python3 "$UDP" send $MN1 5007 20 100
wait_for 10 is 40 received 5007
[ "$(bul_tx mag1)" -ge $((t1 + 20)) ]

echo "# daemons stop cleanly, no sanitizer report, every message decodes"
domain_finish lma mag1 mag2
echo "# ok"
