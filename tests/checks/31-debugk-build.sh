#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debug kernel of steps 57 and 58: Debian's linux-source-6.1, allnoconfig plus
# tests/debugk/debug.config (KASAN, lockdep, kmemleak, DEBUG_OBJECTS, atomic-sleep checks,
# failslab/fail_page_alloc, KUnit), built once and cached in $MANA_CACHE/debugk/6.1-<key>
# (key: hash of the config fragment, tests/debugk/build.sh, the source version, gcc).
# CPU-bound (a kernel build), so not a parallel step; the boots run in 57/58.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/common.sh"
t0=$(date +%s)
if out=$("$here/../debugk/build.sh"); then
	eval "$out"
	secs=$(cat "$(dirname "$MODROOT")/build-seconds" 2>/dev/null || echo '?')
	mana_pass "debug kernel $KVER ready in $(( $(date +%s) - t0 ))s (its build took ${secs}s; $(dirname "$MODROOT"))"
else
	mana_fail "debug kernel build (tests/debugk/build.sh; log under $MANA_CACHE/debugk/)"
	exit 1
fi
