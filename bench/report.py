#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn bench/fastpath.sh, bench/signaling.sh and bench/chaos.sh runs into
report.md, CSV files and PNG plots.

  report.py JOBDIR OUTDIR KVER

JOBDIR holds what the VMs wrote (fastpath.csv, memory.csv, updates.csv,
signaling.csv, signaling_quantiles.csv, signaling_load.csv, chaos_*.csv);
any benchmark may be missing. Every figure is the median of its repetitions, with the
spread (min..max as a percentage of the median) beside it, and the
per-packet cost is also given as a ratio to the plain ip6ip6 tunnel of the
same flow count, measured in the same VM run.
"""
import csv
import os
import shutil
import statistics
import sys

TARGETS = {
    'fastpath_ratio': 1.15,       # pmip6 / plain tunnel
    'scale_ratio': 1.20,          # pmip6 at the most flows / at 1 flow
    'bytes_per_bce': 256,
    'bytes_per_fmc': 128,
    'move_ms': 1.0,               # decision to first packet on the new path
    'pbu_per_second': 10000,      # PBU/PBA transactions, one LMA core
}
CONFIGS = ['plain', 'tunnel', 'iprule', 'nftmark', 'pmip6']


def load(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def groups(rows):
    out = {}
    for r in rows:
        key = (r['config'], int(r['mns']), int(r['flows']))
        out.setdefault(key, []).append(int(r['ns_per_packet']))
    return out


def flow_sweep(key):
    """A (config, mns, flows) of the flow sweep: 64 flows per MN beyond 64."""
    return key[1] == max(1, key[2] // 64)


def stat(v):
    med = statistics.median(v)
    spread = 100.0 * (max(v) - min(v)) / med if med else 0.0
    return med, spread


def flowmove_target(moves):
    """The flow move target's row, from flowmove.csv (bench/flowmove.sh)."""
    name = f'| flow move <= {TARGETS["move_ms"]} ms to the first packet, zero loss | '
    ms = [float(r['move_ms']) for r in moves if r['move_ms'] and r['kind'] != 'command']
    if not ms:
        return name + 'not measured | |'
    worst, lost = max(ms), sum(int(r['lost']) for r in moves)
    cmd = [float(r['move_ms']) for r in moves if r['kind'] == 'command']
    after = [float(r['after_ntf_ms']) for r in moves if r.get('after_ntf_ms')]
    kern = [float(r['after_kernel_ms']) for r in moves if r.get('after_kernel_ms')]
    if kern:
        # The kernel's own stamp of the change to the first packet's receive
        # stamp: the move as the target means it, without the command.
        kworst = max(kern)
        within = sum(1 for v in kern if v <= TARGETS['move_ms'])
        verdict = 'met' if kworst <= TARGETS['move_ms'] and not lost else \
            'missed: ' + ', '.join(x for x in (
                f'{len(kern) - within} of {len(kern)} moves over {TARGETS["move_ms"]} ms '
                f'(worst {kworst:.2f} ms)' if kworst > TARGETS['move_ms'] else '',
                f'{lost} lost' if lost else '') if x)
        return name + (f'from the kernel\'s change (its notification\'s timestamp) to the first packet\'s '
                       f'receive timestamp: median {statistics.median(kern):.3f} ms, worst {kworst:.3f} ms, '
                       f'{within} of {len(kern)} moves within {TARGETS["move_ms"]} ms; from the command\'s '
                       f'start: median {statistics.median(ms):.1f} ms (the command alone '
                       + (f'{statistics.median(cmd):.1f} ms' if cmd else 'unmeasured')
                       + f'); {lost} packets lost | {verdict} |')
    verdict = 'met' if worst <= TARGETS['move_ms'] and not lost else \
        'missed: ' + ', '.join(x for x in (
            f'{worst / TARGETS["move_ms"]:.0f}x the time at worst' if worst > TARGETS['move_ms'] else '',
            f'{lost} lost' if lost else '') if x)
    return name + (f'median {statistics.median(ms):.1f} ms, worst {worst:.1f} ms over '
                   f'{len(ms)} moves, of which the command alone takes '
                   + (f'{statistics.median(cmd):.1f} ms' if cmd else 'an unmeasured part')
                   + (f'; from the kernel\'s change (notification): median {statistics.median(after):.2f} ms, '
                      f'worst {max(after):.2f} ms' if after else '')
                   + f'; {lost} packets lost | {verdict} |')


