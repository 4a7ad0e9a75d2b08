#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Our driver on the debug kernel of step 31 (KASAN, lockdep, kmemleak, DEBUG_OBJECTS,
# atomic-sleep checks): the scanner's self-test and negative control (a planted leak, lock
# inversion and freed armed timer must FAIL), our KUnit suites, and the e2e base +
# recovery + removal checks (tests/debugk/check.sh selftest kunit e2e). Every boot ends
# with a kmemleak scan; any KASAN/lockdep/kmemleak/DEBUG_OBJECTS/BUG/WARNING report in the
# guest's kernel log FAILs. One PASS/FAIL line per check.
exec "$(dirname "$(readlink -f "$0")")/../debugk/check.sh" selftest kunit e2e
