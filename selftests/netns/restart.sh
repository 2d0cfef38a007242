#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Crash-safe state (Documentation/pmipd.md, "Restarts"): the module's
# state forwards the packets, pmipd's signals. A pmipd killed with SIGKILL
# under traffic and started again adopts the kernel's bindings (the same
# BIDs, their lifetimes still counting down) and the next refresh is
# accepted; not one datagram of an MN's UDP streams to and from the CN is
# lost. The same for the MAG, and for a clean stop with --keep-state. A
# binding the new configuration no longer allows is removed at start; a
# kernel refusal leaves pmipd's binding cache as it was (issue 16 items
# 1, 8); a clean stop leaves nothing behind; the instance's Restart
# Counter (RFC 5847) stays across an adoption and changes otherwise.
#
#   +-----+ m1  acc1 +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#   | mn1 |----------| mag1 |-----------------| lma |-------------| cn |
#   +-----+          +------+                 +-----+             +----+
#                    +------+ f2::2     f2::1    |
#                    | mag2 |--------------------'   (mag2: idle)
#                    +------+
#
#   2001:db8:...; LMAA a::1, Proxy-CoA b1::1 (mag1); mn1 HNP 1:1::/64;
#   the CN doubles as a hand-made "MAG" for the LMA's negative checks
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
MN=mn1@example.com
MAC=02:00:00:00:01:01

# step TEXT: a section, with the wall clock (to compare with udp.py's gaps).
step() { echo "# $(date +%s.%N | cut -c1-14) $*"; }

MHINJECT=$(mhinject_build "$TMP")

jget() { py "$1" "$2" daemon "${@:3}"; }
# The kernel's view: mn1's BCE (LMA) or BUL entry (MAG), as pmipctl -j has it.
bce() { py lma "[(b$1) for b in d if b['mn_id'] == '$MN'][0]" bce; }
bul() { py mag1 "[(b$1) for b in d if b['mn_id'] == '$MN'][0]" bul; }
nbce() { py lma "len(d)" bce; }
# pmipd's view: mn1's binding at the LMA, its BUL entry at mag1.
lma_b() { jget lma "[b['$1'] for b in d if b['mn'] == '$MN'][0]" bindings; }
mag_b() { jget mag1 "[b['$1'] for b in d if b['mn'] == '$MN'][0]" bindings; }
counter() { py "$1" "d['instance']['restart_counter']" instance; }
adopted() { grep -c "adopted $2 binding(s) from the kernel" "$TMP/$1.log" || true; }
# kill9 NS: SIGKILL, as the OOM killer or a crash would.
kill9() {
	local var=pid_$1
	pretty "$1" "kill -9 pmipd at $(date +%s.%N | cut -c1-14)"
	kill -9 "${!var}"
	wait "${!var}" 2>/dev/null || true
}
# Just refreshed (40 s lifetimes, refreshed at 80%): a kill now leaves the
# restarted daemons more than 30 s before the binding would end, whatever
# else runs on the emulated machine. pmipctl's text read by awk: the
# window is 6 s of every 32, and a python start per poll (seconds in a
# loaded emulated VM) missed it for 80 s, long enough for mn2's binding
# to expire before the LMA's kill that was to find it.
fresh() {
	ctl lma bce | awk -v mn=$MN '$1 == "mn:" { cur = $2 }
		cur == mn && $1 == "registration:" && $2 == "lifetime" { left = $5 }
		END { exit !(left > 34) }'
}
mn_addr() { nsq mn1 ip -6 -o addr show dev m1 scope global | awk '{print $4}' | cut -d/ -f1 | head -1; }
has_mn_addr() { [ -n "$(mn_addr)" ]; }
received() { cat "$TMP/$1"; }

step "topology"
domain_up
nsq mn1 sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0
domain_mn_link mn1 m1 $MAC mag1 acc1

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
mag $COA1			# the MAGs that may register MNs (RFC 5213 5.3.1);
mag $COA2
mag $CN				# the CN poses as one (mhinject)
lifetime 40
timestamp-window 10000			# a loaded TCG VM is slow
min-delay-before-bce-delete 2000
mn $MN prefix $P:1:1::/64
mn mn2@example.com prefix $P:1:2::/64 lifetime 600
mn mn3@example.com prefix $P:1:3::/64 prefix $P:1:4::/64 prefix $P:1:5::/64
flow-policy $TMP/flows
EOF
# A second interface of mn3 (ATT 5) takes 1:4::/64 over (RFC 7864 3.2.2).
echo "prefix mn3@example.com $P:1:4::/64 att 5" >"$TMP/flows"
# The same LMA without mn2: its binding must go at the next start.
grep -v mn2@ "$TMP/lma.conf" >"$TMP/lma-nomn2.conf"
cat >"$TMP/mag1.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $COA1
lma $LMAA
lifetime 40
access acc1
ra-interval 3
mn $MN ll-id $MAC
EOF

