#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPsec protection of the signaling (RFC 5213 4.0) keyed by IKEv2: a
# strongSwan charon in each of lma, mag1 and mag2 loads the shipped
# user/ipsec/swanctl-*.conf (PSK, ESP transport mode, traffic selectors
# dynamic[135]: the Mobility Header only), and pmipd runs with
# 'peer ADDR ike', checking that the kernel has the ESP policies before it
# signals. Then the run of ipsec_static.sh: two attachments and a flow
# moved by FMI/FMA, captures on the LMA's links showing only ESP, an
# unprotected PBU from a third namespace ignored, a replayed ESP packet
# dropped by the anti-replay window; and a MAG whose charon stopped can no
# longer signal ('pmipctl daemon show' reports its peer unprotected first).
# Between them, localized routing between mn1 at mag1 and mn2 at mag2
# (draft-loureiro-netext-pmipv6-ro-02): the MAGs' swanctl files have a
# connection to each other, and RO Setup / Setup Ack go MAG to MAG in ESP.
#
#        m1a  acc1 +------+ f1   lf1 +-----+ lc    c0 +----+
#   +-----+--------| mag1 |==========| lma |----------| cn |
#   | mn1 |        +------+ IKE, ESP +-----+          +----+
#   +-----+--------| mag2 |==========' lf2
#        m1b  acc2 +------+ IKE, ESP; mag1 <-> mag2: IKE, ESP through the LMA
#   +-----+  m2  acc3 |
#   | mn2 |-----------'
#   +-----+
#
#   charon per namespace: its own strongswan.conf ($TMP/NS.strongswan.conf,
#   including user/ipsec/strongswan.conf), vici socket $TMP/NS.vici, log
#   $TMP/charon-NS.log, and a private /run (charon's pid file is the
#   compiled-in /var/run/charon.pid, one per namespace).
#
# Needs root, the VM's kernel (pmip6.ko, xfrm_user, esp6), and strongSwan
# (strongswan-charon, strongswan-swanctl); skips without strongSwan.
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

CHARON=${CHARON:-/usr/lib/ipsec/charon}
if [ ! -x "$CHARON" ] || ! command -v swanctl >/dev/null; then
	echo "# SKIP: strongSwan is not installed (apt-get install strongswan-charon strongswan-swanctl)"
	exit 4
fi

