#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# (not a make check step yet: see the README, "Debug kernel")
# Our driver on the debug kernel (tests/debugk: Debian's linux-source-6.1 with KASAN,
# lockdep, kmemleak, DEBUG_OBJECTS, atomic-sleep checks, fault injection, KUnit), four boots,
# each ending with a kmemleak scan and a scan of the whole kernel log by
# tests/debugk/scan-log.sh (any KASAN/lockdep/kmemleak/DEBUG_OBJECTS/BUG/WARNING report FAILs):
#   1 tests/debugk/selftest.sh: a clean boot must scan clean, and the negative control (a
#     test-only module that leaks, inverts a lock order and frees an armed timer) must FAIL
#   2 our KUnit suites (tests/kunit/run.sh 6.1-debug)
#   3 e2e base + recovery + removal checks (tests/e2e/run.sh 6.1-debug ours, E2E_RECOVERY=1;
#     the Ethernet feature checks run on the stock kernels only, make debug-check E2E_FEATURES=1)
#   4 a small device-side fuzz run (tests/e2e/fuzz.sh 6.1-debug, HWC/init/query classes,
#     20 mutations, a seed from the clock, printed for replay)
# The kernel is built by make debug-kernel (or here, when missing). Steps of each runner are
# printed as they come; exit 1 if any failed.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
t0=$(date +%s)
rc=0
stage() {
	local s
	s=$(date +%s)
	echo "--- $1"
	shift
	"$@" || rc=1
	echo "--- took $(( $(date +%s) - s ))s"
}
stage "debug kernel self-test and negative control" "$here/../debugk/selftest.sh"
stage "KUnit on the debug kernel" env TIMEOUT="${DEBUGK_KUNIT_TIMEOUT:-900}" "$here/../kunit/run.sh" 6.1-debug
stage "e2e base + recovery + removal on the debug kernel" \
	env E2E_SMP=2 E2E_RECOVERY=1 E2E_FEATURES="${E2E_FEATURES:-0}" E2E_TIMEOUT="${E2E_TIMEOUT:-2400}" \
	"$here/../e2e/run.sh" 6.1-debug ours
seed=${FUZZ_SEED:-$(( $(date +%s%N) % 1000000007 ))}
stage "device-side fuzz on the debug kernel (seed $seed)" \
	env FUZZ_SECS="${FUZZ_SECS:-25}" FUZZ_DATA_CLASSES="${FUZZ_DATA_CLASSES-}" E2E_TIMEOUT=1800 \
	"$here/../e2e/fuzz.sh" 6.1-debug "$seed" "${FUZZ_EVENTS:-20}"
echo "debug-kernel step took $(( $(date +%s) - t0 ))s"
exit $rc
