#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Figures of tests/e2e/bench.sh.

  report.py run WORKDIR KVER DRIVER JSONL   figures of one guest run (printed), one JSON
                                            record appended to JSONL; exit 1: no figures
  report.py summary JSONL [CEILING_PPS]     per kernel: median [min - max] spread of every
                                            figure per driver, and the ratio ours/in-tree

A phase P of tests/e2e/guest/bench.sh leaves stats-P0/P1.json (the model's counters) and
icount-P0/P1.txt (guest instructions from tests/bench/plugin/insn-count.c) in WORKDIR.
Packets of a phase: TCP = frames through the model's switch (both directions, segments
after the model's TSO); udp_tx = frames vPort 0 sent; udp_rx/xdp_drop = frames vPort 1
received. Instructions per packet are the guest's (all vCPUs) over the phase; they do not
depend on how fast the host runs the guest. The receive cost is udp_rx - udp_tx.
"""
import json
import os
import re
import statistics
import sys

PHASES = ("tcp1500", "tcp9000", "udp_tx", "udp_rx", "xdp_drop")


def load_icount(path):
    try:
        line = open(path).read().strip()
    except OSError:
        return None
    if not line.startswith("vcpus="):
        return None
    kv = dict(x.split("=", 1) for x in line.split())
    return {k: int(kv[k]) for k in ("user", "kernel", "module")}


def load_stats(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None


def queue_counts(st):
    """per-queue packet counts of vPort 0 TX and vPort 1 RX (RSS spread)"""
    v = st.get("vports", [])
    tx = v[0].get("tx_queue_packets", []) if v else []
    rx = v[1].get("rx_queue_packets", []) if len(v) > 1 else []
    return tx, rx


def phase_figures(w, p, bench):
    b, a = load_stats(os.path.join(w, "stats-%s0.json" % p)), load_stats(os.path.join(w, "stats-%s1.json" % p))
    ib, ia = load_icount(os.path.join(w, "icount-%s0.txt" % p)), load_icount(os.path.join(w, "icount-%s1.txt" % p))
    if not (a and b):
        return None
    d = lambda f: f(a) - f(b)
    if p.startswith("tcp"):
        pkts = d(lambda s: s["switch"]["frames"])
    elif p == "udp_tx":
        pkts = d(lambda s: s["vports"][0]["tx_packets"])
    else:
        pkts = d(lambda s: s["vports"][1]["rx_packets"])
    if pkts <= 0:
        return None
    r = {"pkts": pkts, "secs": float(bench.get("secs", 0) or 0)}
    if r["secs"] > 0:
        r["pps"] = pkts / r["secs"]
    r["db"] = d(lambda s: s["doorbells"]["total"]) / pkts
    for q in ("sq", "rq", "cq", "eq"):
        r["db_" + q] = d(lambda s: s["doorbells"][q]) / pkts
    r["irq"] = d(lambda s: s["interrupts"]["total"]) / pkts
    r["cqe"] = d(lambda s: s["cqes"]) / pkts
    r["eqe"] = d(lambda s: s["eqes"]) / pkts
    r["hwc"] = d(lambda s: s["hwc"]["requests"]) / pkts
    txa, rxa = queue_counts(a)
    txb, rxb = queue_counts(b)
    r["txq"] = [x - y for x, y in zip(txa, txb)] if len(txa) == len(txb) else txa
    r["rxq"] = [x - y for x, y in zip(rxa, rxb)] if len(rxa) == len(rxb) else rxa
    if ia and ib:
        for k in ("user", "kernel", "module"):
            r["i_" + k] = (ia[k] - ib[k]) / pkts
        r["i_total"] = r["i_user"] + r["i_kernel"] + r["i_module"]
    return r


def cmd_run(w, kver, driver, jsonl):
    bench, marks = {}, {}
    for line in open(os.path.join(w, "results.log"), errors="replace"):
        m = re.search(r"@@BENCH (.*)", line)
        if m:
            kv = dict(x.split("=", 1) for x in m.group(1).split() if "=" in x)
            bench[kv.get("phase", "?")] = kv
        m = re.match(r"MARK (\S+) uptime=([\d.]+) host=([\d.]+)", line)
        if m:
            marks[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    rec = {"kver": kver, "driver": driver}
    print("kernel %s, driver %s" % (kver, driver))
    if "linkup" not in marks:
        print("  no figures: the vPorts never came up (probe or link failed)")
        return 1
    rec["boot_to_linkup_s"] = marks["linkup"][1]
    if "modprobe" in marks:
        rec["probe_to_linkup_s"] = marks["linkup"][0] - marks["modprobe"][0]
    ib, ia = load_icount(os.path.join(w, "icount-boot.txt")), load_icount(os.path.join(w, "icount-linkup.txt"))
    if ia and ib:
        rec["probe_minsn"] = sum(ia[k] - ib[k] for k in ia) / 1e6
        rec["probe_minsn_module"] = (ia["module"] - ib["module"]) / 1e6
    print("  probe to link up      %8.2f s, %.1f M guest instructions (%.1f M in modules)"
          % (rec.get("probe_to_linkup_s", 0), rec.get("probe_minsn", 0), rec.get("probe_minsn_module", 0)))
    ok = False
    for p in PHASES:
        if p not in bench:
            continue
        if bench[p].get("ok") != "1":
            print("  %-9s failed (%s)" % (p, " ".join("%s=%s" % kv for kv in bench[p].items())))
            continue
        f = phase_figures(w, p, bench[p])
        if not f:
            print("  %-9s no model counters" % p)
            continue
        ok = True
        for k, v in f.items():
            rec["%s.%s" % (p, k)] = v
        ins = ("%7.0f insn/pkt (user %.0f, kernel %.0f, modules %.0f)"
               % (f["i_total"], f["i_user"], f["i_kernel"], f["i_module"])) if "i_total" in f else "no insn counts"
        print("  %-9s %7d pkts %9.0f pkt/s  %s; per pkt: doorbells %.3f, irqs %.3f, CQEs %.3f, HWC %.4f"
              % (p, f["pkts"], f.get("pps", 0), ins, f["db"], f["irq"], f["cqe"], f["hwc"]))
        if p != "tcp1500" and len([x for x in f["rxq"] if x]) > 1 or len([x for x in f["txq"] if x]) > 1:
            print("            per queue: vPort 0 TX %s, vPort 1 RX %s" % (f["txq"], f["rxq"]))
    if "udp_rx.i_total" in rec and "udp_tx.i_total" in rec:
        for k in ("total", "kernel", "module"):
            rec["rx.i_" + k] = rec["udp_rx.i_" + k] - rec["udp_tx.i_" + k]
        print("  receive alone         %7.0f insn/pkt (kernel %.0f, modules %.0f) = udp_rx - udp_tx"
              % (rec["rx.i_total"], rec["rx.i_kernel"], rec["rx.i_module"]))
    with open(jsonl, "a") as fh:
        fh.write(json.dumps(rec) + "\n")
    return 0 if ok else 1


ROWS = [
    ("guest instructions per packet (load-independent)", None, None),
    ("tcp1500.i_total", "TCP 1500: insn/pkt", "%.0f"),
    ("tcp1500.i_kernel", "  kernel", "%.0f"),
    ("tcp1500.i_module", "  modules (driver)", "%.0f"),
    ("tcp1500.i_user", "  user", "%.0f"),
    ("tcp9000.i_total", "TCP 9000: insn/pkt", "%.0f"),
    ("tcp9000.i_module", "  modules (driver)", "%.0f"),
    ("udp_tx.i_total", "UDP send: insn/pkt", "%.0f"),
    ("udp_tx.i_module", "  modules (driver)", "%.0f"),
    ("rx.i_total", "UDP receive: insn/pkt", "%.0f"),
    ("rx.i_module", "  modules (driver)", "%.0f"),
    ("xdp_drop.i_total", "XDP_DROP send+recv", "%.0f"),
    ("xdp_drop.i_module", "  modules (driver)", "%.0f"),
    ("probe_minsn", "probe to link up (M insn)", "%.1f"),
    ("device work per packet (model counters, load-independent)", None, None),
    ("tcp1500.db", "TCP 1500: doorbells/pkt", "%.3f"),
    ("tcp1500.db_cq", "  CQ doorbells/pkt", "%.3f"),
    ("tcp1500.irq", "  interrupts/pkt", "%.3f"),
    ("tcp1500.cqe", "  CQEs/pkt", "%.3f"),
    ("tcp1500.hwc", "  HWC requests/pkt", "%.4f"),
    ("tcp9000.db", "TCP 9000: doorbells/pkt", "%.3f"),
    ("tcp9000.irq", "  interrupts/pkt", "%.3f"),
    ("udp_tx.db", "UDP send: doorbells/pkt", "%.3f"),
    ("udp_tx.irq", "  interrupts/pkt", "%.3f"),
    ("udp_rx.db", "UDP send+recv: doorbells/pkt", "%.3f"),
    ("udp_rx.irq", "  interrupts/pkt", "%.3f"),
    ("xdp_drop.db", "XDP_DROP: doorbells/pkt", "%.3f"),
    ("rates (host clock, depend on host load)", None, None),
    ("tcp1500.pps", "TCP 1500: packets/s", "%.0f"),
    ("tcp9000.pps", "TCP 9000: packets/s", "%.0f"),
    ("udp_tx.pps", "UDP send: packets/s", "%.0f"),
    ("udp_rx.pps", "UDP send+recv: packets/s", "%.0f"),
    ("xdp_drop.pps", "XDP_DROP: packets/s", "%.0f"),
    ("tcp1500.ceil", "TCP 1500: % of model ceiling", "%.2f"),
    ("udp_rx.ceil", "UDP s+r: % of model ceiling", "%.2f"),
    ("xdp_drop.ceil", "XDP_DROP: % of model ceiling", "%.2f"),
    ("probe_to_linkup_s", "probe to link up (s)", "%.2f"),
    ("boot_to_linkup_s", "boot to link up (s)", "%.2f"),
]


def cmd_summary(jsonl, ceiling=None):
    recs = [json.loads(x) for x in open(jsonl)]
    if ceiling:
        # each rate also as a fraction of the model's switch alone (switch-ceiling.py)
        for r in recs:
            for k in [k for k in r if k.endswith(".pps")]:
                r[k[:-4] + ".ceil"] = 100.0 * r[k] / float(ceiling)
    for kver in sorted({r["kver"] for r in recs}):
        rs = [r for r in recs if r["kver"] == kver]
        drivers = sorted({r["driver"] for r in rs}, key=lambda d: (d != "intree", d))
        print("summary for %s: median [min - max] spread (max - min)/median of %s" % (kver, ", ".join(
            "%d %s run(s)" % (sum(r["driver"] == d for r in rs), d) for d in drivers)))
        width = 30
        head = "  %-30s" % "" + "".join("%*s" % (width, d) for d in drivers)
        if len(drivers) == 2:
            head += "%14s" % ("%s/%s" % (drivers[1], drivers[0]))
        print(head)
        for k, name, fmt in ROWS:
            if fmt is None:
                print("  -- %s" % k)
                continue
            cells, meds = [], []
            for d in drivers:
                v = [r[k] for r in rs if r["driver"] == d and k in r]
                if not v:
                    cells.append("-")
                    meds.append(None)
                    continue
                med = statistics.median(v)
                meds.append(med)
                cell = fmt % med
                if len(v) > 1:
                    cell += " [%s-%s]" % (fmt % min(v), fmt % max(v))
                    if med:
                        cell += " %.1f%%" % (100.0 * (max(v) - min(v)) / abs(med))
                cells.append(cell)
            if all(c == "-" for c in cells):
                continue
            ratio = ""
            if len(drivers) == 2 and meds[0] and meds[1] is not None:
                ratio = "%14.3f" % (meds[1] / meds[0])
            print("  %-30s" % name + "".join("%*s" % (width, c) for c in cells) + ratio)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "run":
        sys.exit(cmd_run(*sys.argv[2:]))
    if len(sys.argv) in (3, 4) and sys.argv[1] == "summary":
        sys.exit(cmd_summary(*sys.argv[2:]))
    sys.exit(__doc__)
