#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Figures (a benchmark, not a test): boots the guest on the device model and measures
#   - boot to link up: QEMU start -> both vPorts have carrier (host clock), and the
#     driver's probe time (modprobe -> netdevs registered, guest clock)
#   - packets/s and bytes/s through the model for a fixed TCP transfer (E2E_XFER_MB,
#     default 50 MiB, vPort 0 -> vPort 1 in two namespaces), counted by the model's switch
#   - doorbells per packet and interrupts per packet (model counters over the transfer)
#
# Usage: tests/e2e/bench.sh [KVER [DRIVER...]]      (make bench)
#   KVER defaults to 6.1 (or make's KVER; the running kernel only if it is a Debian image);
#   DRIVER defaults to "intree ours": the in-tree baseline, then our mana.ko. A driver that
#   cannot bring the vPorts up is reported as such, with no figures.
# Figures are printed and saved to $MANA_CACHE/e2e/bench/<kver>-<driver>.txt.
# E2E_BENCH_RUNS=N rounds (default 3); a round boots each driver once, back to back, so
# that host load changes hit every driver alike. A table follows: per figure and driver
# the median, [min - max] and the spread (max - min) / median, doorbells per packet also
# by queue type, and with two drivers the ratio of the medians (second / first).
# E2E_XFER_MB sets the transfer size. A run that fails is reported with its logs and left
# out of the table; the exit status is 1 when an in-tree run failed.
# TCG on a shared 2-core host: expect run-to-run spread of 20-30 % (more under load): read
# the spread column before comparing medians. Run it under the machine's VM lock:
#   flock /var/cache/mana-backport/locks/vm-run.lock make bench
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

