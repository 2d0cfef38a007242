#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The chaos benchmark, run inside the VM by bench/run.sh (PMIP6_BENCH=chaos):
# PMIP6_CHAOS_MNS mobile nodes over 4 MAGs and 1 LMA for
# PMIP6_CHAOS_SECONDS of random attaches, handovers, detaches and flow
# moves, with one pmipd killed with SIGKILL and started again at once
# every PMIP6_CHAOS_KILL_EVERY seconds (it adopts the kernel's state:
# Documentation/pmipd.md, "Restarts"). The victims come in rounds of
# five, each daemon once per round in a random order. A number, not a
# test: it counts what was lost and prints it.
#
#        mn0 .. mn7 (real MNs: namespaces, UDP both ways with the CN)
#         | m0 (MAC 02:00:<K>)     acc0..acc7 move between the MAGs
#   +------+ acc0..  +------+ sig0 (dummy: the access link of the
#   | mn0  |---------| mag1 |        signaling-only MNs, pmipctl attach)
#   +------+         +------+ f1::2 -- f1::1 +-----+ c::1   c::2 +----+
#                    | mag2 | f2 ----------- |     |-------------| cn |
#                    | mag3 | f3 ----------- | lma |             +----+
#                    | mag4 | f4 ----------- |     |
#                    +------+                +-----+
#
#   2001:db8:...; LMAA a::1, Proxy-CoA bI::1 (magI); MN K's prefix
#   (0x10 + K/65536):(K%65536)::/64, its NAI mnK@chaos
#
# The MNs (bench/chaos.py has the details):
# * PMIP6_CHAOS_REAL of them (K < REAL) are namespaces with a veth whose
#   MAG end moves from one MAG's namespace to another's at a handover (as
#   pmipd_e2e.sh does), about every PMIP6_CHAOS_REAL_HO seconds each, and
#   carry UDP both ways with the CN, PMIP6_CHAOS_PPS numbered datagrams a
#   second each way (bench/chaos_traffic.py): every lost datagram is
#   counted, with its send time.
# * The others are signaling only: attached with "pmipctl daemon attach MN
#   dev sig0" on a MAG's dummy access link, and detached, through the MAG's
#   control socket. A handover is a detach at one MAG and an attach at
#   another, in either order at random; made before the break, the MN
#   attaches again at the new MAG 2 s later (its next solicitation: the
#   LMA refuses a move while the old MAG still sees the MN). One in
#   1/PMIP6_CHAOS_MULTI has two interfaces (at a MAG A, and at the next
#   MAG, sharing the prefix, RFC 7864 3.2.1); its flow 1 (UDP 9000) is
#   added and moved between its two BIDs at the LMA with "pmipctl daemon
#   flow".
# PMIP6_CHAOS_ATTACHED of them are attached before the clock starts, at
# PMIP6_CHAOS_RAMP a second. Then events come at PMIP6_CHAOS_RATE a second
# (45% handover, 25% flow move, 15% detach, 15% attach).
#
# What it reports (the CSV files in OUT, chaos_summary.csv for the
# report, bench/chaos.py's header lists them):
# * datagrams lost, in all and outside the handover window of their MN:
#   from 0.5 s before its access link left the old MAG to
#   PMIP6_CHAOS_HO_WINDOW seconds after the new MAG took the attach
#   (chaos_handovers.csv has each handover's times and losses); those
#   outside are put down to the last kill of a daemon on their path (the
#   LMA or the MN's MAG) within 30 s, if any;
# * per kill: the daemon's bindings before, what the new pmipd adopted,
#   its bindings after, the difference (bindings lost at the restart), and
#   the kernel's entries before and after;
# * at the end, once no registration is pending: every binding the
#   driver's model expects, against the LMA's and the MAGs' (lost, stale),
#   and each pmipd against its kernel state;
# * PBA statuses, sent by the LMA and received by the MAGs, summed over
#   every incarnation (each polled every 10 s and just before its kill; a
#   kill loses the counts of the last moments);
# * sanitizer reports in the daemons' logs (the ASan/UBSan pmipd, make
#   user-san, when it is built; PMIPD= chooses another), daemons that died
#   by themselves, the exit status of each at the clean stop;
# * after the last namespace is gone: the objects in use in the module's
#   slab caches (pmip6_*), the module's reference count, and whether
#   modprobe -r pmip6 worked (chaos_module.csv).
#
#   PMIP6_CHAOS_MNS=10000 PMIP6_CHAOS_SECONDS=600 PMIP6_CHAOS_KILL_EVERY=30
#   PMIP6_CHAOS_REAL=8 PMIP6_CHAOS_PPS=25 PMIP6_CHAOS_REAL_HO=40
#   PMIP6_CHAOS_HO_WINDOW=2 PMIP6_CHAOS_RATE=10 PMIP6_CHAOS_MULTI=0.05
#   PMIP6_CHAOS_ATTACHED=0.9 PMIP6_CHAOS_RAMP=200 PMIP6_CHAOS_LIFETIME=120
#   PMIP6_CHAOS_RA_INTERVAL=10 PMIP6_CHAOS_SETTLE=60 PMIP6_CHAOS_SEED=1
#
# usage: bench/chaos.sh OUT
set -euo pipefail
OUT=${1:-/tmp/job}
SRC=${PMIP6_SRC:-$PWD}
export PMIP6_SRC=$SRC
# The ASan/UBSan build when there is one, as the netns tests.
if [ -z "${PMIPD:-}" ] && [ -x "$SRC/build/user-san/pmipd" ]; then
	PMIPD=$SRC/build/user-san/pmipd
