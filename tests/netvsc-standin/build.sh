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
. "$here/../lib/testmod.sh"
kdir=${1:?usage: build.sh KDIR|KVER}
[ -d "$kdir" ] || kdir=/lib/modules/$kdir/build
rel=$(mana_kernel_release "$kdir")
[ -n "$rel" ] || mana_die "no kernel build directory at $kdir"
mkdir -p "$MANA_CACHE/standin/$rel"
plog=$MANA_CACHE/standin/$rel/probe.log
probe=$("$here/../../scripts/build.sh" --probe-only "$kdir" 2> "$plog") ||
	{ tail -n 20 "$plog" >&2; mana_die "compat probes for $rel failed"; }
gen=$(echo "$probe" | sed -n 's/^BUILD_DIR=//p' | tail -n1)/compat/generated/$rel
[ -d "$gen" ] || mana_die "no compat configuration at $gen"
mana_testmod_build "$here" netvsc_standin standin "$kdir" MANA_TOP="$MANA_TOP" MANA_BP_GEN="$gen"
