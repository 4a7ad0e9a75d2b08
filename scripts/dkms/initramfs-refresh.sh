#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Refresh the initramfs of one kernel when it carries a MANA module, so that early boot
# loads the same mana.ko / mana_ib.ko as the root file system (our DKMS copy after an
# install, the in-tree copy again after a removal).
#
# Usage: initramfs-refresh.sh KVER
# It never fails the caller: every problem is reported and the script exits 0, because it
# runs inside DKMS hooks and dpkg maintainer scripts.
#
# Environment (tests): MANA_BOOT_DIR (default /boot), MANA_NO_INITRAMFS=1 to skip.
kver=${1:-}
boot=${MANA_BOOT_DIR:-/boot}
say() { echo "mana-backport: $*"; }

[ -n "$kver" ] || { say "initramfs-refresh: no kernel given, nothing done"; exit 0; }
if [ "${MANA_NO_INITRAMFS:-0}" = 1 ]; then
	say "initramfs for $kver not checked (MANA_NO_INITRAMFS=1)"
	exit 0
fi

# The initramfs generators resolve modules through modules.dep; DKMS runs depmod only
# after this hook, so bring modules.dep up to date first.
if [ -d "/lib/modules/$kver" ] && command -v depmod >/dev/null 2>&1; then
	depmod -a "$kver" 2>/dev/null || say "depmod -a $kver failed; the initramfs may pick a stale module"
fi

has_mana() { # $1 = file listing of an initramfs
	grep -Eq '(^|/)mana(_ib)?\.ko(\.(xz|zst|gz))?$' "$1"
}

list=$(mktemp) || exit 0
trap 'rm -f "$list"' EXIT

if [ -e "$boot/initrd.img-$kver" ] && command -v lsinitramfs >/dev/null 2>&1; then
	img=$boot/initrd.img-$kver
	if ! lsinitramfs "$img" > "$list" 2>/dev/null; then
		say "could not list $img; not refreshed"
	elif has_mana "$list"; then
		say "$img carries a mana module: running update-initramfs -u -k $kver"
		update-initramfs -u -k "$kver" ||
			say "update-initramfs failed for $kver; run it by hand: update-initramfs -u -k $kver"
	else
		say "$img does not carry mana; not refreshed (mana loads from the root file system)"
	fi
elif [ -e "$boot/initramfs-$kver.img" ] && command -v lsinitrd >/dev/null 2>&1; then
	img=$boot/initramfs-$kver.img
	if ! lsinitrd "$img" > "$list" 2>/dev/null; then
		say "could not list $img; not refreshed"
	elif grep -Eq '/mana(_ib)?\.ko' "$list"; then
		say "$img carries a mana module: running dracut -f --kver $kver"
		dracut -f --kver "$kver" ||
			say "dracut failed for $kver; run it by hand: dracut -f --kver $kver"
	else
		say "$img does not carry mana; not refreshed (mana loads from the root file system)"
	fi
else
	say "no initramfs found for $kver under $boot; nothing to refresh"
fi
exit 0
