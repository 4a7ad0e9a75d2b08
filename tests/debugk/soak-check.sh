#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# (not a make check step yet: see the README, "Debug kernel")
# Soak of our mana.ko on the debug kernel (tests/debugk/soak.sh 6.1-debug): SOAK_N (default 25
# until its time there is measured; the issue asks for 100) rmmod/modprobe cycles, ifdown/ifup cycles of both ports and ethtool -L/-G cycles under
# a ping, then the model's objects back to their baseline and a kernel log with no KASAN,
# lockdep, kmemleak, DEBUG_OBJECTS, BUG or WARNING report. make soak runs 1000 of each.
exec "$(dirname "$(readlink -f "$0")")/../debugk/soak.sh" 6.1-debug "${SOAK_N:-25}"
