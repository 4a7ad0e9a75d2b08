#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the serial log of a test VM booted with tests/vm/mkinitramfs.sh.

Usage: ktap-check.py [--label L] [--suite S]... [--case C]... [--allow-taint] LOG

Prints one line per result for scripts/check.sh:
  PASS: <label> <suite>.<case>      (every KUnit case found in the log)
  FAIL: ...                         (failed case, missing suite/case, kernel BUG/WARN/Oops, ...)
  SKIP: ...                         (a case KUnit reported as skipped: never counted as a pass)
and the same for each suite and for every "### CHECK-PASS: x" / "### CHECK-FAIL: x" line the
guest script printed. Exit status 0 only if nothing failed.

The KTAP is taken from the kernel log the guest printed between "### KTAP-BEGIN" and
"### KTAP-END". Both the 5.15 form ("ok 1 - name") and the 6.x form ("ok 1 name") are accepted;
parameterised cases (nested subtests) are listed as <suite>.<case>[<param>].
--suite / --case name suites and cases that must be present (a case name may be given as
"suite.case" or just "case").
"""
import argparse
import re
import sys

BAD = re.compile(r'(BUG:|WARNING:|Oops|Call Trace|general protection fault|Kernel panic|'
                 r'UBSAN:|KASAN:|kernel BUG|RIP: 0010|list_add corruption|refcount_t:|'
                 r'unreferenced object|INFO: task .* blocked|rcu: INFO|soft lockup|hard LOCKUP)')
RESULT = re.compile(r'^(\s*)(not ok|ok) (\d+)(?: -)? ?(.*?)(?:\s+#\s*(SKIP|TODO)\b(.*))?$')
SUBTEST = re.compile(r'^(\s*)# Subtest: (\S+)')
# 5.15 reports the parameters of a KUNIT_CASE_PARAM case as diagnostics:
#   "    # case: ok 1 - param" / "    # case: not ok 5 - param"
PARAM515 = re.compile(r'^\s*# (\S+): (not ok|ok) (\d+) - (.*?)(?:\s+#\s*(SKIP)\b.*)?$')


def strip_prefix(line):
    line = re.sub(r'^<\d+>', '', line)
    line = re.sub(r'^\[\s*\d+\.\d+\] ', '', line)
    return line.rstrip('\r\n')


def parse_ktap(lines):
    """Return ordered list of (path tuple, status) where status is ok/fail/skip."""
    stack = []          # (name, indent of its content)
    results = []
    for raw in lines:
        line = raw.expandtabs(8) if '\t' in raw else raw
        m = SUBTEST.match(line)
        if m:
            stack.append((m.group(2), len(m.group(1))))
            continue
        m = PARAM515.match(line)
        if m and stack:
            status = 'fail' if m.group(2) == 'not ok' else ('skip' if m.group(5) else 'ok')
            results.append((tuple(s[0] for s in stack) + (m.group(1), m.group(4).strip()), status))
            continue
        m = RESULT.match(line)
        if not m:
            continue
        indent, word, _, name, directive = len(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5)
        name = name.strip()
        status = 'fail' if word == 'not ok' else ('skip' if directive == 'SKIP' else 'ok')
        # result of the innermost open subtest: its content is one level deeper
        while stack and stack[-1][1] > indent + 4:
            stack.pop()     # unterminated subtest (crashed case): drop it
        if stack and stack[-1][1] == indent + 4:
            results.append((tuple(s[0] for s in stack), status))
            stack.pop()
        elif stack and stack[-1][1] == indent:
            results.append((tuple(s[0] for s in stack) + (name,), status))
        else:
            results.append(((name,), status))
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--label', default='kunit')
    ap.add_argument('--suite', action='append', default=[])
    ap.add_argument('--case', action='append', default=[])
    ap.add_argument('log')
    a = ap.parse_args()
    with open(a.log, errors='replace') as f:
        log = [l.rstrip('\r\n') for l in f]
    out = []
    fails = 0

    def emit(kind, what):
        nonlocal fails
        out.append('%s: %s %s' % (kind, a.label, what))
        if kind == 'FAIL':
            fails += 1

    if not any('### GUEST-UP' in l for l in log):
        emit('FAIL', 'guest booted to the initramfs (no ### GUEST-UP in %s)' % a.log)
    if not any('### GUEST-DONE' in l for l in log):
        emit('FAIL', 'guest finished (no ### GUEST-DONE: panic, oops or timeout; see %s)' % a.log)
    for l in log:
        m = re.search(r'### CHECK-(PASS|FAIL): (.*)', l)
        if m:
            emit(m.group(1), m.group(2))
    try:
        b = next(i for i, l in enumerate(log) if '### KTAP-BEGIN' in l)
        e = next(i for i, l in enumerate(log) if '### KTAP-END' in l and i > b)
        ktap = [strip_prefix(l) for l in log[b + 1:e]]
    except StopIteration:
        ktap = []
        emit('FAIL', 'kernel log captured (no ### KTAP-BEGIN/END)')
    with open(a.log + '.ktap', 'w') as f:
        f.write('\n'.join(ktap) + '\n')
    bad = [l for l in log if BAD.search(l)]
    if bad:
        emit('FAIL', 'no kernel BUG/WARN/Oops in the log (first: %s)' % bad[0].strip()[:160])
    results = parse_ktap(ktap)
    suites = {p[0]: s for p, s in results if len(p) == 1}
    cases = {}
    for p, s in results:
        if len(p) == 2:
            cases[p] = s
    for p, s in results:
        if len(p) == 2:
            what = '%s.%s' % p
        elif len(p) == 3:
            print('  param %s.%s[%s]: %s' % (p + (s,)))
            if s == 'ok':
                continue        # listed, the case line carries the verdict
            what = '%s.%s[%s]' % p
        elif len(p) == 1:
            what = 'suite %s' % p[0]
        else:
            continue
        emit({'ok': 'PASS', 'fail': 'FAIL', 'skip': 'SKIP'}[s],
             what + (' (skipped by the test)' if s == 'skip' else ''))
    for s in a.suite:
        if s not in suites:
            emit('FAIL', 'suite %s reported a result (missing: module not loaded or crashed?)' % s)
    for c in a.case:
        if '.' in c:
            found = tuple(c.split('.', 1)) in cases
        else:
            found = any(p[1] == c for p in cases)
        if not found:
            emit('FAIL', 'case %s reported a result (missing from the KTAP)' % c)
    if not results:
        emit('FAIL', 'KTAP contains test results (none found)')
    n_ok = sum(1 for s in cases.values() if s == 'ok')
    print('\n'.join(out))
    print('ktap-check: %d suites, %d cases (%d ok), %d failures -> %s' %
          (len(suites), len(cases), n_ok, fails, 'PASS' if fails == 0 else 'FAIL'))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
