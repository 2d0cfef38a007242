#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Act 3 of the demo (scripts/demo-vm.sh runs it inside the VM): localized
# routing run by pmipd (draft-loureiro-netext-pmipv6-ro-02 4.1). mn1 at
# mag1 pings mn2 at mag2. The first packets cross the LMA, whose kernel
# reports the MN-to-MN traffic; the LMA (RO Controller) sends RO Init to
# mag2, mag2 sets up the path with mag1 (RO Setup / Setup Ack) and
# answers (RO Init Ack). From then on the pings go MAG to MAG: the LMA's
# counters stand still while the MAGs' localized-routing states count.
#
#   +-----+ m1  acc1 +------+            +-----+            +----+
#   | mn1 |----------| mag1 |------------| lma |------------| cn |
#   +-----+          +------+            +-----+            +----+
#   +-----+ m2  acc2 +------+               |
#   | mn2 |----------| mag2 |---------------'
#   +-----+          +------+
set -euo pipefail
TMP=$(mktemp -d)
NS=(mn1 mn2 mag1 mag2 lma cn)
. "$(dirname "$0")/../selftests/netns/lib.sh"
. "$(dirname "$0")/../selftests/netns/domain.sh"
trap domain_cleanup EXIT
N1=mn1@example.com
N2=mn2@example.com
MAC1=02:00:00:00:01:01
MAC2=02:00:00:00:02:01

say() { printf '\n### %s\n' "$*"; }
run() { echo "[$1]\$ pmipctl ${*:2}"; ip netns exec "$1" "$PMIPCTL" "${@:2}"; }
pair_active() { ctl lma daemon ro | grep -q active; }
bce_rx() { py lma "[b['counters']['packets_rx'] for b in d if b['mn_id'] == '$1'][0]" bce; }

domain_up
for n in mn1 mn2; do nsq $n sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0; done
domain_mn_link mn1 m1 $MAC1 mag1 acc1
domain_mn_link mn2 m2 $MAC2 mag2 acc2
cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab
local $LMAA
mag $COA1			# the MAGs that may register MNs (RFC 5213 5.3.1)
mag $COA2
lifetime 120
localized-routing on
ro-lifetime 60
mn $N1 prefix $P:1:1::/64
mn $N2 prefix $P:1:2::/64
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab
local $P:b$i::1
lma $LMAA
lifetime 120
access acc$i
ra-interval 2
localized-routing on
mn $N1 ll-id $MAC1
mn $N2 ll-id $MAC2
EOF
done
for ns in lma mag1 mag2; do start_pmipd $ns; done

say "Act 3: localized routing run by pmipd. mn1 attaches at mag1, mn2 at mag2"
nsq mn1 ip link set m1 up
nsq mn2 ip link set m2 up
wait_for 30 has_addr mn1 m1
wait_for 30 has_addr mn2 m2
MN2=$(mn_addr mn2 m2)
run lma daemon bindings

say "mn1 pings mn2: the first packet crosses the LMA, which starts the RO exchange"
nsq mn1 ping -6 -n -c 1 -W 2 "$MN2" | head -2
wait_for 30 pair_active
run lma daemon ro
run mag1 ro show
run mag2 ro show

say "20 more pings: the LMA's counters stand still, the MAGs' RO states count"
r1=$(bce_rx $N1)
nsq mn1 ping -6 -n -q -c 20 -i 0.2 -W 2 "$MN2" | tail -2
echo "packets from mn1 at the LMA: before $r1, after $(bce_rx $N1)"
run mag1 ro show

for ns in lma mag1 mag2; do stop_pmipd "$ns"; done
say "The exchange on the wire (MH type 11), read with the project's dissector"
tshark -X lua_script:"$PWD/user/wireshark/pmip6.lua" -r "$TMP/mag2.pcap" \
	-Y "pmip6.ro.kind && !(pmip6.ro.kind == 7 || pmip6.ro.kind == 8)" 2>/dev/null || true
