#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The real MNs' traffic of bench/chaos.sh: UDP both ways between each
real MN and the CN, every datagram numbered, from one process.

  chaos_traffic.py OUT STOPFILE PPS CN_NS CN_ADDR MN_NS:MN_ADDR:PORT...

For each MN: the MN sends from [MN_ADDR]:PORT to [CN_ADDR]:PORT ("up"),
the CN from [CN_ADDR]:PORT to [MN_ADDR]:PORT ("down"), PPS datagrams a
second each way. The sockets are made in the namespaces themselves
(setns(2) before socket(2): a socket stays in the namespace it was made
in), so that one process paces every stream and knows when it sent each
datagram it never got. A datagram holds its sequence number and its send
time (CLOCK_REALTIME, to match the driver's event times).

When STOPFILE exists, sending stops; 3 s later the receivers stop and
OUT/chaos_traffic.csv (mn,direction,sent,received,lost,duplicates,
send_errors,max_transit_ms) and OUT/chaos_lost.csv (mn,direction,seq,
sent_at,send_error: every datagram sent and never received) are written.
A send that failed (no route during a move) counts as sent and lost.
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(ns):
    fd = os.open('/run/netns/' + ns, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            e = ctypes.get_errno()
            raise OSError(e, 'setns %s: %s' % (ns, os.strerror(e)))
    finally:
        os.close(fd)


def udp_socket(ns, addr, port):
    setns(ns)
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    # Deep enough that a receiver the emulated CPU leaves unscheduled for
    # a while does not drop: the count is what the data path lost.
    try:
        s.setsockopt(socket.SOL_SOCKET, 33, 4 << 20)    # SO_RCVBUFFORCE
    except OSError:
        pass
    s.bind((addr, port))
    s.setblocking(False)
    return s


class Stream:
    def __init__(self, mn, direction, tx, dst, rx):
        self.mn, self.direction, self.tx, self.dst, self.rx = mn, direction, tx, dst, rx
        self.sent_at = []           # index: sequence number
        self.errors = {}            # sequence number: the send error
        self.got = bytearray()
        self.dups = 0
        self.max_transit = 0.0


def main():
    out, stop, pps, cn_ns, cn_addr = sys.argv[1], sys.argv[2], float(sys.argv[3]), \
        sys.argv[4], sys.argv[5]
    streams, by_sock = [], {}
    for spec in sys.argv[6:]:
        ns, rest = spec.split(':', 1)
        addr, port = rest.rsplit(':', 1)
        port = int(port)
        mn_s = udp_socket(ns, addr, port)
        cn_s = udp_socket(cn_ns, cn_addr, port)
        up = Stream(ns, 'up', mn_s, (cn_addr, port), cn_s)
        down = Stream(ns, 'down', cn_s, (addr, port), mn_s)
        streams += [up, down]
        by_sock[cn_s.fileno()] = up      # what the CN receives came up
        by_sock[mn_s.fileno()] = down
    socks = [s.rx for s in streams]
    period = 1.0 / pps
    # Staggered over one period, so that the sends do not come in bursts.
    due = [time.monotonic() + period * i / len(streams) for i in range(len(streams))]
    sending, stop_at = True, None
    pad = b'x' * 48
    while True:
        now = time.monotonic()
        if sending and os.path.exists(stop):
            sending, stop_at = False, now + 3.0
        if not sending and now >= stop_at:
            break
        if sending:
            for i, s in enumerate(streams):
                if now < due[i]:
                    continue
                seq = len(s.sent_at)
                t = time.time()
                s.sent_at.append(t)
                try:
                    s.tx.sendto(struct.pack('!Qd', seq, t) + pad, s.dst)
                except OSError as e:
                    s.errors[seq] = e.strerror
                due[i] += period
                if due[i] < now - 1.0:      # far behind (a stalled vCPU): no burst
                    due[i] = now
        wait = min(due) - time.monotonic() if sending else 0.1
        r, _, _ = select.select(socks, [], [], max(0.0, min(wait, 0.1)))
        for sk in r:
            st = by_sock[sk.fileno()]
            while True:
                try:
                    data = sk.recv(2048)
                except BlockingIOError:
                    break
                if len(data) < 16:
                    continue
                seq, t = struct.unpack('!Qd', data[:16])
                if seq >= len(st.got):
                    st.got.extend(b'\0' * (seq + 1 - len(st.got) + 1024))
                if st.got[seq]:
                    st.dups += 1
                st.got[seq] = 1
                st.max_transit = max(st.max_transit, time.time() - t)
    with open(os.path.join(out, 'chaos_traffic.csv'), 'w') as f:
        f.write('mn,direction,sent,received,lost,duplicates,send_errors,max_transit_ms\n')
        for s in streams:
            n = len(s.sent_at)
            got = sum(s.got[:n])
            f.write('%s,%s,%d,%d,%d,%d,%d,%.1f\n' % (s.mn, s.direction, n, got, n - got, s.dups,
                                                  len(s.errors), 1000 * s.max_transit))
    with open(os.path.join(out, 'chaos_lost.csv'), 'w') as f:
        f.write('mn,direction,seq,sent_at,send_error\n')
        for s in streams:
            for seq, t in enumerate(s.sent_at):
                if seq >= len(s.got) or not s.got[seq]:
                    f.write('%s,%s,%d,%.3f,%s\n' % (s.mn, s.direction, seq, t,
                                                   s.errors.get(seq, '')))


if __name__ == '__main__':
    main()