start_pmipd lma
start_pmipd mag1
nsexec mn1 ip link set m1 up
wait_for 30 has_mn_addr
MNA=$(mn_addr)
wait_for 10 is bound mag_b state
counter_lma=$(counter lma)
counter_mag=$(counter mag1)

step "UDP both ways, 50 datagrams/s each, for the whole test"
ip netns exec cn python3 "$UDP" recv 5001 "$TMP/cn.5001" &
pids+=($!)
ip netns exec mn1 python3 "$UDP" recv 5002 "$TMP/mn1.5002" &
pids+=($!)
wait_for 10 test -s "$TMP/cn.5001"
wait_for 10 test -s "$TMP/mn1.5002"
STOP=$TMP/stop.up ip netns exec mn1 python3 "$UDP" send $CN 5001 0 50 64 &
pids+=($!)
STOP=$TMP/stop.down ip netns exec cn python3 "$UDP" send "$MNA" 5002 0 50 64 &
pids+=($!)
wait_for 10 atleast 20 received cn.5001
wait_for 10 atleast 20 received mn1.5002

step "mn2 registered by a hand-made PBU; the configuration of the next LMA start drops it"
out=$(nsq cn "$MHINJECT" $CN $LMAA pbu mn-id mn2@example.com ll-id 22 hnp $P:1:2::/64 lifetime 600)
step "$out"
[ "$(awk '{print $3}' <<<"$out")" = 0 ]
[ "$(nbce)" = 2 ]

step "the LMA's pmipd is killed (SIGKILL) under traffic and starts again"
# One query right after a refresh, then at once the kill and the start:
# each python start costs seconds in a loaded emulated VM.
wait_for 30 fresh
read -r bid left0 seq0 < <(bce "['bid'], b['registration']['remaining_ms'], b['registration']['sequence']" |
	tr -d '(),')
kill9 lma
cp "$TMP/lma.conf" "$TMP/lma-full.conf"
cp "$TMP/lma-nomn2.conf" "$TMP/lma.conf"
PMIPD_WRAP="env PMIPD_DEBUG=1" start_pmipd lma
step "lma started"
# (Nobody maintained the kernel's state meanwhile: it forwarded on, as the
# count of datagrams at the end shows.)
[ "$(adopted lma 1)" = 1 ]
grep -q "kernel BCE mn2@example.com bid 1 (MAG $CN) removed: no 'mn' profile names it" "$TMP/lma.log"
[ "$(nbce)" = 1 ]
# The same binding, its lifetime counting on from where it was, and its
# sequence number: as the new pmipd found them, before any refresh.
read -r left seq < <(sed -n "s/.*$MN bid $bid: adopted from the kernel (MAG $COA1, \([0-9]*\) ms left, sequence \([0-9]*\)).*/\1 \2/p" "$TMP/lma.log")
step "remaining lifetime: $left0 ms before the kill, $left ms at the adoption"
[ "$left" -lt "$left0" ]
[ "$seq" = "$seq0" ]
# Adopted state is no restart for the peers (RFC 5847 3.2).
[ "$(counter lma)" = "$counter_lma" ]
# The MAG's next refresh is accepted as a refresh: a newer sequence number.
wait_for 15 atleast 1 jget lma "d['pba_status'].get('0', 0)" stats
# Every PBA it sent accepted (read at once: a retransmission the MAG
# sent while the LMA was down may be answered meanwhile).
[ "$(jget lma "d['pba_tx'] == d['pba_status'].get('0', 0)" stats)" = True ]
[ "$(lma_b bid)" = "$bid" ]
[ "$(lma_b sequence)" != "$seq0" ]
[ "$(mag_b state)" = bound ]

step "mag1's pmipd is killed under traffic and starts again"
pba0=$(jget lma "d['pba_status'].get('0', 0)" stats)
wait_for 30 fresh
read -r left0 seq0 < <(bul "['registration']['remaining_ms'], b['registration']['sequence']" |
	tr -d '(),')
