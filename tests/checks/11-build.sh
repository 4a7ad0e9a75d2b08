#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mana.ko (and mana_ib.ko where the kernel can host it) built from clean against every
# reference kernel with W=1 and C=1 (sparse): zero warnings, sparse ran on every file,
# modinfo version/vermagic, MANA_OOT namespace. Also the plain
# "make -C KDIR M=$PWD" route (probes run from Kbuild itself) on one kernel.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"
. "$top/tests/compat/kernels.sh"

"$top/scripts/build-matrix.sh"
rc=$?

# The Kbuild-only route, as a user or a packager might run it, in a scratch copy.
kdir=$(mana_ref_kdir 6.1 2> /dev/null)
kver=$(mana_kernel_release "$kdir")
d=$(mana_checkout_dir kbuild-direct)
rm -rf "$d" && mkdir -p "$d"
rsync -a --exclude=/.git --exclude=/build --exclude=/compat/generated --exclude='.tmp_*' \
	--filter=':- .gitignore' "$top/" "$d/"
if [ $? -le 24 ] && mana_kbuild "$kdir" M="$d" -j2 modules > "$d.log" 2>&1 &&
   [ -f "$d/mana/mana.ko" ] && [ -f "$d/compat/generated/$kver/results.txt" ] &&
   cmp -s "$d/compat/generated/$kver/results.txt" "${MANA_MATRIX_DIR:-$(mana_checkout_dir matrix)}/6.1/compat/generated/$kver/results.txt"; then
	mana_pass "plain 'make -C KDIR M=\$PWD' on 6.1 runs the probes itself (compat/generated/$kver) and builds mana.ko"
else
	mana_fail "plain 'make -C KDIR M=\$PWD' on 6.1 failed (log: $d.log)"
	rc=1
fi
exit $rc
