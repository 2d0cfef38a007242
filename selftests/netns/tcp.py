#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A TCP stream for the netns tests: does a connection survive a handover?

  tcp.py recv PORT FILE        accept one connection; FILE holds
                               "BYTES SHA256" so far, "BYTES SHA256 eof" at
                               the end
  tcp.py send DST PORT RATE STOP   send RATE bytes/s until the file STOP
                               exists, then close; STOP.sent gets
                               "BYTES SHA256"
"""
import hashlib, os, socket, sys, time


def put(path, text):
    with open(path + '.tmp', 'w') as f:
        f.write(text + '\n')
    os.replace(path + '.tmp', path)


if sys.argv[1] == 'recv':
    port, path = int(sys.argv[2]), sys.argv[3]
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('::', port))
    s.listen(1)
    put(path, '0 - listening')
    c, _ = s.accept()
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(65536)
        if not b:
            break
        h.update(b)
        n += len(b)
        put(path, '%d %s' % (n, h.hexdigest()))
    put(path, '%d %s eof' % (n, h.hexdigest()))
else:
    dst, port, rate, stop = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    s = socket.create_connection((dst, port), timeout=60)
    h, n, i = hashlib.sha256(), 0, 0
    chunk = 1000
    t = time.monotonic()
    while not os.path.exists(stop):
        b = (('%08d' % i) * (chunk // 8)).encode()
        s.sendall(b)
        h.update(b)
        n += len(b)
        i += 1
        t += chunk / rate
        d = t - time.monotonic()
        if d > 0:
            time.sleep(d)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    put(stop + '.sent', '%d %s' % (n, h.hexdigest()))
