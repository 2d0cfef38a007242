#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipctl's binding cache and flow mobility cache commands against the real
# module: bce and flow add/show/set/del, human and JSON output, selectors
# round-tripping in the syntax they were given, multi-part dumps, usage
# errors (exit 2, the bad token named, nothing sent to the kernel) and
# kernel refusals (exit 1, the kernel's extack text shown).
#
#   init_net      untouched
#   pmipctl-objs  role lma, local 2001:db8::1
#                   mn1@example.org  BIDs 1, 2   HNP 2001:db8:1:1::/64 ...
#                   mn2@example.org  BID 7       HNP 2001:db8:2:1::/64
#   pmipctl-mag   role mag, local 2001:db8::2, access link acc0 (dummy)
#                   BUL entries and localized routing states (bul, ro),
#                   when the module has them
#
# Also: instance shows its device and drop counters (a packet with no
# binding counted), and monitor, in the background, prints the
# notifications of a BCE add/del (JSON) and of an RO state's expiry
# (human), and exits 0 on SIGTERM/SIGINT.
#
# Needs root and a kernel that can load pmip6.ko by name (the test VM).
set -euo pipefail

PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
NS=pmipctl-objs
MAG_NS=pmipctl-mag
MN1=mn1@example.org
MN2=mn2@example.org

. "$(dirname "$0")/lib.sh"
# ctl ARGS: pmipctl in the test namespace, echoed first.
ctl() { pretty "$NS" "pmipctl $*"; ip netns exec "$NS" "$PMIPCTL" "$@"; }

# expect_fail RC PATTERN ARGS...: pmipctl ARGS exits with RC and its stderr
# matches PATTERN (an extended regex).
expect_fail() {
	local want=$1 pattern=$2 out line rc=0
	shift 2
	out=$(ctl "$@" 2>&1 >/dev/null) || rc=$?
	while IFS= read -r line; do echo "#   $line"; done <<<"$out" >&2
	if [ "$rc" != "$want" ]; then
		echo "# expected exit $want, got $rc" >&2
		return 1
	fi
	if ! grep -qE -- "$pattern" <<<"$out"; then
		echo "# expected the message to match: $pattern" >&2
		return 1
	fi
}

# py EXPR...: evaluate Python expressions over the JSON on stdin (bound to
# j) and fail unless every one is true. One interpreter for several checks:
# starting python3 is slow in the emulated VM.
py() {
	python3 -c 'import json, sys
j = json.load(sys.stdin)
for e in sys.argv[1:]:
    if not eval("(" + e + ")"):
        print("# false: " + e, file=sys.stderr)
        print("# json: " + json.dumps(j)[:2000], file=sys.stderr)
        sys.exit(1)' "$@"
}

# The instance's generation, bumped by every change the kernel accepts.
generation() { ctl -j show | grep -o '"generation":[0-9]*'; }

# Monitors started in the background: stopped by the cleanup if still up.
MONITORS=()

# monitor_start FILE ARGS...: pmipctl ARGS monitor in $NS, output to FILE.
# Returns once it has joined: it is sent INSTANCE_SETs (same role, no
# change but a notification) until one shows up in FILE.
monitor_start() {
	local file=$1 role
	shift
	role=$(ctl -j instance | python3 -c 'import json,sys; print(json.load(sys.stdin)["instance"]["role"])')
	pretty "$NS" "pmipctl $* monitor > $file &"
	ip netns exec "$NS" "$PMIPCTL" "$@" monitor >"$file" &
	MONITORS+=($!)
	MONITOR_PID=$!
	wait_for 10 sh -c "ip netns exec $NS $PMIPCTL instance set role $role &&
		grep -q 'instance' $file"
}

# monitor_stop SIGNAL: stop the last monitor; it must exit 0.
monitor_stop() {
	local rc=0
	kill -"$1" "$MONITOR_PID"
	wait "$MONITOR_PID" || rc=$?
	[ "$rc" = 0 ] || { echo "# monitor exited $rc on SIG$1" >&2; return 1; }
}

