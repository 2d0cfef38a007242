#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipd's control socket against hostile and broken clients (issue 16,
# item 3, and the control socket's share of item 4): an unprivileged user
# who connects to @pmipd and hangs up at once, hundreds of times; a root
# client that hangs up before its deferred answer; clients that connect
# and send nothing, or a byte at a time. Through all of it pmipd stays up,
# 'pmipctl daemon show' from another client answers within a second and a
# PBU is answered; no descriptor is left behind and the sanitizers stay
# quiet. Then pmipctl's side: a fake @pmipd bound by an unprivileged user
# while pmipd is down is refused (nothing is sent to it), and answers
# with terminal escapes are printed escaped, the JSON ones still valid.
#
#                      +------+                 +-----+ c::1   c::2 +----+
#                      | mag1 |-----------------| lma |-------------| cn |
#                      +------+                 +-----+             +----+
#                      +------+                    |      (injects PBUs with
#                      | mag2 |--------------------'       mhinject)
#                      +------+
#   (mag1 and mag2 run no daemon here)
#
#   2001:db8:...; LMAA a::1; the LMA's control socket @pmipd, its clients
#   run in the lma namespace as root or as uid 65534 (setpriv)
#
# Needs root and a kernel that loads pmip6.ko by name (the test VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
trap domain_cleanup EXIT
chmod 755 "$TMP"	# the unprivileged clients read their scripts here
# The system's python: the unprivileged user cannot reach root's own.
PY=/usr/bin/python3
NOBODY=(setpriv --reuid 65534 --regid 65534 --clear-groups)

MHINJECT=$TMP/mhinject
cc -std=c11 -D_GNU_SOURCE -Wall -O2 -o "$MHINJECT" selftests/netns/mhinject.c \
	user/mh/mh_msg.c user/mh/mh_opt.c user/mh/mh_ts.c user/mh/mh_checksum.c \
	user/mh/mh_pcap.c user/mh/mh_strerror.c

# pbu STATUS ARGS...: an mhinject PBU from the CN; its PBA has STATUS.
pbu() {
	local out
	out=$(nsq cn "$MHINJECT" $CN $LMAA pbu "${@:2}") || true
	echo "# PBU ${*:2} -> $out"
	[ "$(awk '{print $3}' <<<"$out")" = "$1" ]
}
dstat() { py lma "d['$1']" daemon stats; }
alive() { kill -0 "$pid_lma"; }
nfds() { ls "/proc/$pid_lma/fd" | wc -l; }

domain_up
cat >"$TMP/lma.conf" <<EOF
role lma
security insecure-lab		# the PBUs come from mhinject
local $LMAA
mag $CN				# in the CN: the one MAG here (RFC 5213 5.3.1)
lifetime 60
timestamp-window 10000		# a loaded TCG VM is slow
mn mn1@example.com prefix $P:1:1::/64
mn mn2@example.com prefix $P:1:2::/64
mn mn3@example.com prefix $P:1:3::/64 prefix $P:1:4::/64
EOF
start_pmipd lma
fds0=$(nfds)

