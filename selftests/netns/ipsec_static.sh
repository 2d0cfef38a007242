#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPsec protection of the signaling (RFC 5213 4.0) with static keys
# ('peer ADDR esp-auth ... spi-out N spi-in N'): pmipd installs ESP
# transport-mode SAs and policies for next header 135 with each peer, and
# removes exactly those at stop. Then the flow mobility run of
# flowmob_3_2_2.sh (two attachments, a flow moved by FMI/FMA) with
# captures on the LMA's links: every Mobility Header message is inside ESP,
# none in the clear. Then the attacks: an unprotected PBU from a third
# namespace, a captured PBU replayed without ESP under a MAG's address,
# the captured ESP packet replayed onto the wire (the anti-replay window,
# RFC 4303 3.4.3), and MAGs without keys (no peer line; a 'peer ... ike'
# line with no IKE daemon; security insecure-lab), none of which changes
# the LMA's bindings; 'pmipctl daemon show' says so per peer. Last,
# localized routing (draft-loureiro-netext-pmipv6-ro-02) between mn1 at
# mag1 and mn2 at mag2: RO Init/Ack LMA <-> mag2, RO Setup/Ack mag2 <->
# mag1, RO Refresh MAG -> LMA, all in ESP (the draft's section 10: the
# same as RFC 5213 4.0, MAG-MAG too); then a mag2 without keys for mag1
# refuses the RO Init rather than set up unprotected.
#
#        m1a  acc1 +------+ f1   lf1 +-----+ lc    c0 +----+
#   +-----+--------| mag1 |==========| lma |----------| cn | (the attacker)
#   | mn1 |        +------+   ESP    +-----+          +----+
#   +-----+--------| mag2 |==========' lf2
#        m1b  acc2 +------+   ESP
#   +-----+  m2  acc3 |
#   | mn2 |-----------'   mag1 <-> mag2: ESP, routed through the LMA's node
#   +-----+               (so lf1 and lf2 carry it, with outer b1::1 <-> b2::1)
#
#   2001:db8:...; LMAA a::1, Proxy-CoAs b1::1 (mag1), b2::1 (mag2);
#   mag1 <-> lma: hmac(sha256) + cbc(aes); mag2 <-> lma: hmac(sha256) only;
#   mag1 <-> mag2: hmac(sha256) + cbc(aes), their own keys
#
# Needs root and a kernel that loads pmip6.ko, xfrm_user and esp6 (the VM).
set -euo pipefail
trap 'echo "# failed at line $LINENO: $BASH_COMMAND" >&2' ERR

