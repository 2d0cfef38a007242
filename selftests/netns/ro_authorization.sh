#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who may set up localized routing (draft-loureiro-netext-pmipv6-ro-02
# 4.1, 4.2, 10; Documentation/localized-routing.md, "Who may set up a
# state"): the MNs' LMA decides, and no peer holds more at a MAG than
# ro-max-per-peer allows. Real pmipd daemons at the LMA, mag1 and mag2
# (mn1 on mag1, mn2 on mag2, both anchored at the LMA); hand-made
# messages (mhinject) from mag3, a peer MAG that no LMA asked for
# anything, and from lma2's address, a peer LMA:
#
#  * RO Trigger from lma2 naming the LMA's own two MNs (its ro-peer-lma
#    line is wider than what lma2 anchors): dropped and counted, no RO
#    Init sent, nothing set up;
#  * the 4.1 setup: mag1 installs its state only once the LMA granted
#    the state's lifetime to mag1's RO Refresh naming mag2 (MAG-ADDR);
#  * RO Setup from mag3 for mn1 and a prefix the LMA paired it with
#    nowhere: RO Setup Ack 130, no state, counted at mag1 and the LMA;
#  * RO Setup from mag3 for the active pair (pulling mn1's uplink toward
#    mn2 to itself): 130, mag1's state still points at mag2, the pings
#    still go mag1 <-> mag2;
#  * ro-max-per-peer 2: while mag1 cannot reach the LMA, two RO Setups
#    from mag3 wait for the LMA's word, the third is refused at once
#    (129) and counted; the waiting ones end with nothing installed;
#  * the pair works MAG to MAG before, between and after all of it.
#
#   +-----+ m1  +------+ f1::2   f1::1 +-----+ ff::1   ff::2 +------+
#   | mn1 |-----| mag1 |---------------| lma |---------------| lma2 |
#   +-----+ acc1+------+               +-----+               +------+
#   +-----+ m2  +------+ f2::2   f2::1 |  |              a2::1, no pmipd
#   | mn2 |-----| mag2 |---------------'  |
#   +-----+ acc2+------+      +------+    | f3::1
#                             | mag3 |----'
#                             +------+ f3::2  b3::1, no pmipd
#
#   2001:db8:...; LMAA a::1, Proxy-CoAs b1::1, b2::1; mn1
#   2001:db8:1:1::/64, mn2 2001:db8:1:2::/64; ro-lifetime 60 s (nothing
#   here waits for a state to expire).
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 mn2 mag1 mag2 mag3 lma lma2 cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
HNP1=$P:1:1::
HNP2=$P:1:2::
MAC1=02:00:00:00:01:01
MAC2=02:00:00:00:02:01
N1=mn1@example.com
N2=mn2@example.com
L=60

MHINJECT=$TMP/mhinject
cc -std=c11 -D_GNU_SOURCE -Wall -O2 -o "$MHINJECT" selftests/netns/mhinject.c \
	user/mh/mh_msg.c user/mh/mh_opt.c user/mh/mh_ts.c user/mh/mh_checksum.c \
	user/mh/mh_pcap.c user/mh/mh_strerror.c

bce() { py lma "[b['counters']['packets_$2'] for b in d if b['mn_id'] == '$1'][0]" bce; }
pair_state() { py lma "' '.join(p['state'] for p in d['pairs']) or 'none'" daemon ro; }
# RO Setups mag1 is checking with the LMA (pmipctl alone: quick).
checks() { ctl mag1 daemon ro | grep -c '^check ' || true; }
# The seconds left of mag1's state, from pmipd.
left1() { ctl mag1 daemon ro | awk '$1 == "state" { for (i = 2; i < NF; i++) if ($i == "remaining") print $(i + 1) }'; }
ping12() {
	nsq mn1 ping -6 -n -q -c "$1" -i "${2:-0.2}" -W 2 "$MN2" |
		awk '/packets transmitted/ {print $4}'
}
# setup3 DST-PREFIX SEQ WAIT: mag3 sends mag1 an RO Setup for mn1's prefix
# and DST (MAG-ADDR: mag3 itself, as a genuine one would); prints mag1's
# answer, or "no answer" after WAIT seconds.
setup3() {
	nsq mag3 "$MHINJECT" $COA3 $COA1 ro setup hnp $HNP1/64 hnp "$1" mag $COA3 seq "$2" \
		lifetime $L wait "$3" || true
}
# mag2's state and the LMA's BCE counters over 10 pings: MAG to MAG.
localized() {
	local l1 l2 r2
	l1=$(bce $N1 rx); l2=$(bce $N2 rx); r2=$(ro_ctr mag2 rx)
	[ "$(ping12 10)" = 10 ]
	echo "# LMA bce rx mn1 $l1 -> $(bce $N1 rx), mn2 $l2 -> $(bce $N2 rx); mag2 ro rx $r2 -> $(ro_ctr mag2 rx)"
	[ "$(bce $N1 rx)" = "$l1" ]
	[ "$(bce $N2 rx)" = "$l2" ]
	[ "$(ro_ctr mag2 rx)" = $((r2 + 10)) ]
}

