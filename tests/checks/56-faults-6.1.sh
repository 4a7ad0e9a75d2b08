#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Fault scenarios (tests/e2e/faults.sh, make faults) of OUR mana.ko on Debian's 6.1 cloud
# kernel, in one boot: HWC timeouts in probe/ifup/ifdown/ring resize/reset and a device that
# never answers again, error statuses of the GDMA and Ethernet request classes, EQ
# overflow, bad EQEs/CQEs, lost and delayed interrupts, a full send queue, duplicate and
# unsolicited HWC responses, late init events, surprise removal during probe/reset/an HWC
# request, a function-level reset. The allocation-failure scenarios (failslab,
# fail_page_alloc) SKIP here: Debian's kernels have no fault injection; they run on the
# debug kernel. One PASS/FAIL/SKIP line per scenario (table: README "Fault scenarios").
exec "$(dirname "$(readlink -f "$0")")/../e2e/faults.sh" 6.1
