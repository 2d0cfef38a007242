#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The steady probe flow of bench/flowmove.sh.

  probe.py send DST PORT PPS STOPFILE   numbered datagrams until STOPFILE
                                        exists; the count goes to
                                        STOPFILE.sent
  probe.py recv PORT OUTFILE            one line per datagram until SIGTERM:
                                        "SEQ IFINDEX T S", T the kernel's
                                        receive time (SO_TIMESTAMPNS, s),
                                        S the sender's CLOCK_REALTIME just
                                        before it sent the datagram (s)

The receiver takes the arrival interface from IPV6_PKTINFO: on an MN with
one address on two interfaces, that is the path the packet took.
"""
import os
import signal
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = 35		# <asm-generic/socket.h>, also the cmsg type
IPV6_RECVPKTINFO = 49		# <linux/in6.h>
IPV6_PKTINFO = 50


def send(dst, port, pps, stop):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    t = time.monotonic()
    seq = 0
    while not os.path.exists(stop):
        try:
            s.sendto(struct.pack('!IQ', seq, time.time_ns()) + b'p' * 52, (dst, port))
        except OSError:
            pass
        seq += 1
        t += 1 / pps
        d = t - time.monotonic()
        if d > 0:
            time.sleep(d)
    with open(stop + '.sent', 'w') as f:
        f.write('%d\n' % seq)


def recv(port, out):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)	# SO_RCVBUFFORCE
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)
    s.bind(('::', port))
    s.settimeout(0.2)		# to see SIGTERM while no datagram comes
    lines = []
    done = []
    signal.signal(signal.SIGTERM, lambda *_: done.append(1))
    with open(out + '.ready', 'w'):
        pass
    while not done:
        try:
            data, anc, _, _ = s.recvmsg(2048, 256)
        except (InterruptedError, socket.timeout):
            continue
        if len(data) < 12:
            continue
        ifindex, ts = 0, 0.0
        for level, kind, val in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack('qq', val[:16])
                ts = sec + nsec / 1e9
            elif level == socket.IPPROTO_IPV6 and kind == IPV6_PKTINFO:
                ifindex = struct.unpack('I', val[16:20])[0]
        seq, sent = struct.unpack('!IQ', data[:12])
        lines.append('%d %d %.9f %.9f\n' % (seq, ifindex, ts, sent / 1e9))
    with open(out, 'w') as f:
        f.writelines(lines)


if __name__ == '__main__':
    if sys.argv[1:2] == ['send'] and len(sys.argv) == 6:
        send(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    elif sys.argv[1:2] == ['recv'] and len(sys.argv) == 4:
        recv(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
