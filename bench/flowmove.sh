#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow move benchmark (issue 8 item 4), run inside the VM by bench/run.sh
# after fastpath.sh: the time from the LMA's decision to the first packet
# of the flow on its new path, and the packets lost across the move, under
# a steady probe flow. Real pmipd daemons (the optimized build, not the
# sanitizer one), the topology of the flow mobility tests
# (selftests/netns/domain.sh): mn1 attached through m1a at mag1 and m1b at
# mag2, one address on both; cn sends the probe to it through the LMA.
#
#   shared  RFC 7864 3.2.1: both bindings share the prefix, a move is one
#           flow mobility cache write at the LMA. The flow goes back and
#           forth REPS times.
#   fmi     3.2.2: a prefix per binding; the first move of the flow to
#           mag2 needs an FMI/FMA exchange (mag2 must route mn1's prefix
#           off-link) before the LMA switches. One move per fresh domain,
#           FMI_REPS domains.
#
# Two reference points for each move:
#
#   command  just before `pmipctl daemon flow move` runs in the LMA's
#            namespace (so the command's own start-up counts);
#   kernel   the LMA's kernel changing the flow's entry: bench/fmcmon,
#            started in the LMA's namespace before the moves, reads the
#            module's FMC notification for the new BID. The notification
#            carries the kernel's own time of the change
#            (PMIP6_A_TIMESTAMP); fmcmon also notes when it woke up, later
#            by its wake-up delay.
#
# The arrival of each probe datagram is its kernel receive timestamp at
# the MN (SO_TIMESTAMPNS), its path the interface it arrived on. All
# clocks are the VM's CLOCK_REALTIME, so kernel stamp to receive stamp is
# measured by the kernel at both ends, with no process in between.
#
# Output: $OUT/flowmove.csv:
#   kind,rep,direction,pps,move_ms,lost,sent,ntf_ms,after_ntf_ms,
#   kernel_ms,after_kernel_ms,wakeup_ms,gap_ms,sent_ms,transit_ms,late_old
# move_ms from the command's start to the first packet on the new path;
# ntf_ms from the command's start to fmcmon's wake-up on the
# notification; after_ntf_ms from that wake-up to the first packet;
# kernel_ms from the command's start to the kernel's stamp;
# after_kernel_ms from the kernel's stamp to the first packet (the move
# time); wakeup_ms the listener's wake-up delay (wake-up - stamp); gap_ms
# the receive times of the last packet on the old path before the first
# one on the new path; sent_ms when the first packet on the new path was
# sent, from the kernel's stamp (negative: sent before the change);
# transit_ms its send to its receipt; late_old the packets sent after the
# kernel's stamp that still arrived on the old path. Rows of kind
# "command" time
# `pmipctl daemon flow show` alone (move_ms: its start to its end), the
# part of a move that is the command's own.
set -euo pipefail
OUT=${1:-/tmp/job}
REPS=${PMIP6_BENCH_MOVES:-10}
FMI_REPS=${PMIP6_BENCH_FMI_MOVES:-3}
PPS=${PMIP6_BENCH_PROBE_PPS:-10000}
cd "$(dirname "$0")/.."
PMIPD=$PWD/user/pmipd
NS=(mn1 mag1 mag2 lma cn)
. selftests/netns/lib.sh
. selftests/netns/domain.sh
PROBE=$PWD/build/bench/probe
FMCMON=$PWD/build/bench/fmcmon
HNP1=$P:1:1::
HNP2=$P:1:2::
MN1=$P:1:1::100
MAC_A=02:00:00:00:01:01
MAC_B=02:00:00:00:01:02
MN=mn1@example.com
PORT=6000
CSV=$OUT/flowmove.csv
log() { echo "# $*" >&2; }
now() { date +%s.%N; }

# domain KIND: the namespaces, daemons and mn1 attached on both interfaces.
domain() {
	local shared=
	TMP=$(mktemp -d)
	domain_up
	domain_mn_link mn1 m1a $MAC_A mag1 acc1
	domain_mn_link mn1 m1b $MAC_B mag2 acc2
	if [ "$1" = shared ]; then
		shared="prefix $HNP1/64 prefixes shared"
		printf 'role lma\nsecurity insecure-lab\nlocal %s\nmag %s\nmag %s\nlifetime 600\nmn %s prefix %s/64\n' \
			$LMAA $COA1 $COA2 $MN $HNP1 >"$TMP/lma.conf"
	else
		printf 'role lma\nsecurity insecure-lab\nlocal %s\nmag %s\nmag %s\nlifetime 600\nmn %s prefix %s/64 prefix %s/64\n' \
			$LMAA $COA1 $COA2 $MN $HNP1 $HNP2 >"$TMP/lma.conf"
	fi
	printf 'role mag\nsecurity insecure-lab\nlocal %s\nlma %s\nlifetime 600\naccess acc1\nmn %s ll-id %s %s\n' \
		$COA1 $LMAA $MN $MAC_A "${shared:+prefix $HNP1/64}" >"$TMP/mag1.conf"
	printf 'role mag\nsecurity insecure-lab\nlocal %s\nlma %s\nlifetime 600\naccess acc2\nmn %s ll-id %s %s\n' \
		$COA2 $LMAA $MN $MAC_B "$shared" >"$TMP/mag2.conf"
	for ns in lma mag1 mag2; do start_pmipd "$ns"; done
	nsq mn1 ip link set m1a up
	rs mn1 m1a $MAC_A >/dev/null
	wait_for 30 is "[1]" lma_bids
	nsq mn1 ip link set m1b up
	rs mn1 m1b $MAC_B >/dev/null
	wait_for 30 is "[1, 2]" lma_bids
	nsq mn1 ip addr add $MN1/64 dev m1a nodad
	nsq mn1 ip addr add $MN1/64 dev m1b nodad
}

