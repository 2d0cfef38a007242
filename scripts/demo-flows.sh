#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Act 2 of the demo (scripts/demo-vm.sh runs it inside the VM): flow
# mobility run by pmipd (RFC 7864 3.2.2). mn1 attaches one interface at
# mag1 (ATT 3) and one at mag2 (ATT 4), each with its own prefix. The
# LMA's flow policy keeps mn1's UDP 5007 on its ATT 4 interface: when
# that interface registers, the LMA sends mag2 a Flow Mobility Indication
# (mn1's other prefix off-link, the flow and its traffic selector), mag2
# answers, and the flow moves. Then the operator moves another flow by
# hand, and mag2's own flow cache is shown.
#
#        m1a  acc1 +------+            +-----+            +----+
#   +-----+--------| mag1 |------------| lma |------------| cn |
#   | mn1 |        +------+            +-----+            +----+
#   +-----+--------| mag2 |------------'
#        m1b  acc2 +------+
set -euo pipefail
TMP=$(mktemp -d)
NS=(mn1 mag1 mag2 lma cn)
. "$(dirname "$0")/../selftests/netns/lib.sh"
. "$(dirname "$0")/../selftests/netns/domain.sh"
trap domain_cleanup EXIT
HNP1=$P:1:1::
HNP2=$P:1:2::
MN1=$P:1:1::100
MAC_A=02:00:00:00:01:01
MAC_B=02:00:00:00:01:02
MN=mn1@example.com

say() { printf '\n### %s\n' "$*"; }
run() { echo "[$1]\$ pmipctl ${*:2}"; ip netns exec "$1" "$PMIPCTL" "${@:2}"; }

domain_up
domain_mn_link mn1 m1a $MAC_A mag1 acc1
domain_mn_link mn1 m1b $MAC_B mag2 acc2
cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab
local $LMAA
mag $COA1			# the MAGs that may register MNs (RFC 5213 5.3.1)
mag $COA2
lifetime 60
mn $MN prefix $HNP1/64 prefix $HNP2/64
flow-policy $TMP/flows
EOF
cat >"$TMP/flows" <<EOF
flow $MN fid 7 prio 5 att 4 dst $HNP1/64 proto udp dport 5007
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab
local $P:b$i::1
lma $LMAA
lifetime 60
access acc$i
ra-interval 2
flow-cache on
mn $MN ll-id $([ $i = 1 ] && echo "$MAC_A att 3" || echo "$MAC_B att 4")
EOF
done
for ns in lma mag1 mag2; do start_pmipd "$ns"; done

say "Act 2: flow mobility run by pmipd. The LMA's flow policy:"
cat "$TMP/flows"

say "mn1 attaches m1a at mag1 (ATT 3): one binding, no ATT 4 interface, no flow entry yet"
nsq mn1 ip link set m1a up
rs mn1 m1a $MAC_A 2>/dev/null
wait_for 30 is "[1]" lma_bids
run lma daemon bindings
run lma daemon flow show

say "mn1 attaches m1b at mag2 (ATT 4): the policy moves flow 7 there with an FMI (HNP1 off-link)"
nsq mn1 ip link set m1b up
rs mn1 m1b $MAC_B 2>/dev/null
wait_for 30 is "[1, 2]" lma_bids
has_flow() { ctl lma daemon flow show | grep -q 'fid 7 .*bid 2'; }
wait_for 15 has_flow
run lma daemon flow show
run mag2 daemon bindings
echo "mag2's own flow mobility cache, from the FMI's Flow Identification option:"
run mag2 flow show

say "20 packets of flow 7 and 20 of another UDP port from the CN to mn1's HNP1 address"
nsq mn1 ip addr add $MN1/64 dev m1a nodad
nsq mn1 ip addr add $MN1/64 dev m1b nodad
t1=$(bul_tx mag1)
t2=$(bul_tx mag2)
nsq cn python3 "$UDP" send $MN1 5007 20 50
nsq cn python3 "$UDP" send $MN1 5008 20 50
sleep 1
echo "packets down through mag1: $(( $(bul_tx mag1) - t1 ))   through mag2: $(( $(bul_tx mag2) - t2 ))"
run lma flow show

say "The operator moves flow 7 back to mag1 (BID 1 holds HNP1: one FMC update, no signaling)"
run lma daemon flow move $MN fid 7 bid 1
run lma daemon flow show
for ns in lma mag1 mag2; do stop_pmipd "$ns"; done
printf '\nThe FMI and FMA on the wire, read with the project'"'"'s dissector:\n'
tshark -X lua_script:"$PWD/user/wireshark/pmip6.lua" -r "$TMP/lma.pcap" \
	-Y "mip6.mhtype == 19 || mip6.mhtype == 20" 2>/dev/null || true