cleanup() {
	set +e
	for pid in "${MONITORS[@]}"; do kill "$pid" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	ip netns del "$MAG_NS" 2>/dev/null
}
trap cleanup EXIT

ip netns add "$NS"
ctl instance set role lma local 2001:db8::1

echo "# the commands still work as before"
ctl -j show | py 'j["module"]["version"] and j["instance"]["role"] == "lma" and
	j["instance"]["local_addr"] == "2001:db8::1" and "generation" in j["instance"]'
ctl bce --help >/dev/null
ctl flow add --help | grep -q 'label N\[-M\]'
ctl help bce | grep -q 'bce del mn MNID bid N'

echo "# instance: its device, and drop counters that count"
ctl -j instance | py 'j["instance"]["dev"]["name"] == "pmip6" and
	j["instance"]["dev"]["ifindex"] > 0' \
	'j["instance"]["stats"] == {"no_binding": 0, "fmc_drop": 0, "no_route": 0,
	"too_big": 0, "unknown_peer": 0, "bad_packet": 0, "events": 0}'
nsexec "$NS" ip link set lo up
nsexec "$NS" ip -6 addr add 2001:db8::1/128 dev lo
nsexec "$NS" ip link set pmip6 up
nsexec "$NS" ip -6 route add 2001:db8:7::/48 dev pmip6
# No BCE has 2001:db8:7:1::/64: the LMA drops it as no_binding.
nsexec "$NS" ping -6 -c 2 -i 0.2 -W 1 2001:db8:7:1::1 >/dev/null || true
ctl -j instance | py 'j["instance"]["stats"]["no_binding"] >= 2'
out=$(ctl instance)
echo "$out"
grep -qE '^  device: pmip6 \(ifindex [0-9]+\)$' <<<"$out"
grep -qE '^  drops: no-binding ([2-9]|[1-9][0-9]+), fmc-drop 0, no-route 0, too-big 0, unknown-peer 0, bad-packet 0$' <<<"$out"
nsexec "$NS" ip -6 route del 2001:db8:7::/48 dev pmip6

echo "# instance set remote: an LMA's remote prefixes (draft-loureiro 3), checked and kept"
ctl instance set role lma remote 2001:db8:20::/48 remote 2001:db8:21::/64
ctl -j instance | py 'j["instance"]["remote_prefixes"] == ["2001:db8:20::/48", "2001:db8:21::/64"]'
ctl instance | grep -qE '^  remote prefixes: 2001:db8:20::/48, 2001:db8:21::/64$'
expect_fail 2 "invalid remote '2001:db8:20::1/48'" instance set role lma remote 2001:db8:20::1/48
expect_fail 2 "'remote none' cannot be combined with prefixes" \
	instance set role lma remote none remote 2001:db8:20::/48
expect_fail 2 "'remote' needs a value" instance set role lma remote
expect_fail 1 "out of range" instance set role lma remote 2000::/8
expect_fail 1 "duplicate remote prefix" \
	instance set role lma remote 2001:db8:22::/48 remote 2001:db8:22::/48
expect_fail 1 "remote prefixes are for the LMA role" instance set role mag
# Every refusal left the list as it was.
ctl -j instance | py 'j["instance"]["role"] == "lma"' \
	'j["instance"]["remote_prefixes"] == ["2001:db8:20::/48", "2001:db8:21::/64"]'
ctl instance set role lma remote none
ctl -j instance | py 'j["instance"]["remote_prefixes"] == []'
ctl instance | grep -qE '^  remote prefixes: none$'