fi
export PMIPD=${PMIPD:-$SRC/user/pmipd}
export PMIPCTL=${PMIPCTL:-$SRC/user/pmipctl}
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
REAL=${PMIP6_CHAOS_REAL:-8}
P=2001:db8
NS=(lma cn mag1 mag2 mag3 mag4)
for ((j = 0; j < REAL; j++)); do NS+=("mn$j"); done
TMP=$(mktemp -d)
mkdir -p "$OUT"

log() { echo "# $(date +%T) $*" >&2; }
x() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

netns_del() {
	local ns
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}
cleanup() {
	set +e
	# The daemons' logs stay with the results.
	mkdir -p "$OUT/chaos-logs"
	cp "$TMP"/*.log "$OUT/chaos-logs/" 2>/dev/null
	netns_del
	rm -rf "$TMP"
}
trap cleanup EXIT

modprobe pmip6
netns_del
for ns in "${NS[@]}"; do
	ip netns add "$ns"
	x "$ns" ip link set lo up
	x "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
	x "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
	[[ $ns == mn* ]] || x "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
done
link() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	x "$1" ip link set "$2" up
	x "$3" ip link set "$4" up
}
x lma ip addr add $P:a::1/128 dev lo
link lma lc cn c0
x lma ip addr add $P:c::1/64 dev lc
x cn ip addr add $P:c::2/64 dev c0
x cn ip -6 route add default via $P:c::1
for i in 1 2 3 4; do
	link mag$i f$i lma lf$i
	x lma ip addr add $P:f$i::1/64 dev lf$i
	x lma ip -6 route add $P:b$i::1/128 via $P:f$i::2
	x mag$i ip addr add $P:b$i::1/128 dev lo
	x mag$i ip addr add $P:f$i::2/64 dev f$i
	x mag$i ip -6 route add default via $P:f$i::1
	# The signaling-only MNs' access link: RAs go nowhere.
	x mag$i ip link add sig0 type dummy
	x mag$i ip link set sig0 up
done
# Real MN J: MAC 02:00:<J, 4 octets> (its ll-id at every MAG), its link's
# MAG end accJ starting at mag(J%4 + 1).
for ((j = 0; j < REAL; j++)); do
	mac=$(printf '02:00:%02x:%02x:%02x:%02x' $((j >> 24 & 255)) $((j >> 16 & 255)) \
		$((j >> 8 & 255)) $((j & 255)))
	x mn$j sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0
	ip link add m0 netns mn$j address "$mac" type veth peer name acc$j netns mag$((j % 4 + 1))
	x mag$((j % 4 + 1)) ip link set acc$j up
	x mn$j ip link set m0 up
done
log "topology up: ${#NS[@]} namespaces; pmipd is $PMIPD"

# Memory before, for a look at what the run held at its peak.
grep -E '^(MemFree|Slab|Percpu):' /proc/meminfo | tr -s ' ' | sed 's/^/# before: /' >&2
rc=0
python3 "$SRC/bench/chaos.py" "$OUT" "$TMP" || rc=$?
grep -E '^(MemFree|Slab|Percpu):' /proc/meminfo | tr -s ' ' | sed 's/^/# after the run: /' >&2

# The module after the last namespace: nothing in its caches, no reference.
# Namespaces go in a work queue and their objects after an RCU grace
# period: up to 30 s for the caches to empty. Shrinking flushes the
# per-CPU slabs, whose free objects /proc/slabinfo counts as in use.
# A cache merged with others (6.1) counts theirs too: marked so.
netns_del
in_use() {
	local d c n
	for d in /sys/kernel/slab/pmip6_*; do
		[ -e "$d" ] || continue
		c=${d##*/}
		[ -w "$d/shrink" ] && echo 1 >"$d/shrink"
		n=$(awk -v c="$c" '$1 == c { print $2 }' /proc/slabinfo)
		if [ -L "$d" ]; then
			echo "$c (merged with $(basename "$(readlink "$d")")),${n:-0}"
		else
			echo "$c,${n:-0}"
		fi
	done
}
for ((i = 0; i < 150; i++)); do
	in_use | grep -v merged | grep -qv ',0$' || break
	sleep 0.2
done
echo "cache,objects_in_use" >"$OUT/chaos_module.csv"
in_use >>"$OUT/chaos_module.csv"
refcnt=$(cat /sys/module/pmip6/refcnt)
if modprobe -r pmip6; then unloaded=yes; else unloaded=no; fi
{
	echo "refcnt,$refcnt"
	echo "modprobe_r,$unloaded"
} >>"$OUT/chaos_module.csv"
sed 's/^/# module: /' "$OUT/chaos_module.csv" >&2
dmesg | grep -E "pmip6|WARNING|BUG|Oops" | tail -20 | sed 's/^/# dmesg: /' >&2 || true
exit $rc
