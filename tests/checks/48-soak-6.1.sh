#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Soak of our mana.ko on the debug kernel of step 31 (tests/debugk/soak.sh 6.1-debug):
# SOAK_N (default 100) rmmod/modprobe cycles, ifdown/ifup cycles of both ports and
# ethtool -L/-G cycles under a ping, then ping + TCP with a checksum, the model's objects
# back to their baseline, and a kernel log with no KASAN, lockdep, kmemleak,
# DEBUG_OBJECTS, BUG or WARNING report (after a kmemleak scan). make soak runs 1000 of each.
exec "$(dirname "$(readlink -f "$0")")/../debugk/soak.sh" 6.1-debug "${SOAK_N:-100}"