echo "# monitor -j: a BCE's add and del, one JSON object per line"
mon=$(mktemp)
monitor_start "$mon" -j
ctl bce add mn mn3@example.org bid 3 prio 2 coa 2001:db8:a::3 hnp 2001:db8:3:1::/64
ctl bce del mn mn3@example.org bid 3
wait_for 10 grep -q '"change":"del"' "$mon"
monitor_stop TERM
cat "$mon"
grep -v '"event":"instance"' "$mon" | python3 -c 'import json, sys
ev = [json.loads(l) for l in sys.stdin]
# The kernel time of each change (ns since the epoch), in order.
ts = [e.pop("timestamp_ns") for e in ev]
assert len(ts) == 2 and 0 < ts[0] <= ts[1], ts
want = {"mn_id": "mn3@example.org", "bid": 3, "bid_pri": 2, "att": 0,
	"mn_ll_id": None, "proxy_coa": "2001:db8:a::3", "hnp": ["2001:db8:3:1::/64"],
	"counters": {"packets_tx": 0, "bytes_tx": 0, "packets_rx": 0, "bytes_rx": 0},
	# Made by hand, not by a registration: no registration state.
	"registration": None}
assert ev == [{"event": "bce", "change": "new", "bce": want},
	      {"event": "bce", "change": "del", "bce": want}], ev'
grep '"event":"instance"' "$mon" | head -1 | py 'j["change"] == "set" and
	j["instance"]["role"] == "lma"'
rm -f "$mon"

echo "# an empty cache shows as nothing, and as []"
[ -z "$(ctl bce)" ]
ctl -j bce | py 'j == []'
ctl -j flow | py 'j == []'

echo "# bce add"
ctl bce add mn "$MN1" bid 1 prio 3 att 4 ll 02:00:5e:10:00:01 coa 2001:db8:a::1 \
	hnp 2001:db8:1:1::/64
ctl bce add mn "$MN1" bid 2 coa 2001:db8:b::1 hnp 2001:db8:1:1::/64 hnp 2001:db8:1:2::/64
ctl bce add mn "$MN2" bid 7 coa 2001:db8:b::1 hnp 2001:db8:2:1::/64

echo "# bce show: JSON"
ctl -j bce | py 'len(j) == 3 and [(b["mn_id"], b["bid"]) for b in j] ==
	[("'$MN1'", 1), ("'$MN1'", 2), ("'$MN2'", 7)]' \
	'j[0] == {"mn_id": "'$MN1'", "bid": 1, "bid_pri": 3, "att": 4,
	"mn_ll_id": "02:00:5e:10:00:01", "proxy_coa": "2001:db8:a::1",
	"hnp": ["2001:db8:1:1::/64"],
	"counters": {"packets_tx": 0, "bytes_tx": 0, "packets_rx": 0, "bytes_rx": 0},
	"registration": None}' \
	'j[1]["hnp"] == ["2001:db8:1:1::/64", "2001:db8:1:2::/64"] and
	j[1]["mn_ll_id"] is None and j[1]["bid_pri"] == 0'
ctl -j bce show mn "$MN1" | py '[b["bid"] for b in j] == [1, 2]'
ctl -j bce mn "$MN2" | py '[b["bid"] for b in j] == [7]'
ctl -j bce show mn "$MN1" bid 2 | py 'len(j) == 1 and j[0]["proxy_coa"] == "2001:db8:b::1"'
ctl -j bce show mn nobody@example.org | py 'j == []'

echo "# bce show: one block per MN"
out=$(ctl bce)
echo "$out"
[ "$(grep -c '^mn: ' <<<"$out")" = 2 ]
grep -q '^mn: '"$MN1"'$' <<<"$out"
grep -qE '^ +mn-ll-id: 02:00:5e:10:00:01$' <<<"$out"
grep -qE '^ +hnp: 2001:db8:1:1::/64, 2001:db8:1:2::/64$' <<<"$out"
grep -qE '^ +transfer: tx 0 packets, 0 bytes; rx 0 packets, 0 bytes$' <<<"$out"

