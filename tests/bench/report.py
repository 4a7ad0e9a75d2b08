#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Figures of tests/e2e/bench.sh.

  report.py run WORKDIR KVER DRIVER JSONL   figures of one guest run (printed), one JSON
                                            record appended to JSONL; exit 1: no figures
  report.py summary JSONL [CEILING_PPS]     per kernel: median [min - max] spread of every
                                            figure per driver, and the ratio ours/in-tree
  report.py dpdk RAW JSONL SHORT=KVER...    testpmd figures of tests/dpdk/bench.sh (its raw
                                            lines) as records for the summary
  report.py profile JSONL [TOP]             per kernel and path: the driver's functions by
                                            instructions per packet, per driver side by side

A phase P of tests/e2e/guest/bench.sh leaves stats-P0/P1.json (the model's counters) and
icount-P0/P1.txt (guest instructions from tests/bench/plugin/insn-count.c) in WORKDIR.
Packets of a phase: tcp_rr = transactions (fixed count); TCP = frames through the model's switch (both directions, segments
after the model's TSO); udp_tx = frames vPort 0 sent; udp_rx/xdp_drop = frames vPort 1
received. Instructions per packet are the guest's (all vCPUs) over the phase; they do not
depend on how fast the host runs the guest. The receive cost is udp_rx - udp_tx.
xdp_tx = frames vPort 1 sent back (XDP_TX). ring/chan = ethtool -G/-L reconfigurations
under traffic, ifup = ip link set down/up of vPort 0 until a ping is answered: seconds,
guest instructions and HWC requests per reconfiguration. "@@WAIT" lines (the guest's kprobe
trace of msleep, usleep_range, RCU/net grace periods and timed completions, per caller)
give the waits of bring-up ("probe") and of each reconfiguration: how many and how long
they ask to sleep, figures that do not depend on the host's load.

prof-P0/P1.txt (the plugin's per-block profile of the module area) and the "@@KSYM" lines
(the guest's /proc/kallsyms for mana.ko) give instructions and calls per packet of each
driver function (calls = executions of the block at the function's entry).
"""
import bisect
import json
import os
import re
import statistics
import sys

PHASES = ("tcp1500", "tcp_rr", "tcp9000", "udp_tx", "udp_rx", "xdp_drop", "xdp_tx")
RECONF = ("ring", "chan", "ifup")
# kprobe'd functions of guest/bench.sh by kind of wait: fixed sleeps (t = ms or us asked
# for), grace periods, timed completions (the HWC's request/response waits among them)
WAIT_KINDS = {"msleep": ("msleep", "msleep_interruptible"), "usleep": ("usleep_range_state",),
              # the grace periods themselves (synchronize_net() waits in one of the first two)
              "sync": ("synchronize_rcu", "synchronize_rcu_expedited", "rcu_barrier"),
              # full ones, not expedited: a few timer ticks each
              "sync_full": ("synchronize_rcu", "rcu_barrier"),
              "wfc": ("wait_for_completion_timeout",), "napi_off": ("napi_disable",)}


def wait_figures(rec, p, waits, n):
    """per reconfiguration of phase p: calls of each kind of wait and the sleep asked for
    (ms; usleep_range in us turned to ms), from the @@WAIT lines"""
    w = waits.get(p)
    if w is None:
        return
    for kind, fns in WAIT_KINDS.items():
        rec["%s.%s_n" % (p, kind)] = sum(v[0] for (f, _), v in w.items() if f in fns) / n
    rec[p + ".sleep_ms"] = (sum(v[1] for (f, _), v in w.items() if f in WAIT_KINDS["msleep"]) +
                            sum(v[1] for (f, _), v in w.items() if f in WAIT_KINDS["usleep"]) / 1000.0) / n
    rec["wait." + p] = {"%s<-%s" % k: [v[0] / n, v[1] / n] for k, v in w.items()}


def print_waits(rec, p):
    w = rec.get("wait." + p)
    if not w:
        return
    mod = sorted(w.items(), key=lambda kv: (-kv[1][0], kv[0]))[:12]
    print("            waits: %.1f msleep (%.0f ms asked), %.1f usleep_range, %.1f grace periods (%.1f full), "
          "%.1f timed completions, %.1f napi_disable per reconfiguration%s"
          % (rec[p + ".msleep_n"], rec[p + ".sleep_ms"], rec[p + ".usleep_n"], rec[p + ".sync_n"],
             rec[p + ".sync_full_n"],
             rec[p + ".wfc_n"], rec[p + ".napi_off_n"], "; by caller:" if mod else ""))
    for k, v in mod:
        print("              %-56s %6.1f calls %7.1f (ms or us asked)" % (k, v[0], v[1]))
PROF_PHASES = ("tcp1500", "tcp_rr", "tcp9000", "udp_tx", "udp_rx", "xdp_drop", "xdp_tx")


def load_prof(path):
    """{(vaddr, n_insns): execs} of a profile snapshot, None when absent or cut short"""
    try:
        lines = open(path).read().split("\n")
    except OSError:
        return None
    if "end" not in lines:
        return None
    prof = {}
    for line in lines:
        f = line.split()
        if len(f) == 3 and f[0] != "spill":
            prof[(int(f[0], 16), int(f[1]))] = int(f[2])
    return prof


OUTSIDE = "(not mana.ko: BPF JIT, other modules)"


def phase_profile(w, p, syms, pkts, kmod=None):
    """{function: [insn per packet, calls per packet]} of the driver over phase p;
    kmod = (base, size) of mana.ko: blocks outside it are counted apart"""
    b, a = load_prof(os.path.join(w, "prof-%s0.txt" % p)), load_prof(os.path.join(w, "prof-%s1.txt" % p))
    if a is None or b is None or not syms:
        return None
    addrs = [x[0] for x in syms]
    out = {}
    for (va, n), execs in a.items():
        d = execs - b.get((va, n), 0)
        if d <= 0:
            continue
        i = bisect.bisect_right(addrs, va) - 1
        if i < 0 or (kmod and not kmod[0] <= va < kmod[0] + kmod[1]):
            i = -1
        name = syms[i][1] if i >= 0 else OUTSIDE
        e = out.setdefault(name, [0.0, 0.0])
        e[0] += d * n / pkts
        if i >= 0 and va == addrs[i]:
            e[1] += d / pkts
    return out


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
    if p == "tcp_rr":
        # per transaction (request and response): the count is fixed, not the frames
        pkts = int(bench.get("sent", 0) or 0)
    elif p.startswith("tcp"):
        pkts = d(lambda s: s["switch"]["frames"])
    elif p == "udp_tx":
        pkts = d(lambda s: s["vports"][0]["tx_packets"])
    elif p == "xdp_tx":
        pkts = d(lambda s: s["vports"][1]["tx_packets"])
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
    # frames the device found no announced RX buffer for (0 unless the RQ ran dry)
    r["rx_waited"] = d(lambda s: sum(v.get("rx_waited", 0) for v in s.get("vports", [])))
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
    bench, marks, syms, kmod, waits = {}, {}, [], None, {}
    for line in open(os.path.join(w, "results.log"), errors="replace"):
        m = re.search(r"@@WAIT phase=(\S+) fn=(\S+) caller=(\S+) n=(\d+) t=(\d+)", line)
        if m:
            e = waits.setdefault(m.group(1), {}).setdefault((m.group(2), m.group(3)), [0, 0])
            e[0] += int(m.group(4))
            e[1] += int(m.group(5))
        m = re.search(r"@@KMOD 0x([0-9a-f]+) (\d+)", line)
        if m:
            kmod = (int(m.group(1), 16), int(m.group(2)))
        m = re.search(r"@@KSYM ([0-9a-f]+) ([tT]) (\S+)", line)
        if m:
            syms.append((int(m.group(1), 16), m.group(3)))
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
    sb, sa = load_stats(os.path.join(w, "stats-boot.json")), load_stats(os.path.join(w, "stats-linkup.json"))
    if sa and sb:
        rec["probe.hwc"] = sa["hwc"]["requests"] - sb["hwc"]["requests"]
    print("  probe to link up      %8.2f s, %.1f M guest instructions (%.1f M in modules), %s HWC requests"
          % (rec.get("probe_to_linkup_s", 0), rec.get("probe_minsn", 0), rec.get("probe_minsn_module", 0),
             rec.get("probe.hwc", "?")))
    wait_figures(rec, "probe", waits, 1)
    print_waits(rec, "probe")
    syms.sort()
    ok = False
    for p in RECONF:
        if p not in bench:
            continue
        if bench[p].get("ok") != "1":
            print("  %-9s not run (%s)" % (p, " ".join("%s=%s" % kv for kv in bench[p].items())))
            continue
        n = int(bench[p].get("n", 1))
        # ring/chan: secs of both reconfigurations; ifup: already per cycle
        rec[p + ".secs"] = float(bench[p]["secs"]) / (1 if p == "ifup" else n)
        ib, ia = load_icount(os.path.join(w, "icount-%s0.txt" % p)), load_icount(os.path.join(w, "icount-%s1.txt" % p))
        if ia and ib:
            rec[p + ".minsn"] = sum(ia[k] - ib[k] for k in ia) / 1e6 / n
            rec[p + ".minsn_module"] = (ia["module"] - ib["module"]) / 1e6 / n
        sb, sa = load_stats(os.path.join(w, "stats-%s0.json" % p)), load_stats(os.path.join(w, "stats-%s1.json" % p))
        if sa and sb:
            rec[p + ".hwc"] = (sa["hwc"]["requests"] - sb["hwc"]["requests"]) / n
        if "carrier" in bench[p]:
            rec[p + ".carrier_s"] = float(bench[p]["carrier"])
        ok = True
        print("  %-9s %8.3f s per %s, %.1f M guest insn (%.1f M in modules), %.1f HWC requests"
              % (p, rec[p + ".secs"], "down/up until a ping answers (carrier after %.3f s)"
                 % rec[p + ".carrier_s"] if p == "ifup" else "reconfiguration under traffic",
                 rec.get(p + ".minsn", 0), rec.get(p + ".minsn_module", 0), rec.get(p + ".hwc", -1)))
        wait_figures(rec, p, waits, n)
        print_waits(rec, p)
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
        prof = phase_profile(w, p, syms, f["pkts"], kmod) if p in PROF_PHASES else None
        if prof:
            rec["prof." + p] = prof
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
        if "prof.udp_rx" in rec and "prof.udp_tx" in rec:
            rx, tx = rec["prof.udp_rx"], rec["prof.udp_tx"]
            rec["prof.rx"] = {k: [rx.get(k, [0, 0])[0] - tx.get(k, [0, 0])[0],
                                  rx.get(k, [0, 0])[1] - tx.get(k, [0, 0])[1]]
                              for k in set(rx) | set(tx)}
    with open(jsonl, "a") as fh:
        fh.write(json.dumps(rec) + "\n")
    return 0 if ok else 1


ROWS = [
    ("load-independent: the same within ~1 % at any host load (compare drivers on these)", None, None),
    ("tcp_rr.i_module", "TCP RR: driver insn/transaction", "%.0f"),
    ("udp_tx.send_once", "UDP send: driver insn, once/dgram", "%.0f"),
    ("tcp_rr.db", "TCP RR: doorbells/transaction", "%.3f"),
    ("tcp_rr.db_rq", "  RQ doorbells/transaction", "%.3f"),
    ("tcp_rr.irq", "  interrupts/transaction", "%.3f"),
    ("tcp_rr.rx_waited", "  frames without an RX buffer", "%.0f"),
    ("probe_minsn", "probe to link up (M insn)", "%.1f"),
    ("guest instructions per packet (interrupt batching follows the host's speed: read with the spread)",
     None, None),
    ("tcp1500.i_total", "TCP 1500: insn/pkt", "%.0f"),
    ("tcp1500.i_kernel", "  kernel", "%.0f"),
    ("tcp1500.i_module", "  modules (driver)", "%.0f"),
    ("tcp1500.i_user", "  user", "%.0f"),
    ("tcp_rr.i_total", "TCP RR: insn/transaction", "%.0f"),
    ("tcp_rr.i_kernel", "  kernel", "%.0f"),
    ("tcp9000.i_total", "TCP 9000: insn/pkt", "%.0f"),
    ("tcp9000.i_module", "  modules (driver)", "%.0f"),
    ("udp_tx.i_total", "UDP send: insn/pkt", "%.0f"),
    ("udp_tx.i_module", "  modules (driver)", "%.0f"),
    ("rx.i_total", "UDP receive: insn/pkt", "%.0f"),
    ("rx.i_module", "  modules (driver)", "%.0f"),
    ("xdp_drop.i_total", "XDP_DROP send+recv", "%.0f"),
    ("xdp_drop.i_module", "  modules (driver)", "%.0f"),
    ("xdp_tx.i_total", "XDP_TX send+bounce+recv", "%.0f"),
    ("xdp_tx.i_module", "  modules (driver)", "%.0f"),
    ("bring-up and reconfiguration, per reconfiguration (waits: kprobe counts; load-independent"
     " but for the M insn of ring/chan, which include the traffic beside them)", None, None),
    ("probe.hwc", "bring-up: HWC requests", "%.0f"),
    ("probe.msleep_n", "  msleep calls", "%.1f"),
    ("probe.sleep_ms", "  sleep asked (ms)", "%.0f"),
    ("probe.sync_n", "  RCU grace periods", "%.1f"),
    ("probe.sync_full_n", "    of which full (not expedited)", "%.1f"),
    ("probe.wfc_n", "  timed completions", "%.1f"),
    ("ifup.minsn", "ip link set down + up (M insn)", "%.1f"),
    ("ifup.minsn_module", "  modules (driver)", "%.2f"),
    ("ifup.hwc", "  HWC requests", "%.1f"),
    ("ifup.msleep_n", "  msleep calls", "%.1f"),
    ("ifup.sleep_ms", "  sleep asked (ms)", "%.0f"),
    ("ifup.sync_n", "  RCU grace periods", "%.1f"),
    ("ifup.sync_full_n", "    of which full (not expedited)", "%.1f"),
    ("ifup.wfc_n", "  timed completions", "%.1f"),
    ("ring.minsn", "ethtool -G under traffic (M)", "%.1f"),
    ("ring.minsn_module", "  modules (driver)", "%.2f"),
    ("ring.hwc", "  HWC requests", "%.1f"),
    ("ring.msleep_n", "  msleep calls", "%.1f"),
    ("ring.sleep_ms", "  sleep asked (ms)", "%.0f"),
    ("ring.sync_n", "  RCU grace periods", "%.1f"),
    ("ring.sync_full_n", "    of which full (not expedited)", "%.1f"),
    ("ring.wfc_n", "  timed completions", "%.1f"),
    ("chan.minsn", "ethtool -L under traffic (M)", "%.1f"),
    ("chan.minsn_module", "  modules (driver)", "%.2f"),
    ("chan.hwc", "  HWC requests", "%.1f"),
    ("chan.msleep_n", "  msleep calls", "%.1f"),
    ("chan.sleep_ms", "  sleep asked (ms)", "%.0f"),
    ("chan.sync_n", "  RCU grace periods", "%.1f"),
    ("chan.sync_full_n", "    of which full (not expedited)", "%.1f"),
    ("chan.wfc_n", "  timed completions", "%.1f"),
    ("device work per packet (model counters; batching-dependent like the instructions above)",
     None, None),
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
    ("udp_rx.db_rq", "  RQ doorbells/pkt", "%.3f"),
    ("udp_rx.irq", "  interrupts/pkt", "%.3f"),
    ("udp_rx.rx_waited", "  frames without an RX buffer", "%.0f"),
    ("xdp_drop.db", "XDP_DROP: doorbells/pkt", "%.3f"),
    ("xdp_tx.db", "XDP_TX: doorbells/pkt", "%.3f"),
    ("xdp_tx.irq", "  interrupts/pkt", "%.3f"),
    ("rates (host clock, depend on host load)", None, None),
    ("tcp1500.pps", "TCP 1500: packets/s", "%.0f"),
    ("tcp_rr.pps", "TCP RR: transactions/s", "%.0f"),
    ("tcp9000.pps", "TCP 9000: packets/s", "%.0f"),
    ("udp_tx.pps", "UDP send: packets/s", "%.0f"),
    ("udp_rx.pps", "UDP send+recv: packets/s", "%.0f"),
    ("xdp_drop.pps", "XDP_DROP: packets/s", "%.0f"),
    ("xdp_tx.pps", "XDP_TX: packets bounced/s", "%.0f"),
    ("tcp1500.ceil", "TCP 1500: % of model ceiling", "%.2f"),
    ("udp_rx.ceil", "UDP s+r: % of model ceiling", "%.2f"),
    ("xdp_drop.ceil", "XDP_DROP: % of model ceiling", "%.2f"),
    ("probe_to_linkup_s", "probe to link up (s)", "%.2f"),
    ("boot_to_linkup_s", "boot to link up (s)", "%.2f"),
    ("ifup.carrier_s", "ifup to carrier (s)", "%.3f"),
    ("ifup.secs", "ifup to ping answered (s)", "%.3f"),
    ("ring.secs", "ethtool -G under traffic (s)", "%.3f"),
    ("chan.secs", "ethtool -L under traffic (s)", "%.3f"),
    ("testpmd (tests/dpdk/bench.sh, host clock)", None, None),
    ("dpdk.txonly.pps", "testpmd txonly: packets/s", "%.0f"),
    ("dpdk.txonly.db", "  doorbells/pkt", "%.4f"),
    ("dpdk.txonly.irq", "  interrupts/pkt", "%.4f"),
    ("dpdk.fwd.pps", "testpmd macswap: fwd pkts/s", "%.0f"),
    ("dpdk.fwd.db", "  doorbells/pkt", "%.4f"),
    ("dpdk.fwd.irq", "  interrupts/pkt", "%.4f"),
]


def cmd_summary(jsonl, ceiling=None):
    recs = [json.loads(x) for x in open(jsonl)]
    for r in recs:
        # the send path's fixed cost: one call of every driver function that
        # runs for each datagram sent (calls/pkt >= 0.98; the completion path
        # runs per interrupt and is left out)
        prof = r.get("prof.udp_tx")
        if prof:
            r["udp_tx.send_once"] = sum(ins / calls for ins, calls in prof.values() if calls >= 0.98)
    if ceiling:
        # each rate also as a fraction of the model's switch alone (switch-ceiling.py)
        for r in recs:
            for k in [k for k in r if k.endswith(".pps")]:
                r[k[:-4] + ".ceil"] = 100.0 * r[k] / float(ceiling)
    for kver in sorted({r["kver"] for r in recs}):
        rs = [r for r in recs if r["kver"] == kver]
        drivers = sorted({r["driver"] for r in rs}, key=lambda d: (d != "intree", d))
        print("summary for %s: median [min - max] spread (max - min)/median of %s" % (kver, ", ".join(
            "%d %s run(s)" % (sum(r["driver"] == d and "kind" not in r for r in rs), d) for d in drivers)))
        width = 30
        head = "  %-30s" % "" + "".join("%*s" % (width, d) for d in drivers)
        # one ratio column per driver against the first (in-tree when it ran)
        for d in drivers[1:]:
            head += "%20s" % ("%s/%s" % (d, drivers[0]))
        print(head)
        head_pending = None
        for k, name, fmt in ROWS:
            if fmt is None:
                # a section's title only above a row of figures
                head_pending = k
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
            if head_pending:
                print("  -- %s" % head_pending)
                head_pending = None
            ratio = ""
            for m in meds[1:]:
                ratio += "%20.3f" % (m / meds[0]) if meds[0] and m is not None else "%20s" % "-"
            print("  %-30s" % name + "".join("%*s" % (width, c) for c in cells) + ratio)
    return 0


def cmd_dpdk(raw, jsonl, *kvers):
    """one record per testpmd round of tests/dpdk/bench.sh's raw lines (conf=K:D mode=...)"""
    full = dict(x.split("=", 1) for x in kvers)
    n = 0
    with open(jsonl, "a") as fh:
        for line in open(raw):
            kv = dict(x.split("=", 1) for x in line.split() if "=" in x)
            try:
                k, d = kv["conf"].split(":")
                pkts, cs = int(kv["pkts"]), int(kv["cs"])
                m = "dpdk." + kv["mode"]
                rec = {"kver": full.get(k, k), "driver": d, "kind": "dpdk",
                       m + ".pps": pkts * 100.0 / max(cs, 1),
                       m + ".db": int(kv["db"]) / max(pkts, 1),
                       m + ".irq": int(kv["irq"]) / max(pkts, 1)}
            except (KeyError, ValueError):
                continue
            fh.write(json.dumps(rec) + "\n")
            n += 1
    return 0 if n else 1


def cmd_profile(jsonl, top=12):
    """per kernel and path: the driver's top functions per driver (medians over runs)"""
    recs = [json.loads(x) for x in open(jsonl)]
    top = int(top)
    for kver in sorted({r["kver"] for r in recs}):
        rs = [r for r in recs if r["kver"] == kver]
        drivers = sorted({r["driver"] for r in rs}, key=lambda d: (d != "intree", d))
        for p, what in (("tcp1500", "TCP 1500, per frame"), ("tcp_rr", "TCP RR, per transaction"), ("tcp9000", "TCP 9000, per frame"),
                        ("udp_tx", "UDP send, per datagram"), ("rx", "UDP receive (udp_rx - udp_tx), per datagram"),
                        ("xdp_drop", "send + XDP_DROP, per datagram"), ("xdp_tx", "XDP_TX, per frame bounced")):
            cols = []
            for d in drivers:
                profs = [r["prof." + p] for r in rs if r["driver"] == d and "prof." + p in r]
                if not profs:
                    continue
                names = set().union(*profs)
                med = {n: (statistics.median([q.get(n, [0, 0])[0] for q in profs]),
                           statistics.median([q.get(n, [0, 0])[1] for q in profs])) for n in names}
                tot = sum(v[0] for v in med.values())
                rows = sorted(med.items(), key=lambda kv: -kv[1][0])[:top]
                cols.append((d, len(profs), tot, rows))
            if not cols:
                continue
            print("profile %s, %s: driver instructions per packet by function (median of runs; "
                  "calls/pkt, insn/call)" % (kver, what))
            print("  " + "".join("%-58s" % ("%s (%d run(s)): %.0f insn/pkt in the module" % (d, n, t))
                                 for d, n, t, _ in cols))
            for i in range(top):
                line = ""
                for _, _, _, rows in cols:
                    if i < len(rows):
                        name, (ins, calls) = rows[i]
                        cell = "%-32s %6.0f %6.3f %6s" % (name[:32], ins, calls,
                                                          "%.0f" % (ins / calls) if calls > 0.0005 else "-")
                    else:
                        cell = ""
                    line += "%-58s" % cell
                print("  " + line.rstrip())
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "dpdk":
        sys.exit(cmd_dpdk(*sys.argv[2:]))
    if len(sys.argv) in (3, 4) and sys.argv[1] == "profile":
        sys.exit(cmd_profile(*sys.argv[2:]))
    if len(sys.argv) == 6 and sys.argv[1] == "run":
        sys.exit(cmd_run(*sys.argv[2:]))
    if len(sys.argv) in (3, 4) and sys.argv[1] == "summary":
        sys.exit(cmd_summary(*sys.argv[2:]))
    sys.exit(__doc__)
