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
# PMIPD_WRAP: a command prefix for it (e.g. env VAR=... for one start).
# PMIPD_ARGS: more options (e.g. --keep-state).
start_pmipd() {
	ip netns exec "$1" ${PMIPD_WRAP:-} "$PMIPD" -f -c "$TMP/$1.conf" --pcap "$TMP/$1.pcap" \
		${PMIPD_ARGS:-} >>"$TMP/$1.log" 2>&1 &
	pids+=($!)
	eval "pid_$1=$!"
	wait_for 20 ctl "$1" daemon show >/dev/null 2>&1
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

# domain_finish NS...: stop these daemons (each must exit 0); then no
# sanitizer report, and every message they captured decodes.
domain_finish() {
	local ns
	for ns in "$@"; do stop_pmipd "$ns"; done
	no_sanitizer_report
	for ns in "$@"; do mh_clean "$ns"; done
}

# no_sanitizer_report: none in the daemons' logs.
no_sanitizer_report() {
	not grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$TMP"/*.log
}

# domain_mag3_up: a third MAG (for localized routing tests, where a
# handover must keep the MNs on different MAGs), after domain_up with mag3
# in NS: f3::2 on mag3, f3::1 on the LMA, Proxy-CoA b3::1.
COA3=$P:b3::1
domain_mag3_up() {
	domain_link mag3 f3 lma lf3
	nsq lma ip addr add $P:f3::1/64 dev lf3
	nsq lma ip -6 route add $COA3/128 via $P:f3::2
	nsq mag3 ip addr add "$COA3/128" dev lo
	nsq mag3 ip addr add "$P:f3::2/64" dev f3
	nsq mag3 ip -6 route add default via "$P:f3::1"
}

# Localized routing, for the tests that set it up (ro_*.sh, ipsec_*.sh):
# a MAG's RO states and their counters (a kernel state's packets rx/tx), a
# MAG's states as "SRC>DST@PEER owner" (addresses short), a daemon's RO
# statistic, an MN's first global address on an interface, and whether a
# message ("SRC>DST:KIND/STATUS/LIFETIME", see ro_kinds) is in a daemon's
# own capture (pmipd wrote it there after decoding and the ESP check).
ro_n() { py "$1" "len(d)" ro; }
ro_ctr() { py "$1" "[r['counters']['packets_$2'] for r in d][0]" ro; }
ro_k() {
	py "$1" "' '.join(sorted('%s>%s@%s %s' % (r['src_hnp'], r['dst_hnp'],
		r['peer_addr'], r['owner']) for r in d)).replace('2001:db8:', '')" ro
}
rstat() { py "$1" "d['stats']['$2']" daemon ro; }
# no_ro NS: no kernel RO state in NS (pmipctl alone: a poll that starts no
# python keeps the timing checks tight in the emulated VM).
# by_peer MAG: the states MAG deleted on its peer MAG's lifetime-0 RO Setup.
no_ro() { [ "$(nsq "$1" "$PMIPCTL" -j ro)" = "[]" ]; }
by_peer() { grep -c "ended: deleted by the peer MAG (RO Setup, lifetime 0)" "$TMP/$1.log" || true; }
# peer_deleted OLD PEER BEFORE: OLD drops its state, and PEER, told by OLD's
# lifetime-0 RO Setup (BEFORE: by_peer PEER earlier), drops its own within
# 2 s rather than at its expiry.
peer_deleted() {
	local t0
	wait_for 5 no_ro "$1"
	t0=$SECONDS
	wait_for 5 no_ro "$2"
	echo "# $2's state toward $1 gone $((SECONDS - t0)) s after $1's"
	[ $((SECONDS - t0)) -le 2 ]
	[ "$(by_peer "$2")" = $(($3 + 1)) ]
}
mn_addr() { nsq "$1" ip -6 -o addr show dev "$2" scope global | awk '{print $4}' | cut -d/ -f1 | head -1; }
has_addr() { [ -n "$(mn_addr "$1" "$2")" ]; }
has_ro() { grep -q " $1 " <<<" $(ro_kinds "$TMP/$2.pcap") "; }

