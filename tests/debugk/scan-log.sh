#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Look for debug-kernel reports in a guest's serial log (tests/debugk/guest-scan.sh put the
# kmemleak suspects and the whole kernel log between @@DEBUGK-LOG-BEGIN and -END).
#
# Usage: tests/debugk/scan-log.sh LABEL LOG
# Prints one PASS or FAIL line (FAIL names the first report of each kind and its count) and,
# on FAIL, the lines around the first reports. Exit 0 on PASS.
# A report is: KASAN, lockdep (circular/inconsistent/recursive locking, bad unlock balance,
# irq lock inversion, suspicious RCU usage), kmemleak suspects, DEBUG_OBJECTS (ODEBUG),
# any "BUG:" (sleeping in atomic context, scheduling while atomic, soft lockup, ...) or
# "WARNING:", an Oops, a general protection fault, list corruption, refcount_t, UBSAN,
# hung tasks, kmemleak switching itself off. A log without the BEGIN/END section fails too
# (the guest never got to its final scan).
# DEBUGK_ALLOW: an extended regexp of report lines to ignore (fault-injection runs: e.g.
# 'page allocation failure' is not matched anyway; use it only for a named, expected report).
set -uo pipefail
label=${1:?usage: scan-log.sh LABEL LOG}
log=${2:?usage: scan-log.sh LABEL LOG}
if [ ! -r "$log" ]; then
	echo "FAIL: $label: debug-kernel scan: no log $log"
	exit 1
fi
sec=$(mktemp)
trap 'rm -f "$sec"' EXIT
# the last complete section (a guest prints one); console lines may carry \r
tr -d '\r' < "$log" | awk '/@@DEBUGK-LOG-BEGIN/ {s = ""; on = 1} on {s = s $0 "\n"} /@@DEBUGK-LOG-END/ && on {last = s; on = 0} END {printf "%s", last}' > "$sec"
if ! grep -q '@@DEBUGK-LOG-END' "$sec"; then
	echo "FAIL: $label: debug-kernel scan: the guest never printed its final kmemleak scan and kernel log (see $log)"
	exit 1
fi
head=$(head -n1 "$sec")
# kind|pattern (extended regexp, matched on lines without the printk timestamp)
kinds='KASAN|BUG: KASAN|KASAN: 
lockdep|WARNING: (possible circular locking|inconsistent lock state|possible recursive locking|bad unlock balance|possible irq lock inversion|suspicious RCU usage|lock held when returning|held lock freed|.*lock order detected)|BUG: (held lock freed|MAX_LOCK|looking up invalid subclass|lock held)
kmemleak|^unreferenced object 0x|kmemleak: .*(disabled|Cannot allocate|out of memory)
DEBUG_OBJECTS|ODEBUG: 
BUG|(^|[^A-Z])BUG: |^kernel BUG at
WARNING|WARNING: |------------\[ cut here \]
Oops|Oops: |general protection fault|Kernel panic|UBSAN: |list_(add|del) corruption|refcount_t: |INFO: task .* blocked for more than|INFO: rcu_.* detected stall'
stripped=$(sed -e 's/^\[ *[0-9.]*\] //' -e 's/^<[0-9]*>//' "$sec" | sed '1d;$d')
if [ -n "${DEBUGK_ALLOW:-}" ]; then
	stripped=$(grep -Ev -- "$DEBUGK_ALLOW" <<< "$stripped")
fi
found='' first=''
while IFS='|' read -r kind pat; do
	n=$(grep -cE -- "$pat" <<< "$stripped")
	[ "$n" -gt 0 ] || continue
	l=$(grep -m1 -E -- "$pat" <<< "$stripped")
	found="$found${found:+; }$kind x$n: '$(cut -c1-100 <<< "$l")'"
	[ -n "$first" ] || first=$l
done <<< "$kinds"
if [ -z "$found" ]; then
	echo "PASS: $label: debug-kernel scan clean: no KASAN, lockdep, kmemleak, DEBUG_OBJECTS, BUG or WARNING report (${head#@@DEBUGK-LOG-BEGIN })"
	exit 0
fi
echo "FAIL: $label: debug-kernel reports: $found (log $log)"
grep -n -m1 -F -- "$first" <<< "$stripped" | cut -d: -f1 | while read -r at; do
	sed -n "$((at > 5 ? at - 5 : 1)),$((at + 40))p" <<< "$stripped" | sed 's/^/  | /'
done
exit 1