echo "# bce set replaces the whole entry"
ctl bce set mn "$MN1" bid 1 coa 2001:db8:c::1 hnp 2001:db8:1:3::/64
ctl -j bce show mn "$MN1" bid 1 | py 'j[0]["proxy_coa"] == "2001:db8:c::1" and
	j[0]["hnp"] == ["2001:db8:1:3::/64"] and j[0]["bid_pri"] == 0 and
	j[0]["mn_ll_id"] is None'

echo "# flow add, with a prefix turned into an address range"
ctl flow add mn "$MN1" fid 1 prio 10 src 2001:db8:1:1::/64 dst 2001:db8::1-2001:db8::9 \
	proto tcp sport 1000-2000 dport 80 spi 5 label 0x12345 tclass 8-16 bid 1 bid 2
ctl flow add mn "$MN1" fid 2 dst 2001:db8:5::5 proto 17 bid 2 action drop
ctl flow add mn "$MN2" fid 9 bid 7
ctl -j flow | py '[(f["mn_id"], f["fid"]) for f in j] ==
	[("'$MN1'", 1), ("'$MN1'", 2), ("'$MN2'", 9)]' \
	'j[0]["ts"] == {
	"src": {"start": "2001:db8:1:1::", "end": "2001:db8:1:1:ffff:ffff:ffff:ffff"},
	"dst": {"start": "2001:db8::1", "end": "2001:db8::9"},
	"proto": {"start": 6, "end": 6}, "sport": {"start": 1000, "end": 2000},
	"dport": {"start": 80, "end": 80}, "spi": {"start": 5, "end": 5},
	"label": {"start": 0x12345, "end": 0x12345}, "tclass": {"start": 8, "end": 16}}' \
	'j[0]["selector"] == "src 2001:db8:1:1::/64 dst 2001:db8::1-2001:db8::9 proto tcp sport 1000-2000 dport 80 spi 5 label 0x12345 tclass 8-16"' \
	'j[0]["fid_pri"] == 10 and j[0]["bids"] == [1, 2] and
	j[0]["action"] == "forward" and j[0]["active"] is True and
	j[0]["counters"] == {"packets_tx": 0, "bytes_tx": 0, "packets_rx": 0, "bytes_rx": 0}' \
	'j[1]["action"] == "drop" and j[1]["selector"] == "dst 2001:db8:5::5 proto udp"' \
	'j[2]["selector"] == "any" and j[2]["ts"] == {}'
ctl -j flow show mn "$MN2" | py '[f["fid"] for f in j] == [9]'
ctl -j flow show mn "$MN1" fid 2 | py 'len(j) == 1 and j[0]["bids"] == [2]'

echo "# the selector shown is accepted back as is"
sel=$(ctl -j flow show mn "$MN1" fid 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["selector"])')
before=$(ctl -j flow show mn "$MN1" fid 1)
# shellcheck disable=SC2086 # the selector is a list of words
ctl flow set mn "$MN1" fid 1 prio 10 $sel bid 1 bid 2
after=$(ctl -j flow show mn "$MN1" fid 1)
[ "$before" = "$after" ]

echo "# flow show: a table per MN"
out=$(ctl flow)
echo "$out"
[ "$(grep -c '^mn: ' <<<"$out")" = 2 ]
grep -qE '^ +FID +PRI +ACTION +STATE +BIDS' <<<"$out"
grep -qE '^ +1 +10 +forward +active +1,2 +0/0 +0/0 +src 2001:db8:1:1::/64 ' <<<"$out"
grep -qE '^ +2 +0 +drop +active +2 .*dst 2001:db8:5::5 proto udp$' <<<"$out"

echo "# deleting a BCE leaves the flows that used only it inactive"
ctl bce del mn "$MN1" bid 2
ctl -j bce mn "$MN1" | py '[b["bid"] for b in j] == [1]'
ctl -j flow mn "$MN1" | py '[f["active"] for f in j] == [True, False]'
ctl flow mn "$MN1" | grep -qE '^ +2 +0 +drop +inactive '

