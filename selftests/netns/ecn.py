#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""UDP with a chosen traffic class, and tunnel packets made by hand, for
the ECN tests (RFC 6040).

  ecn.py recv PORT FILE        count datagrams by the ECN field they
                               arrive with: FILE holds
                               "not-ect N ect1 N ect0 N ce N"
  ecn.py send DST PORT COUNT TCLASS [SRC]
  ecn.py tunnel OUTER_SRC OUTER_DST OUTER_TCLASS SRC DST PORT TCLASS COUNT
                               IPv6-in-IPv6 (RFC 2473) from a raw socket:
                               an outer header with OUTER_TCLASS around a
                               UDP packet SRC -> DST:PORT with TCLASS
"""
import os, socket, struct, sys

NAMES = ('not-ect', 'ect1', 'ect0', 'ce')	# ECN field values 0..3


def write(path, text):
	with open(path + '.tmp', 'w') as f:
		f.write(text)
	os.replace(path + '.tmp', path)


def csum(data):
	if len(data) % 2:
		data += b'\0'
	s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
	while s >> 16:
		s = (s & 0xffff) + (s >> 16)
	return ~s & 0xffff


def udp6(src, dst, port, tclass, payload):
	s = socket.inet_pton(socket.AF_INET6, src)
	d = socket.inet_pton(socket.AF_INET6, dst)
	ulen = 8 + len(payload)
	pseudo = s + d + struct.pack('!I3xB', ulen, socket.IPPROTO_UDP)
	udp = struct.pack('!HHHH', 40000, port, ulen, 0) + payload
	c = csum(pseudo + udp) or 0xffff
	udp = udp[:6] + struct.pack('!H', c) + udp[8:]
	ip = struct.pack('!IHBB', 6 << 28 | tclass << 20, ulen,
			 socket.IPPROTO_UDP, 64) + s + d
	return ip + udp


cmd = sys.argv[1]
if cmd == 'recv':
	port, path = int(sys.argv[2]), sys.argv[3]
	s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
	s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVTCLASS, 1)
	s.bind(('::', port))
	n = [0, 0, 0, 0]
	write(path, ' '.join('%s 0' % k for k in NAMES) + '\n')
	while True:
		_, anc, _, _ = s.recvmsg(2048, socket.CMSG_SPACE(4))
		for level, typ, data in anc:
			if level == socket.IPPROTO_IPV6 and typ == socket.IPV6_TCLASS:
				n[struct.unpack('i', data)[0] & 3] += 1
		write(path, ' '.join('%s %d' % kv for kv in zip(NAMES, n)) + '\n')
elif cmd == 'send':
	dst, port, count, tclass = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5], 0)
	s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
	s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tclass)
	if len(sys.argv) > 6:
		s.bind((sys.argv[6], 0))
	for _ in range(count):
		s.sendto(b'x' * 64, (dst, port))
elif cmd == 'tunnel':
	osrc, odst, otc, src, dst, port, tc, count = sys.argv[2:10]
	s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_IPV6)
	s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, int(otc, 0))
	s.bind((osrc, 0))
	pkt = udp6(src, dst, int(port), int(tc, 0), b'y' * 64)
	for _ in range(int(count)):
		s.sendto(pkt, (odst, 0))
else:
	sys.exit(__doc__)