kver_arg=$(e2e_pick_kver "${1:-${KVER:-}}")
shift || true
drivers=("$@")
[ ${#drivers[@]} -gt 0 ] || drivers=(intree ours)
xfer_mb=${E2E_XFER_MB:-50}

e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
e2e_kernel "$kver_arg"
model=$(e2e_model) || mana_die "the device model does not build (make -C tests/model)"
mkdir -p "$E2E_CACHE/bench" "$E2E_CACHE/runs"

figures() { # WORKDIR DRIVER JSONL: print the figures of one run, append them to JSONL
	python3 - "$1" "$2" "$KVER" "$xfer_mb" "$3" <<'PY'
import json, os, re, sys
w, driver, kver, mb, jsonl = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
rec = {"driver": driver}
marks, bench = {}, {}
for line in open(os.path.join(w, "results.log"), errors="replace"):
    m = re.match(r"MARK (\S+) uptime=([\d.]+) host=([\d.]+)", line)
    if m:
        marks[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    m = re.search(r"@@BENCH (.*)", line)
    if m:
        bench = dict(kv.split("=", 1) for kv in m.group(1).split())
def stats(tag):
    try:
        return json.load(open(os.path.join(w, "stats-%s.json" % tag)))
    except (OSError, ValueError):
        return None
print("kernel %s, driver %s, transfer %d MiB TCP vPort 0 -> vPort 1" % (kver, driver, mb))
if "linkup" not in marks or bench.get("ok") != "1":
    print("  no figures: %s" % ("the vPorts never came up (probe or link failed)"
                                 if "linkup" not in marks else "the transfer failed"))
    sys.exit(1)
print("  boot to link up        %7.2f s   (QEMU start -> carrier on both vPorts; guest uptime %.2f s)"
      % (marks["linkup"][1], marks["linkup"][0]))
rec["boot_to_linkup_s"] = marks["linkup"][1]
if "userspace" in marks:
    print("  kernel boot            %7.2f s   (QEMU start -> guest user space; guest uptime %.2f s)"
          % (marks["userspace"][1], marks["userspace"][0]))
if "modprobe" in marks and "probed" in marks:
    print("  driver probe           %7.2f s   (modprobe -> both netdevs registered)"
          % (marks["probed"][0] - marks["modprobe"][0]))
    rec["probe_s"] = marks["probed"][0] - marks["modprobe"][0]
if "userspace" in marks:
    rec["userspace_to_linkup_s"] = marks["linkup"][0] - marks["userspace"][0]
    print("  link up                %7.2f s   (netdevs registered -> carrier on both)"
          % (marks["linkup"][0] - marks["probed"][0]))
secs = float(bench["secs"])
b, a = stats("before"), stats("after")
if a and b:
    frames = a["switch"]["frames"] - b["switch"]["frames"]
    wire = sum(v["rx_bytes"] for v in a["vports"]) - sum(v["rx_bytes"] for v in b["vports"])
    db = a["doorbells"]["total"] - b["doorbells"]["total"]
    irq = a["interrupts"]["total"] - b["interrupts"]["total"]
    src = "model counters"
else:
    frames, wire, db, irq = int(bench["rx_frames"]), None, None, None
    src = "guest counters (model stats unavailable)"
gi = int(bench["guest_irqs"])
rec["pps"] = frames / secs
rec["bytes_per_s"] = (wire if wire is not None else int(bench["bytes"])) / secs
if db is not None:
    rec["doorbells_per_pkt"] = db / frames
    for k in ("sq", "rq", "cq", "eq"):
        if k in a["doorbells"]:
            rec["db_%s_per_pkt" % k] = (a["doorbells"][k] - b["doorbells"][k]) / frames
rec["irqs_per_pkt"] = (irq if irq is not None else gi) / frames
with open(jsonl, "a") as f:
    f.write(json.dumps(rec) + "\n")
print("  transfer time          %7.2f s   (%s bytes, checksum matched)" % (secs, bench["bytes"]))
print("  packets/s              %9.0f   (%d frames through the model switch, %s)" % (frames / secs, frames, src))
if wire is not None:
    print("  bytes/s                %9.0f   (%.2f MB/s on the wire; payload %.2f MB/s)"
          % (wire / secs, wire / secs / 1e6, int(bench["bytes"]) / secs / 1e6))
else:
    print("  bytes/s                %9.0f   (payload)" % (int(bench["bytes"]) / secs))
if db is not None:
    kinds = " ".join("%s %.3f" % (k, (a["doorbells"][k] - b["doorbells"][k]) / frames)
                     for k in ("sq", "rq", "cq", "eq") if k in a["doorbells"])
    print("  doorbells/packet       %9.3f   (%d doorbells; per packet: %s)" % (db / frames, db, kinds))
    print("  interrupts/packet      %9.3f   (%d MSI-X raised by the model; guest counted %d)"
          % (irq / frames, irq, gi))
else:
    print("  interrupts/packet      %9.3f   (guest /proc/interrupts)" % (gi / frames))
PY
}

runs=${E2E_BENCH_RUNS:-3}
summary=$E2E_CACHE/bench/$KVER.$$.jsonl
rm -f "$summary"
rc=0
declare -A ko failed
for driver in "${drivers[@]}"; do
	ko[$driver]=
	failed[$driver]=0
	[ "$driver" = ours ] || continue
	if k=$(e2e_ours_ko "$KDIR"); then
		ko[$driver]=$k
	else
		echo "kernel $KVER, driver ours: our mana.ko does not build for $KVER, no figures"
		failed[$driver]=$runs
	fi
done
# rounds: each round runs every driver once, back to back, so that a change of host load
# hits all drivers alike instead of one driver's whole series
for ((run = 1; run <= runs; run++)); do
	for driver in "${drivers[@]}"; do
		[ "${failed[$driver]}" -lt "$runs" ] || continue
		work=$(mktemp -d "$E2E_CACHE/runs/$KVER-bench-$driver.XXXXXX")
		e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" "$driver" "${ko[$driver]}" "MODE=bench
DRIVER=$driver
KVER=$KVER
XFER_MB=$xfer_mb" || mana_die "initramfs build failed"
		mana_log "bench: round $run of $runs, $KVER $driver (logs $work)"
		e2e_vm "$work" bench > "$work/vm.out" 2>&1
		out=$E2E_CACHE/bench/$KVER-$driver.txt
		[ "$runs" -eq 1 ] || echo "round $run of $runs:"
		if figures "$work" "$driver" "$summary" | tee "$out"; then
			rm -rf "$work"
		else
			sed 's/^/  guest: /' "$work/vm.out" | tail -n 5
			echo "  logs: $work"
			failed[$driver]=$((failed[$driver] + 1))
			[ "$driver" = ours ] || rc=1
		fi
	done
done
# median and spread per driver
if [ -s "$summary" ]; then
	python3 - "$summary" "$KVER" <<'PY'
import json, statistics, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
drivers = sorted({r["driver"] for r in recs}, key=lambda d: (d != "intree", d))
keys = [("boot_to_linkup_s", "boot to link up (s)", "%.2f"),
        ("userspace_to_linkup_s", "user space to link (s)", "%.2f"), ("probe_s", "driver probe (s)", "%.2f"),
        ("pps", "packets/s", "%.0f"), ("bytes_per_s", "bytes/s", "%.0f"),
        ("doorbells_per_pkt", "doorbells/packet", "%.3f"),
        ("db_sq_per_pkt", "  SQ doorbells/packet", "%.3f"), ("db_rq_per_pkt", "  RQ doorbells/packet", "%.3f"),
        ("db_cq_per_pkt", "  CQ doorbells/packet", "%.3f"), ("db_eq_per_pkt", "  EQ doorbells/packet", "%.3f"),
        ("irqs_per_pkt", "interrupts/packet", "%.3f")]
print("summary for %s: median [min - max] (spread = (max - min) / median) of %s" % (sys.argv[2], ", ".join(
    "%d %s run(s)" % (sum(r["driver"] == d for r in recs), d) for d in drivers)))
width = 38
print("  %-22s" % "" + "".join("%*s" % (width, d) for d in drivers)
      + ("%12s" % ("%s/%s" % (drivers[1], drivers[0])) if len(drivers) == 2 else ""))
for k, name, fmt in keys:
    cells, meds = [], []
    for d in drivers:
        v = [r[k] for r in recs if r["driver"] == d and k in r]
        if not v:
            cells.append("-")
            meds.append(None)
            continue
        med = statistics.median(v)
        meds.append(med)
        cell = fmt % med
        if len(v) > 1:
            cell += " [%s - %s]" % (fmt % min(v), fmt % max(v))
            if med:
                cell += " %3.0f%%" % (100.0 * (max(v) - min(v)) / med)
        cells.append(cell)
    ratio = ""
    if len(drivers) == 2 and meds[0] and meds[1] is not None:
        ratio = "%12.2f" % (meds[1] / meds[0])
    print("  %-22s" % name + "".join("%*s" % (width, c) for c in cells) + ratio)
PY
fi
rm -f "$summary"
exit $rc
