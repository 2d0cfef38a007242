#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job: build pmip6 and run a PMIPv6 domain inside a QEMU VM,
# showing its state with pmipctl.  Installs whatever is missing first.
#
# usage: scripts/demo.sh            (as root)
#   PMIP6_KERNEL=6.12               boot the 6.12 kernel instead of 6.1
set -euo pipefail
cd "$(dirname "$0")/.."

series=${PMIP6_KERNEL:-6.1}
scripts/install-deps.sh
kver=$(scripts/kver.sh "$series")
make -j"$(nproc)" module user KVER="$kver"

job=build/demo-$series
echo "# booting Linux $kver under QEMU (software emulation: allow a minute)"
rc=0
selftests/vm/vm.sh -k "$series" -t 1200 -o "$job" -m kernel/pmip6.ko -- \
	scripts/demo-vm.sh || rc=$?
cat "$job/output.log" 2>/dev/null || true
if [ $rc -ne 0 ]; then
	echo "demo: failed (exit $rc); VM console in $job/console.log" >&2
	exit $rc
fi
