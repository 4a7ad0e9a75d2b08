#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test-only rnic_kud.ko (kernel UD checks, check 44) for one kernel, W=1, outside
# the source tree: in $MANA_CACHE/rnic-kud/<release>/. Warnings fail the build.
# Usage: tests/model/ib/kud/build.sh KDIR|KVER   -> prints the path of the module
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/../../../lib/common.sh"
. "$here/../../../../scripts/lib/kbuild-env.sh"
. "$here/../../../lib/testmod.sh"
mana_testmod_build "$here" rnic_kud rnic-kud "${1:?usage: build.sh KDIR|KVER}"
