#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that include/uapi/linux/pmip6.h agrees with the YNL spec.

The spec (Documentation/netlink/specs/pmip6.yaml) is the single description
of the family. For every enum, attribute set, operation, constant and
multicast group in it, this writes C static assertions about the header's
names and values (including the *_MAX of every enum, so that an entry the
spec lacks is caught too), compiles them against the header, and reports
TAP: one result per spec section.
"""
import os
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(ROOT, 'Documentation/netlink/specs/pmip6.yaml')
UAPI = os.path.join(ROOT, 'include/uapi')


def c_name(*parts):
    return '_'.join(p.upper().replace('-', '_') for p in parts if p)


def entries_with_values(items, start):
    value = start
    for item in items:
        if isinstance(item, dict):
            name = item['name']
            value = item.get('value', value)
        else:
            name = item
        yield name, value
        value += 1


def checks(spec):
    fam = spec['name']
    prefix = c_name(fam)
    groups = []

    lines = [f'RUNTIME: strcmp(PMIP6_GENL_NAME, "{fam}") == 0']
    for d in spec.get('definitions', []):
        if d['type'] == 'const':
            lines.append(f'_Static_assert({c_name(fam, d["name"])} == {d["value"]}, "{d["name"]}");')
    groups.append(('constants', lines))

    for d in spec.get('definitions', []):
        if d['type'] != 'enum':
            continue
        lines = []
        last = None
        for name, value in entries_with_values(d['entries'], d.get('value-start', 0)):
            cn = c_name(fam, d['name'], name)
            lines.append(f'_Static_assert({cn} == {value}, "{cn}");')
            last = value
        lines.append(f'_Static_assert({c_name(fam, d["name"], "max")} == {last}, "{d["name"]} max");')
        groups.append((f'enum {d["name"]}', lines))

    for aset in spec['attribute-sets']:
        sub = None if aset['name'] == fam else aset['name']
        lines = []
        last = None
        for name, value in entries_with_values(aset['attributes'], 1):
            cn = c_name(fam, 'a', sub, name)
            lines.append(f'_Static_assert({cn} == {value}, "{cn}");')
            last = value
        lines.append(f'_Static_assert({c_name(fam, "a", sub, "max")} == {last}, "set {aset["name"]} max");')
        groups.append((f'attribute-set {aset["name"]}', lines))

    lines = []
    last = None
    for name, value in entries_with_values(spec['operations']['list'], 1):
        cn = c_name(fam, 'cmd', name)
        lines.append(f'_Static_assert({cn} == {value}, "{cn}");')
        last = value
    lines.append(f'_Static_assert({c_name(fam, "cmd", "max")} == {last}, "cmd max");')
    groups.append(('operations', lines))

    lines = []
    for g in spec.get('mcast-groups', {}).get('list', []):
        cn = c_name(fam, 'mcgrp', g['name'])
        n = g['name']
        # String contents are no constant expression in C: checked at run
        # time by the generated main().
        lines.append(f'RUNTIME: strcmp({cn}, "{n}") == 0')
    groups.append(('mcast-groups', lines))
    return groups


def compile_ok(lines):
    static = [ln for ln in lines if not ln.startswith('RUNTIME: ')]
    runtime = [ln[len('RUNTIME: '):] for ln in lines if ln.startswith('RUNTIME: ')]
    body = ''.join(f'\tif (!({c})) {{ fprintf(stderr, "error: %s\\n", "{c.replace(chr(34), "")}"); return 1; }}\n'
                   for c in runtime)
    src = ('#include <stdio.h>\n#include <string.h>\n#include <linux/pmip6.h>\n' +
           '\n'.join(static) + '\nint main(void)\n{\n' + body + '\treturn 0;\n}\n')
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'abi.c')
        exe = os.path.join(tmp, 'abi')
        with open(path, 'w') as f:
            f.write(src)
        r = subprocess.run(['cc', '-std=c11', '-Wall', '-Werror', '-I', UAPI, '-o', exe, path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            return False, r.stderr
        r = subprocess.run([exe], capture_output=True, text=True)
        return r.returncode == 0, r.stderr


def main():
    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    groups = checks(spec)
    print(f'1..{len(groups)}')
    failed = 0
    for i, (name, lines) in enumerate(groups, 1):
        ok, err = compile_ok(lines)
        if not ok:
            failed += 1
            for e in err.splitlines():
                if 'error' in e:
                    print(f'# {e.split("error:", 1)[-1].strip()}')
        print(f'{"ok" if ok else "not ok"} {i} abi: {name}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
