#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Localized routing with one LMA (draft-loureiro-netext-pmipv6-ro-02 4.1,
# 4.3, 4.5), with real pmipd daemons: mn1 on mag1 pings mn2 on mag2; the
# first packets cross the LMA, whose kernel reports the MN-to-MN traffic;
# the LMA (RO Controller) sends RO Init to mag2, mag2 RO Setup to mag1,
# mag1 answers RO Setup Ack, mag2 RO Init Ack; from then on the pings go
# MAG to MAG and the LMA's counters stand still. The states are refreshed
# beyond their lifetime (4.5), follow a handover of either MN (4.3), expire
# when the MAGs stop refreshing (traffic back through the LMA), come back
# when they refresh again, and a refused RO Setup leaves no state anywhere.
# Then both MNs hand over at the same instant (draft 3: the Controller
# keeps the path through "one or both MNs' handover"): the pair is set up
# again between the two new MAGs, with no failed setup on the way. Last,
# mn2 joins mn1's MAG: the pair ends and traffic goes through the LMA.
# Throughout, a MAG whose MN leaves deletes its state and the peer MAG's
# at once (lifetime-0 RO Setup), not at the peer's expiry.
#
#            acc1 (moves to mag3, then back)
#   +-----+ m1 |  +------+ f1::2   f1::1 +-----+ c::1   c::2 +----+
#   | mn1 |-------| mag1 |---------------| lma |-------------| cn |
#   +-----+       +------+               +-----+             +----+
#   +-----+ m2    +------+ f2::2   f2::1 |  |
#   | mn2 |-------| mag2 |---------------'  |
#   +-----+  acc2 +------+                  |
#     (acc2 moves to mag1)  +------+ f3::2  | f3::1
#                           | mag3 |--------'
#                           +------+
#
#   2001:db8:...; LMAA a::1; Proxy-CoAs b1::1, b2::1, b3::1 on lo. The
#   MAGs reach each other through the LMA's node as plain routed IPv6, so
#   a capture on lf1 tells the two paths apart by the outer addresses:
#   MAG <-> LMAA (through the LMA) or MAG <-> MAG (localized).
#   mn1: HNP 2001:db8:1:1::/64, mn2: 2001:db8:1:2::/64; ro-lifetime 10 s.
#   The LMA's MAGs (RFC 5213 5.3.1): mag1, mag2, mag3.
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 mn2 mag1 mag2 mag3 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
cleanup() {
	[ -f "$TMP/lf1.pcap.pid" ] && cap_stop "$TMP/lf1.pcap"
	domain_cleanup
}
trap cleanup EXIT
HNP1=$P:1:1::
HNP2=$P:1:2::
MAC1=02:00:00:00:01:01
MAC2=02:00:00:00:02:01
N1=mn1@example.com
N2=mn2@example.com
L=10

