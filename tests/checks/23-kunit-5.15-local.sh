#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KUnit suites and the mana.ko load/unload check on a locally built 5.15 kernel (native KUnit).
# Debian packages no 5.15 kernel, so CI skips this step; locally point MANA_K515_TREE at a
# built 5.15 tree with CONFIG_KUNIT=m (bzImage, modules, Module.symvers). Nothing is built
# here: the tree's modules are only installed into $MANA_CACHE/k515-root.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/common.sh"
tree=${MANA_K515_TREE:-}
if [ -z "$tree" ]; then
	mana_skip "kunit 5.15 (no local 5.15 kernel: Debian has none; set MANA_K515_TREE=<built 5.15 tree> to run)"
	exit 0
fi
for f in arch/x86/boot/bzImage Module.symvers include/config/kernel.release; do
	[ -f "$tree/$f" ] || { mana_fail "kunit 5.15: $tree/$f missing (MANA_K515_TREE must be a built tree)"; exit 1; }
done
grep -q '^CONFIG_KUNIT=m' "$tree/.config" || { mana_fail "kunit 5.15: $tree has no CONFIG_KUNIT=m"; exit 1; }
kver=$(cat "$tree/include/config/kernel.release")
root=$MANA_CACHE/k515-root
if [ ! -f "$root/lib/modules/$kver/modules.dep" ] || [ "$tree/Module.symvers" -nt "$root/lib/modules/$kver/modules.dep" ]; then
	make -s -C "$tree" modules_install INSTALL_MOD_PATH="$root" INSTALL_MOD_STRIP=1 > /dev/null ||
		{ mana_fail "kunit 5.15: modules_install from $tree"; exit 1; }
fi
KDIR=$tree VMLINUZ=$tree/arch/x86/boot/bzImage MODROOT=$root exec "$here/../kunit/run.sh" "$kver"
