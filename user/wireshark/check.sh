#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - check the Wireshark Lua dissector (pmip6.lua) against the
# codec's own vectors, and against corrupted copies of them.
#
#   ./check.sh [path/to/mh_test [path/to/pmip6.lua]]
#
# 1. mh_test --pcap-ext writes the messages stock tshark leaves raw (all
#    ten RO kinds, FMI add/remove, FMA with each status, a PBU with HI 6,
#    FID and Flow Summary), encoded by mh_encode() as pmipd sends them,
#    then the vectors mh_test.c lays out by hand from the RFC figures
#    (UPN, UPA, Heartbeat with Restart Counter, flow-mobility PBUs with a
#    traffic selector of every alignment class, BIDs with and without a
#    care-of address, Binding Error).
#    tshark -X lua_script:pmip6.lua decodes them to PDML and check.py
#    compares every field with the value the vector was built with; then
#    the same packets again over Ethernet, each Mobility Header behind a
#    Destination Options header.
# 2. The same with mh_test --pcap (the vectors stock tshark dissects):
#    the plugin must not disturb them.
# 3. check.py mutate writes truncated and corrupted copies of every packet
#    of both pcaps; tshark must get through all of them with no Lua error
#    (nor pmip6.bug item), and pmip6.lua must flag them as malformed or
#    short captures.
#
# Output is TAP.  Skipped (exit 0) only if tshark is not installed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
test_bin=${1:-$here/../mh/build/mh_test}
lua=${2:-$here/pmip6.lua}
check_py=$here/check.py

if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP: tshark is not installed"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# check_py CMD ARGS...: run check.py, numbering its "ok - ..." and
# "not ok - ..." lines; a crash of check.py itself is a failure too.
check_py() {
	rc=0
	python3 "$check_py" "$@" >"$work/py.out" 2>&1 || rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		*) echo "# ${line#\# }" ;;
		esac
	done <"$work/py.out"
	[ "$rc" -eq 0 ] || not_ok "check.py $1 ran to completion (exit $rc)"
}

# run_tshark NAME PCAP: PDML of PCAP with the plugin into $work/NAME.pdml;
# tshark must exit 0 and print nothing about Lua on stderr (a script that
# does not load says "Lua: Error during loading").
run_tshark() {
	if tshark -X lua_script:"$lua" -r "$2" -T pdml >"$work/$1.pdml" \
		2>"$work/$1.err"; then
		ok "$1: tshark -X lua_script:pmip6.lua exits 0"
	else
		sed 's/^/# /' "$work/$1.err"
		not_ok "$1: tshark -X lua_script:pmip6.lua exits 0"
	fi
	if grep -i -e 'lua' -e 'dissector bug' "$work/$1.err" >"$work/$1.lua" 2>&1
	then
		sed 's/^/# /' "$work/$1.lua" | head -20
		not_ok "$1: no Lua error on stderr"
	else
		ok "$1: no Lua error on stderr"
	fi
}

"$test_bin" --pcap "$work/base.pcap" --pcap-ext "$work/ext.pcap" \
	>"$work/test.txt" || {
	cat "$work/test.txt"
	echo "not ok 1 - mh_test failed while writing the pcaps"
	exit 1
}

command -v python3 >/dev/null 2>&1 || {
	echo "not ok 1 - python3 is needed to check the PDML"
	exit 1
}

# 1. The extension vectors, field by field.
run_tshark ext "$work/ext.pcap"
check_py clean "$work/ext.pdml" 25
check_py fields "$work/ext.pdml"

# The same over Ethernet, each MH behind a Destination Options header.
check_py wrap "$work/wrapped.pcap" "$work/ext.pcap"
run_tshark wrapped "$work/wrapped.pcap"
check_py clean "$work/wrapped.pdml" 25
check_py fields "$work/wrapped.pdml"

# 2. The stock vectors still dissect, with no Lua error.
run_tshark base "$work/base.pcap"
check_py clean "$work/base.pdml" 12
if tshark -X lua_script:"$lua" -r "$work/base.pcap" -Y 'mipv6 && pmip6' \
	2>/dev/null | grep -c . >"$work/both.txt" &&
	[ "$(cat "$work/both.txt")" -eq 12 ]; then
	ok "base: all 12 frames carry both the mipv6 and the pmip6 tree"
else
	not_ok "base: all 12 frames carry both the mipv6 and the pmip6 tree"
fi

# 3. Truncated and corrupted copies.
mutants=$(python3 "$check_py" mutate "$work/bad.pcap" "$work/ext.pcap" \
	"$work/base.pcap")
echo "# $mutants truncated or corrupted packets"
run_tshark bad "$work/bad.pcap"
check_py clean "$work/bad.pdml" "$mutants"
check_py experts "$work/bad.pdml"

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
