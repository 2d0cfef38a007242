#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Binding hijack from an access link (issue 16 item 5) and attachment
# detection (issue 16, "the suite holds under load"), with real pmipd
# daemons. A MAG knows an MN by the source address of its frames, not by
# what a Router Solicitation says; an MN bound on one link moves only when
# that link reports it gone; an LMA hands a live binding to another MAG
# only after asking the old one (UPN FORCE-REREGISTRATION, RFC 7077).
#
#  1. attachment without any RS: mn2 by its DAD Neighbor Solicitation or
#     MLD report, mn3 by an ARP request (IPv6 off) - registered;
#  2. an RS whose SLLAO names mn1's MAC from another host (evil1 on mag1,
#     evil2 on mag2): dropped and counted, mn1's binding unchanged;
#  3. evil1, now really sending from mn1's MAC on mag1's other link: mag1
#     probes mn1 on its own link, mn1 answers, the claim is refused;
#  4. evil2 the same on mag2: the LMA holds mag2's PBU, asks mag1, which
#     finds mn1 present and re-registers it; the held PBU gets 129, and the
#     LMA's binding and the CN's traffic to mn1 stay with mag1 throughout;
#  5. the MAG's side of UPN (RFC 7077 6.1, 6.2): FORCE-REREGISTRATION
#     answered by a UPA with the same sequence number and a fresh PBU (or
#     a de-registration once the MN stopped answering); other reasons
#     refused with their status; no A, no UPA; the pre-2026-12 layout is
#     not taken for a FORCE-REREGISTRATION;
#  6. mn1 goes silent on mag1's link: evil2's claim is then a handoff
#     (mag1's probes go unanswered, it de-registers, the held PBU goes on);
#  7. a real handover: mn3's link to mag2 deleted, a new one to mag1: same
#     prefix, same address;
#  8. a dead old MAG (SIGSTOP): the held PBU goes ahead after the hold time.
#
#   mn1 m1 ---- acc1 +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#   evil1 e1 -- acc2 | mag1 |-----------------| lma |-------------| cn |
#   (mn3 m3 --- acc3 +------+                 +-----+             +----+
#    at the end)     +------+ f2::2     f2::1    |
#   evil2 e2 -- acc1 | mag2 |--------------------'
#   mn2 m2 ---- acc2 |      |
#   mn3 m3 ---- acc3 +------+
#
#   2001:db8:...; LMAA a::1, Proxy-CoAs b1::1 (mag1), b2::1 (mag2) on lo;
#   mn1/mn2/mn3 MACs 02:00:00:00:0N:01, HNPs 2001:db8:1:N::/64; evil1,
#   evil2 02:00:00:00:0e:0N until they take mn1's
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 mn2 mn3 evil1 evil2 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
N1=mn1@example.com
N2=mn2@example.com
N3=mn3@example.com
MAC1=02:00:00:00:01:01
MAC2=02:00:00:00:02:01
MAC3=02:00:00:00:03:01
EMAC1=02:00:00:00:0e:01
EMAC2=02:00:00:00:0e:02

MHINJECT=$TMP/mhinject
cc -std=c11 -D_GNU_SOURCE -Wall -O2 -o "$MHINJECT" selftests/netns/mhinject.c \
	user/mh/mh_msg.c user/mh/mh_opt.c user/mh/mh_ts.c user/mh/mh_checksum.c \
	user/mh/mh_pcap.c user/mh/mh_strerror.c

# The LMA's Proxy-CoA for an NAI ("none"), a MAG's state and access link
# for one, a daemon's counter, its PBA status histogram.
lma_coa() { py lma "[b['proxy_coa'] for b in d if b['mn'] == '$1' and b['state'] == 'registered'] or ['none']" daemon bindings | tr -d "[]'"; }
lma_seq() { py lma "[b['sequence'] for b in d if b['mn'] == '$1'][0]" daemon bindings; }
mag_state() { py "$1" "[m['state'] for m in d if m['mn'] == '$2'] or ['none']" daemon bindings | tr -d "[]'"; }
mag_dev() { py "$1" "[m['dev'] for m in d if m['mn'] == '$2'] or ['none']" daemon bindings | tr -d "[]'"; }
counter() { py "$1" "d['$2']" daemon stats; }
pba_stat() { py "$1" "d['pba_status'].get('$2', 0)" daemon stats; }
bul_tx_of() { py "$1" "[b['counters']['packets_tx'] for b in d if b['mn_id'] == '$2'][0]" bul; }
has_bul() { [ "$(py "$1" "len([b for b in d if b['mn_id'] == '$2'])" bul)" = 1 ]; }
# upn MAG ARGS...: an Update Notification from the LMA's address to MAG
# (mhinject in the LMA's namespace), its UPA printed.
upn() { nsq lma "$MHINJECT" $LMAA "$1" upn "${@:2}" || true; }
# mute NS IF / unmute: everything NS sends on IF is dropped (a pfifo that
# holds nothing): the MN is still linked, but no longer answers.
mute() { nsq "$1" tc qdisc replace dev "$2" root pfifo limit 0; }
unmute() { nsq "$1" tc qdisc del dev "$2" root; }
# spoof NS IF: NS's host takes mn1's MAC and says so (an RS and a ping to
# all nodes, from that MAC).
spoof() {
	nsq "$1" ip link set "$2" address $MAC1
	rs "$1" "$2" $MAC1
	nsq "$1" ping -6 -c 1 -W 1 "ff02::1%$2" >/dev/null 2>&1 || true
}
# coa_stays NAI COA SECONDS: the LMA never shows another Proxy-CoA for NAI
# during SECONDS (polled).
coa_stays() {
	local end=$((SECONDS + $3)) c
	while [ $SECONDS -lt $end ]; do
		c=$(lma_coa "$1")
		[ "$c" = "$2" ] || { echo "# $1's binding moved to $c"; return 1; }
		sleep 0.3
	done
}

