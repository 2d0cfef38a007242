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
# MNS = N / 64 MNs (at least 1; N a power of 2), 2001:db8:1:K::/64 for
# K < MNS, and pktgen picks the MN at random and cycles the ports.
#
# Output: CSV lines on stdout and in $OUT/fastpath.csv:
#   config,mns,flows,rep,packets,ns_per_packet,pps
# and $OUT/memory.csv, $OUT/updates.csv (see the end).
set -euo pipefail
OUT=${1:-/tmp/job}
REPS=${PMIP6_BENCH_REPS:-5}
COUNT=${PMIP6_BENCH_COUNT:-200000}
FLOWS=${PMIP6_BENCH_FLOWS:-1,64,1024,4096}
FLOWS=${FLOWS//,/ }
IPRULE_MAX=${PMIP6_BENCH_IPRULE_MAX:-4096}
LOAD=$PMIP6_SRC/build/bench/fmcload
P=2001:db8
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
		x ip -6 route add $P:1::/48 dev out0
		;;
	tunnel)
		tunnels
		x ip -6 route add $P:1::/48 dev t1
		;;
	iprule)
		tunnels
		x ip -6 route add $P:1::/48 dev t1 table 101
		x ip -6 route add $P:1::/48 dev t2 table 102
		for ((i = 0; i < flows; i++)); do
			echo "rule add pref $((1000 + i)) to $(mn_prefix $((i % mns)))/64 ipproto udp sport $((10000 + i / mns)) table $((101 + i % 2))"
		done | x ip -6 -batch -
		;;
	nftmark)
		tunnels
		x ip -6 route add $P:1::/48 dev t1 table 101
		x ip -6 route add $P:1::/48 dev t2 table 102
		x ip -6 rule add pref 1000 fwmark 1 table 101
		x ip -6 rule add pref 1001 fwmark 2 table 102
		{
			echo "table ip6 pmipbench {"
			echo "  map flows {"
			echo "    type ipv6_addr . inet_service : mark"
			printf "    elements = { "
			for ((i = 0; i < flows; i++)); do
				printf "%s%s1 . %d : %d" "$([ $i -gt 0 ] && echo ", ")" \
					"$(mn_prefix $((i % mns)))" $((10000 + i / mns)) $((1 + i % 2))
			done
			echo " }"
			echo "  }"
			echo "  chain pre {"
			echo "    type filter hook prerouting priority mangle; policy accept;"
			echo "    meta l4proto udp meta mark set ip6 daddr . udp sport map @flows"
			echo "  }"
			echo "}"
		} >/tmp/pmipbench.nft
		x nft -f /tmp/pmipbench.nft
		;;
	pmip6)
		x "$LOAD" "$mns" "$flows" $COA1 $COA2 $LMAA >>"$OUT/updates.txt"
		x ip link set pmip6 up
		x ip -6 route add $P:1::/48 dev pmip6
		;;
	esac
}

mn_prefix() { printf '%s:1:%x::' $P "$1"; }

tx_packets() { x cat /sys/class/net/out0/statistics/tx_packets; }

# measure CONFIG MNS FLOWS REP: one pktgen run
measure() {
	local cfg=$1 mns=$2 flows=$3 rep=$4 mac before after res pps ns
	local per_mn=$(( (flows + mns - 1) / mns ))
	mac=$(x cat /sys/class/net/in0/address)
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device in0"
	pg in0 "xmit_mode netif_receive"
	pg in0 "count $COUNT"
	pg in0 "pkt_size 100"
	pg in0 "src6 $CN"
	if [ "$mns" -gt 1 ]; then
		# Random MN prefixes 2001:db8:1:0..MNS-1::1 (MNS a power of 2).
		pg in0 "dst6_min $P:1:0::1"
		pg in0 "dst6_max $P:1:$(printf %x $((mns - 1)))::1"
	else
		pg in0 "dst6 $P:1:0::1"
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
	if [ $((after - before)) -ne "$COUNT" ] || [ -z "$pps" ] || [ "$pps" = 0 ]; then
		log "$cfg mns=$mns flows=$flows rep=$rep: $((after - before)) of $COUNT packets left the LMA; sample refused"
		echo "$res" | sed 's/^/#   /' >&2
		return 1
	fi
	ns=$((1000000000 / pps))
	echo "$cfg,$mns,$flows,$rep,$COUNT,$ns,$pps" | tee -a "$OUT/fastpath.csv"
}

echo "config,mns,flows,rep,packets,ns_per_packet,pps" >"$OUT/fastpath.csv"
: >"$OUT/updates.txt"
run() {
	local cfg=$1 mns=$2 flows=$3 rep
	log "configure $cfg mns=$mns flows=$flows"
	configure "$cfg" "$mns" "$flows"
	for ((rep = 1; rep <= REPS; rep++)); do
		measure "$cfg" "$mns" "$flows" "$rep" || true
	done
}

# Side by side: the configurations interleaved at each flow count, so
# that a slow phase of the emulator hits them alike.
for flows in $FLOWS; do
	mns=$(( flows > 64 ? flows / 64 : 1 ))
	for cfg in plain tunnel iprule nftmark pmip6; do
		if [ "$cfg" = iprule ] && [ "$flows" -gt "$IPRULE_MAX" ]; then
			log "iprule at $flows flows skipped (PMIP6_BENCH_IPRULE_MAX=$IPRULE_MAX)"
			continue
		fi
		run "$cfg" "$mns" "$flows"
	done
done

# Memory: the module's slab caches (SLAB_NO_MERGE on 6.12 keeps them
# apart) with the last, largest pmip6 configuration still loaded.
{
	echo "cache,active_objs,objsize"
	x cat /proc/slabinfo 2>/dev/null | awk '$1 ~ /^pmip6_/ {print $1 "," $2 "," $4}'
} >"$OUT/memory.csv"
x cat /proc/slabinfo | awk '$1 ~ /^pmip6_/' >&2 || true
{
	echo "phase,entries,seconds,per_second"
	awk '{print $1 "," $2 "," $4 "," $6}' "$OUT/updates.txt"
} >"$OUT/updates.csv"
ip netns del lma
log "done"
