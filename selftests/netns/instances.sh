#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-netns instances of pmip6: module autoload by family name, independent
# state in every namespace, CAP_NET_ADMIN required, and deleting namespaces
# with live state and then unloading the module leaves nothing behind: no
# instance, and no object in the module's kmem caches (/proc/slabinfo).
#
#   init_net (no role)
#   ns1 .. ns$NS_COUNT   each: role lma|mag, local address 2001:db8::<i>;
#                        odd (lma): an MN with two BCEs, a flow, an RO state
#                        even (mag): a BUL entry, an RO state
#
# Needs root and a kernel that can load pmip6.ko by name (the test VM).
# The kernel command line carries pmip6.dyndbg=+p so that the module logs
# "netns instance <cookie> created/destroyed" for every instance.
set -euo pipefail

NS_COUNT=${NS_COUNT:-8}
PMIPCTL=${PMIPCTL:-$PWD/user/pmipctl}
export PMIPCTL

. "$(dirname "$0")/lib.sh"
pp() { pretty "${NS:-root}" "$*"; "$@"; }

# Field of `pmipctl -j show`, e.g. json_field instance.role.
json_field() {
	python3 -c 'import json,sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else v)' "$1"
}

loaded() { grep -q '^pmip6 ' /proc/modules; }

# show_field NS FIELD: one field of `pmipctl -j show` in NS ("-" = this
# netns); fails if pmipctl does.
show_field() {
	local out
	if [ "$1" = - ]; then
		out=$(pp "$PMIPCTL" -j show)
	else
		out=$(nsexec "$1" "$PMIPCTL" -j show)
	fi
	json_field "$2" <<<"$out"
}

cleanup() {
	set +e
	for i in $(seq 1 "$NS_COUNT"); do ip netns del "ns$i" 2>/dev/null; done
}
trap cleanup EXIT

count_kmsg() { dmesg | grep -cE "pmip6: netns instance [0-9]+ $1" || true; }

# wait_for polls: netns teardown runs asynchronously in the kernel's
# cleanup_net work, so "deleted" is not "destroyed" yet.

echo "# with no module to load, pmipctl says so"
modprobe -r pmip6 2>/dev/null || true
not loaded
ko=$(modinfo -n pmip6)
mv "$ko" /tmp/pmip6.ko.hidden
if out=$(pp "$PMIPCTL" show 2>&1); then
	mv /tmp/pmip6.ko.hidden "$ko"
	echo "# pmipctl show succeeded with no module: $out"
	exit 1
fi
mv /tmp/pmip6.ko.hidden "$ko"
echo "$out"
grep -q 'module not loaded' <<<"$out"
not loaded

echo "# autoload: the first netlink request loads the module by family name"
dmesg -C
pp "$PMIPCTL" version
loaded
created0=$(count_kmsg created)
[ "$created0" -ge 1 ]   # init_net's instance at least

echo "# a fresh namespace's instance has no role"
role=$(show_field - instance.role)
[ -z "$role" ]

echo "# each namespace keeps its own state"
for i in $(seq 1 "$NS_COUNT"); do
	ip netns add "ns$i"
	role=lma; [ $((i % 2)) -eq 0 ] && role=mag
	nsexec "ns$i" "$PMIPCTL" instance set role "$role" local "2001:db8::$i"
done
for i in $(seq 1 "$NS_COUNT"); do
	role=lma; [ $((i % 2)) -eq 0 ] && role=mag
	out=$(nsexec "ns$i" "$PMIPCTL" -j show)
	[ "$(json_field instance.role <<<"$out")" = "$role" ]
	[ "$(json_field instance.local_addr <<<"$out")" = "2001:db8::$i" ]
done
role=$(show_field - instance.role)
[ -z "$role" ]
wait_for 10 test "$(count_kmsg created)" -ge $((created0 + NS_COUNT))