echo "# topology"
domain_up
domain_mag3_up
domain_lma2_up
for n in mn1 mn2; do nsq $n sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0; done
domain_mn_link mn1 m1 $MAC1 mag1 acc1
domain_mn_link mn2 m2 $MAC2 mag2 acc2

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab
local $LMAA
mag $COA1
mag $COA2
lifetime 120
timestamp-window 10000
localized-routing on
ro-lifetime $L
# As if lma2 anchored all of 2001:db8:1::/48: wider than what it does
# (draft 3 leaves prefix-to-LMA resolution out of scope), it covers this
# LMA's own MNs, which lma2 must not pair.
ro-peer-lma $P:1::/48 $LMAA2
mn $N1 prefix $HNP1/64
mn $N2 prefix $HNP2/64
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
ro-max-per-peer 2
mn $N1 ll-id $MAC1
mn $N2 ll-id $MAC2
EOF
done
for ns in lma mag1 mag2; do start_pmipd $ns; done
nsexec mn1 ip link set m1 up
nsexec mn2 ip link set m2 up
wait_for 30 has_addr mn1 m1
wait_for 30 has_addr mn2 m2
MN1=$(mn_addr mn1 m1)
MN2=$(mn_addr mn2 m2)
echo "# mn1 $MN1 at mag1, mn2 $MN2 at mag2"
[[ $MN1 == $P:1:1:* && $MN2 == $P:1:2:* ]]

echo "# 4.2: RO Trigger from lma2 for this LMA's own MNs: dropped, counted, no RO Init"
out=$(nsq lma2 "$MHINJECT" $LMAA2 $LMAA ro trigger hnp $HNP1/64 hnp $HNP2/64 mag $COA3 \
	lifetime $L wait 2 || true)
echo "# RO Trigger -> $out"
[ "$out" = "no answer" ]
[ "$(rstat lma unauthorized)" = 1 ]
grep -q "RO Trigger from $LMAA2 dropped: 2001:db8:1:1::/64 is anchored here, not there" "$TMP/lma.log"
[ "$(pair_state)" = none ]
[ "$(ro_n lma)" = 0 ]
# Received (pmipd --pcap records it), and nothing sent on its account.
[ "$(ro_kinds "$TMP/lma.pcap")" = "a2::1>a::1:1/0/$L" ]
[ "$(ro_kinds "$TMP/mag2.pcap")" = "" ]

echo "# 4.1: mag1 installs its state once the LMA vouched for mag2's RO Setup"
[ "$(ping12 1)" = 1 ]
wait_for 30 is active pair_state
ctl mag1 daemon ro
# RO Setup from mag2, mag1's RO Refresh to its MN's LMA naming mag2
# (MAG-ADDR), the LMA's grant, only then the RO Setup Ack.
[ "$(ro_kinds "$TMP/mag1.pcap" | cut -d' ' -f1-4)" = "b2::1>b1::1:5/0/$L b1::1>a::1:7/0/$L@b2::1 a::1>b1::1:8/0/$L b1::1>b2::1:6/0/$L" ]
[ "$(ro_kinds "$TMP/lma.pcap" | cut -d' ' -f2-5)" = "a::1>b2::1:3/0/$L b1::1>a::1:7/0/$L@b2::1 a::1>b1::1:8/0/$L b2::1>a::1:4/0/$L" ]
[ "$(ro_k mag1)" = "1:1::/64>1:2::/64@b2::1 mag" ]
[ "$(ro_k mag2)" = "1:2::/64>1:1::/64@b1::1 mag" ]
[ "$(rstat mag1 unauthorized)" = 0 ]
localized

