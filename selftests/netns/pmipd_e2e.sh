#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipd end to end (RFC 5213 core): real LMA and MAG daemons, an MN that
# attaches with a Router Solicitation, gets its prefix by RA, talks to the
# CN through the LMA, hands over from mag1 to mag2 keeping its address and
# its TCP stream, de-registers, lets its binding expire, survives an LMA
# restart; then every PBU rejection reason, garbage on the MH socket, and
# tshark over every message the daemons exchanged.
#
#                acc1 (moves to mag2 at the handover)
#   +-----+ m1   |     +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#   | mn1 |------------| mag1 |-----------------| lma |-------------| cn |
#   +-----+            +------+                 +-----+             +----+
#                      +------+ f2::2     f2::1    |
#                      | mag2 |--------------------'
#                      +------+
#
#   2001:db8:...; LMAA a::1, Proxy-CoAs b1::1 (mag1), b2::1 (mag2) on lo;
#   mn1: MAC 02:00:00:00:01:01, HNP 2001:db8:1:1::/64 from the LMA's profile
#   the CN doubles as a "MAG" injecting hand-made PBUs (from c::2, one of
#   the LMA's MAGs, and from c::3, a peer the LMA does not know as a MAG)
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
MAC=02:00:00:00:01:01

MHINJECT=$(mhinject_build "$TMP")

# jget NS EXPR ARGS...: py (domain.sh) over pmipctl -j daemon ARGS.
jget() { py "$1" "$2" daemon "${@:3}"; }
lma_coa() { jget lma "[b['proxy_coa'] for b in d if b['mn']=='mn1@example.com'] or ['none']" bindings | tr -d "[]'" ; }
lma_nbind() { jget lma "len(d)" bindings; }
mag_state() { jget "$1" "[m['state'] for m in d if m['mn']=='mn1@example.com'] or ['none']" bindings | tr -d "[]'"; }
kernel_bces() { py lma "len(d)" bce; }
mn_addr() { nsq mn1 ip -6 -o addr show dev m1 scope global | awk '{print $4}' | cut -d/ -f1 | head -1; }
has_mn_addr() { [ -n "$(mn_addr)" ]; }

echo "# topology"
domain_up
nsq mn1 sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0
# The MN's side stays down until mag1's pmipd listens for its RS.
domain_mn_link mn1 m1 $MAC mag1 acc1

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
lifetime 12
timestamp-window 10000			# a loaded TCG VM is slow
min-delay-before-bce-delete 3000
max-delay-before-new-bce-assign 3000
mag $COA1				# the MAGs that may register an MN whose
mag $COA2				# profile names none (RFC 5213 5.3.1); the
mag $CN					# CN poses as one below
mn mn1@example.com prefix $HNP1/64
mn mn2@example.com prefix $P:1:2::/64 mag $COA1	# only mag1 may register it
mn mn6@example.com prefix $P:1:6::/64 mag any	# every peer may
mn mn3@example.com prefix $P:1:3::/64 prefix $P:1:4::/64
prefix-pool $P:100::/48
mn mn4@example.com			# prefixes from the pool
mn mn5@example.com
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $P:b$i::1
lma $LMAA
lifetime 12
access acc1
ra-interval 3
mn mn1@example.com ll-id $MAC
mn mn9@example.com ll-id 02:00:00:00:09:09 lma $P:a::99	# an LMA that never answers
mn mn8@example.com ll-id 02:00:00:00:08:08 lma $CN	# the CN plays a slow LMA
EOF
done

echo "# configuration errors name the file, the line and the token"
printf 'role lma\nlocal %s\naccess acc1\n' $LMAA >"$TMP/bad.conf"
out=$(nsq lma "$PMIPD" -c "$TMP/bad.conf" -n 2>&1) && false
echo "$out"
grep -q "bad.conf:3: 'access' is a MAG setting" <<<"$out"
printf 'role lma\nlocal %s\nmn x prefix 2001:db8::1/64\n' $LMAA >"$TMP/bad.conf"
not nsq lma "$PMIPD" -c "$TMP/bad.conf" -n 2>"$TMP/err"
grep -q "bad.conf:3: invalid prefix '2001:db8::1/64'" "$TMP/err"
# RFC 5213 5.3.1: which MAGs may register an MN is said in the file; a
# profile without MAGs and no 'mag' line used to let every peer in.
printf 'role lma\nlocal %s\nmn x mag %s\nmn y prefix %s/64\n' $LMAA $COA1 $HNP1 >"$TMP/bad.conf"
not nsq lma "$PMIPD" -c "$TMP/bad.conf" -n 2>"$TMP/err"
cat "$TMP/err"
grep -q "bad.conf:4: no MAG may register mobile node 'y': add this LMA's MAGs ('mag ADDR'), the MN's ('mn ... mag ADDR') or 'mag any'" "$TMP/err"
printf 'role lma\nlocal %s\nmag any\nmag %s\n' $LMAA $COA1 >"$TMP/bad.conf"
not nsq lma "$PMIPD" -c "$TMP/bad.conf" -n 2>"$TMP/err"
grep -q "bad.conf:4: MAG address '$COA1' with 'mag any' (first 'mag' on line 3)" "$TMP/err"
nsq lma "$PMIPD" -c "$TMP/lma.conf" -n