echo "# every object kind in the namespaces: the caches count them"
# The module's object caches, by name (kernel/*.c kmem_cache_create()).
CACHES=(pmip6_mn pmip6_bce pmip6_fmc pmip6_bul pmip6_ro)
# On 6.1 (no SLAB_NO_MERGE) a cache may be merged with another of the
# same size unless the kernel booted with slab_nomerge: /sys/kernel/slab
# then has our name only as an alias (a symlink) and the counts are not
# ours. The check is skipped there, and says so.
slab_check=1
for c in "${CACHES[@]}"; do
	if [ ! -d "/sys/kernel/slab/$c" ] || [ -L "/sys/kernel/slab/$c" ]; then
		echo "# $c is merged with another cache: no slab accounting check"
		slab_check=0
	fi
done
slab_all() {
	local c
	for c in "${CACHES[@]}"; do echo "$c $(slab_objs "$c")"; done
}
# slab_at_least N: every cache holds N objects at least.
slab_at_least() {
	local c
	for c in "${CACHES[@]}"; do [ "$(slab_objs "$c")" -ge "$1" ] || return 1; done
}
slab_empty() {
	local c
	for c in "${CACHES[@]}"; do [ "$(slab_objs "$c")" -eq 0 ] || return 1; done
}
if [ "$slab_check" = 1 ]; then
	slab_all
	slab_empty
fi
for i in $(seq 1 "$NS_COUNT"); do
	h=2001:db8:$i
	if [ $((i % 2)) -eq 1 ]; then
		nsq "ns$i" "$PMIPCTL" bce add mn mn$i bid 1 coa $h::b hnp $h:1::/64
		nsq "ns$i" "$PMIPCTL" bce add mn mn$i bid 2 coa $h::c hnp $h:1::/64
		nsq "ns$i" "$PMIPCTL" flow add mn mn$i fid 1 dport 80 bid 2
		nsq "ns$i" "$PMIPCTL" ro add src $h:1::/64 dst $h:2::/64 \
			peer $h::d lifetime 60 owner controller
	else
		nsq "ns$i" "$PMIPCTL" bul add mn mn$i lma $h::a dev lo hnp $h:1::/64
		nsq "ns$i" "$PMIPCTL" ro add src $h:1::/64 dst $h:2::/64 \
			peer $h::d lifetime 60 owner mag
	fi
done
if [ "$slab_check" = 1 ]; then
	slab_all
	slab_at_least $((NS_COUNT / 2))
fi

echo "# without CAP_NET_ADMIN every request is refused, with the reason"
if out=$(setpriv --bounding-set=-net_admin --inh-caps=-net_admin \
		"$PMIPCTL" show 2>&1); then
	echo "# pmipctl show succeeded without CAP_NET_ADMIN: $out"
	exit 1
fi
grep -q CAP_NET_ADMIN <<<"$out"

echo "# a bad argument is refused before anything reaches the kernel"
gen=$(show_field ns1 instance.generation)
[ -n "$gen" ]
not nsexec ns1 "$PMIPCTL" instance set role hub
not nsexec ns1 "$PMIPCTL" instance set role lma local 2001:db8::zz
got=$(show_field ns1 instance.generation)
[ "$got" = "$gen" ]
got=$(show_field ns1 instance.role)
[ "$got" = lma ]

echo "# deleting namespaces with live state destroys their instances"
destroyed0=$(count_kmsg destroyed)
cleanup
wait_for 30 test "$(count_kmsg destroyed)" -ge $((destroyed0 + NS_COUNT))

if [ "$slab_check" = 1 ]; then
	echo "# every object is freed once the namespaces are gone (RCU: poll)"
	wait_for 30 slab_empty || { slab_all; false; }
	slab_all
fi

echo "# the module unloads with no reference left"
[ "$(cat /sys/module/pmip6/refcnt)" = 0 ]
pp modprobe -r pmip6
not loaded
created=$(count_kmsg created)
destroyed=$(count_kmsg destroyed)
echo "# instances created $created, destroyed $destroyed"
[ "$created" -eq "$destroyed" ]
kmsg=$(dmesg)
not grep -E 'WARNING:|BUG:|Oops' <<<"$kmsg"
echo "# ok"
