#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow mobility with shared prefixes (RFC 7864 / draft-ietf-netext-pmipv6-
# flowmob-10 section 3.2.1), with real pmipd daemons: mn1 attaches through
# two interfaces on two MAGs; mag2 says "attachment over a new interface
# sharing prefixes" (Handoff Indicator 6), so the LMA keeps two BCEs with
# their own BIDs and one prefix (RFC 7864 Figure 6). Flows are then steered and
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

TMP=$(mktemp -d)
NS=(mn1 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
HNP1=$P:1:1::
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
min-delay-before-bce-delete 2000
mn $MN prefix $HNP1/64
EOF
cat >"$TMP/mag1.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA1
lma $LMAA
lifetime 60
access acc1
mn $MN ll-id $MAC_A prefix $HNP1/64
EOF
cat >"$TMP/mag2.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA2
lma $LMAA
lifetime 60
access acc2
mn $MN ll-id $MAC_B prefix $HNP1/64 prefixes shared
EOF
for ns in lma mag1 mag2; do start_pmipd "$ns"; done

echo "# 3.2.1: mn1 attaches on m1a at mag1, then on m1b at mag2 sharing the prefix"
nsq mn1 ip link set m1a up
rs mn1 m1a $MAC_A
wait_for 30 is "[1]" lma_bids
nsq mn1 ip link set m1b up
rs mn1 m1b $MAC_B
wait_for 30 is "[1, 2]" lma_bids
# RFC 7864 Figure 6: two BCEs, one per interface, each with its BID and Proxy-CoA,
# both with the same prefix.
ctl lma daemon bindings
ctl lma bce show
[ "$(py lma "sorted((b['bid'], b['proxy_coa'], b['hnp'][0]) for b in d)" bce)" = \
  "[(1, '$COA1', '$HNP1/64'), (2, '$COA2', '$HNP1/64')]" ]
# mag2 said so with Handoff Indicator 6, and learned its BID from the PBA.
[ "$(py mag2 "[m['bid'] for m in d][0]" daemon bindings)" = 2 ]
[ "$(tshark -r "$TMP/mag2.pcap" -Y "mip6.mhtype == 5" -T fields -e mip6.hi 2>/dev/null | head -1)" = 6 ]
# ... named as RFC 7864 names it, by the project's dissector.
[ "$(mh_count mag2 "mip6.mhtype == 5 && pmip6.hi == 6")" -ge 1 ]

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
# mag2 no longer carries it; the LMA sent no flow mobility message (only
# PBAs to refreshes and Heartbeats, RFC 5847, if the test ran long).
nsexec cn python3 "$UDP" send $MN1 5002 10 100
wait_for 10 atleast $((20 + sent + 7)) received 5002
[ "$(bul_tx mag2)" = "$t2" ]
[ "$(tshark -r "$TMP/lma.pcap" -Y "mip6.mhtype == 6" 2>/dev/null | wc -l)" -ge 2 ]
[ "$(tshark -r "$TMP/lma.pcap" -Y "mip6.mhtype != 5 && mip6.mhtype != 6 && mip6.mhtype != 13" 2>/dev/null | wc -l)" = 0 ]
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

echo "# daemons stop cleanly, no sanitizer report, every message decodes"
domain_finish lma mag1 mag2
echo "# ok"
