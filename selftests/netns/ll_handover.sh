#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The MN's default router does not change at a handover (RFC 5213 6.8,
# 6.9.3, issue 17 point 9). An MN with one interface (its MAC, its
# addresses) is re-plugged from mag1's access link to mag2's: two distinct
# links, whose MAG ends have different MACs. The CN pings the MN
# throughout; the replies go up through the MN's default router.
#
#  1. per session (the default): mag1's PBU asks for the session's
#     link-local address (Link-local Address option, ALL_ZERO), the LMA
#     generates it, mag2's PBU at the handover asks again and gets the
#     same one (5.3.6); the MN's default router is that address before
#     and after, its neighbour entry follows mag2's RA (the new MAC in its
#     Source Link-Layer Address option), and the pings resume without
#     waiting for NUD to give up the old router (DELAY_FIRST_PROBE_TIME is
#     5 s, RFC 4861 10): the longest gap is below that;
#  2. fixed (9.3): fixed-mag-link-local and fixed-mag-link-layer, no
#     option in the PBUs: the same router address and the same MAC on
#     both links;
#  3. for comparison, link-local-option off (each MAG its own access
#     link's address): the MN gets a second default router at the
#     handover; the loss is reported.
#
#           sw: br1 -- a1 ------ acc1 +------+ f1::2     f1::1 +-----+     +----+
#   +-----+     |                     | mag1 |-----------------| lma |-----| cn |
#   | mn1 |- mp (re-plugged)          +------+                 +-----+     +----+
#   +-----+     |                     +------+ f2::2     f2::1    |
#           sw: br2 -- a2 ------ acc1 | mag2 |--------------------'
#                                     +------+
#
#   2001:db8:...; LMAA a::1, Proxy-CoAs b1::1, b2::1; mn1: MAC
#   02:00:00:00:01:01, HNP 2001:db8:1:1::/64; sw: two bridges, the MN's
#   veth end (mp) in one of them.
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -Eeuo pipefail
# -E: the trap fires in the functions too; the daemons' logs first, in
# case the cleanup does not get that far.
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2; trap - ERR; diag' ERR

