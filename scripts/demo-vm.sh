#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the demo VM (scripts/demo.sh): three acts, each a PMIPv6
# domain of network namespaces run by pmipd daemons, shown with pmipctl.
#
#   1. demo-signaling.sh  RFC 5213: attach by RS, the prefix by RA, the CN
#                         through the LMA, a handover keeping the address
#   2. demo-flows.sh      flow mobility (RFC 7864 3.2.2): the LMA's flow
#                         policy moves a flow with an FMI/FMA; the operator
#                         moves it back
#   3. demo-ro.sh         localized routing (draft-loureiro-netext-pmipv6-
#                         ro-02 4.1): MN-to-MN traffic first through the LMA,
#                         then MAG to MAG
set -euo pipefail
modprobe pmip6
"$(dirname "$0")/demo-signaling.sh"
"$(dirname "$0")/demo-flows.sh"
"$(dirname "$0")/demo-ro.sh"