def flowmove_section(moves):
    """Per kind of move: the times and losses, and what bounds them."""
    if not moves:
        return []
    out = ['', '## Flow move (bench/flowmove.sh)', '',
           'From the decision at the LMA (`pmipctl daemon flow move` started) to the',
           'first probe packet received on the new interface, and the probe packets',
           'never received around the move. A probe packet every 1/pps s bounds the',
           'resolution. The "command" row times `pmipctl daemon flow show` the same',
           'way: the start-up and request round trip that every move includes.',
           'The kernel columns start from the LMA kernel\'s own time of the flow\'s',
           'change (PMIP6_A_TIMESTAMP of its notification, CLOCK_REALTIME, the clock',
           'of the packets\' SO_TIMESTAMPNS): command to the change, and the change to',
           'the first packet on the new path. "wake-up" is how late the listener',
           '(bench/fmcmon) read the notification; "gap" is between the last packet on',
           'the old path and the first on the new one; "sent" is when that first packet',
           'was sent, from the kernel\'s change (the sender\'s CLOCK_REALTIME in the',
           'datagram), "transit" its send to its receipt; "late" counts packets sent',
           'after the change that still took the old path.', '',
           '| kind | moves | probe pps | median ms | min ms | max ms | lost | missing first packet '
           '| command to kernel, median (min..max) ms | kernel to first packet, median (min..max) ms '
           '| listener wake-up, median (min..max) ms | gap, median (min..max) ms '
           '| sent, median (min..max) ms | transit, median (min..max) ms | late |',
           '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |']

    def span(v):
        return f'{statistics.median(v):.2f} ({min(v):.2f}..{max(v):.2f})' if v else ''
    for kind in sorted({r['kind'] for r in moves}):
        rows = [r for r in moves if r['kind'] == kind]
        ms = [float(r['move_ms']) for r in rows if r['move_ms']]
        def col(k):
            return [float(r[k]) for r in rows if r.get(k)]
        # The kernel's stamp where the module sends one, else the wake-up.
        ntf, after = (col('kernel_ms'), col('after_kernel_ms')) if col('kernel_ms') else \
            (col('ntf_ms'), col('after_ntf_ms'))
        out.append(f'| {kind} | {len(rows)} | {rows[0]["pps"]} | '
                   + (f'{statistics.median(ms):.1f} | {min(ms):.1f} | {max(ms):.1f}' if ms else '| |')
                   + f' | {sum(int(r["lost"]) for r in rows)} | {len(rows) - len(ms)} | '
                   + f'{span(ntf)} | {span(after)} | {span(col("wakeup_ms"))} | {span(col("gap_ms"))} | '
                   + f'{span(col("sent_ms"))} | {span(col("transit_ms"))} | '
                   + (f'{sum(int(r["late_old"]) for r in rows if r.get("late_old"))}'
                      if any(r.get('late_old') for r in rows) else '') + ' |')
    kern = [(r['kind'], r['rep'], float(r['after_kernel_ms'])) for r in moves if r.get('after_kernel_ms')]
    if kern:
        out += ['', 'Each move, kernel stamp to first packet on the new path (ms): '
                + ', '.join(f'{k} {n}: {v:.3f}' for k, n, v in kern) + '.']
    return out


