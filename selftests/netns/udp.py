#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A small UDP sender and counting receiver for the netns tests.

  udp.py recv PORT FILE                     count datagrams into FILE
  udp.py send DST PORT COUNT PPS [SIZE [SRC]]

Each datagram carries its sender's sequence number (8 octets, from 0, when
SIZE allows); the receiver appends every gap it sees to FILE.gaps as
"FIRST..LAST missing at SECONDS" (CLOCK_REALTIME), so that a test can tell
when a loss happened.
"""
import os, socket, struct, sys, time
if sys.argv[1] == 'recv':		# recv PORT FILE: count packets into FILE
	s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
	# A receive queue deep enough that a receiver the (emulated, shared)
	# CPU leaves unscheduled for a while does not drop: the tests count
	# what the data path lost, not what this process was too late for.
	try:
		s.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)	# SO_RCVBUFFORCE (root)
	except OSError:
		s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
	s.bind(('::', int(sys.argv[2])))
	n = 0
	expect = {}
	open(sys.argv[3], 'w').write('0\n')
	while True:
		data, src = s.recvfrom(65535)
		n += 1
		if len(data) >= 8:
			seq = struct.unpack('!Q', data[:8])[0]
			want = expect.get(src[0], 0)
			if seq > want:
				with open(sys.argv[3] + '.gaps', 'a') as f:
					f.write('%d..%d missing at %.3f\n' % (want, seq - 1, time.time()))
			expect[src[0]] = max(want, seq + 1)
		with open(sys.argv[3] + '.tmp', 'w') as f:
			f.write('%d\n' % n)
		os.replace(sys.argv[3] + '.tmp', sys.argv[3])
else:					# send DST PORT COUNT PPS [SIZE [SRC]]
	# COUNT 0: until the file $STOP exists; then the number sent goes
	# into $STOP.sent.
	stop = os.environ.get('STOP')
	dst, port, count, pps = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
	size = int(sys.argv[6]) if len(sys.argv) > 6 else 64
	s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
	if len(sys.argv) > 7:
		s.bind((sys.argv[7], 0))
	t = time.monotonic()
	i = 0
	errors = {}
	while i < count if count else not os.path.exists(stop):
		try:
			s.sendto(struct.pack('!Q', i)[:size] + b'x' * (size - 8), (dst, port))
		except OSError as e:
			# Counted as sent (the tests count what arrived of what
			# was meant to go), and named in $STOP.errors.
			errors[e.strerror] = errors.get(e.strerror, 0) + 1
		i += 1
		t += 1 / pps
		d = t - time.monotonic()
		if d > 0:
			time.sleep(d)
	if not count:
		open(stop + '.errors', 'w').write(''.join('%s: %d\n' % kv for kv in errors.items()))
		open(stop + '.sent', 'w').write('%d\n' % i)
