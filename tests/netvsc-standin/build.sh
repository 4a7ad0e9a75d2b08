#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test-only netvsc stand-in (netvsc_standin.ko) for one kernel, W=1, outside the
# source tree: in $MANA_CACHE/standin/<release>/. Warnings fail the build. Uses the compat
# probe results of that kernel (scripts/build.sh --probe-only, cached in build/<release>/).
# Usage: tests/netvsc-standin/build.sh KDIR|KVER   -> prints the path of the module
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/../lib/common.sh"
. "$here/../../scripts/lib/kbuild-env.sh"
kdir=${1:?usage: build.sh KDIR|KVER}
[ -d "$kdir" ] || kdir=/lib/modules/$kdir/build
rel=$(mana_kernel_release "$kdir")
[ -n "$rel" ] || mana_die "no kernel build directory at $kdir"
out=$MANA_CACHE/standin/$rel
mkdir -p "$out"
mana_lock "$out/.lock" || mana_die "cannot lock $out/.lock"
probe=$("$here/../../scripts/build.sh" --probe-only "$kdir" 2> "$out/probe.log") ||
	{ tail -n 20 "$out/probe.log" >&2; mana_die "compat probes for $rel failed"; }
gen=$(echo "$probe" | sed -n 's/^BUILD_DIR=//p' | tail -n1)/compat/generated/$rel
[ -d "$gen" ] || mana_die "no compat configuration at $gen"
cp "$here/netvsc_standin.c" "$here/Kbuild" "$out/"
log=$out/build.log
mana_kbuild_plan "$kdir"
mana_kbuild_fix_args "$kdir" W=1 MANA_TOP="$MANA_TOP" MANA_BP_GEN="$gen"
if ! mana_kbuild "$kdir" M="$out" ${MANA_KB_ARGS[@]+"${MANA_KB_ARGS[@]}"} modules > "$log" 2>&1; then
	tail -n 30 "$log" >&2
	mana_die "netvsc stand-in build for $rel failed ($log)"
fi
if grep -E 'warning:' "$log" >&2; then
	mana_die "netvsc stand-in for $rel: W=1 warnings ($log)"
fi
echo "$out/netvsc_standin.ko"