echo "# flow set replaces the whole entry"
ctl flow set mn "$MN1" fid 2 bid 1 proto 17-18
ctl -j flow show mn "$MN1" fid 2 | py 'j[0]["selector"] == "proto 17-18" and
	j[0]["action"] == "forward" and j[0]["bids"] == [1] and j[0]["active"] is True'

echo "# bad arguments: exit 2, the token named, nothing sent"
gen=$(generation)
bce_before=$(ctl -j bce)
flow_before=$(ctl -j flow)
expect_fail 2 "'mn' is required" bce add bid 3 coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "'hnp' is required" bce add mn "$MN1" bid 3 coa 2001:db8::3
expect_fail 2 "'coa' is required" bce add mn "$MN1" bid 3 hnp 2001:db8:3:1::/64
expect_fail 2 "invalid bid '0'" bce add mn "$MN1" bid 0 coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "invalid bid '65536'" bce add mn "$MN1" bid 65536 coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "invalid prio '128'" bce add mn "$MN1" bid 3 prio 128 coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "invalid att 'x'" bce add mn "$MN1" bid 3 att x coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "invalid ll '0g'" bce add mn "$MN1" bid 3 ll 0g coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "invalid coa '2001:db8::zz'" bce add mn "$MN1" bid 3 coa 2001:db8::zz hnp 2001:db8:3:1::/64
expect_fail 2 "invalid hnp '2001:db8:3:1::1/64'" bce add mn "$MN1" bid 3 coa 2001:db8::3 hnp 2001:db8:3:1::1/64
expect_fail 2 "invalid hnp '2001:db8:3:1::'" bce add mn "$MN1" bid 3 coa 2001:db8::3 hnp 2001:db8:3:1::
expect_fail 2 "hnp '2001:db8:3:1::/64' given twice" bce add mn "$MN1" bid 3 coa 2001:db8::3 hnp 2001:db8:3:1::/64 hnp 2001:db8:3:1::/64
expect_fail 2 "'bid' given twice" bce add mn "$MN1" bid 3 bid 4 coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "unknown argument 'color'" bce add mn "$MN1" bid 3 color red
expect_fail 2 "'coa' needs a value" bce add mn "$MN1" bid 3 coa
expect_fail 2 "invalid mn" bce add mn "$(printf 'x%.0s' $(seq 256))" bid 3 coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 2 "unknown argument 'coa'" bce del mn "$MN1" bid 1 coa 2001:db8::3
expect_fail 2 "'bid' is required" bce del mn "$MN1"
expect_fail 2 "'bid' needs 'mn'" bce show bid 1
expect_fail 2 "unknown subcommand 'remove'" bce remove mn "$MN1" bid 1
expect_fail 2 "'bid' is required" flow add mn "$MN1" fid 5
expect_fail 2 "invalid fid '0'" flow add mn "$MN1" fid 0 bid 1
expect_fail 2 "invalid src '2001:db8::1/64'" flow add mn "$MN1" fid 5 src 2001:db8::1/64 bid 1
expect_fail 2 "invalid dst '2001:db8::9-2001:db8::1'" flow add mn "$MN1" fid 5 dst 2001:db8::9-2001:db8::1 bid 1
expect_fail 2 "invalid dst 'host'" flow add mn "$MN1" fid 5 dst host bid 1
expect_fail 2 "invalid proto 'sctpp'" flow add mn "$MN1" fid 5 proto sctpp bid 1
expect_fail 2 "invalid proto '256'" flow add mn "$MN1" fid 5 proto 256 bid 1
expect_fail 2 "invalid sport '2000-1000'" flow add mn "$MN1" fid 5 sport 2000-1000 bid 1
expect_fail 2 "invalid dport '65536'" flow add mn "$MN1" fid 5 dport 65536 bid 1
expect_fail 2 "invalid spi '-1'" flow add mn "$MN1" fid 5 spi -1 bid 1
expect_fail 2 "invalid label '0x100000'" flow add mn "$MN1" fid 5 label 0x100000 bid 1
expect_fail 2 "invalid tclass '1-256'" flow add mn "$MN1" fid 5 tclass 1-256 bid 1
expect_fail 2 "invalid action 'reject'" flow add mn "$MN1" fid 5 bid 1 action reject
expect_fail 2 "bid '1' given twice" flow add mn "$MN1" fid 5 bid 1 bid 1
expect_fail 2 "too many bid at '9'" flow add mn "$MN1" fid 5 bid 1 bid 2 bid 3 bid 4 bid 5 bid 6 bid 7 bid 8 bid 9
expect_fail 2 "unknown argument '-j'" flow add mn "$MN1" fid 5 bid 1 -j
expect_fail 2 "unknown argument 'src'" flow del mn "$MN1" fid 1 src ::
expect_fail 2 "'fid' needs 'mn'" flow show fid 1
[ "$(generation)" = "$gen" ]
[ "$(ctl -j bce)" = "$bce_before" ]
[ "$(ctl -j flow)" = "$flow_before" ]

