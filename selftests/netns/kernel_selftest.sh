#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's own self-test: loaded with selftest=1, pmip6.ko checks its
# flow classifier against a trivially correct reference on random binding
# caches and flow caches (kernel/selftest.c) and refuses to load on a
# mismatch.
set -euo pipefail

modprobe -r pmip6 2>/dev/null || true
dmesg -C
modprobe pmip6 selftest=1
kmsg=$(dmesg)
grep 'selftest' <<<"$kmsg" | sed 's/^/# /'
grep -q 'selftest: classifier: pass' <<<"$kmsg"
modprobe -r pmip6
