#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Heartbeat and restart detection (RFC 5847) between pmipd daemons:
#
#  1. heartbeats both ways: each MAG asks its LMA, the LMA asks each MAG
#     with bindings, every 1 s; the responses carry the Restart Counter;
#  2. the LMA restarts and loses its state (a clean stop removes its
#     kernel BCEs): the MAGs see its new Restart Counter in the next
#     response and register all three MNs again at once, long before
#     their refresh (80% of the 60 s lifetime) would have; the MNs' traffic
#     flows again;
#  3. mag1 restarts and loses its state (its de-registrations never leave:
#     no route to the LMA while it stops): its unsolicited Heartbeat
#     Response at start (3.2) makes the LMA remove mn1's and mn2's
#     bindings at once, not at their expiry;
#  4. mag2 stops (its de-registration lost too): the LMA's requests go
#     unanswered, mag2 becomes unreachable (3.1) and mn3's binding stays;
#     mag2 starts again but its unsolicited response is lost (no route
#     yet): the LMA's next request gets mag2's new counter and mn3's
#     binding goes;
#  5. every Heartbeat in the captures decodes in tshark, the Restart
#     Counter included, and the LMA's counters in "daemon stats" match
#     what its capture holds.
#
#     m1 acc1 +------+ f1::2    f1::1 +-----+ c::1   c::2 +----+
#   mn1 ------|      |----------------|     |-------------| cn |
#     m2 acc2 | mag1 |                | lma |             +----+
#   mn2 ------|      |          f2::1 |     |
#             +------+       .--------|     |
#     m3 acc3 +------+ f2::2 |        +-----+
#   mn3 ------| mag2 |-------'
#             +------+
#
#   2001:db8:...; LMAA a::1, Proxy-CoAs b1::1 (mag1), b2::1 (mag2) on lo;
#   mnK: MAC 02:00:00:00:0K:01, HNP 2001:db8:1:K::/64
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 mn2 mn3 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap '{ cap_stop "$TMP/lf1.cap" 2>/dev/null || true; domain_cleanup; }' EXIT
INTERVAL=1		# heartbeat-interval (RFC 5847 5 advises >= 30 s: a lab)
LIFETIME=120		# the MAGs refresh at 80%: 96 s after registering

# Polled often: pmipctl's text output and awk (a python per poll is slow
# in the emulated VM).
# stat_of NS NAME: the counter NAME of NS's "daemon stats".
stat_of() { ctl "$1" daemon stats | awk -v k="$2" '$1 == k { print $2 }'; }
# lma_binds: the LMA's registered bindings, "mnK@COA" sorted.
lma_binds() {
	ctl lma daemon bindings | awk '/ state registered / { split($2, n, "@"); print n[1] "@" $8 }' |
		sed 's/2001:db8://' | sort | xargs
}
kernel_bces() { ctl lma -j bce | grep -o '"mn_id"' | wc -l; }
# hb NS PEER FIELD: FIELD (state, restart-counter, ...) of NS's heartbeat
# state of PEER; nothing when NS has no session with PEER.
hb() {
	ctl "$1" daemon heartbeat |
		awk -v a="$2" -v f="$3" '$1 == "peer" && $2 == a { for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }'
}
# counter NS: NS's own Restart Counter.
counter() { ctl "$1" daemon heartbeat | awk 'NR == 1 { print $2 }'; }
knows_counter() { [[ $(hb "$1" "$2" restart-counter) =~ ^[0-9]+$ ]]; }
mn_has_addr() { [ -n "$(mn_addr "$1" "$2")" ]; }
now_ms() { date +%s%3N; }
logged() { grep -c -F "$2" "$TMP/$1.log" || true; }

echo "# topology"
domain_up
i=0
for mag in mag1 mag1 mag2; do
	i=$((i + 1))
	nsq mn$i sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0
	domain_mn_link mn$i m$i 02:00:00:00:0$i:01 $mag acc$i
done
cap_start lma lf1 "$TMP/lf1.cap" ip6 proto 135

cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
mag $COA1			# the MAGs that may register MNs (RFC 5213 5.3.1)
mag $COA2
lifetime $LIFETIME
timestamp-window 10000		# a loaded TCG VM is slow
heartbeat-interval $INTERVAL
missing-heartbeats-allowed 2
mn mn1@example.com prefix $P:1:1::/64
mn mn2@example.com prefix $P:1:2::/64
mn mn3@example.com prefix $P:1:3::/64
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $P:b$i::1
lma $LMAA
lifetime $LIFETIME
ra-interval 5
heartbeat-interval $INTERVAL
missing-heartbeats-allowed 2
EOF
done
cat >>"$TMP/mag1.conf" <<EOF
access acc1
access acc2
mn mn1@example.com ll-id 02:00:00:00:01:01
mn mn2@example.com ll-id 02:00:00:00:02:01
EOF
cat >>"$TMP/mag2.conf" <<EOF
access acc3
mn mn3@example.com ll-id 02:00:00:00:03:01
EOF

echo "# configuration errors name the file and the line"
printf 'role lma\nlocal %s\nheartbeat-interval 7200\n' $LMAA >"$TMP/bad.conf"
not nsq lma "$PMIPD" -c "$TMP/bad.conf" -n 2>"$TMP/err"
grep -q "bad.conf:3: invalid value '7200' for 'heartbeat-interval' (expected 0..3600)" "$TMP/err"

echo "# daemons up; three MNs attach, two at mag1, one at mag2"
for ns in lma mag1 mag2; do start_pmipd "$ns"; done
for i in 1 2 3; do nsq mn$i ip link set m$i up; done
t_attach=$(now_ms)
for i in 1 2 3; do wait_for 30 mn_has_addr mn$i m$i; done
wait_for 10 is "mn1@b1::1 mn2@b1::1 mn3@b2::1" lma_binds
ctl lma daemon bindings
for i in 1 2 3; do nsexec mn$i ping -6 -c 1 -W 5 $CN >/dev/null; done

echo "# heartbeats both ways, each response with the Restart Counter (RFC 5847 3.2, 3.4)"
wait_for 10 knows_counter mag1 $LMAA
wait_for 10 knows_counter mag2 $LMAA
wait_for 10 knows_counter lma $COA1
wait_for 10 knows_counter lma $COA2
ctl lma daemon heartbeat
ctl mag1 daemon heartbeat
[ "$(hb lma $COA1 state)" = reachable ] && [ "$(hb mag1 $LMAA state)" = reachable ]
lma_counter=$(counter lma)
[ "$(hb mag1 $LMAA restart-counter)" = "$lma_counter" ]
[ "$(hb lma $COA1 restart-counter)" = "$(counter mag1)" ]

echo "# the LMA restarts without its state: the MAGs register every MN again at once"
stop_pmipd lma
[ "$(kernel_bces)" = 0 ]
start_pmipd lma
t_up=$(now_ms)
wait_for 10 is "mn1@b1::1 mn2@b1::1 mn3@b2::1" lma_binds
t_back=$(now_ms)
ctl lma daemon bindings
echo "# all three bindings back $((t_back - t_up)) ms after the LMA came up," \
	"$((t_back - t_attach)) ms after the MNs attached (their refresh: at $((LIFETIME * 800)) ms)"
# Within a few heartbeat intervals (a loaded TCG VM stretches them), and
# before the refresh: without RFC 5847 they came back only then.
[ $((t_back - t_up)) -le $((3 * INTERVAL * 1000 * ${PMIP6_WAIT_SCALE:-3})) ]
[ $((t_back - t_attach)) -lt $((LIFETIME * 800)) ]
[ "$(kernel_bces)" = 3 ]
[ "$(stat_of mag1 peer_restarts)" = 1 ] && [ "$(stat_of mag1 peer_restart_bindings)" = 2 ]
[ "$(stat_of mag2 peer_restarts)" = 1 ] && [ "$(stat_of mag2 peer_restart_bindings)" = 1 ]
grep -q "heartbeat: $LMAA restarted without its sessions: Restart Counter $lma_counter -> " "$TMP/mag1.log"
[ "$(hb mag1 $LMAA restart-counter)" = "$(counter lma)" ]
for i in 1 2 3; do nsexec mn$i ping -6 -c 1 -W 5 $CN >/dev/null; done

