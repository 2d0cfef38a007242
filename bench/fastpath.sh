#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The LMA fast-path benchmark, run inside the VM by bench/run.sh.
#
# One namespace is the LMA. pktgen injects IPv6/UDP packets for the MN
# prefixes into its receive path (xmit_mode netif_receive on a dummy
# device, in0), so the figure is what the LMA's stack spends per packet,
# pktgen's own skb included (the same in every configuration). Forwarded
# or tunnelled packets leave on another dummy device (out0), which frees
# them; its tx counter must equal what was injected, or the sample is
# refused. The configurations, each built from nothing:
#
#   plain    IPv6 forwarding: a route to the MN prefixes via out0
#   tunnel   one ip6ip6 tunnel (ip6_tunnel, no encapsulation limit option)
#   iprule   today's per-flow steering: an ip6tnl per MAG, one table per
#            MAG, one "ip -6 rule to PREFIX ipproto udp sport P table T" per
#            flow
#   nftmark  the same with an nftables map (daddr . sport) -> fwmark and
#            two fwmark rules
#   pmip6    pmip6's LMA: two bindings per MN sharing its prefix (RFC 7864
#            3.2.1) and one flow mobility cache entry per flow
#
# A flow is (MN prefix, UDP source port). The kernel keeps at most 64 flow
# entries per MN (PMIP6_FMC_PER_MN_MAX), so N flows are spread over
# MNS = N / 64 MNs (at least 1; N a power of 2). MN K has the prefix
# 2001:db8:(0x10 + K / 65536):(K % 65536)::/64 (all in 2001:db8:10::/44),
# and pktgen picks the MN at random and cycles the ports. pktgen draws an
# IPv6 destination as (random | min) & max per 32-bit word, so MNS must be
# a power of 2 for every MN to be reached, and the counts are the powers
# of 2 nearest the issue's 10k, 100k and 1M (8192, 131072, 1048576).
#
# Two sweeps: PMIP6_BENCH_FLOWS (64 flows per MN) and PMIP6_BENCH_MNS (one
# flow per MN: the MN dimension). iprule is measured only up to
# PMIP6_BENCH_IPRULE_MAX rules: a packet walks the rules in order, so its
# cost grows with their number, and so does inserting one (the kernel
# walks the list to keep it sorted); beyond that the run would not end in
# useful time under emulation. For the same reason iprule's packet count
# shrinks as its rule count grows (COUNT * 64 / flows, at least 1000).
#
# Output: CSV lines on stdout and in $OUT/fastpath.csv:
#   config,mns,flows,rep,packets,ns_per_packet,pps
# $OUT/configure.csv (config,mns,flows,seconds: building the
# configuration, rules and map elements included), $OUT/memory.csv (the
# module's slab caches, and what each FMC load added to the kernel's
# memory: growth_rows),
# $OUT/updates.csv (see the end).
set -euo pipefail
OUT=${1:-/tmp/job}
REPS=${PMIP6_BENCH_REPS:-5}
COUNT=${PMIP6_BENCH_COUNT:-200000}
FLOWS=${PMIP6_BENCH_FLOWS:-1,64,1024,8192}
FLOWS=${FLOWS//,/ }
MNS_SWEEP=${PMIP6_BENCH_MNS:-}
MNS_SWEEP=${MNS_SWEEP//,/ }
IPRULE_MAX=${PMIP6_BENCH_IPRULE_MAX:-8192}
CONFIGS=${PMIP6_BENCH_CONFIGS:-plain,tunnel,iprule,nftmark,pmip6}
CONFIGS=${CONFIGS//,/ }
# nft parses a map's elements in batches of this many: one file with all
# of 1M elements took nft 84 s and 1.4 GB natively; batches of 16384, 8 s.
NFT_BATCH=16384
LOAD=$PMIP6_SRC/build/bench/fmcload
P=2001:db8
MNNET=$P:10::/44
LMAA=$P:a::1
COA1=$P:b1::1
COA2=$P:b2::1
CN=$P:c::2

x() { ip netns exec lma "$@"; }
pg() { x sh -c "echo '$2' > /proc/net/pktgen/$1"; }
log() { echo "# $*" >&2; }

modprobe pktgen
modprobe dummy
modprobe ip6_tunnel
modprobe pmip6
# Each new netns gets the module's bce_max and fmc_max (1M each by
# default): raise them if a sweep needs more (64 flows per MN; 2 bindings
# per MN).
need_fmc=0
for n in $FLOWS $MNS_SWEEP; do [ "$n" -le "$need_fmc" ] || need_fmc=$n; done
need_bce=$((2 * (need_fmc > 64 ? need_fmc : 1)))
for p in fmc_max:$need_fmc bce_max:$need_bce; do
	f=/sys/module/pmip6/parameters/${p%%:*}
	[ "$(cat "$f")" -ge "${p#*:}" ] || echo "${p#*:}" >"$f"
done

fresh() {
	ip netns del lma 2>/dev/null || true
	ip netns add lma
	x ip link set lo up
	x sysctl -qw net.ipv6.conf.all.forwarding=1
	x sysctl -qw net.ipv6.conf.all.accept_dad=0
	x sysctl -qw net.ipv6.conf.default.accept_dad=0
	x ip link add in0 type dummy
	x ip link add out0 type dummy
	x ip link set in0 up
	x ip link set out0 up
	x ip addr add $LMAA/128 dev lo
	x ip -6 route add $COA1/128 dev out0
	x ip -6 route add $COA2/128 dev out0
}

tunnels() {
	local i
	for i in 1 2; do
		x ip -6 tunnel add t$i mode ip6ip6 local $LMAA remote $P:b$i::1 encaplimit none
		x ip link set t$i up
	done
}

# configure CONFIG MNS FLOWS
configure() {
	local cfg=$1 mns=$2 flows=$3 i
	fresh
	case $cfg in
	plain)
		x ip -6 route add $MNNET dev out0
		;;
	tunnel)
		tunnels
		x ip -6 route add $MNNET dev t1
		;;
	iprule)
		tunnels
		x ip -6 route add $MNNET dev t1 table 101
		x ip -6 route add $MNNET dev t2 table 102
		flow_list "$mns" "$flows" | awk '{ printf "rule add pref %d to %s/64 ipproto udp sport %d table %d\n", 1000 + $1, $2, $3, 100 + $4 }' |
			x ip -6 -batch -
		;;
	nftmark)
		tunnels
		x ip -6 route add $MNNET dev t1 table 101
		x ip -6 route add $MNNET dev t2 table 102
		x ip -6 rule add pref 1000 fwmark 1 table 101
		x ip -6 rule add pref 1001 fwmark 2 table 102
		x nft -f - <<-EOF
		table ip6 pmipbench {
		  map flows {
		    type ipv6_addr . inet_service : mark
		  }
		  chain pre {
		    type filter hook prerouting priority mangle; policy accept;
		    meta l4proto udp meta mark set ip6 daddr . udp sport map @flows
		  }
		}
		EOF
		flow_list "$mns" "$flows" | awk -v batch=$NFT_BATCH -v dir=/tmp/pmipbench.nft. '
			$1 % batch == 0 { if (f) { print " }" > f; close(f) }
				f = sprintf("%s%08d", dir, $1 / batch)
				printf "add element ip6 pmipbench flows { " > f; sep = "" }
			{ printf "%s%s1 . %d : %d", sep, $2, $3, $4 > f; sep = ", " }
			END { if (f) { print " }" > f; close(f) } }'
		for f in /tmp/pmipbench.nft.*; do
			x nft -f "$f"
			rm -f "$f"
		done
		;;
	pmip6)
		x "$LOAD" "$mns" "$flows" $COA1 $COA2 $LMAA >/tmp/pmipbench.load
		grep -v '^memory ' /tmp/pmipbench.load | sed "s/^/$mns $flows /" >>"$OUT/updates.txt"
		x ip link set pmip6 up
		x ip -6 route add $MNNET dev pmip6
		slab_rows "$mns" "$flows" >>"$OUT/memory.csv"
		growth_rows "$mns" </tmp/pmipbench.load >>"$OUT/memory.csv"
		rm -f /tmp/pmipbench.load
		;;
	esac
}

