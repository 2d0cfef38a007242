# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the netns test scripts; source it, don't run it.

# pretty NS CMD...: echo a command tagged with the namespace it runs in
# (on stderr, so that $(...) around a command captures only its output).
pretty() { echo "# [$1] ${*:2}" >&2; }
# nsexec NS CMD...: run CMD in NS, echoed first.
nsexec() { local ns=$1; shift; pretty "$ns" "$*"; ip netns exec "$ns" "$@"; }
# nsq NS CMD...: the same, quietly, for polling.
nsq() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# `! cmd` never trips set -e; this does.
not() { if "$@"; then return 1; fi; }
# atleast N CMD...: CMD prints a number >= N (for wait_for, which must
# run CMD anew each time rather than get its output once).
atleast() { local n=$1 v; shift; v=$("$@") && [ "$v" -ge "$n" ]; }
# wait_for SECONDS CMD...: poll CMD until it succeeds or time runs out.
wait_for() {
	local deadline=$((SECONDS + $1)); shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}
