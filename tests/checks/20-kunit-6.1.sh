#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KUnit suites of the hardware layer, plus load/unload of our mana.ko, inside the current
# Debian bookworm 6.1 cloud kernel booted under QEMU/TCG (one PASS/FAIL line per KUnit case,
# per suite and per load/unload step). Fetches what it needs; see tests/kunit/run.sh.
exec "$(dirname "$(readlink -f "$0")")/../kunit/run.sh" 6.1