domain_down() {
	[ -n "${TMP:-}" ] || return 0
	fmcmon_stop
	kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	pids=()
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	rm -rf "$TMP"
	TMP=
}

# fmcmon_start / fmcmon_stop: the LMA's flow notifications, with the
# time each one woke the listener, in $TMP/fmc.log. Real-time priority
# (when chrt can give it) keeps the wake-up delay short on a busy VM.
mon=
fmcmon_start() {
	local rt=()
	chrt -f 10 true 2>/dev/null && rt=(chrt -f 10)
	rm -f "$TMP/fmcmon.ready"
	ip netns exec lma "${rt[@]}" "$FMCMON" "$TMP/fmcmon.ready" >"$TMP/fmc.log" &
	mon=$!
	wait_for 10 test -e "$TMP/fmcmon.ready"
}
fmcmon_stop() {
	[ -n "$mon" ] || return 0
	kill "$mon" 2>/dev/null || true
	wait "$mon" 2>/dev/null || true
	mon=
}

# probe_start / probe_stop: the probe flow cn -> mn1 port $PORT. The
# sender runs at real-time priority (when chrt can give it), above
# fmcmon: otherwise pmipctl's start-up, on the same two CPUs during each
# move, can hold it back for milliseconds, and the first packet on the new
# path would leave that much after the change. The receiver needs none:
# its times are the kernel's receive stamps.
probe_start() {
	local rt=()
	chrt -f 20 true 2>/dev/null && rt=(chrt -f 20)
	rm -f "$TMP/probe"*
	ip netns exec mn1 "$PROBE" recv $PORT "$TMP/probe.rx" &
	rx=$!
	wait_for 10 test -e "$TMP/probe.rx.ready"
	ip netns exec cn "${rt[@]}" "$PROBE" send $MN1 $PORT "$PPS" "$TMP/probe.stop" &
	tx=$!
}
probe_stop() {
	sleep 1			# the last datagrams in flight
	touch "$TMP/probe.stop"
	wait $tx
	sleep 0.5
	kill $rx
	wait $rx || true
}