def signaling(job):
    """The PBU/PBA rows: a table, the load times, the target verdict."""
    res = {'lines': [], 'quantiles': {},
           'target': '| >= 10k PBU/PBA per second on one core | not measured (no signaling.csv) | |'}
    path = os.path.join(job, 'signaling.csv')
    if not os.path.exists(path):
        return res
    rows = load(path)
    if not rows:
        return res
    lines = ['', '## PBU/PBA transactions at the LMA (pmipd on one CPU, pbuload)', '',
             'reg: initial registrations (a binding, BCE_NEW and a route in the kernel); '
             'rereg: refreshes from the same MAG (BCE_SET). Latency from the first '
             'transmission of the PBU to its PBA.', '',
             '| phase | MNs | MAGs | window | completed | seconds | PBU/PBA per s | '
             'p50 ms | p90 ms | p99 ms | max ms | rejected | retransmissions | timeouts |',
             '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |']
    for r in rows:
        lines.append(f'| {r["phase"]} | {r["mns"]} | {r["mags"]} | {r["window"]} | '
                     f'{r["completed"]} | {r["seconds"]} | {r["tps"]} | '
                     f'{int(r["p50_us"]) / 1000:.1f} | {int(r["p90_us"]) / 1000:.1f} | '
                     f'{int(r["p99_us"]) / 1000:.1f} | {int(r["max_us"]) / 1000:.1f} | '
                     f'{r["rejected"]} | {r["retransmissions"]} | {r["timeouts"]} |')
    lp = os.path.join(job, 'signaling_load.csv')
    if os.path.exists(lp):
        lines += ['', '| MN profiles | pmipd start (config load) s |', '| --- | --- |']
        lines += [f'| {r["mns"]} | {r["seconds"]} |' for r in load(lp)]
    cp = os.path.join(job, 'signaling_cpu.csv')
    cpu = load(cp) if os.path.exists(cp) else []
    if cpu:
        lines += ['', 'pmipd\'s own CPU time (user + system, /proc/PID/stat) over each pbuload run: '
                  'the transactions one fully used core would complete, less sensitive to the '
                  'other load on the host than the wall-clock rate.', '',
                  '| phase | MNs | transactions | pmipd CPU s | CPU us per transaction | per core-second |',
                  '| --- | --- | --- | --- | --- | --- |']
        for r in cpu:
            us = float(r['lma_cpu_us_per_transaction'])
            lines.append(f'| {r["phase"]} | {r["mns"]} | {r["transactions"]} | {r["lma_cpu_s"]} | '
                         f'{us:.0f} | {1e6 / us:.0f} |' if us else
                         f'| {r["phase"]} | {r["mns"]} | {r["transactions"]} | {r["lma_cpu_s"]} | | |')
    mp = os.path.join(job, 'signaling_memory.csv')
    if os.path.exists(mp) and load(mp):
        lines += ['', 'pmipd\'s resident memory (VmRSS): with no profile, with N profiles loaded, '
                  'and after N initial registrations; VmHWM is the peak.', '',
                  'The kernel column is /proc/meminfo\'s Slab + Percpu growth over the registrations '
                  'per binding: BCE, MN, prefix entry, counters and pmipd\'s route.', '',
                  '| MNs | empty kB | profiles kB | bound kB | peak kB | bytes per profile | bytes per binding '
                  '| kernel bytes per binding |',
                  '| --- | --- | --- | --- | --- | --- | --- | --- |']
        lines += [f'| {r["mns"]} | {r["rss_empty_kb"]} | {r["rss_profiles_kb"]} | {r["rss_bound_kb"]} | '
                  f'{r["hwm_kb"]} | {r["bytes_per_profile"]} | {r["bytes_per_binding"]} | '
                  f'{r.get("kernel_bytes_per_binding") or ""} |'
                  for r in load(mp)]
    kp = os.path.join(job, 'signaling_kmem.csv')
    if os.path.exists(kp) and load(kp):
        lines += ['', 'The module\'s memory per BCE (fmcload: two BCEs per MN sharing its prefix, no '
                  'pmipd, no route): Slab + Percpu growth per BCE, and the module\'s caches.', '',
                  '| MNs | BCEs | slab kB | percpu kB | bytes per BCE | pmip6_bce objects x size '
                  '| slab bytes per pmip6_bce | pmip6_mn objects x size |',
                  '| --- | --- | --- | --- | --- | --- | --- | --- |']
        for r in load(kp):
            per = (f'{int(r["bce_slab_bytes"]) / int(r["bce_objs"]):.0f}'
                   if r['bce_objs'] and int(r['bce_objs']) else '')
            lines.append(f'| {r["mns"]} | {r["bces"]} | {r["slab_kb"]} | {r["percpu_kb"]} | '
                         f'{r["bytes_per_bce"]} | {r["bce_objs"]} x {r["bce_objsize"]} | {per} | '
                         f'{r["mn_objs"]} x {r["mn_objsize"]} |')
    qp = os.path.join(job, 'signaling_quantiles.csv')
    if os.path.exists(qp):
        for r in load(qp):
            res['quantiles'].setdefault((r['phase'], int(r['mns'])), []).append(
                (int(r['percent']), int(r['latency_us'])))
    # The verdict at the most MNs, on the steady state (re-registrations).
    most = max(int(r['mns']) for r in rows)
    rr = [int(r['tps']) for r in rows if int(r['mns']) == most and r['phase'] == 'rereg']
    what = 'median re-registration rate'
    if not rr:
        rr = [int(r['tps']) for r in rows if int(r['mns']) == most]
        what = 'initial registrations only, no rereg phase'
    best = statistics.median(rr)
    want = TARGETS['pbu_per_second']
    per_core = [1e6 / float(r['lma_cpu_us_per_transaction']) for r in cpu
                if int(r['mns']) == most and r['phase'] == 'rereg' and
                float(r['lma_cpu_us_per_transaction'])]
    extra = f'; {per_core[0]:.0f} per pmipd CPU-second' if per_core else ''
    res['target'] = (f'| >= {want // 1000}k PBU/PBA per second on one core | '
                     f'{best:.0f}/s ({what}, {most} MNs, TCG{extra}) | '
                     f'{"met" if best >= want else "missed by %.1fx" % (want / best)} |')
    res['lines'] = lines
    return res


