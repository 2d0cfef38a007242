#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipd when the kernel's answer to a netlink request never comes, or
# comes late (issue 16, item 9): the LMA runs with nllose.c preloaded,
# which takes chosen answers off its sockets. Each lost answer costs the
# daemon one bounded wait: the request is failed with a log line naming
# it and counted (netlink_timeouts), the daemon goes on answering PBUs,
# and the next request on that socket gets its own answer, not the late
# one. Covered: the rtnetlink route of a new binding (lost, then late),
# the NETLINK_XFRM policy dump behind 'pmipctl daemon show' (lost), and
# a generic netlink BCE delete (lost, then late; libnl's own sequence
# check would fail every later request after the first).
#
#                      +------+                 +-----+ c::1   c::2 +----+
#                      | mag1 |-----------------| lma |-------------| cn |
#                      +------+                 +-----+             +----+
#                      +------+                    |      (injects PBUs with
#                      | mag2 |--------------------'       mhinject)
#                      +------+
#   (mag1 and mag2 run no daemon here; mag2's address is the LMA's static
#   IPsec peer, whose policies 'daemon show' checks by an xfrm dump)
#
#   2001:db8:...; LMAA a::1; mn1..mn4 with prefixes 2001:db8:1:N::/64
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT

MHINJECT=$(mhinject_build "$TMP")
NLLOSE_SO=$(prebuilt nllose.so selftests/netns/nllose.c) || {
	NLLOSE_SO=$TMP/nllose.so
	cc -std=c11 -D_GNU_SOURCE -Wall -O2 -fPIC -shared -I"$PWD/include/uapi" -o "$NLLOSE_SO" \
		selftests/netns/nllose.c -ldl
}

# pbu STATUS ARGS...: an mhinject PBU from the CN; its PBA has STATUS.
pbu() {
	local out
	out=$(nsq cn "$MHINJECT" $CN $LMAA pbu "${@:2}") || true
	echo "# PBU ${*:2} -> $out"
	[ "$(awk '{print $3}' <<<"$out")" = "$1" ]
}
# A pmipd stuck on a lost answer would keep pmipctl waiting for ever:
# that is a failure, and must end as one.
ctl() { nsq "$1" timeout 30 "$PMIPCTL" "${@:2}"; }
dstat() { py lma "d['$1']" daemon stats; }
log() { grep -c -- "$1" "$TMP/lma.log" || true; }
has_route() { [ -n "$(nsq lma ip -6 route show "$1" dev pmip6)" ]; }
kernel_bce() { py lma "len([b for b in d if b['mn_id'] == '$1'])" bce; }
alive() { kill -0 "$pid_lma"; }
protected() { ctl lma daemon show | grep -x "peer $COA2 keying static protected yes" >/dev/null; }

domain_up
cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# the PBUs come from mhinject
local $LMAA
mag $CN				# in the CN: the one MAG here (RFC 5213 5.3.1)
lifetime 60
timestamp-window 10000		# a loaded TCG VM is slow
min-delay-before-bce-delete 100
peer $COA2 esp-auth hmac(sha256) 0x$(printf '%064d' 1) spi-out 4097 spi-in 4353
mn mn1@example.com prefix $P:1:1::/64
mn mn2@example.com prefix $P:1:2::/64
mn mn3@example.com prefix $P:1:3::/64
mn mn4@example.com prefix $P:1:4::/64
EOF
# The answers lost: the first SPD dump, the first route add, the first
# BCE delete; late: the fourth route add (mn3's: mn1's was asked twice,
# route.c asks again a route add whose answer was lost), the second BCE
# delete.
rules=xfrm:XFRM_MSG_GETPOLICY:1,route:RTM_NEWROUTE:1,route:RTM_NEWROUTE:4:late
rules=$rules,genl:PMIP6_CMD_BCE_DEL:1,genl:PMIP6_CMD_BCE_DEL:2:late
# (PMIPD_DEBUG: pmipd logs the late answers it skips.)
PMIPD_WRAP="env LD_PRELOAD=$NLLOSE_SO NLLOSE=$rules PMIPD_DEBUG=1"
PMIPD_WRAP="$PMIPD_WRAP ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0"
start_pmipd lma

