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
#     and after, and no other; its neighbour entry takes the new MAC from
#     mag2's RA (Source Link-Layer Address option), so the pings resume
#     with that RA instead of waiting for NUD to give up the old MAC
#     (DELAY_FIRST_PROBE_TIME 5 s, then the probes, RFC 4861 7.3.3, 10);
#  2. fixed (9.3): fixed-mag-link-local and fixed-mag-link-layer, no
#     option in the PBUs: the same router address and the same MAC on
#     both links, nothing for the MN to learn;
#  3. for comparison, link-local-option off (each MAG its own access
#     link's address): the MN gets a second default router at the
#     handover; the loss, and how long after mag2's RA the pings resumed,
#     are reported.
# What is asserted is the mechanism, not a handover time (which the
# signalling and a loaded host's scheduling make up): the same router,
# its MAC, traffic back, and back within RESUME_MAX_MS of the RA that the
# MN heard from mag2 (both times from the VM's clock, on the MN's side of
# the signalling).
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
# case the cleanup does not get that far. On stderr: a failure inside a
# $(...) must not become part of the value it was to give.
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2; trap - ERR; diag >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 sw mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
# (The cleanup's own failures, a kill of a process gone, are no test's.)
trap 'trap - ERR; domain_cleanup' EXIT
N1=mn1@example.com
MAC=02:00:00:00:01:01
FIXED_LL=fe80::5213:1
FIXED_MAC=02:00:5e:52:13:01
PING_INTERVAL=0.1
# The pings are back this soon after the MN heard mag2's RA: a ping
# interval and a round trip through four namespaces, with room for a
# host whose other VM and CPU hogs hold the cores. Without the RA's new
# MAC, NUD takes DELAY_FIRST_PROBE_TIME (5 s) and its probes.
RESUME_MAX_MS=3000

