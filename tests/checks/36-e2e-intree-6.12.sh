#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# e2e: Debian's own 6.12 mana.ko (the reference driver) on the software MANA device under
# QEMU: probe, MACs, link, ping across two namespaces, 50 MiB TCP with checksum, MTU 9000,
# ethtool -S, unload/reload. One PASS/FAIL line per check (tests/e2e/run.sh).
# The model runs as its AddressSanitizer/UBSan build here: a real driver's traffic is the
# widest input it gets; an ASan report or leak fails "model exited cleanly".
export E2E_MODEL_ASAN=${E2E_MODEL_ASAN:-1}
exec "$(dirname "$(readlink -f "$0")")/../e2e/run.sh" 6.12 intree
