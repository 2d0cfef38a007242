#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Localized routing between MNs of two LMAs (draft-loureiro-netext-
# pmipv6-ro-02 3, 4.2, 4.4, 4.5, 7), with real pmipd daemons: mn1
# (anchored at lma, the RO Trigger) on mag1 and mn2 (anchored at lma2, the
# RO Controller) on mag2. First mag2's RO Request is denied by lma2
# (ro-requests deny: 129, nothing set up). Then mag1 asks lma for a
# localized path (RO Request, section 7); lma resolves mn2's prefix to lma2
# (ro-peer-lma) and sends RO Trigger; lma2 runs the 4.1 exchange (RO Init
# to mag2 naming mag1, RO Setup, RO Setup Ack, RO Init Ack) and answers RO
# Trigger Ack. Then the pings go MAG to MAG, neither LMA's counters move,
# each MAG refreshes at its own LMA, and a handover of mn1 to mag3 is
# re-signalled by lma with a new RO Trigger (4.4), one of mn2 to mag1 by
# lma2 alone with RO Init (4.4's note: no RO Trigger). Once the MAGs stop
# refreshing the pair ends; then traffic alone sets it up again (section
# 3: lma's kernel reports mn1's packets toward lma2's prefix, its remote
# prefix from ro-peer-lma), first one way (lma is RO Trigger), then both
# ways at once, where both LMAs see the traffic and their RO Triggers may
# cross (one pair, one Controller).
#
#   +-----+ m1  +------+ f1::2   f1::1 +-----+ ff::1   ff::2 +------+
#   | mn1 |-----| mag1 |---------------| lma |---------------| lma2 |
#   +-----+ acc1+------+               +-----+  core link    +------+
#   +-----+ m2  +------+ f2::2   f2::1 |  |  (a2::1, anchors 2001:db8:2::/48)
#   | mn2 |-----| mag2 |---------------'  |
#   +-----+ acc2+------+     +------+     | f3::1
#  (acc1 moves to mag3,      | mag3 |-----'
#   then acc2 to mag1)       +------+ f3::2
#
#   LMAA a::1 (mn1: 2001:db8:1:1::/64), LMAA2 a2::1 (mn2: 2001:db8:2:1::/64);
#   mag2 registers mn2 at lma2 through lma's node (plain routing). Each
#   LMA lists the three MAGs as its own (RFC 5213 5.3.1).
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
HNP2=$P:2:1::
MAC1=02:00:00:00:01:01
MAC2=02:00:00:00:02:01
N1=mn1@example.com
N2=mn2@example.com
L=10

