# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the netns test scripts; source it, don't run it.

# pretty NS CMD...: echo a command tagged with the namespace it runs in
# (on stderr, so that $(...) around a command captures only its output).
pretty() { echo "# [$1] ${*:2}" >&2; }
# nsexec NS CMD...: run CMD in NS, echoed first.
nsexec() { local ns=$1; shift; pretty "$ns" "$*"; ip netns exec "$ns" "$@"; }
# nsq NS CMD...: the same, quietly, for polling.
nsq() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# `! cmd` never trips set -e; this does.
not() { if "$@"; then return 1; fi; }
# atleast N CMD...: CMD prints a number >= N (for wait_for, which must
# run CMD anew each time rather than get its output once).
atleast() { local n=$1 v; shift; v=$("$@") && [ "$v" -ge "$n" ]; }
# wait_for SECONDS CMD...: poll CMD until it succeeds or time runs out.
# SECONDS is what a lone VM needs; it is stretched by PMIP6_WAIT_SCALE
# (default 3) because the VM is emulated and may share the host's cores
# with another one (scripts/test.sh runs the kernels side by side). A
# wait that succeeds returns as soon as it does, so this costs nothing
# unless the test is failing anyway.
wait_for() {
	local deadline=$((SECONDS + $1 * ${PMIP6_WAIT_SCALE:-3})); shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# netns_add NS...: fresh namespaces, lo up, forwarding on, no DAD (so that
# addresses are usable at once).
netns_add() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns"
		nsq "$ns" ip link set lo up
		nsq "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
		nsq "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
		nsq "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
	done
}
# veth NS1 IF1 NS2 IF2: a veth pair between two namespaces, both ends up.
veth() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	nsq "$1" ip link set "$2" up
	nsq "$3" ip link set "$4" up
}
# prebuilt NAME SOURCE...: the path of build/selftests/NAME ('make
# selftests' builds the helper programs there, warnings as errors) when it
# is newer than each of its sources; fails otherwise. A compiler run costs
# seconds of an emulated VM's CPU, each test that needs one.
prebuilt() {
	local bin=$PWD/build/selftests/$1 src
	shift
	[ -x "$bin" ] || return 1
	for src in "$@"; do
		[ "$bin" -nt "$src" ] || return 1
	done
	echo "$bin"
}
# nlprog_build DIR: the path of nlprog (selftests/netns/nlprog.c), built
# into DIR unless prebuilt (run from the repository root).
NLPROG_SRCS=(selftests/netns/nlprog.c selftests/netlink/rawnl.c selftests/netlink/rawnl.h
	include/uapi/linux/pmip6.h)
nlprog_build() {
	prebuilt nlprog "${NLPROG_SRCS[@]}" && return
	cc -Wall -O2 -I"$PWD/include/uapi" -I"$PWD/selftests/netlink" \
		-o "$1/nlprog" "${NLPROG_SRCS[@]::2}"
	echo "$1/nlprog"
}
# mhinject_build DIR: the path of mhinject (selftests/netns/mhinject.c),
# the hand-made Mobility Header sender, built into DIR unless prebuilt
# (run from the repository root).
MHINJECT_SRCS=(selftests/netns/mhinject.c user/mh/mh_msg.c user/mh/mh_opt.c user/mh/mh_ts.c
	user/mh/mh_checksum.c user/mh/mh_pcap.c user/mh/mh_strerror.c)
mhinject_build() {
	prebuilt mhinject "${MHINJECT_SRCS[@]}" user/mh/*.h && return
	cc -std=c11 -D_GNU_SOURCE -Wall -O2 -o "$1/mhinject" "${MHINJECT_SRCS[@]}"
	echo "$1/mhinject"
}
# cap_start NS IF FILE [TCPDUMP-ARG...]: tcpdump on IF in NS into FILE
# (pcap), written packet by packet; returns once tcpdump listens. Stop it
# with cap_stop.
cap_start() {
	ip netns exec "$1" tcpdump -i "$2" -U -n -w "$3" "${@:4}" 2>"$3.log" &
	echo $! >"$3.pid"
	wait_for 10 grep -q 'listening on' "$3.log"
}
# cap_stop FILE: ends the capture cap_start started into FILE.
cap_stop() {
	local pid
	pid=$(cat "$1.pid")
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
# cap_count FILE FILTER: packets of the capture FILE that match the
# tcpdump FILTER.
cap_count() { tcpdump -r "$1" -n "$2" 2>/dev/null | wc -l; }
# cap_wait FILE N FILTER: waits until the capture FILE holds N packets
# matching FILTER. A receiver can have a packet before tcpdump has read it
# from its ring: wait for the last expected ones before cap_stop.
cap_wait() { wait_for 10 atleast "$2" cap_count "$1" "$3"; }
# slab_objs CACHE: objects in use in the kmem cache CACHE (0 if it does
# not exist). SLUB counts the free objects of per-CPU slabs as in use in
# /proc/slabinfo, so the cache is shrunk first (which flushes them).
slab_objs() {
	local shrink=/sys/kernel/slab/$1/shrink
	[ -w "$shrink" ] && echo 1 >"$shrink"
	awk -v c="$1" '$1 == c { n = $2 } END { print n + 0 }' /proc/slabinfo
}
