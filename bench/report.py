#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a bench/fastpath.sh run into report.md, CSV files and PNG plots.

  report.py JOBDIR OUTDIR KVER

JOBDIR holds what the VM wrote (fastpath.csv, memory.csv, updates.csv,
output.log). Every figure is the median of its repetitions, with the
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
    verdict = 'met' if worst <= TARGETS['move_ms'] and not lost else \
        'missed: ' + ', '.join(x for x in (
            f'{worst / TARGETS["move_ms"]:.0f}x the time at worst' if worst > TARGETS['move_ms'] else '',
            f'{lost} lost' if lost else '') if x)
    return name + (f'median {statistics.median(ms):.1f} ms, worst {worst:.1f} ms over '
                   f'{len(ms)} moves, of which the command alone takes '
                   + (f'{statistics.median(cmd):.1f} ms' if cmd else 'an unmeasured part')
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
           'way: the start-up and request round trip that every move includes.', '',
           '| kind | moves | probe pps | median ms | min ms | max ms | lost | missing first packet |',
           '| --- | --- | --- | --- | --- | --- | --- | --- |']
    for kind in sorted({r['kind'] for r in moves}):
        rows = [r for r in moves if r['kind'] == kind]
        ms = [float(r['move_ms']) for r in rows if r['move_ms']]
        out.append(f'| {kind} | {len(rows)} | {rows[0]["pps"]} | '
                   + (f'{statistics.median(ms):.1f} | {min(ms):.1f} | {max(ms):.1f}' if ms else '| |')
                   + f' | {sum(int(r["lost"]) for r in rows)} | {len(rows) - len(ms)} |')
    return out


def main():
    job, out, kver = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    for name in ('fastpath.csv', 'memory.csv', 'updates.csv', 'flowmove.csv'):
        if os.path.exists(os.path.join(job, name)):
            shutil.copy(os.path.join(job, name), out)
    g = groups(load(os.path.join(job, 'fastpath.csv')))
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
    most = max((k for k in g if k[0] == 'pmip6'), key=lambda k: k[2], default=None)
    if p1 and most:
        pm = cell(*most)
        r = pm / p1
        lines.append(f'| cost at the most flows within 20% of 1 flow | {most[2]} flows over {most[1]} MNs: '
                     f'{r:.2f}x ({pm:.0f} vs {p1:.0f} ns) | '
                     f'{"met" if r <= TARGETS["scale_ratio"] else "missed by %.0f%%" % (100 * (r / TARGETS["scale_ratio"] - 1))} |')
    mem = {}
    if os.path.exists(os.path.join(job, 'memory.csv')):
        for r in load(os.path.join(job, 'memory.csv')):
            mem[r['cache']] = (int(r['active_objs']), int(r['objsize']))
    for cache, key, what in (('pmip6_bce', 'bytes_per_bce', 'BCE'),
                             ('pmip6_fmc', 'bytes_per_fmc', 'flow entry')):
        if cache in mem:
            size = mem[cache][1]
            lines.append(f'| <= {TARGETS[key]} B kernel memory per {what} | {size} B ({cache} object) | '
                         f'{"met" if size <= TARGETS[key] else "missed by %d B" % (size - TARGETS[key])} |')
        else:
            lines.append(f'| <= {TARGETS[key]} B kernel memory per {what} | not measured (no {cache} cache in slabinfo: merged?) | |')
    lines.append('| >= 10k PBU/PBA per second on one core | not measured yet | |')
    moves = load(os.path.join(job, 'flowmove.csv')) if os.path.exists(os.path.join(job, 'flowmove.csv')) else []
    lines.append(flowmove_target(moves))

    if mem:
        lines += ['', '## Kernel memory (slab caches, largest pmip6 run loaded)', '',
                  '| cache | objects | bytes each |', '| --- | --- | --- |']
        lines += [f'| {c} | {n} | {s} |' for c, (n, s) in sorted(mem.items())]
    if os.path.exists(os.path.join(job, 'updates.csv')):
        lines += ['', '## Kernel updates over generic netlink (fmcload, one request each)', '',
                  '| phase | entries | seconds | per second |', '| --- | --- | --- | --- |']
        lines += [f'| {r["phase"]} | {r["entries"]} | {r["seconds"]} | {r["per_second"]} |'
                  for r in load(os.path.join(job, 'updates.csv'))]

    lines += flowmove_section(moves)

    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for cfg in CONFIGS:
            pts = sorted((k[2], stat(v)[0]) for k, v in g.items() if k[0] == cfg)
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker='o', label=cfg)
        ax.set_xscale('log')
        ax.set_xlabel('flows (64 per MN beyond 64)')
        ax.set_ylabel('ns per packet at the LMA (median)')
        ax.set_title(f'LMA per-packet cost, {kver}, TCG')
        ax.legend()
        fig.tight_layout()
        fig.savefig(os.path.join(out, 'fastpath.png'), dpi=100)
        lines += ['', '![per-packet cost](fastpath.png)']
    except ImportError:
        lines += ['', '(no plot: python3-matplotlib is not installed)']
    with open(os.path.join(out, 'report.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
