#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test-only rnic_kud.ko (kernel UD checks, check 44) for one kernel, W=1, outside
# the source tree: in $MANA_CACHE/rnic-kud/<release>/. Warnings fail the build.
# Usage: tests/model/ib/kud/build.sh KDIR|KVER   -> prints the path of the module
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/../../../lib/common.sh"
. "$here/../../../../scripts/lib/kbuild-env.sh"
kdir=${1:?usage: build.sh KDIR|KVER}
[ -d "$kdir" ] || kdir=/lib/modules/$kdir/build
rel=$(mana_kernel_release "$kdir")
[ -n "$rel" ] || mana_die "no kernel build directory at $kdir"
out=$MANA_CACHE/rnic-kud/$rel
mkdir -p "$out"
mana_lock "$out/.lock" || mana_die "cannot lock $out/.lock"
cp "$here/rnic_kud.c" "$here/Kbuild" "$out/"
log=$out/build.log
mana_kbuild_plan "$kdir"
mana_kbuild_fix_args "$kdir" W=1
if ! mana_kbuild "$kdir" M="$out" ${MANA_KB_ARGS[@]+"${MANA_KB_ARGS[@]}"} modules > "$log" 2>&1; then
	tail -n 30 "$log" >&2
	mana_die "rnic_kud build for $rel failed ($log)"
fi
if grep -E 'warning:' "$log" >&2; then
	mana_die "rnic_kud for $rel: W=1 warnings ($log)"
fi
echo "$out/rnic_kud.ko"