echo "# daemons up; the MN's link comes up and solicits"
start_pmipd lma
start_pmipd mag1
start_pmipd mag2

echo "# a registration nobody answers: retransmitted with back-off, shown as pending"
nsexec mag1 "$PMIPCTL" daemon attach mn9@example.com dev acc1
sent() { jget mag1 "[m['transmissions'] for m in d if m['mn']=='mn9@example.com'][0]" pending; }
wait_for 10 atleast 3 sent
ctl mag1 daemon pending
# 1 s, then 2 s, then 4 s: the interval doubles with each transmission.
[ "$(jget mag1 "[m['retransmit_interval_ms'] == 1000 * 2 ** (m['transmissions'] - 1)
	for m in d][0]" pending)" = True ]
[ "$(jget mag1 "d['pbu_retx']" stats)" -ge 2 ]
nsexec mag1 "$PMIPCTL" daemon detach mn9@example.com
[ "$(jget mag1 "len(d)" pending)" = 0 ]

echo "# a slow LMA: its PBA to the first PBU comes after the second, and completes the registration"
# RFC 6275 6.1.8: the PBA matches "an outstanding" PBU. The CN, as
# mn8's LMA, waits for the retransmission before it accepts the first
# PBU. Taking only the newest PBU's PBA, the MAG dropped such answers
# one after the other while the LMA kept the binding (bench/chaos.sh).
nsq cn "$MHINJECT" $CN $COA1 answer 2 1 hnp $P:8:8::/64 >"$TMP/slow.out" &
slow_pid=$!
sleep 1		# its socket bound before the first PBU
nsexec mag1 "$PMIPCTL" daemon attach mn8@example.com dev acc1
wait $slow_pid
cat "$TMP/slow.out"
grep -q "answered PBU 1 of 2" "$TMP/slow.out"
mn8() { jget mag1 "[m['$1'] for m in d if m['mn']=='mn8@example.com'] or ['none']" bindings | tr -d "[]'"; }
wait_for 10 is bound mn8 state
[ "$(jget mag1 "len(d)" pending)" = 0 ]
nsexec mag1 "$PMIPCTL" daemon detach mn8@example.com
nsexec mn1 ip link set m1 up
wait_for 30 has_mn_addr
MN=$(mn_addr)
echo "# mn1 configured $MN from the RA"
[[ $MN == $P:1:1:* ]]
wait_for 10 is bound mag_state mag1
ctl mag1 daemon bindings
ctl lma daemon bindings
[ "$(lma_coa)" = "$COA1" ]
[ "$(kernel_bces)" = 1 ]
# The RA carried exactly the MN's prefix: one global address, from HNP1.
[ "$(nsq mn1 ip -6 -o addr show dev m1 scope global | wc -l)" = 1 ]

echo "# MN <-> CN through the LMA"
nsexec mn1 ping -6 -c 3 -i 0.3 -W 3 $CN
rx=$(nsq lma "$PMIPCTL" -j bce | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['counters']['packets_rx'])")
[ "$rx" -ge 3 ]

