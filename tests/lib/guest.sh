# SPDX-License-Identifier: GPL-2.0
# Result helpers of the guest scripts (busybox sh inside the test VMs), copied into the
# initramfs as /e2e/guest-lib.sh by tests/e2e/lib.sh and tests/dpdk/run.sh (the RDMA
# runner tests/model/ib/run.sh boots that initramfs too). Results go to fd 3 (the
# runner's serial line, "@@R PASS|FAIL|SKIP: text") and to the console with the
# script's tag: set GUEST_TAG (E2E, DPDK, IB, RNIC, ...) before sourcing.
# shellcheck shell=sh
say() { echo "${GUEST_TAG:-GUEST}: $*" > /dev/console; }
res() { echo "@@R $*" >&3; say "$*"; }
pass() { res "PASS: $*"; }
fail() { res "FAIL: $*"; }
skip() { res "SKIP: $*"; }
# check WHAT CMD...: PASS when CMD succeeds, else FAIL with the start of its output
check() { d=$1; shift; if "$@" > /tmp/out 2>&1; then pass "$d"; else fail "$d ($(head -c 200 /tmp/out))"; fi; }
# wait_for SECONDS EXPR: poll EXPR (eval'd) once a second until it holds
wait_for() { i=0; while [ $i -lt "$1" ]; do eval "$2" && return 0; sleep 1; i=$((i + 1)); done; return 1; }
# host REQUEST: ask the host runner (vm.py @@SYNC), its answer in $HOST_REPLY
host() {
	echo "@@SYNC $*" >&3
	HOST_REPLY=
	read -r -t 120 HOST_REPLY <&3
	HOST_REPLY=${HOST_REPLY#@@ACK }
}
