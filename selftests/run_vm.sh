#!/bin/bash
# The selftest runner inside the VM (selftests/vm/vm.sh boots the VM and
# calls this from the repository root).  Runs every test program as a KTAP
# subtest, with its own output indented, then checks that the kernel log
# stayed clean, that the module's object caches are empty and that the
# module unloads with nothing left behind.
#
# usage: selftests/run_vm.sh [--shard I/N] [TEST...]
#   (default: KERNEL_TESTS and SCENARIOS, or this shard's SCENARIOS)
set -u

# The kernel's own interfaces and datapath: run on every kernel series.
KERNEL_TESTS=(
	selftests/netns/kernel_selftest.sh
	selftests/netlink/netlink_test
	selftests/netlink/bce_test
	selftests/netlink/mag_test
	selftests/netlink/ntf_test
	selftests/netns/instances.sh
	selftests/netns/pmipctl_objects.sh
	selftests/netns/lma_datapath.sh
	selftests/netns/mag_datapath.sh
	selftests/netns/mag_flowcache.sh
	selftests/netns/offlink.sh
	selftests/netns/tcp_bulk.sh
	selftests/netns/ecn.sh
)
# Protocol scenarios between pmipd daemons. They spend minutes waiting
# for lifetimes and retransmissions and touch the kernel through the same
# interfaces as the tests above, so with --shard I/N each runs on one
# kernel series only: the K-th (from 0) where K mod N = I. Listed longest
# first, so that dealing them out in turn keeps the shards even.
SCENARIOS=(
	selftests/netns/ro_single_lma.sh
	selftests/netns/pmipd_e2e.sh
	selftests/netns/restart.sh
	selftests/netns/ipsec_static.sh
	selftests/netns/ipsec_strongswan.sh
	selftests/netns/ro_two_lmas.sh
	selftests/netns/binding_error.sh
	selftests/netns/flood.sh
	selftests/netns/hijack.sh
	selftests/netns/flowmob_3_2_decision.sh
	selftests/netns/heartbeat.sh
	selftests/netns/flowmob_3_2_2_pba.sh
	selftests/netns/flowmob_3_2_2.sh
	selftests/netns/flowmob_3_2_1.sh
	selftests/netns/ro_authorization.sh
	selftests/netns/ctl_hostile.sh
	selftests/netns/nl_lost.sh
	selftests/netns/ll_handover.sh
	selftests/netns/bce_lookup.sh
)
shard=
if [ "${1:-}" = --shard ]; then
	shard=${2:?"--shard needs I/N"}
	shift 2
	[[ $shard =~ ^([0-9]+)/([1-9][0-9]*)$ ]] && [ "${BASH_REMATCH[1]}" -lt "${BASH_REMATCH[2]}" ] ||
		{ echo "run_vm.sh: --shard '$shard': expected I/N with 0 <= I < N" >&2; exit 2; }
fi
TESTS=("${KERNEL_TESTS[@]}")
for k in "${!SCENARIOS[@]}"; do
	[ -z "$shard" ] || [ $((k % ${shard#*/})) = "${shard%/*}" ] && TESTS+=("${SCENARIOS[$k]}")
done
[ $# -gt 0 ] && TESTS=("$@")
# A loaded host (other VMs beside the suite's two) stretches the longest
# scenarios past 500 s.
PER_TEST_TIMEOUT=${PER_TEST_TIMEOUT:-900}

total=$((${#TESTS[@]} + 3))
n=0
failed=0

result() { # result RC NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	elif [ "$1" -eq 4 ]; then
		echo "ok $n $2 # SKIP"
	else
		echo "not ok $n $2 # exit=$1"
		failed=$((failed + 1))
	fi
}

echo "KTAP version 1"
echo "1..$total"
dmesg -C
for t in "${TESTS[@]}"; do
	echo "# running $t on $(uname -r)"
	start=$SECONDS
	# Indented as a subtest; each of its own "# " lines (not the daemon
	# logs it prints at the end) with the seconds since it started, so
	# that the slow steps of a slow test show. (mawk, Debian's awk, reads
	# a pipe in blocks unless interactive: the times would be the end's.)
	timeout -k 5 "$PER_TEST_TIMEOUT" "./$t" 2>&1 |
		mawk -W interactive -v t0="$(date +%s)" '/^# / && !/^# [^ ]+\.log: / { sub(/^# /, "# [" (systime() - t0) " s] ") }
			{ print "  " $0; fflush() }'
	rc=${PIPESTATUS[0]}
	echo "# $t took $((SECONDS - start)) s"
	result "$rc" "$t"
	# A test the timeout killed left its namespaces and their processes
	# behind, and every later test would fail on them: remove them.
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		for ns in $(ip netns list | awk '{print $1}'); do
			ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
		done
		ip -all netns delete 2>/dev/null || true
		echo "# $t timed out: its namespaces removed"
	fi
done

# Nothing the tests did may have left a kernel warning, oops or leak report.
bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|kmemleak|refcount_t:|list_(add|del) corruption|RCU stall|hung_task|pmip6.*(leak|error)' || true)
if [ -n "$bad" ]; then
	echo "$bad" | sed 's/^/  # /'
	result 1 kernel_log_clean
else
	result 0 kernel_log_clean
fi

# Every test deletes its namespaces: once RCU has run the frees, the
# module's object caches must hold nothing (a leak that module_unload
# would only see as a cache that cannot be destroyed). Shrinking flushes
# the per-CPU slabs, whose free objects /proc/slabinfo counts as in use.
# Caches merged with others (6.1 lacks SLAB_NO_MERGE) count other objects
# too, and are left out.
slab_in_use() {
	local d c n out=
	for d in /sys/kernel/slab/pmip6_*; do
		[ -d "$d" ] && [ ! -L "$d" ] || continue
		c=${d##*/}
		echo 1 >"$d/shrink"
		n=$(awk -v c="$c" '$1 == c { print $2 }' /proc/slabinfo)
		[ "${n:-0}" -eq 0 ] || out="$out $c=$n"
	done
	echo "$out"
}
rc=0
deadline=$((SECONDS + 30))
while left=$(slab_in_use); [ -n "$left" ]; do
	if [ "$SECONDS" -ge "$deadline" ]; then
		echo "  # objects left in use:$left"
		rc=1
		break
	fi
	sleep 0.2
done
checked=0
for d in /sys/kernel/slab/pmip6_*; do
	[ -e "$d" ] || continue
	if [ -L "$d" ]; then
		echo "  # ${d##*/}: merged with $(readlink "$d"), not checked"
	else
		echo "  # ${d##*/}: checked"
		checked=$((checked + 1))
	fi
done
# Nothing of ours to look at (all merged, or the module is not loaded).
[ "$rc" = 0 ] && [ "$checked" = 0 ] && rc=4
result $rc slab_empty

# The module must go with no reference held, whatever the tests left.
rc=0
if lsmod | grep -q '^pmip6 '; then
	refs=$(cat /sys/module/pmip6/refcnt)
	[ "$refs" = 0 ] || { echo "  # pmip6 refcnt $refs"; rc=1; }
	modprobe -r pmip6 || rc=1
	lsmod | grep -q '^pmip6 ' && { echo "  # pmip6 still loaded"; rc=1; }
fi
result $rc module_unload

exit $((failed > 0))