# flow_list MNS FLOWS: "I PREFIX SPORT BID" per flow I, the flows fmcload
# creates: MN I % MNS, source port 10000 + I / MNS, BID 1 and 2 in turn.
flow_list() {
	awk -v mns="$1" -v flows="$2" 'BEGIN { for (i = 0; i < flows; i++) { k = i % mns
		printf "%d 2001:db8:%x:%x:: %d %d\n", i, 16 + int(k / 65536), k % 65536, 10000 + int(i / mns), 1 + i % 2 } }'
}

# slab_rows MNS FLOWS: the module's slab caches now (SLAB_NO_MERGE on 6.12
# keeps them apart): objects, object size, and the pages they occupy.
slab_rows() {
	x cat /proc/slabinfo 2>/dev/null | awk -v m="$1" -v f="$2" -v page="$(getconf PAGESIZE)" \
		'$1 ~ /^pmip6_/ { print $1 "," m "," f "," $2 "," $4 "," $15 * $6 * page }'
}

# growth_rows MNS < fmcload's output: what its FMC phase added to the
# kernel's slab, vmalloc and per-CPU memory (the entries' counters), as
# rows fmc_slab, fmc_vmalloc and fmc_percpu: entries, bytes per entry,
# bytes in all. Whole-kernel figures, so they count every allocation an
# entry causes whatever its cache. The vmalloc growth's two parts follow
# as fmc_vmalloc_index (the index's bucket arrays once too large for
# kmalloc) and fmc_vmalloc_percpu (new per-CPU chunks' memcg bookkeeping).
growth_rows() {
	awk -v m="$1" '$1 == "memory" && $3 > 0 {
		printf "fmc_slab,%d,%d,%d,%d,%d\n", m, $3, $3, $5 / $3, $5
		printf "fmc_vmalloc,%d,%d,%d,%d,%d\n", m, $3, $3, $7 / $3, $7
		printf "fmc_percpu,%d,%d,%d,%d,%d\n", m, $3, $3, $9 / $3, $9
		if ($11 >= 0 && $13 >= 0) {
			printf "fmc_vmalloc_index,%d,%d,%d,%d,%d\n", m, $3, $3, $11 / $3, $11
			printf "fmc_vmalloc_percpu,%d,%d,%d,%d,%d\n", m, $3, $3, $13 / $3, $13
		} }'
}