echo "# a TCP stream CN <- MN survives the handover mag1 -> mag2"
ip netns exec cn python3 selftests/netns/tcp.py recv 7000 "$TMP/tcp.recv" &
pids+=($!)
wait_for 10 test -s "$TMP/tcp.recv"
ip netns exec mn1 python3 selftests/netns/tcp.py send $CN 7000 50000 "$TMP/tcp.stop" &
tcp_pid=$!
pids+=($tcp_pid)
got() { awk '{print $1}' "$TMP/tcp.recv"; }
wait_for 20 atleast 50000 got
# The access link moves: same MN interface, same MAC, now ending at mag2,
# and the MN solicits on its new link as its L2 attach would make it.
# A capture on the LMA's link to mag2 times the handover: from the move
# to the LMA's PBA to mag2, and to the first packet tunnelled to mag2.
cap_start lma lf2 "$TMP/handover.cap" "ip6 dst $COA2 and (ip6 proto 135 or ip6 proto 41)"
t_move=$(date +%s.%N)
nsexec mag1 ip link set acc1 netns mag2
nsexec mag2 ip link set acc1 up
rs mn1 m1 $MAC
wait_for 40 is bound mag_state mag2
wait_for 10 is "$COA2" lma_coa
cap_wait "$TMP/handover.cap" 1 "ip6 proto 41"
cap_stop "$TMP/handover.cap"
first_at() { tcpdump -r "$TMP/handover.cap" -n -tt "$1" 2>/dev/null | awk 'NR == 1 {print $1}'; }
ms_after_move() { python3 -c "import sys; print(round((float(sys.argv[1]) - float(sys.argv[2])) * 1000))" "$1" "$t_move"; }
echo "# handover: PBA to mag2 $(ms_after_move "$(first_at "ip6 proto 135")") ms after the link moved, first packet tunnelled to mag2 after $(ms_after_move "$(first_at "ip6 proto 41")") ms"
ctl lma daemon bindings
# mag1 notices its access link is gone and de-registers, late: that
# must not undo the handoff.
wait_for 20 is none mag_state mag1
sleep 4		# longer than min-delay-before-bce-delete
[ "$(lma_coa)" = "$COA2" ]
[ "$(mn_addr)" = "$MN" ]
before=$(got)
wait_for 30 atleast $((before + 100000)) got
touch "$TMP/tcp.stop"
wait "$tcp_pid"
eof() { grep -q eof "$TMP/tcp.recv"; }
wait_for 20 eof
echo "# sent: $(cat "$TMP/tcp.stop.sent"); received: $(cat "$TMP/tcp.recv")"
[ "$(cat "$TMP/tcp.stop.sent")" = "$(cut -d' ' -f1,2 "$TMP/tcp.recv")" ]

echo "# de-registration: the BCE goes after MinDelayBeforeBCEDelete"
nsexec mag2 "$PMIPCTL" daemon detach mn1@example.com
[ "$(mag_state mag2)" = none ]
wait_for 20 is 0 lma_nbind
[ "$(kernel_bces)" = 0 ]

echo "# lifetime expiry without refresh"
nsexec mag2 "$PMIPCTL" daemon attach mn1@example.com dev acc1
wait_for 20 is bound mag_state mag2
wait_for 10 is "$COA2" lma_coa
expired0=$(jget lma "d['expired']" stats)
kill -STOP "$pid_mag2"
wait_for 40 is 0 lma_nbind
[ "$(kernel_bces)" = 0 ]
[ "$(jget lma "d['expired']" stats)" -eq $((expired0 + 1)) ]
kill -CONT "$pid_mag2"
# Its refresh, late, is a new registration for the LMA.
wait_for 30 is "$COA2" lma_coa

echo "# LMA restart: the MAG's refresh registers the MN again"
stop_pmipd lma
[ "$(kernel_bces)" = 0 ]
start_pmipd lma
wait_for 30 is "$COA2" lma_coa
nsexec mn1 ping -6 -c 2 -i 0.3 -W 3 $CN

echo "# mag2's clock 10 s behind: the LMA's PBA 156 carries its time, mag2 follows it (RFC 5213 5.5)"
nsexec mag2 "$PMIPCTL" daemon detach mn1@example.com
wait_for 20 is none lma_coa
stop_pmipd mag2
ts156=$(jget lma "d['pba_status'].get('156', 0)" stats)
PMIPD_WRAP="env LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME=-10s
	FAKETIME_DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0" \
	start_pmipd mag2
nsexec mag2 "$PMIPCTL" daemon attach mn1@example.com dev acc1
wait_for 20 is bound mag_state mag2
wait_for 10 is "$COA2" lma_coa
# One rejection, one fresh PBU with the LMA's clock, then no more: the
# refresh (80% of the lifetime) keeps the offset.
[ "$(jget lma "d['pba_status'].get('156', 0)" stats)" = $((ts156 + 1)) ]
[ "$(jget mag2 "d['ts_resyncs']" stats)" = 1 ]
grep -Eq "timestamp out of its window; registering again \(clock offset \+(9\.9|10\.0)" "$TMP/mag2.log"
pba0=$(jget mag2 "d['pba_rx']" stats)
wait_for 30 atleast $((pba0 + 1)) jget mag2 "d['pba_rx']" stats
[ "$(jget lma "d['pba_status'].get('156', 0)" stats)" = $((ts156 + 1)) ]
[ "$(mag_state mag2)" = bound ]
# Back to the true clock for the rest.
nsexec mag2 "$PMIPCTL" daemon detach mn1@example.com
wait_for 20 is none lma_coa
stop_pmipd mag2
start_pmipd mag2
nsexec mag2 "$PMIPCTL" daemon attach mn1@example.com dev acc1
wait_for 20 is bound mag_state mag2
wait_for 10 is "$COA2" lma_coa