echo "# mag1 restarts without its state, its de-registrations lost: its unsolicited response tells the LMA"
wait_for 10 knows_counter lma $COA1
restarts0=$(stat_of lma peer_restarts)
nsexec mag1 ip -6 route del default
stop_pmipd mag1
nsexec mag1 ip -6 route add default via $P:f1::1
[ "$(lma_binds)" = "mn1@b1::1 mn2@b1::1 mn3@b2::1" ]	# no de-registration came
start_pmipd mag1
wait_for 10 is "mn3@b2::1" lma_binds
[ "$(kernel_bces)" = 1 ]
[ "$(stat_of lma peer_restarts)" = $((restarts0 + 1)) ]
[ "$(stat_of lma heartbeat_unsolicited_rx)" = 1 ]
[ "$(stat_of mag1 heartbeat_unsolicited_tx)" = 1 ]
grep -q "heartbeat: $COA1 restarted without its sessions: Restart Counter .*, unsolicited (RFC 5847 3.2)" "$TMP/lma.log"
[ "$(logged lma "removed: its MAG $COA1 restarted without its sessions")" = 2 ]
# Nothing left toward mag1: no requests to it any more.
wait_for 10 is "" hb lma $COA1 state

echo "# mag2 stops, its de-registration lost: unreachable (RFC 5847 3.1), mn3's binding kept"
unreach0=$(stat_of lma heartbeat_unreachable)
nsexec mag2 ip -6 route del default
stop_pmipd mag2
wait_for 10 is unreachable hb lma $COA2 state
[ "$(stat_of lma heartbeat_unreachable)" = $((unreach0 + 1)) ]
[ "$(stat_of lma heartbeat_missed)" -ge 3 ]
grep -q "heartbeat: $COA2 is unreachable: 3 requests in a row without a response (RFC 5847 3.1); its bindings are kept" "$TMP/lma.log"
[ "$(lma_binds)" = "mn3@b2::1" ]

echo "# mag2 starts again, its unsolicited response lost: the LMA's next request finds its new counter"
start_pmipd mag2
[ "$(stat_of mag2 heartbeat_unsolicited_tx)" = 0 ]
nsexec mag2 ip -6 route add default via $P:f2::1
wait_for 10 is "" lma_binds
[ "$(kernel_bces)" = 0 ]
[ "$(stat_of lma peer_restarts)" = $((restarts0 + 2)) ]
grep -q "heartbeat: $COA2 is reachable again" "$TMP/lma.log"
grep -Eq "heartbeat: $COA2 restarted without its sessions: Restart Counter [0-9]+ -> [0-9]+ \(RFC 5847 3.2\)" "$TMP/lma.log"

echo "# the MNs attach again at the restarted MAGs: their heartbeats start over"
for i in 1 2 3; do nsq mn$i ip link set m$i down; nsq mn$i ip link set m$i up; done
wait_for 30 is "mn1@b1::1 mn2@b1::1 mn3@b2::1" lma_binds
wait_for 10 knows_counter lma $COA1
wait_for 10 knows_counter lma $COA2
for i in 1 2 3; do nsexec mn$i ping -6 -c 1 -W 5 $CN >/dev/null; done

