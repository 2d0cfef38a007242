# SPDX-License-Identifier: GPL-2.0
#
# A PMIPv6 domain of network namespaces run by pmipd, shared by the
# daemon tests (pmipd_e2e.sh, flowmob_*.sh); source it after lib.sh.
#
#                      +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#       (the MNs, each |  mag1 |-----------------| lma |-------------| cn |
#        test its own) +------+                 +-----+             +----+
#                      +------+ f2::2     f2::1    |
#                      | mag2 |--------------------'
#                      +------+
#
#   2001:db8:...; LMAA a::1, Proxy-CoAs b1::1 (mag1), b2::1 (mag2) on lo
#
# The caller sets NS (every namespace, the MNs' names starting with "mn")
# and TMP, writes $TMP/NODE.conf for each daemon, and calls domain_up.

# The ASan/UBSan build when there is one (make user-san): a leak or an
# undefined behaviour in a daemon then fails the test.
if [ -z "${PMIPD:-}" ] && [ -x "$PWD/build/user-san/pmipd" ]; then
	PMIPD=$PWD/build/user-san/pmipd
fi
PMIPD=${PMIPD:-$PWD/user/pmipd}
PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
P=2001:db8
LMAA=$P:a::1
COA1=$P:b1::1
COA2=$P:b2::1
CN=$P:c::2
UDP=$PWD/selftests/netns/udp.py

pids=()
domain_cleanup() {
	set +e
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; kill -CONT "$p" 2>/dev/null; done
	wait 2>/dev/null
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	for f in "$TMP"/*.log; do [ -f "$f" ] && sed "s|^|# $(basename "$f"): |" "$f"; done
	# The captures, for a look after the run (the VM's job directory).
	[ -d "${PMIP6_ARTIFACTS:-/tmp/job}" ] && cp "$TMP"/*.pcap "${PMIP6_ARTIFACTS:-/tmp/job}/" 2>/dev/null
	rm -rf "$TMP"
}

# ctl NS ARGS...: pmipctl in NS.
ctl() { nsq "$1" "$PMIPCTL" "${@:2}"; }
# py NS EXPR ARGS...: EXPR over d, the JSON that pmipctl -j ARGS printed.
py() {
	local ns=$1 expr=$2; shift 2
	ctl "$ns" -j "$@" | python3 -c "import json,sys; d=json.load(sys.stdin); print($expr)"
}
# For the tests of one MN whose NAI is $MN: the BIDs of its bindings at
# the LMA, the packets a MAG's BUL entry sent it, and what a udp.py
# receiver in mn1 counted on PORT ($TMP/mn1.PORT).
lma_bids() { py lma "sorted(b['bid'] for b in d if b['mn'] == '$MN')" daemon bindings; }
bul_tx() { py "$1" "[b['counters']['packets_tx'] for b in d if b['mn_id'] == '$MN'][0]" bul; }
received() { cat "$TMP/mn1.$1"; }
# is VALUE CMD...: CMD prints VALUE (for wait_for).
is() { [ "$("${@:2}")" = "$1" ]; }

# domain_link NS1 IF1 NS2 IF2: a veth pair, both ends up.
domain_link() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	nsq "$1" ip link set "$2" up
	nsq "$3" ip link set "$4" up
}

# domain_up: the namespaces, the core links and addresses of the drawing.
domain_up() {
	local ns i
	for ns in "${NS[@]}"; do
		ip netns add "$ns"
		nsq "$ns" ip link set lo up
		nsq "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
		nsq "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
		# MNs are hosts: they take RAs; everything else routes.
		[[ $ns == mn* ]] || nsq "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
	done
	domain_link mag1 f1 lma lf1
	domain_link mag2 f2 lma lf2
	domain_link lma lc cn c0
	nsq lma ip addr add $LMAA/128 dev lo
	nsq lma ip addr add $P:f1::1/64 dev lf1
	nsq lma ip addr add $P:f2::1/64 dev lf2
	nsq lma ip addr add $P:c::1/64 dev lc
	nsq lma ip -6 route add $COA1/128 via $P:f1::2
	nsq lma ip -6 route add $COA2/128 via $P:f2::2
	nsq cn ip addr add $CN/64 dev c0
	nsq cn ip -6 route add default via $P:c::1
	for i in 1 2; do
		nsq mag$i ip addr add "$P:b$i::1/128" dev lo
		nsq mag$i ip addr add "$P:f$i::2/64" dev "f$i"
		nsq mag$i ip -6 route add default via "$P:f$i::1"
	done
}

# domain_mn_link MN IF MAC MAG ACC: the MN's interface (left down) to an
# access link of MAG (up).
domain_mn_link() {
	ip link add "$2" netns "$1" address "$3" type veth peer name "$5" netns "$4"
	nsq "$4" ip link set "$5" up
}

# start_pmipd NS: pmipd with $TMP/NS.conf, its log and capture in $TMP;
# its pid in pid_NS.
start_pmipd() {
	ip netns exec "$1" "$PMIPD" -f -c "$TMP/$1.conf" --pcap "$TMP/$1.pcap" \
		>>"$TMP/$1.log" 2>&1 &
	pids+=($!)
	eval "pid_$1=$!"
	wait_for 20 ctl "$1" daemon show >/dev/null
}

# stop_pmipd NS: SIGTERM; it must exit 0 (a sanitizer report does not).
stop_pmipd() {
	local var=pid_$1
	kill "${!var}"
	wait "${!var}" || { echo "# pmipd in $1 exited with $?"; return 1; }
}

# rs MN IF MAC: the Router Solicitation the MN's L2 attach would send.
rs() {
	pretty "$1" "router solicitation on $2 from $3"
	nsq "$1" python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
mac = bytes.fromhex(sys.argv[2].replace(":", ""))
s.sendto(bytes([133, 0, 0, 0, 0, 0, 0, 0, 1, 1]) + mac,
         ("ff02::2", 0, 0, socket.if_nametoindex(sys.argv[1])))' "$2" "$3"
}

# mh_count NS FILTER: messages in NS's capture matching a display filter,
# decoded by tshark's mip6 and the project's dissector (pmip6.* fields,
# user/wireshark/pmip6.lua: UPN/UPA reasons, FID, selectors, HI 6, L flag).
mh_count() {
	tshark -X lua_script:"$PWD/user/wireshark/pmip6.lua" -r "$TMP/$1.pcap" -Y "$2" \
		2>/dev/null | wc -l
}
# mh_clean NS: every message in NS's capture decodes without complaint.
mh_clean() {
	[ "$(mh_count "$1" "_ws.malformed || _ws.expert.severity >= warning || pmip6.malformed || pmip6.bug")" = 0 ]
}

# no_sanitizer_report: none in the daemons' logs.
no_sanitizer_report() {
	not grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$TMP"/*.log
}

# xfrm_stat NS NAME: the counter NAME of NS's /proc/net/xfrm_stat
# (CONFIG_XFRM_STATISTICS), e.g. XfrmInStateSeqError (replayed ESP).
xfrm_stat() { nsq "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/xfrm_stat; }