# ro_wire_esp MIN: after 20 pings each way MAG to MAG, the LMA's links lf1
# and lf2 (captures $TMP/ro-lf1.cap and $TMP/ro-lf2.cap, started by the
# caller), which carry the MAG-MAG path too: no Mobility Header in the
# clear, at least MIN ESP packets between the MAGs (their RO Setup and
# Setup Ack, draft-loureiro-netext-pmipv6-ro-02 10), the 40 tunnelled pings.
ro_wire_esp() {
	local l clear espmm tun esplma mm="ip6 and ((src $COA1 and dst $COA2) or (src $COA2 and dst $COA1))"
	cap_wait "$TMP/ro-lf1.cap" 20 "ip6 proto 41 and src $COA2 and dst $COA1"
	cap_wait "$TMP/ro-lf2.cap" 20 "ip6 proto 41 and src $COA1 and dst $COA2"
	cap_stop "$TMP/ro-lf1.cap"
	cap_stop "$TMP/ro-lf2.cap"
	for l in lf1 lf2; do
		clear=$(cap_count "$TMP/ro-$l.cap" "ip6 proto 135")
		espmm=$(cap_count "$TMP/ro-$l.cap" "$mm and ip6 proto 50")
		tun=$(cap_count "$TMP/ro-$l.cap" "$mm and ip6 proto 41")
		esplma=$(cap_count "$TMP/ro-$l.cap" "ip6 proto 50 and host $LMAA")
		echo "# $l: $espmm ESP MAG-MAG, $esplma ESP with the LMA, $tun tunnelled MAG-MAG, $clear Mobility Header packets in the clear"
		[ "$clear" = 0 ] && [ "$espmm" -ge "$1" ] && [ "$tun" -ge 40 ] || return 1
	done
}

# ro_kinds PCAP: "SRC>DST:KIND ..." for every localized routing message
# (MH type 11) that pmipd --pcap wrote to PCAP, KIND as in mh.h (1 Trigger,
# 2 Trigger Ack, 3 Init, 4 Init Ack, 5 Setup, 6 Setup Ack, 7 Refresh, 8
# Refresh Ack, 9 Request, 10 Request Ack), with status/lifetime: e.g.
# "a::1>b2::1:3/0/10" (addresses without the 2001:db8: prefix). An RO
# Refresh that names a peer MAG (MAG-ADDR: the first refresh a MAG asks
# for a state a peer's RO Setup wants) ends in "@MAG", e.g.
# "b1::1>a::1:7/0/10@b2::1".
ro_kinds() {
	python3 - "$1" <<'PY'
import ipaddress, struct, sys
b = open(sys.argv[1], 'rb').read()
off, out = 24, []
while off + 16 <= len(b):
    incl = struct.unpack('<I', b[off + 8:off + 12])[0]
    p = b[off + 16:off + 16 + incl]
    off += 16 + incl
    mh = p[40:]
    if len(p) < 56 or p[6] != 135 or mh[2] != 11:
        continue
    a = lambda x: str(ipaddress.IPv6Address(x)).replace('2001:db8:', '')
    kind, status = mh[6], mh[10]
    life = struct.unpack('>H', mh[12:14])[0]
    mag, o, end = '', 16, min(len(mh), (mh[1] + 1) * 8)
    while kind == 7 and o + 2 <= end:
        if mh[o] == 0:
            o += 1
            continue
        if mh[o] == 51 and mh[o + 1] == 18:
            mag = '@' + a(mh[o + 4:o + 20])
        o += 2 + mh[o + 1]
    out.append('%s>%s:%d/%d/%d%s' % (a(p[8:24]), a(p[24:40]), kind, status, life, mag))
print(' '.join(out))
PY
}

# domain_lma2_up: a second LMA (lma2 in NS), LMAA a2::1, behind the first
# on a core link (x::1 lma, x::2 lma2), anchoring the MNs of
# 2001:db8:2::/48 (HNP2_POOL): the LMA routes that prefix and a2::1 to
# lma2, lma2 routes everything else back.
LMAA2=$P:a2::1
HNP2_POOL=$P:2::/48
domain_lma2_up() {
	domain_link lma lx lma2 x0
	nsq lma ip addr add $P:ff::1/64 dev lx
	nsq lma2 ip addr add $P:ff::2/64 dev x0
	nsq lma2 ip addr add $LMAA2/128 dev lo
	nsq lma ip -6 route add $LMAA2/128 via $P:ff::2
	nsq lma ip -6 route add $HNP2_POOL via $P:ff::2
	nsq lma2 ip -6 route add default via $P:ff::1
}
# xfrm_stat NS NAME: the counter NAME of NS's /proc/net/xfrm_stat
# (CONFIG_XFRM_STATISTICS), e.g. XfrmInStateSeqError (replayed ESP).
xfrm_stat() { nsq "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/xfrm_stat; }
