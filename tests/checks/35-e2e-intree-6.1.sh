#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# e2e: Debian's own 6.1 mana.ko (the reference driver) on the software MANA device under
# QEMU: probe, MACs, link, ping across two namespaces, 50 MiB TCP with checksum, MTU 9000,
# ethtool -S, unload/reload. One PASS/FAIL line per check (tests/e2e/run.sh).
exec "$(dirname "$(readlink -f "$0")")/../e2e/run.sh" 6.1 intree