TMP=$(mktemp -d)
NS=(mn1 sw mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
N1=mn1@example.com
MAC=02:00:00:00:01:01
FIXED_LL=fe80::5213:1
FIXED_MAC=02:00:5e:52:13:01
PING_INTERVAL=0.1
NUD_DELAY_MS=5000	# RFC 4861 10 DELAY_FIRST_PROBE_TIME

# diag: where each pmipd is, and their logs so far.
diag() {
	local p
	for p in $(pgrep -x pmipd); do
		echo "# pmipd $p: $(ps -o stat=,wchan:32= -p "$p") syscall $(cat /proc/$p/syscall 2>/dev/null)"
	done
	for f in "$TMP"/*.log; do [ -f "$f" ] && sed "s|^|# $(basename "$f"): |" "$f"; done
	return 0
}
# py with a deadline: a daemon that does not answer fails the test (with
# diag) instead of hanging it.
py() {
	local ns=$1 expr=$2 out; shift 2
	out=$(timeout 20 ip netns exec "$ns" "$PMIPCTL" -j "$@") ||
		{ echo "# pmipctl $* in $ns: no answer" >&2; return 1; }
	python3 -c "import json,sys; d=json.load(sys.stdin); print($expr)" <<<"$out"
}
replies() { local n; n=$(grep -c "bytes from" "$1" 2>/dev/null) || true; echo "${n:-0}"; }
mag_state() { py "$1" "[m['state'] for m in d if m['mn'] == '$N1'] or ['none']" daemon bindings | tr -d "[]'"; }
lma_coa() { py lma "[b['proxy_coa'] for b in d if b['mn'] == '$N1' and b['state'] == 'registered'] or ['none']" daemon bindings | tr -d "[]'"; }
lma_ll() { py lma "[b['mag_link_local'] for b in d if b['mn'] == '$N1'][0]" daemon bindings; }
mag_ll() { py "$1" "[m['mag_link_local'] for m in d if m['mn'] == '$N1'][0]" daemon bindings; }
# The MN's default routers ("fe80::... fe80::..."), its neighbour entry's
# MAC for one, its global address.
routers() { nsq mn1 ip -6 route show default dev m1 | awk '{print $3}' | sort | xargs; }
has_router() { [ -n "$(routers)" ]; }
router_mac() { nsq mn1 ip -6 neigh show dev m1 "$1" | awk '{print $3}'; }
mn_global() { nsq mn1 ip -6 -o addr show dev m1 scope global | awk '{print $4}' | cut -d/ -f1 | head -1; }
has_global() { [ -n "$(mn_global)" ]; }
acc_mac() { nsq "$1" cat /sys/class/net/acc1/address; }
# acc_has NS ADDR: NS's access interface has the address ADDR/64.
acc_has() { [[ $(nsq "$1" ip -6 addr show dev acc1) == *"inet6 $2/64 "* ]]; }
# plug BRIDGE: the MN's port into sw's BRIDGE (its own interface, MAC and
# carrier stay: only the link behind the bridge changes), and the Router
# Solicitation its link layer's attachment would make it send.
plug() {
	nsq sw ip link set mp nomaster
	nsq sw ip link set mp master "$1"
	rs mn1 m1 $MAC
}
# fresh_mn: no router, no neighbour, no address left from a phase before.
fresh_mn() {
	nsq mn1 ip -6 route flush dev m1 proto ra 2>/dev/null || true
	nsq mn1 ip -6 addr flush dev m1 scope global
	nsq mn1 ip -6 neigh flush dev m1
}

mag_conf() {
	local i
	for i in 1 2; do
		cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $P:b$i::1
lma $LMAA
lifetime 30
access acc1
ra-interval 5
nud-probes 1			# the old MAG's presence check, short
nud-interval 300
mn $N1 ll-id $MAC
$1
EOF
	done
}

# handover NAME: the MN attached at mag1 (plugged into br1), the CN's
# pings, the MN re-plugged into br2: then mag2 serves it. Sets before,
# after (the MN's default routers), lost and gap_ms (the longest run of
# lost pings, in ms).
handover() {
	local n sent got
	wait_for 20 is bound mag_state mag1
	wait_for 20 has_router
	wait_for 20 has_global
	before=$(routers)
	mac_before=$(router_mac "${before%% *}")
	echo "# $1: default router $before (at $mac_before) via mag1 ($(acc_mac mag1))"
	# ip netns exec execs ping: $! is ping's own pid (SIGTERM; a
	# background job ignores SIGINT).
	ip netns exec cn ping -6 -n -i $PING_INTERVAL -W 1 "$(mn_global)" >"$TMP/ping.$1" 2>&1 &
	ping_pid=$!
	pids+=($ping_pid)
	wait_for 10 atleast 10 replies "$TMP/ping.$1"
	echo "# $1: the MN's port moves to br2 (mag2's access link)"
	plug br2
	wait_for 20 is bound mag_state mag2
	wait_for 10 is "$COA2" lma_coa
	wait_for 20 is none mag_state mag1
	# 10 s of replies more: long enough for a switch to the new router
	# by NUD (5 s, then 3 probes 1 s apart) when the old one stays.
	n=$(replies "$TMP/ping.$1")
	wait_for 20 atleast $((n + 100)) replies "$TMP/ping.$1" ||
		echo "# $1: the pings did not come back"
	kill $ping_pid
	wait $ping_pid || true
	after=$(routers)
	# From the replies: the requests between the first and the last
	# answered one, those answered, the longest run of unanswered ones.
	read -r sent lost gap_ms < <(awk -F'icmp_seq=' '/bytes from/ {
		split($2, a, " "); s = a[1] + 0; n++
		if (first == "") first = s
		if (last != "" && s - last - 1 > max) max = s - last - 1
		last = s }
		END { printf "%d %d %d\n", last - first + 1, last - first + 1 - n,
		      max * 1000 * '$PING_INTERVAL' }' "$TMP/ping.$1")
	echo "# $1: after the handover default router(s) $after; $lost of $sent pings lost, longest gap $gap_ms ms"
}

echo "# topology"
domain_up
nsq mn1 sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0
nsq mn1 sysctl -qw net.ipv6.conf.all.forwarding=0
# The switch has no IPv6 of its own: only the MN and the MAGs talk.
nsq sw sysctl -qw net.ipv6.conf.all.disable_ipv6=1
nsq sw sysctl -qw net.ipv6.conf.default.disable_ipv6=1
for br in br1 br2; do
	nsq sw ip link add $br type bridge mcast_snooping 0
	nsq sw ip link set $br up
done
domain_link mag1 acc1 sw a1
domain_link mag2 acc1 sw a2
nsq sw ip link set a1 master br1
nsq sw ip link set a2 master br2
ip link add m1 netns mn1 address $MAC type veth peer name mp netns sw
nsq sw ip link set mp master br1
nsq sw ip link set mp up
# Two distinct access links: the MAG ends' MACs differ.
[ "$(acc_mac mag1)" != "$(acc_mac mag2)" ]

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
mag $COA1
mag $COA2
lifetime 30
timestamp-window 10000		# a loaded TCG VM is slow
min-delay-before-bce-delete 500
mn $N1 prefix $P:1:1::/64
EOF
start_pmipd lma

echo "# 1. the session's link-local address, from the LMA (RFC 5213 6.8)"
mag_conf ""
start_pmipd mag1
start_pmipd mag2
nsexec mn1 ip link set m1 up
rs mn1 m1 $MAC
wait_for 20 is bound mag_state mag1
ll=$(lma_ll)
echo "# the LMA generated $ll for the session"
[[ $ll == fe80::* ]]
[ "$(mag_ll mag1)" = "$ll" ]
handover per-session
# mag2 asked (ALL_ZERO) and got the same address: the MN's router is it,
# before and after, and no other; its MAC followed mag2's RA.
[ "$(mag_ll mag2)" = "$ll" ]
[ "$(lma_ll)" = "$ll" ]
[ "$before" = "$ll" ]
[ "$after" = "$ll" ]
[ "$mac_before" = "$(acc_mac mag1)" ]
wait_for 10 is "$(acc_mac mag2)" router_mac "$ll"
echo "# the router's neighbour entry now names mag2's MAC $(router_mac "$ll")"
[ "$gap_ms" -lt $NUD_DELAY_MS ]
loss_session=$lost gap_session=$gap_ms
# The PBUs asked for it (the option, ALL_ZERO at the first attachment) and
# the PBAs carried it: decoded by tshark.
[ "$(mh_count mag2 "mip6.bu.p_flag == 1 && mip6.lila_lla == ::")" -ge 1 ]
[ "$(mh_count mag2 "mip6.ba.p_flag == 1 && mip6.lila_lla == $ll")" -ge 1 ]
# The kernel keeps it for a restarted pmipd (PMIP6_A_REGISTRATION_MAG_LL_ADDR).
[ "$(py mag2 "[b['registration']['mag_ll_addr'] for b in d][0]" bul)" = "$ll" ]
[ "$(py lma "[b['registration']['mag_ll_addr'] for b in d][0]" bce)" = "$ll" ]
# The address is mag2's on the access link now, and no longer mag1's.
acc_has mag2 "$ll"
not acc_has mag1 "$ll"

echo "# 2. fixed for the domain (RFC 5213 9.3)"
nsexec mag2 "$PMIPCTL" daemon detach $N1
stop_pmipd mag1
stop_pmipd mag2
mag_conf "fixed-mag-link-local $FIXED_LL
fixed-mag-link-layer $FIXED_MAC"
fresh_mn
nsq sw ip link set mp nomaster
nsq sw ip link set mp master br1
start_pmipd mag1
start_pmipd mag2
# Every access link has both, whatever MN comes.
for m in mag1 mag2; do
	[ "$(acc_mac $m)" = $FIXED_MAC ]
	acc_has $m $FIXED_LL
done
rs mn1 m1 $MAC
handover fixed
[ "$before" = $FIXED_LL ]
[ "$after" = $FIXED_LL ]
[ "$mac_before" = $FIXED_MAC ]
[ "$(router_mac $FIXED_LL)" = $FIXED_MAC ]
[ "$gap_ms" -lt $NUD_DELAY_MS ]
loss_fixed=$lost gap_fixed=$gap_ms
# RFC 5213 6.9.1.1 rule 9: no Link-local Address option in this mode:
# the LMA, which generates one for any MAG that asks, has none.
[ "$(lma_ll)" = None ]

echo "# 3. for comparison: each MAG its own address (link-local-option off)"
nsexec mag2 "$PMIPCTL" daemon detach $N1
stop_pmipd mag1
stop_pmipd mag2
for m in mag1 mag2; do
	# The fixed phase's addresses go (pmipd leaves them at a stop).
	nsq $m ip -6 addr del $FIXED_LL/64 dev acc1
	nsq $m ip link set acc1 address "02:00:00:00:0b:0${m#mag}"
done
mag_conf "link-local-option off"
fresh_mn
nsq sw ip link set mp nomaster
nsq sw ip link set mp master br1
start_pmipd mag1
start_pmipd mag2
rs mn1 m1 $MAC
handover own-address
# The MN now has mag2's router too, beside mag1's.
[ "$after" != "$before" ]
loss_own=$lost gap_own=$gap_ms

echo "# lost pings (longest gap): per session $loss_session ($gap_session ms), fixed $loss_fixed ($gap_fixed ms), each MAG its own address $loss_own ($gap_own ms)"
domain_finish lma mag1 mag2
echo "# ok"