TMP=$(mktemp -d)
NS=(mn1 mn2 mag1 mag2 lma cn)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/domain.sh"
# Captures first: domain_cleanup waits for every child.
cleanup() {
	local f
	for f in "$TMP"/*.cap; do [ -f "$f.pid" ] && cap_stop "$f"; done
	domain_cleanup
}
trap cleanup EXIT
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
# Lab keys: hmac(sha256) 32 octets, cbc(aes) 16 octets.
AUTH1=1111111111111111111111111111111111111111111111111111111111111111
ENC1=22222222222222222222222222222222
AUTH2=3333333333333333333333333333333333333333333333333333333333333333
AUTH3=4444444444444444444444444444444444444444444444444444444444444444
ENC3=55555555555555555555555555555555

MHINJECT=$(mhinject_build "$TMP")

jget() { py "$1" "$2" daemon "${@:3}"; }
stat_of() { jget "$1" "d['$2']" stats; }
# Mobility Header messages NS received, but Heartbeats (RFC 5847: every
# 60 s from each peer with sessions, whenever they come).
mh_rx() { jget "$1" "d['mh_rx'] - d['heartbeat_req_rx'] - d['heartbeat_resp_rx']" stats; }
fid_bid() { py lma "[f['bids'] for f in d if f['fid'] == $1][0]" flow; }
offlink() { py "$1" "[b['offlink_hnp'] for b in d if b['mn_id'] == '$MN'][0]" bul; }
mag_state() { jget "$1" "[m['state'] for m in d if m['mn']=='$MN'] or ['none']" bindings | tr -d "[]'"; }
mag_sent() { jget "$1" "[m['transmissions'] for m in d if m['mn']=='$MN'] or [0]" bindings | tr -d "[]"; }
# The LMA's bindings, as (BID, Proxy-CoA, HNPs): what no attack may change.
lma_state() { py lma "sorted((b['bid'], b['proxy_coa'], b['hnp']) for b in d)" bce; }
nstates() { nsq "$1" ip -6 xfrm state | grep -c '^src' || true; }
npolicies() { nsq "$1" ip -6 xfrm policy | grep -c '^src' || true; }

echo "# topology"
domain_up
domain_mn_link mn1 m1a $MAC_A mag1 acc1
domain_mn_link mn1 m1b $MAC_B mag2 acc2
domain_mn_link mn2 m2 $MAC2 mag2 acc3
nsq mn2 sysctl -qw net.ipv6.conf.default.router_solicitation_delay=0
modprobe -q esp6 2>/dev/null || true
modprobe -q xfrm_user 2>/dev/null || true

peer_lma() { # peer_lma MAG-INDEX: the LMA's line for that MAG
	if [ "$1" = 1 ]; then
		echo "peer $COA1 esp-auth hmac(sha256) $AUTH1 esp-enc cbc(aes) $ENC1 spi-out 4097 spi-in 4353"
	else
		echo "peer $COA2 esp-auth hmac(sha256) 0x$AUTH2 spi-out 8193 spi-in 8449"
	fi
}
# peer_magmag MAG-INDEX: that MAG's line for the other MAG (localized
# routing: RO Setup / Setup Ack go MAG to MAG and need ESP just the same).
peer_magmag() {
	if [ "$1" = 1 ]; then
		echo "peer $COA2 esp-auth hmac(sha256) $AUTH3 esp-enc cbc(aes) $ENC3 spi-out 12289 spi-in 12545"
	else
		echo "peer $COA1 esp-auth hmac(sha256) $AUTH3 esp-enc cbc(aes) $ENC3 spi-out 12545 spi-in 12289"
	fi
}
peer_mag() { # peer_mag MAG-INDEX: that MAG's line for the LMA (SPIs crossed)
	if [ "$1" = 1 ]; then
		echo "peer $LMAA esp-auth hmac(sha256) $AUTH1 esp-enc cbc(aes) $ENC1 spi-out 4353 spi-in 4097"
	else
		echo "peer $LMAA esp-auth hmac(sha256) 0x$AUTH2 spi-out 8449 spi-in 8193"
	fi
}
cat >"$TMP/lma.conf" <<EOF
role lma
local $LMAA
mag $COA1				# the MAGs that may register MNs (RFC 5213 5.3.1)
mag $COA2
lifetime 120				# no refresh during the captures
min-delay-before-bce-delete 3000
timestamp-window 10000			# a loaded TCG VM is slow
localized-routing on
ro-lifetime $L
mn $MN prefix $HNP1/64 prefix $HNP2/64
mn $N2 prefix $HNP3/64
$(peer_lma 1)
$(peer_lma 2)
EOF
mag_conf() { # mag_conf INDEX [PEER-LINE] [EXTRA-LINE] [MAG-MAG-PEER-LINE]
	cat <<EOF
role mag
local $P:b$1::1
lma $LMAA
lifetime 120
access acc$1
$([ "$1" = 2 ] && echo "access acc3")
ra-interval 2
localized-routing on
mn $MN ll-id $([ "$1" = 1 ] && echo $MAC_A || echo $MAC_B)
mn $N2 ll-id $MAC2
${2:-$(peer_mag "$1")}
${3:-}
${4:-$(peer_magmag "$1")}
EOF
}
mag_conf 1 >"$TMP/mag1.conf"
mag_conf 2 >"$TMP/mag2.conf"

echo "# the config is checked, keys and all"
nsexec lma "$PMIPD" -c "$TMP/lma.conf" -n
printf 'role lma\nlocal %s\npeer %s esp-auth hmac(sha256) 1234 spi-out 4097 spi-in 4353\n' \
	$LMAA $COA1 >"$TMP/bad.conf"
not nsq lma "$PMIPD" -c "$TMP/bad.conf" -n 2>"$TMP/err"
cat "$TMP/err"
grep -q "bad.conf:3: invalid key for 'esp-auth' (expected 32 octets in hex, 64 digits)" "$TMP/err"

echo "# pmipd refuses to start when the kernel refuses an SA, and leaves others' alone"
nsq cn ip addr add $P:c::3/128 dev lo
nsexec cn ip xfrm state add src $P:c::2 dst $P:c::3 proto esp spi 4097 mode transport \
	auth-trunc 'hmac(sha256)' 0x$AUTH1 128 enc 'ecb(cipher_null)' ''
printf 'role lma\nlocal %s\ncontrol taken\npeer %s esp-auth hmac(sha256) %s spi-out 4097 spi-in 4353\n' \
	$CN $P:c::3 $AUTH1 >"$TMP/taken.conf"
rc=0
nsq cn "$PMIPD" -f -c "$TMP/taken.conf" 2>"$TMP/err" || rc=$?
cat "$TMP/err"
[ "$rc" = 1 ]
grep -q "IPsec: peer $P:c::3 (config line 4): the kernel refused the outbound SA: File exists" "$TMP/err"
[ "$(nstates cn)" = 1 ] && [ "$(npolicies cn)" = 0 ]
nsq cn ip xfrm state flush

echo "# captures on the LMA's links to the MAGs, then the daemons"
cap_start lma lf1 "$TMP/lf1.cap"
cap_start lma lf2 "$TMP/lf2.cap"
for ns in lma mag1 mag2; do start_pmipd "$ns"; done
grep -q "security ipsec: 2 peers, 2 with static SAs installed" "$TMP/lma.log"
# Per peer: an SA and a policy each way.
for ns in lma mag1 mag2; do
	echo "# $ns: $(nstates $ns) SAs, $(npolicies $ns) policies"
done
[ "$(nstates lma)" = 4 ] && [ "$(npolicies lma)" = 4 ]
[ "$(nstates mag1)" = 4 ] && [ "$(npolicies mag1)" = 4 ]
out=$(nsq lma ip -6 xfrm policy list dst $COA1/128)
echo "$out"
grep -q "proto 135" <<<"$out" && grep -q "proto esp reqid [0-9]* mode transport" <<<"$out"
out=$(nsq lma ip -6 xfrm state list spi 8449)
echo "$out"
grep -q "replay-window 32" <<<"$out"
# pmipctl daemon show: the mode as configured and, per peer, whether the
# kernel has ESP policies for next header 135 both ways (RFC 5213 4.0).
ctl mag1 daemon show
peers() { py "$1" "d['security'] + ' ' + ' '.join('%s/%s/%s' % (p['addr'], p['keying'], p['protected']) for p in d['peers'])" daemon show; }
[ "$(peers lma)" = "ipsec $COA1/static/True $COA2/static/True" ]
[ "$(peers mag1)" = "ipsec $LMAA/static/True $COA2/static/True" ]
ctl mag1 daemon show | grep -q "^security ipsec, 2 peers$"
ctl mag1 daemon show | grep -q "^peer $COA2 keying static protected yes$"

echo "# attach on both interfaces and move a flow, every message under ESP"
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
# The daemons' own captures (what went through the socket, decrypted):
# PBUs and PBAs with both MAGs, the FMI and the FMA with mag2.
npbu=$(mh_count lma "mip6.mhtype == 5")
npba=$(mh_count lma "mip6.mhtype == 6")
nfmi=$(mh_count lma "pmip6.upn.reason == 8 && ipv6.dst == $COA2")
nfma=$(mh_count lma "pmip6.upa.status == 0 && ipv6.src == $COA2")
echo "# the LMA exchanged $npbu PBUs, $npba PBAs, $nfmi FMIs, $nfma FMAs"
[ "$npbu" -ge 2 ] && [ "$npba" -ge 2 ] && [ "$nfmi" -ge 1 ] && [ "$nfma" -ge 1 ]
[ "$(stat_of lma mh_unprotected)" = 0 ] && [ "$(stat_of mag1 mh_unprotected)" = 0 ]
cap_wait "$TMP/lf2.cap" 4 "ip6 proto 50"
# What the LMA sends or receives from now on (heartbeats, refreshes, while
# a loaded VM reads the captures) is not on the captured links: the
# comparison below counts the LMA's messages of the seconds before this
# one's predecessor (pmipd's capture has whole seconds), so that each went
# on the wire at least a second before the captures stop.
t_stop=$(( $(date +%s) - 1 ))
cap_stop "$TMP/lf1.cap"
cap_stop "$TMP/lf2.cap"
for l in lf1 lf2; do
	clear=$(cap_count "$TMP/$l.cap" "ip6 proto 135")
	esp=$(cap_count "$TMP/$l.cap" "ip6 proto 50")
	echo "# $l: $esp ESP packets, $clear Mobility Header packets in the clear"
	[ "$clear" = 0 ] && [ "$esp" -ge 2 ]
done
# Each message the LMA sent or received crossed lf1 or lf2 as one ESP packet.
nmh=$(mh_count lma "mipv6 && frame.time_epoch < $t_stop")
nesp=$(( $(cap_count "$TMP/lf1.cap" "ip6 proto 50") + $(cap_count "$TMP/lf2.cap" "ip6 proto 50") ))
echo "# $nmh messages in the LMA's own capture, $nesp ESP packets on its links"
[ "$nmh" -ge 6 ] && [ "$nesp" -ge "$nmh" ]
# ESP with encryption to mag1: the MN's NAI is nowhere in the clear.
nai() { tcpdump -r "$1" -A 2>/dev/null | grep -c "mn1@example" || true; }
[ "$(nai "$TMP/lf1.cap")" = 0 ]
[ "$(nai "$TMP/lf2.cap")" -ge 1 ]	# authentication only: RFC 5213 4.0 allows it
before=$(lma_state)

echo "# an unprotected PBU from a third namespace: ignored, nothing changes"
unprot0=$(stat_of lma mh_unprotected)
out=$(nsq cn "$MHINJECT" $CN $LMAA pbu mn-id $MN hnp $HNP1/64 ll-id 0a0b0c0d0e0f) || true
echo "# injected PBU from $CN -> $out"
[ "$out" = "no answer" ]
[ "$(stat_of lma mh_unprotected)" = $((unprot0 + 1)) ]
grep -q "dropped a Mobility Header message from $CN: no 'peer' line in the configuration protects it (RFC 5213 4.0" "$TMP/lma.log"
[ "$(lma_state)" = "$before" ]

echo "# mag1's PBU, captured and replayed without ESP from cn posing as $COA1: the kernel drops it"
# The first PBU in mag1's own capture (LINKTYPE_RAW: IPv6 header, then MH).
pbu_hex=$(python3 - "$TMP/mag1.pcap" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
off = 24
while off + 16 <= len(data):
    n = struct.unpack_from("<I", data, off + 8)[0]
    pkt = data[off + 16:off + 16 + n]
    off += 16 + n
    if pkt[6] == 135 and pkt[42] == 5:
        mh = bytearray(pkt[40:])
        mh[4:6] = b"\0\0"	# the kernel computes the checksum
        print(mh.hex())
        break
EOF
)
[ -n "$pbu_hex" ]
nsq cn ip addr add $COA1/128 dev lo
# pmipd writes what passed the ESP checks to its capture: that PBU (by its
# sequence number) must stay the once it came from mag1 itself. (Counting
# the LMA's mh_rx raced with a MAG's refresh in a slow VM.)
replayed() { mh_count lma "mip6.mhtype == 5 && ipv6.src == $COA1 && mip6.bu.seqnr == $((16#${pbu_hex:12:4}))"; }
[ "$(replayed)" = 1 ]
mismatch0=$(xfrm_stat lma XfrmInTmplMismatch)
nsexec cn "$MHINJECT" $COA1 $LMAA raw "$pbu_hex" || true
wait_for 10 atleast $((mismatch0 + 1)) xfrm_stat lma XfrmInTmplMismatch
echo "# XfrmInTmplMismatch $mismatch0 -> $(xfrm_stat lma XfrmInTmplMismatch)"
[ "$(replayed)" = 1 ]
[ "$(lma_state)" = "$before" ]
nsq cn ip addr del $COA1/128 dev lo

echo "# the captured ESP packet of that PBU replayed onto lf1: the anti-replay window drops it (RFC 4303 3.4.3)"
# The first ESP packet mag1 sent (its PBU), the whole Ethernet frame.
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
seqerr0=$(xfrm_stat lma XfrmInStateSeqError)
nsexec mag1 python3 -c 'import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
s.send(open(sys.argv[2], "rb").read())' f1 "$TMP/replay.bin"
wait_for 10 atleast $((seqerr0 + 1)) xfrm_stat lma XfrmInStateSeqError
echo "# XfrmInStateSeqError $seqerr0 -> $(xfrm_stat lma XfrmInStateSeqError)"
[ "$(replayed)" = 1 ]
[ "$(lma_state)" = "$before" ]

echo "# mag2 stops: its SAs and policies go, and only those"
stop_pmipd mag2
[ "$(nstates mag2)" = 0 ] && [ "$(npolicies mag2)" = 0 ]
[ "$(nstates lma)" = 4 ] && [ "$(npolicies lma)" = 4 ]
wait_for 10 is "[1]" lma_bids	# it de-registered, under ESP
before=$(lma_state)

no_keys() { # no_keys WHAT PEER-LINE [EXTRA-LINE]: mag2 so configured cannot register
	echo "# a MAG without keys ($1) cannot register"
	mag_conf 2 "$2" "${3:-}" >"$TMP/mag2.conf"
	start_pmipd mag2
	rs mn1 m1b $MAC_B
	wait_for 20 atleast 2 mag_sent mag2
	[ "$(mag_state mag2)" = registering ]
	[ "$(lma_state)" = "$before" ]
	ctl mag2 daemon pending
	ctl mag2 daemon show | tee "$TMP/mag2.show"
	peers mag2 >"$TMP/mag2.peers"
	stop_pmipd mag2
}
no_keys "no peer line" "# no peer line"
grep -q "LMA $LMAA has no 'peer' line: registrations with it will be refused" "$TMP/mag2.log"
grep -q "not sending PBU to $LMAA: no 'peer' line in the configuration protects it (RFC 5213 4.0" "$TMP/mag2.log"
[ "$(cat "$TMP/mag2.peers")" = "ipsec $COA1/static/True" ]
no_keys "an IKE peer, no IKE daemon" "peer $LMAA ike"
grep -q "not sending PBU to $LMAA: its 'peer ... ike' line has no ESP policy for next header 135" "$TMP/mag2.log"
# The IKE peer without policies is reported unprotected, with the reason.
[ "$(cat "$TMP/mag2.peers")" = "ipsec $LMAA/ike/False $COA1/static/True" ]
grep -q "^peer $LMAA keying ike protected no: its 'peer ... ike' line has no ESP policy" "$TMP/mag2.show"
mismatch0=$(xfrm_stat lma XfrmInTmplMismatch)
no_keys "security insecure-lab: PBUs in the clear" "# no peer line" "security insecure-lab"
grep -q "security insecure-lab: Mobility Header signaling is NOT protected" "$TMP/mag2.log"
[ "$(cat "$TMP/mag2.peers")" = "insecure-lab $COA1/static/True" ]
grep -q "^security insecure-lab, 1 peers (signaling NOT protected" "$TMP/mag2.show"
echo "# XfrmInTmplMismatch $mismatch0 -> $(xfrm_stat lma XfrmInTmplMismatch)"
[ "$(xfrm_stat lma XfrmInTmplMismatch)" -ge $((mismatch0 + 2)) ]
[ "$(lma_bids)" = "[1]" ]

echo "# localized routing mn1 (mag1) <-> mn2 (mag2), every RO message in ESP"
# mn1 keeps only its mag1 attachment, so that its HNP is mag1's alone.
nsq mn1 ip link set m1b down
mag_conf 2 >"$TMP/mag2.conf"
cap_start lma lf1 "$TMP/ro-lf1.cap"
cap_start lma lf2 "$TMP/ro-lf2.cap"
seqerr0=$(xfrm_stat lma XfrmInStateSeqError)
start_pmipd mag2
nsq mn2 ip link set m2 up
n2_coa() { py lma "[b['proxy_coa'] for b in d if b['mn'] == '$N2' and b['state'] == 'registered']" daemon bindings; }
# An RS sent while the link is still settling can be lost: solicit again.
# After a restart of mag2 its first PBUs can go unanswered too: static SAs
# start again at sequence number 1, and the LMA's inbound SA, which lives
# on, drops them as replays (RFC 4303 3.4.3) until mag2 has sent more
# than before; each new RS starts a new series of PBUs.
attach_mn2() {
	local i
	for i in $(seq 20); do
		rs mn2 m2 $MAC2
		wait_for 3 is "['$COA2']" n2_coa && return 0
	done
	return 1
}
attach_mn2
echo "# mn2 registered at mag2; the LMA's XfrmInStateSeqError across mag2's restart: $seqerr0 -> $(xfrm_stat lma XfrmInStateSeqError)"
wait_for 30 has_addr mn2 m2
MN2=$(mn_addr mn2 m2)
echo "# mn1 $MN1 at mag1, mn2 $MN2 at mag2"
[[ $MN2 == $P:1:3:* ]]
bce() { py lma "[b['counters']['packets_$2'] for b in d if b['mn_id'] == '$1'][0]" bce; }
pair_state() { py lma "' '.join(p['state'] for p in d['pairs']) or 'none'" daemon ro; }
ping12() { # ping12 COUNT: mn1 -> mn2; prints the replies received
	nsq mn1 ping -6 -n -q -c "$1" -i 0.2 -W 2 -I $MN1 "$MN2" |
		awk '/packets transmitted/ {print $4}'
}
# The first ping crosses the LMA, whose kernel reports MN-to-MN traffic.
[ "$(ping12 1)" = 1 ]
wait_for 30 is active pair_state
ctl lma daemon ro
# Draft 4.1, as pmipd's own (decrypted) captures saw it: 1. RO Init LMA ->
# mag2, 2. RO Setup mag2 -> mag1, 3. Setup Ack, 4. Init Ack mag2 -> LMA.
has_ro "a::1>b2::1:3/0/$L" lma
has_ro "b2::1>a::1:4/0/$L" lma
has_ro "b2::1>b1::1:5/0/$L" mag2
has_ro "b1::1>b2::1:6/0/$L" mag2
has_ro "b2::1>b1::1:5/0/$L" mag1
has_ro "b1::1>b2::1:6/0/$L" mag1
# mag1 had the RO Setup vouched for by the LMA (an RO Refresh naming mag2).
has_ro "b1::1>a::1:7/0/$L@b2::1" mag1
[ "$(ro_n mag1)" = 1 ] && [ "$(ro_n mag2)" = 1 ]
nmm=$(mh_count mag1 "mip6.mhtype == 11 && ipv6.addr == $COA2")
echo "# mag1 exchanged $nmm localized routing messages with mag2 (its capture, decoded)"
[ "$nmm" -ge 2 ]

echo "# MAG to MAG: 20 pings, the LMA's BCE counters stand still, the MAGs' RO counters grow"
l1=$(bce $MN rx); l2=$(bce $N2 rx); r1=$(ro_ctr mag1 rx); r2=$(ro_ctr mag2 rx)
[ "$(ping12 20)" = 20 ]
echo "# LMA bce rx mn1 $l1 -> $(bce $MN rx), mn2 $l2 -> $(bce $N2 rx); ro rx mag1 $r1 -> $(ro_ctr mag1 rx), mag2 $r2 -> $(ro_ctr mag2 rx)"
[ "$(bce $MN rx)" = "$l1" ] && [ "$(bce $N2 rx)" = "$l2" ]
[ "$(ro_ctr mag1 rx)" = $((r1 + 20)) ] && [ "$(ro_ctr mag2 rx)" = $((r2 + 20)) ]
[ "$(stat_of mag1 mh_unprotected)" = 0 ] && [ "$(stat_of mag2 mh_unprotected)" = 0 ]

echo "# on the wire: the RO messages in ESP on the LMA's links, MAG-MAG ones included; none in the clear"
ro_wire_esp "$nmm"
# RO Init and Init Ack (and mn2's PBU and PBA) on mag2's link.
[ "$(cap_count "$TMP/ro-lf2.cap" "ip6 proto 50 and host $LMAA and host $COA2")" -ge 4 ]

echo "# mag2 without keys for mag1: it refuses the RO Init (draft 10), nothing is set up"
stop_pmipd mag2
wait_for 20 is 0 ro_n mag1
mag_conf 2 "" "" "# no peer line for mag1" >"$TMP/mag2.conf"
seqerr0=$(xfrm_stat lma XfrmInStateSeqError)
start_pmipd mag2
[ "$(peers mag2)" = "ipsec $LMAA/static/True" ]
attach_mn2
echo "# mn2 registered again; the LMA's XfrmInStateSeqError across mag2's restart: $seqerr0 -> $(xfrm_stat lma XfrmInStateSeqError)"
refused() { grep -q "RO Init from $LMAA: RO Setup to MAG $COA1 would not be protected: no 'peer' line in the configuration protects it (draft-loureiro-netext-pmipv6-ro-02 10, RFC 5213 4.0)" "$TMP/mag2.log"; }
# Traffic keeps the trigger coming, while the LMA's old pair ends.
ip netns exec mn1 ping -6 -n -q -c 300 -i 0.2 -W 2 -I $MN1 "$MN2" >/dev/null 2>&1 &
bping=$!
pids+=($bping)
wait_for 30 refused
kill $bping; wait $bping || true
has_ro "b2::1>a::1:4/129/0" mag2
[ "$(ro_n mag2)" = 0 ] && [ "$(ro_n mag1)" = 0 ]
# It never tried: no RO Setup refused on the way out.
[ "$(stat_of mag2 mh_unprotected)" = 0 ]
not has_ro "b2::1>b1::1:5/0/$L" mag2

echo "# mag1's pmipd killed: the next adopts its SAs, policies and binding; signaling goes on in ESP"
# A new outbound SA would start at sequence number 1, below the LMA's
# anti-replay window (RFC 4303 3.4.3): everything mag1 sent would be
# dropped. The SAs the killed pmipd installed are adopted as they are.
seqerr0=$(xfrm_stat lma XfrmInStateSeqError)
states1=$(nstates mag1)
policies1=$(npolicies mag1)
kill -9 "$pid_mag1"
wait "$pid_mag1" 2>/dev/null || true
start_pmipd mag1
grep -q "of its IPsec SAs and policies were there already, as configured: adopted" "$TMP/mag1.log"
[ "$(nstates mag1)" = "$states1" ] && [ "$(npolicies mag1)" = "$policies1" ]
[ "$(mag_state mag1)" = bound ]
nsexec mag1 "$PMIPCTL" daemon detach $MN
wait_for 10 atleast 1 stat_of mag1 pba_rx
[ "$(jget mag1 "d['pba_status'].get('0', 0)" stats)" = 1 ]
echo "# the LMA's XfrmInStateSeqError across mag1's restart: $seqerr0 -> $(xfrm_stat lma XfrmInStateSeqError)"
[ "$(xfrm_stat lma XfrmInStateSeqError)" = "$seqerr0" ]

echo "# the daemons stop cleanly and remove exactly what they installed"
stop_pmipd mag2
stop_pmipd mag1
stop_pmipd lma
for ns in lma mag1 mag2; do
	[ "$(nstates $ns)" = 0 ] && [ "$(npolicies $ns)" = 0 ]
done
no_sanitizer_report
for ns in lma mag1 mag2; do mh_clean $ns; done
echo "# ok"
