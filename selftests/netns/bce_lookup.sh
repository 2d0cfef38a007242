#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The LMA's binding cache lookup (RFC 5213 5.4.1.1, each of its rules a
# unit test in user/daemon/lma_lookup_test.c) for an MN with two
# interfaces that share a prefix (RFC 7864 3.2.1; Documentation/pmipd.md,
# "Binding cache lookup"): a PBU that names the BID and MN-LL-ID of an
# interface whose binding has gone (de-registered, expired) starts that
# session anew beside the other; it does not hand the other interface's
# binding over. Taken as a handoff, such a refresh moved the other
# interface's binding to its MAG, and that MAG's next refresh moved it
# back (bench/chaos.sh saw 585 such moves of 245 MNs). A refresh from a
# MAG the MN has left, without an MN-LL-ID that matches, is refused.
#
#   +------+ f1::2     f1::1 +-----+ c::1   c::2 +----+
#   | mag1 |-----------------| lma |-------------| cn |
#   +------+                 +-----+             +----+
#   +------+ f2::2     f2::1    |
#   | mag2 |--------------------'
#   +------+
#
#   2001:db8:...; LMAA a::1. No MAG runs pmipd: mhinject sends the PBUs,
#   from the CN (interface 0a) and from mag2 (interface 0b, b2::1), and
#   nobody answers the LMA's Update Notifications.
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
MN=mn5@example.com

MHINJECT=$(mhinject_build "$TMP")
jget() { py "$1" "$2" daemon "${@:3}"; }
# inject NS FROM EXPECTED-STATUS|none mhinject-pbu-args...
inject() {
	local out got
	out=$(nsq "$1" "$MHINJECT" "$2" $LMAA pbu mn-id $MN "${@:4}") || true
	echo "# PBU from $2 ${*:4} -> $out"
	got=$(awk '{print $3}' <<<"$out")
	[ "$out" = "no answer" ] && got=none
	[ "$got" = "$3" ] || { echo "# expected status $3"; return 1; }
}
# The MN's bindings at the LMA, "BID@Proxy-CoA" sorted.
binds() { jget lma "' '.join(sorted('%d@%s' % (b['bid'], b['proxy_coa']) for b in d if b['mn'] == '$MN'))" bindings; }

echo "# topology"
domain_up
cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# not a test of IPsec (ipsec_static.sh is)
local $LMAA
mag $CN				# the two "MAGs" (RFC 5213 5.3.1)
mag $COA2
timestamp-window 10000		# a loaded TCG VM is slow
min-delay-before-bce-delete 1000
mn $MN prefix $P:1:6::/64
EOF
start_pmipd lma

echo "# two interfaces share the MN's prefix: 0a from the CN, 0b from mag2 (HI 6)"
inject cn $CN 0 ll-id 0a bid 1 hi 1 hnp $P:1:6::/64
inject mag2 $COA2 0 ll-id 0b bid 2 hi 6 hnp $P:1:6::/64
[ "$(binds)" = "1@$CN 2@$COA2" ]

echo "# 0a's binding goes; its MAG, as if it missed that, refreshes it (HI 5, BID 1)"
inject cn $CN 0 ll-id 0a bid 1 hnp $P:1:6::/64 lifetime 0
wait_for 10 is "2@$COA2" binds
inject cn $CN 0 ll-id 0a bid 1 hi 5 hnp $P:1:6::/64
[ "$(binds)" = "1@$CN 2@$COA2" ]
# No handoff of 0b's binding was even considered (lma_handoff.c).
not grep -q "$MN bid 2: PBU from" "$TMP/lma.log"
[ "$(jget lma "d['upn_tx']" stats)" = 0 ]
[ "$(nsq lma "$PMIPCTL" -j bce | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")" = 2 ]

echo "# a real handoff of 0b (its MN-LL-ID, no BID: a new MAG knows none) is still one"
inject cn $CN 0 ll-id 0b att 3 hi 3 hnp $P:1:6::/64 wait 15
[ "$(binds)" = "1@$CN 2@$CN" ]

echo "# the MAG 0b left, unaware, refreshes it without an MN-LL-ID (RFC 5213 5.4.1.1 rule 6)"
# Not an update of either binding (neither its Proxy-CoA nor a matching
# MN-LL-ID), and the prefix is theirs: refused, nothing moves. Taken as
# a handoff, it flipped the binding between the two MAGs at each refresh
# (issue 17, point 10).
upn0=$(jget lma "d['upn_tx']" stats)
inject mag2 $COA2 155 hi 5 hnp $P:1:6::/64
[ "$(binds)" = "1@$CN 2@$CN" ]
[ "$(jget lma "d['upn_tx']" stats)" = "$upn0" ]
grep -q "$MN: PBU from $COA2 refused with status 155: another session, bid [12] holds its prefixes (RFC 5213 5.4.1.1 rule 6, 5.3.2 rule 3)" "$TMP/lma.log"
# Its de-registration is for no session: silently ignored (rule 6).
inject mag2 $COA2 none hi 5 hnp $P:1:6::/64 lifetime 0 wait 2
[ "$(jget lma "d['pbu_ignored']" stats)" = 1 ]
[ "$(binds)" = "1@$CN 2@$CN" ]

stop_pmipd lma
no_sanitizer_report
echo "# ok"
