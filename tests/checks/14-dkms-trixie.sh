#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The same DKMS cycle as 13-dkms.sh with Debian 13's DKMS 3.2, against the
# trixie-backports 7.3 cloud headers, inside the trixie build chroot (the one the
# 7.3 builds use; see scripts/lib/kbuild-env.sh). Checks that dkms.conf is valid for
# DKMS 3.2 and that the override works there (xz-compressed in-tree modules).
# Nothing outside the chroot is changed.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"
. "$top/tests/compat/kernels.sh"

kdir=$(mana_ref_kdir 7.3) || { mana_fail "dkms 3.2: cannot get the 7.3 headers"; exit 1; }
eval "$("$top/tests/lib/fetch-kernel.sh" --suite trixie-backports linux-image-cloud-amd64)" ||
	{ mana_fail "dkms 3.2: cannot fetch the 7.3 image"; exit 1; }
kver=$(mana_kernel_release "$kdir")
mana_ensure_trixie_root || { mana_fail "dkms 3.2: no trixie chroot"; exit 1; }
root=$(mana_trixie_root)
if ! chroot "$root" dpkg-query -W -f='${Status}' dkms 2>/dev/null | grep -q 'ok installed'; then
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		sh -c 'apt-get -q update && apt-get -y -q install --no-install-recommends dkms kmod rsync openssl xz-utils' \
		> "$MANA_CACHE/toolchains/dkms-install.log" 2>&1 ||
		{ mana_fail "dkms 3.2: apt-get install dkms in the chroot failed ($MANA_CACHE/toolchains/dkms-install.log)"; exit 1; }
fi
# The kernel's build dir where DKMS and the headers' own Makefile expect it.
mkdir -p "$root/lib/modules/$kver" "$root/usr/src"
ln -sfn "$kdir" "$root/lib/modules/$kver/build"
ln -sfn "$kdir" "$root/usr/src/linux-headers-$kver"
trap 'rm -rf "${root:?}/lib/modules/$kver" "$root/usr/src/linux-headers-$kver"' EXIT
MANA_KB_MODE=trixie MANA_KB_BIND="$MODROOT" \
	mana_with_lock dkms-trixie mana_kb_run "$kdir" bash "$top/tests/checks/13-dkms.sh" --cycle "$kver" "$MODROOT/lib/modules/$kver" "dkms 3.2 (trixie)"