kill9 mag1
PMIPD_WRAP="env PMIPD_DEBUG=1" start_pmipd mag1
step "mag1 started"
[ "$(adopted mag1 1)" = 1 ]
[ "$(mag_b state)" = bound ]
[ "$(mag_b bid)" = "$bid" ]
read -r left seq < <(sed -n "s/.*$MN: adopted from the kernel (LMA $LMAA, \([0-9]*\) ms left, sequence \([0-9]*\)).*/\1 \2/p" "$TMP/mag1.log")
step "remaining lifetime: $left0 ms before the kill, $left ms at the adoption"
[ "$left" -lt "$left0" ]
[ "$seq" = "$seq0" ]
[ "$(counter mag1)" = "$counter_mag" ]
# Its refresh, when it was due, goes on from the sequence number it had.
wait_for 15 atleast 1 jget mag1 "d['pba_status'].get('0', 0)" stats
[ "$(jget mag1 "d['pba_rx']" stats)" = "$(jget mag1 "d['pba_status'].get('0', 0)" stats)" ]
[ "$(jget lma "d['pba_status'].get('0', 0)" stats)" -gt "$pba0" ]
[ "$(lma_b bid)" = "$bid" ]
[ "$(bul "['registration']['sequence']")" != "$seq0" ]
# RAs again: the MN keeps its one address.
ra0=$(jget mag1 "d['ra_tx']" stats)
wait_for 10 atleast $((ra0 + 1)) jget mag1 "d['ra_tx']" stats
[ "$(mn_addr)" = "$MNA" ]

step "a clean stop with --keep-state: both adopt, nothing de-registered"
a_lma=$(adopted lma 1)
a_mag=$(adopted mag1 1)
dereg0=$(grep -c "de-registration" "$TMP/lma.log" || true)
# Two kills and starts, then two clean stops and starts, checked after:
# the binding must outlive each pair with neither daemon refreshing it. A
# loaded VM takes 10 s and more per start, so the second pair waits for a
# refresh when less than 25 s of the binding are left.
wait_for 30 fresh
kill9 mag1
kill9 lma
PMIPD_ARGS=--keep-state start_pmipd lma
PMIPD_ARGS=--keep-state start_pmipd mag1
left=$(bce "['registration']['remaining_ms']")
step "$left ms of the binding left after the first pair of starts"
[ "$left" -gt 25000 ] || wait_for 40 fresh
stop_pmipd mag1
stop_pmipd lma
start_pmipd lma
start_pmipd mag1
[ "$(adopted lma 1)" = $((a_lma + 2)) ]
[ "$(adopted mag1 1)" = $((a_mag + 2)) ]
[ "$(grep -c "de-registration" "$TMP/lma.log" || true)" = "$dereg0" ]
[ "$(lma_b bid)" = "$bid" ]
[ "$(counter lma)" = "$counter_lma" ]
[ "$(counter mag1)" = "$counter_mag" ]

step "no datagram lost either way"
touch "$TMP/stop.up" "$TMP/stop.down"
wait_for 10 test -s "$TMP/stop.up.sent"
wait_for 10 test -s "$TMP/stop.down.sent"
up=$(cat "$TMP/stop.up.sent")
down=$(cat "$TMP/stop.down.sent")
wait_for 10 is "$up" received cn.5001 || true
wait_for 10 is "$down" received mn1.5002 || true
step "MN -> CN: $up sent, $(received cn.5001) received; CN -> MN: $down sent, $(received mn1.5002) received"
# Where a datagram went missing, if one did: the path's counters.
step "LMA BCE tx $(bce "['counters']['packets_tx']"), mag1 BUL tx $(bul "['counters']['packets_tx']")"
for ns in lma mag1; do
	echo "# $ns drops: $(py $ns "d['instance']['stats']" instance)"
done
sed 's/^/# CN send errors: /' "$TMP/stop.down.errors"
sed 's/^/# MN send errors: /' "$TMP/stop.up.errors"
nsq cn nstat -az Udp6OutDatagrams Udp6SndbufErrors Ip6OutDiscards Ip6OutNoRoutes | sed 's/^/# cn /'
nsq lma nstat -az Ip6InDiscards Ip6OutDiscards Ip6InNoRoutes Ip6OutNoRoutes Ip6InHdrErrors | sed 's/^/# lma /'
nsq mn1 nstat -az Udp6InDatagrams Udp6RcvbufErrors Udp6InErrors Ip6InDiscards Ip6InNoRoutes Ip6InAddrErrors | sed 's/^/# mn1 /'
nsq mag1 nstat -az Ip6OutNoRoutes Ip6InDiscards Ip6OutDiscards Icmp6OutDestUnreachs | sed 's/^/# mag1 /'
nsq mag1 ip -s -s link show acc1 | sed 's/^/# mag1 /'
nsq mn1 ip -s link show m1 | sed 's/^/# mn1 /'
# The neighbour caches' counters (unresolved discards: packets dropped
# while a neighbour was being resolved), and when the gaps were.
for ns in mag1 lma; do
	nsq $ns ip -s -6 ntable show name ndisc_cache | grep -A3 "stats" | sed "s/^/# $ns /" || true
	nsq $ns ip -6 neigh show | sed "s/^/# $ns neigh /"
