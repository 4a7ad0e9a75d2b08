# SPDX-License-Identifier: GPL-2.0
# Result helpers of the guest scripts (busybox sh inside the test VMs), copied into the
# initramfs as /e2e/guest-lib.sh by tests/e2e/lib.sh and tests/dpdk/run.sh. Results go
# to fd 3 (the runner's serial line, "@@R PASS|FAIL|SKIP: text") and to the console
# with the script's tag: set GUEST_TAG (E2E, DPDK, ...) before sourcing.
# shellcheck shell=sh
say() { echo "${GUEST_TAG:-GUEST}: $*" > /dev/console; }
res() { echo "@@R $*" >&3; say "$*"; }
pass() { res "PASS: $*"; }
fail() { res "FAIL: $*"; }
skip() { res "SKIP: $*"; }
