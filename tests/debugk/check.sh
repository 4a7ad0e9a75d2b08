#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our driver on the debug kernel (tests/debugk: Debian's linux-source-6.1 with KASAN,
# lockdep, kmemleak, DEBUG_OBJECTS, atomic-sleep checks, fault injection, KUnit). Each boot
# ends with a kmemleak scan and a scan of the whole kernel log by tests/debugk/scan-log.sh
# (any KASAN/lockdep/kmemleak/DEBUG_OBJECTS/BUG/WARNING report FAILs). Parts, in this order:
#   selftest  tests/debugk/selftest.sh: a clean boot must scan clean, and the negative
#             control (a test-only module that leaks, inverts a lock order and frees an
#             armed timer) must FAIL
#   kunit     our KUnit suites (tests/kunit/run.sh 6.1-debug)
#   e2e       e2e base + recovery + removal checks (tests/e2e/run.sh 6.1-debug ours,
#             E2E_RECOVERY=1; the Ethernet feature checks run on the stock kernels only,
#             E2E_FEATURES=1 adds them)
#   fuzz      a small device-side fuzz run (tests/e2e/fuzz.sh 6.1-debug, HWC/init/query
#             classes, FUZZ_EVENTS (20) mutations, a seed from the clock, printed for replay)
#   faults    the allocation-failure scenarios of tests/e2e/faults.sh, which SKIP on
#             Debian's kernels: failslab during probe, and fail-nth (each allocation of
#             one call failed on its own, tests/debugk/failnth.c) during an open (slab and
#             page allocations, then page allocations alone), a ring resize and a channel
#             change, FAULTS_NTH_ITERS (3) values of N per call; then rmmod with the device
#             objects at zero
# Usage: tests/debugk/check.sh [PART...]     (make debug-check: all parts; make check runs
#   "selftest kunit e2e" as step 46 and "fuzz faults" as step 47)
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
[ $# -gt 0 ] || set -- selftest kunit e2e fuzz faults
for part in "$@"; do
	case $part in
	selftest) stage "debug kernel self-test and negative control" "$here/selftest.sh" ;;
	kunit)
		stage "KUnit on the debug kernel" \
			env TIMEOUT="${DEBUGK_KUNIT_TIMEOUT:-900}" "$here/../kunit/run.sh" 6.1-debug
		;;
	e2e)
		# E2E_XFER_MB: 8 MiB instead of 50 (step 50 moves 50 MiB on the stock kernel):
		# KASAN and kmemleak make every packet several times dearer, and 50 MiB took more
		# than the transfer's 300 s bound at a load of 26 (40 MiB had arrived)
		stage "e2e base + recovery + removal on the debug kernel" \
			env E2E_SMP=2 E2E_RECOVERY=1 E2E_FEATURES="${E2E_FEATURES:-0}" \
			E2E_XFER_MB="${E2E_XFER_MB:-8}" \
			E2E_TIMEOUT="${E2E_TIMEOUT:-2400}" "$here/../e2e/run.sh" 6.1-debug ours
		;;
	fuzz)
		seed=${FUZZ_SEED:-$(( $(date +%s%N) % 1000000007 ))}
		# RTNL_BOUND: step 55 holds the driver to 5 s on the stock kernel; here KASAN,
		# lockdep and kmemleak make every step several times slower (7.4 s measured at a
		# load of 19), and what this run looks for is reports, so the bound is 15 s
		stage "device-side fuzz on the debug kernel (seed $seed)" \
			env FUZZ_SECS="${FUZZ_SECS:-25}" FUZZ_DATA_CLASSES="${FUZZ_DATA_CLASSES-}" \
			RTNL_BOUND="${RTNL_BOUND:-15}" \
			E2E_TIMEOUT=1800 "$here/../e2e/fuzz.sh" 6.1-debug "$seed" "${FUZZ_EVENTS:-20}"
		;;
	faults)
		# FAULTS_NTH_ITERS: 3 values of N per call (its seed printed) keep the step in
		# its budget; FAULTS_NTH_ITERS=0 fails every allocation of each call (README)
		stage "allocation failures (failslab, fail-nth) on the debug kernel" \
			env FAULTS_ONLY=failslab-probe,nth-open,nth-page-open,nth-resize,nth-channels \
			FAULTS_NTH_ITERS="${FAULTS_NTH_ITERS:-3}" \
			E2E_TIMEOUT="${E2E_TIMEOUT:-3000}" "$here/../e2e/faults.sh" 6.1-debug
		;;
	*)
		echo "FAIL: tests/debugk/check.sh: unknown part '$part'"
		rc=1
		;;
	esac
done
echo "debug-kernel check ($*) took $(( $(date +%s) - t0 ))s"
exit $rc