def chaos(job):
    """bench/chaos.sh's figures (chaos_summary.csv and its neighbours):
    what the run lost, the PBA statuses, the kills, and the module after
    the last namespace."""
    path = os.path.join(job, 'chaos_summary.csv')
    if not os.path.exists(path):
        return []
    s = {r['key']: r['value'] for r in load(path)}

    def g(k):
        return s.get(k, '?')
    lines = ['', '## Chaos (bench/chaos.sh)', '',
             f'{g("mns")} MNs ({g("real_mns")} with traffic, {g("two_interface_mns")} with two '
             f'interfaces) over 4 MAGs and 1 LMA, {g("chaos_s")} s of random events '
             f'({g("events")} drawn at {g("event_rate")} a second), a pmipd killed with '
             f'SIGKILL and started again every {g("kill_every_s")} s ({g("kills")} kills: '
             f'LMA {g("kills_lma")}, MAGs {g("kills_mag1")}, {g("kills_mag2")}, '
             f'{g("kills_mag3")}, {g("kills_mag4")}). pmipd: `{g("pmipd")}`.', '',
             '| figure | value |', '| --- | --- |',
             f'| datagrams sent / received | {g("datagrams_sent")} / {g("datagrams_received")} |',
             f'| datagrams lost | {g("datagrams_lost")} |',
             f'| lost outside a handover window (0.5 s before the link moved to '
             f'{g("handover_window_s")} s after the new MAG took the attach) | '
             f'{g("datagrams_lost_outside_handover")} |',
             f'| of those, within 30 s after a kill on their path | '
             f'{g("datagrams_lost_outside_after_kill")} {g("datagrams_lost_outside_after_kill_by")} |',
             f'| real-MN handovers (failed) | {g("real_handovers")} ({g("real_handovers_failed")}) |',
             f'| real-MN handovers: link move to the new MAG\'s attach, median / max s | '
             f'{g("real_handover_move_to_attach_s_median")} / {g("real_handover_move_to_attach_s_max")} |',
             f'| bindings lost at the restarts (pending registrations forgotten) | '
             f'{g("kill_bindings_lost")} ({g("kill_pending_lost")}) |',
             f'| kernel entries removed by a restart | {g("kill_kernel_removed")} |',
             f'| longest restart to the first answer, s | {g("restart_s_max")} |',
             f'| bindings expected at the end / at the LMA / at the MAGs | {g("expected_bindings")} / '
             f'{g("lma_bindings")} / {g("mag_bindings")} |',
             f'| lost at the end: LMA, MAGs | {g("lost_at_lma")}, {g("lost_at_mags")} |',
             f'| stale at the end: LMA, MAGs | {g("stale_at_lma")}, {g("stale_at_mags")} |',
             f'| pmipd against its kernel state (LMA: kernel only, pmipd only; MAGs: the same) | '
             f'{g("lma_kernel_without_binding")}, {g("lma_binding_without_kernel")}; '
             f'{g("mag_kernel_without_binding")}, {g("mag_binding_without_kernel")} |',
             f'| PBA statuses sent by the LMA (status:count) | {g("pba_sent_by_lma")} |',
             f'| PBA statuses received by the MAGs | {g("pba_received_by_mags")} |',
             f'| PBU retransmissions | {g("pbu_retx")} |',
             f'| sanitizer reports | {g("sanitizer_reports")} |',
             f'| daemons that died by themselves | {g("crashes")} {g("crash_list")} |']
    mp = os.path.join(job, 'chaos_module.csv')
    if os.path.exists(mp):
        with open(mp) as f:
            rows = [line.strip().split(',', 1) for line in f.readlines()[1:] if ',' in line]
        lines += ['', 'The module after the last namespace went:', '',
                  '| what | value |', '| --- | --- |']
        lines += [f'| {k} | {v} |' for k, v in rows]
    return lines