echo "# topology"
domain_up
for n in mn1 mn2 mn3; do nsq $n sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0; done
domain_mn_link mn1 m1 $MAC1 mag1 acc1
domain_mn_link evil1 e1 $EMAC1 mag1 acc2
domain_mn_link evil2 e2 $EMAC2 mag2 acc1
domain_mn_link mn2 m2 $MAC2 mag2 acc2
domain_mn_link mn3 m3 $MAC3 mag2 acc3

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
lifetime 60
timestamp-window 10000			# a loaded TCG VM is slow
min-delay-before-bce-delete 3000
max-delay-before-new-bce-assign 3000
mn $N1 prefix $P:1:1::/64
mn $N2 prefix $P:1:2::/64
mn $N3 prefix $P:1:3::/64
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $P:b$i::1
lma $LMAA
lifetime 60
access acc1
access acc2
access acc3
ra-interval 2
nud-probes 3
nud-interval 200
$([ $i = 1 ] && echo "hold-down 60		# step 3: longer than the test's own pace")
mn $N1 ll-id $MAC1
mn $N2 ll-id $MAC2
mn $N3 ll-id $MAC3
EOF
done
start_pmipd lma
start_pmipd mag1
start_pmipd mag2

echo "# 1. attachment without a Router Solicitation"
# mn2: no RS at all, DAD on: its first frames are an MLD report and the
# DAD Neighbor Solicitation of its link-local address.
nsq mn2 sysctl -qw net.ipv6.conf.m2.router_solicitations=0
nsq mn2 sysctl -qw net.ipv6.conf.m2.accept_dad=1
nsexec mn2 ip link set m2 up
wait_for 20 is "$COA2" lma_coa $N2
grep "$N2 attached on ifindex" "$TMP/mag2.log"
not grep "$N2 attached on ifindex .* (Router Solicitation)" "$TMP/mag2.log"
# The prefix comes in mag2's unsolicited RAs.
wait_for 20 has_addr mn2 m2
[[ $(mn_addr mn2 m2) == $P:1:2:* ]]
# mn3: IPv6 off, so its first frame is an ARP request.
nsq mn3 sysctl -qw net.ipv6.conf.m3.disable_ipv6=1
nsexec mn3 ip link set m3 up
nsq mn3 ip addr add 192.0.2.3/24 dev m3
nsq mn3 ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1 || true
wait_for 20 is "$COA2" lma_coa $N3
grep -q "$N3 attached on ifindex .* (a frame)" "$TMP/mag2.log"
[ "$(counter mag2 rs_rx)" = 0 ]
nsq mn3 sysctl -qw net.ipv6.conf.m3.router_solicitations=0
nsq mn3 sysctl -qw net.ipv6.conf.m3.disable_ipv6=0
wait_for 20 has_addr mn3 m3
MN3=$(mn_addr mn3 m3)
[[ $MN3 == $P:1:3:* ]]

echo "# mn1 attaches at mag1 (RS)"
nsexec mn1 ip link set m1 up
rs mn1 m1 $MAC1
wait_for 20 is "$COA1" lma_coa $N1
wait_for 20 has_addr mn1 m1
MN1=$(mn_addr mn1 m1)
nsexec mn1 ping -6 -c 2 -i 0.3 -W 3 $CN
[ "$(mag_dev mag1 $N1)" = acc1 ]