# analyse KIND REP DIRECTION IFINDEX T0 BID [IFINDEX T0 BID ...]: one CSV
# row per move: the first datagram on the new interface after the
# decision, the LMA's notification of the flow's move to BID, and the
# sequence numbers never received between the moves.
analyse() {
	# The listener's log stays with the results: the reference points.
	cp "$TMP/fmc.log" "$OUT/flowmove_fmc_$1_$2.log"
	python3 - "$TMP/probe.rx" "$(cat "$TMP/probe.stop.sent")" "$PPS" "$TMP/fmc.log" "$@" <<'PY' >>"$CSV"
import sys
rx, sent, pps, fmclog = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
kind, rep0, direction = sys.argv[5], int(sys.argv[6]), sys.argv[7]
a = sys.argv[8:]
moves = [(int(a[i]), float(a[i + 1]), a[i + 2]) for i in range(0, len(a), 3)]
# "SEQ IFINDEX RECEIVED SENT"
pkts = [(int(f[0]), int(f[1]), float(f[2]), float(f[3])) for f in (l.split() for l in open(rx))]
# fmcmon: "T change MNID fid FID bids B1[,B2] K": fid 1's changes, with
# the wake-up time T and the kernel's K ("-": none).
ntfs = [(float(f[0]), f[6], None if f[7] == '-' else float(f[7]))
        for f in (l.split() for l in open(fmclog))
        if len(f) == 8 and f[3] == 'fid' and f[4] == '1' and f[5] == 'bids']
got = {p[0] for p in pkts}
lost_total = sent - len(got & set(range(sent)))
for k, (ifindex, t0, bid) in enumerate(moves):
    t_end = moves[k + 1][1] if k + 1 < len(moves) else float('inf')
    first = min((p for p in pkts if p[1] == ifindex and p[2] >= t0), key=lambda p: p[2], default=None)
    if first and first[2] >= t_end:
        first = None
    move_ms = '%.3f' % ((first[2] - t0) * 1000) if first else ''
    # The first notification after the decision that puts the flow on BID
    # (by the kernel's stamp where there is one: the wake-up can be late).
    cand = [n for n in ntfs if (n[2] if n[2] is not None else n[0]) >= t0 and n[0] < t_end
            and n[1].split(',')[0] == bid]
    n = min(cand, key=lambda n: n[2] if n[2] is not None else n[0], default=None)
    ntf, kts = (n[0], n[2]) if n else (None, None)
    ntf_ms = '%.3f' % ((ntf - t0) * 1000) if ntf is not None else ''
    after_ms = '%.3f' % ((first[2] - ntf) * 1000) if ntf is not None and first else ''
    k_ms = '%.3f' % ((kts - t0) * 1000) if kts is not None else ''
    after_k_ms = '%.3f' % ((first[2] - kts) * 1000) if kts is not None and first else ''
    wake_ms = '%.3f' % ((ntf - kts) * 1000) if kts is not None else ''
    # The last packet on another interface before the first on the new one.
    prev = max((p[2] for p in pkts if p[1] != ifindex and first and p[2] < first[2]), default=None)
    gap_ms = '%.3f' % ((first[2] - prev) * 1000) if prev is not None and first else ''
    sent_ms = '%.3f' % ((first[3] - kts) * 1000) if kts is not None and first else ''
    transit_ms = '%.3f' % ((first[2] - first[3]) * 1000) if first else ''
    late_old = str(sum(1 for p in pkts if kts is not None and p[3] >= kts and p[1] != ifindex
                       and p[2] < t_end)) if kts is not None else ''
    # Lost around this move: never received, sent between the previous
    # move's decision and the next one's (by receive-order neighbours).
    lo = max([p[0] for p in pkts if p[2] < t0], default=-1)
    hi = min([p[0] for p in pkts if p[2] >= t_end], default=sent)
    lost = sum(1 for s in range(lo + 1, hi) if s not in got)
    d = direction.split(',')[k % len(direction.split(','))]
    print('%s,%d,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s' % (
        kind, rep0 + k, d, pps, move_ms, lost, sent, ntf_ms, after_ms, k_ms, after_k_ms, wake_ms,
        gap_ms, sent_ms, transit_ms, late_old))
print('# %s: %d sent, %d lost in all' % (kind, sent, lost_total), file=sys.stderr)
PY
}

trap domain_down EXIT
modprobe pmip6
[ -s "$CSV" ] || echo "kind,rep,direction,pps,move_ms,lost,sent,ntf_ms,after_ntf_ms,kernel_ms,after_kernel_ms,wakeup_ms,gap_ms,sent_ms,transit_ms,late_old" >"$CSV"

log "flow move: shared prefix (3.2.1), $REPS moves at $PPS probe packets/s"
domain shared
if1=$(nsq mn1 cat /sys/class/net/m1a/ifindex)
if2=$(nsq mn1 cat /sys/class/net/m1b/ifindex)
ctl lma daemon flow add $MN fid 1 prio 1 bid 1 proto udp dport $PORT >/dev/null
fmcmon_start
probe_start
sleep 2
args=()
for ((r = 0; r < REPS; r++)); do
	if ((r % 2 == 0)); then bid=2 ifx=$if2; else bid=1 ifx=$if1; fi
	t0=$(now)
	ctl lma daemon flow move $MN fid 1 bid $bid >/dev/null
	args+=("$ifx" "$t0" "$bid")
	sleep 1.5
done
probe_stop
analyse shared 0 "mag1>mag2,mag2>mag1" "${args[@]}"
# What of that is the command itself: pmipctl's start-up in the LMA's
# namespace and a request to pmipd that changes nothing, timed the same way.
for ((r = 0; r < REPS; r++)); do
	t0=$(now)
	ctl lma daemon flow show $MN >/dev/null
	echo "command,$r,,,$(python3 -c "import sys; print('%.3f' % ((float(sys.argv[2]) - float(sys.argv[1])) * 1000))" "$t0" "$(now)"),0,0,,,,,,,,," >>"$CSV"
done
domain_down

log "flow move with FMI/FMA (3.2.2), $FMI_REPS moves, each in a fresh domain"
for ((r = 0; r < FMI_REPS; r++)); do
	domain fmi
	if2=$(nsq mn1 cat /sys/class/net/m1b/ifindex)
	ctl lma daemon flow add $MN fid 1 prio 1 bid 1 proto udp dport $PORT >/dev/null
	fmcmon_start
	probe_start
	sleep 2
	t0=$(now)
	ctl lma daemon flow move $MN fid 1 bid 2 >/dev/null
	sleep 2
	probe_stop
	analyse fmi "$r" "mag1>mag2" "$if2" "$t0" 2
	domain_down
done
cat "$CSV"
