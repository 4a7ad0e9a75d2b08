#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test-only kernel verbs module (rdma_kverbs.ko) for one kernel, W=1, outside
# the source tree: in $MANA_CACHE/rdma/kverbs/<release>/. Warnings fail the build.
# Usage: tests/rdma/kverbs/build.sh KDIR|KVER   -> prints the path of the module
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/../../lib/common.sh"
. "$here/../../../scripts/lib/kbuild-env.sh"
. "$here/../../lib/testmod.sh"
mana_testmod_build "$here" rdma_kverbs rdma/kverbs "${1:?usage: build.sh KDIR|KVER}"
