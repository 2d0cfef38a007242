#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole pmip6 test suite, from a fresh Debian bookworm machine:
# installs what is missing, builds everything (warnings are errors), runs
# the host-side tests, then the kernel selftests inside a QEMU VM on every
# kernel series in PMIP6_KERNELS (default "6.1 6.12"), and ends with one
# line "N passed, N failed".  Exit status 0 only if nothing failed.
#
# usage: scripts/test.sh            (as root)
#   PMIP6_KERNELS="6.1"             only one kernel (runs every scenario)
#   PMIP6_SCENARIOS=all             every pmipd scenario on every kernel
#   PMIP6_FUZZ_SECONDS=60           libFuzzer time for the MH codec
#   PMIP6_VM_TIMEOUT=3600           hard timeout per VM, seconds (CI: 90 min in all)
set -uo pipefail
cd "$(dirname "$0")/.."
src=$PWD

kernels=${PMIP6_KERNELS:-6.1 6.12}
fuzz_seconds=${PMIP6_FUZZ_SECONDS:-60}
vm_timeout=${PMIP6_VM_TIMEOUT:-3600}
results=$src/build/results
jobs=$(nproc)

scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

rm -rf "$results"
mkdir -p "$results"

# host_test NAME CMD...: a host-side step as one TAP file; a command that
# prints its own TAP keeps its subtests.
host_test() {
	local name=$1; shift
	local out=$results/host-$name.tap
	echo "# host: $name: $*"
	"$@" >"$out.log" 2>&1
	local rc=$?
	{
		echo "1..1"
		sed 's/^/  /' "$out.log"
		if [ $rc -eq 0 ]; then echo "ok 1 host/$name"; else echo "not ok 1 host/$name # exit=$rc"; fi
	} >"$out"
	sed 's/^/  /' "$out.log" | tail -n 40
	[ $rc -eq 0 ] && echo "ok host/$name" || echo "not ok host/$name # exit=$rc"
}

echo "# build"
host_test build make -j"$jobs" all modules-all
if ! grep -q '^ok' "$results/host-build.tap"; then
	python3 scripts/tap_summary.py "$results"/*.tap
	exit 1
fi

host_test abi_check python3 selftests/abi_check.py
host_test checkpatch make style
host_test pmipd_unit make -C user check
host_test mh_unit make -C user/mh check
host_test mh_tshark make -C user/mh tshark-check
host_test mh_lua make -C user/mh lua-check
host_test mh_fuzz make -C user/mh fuzz-run FUZZ_TIME="$fuzz_seconds"
host_test bench_build make bench
host_test bench_report python3 bench/report_test.py

# The VMs run side by side: much of a VM run is spent waiting for timers
# (lifetimes, retransmissions), so two of them share two cores well. Each
# runs every kernel test, and its shard of the pmipd scenarios (run_vm.sh
# --shard), unless PMIP6_SCENARIOS=all runs them all on every kernel.
declare -A vm_pid vm_kver
nkernels=$(wc -w <<<"$kernels")
i=0
for series in $kernels; do
	shard=(--shard "$i/$nkernels")
	[ "${PMIP6_SCENARIOS:-}" = all ] && shard=()
	i=$((i + 1))
	kver=$(scripts/kver.sh "$series") || { echo "not ok vm-$series"; continue; }
	echo "# vm: $kver"
	vm_kver[$series]=$kver
	selftests/vm/vm.sh -k "$series" -t "$vm_timeout" -o "$results/vm-$series" \
		-m "build/kbuild/$kver/kernel/pmip6.ko" -- selftests/run_vm.sh "${shard[@]}" \
		>"$results/vm-$series.vm.log" 2>&1 &
	vm_pid[$series]=$!
done
for series in $kernels; do
	[ -n "${vm_pid[$series]:-}" ] || continue
	wait "${vm_pid[$series]}"
	rc=$?
	kver=${vm_kver[$series]}
	job=$results/vm-$series
	out=$results/vm-$series.tap
	{
		echo "1..1"
		sed 's/^/  /' "$job/output.log" 2>/dev/null
		if [ $rc -eq 0 ]; then echo "ok 1 vm/$kver"; else echo "not ok 1 vm/$kver # exit=$rc"; fi
	} >"$out"
	echo "# vm: $kver (exit $rc)"
	cat "$results/vm-$series.vm.log"
	if [ $rc -ne 0 ] && [ ! -s "$job/output.log" ]; then
		tail -n 60 "$job/console.log"
	fi
	cat "$job/output.log" 2>/dev/null
done

echo "# summary"
python3 scripts/tap_summary.py "$results"/*.tap
