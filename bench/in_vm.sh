#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every benchmark, inside the VM that bench/run.sh boots, one after the
# other (each builds its namespaces from nothing and removes them), all
# writing their CSV files to OUT for bench/report.py.
#
# usage: bench/in_vm.sh OUT
set -euo pipefail
OUT=${1:?usage: bench/in_vm.sh OUT}
cd "$(dirname "$0")/.."
bench/fastpath.sh "$OUT"
bench/flowmove.sh "$OUT"
