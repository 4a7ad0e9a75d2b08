#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device-side fuzz run: our mana.ko on the software MANA device while the model's fuzzer
# (tests/model/src/fuzz.c) mutates what the device sends, then recovery, unload and leak
# checks (tests/e2e/guest/fuzz.sh has the sequence and the checks).
#
# Usage: tests/e2e/fuzz.sh [KVER [SEED [EVENTS]]]     (make fuzz KVER=... SEED=... EVENTS=...)
#   KVER    as for tests/e2e/run.sh (default 6.1)
#   SEED    fuzzer seed (default: from the clock); phase 1 uses SEED, phase 2 SEED+1.
#           Printed first, so that any failure replays with SEED=<that number>
#   EVENTS  mutations in all (default 60): half in phase 1 (HWC responses, init events,
#           query values), half in phase 2 (CQEs, EQEs)
# Environment: FUZZ_SECS (bound of each fuzz phase in the guest, default 60),
# FUZZ_DATA_CLASSES (classes of the data phase, default cqe,eqe; empty: no data phase),
# FUZZ_SILENT (1: check the RTNL hold with a silent device first, RTNL_BOUND s, default 5;
# 0: skip it), FUZZ_TX_DRAIN_MS (sets tx_drain_timeout_ms for that check only: the negative
# control, e.g. 15000 must fail it), E2E_MODEL_ASAN=1, E2E_KEEP=1 as for run.sh. The model reports an HWC timeout of 2 s
# (--hwc-timeout 2000) so that dropped responses cost seconds, not 30 s each.
# Prints PASS/FAIL lines, the seed, and "N passed, N failed"; exit 0 only if none failed.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

kver_arg=$(e2e_pick_kver "${1:-}")
seed=${2:-}
[ -n "$seed" ] || seed=$(( $(date +%s%N) % 1000000007 ))
events=${3:-60}
[[ $seed =~ ^[0-9]+$ ]] || mana_die "SEED must be a number, not '$seed'"
[[ $events =~ ^[0-9]+$ ]] && [ "$events" -gt 0 ] || mana_die "EVENTS must be a positive number"
echo "fuzz seed: $seed (replay: ${FUZZ_DATA_CLASSES+FUZZ_DATA_CLASSES=$FUZZ_DATA_CLASSES }make fuzz KVER=$kver_arg SEED=$seed EVENTS=$events)"

# result tally: mana_result / mana_finish (tests/lib/common.sh)
finish() {
	echo "fuzz seed: $seed"
	mana_finish
}
trap '[ -n "$mana_finished" ] || { echo "FAIL: fuzz setup for $kver_arg (see the error above)"; echo "fuzz seed: $seed"; echo "$npass passed, $((nfail + 1)) failed"; }' EXIT

t_start=$(date +%s)
e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
e2e_kernel "$kver_arg"
ours_ko=$(e2e_ours_ko "$KDIR") || { mana_result "FAIL: build our mana.ko for $KVER with scripts/build.sh"; finish; }
model=$(e2e_model) || { mana_result "FAIL: device model: tests/model did not build"; finish; }

mkdir -p "$E2E_CACHE/runs"
work=$(mktemp -d "$E2E_CACHE/runs/$KVER-fuzz.XXXXXX")
config="MODE=fuzz
DRIVER=ours
KVER=$KVER
MACS='$(e2e_macs 2)'
SEED=$seed
EVENTS=$events
FUZZ_SECS=${FUZZ_SECS:-60}
FUZZ_DATA_CLASSES=${FUZZ_DATA_CLASSES-cqe,eqe}
FUZZ_SILENT=${FUZZ_SILENT:-1}
FUZZ_TX_DRAIN_MS=${FUZZ_TX_DRAIN_MS:-}
RTNL_BOUND=${RTNL_BOUND:-5}"
e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" ours "$ours_ko" "$config" ||
	mana_die "initramfs build failed"
mana_log "setup took $(( $(date +%s) - t_start ))s; booting (console: $work/console.log)"
t_vm=$(date +%s)
export E2E_SMP=${E2E_SMP:-2} E2E_TIMEOUT=${E2E_TIMEOUT:-900}
export E2E_MODEL_ARGS="--hwc-timeout 2000 ${E2E_MODEL_ARGS:-}"
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_vm "$work" fuzz --checks)
# host side: the fuzzer's own count (stats at the end of the run)
if [ -s "$work/stats-final.json" ]; then
	got=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["fuzz"]; print(f["mutations"], " ".join("%s=%d" % (c, f[c]["mutated"]) for c in ("hwc","init","cqe","eqe","query")))' "$work/stats-final.json")
	if [ "${got%% *}" -gt 0 ]; then
		mana_result "PASS: model fuzzer: ${got%% *} mutations (${got#* }), each logged as 'fuzz #N' in model-events.log"
	else
		mana_result "FAIL: model fuzzer made no mutation"
	fi
fi
# debug kernel: KASAN/lockdep/kmemleak/DEBUG_OBJECTS reports in the guest's kernel log
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_debug_scan "fuzz $KVER seed $seed" "$work")
mana_log "VM run took $(( $(date +%s) - t_vm ))s, total $(( $(date +%s) - t_start ))s"
if [ "$nfail" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then
	rm -rf "$work"
else
	echo "logs: $work (mutations: grep 'fuzz #' $work/model-events.log)"
fi
if [ "$nfail" -gt 0 ]; then
	echo "--- last console lines ($work/console.log):"
	tail -n 25 "$work/console.log" 2>/dev/null | sed 's/^/  | /'
	echo "--- last mutations ($work/model-events.log):"
	grep 'fuzz #' "$work/model-events.log" 2>/dev/null | tail -n 15 | sed 's/^/  | /'
fi
finish