echo "# an unprivileged user connects and hangs up at once, 300 times"
cat >"$TMP/hangup.py" <<'EOF'
import socket, sys
n = int(sys.argv[1])
for i in range(n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0pmipd")
    if i % 3 == 1:
        try:
            s.send(b"show\n")	# a request, then gone before the answer
        except OSError:
            pass		# pmipd may have refused and closed already
    s.close()
# One that stays for the answer.
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("\0pmipd")
s.send(b"show\n")
print(s.recv(4096).decode(errors="replace"), end="")
EOF
refused0=$(dstat ctl_refused)
nsexec lma "${NOBODY[@]}" $PY "$TMP/hangup.py" 300 >"$TMP/hangup.out"
cat "$TMP/hangup.out"
grep -q "^error: permission denied: the pmipd control socket is for root only$" "$TMP/hangup.out"
alive
ctl lma daemon show >/dev/null
[ "$(dstat ctl_refused)" = $((refused0 + 301)) ]
# pmipctl run by that user: the same refusal, exit status 1.
not nsq lma "${NOBODY[@]}" "$PMIPCTL" daemon show 2>"$TMP/err"
cat "$TMP/err"
grep -q "^pmipctl: pmipd: permission denied" "$TMP/err"
grep -q "control connection from uid 65534 .* refused: root only" "$TMP/lma.log"

echo "# clients that send nothing, or a byte at a time, stall no one"
# Five silent clients and one that sends a byte every 0.5 s; meanwhile
# another client asks for 'show' and times pmipd's answer (from a client
# already running: the time is pmipd's, not that of starting a program in
# a busy emulated VM), and a PBU is answered.
cat >"$TMP/stall.py" <<'EOF'
import socket, sys, time
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0pmipd")
    return s
def show():
    t = time.monotonic()
    s = conn()
    s.sendall(b"show\n")
    answer = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        answer += b
    print("show answered in %d ms: %s" % ((time.monotonic() - t) * 1000,
          answer.decode().split("\n")[0]), flush=True)
silent = [conn() for i in range(5)]
slow = conn()
print("connected", flush=True)
sending = True
for i in range(12):
    if sending:
        try:
            slow.send(b"s")	# never a newline
        except OSError as e:	# pmipd closed it
            print("slow client: %s" % e.strerror, flush=True)
            sending = False
    if i in (1, 3, 6):
        show()
    time.sleep(0.5)
for s in silent + [slow]:
    s.settimeout(5)
    try:
        print("answer:", s.recv(4096).decode().strip(), flush=True)
    except OSError as e:
        print("answer: none (%s)" % e.strerror, flush=True)
EOF
nsq lma $PY "$TMP/stall.py" >"$TMP/stall.out" &
stall=$!
wait_for 10 grep -q connected "$TMP/stall.out"
pbu 0 mn-id mn1@example.com hnp $P:1:1::/64 wait 2
ctl lma daemon show >/dev/null
wait "$stall"
cat "$TMP/stall.out"
# Each time "ok", each time within a second.
[ "$(grep -c "^show answered in [0-9]* ms: ok$" "$TMP/stall.out")" = 3 ]
[ -z "$(awk '/^show answered in/ && $4 >= 1000' "$TMP/stall.out")" ]
# Each stalled client was told why and closed by pmipd, after 2 s.
[ "$(grep -c "^answer: error: no complete request line within 2000 ms$" "$TMP/stall.out")" = 6 ]
alive

echo "# a root client that hangs up before its deferred answer"
# mn3 with two bindings (BIDs 1 and 2) from the CN's address: putting a
# flow on BID 2 needs an FMI to its MAG (RFC 7864 3.2.2), which the CN
# never answers, so the request waits for 1 + 2 + 4 s of retransmissions.
pbu 0 mn-id mn3@example.com ll-id 0a hi 1 bid 1 hnp $P:1:3::/64
pbu 0 mn-id mn3@example.com ll-id 0b hi 1 bid 2 hnp $P:1:4::/64
dropped0=$(dstat ctl_dropped)
nsexec lma $PY -c 'import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("\0pmipd")
s.send(b"flow add mn3@example.com fid 1 bid 2\n")
s.close()'
wait_for 5 atleast $((dropped0 + 1)) dstat ctl_dropped
wait_for 20 grep -q "mn3@example.com: no FMA from MAG $CN after 3 FMIs" "$TMP/lma.log"
alive
ctl lma daemon show >/dev/null
# The same request from a pmipctl that waits: its deferred answer comes.
not ctl lma daemon flow add mn3@example.com fid 2 bid 2 2>"$TMP/err"
cat "$TMP/err"
grep -q "^pmipctl: pmipd: no FMA from MAG $CN after 3 FMIs$" "$TMP/err"

echo "# an answer that carries terminal escapes is printed escaped"
not ctl lma daemon $'bogus\e[31mred\a' 2>"$TMP/err"
cat -v "$TMP/err"
grep -qF 'bogus\x1b[31mred\x07' "$TMP/err"
not grep -q $'\e' "$TMP/err"

echo "# nothing left behind"
# Every client is gone: pmipd holds the descriptors it started with.
wait_for 5 is "$fds0" nfds
[ "$(dstat ctl_refused)" = $((refused0 + 302)) ]
stop_pmipd lma
no_sanitizer_report

echo "# a fake @pmipd bound by an unprivileged user while pmipd is down"
cat >"$TMP/fake.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0" + sys.argv[1])
s.listen(4)
print("listening", flush=True)
for reply in sys.argv[2:]:
    c, _ = s.accept()
    c.settimeout(5)
    req = b""
    try:
        while not req.endswith(b"\n"):
            b = c.recv(1024)
            if not b:
                break
            req += b
    except OSError:
        pass
    print("request: %r" % req, flush=True)
    try:
        c.sendall(reply.encode("utf-8", "surrogateescape"))
    except OSError:
        pass
    c.close()
EOF
nsq lma "${NOBODY[@]}" $PY "$TMP/fake.py" pmipd $'ok\nFAKE ANSWER\n' >"$TMP/fake.out" &
fake=$!
pids+=($fake)
wait_for 10 grep -q listening "$TMP/fake.out"
not ctl lma daemon show >"$TMP/out" 2>"$TMP/err"
cat "$TMP/err"
grep -q "^pmipctl: refusing control socket @pmipd: its server runs as uid 65534 (pid [0-9]*), not root" "$TMP/err"
not grep -q FAKE "$TMP/out"
wait "$fake"
# pmipctl hung up without sending its request.
grep -qx "request: b''" "$TMP/fake.out"

echo "# a root server's answers with control characters: text and JSON"
esc=$'\e'
nsq lma $PY "$TMP/fake.py" fakectl \
	$'ok\nrole lma '"$esc"$'[2J\rspoof\a\tend \\ \xc3\xa9\n' \
	$'ok\n{"name":"a'"$esc"$'[31mb\tc","n":1}\n' >"$TMP/fake.out" &
fake=$!
pids+=($fake)
wait_for 10 grep -q listening "$TMP/fake.out"
PMIPD_CONTROL=fakectl nsq lma "$PMIPCTL" daemon show >"$TMP/out"
cat -v "$TMP/out"
[ "$(cat "$TMP/out")" = 'role lma \x1b[2J\x0dspoof\x07'$'\t''end \x5c é' ]
PMIPD_CONTROL=fakectl nsq lma "$PMIPCTL" -j daemon show >"$TMP/out"
cat -v "$TMP/out"
not grep -q $'\e' "$TMP/out"
[ "$($PY -c 'import json, sys; print(json.load(sys.stdin)["name"] == "a\x1b[31mb\tc")' <"$TMP/out")" = True ]
wait "$fake"
echo "# ok"