echo "# kernel refusals: exit 1, with the kernel's reason"
expect_fail 1 'File exists.*a BCE with this MN-ID and BID exists' \
	bce add mn "$MN1" bid 1 coa 2001:db8:a::1 hnp 2001:db8:1:1::/64
expect_fail 1 'proxy-coa must be global unicast, at bce.proxy-coa' \
	bce add mn "$MN1" bid 3 coa fe80::1 hnp 2001:db8:1:1::/64
expect_fail 1 'only /64 home network prefixes are supported' \
	bce add mn "$MN1" bid 3 coa 2001:db8::3 hnp 2001:db8:3::/48
expect_fail 1 'must be global unicast, at bce.hnp\[1\].prefix' \
	bce add mn "$MN1" bid 3 coa 2001:db8::3 hnp 2001:db8:3:1::/64 hnp fe80::/64
expect_fail 1 'No such file.*no BCE with this MN-ID and BID' \
	bce set mn "$MN1" bid 3 coa 2001:db8::3 hnp 2001:db8:3:1::/64
expect_fail 1 'no BCE with this MN-ID and BID' bce del mn nobody@example.org bid 1
expect_fail 1 'no BCE with this MN-ID and BID' bce show mn "$MN1" bid 9
expect_fail 1 'BID has no BCE of this mobile node, at fmc.bid\[1\]' \
	flow add mn "$MN1" fid 5 bid 1 bid 9
expect_fail 1 'File exists' flow add mn "$MN1" fid 1 bid 1
expect_fail 1 'no FMC entry with this MN-ID and FID' flow set mn "$MN1" fid 77 bid 1
expect_fail 1 'no FMC entry with this MN-ID and FID' flow del mn "$MN1" fid 77
expect_fail 1 'no FMC entry with this MN-ID and FID' flow show mn "$MN1" fid 77
[ "$(generation)" = "$gen" ]
[ "$(ctl -j bce)" = "$bce_before" ]
[ "$(ctl -j flow)" = "$flow_before" ]

echo "# a dump that takes many messages comes back whole and sorted"
# 24 BCEs with 16 HNPs each, about 16 KB: several dump messages.
BULK=24
for i in $(seq 1 $BULK); do
	args=()
	for k in $(seq 1 16); do args+=(hnp "2001:db8:$((100 + i)):$k::/64"); done
	ctl bce add mn "bulk$i@example.org" bid "$i" coa 2001:db8:b::1 "${args[@]}" 2>/dev/null
done
ctl -j bce | py 'len(j) == 2 + '$BULK' and sum(len(b["hnp"]) for b in j) == 2 + 16 * '$BULK' and
	[(b["mn_id"], b["bid"]) for b in j] == sorted((b["mn_id"], b["bid"]) for b in j)'

