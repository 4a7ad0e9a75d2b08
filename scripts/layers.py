#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Layering of mana/ (ARCHITECTURE.md): include direction from the sources,
call direction and call cycles between files from the object files, and
the interface between mana.ko and mana_ib.ko: ib/ includes one header of
eth/ (eth/mana_ib_if.h) and calls only the functions that header declares.

Usage: scripts/layers.py SRC_TOP OBJ_TOP [--enforce-cycles DIR,...]
  SRC_TOP  checkout (mana/ under it)
  OBJ_TOP  a build output with mana/**/*.o (scripts/build.sh --out DIR)
Prints PASS:/FAIL: lines (and "  cycle:" details); exit 1 on a FAIL.

A call edge a.o -> b.o exists when a.o references (nm "U") a global symbol
that b.o defines. Calls through function pointers (the callbacks a lower
layer is handed) are not edges, which is the point.
"""
import os
import re
import subprocess
import sys

# directory -> directories whose files it may include and call
ALLOWED = {
    'gdma': {'gdma'},
    'eth': {'eth', 'gdma'},
    'glue': {'glue'},
    'ib': {'ib', 'eth', 'gdma'},
    'main': {'main', 'gdma', 'eth', 'glue'},
}
# headers of a lower layer that an upper one may include, per including layer
PUBLIC = {
    'eth': {'gdma/gdma.h', 'gdma/gdma_wire.h'},
    'ib': {'gdma/gdma.h', 'gdma/gdma_wire.h', 'eth/mana_ib_if.h'},
}
# the header that is mana.ko's Ethernet interface for mana_ib
IB_IF = 'eth/mana_ib_if.h'


def layer(rel):
    """mana-relative path -> layer name"""
    return rel.split('/')[0] if '/' in rel else 'main'


def includes(src):
    bad = []
    mana = os.path.join(src, 'mana')
    for root, _, files in os.walk(mana):
        for f in sorted(files):
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, mana)
            me = layer(rel)
            for n, line in enumerate(open(path, encoding='utf-8', errors='replace'), 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                tgt = os.path.relpath(os.path.normpath(os.path.join(os.path.dirname(path), m.group(1))), mana)
                if tgt.startswith('..'):
                    continue
                to = layer(tgt)
                if to == me:
                    continue
                if to not in ALLOWED.get(me, set()) or (me != 'main' and tgt not in PUBLIC.get(me, set())):
                    bad.append(f'mana/{rel}:{n} includes {tgt}')
    return bad


def if_functions(src):
    """names of the functions eth/mana_ib_if.h declares"""
    text = open(os.path.join(src, 'mana', IB_IF), encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return set(re.findall(r'\b(\w+)\s*\([^;{]*\)\s*;', text))


def symbols(obj_top):
    """per object: (defined globals, undefined references)"""
    objs = {}
    mana = os.path.join(obj_top, 'mana')
    for root, _, files in os.walk(mana):
        for f in files:
            if not f.endswith('.o') or f.endswith('.mod.o') or root == mana and f in ('mana.o',):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, mana)
            if rel in ('ib/mana_ib.o',):
                continue
            out = subprocess.run(['nm', path], capture_output=True, text=True).stdout
            d, u = set(), set()
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] == 'U':
                    u.add(parts[1])
                elif len(parts) == 3 and parts[1] in 'TDBR' and not parts[2].startswith(('__', '.')):
                    d.add(parts[2])
            objs[rel[:-2]] = (d, u)
    return objs


def edges(objs):
    owner = {}
    for o, (d, _) in objs.items():
        for s in d:
            owner.setdefault(s, o)
    e = {}
    for o, (_, u) in objs.items():
        for s in u:
            t = owner.get(s)
            if t and t != o:
                e.setdefault(o, {}).setdefault(t, set()).add(s)
    return e


def sccs(nodes, e):
    """Tarjan; returns the strongly connected components with more than one file"""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in e.get(v, {}):
            if w not in nodes:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def cycle_path(comp, e):
    """one cycle through the first file of a component, as a -> b -> ... -> a"""
    start = comp[0]
    comp = set(comp)
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(e.get(v, {})):
            if w not in comp:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]]:
                    path.append(prev[path[-1]])
                path.reverse()
                return ' -> '.join(path + [start])
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return ' <-> '.join(sorted(comp))


def main():
    args = sys.argv[1:]
    enforce = set()
    if '--enforce-cycles' in args:
        i = args.index('--enforce-cycles')
        enforce = set(args[i + 1].split(','))
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    src, obj = args
    fail = 0

    bad = includes(src)
    if bad:
        fail = 1
        print('FAIL: layers: includes against the layer direction: ' + '; '.join(bad))
    else:
        print('PASS: layers: every #include in mana/ goes to its own layer or a public header of a lower one'
              f' (ib/ includes only {IB_IF} of eth/)')

    objs = symbols(obj)
    if not objs:
        print(f'FAIL: layers: no object files under {obj}/mana')
        return 1
    e = edges(objs)
    up = []
    for a, tos in sorted(e.items()):
        for b, syms in sorted(tos.items()):
            if layer(b + '.o') not in ALLOWED.get(layer(a + '.o'), set()):
                up.append(f'{a} -> {b} ({", ".join(sorted(syms)[:3])})')
    if up:
        fail = 1
        print('FAIL: layers: calls against the layer direction: ' + '; '.join(up))
    else:
        print(f'PASS: layers: calls between the {len(objs)} objects of mana/ go only downwards '
              '(gdma < eth < ib; glue alone; main.c on top)')

    offered = if_functions(src)
    used, beside = set(), []
    for a, tos in sorted(e.items()):
        if layer(a + '.o') != 'ib':
            continue
        for b, syms in sorted(tos.items()):
            if layer(b + '.o') != 'eth':
                continue
            used |= syms
            beside += [f'{a} -> {b} ({s})' for s in sorted(syms - offered)]
    if not offered:
        fail = 1
        print(f'FAIL: layers: {IB_IF} declares no function')
    elif beside:
        fail = 1
        print(f'FAIL: layers: mana_ib calls Ethernet functions {IB_IF} does not declare: ' + '; '.join(beside))
    elif not any(layer(o + '.o') == 'ib' for o in objs):
        print('SKIP: layers: no mana_ib objects in this build (kernel cannot host mana_ib)')
    else:
        print(f'PASS: layers: mana_ib calls {len(used)} functions of the Ethernet layer, '
              f'all declared in {IB_IF} ({len(offered)} offered)')

    for d in ('gdma', 'eth', 'ib', 'glue'):
        nodes = {o for o in objs if layer(o + '.o') == d}
        if not nodes:
            continue
        cyc = sccs(nodes, e)
        if not cyc:
            print(f'PASS: layers: no call cycle between the {len(nodes)} files of mana/{d}/')
            continue
        desc = '; '.join(cycle_path(c, e) + (f' [{len(c)} files: {" ".join(c)}]' if len(c) > 2 else '') for c in cyc)
        if d in enforce:
            fail = 1
            print(f'FAIL: layers: call cycles between files of mana/{d}/: {desc}')
        else:
            print(f'  report (not enforced yet): call cycles between files of mana/{d}/: {desc}')
    return fail


if __name__ == '__main__':
    sys.exit(main())
