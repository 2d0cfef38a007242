#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the demo VM (scripts/demo.sh): one namespace per node of a
# PMIPv6 domain, each with its own pmip6 instance, shown by pmipctl.
#
#          +-------+
#          |  lma  |  2001:db8:ffff::1
#          +-------+
#          /       \
#   +------+       +------+
#   | mag1 |       | mag2 |   2001:db8:ffff::11, ::12
#   +------+       +------+
set -euo pipefail
PMIPCTL=$PWD/user/pmipctl

run() { echo "\$ $*"; "$@"; }

run modprobe pmip6
declare -A role=([lma]=lma [mag1]=mag [mag2]=mag)
declare -A addr=([lma]=2001:db8:ffff::1 [mag1]=2001:db8:ffff::11 [mag2]=2001:db8:ffff::12)
for ns in lma mag1 mag2; do
	ip netns add "$ns"
	run ip netns exec "$ns" "$PMIPCTL" instance set role "${role[$ns]}" local "${addr[$ns]}"
done
echo
run "$PMIPCTL" version
for ns in lma mag1 mag2; do
	echo
	run ip netns exec "$ns" "$PMIPCTL" show
done
echo
run ip netns exec mag1 "$PMIPCTL" -j show
for ns in lma mag1 mag2; do ip netns del "$ns"; done
