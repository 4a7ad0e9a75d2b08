#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check step 30: the MANA device model (tests/model).
#  - builds warning-free with -Wall -Wextra -Werror
#  - unit tests of its packet logic pass under AddressSanitizer + UBSan
#  - the ASan/UBSan server passes the vfio-user protocol smoke test (no QEMU:
#    SMC, HWC init events, HWC requests, malformed input, faults, control socket)
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
M=$MANA_TOP/tests/model

mana_need_pkgs gcc make libc6-dev python3 || { mana_fail "model: cannot install gcc/make/python3"; exit 1; }

if out=$(make -C "$M" clean all 2>&1); then
	mana_pass "model builds warning-free (-Wall -Wextra -Werror)"
else
	echo "$out"
	mana_fail "model builds warning-free (-Wall -Wextra -Werror)"
	exit 1
fi

out=$(make -C "$M" asan 2>&1)
rc=$?
echo "$out"
summary=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n1)
if [ $rc -eq 0 ] && [ -n "$summary" ] && echo "$summary" | grep -q ' 0 failed'; then
	mana_pass "model unit tests under ASan/UBSan ($summary)"
else
	mana_fail "model unit tests under ASan/UBSan (${summary:-no summary}, rc $rc)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	timeout 120 python3 "$M/unit/vfu-smoke.py" "$M/build/asan/mana-model" "$work"
rc=$?
echo "--- server log"; cat "$work/smoke.log" 2>/dev/null | tail -n 40
[ $rc -eq 0 ] || { echo "smoke test exited with $rc"; exit 1; }