tx_packets() { x cat /sys/class/net/out0/statistics/tx_packets; }

# packets CONFIG FLOWS: packets per run; iprule's per-packet cost grows
# with its rules, so its runs shrink to keep their time about the same.
packets() {
	local n=$COUNT
	if [ "$1" = iprule ] && [ "$2" -gt 64 ]; then
		n=$((COUNT * 64 / $2))
		[ $n -ge 1000 ] || n=1000
	fi
	echo "$n"
}

# measure CONFIG MNS FLOWS REP: one pktgen run
measure() {
	local cfg=$1 mns=$2 flows=$3 rep=$4 mac before after res pps ns count
	local per_mn=$(( (flows + mns - 1) / mns ))
	count=$(packets "$cfg" "$flows")
	mac=$(x cat /sys/class/net/in0/address)
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device in0"
	pg in0 "xmit_mode netif_receive"
	pg in0 "count $count"
	pg in0 "pkt_size 100"
	pg in0 "src6 $CN"
	if [ "$mns" -gt 1 ]; then
		# Random MN prefixes 0..MNS-1 (MNS a power of 2).
		pg in0 "dst6_min $(mn_addr 0)"
		pg in0 "dst6_max $(mn_addr $((mns - 1)))"
	else
		pg in0 "dst6 $(mn_addr 0)"
	fi
	pg in0 "dst_mac $mac"
	pg in0 "udp_src_min 10000"
	pg in0 "udp_src_max $((10000 + per_mn - 1))"
	pg in0 "udp_dst_min 5001"
	pg in0 "udp_dst_max 5001"
	before=$(tx_packets)
	pg pgctrl "start"
	after=$(tx_packets)
	res=$(x cat /proc/net/pktgen/in0)
	pps=$(echo "$res" | sed -n 's/.* \([0-9]*\)pps .*/\1/p' | head -1)
	if [ $((after - before)) -ne "$count" ] || [ -z "$pps" ] || [ "$pps" = 0 ]; then
		log "$cfg mns=$mns flows=$flows rep=$rep: $((after - before)) of $count packets left the LMA; sample refused"
		echo "$res" | sed 's/^/#   /' >&2
		return 1
	fi
	ns=$((1000000000 / pps))
	echo "$cfg,$mns,$flows,$rep,$count,$ns,$pps" | tee -a "$OUT/fastpath.csv"
}

# mn_addr K: address ::1 of MN K's prefix.
mn_addr() { printf '%s:%x:%x::1' $P $((16 + $1 / 65536)) $(($1 % 65536)); }

echo "config,mns,flows,rep,packets,ns_per_packet,pps" >"$OUT/fastpath.csv"
echo "config,mns,flows,seconds" >"$OUT/configure.csv"
echo "cache,mns,flows,active_objs,objsize,slab_bytes" >"$OUT/memory.csv"
: >"$OUT/updates.txt"
run() {
	local cfg=$1 mns=$2 flows=$3 rep t0 t1
	log "configure $cfg mns=$mns flows=$flows"
	t0=$(date +%s.%N)
	configure "$cfg" "$mns" "$flows"
	t1=$(date +%s.%N)
	awk -v c="$cfg" -v m="$mns" -v f="$flows" -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%s,%d,%d,%.3f\n", c, m, f, b - a }' | tee -a "$OUT/configure.csv" >&2
	for ((rep = 1; rep <= REPS; rep++)); do
		measure "$cfg" "$mns" "$flows" "$rep" || true
	done
}

# sweep MNS FLOWS: every configuration at one point, interleaved, so that
# a slow phase of the emulator hits them alike.
sweep() {
	local mns=$1 flows=$2 cfg
	for cfg in $CONFIGS; do
		if [ "$cfg" = iprule ] && [ "$flows" -gt "$IPRULE_MAX" ]; then
			log "iprule at $flows flows skipped (PMIP6_BENCH_IPRULE_MAX=$IPRULE_MAX)"
			continue
		fi
		run "$cfg" "$mns" "$flows"
	done
}

for flows in $FLOWS; do
	sweep $(( flows > 64 ? flows / 64 : 1 )) "$flows"
done
# The MN dimension: one flow per MN.
for mns in $MNS_SWEEP; do
	sweep "$mns" "$mns"
done

x cat /proc/slabinfo | awk '$1 ~ /^pmip6_/' >&2 || true
{
	echo "phase,mns,flows,entries,seconds,per_second"
	awk '{print $3 "," $1 "," $2 "," $4 "," $6 "," $8}' "$OUT/updates.txt"
} >"$OUT/updates.csv"
ip netns del lma
log "done"