echo "# every PBU rejection reason gets its PBA status, state unchanged"
nbind=$(lma_nbind)
inject() { # inject EXPECTED-STATUS mhinject-args... (from FROM, default the CN)
	local out
	out=$(nsq cn "$MHINJECT" "${FROM:-$CN}" $LMAA pbu "${@:2}") || true
	echo "# PBU from ${FROM:-$CN} ${*:2} -> $out"
	[ "$(awk '{print $3}' <<<"$out")" = "$1" ] || { echo "# expected status $1"; return 1; }
}
inject 152 mn-id mn3@example.com no-p
inject 160 no-mn-id
inject 153 mn-id nobody@example.com
inject 154 mn-id mn2@example.com
# RFC 5213 5.3.1: a peer that is not one of the LMA's MAGs (c::3) cannot
# register an MN whose profile names no MAG (the LMA's MAGs then), nor
# one whose profile names others, nor take over a bound MN.
nsq cn ip addr add $P:c::3/64 dev c0
FROM=$P:c::3 inject 154 mn-id mn3@example.com hnp $P:1:3::/64
FROM=$P:c::3 inject 154 mn-id mn1@example.com ll-id $(tr -d : <<<$MAC) hnp $HNP1/64
FROM=$P:c::3 inject 154 mn-id mn2@example.com
[ "$(lma_coa)" = "$COA2" ]
inject 156 mn-id mn3@example.com timestamp far
inject 158 mn-id mn3@example.com hnp none
inject 161 mn-id mn3@example.com hi none
inject 162 mn-id mn3@example.com att none
inject 155 mn-id mn3@example.com hnp $HNP1/64
[ "$(lma_nbind)" = "$nbind" ]
[ "$(kernel_bces)" = "$nbind" ]
# Accepted, then the rules that need an existing binding.
inject 0 mn-id mn3@example.com ll-id 0a0b0c0d0e0f hnp $P:1:3::/64
# 5 s before now: inside the window, older than the one just accepted.
inject 157 mn-id mn3@example.com ll-id 0a0b0c0d0e0f hnp $P:1:3::/64 timestamp past
inject 159 mn-id mn3@example.com ll-id 0a0b0c0d0e0f hnp $P:1:3::/64 hnp $P:1:4::/64
inject 0 mn-id mn3@example.com ll-id 0a0b0c0d0e0f hnp $P:1:3::/64 timestamp none seq 100
inject 135 mn-id mn3@example.com ll-id 0a0b0c0d0e0f hnp $P:1:3::/64 timestamp none seq 100
inject 135 mn-id mn3@example.com ll-id 0a0b0c0d0e0f hnp $P:1:3::/64 timestamp none seq 60000
[ "$(lma_nbind)" = $((nbind + 1)) ]
inject 0 mn-id mn3@example.com ll-id 0a0b0c0d0e0f hnp $P:1:3::/64 timestamp none seq 101 lifetime 0
# 'mag any' in a profile: every peer may register that MN, c::3 too.
FROM=$P:c::3 inject 0 mn-id mn6@example.com ll-id 06 hnp $P:1:6::/64
[ "$(jget lma "[b['proxy_coa'] for b in d if b['mn'] == 'mn6@example.com']" bindings)" = "['$P:c::3']" ]

echo "# MNs without prefixes in their profile get /64s from the pool"
pool() { nsq cn "$MHINJECT" $CN $LMAA pbu mn-id "$1" ll-id "$2" "${@:3}" | grep -o 'hnp [^ ]*'; }
[ "$(pool mn4@example.com 04)" = "hnp $P:100::/64" ]
[ "$(pool mn5@example.com 05)" = "hnp $P:100:1::/64" ]
# A prefix of the pool that another MN holds is not for the asking.
inject 155 mn-id mn4@example.com ll-id 44 hnp $P:100:1::/64
# De-registered, mn4's prefix goes back to the pool after the delay.
inject 0 mn-id mn4@example.com ll-id 04 hnp $P:100::/64 lifetime 0
sleep 4
# Another interface of mn5 (HI 1: with HI 4, "handoff state unknown", the
# LMA would hold it for a de-registration of mn5's session, RFC 5213
# 5.4.1.2 rule 4).
[ "$(pool mn5@example.com 55 hi 1)" = "hnp $P:100::/64" ]