echo "# 2. RS with mn1's MAC in its SLLAO, sent from another MAC: dropped"
nsexec evil1 ip link set e1 up
nsexec evil2 ip link set e2 up
rs evil1 e1 $MAC1
rs evil2 e2 $MAC1
wait_for 10 atleast 1 counter mag1 l2_sllao_mismatch
wait_for 10 atleast 1 counter mag2 l2_sllao_mismatch
coa_stays $N1 "$COA1" 3
[ "$(mag_dev mag1 $N1)" = acc1 ]
[ "$(mag_state mag2 $N1)" = none ]
grep -q "Router Solicitation on access link acc2 from $EMAC1 claims link-layer address $MAC1" "$TMP/mag1.log"
grep -q "Router Solicitation on access link acc1 from $EMAC2 claims link-layer address $MAC1" "$TMP/mag2.log"

echo "# 3. evil1 sends from mn1's MAC on mag1's other link: mn1 answers on its own, stays"
spoof evil1 e1
wait_for 10 atleast 1 counter mag1 claims_refused
# Held down (hold-down 60): more of the same changes nothing, and costs
# no new check.
probes=$(counter mag1 nud_probes)
spoof evil1 e1
coa_stays $N1 "$COA1" 2
[ "$(counter mag1 nud_probes)" = "$probes" ]
[ "$(counter mag1 claims_refused)" = 1 ]
[ "$(mag_dev mag1 $N1)" = acc1 ]
[ "$(counter mag1 nud_gone)" = 0 ]
grep -q "$N1: frames from its address on access link acc2, but it is still on acc1: not moved" "$TMP/mag1.log"
nsq evil1 ip link set e1 down

echo "# 4. evil2 sends from mn1's MAC on mag2's link: the LMA asks mag1 first, and refuses"
tx0=$(bul_tx_of mag1 $N1)
spoof evil2 e2
# The CN keeps reaching mn1 through mag1 while mag2 tries.
nsq cn ping -6 -c 10 -i 0.3 -W 2 "$MN1" >/dev/null &
ping_pid=$!
coa_stays $N1 "$COA1" 4
wait "$ping_pid"
wait_for 10 atleast 1 counter lma handoff_refused
wait_for 10 atleast 1 pba_stat mag2 129
[ "$(counter lma handoff_held)" -ge 1 ]
[ "$(counter lma handoff_done)" = 0 ]
[ "$(counter lma handoff_unverified)" = 0 ]
[ "$(lma_coa $N1)" = "$COA1" ]
[ "$(mag_state mag2 $N1)" = none ]
not has_bul mag2 $N1
[ "$(bul_tx_of mag1 $N1)" -ge $((tx0 + 10)) ]
[ "$(counter mag1 upa_tx)" -ge 1 ] && [ "$(counter mag1 nud_present)" -ge 2 ]
grep -q "$N1 bid 1: $COA1 found the MN still attached and re-registered it: PBU from $COA2 refused" "$TMP/lma.log"
grep -q "FORCE-REREGISTRATION seq [0-9]* from $LMAA for $N1: checking that it is still attached (UPA 0)" "$TMP/mag1.log"
# mag2 saw the UPN's A flag, the held PBU's 129, nothing else (tshark).
[ "$(mh_count lma "pmip6.upn.reason == 1 && pmip6.upn.a == 1 && ipv6.dst == $COA1")" -ge 1 ]
[ "$(mh_count lma "pmip6.upa.status == 0 && ipv6.src == $COA1")" -ge 1 ]
[ "$(mh_count mag2 "mip6.ba.status == 129")" -ge 1 ]
nsexec mn1 ping -6 -c 2 -i 0.3 -W 3 $CN

echo "# 5. UPN at the MAG (RFC 7077 6.1, 6.2): mag2, mn2"
seq0=$(lma_seq $N2)
pbu0=$(counter mag2 pbu_tx)
[ "$(upn $COA2 1 seq 30001 mn-id $N2)" = "UPA status 0 seq 30001" ]
# Present: a fresh PBU (re-registration) follows.
wait_for 10 atleast $((pbu0 + 1)) counter mag2 pbu_tx
wait_for 10 not is "$seq0" lma_seq $N2
[ "$(lma_coa $N2)" = "$COA2" ]
grep -q "$N2: still on access link acc2: re-registering (FORCE-REREGISTRATION)" "$TMP/mag2.log"
# Its retransmission (D) while nothing is under way is a new request,
# answered the same; without A, the check runs but no UPA comes.
[ "$(upn $COA2 1 seq 30001 mn-id $N2 flags ad)" = "UPA status 0 seq 30001" ]
[ "$(upn $COA2 1 seq 30002 mn-id $N2 flags none)" = "no answer" ]
[ "$(upn $COA2 1 seq 30003 mn-id nobody@example.com)" = "UPA status 132 seq 30003" ]
[ "$(upn $COA2 1 seq 30004)" = "UPA status 131 seq 30004" ]
[ "$(upn $COA2 2 seq 30005 mn-id $N2)" = "UPA status 128 seq 30005" ]
[ "$(upn $COA2 3 seq 30006 mn-id $N2)" = "UPA status 129 seq 30006" ]
[ "$(upn $COA2 4 seq 30007 mn-id $N2)" = "UPA status 131 seq 30007" ]
[ "$(upn $COA2 200 seq 30008 mn-id $N2)" = "UPA status 131 seq 30008" ]
[ "$(upn $COA2 200 seq 30009 mn-id $N2 flags none)" = "no answer" ]
# The layout pmipd used before (8-bit reason, A in octet 9): reason 1 and
# A there read as reason 0x0180, no A: no UPA, no check, no PBU.
nud0=$(counter mag2 nud_probes)
# seq 30011, octets 8-11 01 80 00 00, MN-ID mn2@example.com, PadN.
out=$(nsq lma "$MHINJECT" $LMAA $COA2 raw \
	3b0313000000753b018000000810016d6e32406578616d706c652e636f6d0100 wait 2 || true)
