#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Demo (make demo): boot a Debian kernel under QEMU on the software MANA device, bind our
# mana.ko to it, put the two vPorts in two network namespaces, ping, send a TCP stream
# and show ethtool -S, the interrupts and the model's own counters.
#
# Usage: tests/e2e/demo.sh [KVER [DRIVER]]
#   KVER    default 6.1 (or make's KVER; the running kernel only if it is a Debian image)
#   DRIVER  ours (default) or intree. While our driver cannot bring the vPorts up yet, the
#           demo says so and shows Debian's in-tree mana.ko on the same device instead.
# Environment: E2E_XFER_MB (default 20), E2E_KEEP=1 keeps the logs.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

kver_arg=$(e2e_pick_kver "${1:-${KVER:-}}")
driver=${2:-${DRIVER:-ours}}
case $driver in intree | ours) ;; *) mana_die "DRIVER must be ours or intree" ;; esac

e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
e2e_kernel "$kver_arg"
model=$(e2e_model) || mana_die "the device model does not build (make -C tests/model)"
mkdir -p "$E2E_CACHE/runs"

# demo_run DRIVER [KO]: one VM; returns 0 if the vPorts came up
demo_run() {
	local drv=$1 ko=${2:-} work
	work=$(mktemp -d "$E2E_CACHE/runs/$KVER-demo-$drv.XXXXXX")
	e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" "$drv" "$ko" "MODE=demo
DRIVER=$drv
KVER=$KVER
XFER_MB=${E2E_XFER_MB:-20}" || mana_die "initramfs build failed"
	echo "### booting $KVER under QEMU 11.1 (TCG) with the MANA device model, driver: $drv"
	local t0=$SECONDS
	e2e_vm "$work" demo | sed 's/^/  /'
	echo "### VM ran $((SECONDS - t0)) s"
	if ! grep -q '^MARK linkup' "$work/results.log"; then
		echo "### the vPorts did not come up with the $drv driver (logs: $work)"
		return 1
	fi
	[ -s "$work/stats-final.json" ] && python3 - "$work/stats-final.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("### the model's view (control socket 'stats'):")
print("  switch: %d frames, %d drops; doorbells %d; MSI-X interrupts %d; HWC requests %d"
      % (s["switch"]["frames"], s["switch"]["drops"], s["doorbells"]["total"],
         s["interrupts"]["total"], s["hwc"]["requests"]))
for v in s["vports"]:
    print("  vPort %d %s link %s: tx %d pkts / %d bytes, rx %d pkts / %d bytes, TSO segments %d"
          % (v["index"], v["mac"], v["link"], v["tx_packets"], v["tx_bytes"],
             v["rx_packets"], v["rx_bytes"], v["tso_segments"]))
PY
	if [ -n "${E2E_KEEP:-}" ]; then echo "### logs: $work"; else rm -rf "$work"; fi
	return 0
}

if [ "$driver" = ours ]; then
	if ! ko=$(e2e_ours_ko "$KDIR"); then
		echo "### our mana.ko does not build for $KVER (scripts/build.sh); showing Debian's in-tree mana.ko instead"
		driver=intree
	elif ! demo_run ours "$ko"; then
		echo "### our mana.ko cannot drive the device yet: falling back to Debian's in-tree mana.ko"
		driver=intree
	else
		exit 0
	fi
fi
demo_run intree
