#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the ethtool -S names of the mainline mana driver, read from its sources.

Usage: upstream-names.py MANA_ETHTOOL_C MANA_H [NUM_QUEUES]

Reads mana_get_strings_stats() in mana_ethtool.c statement by statement:
  ethtool_puts(data, TABLE[i].name)  inside a loop over a table -> the table's names
  for (i = 0; i < num_queues; i++) { ethtool_sprintf(data, "rx_%d_x", i); ... }
                                      -> a per-queue group
  a nested for (j = 0; j < EXPR; j++) with "..._%d", i, j + K inside a queue group
                                      -> K .. EXPR-1+K per queue (EXPR may use
                                         enum/#define constants of mana.h)
Without NUM_QUEUES the per-queue groups are printed as templates between "@queues"
and "@end" lines with "%d" standing for the queue number (the e2e guest expands
them for its channel count). Anything the parser does not understand is an error
(exit 1): a silent partial list would make the name check meaningless.
"""
import re
import sys


def die(msg):
    print("upstream-names: " + msg, file=sys.stderr)
    sys.exit(1)


def body_of(src, header_re):
    m = re.search(header_re, src)
    if not m:
        die("no match for %r" % header_re)
    i = src.index("{", m.end() - 1)
    depth = 0
    for j in range(i, len(src)):
        if src[j] == "{":
            depth += 1
        elif src[j] == "}":
            depth -= 1
            if depth == 0:
                return src[i + 1:j]
    die("unbalanced braces after %r" % header_re)


def tables(src):
    out = {}
    for m in re.finditer(r"static const struct mana_stats_desc (\w+)\[\]\s*=\s*\{(.*?)\n\};", src, re.S):
        out[m.group(1)] = re.findall(r'\{\s*"([^"]+)"', m.group(2))
    if not out:
        die("no mana_stats_desc tables")
    return out


def constants(h):
    vals = {}
    for m in re.finditer(r"#define\s+(\w+)\s+(\d+)\b", h):
        vals[m.group(1)] = int(m.group(2))
    for m in re.finditer(r"enum\s*\w*\s*\{(.*?)\}", h, re.S):
        n = -1
        for item in m.group(1).split(","):
            item = re.sub(r"/\*.*?\*/|//.*", "", item, flags=re.S).strip()
            if not item:
                continue
            name, _, val = item.partition("=")
            name, val = name.strip(), val.strip()
            if val:
                try:
                    n = int(val, 0)
                except ValueError:
                    n = vals.get(val, n + 1)
            else:
                n += 1
            if re.fullmatch(r"\w+", name):
                vals[name] = n
    return vals


def evaluate(expr, vals):
    e = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: str(vals[m.group(0)]) if m.group(0) in vals
               else die("unknown constant %s" % m.group(0)), expr)
    if not re.fullmatch(r"[\d\s+\-*()]+", e):
        die("cannot evaluate %r" % expr)
    return eval(e)  # digits and + - * ( ) only


def main():
    if len(sys.argv) not in (3, 4):
        die("usage: upstream-names.py MANA_ETHTOOL_C MANA_H [NUM_QUEUES]")
    src = open(sys.argv[1]).read()
    vals = constants(open(sys.argv[2]).read())
    nq = int(sys.argv[3]) if len(sys.argv) == 4 else None
    tabs = tables(src)
    body = body_of(src, r"static void mana_get_strings_stats\([^)]*\)\s*\{")
    names, pos = [], 0
    loop_re = re.compile(r"for\s*\((\w+)\s*=\s*0;\s*\1\s*<\s*([^;]+);\s*\1\+\+\)\s*")
    while True:
        m = loop_re.search(body, pos)
        if not m:
            break
        var, bound = m.group(1), m.group(2).strip()
        if body[m.end()] == "{":
            blk = body_of(body[m.start():], r"for\s*\([^)]*\)\s*\{")
            end = body.index(blk, m.start()) + len(blk) + 1
        else:
            end = body.index(";", m.end()) + 1
            blk = body[m.end():end]
        pos = end
        t = re.fullmatch(r"ARRAY_SIZE\((\w+)\)", bound)
        if t:
            if not re.search(r"ethtool_puts\(\s*data\s*,\s*%s\[%s\]\.name\s*\)" % (t.group(1), var), blk):
                die("loop over %s without ethtool_puts of its names" % t.group(1))
            if t.group(1) not in tabs:
                die("unknown table %s" % t.group(1))
            names += tabs[t.group(1)]
            continue
        if bound != "num_queues":
            die("unexpected loop bound %r" % bound)
        group = []
        for s in re.finditer(r'ethtool_sprintf\(\s*data\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*(?:,\s*([^)]+?))?\s*\)\s*;'
                             r'|for\s*\((\w+)\s*=\s*0;\s*\4\s*<\s*([^;]+);\s*\4\+\+\)', blk):
            if s.group(4):
                inner = (s.group(4), evaluate(s.group(5), vals))
                continue
            fmt, qv, extra = s.group(1), s.group(2), s.group(3)
            if qv != var:
                die("per-queue name %r not indexed by the queue" % fmt)
            if extra is None:
                if fmt.count("%d") != 1:
                    die("cannot expand %r" % fmt)
                group.append(fmt)
                continue
            k = re.fullmatch(r"(\w+)\s*\+\s*(\d+)", extra.strip())
            if not k or k.group(1) != inner[0] or fmt.count("%d") != 2:
                die("cannot expand %r with %r" % (fmt, extra))
            last = fmt.rindex("%d")
            for j in range(inner[1]):
                group.append(fmt[:last] + str(j + int(k.group(2))) + fmt[last + 2:])
        if not group:
            die("empty per-queue group")
        names.append(("queues", group))
    if not names:
        die("no names found")
    for n in names:
        if isinstance(n, str):
            print(n)
        elif nq is None:
            print("@queues")
            print("\n".join(n[1]))
            print("@end")
        else:
            for q in range(nq):
                for f in n[1]:
                    print(f.replace("%d", str(q), 1))


main()
