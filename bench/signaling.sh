#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The LMA signaling benchmark, run inside the VM by bench/run.sh: how many
# PBU/PBA transactions per second pmipd completes as an LMA, and their
# latency (RFC 5213 5.3: the LMA's side of each exchange).
#
#   gen (pbuload)                              lma (pmipd, role lma)
#   g0 2001:db8:a::100 .. ::100+MAGS-1 /64 --- l0 2001:db8:a::1/64 (LMAA)
#      one Proxy-CoA per simulated MAG   veth
#
# For each MN count N (PMIP6_SIG_MNS), from nothing: a fresh pair of
# namespaces, an LMA configuration with N 'mn' lines (mnK@bench, prefix
# 2001:db8:(1+K/65536):(K%65536)::/64), pmipd started on it (the time to
# come up is the configuration load), then bench/pbuload from the other
# namespace: one initial registration per MN (a binding, BCE_NEW and a
# route in the kernel), then PMIP6_SIG_ROUNDS rounds of re-registrations
# (BCE_SET; none when PMIP6_SIG_ROUNDS=0). With two CPUs, pmipd is pinned
# to CPU 1 and pbuload to CPU 0, so the figure is what one core of LMA
# does.
#
# pmipd's memory: its resident set (VmRSS in /proc/PID/status) with no
# profiles (a run of its own, first), with N profiles loaded, and after
# the N initial registrations. Per profile: (loaded - empty) / N; per
# binding: (registered - loaded) / N. VmHWM, the peak, shows what loading
# the file costs on top. PMIP6_SIG_REG=0 stops after loading the
# profiles: their memory alone, at counts whose bindings would not fit
# in the VM.
#
# The kernel's memory: /proc/meminfo's Slab and Percpu before and after
# the N initial registrations, per binding (kernel_bytes_per_binding in
# signaling_memory.csv). That is everything the kernel allocated for
# them: the BCE and its MN, the prefix's table entry, the per-CPU
# counters, and pmipd's route for the prefix. And the module's alone
# (signaling_kmem.csv, PMIP6_SIG_KMEM: MN counts, 0 for none): in a fresh
# namespace, build/bench/fmcload creates N MNs with two BCEs each sharing
# the MN's prefix (the fast path's configuration, no route, no pmipd);
# Slab + Percpu growth per BCE, and the pmip6_bce and pmip6_mn caches'
# objects (sizes and slab pages, from /proc/slabinfo).
#
# The LMA's TimestampValidityWindow (RFC 5213 5.5, 300 ms by default) is
# widened to PMIP6_SIG_TS_WINDOW ms: under emulation, with other VMs on
# the host, a PBU can wait in the LMA's socket queue longer than 300 ms,
# and the benchmark measures throughput, not clock agreement. (With the
# default, such PBUs are answered 156, Timestamp mismatch: see
# Documentation/benchmarks.md.)
#
# Output in $OUT: signaling.csv (pbuload's rows), signaling_quantiles.csv
# (latency percentiles 1..100 for the plot), signaling_load.csv (mns,
# seconds until pmipd answered its control socket), signaling_cpu.csv
# (phase,mns,transactions,lma_cpu_s,lma_cpu_us_per_transaction: pmipd's
# user + system time, kernel work done in its syscalls included),
# signaling_memory.csv (mns,rss_empty_kb,rss_profiles_kb,rss_bound_kb,
# hwm_kb,bytes_per_profile,bytes_per_binding,kernel_bytes_per_binding),
# signaling_kmem.csv (mns,bces,slab_kb,percpu_kb,bytes_per_bce,
# bce_objs,bce_objsize,bce_slab_bytes,mn_objs,mn_objsize,mn_slab_bytes:
# the growth over the load, and the caches after it).
set -euo pipefail
OUT=${1:-/tmp/job}
MNS=${PMIP6_SIG_MNS:-1000,10000}
MNS=${MNS//,/ }
MAGS=${PMIP6_SIG_MAGS:-16}
WINDOW=${PMIP6_SIG_WINDOW:-64}
ROUNDS=${PMIP6_SIG_ROUNDS:-2}
REG=${PMIP6_SIG_REG:-1}
KMEM=${PMIP6_SIG_KMEM:-0}
KMEM=${KMEM//,/ }
TS_WINDOW=${PMIP6_SIG_TS_WINDOW:-10000}
SRC=${PMIP6_SRC:-$PWD}
LOAD=$SRC/build/bench/pbuload
PMIPD=${PMIPD:-$SRC/user/pmipd}
PMIPCTL=${PMIPCTL:-$SRC/user/pmipctl}
LMAA=2001:db8:a::1
MAG0=2001:db8:a::100
TMP=$(mktemp -d)

log() { echo "# $*" >&2; }
x() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

pid=
netns_del() {
	ip netns del gen 2>/dev/null || true
	ip netns del lma 2>/dev/null || true
}
cleanup() {
	set +e
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	netns_del
	rm -rf "$TMP"
}
trap cleanup EXIT

# CPU pinning: pmipd alone on the last CPU when there are two or more.
ncpu=$(nproc)
if [ "$ncpu" -ge 2 ]; then
	pin_lma=(taskset -c $((ncpu - 1)))
	pin_gen=(taskset -c 0)
else
	pin_lma=()
	pin_gen=()
	log "one CPU: pmipd and pbuload share it"
fi

modprobe pmip6

fresh() {
	local m ns
	netns_del
	ip netns add lma
	ip netns add gen
	for ns in lma gen; do
		x $ns ip link set lo up
		x $ns sysctl -qw net.ipv6.conf.all.accept_dad=0
		x $ns sysctl -qw net.ipv6.conf.default.accept_dad=0
	done
	ip link add l0 netns lma type veth peer name g0 netns gen
	x lma ip addr add $LMAA/64 dev l0 nodad
	x lma ip link set l0 up
	x gen ip link set g0 up
	for ((m = 0; m < MAGS; m++)); do
		printf 'addr add 2001:db8:a::%x/64 dev g0 nodad\n' $((0x100 + m))
	done | x gen ip -6 -batch -
}

# config N: an LMA with N profiles, as pbuload names them.
config() {
	cat <<-EOF
	role lma
	local $LMAA
	security insecure-lab
	lifetime 3600
	timestamp-window $TS_WINDOW
	EOF
	# pbuload's simulated MAGs, the LMA's MAGs (RFC 5213 5.3.1): listed
	# up to pmipd's 64, beyond that 'mag any'.
	if [ "$MAGS" -le 64 ]; then
		for ((m = 0; m < MAGS; m++)); do printf 'mag 2001:db8:a::%x\n' $((0x100 + m)); done
	else
		echo "mag any"
	fi
	awk -v n="$1" 'BEGIN { for (k = 0; k < n; k++)
		printf "mn mn%d@bench prefix 2001:db8:%x:%x::/64\n", k, 1 + int(k / 65536), k % 65536 }'
}

now() { date +%s.%N; }

echo "phase,mns,mags,window,completed,seconds,tps,p50_us,p90_us,p99_us,max_us,accepted,rejected,retransmissions,timeouts,stray" >"$OUT/signaling.csv"
echo "phase,mns,window,percent,latency_us" >"$OUT/signaling_quantiles.csv"
echo "mns,seconds" >"$OUT/signaling_load.csv"
echo "phase,mns,transactions,lma_cpu_s,lma_cpu_us_per_transaction" >"$OUT/signaling_cpu.csv"
echo "mns,rss_empty_kb,rss_profiles_kb,rss_bound_kb,hwm_kb,bytes_per_profile,bytes_per_binding,kernel_bytes_per_binding" >"$OUT/signaling_memory.csv"
echo "mns,bces,slab_kb,percpu_kb,bytes_per_bce,bce_objs,bce_objsize,bce_slab_bytes,mn_objs,mn_objsize,mn_slab_bytes" >"$OUT/signaling_kmem.csv"

# kmem_kb: Slab + Percpu of /proc/meminfo, in kB, once the RCU frees of
# earlier runs are done (a second's wait).
kmem_kb() {
	sleep 1
	awk '$1 == "Slab:" || $1 == "Percpu:" { s += $2 } END { print s }' /proc/meminfo
}
# slab CACHE: "objects,object size,slab bytes" of a cache in /proc/slabinfo.
slab() {
	awk -v c="$1" -v page="$(getconf PAGESIZE)" \
		'$1 == c { printf "%d,%d,%d", $2, $4, $15 * $6 * page; f = 1 } END { if (!f) printf ",," }' /proc/slabinfo
}

# The module's memory per BCE, without pmipd: fmcload's configuration.
for n in $KMEM; do
	[ "$n" -gt 0 ] || continue
	netns_del
	ip netns add lma
	k0=$(kmem_kb)
	p0=$(awk '$1 == "Percpu:" { print $2 }' /proc/meminfo)
	x lma "$SRC/build/bench/fmcload" "$n" 0 2001:db8:a::100 2001:db8:a::101 $LMAA >&2
	k1=$(kmem_kb)
	p1=$(awk '$1 == "Percpu:" { print $2 }' /proc/meminfo)
	echo "$n,$((2 * n)),$((k1 - k0 - (p1 - p0))),$((p1 - p0)),$(awk -v d=$((k1 - k0)) -v b=$((2 * n)) \
		'BEGIN { printf "%.0f", 1024 * d / b }'),$(slab pmip6_bce),$(slab pmip6_mn)" |
		tee -a "$OUT/signaling_kmem.csv" >&2
	netns_del
done

# status_kb PID FIELD: a kB field of /proc/PID/status (VmRSS, VmHWM).
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# start_lma N: a fresh pair of namespaces and pmipd with N profiles, up
# (answering its control socket); the seconds that took to signaling_load.csv.
start_lma() {
	local n=$1 t0 t1
	fresh
	config "$n" >"$TMP/lma.conf"
	t0=$(now)
	# Not through x(): $! must be pmipd itself (ip and taskset exec it),
	# not a subshell, for its CPU time and for the kill below.
	ip netns exec lma "${pin_lma[@]}" "$PMIPD" -f -c "$TMP/lma.conf" >"$TMP/lma.log" 2>&1 &
	pid=$!
	until x lma "$PMIPCTL" daemon show >/dev/null 2>&1; do
		kill -0 "$pid" 2>/dev/null || { log "pmipd exited:"; cat "$TMP/lma.log" >&2; exit 1; }
		sleep 0.05
	done
	t1=$(now)
	[ "$n" -eq 0 ] && return
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%d,%.3f\n", n, b - a }' |
		tee -a "$OUT/signaling_load.csv" >&2
}

stop_lma() {
	kill "$pid"
	wait "$pid" || true
	pid=
}

# cpu_ticks PID: user + system time of the process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# load PHASE N ARGS...: one pbuload run, and pmipd's CPU time for it.
load() {
	local phase=$1 n=$2 c0 c1 rows done_
	shift 2
	c0=$(cpu_ticks "$pid")
	rows=$(x gen "${pin_gen[@]}" "$LOAD" -w "$WINDOW" -q "$OUT/signaling_quantiles.csv" \
		-p "$phase" "$@" $LMAA $MAG0 "$MAGS" "$n" | tail -n +2)
	c1=$(cpu_ticks "$pid")
	echo "$rows" | tee -a "$OUT/signaling.csv"
	done_=$(echo "$rows" | awk -F, '{ s += $5 } END { print s }')
	awk -v p="$phase" -v n="$n" -v t="$done_" -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%s,%d,%d,%.2f,%.0f\n", p, n, t, c / hz, t ? 1e6 * c / hz / t : 0 }' |
		tee -a "$OUT/signaling_cpu.csv" >&2
}

# The baseline of the memory figures: pmipd with no profile.
start_lma 0
rss_empty=$(status_kb "$pid" VmRSS)
log "pmipd with no profiles: VmRSS $rss_empty kB"
stop_lma

for n in $MNS; do
	[ "$n" -gt 0 ] || continue	# PMIP6_SIG_MNS=0: the kernel's memory only
	log "LMA with $n MNs, $MAGS MAGs, window $WINDOW"
	start_lma "$n"
	rss_profiles=$(status_kb "$pid" VmRSS)
	if [ "$REG" -eq 0 ]; then
		awk -v n="$n" -v e="$rss_empty" -v p="$rss_profiles" -v h="$(status_kb "$pid" VmHWM)" \
			'BEGIN { printf "%d,%d,%d,,%d,%.0f,,\n", n, e, p, h, 1024 * (p - e) / n }' |
			tee -a "$OUT/signaling_memory.csv" >&2
		stop_lma
		continue
	fi
	# The neighbour entries of the MAG addresses, before the clock runs.
	x gen ping -q -c 1 -W 5 -I $MAG0 $LMAA >/dev/null 2>&1 || true
	k0=$(kmem_kb)
	load reg "$n"
	rss_bound=$(status_kb "$pid" VmRSS)
	k1=$(kmem_kb)
	awk -v n="$n" -v e="$rss_empty" -v p="$rss_profiles" -v b="$rss_bound" \
		-v h="$(status_kb "$pid" VmHWM)" -v k=$((k1 - k0)) 'BEGIN { printf "%d,%d,%d,%d,%d,%.0f,%.0f,%.0f\n",
		n, e, p, b, h, 1024 * (p - e) / n, 1024 * (b - p) / n, 1024 * k / n }' |
		tee -a "$OUT/signaling_memory.csv" >&2
	[ "$ROUNDS" -eq 0 ] || load rereg "$n" -r "$ROUNDS"
	x lma "$PMIPCTL" daemon stats 2>/dev/null | sed 's/^/#   lma: /' >&2 || true
	log "pmipd log: $(wc -l <"$TMP/lma.log") lines, last ones:"
	tail -n 3 "$TMP/lma.log" | sed 's/^/#   /' >&2
	stop_lma
done
log "done"