bce() { py "$1" "[b['counters']['packets_$3'] for b in d if b['mn_id'] == '$2'][0]" bce; }
pair_state() { py "$1" "' '.join(p['role'] + ':' + p['state'] for p in d['pairs']) or 'none'" daemon ro; }
ping12() {
	nsq mn1 ping -6 -n -q -c "$1" -i "${2:-0.2}" -W 2 "$MN2" |
		awk '/packets transmitted/ {print $4}'
}
lma_coa() { py "$1" "[b['proxy_coa'] for b in d if b['mn'] == '$2' and b['state'] == 'registered'][0]" daemon bindings; }
ro_setup_kinds() { ro_kinds "$1" | tr ' ' '\n' | grep -v -e ':7/' -e ':8/' | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/ $//'; }

# mn1 at mag3, mn2 at mag1: both MAGs hold the pair's states, and 10
# pings go MAG to MAG (neither LMA's BCE counters move, mag1's RO rx does).
localized_mag3_mag1() {
	wait_for 10 is "1:1::/64>2:1::/64@b1::1 mag" ro_k mag3
	wait_for 10 is "2:1::/64>1:1::/64@b3::1 mag" ro_k mag1
	local l1 l2 r1
	l1=$(bce lma $N1 rx); l2=$(bce lma2 $N2 rx); r1=$(ro_ctr mag1 rx)
	[ "$(ping12 10)" = 10 ]
	echo "# lma bce rx mn1 $l1 -> $(bce lma $N1 rx), lma2 bce rx mn2 $l2 -> $(bce lma2 $N2 rx); mag1 ro rx $r1 -> $(ro_ctr mag1 rx)"
	[ "$(bce lma $N1 rx)" = "$l1" ]
	[ "$(bce lma2 $N2 rx)" = "$l2" ]
	[ "$(ro_ctr mag1 rx)" = $((r1 + 10)) ]
}

echo "# topology"
domain_up
domain_mag3_up
domain_lma2_up
for n in mn1 mn2; do nsq $n sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0; done
domain_mn_link mn1 m1 $MAC1 mag1 acc1
domain_mn_link mn2 m2 $MAC2 mag2 acc2

cat >"$TMP/lma.conf" <<EOC
role lma
security insecure-lab
local $LMAA
mag $COA1
mag $COA2
mag $COA3
lifetime 120
timestamp-window 10000
min-delay-before-bce-delete 10000
max-delay-before-new-bce-assign 3000
localized-routing on
ro-lifetime $L
ro-requests accept
ro-peer-lma $HNP2_POOL $LMAA2
mn $N1 prefix $HNP1/64
EOC
cat >"$TMP/lma2.conf" <<EOC
role lma
security insecure-lab
local $LMAA2
mag $COA1
mag $COA2
mag $COA3
lifetime 120
timestamp-window 10000
localized-routing on
ro-lifetime $L
ro-requests deny
ro-peer-lma $P:1::/48 $LMAA
mn $N2 prefix $HNP2/64
EOC
for i in 1 2 3; do
	cat >"$TMP/mag$i.conf" <<EOC
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
mn $N2 ll-id $MAC2 lma $LMAA2
EOC
done
for ns in lma lma2 mag1 mag2 mag3; do start_pmipd $ns; done
nsexec mn1 ip link set m1 up
nsexec mn2 ip link set m2 up
wait_for 30 has_addr mn1 m1
wait_for 30 has_addr mn2 m2
MN1=$(mn_addr mn1 m1)
MN2=$(mn_addr mn2 m2)
echo "# mn1 $MN1 at mag1 (lma), mn2 $MN2 at mag2 (lma2)"
[[ $MN1 == $P:1:1:* ]]
[[ $MN2 == $P:2:1:* ]]
[ "$(lma_coa lma $N1)" = "$COA1" ]
[ "$(lma_coa lma2 $N2)" = "$COA2" ]

echo "# section 7, deny: mag2 asks lma2 (ro-requests deny) for mn2 and mn1: 129, nothing set up"
not nsexec mag2 "$PMIPCTL" daemon ro request $N2 dst $HNP1/64 2>"$TMP/err"
cat "$TMP/err"
grep -q "status 129 (denied by policy)" "$TMP/err"
# The draft (7): the LMA "may deny" the request; then no RO Init, no
# RO Trigger, no state, and the traffic keeps crossing both LMAs.
[ "$(ro_setup_kinds "$TMP/lma2.pcap")" = "b2::1>a2::1:9/0/0 a2::1>b2::1:10/129/0" ]
[ "$(ro_setup_kinds "$TMP/mag2.pcap")" = "b2::1>a2::1:9/0/0 a2::1>b2::1:10/129/0" ]
[ "$(pair_state lma2)" = none ]
[ "$(pair_state lma)" = none ]
[ "$(ro_n lma2)" = 0 ]
[ "$(ro_n mag2)" = 0 ]
[ "$(rstat lma2 setup_failed)" = 0 ]

echo "# section 7 + 4.2: mag1 asks lma; lma (RO Trigger) hands the pair to lma2 (RO Controller)"
out=$(nsexec mag1 "$PMIPCTL" daemon ro request $N1 dst $HNP2/64)
[ "$out" = proceed ]
wait_for 30 is "trigger:active" pair_state lma
[ "$(pair_state lma2)" = "controller:active" ]
ctl lma daemon ro
ctl lma2 daemon ro
# 4.2's Figure 3: 1. Trigger lma -> lma2, 2. Init lma2 -> mag2 naming mag1,
# 3. Setup mag2 -> mag1, 4. Setup Ack, 5. Init Ack, 6. Trigger Ack.
[ "$(ro_setup_kinds "$TMP/lma.pcap")" = "b1::1>a::1:9/0/0 a::1>a2::1:1/0/$L a::1>b1::1:10/0/0 a2::1>a::1:2/0/$L" ]
[ "$(ro_setup_kinds "$TMP/lma2.pcap")" = "b2::1>a2::1:9/0/0 a2::1>b2::1:10/129/0 a::1>a2::1:1/0/$L a2::1>b2::1:3/0/$L b2::1>a2::1:4/0/$L a2::1>a::1:2/0/$L" ]
[ "$(ro_setup_kinds "$TMP/mag2.pcap")" = "b2::1>a2::1:9/0/0 a2::1>b2::1:10/129/0 a2::1>b2::1:3/0/$L b2::1>b1::1:5/0/$L b1::1>b2::1:6/0/$L b2::1>a2::1:4/0/$L" ]
[ "$(ro_setup_kinds "$TMP/mag1.pcap")" = "b1::1>a::1:9/0/0 a::1>b1::1:10/0/0 b2::1>b1::1:5/0/$L b1::1>b2::1:6/0/$L" ]
# Before it installs, mag1 asks its MN's LMA (lma, the RO Trigger, which
# vouches for the pair and for mag1; mag2 is the Controller's to name).
[ "$(ro_kinds "$TMP/mag1.pcap" | cut -d' ' -f3-6)" = "b2::1>b1::1:5/0/$L b1::1>a::1:7/0/$L@b2::1 a::1>b1::1:8/0/$L b1::1>b2::1:6/0/$L" ]
[ "$(ro_k mag1)" = "1:1::/64>2:1::/64@b2::1 mag" ]
[ "$(ro_k mag2)" = "2:1::/64>1:1::/64@b1::1 mag" ]
[ "$(ro_k lma)" = "1:1::/64>2:1::/64@a2::1 trigger" ]
[ "$(ro_k lma2)" = "1:1::/64>2:1::/64@b2::1 controller" ]

echo "# MAG to MAG: 20 pings, neither LMA's BCE counters move"
l1=$(bce lma $N1 rx); l2=$(bce lma2 $N2 rx); r1=$(ro_ctr mag1 rx); r2=$(ro_ctr mag2 rx)
[ "$(ping12 20)" = 20 ]
echo "# lma bce rx mn1 $l1 -> $(bce lma $N1 rx), lma2 bce rx mn2 $l2 -> $(bce lma2 $N2 rx); mag1 ro rx $r1 -> $(ro_ctr mag1 rx), mag2 ro rx $r2 -> $(ro_ctr mag2 rx)"
[ "$(bce lma $N1 rx)" = "$l1" ]
[ "$(bce lma2 $N2 rx)" = "$l2" ]
[ "$(ro_ctr mag1 rx)" = $((r1 + 20)) ]
[ "$(ro_ctr mag2 rx)" = $((r2 + 20)) ]

echo "# 4.5: each MAG refreshes at its own LMA, beyond the lifetime"
[ "$(ping12 30 0.5)" = 30 ]
[ "$(bce lma $N1 rx)" = "$l1" ]
[ "$(bce lma2 $N2 rx)" = "$l2" ]
echo "# refreshes granted: lma $(rstat lma refresh_ok), lma2 $(rstat lma2 refresh_ok)"
[ "$(rstat lma refresh_ok)" -ge 2 ]
[ "$(rstat lma2 refresh_ok)" -ge 2 ]
ro_kinds "$TMP/mag1.pcap" | tr ' ' '\n' | grep -q "^b1::1>a::1:7/0/$L$"
ro_kinds "$TMP/mag2.pcap" | tr ' ' '\n' | grep -q "^b2::1>a2::1:7/0/$L$"
[ "$(ro_kinds "$TMP/mag1.pcap" | tr ' ' '\n' | grep -c "^b1::1>a2::1:7/")" = 0 ]

echo "# 4.4: mn1 (the RO Trigger's MN) hands over mag1 -> mag3: a new RO Trigger, mag1 loses its state"
nsexec mag1 ip link set acc1 netns mag3
nsexec mag3 ip link set acc1 up
ok_at() { local i; for i in $(seq 20); do rs mn1 m1 $MAC1; wait_for 2 is "$COA3" lma_coa lma $N1 && return 0; done; return 1; }
ok_at
wait_for 30 is "1:1::/64>2:1::/64@b2::1 mag" ro_k mag3
wait_for 20 is "2:1::/64>1:1::/64@b3::1 mag" ro_k mag2
wait_for 20 is 0 ro_n mag1
wait_for 10 is "trigger:active" pair_state lma
[ "$(pair_state lma2)" = "controller:active" ]
[ "$(ro_kinds "$TMP/lma.pcap" | tr ' ' '\n' | grep -c "^a::1>a2::1:1/0/$L$")" -ge 2 ]
ro_kinds "$TMP/lma2.pcap" | tr ' ' '\n' | grep -q "^a2::1>b2::1:3/0/$L$"
l1=$(bce lma $N1 rx); l2=$(bce lma2 $N2 rx); r3=$(ro_ctr mag3 rx)
[ "$(ping12 10)" = 10 ]
[ "$(bce lma $N1 rx)" = "$l1" ]
[ "$(bce lma2 $N2 rx)" = "$l2" ]
[ "$(ro_ctr mag3 rx)" = $((r3 + 10)) ]

echo "# 4.4's note: mn2 (the RO Controller's MN) hands over mag2 -> mag1: RO Init from lma2 to mag1, no RO Trigger"
# RO Trigger (kind 1) messages either way between the LMAs, so far.
triggers() { ro_kinds "$TMP/lma2.pcap" | tr ' ' '\n' | grep -cE ':1/[0-9]+/[0-9]+$' || true; }
t0=$(triggers)
nsexec mag2 ip link set acc2 netns mag1
nsexec mag1 ip link set acc2 up
ok2_at() { local i; for i in $(seq 20); do rs mn2 m2 $MAC2; wait_for 2 is "$COA1" lma_coa lma2 $N2 && return 0; done; return 1; }
ok2_at
wait_for 30 is "2:1::/64>1:1::/64@b3::1 mag" ro_k mag1
wait_for 20 is "1:1::/64>2:1::/64@b1::1 mag" ro_k mag3
wait_for 20 is 0 ro_n mag2
wait_for 10 is "controller:active" pair_state lma2
[ "$(pair_state lma)" = "trigger:active" ]
ctl lma2 daemon ro
[ "$(ro_k lma2)" = "1:1::/64>2:1::/64@b1::1 controller" ]
[ "$(ro_k lma)" = "1:1::/64>2:1::/64@a2::1 trigger" ]
# The Controller signalled the new MAG itself (RO Init naming mag3, the
# source MN's MAG), and lma, which saw no handoff, got no RO Trigger (only
# the Controller's RO Trigger Ack saying so, 4.4).
[ "$(ro_kinds "$TMP/mag1.pcap" | tr ' ' '\n' | grep -c "^a2::1>b1::1:3/0/$L$")" -ge 1 ]
[ "$(ro_kinds "$TMP/mag3.pcap" | tr ' ' '\n' | grep -c "^b1::1>b3::1:5/0/$L$")" -ge 1 ]
# mag3 had it vouched for by its MN's LMA (lma, with the pair active).
has_ro "b3::1>a::1:7/0/$L@b1::1" mag3
echo "# RO Triggers: $t0 before, $(triggers) after"
[ "$(triggers)" = "$t0" ]
localized_mag3_mag1
[ "$(triggers)" = "$t0" ]

# pair_end_by_expiry: the MAGs of both MNs stop refreshing (SIGSTOP); the
# states expire everywhere (4.5); then they resume with nothing set up.
pair_end_by_expiry() {
	kill -STOP "$pid_mag1" "$pid_mag3"
	wait_for $((L + 15)) is none pair_state lma
	wait_for 10 is none pair_state lma2
	kill -CONT "$pid_mag1" "$pid_mag3"
	wait_for 10 is 0 ro_n mag1
	wait_for 10 is 0 ro_n mag3
}
# One-way UDP from mn1 to mn2: COUNT datagrams at 20/s, received by mn2.
udp12() {
	ip netns exec mn2 python3 "$UDP" recv 7000 "$TMP/udp12" &
	local rx=$!
	wait_for 10 test -s "$TMP/udp12"
	nsexec mn1 python3 "$UDP" send "$MN2" 7000 "$1" 20
	wait_for 10 is "$1" cat "$TMP/udp12"
	kill $rx; wait $rx || true
}
# One pair: one LMA Trigger, the other Controller, either way round.
pairs_settled() {
	case "$(pair_state lma) $(pair_state lma2)" in
	"trigger:active controller:active" | "controller:active trigger:active") return 0 ;;
	*) return 1 ;;
	esac
}
kstat() { py "$1" "d['instance']['stats']['$2']" instance; }
trig() { ro_kinds "$TMP/$1.pcap" | tr ' ' '\n' | grep -c "^$2>$3:1/0/$L$" || true; }