echo "# dumps while the cache changes still succeed (restarted when interrupted)"
(
	for _ in $(seq 1 8); do
		ip netns exec "$NS" "$PMIPCTL" bce add mn churn@example.org bid 1 \
			coa 2001:db8:b::1 hnp 2001:db8:99:1::/64
		ip netns exec "$NS" "$PMIPCTL" bce del mn churn@example.org bid 1
	done
) &
churn=$!
for _ in $(seq 1 8); do
	n=$(ip netns exec "$NS" "$PMIPCTL" -j bce | grep -o '"bid":' | wc -l)
	[ "$n" = $((2 + BULK)) ] || [ "$n" = $((3 + BULK)) ]
done
wait "$churn"

echo "# del, and a role without a binding cache"
for i in $(seq 1 $BULK); do
	ctl bce del mn "bulk$i@example.org" bid "$i" 2>/dev/null
done
ctl flow del mn "$MN1" fid 1
ctl flow del mn "$MN1" fid 2
ctl flow del mn "$MN2" fid 9
ctl bce del mn "$MN1" bid 1
ctl bce del mn "$MN2" bid 7
ctl -j bce | py 'j == []'
ctl -j flow | py 'j == []'
ctl instance set role mag
expect_fail 1 'binding cache entries need instance role lma' \
	bce add mn "$MN1" bid 1 coa 2001:db8:a::1 hnp 2001:db8:1:1::/64

echo "# bul and ro on a MAG"
NS=$MAG_NS
ip netns add "$NS"
ip -n "$NS" link add acc0 type dummy
ctl instance set role mag local 2001:db8::2
if ! out=$(ctl bul 2>&1); then
	echo "$out"
	grep -q 'Operation not supported' <<<"$out"
	echo "# SKIP bul and ro: this module has no binding update list"
	echo "# ok"
	exit 0
fi
ctl bul add mn "$MN1" lma 2001:db8::1 dev acc0 ll fe80::1 bid 4 hnp 2001:db8:1:1::/64 \
	offlink 2001:db8:1:2::/64
ctl bul add mn "$MN2" lma 2001:db8::1 dev acc0 hnp 2001:db8:2:1::/64
ctl -j bul | py '[b["mn_id"] for b in j] == ["'$MN1'", "'$MN2'"]'
ctl -j bul | py 'j[0] == {"mn_id": "'$MN1'", "lma_addr": "2001:db8::1",
	"ifindex": j[0]["ifindex"], "dev": "acc0", "mn_ll_addr": "fe80::1", "bid": 4,
	"hnp": ["2001:db8:1:1::/64"], "offlink_hnp": ["2001:db8:1:2::/64"],
	"counters": {"packets_tx": 0, "bytes_tx": 0, "packets_rx": 0, "bytes_rx": 0},
	"registration": None}'
ctl -j bul | py 'j[1]["mn_ll_addr"] is None and j[1]["offlink_hnp"] == [] and j[1]["bid"] is None'
out=$(ctl bul)
echo "$out"
[ "$(grep -c '^mn: ' <<<"$out")" = 2 ]
grep -qE '^ +offlink-hnp: 2001:db8:1:2::/64$' <<<"$out"
grep -qE '^ +bid: 4$' <<<"$out"
ctl bul set mn "$MN2" lma 2001:db8::7 dev acc0 hnp 2001:db8:2:1::/64 hnp 2001:db8:2:2::/64
ctl -j bul show mn "$MN2" | py 'len(j) == 1 and j[0]["lma_addr"] == "2001:db8::7" and
	j[0]["hnp"] == ["2001:db8:2:1::/64", "2001:db8:2:2::/64"]'

ctl ro add src 2001:db8:1:1::/64 dst 2001:db8:9:1::/64 peer 2001:db8::9 lifetime 30 owner mag
ctl -j ro | py 'len(j) == 1 and j[0]["src_hnp"] == "2001:db8:1:1::/64" and
	j[0]["dst_hnp"] == "2001:db8:9:1::/64" and j[0]["peer_addr"] == "2001:db8::9" and
	j[0]["lifetime"] == 30 and 0 < j[0]["remaining"] <= 30 and j[0]["owner"] == "mag"'
