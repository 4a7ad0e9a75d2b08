#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load/unload and reconfiguration soak of OUR mana.ko on the software MANA device
# (tests/e2e/guest/soak.sh has the sequence): N rmmod/modprobe cycles, N ifdown/ifup cycles
# of both ports and N ethtool -L/-G cycles under traffic, then the model's objects back to
# the baseline. On the debug kernel (default) the guest ends with a kmemleak scan and its
# kernel log must hold no KASAN/lockdep/kmemleak/DEBUG_OBJECTS/BUG/WARNING report.
#
# Usage: tests/debugk/soak.sh [KVER [N]]      (make soak: 6.1-debug, 1000)
#   KVER  as for tests/e2e/run.sh (default 6.1-debug)    N  cycles of each kind (default 100)
# Environment: SOAK_MOD, SOAK_IF, SOAK_ETH override N per kind; E2E_TIMEOUT (s, default
# 900 + 10 s per cycle), E2E_KEEP=1 as for run.sh.
# Prints PASS/FAIL lines, "soak figures: ..." and "N passed, N failed"; exit 0 only if none failed.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

kver_arg=${1:-6.1-debug}
n=${2:-100}
[[ $n =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || mana_die "N must be a positive number"
mods=${SOAK_MOD:-$n} ifs=${SOAK_IF:-$n} eths=${SOAK_ETH:-$n}
finished=
trap '[ -n "$finished" ] || { echo "FAIL: soak setup for $kver_arg (see the error above)"; echo "$npass passed, $((nfail + 1)) failed"; }' EXIT

t_start=$(date +%s)
e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
e2e_kernel "$kver_arg"
ours_ko=$(e2e_ours_ko "$KDIR") || { mana_result "FAIL: build our mana.ko for $KVER with scripts/build.sh"; finished=1; mana_finish; }
model=$(e2e_model) || { mana_result "FAIL: device model: tests/model did not build"; finished=1; mana_finish; }

mkdir -p "$E2E_CACHE/runs"
work=$(mktemp -d "$E2E_CACHE/runs/$KVER-soak.XXXXXX")
config="MODE=soak
DRIVER=ours
KVER=$KVER
MACS='$(e2e_macs 2)'
XFER_MB=8
SOAK_MOD=$mods
SOAK_IF=$ifs
SOAK_ETH=$eths"
e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" ours "$ours_ko" "$config" ||
	mana_die "initramfs build failed"
mana_log "setup took $(( $(date +%s) - t_start ))s; booting (console: $work/console.log)"
t_vm=$(date +%s)
# a bound, not an estimate: on the debug kernel, with the 2-core machine at a load of 27,
# 100 rmmod/modprobe cycles took 1094 s (11 s each); 10 s per cycle on average over the
# three kinds leaves room for that
export E2E_SMP=${E2E_SMP:-2} E2E_TIMEOUT=${E2E_TIMEOUT:-$((900 + 10 * (mods + ifs + eths)))}
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_vm "$work" soak --checks; e2e_debug_scan "soak $KVER" "$work")
vm_s=$(( $(date +%s) - t_vm ))
reports=$(grep -m1 -o '@@DEBUGK-LOG-BEGIN.*' "$work/console.log" 2>/dev/null | tr -d '\r')
echo "soak figures: kernel $KVER, $mods modprobe/rmmod + $ifs ifdown/ifup + $eths ethtool -L/-G cycles, VM ${vm_s}s, $nfail failed checks${reports:+, final scan: ${reports#@@DEBUGK-LOG-BEGIN }}"
if [ "$nfail" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then
	rm -rf "$work"
else
	echo "logs: $work"
	tail -n 25 "$work/console.log" 2>/dev/null | sed 's/^/  | /'
fi
finished=1
mana_finish
