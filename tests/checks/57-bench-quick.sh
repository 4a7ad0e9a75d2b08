#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Smoke check of the benchmark (make bench QUICK=1 = tests/e2e/bench.sh): one round of
# Debian's in-tree mana.ko and ours on 6.1, TCP stream, TCP request/response and UDP
# send/receive phases, with the instruction-counting TCG plugin. Checks only that the
# figures are produced and plausible (packets counted, instructions per packet and device
# counts per packet in a wide sane range, user/kernel/module split present, the
# per-function profile adds up to the module counter, bring-up's HWC requests and the
# waits traced in the guest are there); no performance thresholds.
# About 2-3 min on an idle 2-core machine.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QUICK=1 BENCH_JSONL=$tmp/bench.jsonl
"$MANA_TOP/tests/e2e/bench.sh" 6.1 intree ours > "$tmp/out.txt" 2>&1
rc=$?
sed -n '/^summary for/,$p' "$tmp/out.txt"
[ $rc -eq 0 ] || { tail -n 20 "$tmp/out.txt"; }
while IFS= read -r line; do
	mana_result "$line"
done < <(python3 - "$BENCH_JSONL" <<'PY'
import json, sys
try:
    recs = [json.loads(l) for l in open(sys.argv[1])]
except OSError:
    recs = []
for d in ("intree", "ours"):
    r = next((x for x in recs if x["driver"] == d), None)
    if r is None:
        print("FAIL: bench %s: no figures (see the output above)" % d)
        continue
    bad = []
    for p in ("tcp1500", "tcp_rr", "udp_tx", "udp_rx"):
        if r.get(p + ".pkts", 0) < 1000:
            bad.append("%s: %s packets" % (p, r.get(p + ".pkts")))
        t = r.get(p + ".i_total")
        if t is None or not 500 < t < 500000:
            bad.append("%s: %s insn/pkt" % (p, t))
        if not r.get(p + ".i_kernel", 0) > 0 or not r.get(p + ".i_module", 0) > 0:
            bad.append("%s: no kernel/module split" % p)
        if not 0 < r.get(p + ".db", 0) < 20 or not 0 < r.get(p + ".cqe", 0) < 20:
            bad.append("%s: doorbells %s, CQEs %s per packet" % (p, r.get(p + ".db"), r.get(p + ".cqe")))
    if not 0 < r.get("probe_minsn", 0) < 100000:
        bad.append("probe: %s M insn" % r.get("probe_minsn"))
    # bring-up's HWC requests (model) and waits (the guest's kprobe trace): every
    # request of either driver waits on a completion
    if not 10 < r.get("probe.hwc", 0) < 1000 or not r.get("probe.wfc_n", 0) >= r.get("probe.hwc", 0) / 2:
        bad.append("probe: %s HWC requests, %s timed completions" % (r.get("probe.hwc"), r.get("probe.wfc_n")))
    # the per-function profile covers the module area: its sum is the module counter
    for p in ("tcp1500", "udp_tx"):
        prof, mod = r.get("prof." + p), r.get(p + ".i_module", 0)
        tot = sum(v[0] for v in prof.values()) if prof else 0
        if not prof or len(prof) < 5 or not mod or abs(tot - mod) > 0.02 * mod:
            bad.append("%s: profile %s functions, %.0f of %.0f module insn/pkt"
                       % (p, len(prof or {}), tot, mod))
    if bad:
        print("FAIL: bench %s: implausible figures: %s" % (d, "; ".join(bad)))
    else:
        print("PASS: bench %s: TCP %.0f, TCP RR %.0f per transaction, UDP send %.0f, UDP "
              "receive %.0f guest insn/pkt; TCP %.3f doorbells, %.3f interrupts per packet; "
              "profile: %d driver functions on UDP send; bring-up %.0f HWC requests, %.0f timed "
              "completions, %.0f grace periods" % (
                  d, r["tcp1500.i_total"], r["tcp_rr.i_total"], r["udp_tx.i_total"],
                  r.get("rx.i_total", 0), r["tcp1500.db"], r["tcp1500.irq"], len(r["prof.udp_tx"]),
                  r["probe.hwc"], r["probe.wfc_n"], r["probe.sync_n"]))
PY
)
mana_finish