ctl ro | grep -qE '^2001:db8:1:1::/64 +2001:db8:9:1::/64 +2001:db8::9 +mag '
ctl ro set src 2001:db8:1:1::/64 dst 2001:db8:9:1::/64 peer 2001:db8::8 lifetime 60 owner mag
ctl -j ro show src 2001:db8:1:1::/64 dst 2001:db8:9:1::/64 | py 'j[0]["peer_addr"] == "2001:db8::8" and
	j[0]["lifetime"] == 60'

gen=$(generation)
expect_fail 2 "'dev' is required" bul add mn "$MN1" lma 2001:db8::1 hnp 2001:db8:1:1::/64
expect_fail 2 "invalid lma 'lma1'" bul add mn "$MN1" lma lma1 dev acc0 hnp 2001:db8:1:1::/64
expect_fail 2 "invalid offlink '2001:db8:1:2::1/64'" \
	bul add mn "$MN1" lma 2001:db8::1 dev acc0 hnp 2001:db8:1:1::/64 offlink 2001:db8:1:2::1/64
expect_fail 1 "no device 'acc9'" bul add mn mn3@example.org lma 2001:db8::1 dev acc9 hnp 2001:db8:3:1::/64
expect_fail 2 "'owner' is required" ro add src 2001:db8:1:1::/64 dst 2001:db8:9:2::/64 peer 2001:db8::9 lifetime 30
expect_fail 2 "invalid lifetime '0'" ro add src 2001:db8:1:1::/64 dst 2001:db8:9:2::/64 peer 2001:db8::9 lifetime 0 owner mag
expect_fail 2 "invalid owner 'boss'" ro add src 2001:db8:1:1::/64 dst 2001:db8:9:2::/64 peer 2001:db8::9 lifetime 9 owner boss
expect_fail 2 "'src' needs 'dst'" ro show src 2001:db8:1:1::/64
[ "$(generation)" = "$gen" ]
expect_fail 1 'File exists' bul add mn "$MN1" lma 2001:db8::1 dev acc0 hnp 2001:db8:1:1::/64
expect_fail 1 'at bul.lma-addr' bul add mn mn3@example.org lma fe80::1 dev acc0 hnp 2001:db8:3:1::/64
expect_fail 1 'needs instance role lma, at ro.owner' \
	ro add src 2001:db8:1:1::/64 dst 2001:db8:9:2::/64 peer 2001:db8::9 lifetime 30 owner controller
[ "$(generation)" = "$gen" ]

ctl ro del src 2001:db8:1:1::/64 dst 2001:db8:9:1::/64
expect_fail 1 'No such file' ro del src 2001:db8:1:1::/64 dst 2001:db8:9:1::/64

echo "# monitor: an RO state expires, the kernel deletes it and says so"
mon=$(mktemp)
monitor_start "$mon"
ctl ro add src 2001:db8:1:1::/64 dst 2001:db8:9:3::/64 peer 2001:db8::9 lifetime 1 owner mag
wait_for 10 grep -q '^ro expired ' "$mon"
monitor_stop INT
cat "$mon"
grep -qx 'ro new src 2001:db8:1:1::/64 dst 2001:db8:9:3::/64 peer 2001:db8::9 lifetime 1 owner mag' "$mon"
grep -qx 'ro expired src 2001:db8:1:1::/64 dst 2001:db8:9:3::/64 peer 2001:db8::9 lifetime 1 owner mag' "$mon"
[ "$(grep -vc '^instance set ' "$mon")" = 2 ]
expect_fail 1 'No such file' ro show src 2001:db8:1:1::/64 dst 2001:db8:9:3::/64
rm -f "$mon"
ctl bul del mn "$MN2"
expect_fail 1 'No such file' bul del mn "$MN2"
ctl -j bul | py '[b["mn_id"] for b in j] == ["'$MN1'"]'
ctl -j ro | py 'j == []'
echo "# ok"
