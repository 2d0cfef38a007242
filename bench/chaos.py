#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The driver of bench/chaos.sh (which builds the namespaces and reads the
module's leftovers afterwards; its header describes the run and the
PMIP6_CHAOS_* settings, read here from the environment).

  chaos.py OUT TMP

It writes the daemons' configurations into TMP, starts pmipd in lma and
mag1..mag4, attaches the MNs, starts the real MNs' traffic
(chaos_traffic.py), then for PMIP6_CHAOS_SECONDS draws events (attach,
handover, detach, flow move) and kills a random daemon with SIGKILL every
PMIP6_CHAOS_KILL_EVERY seconds, starting it again at once. It talks to
each pmipd through its control socket directly (a socket made in the
daemon's namespace with setns(2)), not through pmipctl: a process start
under emulation costs more than the request.

Its model of the network (which MN is attached where) is the reference
for what must be bound at the end. The files in OUT:

  chaos_events.csv    t,kind,mn,from,to,result   every action, t from the start
  chaos_kills.csv     one row per kill: the daemon's bindings and the
                      kernel's entries before the kill and after the start,
                      what the new pmipd adopted and removed, what was lost
  chaos_lost.csv      (chaos_traffic.py) every datagram lost, and here
  chaos_loss.csv      the same, classified: in a handover window of its MN,
                      or not (and then the last kill on its path before it)
  chaos_pba.csv       role,status,count   PBA statuses over every incarnation
  chaos_stats.csv     daemon,counter,value   the same for every counter
  chaos_final.csv     check,count,examples   the end state against the model
  chaos_handovers.csv the real MNs' handovers: when the link moved, how long
                      until the new MAG took the attach, datagrams lost in
                      the window
  chaos_results.csv   kind,result,count   the MAGs' and LMA's answers
  chaos_mhsock.csv    t,daemon,inode,rx_queue,drops   each daemon's Mobility
                      Header socket every 10 s and before a kill: what the
                      kernel dropped because the daemon read too slowly
  chaos_summary.csv   key,value   the figures of the report
"""
import collections
import csv
import ctypes
import json
import os
import random
import re
import socket
import subprocess
import sys
import time

E = os.environ.get
MNS = int(E('PMIP6_CHAOS_MNS', '10000'))
REAL = int(E('PMIP6_CHAOS_REAL', '8'))
SECONDS = float(E('PMIP6_CHAOS_SECONDS', '600'))
KILL_EVERY = float(E('PMIP6_CHAOS_KILL_EVERY', '30'))
RATE = float(E('PMIP6_CHAOS_RATE', '10'))
MULTI = float(E('PMIP6_CHAOS_MULTI', '0.05'))
ATTACHED = float(E('PMIP6_CHAOS_ATTACHED', '0.9'))
LIFETIME = int(E('PMIP6_CHAOS_LIFETIME', '120'))
RA_INTERVAL = int(E('PMIP6_CHAOS_RA_INTERVAL', '10'))
PPS = float(E('PMIP6_CHAOS_PPS', '25'))
REAL_HO = float(E('PMIP6_CHAOS_REAL_HO', '40'))
HO_WINDOW = float(E('PMIP6_CHAOS_HO_WINDOW', '2'))
RAMP = float(E('PMIP6_CHAOS_RAMP', '200'))
SETTLE = float(E('PMIP6_CHAOS_SETTLE', '60'))
SEED = int(E('PMIP6_CHAOS_SEED', '1'))
SRC = E('PMIP6_SRC', os.getcwd())
PMIPD = E('PMIPD', os.path.join(SRC, 'user/pmipd'))
PMIPCTL = E('PMIPCTL', os.path.join(SRC, 'user/pmipctl'))
MIN_DELAY_BCE_DELETE = 10   # s, pmipd's default MinDelayBeforeBCEDelete

LMAA = '2001:db8:a::1'
CN = '2001:db8:c::2'
MAGS = ['mag1', 'mag2', 'mag3', 'mag4']
COA = {m: '2001:db8:b%d::1' % (i + 1) for i, m in enumerate(MAGS)}
MAG_OF_COA = {v: k for k, v in COA.items()}
PORT0 = 7000
SAN_RE = re.compile(r'ERROR: (Address|Leak)Sanitizer|runtime error:')


def nai(k):
    return 'mn%d@chaos' % k


def prefix(k):
    return '2001:db8:%x:%x::/64' % (0x10 + k // 65536, k % 65536)


def mac(k, second=False):
    return ('06' if second else '02') + ':00:' + ':'.join('%02x' % b for b in k.to_bytes(4, 'big'))


def ll_addr(m):
    b = bytes.fromhex(m.replace(':', ''))
    eui = bytes([b[0] ^ 2]) + b[1:3] + b'\xff\xfe' + b[3:]
    return 'fe80::%x:%x:%x:%x' % tuple(int.from_bytes(eui[i:i + 2], 'big') for i in range(0, 8, 2))


# MN classes: the real MNs (namespaces, traffic, always attached), MNs with
# two interfaces (one at mag A(k), one sharing its prefix at the next MAG B(k):
# RFC 7864 3.2.1, the flow moves), and the rest (one interface, any MAG).
MULTI_EVERY = max(1, round(1 / MULTI)) if MULTI > 0 else 0


def is_multi(k):
    return k >= REAL and MULTI_EVERY and k % MULTI_EVERY == 0


def mag_a(k):
    # k // MULTI_EVERY, not k: with MULTI_EVERY a multiple of 4, k % 4
    # would put every two-interface MN on mag1 and mag2.
    return MAGS[(k // MULTI_EVERY) % 4]


def mag_b(k):
    return MAGS[(k // MULTI_EVERY + 1) % 4]


# ---- namespaces and control sockets ---------------------------------------

libc = ctypes.CDLL(None, use_errno=True)
NS_FD = {}


def setns(ns):
    if ns not in NS_FD:
        NS_FD[ns] = os.open('/run/netns/' + ns, os.O_RDONLY)
    if libc.setns(NS_FD[ns], 0x40000000):
        e = ctypes.get_errno()
        raise OSError(e, 'setns %s: %s' % (ns, os.strerror(e)))


def ctl(ns, line, timeout=20.0):
    """One request to the pmipd of NS: (True, output) or (False, error)."""
    setns(ns)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    chunks = []
    try:
        s.connect('\0pmipd')
        s.sendall(line.encode() + b'\n')
        while True:
            b = s.recv(1 << 16)
            if not b:
                break
            chunks.append(b)
    except OSError as e:
        return False, 'socket: %s' % (e.strerror or e)
    finally:
        s.close()
    txt = b''.join(chunks).decode(errors='replace')
    if txt.startswith('ok\n'):
        return True, txt[3:]
    return False, txt.strip() or 'no answer'


def ctl_json(ns, line):
    ok, txt = ctl(ns, 'json ' + line, timeout=60.0)
    return json.loads(txt) if ok else None


def kernel(ns, what):
    """The module's BCEs (bce) or BUL entries (bul) in NS, from pmipctl."""
    r = subprocess.run(['ip', 'netns', 'exec', ns, PMIPCTL, '-j', what], capture_output=True,
                       text=True)
    return json.loads(r.stdout) if r.returncode == 0 else None


def now():
    return time.time()


def mh_sockets(ns):
    """The Mobility Header sockets (raw, protocol 135) of NS from
    /proc/net/raw6, which shows the reader's namespace: {inode: (rx_queue
    bytes, drops)}. Drops are datagrams the kernel could not queue: a
    daemon that does not read fast enough."""
    setns(ns)
    socks = {}
    with open('/proc/net/raw6') as f:
        next(f)
        for line in f:
            v = line.split()
            if len(v) < 13 or not v[1].endswith(':0087'):
                continue
            socks[int(v[9])] = (int(v[4].split(':')[1], 16), int(v[12]))
    return socks


# ---- the daemons -----------------------------------------------------------

class Daemon:
    def __init__(self, name, tmp):
        self.name = name
        self.conf = os.path.join(tmp, name + '.conf')
        self.log = os.path.join(tmp, name + '.log')
        self.proc = None
        self.starts = 0
        self.crashes = []
        self.totals = collections.Counter()     # counters of the incarnations gone
        self.pba = collections.Counter()
        self.last = None                        # the current one's, last polled

    def start(self):
        with open(self.log, 'a') as f:
            f.write('# chaos: start %d at %.3f\n' % (self.starts, now()))
            self.proc = subprocess.Popen(['ip', 'netns', 'exec', self.name, PMIPD, '-f', '-c',
                                          self.conf], stdout=f, stderr=subprocess.STDOUT)
        self.starts += 1
        self.last = None

    def wait_ready(self, timeout=300):
        t0 = now()
        while now() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError('pmipd in %s exited with %d at start' %
                                   (self.name, self.proc.returncode))
            if ctl(self.name, 'show', timeout=5)[0]:
                return now() - t0
            time.sleep(0.05)
        raise RuntimeError('pmipd in %s did not answer within %d s' % (self.name, timeout))

    def poll_stats(self):
        s = ctl_json(self.name, 'stats')
        if s is not None:
            self.last = s

    def fold(self):
        """The current incarnation's last counters into the totals."""
        if self.last:
            for k, v in self.last.items():
                if k == 'pba_status':
                    self.pba.update({int(st): n for st, n in v.items()})
                else:
                    self.totals[k] += v
        self.last = None

    def log_since_start(self):
        with open(self.log, errors='replace') as f:
            text = f.read()
        return text[text.rfind('# chaos: start'):]


# ---- the run ---------------------------------------------------------------

class Chaos:
    def __init__(self, out, tmp):
        self.out, self.tmp = out, tmp
        self.rng = random.Random(SEED)
        self.lma = Daemon('lma', tmp)
        self.mags = {m: Daemon(m, tmp) for m in MAGS}
        self.daemons = [self.lma] + [self.mags[m] for m in MAGS]
        self.t0 = now()
        self.at = {}          # single-interface MN: its MAG, or None
        self.ifs = {}         # two-interface MN: [at mag A, at mag B]
        self.real_handovers = []   # mn, t_move, t_attached, from, to, result
        self.kills = []
        self.events = open(os.path.join(out, 'chaos_events.csv'), 'w', newline='')
        self.ev = csv.writer(self.events)
        self.ev.writerow(['t', 'kind', 'mn', 'from', 'to', 'result'])
        self.results = collections.Counter()
        self.gen = collections.Counter()   # MN: actions on it so far
        self.later = []       # (when, MN, MAG, its gen): an attach again
        self.mh_drops = {}    # (daemon, socket inode): its drops, last seen
        self.mh_file = open(os.path.join(out, 'chaos_mhsock.csv'), 'w', newline='')
        self.mh_csv = csv.writer(self.mh_file)
        self.mh_csv.writerow(['t', 'daemon', 'inode', 'rx_queue', 'drops'])

    def event(self, kind, k, frm, to, result):
        self.ev.writerow(['%.3f' % (now() - self.t0), kind, nai(k), frm or '', to or '', result])
        # "error: ..." texts with the MN and numbers out: one class each.
        self.results[(kind, re.sub(r"'[^']*'|\d+", 'N', result))] += 1

    # -- configuration

    def configs(self):
        with open(self.lma.conf, 'w') as f:
            f.write('role lma\nlocal %s\nsecurity insecure-lab\nlifetime %d\n'
                    'timestamp-window 10000\n' % (LMAA, LIFETIME))
            # The LMA serves the MAGs it names (RFC 5213 5.3.1).
            for m in MAGS:
                f.write('mag %s\n' % COA[m])
            for k in range(MNS):
                f.write('mn %s prefix %s\n' % (nai(k), prefix(k)))
        for m in MAGS:
            with open(self.mags[m].conf, 'w') as f:
                f.write('role mag\nlocal %s\nlma %s\nsecurity insecure-lab\nlifetime %d\n'
                        'ra-interval %d\naccess sig0\n' % (COA[m], LMAA, LIFETIME, RA_INTERVAL))
                for j in range(REAL):
                    f.write('access acc%d\n' % j)
                for k in range(MNS):
                    if not is_multi(k):
                        f.write('mn %s ll-id %s\n' % (nai(k), mac(k)))
                    elif m == mag_a(k):
                        # Both interfaces share the prefix, whichever
                        # registers first (RFC 7864 3.2.1).
                        f.write('mn %s ll-id %s prefix %s prefixes shared\n' %
                                (nai(k), mac(k), prefix(k)))
                    elif m == mag_b(k):
                        f.write('mn %s ll-id %s prefix %s prefixes shared\n' %
                                (nai(k), mac(k, True), prefix(k)))

    # -- actions; each returns True when the MAG took the request

    def attach(self, k, m, kind='attach'):
        self.gen[k] += 1
        if k < REAL:
            line = 'attach %s dev acc%d ll-addr %s' % (nai(k), k, ll_addr(mac(k)))
        else:
            line = 'attach %s dev sig0' % nai(k)
        ok, txt = ctl(m, line)
        self.event(kind, k, None, m, 'ok' if ok else txt)
        return ok

    def detach(self, k, m, kind='detach'):
        self.gen[k] += 1
        ok, txt = ctl(m, 'detach %s' % nai(k))
        self.event(kind, k, m, None, 'ok' if ok else txt)
        return ok

    def do_attach(self):
        free = [k for k, m in self.at.items() if m is None]
        free += [k for k, v in self.ifs.items() if not all(v)]
        if not free:
            return False
        k = self.rng.choice(free)
        if k in self.ifs:
            i = self.rng.choice([i for i in (0, 1) if not self.ifs[k][i]])
            if self.attach(k, (mag_a, mag_b)[i](k)):
                self.ifs[k][i] = True
            return True
        m = self.rng.choice(MAGS)
        if self.attach(k, m):
            self.at[k] = m
        return True

    def do_detach(self):
        bound = [k for k, m in self.at.items() if m is not None and k >= REAL]
        bound += [k for k, v in self.ifs.items() if any(v)]
        if not bound:
            return False
        k = self.rng.choice(bound)
        if k in self.ifs:
            i = self.rng.choice([i for i in (0, 1) if self.ifs[k][i]])
            self.detach(k, (mag_a, mag_b)[i](k))
            self.ifs[k][i] = False      # whatever the MAG said: it has none now
            return True
        self.detach(k, self.at[k])
        self.at[k] = None
        return True

    def do_handover(self):
        bound = [k for k, m in self.at.items() if m is not None and k >= REAL]
        if not bound:
            return False
        k = self.rng.choice(bound)
        a = self.at[k]
        b = self.rng.choice([m for m in MAGS if m != a])
        # Make before break (the new MAG first, as a moving MN) or break
        # before make (the old MAG's de-registration first), at random.
        # Made before the break, the new MAG's registration is held at
        # the LMA while it asks the old MAG whether the MN is still there
        # (FORCE-REREGISTRATION): if the old MAG answers before its own
        # detach, the new one is refused (129), as it should be for an
        # MN seen on both links. The MN then solicits again on the new
        # link once the old one has let it go: an attach again, 2 s later
        # (dropped if anything else happens to the MN meanwhile).
        if self.rng.random() < 0.5:
            ok = self.attach(k, b, 'handover-attach')
            self.detach(k, a, 'handover-detach')
            if ok:
                self.later.append((now() + 2.0, k, b, self.gen[k]))
        else:
            self.detach(k, a, 'handover-detach')
            ok = self.attach(k, b, 'handover-attach')
        self.at[k] = b if ok else None
        return True

    def poll_mh(self):
        for d in self.daemons:
            for ino, (q, drops) in mh_sockets(d.name).items():
                self.mh_csv.writerow(['%.1f' % (now() - self.t0), d.name, ino, q, drops])
                self.mh_drops[(d.name, ino)] = drops
        self.mh_file.flush()    # kept if the run fails later

    def run_later(self):
        due = [x for x in self.later if x[0] <= now()]
        self.later = [x for x in self.later if x[0] > now()]
        for _, k, m, gen in due:
            if self.gen[k] == gen and self.at.get(k) == m:
                self.attach(k, m, 'attach-again')

    def do_flow(self):
        both = [k for k, v in self.ifs.items() if all(v)]
        if not both:
            return False
        k = self.rng.choice(both)
        flows = ctl_json('lma', 'flow show %s' % nai(k)) or []
        f1 = [f for f in flows if f['fid'] == 1]
        if f1 and f1[0]['bids']:
            bid = 3 - f1[0]['bids'][0] if f1[0]['bids'][0] in (1, 2) else 1
            ok, txt = ctl('lma', 'flow move %s fid 1 bid %d' % (nai(k), bid))
            self.event('flow-move', k, None, 'bid%d' % bid, 'ok' if ok else txt)
        else:
            bid = self.rng.choice((1, 2))
            ok, txt = ctl('lma', 'flow add %s fid 1 bid %d proto udp dport 9000' % (nai(k), bid))
            self.event('flow-add', k, None, 'bid%d' % bid, 'ok' if ok else txt)
        return True

    def real_handover(self, j):
        """Real MN j's access link moves to another MAG, as in pmipd_e2e.sh."""
        a = self.at[j]
        b = self.rng.choice([m for m in MAGS if m != a])
        t_move = now()
        r = subprocess.run(['ip', '-n', a, 'link', 'set', 'acc%d' % j, 'netns', b],
                           capture_output=True, text=True)
        r2 = subprocess.run(['ip', '-n', b, 'link', 'set', 'acc%d' % j, 'up'],
                            capture_output=True, text=True)
        if r.returncode or r2.returncode:
            result = 'link move failed: ' + (r.stderr + r2.stderr).strip()
        else:
            self.at[j] = b
            ok = self.attach(j, b, 'real-handover')
            result = 'ok' if ok else 'attach refused'
        self.real_handovers.append((nai(j), t_move, now(), a, b, result))

    # -- kills

    def bindings(self, d):
        """The daemon's bindings as a set of keys (LMA: MN, BID; MAG: MN), and
        for a MAG the MNs whose registration was pending (no binding yet)."""
        got = ctl_json(d.name, 'bindings')
        if got is None:
            return None, None
        if d is self.lma:
            return {(b['mn'], b['bid']) for b in got if b['state'] == 'registered'}, set()
        return ({b['mn'] for b in got if b['state'] != 'registering'},
                {b['mn'] for b in got if b['state'] == 'registering'})

    def kernel_keys(self, d):
        if d is self.lma:
            got = kernel('lma', 'bce')
            return None if got is None else {(b['mn_id'], b['bid']) for b in got}
        got = kernel(d.name, 'bul')
        return None if got is None else {b['mn_id'] for b in got}

    def kill(self, d):
        d.poll_stats()
        self.poll_mh()
        kern_before = self.kernel_keys(d)
        before, pending = self.bindings(d)
        t_kill = now()
        d.proc.kill()
        d.proc.wait()
        d.fold()
        d.start()
        up = d.wait_ready()
        t_up = now()
        after, _ = self.bindings(d)
        kern_after = self.kernel_keys(d)
        log = d.log_since_start()
        m = re.search(r'adopted (\d+) binding\(s\) from the kernel, removed (\d+)', log)
        adopted, removed = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        reasons = collections.Counter(re.findall(r'removed: (.*)', log))
        lost = (before or set()) - (after or set())
        row = {'t': round(t_kill - self.t0, 3), 'daemon': d.name,
               'bindings_before': len(before or ()), 'pending_before': len(pending or ()),
               'kernel_before': len(kern_before or ()), 'restart_s': round(up, 3),
               'adopted': adopted, 'removed': removed,
               'bindings_after': len(after or ()), 'kernel_after': len(kern_after or ()),
               'lost': len(lost), 'lost_examples': ' '.join(sorted(map(str, lost))[:5]),
               'removed_why': '; '.join('%s: %d' % kv for kv in reasons.items())}
        self.kills.append((t_kill, d.name, row))
        print('# kill -9 %s at %.0f s: %s' % (d.name, t_kill - self.t0, row), flush=True)
        # A MAG forgets the registrations still waiting for their PBA
        # (Documentation/pmipd.md, "Restarts"): an MN's next RS starts them
        # again. The signaling-only MNs send none: attach them again, as the
        # access network would, and the lost bindings too.
        if d is not self.lma:
            again = (pending or set()) | lost
            for name in sorted(again):
                k = int(name[2:name.index('@')])
                self.attach(k, d.name, 'reattach-after-kill')
        return t_up

    # -- the run

    def start(self):
        self.configs()
        for d in self.daemons:
            d.start()
        for d in self.daemons:
            print('# %s up in %.1f s' % (d.name, d.wait_ready()), flush=True)

    def ramp(self):
        """Attach PMIP6_CHAOS_ATTACHED of the MNs (all the real ones, both
        interfaces of the two-interface ones) at PMIP6_CHAOS_RAMP a second."""
        order = list(range(MNS))
        self.rng.shuffle(order)
        t = now()
        for n, k in enumerate(order):
            if k < REAL:
                self.at[k] = MAGS[k % 4]
                self.attach(k, self.at[k])
            elif is_multi(k):
                self.ifs[k] = [False, False]
                if self.rng.random() < ATTACHED:
                    self.ifs[k] = [self.attach(k, mag_a(k)), self.attach(k, mag_b(k))]
            else:
                self.at[k] = None
                if self.rng.random() < ATTACHED:
                    m = self.rng.choice(MAGS)
                    if self.attach(k, m):
                        self.at[k] = m
            t += 1.0 / RAMP
            if t > now():
                time.sleep(t - now())
            if n % 1000 == 999:
                print('# %d MNs attached or left detached' % (n + 1), flush=True)
                self.poll_mh()

    def expected(self):
        """What the model says is bound: {(MN, MAG)}."""
        exp = {(nai(k), m) for k, m in self.at.items() if m}
        for k, v in self.ifs.items():
            for i in (0, 1):
                if v[i]:
                    exp.add((nai(k), (mag_a, mag_b)[i](k)))
        return exp

    def wait_bound(self, timeout):
        """Until the LMA holds every binding the model expects (or timeout)."""
        t0 = now()
        while True:
            lma = ctl_json('lma', 'bindings') or []
            have = {(b['mn'], MAG_OF_COA.get(b['proxy_coa'])) for b in lma
                    if b['state'] == 'registered'}
            missing = self.expected() - have
            self.poll_mh()
            if not missing or now() - t0 > timeout:
                return len(missing), now() - t0
            time.sleep(2)

    def run(self):
        kinds = [(0.45, self.do_handover), (0.15, self.do_detach), (0.15, self.do_attach),
                 (0.25, self.do_flow)]
        t_end = self.t_chaos + SECONDS
        next_kill = self.t_chaos + KILL_EVERY
        next_stats = self.t_chaos
        next_event = self.t_chaos
        next_real = {j: self.t_chaos + self.rng.expovariate(1 / REAL_HO) for j in range(REAL)}
        n_events = 0
        kill_order = []
        next_progress = self.t_chaos + 60
        while now() < t_end:
            t = now()
            for d in self.daemons:
                if d.proc.poll() is not None:       # died on its own: a finding
                    d.crashes.append((round(t - self.t0, 3), d.proc.returncode))
                    print('# %s died by itself (status %d): started again' %
                          (d.name, d.proc.returncode), flush=True)
                    d.fold()
                    d.start()
                    d.wait_ready()
            if t >= next_kill:
                # In rounds of five, each daemon once in a random order:
                # drawn independently, 20 kills can miss the LMA (0.8^20).
                if not kill_order:
                    kill_order = self.rng.sample(self.daemons, len(self.daemons))
                self.kill(kill_order.pop())
                next_kill += KILL_EVERY
                continue
            if t >= next_stats:
                for d in self.daemons:
                    d.poll_stats()
                self.poll_mh()
                next_stats = t + 10
            self.run_later()
            for j in range(REAL):
                if t >= next_real[j]:
                    self.real_handover(j)
                    next_real[j] = now() + self.rng.expovariate(1 / REAL_HO)
            if t >= next_event:
                r = self.rng.random()
                for w, f in kinds:
                    if r < w:
                        break
                    r -= w
                if not f():
                    self.do_attach()
                n_events += 1
                next_event += self.rng.expovariate(RATE)
                if next_event < now() - 5:
                    next_event = now()    # fell behind: no burst to catch up
            else:
                time.sleep(min(0.05, next_event - t))
            if now() >= next_progress:
                print('# %.0f s: %d events, %d kills' % (now() - self.t_chaos, n_events,
                                                        len(self.kills)), flush=True)
                next_progress += 60
        return n_events


def main():
    out, tmp = sys.argv[1], sys.argv[2]
    c = Chaos(out, tmp)
    summary = collections.OrderedDict()
    summary['mns'] = MNS
    summary['real_mns'] = REAL
    summary['two_interface_mns'] = sum(1 for k in range(MNS) if is_multi(k))
    summary['seconds'] = SECONDS
    summary['kill_every_s'] = KILL_EVERY
    summary['event_rate'] = RATE
    summary['lifetime_s'] = LIFETIME
    summary['pps'] = PPS
    summary['handover_window_s'] = HO_WINDOW
    summary['seed'] = SEED
    summary['pmipd'] = PMIPD
    c.start()
    t = now()
    c.ramp()
    summary['ramp_s'] = round(now() - t, 1)
    missing, waited = c.wait_bound(120)
    summary['ramp_missing_at_lma'] = missing
    summary['ramp_settle_s'] = round(waited, 1)
    print('# ramp: %d attach requests in %.0f s; %d expected bindings missing at the LMA after %.0f s'
          % (MNS, summary['ramp_s'], missing, waited), flush=True)

    # The real MNs' addresses (SLAAC from the RA of their MAG), then traffic.
    addrs = {}
    t = now()
    while len(addrs) < REAL and now() - t < 120:
        for j in range(REAL):
            r = subprocess.run(['ip', '-n', 'mn%d' % j, '-6', '-o', 'addr', 'show', 'dev', 'm0',
                                'scope', 'global'], capture_output=True, text=True)
            f = r.stdout.split()
            if len(f) > 3:
                addrs[j] = f[3].split('/')[0]
        time.sleep(0.5)
    if len(addrs) < REAL:
        raise RuntimeError('real MNs without an address after 120 s: %s' %
                           sorted(set(range(REAL)) - set(addrs)))
    stop = os.path.join(tmp, 'traffic.stop')
    traffic = subprocess.Popen([sys.executable, os.path.join(SRC, 'bench/chaos_traffic.py'), out,
                                stop, str(PPS), 'cn', CN] +
                               ['mn%d:%s:%d' % (j, addrs[j], PORT0 + j) for j in range(REAL)])
    time.sleep(3)
    c.t_chaos = now()
    summary['events'] = c.run()
    while c.later:          # the last handovers' attaches again
        time.sleep(0.2)
        c.run_later()
    t_chaos_end = now()
    summary['chaos_s'] = round(t_chaos_end - c.t_chaos, 1)
    summary['kills'] = len(c.kills)
    for m in ['lma'] + MAGS:
        summary['kills_' + m] = sum(1 for k in c.kills if k[1] == m)
    open(stop, 'w').close()

    # Settle: no registration pending at any MAG, and longer than
    # MinDelayBeforeBCEDelete for the LMA's de-registered BCEs to go.
    t = now()
    while now() - t < SETTLE:
        pend = sum(len(ctl_json(m, 'pending') or []) for m in MAGS)
        if not pend and now() - t > MIN_DELAY_BCE_DELETE + 2:
            break
        time.sleep(2)
    summary['settle_s'] = round(now() - t, 1)
    c.poll_mh()
    final = final_checks(c, summary)
    for d in c.daemons:
        d.poll_stats()
        d.fold()
    traffic.wait()

    # Stop: the MAGs first (each de-registers its MNs), then the LMA. Each
    # must exit 0 (a sanitizer report or a crash does not).
    for d in [c.mags[m] for m in MAGS] + [c.lma]:
        d.proc.terminate()
        try:
            rc = d.proc.wait(timeout=180)
        except subprocess.TimeoutExpired:
            d.proc.kill()
            rc = 'timeout'
        summary['exit_' + d.name] = rc
    san = 0
    for d in c.daemons:
        with open(d.log, errors='replace') as f:
            san += sum(1 for line in f if SAN_RE.search(line))
    summary['sanitizer_reports'] = san
    summary['crashes'] = sum(len(d.crashes) for d in c.daemons)
    summary['crash_list'] = ' '.join('%s@%s:%s' % (d.name, t, rc) for d in c.daemons
                                     for t, rc in d.crashes)
    c.events.close()
    write_outputs(c, summary, final)


def final_checks(c, summary):
    """The end state against the model, and pmipd against the kernel."""
    exp = c.expected()
    rows = []

    def check(name, s):
        rows.append((name, len(s), ' '.join(sorted(map(str, s))[:8])))
        summary[name] = len(s)

    lma = ctl_json('lma', 'bindings') or []
    lma_reg = {(b['mn'], MAG_OF_COA.get(b['proxy_coa'])) for b in lma if b['state'] == 'registered'}
    lma_keys = {(b['mn'], b['bid']) for b in lma}
    summary['expected_bindings'] = len(exp)
    summary['lma_bindings'] = len(lma_reg)
    check('lost_at_lma', exp - lma_reg)
    check('stale_at_lma', lma_reg - exp)
    mag_have = set()
    kern_bul, mag_keys = set(), set()
    for m in MAGS:
        got = ctl_json(m, 'bindings') or []
        mag_have |= {(b['mn'], m) for b in got if b['state'] != 'registering'}
        mag_keys |= {(b['mn'], m) for b in got if b['state'] != 'registering'}
        kern_bul |= {(b['mn_id'], m) for b in (kernel(m, 'bul') or [])}
    summary['mag_bindings'] = len(mag_have)
    check('lost_at_mags', exp - mag_have)
    check('stale_at_mags', mag_have - exp)
    kern_bce = {(b['mn_id'], b['bid']) for b in (kernel('lma', 'bce') or [])}
    summary['kernel_bces'] = len(kern_bce)
    summary['kernel_bul_entries'] = len(kern_bul)
    check('lma_kernel_without_binding', kern_bce - lma_keys)
    check('lma_binding_without_kernel', lma_keys - kern_bce)
    check('mag_kernel_without_binding', kern_bul - mag_keys)
    check('mag_binding_without_kernel', mag_keys - kern_bul)
    with open(os.path.join(c.out, 'chaos_final.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['check', 'count', 'examples'])
        w.writerows(rows)
    return rows


def classify_losses(c, summary):
    """Each lost datagram: in a handover window of its MN, or not; if not,
    the last kill of a daemon on its path (the LMA or the MN's MAG then)."""
    path = os.path.join(c.out, 'chaos_lost.csv')
    lost = list(csv.DictReader(open(path))) if os.path.exists(path) else []
    hos = collections.defaultdict(list)
    for mn, t_move, t_att, a, b, result in c.real_handovers:
        hos[mn.split('@')[0]].append((t_move, t_att, a, b))
    kills = [(t, name) for t, name, _ in c.kills]

    def mag_at(mn, t):
        j = int(mn[2:])
        m = MAGS[j % 4]
        for t_move, _, a, b in hos[mn]:
            if t_move <= t:
                m = b
        return m

    # The window: from 0.5 s before the link left the old MAG to
    # HO_WINDOW s after the new MAG took the attach (under emulation the
    # move itself, two ip(8) commands, takes a second or more).
    def window(mn, t):
        for i, (t_move, t_att, _, _) in enumerate(hos[mn]):
            if t_move - 0.5 <= t <= t_att + HO_WINDOW:
                return i
        return None
    per_ho = collections.Counter()
    rows, outside, near_kill = [], 0, collections.Counter()
    for r in lost:
        t = float(r['sent_at'])
        i = window(r['mn'], t)
        inside = i is not None
        if inside:
            per_ho[(r['mn'], i)] += 1
        kill = ''
        if not inside:
            outside += 1
            m = mag_at(r['mn'], t)
            before = [(tk, n) for tk, n in kills if tk <= t + 0.5 and n in ('lma', m)]
            if before and t - before[-1][0] < 30:
                kill = '%s %.1f s before' % (before[-1][1], t - before[-1][0])
                near_kill[before[-1][1]] += 1
        rows.append([r['mn'], r['direction'], r['seq'], '%.3f' % (t - c.t0), r['send_error'],
                     'handover' if inside else 'outside', kill])
    with open(os.path.join(c.out, 'chaos_loss.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['mn', 'direction', 'seq', 't', 'send_error', 'window', 'last_kill_on_path'])
        w.writerows(rows)
    summary['datagrams_lost'] = len(lost)
    summary['datagrams_lost_outside_handover'] = outside
    summary['datagrams_lost_outside_after_kill'] = sum(near_kill.values())
    summary['datagrams_lost_outside_after_kill_by'] = ' '.join('%s:%d' % kv for kv in near_kill.items())
    with open(os.path.join(c.out, 'chaos_handovers.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['mn', 't_move', 'move_to_attach_s', 'from', 'to', 'result', 'lost_in_window'])
        n = collections.Counter()
        for mn, t_move, t_att, a, b, result in c.real_handovers:
            short = mn.split('@')[0]
            w.writerow([mn, '%.3f' % (t_move - c.t0), '%.3f' % (t_att - t_move), a, b, result,
                        per_ho[(short, n[short])]])
            n[short] += 1
    moves = sorted(t_att - t_move for _, t_move, t_att, _, _, _ in c.real_handovers)
    summary['real_handover_move_to_attach_s_median'] = \
        round(moves[len(moves) // 2], 3) if moves else ''
    summary['real_handover_move_to_attach_s_max'] = round(moves[-1], 3) if moves else ''
    summary['real_handovers'] = len(c.real_handovers)
    summary['real_handovers_failed'] = sum(1 for h in c.real_handovers if h[5] != 'ok')


def write_outputs(c, summary, final):
    tr = os.path.join(c.out, 'chaos_traffic.csv')
    if os.path.exists(tr):
        rows = list(csv.DictReader(open(tr)))
        summary['datagrams_sent'] = sum(int(r['sent']) for r in rows)
        summary['datagrams_received'] = sum(int(r['received']) for r in rows)
        summary['datagrams_duplicated'] = sum(int(r['duplicates']) for r in rows)
        summary['datagrams_send_errors'] = sum(int(r['send_errors']) for r in rows)
    classify_losses(c, summary)
    with open(os.path.join(c.out, 'chaos_kills.csv'), 'w', newline='') as f:
        keys = list(c.kills[0][2].keys()) if c.kills else ['t']
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for _, _, row in c.kills:
            w.writerow(row)
    summary['kill_bindings_lost'] = sum(r['lost'] for _, _, r in c.kills)
    summary['kill_pending_lost'] = sum(r['pending_before'] for _, _, r in c.kills)
    summary['kill_kernel_removed'] = sum(r['removed'] for _, _, r in c.kills)
    summary['restart_s_max'] = max((r['restart_s'] for _, _, r in c.kills), default=0)
    with open(os.path.join(c.out, 'chaos_pba.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['role', 'status', 'count'])
        lma = c.lma.pba
        mag = collections.Counter()
        for m in MAGS:
            mag.update(c.mags[m].pba)
        for st in sorted(lma):
            w.writerow(['lma_sent', st, lma[st]])
        for st in sorted(mag):
            w.writerow(['mags_received', st, mag[st]])
    summary['pba_sent_by_lma'] = ' '.join('%d:%d' % kv for kv in sorted(c.lma.pba.items()))
    summary['pba_received_by_mags'] = ' '.join('%d:%d' % kv for kv in sorted(mag.items()))
    with open(os.path.join(c.out, 'chaos_stats.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['daemon', 'counter', 'value'])
        for d in c.daemons:
            w.writerow([d.name, 'starts', d.starts])
            for k, v in sorted(d.totals.items()):
                w.writerow([d.name, k, v])
    for d in c.daemons:
        summary['mh_socket_drops_' + d.name] = sum(v for (n, _), v in c.mh_drops.items()
                                                   if n == d.name)
    for k in ('pbu_retx', 'expired', 'kernel_errors', 'netlink_timeouts', 'ts_resyncs',
              'mh_rx_unexpected', 'ctl_dropped'):
        summary[k] = sum(d.totals[k] for d in c.daemons)
    with open(os.path.join(c.out, 'chaos_results.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['kind', 'result', 'count'])
        for (kind, res), n in sorted(c.results.items()):
            w.writerow([kind, res, n])
    with open(os.path.join(c.out, 'chaos_summary.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['key', 'value'])
        for k, v in summary.items():
            w.writerow([k, v])
    for k, v in summary.items():
        print('# %s: %s' % (k, v), flush=True)


def stop_all():
    """After a failure: the daemons and the traffic this run started
    (found by a file of TMP on their command line: a configuration, the
    stop file) are killed, so that their namespaces can go and the
    module's count can be read."""
    tmp = sys.argv[2]
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % d, 'rb') as f:
                argv = f.read().split(b'\0')
        except OSError:
            continue
        if int(d) != os.getpid() and any(a.startswith(tmp.encode() + b'/') for a in argv):
            try:
                os.kill(int(d), 9)
            except OSError:
                pass


if __name__ == '__main__':
    try:
        main()
    except BaseException:
        stop_all()
        raise
