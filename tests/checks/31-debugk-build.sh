#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debug kernel of steps 46-48 (tests/debugk/build.sh, make debug-kernel): Debian's
# linux-source-6.1 as allnoconfig + tests/debugk/debug.config (KASAN, lockdep, kmemleak,
# DEBUG_OBJECTS, atomic-sleep checks, failslab/fail_page_alloc, KUnit), cached in
# $MANA_CACHE/debugk keyed by the fragment, the recipe, the source version and gcc. A
# CPU-bound build of both cores (about 1000 s of CPU), so this step runs alone (no
# "check: parallel" line); with the cache it only prints the kernel. One PASS/FAIL line.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
t0=$(date +%s)
key=$("$here/../debugk/build.sh" --key) || { echo "FAIL: debug kernel: cannot compute the cache key"; exit 1; }
if ! out=$("$here/../debugk/build.sh"); then
	echo "FAIL: debug kernel build (key $key; log: \$MANA_CACHE/debugk/6.1-$key/build.log)"
	exit 1
fi
eval "$out"
dir=$(dirname "$KDIR")
how="cached"
if [ "$(( $(date +%s) - t0 ))" -gt 30 ]; then
	how="built in $(cat "$dir/build-seconds" 2>/dev/null)s ($(grep -o 'cpu .*' "$dir/build.log" | tail -n1))"
fi
echo "PASS: debug kernel $KVER (key $key) $how: $VMLINUZ, modules in $MODROOT"
