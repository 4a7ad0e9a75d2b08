#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Device-side fuzz run (tests/e2e/fuzz.sh, make fuzz) of OUR mana.ko on Debian's 6.1 cloud
# kernel: a fixed small budget (FUZZ_EVENTS mutations, default 20: half HWC responses, init
# events and query values, half CQEs and EQEs; FUZZ_SECS 25 s per phase) with a seed that
# changes every run (from the clock) and is printed first and last, so that any failure
# replays with make fuzz KVER=6.1 SEED=<seed> EVENTS=<events>. Before the fuzzing, the
# RTNL hold of a port's close with a silent device (sends stalled, HWC silent) is checked
# against RTNL_BOUND (5 s). One PASS/FAIL line per check and "N passed, N failed".
export FUZZ_SECS=${FUZZ_SECS:-25}
export FUZZ_DATA_CLASSES=${FUZZ_DATA_CLASSES-cqe,eqe}
seed=${FUZZ_SEED:-$(( $(date +%s%N) % 1000000007 ))}
exec "$(dirname "$(readlink -f "$0")")/../e2e/fuzz.sh" 6.1 "$seed" "${FUZZ_EVENTS:-20}"
