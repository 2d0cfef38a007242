#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow mobility at prefix granularity (RFC 7864 / draft-ietf-netext-
# pmipv6-flowmob-10 section 3.2.2, second approach, Figure 6), with real
# pmipd daemons. mn1 is attached through m1a at mag1 (ATT 4, 802.11) with
# HNP1 and HNP2; flow Y is bound to HNP2. When mn1 attaches m1b at mag2
# (ATT 3, 802.3), the LMA's flow policy ("prefix mn1 HNP2 att 3") moves
# HNP2 to the new binding: the PBA to mag2 carries HNP3 (new) and HNP2,
# and a BRI with the P flag tells mag1 to stop serving HNP2, which mag1
# acknowledges with a BRA. Flow Y follows its prefix, under live traffic.
#
#        m1a  acc1 +------+            +-----+            +----+
#   +-----+--------| mag1 |------------| lma |------------| cn |
#   | mn1 |        +------+            +-----+            +----+
#   +-----+--------| mag2 |------------'
#        m1b  acc2 +------+
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
HNP3=$P:1:3::
Y=$P:1:2::100		# mn1's address in HNP2, the destination of flow Y
MAC_A=02:00:00:00:01:01
MAC_B=02:00:00:00:01:02
MN=mn1@example.com

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
lifetime 20
min-delay-before-bce-delete 0
mn $MN prefix $HNP1/64 prefix $HNP2/64 prefix $HNP3/64
flow-policy $TMP/flows
EOF
cat >"$TMP/flows" <<EOF
# Figure 6: HNP2 belongs on mn1's ATT 3 interface whenever it attaches.
prefix $MN $HNP2/64 att 3
EOF
cat >"$TMP/mag1.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA1
lma $LMAA
lifetime 20
access acc1
ra-interval 2
mn $MN ll-id $MAC_A att 4 prefix $HNP1/64 prefix $HNP2/64
EOF
cat >"$TMP/mag2.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA2
lma $LMAA
lifetime 20
access acc2
ra-interval 2
mn $MN ll-id $MAC_B att 3
EOF
for ns in lma mag1 mag2; do start_pmipd "$ns"; done
bces() { py lma "sorted((b['bid'], b['proxy_coa'], sorted(b['hnp'])) for b in d)" daemon bindings; }
bul_hnp() { py "$1" "[sorted(b['hnp']) for b in d if b['mn_id'] == '$MN']" bul; }
pba_rejects() { py "$1" "sum(v for k, v in d['pba_status'].items() if int(k) >= 128)" daemon stats; }

echo "# mn1 on mag1 with HNP1 and HNP2"
nsq mn1 ip link set m1a up
rs mn1 m1a $MAC_A
wait_for 30 is "[1]" lma_bids
[ "$(bces)" = "[(1, '$COA1', ['$HNP1/64', '$HNP2/64'])]" ]
# The MN's logical interface address in HNP2, on both interfaces.
nsq mn1 ip addr add $Y/64 dev m1a nodad
nsq mn1 ip addr add $Y/64 dev m1b nodad
ip netns exec mn1 python3 "$UDP" recv 5002 "$TMP/mn1.5002" & pids+=($!)
wait_for 10 test -s "$TMP/mn1.5002"
nsexec cn python3 "$UDP" send $Y 5002 10 100
wait_for 10 atleast 10 received 5002
t1=$(bul_tx mag1)
[ "$t1" -ge 10 ]

echo "# Figure 6: mn1 attaches m1b at mag2 (ATT 3) under live traffic on HNP2"
STOP=$TMP/stop ip netns exec cn python3 "$UDP" send $Y 5002 0 100 &
sender=$!
pids+=($sender)
wait_for 10 atleast 30 received 5002
nsq mn1 ip link set m1b up
rs mn1 m1b $MAC_B
wait_for 30 is "[1, 2]" lma_bids
ctl lma daemon bindings
# The PBA moved HNP2 to the new binding; the old one keeps HNP1.
[ "$(bces)" = "[(1, '$COA1', ['$HNP1/64']), (2, '$COA2', ['$HNP2/64', '$HNP3/64'])]" ]
[ "$(bul_hnp mag2)" = "[['$HNP2/64', '$HNP3/64']]" ]
# The BRI (P flag) reached mag1: it serves HNP1 only and unrouted HNP2.
wait_for 10 is "[['$HNP1/64']]" bul_hnp mag1
[ -z "$(nsq mag1 ip -6 route show $HNP2/64)" ]
[ -n "$(nsq mag2 ip -6 route show $HNP2/64)" ]
t2=$(bul_tx mag2)
wait_for 10 atleast $((t2 + 50)) bul_tx mag2
touch "$TMP/stop"
wait "$sender"
sent=$(cat "$TMP/stop.sent")
wait_for 10 atleast $((10 + sent - 5)) received 5002
wait_for 3 atleast $((10 + sent)) received 5002 || true	# the last in flight
echo "# flow Y: $sent sent during the prefix move, $(( $(received 5002) - 10 )) received"
# After the move, flow Y no longer crosses mag1.
t1=$(bul_tx mag1)
nsexec cn python3 "$UDP" send $Y 5002 20 100
wait_for 10 atleast $((10 + sent + 20 - 5)) received 5002
[ "$(bul_tx mag1)" = "$t1" ]

echo "# the exchange on the wire: PBU/PBA with mag2, BRI/BRA with mag1"
pkts() { tshark -r "$TMP/lma.pcap" -Y "$1" 2>/dev/null | wc -l; }
[ "$(pkts "mip6.mhtype == 16 && ipv6.dst == $COA1")" -ge 1 ]
[ "$(pkts "mip6.mhtype == 16 && ipv6.src == $COA1")" -ge 1 ]
# BRI: P flag set, revocation of HNP2 only.
[ "$(tshark -r "$TMP/lma.pcap" -Y "mip6.mhtype == 16 && ipv6.dst == $COA1" \
	-T fields -e mip6.nemo.mnp.mnp 2>/dev/null | head -1)" = "$HNP2" ]
grep -q "acknowledged the revocation of moved prefixes: status 0" "$TMP/lma.log"
# The PBA to mag2 carried both prefixes.
[ "$(tshark -r "$TMP/lma.pcap" -Y "mip6.mhtype == 6 && ipv6.dst == $COA2" \
	-T fields -e mip6.nemo.mnp.mnp 2>/dev/null | head -1 | tr ',' '\n' | sort | tr '\n' ' ')" = \
  "$HNP2 $HNP3 " ]

echo "# both MAGs refresh with their new prefix sets, nothing is refused"
sleep 20		# past a refresh at 80% of the 20 s lifetime
[ "$(bces)" = "[(1, '$COA1', ['$HNP1/64']), (2, '$COA2', ['$HNP2/64', '$HNP3/64'])]" ]
[ "$(pba_rejects mag1)" = 0 ] && [ "$(pba_rejects mag2)" = 0 ]

echo "# daemons stop cleanly, no sanitizer report, every message decodes"
domain_finish lma mag1 mag2
echo "# ok"