# diag: where each pmipd is, and their logs so far.
diag() {
	local p
	for p in $(pgrep -x pmipd); do
		echo "# pmipd $p: $(ps -o stat=,wchan:32= -p "$p") syscall $(cat /proc/$p/syscall 2>/dev/null)"
	done
	for f in "$TMP"/*.log; do [ -f "$f" ] && sed "s|^|# $(basename "$f"): |" "$f"; done
	return 0
}
# binding NS KEY: the value after KEY in the line for mn1 of pmipctl's
# "daemon bindings" in NS (a MAG's state and mag-link-local, the LMA's
# proxy-coa, state and mag-link-local), "none" without one. awk, not
# python: a python start costs a second or two of the emulated VM, and
# these are polled. With a deadline: a daemon that does not answer fails
# the test (with diag) instead of hanging it.
binding() {
	local out
	out=$(timeout 20 ip netns exec "$1" "$PMIPCTL" daemon bindings) ||
		{ echo "# pmipctl daemon bindings in $1: no answer" >&2; return 1; }
	awk -v mn=$N1 -v k="$2" '$1 == "mn" && $2 == mn {
		for (i = 3; i < NF; i++) if ($i == k) v = $(i + 1) }
		END { print v == "" ? "none" : v }' <<<"$out"
}
# kernel_ll NS OBJ: the MAG link-local address in the registration of
# NS's kernel entry (OBJ: bul or bce), "none" without one.
kernel_ll() {
	ctl "$1" "$2" | awk '$1 == "mag" && $2 == "link-local:" { v = $3 }
		END { print v == "" ? "none" : v }'
}
replies() { local n; n=$(grep -c "bytes from" "$1" 2>/dev/null) || true; echo "${n:-0}"; }
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
# unplug, then plug BRIDGE: the MN's port out of its bridge, then into
# sw's BRIDGE (its own interface, MAC and carrier stay: only the link
# behind the bridge changes), and the Router Solicitation its link
# layer's attachment would make it send.
unplug() { nsq sw ip link set mp nomaster; }
plug() {
	nsq sw ip link set mp master "$1"
	rs mn1 m1 $MAC
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
# end_phase: mag2 lets the MN go and the LMA deletes the binding (500 ms
# later); the MAGs stop; the MN, with no router, neighbour or address
# left, is back on br1.
end_phase() {
	nsexec mag2 "$PMIPCTL" daemon detach $N1
	stop_pmipd mag1
	stop_pmipd mag2
	nsq mn1 ip -6 route flush dev m1 proto ra 2>/dev/null || true
	nsq mn1 ip -6 addr flush dev m1 scope global
	nsq mn1 ip -6 neigh flush dev m1
	unplug
	nsq sw ip link set mp master br1
	wait_for 10 is none binding lma state
}
# start_mags CONF: both MAGs with CONF added to their configuration.
start_mags() {
	mag_conf "$1"
	start_pmipd mag1
	start_pmipd mag2
}

# handover NAME: the MN attached at mag1 (plugged into br1), the CN's
# pings, the MN re-plugged into br2: then mag2 serves it. Sets before,
# after (the MN's default routers), mac_before, lost (pings), gap_ms (the
# longest time without a reply) and resume_ms (from the first RA the MN
# heard after the move to the reply that ended that time; negative when
# the pings came back before it).
handover() {
	local n t_move
	wait_for 20 is bound binding mag1 state
	wait_for 20 has_router
	wait_for 20 has_global
	before=$(routers)
	mac_before=$(router_mac "${before%% *}")
	echo "# $1: default router $before (at $mac_before) via mag1 ($(acc_mac mag1))"
	# The RAs the MN hears, with their times (tcpdump -tt, below).
	cap_start mn1 m1 "$TMP/ra.$1.cap" 'icmp6 and ip6[40] == 134'
	# ip netns exec execs ping: $! is ping's own pid (SIGTERM; a
	# background job ignores SIGINT). -D: each reply's time.
	ip netns exec cn ping -6 -n -D -i $PING_INTERVAL -W 1 "$(mn_global)" >"$TMP/ping.$1" 2>&1 &
	ping_pid=$!
	pids+=($ping_pid)
	wait_for 10 atleast 10 replies "$TMP/ping.$1"
	echo "# $1: the MN's port moves to br2 (mag2's access link)"
	unplug
	# From here on no RA of mag1's reaches the MN.
	t_move=$(date +%s.%N)
	plug br2
	wait_for 20 is bound binding mag2 state
	wait_for 10 is "$COA2" binding lma proxy-coa
	wait_for 20 is none binding mag1 state
	# Traffic back: 20 replies more (in phase 3 they wait for NUD).
	n=$(replies "$TMP/ping.$1")
	wait_for 20 atleast $((n + 20)) replies "$TMP/ping.$1" ||
		echo "# $1: the pings did not come back"
	kill $ping_pid
	wait $ping_pid || true
	cap_stop "$TMP/ra.$1.cap"
	after=$(routers)
	# The first RA after the move ("ra TIME"), then the replies ("reply
	# TIME SEQ"): the requests from the first to the last answered one,
	# those not answered, the longest time without a reply that ended
	# after the move, and when it ended against the RA's time.
	read -r sent lost gap_ms resume_ms < <({
		tcpdump -r "$TMP/ra.$1.cap" -n -tt 2>/dev/null |
			awk -v t="$t_move" '$1 > t && !done { print "ra", $1; done = 1 }'
		sed -n 's/^\[\([0-9.]*\)\] .*icmp_seq=\([0-9]*\) .*/reply \1 \2/p' "$TMP/ping.$1"
	} | awk -v t="$t_move" '
		$1 == "ra" { ra = $2; next }
		{ n++; if (first == "") first = $3
		  if (prev != "" && $2 > t && $2 - prev > gap) { gap = $2 - prev; back = $2 }
		  prev = $2; last = $3 }
		END { printf "%d %d %.0f %s\n", last - first + 1, last - first + 1 - n, gap * 1000,
		      ra == "" || back == "" ? "none" : sprintf("%.0f", (back - ra) * 1000) }')
	echo "# $1: after the handover default router(s) $after; $lost of $sent pings lost, longest time without a reply $gap_ms ms, pings back $resume_ms ms after mag2's first RA"
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
start_mags ""
nsexec mn1 ip link set m1 up
rs mn1 m1 $MAC
wait_for 20 is bound binding mag1 state
ll=$(binding lma mag-link-local)
echo "# the LMA generated $ll for the session"
[[ $ll == fe80::* ]]
[ "$(binding mag1 mag-link-local)" = "$ll" ]
handover per-session
# mag2 asked (ALL_ZERO) and got the same address: the MN's router is it,
# before and after, and no other; its MAC came with mag2's RA, and the
# pings with it, not with NUD.
[ "$(binding mag2 mag-link-local)" = "$ll" ]
[ "$(binding lma mag-link-local)" = "$ll" ]
[ "$before" = "$ll" ]
[ "$after" = "$ll" ]
[ "$mac_before" = "$(acc_mac mag1)" ]
[ "$(router_mac "$ll")" = "$(acc_mac mag2)" ]
[ "$resume_ms" != none ] && [ "$resume_ms" -lt $RESUME_MAX_MS ]
loss_session=$lost gap_session=$gap_ms back_session=$resume_ms
# The kernel keeps it for a restarted pmipd (PMIP6_A_REGISTRATION_MAG_LL_ADDR).
[ "$(kernel_ll mag2 bul)" = "$ll" ]
[ "$(kernel_ll lma bce)" = "$ll" ]
# The address is mag2's on the access link now, and no longer mag1's.
acc_has mag2 "$ll"
not acc_has mag1 "$ll"

