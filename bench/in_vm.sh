#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every benchmark, inside the VM that bench/run.sh boots, one after the
# other (each builds its namespaces from nothing and removes them), all
# writing their CSV files to OUT for bench/report.py. bench/run.sh gives
# signaling a VM of its own; naming it here runs it in this one, last.
#
# usage: bench/in_vm.sh OUT [BENCH,...]   (fastpath, flowmove, signaling,
#                                          chaos; default fastpath,flowmove)
set -euo pipefail
OUT=${1:?usage: bench/in_vm.sh OUT [BENCH,...]}
which=,${2:-fastpath,flowmove},
cd "$(dirname "$0")/.."
for b in fastpath flowmove signaling chaos; do
	[[ $which == *",$b,"* ]] && "bench/$b.sh" "$OUT"
done
true
