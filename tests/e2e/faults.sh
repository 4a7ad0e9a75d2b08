#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault scenarios: our mana.ko on the software MANA device while the model (and, on a kernel
# with fault injection, failslab / fail_page_alloc) injects one fault per scenario: HWC
# timeouts, error statuses, EQ/CQ/interrupt faults, bad HWC messages, surprise removals, a
# function-level reset. tests/e2e/guest/faults.sh has the scenarios and their assertions;
# README.md ("Fault scenarios") has the table.
#
# Usage: tests/e2e/faults.sh [KVER]        (make faults KVER=...)
#   KVER  as for tests/e2e/run.sh (default 6.1). 6.1-debug (tests/debugk) has failslab and
#         fail_page_alloc: the allocation-failure scenarios run there instead of being
#         skipped, and the guest's kernel log is scanned for KASAN, lockdep, kmemleak and
#         DEBUG_OBJECTS reports afterwards (E2E_LOCAL_KDIR/E2E_LOCAL_MODROOT: any local tree).
# Environment: FAULTS_ONLY=key,key (only those scenarios, no plan check: the keys are the
# first argument of each sc_run line in guest/faults.sh; for negative controls),
# FAULTS_NTH_ITERS=K (default 6; 0: every allocation) and FAULTS_NTH_SEED=S for the
# fail-nth scenarios (guest/faultnth.sh: K values of N spread over a call's allocations
# from an offset drawn from S; S from the clock unless given, printed; FAULTS_NTH_FROM=A
# FAULTS_NTH_TO=B: every N from A to B instead, to replay one),
# E2E_MODEL_ASAN=1, E2E_KEEP=1 as for run.sh. The model reports an HWC timeout
# of 2 s (--hwc-timeout 2000) and offers FLR (--flr).
# Prints PASS/FAIL/SKIP lines and "N passed, N failed"; exit 0 only if none failed.
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

kver_arg=$(e2e_pick_kver "${1:-}")
# result tally: mana_result / mana_finish (tests/lib/common.sh)
finish() { mana_finish; }
trap '[ -n "$mana_finished" ] || { echo "FAIL: faults setup for $kver_arg (see the error above)"; echo "$npass passed, $((nfail + 1)) failed"; }' EXIT

t_start=$(date +%s)
e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
e2e_kernel "$kver_arg"
ours_ko=$(e2e_ours_ko "$KDIR") || { mana_result "FAIL: build our mana.ko for $KVER with scripts/build.sh"; finish; }
model=$(e2e_model) || { mana_result "FAIL: device model: tests/model did not build"; finish; }

# the fail-nth scenarios' offset into each call's allocations (guest/faultnth.sh)
nth_seed=${FAULTS_NTH_SEED:-$(( $(date +%s%N) % 1000000007 ))}
mana_log "fail-nth: ${FAULTS_NTH_ITERS:-6} values of N per call (0: all), seed $nth_seed (FAULTS_NTH_SEED replays)"
mkdir -p "$E2E_CACHE/runs"
work=$(mktemp -d "$E2E_CACHE/runs/$KVER-faults.XXXXXX")
config="MODE=faults
DRIVER=ours
KVER=$KVER
MACS='$(e2e_macs 2)'
FAULTS_ONLY='${FAULTS_ONLY:-}'
FAULTS_NTH_ITERS='${FAULTS_NTH_ITERS:-6}'
FAULTS_NTH_SEED='$nth_seed'
FAULTS_NTH_FROM='${FAULTS_NTH_FROM:-}'
FAULTS_NTH_TO='${FAULTS_NTH_TO:-}'"
e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" ours "$ours_ko" "$config" ||
	mana_die "initramfs build failed"
mana_log "setup took $(( $(date +%s) - t_start ))s; booting (console: $work/console.log)"
t_vm=$(date +%s)
export E2E_SMP=${E2E_SMP:-2} E2E_TIMEOUT=${E2E_TIMEOUT:-900}
export E2E_MODEL_ARGS="--hwc-timeout 2000 --flr ${E2E_MODEL_ARGS:-}"
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:* | SKIP:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_vm "$work" faults --checks)
# debug kernel: KASAN/lockdep/kmemleak/DEBUG_OBJECTS reports in the guest's kernel log
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(e2e_debug_scan "faults $KVER${FAULTS_ONLY:+ ($FAULTS_ONLY)}" "$work")
mana_log "VM run took $(( $(date +%s) - t_vm ))s, total $(( $(date +%s) - t_start ))s"
if [ "$nfail" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then
	rm -rf "$work"
else
	echo "logs: $work"
fi
if [ "$nfail" -gt 0 ]; then
	echo "--- last console lines ($work/console.log):"
	tail -n 25 "$work/console.log" 2>/dev/null | sed 's/^/  | /'
	echo "--- last model log lines ($work/model-events.log):"
	tail -n 15 "$work/model-events.log" 2>/dev/null | sed 's/^/  | /'
fi
finish