echo "# 2. fixed for the domain (RFC 5213 9.3)"
end_phase
start_mags "fixed-mag-link-local $FIXED_LL
fixed-mag-link-layer $FIXED_MAC"
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
[ "$resume_ms" != none ] && [ "$resume_ms" -lt $RESUME_MAX_MS ]
loss_fixed=$lost gap_fixed=$gap_ms back_fixed=$resume_ms
# RFC 5213 6.9.1.1 rule 9: no Link-local Address option in this mode:
# the LMA, which generates one for any MAG that asks, has none.
[ "$(binding lma mag-link-local)" = none ]

echo "# 3. for comparison: each MAG its own address (link-local-option off)"
end_phase
for m in mag1 mag2; do
	# The fixed phase's addresses go (pmipd leaves them at a stop).
	nsq $m ip -6 addr del $FIXED_LL/64 dev acc1
	nsq $m ip link set acc1 address "02:00:00:00:0b:0${m#mag}"
done
start_mags "link-local-option off"
rs mn1 m1 $MAC
handover own-address
# The MN now has mag2's router too, beside mag1's; no option, no address
# at the LMA.
[ "$after" != "$before" ]
[ "$(binding lma mag-link-local)" = none ]
loss_own=$lost gap_own=$gap_ms back_own=$resume_ms

# The option on the wire, as tshark decodes it (the LMA's capture, all
# three phases; phases 2 and 3 send none): the PBUs ask with ALL_ZERO or
# name the session's address, from both MAGs; every PBA carrying one
# carries the session's.
tshark -X lua_script:"$PWD/user/wireshark/pmip6.lua" -r "$TMP/lma.pcap" -Y mip6.lila_lla \
	-T fields -e mip6.mhtype -e ipv6.src -e ipv6.dst -e mip6.lila_lla 2>/dev/null >"$TMP/lila"
sort "$TMP/lila" | uniq -c | sed 's/^ */# Link-local Address options (count, MH type, from, to, value): /'
for c in $COA1 $COA2; do
	[ "$(awk -v c="$c" '$1 == 5 && $2 == c && $4 == "::"' "$TMP/lila")" ]
	[ "$(awk -v c="$c" -v ll="$ll" '$1 == 6 && $3 == c && $4 == ll' "$TMP/lila")" ]
done
[ -z "$(awk -v ll="$ll" '!(($1 == 5 && $4 == "::") || $4 == ll)' "$TMP/lila")" ]

echo "# lost pings, longest time without a reply, pings back after mag2's first RA: per session $loss_session, $gap_session ms, $back_session ms; fixed $loss_fixed, $gap_fixed ms, $back_fixed ms; each MAG its own address $loss_own, $gap_own ms, $back_own ms"
# The MAGs' captures hold the same messages as the LMA's (all of them are
# between a MAG and the LMA), and tshark costs seconds a run in the VM:
# the LMA's is the one decoded.
stop_pmipd mag1
stop_pmipd mag2
domain_finish lma
echo "# ok"
