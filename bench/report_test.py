#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of bench/report.py on small, made-up CSV files.

Every expected figure below is worked out by hand from the rows written
in the test, so a change to how the report takes medians, ratios or
verdicts shows up here before it shows up in a benchmark run.

  python3 bench/report_test.py
"""
import csv
import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402


def write_csv(path, header, rows):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


FASTPATH = ['config', 'mns', 'flows', 'rep', 'packets', 'ns_per_packet', 'pps']
MEMORY = ['cache', 'mns', 'flows', 'active_objs', 'objsize', 'slab_bytes']
SIGNALING = ['phase', 'mns', 'mags', 'window', 'completed', 'seconds', 'tps',
             'p50_us', 'p90_us', 'p99_us', 'max_us', 'rejected', 'retransmissions',
             'timeouts']
SIG_CPU = ['phase', 'mns', 'transactions', 'lma_cpu_s', 'lma_cpu_us_per_transaction']
SIG_KMEM = ['mns', 'bces', 'slab_kb', 'percpu_kb', 'bytes_per_bce', 'bce_objs', 'bce_objsize',
            'bce_slab_bytes', 'mn_objs', 'mn_objsize', 'mn_slab_bytes']
FLOWMOVE = ['kind', 'rep', 'pps', 'move_ms', 'lost', 'kernel_ms', 'after_kernel_ms']


def growth_rows(n, slab, vmalloc, percpu, split=None):
    """memory.csv rows of an FMC load of n entries (bytes in all); split:
    (index buckets, per-CPU chunks' bookkeeping) when vmallocinfo was read."""
    rows = [[name, n, n, n, 0, v] for name, v in
            (('fmc_slab', slab), ('fmc_vmalloc', vmalloc), ('fmc_percpu', percpu))]
    if split:
        rows += [['fmc_vmalloc_index', n, n, n, 0, split[0]],
                 ['fmc_vmalloc_percpu', n, n, n, 0, split[1]]]
    return rows


def fastpath_rows(cells):
    """cells: {(config, mns, flows): [ns, ...]} -> fastpath.csv rows."""
    rows = []
    for (cfg, mns, flows), values in cells.items():
        for rep, ns in enumerate(values, 1):
            rows.append([cfg, mns, flows, rep, 1000, ns, round(1e9 / ns)])
    return rows


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.job = os.path.join(self.tmp.name, 'job')
        self.out = os.path.join(self.tmp.name, 'out')
        os.makedirs(self.job)

    def tearDown(self):
        self.tmp.cleanup()

    def run_report(self):
        argv = sys.argv
        sys.argv = ['report.py', self.job, self.out, '6.12-test']
        try:
            with redirect_stdout(io.StringIO()):
                report.main()
        finally:
            sys.argv = argv
        with open(os.path.join(self.out, 'report.md')) as f:
            return f.read().splitlines()

    def target(self, lines, prefix):
        found = [line for line in lines if line.startswith('| ' + prefix)]
        self.assertEqual(len(found), 1, f'one target row starting {prefix!r}: {found}')
        return found[0]

    def test_fast_path_ratios_and_verdicts(self):
        write_csv(os.path.join(self.job, 'fastpath.csv'), FASTPATH, fastpath_rows({
            # Medians: tunnel 1000, pmip6 1100 -> 1.10x, within 1.15.
            ('tunnel', 1, 1): [900, 1000, 1100],
            ('pmip6', 1, 1): [1000, 1100, 1200],
            ('plain', 1, 1): [800, 800, 800],
            # Flow sweep (64 flows per MN): 1500 / 1100 = 1.36x, over
            # 1.20 by 13.6 %; the tunnel's own growth 1200 / 1000.
            ('tunnel', 16, 1024): [1200, 1200],
            ('pmip6', 16, 1024): [1500, 1500],
            # MN sweep (one flow each): 1210 / 1100 = 1.10x.
            ('pmip6', 1024, 1024): [1210],
        }))
        lines = self.run_report()
        self.assertEqual(self.target(lines, 'fast path'),
                         '| fast path <= 1.15x the plain tunnel (1 flow) | 1.10x (1100 vs 1000 ns) | met |')
        self.assertEqual(self.target(lines, 'cost at the most flows'),
                         '| cost at the most flows within 20% of 1 flow | 1024 flows over 16 MNs: '
                         '1.36x (1500 vs 1100 ns; the plain tunnel 1.20x) | missed by 14% |')
        self.assertEqual(self.target(lines, 'cost at the most MNs'),
                         '| cost at the most MNs (one flow each) within 20% of 1 flow | '
                         '1024 flows over 1024 MNs: 1.10x (1210 vs 1100 ns) | met |')
        # Spread (max - min) / median: tunnel 200 / 1000 = 20 %.
        self.assertIn('| tunnel | 1 | 1 | 3 | 1000 | 20% | 1000000 | 1.00x |', lines)
        self.assertIn('| plain | 1 | 1 | 3 | 800 | 0% | 1250000 | 0.80x |', lines)
        with open(os.path.join(self.out, 'summary.csv')) as f:
            summary = {(r['config'], r['mns'], r['flows']): r for r in csv.DictReader(f)}
        self.assertEqual(summary[('pmip6', '1', '1')]['ratio_to_tunnel'], '1.1')
        self.assertEqual(summary[('pmip6', '16', '1024')]['ratio_to_tunnel'], '1.25')
        # No tunnel run with 1024 MNs: no ratio rather than a wrong one.
        self.assertEqual(summary[('pmip6', '1024', '1024')]['ratio_to_tunnel'], '')

    def test_fast_path_missed(self):
        write_csv(os.path.join(self.job, 'fastpath.csv'), FASTPATH, fastpath_rows({
            ('tunnel', 1, 1): [1000],
            ('pmip6', 1, 1): [1380],   # 1.38x: 1.38 / 1.15 - 1 = 20 %
        }))
        self.assertEqual(self.target(self.run_report(), 'fast path'),
                         '| fast path <= 1.15x the plain tunnel (1 flow) | 1.38x (1380 vs 1000 ns) '
                         '| missed by 20% |')

    def test_memory_from_growth_and_objects(self):
        write_csv(os.path.join(self.job, 'memory.csv'), MEMORY, [
            ['pmip6_bce', 100, 100, 100, 128, 12800],
            ['pmip6_fmc', 1000, 1000, 1000, 120, 122880],
        ] + growth_rows(10, 99999, 99999, 99999, (99999, 99999))   # the smaller load: ignored
          + growth_rows(1000, 130000, 86000, 64000, (16000, 70000)))
        write_csv(os.path.join(self.job, 'signaling_kmem.csv'), SIG_KMEM, [
            ['0', '0', '0', '0', '', '', '', '', '', '', ''],
            ['100', '200', '50', '12', '300', '200', '128', '25600', '100', '328', '34816'],
        ])
        lines = self.run_report()
        # The object meets the target; the kernel's whole growth per BCE,
        # 300 B, is 44 over.
        self.assertEqual(self.target(lines, '<= 256 B kernel memory per BCE'),
                         '| <= 256 B kernel memory per BCE | 128 B pmip6_bce object (slab accounting); '
                         'all that a BCE adds to the kernel (slab and per-CPU growth, 200 BCEs, two per '
                         'MN sharing its 328 B pmip6_mn): 300 B | met for the object; all its memory over '
                         'by 44 B |')
        # 130 + 86 + 64 = 280 B per entry, 152 over.
        self.assertEqual(self.target(lines, '<= 128 B kernel memory per flow entry'),
                         '| <= 128 B kernel memory per flow entry | 120 B pmip6_fmc object (slab '
                         'accounting); all that an entry adds to the kernel, over a load of 1000 entries: '
                         '280 B = slab 130 + vmalloc 86 (index buckets 16 B, the per-CPU counters\' memcg '
                         'bookkeeping 70 B) + per-CPU counters 64 | met for the object; all its memory '
                         'over by 152 B |')

    def test_memory_object_size_over(self):
        write_csv(os.path.join(self.job, 'memory.csv'), MEMORY, [
            ['pmip6_bce', 1, 1, 1, 424, 424],
            ['pmip6_fmc', 100, 100, 100, 120, 12000],
        ] + growth_rows(100, 10000, 0, 0))   # no vmallocinfo split (not root)
        lines = self.run_report()
        self.assertEqual(self.target(lines, '<= 256 B kernel memory per BCE'),
                         '| <= 256 B kernel memory per BCE | 424 B pmip6_bce object (slab accounting) '
                         '| missed by 168 B |')
        self.assertEqual(self.target(lines, '<= 128 B kernel memory per flow entry'),
                         '| <= 128 B kernel memory per flow entry | 120 B pmip6_fmc object (slab '
                         'accounting); all that an entry adds to the kernel, over a load of 100 entries: '
                         '100 B = slab 100 + vmalloc 0 + per-CPU counters 0 | met |')

    def test_memory_not_measured(self):
        self.assertIn('not measured (no pmip6_fmc cache in slabinfo: merged?)',
                      self.target(self.run_report(), '<= 128 B kernel memory per flow entry'))

    def test_signaling_verdict_at_most_mns(self):
        write_csv(os.path.join(self.job, 'signaling.csv'), SIGNALING, [
            # Faster at fewer MNs, but the verdict is taken at the most.
            ['rereg', 1000, 16, 64, 1000, 0.1, 12000, 1000, 2000, 3000, 4000, 0, 0, 0],
            ['reg', 10000, 16, 64, 10000, 5, 2000, 1000, 2000, 3000, 4000, 0, 0, 0],
            ['rereg', 10000, 16, 64, 10000, 2.5, 4000, 1500, 2500, 3500, 9000, 0, 1, 0],
            ['rereg', 10000, 16, 64, 10000, 2, 5000, 1500, 2500, 3500, 9000, 0, 0, 0],
            ['rereg', 10000, 16, 64, 10000, 1.6, 6000, 1500, 2500, 3500, 9000, 0, 0, 0],
        ])
        write_csv(os.path.join(self.job, 'signaling_cpu.csv'), SIG_CPU, [
            ['rereg', 10000, 10000, 1.25, 125],
        ])
        lines = self.run_report()
        # Median of 4000, 5000, 6000; 10000 / 5000 = 2.0x; 1e6 / 125 us.
        self.assertEqual(self.target(lines, '>= 10k PBU/PBA'),
                         '| >= 10k PBU/PBA per second on one core | 5000/s (median re-registration '
                         'rate, 10000 MNs, TCG; 8000 per pmipd CPU-second) | missed by 2.0x |')
        self.assertIn('| rereg | 10000 | 16 | 64 | 10000 | 2 | 5000 | 1.5 | 2.5 | 3.5 | 9.0 | 0 | 0 | 0 |',
                      lines)
        self.assertIn('| rereg | 10000 | 10000 | 1.25 | 125 | 8000 |', lines)

    def test_signaling_met_with_registrations_only(self):
        write_csv(os.path.join(self.job, 'signaling.csv'), SIGNALING, [
            ['reg', 100, 4, 8, 100, 0.01, 10000, 100, 200, 300, 400, 0, 0, 0],
        ])
        self.assertEqual(self.target(self.run_report(), '>= 10k PBU/PBA'),
                         '| >= 10k PBU/PBA per second on one core | 10000/s (initial registrations '
                         'only, no rereg phase, 100 MNs, TCG) | met |')

    def test_flow_move_from_kernel_stamp(self):
        write_csv(os.path.join(self.job, 'flowmove.csv'), FLOWMOVE, [
            ['shared', 0, 1000, 5.0, 0, 3.0, 0.5],
            ['shared', 1, 1000, 7.0, 0, 4.0, 1.5],
            ['command', 0, 1000, 4.0, 0, '', ''],
        ])
        lines = self.run_report()
        row = self.target(lines, 'flow move')
        # Kernel stamp to first packet: 0.5 and 1.5 ms, median 1.0.
        self.assertIn('median 1.000 ms, worst 1.500 ms, 1 of 2 moves within 1.0 ms', row)
        # From the command: median of 5 and 7; the command row alone 4.
        self.assertIn('median 6.0 ms (the command alone 4.0 ms); 0 packets lost', row)
        self.assertTrue(row.endswith('| missed: 1 of 2 moves over 1.0 ms (worst 1.50 ms) |'), row)
        self.assertIn('| shared | 2 | 1000 | 6.0 | 5.0 | 7.0 | 0 | 0 | 3.50 (3.00..4.00) | '
                      '1.00 (0.50..1.50) |  |  |  |  |  |', lines)

    def test_flow_move_met_and_lost(self):
        write_csv(os.path.join(self.job, 'flowmove.csv'), FLOWMOVE, [
            ['shared', 0, 1000, 2.0, 0, 1.0, 0.2],
            ['shared', 1, 1000, 2.0, 0, 1.0, 0.4],
        ])
        self.assertTrue(self.target(self.run_report(), 'flow move').endswith('| met |'))
        write_csv(os.path.join(self.job, 'flowmove.csv'), FLOWMOVE, [
            ['fmi', 0, 1000, 2.0, 3, 1.0, 0.2],
        ])
        self.assertTrue(self.target(self.run_report(), 'flow move').endswith('| missed: 3 lost |'))

    def test_nothing_measured(self):
        lines = self.run_report()
        self.assertIn('not measured (no signaling.csv)', self.target(lines, '>= 10k PBU/PBA'))
        self.assertIn('not measured', self.target(lines, 'flow move'))
        self.assertFalse(any(line.startswith('| fast path') for line in lines))

    def test_chaos_section(self):
        write_csv(os.path.join(self.job, 'chaos_summary.csv'), ['key', 'value'], [
            ['mns', 300], ['kills', 3], ['datagrams_lost', 7],
            ['datagrams_lost_outside_handover', 2], ['pba_sent_by_lma', '0:900 129:1'],
            ['sanitizer_reports', 0]])
        with open(os.path.join(self.job, 'chaos_module.csv'), 'w') as f:
            f.write('cache,objects_in_use\npmip6_bce,0\nrefcnt,0\nmodprobe_r,yes\n')
        lines = self.run_report()
        self.assertIn('| datagrams lost | 7 |', lines)
        self.assertTrue(any(line.startswith('| lost outside a handover window') and
                            line.endswith('| 2 |') for line in lines))
        self.assertIn('| PBA statuses sent by the LMA (status:count) | 0:900 129:1 |', lines)
        self.assertIn('| sanitizer reports | 0 |', lines)
        self.assertIn('| refcnt | 0 |', lines)
        self.assertIn('| modprobe_r | yes |', lines)
        # A figure the run did not write shows as '?', not as an error.
        self.assertIn('| PBU retransmissions | ? |', lines)
        self.assertTrue(os.path.exists(os.path.join(self.out, 'chaos_summary.csv')))


if __name__ == '__main__':
    unittest.main()