# The LMA's BCE counters of an MN (rx: from it); ro_n, ro_ctr: domain.sh.
bce() { py lma "[b['counters']['packets_$2'] for b in d if b['mn_id'] == '$1'][0]" bce; }
pair_state() { py lma "' '.join(p['state'] for p in d['pairs']) or 'none'" daemon ro; }
# The seconds left of each side of the LMA's first pair.
remaining() { py lma "' '.join(str(s) for s in d['pairs'][0]['remaining'])" daemon ro; }
# ping COUNT [INTERVAL]: mn1 -> mn2; prints the packets received.
ping12() {
	nsq mn1 ping -6 -n -q -c "$1" -i "${2:-0.2}" -W 2 "$MN2" |
		awk '/packets transmitted/ {print $4}'
}
# The setup messages of a capture (no refreshes), each once, in order.
ro_setup_kinds() { ro_kinds "$1" | tr ' ' '\n' | grep -v -e ':7/' -e ':8/' | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/ $//'; }
lma_coa() { py lma "[b['proxy_coa'] for b in d if b['mn'] == '$1' and b['state'] == 'registered'][0]" daemon bindings; }
# attach_at MN IF MAC NAI COA: the MN solicits on its (moved) link until the
# LMA has its binding at COA (an RS sent while the link is still settling
# can be lost).
attach_at() {
	local i
	for i in $(seq 20); do
		rs "$1" "$2" "$3"
		wait_for 2 is "$5" lma_coa "$4" && return 0
	done
	return 1
}

echo "# topology"
domain_up
domain_mag3_up
for n in mn1 mn2; do nsq $n sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0; done
domain_mn_link mn1 m1 $MAC1 mag1 acc1
domain_mn_link mn2 m2 $MAC2 mag2 acc2

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab
local $LMAA
mag $COA1
mag $COA2
mag $COA3
lifetime 120
timestamp-window 10000
min-delay-before-bce-delete 25000
max-delay-before-new-bce-assign 3000
localized-routing on
ro-lifetime $L
ro-requests accept
mn $N1 prefix $HNP1/64
mn $N2 prefix $HNP2/64
EOF
for i in 1 2 3; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab
local $P:b$i::1
lma $LMAA
lifetime 120
access acc1
access acc2
ra-interval 2
localized-routing on
mn $N1 ll-id $MAC1
mn $N2 ll-id $MAC2
EOF
done

echo "# configuration: the new keys are checked like the others"
printf 'role mag\nlocal %s\nlma %s\nro-lifetime 10\n' $COA1 $LMAA >"$TMP/bad.conf"
not nsq mag1 "$PMIPD" -c "$TMP/bad.conf" -n 2>"$TMP/err"
grep -q "bad.conf:4: 'ro-lifetime' is an LMA setting, but the role is mag" "$TMP/err"

for ns in lma mag1 mag2 mag3; do start_pmipd $ns; done
nsexec mn1 ip link set m1 up
nsexec mn2 ip link set m2 up
wait_for 30 has_addr mn1 m1
wait_for 30 has_addr mn2 m2
MN1=$(mn_addr mn1 m1)
MN2=$(mn_addr mn2 m2)
echo "# mn1 $MN1 at mag1, mn2 $MN2 at mag2"
[[ $MN1 == $P:1:1:* && $MN2 == $P:1:2:* ]]
[ "$(lma_coa $N1)" = "$COA1" ]
[ "$(lma_coa $N2)" = "$COA2" ]
[ "$(pair_state)" = none ]
[ "$(ro_n lma)" = 0 ]

echo "# 4.1: the first ping crosses the LMA, which sets up the localized path"
cap_start lma lf1 "$TMP/lf1.pcap" ip6
[ "$(ping12 1 0.2)" = 1 ]
[ "$(bce $N1 rx)" -ge 1 ]
wait_for 30 is active pair_state
# The exchange, exactly as the draft's Figure 2: 1. Init LMA -> MAG2 naming
# MAG1, 2. Setup MAG2 -> MAG1, 3. Setup Ack, 4. Init Ack MAG2 -> LMA.
[ "$(ro_setup_kinds "$TMP/lma.pcap")" = "a::1>b2::1:3/0/$L b2::1>a::1:4/0/$L" ]
[ "$(ro_setup_kinds "$TMP/mag2.pcap")" = "a::1>b2::1:3/0/$L b2::1>b1::1:5/0/$L b1::1>b2::1:6/0/$L b2::1>a::1:4/0/$L" ]
[ "$(ro_setup_kinds "$TMP/mag1.pcap")" = "b2::1>b1::1:5/0/$L b1::1>b2::1:6/0/$L" ]
# Between 2 and 3, mag1 asks its MN's LMA for the state's lifetime with an
# RO Refresh naming mag2, and installs only on the grant
# (localized-routing.md, "Who may set up a state"; ro_authorization.sh).
[ "$(ro_kinds "$TMP/mag1.pcap" | cut -d' ' -f1-4)" = "b2::1>b1::1:5/0/$L b1::1>a::1:7/0/$L@b2::1 a::1>b1::1:8/0/$L b1::1>b2::1:6/0/$L" ]
ctl lma daemon ro
ctl lma ro
[ "$(ro_k mag1)" = "1:1::/64>1:2::/64@b2::1 mag" ]
[ "$(ro_k mag2)" = "1:2::/64>1:1::/64@b1::1 mag" ]
[ "$(ro_k lma)" = "1:1::/64>1:2::/64@b2::1 controller" ]

echo "# MAG to MAG: 20 pings, the LMA's BCE counters do not move, the states' do"
l1=$(bce $N1 rx); l2=$(bce $N2 rx); t1=$(bce $N1 tx); t2=$(bce $N2 tx)
r1=$(ro_ctr mag1 rx); r2=$(ro_ctr mag2 rx)
mark=$(cap_count "$TMP/lf1.pcap" "ip6")
[ "$(ping12 20)" = 20 ]
echo "# LMA bce rx mn1 $l1 -> $(bce $N1 rx), mn2 $l2 -> $(bce $N2 rx); mag1 ro rx $r1 -> $(ro_ctr mag1 rx), mag2 ro rx $r2 -> $(ro_ctr mag2 rx)"
[ "$(bce $N1 rx)" = "$l1" ]
[ "$(bce $N2 rx)" = "$l2" ]
[ "$(bce $N1 tx)" = "$t1" ]
[ "$(bce $N2 tx)" = "$t2" ]
[ "$(ro_ctr mag1 rx)" = $((r1 + 20)) ]
[ "$(ro_ctr mag2 rx)" = $((r2 + 20)) ]
[ "$(ro_ctr mag1 tx)" -ge 20 ]
[ "$(ro_ctr mag2 tx)" -ge 20 ]
# On the LMA's link to mag1: 40 tunnelled packets between the MAGs, none
# to or from the LMA's tunnel address since the state came up.
cap_wait "$TMP/lf1.pcap" 20 "ip6 proto 41 and src $COA2 and dst $COA1"
[ "$(cap_count "$TMP/lf1.pcap" "ip6 proto 41 and ((src $COA1 and dst $COA2) or (src $COA2 and dst $COA1))")" = 40 ]
lma_tunnel() { cap_count "$TMP/lf1.pcap" "ip6 proto 41 and (host $LMAA)"; }
before=$(lma_tunnel)

echo "# 4.5: refreshed beyond the lifetime ($L s): 2.5 lifetimes of pings, none through the LMA"
ref1=$(rstat mag1 refresh_ok); ref2=$(rstat mag2 refresh_ok)
[ "$(ping12 50 0.5)" = 50 ]
[ "$(bce $N1 rx)" = "$l1" ]
[ "$(bce $N2 rx)" = "$l2" ]
[ "$(lma_tunnel)" = "$before" ]
echo "# refreshes: mag1 $ref1 -> $(rstat mag1 refresh_ok), mag2 $ref2 -> $(rstat mag2 refresh_ok), lma $(rstat lma refresh_ok)"
[ "$(rstat mag1 refresh_ok)" -ge $((ref1 + 4)) ]
[ "$(rstat mag2 refresh_ok)" -ge $((ref2 + 4)) ]
[ "$(rstat lma refresh_failed)" = 0 ]
[ "$(rstat lma expired)" = 0 ]
[ "$(ro_n mag1)" = 1 ]
[ "$(ro_n mag2)" = 1 ]

echo "# 4.3: mn1 hands over mag1 -> mag3; mag3 gets the state, mag1 loses it"
# mag1 notices the detach at once (the link leaves its namespace: an
# rtnetlink notification), deletes its state and tells mag2 with a
# lifetime-0 RO Setup naming mag2's MN first (draft 5.1), so mag2 deletes
# its own at once instead of tunnelling mn2's packets to mag1, which drops
# them, until its refresh or the LMA's BCE deletion (25 s) ends it. (So
# the counts are taken before the move.)
bp2=$(by_peer mag2); exp0=$(rstat lma expired)
nsexec mag1 ip link set acc1 netns mag3
peer_deleted mag1 mag2 "$bp2"
# Neither MAG refreshes now. The LMA keeps the pair while mn1's binding
# is de-registering (RFC 5213 5.3.5; min-delay-before-bce-delete, here
# longer than ro-lifetime) for the handoff PBU to set it up again (draft
# 4.3), even past the sides' lifetimes (4.5 would end it when the first
# runs out). Only then does mn1 attach at mag3.
side_expired() { remaining | grep -qw 0; }
wait_for $((L + 2)) side_expired
sleep 1
[ "$(pair_state)" = active ]
[ "$(rstat lma expired)" = "$exp0" ]
echo "# a side's lifetime ran out while mn1 was between MAGs (left: $(remaining)): the pair is kept"
nsexec mag3 ip link set acc1 up
attach_at mn1 m1 $MAC1 $N1 $COA3
wait_for 30 is "1:1::/64>1:2::/64@b2::1 mag" ro_k mag3
wait_for 20 is "1:2::/64>1:1::/64@b3::1 mag" ro_k mag2
wait_for 20 is 0 ro_n mag1
wait_for 10 is active pair_state
# (Read from the capture only now: tshark takes seconds of a loaded VM,
# which the window between the side's expiry and the BCE's end has not.)
ro_kinds "$TMP/mag2.pcap" | tr ' ' '\n' | grep -q "^b1::1>b2::1:5/0/0$"
ctl lma daemon ro
[ "$(ro_k lma)" = "1:1::/64>1:2::/64@b2::1 controller" ]
l1=$(bce $N1 rx); l2=$(bce $N2 rx); r3=$(ro_ctr mag3 rx)
[ "$(ping12 10)" = 10 ]
[ "$(bce $N1 rx)" = "$l1" ]
[ "$(bce $N2 rx)" = "$l2" ]
[ "$(ro_ctr mag3 rx)" = $((r3 + 10)) ]
# The new setup went to mag2 (the destination MN's MAG) naming mag3, and
# the old MAG got a lifetime-0 RO Init.
ro_kinds "$TMP/lma.pcap" | tr ' ' '\n' | grep -q "^a::1>b2::1:3/0/$L$"
[ "$(ro_kinds "$TMP/mag3.pcap" | tr ' ' '\n' | grep -c "^b2::1>b3::1:5/0/$L$")" -ge 1 ]
has_ro "b3::1>a::1:7/0/$L@b2::1" mag3

echo "# 4.3 (4.4's note): mn2, the destination MN, hands over mag2 -> mag1: RO Init to its new MAG"
nsexec mag2 ip link set acc2 netns mag1
nsexec mag1 ip link set acc2 up
attach_at mn2 m2 $MAC2 $N2 $COA1
wait_for 30 is "1:2::/64>1:1::/64@b3::1 mag" ro_k mag1
wait_for 20 is "1:1::/64>1:2::/64@b1::1 mag" ro_k mag3
wait_for 20 is 0 ro_n mag2
wait_for 10 is active pair_state
l1=$(bce $N1 rx); l2=$(bce $N2 rx)
[ "$(ping12 10)" = 10 ]
[ "$(bce $N1 rx)" = "$l1" ]
[ "$(bce $N2 rx)" = "$l2" ]
[ "$(ro_kinds "$TMP/mag1.pcap" | tr ' ' '\n' | grep -c "^a::1>b1::1:3/0/$L$")" -ge 1 ]

echo "# 4.5: the MAGs stop refreshing: the states expire, traffic goes back through the LMA"
ip netns exec mn1 ping -6 -n -i 0.2 -W 2 "$MN2" >"$TMP/ping.cont" 2>&1 &
cping=$!
pids+=($cping)
sleep 1
kill -STOP "$pid_mag1" "$pid_mag3"
t0=$SECONDS
wait_for $((L + 10)) is 0 ro_n mag1
wait_for 5 is 0 ro_n mag3
echo "# states gone $((SECONDS - t0)) s after the refreshes stopped"
wait_for 5 is 0 ro_n lma
kill -INT $cping
wait $cping || true
cat "$TMP/ping.cont" | tail -3
sent=$(awk '/packets transmitted/ {print $1}' "$TMP/ping.cont")
got=$(awk '/packets transmitted/ {print $4}' "$TMP/ping.cont")
echo "# across the expiry: $sent pings, $((sent - got)) lost"
# At most the one in flight while one MAG's state had expired and the
# other's not yet (milliseconds apart): see localized-routing.md.
[ $((sent - got)) -le 1 ]
l1=$(bce $N1 rx); l2=$(bce $N2 rx)
[ "$(ping12 10)" = 10 ]
echo "# after the expiry: LMA bce rx mn1 $l1 -> $(bce $N1 rx), mn2 $l2 -> $(bce $N2 rx)"
[ "$(bce $N1 rx)" = $((l1 + 10)) ]
[ "$(bce $N2 rx)" = $((l2 + 10)) ]
[ "$(rstat lma expired)" = 1 ]

echo "# the MAGs resume: the LMA's RO Init (retransmitted meanwhile) is answered, localized again"
kill -CONT "$pid_mag1" "$pid_mag3"
# Traffic keeps the trigger coming, should the first RO Init have timed out.
ip netns exec mn1 ping -6 -n -q -c 60 -i 0.5 -W 2 "$MN2" >/dev/null 2>&1 &
bping=$!
pids+=($bping)
wait_for 30 is active pair_state
kill $bping; wait $bping || true
wait_for 10 is 1 ro_n mag1
wait_for 10 is 1 ro_n mag3
l1=$(bce $N1 rx)
[ "$(ping12 10)" = 10 ]
[ "$(bce $N1 rx)" = "$l1" ]

echo "# a refused RO Setup: mag3 (mn1's MAG) with localized routing off"
[ "$(ro_n mag1)" = 1 ]
bp1=$(by_peer mag1)
stop_pmipd mag3
# Its stop deleted its state and told mag1, which deleted its own at once
# (not when the LMA ends the pair, its lifetime-0 RO Init, seconds later).
wait_for 2 is 0 ro_n mag1
[ "$(by_peer mag1)" = $((bp1 + 1)) ]
sed -i 's/^localized-routing on/localized-routing off/' "$TMP/mag3.conf"
start_pmipd mag3
attach_at mn1 m1 $MAC1 $N1 $COA3
has_bul() { [ "$(py mag3 "len(d)" bul)" = 1 ]; }
wait_for 30 has_bul
# The old pair ends at the LMA when the sides' lifetimes run out unrefreshed.
[ "$(ro_n mag1)" = 0 ]
wait_for $((L + 10)) is none pair_state
failed=$(rstat lma setup_failed)
# mn2 -> mn1: source mn2 (mag1), so the RO Init goes to mag3, which
# refuses at once (draft 4.1: RO Init Ack with a failure code, no Setup).
l1=$(bce $N1 rx)
nsq mn2 ping -6 -n -q -c 10 -i 0.2 -W 2 "$MN1" | grep -q " 10 received"
wait_for 20 atleast $((failed + 1)) rstat lma setup_failed
ctl lma daemon ro
[ "$(ro_n mag1)" = 0 ]
[ "$(ro_n mag3)" = 0 ]
[ "$(ro_n lma)" = 0 ]
[ "$(bce $N1 rx)" -ge $((l1 + 10)) ]
ro_kinds "$TMP/mag3.pcap" | tr ' ' '\n' | grep -q ">a::1:4/129/0$"

echo "# and mn1 -> mn2: RO Init to mag1, RO Setup to mag3, which refuses (Setup Ack 129)"
wait_for 10 is none pair_state
nsq mn1 ping -6 -n -q -c 10 -i 0.2 -W 2 "$MN2" | grep -q " 10 received"
# State and reason in one look: the failed pair rests only RO_HOLD_MS.
failed129() { py lma "[p['state'] + ' ' + p['error'] for p in d['pairs']]" daemon ro | grep -q "failed .*status 129"; }
wait_for 20 failed129
[ "$(ro_n mag1)" = 0 ]
[ "$(ro_n mag3)" = 0 ]
[ "$(ro_n lma)" = 0 ]
ro_kinds "$TMP/mag3.pcap" | tr ' ' '\n' | grep -q "^b3::1>b1::1:6/129/0$"
ro_kinds "$TMP/lma.pcap" | tr ' ' '\n' | grep -q "^b1::1>a::1:4/129/0$"

echo "# section 7: mag1 asks for mn2; the LMA (ro-requests accept) proceeds and runs 4.1"
stop_pmipd mag3
sed -i 's/^localized-routing off/localized-routing on/' "$TMP/mag3.conf"
start_pmipd mag3
attach_at mn1 m1 $MAC1 $N1 $COA3
wait_for 30 has_bul
wait_for 15 is none pair_state
out=$(nsexec mag1 "$PMIPCTL" daemon ro request $N2 dst $HNP1/64)
[ "$out" = proceed ]
wait_for 20 is active pair_state
[ "$(py lma "d['pairs'][0]['requested']" daemon ro)" = True ]
# The requesting MAG's MN is the source: RO Init to mag3, naming mag1.
wait_for 10 is "1:2::/64>1:1::/64@b3::1 mag" ro_k mag1
[ "$(ro_k mag3)" = "1:1::/64>1:2::/64@b1::1 mag" ]
ro_kinds "$TMP/mag1.pcap" | tr ' ' '\n' | grep -q "^b1::1>a::1:9/0/0$"
ro_kinds "$TMP/mag1.pcap" | tr ' ' '\n' | grep -q "^a::1>b1::1:10/0/0$"
ro_kinds "$TMP/mag3.pcap" | tr ' ' '\n' | grep -q "^a::1>b3::1:3/0/$L$"
l1=$(bce $N1 rx)
[ "$(ping12 10)" = 10 ]
[ "$(bce $N1 rx)" = "$l1" ]
echo "# an RO Request for a prefix no binding holds is answered 130; an LMA has no 'ro request'"
not nsexec mag1 "$PMIPCTL" daemon ro request $N2 dst $P:1:9::/64 2>"$TMP/err"
cat "$TMP/err"
grep -q "status 130 (unknown mobile node)" "$TMP/err"
not nsexec lma "$PMIPCTL" daemon ro request $N2 dst $HNP1/64 2>"$TMP/err"
grep -q "is a MAG command" "$TMP/err"

echo "# 4.3 + section 3: both MNs hand over at once, mn1 mag3 -> mag2, mn2 mag1 -> mag3"
# The pair of the RO Request above: source mn2 (mag1), destination mn1
# (mag3). The draft (3) makes the Controller the rendezvous point that
# keeps the path "during one or both MNs' handover without running into
# a race condition": whichever handoff PBU the LMA sees first, the other
# MN has just left its MAG (its binding is de-registering), and mag3 is
# mn1's old MAG and mn2's new one. The pair must survive (no failed
# setup, no new pair: still the requested one) and end up between the
# two new MAGs.
failed=$(rstat lma setup_failed); ok=$(rstat lma setup_ok)
# move MN ACC FROM TO IF MAC NAI COA: the MN's link to its new MAG, then
# its solicitations there until the LMA has the binding at COA.
move() {
	nsexec "$3" ip link set "$2" netns "$4"
	nsexec "$4" ip link set "$2" up
	attach_at "$1" "$5" "$6" "$7" "$8"
}
move mn1 acc1 mag3 mag2 m1 $MAC1 $N1 $COA2 &
mv1=$!
move mn2 acc2 mag1 mag3 m2 $MAC2 $N2 $COA3 &
mv2=$!
wait $mv1
wait $mv2
wait_for 30 is "1:1::/64>1:2::/64@b3::1 mag" ro_k mag2
wait_for 20 is "1:2::/64>1:1::/64@b2::1 mag" ro_k mag3
wait_for 20 is 0 ro_n mag1
wait_for 10 is active pair_state
ctl lma daemon ro
ctl lma ro
# The LMA's record and pmipd's pair: mn2 (source) at mag3, mn1 at mag2.
[ "$(ro_k lma)" = "1:2::/64>1:1::/64@b2::1 controller" ]
[ "$(py lma "' '.join(p['src_mag'] + ' ' + p['dst_mag'] for p in d['pairs'])" daemon ro)" = "$COA3 $COA2" ]
[ "$(py lma "d['pairs'][0]['requested']" daemon ro)" = True ]
[ "$(rstat lma setup_failed)" = "$failed" ]
[ "$(rstat lma setup_ok)" -ge $((ok + 1)) ]
# MAG to MAG again: the LMA's BCE counters stand still, the new MAGs'
# states count every ping.
l1=$(bce $N1 rx); l2=$(bce $N2 rx); r2=$(ro_ctr mag2 rx); r3=$(ro_ctr mag3 rx)
[ "$(ping12 10)" = 10 ]
echo "# LMA bce rx mn1 $l1 -> $(bce $N1 rx), mn2 $l2 -> $(bce $N2 rx); mag2 ro rx $r2 -> $(ro_ctr mag2 rx), mag3 ro rx $r3 -> $(ro_ctr mag3 rx)"
[ "$(bce $N1 rx)" = "$l1" ]
[ "$(bce $N2 rx)" = "$l2" ]
[ "$(ro_ctr mag2 rx)" = $((r2 + 10)) ]
[ "$(ro_ctr mag3 rx)" = $((r3 + 10)) ]
[ "$(ro_n mag2)" = 1 ]
[ "$(ro_n mag3)" = 1 ]
[ "$(ro_n mag1)" = 0 ]

echo "# both MNs at one MAG: mn2 hands over mag3 -> mag2, where mn1 is: the pair ends, traffic goes through the LMA"
# Localized routing is for MNs at different MAGs (draft 4.1); at one MAG
# there is no MAG-to-MAG path to keep. mag3 notices mn2's detach at once
# (rtnetlink), deletes its state and tells mag2, which deletes mn1's state
# toward mag3 at once (else mn1's packets would go on being tunnelled to
# mag3, which no longer serves mn2, and be lost). The LMA sees both MNs at
# mag2, waits the time it keeps a de-registering binding
# (min-delay-before-bce-delete, 25 s) for one of them to move on (draft 3:
# both MNs may be handing over), then ends the pair; the MN_TRAFFIC that
# follows sets up nothing (same MAG).
bp2=$(by_peer mag2); exp0=$(rstat lma expired); failed=$(rstat lma setup_failed)
nsexec mag3 ip link set acc2 netns mag2
peer_deleted mag3 mag2 "$bp2"
nsexec mag2 ip link set acc2 up
attach_at mn2 m2 $MAC2 $N2 $COA2
[ "$(lma_coa $N1)" = "$COA2" ]
wait_for 10 nsq mn1 ping -6 -n -q -c 1 -W 1 "$MN2"
# A ping every 0.2 s across the LMA's wait and the end of the pair.
l1=$(bce $N1 rx); l2=$(bce $N2 rx)
ip netns exec mn1 ping -6 -n -i 0.2 -W 2 "$MN2" >"$TMP/ping.same" 2>&1 &
sping=$!
pids+=($sping)
t0=$SECONDS
wait_for 30 is none pair_state
echo "# the LMA ended the pair $((SECONDS - t0)) s after mn2's handoff"
grep -q "ended: the MNs did not settle on two MAGs after a handover" "$TMP/lma.log"
[ "$(ro_n lma)" = 0 ]
[ "$(ro_n mag2)" = 0 ]
[ "$(ro_n mag3)" = 0 ]
[ "$(ro_n mag1)" = 0 ]
[ "$(rstat lma expired)" = "$exp0" ]
[ "$(rstat lma setup_failed)" = "$failed" ]
sleep 3
kill -INT $sping
wait $sping || true
tail -3 "$TMP/ping.same"
sent=$(awk '/packets transmitted/ {print $1}' "$TMP/ping.same")
got=$(awk '/packets transmitted/ {print $4}' "$TMP/ping.same")
echo "# at one MAG: $sent pings, $((sent - got)) lost; LMA bce rx mn1 $l1 -> $(bce $N1 rx), mn2 $l2 -> $(bce $N2 rx)"
[ "$sent" -ge 20 ]
[ "$got" = "$sent" ]
# Every one of them crossed the LMA, both ways, and nothing was set up again.
[ "$(bce $N1 rx)" -ge $((l1 + got)) ]
[ "$(bce $N2 rx)" -ge $((l2 + got)) ]
[ "$(pair_state)" = none ]
[ "$(ro_n mag2)" = 0 ]

echo "# daemons stop cleanly, no sanitizer report, tshark decodes every message"
cap_stop "$TMP/lf1.pcap"
rm -f "$TMP/lf1.pcap.pid"
for ns in lma mag1 mag2 mag3; do stop_pmipd $ns; done
no_sanitizer_report
for ns in lma mag1 mag2 mag3; do
	[ "$(tshark -r "$TMP/$ns.pcap" -Y "_ws.malformed || _ws.expert.severity >= warning" 2>/dev/null | wc -l)" = 0 ]
	n=$(tshark -r "$TMP/$ns.pcap" -Y "mip6.mhtype == 11" 2>/dev/null | wc -l)
	echo "# $ns.pcap: $n localized routing messages, tshark sees them all as MH type 11"
	[ "$n" = "$(ro_kinds "$TMP/$ns.pcap" | wc -w)" ]
	[ "$n" -gt 0 ]
done
echo "# ok"