echo "# RO Setup from mag3 for mn1 and a prefix no LMA paired it with: 130, no state"
out=$(setup3 $P:1:9::/64 1 3)
echo "# RO Setup 1:1::/64 -> 1:9::/64 -> $out"
[ "$out" = "RO Setup Ack status 130 seq 1 lifetime 0" ]
[ "$(ro_k mag1)" = "1:1::/64>1:2::/64@b2::1 mag" ]
[ "$(rstat mag1 unauthorized)" = 1 ]
[ "$(rstat lma unauthorized)" = 2 ]
has_ro "b1::1>a::1:7/0/$L@b3::1" lma
has_ro "a::1>b1::1:8/130/0" lma
grep -q "RO Setup from MAG $COA3 for 2001:db8:1:1::/64 -> 2001:db8:1:9::/64: our LMA $LMAA does not vouch for it (status 130)" "$TMP/mag1.log"

echo "# RO Setup from mag3 for the active pair, toward itself: 130, the state still points at mag2"
out=$(setup3 $HNP2/64 2 3)
echo "# RO Setup 1:1::/64 -> 1:2::/64 -> $out"
[ "$out" = "RO Setup Ack status 130 seq 2 lifetime 0" ]
[ "$(ro_k mag1)" = "1:1::/64>1:2::/64@b2::1 mag" ]
[ "$(rstat mag1 unauthorized)" = 2 ]
[ "$(pair_state)" = active ]
localized

echo "# ro-max-per-peer 2: mag1 cannot reach the LMA; two RO Setups of mag3 wait, the third is refused"
# At least 10 s before mag1's next refresh (at half the lifetime), so that
# the few seconds without the LMA cost the pair nothing.
wait_for $((L / 2)) atleast $((L / 2 + 10)) left1
nsexec mag1 ip -6 route add blackhole $LMAA/128
# Back to back: mag1 gives up on the LMA 5 s after each RO Setup.
[ "$(setup3 $P:1:a::/64 3 0)" = "no answer" ]
[ "$(setup3 $P:1:b::/64 4 0)" = "no answer" ]
out=$(setup3 $P:1:c::/64 5 2)
n=$(checks)
ctl mag1 daemon ro
echo "# third RO Setup -> $out; RO Setups being checked: $n"
[ "$out" = "RO Setup Ack status 129 seq 5 lifetime 0" ]
[ "$n" = 2 ]
[ "$(rstat mag1 over_limit)" = 1 ]
grep -q "RO Setup refused: MAG $COA3 already has 2 localized routing states and setups here (ro-max-per-peer)" "$TMP/mag1.log"
nsexec mag1 ip -6 route del blackhole $LMAA/128
# Their answers: the LMA's 130 or, without one in time, 128; nothing installed.
wait_for 10 is 0 checks
[ "$(ro_k mag1)" = "1:1::/64>1:2::/64@b2::1 mag" ]
[ "$(rstat mag1 unauthorized)" -ge 2 ]
[ "$(rstat mag1 over_limit)" = 1 ]
[ "$(pair_state)" = active ]
localized

echo "# daemons stop cleanly, no sanitizer report, tshark decodes every message"
for ns in lma mag1 mag2; do stop_pmipd $ns; done
no_sanitizer_report
for ns in lma mag1 mag2; do
	[ "$(tshark -r "$TMP/$ns.pcap" -Y "_ws.malformed || _ws.expert.severity >= warning" 2>/dev/null | wc -l)" = 0 ]
	n=$(tshark -r "$TMP/$ns.pcap" -Y "mip6.mhtype == 11" 2>/dev/null | wc -l)
	echo "# $ns.pcap: $n localized routing messages"
	[ "$n" = "$(ro_kinds "$TMP/$ns.pcap" | wc -w)" ]
done
echo "# ok"