echo "# NETLINK_XFRM: the SPD dump behind 'daemon show' is lost"
# The first 'daemon show' (start_pmipd's) dumped the SPD for the peer.
wait_for 10 grep -q "nllose: dropping .* of the answer to request seq" "$TMP/lma.log"
[ "$(log "NETLINK_XFRM: no answer from the kernel to XFRM_MSG_GETPOLICY (seq [0-9]*) within 2000 ms: taken as failed")" = 1 ]
[ "$(dstat netlink_timeouts)" = 1 ]
# The next dump (a second later) is answered: the peer is protected.
wait_for 10 protected
[ "$(dstat netlink_timeouts)" = 1 ]

echo "# rtnetlink: the answer to mn1's route is lost"
pbu 0 mn-id mn1@example.com hnp $P:1:1::/64 wait 15
[ "$(log "rtnetlink: no answer from the kernel to RTM_NEWROUTE (seq [0-9]*) within 2000 ms")" = 1 ]
[ "$(dstat netlink_timeouts)" = 2 ]
alive
# The kernel did the work; only its answer was lost.
has_route $P:1:1::/64
errors=$(dstat kernel_errors)
# The next request has its own answer (no wait, no error).
pbu 0 mn-id mn2@example.com hnp $P:1:2::/64 wait 15
has_route $P:1:2::/64
[ "$(dstat netlink_timeouts)" = 2 ]
[ "$(dstat kernel_errors)" = "$errors" ]

echo "# rtnetlink: the answer to mn3's route comes late"
pbu 0 mn-id mn3@example.com hnp $P:1:3::/64 wait 15
[ "$(dstat netlink_timeouts)" = 3 ]
errors=$(dstat kernel_errors)
# It comes while pmipd waits for the answer to the same route asked again
# (or to mn4's): skipped, not taken for it.
pbu 0 mn-id mn4@example.com hnp $P:1:4::/64 wait 15
grep -q "nllose: the late answer to request seq [0-9]* comes now" "$TMP/lma.log"
grep -q "netlink: a late answer (seq [0-9]*, type 2) skipped while waiting for seq" "$TMP/lma.log"
has_route $P:1:3::/64
has_route $P:1:4::/64
[ "$(dstat netlink_timeouts)" = 3 ]
[ "$(dstat kernel_errors)" = "$errors" ]

echo "# generic netlink: the answer to mn1's BCE delete is lost"
pbu 0 mn-id mn1@example.com hnp $P:1:1::/64 lifetime 0
wait_for 20 grep -q "kernel BCE delete mn1@example.com bid 1: no answer from the kernel within 2000 ms" "$TMP/lma.log"
[ "$(dstat netlink_timeouts)" = 4 ]
[ "$(kernel_bce mn1@example.com)" = 0 ]
# The next generic netlink request is answered (libnl alone would now
# refuse every answer: NLE_SEQ_MISMATCH, PBA 130).
pbu 0 mn-id mn1@example.com hnp $P:1:1::/64 wait 15
[ "$(kernel_bce mn1@example.com)" = 1 ]
[ "$(dstat netlink_timeouts)" = 4 ]

echo "# generic netlink: the answer to mn2's BCE delete comes late"
pbu 0 mn-id mn2@example.com hnp $P:1:2::/64 lifetime 0
wait_for 20 grep -q "kernel BCE delete mn2@example.com bid 1: no answer from the kernel" "$TMP/lma.log"
[ "$(dstat netlink_timeouts)" = 5 ]
# It comes before the answer to mn2's new BCE: skipped, not taken for it.
pbu 0 mn-id mn2@example.com hnp $P:1:2::/64 wait 15
[ "$(log "nllose: the late answer to request seq [0-9]* comes now")" = 2 ]
[ "$(kernel_bce mn2@example.com)" = 1 ]
# And the requests after it have their own answers too.
pbu 0 mn-id mn3@example.com hnp $P:1:3::/64 lifetime 0
wait_for 20 is 0 kernel_bce mn3@example.com
[ "$(dstat netlink_timeouts)" = 5 ]
grep "no answer from the kernel" "$TMP/lma.log"

alive
stop_pmipd lma
no_sanitizer_report
echo "# ok"
