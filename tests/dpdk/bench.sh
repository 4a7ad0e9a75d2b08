#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Figures (a benchmark, not a test): DPDK's testpmd (Debian trixie 24.11, net/mana) on the
# software MANA device through our mana_ib and through the kernel's own, in one run.
# Each configuration boots once (tests/dpdk/run.sh with DPDK_BENCH=N, no servicing cycles)
# and measures N rounds inside that boot (see tests/dpdk/guest.sh, DPDK_BENCH):
#   txonly  testpmd txonly for 3 s to a MAC no vPort has: packets/s the PMD sends, the
#           model's doorbells and interrupts per packet (the PMD's own send path)
#   fwd     testpmd macswap of 4000 64-byte UDP datagrams (8 flows) that vPort 1's kernel
#           netdev sends from a namespace, timed until all came back out of vPort 0:
#           forwarded packets/s, doorbells and interrupts per packet of the whole path
#           (the kernel sender and receiver included)
# Then a table: per figure and configuration the median, [min - max], the spread
# (max - min) / median, and the ratio of each median to the first configuration's.
#
# Usage: tests/dpdk/bench.sh [KVER:DRIVER ...]        (make dpdk-bench)
#   default: 6.12:intree 6.12:ours 6.1:ours 7.3:intree; DPDK_BENCH_ROUNDS=N (default 3);
#   QUICK=1: 6.12:intree 6.12:ours 6.1:ours only; DPDK_BENCH_RAW=FILE: the table of an
#   earlier run's raw lines, nothing booted.
# The model runs on TCG on a shared 2-core host: it bounds every figure (a real MANA
# function is orders of magnitude faster); compare configurations, not absolute numbers.
# Raw lines: $MANA_CACHE/dpdk/bench/<date>.txt.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
rounds=${DPDK_BENCH_ROUNDS:-3}
confs=("$@")
if [ ${#confs[@]} -eq 0 ]; then
	confs=(6.12:intree 6.12:ours 6.1:ours)
	[ "${QUICK:-0}" = 1 ] || confs+=(7.3:intree)
fi
out=$MANA_CACHE/dpdk/bench/$(date +%Y%m%d-%H%M%S).txt
mkdir -p "$(dirname "$out")"
# DPDK_BENCH_RAW=FILE: only the table, from the raw lines of an earlier run
if [ -n "${DPDK_BENCH_RAW:-}" ]; then
	out=$DPDK_BENCH_RAW
	[ $# -gt 0 ] || mapfile -t confs < <(sed -n 's/^conf=\([^ ]*\).*/\1/p' "$out" | awk '!seen[$0]++')
	confs_run=()
else
	confs_run=("${confs[@]}")
fi
for c in "${confs_run[@]}"; do
	k=${c%%:*} d=${c#*:}
	t0=$(date +%s)
	log=$(DPDK_SERVICE=0 DPDK_BENCH=$rounds timeout 900 "$MANA_TOP/tests/dpdk/run.sh" "$k" "$d" 2>&1)
	n=$(grep -c '^BENCH ' <<< "$log")
	echo "$c: $n figure lines, $(grep -E '^[0-9]+ passed' <<< "$log"), $(($(date +%s) - t0)) s"
	[ "$n" -gt 0 ] || { grep -E '^(FAIL|logs)' <<< "$log" | head -n 5; continue; }
	grep '^BENCH ' <<< "$log" | sed "s/^BENCH /conf=$c /" >> "$out"
done
[ -s "$out" ] || mana_die "no figures (every configuration failed)"
echo "raw: $out"
python3 - "$out" "${confs[@]}" <<'PY'
import statistics, sys
rows = [dict(kv.split("=", 1) for kv in l.split()) for l in open(sys.argv[1])]
confs = [c for c in sys.argv[2:] if any(r["conf"] == c for r in rows)]
figs = []
for mode in ("txonly", "fwd"):
    figs += [(mode, "pps", lambda r: int(r["pkts"]) * 100.0 / max(int(r["cs"]), 1)),
             (mode, "doorbells/pkt", lambda r: int(r["db"]) / max(int(r["pkts"]), 1)),
             (mode, "interrupts/pkt", lambda r: int(r["irq"]) / max(int(r["pkts"]), 1))]
print("%-7s %-15s %-12s %10s %23s %7s %6s" % ("mode", "figure", "config", "median",
                                             "[min - max]", "spread", "ratio"))
for mode, name, f in figs:
    base = None
    for c in confs:
        v = [f(r) for r in rows if r["conf"] == c and r["mode"] == mode]
        if not v:
            continue
        med = statistics.median(v)
        base = med if base is None else base
        fmt = "%10.0f" if name == "pps" else "%10.4f"
        rng = ("[%.0f - %.0f]" if name == "pps" else "[%.4f - %.4f]") % (min(v), max(v))
        print("%-7s %-15s %-12s " % (mode, name, c) + fmt % med + " %23s %6.0f%% %6s" % (
            rng, 100.0 * (max(v) - min(v)) / med if med else 0,
            "%.2f" % (med / base) if base else "-"))
print("rounds per configuration: %s" % ", ".join(
    "%s %d" % (c, sum(1 for r in rows if r["conf"] == c and r["mode"] == "txonly")) for c in confs))
PY