def main():
    job, out, kver = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    for name in ('fastpath.csv', 'memory.csv', 'updates.csv', 'configure.csv', 'flowmove.csv',
                 'signaling.csv', 'signaling_quantiles.csv', 'signaling_load.csv',
                 'signaling_cpu.csv', 'signaling_memory.csv', 'signaling_kmem.csv',
                 'chaos_summary.csv', 'chaos_kills.csv', 'chaos_pba.csv', 'chaos_final.csv',
                 'chaos_loss.csv', 'chaos_traffic.csv', 'chaos_module.csv', 'chaos_stats.csv',
                 'chaos_results.csv', 'chaos_events.csv', 'chaos_handovers.csv'):
        if os.path.exists(os.path.join(job, name)):
            shutil.copy(os.path.join(job, name), out)
    fp = os.path.join(job, 'fastpath.csv')
    g = groups(load(fp)) if os.path.exists(fp) else {}
    lines = ['# pmip6 benchmark report', '',
             f'Kernel {kver} in a QEMU VM under software emulation (TCG): absolute',
             'times are slow and noisy, so each figure stands beside its baseline',
             'from the same run, as a ratio. Each cell is the median of its runs;',
             'the spread is (max - min) / median.', '',
             '## Per-packet cost at the LMA', '',
             '| config | MNs | flows | runs | ns/packet | spread | pps | vs. tunnel |',
             '| --- | --- | --- | --- | --- | --- | --- | --- |']
    summary = []
    for (cfg, mns, flows) in sorted(g, key=lambda k: (k[1], k[2], CONFIGS.index(k[0]))):
        med, spread = stat(g[(cfg, mns, flows)])
        base = g.get(('tunnel', mns, flows))
        ratio = med / stat(base)[0] if base else None
        summary.append({'config': cfg, 'mns': mns, 'flows': flows,
                        'runs': len(g[(cfg, mns, flows)]), 'ns_per_packet': med,
                        'spread_pct': round(spread, 1), 'pps': round(1e9 / med),
                        'ratio_to_tunnel': round(ratio, 3) if ratio else ''})
        lines.append(f'| {cfg} | {mns} | {flows} | {len(g[(cfg, mns, flows)])} | {med:.0f} | '
                     f'{spread:.0f}% | {1e9 / med:.0f} | '
                     f'{ratio:.2f}x |' if ratio else
                     f'| {cfg} | {mns} | {flows} | {len(g[(cfg, mns, flows)])} | {med:.0f} | '
                     f'{spread:.0f}% | {1e9 / med:.0f} | |')
    if summary:
        with open(os.path.join(out, 'summary.csv'), 'w', newline='') as f:
            w = csv.DictWriter(f, fieldnames=list(summary[0].keys()))
            w.writeheader()
            w.writerows(summary)

    # Targets
    def cell(cfg, mns, flows):
        v = g.get((cfg, mns, flows))
        return stat(v)[0] if v else None
    lines += ['', '## Targets', '', '| target | measured | verdict |', '| --- | --- | --- |']
    p1, t1 = cell('pmip6', 1, 1), cell('tunnel', 1, 1)
    if p1 and t1:
        r = p1 / t1
        lines.append(f'| fast path <= {TARGETS["fastpath_ratio"]}x the plain tunnel (1 flow) | '
                     f'{r:.2f}x ({p1:.0f} vs {t1:.0f} ns) | '
                     f'{"met" if r <= TARGETS["fastpath_ratio"] else "missed by %.0f%%" % (100 * (r / TARGETS["fastpath_ratio"] - 1))} |')
    # The flow sweep has 64 flows per MN, the MN sweep one.
    most = max((k for k in g if k[0] == 'pmip6' and flow_sweep(k)), key=lambda k: k[2], default=None)
    most_mns = max((k for k in g if k[0] == 'pmip6' and k[1] == k[2] and k[1] > 1),
                   key=lambda k: k[1], default=None)
    for what, k in (('flows', most), ('MNs (one flow each)', most_mns)):
        if not (p1 and k):
            continue
        pm = cell(*k)
        r = pm / p1
        # The same ratio for the plain tunnel: how much of the growth the
        # emulator's caches and the random destinations cause in any case.
        tk, tb = cell('tunnel', *k[1:]), t1
        tr = f'; the plain tunnel {tk / tb:.2f}x' if tk and tb else ''
        lines.append(f'| cost at the most {what} within 20% of 1 flow | {k[2]} flows over {k[1]} MNs: '
                     f'{r:.2f}x ({pm:.0f} vs {p1:.0f} ns{tr}) | '
                     f'{"met" if r <= TARGETS["scale_ratio"] else "missed by %.0f%%" % (100 * (r / TARGETS["scale_ratio"] - 1))} |')
    mem, memrows = {}, []
    if os.path.exists(os.path.join(job, 'memory.csv')):
        memrows = load(os.path.join(job, 'memory.csv'))
        for r in memrows:
            mem[r['cache']] = (int(r['active_objs']), int(r['objsize']))
    # What the largest FMC load added to the whole kernel's slab, vmalloc
    # and per-CPU memory (fmcload, /proc/meminfo and /proc/vmallocinfo):
    # every allocation an entry causes, whatever its cache.
    growth = {}
    for r in memrows:
        if r['cache'].startswith('fmc_'):
            n = int(r['flows'])
            if n > growth.get('n', 0):
                growth = {'n': n}
            if n == growth['n']:
                growth[r['cache']] = int(r['slab_bytes'])
    kmem = []
    kp = os.path.join(job, 'signaling_kmem.csv')
    if os.path.exists(kp):
        kmem = [r for r in load(kp) if r['bces'] and int(r['bces'])]
    # The targets' measure is slab accounting: the object's size in its
    # cache. Beside it, all the memory one entry costs the kernel.
    for cache, key, what in (('pmip6_bce', 'bytes_per_bce', 'BCE'),
                             ('pmip6_fmc', 'bytes_per_fmc', 'flow entry')):
        want = TARGETS[key]
        if cache not in mem:
            lines.append(f'| <= {want} B kernel memory per {what} | not measured '
                         f'(no {cache} cache in slabinfo: merged?) | |')
            continue
        size = mem[cache][1]
        verdict = 'met' if size <= want else f'missed by {size - want} B'
        whole, over = '', 0
        if cache == 'pmip6_fmc' and 'fmc_slab' in growth:
            n = growth['n']
            per = {k: growth.get(k, 0) / n for k in
                   ('fmc_slab', 'fmc_vmalloc', 'fmc_percpu', 'fmc_vmalloc_index', 'fmc_vmalloc_percpu')}
            total = per['fmc_slab'] + per['fmc_vmalloc'] + per['fmc_percpu']
            split = (f' (index buckets {per["fmc_vmalloc_index"]:.0f} B, the per-CPU counters\' memcg '
                     f'bookkeeping {per["fmc_vmalloc_percpu"]:.0f} B)' if 'fmc_vmalloc_index' in growth else '')
            whole = (f'; all that an entry adds to the kernel, over a load of {n} entries: '
                     f'{total:.0f} B = slab {per["fmc_slab"]:.0f} + vmalloc {per["fmc_vmalloc"]:.0f}{split} '
                     f'+ per-CPU counters {per["fmc_percpu"]:.0f}')
            over = total - want
        elif cache == 'pmip6_bce' and kmem:
            k = max(kmem, key=lambda r: int(r['bces']))
            total = int(k['bytes_per_bce'])
            whole = (f'; all that a BCE adds to the kernel (slab and per-CPU growth, {k["bces"]} BCEs, '
                     f'two per MN sharing its {k["mn_objsize"]} B pmip6_mn): {total} B')
            over = total - want
        if over > 0:
            verdict += f' for the object; all its memory over by {over:.0f} B'
        lines.append(f'| <= {want} B kernel memory per {what} | {size} B {cache} object '
                     f'(slab accounting){whole} | {verdict} |')
    sig = signaling(job)
    lines.append(sig['target'])
    moves = load(os.path.join(job, 'flowmove.csv')) if os.path.exists(os.path.join(job, 'flowmove.csv')) else []
    lines.append(flowmove_target(moves))

    if memrows:
        lines += ['', '## Kernel memory (slab caches, after each pmip6 load)', '',
                  'Object size, and the slab pages of the cache over its objects '
                  '(what an object costs with the slab\'s own overhead). The fmc_slab, '
                  'fmc_vmalloc and fmc_percpu rows are what the FMC phase of the load '
                  'added to the whole kernel\'s slab, vmalloc and per-CPU memory '
                  '(/proc/meminfo): bytes per entry, and in all. fmc_vmalloc_index and '
                  'fmc_vmalloc_percpu split the vmalloc growth by allocator (/proc/vmallocinfo): '
                  'the index\'s bucket arrays once too large for kmalloc, and what new '
                  'per-CPU chunks allocate beside their pages under memcg accounting (an '
                  'obj_cgroup pointer per 4-byte slot of a unit).', '',
                  '| cache | MNs | flows | objects | bytes each | slab bytes per object |',
                  '| --- | --- | --- | --- | --- | --- |']
        lines += [f'| {r["cache"]} | {r["mns"]} | {r["flows"]} | {r["active_objs"]} | {r["objsize"]} | '
                  f'{int(r["slab_bytes"]) / max(1, int(r["active_objs"])):.0f} |' for r in memrows]
    if os.path.exists(os.path.join(job, 'updates.csv')):
        lines += ['', '## Kernel updates over generic netlink (fmcload, one request each)', '',
                  'The `_last10` rows time the last tenth of each phase, into the fullest tables.', '',
                  '| phase | MNs | flows | entries | seconds | per second |',
                  '| --- | --- | --- | --- | --- | --- |']
        lines += [f'| {r["phase"]} | {r["mns"]} | {r["flows"]} | {r["entries"]} | {r["seconds"]} | '
                  f'{r["per_second"]} |' for r in load(os.path.join(job, 'updates.csv'))]
    if os.path.exists(os.path.join(job, 'configure.csv')):
        lines += ['', '## Building each configuration (rules, map elements, fmcload)', '',
                  '| config | MNs | flows | seconds |', '| --- | --- | --- | --- |']
        lines += [f'| {r["config"]} | {r["mns"]} | {r["flows"]} | {r["seconds"]} |'
                  for r in load(os.path.join(job, 'configure.csv'))]

    lines += flowmove_section(moves)
    lines += sig['lines']
    lines += chaos(job)

    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        if sig['quantiles']:
            fig, ax = plt.subplots(figsize=(7, 4.5))
            for (phase, mns), pts in sorted(sig['quantiles'].items(), key=lambda kv: (kv[0][1], kv[0][0])):
                pts.sort()
                ax.plot([p[1] / 1000.0 for p in pts], [p[0] for p in pts], label=f'{phase}, {mns} MNs')
            ax.set_xscale('log')
            ax.set_xlabel('PBU to PBA latency, ms (log)')
            ax.set_ylabel('percent of transactions')
            ax.set_title(f'LMA (pmipd) signaling latency, {kver}, TCG')
            ax.legend()
            fig.tight_layout()
            fig.savefig(os.path.join(out, 'signaling.png'), dpi=100)
            lines += ['', '![signaling latency](signaling.png)']
        for name, pick, xlabel, xi in (
                ('fastpath.png', flow_sweep, 'flows (64 per MN beyond 64)', 2),
                ('fastpath_mns.png', lambda k: k[1] == k[2], 'MNs (one flow each)', 1)):
            fig, ax = plt.subplots(figsize=(7, 4.5))
            drawn = False
            for cfg in CONFIGS:
                pts = sorted((k[xi], stat(v)[0]) for k, v in g.items() if k[0] == cfg and pick(k))
                if len(pts) > 1:
                    ax.plot([p[0] for p in pts], [p[1] for p in pts], marker='o', label=cfg)
                    drawn = True
            if not drawn:
                plt.close(fig)
                continue
            ax.set_xscale('log')
            ax.set_yscale('log')
            ax.set_xlabel(xlabel)
            ax.set_ylabel('ns per packet at the LMA (median, log)')
            ax.set_title(f'LMA per-packet cost, {kver}, TCG')
            ax.legend()
            fig.tight_layout()
            fig.savefig(os.path.join(out, name), dpi=100)
            lines += ['', f'![per-packet cost]({name})']
    except ImportError:
        lines += ['', '(no plot: python3-matplotlib is not installed)']
    with open(os.path.join(out, 'report.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