echo "# section 3 + 4.2 from traffic: the pair ends; one-way traffic mn1 -> mn2 sets it up again"
pair_end_by_expiry
[ "$(ro_n lma)" = 0 ]
[ "$(ro_n lma2)" = 0 ]
nsq lma "$PMIPCTL" -j instance | grep -q '"remote_prefixes":\["2001:db8:2::/48"\]'
nsq lma2 "$PMIPCTL" -j instance | grep -q '"remote_prefixes":\["2001:db8:1::/48"\]'
ev1=$(kstat lma events); ev2=$(kstat lma2 events)
t1=$(trig lma a::1 a2::1); t2=$(trig lma2 a2::1 a::1)
l1=$(bce lma $N1 rx); l2=$(bce lma2 $N2 tx)
udp12 20
echo "# kernel events: lma $ev1 -> $(kstat lma events), lma2 $ev2 -> $(kstat lma2 events); lma bce rx mn1 $l1 -> $(bce lma $N1 rx), lma2 bce tx mn2 $l2 -> $(bce lma2 $N2 tx)"
# The first datagrams crossed both LMAs; only lma, mn1's LMA, saw mn1's
# packets leave toward another LMA's prefix.
[ "$(bce lma $N1 rx)" -gt "$l1" ]
[ "$(bce lma2 $N2 tx)" -gt "$l2" ]
[ "$(kstat lma events)" -gt "$ev1" ]
[ "$(kstat lma2 events)" = "$ev2" ]
wait_for 30 is "trigger:active" pair_state lma
wait_for 10 is "controller:active" pair_state lma2
ctl lma daemon ro
[ "$(trig lma a::1 a2::1)" -ge $((t1 + 1)) ]
[ "$(trig lma2 a2::1 a::1)" = "$t2" ]
[ "$(rstat lma traffic_events)" -ge 1 ]
[ "$(ro_k lma)" = "1:1::/64>2:1::/64@a2::1 trigger" ]
localized_mag3_mag1

