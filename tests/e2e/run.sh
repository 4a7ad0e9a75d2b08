#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end test of a mana driver on the software MANA device (tests/model) under QEMU.
#
# Usage: tests/e2e/run.sh KVER DRIVER        (make e2e KVER=... DRIVER=...)
#   KVER    6.1, 6.12, 5.10, 7.3 or a full Debian release (6.1.0-56-cloud-amd64); 6.1 when
#           empty or when it is the running kernel and that is no Debian image; 6.1-debug:
#           Debian's linux-source-6.1 with KASAN, lockdep, kmemleak, DEBUG_OBJECTS and fault
#           injection (tests/debugk/build.sh), whose kernel log is then scanned for reports
#   DRIVER  intree: the mana.ko shipped in the Debian image
#           ours:   our mana.ko, built with scripts/build.sh against that kernel
#           selftest: checks the harness itself: the same guest checks on two virtio-net
#                   NICs joined by a QEMU hub instead of the model (no mana involved);
#                   E2E_SELFTEST_UNPLUGGED=1 disconnects them (the traffic checks must fail)
#
# Boots the Debian kernel (TCG) with a busybox initramfs, binds the driver to the model's
# function and checks: probe, both netdevs with the model's MACs, link up, ping both ways
# between the two vPorts in two network namespaces, a TCP transfer with a matching
# checksum, MTU 9000 ping, ethtool -S counters, module unload and reload, a clean kernel
# log. Prints PASS/FAIL lines and a final "N passed, N failed"; exit 0 only if nothing
# failed. Environment: E2E_XFER_MB (default 50), E2E_TIMEOUT (s, default 600),
# E2E_SMP (default 1), E2E_MODEL (use another model binary), E2E_MODEL_ASAN=1 (the
# model's AddressSanitizer/UBSan build), E2E_MODEL_ARGS (extra
# model options), E2E_FEATURES=1 (also the Ethernet feature checks of
# guest/eth-features.sh; the guest then gets 2 CPUs unless E2E_SMP says otherwise, so that
# RSS has two queues, and E2E_TIMEOUT defaults to 1200), E2E_REMOVAL=1|0 (the surprise
# removal and PCI remove/rescan checks of guest/removal.sh; default 1 for DRIVER=ours, 0
# otherwise), E2E_RNIC=0 (skip guest/rnic.sh, the in-tree mana_ib checks that run by
# default for DRIVER=intree on kernels that ship mana_ib), E2E_NETVSC=1 (DRIVER=ours only:
# instead of the base checks, the VF join scenarios of guest/netvsc.sh against the
# test-only hv_netvsc stand-in, tests/netvsc-standin, built for the same kernel; no removal
# checks), E2E_RECOVERY=1 (the recovery checks of guest/recovery.sh without the feature
# checks; E2E_FEATURES=1 runs them after those anyway), E2E_KEEP=1 (keep the work folder of a passing run; failing runs always keep
# theirs under $MANA_CACHE/e2e/runs/).
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

kver_arg=$(e2e_pick_kver "${1:-}")
driver=${2:-intree}
xfer_mb=${E2E_XFER_MB:-50}
case $driver in
intree | ours | selftest) ;;
*) mana_die "DRIVER must be intree or ours (or selftest), not '$driver'" ;;
esac

# result tally: mana_result / mana_finish (tests/lib/common.sh)
# a setup step that dies (mana_die) still ends with a FAIL line and the totals
trap '[ -n "$mana_finished" ] || { echo "FAIL: e2e setup for $kver_arg/$driver (see the error above)"; echo "$npass passed, $((nfail + 1)) failed"; }' EXIT

# the feature checks add several transfers: more guest CPUs and a longer VM deadline
[ "${E2E_FEATURES:-0}" != 1 ] || export E2E_SMP=${E2E_SMP:-2} E2E_TIMEOUT=${E2E_TIMEOUT:-1200}
t_start=$(date +%s)
e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
e2e_kernel "$kver_arg"
mana_log "kernel $KVER, driver $driver"

ours_ko=
if [ "$driver" = ours ]; then
	if ! ours_ko=$(e2e_ours_ko "$KDIR"); then
		mana_result "FAIL: build our mana.ko for $KVER with scripts/build.sh"
		mana_finish
	fi
	mana_log "our module: $ours_ko"
fi
netvsc=${E2E_NETVSC:-0}
if [ "$netvsc" = 1 ]; then
	[ "$driver" = ours ] || mana_die "E2E_NETVSC=1 needs DRIVER=ours"
	if ! standin_ko=$("$MANA_TOP/tests/netvsc-standin/build.sh" "$KDIR"); then
		mana_result "FAIL: build the hv_netvsc stand-in for $KVER (tests/netvsc-standin/build.sh)"
		mana_finish
	fi
	export E2E_EXTRA_KO="${E2E_EXTRA_KO:-} $standin_ko"
fi