done
sed 's/^/# CN -> MN gap: /' "$TMP/mn1.5002.gaps" 2>/dev/null || true
sed 's/^/# MN -> CN gap: /' "$TMP/cn.5001.gaps" 2>/dev/null || true
[ "$(received cn.5001)" = "$up" ]
[ "$(received mn1.5002)" = "$down" ]

step "a kernel refusal leaves the binding cache as it was (items 1, 8)"
cp "$TMP/lma-full.conf" "$TMP/lma.conf"
wait_for 30 fresh
kill9 lma
start_pmipd lma
inject() { # inject EXPECTED-STATUS mhinject-args...
	local out
	out=$(nsq cn "$MHINJECT" $CN $LMAA pbu "${@:2}") || true
	echo "# PBU ${*:2} -> $out"
	[ "$(awk '{print $3}' <<<"$out")" = "$1" ] || { echo "# expected status $1"; return 1; }
}
# The same prefix twice: no set mn3 is authorized for (RFC 5213 5.3.1).
inject 155 mn-id mn3@example.com ll-id 0a hnp $P:1:3::/64 hnp $P:1:3::/64
kill -0 "$pid_lma"
inject 0 mn-id mn3@example.com ll-id 0a att 4 hnp $P:1:3::/64 hnp $P:1:4::/64
# Someone else holds mn3's third prefix in the kernel (made by hand), so the
# kernel refuses mn3's second interface, to which the policy moves 1:4::.
nsexec lma "$PMIPCTL" bce add mn squatter bid 1 coa $CN hnp $P:1:5::/64
inject 130 mn-id mn3@example.com ll-id 0b att 5 hnp zero
mn3_hnps() { jget lma "sorted(h for b in d if b['mn'] == 'mn3@example.com' for h in b['hnp'])" bindings; }
[ "$(mn3_hnps)" = "['$P:1:3::/64', '$P:1:4::/64']" ]
[ "$(jget lma "len([b for b in d if b['mn'] == 'mn3@example.com'])" bindings)" = 1 ]
not grep -q "prefix $P:1:4::/64 moves" "$TMP/lma.log"
[ "$(mh_count lma "mip6.mhtype == 16")" = 0 ]
nsexec lma "$PMIPCTL" bce del mn squatter bid 1
inject 0 mn-id mn3@example.com ll-id 0a att 4 hnp $P:1:3::/64 hnp $P:1:4::/64 lifetime 0

step "a pool prefix is the MN's only once this LMA assigned it (item 7)"
cat >>"$TMP/lma.conf" <<EOF
prefix-pool $P:100::/48
mn mn4@example.com
EOF
wait_for 30 fresh
kill9 lma
start_pmipd lma
inject 155 mn-id mn4@example.com ll-id 04 hnp $P:100:7::/64
inject 0 mn-id mn4@example.com ll-id 04 hnp zero
[ "$(jget lma "[b['hnp'] for b in d if b['mn'] == 'mn4@example.com'][0]" bindings)" = "['$P:100::/64']" ]
inject 0 mn-id mn4@example.com ll-id 04 hnp $P:100::/64
# Adopted after a restart, the assignment is remembered.
wait_for 30 fresh
kill9 lma
start_pmipd lma
inject 0 mn-id mn4@example.com ll-id 04 hnp $P:100::/64
inject 155 mn-id mn4@example.com ll-id 44 hnp $P:100:1::/64
inject 0 mn-id mn4@example.com ll-id 04 hnp $P:100::/64 lifetime 0

step "a clean stop leaves nothing behind; the next start is a restart for the peers"
stop_pmipd mag1
stop_pmipd lma
[ "$(nbce)" = 0 ]
[ "$(py mag1 "len(d)" bul)" = 0 ]
[ -z "$(nsq lma ip -6 route show $P:1:1::/64)" ]
[ -z "$(nsq mag1 ip -6 route show $P:1:1::/64)" ]
start_pmipd lma
[ "$(counter lma)" != "$counter_lma" ]
stop_pmipd lma

step "$PMIPD: no sanitizer report in the daemons' logs"
no_sanitizer_report
mh_clean lma
mh_clean mag1
step "ok"