TMP=$(mktemp -d)
NS=(mn1 mn2 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
# Captures and charons first: domain_cleanup waits for every child.
cleanup() {
	set +e
	local f ns
	for f in "$TMP"/*.cap; do [ -f "$f.pid" ] && cap_stop "$f"; done
	if [ -n "${failed:-}" ]; then
		for ns in lma mag1 mag2; do
			echo "# $ns at the failure:"
			nsq "$ns" ip -6 xfrm state | sed 's/^/#   /'
			nsq "$ns" ip -6 xfrm policy | sed 's/^/#   /'
			nsq "$ns" grep -v ' 0$' /proc/net/xfrm_stat | sed 's/^/#   /'
			ctl "$ns" daemon stats 2>/dev/null | grep -v ' 0$' | sed 's/^/#   /'
		done
	fi
	domain_cleanup
}
trap cleanup EXIT
trap 'failed=1; echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR
HNP1=$P:1:1::
HNP2=$P:1:2::
MN1=$P:1:1::100
MAC_A=02:00:00:00:01:01
MAC_B=02:00:00:00:01:02
MN=mn1@example.com
HNP3=$P:1:3::
MAC2=02:00:00:00:02:01
N2=mn2@example.com
L=60

MHINJECT=$TMP/mhinject
cc -std=c11 -D_GNU_SOURCE -Wall -O2 -o "$MHINJECT" selftests/netns/mhinject.c \
	user/mh/mh_msg.c user/mh/mh_opt.c user/mh/mh_ts.c user/mh/mh_checksum.c \
	user/mh/mh_pcap.c user/mh/mh_strerror.c

jget() { py "$1" "$2" daemon "${@:3}"; }
stat_of() { jget "$1" "d['$2']" stats; }
# Mobility Header messages NS received, but Heartbeats (RFC 5847: every
# 60 s from each peer with sessions, whenever they come).
mh_rx() { jget "$1" "d['mh_rx'] - d['heartbeat_req_rx'] - d['heartbeat_resp_rx']" stats; }
# pmipctl daemon show: the mode, then per peer ADDR/KEYING/PROTECTED.
peers() { py "$1" "d['security'] + ' ' + ' '.join('%s/%s/%s' % (p['addr'], p['keying'], p['protected']) for p in d['peers'])" daemon show; }
fid_bid() { py lma "[f['bids'] for f in d if f['fid'] == $1][0]" flow; }
offlink() { py "$1" "[b['offlink_hnp'] for b in d if b['mn_id'] == '$MN'][0]" bul; }
lma_state() { py lma "sorted((b['bid'], b['proxy_coa'], b['hnp']) for b in d)" bce; }
nstates() { nsq "$1" ip -6 xfrm state | grep -c '^src' || true; }
# Policies for the Mobility Header in NS (not charon's per-socket ones).
nmhpol() { nsq "$1" ip -6 xfrm policy | grep -c 'proto mobility-header' || true; }
swan() { nsexec "$1" swanctl "${@:2}" --uri "unix://$TMP/$1.vici"; }

# start_charon NS: charon in NS with its own config, socket, log, /run.
start_charon() {
	cat >"$TMP/$1.strongswan.conf" <<EOF
include $PWD/user/ipsec/strongswan.conf
charon {
	filelog {
		pmip6 {
			path = $TMP/charon-$1.log
			default = 0
			ike = 1
			knl = 1
			chd = 1
			flush_line = yes
		}
	}
	plugins {
		vici {
			socket = unix://$TMP/$1.vici
		}
	}
}
EOF
	ip netns exec "$1" unshare -m --propagation private sh -c \
		'mount -t tmpfs tmpfs /run && exec env STRONGSWAN_CONF="$1" "$2"' \
		sh "$TMP/$1.strongswan.conf" "$CHARON" >>"$TMP/charon-$1.out" 2>&1 &
	pids+=($!)
	eval "charon_$1=$!"
	wait_for 30 test -S "$TMP/$1.vici"
	# (swanctl looks for certificate directories next to the file: none)
	swan "$1" --load-all --file "$PWD/user/ipsec/swanctl-$1.conf" 2>&1 |
		grep -v "^opening directory"
}

echo "# topology"
domain_up
domain_mn_link mn1 m1a $MAC_A mag1 acc1
domain_mn_link mn1 m1b $MAC_B mag2 acc2
domain_mn_link mn2 m2 $MAC2 mag2 acc3
nsq mn2 sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0
modprobe -q esp6 2>/dev/null || true
modprobe -q xfrm_user 2>/dev/null || true
# charon does not use addresses of the loopback device for IKE (it would
# run IKE between the link addresses, and the SAs would not cover the
# signaling): the LMAA and the Proxy-CoAs move to a dummy device.
for pair in lma:$LMAA mag1:$COA1 mag2:$COA2; do
	ns=${pair%%:*} addr=${pair#*:}
	nsq "$ns" ip link add sig0 type dummy
	nsq "$ns" ip link set sig0 up
	nsq "$ns" ip addr del "$addr/128" dev lo
	nsq "$ns" ip addr add "$addr/128" dev sig0
done

echo "# charon in lma, mag1, mag2, with the shipped swanctl files"
for ns in lma mag1 mag2; do start_charon "$ns"; done
# start_action = trap: the out and in policies for MH with each peer at once.
for ns in lma mag1 mag2; do echo "# $ns: $(nmhpol "$ns") MH policies"; done
[ "$(nmhpol lma)" = 4 ] && [ "$(nmhpol mag1)" = 4 ] && [ "$(nmhpol mag2)" = 4 ]
# The MAGs bring their IKE SAs up (the first MH packet would do it too,
# at the price of that packet: xfrm larval drop), with the LMA and with
# each other.
swan mag1 --initiate --ike lma --child mh --timeout 60
swan mag2 --initiate --ike lma --child mh --timeout 60
swan mag1 --initiate --ike mag2 --child mh --timeout 60
swan lma --list-sas
out=$(nsq lma swanctl --list-sas --uri "unix://$TMP/lma.vici")
[ "$(grep -c 'ESTABLISHED' <<<"$out")" = 2 ] && [ "$(grep -c 'INSTALLED, TRANSPORT' <<<"$out")" = 2 ]
[ "$(nstates lma)" = 4 ] && [ "$(nstates mag1)" = 4 ] && [ "$(nstates mag2)" = 4 ]
# Between the signaling addresses, not the link addresses.
for coa in $COA1 $COA2; do
	[ "$(nsq lma ip -6 xfrm state list src $coa dst $LMAA | grep -c '^src')" = 1 ]
	[ "$(nsq lma ip -6 xfrm state list src $LMAA dst $coa | grep -c '^src')" = 1 ]
done
nsq lma ip -6 xfrm state | grep -q "replay-window 32"

cat >"$TMP/lma.conf" <<EOF
role lma
local $LMAA
mag $COA1
mag $COA2
lifetime 120
min-delay-before-bce-delete 3000
timestamp-window 10000
localized-routing on
ro-lifetime $L
mn $MN prefix $HNP1/64 prefix $HNP2/64
mn $N2 prefix $HNP3/64
peer $COA1 ike
peer $COA2 ike
EOF
for i in 1 2; do
	cat >"$TMP/mag$i.conf" <<EOF
role mag
local $P:b$i::1
lma $LMAA
lifetime 120
access acc$i
$([ $i = 2 ] && echo "access acc3")
ra-interval 2
localized-routing on
mn $MN ll-id $([ $i = 1 ] && echo $MAC_A || echo $MAC_B)
mn $N2 ll-id $MAC2
peer $LMAA ike
peer $P:b$((3 - i))::1 ike
EOF
done

echo "# pmipd with 'peer ADDR ike': attach on both interfaces, move a flow"
cap_start lma lf1 "$TMP/lf1.cap"
cap_start lma lf2 "$TMP/lf2.cap"
for ns in lma mag1 mag2; do start_pmipd "$ns"; done
grep -q "security ipsec: 2 peers, 0 with static SAs installed, 2 keyed by IKE" "$TMP/lma.log"
[ "$(nstates lma)" = 4 ]	# pmipd installed none of its own
# charon's trap policies protect MH with every peer (RFC 5213 4.0).
[ "$(peers lma)" = "ipsec $COA1/ike/True $COA2/ike/True" ]
[ "$(peers mag1)" = "ipsec $LMAA/ike/True $COA2/ike/True" ]
nsq mn1 ip link set m1a up
rs mn1 m1a $MAC_A
wait_for 30 is "[1]" lma_bids
nsq mn1 ip link set m1b up
rs mn1 m1b $MAC_B
wait_for 30 is "[1, 2]" lma_bids
[ "$(lma_state)" = "[(1, '$COA1', ['$HNP1/64']), (2, '$COA2', ['$HNP2/64'])]" ]
nsq mn1 ip addr add $MN1/64 dev m1a nodad
nsq mn1 ip addr add $MN1/64 dev m1b nodad
ip netns exec mn1 python3 "$UDP" recv 5002 "$TMP/mn1.5002" & pids+=($!)
wait_for 10 test -s "$TMP/mn1.5002"
nsexec lma "$PMIPCTL" flow add mn $MN fid 2 prio 20 proto udp dport 5002 bid 1
nsexec cn python3 "$UDP" send $MN1 5002 10 100
wait_for 10 atleast 10 received 5002
nsexec lma "$PMIPCTL" daemon flow move $MN fid 2 bid 2
[ "$(fid_bid 2)" = "[2]" ]
[ "$(offlink mag2)" = "['$HNP1/64']" ]
nsexec cn python3 "$UDP" send $MN1 5002 10 100
wait_for 10 atleast 20 received 5002
npbu=$(mh_count lma "mip6.mhtype == 5")
nfmi=$(mh_count lma "pmip6.upn.reason == 8 && ipv6.dst == $COA2")
nfma=$(mh_count lma "pmip6.upa.status == 0 && ipv6.src == $COA2")
echo "# the LMA exchanged $npbu PBUs, $nfmi FMIs, $nfma FMAs"
[ "$npbu" -ge 2 ] && [ "$nfmi" -ge 1 ] && [ "$nfma" -ge 1 ]
for ns in lma mag1 mag2; do [ "$(stat_of $ns mh_unprotected)" = 0 ]; done
cap_wait "$TMP/lf2.cap" 4 "ip6 proto 50"
cap_stop "$TMP/lf1.cap"
cap_stop "$TMP/lf2.cap"
for l in lf1 lf2; do
	clear=$(cap_count "$TMP/$l.cap" "ip6 proto 135")
	esp=$(cap_count "$TMP/$l.cap" "ip6 proto 50")
	ike=$(cap_count "$TMP/$l.cap" "udp port 500 or udp port 4500")
	echo "# $l: $esp ESP packets, $clear Mobility Header packets in the clear, $ike IKE packets"
	[ "$clear" = 0 ] && [ "$esp" -ge 2 ]
done
before=$(lma_state)

echo "# an unprotected PBU from a third namespace: ignored, nothing changes"
out=$(nsq cn "$MHINJECT" $CN $LMAA pbu mn-id $MN hnp $HNP1/64 ll-id 0a0b0c0d0e0f) || true
echo "# injected PBU from $CN -> $out"
[ "$out" = "no answer" ]
[ "$(stat_of lma mh_unprotected)" = 1 ]
[ "$(lma_state)" = "$before" ]

echo "# mag1's first ESP packet replayed onto lf1: the anti-replay window drops it"
python3 - "$TMP/lf1.cap" "$TMP/replay.bin" "$COA1" <<'EOF'
import ipaddress, struct, sys
data = open(sys.argv[1], "rb").read()
coa = ipaddress.IPv6Address(sys.argv[3]).packed
off = 24
while off + 16 <= len(data):
    n = struct.unpack_from("<I", data, off + 8)[0]
    frame = data[off + 16:off + 16 + n]
    off += 16 + n
    if frame[12:14] == b"\x86\xdd" and frame[20] == 50 and frame[22:38] == coa:
        open(sys.argv[2], "wb").write(frame)
        break
EOF
[ -s "$TMP/replay.bin" ]
rx0=$(mh_rx lma)
seqerr0=$(xfrm_stat lma XfrmInStateSeqError)
nsexec mag1 python3 -c 'import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
s.send(open(sys.argv[2], "rb").read())' f1 "$TMP/replay.bin"
wait_for 10 atleast $((seqerr0 + 1)) xfrm_stat lma XfrmInStateSeqError
echo "# XfrmInStateSeqError $seqerr0 -> $(xfrm_stat lma XfrmInStateSeqError)"
[ "$(mh_rx lma)" = "$rx0" ]
[ "$(lma_state)" = "$before" ]

echo "# localized routing mn1 (mag1) <-> mn2 (mag2) under IKE-keyed ESP"
# mn1 keeps only its mag1 attachment, so that its HNP is mag1's alone.
nsexec mag2 "$PMIPCTL" daemon detach $MN
nsq mn1 ip link set m1b down
wait_for 30 is "[1]" lma_bids
cap_start lma lf1 "$TMP/ro-lf1.cap"
cap_start lma lf2 "$TMP/ro-lf2.cap"
nsq mn2 ip link set m2 up
n2_coa() { py lma "[b['proxy_coa'] for b in d if b['mn'] == '$N2']" daemon bindings; }
rs mn2 m2 $MAC2
wait_for 30 is "['$COA2']" n2_coa
wait_for 30 has_addr mn2 m2
MN2=$(mn_addr mn2 m2)
echo "# mn1 $MN1 at mag1, mn2 $MN2 at mag2"
bce() { py lma "[b['counters']['packets_$2'] for b in d if b['mn_id'] == '$1'][0]" bce; }
pair_state() { py lma "' '.join(p['state'] for p in d['pairs']) or 'none'" daemon ro; }
ping12() { # ping12 COUNT: mn1 -> mn2; prints the replies received
	nsq mn1 ping -6 -n -q -c "$1" -i 0.2 -W 2 -I $MN1 "$MN2" |
		awk '/packets transmitted/ {print $4}'
}
# The first ping crosses the LMA, whose kernel reports MN-to-MN traffic.
[ "$(ping12 1)" = 1 ]
wait_for 30 is active pair_state
# Draft 4.1 as the daemons' own (decrypted) captures saw it.
has_ro "a::1>b2::1:3/0/$L" lma
has_ro "b2::1>a::1:4/0/$L" lma
has_ro "b2::1>b1::1:5/0/$L" mag1
has_ro "b1::1>b2::1:6/0/$L" mag1
[ "$(ro_n mag1)" = 1 ] && [ "$(ro_n mag2)" = 1 ]
l1=$(bce $MN rx); l2=$(bce $N2 rx); r1=$(ro_ctr mag1 rx); r2=$(ro_ctr mag2 rx)
[ "$(ping12 20)" = 20 ]
echo "# LMA bce rx mn1 $l1 -> $(bce $MN rx), mn2 $l2 -> $(bce $N2 rx); ro rx mag1 $r1 -> $(ro_ctr mag1 rx), mag2 $r2 -> $(ro_ctr mag2 rx)"
[ "$(bce $MN rx)" = "$l1" ] && [ "$(bce $N2 rx)" = "$l2" ]
[ "$(ro_ctr mag1 rx)" = $((r1 + 20)) ] && [ "$(ro_ctr mag2 rx)" = $((r2 + 20)) ]
# Nothing refused for want of ESP (the LMA's one is the injected PBU).
[ "$(stat_of lma mh_unprotected)" = 1 ]
for ns in mag1 mag2; do [ "$(stat_of $ns mh_unprotected)" = 0 ]; done
# On the wire (the MAG-MAG path runs through the LMA's node): ESP between
# the MAGs, the tunnelled pings, and no Mobility Header in the clear.
ro_wire_esp 2
# The pair ends with mn2's binding, so that mag1 sends no RO Refresh once
# its charon is gone: a refused one would use up the refusal log line (one
# per 5 s) that the check of the refused de-registration below reads.
nsexec mag2 "$PMIPCTL" daemon detach $N2
wait_for 20 is 0 ro_n mag1

echo "# mag1's charon stops (its SAs and policies go): mag1 no longer signals"
kill "$charon_mag1"
wait "$charon_mag1" || true
wait_for 10 is 0 nmhpol mag1
# pmipd re-reads the policies at most once a second; daemon show makes
# the same check, so once it says unprotected, pmipd will refuse.
wait_for 10 is "ipsec $LMAA/ike/False $COA2/ike/False" peers mag1
nsexec mag1 "$PMIPCTL" daemon show
nsexec mag1 "$PMIPCTL" daemon detach $MN
grep -q "not sending PBU to $LMAA: its 'peer ... ike' line has no ESP policy for next header 135" "$TMP/mag1.log"
[ "$(stat_of mag1 mh_unprotected)" -ge 1 ]
[ "$(lma_bids)" = "[1]" ]	# the de-registration never left mag1

echo "# the daemons stop cleanly"
for ns in lma mag1 mag2; do stop_pmipd "$ns"; done
no_sanitizer_report
for ns in lma mag2; do mh_clean $ns; done
echo "# ok"