echo "# both ways at once: both LMAs see the pair's traffic; one pair, one Controller, MAG to MAG"
pair_end_by_expiry
ev1=$(kstat lma events); ev2=$(kstat lma2 events)
[ "$(ping12 6)" = 6 ]
echo "# kernel events: lma $ev1 -> $(kstat lma events), lma2 $ev2 -> $(kstat lma2 events)"
[ "$(kstat lma events)" -gt "$ev1" ]
[ "$(kstat lma2 events)" -gt "$ev2" ]
wait_for 30 pairs_settled
ctl lma daemon ro
ctl lma2 daemon ro
grep -h "RO Triggers crossed" "$TMP"/lma*.log || echo "# (the Triggers did not cross this time)"
localized_mag3_mag1

echo "# 4.4's note again, timed: mn2 leaves mag1 as mag3's refresh at lma falls due; the pair survives on both LMAs"
# mag1 deletes its state when mn2 leaves and tells mag3 (lifetime-0 RO
# Setup, mag3's MN first), which deletes its own at once rather than
# tunnel to mag1; mag3 then refreshes nothing until lma2's re-setup gives
# it a new state, whose first RO Refresh comes half a lifetime later. lma
# follows mn1's side through mag3's refreshes only (4.5), so lma2 tells it
# the outcome of its re-setup (RO Trigger Ack, no RO Trigger): without
# that, lma would expire its side ($L s after mag3's last refresh, which
# is before mag3's next) and end the pair on both LMAs. The handover is
# made to take 2 s so that this would happen.
acks() { ro_kinds "$TMP/lma.pcap" | tr ' ' '\n' | grep -c "^a2::1>a::1:2/0/$L$" || true; }
# The seconds left of mag3's state, from pmipd (no python: a quick poll).
left3() { ctl mag3 daemon ro | awk '$1 == "state" { for (i = 2; i < NF; i++) if ($i == "remaining") print $(i + 1) }'; }
a0=$(acks); t0=$(triggers); bp3=$(by_peer mag3); rf1=$(rstat lma refresh_failed)
exp1=$(rstat lma expired); exp2=$(rstat lma2 expired); ref3=$(rstat mag3 refresh_ok)
# 4 to 5 s since mag3's last refresh: its next is due within a second.
wait_for 15 is 6 left3
nsexec mag1 ip link set acc2 netns mag2
# Now, not at mag1's next RA (unless mag1 noticed the link go already).
nsexec mag1 "$PMIPCTL" daemon detach $N2 || true
peer_deleted mag1 mag3 "$bp3"
sleep 2
nsexec mag2 ip link set acc2 up
# Solicitations every second or so (not attach_at's 2 s waits): the gap
# must stay well within what is left of the LMAs' lifetimes.
at2() { local i; for i in $(seq 30); do rs mn2 m2 $MAC2; sleep 0.5; is "$COA2" lma_coa lma2 $N2 && return 0; done; return 1; }
at2
wait_for 30 is "2:1::/64>1:1::/64@b3::1 mag" ro_k mag2
wait_for 20 is "1:1::/64>2:1::/64@b2::1 mag" ro_k mag3
wait_for 10 is "controller:active" pair_state lma2
[ "$(pair_state lma)" = "trigger:active" ]
echo "# lma heard lma2's re-setup: RO Trigger Acks $a0 -> $(acks); RO Triggers $t0 -> $(triggers)"
wait_for 5 is $((a0 + 1)) acks
[ "$(triggers)" = "$t0" ]
grep -q "set up again by RO Controller $LMAA2 for $L s" "$TMP/lma.log"
ctl lma daemon ro
echo "# two lifetimes MAG to MAG: neither LMA's BCE counters move, mag3 keeps refreshing at lma, nothing expires"
l1=$(bce lma $N1 rx); l2=$(bce lma2 $N2 rx); r3=$(ro_ctr mag3 rx)
[ "$(ping12 $((4 * L)) 0.5)" = $((4 * L)) ]
echo "# lma bce rx mn1 $l1 -> $(bce lma $N1 rx), lma2 bce rx mn2 $l2 -> $(bce lma2 $N2 rx); mag3 ro rx $r3 -> $(ro_ctr mag3 rx); mag3 refreshes $ref3 -> $(rstat mag3 refresh_ok)"
[ "$(bce lma $N1 rx)" = "$l1" ]
[ "$(bce lma2 $N2 rx)" = "$l2" ]
[ "$(ro_ctr mag3 rx)" = $((r3 + 4 * L)) ]
[ "$(pair_state lma)" = "trigger:active" ]
[ "$(pair_state lma2)" = "controller:active" ]
[ "$(rstat lma expired)" = "$exp1" ]
[ "$(rstat lma2 expired)" = "$exp2" ]
[ "$(rstat mag3 refresh_ok)" -ge $((ref3 + 3)) ]
[ "$(rstat lma refresh_failed)" = "$rf1" ]
# Every RO message a MAG got in this test was valid, lma's lifetime-0 RO
# Init to mag1 after mn1's handover (4.4) included: as RO Trigger it does
# not know mn2's MAG, and named none (an unspecified MAG-ADDR) before.
for m in mag1 mag2 mag3; do [ "$(rstat $m rx_invalid)" = 0 ]; done

echo "# daemons stop cleanly (the pair ends on both LMAs), no sanitizer report, tshark decodes everything"
for ns in lma lma2 mag1 mag2 mag3; do stop_pmipd $ns; done
no_sanitizer_report
for ns in lma lma2 mag1 mag2 mag3; do
	[ "$(tshark -r "$TMP/$ns.pcap" -Y "_ws.malformed || _ws.expert.severity >= warning" 2>/dev/null | wc -l)" = 0 ]
	n=$(tshark -r "$TMP/$ns.pcap" -Y "mip6.mhtype == 11" 2>/dev/null | wc -l)
	echo "# $ns.pcap: $n localized routing messages"
	[ "$n" = "$(ro_kinds "$TMP/$ns.pcap" | wc -w)" ]
done
echo "# ok"
