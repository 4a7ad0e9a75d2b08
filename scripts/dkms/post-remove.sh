#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DKMS POST_REMOVE hook of mana-backport (runs after our modules were deleted from
# /lib/modules/KVER/updates/dkms, before DKMS runs depmod).
#
# Usage (dkms.conf): POST_REMOVE="scripts/dkms/post-remove.sh ${kernelver}"
# Refreshes the initramfs when it carries a mana module, so that early boot goes back to
# the in-tree driver. Always exits 0.
kver=${1:-${kernelver:-$(uname -r)}}
here=$(cd "$(dirname "$0")" && pwd)
echo "mana-backport: removed from $kver; in-tree mana (if the kernel has one) is used again"
"$here/initramfs-refresh.sh" "$kver"
exit 0
