#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""One TCP stream of random bytes, and its SHA-256 at both ends.

  tcpbulk.py recv PORT FILE        accept one connection, read to EOF, then
                                   write "BYTES SHA256" into FILE (and
                                   FILE.ready once listening)
  tcpbulk.py send DST PORT BYTES [SRC]
                                   send BYTES random bytes (from SRC),
                                   print "BYTES SHA256 SECONDS"

Both ends give up after TIMEOUT (default 120) seconds without progress.
"""
import hashlib, os, socket, sys, time

TIMEOUT = float(os.environ.get('TIMEOUT', '120'))
CHUNK = 1 << 18


def write(path, text):
	with open(path + '.tmp', 'w') as f:
		f.write(text)
	os.replace(path + '.tmp', path)


if sys.argv[1] == 'recv':
	port, path = int(sys.argv[2]), sys.argv[3]
	s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
	s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	s.bind(('::', port))
	s.listen(1)
	write(path + '.ready', 'listening\n')
	c, _ = s.accept()
	c.settimeout(TIMEOUT)
	h, n = hashlib.sha256(), 0
	while True:
		b = c.recv(CHUNK)
		if not b:
			break
		h.update(b)
		n += len(b)
	write(path, '%d %s\n' % (n, h.hexdigest()))
	c.close()
else:
	dst, port, total = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
	t = time.monotonic()
	src = (sys.argv[5], 0) if len(sys.argv) > 5 else None
	c = socket.create_connection((dst, port), timeout=TIMEOUT,
				     source_address=src)
	h, left = hashlib.sha256(), total
	while left:
		b = os.urandom(min(left, CHUNK))
		c.sendall(b)
		h.update(b)
		left -= len(b)
	c.shutdown(socket.SHUT_WR)
	# The receiver closes once it has read everything and written its sum.
	while c.recv(CHUNK):
		pass
	c.close()
	print('%d %s %.1f' % (total, h.hexdigest(), time.monotonic() - t))