echo "# the LMA's counters match its capture"
# The MAGs go (de-registering their MNs), then the LMA has no session to
# ask about and falls quiet: its counters and its capture can be compared.
stop_pmipd mag1
stop_pmipd mag2
wait_for 10 is "" lma_binds
sleep $((2 * INTERVAL))
ctl lma daemon stats >"$TMP/lma.stats"
grep -E "^(heartbeat|peer)_" "$TMP/lma.stats" | xargs -L 5
st() { awk -v k="$1" '$1 == k { print $2 }' "$TMP/lma.stats"; }
stop_pmipd lma
cap_stop "$TMP/lf1.cap"
no_sanitizer_report
# Every capture in one file and one tshark run (it is slow to start in
# the emulated VM): per Mobility Header message, the capture (0 the LMA's,
# 1 mag1's, 2 mag2's, 3 the wire on lf1), source, MH type, R, U, Restart
# Counter, and the severities of any expert item.
mergecap -I none -w "$TMP/all.pcapng" "$TMP/lma.pcap" "$TMP/mag1.pcap" "$TMP/mag2.pcap" "$TMP/lf1.cap"
tshark -r "$TMP/all.pcapng" -Y mipv6 -T fields -E separator=, -E aggregator=' ' \
	-e frame.interface_id -e ipv6.src -e mip6.mhtype -e mip6.hb.r_flag -e mip6.hb.u_flag \
	-e mip6.rc -e _ws.expert.severity 2>/dev/null >"$TMP/all.txt"
msgs() { awk -F, -v lma=$LMAA -v coa1=$COA1 "$1" "$TMP/all.txt" | wc -l; }
# The LMA's own capture, heartbeats sent (src lma) and received.
hbc() { msgs "\$1 == 0 && \$3 == 13 && $1"; }
req_tx=$(hbc '$2 == lma && $4 == 0'); req_rx=$(hbc '$2 != lma && $4 == 0')
resp_tx=$(hbc '$2 == lma && $4 == 1'); resp_rx=$(hbc '$2 != lma && $4 == 1')
unsol_rx=$(hbc '$2 != lma && $5 == 1')
echo "# the LMA's capture: requests $req_tx sent, $req_rx received; responses $resp_tx sent," \
	"$resp_rx received ($unsol_rx unsolicited)"
[ "$req_tx" = "$(st heartbeat_req_tx)" ] && [ "$req_rx" = "$(st heartbeat_req_rx)" ]
[ "$resp_tx" = "$(st heartbeat_resp_tx)" ] && [ "$resp_rx" = "$(st heartbeat_resp_rx)" ]
[ "$unsol_rx" = "$(st heartbeat_unsolicited_rx)" ] && [ "$unsol_rx" = 1 ]
[ "$req_tx" -ge 5 ] && [ "$resp_tx" = "$req_rx" ] && [ "$req_rx" -ge 5 ]
[ "$(st peer_restarts)" = 2 ] && [ "$(st peer_restart_bindings)" = 3 ]

echo "# tshark decodes every Heartbeat and Restart Counter, in the captures and on the wire"
bad=$(msgs '{ n = split($7, sev, " "); for (k = 1; k <= n; k++) if (sev[k] >= 6291456) { print; next } }')
echo "# $(wc -l <"$TMP/all.txt") Mobility Header messages, $bad with a warning or error;" \
	"on lf1 $(msgs '$1 == 3 && $3 == 13') Heartbeats, $(msgs '$1 == 3 && $6 != ""') with a Restart Counter"
[ "$bad" = 0 ]
[ "$(msgs '$3 == 13 && $4 == 1 && $6 == ""')" = 0 ]	# every response with its counter
[ "$(msgs '$3 == 13 && $4 == 0 && $6 != ""')" = 0 ]	# no request with one
[ "$(msgs '$1 == 2 && $3 == 13 && $4 == 1')" -ge 1 ]	# mag2 answered
[ "$(msgs '$1 == 3 && $3 == 13 && $4 == 0 && $2 == coa1')" -ge 2 ]	# on the wire, both ways
[ "$(msgs '$1 == 3 && $3 == 13 && $4 == 1 && $2 == lma')" -ge 2 ]
[ "$(msgs '$1 == 3 && $3 == 13 && $5 == 1 && $2 == coa1')" = 2 ]	# mag1 told the LMA at each start
echo "# ok"
