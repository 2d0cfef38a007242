#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count results in (nested) KTAP/TAP files and print one closing line.

A result line with subtests is counted through its subtests; a parent that
failed while all its subtests passed (a crash after the last subtest, a
leak found at exit) counts as one more failure. A plan ("1..N") that
promised more results than arrived counts the missing ones as failed, so a
test that dies half way cannot pass.

usage: tap_summary.py FILE...   -> prints "N passed, N failed[, N skipped]"
exit status 0 only if nothing failed and at least one test ran.
"""
import re
import sys

RESULT = re.compile(r'^(\s*)(not ok|ok)\b\s*(\d+)?\s*-?\s*(.*)$')
PLAN = re.compile(r'^(\s*)1\.\.(\d+)')


def count(lines, label):
    passed = failed = skipped = 0
    failures = []
    # stack of open blocks: [indent, planned, seen, sub_failed, sub_any]
    stack = []

    def close_deeper(indent):
        nonlocal failed
        while stack and stack[-1][0] > indent:
            blk = stack.pop()
            missing = blk[1] - blk[2] if blk[1] is not None else 0
            if missing > 0:
                failed += missing
                failures.append(f'{label}: {missing} planned test(s) never reported')
            if stack:
                stack[-1][4] = True
                stack[-1][3] = stack[-1][3] or blk[3] or missing > 0
        return

    for raw in lines:
        line = raw.rstrip('\n')
        m = PLAN.match(line)
        if m:
            indent = len(m.group(1))
            close_deeper(indent)
            if stack and stack[-1][0] == indent:
                stack[-1][1] = int(m.group(2))
            else:
                stack.append([indent, int(m.group(2)), 0, False, False])
            continue
        m = RESULT.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        ok = m.group(2) == 'ok'
        name = m.group(4)
        # Results of the subtests of this line are in blocks deeper than it.
        had_subtests = bool(stack) and stack[-1][0] > indent
        sub_failed = False
        if had_subtests:
            blk = stack[-1]
            close_deeper(indent)
            sub_failed = blk[3] or (blk[1] is not None and blk[2] < blk[1])
        if not stack or stack[-1][0] != indent:
            stack.append([indent, None, 0, False, False])
        blk = stack[-1]
        blk[2] += 1
        is_skip = re.search(r'#\s*SKIP', name, re.I) is not None
        if had_subtests:
            if not ok and not sub_failed:
                failed += 1
                failures.append(f'{label}: {name}')
            blk[3] = blk[3] or not ok
            continue
        if is_skip and ok:
            skipped += 1
        elif ok:
            passed += 1
        else:
            failed += 1
            failures.append(f'{label}: {name}')
            blk[3] = True
    close_deeper(-1)
    return passed, failed, skipped, failures


def main(paths):
    tp = tf = ts = 0
    all_failures = []
    for path in paths:
        try:
            with open(path, errors='replace') as f:
                lines = f.readlines()
        except OSError as e:
            tf += 1
            all_failures.append(f'{path}: {e.strerror}')
            continue
        p, f_, s, fl = count(lines, path)
        tp, tf, ts = tp + p, tf + f_, ts + s
        all_failures.extend(fl)
    for fl in all_failures:
        print(f'# FAILED: {fl}')
    tail = f', {ts} skipped' if ts else ''
    print(f'{tp} passed, {tf} failed{tail}')
    return 0 if tf == 0 and tp > 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