[ "$out" = "no answer" ]
grep -q "Update Notification seq 30011 reason 384 from $LMAA: not supported, dropped" "$TMP/mag2.log"
[ "$(counter mag2 nud_probes)" = "$nud0" ]
[ "$(counter mag2 upa_tx)" -ge 8 ]
# Gone: mn2 no longer answers on its link; the MAG de-registers it.
mute mn2 m2
[ "$(upn $COA2 1 seq 30010 mn-id $N2)" = "UPA status 0 seq 30010" ]
wait_for 10 is none mag_state mag2 $N2
wait_for 10 is none lma_coa $N2
grep -q "$N2: no answer on access link acc2 to 3 probes: gone" "$TMP/mag2.log"
unmute mn2 m2

echo "# 6. mn1 silent on its link: evil2's claim is a handoff after all"
mute mn1 m1
gone0=$(counter mag1 nud_gone)
# mag2 holds evil2's claim down for a while after the refusal: it retries.
claim() { spoof evil2 e2; wait_for 1 is "$COA2" lma_coa $N1; }
wait_for 30 claim
[ "$(counter mag1 nud_gone)" -gt "$gone0" ]
[ "$(counter lma handoff_done)" -ge 1 ]
[ "$(mag_state mag1 $N1)" = none ]
grep -q "$N1 bid 1: $COA1 de-registered it: handoff to $COA2" "$TMP/lma.log"
# Back to mn1: the operator takes it off mag2, mn1 speaks again on mag1.
nsexec mag2 "$PMIPCTL" daemon detach $N1
unmute mn1 m1
wait_for 20 is none lma_coa $N1
rs mn1 m1 $MAC1
wait_for 20 is "$COA1" lma_coa $N1

echo "# 7. a real handover: mn3's link to mag2 deleted, a new one to mag1"
nsexec mag2 ip link del acc3
wait_for 10 is none mag_state mag2 $N3
grep -q "access link acc3 (ifindex [0-9]*) was deleted or left the namespace" "$TMP/mag2.log"
domain_mn_link mn3 m3 $MAC3 mag1 acc3
nsq mn3 sysctl -qw net.ipv6.conf.m3.router_solicitations=0
t0=$SECONDS
nsexec mn3 ip link set m3 up
wait_for 20 is "$COA1" lma_coa $N3
echo "# mn3 registered at mag1 $((SECONDS - t0)) s after its new link came up"
wait_for 20 has_addr mn3 m3
[ "$(mn_addr mn3 m3)" = "$MN3" ]
nsexec mn3 ping -6 -c 2 -i 0.3 -W 3 $CN

echo "# 8. a dead old MAG: the held PBU goes ahead after max-delay-before-new-bce-assign"
kill -STOP "$pid_mag1"
# evil2's RS ends the hold-down the operator's detach left on its link.
rs evil2 e2 $MAC1
wait_for 20 is "$COA2" lma_coa $N1
kill -CONT "$pid_mag1"
[ "$(counter lma handoff_unverified)" = 1 ]
grep -q "$N1 bid 1: no answer to FORCE-REREGISTRATION from $COA1 within 3000 ms: the handoff goes ahead unverified" "$TMP/lma.log"
# The UPN was retransmitted once, with D (RFC 7077 5.2).
[ "$(mh_count lma "pmip6.upn.reason == 1 && pmip6.upn.d == 1 && ipv6.dst == $COA1")" -ge 1 ]

echo "# the daemons stop cleanly; no sanitizer report; the captures decode"
stop_pmipd mag1
stop_pmipd mag2
stop_pmipd lma
no_sanitizer_report
mh_clean lma
mh_clean mag1
# mag2's capture holds the unknown reasons injected above (pmip6.unknown).
[ "$(mh_count mag2 "_ws.malformed || pmip6.malformed || pmip6.bug || (_ws.expert.severity >= warning && !pmip6.upn)")" = 0 ]
echo "# ok"
