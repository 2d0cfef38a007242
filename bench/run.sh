#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh: the benchmarks, in one command, from a fresh Debian
# bookworm machine (as root). Installs what is missing, builds the module
# and the tools, boots a VM (software emulation, like the tests) that runs
# bench/in_vm.sh (fastpath.sh, then flowmove.sh), then another that runs
# bench/signaling.sh, then (when asked) one that runs bench/chaos.sh, and
# writes a report under build/bench/<date>/:
# report.md, the CSV files, and PNG plots.
#
#   PMIP6_BENCH="fastpath flowmove signaling"   which benchmarks to run
#                            (and chaos, which only runs when named)
#   PMIP6_KERNEL=6.12        kernel series of the VM (6.12 keeps the
#                            module's slab caches apart for the memory rows)
#   PMIP6_BENCH_REPS=5       runs per configuration
#   PMIP6_BENCH_COUNT=200000 packets per run
#   PMIP6_BENCH_FLOWS="1 64 1024 8192 131072 1048576"   powers of 2; 64
#                            flows per MN
#   PMIP6_BENCH_MNS="1024 16384 131072"   MN sweep, one flow per MN
#   PMIP6_BENCH_IPRULE_MAX=8192   most rules the iprule baseline gets
#   PMIP6_BENCH_MOVES=10     flow moves with shared prefixes (3.2.1)
#   PMIP6_BENCH_FMI_MOVES=3  flow moves with FMI/FMA (3.2.2)
#   PMIP6_BENCH_PROBE_PPS=10000 the probe flow's rate during the moves
#   PMIP6_SIG_MNS="1000 10000 100000"   MN profiles of the LMA (signaling)
#   PMIP6_SIG_MAGS=16 PMIP6_SIG_WINDOW=64 PMIP6_SIG_ROUNDS=2
#   PMIP6_SIG_KMEM=65536     MNs (two BCEs each) for the module's memory
#                            per BCE, measured in the signaling VM
#   PMIP6_SIG_VM_MIB=2048    the signaling VM's memory: 1M profiles and
#                            bindings need about 6144
#   PMIP6_VM_WRAP=           a command to run each VM under (a VM slot
#                            wrapper on a shared host)
#   PMIP6_CHAOS_*            the chaos benchmark's settings (bench/chaos.sh
#                            lists them), passed on to its VM; chaos is not
#                            in the default PMIP6_BENCH: it runs for
#                            PMIP6_CHAOS_SECONDS (600) after a ramp
#   PMIP6_CHAOS_VM_MIB=3072  the chaos VM's memory
#   (signaling.sh also reads PMIP6_SIG_REG=0: profiles' memory only; it is
#   not passed on from here)
set -euo pipefail
cd "$(dirname "$0")/.."
series=${PMIP6_KERNEL:-6.12}
scripts/install-deps.sh
missing=()
for pkg in nftables python3-matplotlib; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
kver=$(scripts/kver.sh "$series")
make -j"$(nproc)" modules-all user
# fmcload, fmcmon, pbuload and probe in build/bench (the Makefile says what each is).
make bench
benches=${PMIP6_BENCH:-fastpath flowmove signaling}
wrap=${PMIP6_VM_WRAP:-}

out=build/bench/$(date -u +%Y%m%d-%H%M%S)
job=$out/vm
mkdir -p "$out"
echo "# booting Linux $kver under QEMU; the run takes a while"
# Lists travel comma-separated: the VM's command line is split on blanks.
in_vm=
for b in fastpath flowmove; do
	[[ " $benches " == *" $b "* ]] && in_vm=$in_vm${in_vm:+,}$b
done
if [ -n "$in_vm" ]; then
	$wrap selftests/vm/vm.sh -k "$series" -t 7200 -o "$job" \
		-m "build/kbuild/$kver/kernel/pmip6.ko" -- env \
		PMIP6_BENCH_REPS="${PMIP6_BENCH_REPS:-5}" \
		PMIP6_BENCH_COUNT="${PMIP6_BENCH_COUNT:-200000}" \
		PMIP6_BENCH_FLOWS="$(echo "${PMIP6_BENCH_FLOWS:-1 64 1024 8192 131072 1048576}" | tr ' ' ,)" \
		PMIP6_BENCH_MNS="$(echo "${PMIP6_BENCH_MNS:-1024 16384 131072}" | tr ' ' ,)" \
		PMIP6_BENCH_IPRULE_MAX="${PMIP6_BENCH_IPRULE_MAX:-8192}" \
		PMIP6_BENCH_MOVES="${PMIP6_BENCH_MOVES:-10}" \
		PMIP6_BENCH_FMI_MOVES="${PMIP6_BENCH_FMI_MOVES:-3}" \
		PMIP6_BENCH_PROBE_PPS="${PMIP6_BENCH_PROBE_PPS:-10000}" \
		bench/in_vm.sh /tmp/job "$in_vm"
fi
if [[ " $benches " == *" signaling "* ]]; then
	# A VM of its own: pmipd gets a CPU that pktgen's leftovers do not share.
	$wrap selftests/vm/vm.sh -k "$series" -t 3600 -o "$out/vm-signaling" \
		-M "${PMIP6_SIG_VM_MIB:-2048}" -m "build/kbuild/$kver/kernel/pmip6.ko" -- env \
		PMIP6_SIG_KMEM="${PMIP6_SIG_KMEM:-65536}" \
		PMIP6_SIG_MNS="$(echo "${PMIP6_SIG_MNS:-1000 10000 100000}" | tr ' ' ,)" \
		PMIP6_SIG_MAGS="${PMIP6_SIG_MAGS:-16}" \
		PMIP6_SIG_WINDOW="${PMIP6_SIG_WINDOW:-64}" \
		PMIP6_SIG_ROUNDS="${PMIP6_SIG_ROUNDS:-2}" \
		bench/signaling.sh /tmp/job
	mkdir -p "$job"
	cp "$out"/vm-signaling/signaling*.csv "$job/"
fi
if [[ " $benches " == *" chaos "* ]]; then
	# A VM of its own, and a timeout that follows the run's length: the
	# ramp, the chaos, the settling and the clean stop.
	chaos_s=${PMIP6_CHAOS_SECONDS:-600}
	chaos_env=()
	while IFS= read -r kv; do chaos_env+=("$kv"); done < <(env | grep '^PMIP6_CHAOS_' | grep -v '^PMIP6_CHAOS_VM_MIB=' || true)
	$wrap selftests/vm/vm.sh -k "$series" -t "$(( ${chaos_s%.*} + 2700 ))" -o "$out/vm-chaos" \
		-M "${PMIP6_CHAOS_VM_MIB:-3072}" -m "build/kbuild/$kver/kernel/pmip6.ko" -- env \
		"${chaos_env[@]}" bench/chaos.sh /tmp/job
	mkdir -p "$job"
	cp "$out"/vm-chaos/chaos_*.csv "$job/"
fi
# Debian's python3 (python3-matplotlib), not a python3 earlier on PATH.
/usr/bin/python3 bench/report.py "$job" "$out" "$kver"
echo "# report: $out/report.md"