echo "# garbage on the MH socket neither crashes the LMA nor changes state"
malformed0=$(jget lma "d['mh_rx_malformed']" stats)
# A BU whose HNP option runs past the message (the kernel's MH checks pass).
nsq cn "$MHINJECT" $CN $LMAA raw 3b010500000000018200000a16120000 || true
nsq cn python3 - $LMAA <<'EOF'
import os, socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 135)
for n in range(200):
    try:
        s.sendto(os.urandom(8 + 8 * (n % 6)), (sys.argv[1], 0))
    except OSError:
        pass
EOF
wait_for 10 atleast $((malformed0 + 1)) jget lma "d['mh_rx_malformed']" stats
ctl lma daemon show
[ "$(lma_coa)" = "$COA2" ]
kill -0 "$pid_lma"

echo "# the LMA revokes the binding (RFC 5846): the MAG drops it and answers"
# (Only mn1's: the pool test's bindings expire on their own meanwhile.)
mn1_bces() { py lma "len([b for b in d if b['mn_id'] == 'mn1@example.com'])" bce; }
[ "$(mn1_bces)" = 1 ]
nsexec lma "$PMIPCTL" daemon revoke mn1@example.com
wait_for 10 is none mag_state mag2
[ "$(mn1_bces)" = 0 ]
bra() { grep -q "BRA from $COA2: status 0" "$TMP/lma.log"; }
wait_for 10 bra
not nsq lma "$PMIPCTL" daemon revoke mn1@example.com 2>"$TMP/err"
grep -q "no binding for mobile node 'mn1@example.com'" "$TMP/err"
nsexec mag2 "$PMIPCTL" daemon attach mn1@example.com dev acc1
wait_for 20 is "$COA2" lma_coa

echo "# HI 4 without MN-LL-ID: handoff or new attachment? (RFC 5213 5.4.1.2)"
held() { # held EXPECTED-STATUS: a PBU for mn1 from the CN posing as a MAG
	nsq cn "$MHINJECT" $CN $LMAA pbu mn-id mn1@example.com hi 4 wait 15 >"$TMP/held" || true
	echo "# held PBU -> $(cat "$TMP/held")"
	[ "$(awk '{print $3}' "$TMP/held")" = "$1" ]
}
# No de-registration from mag2 within MaxDelayBeforeNewBCEAssign: a new
# attachment, which needs a prefix mn1's profile no longer has.
held 130
[ "$(lma_coa)" = "$COA2" ]
# mag2 de-registers while the PBU is held: it was a handoff.
held 0 &
held_pid=$!
sleep 1
nsexec mag2 "$PMIPCTL" daemon detach mn1@example.com
wait "$held_pid"
[ "$(lma_coa)" = "$CN" ]
ctl lma daemon bindings

echo "# the daemons stop cleanly and take their kernel state with them"
stop_pmipd mag1
stop_pmipd mag2
stop_pmipd lma
[ "$(kernel_bces)" = 0 ]
[ "$(nsq mag2 "$PMIPCTL" -j bul | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 0 ]

echo "# $PMIPD: no sanitizer report in the daemons' logs"
no_sanitizer_report

echo "# tshark decodes every message the daemons exchanged, without complaint"
for ns in lma mag1 mag2; do
	n=$(tshark -r "$TMP/$ns.pcap" -Y mipv6 | wc -l)
	bad=$(tshark -r "$TMP/$ns.pcap" -Y "(_ws.malformed || _ws.expert.severity >= warning) && !(ipv6.src == $CN)" | wc -l)
	echo "# $ns.pcap: $n Mobility Header messages, $bad with complaints"
	[ "$n" -ge 4 ] && [ "$bad" = 0 ]
done
# mag2 sent PBUs (registration, refresh, de-registration), got PBAs.
[ "$(tshark -r "$TMP/mag2.pcap" -Y "mip6.mhtype == 5 && ipv6.src == $COA2" | wc -l)" -ge 3 ]
[ "$(tshark -r "$TMP/mag2.pcap" -Y "mip6.mhtype == 6 && ipv6.dst == $COA2" | wc -l)" -ge 3 ]
echo "# ok"