model=
if [ "$driver" != selftest ] && ! model=$(e2e_model); then
	mana_result "FAIL: device model: tests/model did not build (make -C tests/model)"
	mana_finish
fi
[ -z "$model" ] || mana_log "model: ${model#"$MANA_TOP"/}"

# one folder per run (several runs may share the machine); runs/<kver>-<driver> points
# at the latest one. Passing runs are removed unless E2E_KEEP=1, others after a day.
mkdir -p "$E2E_CACHE/runs"
find "$E2E_CACHE/runs" -mindepth 1 -maxdepth 1 -type d -mtime +1 -exec rm -rf {} + 2>/dev/null
work=$(mktemp -d "$E2E_CACHE/runs/$KVER-$driver.XXXXXX")
latest=$E2E_CACHE/runs/$KVER-$driver
[ -L "$latest" ] || rm -rf "$latest"
ln -sfn "$(basename "$work")" "$latest"
macs=$(e2e_macs 2)
# surprise removal / PCI removal checks: on by default for our driver (the in-tree drivers'
# behaviour is informative only: E2E_REMOVAL=1 runs them there too)
removal=${E2E_REMOVAL:-$([ "$driver" = ours ] && echo 1 || echo 0)}
[ "$driver" != selftest ] || removal=0
[ "$netvsc" != 1 ] || removal=0
vmopts=(--checks)
# the in-tree mana_ib (6.12+) on the model's RDMA device: guest/rnic.sh (E2E_RNIC=0: off)
rnic=0
if [ "$driver" = intree ] && [ "${E2E_RNIC:-1}" = 1 ] &&
   modprobe -C /dev/null -d "$MODROOT" -S "$KVER" --show-depends mana_ib > /dev/null 2>&1; then
	rnic=1
fi
config="MODE=test
DRIVER=$driver
KVER=$KVER
MACS='$macs'
XFER_MB=$xfer_mb
FEATURES=${E2E_FEATURES:-0}
RECOVERY=${E2E_RECOVERY:-0}
REMOVAL=$removal
RNIC=$rnic
NETVSC=$netvsc"
[ "$driver" != selftest ] || config="$config
PCI_MATCH='0x1af4:*'
PCI_DRIVER=virtio-pci
LOAD_MODS='virtio_pci virtio_net'
UNLOAD_MOD=virtio_net"
e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" "$driver" "$ours_ko" "$config" ||
	mana_die "initramfs build failed"
mana_log "setup took $(( $(date +%s) - t_start ))s; booting (console: $work/console.log)"

t_vm=$(date +%s)
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:* | SKIP:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_vm "$work" "$([ "$driver" = selftest ] && echo selftest || echo test)" "${vmopts[@]}")
# guest/rnic.sh: every IB-class request mana_ib sent reached the model's RDMA device and
# none failed (6.12: adapter, MAC, GIDs; 7.x also the GSI QP's CQ, QP and state changes)
if [ "$rnic" = 1 ]; then
	want="0x30001 0x30002 0x30003 0x30004 0x30005"
	case $KVER in 6.*) ;; *) want="$want 0x30006 0x30007 0x30008 0x30009 0x3000d" ;; esac
	got=$(python3 - "$work/stats-final.json" "$want" 2> /dev/null << 'PY'
import json, sys
req = json.load(open(sys.argv[1]))["requests"]
ib = {op: v for op, v in req.items() if int(op, 16) >> 16 == 3}
miss = [op for op in sys.argv[2].split() if not ib.get(op, {}).get("count")]
bad = sorted(op for op, v in ib.items() if v.get("errors"))
print("%s|%s|%s" % (" ".join("%s x%d" % (op, v["count"]) for op, v in sorted(ib.items())),
                    ",".join(miss) or "none", ",".join(bad) or "none"))
PY
)
	if [ -n "$got" ] && [ "${got#*|}" = "none|none" ]; then
		mana_result "PASS: RNIC: the model answered mana_ib's IB-class requests without an error (${got%%|*})"
	else
		mana_result "FAIL: RNIC: IB-class requests '${got%%|*}', missing '$(echo "$got" | cut -d'|' -f2)', failed '$(echo "$got" | cut -d'|' -f3)' (want $want, no failure)"
	fi
fi
# debug kernel: KASAN/lockdep/kmemleak/DEBUG_OBJECTS reports in the guest's kernel log
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_debug_scan "e2e $KVER/$driver" "$work")
mana_log "VM run took $(( $(date +%s) - t_vm ))s, total $(( $(date +%s) - t_start ))s"
if [ "$nfail" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then
	rm -rf "$work"
else
	echo "logs: $work"
fi
if [ "$nfail" -gt 0 ]; then
	echo "--- last console lines ($work/console.log):"
	tail -n 25 "$work/console.log" 2>/dev/null | sed 's/^/  | /'
	for f in "$work/model-events.log" "$work/model.log"; do
		[ -s "$f" ] || continue
		echo "--- last model log lines ($f):"
		tail -n 15 "$f" | sed 's/^/  | /'
	done
fi
mana_finish
