#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# e2e: OUR mana.ko (mana/gdma + mana/eth) built for Debian's 6.1 cloud kernel, on the
# software MANA device under QEMU with 2 guest CPUs (2 channels per vPort): the base
# checks of the in-tree run (probe, MACs, link, ping both ways, 50 MiB TCP with checksum,
# MTU 9000, ethtool -S, unload/reload, clean log) plus, with E2E_FEATURES=1 (default here),
# the Ethernet feature checks of tests/e2e/guest/eth-features.sh when the harness carries
# them. One PASS/FAIL/SKIP line per check (tests/e2e/run.sh).
export E2E_SMP=${E2E_SMP:-2} E2E_FEATURES=${E2E_FEATURES:-1}
exec "$(dirname "$(readlink -f "$0")")/../e2e/run.sh" 6.1 ours
