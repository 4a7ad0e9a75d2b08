#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# On the debug kernel of step 31: a device-side fuzz run (HWC responses, init events and
# query values, 20 mutations, a seed from the clock, printed for replay) and the
# allocation-failure scenarios that SKIP in step 56 (failslab during probe; fail-nth, one
# allocation of the call failed at a time, during an open, a ring resize and a channel
# change: a clean error or success, traffic back, then rmmod with the device objects at
# zero), each boot ending with a kmemleak scan and a scan of the kernel log for KASAN,
# lockdep, kmemleak, DEBUG_OBJECTS, BUG and WARNING reports (tests/debugk/check.sh fuzz
# faults). One PASS/FAIL line per check.
exec "$(dirname "$(readlink -f "$0")")/../debugk/check.sh" fuzz faults
